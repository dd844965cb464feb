"""Fidelity: does a translation keep what must survive translation?

Each check compares one source text with one translation (translated entries only) and returns
a one-line message or None. They are deliberately conservative: a check that cries wolf gets
switched off, so each one looks only at what is language independent or clearly wrong for the
target language.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from tmflow.steps.qa.checks import register

# ---------------------------------------------------------------------------------------------
# numbers

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER_RE = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009\u066b\u066c' ]\d+)*")
_SEPARATORS = ".,\u00a0\u202f\u2009\u066b\u066c' "


def _number_value(token: str) -> str:
    """A canonical form: digit groups joined, a decimal part after '.'.

    "1,000", "1 000", "1.000" and "١٬٠٠٠" are 1000; "3.14", "3,14" and "٣٫١٤" are 3.14. A
    last group of exactly three digits is taken as a thousands group."""
    parts = re.split(r"[.,\u00a0\u202f\u2009\u066b\u066c' ]", token)
    if len(parts) == 1:
        return parts[0].lstrip("0") or "0"
    *head, last = parts
    if len(last) == 3 and all(len(p) == 3 for p in head[1:]) and len(head[0]) <= 3:
        return ("".join(parts)).lstrip("0") or "0"
    return ("".join(head).lstrip("0") or "0") + "." + last


# patterns that start with a character class (not a repeat) let the regular expression
# engine skip to the next candidate character instead of trying a match at every position
_ASCII_DIGITS_RE = re.compile(r"[0-9][0-9]*")
# digits numbers_in() reads as ASCII ones (Arabic-Indic and Extended Arabic-Indic)
_OTHER_DIGIT_RE = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


_ORDINAL_RE = re.compile(r"\b(\d{1,4})(?:st|nd|rd|th)\b")
_ROMAN_RE = re.compile(r"\b[IVXLCDM]+\b")


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += letters
            n -= value
    return out


def _difference(want: Counter[str], have: Counter[str], sep: str) -> str:
    """``missing a, b; extra c``: what the translation lacks and adds, in sorted order."""
    missing = sorted((want - have).elements())
    extra = sorted((have - want).elements())
    parts = []
    if missing:
        parts.append("missing " + sep.join(missing))
    if extra:
        parts.append("extra " + sep.join(extra))
    return "; ".join(parts)


def numbers_in(text: str) -> Counter[str]:
    text = text.translate(_DIGITS)
    found: Counter[str] = Counter()
    for token in _NUMBER_RE.findall(text):
        token = token.strip(_SEPARATORS)
        # a space-separated pair that is not a digit group is two numbers ("in 2014 12 people")
        pieces = token.split(" ") if any(len(p) != 3 for p in token.split(" ")[1:]) else [token]
        for piece in pieces:
            if piece:
                found[_number_value(piece)] += 1
    return found


@register(
    "numbers",
    "error",
    "The numbers of the source are in the translation (locale digit groups and "
    "Arabic-Indic digits count as equal).",
    kind="pair",
    group="fidelity",
)
def numbers(source: str, target: str, lang: str) -> str | None:
    digits_s = _ASCII_DIGITS_RE.findall(source)
    if (
        digits_s == _ASCII_DIGITS_RE.findall(target)
        and not _OTHER_DIGIT_RE.search(target)
        and not _OTHER_DIGIT_RE.search(source)
    ):
        return None  # the same digit runs in the same order (the usual case): nothing to do
    want = numbers_in(source)
    have = numbers_in(target)
    if want == have:
        return None
    # an ordinal may be written in Roman numerals ("21st century" → "XXI век")
    romans = set(_ROMAN_RE.findall(target))
    for value in _ORDINAL_RE.findall(source):
        if (
            want[value.lstrip("0") or "0"] > have[value.lstrip("0") or "0"]
            and _roman(int(value)) in romans
        ):
            want[value.lstrip("0") or "0"] -= 1
    want += Counter()  # drop zero counts
    if want == have:
        return None
    return "numbers differ from the source: " + _difference(want, have, ", ")


# ---------------------------------------------------------------------------------------------
# urls, e-mails, markdown, placeholders

_URL_RE = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'»“”)\]]+[^\s<>\"'»“”)\].,;:!?]")
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


@register(
    "urls",
    "error",
    "URLs and e-mail addresses of the source are kept unchanged.",
    kind="pair",
    group="fidelity",
)
def urls(source: str, target: str, lang: str) -> str | None:
    if "@" not in source and "://" not in source and "www." not in source:
        return None
    want = Counter(_URL_RE.findall(source)) + Counter(_EMAIL_RE.findall(source))
    have = Counter(_URL_RE.findall(target)) + Counter(_EMAIL_RE.findall(target))
    missing = sorted((want - have).elements())
    if missing:
        return "URL or e-mail changed or missing: " + ", ".join(missing)
    return None


_MD_CHARS_RE = re.compile(r"[\[`*_]")
_MD_LINK_RE = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]*)[^)]*\)")
_MD_CODE_RE = re.compile(r"`[^`\n]+`")
_MD_STRONG_RE = re.compile(r"\*\*|__")
_MD_EM_RE = re.compile(r"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")


@register(
    "markdown",
    "error",
    "Markdown links (same targets), inline code (unchanged) and emphasis markers are kept.",
    kind="pair",
    group="fidelity",
)
def markdown(source: str, target: str, lang: str) -> str | None:
    if not _MD_CHARS_RE.search(source) and not _MD_CHARS_RE.search(target):
        return None
    want = Counter(_MD_LINK_RE.findall(source))
    have = Counter(_MD_LINK_RE.findall(target))
    if want != have:
        lost = sorted((want - have).elements())
        return (
            ("Markdown link target(s) lost or changed: " + ", ".join(lost))
            if lost
            else "Markdown links added that are not in the source"
        )
    want_code = Counter(_MD_CODE_RE.findall(source))
    have_code = Counter(_MD_CODE_RE.findall(target))
    if want_code != have_code:
        return "inline code changed: " + ", ".join(
            sorted((want_code - have_code).elements()) or sorted(have_code.elements())
        )
    s_no = _MD_LINK_RE.sub("", _MD_CODE_RE.sub("", source))
    t_no = _MD_LINK_RE.sub("", _MD_CODE_RE.sub("", target))
    if len(_MD_STRONG_RE.findall(s_no)) != len(_MD_STRONG_RE.findall(t_no)):
        return "strong emphasis markers (** or __) differ from the source"
    s_em = len(_MD_EM_RE.findall(_MD_STRONG_RE.sub("", s_no)))
    t_em = len(_MD_EM_RE.findall(_MD_STRONG_RE.sub("", t_no)))
    if s_em != t_em:
        return "emphasis markers (* or _) differ from the source"
    return None


_PLACEHOLDER_CHARS_RE = re.compile("[%{<\u27e6]")
_PLACEHOLDER_RE = re.compile(
    r"%(?:\([\w.]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifuxXeEgGcr%]|\{\{[^{}]*\}\}|\{[\w.:!]*\}"
    r"|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|\u27e6[^\u27e7]*\u27e7"
)


@register(
    "placeholders",
    "error",
    "Masked tokens, format placeholders and markup tags of the source are kept.",
    kind="pair",
    group="fidelity",
)
def placeholders(source: str, target: str, lang: str) -> str | None:
    if not _PLACEHOLDER_CHARS_RE.search(source) and not _PLACEHOLDER_CHARS_RE.search(target):
        return None
    want = Counter(_PLACEHOLDER_RE.findall(source))
    have = Counter(_PLACEHOLDER_RE.findall(target))
    if want == have:
        return None
    return "placeholders differ: " + _difference(want, have, " ")


# ---------------------------------------------------------------------------------------------
# brackets and quotes

_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


_BRACKET_RE = re.compile(r"[()\[\]{}]")
_QUOTE_CHARS_RE = re.compile('[«»“”„‹›"]')


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for ch in _BRACKET_RE.findall(text):
        if ch in _PAIRS:
            stack.append(ch)
        elif ch in _CLOSERS:
            if not stack or stack.pop() != _CLOSERS[ch]:
                return False
    return not stack


_QUOTE_PAIRS = (("«", "»"), ("“", "”"), ("„", "“"), ("‹", "›"))


def _quotes_ok(text: str) -> bool:
    if text.count("«") != text.count("»") or text.count("‹") != text.count("›"):
        return False
    if "„" not in text and text.count("“") != text.count("”"):
        return False
    return text.count('"') % 2 == 0


@register(
    "brackets",
    "warning",
    "Brackets and quotation marks are balanced.",
    kind="pair",
    group="fidelity",
)
def brackets(source: str, target: str, lang: str) -> str | None:
    if not _BRACKET_RE.search(target) and not _QUOTE_CHARS_RE.search(target):
        return None  # nothing to unbalance
    if _balanced(source) and not _balanced(target):
        return "unbalanced brackets in the translation"
    if _quotes_ok(source) and not _quotes_ok(target):
        return "unbalanced quotation marks in the translation"
    return None


# ---------------------------------------------------------------------------------------------
# punctuation and spacing

_TRAILING_CLOSERS = "\"'»”’)]›“"
_END_CLASS = {
    ".": ".",
    "。": ".",
    "۔": ".",
    "?": "?",
    "؟": "?",
    "？": "?",
    "!": "!",
    "！": "!",
    ":": ":",
    "：": ":",
    "…": "…",
}


def _end(text: str) -> str | None:
    if text.rstrip()[-1:] in _TRAILING_CLOSERS:
        return "quoted"  # the mark before a closing quote belongs to the quotation
    stripped = text.rstrip()
    if stripped.endswith("..."):
        return "…"
    return _END_CLASS.get(stripped[-1:]) if stripped else None


def _last_mark(text: str) -> str:
    return text.rstrip().rstrip(_TRAILING_CLOSERS).rstrip()[-1:]


@register(
    "end-punctuation",
    "warning",
    "The translation ends like the source (. ? ! : …), with the language's marks "
    "(Arabic ؟ and ،).",
    kind="pair",
    group="fidelity",
)
def end_punctuation(source: str, target: str, lang: str) -> str | None:
    want = _end(source)
    have = _end(target)
    base = lang.split("_")[0]
    if base in ("ar", "fa", "ur") and _last_mark(target) == "?":
        return "Arabic-script question mark should be '؟', not '?'"
    if want == have or "quoted" in (want, have):
        return None
    if want is None:
        return f"the translation ends with '{_last_mark(target)}' but the source does not"
    if have is None:
        return f"the source ends with '{_last_mark(source)}' but the translation does not"
    return (
        f"the source ends with '{_last_mark(source)}', the translation with '{_last_mark(target)}'"
    )


_FR_BAD_RE = re.compile(
    r"(?<=[\w»\)])([?!:;])(?=\s|$)|«(?=[^\s\u00a0\u202f])|(?<=[^\s\u00a0\u202f])»"
)


@register(
    "french-spacing",
    "warning",
    "French: a (no-break) space before ? ! : ; » and after «.",
    kind="pair",
    group="fidelity",
)
def french_spacing(source: str, target: str, lang: str) -> str | None:
    if lang.split("_")[0] != "fr":
        return None
    clean = _URL_RE.sub("", target)
    clean = re.sub(r"\d:\d", "", clean)
    match = _FR_BAD_RE.search(clean)
    if match:
        return f"French typography: no space at '{match.group(0)}' (use a no-break space)"
    return None


@register(
    "whitespace",
    "warning",
    "Leading and trailing white space of the translation matches the source.",
    kind="pair",
    group="fidelity",
)
def whitespace(source: str, target: str, lang: str) -> str | None:
    def lead(t: str) -> str:
        return t[: len(t) - len(t.lstrip())]

    def trail(t: str) -> str:
        return t[len(t.rstrip()) :]

    if lead(source) != lead(target):
        return "leading white space differs from the source"
    if trail(source) != trail(target):
        return "trailing white space differs from the source"
    return None


@register(
    "double-space",
    "warning",
    "No double spaces inside the translation.",
    kind="pair",
    group="fidelity",
)
def double_space(source: str, target: str, lang: str) -> str | None:
    if "  " in target.strip() and "  " not in source.strip():
        return "double space in the translation"
    return None


# a word, white space and the same word (case aside), as "(?<!\w)(\w+)\s+\1(?!\w)" finds it in
# the text, found in " " + the text: the word after a non-word character is a word that
# starts there. A pattern that starts with a character class lets the engine skip to the next
# non-word character (a try at a few places rather than at every one); the runs are
# possessive (a shorter word or space run could never be followed by what comes next, so no
# backtracking is lost).
_REPEAT_GATE_RE = re.compile(r"\W(\w++)\s++\1\b", re.IGNORECASE)


@register(
    "repeated-word",
    "warning",
    'No word repeated twice in a row ("the the").',
    kind="pair",
    group="fidelity",
)
def repeated_word(source: str, target: str, lang: str) -> str | None:
    for match in _REPEAT_GATE_RE.finditer(" " + target):  # see _REPEAT_GATE_RE
        word = match.group(1)
        if word.isdigit():
            continue
        if re.search(
            rf"(?<!\w){re.escape(word)}\s+{re.escape(word)}(?!\w)", source, re.IGNORECASE
        ):
            continue
        return f"repeated word: '{match.group(0)[1:]}'"
    return None


_LETTERS_RE = re.compile(r"[^\W\d_]{2,}")


@register(
    "identical",
    "warning",
    "The translation is not a copy of the source (three words or more).",
    kind="pair",
    group="fidelity",
)
def identical(source: str, target: str, lang: str) -> str | None:
    if source.strip() == target.strip() and len(_LETTERS_RE.findall(source)) >= 3:
        return "translation is identical to the source"
    return None


@register(
    "length-ratio",
    "info",
    "The translation's length is within 1/3 and 3 times the source's (sources of 20+ characters).",
    kind="pair",
    group="fidelity",
)
def length_ratio(source: str, target: str, lang: str) -> str | None:
    if len(source) < 20:
        return None
    ratio = len(target) / len(source)
    if ratio < 1 / 3 or ratio > 3:
        return f"translation is {ratio:.2f}× the length of the source"
    return None


_SCRIPT_RANGES = {
    "Cyrillic": "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f",
    "Arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "Greek": "\u0370-\u03ff\u1f00-\u1fff",
    "Hebrew": "\u0590-\u05ff\ufb1d-\ufb4f",
    "Georgian": "\u10a0-\u10ff\u2d00-\u2d2f",
    "Armenian": "\u0530-\u058f",
    "Latin": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
}
_SCRIPT_LANGS = {
    "Cyrillic": ("ru", "uk", "be", "bg", "kk", "ky", "sr", "mk", "mn", "tg"),
    "Arabic": ("ar", "fa", "ur", "ps"),
    "Greek": ("el",),
    "Hebrew": ("he", "yi"),
    "Georgian": ("ka",),
    "Armenian": ("hy",),
    "Latin": (
        "az",
        "tr",
        "fr",
        "de",
        "es",
        "it",
        "pt",
        "nl",
        "sv",
        "da",
        "nb",
        "fi",
        "et",
        "hu",
        "pl",
        "cs",
        "sk",
        "ro",
        "lt",
        "lv",
        "sl",
        "hr",
        "bs",
        "uz",
        "tk",
        "id",
        "ms",
        "vi",
        "en",
    ),
}
_ASCII_LETTER_RE = re.compile("[A-Za-z]")
_OTHER_SCRIPT_RE = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f"
    "\u08a0-\u08ff\u10a0-\u10ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\ufb1d-\ufdff"
    "\ufe70-\ufeff]"
)
_SCRIPT_OF = {lang: script for script, langs in _SCRIPT_LANGS.items() for lang in langs}
_SCRIPT_RE = {script: re.compile(f"[{chars}]") for script, chars in _SCRIPT_RANGES.items()}
_LETTER_RE = re.compile(r"[^\W\d_]")


@register(
    "script",
    "warning",
    "Most letters of the translation are in the language's script (a Russian text "
    "that is mostly Latin is wrong).",
    kind="pair",
    group="fidelity",
)
def script(source: str, target: str, lang: str) -> str | None:
    expected = _SCRIPT_OF.get(lang.split("_")[0])
    if expected is None:
        return None
    if expected == "Latin" and (target.isascii() or not _OTHER_SCRIPT_RE.search(target)):
        return None  # no letter of the scripts that get mixed into Latin text
    if expected != "Latin" and not _ASCII_LETTER_RE.search(target):
        return None  # no Latin letter at all (other scripts are rare in news text)
    # URLs, e-mails, code and placeholders are Latin in every language
    target = _PLACEHOLDER_RE.sub(
        "", _MD_CODE_RE.sub("", _EMAIL_RE.sub("", _URL_RE.sub("", target)))
    )
    letters = len(_LETTER_RE.findall(target))
    if letters < 8:
        return None
    own = len(_SCRIPT_RE[expected].findall(target))
    if own * 2 < letters:
        return f"only {100 * own // letters}% of the letters are {expected}"
    return None


_PROVIDER_WARNINGS = re.compile(
    r"MYMEMORY WARNING|YOU USED ALL AVAILABLE FREE TRANSLATIONS|QUERY LENGTH LIMIT EXCEED"
    r"|PLEASE SELECT TWO DISTINCT LANGUAGES|INVALID LANGUAGE PAIR|IS AN INVALID TARGET LANGUAGE"
    r"|NO QUERY SPECIFIED|TOO MANY REQUESTS|Quota Exceeded|Error 429",
    re.IGNORECASE,
)


def _provider_words(text: str) -> bool:
    """``provider_warning``'s own pre-test: a word of one of the warnings is in ``text``."""
    upper = text.upper()
    return (
        "MYMEMORY" in upper
        or "FREE TRANSLATIONS" in upper
        or "QUERY LENGTH" in upper
        or "DISTINCT LANGUAGES" in upper
        or "LANGUAGE PAIR" in upper
        or "INVALID TARGET" in upper
        or "NO QUERY" in upper
        or "TOO MANY REQUESTS" in upper
        or "QUOTA" in upper
        or "ERROR 429" in upper
    )


@register(
    "provider-warning",
    "error",
    "No warning text of a translation provider (e.g. MyMemory's quota notice) left in "
    "a translation.",
    kind="pair",
    group="fidelity",
)
def provider_warning(source: str, target: str, lang: str) -> str | None:
    if not _provider_words(target):
        return None  # none of the words of the warnings
    match = _PROVIDER_WARNINGS.search(target)
    if match and not _PROVIDER_WARNINGS.search(source):
        return f"provider warning left in the translation: '{match.group(0)}'"
    return None


# ---------------------------------------------------------------------------------------------
# running the pair checks of one language over many entries

_SOURCE_MEMO_MAX = 5_000  # articles come one by one: their languages repeat the sources
_SOURCE_MEMO: dict[str, tuple[Any, ...]] = {}  # shared by the runners of every language


def _source_facts(source: str) -> tuple[Any, ...]:
    """What the pre-tests need of a source text (the same source comes once per language)."""
    digits = None if _OTHER_DIGIT_RE.search(source) else _ASCII_DIGITS_RE.findall(source)
    last = source[-1:]
    return (
        digits,
        "@" in source or "://" in source or "www." in source,
        _MD_CHARS_RE.search(source) is not None,
        _PLACEHOLDER_CHARS_RE.search(source) is not None,
        _end(source),
        source[:1].isspace() or source[-1:].isspace(),
        source.strip(),
        len(source),
        # the last character when ``_end`` of a text ending with the same one is surely
        # the same (not white space, not a closing quote or bracket), else None; and
        # whether the source ends with "..." (a final "." is "…" then)
        last if last and not last.isspace() and last not in _TRAILING_CLOSERS else None,
        source.endswith("..."),
    )


# the condition under which each check of this module must be called (its pre-test, negated),
# as an expression over the names bound in ``pair_runner``'s generated function; ``f_…`` names
# are facts about all the translations of the call (see ``_FILE_FACTS``)
_GATES = {
    "numbers": "(s_digits is None or ((s_digits or not marks.isdisjoint(digit_chars)) "
    "and digit_runs(target) != s_digits))",
    "urls": "s_url",
    "markdown": "s_md or not marks.isdisjoint(md_chars)",
    "placeholders": "s_ph or not marks.isdisjoint(ph_chars)",
    "brackets": "not marks.isdisjoint(bracket_chars)",
    # the same last character (and the same "..." ending) gives the same ``_end``
    "end-punctuation": "arabic or (s_end != 'quoted' and (target[-1:] != s_last "
    "or (s_last == '.' and (target[-3:] == '...') != s_dots)) "
    "and end_of(target) not in (s_end, 'quoted'))",
    "french-spacing": "not marks.isdisjoint(fr_chars)",
    "whitespace": "s_space or target[:1].isspace() or target[-1:].isspace()",
    "double-space": "'  ' in target",
    "repeated-word": "repeat_search(' ' + target)",
    "identical": "target.strip() == s_stripped",
    "length-ratio": "s_len >= 20 and not (1 / 3 <= len(target) / s_len <= 3)",
    "script": "f_script and not (latin and target.isascii())",
    "provider-warning": "f_provider",
}
# facts about the translations of one call, joined by NUL (each holds for the joined text
# whenever it holds for one of the translations: the gates stay implied)
_FILE_FACTS = {
    # ``script``: a Latin-script language needs a letter of the scripts mixed into Latin
    # text, any other a Latin letter
    "script": "f_script = (not joined.isascii() and other_script(joined) is not None) "
    "if latin else ascii_letter(joined) is not None",
    "provider-warning": "f_provider = provider_words(joined)",
}
# ``marks``: the set of the target's characters that one of the pre-tests above looks for
# (one scan of the target instead of one per check)
_DIGIT_CHARS = frozenset(
    "0123456789\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667"
    "\u0668\u0669\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7"
    "\u06f8\u06f9"
)
_MD_CHARS = frozenset("[`*_")  # _MD_CHARS_RE
_PH_CHARS = frozenset("%{<\u27e6")  # _PLACEHOLDER_CHARS_RE
_BRACKET_CHARS = frozenset('()[]{}«»“”„‹›"')  # _BRACKET_RE and _QUOTE_CHARS_RE
_FR_CHARS = frozenset("?!:;«»")  # what _FR_BAD_RE needs
_MARKS_RE = re.compile(
    "["
    + re.escape("".join(sorted(_DIGIT_CHARS | _MD_CHARS | _PH_CHARS | _BRACKET_CHARS | _FR_CHARS)))
    + "]"
)
# ASCII digit runs and Arabic-Indic digits together: equal to the source's ASCII digit runs
# exactly when the target's ASCII runs are those and it has no other digit
_DIGIT_RUNS_RE = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9][0-9\u0660-\u0669\u06f0-\u06f9]*")


def pair_runner(checks: list[Any], lang: str):  # type: ignore[no-untyped-def]
    """A function ``[(source, target), …] -> [[(check id, message), …], …]`` that runs
    ``checks`` (pair checks, in their order) for ``lang`` on each pair, giving for each what
    calling every ``check.func`` gives.

    The checks of this module are called only when a cheap pre-test cannot rule a finding out
    (each pre-test is implied by the check's own first return of None); some pre-tests look
    once at all the translations of the call (a file's), the others at each pair; facts about
    the source are memoised, as every language's catalog repeats the same sources. Other pair
    checks are always called. The function is generated as straight-line code for the enabled
    checks (it runs the loop over every translated entry: a loop over the checks with a
    dispatch on each id costs as much as the pre-tests themselves)."""
    base = lang.split("_")[0]
    expected_script = _SCRIPT_OF.get(base)
    known = {
        "numbers": numbers,
        "urls": urls,
        "markdown": markdown,
        "placeholders": placeholders,
        "brackets": brackets,
        "end-punctuation": end_punctuation,
        "french-spacing": french_spacing,
        "whitespace": whitespace,
        "double-space": double_space,
        "repeated-word": repeated_word,
        "identical": identical,
        "length-ratio": length_ratio,
        "script": script,
        "provider-warning": provider_warning,
    }
    namespace: dict[str, Any] = {
        "memo": _SOURCE_MEMO,
        "memo_max": _SOURCE_MEMO_MAX,
        "source_facts": _source_facts,
        "digit_runs": _DIGIT_RUNS_RE.findall,
        "marks_of": _MARKS_RE.findall,
        "digit_chars": _DIGIT_CHARS,
        "md_chars": _MD_CHARS,
        "ph_chars": _PH_CHARS,
        "bracket_chars": _BRACKET_CHARS,
        "fr_chars": _FR_CHARS,
        "end_of": _end,
        "repeat_search": _REPEAT_GATE_RE.search,
        "other_script": _OTHER_SCRIPT_RE.search,
        "ascii_letter": _ASCII_LETTER_RE.search,
        "provider_words": _provider_words,
        "latin": expected_script == "Latin",
        "arabic": base in ("ar", "fa", "ur"),
        "lang": lang,
    }
    prelude: list[str] = []
    checks_code: list[str] = []
    for index, check in enumerate(checks):
        gate = _GATES.get(check.id) if known.get(check.id) is check.func else None
        if check.id == "french-spacing" and gate is not None and base != "fr":
            continue  # the check says nothing outside French
        if check.id == "script" and gate is not None and expected_script is None:
            continue
        if gate is not None and check.id in _FILE_FACTS:
            prelude.append("    " + _FILE_FACTS[check.id])
        namespace[f"func_{index}"] = check.func
        namespace[f"id_{index}"] = check.id
        indent = "        "
        if gate is not None:
            checks_code.append(f"        if {gate}:")
            indent = "            "
        checks_code.append(f"{indent}message = func_{index}(source, target, lang)")
        checks_code.append(f"{indent}if message:")
        checks_code.append(f"{indent}    out.append((id_{index}, message))")
    body = ["def run(pairs):"]
    if prelude:
        body.append("    joined = '\\x00'.join([pair[1] for pair in pairs])")
        body += prelude
    body += [
        "    results = []",
        "    for source, target in pairs:",
        "        facts = memo.get(source)",
        "        if facts is None:",
        "            if len(memo) >= memo_max:",
        "                memo.clear()",
        "            facts = memo[source] = source_facts(source)",
        "        (s_digits, s_url, s_md, s_ph, s_end, s_space, s_stripped, s_len, s_last,",
        "         s_dots) = facts",
        "        marks = set(marks_of(target))",
        "        out = []",
    ]
    body += checks_code
    body += ["        results.append(out)", "    return results"]
    exec(compile("\n".join(body), f"<pair checks for {lang}>", "exec"), namespace)
    return namespace["run"]
