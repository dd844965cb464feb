"""Sentence segmentation of source articles (plain text and Markdown), lossless by construction.

Every segment is a character span ``source[start:end]`` of the decoded source; the text between
spans (white space, list markers, Markdown syntax outside inline content, code blocks, HTML) is
never part of a segment. Build replaces spans with translations and keeps everything else byte
for byte, so spans are in document order and never overlap.

Choice of segmenter
-------------------
tmflow uses its own rule-based sentence splitter rather than wrapping a library. Measured with
``python bench/compare_segmenters.py`` on tmflow's case set (``tests/fixtures/segmentation/
cases.tsv``: 194 cases in en, ru, tr, fr, de, az, ar; a case counts only when the whole split is
right), on 35 held-out cases written after the first rules (``heldout.tsv``) and on the 210
paragraph cases of ``realtext.tsv`` (held-out excerpts of professional translations and
sentences on the model of news, written before the rules were changed for them); speed in CPU
time on English news text, and on 1 MB of dots::

    segmenter          en    ru    tr    fr    de    az    ar    all  held-out  real   sent/s  1 MB dots
    pysbd 0.3.4        95%   67%   92%   80%   92%   88%   75%  84.5%   82.9%  71.0%   ~2,100      3.3 s
    sentencex 1.0.32   95%   70%   84%   80%   88%   92%   79%  84.5%   77.1%  74.8% ~201,000     0.01 s
    yasbd-lib 1.0.4    95%   90%   96%   88%  100%   96%   88%  93.3%   88.6%  81.9%   ~5,500     > 20 s
    tmflow            100%  100%  100%  100%  100%  100%  100%   100%    100%   100%  ~77,000     0.05 s

The case set was written together with these rules, so tmflow's 100 % there is an upper bound;
the held-out figures are the fairer ones (94.3 % and 74.4 % before the rules for real text:
the Moses lists, the classes of ``abbreviations``, headings on a line of their own; the
boundary benchmark on FLORES-200 and NTREX-128, ``bench/bench_segment_real.py``, checks that
they carry over: boundary F1 99.3–99.8 % in every language). ``unseen.tsv`` (244 paragraphs of
NTREX-128 articles that ``realtext.tsv`` does not quote, drawn before the rules of issue 15)
scored 98.4 % before those rules and 99.2 % after (Arabic 38/40 → 39/40). The
libraries' misses are the known traps: "1992 г. в", "«…!» продолжается", "« … ! » se
poursuit", caseless Arabic after a quoted title, dialogue dashes, "z. B.". None gives exact
spans in every language, none knows Markdown's inline markup, and tmflow's layer (project
abbreviations, overrides, protected spans) would have to run as a second pass anyway.
sentencex (Rust) is faster, but least accurate; pysbd and yasbd-lib are slow on pathological
input (pysbd also hangs: it is unmaintained). One pass of regular expressions with possessive
runs (linear: no backtracking over runs of dots or long words) and a small decision function
per candidate meets the speed target with room to spare.

The rules, for a candidate terminator (``.``, ``!``, ``?``, ``…``, ``؟``, runs of them, plus any
closing quotes, brackets and emphasis markers right after) followed by white space:

* the next word (after white space, opening quotes, brackets and dialogue dashes) starts with a
  lower-case letter → no break ("“Justice for Khojaly!” campaign", "— Идём! — сказал он");
  capitals are Unicode-aware (İ, Ə, Ё, É…); caseless scripts (Arabic) count as capitals;
* ``!``/``?`` and ellipses otherwise break, except a short quoted title inside a sentence of a
  caseless script ("حملة "العدالة لخوجالي!" عام");
* a lower-case word that holds a capital ("iPhone", "eBay") may start a sentence;
* a quotation followed by its verb of speech, in Arabic, is one sentence (``SPEECH_VERBS``);
  a short quotation after a verb of speech or a colon is speech, so its "?" or "!" ends a
  sentence, and only a short quotation after another word is a title inside one;
* an ellipsis right after a comma is a pause ("،…"); in Arabic a conjunction written apart
  after "!" goes on ("ياهو! و خدمات");
* a single dot after a closing quote or bracket breaks; after a ``never-ends`` abbreviation or
  one of Moses's non-breaking prefixes it does not; after a number abbreviation, street or
  month followed by a number ("No. 5", "Goethestr. 12", "Feb. 3") neither; not before the
  words an abbreviation ``JOINS`` ("v. Chr.", "p.m. ET"); ``may-end`` abbreviations, months
  and eras break before a capital; single capital letters (initials: "J. R. R. Tolkien",
  "А. С. Пушкин") do not break, unless a word of another script or (in English) a common
  sentence starter follows ("a grade A. The data"); Arabic spelled initials ("دي. كي. أريا")
  do not break unless و/ف and a verb follow ("بي. وقال"); dotted acronyms
  ("U.S.") break only before a common sentence starter ("…the U.S. He said") or a word of
  another script; one- or two-digit ordinals and Roman numerals do not break in languages
  that write ordinals so ("am 26. Februar", "Kraliçe II. Elizabeth");
* URLs, e-mail addresses and (in Markdown) inline code, links, images and inline HTML are
  protected: no break inside them.

Blocks
------
Plain text: paragraphs are separated by blank lines; hard-wrapped lines are joined; a line
starting with a dash, bullet or number ("- ", "• ", "3. ") starts its own unit (a list item; the
marker stays outside the span), unless hard-wrapping put it there (``_list_markers``); a single
short line (up to 120 characters) without final punctuation, followed by a blank line and more
text, is a heading, and so is a line without final punctuation followed by one line break and
a sentence, unless the paragraph is hard-wrapped (``_paragraph_blocks`` tells the two apart by
the width of the text). Headings are one segment each.

Markdown is parsed with markdown-it-py (CommonMark + tables); its line maps locate each block,
and each inline content line is found in its source line, so block quote markers and list
indentation between lines stay outside the text (they are masked as spaces before splitting:
the msgid of a hard-wrapped quote has no ``>`` in it). Translatable: headings, paragraphs, list
items, block quotes, table cells, an image's alt text (when the image is a paragraph of its
own; inside a sentence it stays in the sentence), front-matter values of the configured keys
(one segment per value, taken verbatim between its quotes: no YAML unescaping), titles of link
reference definitions. Not translatable: fenced and indented code, HTML blocks, other
front-matter keys. Content nested more than 20 block levels deep (quotes in lists in quotes…)
is an error naming its line (markdown-it leaves it out, and slows down steeply with depth):
nothing is left untranslated unseen. Inline parsing is skipped (only
block structure and raw inline content are used), which avoids markdown-it's quadratic inline
cases ("[[[[…").

Two shortcuts keep inputs of many short paragraphs within the time budget (1 MB in at most
1 s, ``python bench/bench_segment.py``), each giving exactly what the plain route gives
(``tests/steps/segment/test_segment_speedpaths.py`` compares them on generated inputs): Markdown made
only of blank lines and lines with a letter in the first column is a run of paragraphs for
CommonMark, so it is split at blank lines without markdown-it; and the pieces of a block body
depend on the body alone, so an identical paragraph seen before reuses them.

The folded ``text`` of a segment joins line breaks and runs of white space into one space; a
single no-break space (French typography, "10 000") is kept as it is.

Overrides
---------
Markdown, as HTML comments (invisible in rendered Markdown):

* ``<!-- tmflow: keep -->`` on its own line before a block: the block is one segment;
* ``<!-- tmflow: skip -->`` before a block: the block is not translated;
* ``<!-- tmflow: context NAME -->`` before a block: its segments get msgctxt ``NAME`` (to tell
  apart identical sentences that need different translations);
* ``<!-- tmflow: split -->`` inside a paragraph: a segment boundary at that point (the comment
  itself stays outside both segments).

Configuration, for any format (``[tool.tmflow.segmentation]``):

* ``keep-whole = { article = ["paragraph prefix", …] }``: paragraphs whose text starts with a
  prefix are one segment;
* ``split-after = { article = ["text fragment", …] }``: a boundary right after each occurrence
  of the fragment;
* ``never-ends`` / ``may-end = { lang = ["abbr.", …] }``: abbreviations added to the built-in
  lists of ``tmflow.steps.segment.segmenter.abbreviations``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tmflow.core.errors import SourceError, UsageError
from tmflow.core.model import BlockKind, Segment
from tmflow.io.config import SegmentationConfig
from tmflow.io.prefixes import nonbreaking_prefixes
from tmflow.io.sources import SourceDocument, read_source
from tmflow.steps.segment import abbreviations as abbr

if TYPE_CHECKING:
    from tmflow.io.config import Config
    from tmflow.steps.project import Article

FORMATS = ("text", "markdown")

# ---------------------------------------------------------------------------------------------
# sentence splitting

_TERM_CHARS = frozenset(".!?…؟‼⁇⁈⁉。！？۔")
_OPEN_CLASS = "\\s\"'“‘«„‹(\\[{¿¡*_—–‒―-"
# a run of terminators, closing quotes/brackets/emphasis right after, white space, then (after
# any opening quotes, brackets or dashes) the first significant character, captured as "nx"
_CANDIDATE = re.compile(
    r"(?<!\S)(?P<tok>\S*?)(?<![.!?…؟‼⁇⁈⁉。！？۔])(?P<term>[.!?…؟‼⁇⁈⁉。！？۔]++)"
    r"(?P<close>(?:[\"'”’»“‘)\]}›*_]|[ \u00a0\u202f\u2009]»)*+)"
    r"(?=\s)(?=[" + _OPEN_CLASS + r"]*(?P<nx>[^" + _OPEN_CLASS + r"]))"
)
_LEAD_SPACE = re.compile(r"\s*")
_CAMEL = re.compile(r"[a-z]{1,4}[A-Z]")
_OPENERS = "\"'“‘«„‹([{¿¡*_"
_CLOSERS = "\"'”’»)]}›*_“‘"
_OPEN_CLOSE = _OPENERS + _CLOSERS
_ACRONYM = re.compile(r"^(?:[^\W\d_]\.-?)+[^\W\d_]$")
_WORD = re.compile(r"[^\W\d_]+")
_QUOTE_PAIRS = {'"': '"', "»": "«", "”": "“", "’": "‘", "“": "„", "‘": "‚", "›": "‹"}
_ROMAN = re.compile(r"^[IVXLC]+$")
_HAS_CONTENT = re.compile(r"[^\W_]")

_URL = re.compile(r"(?:\b[a-zA-Z][a-zA-Z0-9+.-]{0,20}://|\bwww\.)[^\s<>\"]{1,2000}")
_URL_TRAIL = ".,;:!?)]}'\"”’»*_"
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_MD_CODE = re.compile(r"(`+)[^`]{0,2000}?\1")
_MD_LINK = re.compile(
    r"!?\[[^\[\]]{0,1000}\]\([^()\s]{0,2000}(?:\s+(?:\"[^\"]{0,1000}\"|'[^']{0,1000}'"
    r"|\([^()]{0,1000}\)))?\s*\)"
)
_MD_HTML = re.compile(r"<[^<>\n]{1,1000}>")
_SPLIT_COMMENT = re.compile(r"<!--\s*tmflow:\s*split\s*-->")

_FOLD = re.compile(r"\s{2,}|[^\S \u00a0\u202f\u2009]")


def fold_space(text: str) -> str:
    """Line breaks and runs of white space become one space; a lone no-break space stays."""
    return _FOLD.sub(" ", text)


def _norm_abbr(word: str) -> str:
    return re.sub(r"\s+", " ", word.strip().rstrip(".")).lower()


@dataclass(frozen=True)
class _Rules:
    language: str
    never: frozenset[str]
    may: frozenset[str]
    numbers: frozenset[str]
    after_number: frozenset[str]
    starters: frozenset[str]
    ordinals: bool
    # last word -> multi-word entries ending with it, for never/may
    never_multi: dict[str, tuple[str, ...]] = field(default_factory=dict)
    may_multi: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Moses's non-breaking prefixes, compared with their case
    moses: frozenset[str] = frozenset()
    moses_numeric: frozenset[str] = frozenset()
    street_suffixes: tuple[str, ...] = ()
    joins: dict[str, frozenset[str]] = field(default_factory=dict)
    # every form of a verb of speech (with its endings and و/ف), and the particles before one
    speech: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    # words right before a quotation that make it speech; و/ف + a verb that opens a sentence;
    # conjunctions written apart that continue a sentence after "!"
    introducers: frozenset[str] = frozenset()
    openers: frozenset[str] = frozenset()
    detached: frozenset[str] = frozenset()
    spelled: frozenset[str] = frozenset()
    # every lower-cased word of the lists above, and every word compared with its case: a
    # word in neither skips the list checks
    listed: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()


def _multi(entries: frozenset[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for entry in entries:
        if " " in entry:
            out.setdefault(entry.rsplit(" ", 1)[1], []).append(entry)
    return {k: tuple(v) for k, v in out.items()}


def _moses_entry(entry: str) -> bool:
    """Whether a Moses prefix is used: capital letters (initials), numbers and Roman numerals
    are left to tmflow's rules for initials and ordinals ("I" ends "…than I. He…")."""
    if len(entry) == 1:
        return entry.islower()
    return not entry.isdigit() and _ROMAN.match(entry) is None


@lru_cache(maxsize=64)
def _rules(language: str, never_extra: tuple[str, ...], may_extra: tuple[str, ...]) -> _Rules:
    base = language.split("_")[0]
    never_config = {_norm_abbr(w) for w in never_extra}
    may_config = {_norm_abbr(w) for w in may_extra}
    never = abbr.NEVER_ENDS.get(base, frozenset()) | abbr.LATIN_TITLES | never_config
    eras = abbr.ERAS.get(base, frozenset())
    months = abbr.MONTHS.get(base, frozenset())
    may = abbr.MAY_END.get(base, frozenset()) | eras | months | may_config
    may = may - never_config
    never = never - may_config
    numbers = (
        abbr.NUMBER_ABBREVIATIONS.get(base, frozenset())
        | abbr.STREETS.get(base, frozenset())
        | abbr.ERAS_BEFORE.get(base, frozenset())
        | months
    ) - may_config
    moses = nonbreaking_prefixes(base)
    excluded = abbr.MOSES_EXCLUDED.get(base, frozenset())
    verbs = abbr.SPEECH_VERBS.get(base, frozenset())
    endings = abbr.SPEECH_ENDINGS.get(base, ("",))
    forms = {verb + ending for verb in verbs for ending in endings}
    introducers = forms | {
        w + ending for w in abbr.SPEECH_INTRODUCERS.get(base, ()) for ending in endings
    }
    openers = {
        prefix + verb
        for prefix in "وف"
        for verb in forms | abbr.SENTENCE_VERBS.get(base, frozenset())
        if forms
    }
    joins = abbr.JOINS.get(base, {})
    after_number = abbr.AFTER_NUMBER.get(base, frozenset())
    never_multi = _multi(frozenset(never))
    may_multi = _multi(frozenset(may))
    moses_words = frozenset(w for w in moses.words - excluded if _moses_entry(w)) - {
        w for w in moses.words if w.lower() in may_config
    }
    moses_numeric = frozenset(moses.numeric - excluded)
    spelled = abbr.SPELLED_INITIALS.get(base, frozenset())
    return _Rules(
        language=base,
        never=frozenset(never),
        may=frozenset(may),
        numbers=frozenset(numbers),
        after_number=after_number,
        starters=abbr.STARTERS.get(base, frozenset()),
        ordinals=base in abbr.ORDINAL_LANGUAGES,
        never_multi=never_multi,
        may_multi=may_multi,
        moses=moses_words,
        moses_numeric=moses_numeric,
        street_suffixes=abbr.STREET_SUFFIXES.get(base, ()),
        joins=joins,
        speech=frozenset(forms),
        particles=abbr.SPEECH_PARTICLES.get(base, frozenset()),
        introducers=frozenset(introducers),
        openers=frozenset(openers),
        detached=abbr.DETACHED_CONJUNCTIONS.get(base, frozenset()),
        spelled=spelled,
        listed=frozenset(
            never | may | numbers | after_number | set(joins) | set(never_multi) | set(may_multi)
        ),
        exact=moses_words | moses_numeric | spelled,
    )


def _rules_for(language: str, options: SegmentationConfig | None) -> _Rules:
    base = language.split("_")[0]
    never: tuple[str, ...] = ()
    may: tuple[str, ...] = ()
    if options is not None:
        never = tuple(options.never_ends.get(language, ()) or options.never_ends.get(base, ()))
        may = tuple(options.may_end.get(language, ()) or options.may_end.get(base, ()))
    return _rules(language, never, may)


def _protected(text: str, markdown: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if "://" in text or "www." in text:
        for m in _URL.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in _URL_TRAIL:
                end -= 1
            spans.append((m.start(), end))
    if "@" in text:
        spans += [m.span() for m in _EMAIL.finditer(text)]
    if markdown:
        if "`" in text:
            spans += [m.span() for m in _MD_CODE.finditer(text)]
        if "](" in text:
            spans += [m.span() for m in _MD_LINK.finditer(text)]
        if "<" in text:
            spans += [m.span() for m in _MD_HTML.finditer(text)]
    if len(spans) < 2:
        return spans
    spans.sort()
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


class _Splitter:
    def __init__(self, rules: _Rules) -> None:
        self.r = rules
        # (word, terminator, closers, next character) -> decision, for the candidates whose
        # decision needs nothing else (most of them): a long text repeats them
        self.memo: dict[tuple[str, str, str, str], bool | None] = {}

    def cuts(self, text: str, start: int, end: int, markdown: bool) -> list[int]:
        """Sentence boundaries (offsets of ``text``) strictly inside ``text[start:end]``."""
        region = text[start:end] if start or end != len(text) else text
        out: list[int] = []
        protected: list[tuple[int, int]] | None = None
        starts: list[int] = []
        breaks = self._breaks
        memo = self.memo
        decide = self._decide
        for m in _CANDIDATE.finditer(region):
            tok, term, close, nx = m.group("tok", "term", "close", "nx")
            if nx.islower():
                # a lower-case word goes on, unless it is a brand written with a capital
                # inside ("iPhone", "eBay", "macOS"), which may start a sentence
                camel = _CAMEL.match(region, m.start("nx"))
                if camel is None:
                    continue
                nx = camel.group()[-1]
            elif nx in _TERM_CHARS:
                continue  # ". . ." is one spaced ellipsis
            if protected is None:
                protected = _protected(region, markdown)
                starts = [s for s, _ in protected]
            if protected and _inside(protected, starts, m.start("term")):
                continue
            key = (tok, term, close, nx)
            if key in memo:
                decision = memo[key]
            else:
                decision = memo[key] = decide(tok, term, close, nx)
            if decision is None:
                decision = breaks(region, m, tok, term, close, nx)
            if decision:
                out.append(start + m.end())
        return out

    def _decide(self, raw: str, term: str, close: str, c: str) -> bool | None:
        """The decision for a candidate when it needs no more than its groups; ``None`` where
        it depends on the text around it (multi-word abbreviations, the number before an
        abbreviation, the word after it, a short quoted title)."""
        return self._judge(None, None, raw, term, close, c)

    def _breaks(
        self, text: str, m: re.Match[str], raw: str, term: str, close: str, c: str
    ) -> bool:
        return bool(self._judge(text, m, raw, term, close, c))

    def _judge(
        self,
        text: str | None,
        m: re.Match[str] | None,
        raw: str,
        term: str,
        close: str,
        c: str,
    ) -> bool | None:
        """Whether the candidate ends a sentence; ``None`` when that needs ``text``, which is
        then missing. ``c`` is the first significant character of the next word."""
        r = self.r
        if r.speech and close and not c.isupper() and c.isalpha():
            # a quotation followed by its verb of speech, in a caseless script
            if any(ch in _QUOTE_PAIRS or ch in '«"' for ch in close):
                if text is None or m is None:
                    return None
                if self._speech_verb(text, m.start("nx")):
                    return False
        if term != ".":
            if "…" in term or term.strip(".") == "":
                # an ellipsis before a capital, unless right after a comma: a pause ("،...")
                return not (raw and raw[-1] in ",،" and not close)
            if close and not c.isupper() and c.isalpha():
                if text is None or m is None:
                    return None
                return not self._short_quote(text, m.start("term"), close)
            if not close and c in r.detached and "!" in term:
                # a conjunction written apart goes on after a name ending in "!" ("ياهو! و")
                if text is None or m is None:
                    return None
                word = _WORD.match(text, m.start("nx"))
                return word is None or word.group() not in r.detached
            return True
        # a single dot: look at the word before it
        token = raw.strip(_OPEN_CLOSE) if raw else raw
        if not token:
            return True
        if raw[-1] in _CLOSERS:
            return True  # after a closing quote or bracket: no abbreviation ("им». Демократы")
        low = token.lower()
        if low in r.listed or token in r.exact:
            decision = self._listed(text, m, token, low, c)
            if decision is not _UNDECIDED:
                return decision  # type: ignore[return-value]
        else:
            # a word in no list (most candidates): only the classes that need no list
            if c.isdigit():
                return not any(
                    low.endswith(s) and len(low) > len(s) for s in r.street_suffixes
                )  # "Goethestr. 12"
            if len(token) == 1 and token.isalpha() and not token.islower():
                return self._initial(text, m, token, c)
        if len(token) == 1 and token.isalpha():
            return True
        acronym = token
        if "-" in token and _ACRONYM.match(token) is None:
            acronym = token.rsplit("-", 1)[-1]  # "non-U.S."
        if "." in acronym and _ACRONYM.match(acronym) and not any(ch.islower() for ch in acronym):
            if acronym.isascii() and _other_script(c):
                return True  # "Washington, D.C. В пятницу"
            if not r.starters:
                return False
            if text is None or m is None:
                return None
            word = _WORD.match(text, m.start("nx"))
            return bool(word) and word.group().lower() in r.starters  # type: ignore[union-attr]
        if r.ordinals and (
            (len(token) <= 2 and token.isdigit()) or _ROMAN.match(token) is not None
        ):
            return False  # "am 26. Februar", "Kraliçe II. Elizabeth"
        return True

    def _listed(
        self, text: str | None, m: re.Match[str] | None, token: str, low: str, c: str
    ) -> bool | None | object:
        """The decision for a word in one of the lists, or ``_UNDECIDED`` when the lists do
        not decide it (the rules for every word go on)."""
        r = self.r
        if low in r.never:
            return False
        if low in r.never_multi:
            if text is None or m is None:
                return None
            if self._multi(text, m.start(), low, r.never_multi):
                return False
        if token in r.spelled:
            if text is None or m is None:
                return None
            before = text[max(0, m.start() - 12) : m.start()].split()
            if not before or before[-1] not in r.spelled:
                # an initial ("دي. كي. أريا"), unless a sentence opens after it ("بي. وقال")
                return _next_word(text, m.start("nx")) in r.openers
        joins = r.joins.get(low)
        if joins is not None:
            if text is None or m is None:
                return None
            if _next_word(text, m.start("nx")) in joins:
                return False  # "v. Chr.", "p.m. ET"
        numbers = low in r.numbers or token in r.moses_numeric or token in r.moses
        if not numbers and r.street_suffixes and c.isdigit():
            numbers = any(low.endswith(s) and len(low) > len(s) for s in r.street_suffixes)
        if c.isdigit():
            return not numbers
        if numbers and c in _ROMAN_START:
            if text is None or m is None:
                return None
            if _ROMAN_NUMBER.match(text, m.start("nx")):
                return False  # "vol. IV", "e.ə. IV əsr"
        if low in r.after_number:
            if text is None or m is None:
                return None
            return self._after_number(text, m.start())
        if len(token) == 1 and token.isalpha() and not token.islower():
            return self._initial(text, m, token, c)
        if low in r.may:
            return True
        if low in r.may_multi:
            if text is None or m is None:
                return None
            if self._multi(text, m.start(), low, r.may_multi):
                return True
        if token in r.moses:
            return False
        return _UNDECIDED

    def _initial(
        self, text: str | None, m: re.Match[str] | None, token: str, c: str
    ) -> bool | None:
        """A single capital letter: an initial, which ends no sentence ("J. R. R. Tolkien"),
        except English "I", a Latin letter before a word of another script, and a letter
        before a common sentence starter of two letters or more, where the language has
        such a list ("a grade A. The data…"); ``None`` when that needs ``text``."""
        if token.isascii() and _other_script(c):
            return True
        if self.r.language == "en" and token == "I":
            return True
        if not self.r.starters:
            return False
        if text is None or m is None:
            return None
        word = _WORD.match(text, m.start("nx"))
        return (
            word is not None and len(word.group()) > 1 and word.group().lower() in self.r.starters
        )

    def _speech_verb(self, text: str, pos: int) -> bool:
        """Whether the words at ``pos`` attribute the quotation before them ("سأل الصحفي
        الوزير."): a verb of speech (or a particle and one: "كما أضاف هاميل."), and up to the
        end of the sentence a short clause that opens no quotation or reported speech of its
        own (no colon, no quote, no "إن"/"أن": "قال جون: «…»" and "قال إن…" start a new
        sentence)."""
        word = _WORD.match(text, pos)
        if word is None:
            return False
        if word.group() in self.r.particles:
            after = _LEAD_SPACE.match(text, word.end())
            word = _WORD.match(text, after.end()) if after else None
            if word is None:
                return False
        if word.group() not in self.r.speech:
            return False
        clause = _CLAUSE.match(text, word.end())
        if clause is None:
            return False
        words = clause.group().split()
        return len(words) <= 10 and not any(w.strip("،,") in _REPORTED for w in words)

    @staticmethod
    def _multi(text: str, left: int, low: str, table: dict[str, tuple[str, ...]]) -> bool:
        entries = table.get(low)
        if not entries:
            return False
        window = re.sub(r"\s+", " ", text[max(0, left - 40) : left]).lower() + low
        for entry in entries:
            if window.endswith(entry):
                before = len(window) - len(entry) - 1
                if before < 0 or not window[before].isalpha():
                    return True
        return False

    @staticmethod
    def _after_number(text: str, left: int) -> bool:
        k = left
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if k > 0 and text[k - 1].isdigit():
            return True
        word = text[max(0, k - 12) : k].split()
        return bool(word) and _ROMAN.match(word[-1]) is not None

    def _short_quote(self, text: str, pos: int, close: str) -> bool:
        """A short quoted title inside a sentence of a caseless script (no break after it); a
        quotation after a colon or a verb of speech is speech, not a title."""
        quote = next((ch for ch in close if ch in _QUOTE_PAIRS), None)
        if quote is None:
            return False
        opener = _QUOTE_PAIRS[quote]
        q = text.rfind(opener, max(0, pos - 120), pos)
        if q < 0:
            return False
        if len(text[q + 1 : pos].split()) > 5:
            return False
        k = q
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if k == 0 or not text[k - 1].isalnum():
            return False
        before = text[max(0, k - 24) : k].split()
        return not before or before[-1] not in self.r.introducers


# the rest of a sentence after a verb of speech, up to its end; and the words that open
# reported speech ("that")
_CLAUSE = re.compile(r"[^.!?؟…:\"“”«»„]{0,200}(?=[.!?؟…]|$)")
_REPORTED = frozenset("إن أن بأن إنه إنها إنهم أنه أنها أنهم بأنه بأنها بأنهم".split())
_UNDECIDED = object()
_ROMAN_START = frozenset("IVXLC")
# a Roman numeral as a number: two letters or more, or one of V, X, L, C (not "I", a pronoun)
_ROMAN_NUMBER = re.compile(r"(?:[IVXLC]{2,}|[VXLC])(?![^\W\d_])")
_NEXT_WORD = re.compile(r"\S{1,40}")


def _next_word(text: str, pos: int) -> str:
    """The word at ``pos``, lower-cased, without the punctuation that ends it ("chr", "j.-c")."""
    word = _NEXT_WORD.match(text, pos)
    return word.group().rstrip(".,;:!?)»”’\"'").lower() if word else ""


def _other_script(c: str) -> bool:
    """Whether ``c`` is a letter of a script other than Latin (Cyrillic, Greek, Arabic…)."""
    return c.isalpha() and ord(c) > 0x24F


def split_sentences(
    text: str, language: str, options: SegmentationConfig | None = None, fmt: str = "text"
) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph ``text`` (no block structure is looked at)."""
    splitter = _Splitter(_rules_for(language, options))
    cuts = splitter.cuts(text, 0, len(text), fmt == "markdown")
    return _pieces(text, 0, len(text), cuts)


def _pieces(text: str, start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    out = []
    pos = start
    lead = _LEAD_SPACE.match
    for cut in [*cuts, end]:
        s = lead(text, pos, cut).end()  # type: ignore[union-attr]
        if s < cut:
            e = s + len(text[s:cut].rstrip())
            out.append((s, e))
        pos = cut
    return out


# ---------------------------------------------------------------------------------------------
# blocks


@dataclass
class _Block:
    start: int
    end: int
    kind: BlockKind
    masked: str | None = None  # the region with non-content characters replaced by spaces
    whole: bool = False
    context: str | None = None
    forced: list[int] = field(default_factory=list)


class _Lines:
    """Offsets of the lines of a text (without their line endings)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, i: int) -> tuple[int, int]:
        s = self.starts[i]
        e = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        if e > s and self.text[e - 1] == "\r":
            e -= 1
        return s, e


_TEXT_MARKER = re.compile(r"(?m)^[ \t]*(?:[-–—•*·‣▪●◦]|\d{1,3}[.)])[ \t\u00a0]+(?=\S)")
# a run of non-blank lines (a blank line holds white space only, no-break spaces included)
_CHUNK = re.compile(r"(?m)^[^\S\n]*(\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*)")
_BLANK_AFTER = re.compile(r"[^\S\n]*\n[^\S\n]*\n\s*\S")
_FINAL_PUNCT = ".!?…:;,؟。！？"
_SENTENCE_END = ".!?…:;؟。！？"
_HEADING_MAX = 120  # a heading followed by a blank line
_HEADING_LINE_MAX = 160  # a heading followed by one line break (news headlines are longer)
_WRAP_MAX = 100  # prose is hard-wrapped at 100 columns or fewer: a longer line was not wrapped
_LINE_OPENERS = "\"'“‘«„‹([{¿¡*_—–-"
_WRAP_WORD = re.compile(r"[^ \t]+")


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(start of the line, start of its text, end of its text) of each line of a chunk."""
    spans = []
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = text[pos:stop]
        body = line.strip()
        if body:
            s = pos + line.index(body[0])
            spans.append((pos, s, s + len(body)))
        if nl < 0:
            return spans
        pos = nl + 1


def _starts_sentence(line: str) -> bool:
    """Whether a line starts like a sentence: a capital, a caseless letter or a digit (after
    opening quotes, brackets and dashes), or a brand with a capital inside ("iPhone")."""
    body = line.lstrip(_LINE_OPENERS + " \t\u00a0")
    if not body:
        return False
    c = body[0]
    if c.isdigit() or (c.isalpha() and not c.islower()):
        return True
    return _CAMEL.match(body) is not None


def _first_word(line: str) -> int:
    """The length of a line's first word as a wrapper sees it (no-break spaces join)."""
    word = _WRAP_WORD.match(line)
    return len(word.group()) if word else 0


def _wrapped(
    text: str,
    previous: tuple[int, int, int],
    line: tuple[int, int, int],
    local: int,
    width: Callable[[], int],
) -> bool:
    """Whether the break before ``line`` is one that hard-wrapping made: the line before it
    does not end a sentence and the first word of ``line`` would not have fitted on it (within
    the longer of the ``local`` width and the text's usual ``width``)."""
    ls, s, e = previous
    if _ends_sentence(text[s:e]) or e - ls > _WRAP_MAX:
        return False
    need = (e - ls) + 1 + _first_word(text[line[1] : line[2]])
    return need > local and need > width()


def _ends_sentence(line: str) -> bool:
    body = line.rstrip(_CLOSERS + " \t")
    return bool(body) and body[-1] in _SENTENCE_END


def _chunk_width(text: str, start: int, end: int) -> int:
    if text.find("\n", start, end) < 0:
        return end - start
    return max(e - ls for ls, _s, e in _line_spans(text, start, end))


class _Width:
    """The usual paragraph width of a text: the median of the longest line of each run of
    lines, worked out when a line break first needs it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.value: int | None = None

    def __call__(self) -> int:
        if self.value is None:
            text = self.text
            widths = sorted(_chunk_width(text, *m.span(1)) for m in _CHUNK.finditer(text))
            self.value = widths[len(widths) // 2] if widths else 0
        return self.value


def _paragraph_blocks(text: str, start: int, end: int, width: Callable[[], int]) -> list[_Block]:
    """The blocks of a run of lines without list markers: headings that stand on a line of
    their own, and paragraphs.

    A line stands on its own when it has no final punctuation, starts a block (it is the
    first line, or the line before it ends a sentence or stands on its own too), the next line
    starts like a sentence, and the line break after it is not one that hard-wrapping made:
    the next line's first word would have fitted on the line within the width of the text
    (the longer of this run's longest line and the text's usual paragraph width), or the line
    is longer than any hard-wrapping makes (100 characters). In a hard-wrapped paragraph a
    line ends where the next word no longer fits, so "…the Minister of Foreign Affairs⏎Elmar
    Mammadyarov and…" stays one paragraph. Such a line is a heading (one segment) when it is
    at most 160 characters long, else a paragraph of its own. The last line of the run is a
    heading on the same terms when a blank line and more text follow and it is at most 120
    characters long, as a single line is."""
    if text.find("\n", start, end) < 0:
        return [_single_line_block(text, start, end)]
    spans = _line_spans(text, start, end)
    local = max(e - ls for ls, _s, e in spans)
    blocks: list[_Block] = []
    para: int | None = None  # start of the paragraph being collected
    para_end = 0
    block_start = True
    for i, (ls, s, e) in enumerate(spans):
        line = text[s:e]
        heading = False
        if block_start and not _ends_sentence(line):
            stripped = line.rstrip(_CLOSERS)
            if stripped and stripped[-1] not in _FINAL_PUNCT and _HAS_CONTENT.search(line):
                if i + 1 < len(spans):
                    _nls, ns, ne = spans[i + 1]
                    following = text[ns:ne]
                    first = _first_word(following)
                    need = (e - ls) + 1 + first
                    heading = _starts_sentence(following) and (
                        e - ls > _WRAP_MAX or need <= local or need <= width()
                    )
                else:
                    heading = e - s <= _HEADING_MAX and _BLANK_AFTER.match(text, end) is not None
        if heading:
            if para is not None:
                blocks.append(_Block(para, para_end, BlockKind.PARAGRAPH))
                para = None
            if e - s <= _HEADING_LINE_MAX:
                blocks.append(_Block(s, e, BlockKind.HEADING, whole=True))
            else:
                blocks.append(_Block(s, e, BlockKind.PARAGRAPH))
            block_start = True
            continue
        if para is None:
            para = s
        para_end = e
        block_start = _ends_sentence(line)
    if para is not None:
        blocks.append(_Block(para, para_end, BlockKind.PARAGRAPH))
    return blocks


def _single_line_block(text: str, start: int, end: int) -> _Block:
    body_end = start + len(text[start:end].rstrip())
    block = _Block(start, body_end, BlockKind.PARAGRAPH)
    if body_end - start <= _HEADING_MAX:
        stripped = text[start:body_end].rstrip(_CLOSERS)
        if stripped and stripped[-1] not in _FINAL_PUNCT and _BLANK_AFTER.match(text, body_end):
            block.kind = BlockKind.HEADING
            block.whole = True
    return block


def _list_markers(
    text: str,
    start: int,
    end: int,
    markers: list[re.Match[str]],
    width: Callable[[], int],
    ordinals: bool,
) -> list[re.Match[str]]:
    """The markers of a chunk that start list items. A dash or number that hard-wrapping put
    at the start of a line is not one ("…в чужой стране⏎— это…", "…im⏎10. Jahrhundert…"),
    nor, where ordinals are written with a dot, a number before a lower-case word at the
    start of a paragraph ("15. yüzyıl civarında…")."""
    spans = _line_spans(text, start, end)
    local = max(e - ls for ls, _s, e in spans)
    line_of = {ls: i for i, (ls, _s, _e) in enumerate(spans)}
    marked = {line_of.get(m.start()) for m in markers}
    kept = []
    for m in markers:
        i = line_of.get(m.start())
        if i is None:
            kept.append(m)
            continue
        if ordinals and m.group().strip()[:1].isdigit() and m.group().strip().endswith("."):
            after = text[m.end() : m.end() + 1]
            if after.islower() and (i == 0 or i - 1 not in marked):
                continue
        if i > 0 and i - 1 not in marked and _wrapped(text, spans[i - 1], spans[i], local, width):
            continue
        kept.append(m)
    return kept


def _text_blocks(text: str, ordinals: bool = False) -> list[_Block]:
    """Paragraphs, list-item lines and headings of a plain-text article."""
    blocks: list[_Block] = []
    all_marks = list(_TEXT_MARKER.finditer(text))
    mark_starts = [m.start() for m in all_marks]
    width = _Width(text)
    paragraph = BlockKind.PARAGRAPH
    for chunk in _CHUNK.finditer(text):
        start, end = chunk.span(1)
        markers: list[re.Match[str]] = []
        if all_marks:
            lo = bisect.bisect_left(mark_starts, chunk.start())
            hi = bisect.bisect_left(mark_starts, end)
            markers = all_marks[lo:hi]
        if markers:
            markers = _list_markers(text, start, end, markers, width, ordinals)
        if not markers:
            if text.find("\n", start, end) >= 0:
                blocks += _paragraph_blocks(text, start, end, width)
                continue
            # a single line (most paragraphs), as _single_line_block, inline for speed
            body_end = start + len(text[start:end].rstrip())
            block = _Block(start, body_end, paragraph)
            if body_end - start <= _HEADING_MAX:
                stripped = text[start:body_end].rstrip(_CLOSERS)
                if (
                    stripped
                    and stripped[-1] not in _FINAL_PUNCT
                    and _BLANK_AFTER.match(text, body_end)
                ):
                    block.kind = BlockKind.HEADING
                    block.whole = True
            blocks.append(block)
            continue
        pos = start
        for i, mark in enumerate(markers):
            if mark.start() > pos:
                piece_end = pos + len(text[pos : mark.start()].rstrip())
                if piece_end > pos:
                    blocks.append(_Block(pos, piece_end, BlockKind.PARAGRAPH))
            pos = mark.end()
            nxt = markers[i + 1].start() if i + 1 < len(markers) else end
            item_end = pos + len(text[pos:nxt].rstrip())
            blocks.append(_Block(pos, item_end, BlockKind.LIST_ITEM))
            pos = nxt
    return blocks


_OVERRIDE = re.compile(r"<!--\s*tmflow:\s*(keep|skip|context\s+(.*?))\s*-->", re.S)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_IMAGE_ONLY = re.compile(r"^!\[([^\[\]]*)\]\(([^()\s]*)(?:\s+\"([^\"]*)\")?\s*\)$")


def _front_matter(text: str, lines: _Lines, keys: tuple[str, ...]) -> tuple[int, list[_Block]]:
    """Blocks of translatable front-matter values and the number of front-matter lines."""
    s, e = lines.span(0)
    if text[s:e].rstrip() != "---":
        return 0, []
    blocks: list[_Block] = []
    for i in range(1, len(lines)):
        ls, le = lines.span(i)
        line = text[ls:le]
        if line.rstrip() in ("---", "..."):
            return i + 1, blocks
        m = _FRONT_KEY.match(line)
        if not m or m.group(1) not in keys or not m.group(2):
            continue
        vs = ls + m.start(2)
        ve = ls + m.end(2)
        value = text[vs:ve]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            vs, ve = vs + 1, ve - 1
        if vs < ve and value not in ("|", ">", "|-", ">-"):
            blocks.append(_Block(vs, ve, BlockKind.FRONT_MATTER, whole=True))
    return 0, []  # no closing line: not front matter


def _markdown_blocks(text: str, lines: _Lines, options: SegmentationConfig) -> list[_Block]:
    from markdown_it import MarkdownIt

    skip_lines, blocks = _front_matter(text, lines, options.front_matter_keys)
    source = text
    if skip_lines:
        cut = lines.starts[skip_lines] if skip_lines < len(lines) else len(text)
        source = re.sub(r"[^\n]", " ", text[:cut]) + text[cut:]
    # maxNesting 20: markdown-it leaves deeper containers out (20 levels of quotes, 10 of
    # lists, a list level counting twice) and slows down steeply with depth (1 MB of 60-deep
    # quotes: 0.5 s at 20, 4.5 s at 100); text it left out is an error (_check_nesting)
    if not skip_lines and _PLAIN_PARAGRAPHS.search(text) is None:
        plain = _plain_markdown_blocks(text)
        if plain is not None:
            return plain
    md = MarkdownIt("commonmark", {"maxNesting": _MAX_NESTING}).enable("table")
    # only block structure and raw inline content are needed: skipping inline parsing avoids
    # its quadratic cases ("[[[[…", long runs of emphasis) and halves the time
    md.disable(["inline", "text_join"], ignoreInvalid=True)
    try:
        tokens = md.parse(source)
    except RecursionError:
        raise SourceError("Markdown nests too deeply to be read") from None
    stack: list[str] = []
    pending_keep = pending_skip = False
    pending_context: str | None = None
    cursor: dict[int, int] = {}
    covered = bytearray(len(lines) + 1)
    for i in range(min(skip_lines, len(lines))):
        covered[i] = 1
    deep = False
    for tok in tokens:
        if tok.level >= _MAX_NESTING - 2:
            deep = True
        if tok.map is not None and tok.level == 0:
            for i in range(tok.map[0], min(tok.map[1], len(lines))):
                covered[i] = 1
        if tok.nesting == 1:
            stack.append(tok.type)
        elif tok.nesting == -1:
            if stack:
                stack.pop()
        if tok.type == "html_block":
            for m in _OVERRIDE.finditer(tok.content):
                word = m.group(1)
                if word == "keep":
                    pending_keep = True
                elif word == "skip":
                    pending_skip = True
                else:
                    pending_context = m.group(2).strip() or None
            continue
        if tok.type != "inline" or tok.map is None:
            continue
        keep, skip, context = pending_keep, pending_skip, pending_context
        pending_keep = pending_skip = False
        pending_context = None
        if skip:
            continue
        kind = _kind(stack)
        block = _locate(text, lines, tok.content, tok.map[0], cursor, kind)
        if block is None:
            continue
        block.whole = keep or kind is BlockKind.HEADING
        block.context = context
        image = _IMAGE_ONLY.match(text[block.start : block.end])
        if image and block.masked is not None and "\n" not in block.masked:
            blocks.append(
                _Block(
                    block.start + image.start(1),
                    block.start + image.end(1),
                    BlockKind.IMAGE_ALT,
                    whole=True,
                    context=context,
                )
            )
            if image.group(3):
                blocks.append(
                    _Block(
                        block.start + image.start(3),
                        block.start + image.end(3),
                        BlockKind.LINK_TITLE,
                        whole=True,
                        context=context,
                    )
                )
            continue
        blocks.append(block)
    if deep:
        # markdown-it stops at its nesting limit: text nested deeper is not in any token
        _check_nesting(text, lines, tokens, skip_lines)
    if "]:" in source:
        blocks += _reference_titles(text, lines, covered)
    blocks.sort(key=lambda b: b.start)
    return blocks


_MAX_NESTING = 20
# blocks whose lines markdown-it accounts for; the rest of a line is container syntax
_LEAF_BLOCKS = frozenset(
    {"paragraph_open", "heading_open", "code_block", "fence", "html_block", "hr", "table_open"}
)
_CONTAINER_SYNTAX = re.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")
_REFERENCE_LINE = re.compile(r"\[[^\]]{1,999}\]:")


def _check_nesting(text: str, lines: _Lines, tokens: list[Any], skip_lines: int) -> None:
    """Raise an error naming the first line whose text markdown-it left out because it is
    nested deeper than ``_MAX_NESTING`` levels: nothing may go untranslated unseen."""
    accounted = bytearray(len(lines) + 1)
    for i in range(min(skip_lines, len(lines))):
        accounted[i] = 1
    for tok in tokens:
        if tok.map is not None and tok.type in _LEAF_BLOCKS:
            for i in range(tok.map[0], min(tok.map[1], len(lines))):
                accounted[i] = 1
    for i in range(len(lines)):
        if accounted[i]:
            continue
        s, e = lines.span(i)
        rest = _CONTAINER_SYNTAX.match(text, s, e)
        body = text[rest.end() if rest else s : e]
        if _HAS_CONTENT.search(body) and not _REFERENCE_LINE.match(body):
            raise SourceError(
                f"Markdown nested more than {_MAX_NESTING} levels deep (a block quote counts "
                "one level, a list two): tmflow would leave this text untranslated; nest it "
                "less deeply",
                line=i + 1,
            )


# A line that is neither blank (spaces and tabs only, as markdown-it counts them) nor starts
# with a letter in its first column; a lone "\r" (a line break for markdown-it, not for _Lines)
# or a NUL (rewritten by markdown-it) also disqualifies the fast path.
_PLAIN_PARAGRAPHS = re.compile(r"(?m)^(?![ \t]*\r?$|[^\W\d_])|\r(?!\n)|\0")
_PLAIN_RUN = re.compile(r"(?m)^[^\W\d_][^\n]*(?:\n[^\W\d_][^\n]*)*")


def _plain_markdown_blocks(text: str) -> list[_Block] | None:
    """Blocks of a Markdown text made only of blank lines and lines starting with a letter.

    Such a text is, for CommonMark (with tables), a sequence of paragraphs separated by blank
    lines: a letter in the first column opens no block and interrupts none (headings, fences,
    quotes, lists, rules, HTML, tables, setext underlines, reference definitions and indented
    code all start with a space, a digit or punctuation), and a blank line ends a paragraph.
    The blocks are what the parser path makes of markdown-it's paragraph tokens: from the
    first column of the first line to the end of the last line without trailing white space,
    with each line's "\r" masked. The parser costs most of the time on inputs of many short
    paragraphs (1 MB of "One. Two.\r\n\r\n": 2.2 s of 3.8 s). ``None`` when a paragraph
    ends in white space that markdown-it versions trim differently (no-break space…).
    """
    blocks: list[_Block] = []
    paragraph = BlockKind.PARAGRAPH
    for run in _PLAIN_RUN.finditer(text):
        start = run.start()
        body = run.group().rstrip(" \t\r\n\v\f")
        if body[-1].isspace():
            return None
        masked = body.replace("\r", " ") if "\r" in body else body
        blocks.append(_Block(start, start + len(body), paragraph, masked=masked))
    return blocks


_REFERENCE = re.compile(
    r" {0,3}\[[^\]]{1,999}\]:[ \t]*\S+[ \t]+(?:\"([^\"]*)\"|'([^']*)'"
    r"|\(([^()]*)\))[ \t]*$"
)


def _reference_titles(text: str, lines: _Lines, covered: bytearray) -> list[_Block]:
    """Titles of link reference definitions (``[id]: url "Title"``), which make no token."""
    out = []
    for i in range(len(lines)):
        if covered[i]:
            continue
        s, e = lines.span(i)
        m = _REFERENCE.match(text, s, e)
        if m:
            group = next(g for g in (1, 2, 3) if m.group(g) is not None)
            if m.group(group).strip():
                out.append(_Block(m.start(group), m.end(group), BlockKind.LINK_TITLE, whole=True))
    return out


def _kind(stack: list[str]) -> BlockKind:
    for opened in reversed(stack):
        if opened == "heading_open":
            return BlockKind.HEADING
        if opened in ("th_open", "td_open"):
            return BlockKind.TABLE_CELL
        if opened == "list_item_open":
            return BlockKind.LIST_ITEM
        if opened == "blockquote_open":
            return BlockKind.QUOTE
    return BlockKind.PARAGRAPH


def _locate(
    text: str, lines: _Lines, content: str, first: int, cursor: dict[int, int], kind: BlockKind
) -> _Block | None:
    """Find each line of an inline token's content in its source line; mask the rest."""
    pieces: list[tuple[int, int]] = []
    for n, piece in enumerate(content.split("\n")):
        i = first + n
        if i >= len(lines):
            break
        ls, le = lines.span(i)
        lo = max(ls, cursor.get(i, ls))
        if not piece.strip():
            continue
        at = text.find(piece, lo, le)
        if at < 0:
            stripped = piece.strip()
            at = text.find(stripped, lo, le)
            piece = stripped
        if at < 0:
            # the parser rewrote the line (tabs); fall back to the line without its markers
            body = text[lo:le]
            lead = len(body) - len(body.lstrip(" \t>"))
            at, piece = lo + lead, body[lead:].rstrip()
            if not piece:
                continue
        cursor[i] = at + len(piece)
        pieces.append((at, at + len(piece)))
    if not pieces:
        return None
    start, end = pieces[0][0], pieces[-1][1]
    if len(pieces) == 1:
        masked = text[start:end]
    else:
        chars = []
        pos = start
        for s, e in pieces:
            gap = text[pos:s]
            chars.append(re.sub(r"[^\n]", " ", gap))
            chars.append(text[s:e])
            pos = e
        masked = "".join(chars)
    return _Block(start, end, kind, masked=masked)


# ---------------------------------------------------------------------------------------------
# public API

# Markdown's own block syntax and inline links: what plain text does not have. List markers
# ("- ", "1. ") and blank-line paragraphs are common to both and prove nothing.
_MARKDOWN_SIGNS = re.compile(
    r"(?m)^ {0,3}#{1,6}[ \t]+\S"  # an ATX heading
    r"|^ {0,3}(?:```|~~~)"  # a code fence
    r"|^ {0,3}>[ \t]*\S"  # a block quote
    r"|^\S[^\n]*\n {0,3}(?:=+|-{2,})[ \t]*$"  # a setext heading
    r"|^ {0,3}\|?[ \t]*:?-{3,}:?[ \t]*\|"  # a table's delimiter row
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*\S"  # a link reference definition
    r"|!?\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)"  # a link or an image
    r"|\*\*[^*\n]{1,200}\*\*|__[^_\n]{1,200}__"  # strong emphasis
    r"|<!--\s*tmflow:"  # a tmflow override
)


def detect_format(text: str) -> str:
    """ "markdown" when ``text`` shows Markdown's own syntax (a heading "## …", a code fence, a
    block quote, a setext underline, a table, a link, strong emphasis, front matter, a tmflow
    override), else "text". For sources without a file name (standard input)."""
    if text.startswith("---") and re.match(
        r"---[ \t]*\r?\n(?:.*\r?\n)*?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", text
    ):
        return "markdown"
    return "markdown" if _MARKDOWN_SIGNS.search(text) else "text"


def segment_text(
    text: str,
    fmt: str,
    language: str,
    options: SegmentationConfig | None = None,
    article: str | None = None,
    path: Path | None = None,
) -> list[Segment]:
    """Segments of a whole source text in ``fmt`` ("text" or "markdown"), in document order.

    A source that cannot be segmented (Markdown nested deeper than the parser reads) raises
    ``SourceError`` naming ``path`` (where the text came from) and the line."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown source format {fmt!r} (use one of {', '.join(FORMATS)})")
    options = options or SegmentationConfig()
    markdown = fmt == "markdown"
    rules = _rules_for(language, options)
    if markdown:
        try:
            blocks = _markdown_blocks(text, _Lines(text), options)
        except SourceError as err:
            if err.path is None and path is not None:
                raise SourceError(err.message, path, err.line) from None
            raise
    else:
        blocks = _text_blocks(text, rules.ordinals)
    splitter = _Splitter(rules)
    keep_prefixes = options.keep_whole.get(article, ()) if article else ()
    split_after = options.split_after.get(article, ()) if article else ()
    segments: list[Segment] = []
    number = 0
    last_end = 0
    line = 1
    line_pos = 0
    fold = _FOLD.sub
    count = text.count
    append = segments.append
    cache: dict[str, list[tuple[int, int, str]]] = {}
    for block in blocks:
        if block.start < last_end:
            continue  # never overlap (defensive: parser quirks)
        body = block.masked if block.masked is not None else text[block.start : block.end]
        if markdown and "<!--" in body:
            for m in _SPLIT_COMMENT.finditer(body):
                block.forced.append(block.start + m.start())
                body = body[: m.start()] + " " * (m.end() - m.start()) + body[m.end() :]
        whole = block.whole or (
            bool(keep_prefixes)
            and any(fold_space(body.strip()).startswith(p) for p in keep_prefixes)
        )
        cuts: list[int] = []
        if not whole and (split_after or block.forced):
            cuts = splitter.cuts(body, 0, len(body), markdown)
        if split_after or block.forced:
            for fragment in split_after:
                pos = body.find(fragment)
                while pos >= 0:
                    cuts.append(pos + len(fragment))
                    pos = body.find(fragment, pos + len(fragment))
            cuts += [f - block.start for f in block.forced]
            cuts = sorted({c for c in cuts if 0 < c < len(body)})
        if cuts or split_after or block.forced or whole:
            pieces = _body_pieces(body, cuts, fold)
        else:
            # the pieces depend only on the body: identical paragraphs are split once
            pieces = cache.get(body)  # type: ignore[assignment]
            if pieces is None:
                pieces = cache[body] = _body_pieces(
                    body, splitter.cuts(body, 0, len(body), markdown), fold
                )
        if pieces:
            number += 1
            base = block.start
            kind = block.kind
            context = block.context
            for s, e, folded in pieces:
                start = base + s
                line += count("\n", line_pos, start)
                line_pos = start
                append(Segment(folded, start, base + e, line, number, kind, context))
        last_end = block.end
    return segments


def _body_pieces(
    body: str, cuts: list[int], fold: Callable[[str, str], str]
) -> list[tuple[int, int, str]]:
    """(start, end, folded text) of each piece of ``body`` between ``cuts`` that has content."""
    out: list[tuple[int, int, str]] = []
    has_content = _HAS_CONTENT.search
    pos = 0
    for cut in [*cuts, len(body)]:
        # str.strip and the regular expressions' \s agree on what white space is
        rest = body[pos:cut].lstrip()
        pos = cut
        piece = rest.rstrip()
        if piece and has_content(piece):
            s = cut - len(rest)
            # only a printable piece without double spaces has nothing to fold (every white
            # space character but " " is unprintable)
            out.append(
                (
                    s,
                    s + len(piece),
                    piece if piece.isprintable() and "  " not in piece else fold(" ", piece),
                )
            )
    return out


def segment_article(article: Article, config: Config) -> tuple[SourceDocument, list[Segment]]:
    """Read and segment one article of the project with the project's settings."""
    doc = read_source(article.path)
    segments = segment_text(
        doc.text,
        article.format,
        config.source_language,
        config.segmentation,
        article.name,
        path=article.path,
    )
    return doc, segments


def rebuild(text: str, segments: list[Segment], replacements: list[str] | None = None) -> str:
    """The text with each segment span replaced (by itself when no replacements are given).

    The identity ``rebuild(text, segment_text(text, …)) == text`` is what "lossless" means."""
    out: list[str] = []
    pos = 0
    for i, seg in enumerate(segments):
        if seg.start < pos or seg.end < seg.start:
            raise ValueError(f"segment {i} overlaps or goes backwards: {seg.start}..{seg.end}")
        out.append(text[pos : seg.start])
        out.append(replacements[i] if replacements is not None else text[seg.start : seg.end])
        pos = seg.end
    out.append(text[pos:])
    return "".join(out)
