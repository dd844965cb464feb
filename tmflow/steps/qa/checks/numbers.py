"""Numbers as translators write them: is every number of the source in the translation?

A number of the source (written in digits) is looked for in the translation in every form a
translator may give it:

* digit grouping and decimal marks of the target locale (CLDR data through Babel: ``1,000``
  is ``1 000`` in French, ``1.000`` in German, ``١٬٠٠٠`` in Arabic), the digits of other
  scripts (Arabic-Indic, Persian, Devanagari, Bengali, Thai…);
* number words of the target language, cardinal and ordinal, in their inflected forms where
  the language inflects them (``num2words`` gives the words of az ar de en es fr it ru tr uk
  and many more; Russian and Ukrainian with their cases; Arabic with its prefixes and the
  oblique ``-ين``; Turkic languages with their suffix chains);
* scale words and their abbreviations (``380,000`` → ``380 тысяч``, ``2.4 billion`` →
  ``2,4 Mrd.``, ``$5m`` → ``5 млн``), one and a half (``полтора``);
* Roman numerals (``19th century`` → ``XIXe siècle``, ``Elizabeth II``);
* 12- and 24-hour times (``8:30 p.m.`` → ``20:30``, ``20.30``, ``20h30``), four-digit times
  (``0230 UTC`` → ``02:30``), decades (``1980s`` → ``80-х``), shortened ranges (``1950-53`` →
  ``1950 bis 1953``).

Digits inside URLs, e-mail addresses, Markdown link targets and format placeholders are left to
the checks of those (one mistake, one finding).

What is reported:

* a source number found in no form while the translation has a number close to it (a digit
  changed, two digits swapped, a magnitude off): *changed*, an error;
* a source number found in no form: *missing*, an error;
* a source number with an imperial unit whose metric conversion is in the translation
  (``40 miles`` → ``65 km``, within rounding), or a metric figure added next to it: a note
  (``numbers-converted``, info); a near figure of a unit the translation converts
  (``10 degrees`` → ``12`` next to ``80 degrees`` → ``27``): a warning
  (``numbers-uncertain``), as is a number of the translation that is in no form in the
  source (a translator may add a year or a century);
* a source number dropped beside an imperial unit the translation kept (``10 inches`` →
  ``بوصات``, no figure left): *missing*, an error;
* a quantity a language may say with one word (``100 years`` → ``un siècle``, ``24 hours``
  → ``сутки``, ``3-tuple`` → ``triplet``) where the translation has the word, a ``0`` said
  with a word (``division by 0`` → ``dělení nulou``), an ordinal in a language whose ordinal
  words num2words lacks (Czech, Slovak), a school grade (``1st Grade`` → ``CP``), a game
  clock given as the minute of play (``27:37`` → ``in der 28. Minute``): warnings;
* digit groups of a number written last-first in a right-to-left translation (``0800 555
  111`` → ``111 555 0800``, the order that displays as the source's): the same number.

The text is read once, by patterns that cannot backtrack, so the time grows with its length;
the comparison of the numbers left over after exact matches is bounded.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any

__all__ = ["compare_numbers", "Mention", "mentions"]

# the zeros of the decimal digits of other scripts: Arabic-Indic, Persian, N'Ko, Devanagari,
# Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala, Thai, Lao,
# Tibetan, Myanmar, Khmer, Mongolian, full-width: read as ASCII digits
_DIGIT_ZEROS = (
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
    0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10,
)  # fmt: skip
_NATIVE_DIGITS = str.maketrans({chr(zero + i): str(i) for zero in _DIGIT_ZEROS for i in range(10)})
# any digit of another script (``str.translate`` with ``_NATIVE_DIGITS`` is slow on long
# non-ASCII texts: it is skipped where this finds nothing)
_NATIVE_DIGIT_RE = re.compile(
    "[" + "".join(f"{chr(zero)}-{chr(zero + 9)}" for zero in _DIGIT_ZEROS) + "]"
)
_MAX_DIGITS = 30  # longer digit runs are compared as text, never as values
_RESIDUAL_MAX = 60  # left-over numbers compared pairwise at most (more: exact only)

# spans whose digits are another check's business, blanked before numbers are read
_SKIP_RE = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'«»“”]+"
    r"|\bwww\.[^\s<>\"'«»“”]+"
    r"|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)*+"
    r"|\]\([^)\s]*\)?"  # Markdown link target
    r"|%\d+\$[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]"  # positional printf argument
    r"|\{\d+(?:[,:][^{}]{0,20})?\}"  # {0} {0:N2}
    r"|\u27e6[^\u27e6\u27e7]{0,200}\u27e7"  # masked token
)

# a digit run, its groups joined by separators (a space only before a group of exactly three)
# format directives, where an entry has a format: "%08x", "%.2f", "%1" (Qt, KDE)
_DIRECTIVE_RE = re.compile(r"%(?:L?[1-9]\d?(?!\d)|[-+ #0']*\d*(?:\.\d+)?[hlLqjzt]*[a-zA-Z])")
_DIGIT_TOKEN_RE = re.compile(
    r"\d+(?:(?:[.,\u066b\u066c\u060c'’:]|[ \u00a0\u202f\u2009](?=\d{3}(?!\d)))\d+)*"
)
# a word, with the apostrophes some languages write inside words ("дев'ять") and hyphens
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*(?:[-‐][^\W\d_]+(?:['’ʼ][^\W\d_]+)*)*")
# a Roman numeral, alone or with an ordinal ending ("XIXe", "XVIIIe", "II.", "XXI-й")
_ROMAN_RE = re.compile(
    r"(?<![^\W\d_])([IVXLCDM]+)(?:e|er|ère|ème|es|o|a|º|ª|-?[а-яіє]{1,3})?(?![^\W\d_])"
)
_VALID_ROMAN_RE = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_AMPM_RE = re.compile(r"\s?([ap])\.?\s?m\b\.?", re.IGNORECASE)
_H_TIME_RE = re.compile(r"\s?h\s?(\d\d)?(?!\w)")
_DECADE_RE = re.compile(r"['’]?s\b")
_RANGE_BEFORE_RE = re.compile(r"(\d{4})\s?[-–—/]\s?$")
_SCALE_LOOKAHEAD_RE = re.compile(r"[\s\u00a0\u202f]?(?:[-‐]?)([^\W\d_]+)\.?")

# imperial units of a source and what they become (factor, or a formula for temperatures)
_UNITS: dict[str, float] = {
    "mile": 1.609344,
    "miles": 1.609344,
    "mi": 1.609344,
    "mph": 1.609344,
    "foot": 0.3048,
    "feet": 0.3048,
    "ft": 0.3048,
    "inch": 2.54,
    "inches": 2.54,
    "yard": 0.9144,
    "yards": 0.9144,
    "pound": 0.45359237,
    "pounds": 0.45359237,
    "lb": 0.45359237,
    "lbs": 0.45359237,
    "ounce": 28.3495,
    "ounces": 28.3495,
    "oz": 28.3495,
    "gallon": 3.78541,
    "gallons": 3.78541,
    "acre": 0.404686,
    "acres": 0.404686,
    "ton": 0.907185,
    "tons": 0.907185,
    "knots": 1.852,
    "degree": -1.0,
    "°f": -1.0,
    "f": -1.0,
    "fahrenheit": -1.0,
    "degrees": -1.0,
}
_UNIT_RE = re.compile(r"[\s\u00a0-]?(°\s?F\b|[^\W\d_]+)", re.IGNORECASE)

# scale words of a language that num2words does not give (abbreviations, short forms)
_SCALE_EXTRA: dict[str, dict[str, int]] = {
    "en": {"k": 3, "m": 6, "mn": 6, "mln": 6, "bn": 9, "b": 9, "tn": 12, "trn": 12},
    "ru": {"тыс": 3, "млн": 6, "млрд": 9, "трлн": 12},
    "uk": {"тис": 3, "млн": 6, "млрд": 9, "трлн": 12},
    "de": {"tsd": 3, "mio": 6, "mrd": 9, "bio": 12},
    "fr": {"k": 3, "m": 6, "md": 9, "mds": 9, "mrd": 9, "mrds": 9},
    "es": {"mil": 3, "m": 6, "mill": 6, "mm": 9, "bn": 9},
    "it": {"mila": 3, "mln": 6, "mld": 9, "mrd": 9},
    "tr": {"bin": 3, "milyon": 6, "milyar": 9, "mn": 6, "mr": 9, "mlr": 9, "trilyon": 12},
    "az": {"min": 3, "milyon": 6, "milyard": 9, "mln": 6, "mlrd": 9, "trilyon": 12},
    "ar": {
        "ألف": 3,
        "آلاف": 3,
        "ألفاً": 3,
        "مليون": 6,
        "ملايين": 6,
        "مليوناً": 6,
        "مليار": 9,
        "مليارات": 9,
        "ملياراً": 9,
        "بليون": 9,
    },
}
# one and a half (and a half), per language
_HALVES: dict[str, dict[str, str]] = {
    "ru": {"полтора": "1.5", "полторы": "1.5", "полутора": "1.5", "полстолетия": "50"},
    "uk": {"півтора": "1.5", "півтори": "1.5", "півтораста": "150"},
    "de": {"anderthalb": "1.5", "eineinhalb": "1.5", "zweieinhalb": "2.5", "halbe": "0.5"},
    "tr": {"buçuk": "+0.5", "yarım": "0.5"},
    "az": {"yarım": "+0.5"},
    "fr": {"demi": "+0.5", "demie": "+0.5"},
    "es": {"medio": "+0.5", "media": "+0.5"},
    "ar": {"نصف": "+0.5", "ونصف": "+0.5"},
    "it": {"mezzo": "+0.5", "mezza": "+0.5"},
    "en": {"half": "0.5", "dozen": "12"},
}
# number words num2words does not give (feminine forms, short forms, Arabic teens)
_WORDS_EXTRA: dict[str, dict[str, int]] = {
    "de": {"eins": 1, "hundert": 100},
    "es": {
        "primer": 1,
        "tercer": 3,
        "undécimo": 11,
        "duodécimo": 12,
        "decimotercero": 13,
        "decimocuarto": 14,
        "decimoquinto": 15,
        "decimosexto": 16,
        "decimoséptimo": 17,
        "decimoctavo": 18,
        "decimonoveno": 19,
        "centésimo": 100,
        "milésimo": 1000,
    },
    "ru": {"тысячный": 1000, "сотый": 100},
    "ar": {
        "عشر": 10,
        "عشره": 10,
        "ثمان": 8,
        "ثماني": 8,
        "حادي": 1,
        "احدى": 1,
        "احدي": 1,
        "اثنتا": 2,
        "اثنتي": 2,
        "اول": 1,
        "اولي": 1,
        "ثان": 2,
        "مئه": 100,
        "مئتين": 200,
        "مئتان": 200,
        "الفين": 2000,
        "الفان": 2000,
        "مليونين": 2000000,
        "مليونان": 2000000,
        "مليوني": 2000000,
        "مليارين": 2000000000,
        "اثنا": 2,
        "احد": 1,
    },
    "tr": {"ilk": 1},
    "az": {"ilk": 1},
    # French "second(e)" is the ordinal 2, "tiers/tierce" the 3rd ("3rd party" → "tierce")
    "fr": {"millième": 1000, "centième": 100, "second": 2, "seconde": 2, "tierce": 3},
    # the oblique cases of 2-10 (num2words gives the nominative): "násobek čtyř"
    "cs": {
        "dvou": 2,
        "dvěma": 2,
        "dvě": 2,
        "tří": 3,
        "třem": 3,
        "třemi": 3,
        "čtyř": 4,
        "čtyřem": 4,
        "čtyřmi": 4,
        "pěti": 5,
        "šesti": 6,
        "sedmi": 7,
        "osmi": 8,
        "devíti": 9,
        "deseti": 10,
    },
    "sk": {
        "dvoch": 2,
        "dvom": 2,
        "dvoma": 2,
        "dve": 2,
        "troch": 3,
        "trom": 3,
        "tromi": 3,
        "štyroch": 4,
        "štyrom": 4,
        "štyrmi": 4,
        "piatich": 5,
        "šiestich": 6,
        "siedmich": 7,
        "ôsmich": 8,
        "deviatich": 9,
        "desiatich": 10,
    },
    "pl": {
        "dwóch": 2,
        "dwu": 2,
        "dwom": 2,
        "dwóm": 2,
        "dwoma": 2,
        "dwie": 2,
        "trzech": 3,
        "trzem": 3,
        "trzema": 3,
        "czterech": 4,
        "czterem": 4,
        "czterema": 4,
        "pięciu": 5,
        "sześciu": 6,
        "siedmiu": 7,
        "ośmiu": 8,
        "dziewięciu": 9,
        "dziesięciu": 10,
    },
    # Korean native numbers, said before counters ("한 개", "두 번째"; num2words gives the
    # Sino-Korean ones), and "첫" (first)
    "ko": {
        "하나": 1,
        "한": 1,
        "첫": 1,
        "둘": 2,
        "두": 2,
        "셋": 3,
        "세": 3,
        "석": 3,
        "넷": 4,
        "네": 4,
        "넉": 4,
        "다섯": 5,
        "여섯": 6,
        "일곱": 7,
        "여덟": 8,
        "아홉": 9,
        "열": 10,
        "스물": 20,
        "스무": 20,
    },
}
# words that look like number words but are not numbers ("yüzde" is "per cent")
# (nor are words that double as the indefinite article: "bir", "un", "ein"; a source "1" that
# is not found is a warning anyway)
_NOT_NUMBERS: dict[str, frozenset[str]] = {
    "tr": frozenset({"yüzde", "onlar", "bire", "bir"}),
    "az": frozenset({"faiz", "onlar", "bir"}),
    "fr": frozenset({"neuve", "neuves", "neufs", "un", "une"}),
    "es": frozenset({"un", "una", "uno"}),
    "it": frozenset({"un", "una", "uno"}),
    "de": frozenset({"ein", "eine", "einer", "einem", "einen", "eines"}),
    "en": frozenset({"one", "a"}),
    # "بالمائة", "بالمئة": per cent ("per hundred"), never a hundred of something
    "ar": frozenset({"بالمائه", "بالمئه"}),
}
# endings that inflected number words take, per language (stripped to find the word)
_ENDINGS: dict[str, tuple[str, ...]] = {
    "ru": tuple(
        "ого его ому ему ыми ими ых их ым им ой ей ом ем ую юю ая яя ое ее ые ие ый ий "
        "ти ью ми ёх ех ух а я у ю е и ы й ь".split()
    ),
    "uk": tuple(
        "ого ому ими ій ої ою ім им их ий ою ах ям ами ти ох ьох а я у ю е і и й ь".split()
    ),
    "de": ("ern", "en", "er", "es", "em", "e", "s", "n"),
    "fr": ("aines", "aine", "s"),
    "es": ("os", "as", "o", "a", "s"),
    "it": ("i", "e", "a", "o"),
}
_TURKIC_SUFFIX_RE = re.compile(
    r"(?:ken|[dt][ıiuü]|l[ıiuü]k|l[aeə]r|[ıiuüə]?n[ıiuü]n|[ıiuü]?nc[ıiuü]|[ıiuü]nc[ıiuü]|[dt][aeə]n?|[ıiuü]?n[dt][aeə]n?"
    r"|[sy]?[ıiuü]|n?[aeə]|[dt][ıiuü]r|[ıiuü]?m[ıiuü]z|l[ıiuü]k|ki|c[ıiuü]|ç[ıiuü]|y[aeə]|l[aeə])"
    r"{1,4}"
)
_ARABIC_PREFIXES = ("وال", "بال", "لل", "فال", "كال", "ال", "و", "ب", "ل", "ف", "ك")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_ARABIC_MARKS_RE = re.compile("[\u064b-\u065f\u0670\u0640]")


def _base(language: str) -> str:
    return language.split("_")[0].split("@")[0].split("-")[0].lower()


# ---------------------------------------------------------------------------------------------
# values


def _canon(number: Decimal) -> str:
    """A canonical text of a value: no exponent, no trailing zeros."""
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def _value(digits: str) -> str:
    """The canonical value of a run of ASCII digits with at most one '.' (decimal mark)."""
    whole, _, frac = digits.partition(".")
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def _scaled(value: str, power: int) -> str | None:
    if len(value) > _MAX_DIGITS:
        return None
    try:
        return _canon(Decimal(value).scaleb(power))
    except InvalidOperation:
        return None


@dataclass(eq=False)
class Mention:
    """A number in a text: what it says (``text``, where) and every value it may stand for."""

    text: str
    start: int
    values: set[str] = field(default_factory=set[str])
    unit: str | None = None  # an imperial unit after it (source side)
    soft: bool = False  # a number a translation may leave out (part of a name, one or two)
    equivalent: bool = False  # in brackets after another number: "(190 miles)"
    counted: bool = False  # followed by a word it counts ("2 passengers", "1 cent")
    decade: bool = False  # a decade of two digits: "the 80s"

    @property
    def primary(self) -> str:
        return min(self.values, key=lambda v: (not v[:1].isdigit(), len(v), v))


# ---------------------------------------------------------------------------------------------
# language facts


@dataclass(frozen=True)
class _Facts:
    group: frozenset[str]  # the locale's digit-group marks (a space is always one)
    decimal: frozenset[str]  # its decimal marks
    words: dict[str, int]  # number word (cardinal or ordinal, folded) → value
    scales: dict[str, int]  # scale word → power of ten
    halves: dict[str, str]
    loose_decimal: frozenset[str] = frozenset()  # marks written as decimal marks in practice
    articles: dict[str, int] = field(default_factory=dict[str, int])  # "un", "bir": 1 mid-number


def _fold(word: str, base: str) -> str:
    if base in ("tr", "az"):
        word = word.replace("I", "ı").replace("İ", "i")
    word = word.lower()
    if base in ("ar", "fa", "ur"):
        word = _ARABIC_MARKS_RE.sub("", word).translate(_ARABIC_FOLD)
    return word.replace("ё", "е").replace("’", "'").replace("ʼ", "'")


def _num2words_forms(base: str) -> tuple[dict[str, int], dict[str, int]]:
    """Number words and scale words of a language from num2words (empty when it has none)."""
    try:
        from num2words import num2words
    except ImportError:  # pragma: no cover - a dependency
        return {}, {}
    words: dict[str, int] = {}
    scales: dict[str, int] = {}

    def say(n: int, **kwargs: str) -> list[str]:
        try:
            text = num2words(n, lang=base, **kwargs)
        except (
            NotImplementedError,
            KeyError,
            TypeError,
            ValueError,
            OverflowError,
            AttributeError,
        ):
            return []
        return [_fold(w, base) for w in _WORD_RE.findall(text.replace("-", " ").replace("’", "'"))]

    probe = say(7)
    if not probe:
        return {}, {}
    multi: list[tuple[int, list[str]]] = []
    small = list(range(21)) + list(range(30, 100, 10)) + list(range(100, 1000, 100))
    for n in range(1000):
        tokens = say(n)
        if len(tokens) == 1:
            words.setdefault(tokens[0], n)
        elif tokens:
            multi.append((n, tokens))
    inflected = base in ("ru", "uk")
    cases = ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional")
    for n in small:
        variants = [say(n)]
        if inflected:
            for case in cases:
                for gender in ("m", "f", "n"):
                    variants.append(say(n, case=case, gender=gender))
        for tokens in variants:
            if len(tokens) == 1:
                words.setdefault(tokens[0], n)
    for n in range(1, 101):
        for tokens in (say(n, to="ordinal"),):
            if tokens:
                if len(tokens) == 1:
                    words.setdefault(tokens[0], n)
                else:
                    words.setdefault("\x00".join(tokens), n)
    for power in (3, 6, 9, 12):
        for k in (1, 2, 3, 5, 11, 21):
            tokens = say(k * 10**power)
            # the scale word: what num2words writes for one thousand (million…), or last
            # after another word ("deux mille"); "zweitausend", "üçbin" are compounds
            if tokens and (k == 1 or len(tokens) >= 2):
                last = tokens[-1]
                compound = k == 1 and any(
                    last.startswith(w) and len(last) > len(w) for w in words if len(w) >= 2
                )
                if not compound and (last not in words or words[last] == 10**power):
                    scales.setdefault(last, power)
    # a word that num2words writes only beside others ("ciento" in "ciento uno", Ukrainian
    # "дві" in "дві тисячі"): its value is what the others leave over
    for k in range(2, 10):
        for power in (3, 6):
            tokens = say(k * 10**power)
            if len(tokens) == 2 and tokens[1] in scales and tokens[0] not in words:
                words[tokens[0]] = k
    for n, tokens in multi:
        unknown = [t for t in tokens if t not in words]
        if len(unknown) == 1 and unknown[0] not in scales:
            rest = n - sum(words[t] for t in tokens if t in words)
            if 0 < rest < 1000 and (rest % 100 == 0 or rest < 20):
                words.setdefault(unknown[0], rest)
    if base == "de":
        # ordinal stems head compounds: "siebtgrößte", "zweitlängste"
        for word, value in list(words.items()):
            if word.endswith("te") and len(word) >= 6 and value < 100:
                words.setdefault(word[:-1], value)
        scales.update(
            {
                "tausend": 3,
                "million": 6,
                "millionen": 6,
                "milliarde": 9,
                "milliarden": 9,
                "billion": 12,
                "billionen": 12,
            }
        )
    return words, scales


@cache
def _facts(language: str) -> _Facts:
    base = _base(language)
    group = {" ", "\u00a0", "\u202f", "\u2009"}
    decimal: set[str] = set()
    try:
        from babel import Locale, UnknownLocaleError
        from babel.numbers import get_decimal_symbol, get_group_symbol

        try:
            locale = Locale.parse(language.split("@")[0])
        except (UnknownLocaleError, ValueError):
            try:
                locale = Locale.parse(base)
            except (UnknownLocaleError, ValueError):
                locale = Locale.parse("en")  # a language CLDR does not know
        systems = {locale.default_numbering_system, "latn"}
        if base in ("ar", "fa", "ur", "ps"):
            systems.add("arab")
        for system in systems:
            group.add(get_group_symbol(locale, numbering_system=system))
            decimal.add(get_decimal_symbol(locale, numbering_system=system))
    except (ImportError, ValueError, KeyError):  # an unknown locale: the English marks
        group.add(",")
        decimal.add(".")
    group.add("'")  # Swiss and some Arabic texts
    group.add("\u066c")  # the Arabic thousands separator, whatever the language
    decimal.add("\u066b")  # and the Arabic decimal separator
    if base in ("ar", "fa", "ur"):
        group.add("\u060c")  # the Arabic comma, written for a digit-group mark
    group.add("’")
    words, scales = _num2words_forms(base)
    for word, power in _SCALE_EXTRA.get(base, {}).items():
        scales[_fold(word, base)] = power
    for word, value in _WORDS_EXTRA.get(base, {}).items():
        words.setdefault(_fold(word, base), value)
    articles: dict[str, int] = {}
    for word in _NOT_NUMBERS.get(base, ()):
        if word in words:
            value = words.pop(word)
            if value < 10:
                articles[word] = value
    for word in scales:
        words.pop(word, None)
    return _Facts(
        frozenset(group - decimal),
        frozenset(decimal),
        words,
        scales,
        _HALVES.get(base, {}),
        frozenset({",", "\u060c"}) if base in ("ar", "fa", "ur") else frozenset(),
        articles,
    )


def _word_value(word: str, base: str, facts: _Facts) -> int | None:
    """The value of a (folded) number word of ``base``, inflected or not; None if it is none."""
    words = facts.words
    value = words.get(word)
    if value is not None:
        return value
    if len(word) > 40:
        return None
    if base in ("ar", "fa"):
        if word in _NOT_NUMBERS.get(base, ()):
            return None
        stems = [word] + [
            word[len(p) :]
            for p in _ARABIC_PREFIXES
            if word.startswith(p) and len(word) - len(p) >= 2
        ]
        for stem in stems:
            forms = [stem]
            if stem.endswith("ه"):
                forms.append(stem[:-1])  # a feminine ordinal: "السابعة"
            else:
                forms.append(stem + "ه")  # a cardinal's other gender: "خمس", "الخمس"
            if stem.endswith("ين"):
                forms += [stem[:-2] + "ون", stem[:-2] + "ان", stem[:-2] + "ون"]
            if stem.endswith("ينيات"):
                forms.append(stem[:-5] + "ون")  # a decade: "الثمانينيات"
            elif stem.endswith("ينات"):
                forms.append(stem[:-4] + "ون")
            if stem.endswith("ا"):
                forms.append(stem[:-1])  # the accusative "مليونا", "الفا"
            for form in forms:
                if form in words:
                    return words[form]
        return None
    if base in _NOT_NUMBERS and word in _NOT_NUMBERS[base]:
        return None
    if base in ("tr", "az"):
        for cut in range(2, min(len(word), 14)):
            stem, rest = word[:cut], word[cut:]
            if stem in words and _TURKIC_SUFFIX_RE.fullmatch(rest):
                return words[stem]
            # a consonant softened before a vowel: "dördü", "yedisi"
        return None
    endings = _ENDINGS.get(base)
    if endings:
        for ending in endings:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                stem = word[: -len(ending)]
                if stem in words:
                    return words[stem]
                for other in endings:
                    if stem + other in words:
                        return words[stem + other]
                if base == "fr" and ending.startswith("aine"):
                    # "vingtaine", "trentaine", "dizaine", "douzaine": about so many
                    for form in (stem + "e", stem.replace("z", "x"), stem[:-1] + "e"):
                        if form in words:
                            return words[form]
    if base in ("de", "it", "nl", "sv", "da", "nb", "tr"):
        value = _compound_value(word, facts)
        if value is not None:
            return value
    if base in ("de", "ru", "uk", "nl", "sv", "da", "nb"):
        # a number word at the head of a compound: "achtmal", "Neunzigfache",
        # "четырёхмесячные"
        shortest = 3 if base in ("ru", "uk") else 4
        for cut in range(min(len(word) - 3, 16), shortest - 1, -1):
            head = word[:cut]
            if head in words and len(word) - cut >= (3 if cut >= 4 else 5):
                return words[head]
    return None


@lru_cache(maxsize=200_000)
def _cached_word_value(word: str, language: str) -> int | None:
    """``_word_value`` of a folded word, remembered (the words of a language repeat)."""
    return _word_value(word, _base(language), _facts(language))


@lru_cache(maxsize=100_000)
def _cached_scale_form(word: str, language: str) -> int | None:
    return _scale_form(word, _facts(language).scales, _base(language))


@lru_cache(maxsize=100_000)
def _cached_split(word: str, language: str) -> tuple[str, ...] | None:
    parts = _split_compound(word, _facts(language))
    return tuple(parts) if parts else None


def _compound_value(word: str, facts: _Facts) -> int | None:
    """A number written as one word around a scale word ("dreihundertachtzigtausend")."""
    if len(word) > 60:
        return None
    for scale, power in facts.scales.items():
        if len(scale) < 4:
            continue
        at = word.find(scale)
        if at < 0:
            continue
        left, right = word[:at], word[at + len(scale) :]
        lv: int | None = 1 if not left else facts.words.get(left)
        rv: int | None = 0 if not right else facts.words.get(right)
        if lv is not None and rv is not None:
            return int(lv * 10**power + rv)
    return None


def _roman(text: str) -> int | None:
    if not text or not _VALID_ROMAN_RE.fullmatch(text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


# ---------------------------------------------------------------------------------------------
# reading the numbers of a text


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _prepare(text: str, qt: bool = False) -> str:
    """The text with the digits of other scripts as ASCII ones, and what is not a number blanked:
    URLs, e-mail addresses, link targets, placeholders; with ``qt``, format directives
    (``%08x``, ``%1``) of an entry that has a format."""
    if not text.isascii() and _NATIVE_DIGIT_RE.search(text) is not None:
        text = text.translate(_NATIVE_DIGITS)
    if (
        "/" in text
        or "@" in text
        or "www." in text
        or "%" in text
        or "{" in text
        or "\u27e6" in text
    ):
        text = _SKIP_RE.sub(_blank, text)
        if qt and "%" in text:
            text = _DIRECTIVE_RE.sub(_blank, text)
    return text


def _readings(token: str, facts: _Facts) -> list[list[str]]:
    """The ways of reading a digit token: each a list of values (one number, or several
    numbers when the marks cannot group them: a date "25.12.2009")."""
    parts = re.split(r"([^\d])", token)
    groups = parts[0::2]
    marks = parts[1::2]
    if not marks:
        return [[_value(token)]]
    out: list[list[str]] = []
    # a mark groups digits where the locale says so or does not use it as its decimal mark;
    # it is a decimal mark where the locale says so or does not use it to group digits
    group_marks = facts.group | ({",", "."} - facts.decimal)
    decimal_marks = facts.decimal | ({",", "."} - facts.group)
    # all marks group digits: "1,000,000", "1 000", "1.000"
    if (
        len(set(marks)) == 1
        and marks[0] != ":"
        and len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
        and marks[0] in group_marks
    ):
        out.append([_value("".join(groups))])
    # the last mark is a decimal mark, the others group: "1,234.5", "1.234,5", "3,14"
    last = marks[-1]
    if last in (".", ",", "\u066b") and last not in marks[:-1]:
        head = groups[:-1]
        if len(head) == 1 or (
            len(set(marks[:-1])) == 1 and len(head[0]) <= 3 and all(len(g) == 3 for g in head[1:])
        ):
            if last in decimal_marks or last == "\u066b":
                out.append([_value("".join(head) + "." + groups[-1])])
                if len(head) == 1 and groups[-1] == "000" and len(head[0]) <= 3:
                    # "150.000" read with a decimal point would be 150: written for 150,000
                    out.append([_value(head[0] + "000")])
    if not out and len(marks) == 1 and (last in decimal_marks or last in facts.loose_decimal):
        # one mark that cannot group digits: a decimal mark whatever the locale ("6,34" in
        # an Arabic text, "2.3" in a Turkish one)
        out.append([_value(groups[0] + "." + groups[1])])
    if not out:
        out.append([_value(g) for g in groups if g])
    return out


def mentions(
    text: str,
    language: str,
    *,
    source: bool = False,
    words: bool = True,
    qt: bool = False,
    known: dict[str, set[str]] | None = None,
    split: dict[str, list[str]] | None = None,
) -> list[Mention]:
    """The numbers of ``text`` in ``language``: digits (with their scale words, times,
    decades, ranges), and for a translation (``words``) also number words and Roman numerals.
    ``qt``: the entry has a format: ``%08x`` and ``%1`` are directives, not numbers; ``known``: the
    values of the source's tokens by their text (a token of a translation written exactly as
    in the source means what it means there: "802.11", or "6,387" kept in a Turkish text);
    ``split``: the tokens of the source read as several numbers ("255.255.255.0", "1,6"), and
    their values, filled for a source and read for a translation."""
    base = _base(language)
    facts = _facts(language)
    if not source and _SUPERSCRIPT_RE.search(text):
        text = _SUPERSCRIPT_RE.sub(_exponent, text)
    text = _prepare(text, qt)
    out: list[Mention] = []
    pos = 0
    while True:
        match = _DIGIT_TOKEN_RE.search(text, pos)
        if match is None:
            break
        token = match.group(0).rstrip(".,:'’ \u00a0\u202f\u2009\u060c")
        start = match.start()
        pos = match.end()
        if len(token) > _MAX_DIGITS * 2:
            out.append(Mention(token, start, {"#" + token}))
            continue
        # digits glued to letters are part of a name or a code ("km2", "COVID-19", "A320",
        # "4x4", "247sports"): a translation may say them otherwise
        before = text[start - 2 : start] if start >= 2 else text[:start]
        glued = bool(before) and (
            before[-1:].isalpha() or (before[-1:] in "-‐" and before[:1].isalpha())
        )
        if glued:
            # a code does not group digits with the number after it ("mm2 864")
            cut = next((i for i, c in enumerate(token) if c in _SPACES), None)
            if cut is not None:
                token = token[:cut]
                pos = start + cut
        after = start + len(token)
        tail = text[after : after + 24]
        if not glued and tail[:1] in "xX×" and tail[1:2].isdigit():
            glued = True
        if not glued and (_GLUED_AFTER_RE.match(tail) or _CODE_AFTER_RE.match(tail)):
            glued = True
        if (
            not glued
            and len(token) == 2
            and "-" in text[start - 1 : start + 3]
            and _ISO_DATE_RE.search(text[max(0, start - 8) : start + 5])
        ):
            glued = True  # the month or day of an ISO date "2310-04-04": a name in words
        if (
            not glued
            and len(token) == 1
            and (
                (tail[:1] == "/" and tail[1:2].isdigit() and not tail[2:3].isdigit())
                or (before[-1:] == "/" and before[:1].isdigit())
            )
        ):
            glued = True  # a fraction "2/3": "deux tiers"
        same = known.get(token) if known else None
        values: set[str] = set(same or ())
        if before[-1:] == "." and not before[:1].isdigit() and token.isdigit():
            values.add(_value("0." + token))  # ".66": a decimal written without its zero
        time = _TIME_RE.fullmatch(token)
        ampm = _AMPM_RE.match(tail)
        if time is not None and int(time.group(1)) < 25 and int(time.group(3)) < 60:
            hour, minute = int(time.group(1)), int(time.group(3))
            point = time.group(2) == "."
            if (
                not (source and point)
                or ampm is not None
                or tail.lstrip()[:3].upper()
                in (
                    "GMT",
                    "UTC",
                )
            ):
                values.add(f"t{hour % 24}:{minute:02d}")
                if minute == 0 and point:
                    values.add(str(hour))  # "12.00 GMT" is "12 Uhr" too
            if hour <= 12 and (source or ampm is not None) and not point or ampm is not None:
                pm = ampm is None or ampm.group(1).lower() == "p"
                values.add(f"t{(hour % 12) + (12 if pm else 0)}:{minute:02d}")
                if ampm is None:
                    values.add(f"t{hour % 12}:{minute:02d}")
            if time.group(2) == ":":
                out.append(Mention(token, start, values, soft=glued))
                if not source:  # a score "21:20" is two numbers as well
                    out.append(Mention(time.group(1), start, {_value(time.group(1))}, soft=True))
                    out.append(Mention(time.group(3), start, {_value(time.group(3))}, soft=True))
                continue
        elif ":" in token:  # a duration "4:41.30", a score "3:1"
            digits = re.sub(r"\D+", ":", token)
            if split is not None and not source and (token in split or digits in split):
                # written as in the source, or with other marks ("4:41,30" for "4:41.30")
                pieces_of = split.get(token) or split[digits]
            else:
                pieces_of = [
                    value
                    for piece in token.split(":")
                    if piece
                    for reading in _readings(piece, facts)[:1]
                    for value in reading
                ]
                if split is not None and source:
                    split[token] = split[digits] = pieces_of
            for value in pieces_of:
                out.append(Mention(value, start, {value}, soft=glued))
            continue
        readings = _readings(token, facts)
        pieces = None
        if split is not None and not source and token in split:
            pieces = split[token]  # read as the source reads it
        elif len(readings) == 1 and len(readings[0]) > 1 and not values:
            pieces = readings[0]
            if split is not None and source:
                split[token] = pieces
        if pieces is not None:
            # marks that group nothing: a date "25.12.2009", numbers "2008 400", an address
            for value in pieces:
                out.append(Mention(value, start, {value}, soft=glued))
            continue
        if len(readings) == 1 and len(readings[0]) > 1:
            mention = Mention(token, start, values, soft=glued)
        else:
            mention = Mention(
                token, start, values | {r[0] for r in readings if len(r) == 1}, soft=glued
            )
        _enrich(mention, token, text, start, after, tail, facts, base, source)
        if source and _in_brackets_after_number(text, start, out):
            mention.equivalent = True
        if source and _COUNTED_RE.match(tail) and not _SCORE_BEFORE_RE.search(text[:start]):
            word = _COUNTED_RE.match(tail).group(1).lower()  # type: ignore[union-attr]
            mention.counted = word not in facts.scales
        out.append(mention)
    if words:
        out += _word_mentions(text, base, facts, language)
        if base in ("zh", "ja", "ko") and _CJK_RE.search(text):
            for match in _CJK_RE.finditer(text):
                cjk = _cjk_value(match.group(0))
                if cjk is not None:
                    out.append(Mention(match.group(0), match.start(), {str(cjk)}))
        if any(c in text for c in "IVXLCDM"):
            for match in _ROMAN_RE.finditer(text):
                roman = _roman(match.group(1))
                if roman is not None:
                    out.append(Mention(match.group(0), match.start(), {str(roman)}))
    return out


# superscript digits after a digit: an exponent ("2³²", written "2^32" in a source)
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_RE = re.compile(f"(?<=\\d)[{_SUPERSCRIPTS}]+")
_FROM_SUPERSCRIPT = str.maketrans({c: str(i) for i, c in enumerate(_SUPERSCRIPTS)})


def _exponent(match: re.Match[str]) -> str:
    return "^" + match.group(0).translate(_FROM_SUPERSCRIPT)


_COUNTED_RE = re.compile(r"[ \u00a0-]([^\W\d_]+)")
_SCORE_BEFORE_RE = re.compile(r"\d\s?[-–:&]\s?$")
_TIME_RE = re.compile(r"(\d{1,2})([:.h])(\d\d)")
_ZONE_RE = re.compile(r"\s?(?:GMT|UTC|BST|CET|EST|PST|hours?\b|hrs\b|h\b)")
_ISO_DATE_RE = re.compile(r"\d{4}-\d\d-\d\d")
_SPACES = frozenset(" \u00a0\u202f\u2009")
_GLUED_AFTER_RE = re.compile(r"[a-z]{4}")
# a short upper-case code glued after the digits, not a scale ("1D", "3D", "2FA", "5G";
# not "5M", "3K", "2B")
_CODE_AFTER_RE = re.compile(r"(?![KMBT](?![A-Za-z])|BN|MN|TN)[A-Z]{1,3}(?![^\W\d_])")
_BRACKET_BEFORE_RE = re.compile(r"\(\s?(?:[A-Z]{0,3}[$£€¥₽₺₼]|[A-Z]{3}\s)?\s?$")


_CJK_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CJK_UNITS = {
    "十": 10,
    "百": 100,
    "千": 1000,
    "万": 10_000,
    "萬": 10_000,
    "億": 10**8,
    "亿": 10**8,
}
_CJK_RE = re.compile("[〇零一二两兩三四五六七八九十百千万萬億亿]{1,20}")


def _cjk_value(text: str) -> int | None:
    """A number in Chinese or Japanese numerals ("三", "二十五", "三百八十万")."""
    total = section = digit = 0
    for ch in text:
        if ch in _CJK_DIGITS:
            digit = _CJK_DIGITS[ch]
        elif ch in ("万", "萬", "億", "亿"):
            total += (section + digit) * _CJK_UNITS[ch]
            section = digit = 0
        else:
            section += (digit or 1) * _CJK_UNITS[ch]
            digit = 0
    return total + section + digit


def _in_brackets_after_number(text: str, start: int, earlier: list[Mention]) -> bool:
    """Whether the number at ``start`` opens a bracket right after another number: "300 km
    (190 miles)", "$200 billion (£150 billion)", an equivalent a translation may leave out."""
    if not earlier or not _BRACKET_BEFORE_RE.search(text[max(0, start - 8) : start]):
        return False
    previous = earlier[-1]
    return 0 <= start - (previous.start + len(previous.text)) <= 40


def _enrich(
    mention: Mention,
    token: str,
    text: str,
    start: int,
    after: int,
    tail: str,
    facts: _Facts,
    base: str,
    source: bool,
) -> None:
    """Values a digit token may also stand for, from what is around it."""
    value = next(iter(mention.values))
    digits_only = token.isdigit()
    # a scale word after it: "380 тысяч", "2,4 Mrd.", "$5m", "5 million"
    scale = _SCALE_LOOKAHEAD_RE.match(tail)
    if scale is not None:
        word = _fold(scale.group(1), base)
        power = _scale_power(word, facts, base)
        if power is not None:
            for v in list(mention.values):
                scaled = _scaled(v, power)
                if scaled is not None:
                    mention.values.add(scaled)
            # a scale word after a scale word: "2,4 mil millones"
            rest = tail[scale.end() :]
            second = _SCALE_LOOKAHEAD_RE.match(rest)
            if second is not None:
                power2 = facts.scales.get(_fold(second.group(1), base))
                if power2 is not None:
                    for v in list(mention.values):
                        scaled = _scaled(v, power2)
                        if scaled is not None:
                            mention.values.add(scaled)
        elif source:
            unit = scale.group(1).lower()
            if unit in _UNITS:
                mention.unit = unit
    if source and (
        (tail[:1] == "°" and tail[1:3].strip().upper().startswith("F")) or tail[:3] == "(F)"
    ):
        mention.unit = "°f"
    if digits_only:
        # a decade: "1980s", "80s", "the '80s"
        if _DECADE_RE.match(tail) and len(token) in (2, 4) and token.endswith("0"):
            if len(token) == 4:
                mention.values.add(_value(token[2:]))
                if token.endswith("00"):  # "the 1800s": the 19th century
                    mention.values.add(str(int(token[:2]) + 1))
            else:
                # "the 80s", "in his 20s", "temperatures in the 90s": said in words, as an
                # age or as a temperature in another unit as often as in figures
                mention.values.update({"19" + token, "20" + token})
                mention.decade = True
        # a shortened range: "1950-53" (53 is 1953)
        if len(token) == 2:
            before = _RANGE_BEFORE_RE.search(text[max(0, start - 8) : start])
            if before is not None:
                mention.values.add(before.group(1)[:2] + token)
        # a four-digit time: "0230 UTC", "at 1430 hours"
        if (
            len(token) == 4
            and int(token[:2]) < 24
            and int(token[2:]) < 60
            and (token[0] == "0" or _ZONE_RE.match(tail))
        ):
            mention.values.add(f"t{int(token[:2])}:{token[2:]}")
        # "8 p.m.", "8 pm": 20 o'clock
        if source and len(token) <= 2 and int(token) <= 12 and _AMPM_RE.match(tail):
            hour = int(token)
            pm = _AMPM_RE.match(tail).group(1).lower() == "p"  # type: ignore[union-attr]
            hour24 = (hour % 12) + (12 if pm else 0)
            mention.values.update({str(hour24), f"t{hour24}:00", f"t{hour}:00"})
        # "20 h", "20h": an hour
        if not source and len(token) <= 2 and int(token) < 25:
            h = _H_TIME_RE.match(tail)
            if h is not None:
                mention.values.add(f"t{int(token)}:{h.group(1) or '00'}")
        if len(token) <= 2 and int(token) < 25:
            mention.values.add(f"t{int(token)}:00")
    del value


_SCALE_POWERS: dict[tuple[str, str], int | None] = {}


def _scale_power(word: str, facts: _Facts, base: str) -> int | None:
    """The power of ten of a (folded) word after a number when it is a scale word in some
    form, remembered per language (a language's scale words are its base's)."""
    key = (word, base)
    if key in _SCALE_POWERS:
        return _SCALE_POWERS[key]
    power = facts.scales.get(word)
    if power is None:
        power = _scale_form(word, facts.scales, base)
    if power is None and len(word) > 3:
        stem = word.rstrip("аыиоуеяьйs")
        power = next(
            (
                p
                for w, p in facts.scales.items()
                if len(w) > 3 and w.startswith(stem) and len(stem) >= 3
            ),
            None,
        )
    if len(_SCALE_POWERS) >= 100_000:
        _SCALE_POWERS.clear()
    _SCALE_POWERS[key] = power
    return power


def _word_mentions(text: str, base: str, facts: _Facts, language: str = "") -> list[Mention]:
    """Numbers written in words in a translation: runs of number words read as one number
    while they combine ("двадцать пять", "trois cent mille", Arabic "ثلاثة عشر" and
    "السابعة والأربعين"), else as several ("11th, 12th" in words stays two numbers)."""
    if not facts.words:
        return []
    language = language or base
    out: list[Mention] = []
    scales = facts.scales
    state: dict[str, Any] = {}

    def reset() -> None:
        state.update(total=0, current=0, last=None, first=0, pieces=[], half=False, joined=False)

    def close() -> None:
        if state["pieces"]:
            value = Decimal(state["total"] + state["current"])
            if state["half"]:
                value += Decimal("0.5")
            out.append(Mention(" ".join(state["pieces"]), state["first"], {_canon(value)}))
        reset()

    reset()
    for match in _WORD_RE.finditer(text):
        raw = match.group(0)
        parts = raw.replace("‐", "-").split("-") if ("-" in raw or "‐" in raw) else [raw]
        if base in _COMPOUNDING:
            expanded: list[str] = []
            for word in parts:
                folded = _fold(word, base)
                pieces = None
                if (
                    len(folded) >= 5
                    and folded not in facts.words
                    and folded not in scales
                    and _cached_word_value(folded, language) is None
                ):
                    split_parts = _cached_split(folded, language)
                    pieces = list(split_parts) if split_parts else None
                # a number written as one word ("dokuzbinaltıyüz", "dreihundertzwölf"):
                # read as the words it is made of
                expanded += pieces if pieces else [word]
            parts = expanded
        for word in parts:
            if len(word) > 60:
                close()
                continue
            if base in ("tr", "az") and ("'" in word or "’" in word):
                word = re.split("['’]", word, maxsplit=1)[0]  # "kırk'ı": the suffix apart
            folded = _fold(word, base)
            halves = facts.halves.get(folded)
            if halves is not None:
                if halves.startswith("+"):
                    if state["pieces"]:
                        state["half"] = True
                    else:  # "une heure et demie", "ساعة ونصف": one and a half
                        out.append(Mention(word, match.start(), {"1.5", "0.5"}))
                    continue
                close()
                out.append(Mention(word, match.start(), {halves}))
                continue
            power = scales.get(folded)
            if (
                power is None
                and folded not in facts.words
                and _cached_word_value(folded, language) is None
            ):
                power = _cached_scale_form(folded, language)
            if power is not None:
                if not state["pieces"]:
                    state["first"] = match.start()
                amount = state["current"] or 1
                if base == "ar" and not state["pieces"] and folded[:-1] in scales:
                    amount = 2  # "ألفا" alone is the dual, two thousand; after 11 it is "thousand"
                state["total"] += amount * 10**power
                state["current"] = 0
                state["last"] = 10**power
                state["pieces"].append(word)
                continue
            value = _cached_word_value(folded, language)
            if value is None and state["pieces"] and folded in facts.articles:
                value = facts.articles[folded]  # "vingt et un", "iyirmi bir": a number here
            if base in ("ar", "fa") and folded.startswith("و") and value is not None:
                state["joined"] = True
            if value is None:
                if state["pieces"] and (folded in _CONNECTORS or folded == "und"):
                    state["joined"] = True
                    continue
                close()
                continue
            last = state["last"]
            current = state["current"]
            if value >= 1000 and value % 1000 == 0:
                # a word that is a whole scale amount (Arabic "مليونان", two million)
                if not state["pieces"]:
                    state["first"] = match.start()
                state["total"] += state["current"] + value
                state["current"] = 0
            elif not state["pieces"]:
                state["first"] = match.start()
                state["current"] = value
            elif value == 100 and 0 < current < 10 and last == current:
                state["current"] = current * 100
            elif base == "fr" and value == 20 and last is not None and 1 < last < 10:
                state["current"] = current - last + last * 20  # "quatre-vingt(s)"
                value = 80 if last == 4 else last * 20
            elif base == "fr" and last in (60, 80) and 10 <= value <= 19:
                state["current"] = current + value  # "soixante-dix", "quatre-vingt-seize"
                value = 10 if value == 10 else 1  # "soixante-dix-sept": a unit may follow
            elif last is not None and value < 10 ** (len(str(last)) - 1):
                state["current"] = current + value  # "twenty" "five", "hundred" "twenty"
            elif (
                base in ("ar", "fa")
                and last is not None
                and last < 10
                and (value == 10 or (state["joined"] and value % 10 == 0 and 20 <= value <= 90))
            ):
                state["current"] = current + value  # "ثلاثة عشر", "سبعة وأربعون"
                value = 1  # the number is whole: no unit may follow
            else:
                close()
                state["first"] = match.start()
                state["current"] = value
            state["last"] = value
            state["joined"] = False
            state["pieces"].append(word)
            if state["total"] + state["current"] > 10**15:
                close()
    close()
    return out


_COMPOUNDING = frozenset({"de", "tr", "it", "nl", "sv", "da", "nb", "nn", "no", "el"})


def _split_compound(word: str, facts: _Facts) -> list[str] | None:
    """``word`` as a sequence of number words and scale words ("dokuz" "bin" "altı" "yüz"),
    with German "und" between them, or None (the fewest pieces; linear in the length)."""
    if len(word) > 80:
        return None
    vocab, longest = _vocabulary(facts)
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for i in range(len(word)):
        if best[i] is None:
            continue
        for j in range(i + 2, min(len(word), i + longest) + 1):
            piece = word[i:j]
            if piece in vocab:
                candidate = best[i] + [piece]  # type: ignore[operator]
                if best[j] is None or len(candidate) < len(best[j]):  # type: ignore[arg-type]
                    best[j] = candidate
    parts = best[len(word)]
    if not parts or len(parts) < 2 or all(p == "und" for p in parts):
        return None
    return parts


_VOCABULARIES: dict[int, tuple[frozenset[str], int]] = {}


def _vocabulary(facts: _Facts) -> tuple[frozenset[str], int]:
    """The number and scale words of a language and the longest one's length (once)."""
    known = _VOCABULARIES.get(id(facts))
    if known is None:
        vocab = frozenset(
            facts.words.keys() | facts.scales.keys() | facts.articles.keys() | {"und"}
        )
        known = _VOCABULARIES[id(facts)] = (vocab, max((len(w) for w in vocab), default=0))
    return known


_CONNECTORS = frozenset(
    {"and", "и", "і", "й", "та", "et", "y", "e", "und", "و", "ve", "və", "virgule"}
)


def _scale_form(word: str, scales: dict[str, int], base: str = "") -> int | None:
    """A scale word in another form ("миллионов", "тысячи", "Millionen", "milyonlarca",
    Azerbaijani "minə", "mindən")."""
    if len(word) > 30:
        return None
    if base in ("tr", "az"):
        for scale, power in scales.items():
            if word.startswith(scale) and _TURKIC_SUFFIX_RE.fullmatch(word[len(scale) :]):
                return power
    if len(word) < 4:
        return None
    for scale, power in scales.items():
        if (
            len(scale) >= 4
            and word.startswith(scale[: max(4, len(scale) - 2)])
            and len(word) - len(scale) <= 4
        ):
            return power
    return None


# ---------------------------------------------------------------------------------------------
# comparing a source with its translation


def _close(a: str, b: str) -> bool:
    """Whether ``b`` looks like ``a`` mistyped: a digit changed, two swapped, a magnitude off,
    a digit more or less."""
    da = a.replace(".", "")
    db = b.replace(".", "")
    if not da.isdigit() or not db.isdigit():
        return False
    if da.strip("0") == db.strip("0") and da != db:
        return True  # a magnitude off
    if len(da) == len(db):
        diff = [i for i in range(len(da)) if da[i] != db[i]]
        if len(diff) == 1:
            return True
        if len(diff) == 2 and diff[1] == diff[0] + 1 and da[diff[0]] == db[diff[1]]:
            return True
        return sorted(da) == sorted(db)
    if abs(len(da) - len(db)) == 1:
        longer, shorter = (da, db) if len(da) > len(db) else (db, da)
        return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
    return False


def _converted(mention: Mention, targets: list[Mention], sources: list[Mention]) -> str | None:
    """What stands for the source quantity in metric units: a number of the translation, or
    of the source itself ("300 km (190 miles)": the translation left out the miles)."""
    factor = _UNITS.get(mention.unit or "")
    if factor is None:
        return None
    try:
        value = float(mention.primary)
    except ValueError:
        return None
    wants = [(value - 32) * 5 / 9, value * 5 / 9] if factor < 0 else [value * factor]
    for where, others in (("", targets), (" in the source", sources)):
        for other in others:
            if other is mention:
                continue
            for v in other.values:
                try:
                    got = float(v)
                except ValueError:
                    continue
                for want in wants:
                    if abs(got - want) <= max(abs(want) * 0.12, 1.5):
                        return other.text + where
    return None


def _match(left: list[Mention], right: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """The mentions of each side that no mention of the other side can stand for (a maximal
    one-to-one matching of mentions that share a value)."""
    if len(left) <= _RESIDUAL_MAX and len(right) <= _RESIDUAL_MAX:
        return _kuhn(left, right)
    # a long text: exact matches first, by the primary value (most numbers are written
    # alike), then the rest pairwise while few are left
    by_value: dict[str, list[int]] = {}
    for j, m in enumerate(right):
        for v in m.values:
            by_value.setdefault(v, []).append(j)
    used = [False] * len(right)
    rest: list[Mention] = []
    for m in left:
        for j in by_value.get(m.primary, ()):
            if not used[j] and m.primary == right[j].primary:
                used[j] = True
                break
        else:
            rest.append(m)
    free = [right[j] for j in range(len(right)) if not used[j]]
    if not rest or not free:
        return rest, free
    if len(rest) > _RESIDUAL_MAX or len(free) > _RESIDUAL_MAX:
        return rest, free
    return _kuhn(rest, free)


def _kuhn(rest: list[Mention], free: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """A maximum one-to-one matching of mentions that share a value (augmenting paths; for
    small sets only)."""
    owner: list[int | None] = [None] * len(free)

    def augment(i: int, seen: set[int]) -> bool:
        for j, other in enumerate(free):
            if j in seen or rest[i].values.isdisjoint(other.values):
                continue
            seen.add(j)
            if owner[j] is None or augment(owner[j], seen):  # type: ignore[arg-type]
                owner[j] = i
                return True
        return False

    matched = {i for i in range(len(rest)) if augment(i, set())}
    return (
        [m for i, m in enumerate(rest) if i not in matched],
        [m for j, m in enumerate(free) if owner[j] is None],
    )


@dataclass(frozen=True)
class NumberFindings:
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...] = ()  # what is right but worth knowing: a unit converted


_NONE = NumberFindings((), ())
_LAST: dict[tuple[str, str, str, str, bool], NumberFindings] = {}


def compare_numbers(
    source: str, target: str, language: str, source_language: str = "en", *, qt: bool = False
) -> NumberFindings:
    """What is wrong with the numbers of ``target`` (a translation of ``source``); ``qt``:
    the entry has a format (its directives, ``%08x``, ``%1``, are not numbers)."""
    key = (source, target, language, source_language, qt)
    known = _LAST.get(key)
    if known is not None:
        return known
    result = _compare(source, target, language, source_language, qt)
    if len(_LAST) > 8:
        _LAST.clear()
    _LAST[key] = result
    return result


# quantities a language may say with one word, no figure left: "100 years" → "un siècle",
# "24 hours" → "сутки", "100 percent certain" → "absolutamente seguro", "50 percent" → "half".
# The figure may be left out only where the translation has the word (the start of a word;
# Arabic, whose words take prefixes: anywhere), or, for a percentage, has no percent at all
# (then "certain" was said otherwise). Languages not listed keep the error.
_IDIOMS: dict[tuple[str, str], str] = {
    ("100", "percent"): "percent",
    ("50", "percent"): "percent",
    ("100", "year"): "century",
    ("1000", "year"): "millennium",
    ("10", "year"): "decade",
    ("24", "hour"): "day",
    ("7", "day"): "week",
    ("2", "tuple"): "tuple",
    ("3", "tuple"): "tuple",
    ("4", "tuple"): "tuple",
    ("5", "tuple"): "tuple",
}
_IDIOM_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "century": {
        "ru": ("век", "столет"),
        "uk": ("століт", "сторіч", "вік"),
        "fr": ("siècle",),
        "es": ("siglo",),
        "de": ("jahrhundert",),
        "az": ("əsr",),
        "tr": ("yüzyıl", "asır", "asr"),
        "ar": ("قرن",),
        "en": ("century", "centuries"),
    },
    "millennium": {
        "ru": ("тысячелет",),
        "uk": ("тисячоліт",),
        "fr": ("millénaire",),
        "es": ("milenio",),
        "de": ("jahrtausend",),
        "az": ("minillik",),
        "tr": ("bin yıl",),
        "ar": ("ألفية", "الفية"),
        "en": ("millenni",),
    },
    "decade": {
        "ru": ("десятилет",),
        "uk": ("десятиліт",),
        "fr": ("décennie",),
        "es": ("década", "decenio"),
        "de": ("jahrzehnt",),
        "az": ("onillik",),
        "tr": ("on yıl",),
        "ar": ("عقد",),
        "en": ("decade",),
    },
    "day": {
        "ru": ("сутк", "суточ", "день", "дня", "дне"),
        "uk": ("доб", "день", "дня", "дні"),
        "fr": ("jour",),
        "es": ("día", "dia"),
        "de": ("tag",),
        "az": ("gün",),
        "tr": ("gün",),
        "ar": ("يوم",),
        "en": ("day",),
    },
    "week": {
        "ru": ("недел",),
        "uk": ("тижд", "тижн"),
        "fr": ("semaine",),
        "es": ("semana",),
        "de": ("woche",),
        "az": ("həftə",),
        "tr": ("hafta",),
        "ar": ("أسبوع", "اسبوع"),
        "en": ("week",),
    },
    # "3-tuple" → "triplet", "4-tuple" → "quadruplet"
    "tuple": {
        "fr": ("paire", "couple", "triplet", "quadruplet", "quintuplet", "uplet"),
        "de": ("paar", "tripel", "quadrupel"),
        "es": ("par", "terna", "tripleta", "cuádrupla", "quíntupla"),
        "it": ("coppia", "terna", "terzetto", "tripla", "quadrupla", "quartetto", "quintupla"),
        "sr": ("пар", "трипл", "тројк", "четворк", "петорк"),
        "pt": ("par", "tripla", "quádrupla", "quíntupla"),
        "ru": ("пар", "тройк", "четвёрк", "четверк", "пятёрк", "пятерк"),
        "uk": ("пар", "трійк", "четвірк", "п'ятірк", "пʼятірк"),
        "en": ("pair", "triple", "quadruple"),
    },
    # for a percentage: the words that say "per cent" (any of them: the figure was dropped)
    "percent": {
        "ru": ("процент",),
        "uk": ("відсот", "процент"),
        "fr": ("pour cent", "pourcent"),
        "es": ("por ciento", "porcentaje"),
        "de": ("prozent",),
        "az": ("faiz",),
        "tr": ("yüzde",),
        "ar": ("المئة", "المائة", "مئوي"),
        "en": ("per cent", "percent"),
    },
}
_IDIOM_UNIT_RE = re.compile(
    r"[\s\u00a0-]?(%|per[\s\u00a0]?cent\b|percent\b|years?\b|hours?\b|days?\b|tuples?\b"
    r"|element[\s\u00a0]tuples?\b)",
    re.IGNORECASE,
)
# an imperial unit a translation kept (it did not convert the quantity), per language: where
# the unit is still there and no figure is left to be its quantity, the number was dropped
_UNIT_KIND = {
    "mile": "mile",
    "miles": "mile",
    "mi": "mile",
    "mph": "mile",
    "inch": "inch",
    "inches": "inch",
    "foot": "foot",
    "feet": "foot",
    "ft": "foot",
    "yard": "yard",
    "yards": "yard",
}
_KEPT_UNIT: dict[str, dict[str, str]] = {
    "mile": {
        "ru": r"\bмил(?:ь|и|ю|я|ях|ям|ями|е)\b",
        "uk": r"\bмил(?:ь|і|ю|я|ях|ям|ями)\b",
        "fr": r"\bmil(?:le|les|e|es)\b",
        "es": r"\bmillas?\b",
        "de": r"\bmeilen?\b",
        "az": r"\bmil(?![yl])",
        "tr": r"\bmil(?![yl])",
        "ar": r"ميل|أميال|اميال",
        "en": r"\bmiles?\b",
    },
    "inch": {
        "ru": r"\bдюйм",
        "uk": r"\bдюйм",
        "fr": r"\bpouces?\b",
        "es": r"\bpulgadas?\b",
        "de": r"\bzoll\b",
        "az": r"\bdüym",
        "tr": r"\binç",
        "ar": r"بوص|إنش|انش",
        "en": r"\binch",
    },
    "foot": {
        "ru": r"\bфут(?!бол)",
        "uk": r"\bфут(?!бол)",
        "fr": r"\bpieds?\b",
        "es": r"\bpies\b",
        "de": r"\bfuß\b",
        "az": r"\bfut(?!bol)",
        "tr": r"\bfit\b",
        "ar": r"أقدام|اقدام",
        "en": r"\b(?:foot|feet)\b",
    },
    "yard": {
        "ru": r"\bярд",
        "uk": r"\bярд",
        "fr": r"\byards?\b",
        "es": r"\byardas?\b",
        "de": r"\byards?\b",
        "az": r"\byard",
        "tr": r"\byarda?\b",
        "ar": r"يارد|ياردة",
        "en": r"\byards?\b",
    },
}


def _kept_unit(mention: Mention, target: str, language: str, seen: dict[Any, bool]) -> bool:
    """Whether the translation still names the imperial unit of ``mention`` (not converted)."""
    kind = _UNIT_KIND.get(mention.unit or "")
    if kind not in seen:
        pattern = _KEPT_UNIT[kind].get(_base(language)) if kind else None
        seen[kind] = pattern is not None and re.search(pattern, target, re.IGNORECASE) is not None
    return seen[kind]


# minutes and seconds of a game or race clock ("a goal on 27:37": no hour is 27), which
# sports reports give as the minute of play ("in der 28. Minute")
_CLOCK_RE = re.compile(r"(?<![\d:.,])(\d{2,3}):([0-5]\d)(?![\d:])")


def _clocks(source: str) -> dict[int, tuple[int, str]]:
    """The game clocks of ``source``: the start of each part → (minutes, the clock's text)."""
    out: dict[int, tuple[int, str]] = {}
    for match in _CLOCK_RE.finditer(source):
        minutes = int(match.group(1))
        if minutes >= 24:
            out[match.start(1)] = out[match.start(2)] = (minutes, match.group(0))
    return out


_SCORE_AFTER_RE = re.compile(r"\s?[-–:]\s?\d")


def _in_score(text: str, mention: Mention) -> bool:
    """Whether a number is one side of a score or a range ("1-0", "5-0-0", "0:2")."""
    before = text[max(0, mention.start - 4) : mention.start]
    return bool(_SCORE_BEFORE_RE.search(before)) or bool(
        _SCORE_AFTER_RE.match(text, mention.start + len(mention.text))
    )


_GRADE_RE = re.compile(r"(st|nd|rd|th)[\s\u00a0-]grade\b", re.IGNORECASE)
_ORDINAL_SUFFIX_RE = re.compile(r"(?:st|nd|rd|th)\b")


@cache
def _knows_ordinals(base: str) -> bool:
    """Whether num2words gives the ordinal words of a language (not Czech or Slovak)."""
    try:
        from num2words import num2words

        return bool(num2words(3, lang=base, to="ordinal"))
    except (ImportError, NotImplementedError, KeyError, TypeError, ValueError, AttributeError):
        return False


_RTL = frozenset({"ar", "fa", "ur", "ps", "he", "yi", "ckb", "sd", "ug"})
_GROUP_RUN_RE = re.compile(r"(?<![\d.,])\d+(?:[ \u00a0-]\d+)+(?![\d.,])")
_DIGIT_RUN_RE = re.compile(r"\d+")
_RUNS_MAX = 50


def _idiom(
    source: str, mention: Mention, target: str, language: str, seen: dict[Any, str | None]
) -> str | None:
    """The word the translation may give for the quantity ``mention`` makes with the word
    after it ("100 years": a century), when the translation has that word; or None."""
    after = _IDIOM_UNIT_RE.match(source, mention.start + len(mention.text))
    if after is None:
        return None
    unit = after.group(1).lower().replace("\u00a0", " ")
    if unit.startswith("element"):
        unit = "tuple"
    if unit == "%" or "cent" in unit:
        unit = "percent"
    kind = _IDIOMS.get((mention.primary, unit.rstrip("s")))
    if kind is None:
        return None
    base = _base(language)
    words = _IDIOM_WORDS[kind].get(base)
    if words is None:
        return None
    key = (kind, base)
    if key in seen:
        return seen[key]
    seen[key] = found = _said_with_word(kind, words, target, base)
    return found


def _said_with_word(kind: str, words: tuple[str, ...], target: str, base: str) -> str | None:
    """How the translation may say a quantity of ``kind`` with a word, if it has the word."""
    text = target.lower()
    if kind == "percent":
        if "%" in text or "٪" in text or any(w in text for w in words):
            return None
        return "a word such as fully, absolutely or half"
    if base in _RTL:
        found = any(w in text for w in words)
    else:
        found = any(re.search(r"(?<!\w)" + re.escape(w), text) for w in words)
    return f"a word for {kind}" if found else None


def _unreverse(source: str, target: str) -> str:
    """``target`` with the digit groups of a number the source writes in groups ("0800 555
    111") put back in the source's order where a right-to-left translation wrote them
    last-first for display ("111 555 0800")."""
    for count, run in enumerate(_GROUP_RUN_RE.finditer(source)):
        if count >= _RUNS_MAX:
            break  # a text of many such numbers: each search reads the whole translation
        groups = _DIGIT_RUN_RE.findall(run.group(0))
        if len(groups) < 2 or len(set(groups)) < 2 or len(run.group(0)) > 40:
            continue
        for mark in (" ", "\u00a0", "-"):
            reversed_run = mark.join(reversed(groups))
            if reversed_run in target and run.group(0) not in target:
                target = target.replace(reversed_run, run.group(0))
                break
    return target


_DUAL = frozenset({"ar", "he", "sl", "dsb", "hsb"})  # languages that say "two" by a form
_RANGE_WORDS_RE = re.compile(r"\s*(?:to|-|–|—|and|or|through|till|until)\s*$", re.IGNORECASE)


_SOURCES_MAX = 20_000  # sources remembered (articles come one by one, their languages together)
_DIGIT_IN: dict[str, bool] = {}
_ASCII_DIGIT_RE = re.compile("[0-9]")
_SOURCE_MENTIONS: dict[tuple[str, str, bool], tuple[list[Mention], dict[str, list[str]]]] = {}


def _any_digit(text: str) -> bool:
    """Whether a source text has a digit (``str.isdigit``), remembered: every language's
    catalog repeats the same sources."""
    found = _DIGIT_IN.get(text)
    if found is None:
        if len(_DIGIT_IN) >= _SOURCES_MAX:
            _DIGIT_IN.clear()
        # in ASCII text only 0-9 are digits
        found = _DIGIT_IN[text] = (
            _ASCII_DIGIT_RE.search(text) is not None
            if text.isascii()
            else any(c.isdigit() for c in text)
        )
    return found


def _source_mentions(
    text: str, language: str, qt: bool, split: dict[str, list[str]]
) -> list[Mention]:
    """``mentions(text, language, source=True, words=False, qt=qt, split=split)``, the
    reading remembered per source text: fresh ``Mention`` objects each time (the caller may
    change them), ``split`` filled as the reading fills it."""
    key = (text, language, qt)
    known = _SOURCE_MENTIONS.get(key)
    if known is None:
        own: dict[str, list[str]] = {}
        found = mentions(text, language, source=True, words=False, qt=qt, split=own)
        if len(_SOURCE_MENTIONS) >= _SOURCES_MAX:
            _SOURCE_MENTIONS.clear()
        known = _SOURCE_MENTIONS[key] = (found, own)
    found, own = known
    split.update(own)
    return [_copy(m) for m in found]


def _copy(mention: Mention) -> Mention:
    """A copy of a mention, its values a set of its own."""
    new = object.__new__(Mention)
    new.__dict__.update(mention.__dict__)
    new.values = set(mention.values)
    return new


def _compare(
    source: str, target: str, language: str, source_language: str, qt: bool
) -> NumberFindings:
    if not _any_digit(source):
        return _NONE
    split: dict[str, list[str]] = {}
    wanted = _source_mentions(source, source_language, qt, split)
    if not wanted:
        return _NONE
    # a unit at the end of a range is the unit of both ends ("2 to 4 inches")
    prepared = _prepare(source, qt)
    for i in range(len(wanted) - 1, 0, -1):
        later, earlier = wanted[i], wanted[i - 1]
        if later.unit and not earlier.unit:
            between = prepared[earlier.start + len(earlier.text) : later.start]
            if _RANGE_WORDS_RE.fullmatch(between) or not between.strip(" -–"):
                earlier.unit = later.unit
    # a token written exactly as in the source means what it means there ("802.11",
    # "6,387" in a Turkish text that kept the English marks)
    known = {m.text: m.values for m in wanted}
    if _base(language) in _RTL:
        target = _unreverse(source.translate(_NATIVE_DIGITS), target.translate(_NATIVE_DIGITS))
    have = mentions(target, language, words=False, qt=qt, known=known, split=split)
    missing, extra = _match(wanted, have)
    if missing:  # numbers in words and Roman numerals, only when needed: all matched afresh
        words = mentions(target, language, qt=qt, known=known, split=split)[len(have) :]
        if words:
            missing, rest = _match(wanted, have + words)
            extra = [m for m in rest if any(m is h for h in have)]
    added = [o for o in extra if o.text[:1].isdigit() and not o.soft and o.primary != "0"]
    if added:
        # a number of the translation in no form in the source (its words included): a
        # translator may add a year or a century; a doubled or stray figure is a slip
        said = mentions(source, source_language, qt=qt)[len(wanted) :]
        added, _unused = _match(added, said)
    if not missing and not added:
        return _NONE
    errors: list[str] = []
    warnings: list[str] = []
    notes: list[str] = []
    dual = _base(language) in _DUAL
    # a translation that converts a unit (°F → °C) may convert its other quantities of that
    # kind loosely: a near figure there is a conversion to check, not a slip
    converting = {
        _UNITS[m.unit] < 0
        for m in missing
        if m.unit in _UNITS
        and (found := _converted(m, extra, wanted)) is not None
        and not found.endswith(" in the source")
    }
    if any("," in o.text for o in extra):
        missing, extra = _resplit(missing, extra)
        if not missing and not added:
            return _NONE
    clocks = _clocks(source) if ":" in source else {}
    looked_up: dict[Any, str | None] = {}  # what the translation says, asked once per kind
    kept: dict[Any, bool] = {}
    for m in missing:
        # a number close to it in the translation: changed (a digit, a swap, a magnitude)
        near = next(
            (
                o
                for o in extra
                if (m.soft or not o.soft)
                and o.text[:1].isdigit()
                and any(_close(m.primary, v) for v in o.values if v[:1].isdigit())
            ),
            None,
        )
        if near is not None and (
            _list_number(prepared, m) or (m.soft and not near.soft and _date_part(prepared, m))
        ):
            near = None  # "2) …", the "01" of "1980-01-01": said otherwise, not mistyped
        grade = _GRADE_RE.match(source, m.start + len(m.text))
        if grade is not None:
            # school years are named per country: "1st Grade" → "CP", "Groep 3"
            if near is not None:
                extra.remove(near)
            warnings.append(
                f"{m.text}{grade.group(1)} grade not found: school years are named per country"
            )
            continue
        clock = clocks.get(m.start)
        if clock is not None:
            # a game clock given as the minute of play: its seconds left out, its minutes
            # as the minute under way ("27:37" → "in der 28. Minute")
            minutes, text = clock
            under_way = next((o for o in extra if o.primary == str(minutes + 1)), None)
            seconds = m.primary != str(minutes)
            # the seconds left out too: the clock was given as a minute, not mistyped
            alone = any(o is not m and clocks.get(o.start) == clock for o in missing)
            if (seconds and near is None) or (not seconds and under_way and alone):
                if under_way is not None and not seconds:
                    extra.remove(under_way)
                message = f"{text} not found: a report may give a game clock as the minute"
                if message not in warnings:
                    warnings.append(message)
                continue
        if m.unit is not None:
            converted = _converted(m, extra, wanted)
            if converted is not None:
                if not converted.endswith(" in the source"):
                    notes.append(f"{m.text} {m.unit} given converted ({converted})")
                    extra = [o for o in extra if o.text != converted]
                continue  # else "300 km (190 miles)": the translation kept the metric figure
            if near is not None:
                if (_UNITS[m.unit] < 0) in converting:
                    warnings.append(
                        f"{m.text} {m.unit} given as {near.text} where the translation converts "
                        "the unit; check the conversion"
                    )
                else:
                    errors.append(f"{m.text} changed to {near.text}")
                extra.remove(near)
                continue
            if _kept_unit(m, target, language, kept) and not any(
                o.text[:1].isdigit() for o in extra
            ):
                errors.append(f"{m.text} {m.unit} missing (the translation keeps the unit)")
                continue
            if m.equivalent or prepared[max(0, m.start - 2) : m.start].strip() == "(":
                # "six meters (18 feet)": the translation kept the metres
                notes.append(f"{m.text} {m.unit} (in brackets, an equivalent) left out")
                continue
            warnings.append(
                f"{m.text} {m.unit} not found: a translation may give a quantity in imperial "
                "units converted or in words"
            )
            continue
        if near is not None and (bound := _bound_word(prepared, target, m, near)) is not None:
            # "2.4 and earlier" → "avant 2.5", "less than 3" → "2 ou moins": a bound said
            # the other way round, one step off
            warnings.append(
                f"{m.text} given as {near.text} next to '{bound}': a bound said the other way "
                "round is one step off; check it"
            )
            extra.remove(near)
            continue
        if near is not None and not (m.soft and len(m.primary) == 1 and len(near.primary) == 1):
            errors.append(f"{m.text} changed to {near.text}")
            extra.remove(near)
            continue
        if m.decade:
            warnings.append(
                f"{m.text}s not found: a translation may say a decade in words, as an age or "
                "as temperatures in degrees Celsius"
            )
        elif m.equivalent:
            notes.append(f"{m.text} (in brackets, an equivalent of the number before it) left out")
        elif m.soft:
            continue  # part of a name or code, written otherwise
        elif m.primary in ("1", "2") and (m.counted or (m.primary == "2" and dual)):
            warnings.append(
                f"{m.text} not found: a translation may say one or two with a word, an "
                "article or a dual form"
            )
        elif (idiom := _idiom(source, m, target, language, looked_up)) is not None:
            warnings.append(
                f"{m.text} not found: the translation may say this quantity with {idiom}"
            )
        elif not _facts(language).words:
            warnings.append(
                f"{m.text} not found (tmflow does not know the number words of {language})"
            )
        elif m.text == "0" and not _in_score(prepared, m):
            # "division by 0" → "dělení nulou", "less than 0" → "négatif", "size 0" → "vide"
            warnings.append(
                f"{m.text} not found: a translation may say zero with a word (zero, none, "
                "empty, negative)"
            )
        elif _ORDINAL_SUFFIX_RE.match(source, m.start + len(m.text)) and not _knows_ordinals(
            _base(language)
        ):
            warnings.append(
                f"{m.text} (an ordinal) not found (tmflow does not know the ordinal words "
                f"of {language})"
            )
        elif (why := _absent_reason(source, prepared, target, m, wanted, missing)) is not None:
            warnings.append(f"{m.text} not found: {why}")
        else:
            errors.append(f"{m.text} missing")
    for o in added:
        if o in extra:
            # "10 miles" → "16 km (10 milles)": the translation added the metric figure
            of = next((m for m in wanted if m.unit and _converted(m, [o], []) == o.text), None)
            if of is not None:
                notes.append(f"{o.text} is {of.text} {of.unit} converted")
            else:
                warnings.append(f"{o.text} is not in the source")
    return NumberFindings(tuple(errors), tuple(warnings), tuple(notes))


def _resplit(missing: list[Mention], extra: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """A token of the translation read as one number with a decimal comma ("1,1" in Georgian)
    that is two numbers of the source written without the space ("[-1, 1]" → "[-1,1]",
    "2, 8, 10" → "2,8, 10"): each part stands for one of them."""
    for o in list(extra):
        parts = o.text.split(",")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            continue
        left = list(missing)
        taken: list[Mention] = []
        for part in parts:
            value = _value(part)
            found = next((m for m in left if value in m.values), None)
            if found is None:
                break
            left.remove(found)
            taken.append(found)
        else:
            missing = left
            extra = [e for e in extra if e is not o]
    return missing, extra


# a bound a translation may restate one step off: "2.4 and earlier" → "avant 2.5", "3 or
# later" → "après 2", "before 3.6" → "3.5 et antérieures"; "less than 3" → "inférieur ou égal
# à 2" where the translation says "or equal". A bound kept as it is ("more than 20 percent" →
# "plus de 21 %") stays a changed number.
_INCLUSIVE_AFTER_RE = re.compile(
    r"\s(?:and|or)\s(?:earlier|later|older|newer|before|after|above|below|higher|lower|"
    r"more|less|fewer|greater|up|down)\b",
    re.IGNORECASE,
)
_VERSION_BOUND_RE = re.compile(
    r"\b(?:earlier|later|before|after|prior\sto|older|newer|until|till|since|onwards)\b",
    re.IGNORECASE,
)
_OR_EQUAL_RE = re.compile(
    r"[≤≥⩽⩾]|[<>]=|\b(?:ou|o|or|oder|или|або|veya|və|أو)\s(?:égale?s?|igual|equal|gleich|"
    r"равн\w*|рівн\w*|eşit|bərabər)",
    re.IGNORECASE,
)


def _bound_word(prepared: str, target: str, m: Mention, near: Mention) -> str | None:
    """The words that make ``m`` a bound restated one step off by ``near`` (2.4 → 2.5,
    3 → 2), or None."""
    try:
        a = Decimal(m.primary)
        b = Decimal(near.primary)
    except InvalidOperation:
        return None
    exponent = a.as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    if abs(a - b) != step:
        return None
    end = m.start + len(m.text)
    inclusive = _INCLUSIVE_AFTER_RE.match(prepared, end)
    if inclusive is not None:
        return inclusive.group(0).strip()
    if "." in m.text:  # a version: "before 3.6", "3.4 onwards"
        around = prepared[max(0, m.start - 24) : end + 16]
        found = _VERSION_BOUND_RE.search(around)
        if found is not None:
            return found.group(0)
    if _OR_EQUAL_RE.search(target):
        return "or equal"
    return None


_BASE_BEFORE_RE = re.compile(r"\bbase[\s\u00a0-]$", re.IGNORECASE)
# "base 10" said as decimal, "base 2" as binary (the stems of many languages)
_BASE_WORDS = {
    "10": ("decim", "dezim", "décim", "десятичн", "десятков", "ondalık", "onluq", "عشري"),
    "2": ("binar", "binär", "binair", "двоичн", "двійков", "ikili", "ikilik", "ثنائي"),
    "16": ("hex", "шестнадцатеричн", "шістнадцятков", "onaltılık", "ست عشري"),
    "8": ("octal", "oktal", "восьмеричн", "вісімков", "sekizlik", "ثماني"),
}
# a placeholder ("%S", "%d", "{0}"), not a percent sign of prose ("10%-i", "14 % des")
_DIRECTIVE_COUNT_RE = re.compile(r"(?<![\w%])%[a-zA-Z](?![^\W\d_])|\{\w*\}")
_LIST_MARK_RE = re.compile(r"[).]\s")


def _list_number(prepared: str, m: Mention) -> bool:
    """Whether ``m`` numbers a list item at the start of the text ("2) Putting …")."""
    return (
        len(m.text) <= 2
        and not prepared[: m.start].strip()
        and _LIST_MARK_RE.match(prepared, m.start + len(m.text)) is not None
    )


def _date_part(prepared: str, m: Mention) -> bool:
    """Whether ``m`` is the month or day of an ISO date ("1980-01-01")."""
    return len(m.text) == 2 and bool(
        _ISO_DATE_RE.search(prepared[max(0, m.start - 8) : m.start + 5])
    )


def _absent_reason(
    source: str,
    prepared: str,
    target: str,
    m: Mention,
    wanted: list[Mention],
    missing: list[Mention],
) -> str | None:
    """Why a source number found in no form may be absent from a correct translation, or
    None (then it is missing, an error)."""
    if any(w is not m and m.primary in w.values and w not in missing for w in wanted):
        # "2to3 … 2to3 … 2to3" → "2to3 … il … 2to3": the number is there, said once less
        return "the source repeats it and the translation has it (a repeat said otherwise)"
    if _list_number(prepared, m):
        return "the number of a list item, which a translation may leave out"
    words = _BASE_WORDS.get(m.primary)
    if words and _BASE_BEFORE_RE.search(prepared[max(0, m.start - 6) : m.start]):
        lowered = target.lower()
        if any(w in lowered for w in words):
            return "the translation names the base with a word (decimal, binary)"
    if len(_DIRECTIVE_COUNT_RE.findall(target)) > len(_DIRECTIVE_COUNT_RE.findall(source)):
        return "the translation has a placeholder the source has not, which may stand for it"
    return None


def counts(text: str, language: str) -> Counter[str]:
    """The values of the digit numbers of ``text`` (for tests and reports)."""
    return Counter(m.primary for m in mentions(text, language, source=True))
