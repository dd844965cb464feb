"""Is an engine's reply a translation at all? Checked for every engine before a reply is cached
or becomes a draft.

Engines do not always fail with an error status: some answer HTTP 200 with a message in place
of the translation ("Error: daily quota exceeded. Please upgrade your plan.", MyMemory's
"MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS…"), an HTML page, or something of
the wrong size or script. A reply is refused, and the entry stays untranslated with
``# tmflow: mt rejected: <reason>``, when:

* **it reads like a service message**: one of :data:`SERVICE_MESSAGES` (quota, rate-limit,
  key, payment and error phrasings of the engines tmflow speaks to, and of the proxies and
  gateways in front of them) occurs in the reply but not in the source. The list is maintained
  here, one phrasing per line, each specific enough that a translated sentence does not use it;
* **it is much longer than its source**: longer than ``RATIO`` times the usual length of a
  translation for the language pair plus ``SLACK`` characters. The usual lengths
  (:data:`LENGTH_FACTORS`, characters per English character) are the medians measured on the
  FLORES-200, NTREX-128 and WMT news references for az, ar, de, es, fr, ru, tr and uk; with
  ``RATIO = 3`` and ``SLACK = 40``, none of those 43,706 professional translations is refused
  as too long (their extreme is 4.9× the source on a 21-character sentence;
  ``bench/bench_draft.py --replies`` runs every check on them: the only refusals are 12 lines of
  mojibake in one WMT reference file, rightly in the wrong script);
* **it is in the wrong script**: its letters (those of words that are not in the source, so
  that names kept in Latin letters do not count) are mostly in a script the target language is
  not written in (:data:`SCRIPTS`), judged only on at least ``MIN_LETTERS`` letters.

Service messages (and answers too large to read, refused by the HTTP layer) count as failures of
the engine for the scheduler: a service that answers every request with its quota message is
stopped after a bounded number of them, not asked for every segment.

Script names come from the Unicode character names in :mod:`unicodedata` (``CYRILLIC SMALL
LETTER A``…), which the standard library keeps in step with Unicode.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tmflow.core.languages import normalise_code
from tmflow.steps.mt.scheduler import Rejected

# One phrasing per line; matched without regard to case, anywhere in the reply.
SERVICE_MESSAGES = re.compile(
    "|".join(
        [
            # MyMemory (its warnings come back as the "translation")
            r"MYMEMORY WARNING",
            r"YOU USED ALL AVAILABLE FREE TRANSLATIONS",
            r"QUERY LENGTH LIMIT EXCEEDED",
            r"INVALID LANGUAGE PAIR",
            r"PLEASE SELECT TWO DISTINCT LANGUAGES",
            r"NO QUERY SPECIFIED",
            r"IS AN INVALID (?:TARGET|SOURCE) LANGUAGE",
            # quotas and plans (DeepL, Google Cloud, Microsoft, Yandex, LibreTranslate portals)
            r"\bquota (?:has been |was )?(?:exceeded|used up|reached|exhausted)",
            r"exceeded (?:your |the )?(?:current |daily |monthly )?quota",
            r"\bdaily (?:limit|quota) (?:exceeded|reached)",
            r"\b(?:user )?rate limit (?:exceeded|reached)",
            r"\btoo many requests\b",
            r"\btoo many request limits violations\b",
            r"\bout of call volume quota\b",
            r"\bupgrade (?:your|to a) (?:paid )?(?:plan|account|subscription)",
            r"\binsufficient (?:balance|credits?|quota|funds)\b",
            r"\bpayment required\b",
            r"\bget an api key\b",
            # keys and access
            r"\bapi[ _-]?key (?:is )?(?:invalid|not valid|missing|expired|blocked|required)",
            r"\binvalid (?:api[ _-]?)?(?:key|token|credentials)\b",
            r"\bauthentication (?:failed|required)\b",
            r"\b(?:access denied|unauthori[sz]ed request)\b",
            # servers, gateways and proxies in front of them
            r"\binternal server error\b",
            r"\bservice (?:is )?(?:temporarily )?unavailable\b",
            r"\bbad gateway\b",
            r"\bgateway time-?out\b",
            r"\bplease try again later\b",
            r"\bunusual traffic from your computer network\b",
            r"<!doctype html|<html[\s>]|<body[\s>]",
            r"^\s*(?:error|exception)\s*(?:\d{3})?\s*:",
        ]
    ),
    re.IGNORECASE,
)

# Every phrasing above contains one of these (lower case): a reply with none of them is no
# service message, and the slow search of the whole list is skipped.
_CUES = (
    "mymemory",
    "translations",
    "query",
    "language",
    "quota",
    "limit",
    "requests",
    "upgrade",
    "insufficient",
    "payment",
    "api",
    "key",
    "token",
    "credentials",
    "authentication",
    "access denied",
    "unauthori",
    "server error",
    "unavailable",
    "gateway",
    "try again",
    "unusual traffic",
    "<!doctype",
    "<html",
    "<body",
    "error",
    "exception",
)

RATIO = 3.0
SLACK = 40
MIN_LETTERS = 12

# characters of a translation per character of English, measured on news references (medians)
LENGTH_FACTORS: dict[str, float] = {
    "en": 1.0,
    "ar": 0.90,
    "az": 1.09,
    "de": 1.18,
    "es": 1.15,
    "fr": 1.18,
    "ru": 1.09,
    "tr": 1.04,
    "uk": 1.04,
    # scripts that pack more into a character (rough; they only tighten or loosen the bound)
    "zh": 0.30,
    "ja": 0.45,
    "ko": 0.45,
}
DEFAULT_FACTOR = 1.2

_LATIN = frozenset({"LATIN"})
_CYRILLIC = frozenset({"CYRILLIC"})
# target language -> the scripts it is written in (Unicode names' first word)
SCRIPTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        (
            "en az tr fr de es it pt nl sv da nb fi et hu hr bs pl cs sk ro lt lv sl id ms vi tk"
        ).split(),
        _LATIN,
    ),
    **dict.fromkeys("ru uk be bg ky".split(), _CYRILLIC),
    **dict.fromkeys("sr kk uz".split(), frozenset({"LATIN", "CYRILLIC"})),
    **dict.fromkeys("ar fa ur".split(), frozenset({"ARABIC"})),
    "he": frozenset({"HEBREW"}),
    "el": frozenset({"GREEK"}),
    "ka": frozenset({"GEORGIAN"}),
    "hy": frozenset({"ARMENIAN"}),
    "hi": frozenset({"DEVANAGARI"}),
    "bn": frozenset({"BENGALI"}),
    "th": frozenset({"THAI"}),
    "zh": frozenset({"CJK"}),
    "ja": frozenset({"CJK", "HIRAGANA", "KATAKANA"}),
    "ko": frozenset({"HANGUL", "CJK"}),
}

_LETTERS = re.compile(r"[^\W\d_]+")  # runs of letters
_TOKEN = re.compile(r"[{｛]\s*[0-9０-９]+\s*[}｝]")


@lru_cache(maxsize=256)
def _base(lang: str) -> str:
    return normalise_code(lang).split("_")[0].split("@")[0]


def check_reply(source: str, reply: str, source_lang: str, target_lang: str) -> Rejected | None:
    """Why ``reply`` (to the masked ``source``) is not a translation into ``target_lang``, or
    None when it may be one."""
    service = service_message(reply, source)
    if service is not None:
        return Rejected(f"service message instead of a translation ({service})", service=True)
    bound = longest_reply(source, source_lang, target_lang)
    if len(reply) > bound:
        return Rejected(
            f"reply much longer than the source ({len(reply):,} characters for {len(source):,})"
        )
    script = wrong_script(source, reply, target_lang)
    if script is not None:
        return Rejected(f"reply in the wrong script ({script})")
    return None


def service_message(reply: str, source: str = "") -> str | None:
    """The start of ``reply``, quoted, when it reads like a message of the service (and the
    source does not say the same)."""
    low = reply.lower()
    if not any(cue in low for cue in _CUES) or SERVICE_MESSAGES.search(reply) is None:
        return None
    if SERVICE_MESSAGES.search(source):
        return None
    return quote(reply)


def quote(text: str, limit: int = 40) -> str:
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\s]+", " ", text).strip()
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f'"{text}"'


def longest_reply(source: str, source_lang: str, target_lang: str) -> int:
    """The longest reply (in characters) taken as a translation of ``source``."""
    src = LENGTH_FACTORS.get(_base(source_lang), DEFAULT_FACTOR)
    tgt = LENGTH_FACTORS.get(_base(target_lang), DEFAULT_FACTOR)
    return int(RATIO * tgt / src * len(source)) + SLACK


_SCRIPT_OF: dict[str, str] = {}


def _script(char: str) -> str:
    script = _SCRIPT_OF.get(char)
    if script is None:
        name = unicodedata.name(char, "")
        script = name.split(" ", 1)[0] if name else ""
        if len(_SCRIPT_OF) < 65536:
            _SCRIPT_OF[char] = script
    return script


def wrong_script(source: str, reply: str, target_lang: str) -> str | None:
    """``"Latin, expected Cyrillic"`` when the reply's own letters are mostly in a script
    ``target_lang`` is not written in; None when they are not, or when there is too little to
    judge or nothing is known of the language."""
    expected = SCRIPTS.get(_base(target_lang))
    if expected is None or (reply.isascii() and "LATIN" in expected):
        return None
    known = {word.casefold() for word in _LETTERS.findall(source)}
    counts: dict[str, int] = {}
    for word in _LETTERS.findall(_TOKEN.sub(" ", reply)):
        if word.casefold() not in known:  # (a run of letters is of one script, in practice)
            script = _script(word[0])
            counts[script] = counts.get(script, 0) + len(word)
    letters = sum(counts.values())
    if letters < MIN_LETTERS:
        return None
    right = sum(n for script, n in counts.items() if script in expected)
    if right * 2 >= letters:
        return None
    found = max(counts, key=lambda s: counts[s])
    return f"{found.title()}, expected {' or '.join(sorted(s.title() for s in expected))}"
