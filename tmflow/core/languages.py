"""Facts about languages that tmflow needs: names, plural forms, script direction, joiners.

The plural-form expressions follow GNU gettext's and Unicode CLDR's conventions (the ones Poedit
and Weblate write), so headers tmflow writes match what reviewers' editors expect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    plural_forms: str
    rtl: bool = False
    # Text placed between two sentences of one paragraph when a build joins them.
    sentence_joiner: str = " "


_ONE = "nplurals=1; plural=0;"
_TWO = "nplurals=2; plural=(n != 1);"
_TWO_FR = "nplurals=2; plural=(n > 1);"
_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
_ARABIC = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5);"
)

LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in [
        Language("en", "English", _TWO),
        Language("az", "Azerbaijani", _TWO),
        Language("ru", "Russian", _SLAVIC),
        Language("tr", "Turkish", _TWO),
        Language("fr", "French", _TWO_FR),
        Language("ar", "Arabic", _ARABIC, rtl=True),
        Language("de", "German", _TWO),
        Language("es", "Spanish", _TWO),
        Language("it", "Italian", _TWO),
        Language("pt", "Portuguese", _TWO),
        Language("pt_BR", "Portuguese (Brazil)", _TWO_FR),
        Language("nl", "Dutch", _TWO),
        Language("sv", "Swedish", _TWO),
        Language("da", "Danish", _TWO),
        Language("nb", "Norwegian Bokmål", _TWO),
        Language("fi", "Finnish", _TWO),
        Language("et", "Estonian", _TWO),
        Language("el", "Greek", _TWO),
        Language("hu", "Hungarian", _TWO),
        Language("bg", "Bulgarian", _TWO),
        Language("ka", "Georgian", _TWO),
        Language("hy", "Armenian", _TWO_FR),
        Language("kk", "Kazakh", _TWO),
        Language("ky", "Kyrgyz", _TWO),
        Language("uz", "Uzbek", _TWO),
        Language("tk", "Turkmen", _TWO),
        Language("uk", "Ukrainian", _SLAVIC),
        Language("be", "Belarusian", _SLAVIC),
        Language("sr", "Serbian", _SLAVIC),
        Language("hr", "Croatian", _SLAVIC),
        Language("bs", "Bosnian", _SLAVIC),
        Language(
            "pl",
            "Polish",
            "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && "
            "(n%100<10 || n%100>=20) ? 1 : 2);",
        ),
        Language("cs", "Czech", "nplurals=3; plural=((n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2);"),
        Language("sk", "Slovak", "nplurals=3; plural=((n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2);"),
        Language(
            "ro",
            "Romanian",
            "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
        ),
        Language(
            "lt",
            "Lithuanian",
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
            "(n%100<10 || n%100>=20) ? 1 : 2);",
        ),
        Language(
            "lv", "Latvian", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"
        ),
        Language(
            "sl",
            "Slovenian",
            "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
        ),
        Language("he", "Hebrew", _TWO, rtl=True),
        Language("fa", "Persian", _TWO_FR, rtl=True),
        Language("ur", "Urdu", _TWO, rtl=True),
        Language("hi", "Hindi", _TWO),
        Language("bn", "Bengali", _TWO),
        Language("id", "Indonesian", _ONE),
        Language("ms", "Malay", _ONE),
        Language("vi", "Vietnamese", _ONE),
        Language("th", "Thai", _ONE, sentence_joiner=""),
        Language("zh", "Chinese", _ONE, sentence_joiner=""),
        Language("zh_CN", "Chinese (Simplified)", _ONE, sentence_joiner=""),
        Language("zh_TW", "Chinese (Traditional)", _ONE, sentence_joiner=""),
        Language("ja", "Japanese", _ONE, sentence_joiner=""),
        Language("ko", "Korean", _ONE),
    ]
}

_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2}|@[a-z]+)?$")


def normalise_code(code: str) -> str:
    """``pt-br`` → ``pt_BR``; other codes unchanged except case of the parts."""
    code = code.strip().replace("-", "_")
    if "_" in code:
        base, region = code.split("_", 1)
        return f"{base.lower()}_{region.upper()}"
    return code.lower()


def get_language(code: str) -> Language | None:
    """Known language for ``code`` (exact, then its base language), or None."""
    code = normalise_code(code)
    if code in LANGUAGES:
        return LANGUAGES[code]
    base = code.split("_")[0].split("@")[0]
    known = LANGUAGES.get(base)
    if known is None:
        return None
    return Language(code, known.name, known.plural_forms, known.rtl, known.sentence_joiner)


def is_valid_code(code: str) -> bool:
    return bool(_CODE.match(normalise_code(code))) and get_language(code) is not None


def plural_forms(code: str) -> str:
    lang = get_language(code)
    return lang.plural_forms if lang else _TWO


def nplurals(code: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms(code))
    return int(match.group(1)) if match else 2
