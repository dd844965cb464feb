"""Glossary terms in segments: finding them in the source, hinting them to reviewers, and
checking that translations render them as the glossary says.

Source matching
---------------
``TermMatcher`` is built once per glossary. Every term text (the term and its variants) is
split into words and stored in a word trie; a segment is split into words once and the trie is
walked from each word, so the cost grows with the length of the text, not with the number of
terms (5,000 terms cost the same per word as 50). Edges after the first word carry the
separator too ("Heydar Aliyev" does not match "Heydar. Aliyev"). Matches are whole words,
leftmost-longest ("Khojaly genocide" wins over "Khojaly"), case-insensitive unless the term is
case-sensitive, and tolerate English plural and possessive endings on the last word
("Foundation's", "Foundations"). URLs, e-mail addresses, HTML tags, Markdown link
destinations and inline code are masked first, so they never match.

Target matching
---------------
A rendering is found in a translation at one of three levels, per word:

* exact: the word as written (case-insensitive; Turkish and Azerbaijani fold ``İ``→``i`` and
  ``I``→``ı``; Arabic ignores harakat, tatweel and the hamza on alef);
* inflected: a recognised inflection of the word — a Turkic suffix chain for ``tr``/``az``
  ("Xocalıda", "Fondunun", "Teşkilatı'nın"; the apostrophe splits words anyway), Arabic
  proclitics (و ف ب ل ك, and ل + ال → لل), a Russian case ending on the Snowball stem
  ("Фонда", "Алиевой"), French plural/feminine endings ("européens");
* stem: only the Snowball stem is shared (an advisory: it may be a derivation, such as
  "azerbaïdjanais" for "Azerbaïdjan").

A phrase's level is its worst word's level. Exact or inflected means rendered; stem-only is
reported as ``info``; nothing is an error (``missing``). In a language that writes compounds as
one word (German, Dutch, the Nordic languages…), a rendering that is the modifier or the head
of a compound word counts as inflected ("Straßenbahnlinien" for "Straßenbahn"). Ukrainian is
matched like Russian, by its case endings ("міської ради" for "міська рада"). In a language
whose inflections tmflow cannot match (no stemmer, no rules of its own), a rendering that is not
found as written is a warning (``unverified``), not an error. Listed ``forms`` are phrases like the
approved one. Forbidden renderings are searched in every translation (exact or inflected),
whatever the source says, and a forbidden match is never counted as the approved rendering.
Do-not-translate terms must appear unchanged, case included.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib
import snowballstemmer

from tmflow.core.model import Finding
from tmflow.io.glossary import Glossary, Term

if TYPE_CHECKING:
    from tmflow.io.config import Config

# ---------------------------------------------------------------------------------------------
# words and folding

_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
_TOKEN_RE = re.compile(rf"[^\W_](?:[^\W_]|[{_MARKS}])*")
_SKIP_RE = re.compile(
    r"""
      `[^`\n]+`                                   # inline code
    | \]\([^)\s]*                                 # Markdown link destination
    | <(?:https?|ftp|mailto):[^>\s]*>             # autolink
    | (?:https?|ftp)://[^\s<>()"“”«»]+            # bare URL
    | \bwww\.[^\s<>()"“”«»]+
    | (?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++  # e-mail address (a run is read once)
    | </?[A-Za-z][^<>\n]*>                        # HTML tag
""",
    re.X,
)
_TURKIC_CASE = str.maketrans({"I": "ı", "İ": "i"})
_ARABIC_DROP = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
# separators that may sit between the words of a rendering in a translation
_JOINABLE_GAP = re.compile(r"[\s\-‐‑'’ʼ]*")

STEMMERS = {
    "ru": "russian",
    "tr": "turkish",
    "fr": "french",
    "ar": "arabic",
    "en": "english",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "sv": "swedish",
    "da": "danish",
    "nb": "norwegian",
    "fi": "finnish",
    "hu": "hungarian",
    "ro": "romanian",
    "el": "greek",
    "lt": "lithuanian",
    "sr": "serbian",
    "hy": "armenian",
    "id": "indonesian",
    "et": "estonian",
    "fa": "persian",
    "hi": "hindi",
    "ca": "catalan",
    "pl": "polish",
    "cs": "czech",
}


def _base(language: str) -> str:
    return language.split("_")[0].split("@")[0]


def _fold_turkic(text: str) -> str:
    return text.translate(_TURKIC_CASE).lower()


def _fold_arabic(text: str) -> str:
    return _ARABIC_DROP.sub("", text).translate(_ARABIC_ALEF)


@cache
def _folder(language: str) -> Callable[[str], str]:
    base = _base(language)
    if base in ("tr", "az"):
        return _fold_turkic
    if base in ("ar", "fa", "ur"):
        return _fold_arabic
    return str.lower


def fold(text: str, language: str) -> str:
    """Case- and script-folded form of ``text`` for comparisons in ``language``."""
    return _folder(language)(text)


_LOOSE_I = str.maketrans({"I": "i", "İ": "i", "ı": "i"})


def _loose(word: str) -> str:
    return word.translate(_LOOSE_I).lower()


def _mask(text: str) -> str:
    """``text`` with skipped spans (URLs, code…) blanked out by NULs of the same length."""
    if not any(c in text for c in "`(<:@w"):
        return text
    return _SKIP_RE.sub(lambda m: "\0" * len(m.group(0)), text)


def _gap(text: str) -> str:
    return " " if not text.strip() else " ".join(text.split()) or text


@dataclass(frozen=True)
class _Tokens:
    text: str
    spans: list[tuple[int, int]]
    folded: list[str]

    def gap(self, j: int) -> str:
        """Separator text between word ``j-1`` and word ``j``."""
        return self.text[self.spans[j - 1][1] : self.spans[j][0]]

    def original(self, i: int) -> str:
        start, end = self.spans[i]
        return self.text[start:end]


def tokenize(text: str, language: str) -> _Tokens:
    text = unicodedata.normalize("NFC", text)
    masked = _mask(text)
    spans = [m.span() for m in _TOKEN_RE.finditer(masked)]
    folder = _folder(language)
    return _Tokens(text, spans, [folder(text[s:e]) for s, e in spans])


# ---------------------------------------------------------------------------------------------
# inflection


_TURKIC_MORPHS = sorted(
    set(
        """
    lar lər ler ları ləri leri
    ım im um üm ın in un ün ı i u ü
    sı si su sü mız miz muz müz nız niz nuz nüz
    nın nin nun nün yı yi yu yü nı ni nu nü
    ya ye yə a e ə na ne nə
    da de də ta te tə nda nde ndə
    dan den dən tan ten tən ndan nden ndən
    la le lə yla yle ylə
    ki kı kü dakı dəki deki
    dır dir dur dür tır tir tur tür
""".split()
    ),
    key=len,
    reverse=True,
)
_TURKIC_SUFFIX = re.compile(rf"(?:{'|'.join(_TURKIC_MORPHS)}){{1,4}}")
_TURKIC_SOFT = {"ğ": "k", "y": "k", "b": "p", "d": "t", "c": "ç", "g": "k"}
_TURKIC_VOWELS = set("aeıioöuüə")
_RU_ENDINGS = frozenset(
    """
    а я у ю о е ё ы и ь й ом ем ём ой ою ей ею ов ев ам ям ами ями ах ях
    ого его ому ему ым им ых их ыми ими ая яя ое ее ые ие ий ый ую юю
""".split()
) | {""}
_UK_ENDINGS = frozenset(
    """
    а я у ю о е є и і ї ь й ом ем єм ою ею ей ій ів їв ам ям ами ями ах ях
    ого його ому йому им ім их іх ими іми ої ій ую юю ая яя ое єє і ії
""".split()
) | {""}
_BASE_ENDINGS = {"ru": _RU_ENDINGS, "uk": _UK_ENDINGS, "be": _UK_ENDINGS}
# languages that write compounds as one word: an approved rendering may be the modifier
# ("Straßenbahnlinien" for "Straßenbahn") or the head ("Hauptbahnhof" for "Bahnhof")
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "nn", "no", "is", "fi", "et", "hu", "af"})
_COMPOUND_LINKS = ("", "s", "es", "n", "en", "e", "er")
# languages whose renderings tmflow can match in their inflected forms (a Snowball stemmer,
# its own rules, or next to no inflection); elsewhere a rendering not found is a warning
JUDGED = frozenset(
    {"tr", "az", "ar", "ru", "uk", "en", "zh", "ja", "vi", "th", "id", "ms", "km", "lo", "my"}
)
_AR_CONJ = ("", "و", "ف")
_AR_PREP = ("", "ب", "ل", "ك")

Key = tuple[str, str]


@cache
def _stemmer(language: str) -> Any:
    name = STEMMERS.get(_base(language))
    return snowballstemmer.stemmer(name) if name else None


MAX_WORD = 64  # longer "words" (a run of letters in a hostile file) are not analysed


@lru_cache(maxsize=100_000)
def _stem(word: str, language: str) -> str | None:
    stemmer = _stemmer(language)
    if stemmer is None or len(word) > MAX_WORD:
        return None
    stem = stemmer.stemWord(word)
    return stem if len(stem) >= 3 else None


def _ru_bases(word: str, language: str = "ru") -> list[str]:
    """``word`` without one case ending of the language (Russian, Ukrainian; at least three
    letters left)."""
    endings = _BASE_ENDINGS.get(_base(language), _RU_ENDINGS)
    return [word[: -len(e)] for e in endings if e and word.endswith(e) and len(word) - len(e) >= 3]


def rendering_keys(word: str, language: str) -> frozenset[Key]:
    """Keys under which a (folded) rendering word is found."""
    keys = {("w", word)}
    if _base(language) in _BASE_ENDINGS:
        # a Russian or Ukrainian rendering word answers to its base with any case ending,
        # including none
        keys.add(("b", word))
        keys.update(("b", rest) for rest in _ru_bases(word, language))
    stem = _stem(word, language)
    if stem is not None:
        keys.add(("s", stem))
    return frozenset(keys)


@lru_cache(maxsize=100_000)
def word_analyses(word: str, language: str) -> dict[Key, int]:
    """Keys a (folded) word of a translation answers to, each with its level
    (0 exact, 1 inflected, 2 stem only). Cached: callers must not change the result."""
    out: dict[Key, int] = {("w", word): 0}
    if len(word) > MAX_WORD:
        return out  # no word of a language is this long: only the exact form counts

    def add(key: Key, level: int) -> None:
        if out.get(key, 9) > level:
            out[key] = level

    base = _base(language)
    if base in ("tr", "az"):
        # suffix chains are at most ten letters: only the last ten positions are tried (the
        # time grows with the word's length, not its square)
        for k in range(max(2, len(word) - 10), len(word)):
            rest = word[k:]
            if not _TURKIC_SUFFIX.fullmatch(rest):
                continue
            add(("w", word[:k]), 1)
            last = word[k - 1]
            if last in _TURKIC_SOFT and rest[0] in _TURKIC_VOWELS:
                add(("w", word[: k - 1] + _TURKIC_SOFT[last]), 1)
    elif base == "ar":
        for conj in _AR_CONJ:
            for prep in _AR_PREP:
                prefix = conj + prep
                if not prefix or not word.startswith(prefix) or len(word) - len(prefix) < 2:
                    continue
                rest = word[len(prefix) :]
                add(("w", rest), 1)
                if prep == "ل" and rest.startswith("ل"):
                    add(("w", "ا" + rest), 1)  # ل + الـ is written لل
    elif base in _BASE_ENDINGS:
        # only a non-empty ending is stripped: "Алиев" is not an inflection of "Алиева"
        for rest in _ru_bases(word, language):
            add(("b", rest), 1)
    elif base == "fr":
        current = word
        for ending in ("s", "x", "e", "n"):
            if ending == "n":
                if current.endswith("nn"):
                    current = current[:-1]
                    add(("w", current), 1)
            elif current.endswith(ending) and len(current) > 3:
                current = current[:-1]
                add(("w", current), 1)
    stem = _stem(word, language)
    if stem is not None:
        level = 2
        if base == "ru" and word.startswith(stem) and word[len(stem) :] in _RU_ENDINGS:
            level = 1
        add(("s", stem), level)
    return out


def judged(language: str) -> bool:
    """Whether tmflow can match a rendering's inflected forms in ``language``."""
    base = _base(language)
    return base in JUDGED or base in STEMMERS or base in _BASE_ENDINGS


def _in_compound(phrase: Any, tokens: _Tokens) -> bool:
    """Whether the phrase's last word is the head, or its first word the modifier, of a
    compound word of the translation (the rest of the phrase standing before or after it)."""
    words = [w for w in (tokenize(phrase.text, "xx").folded) if w]
    if not words:
        return False
    folded = tokens.folded
    size = len(words)
    for i, token in enumerate(folded):
        # the last word of the rendering heads the compound: "...bahnhof"
        last = words[-1]
        if len(token) > len(last) + 2 and _ends_with_inflected(token, last):
            if folded[max(0, i - size + 1) : i] == words[:-1]:
                return True
        # the first word of the rendering is its modifier: "straßenbahn" + "linien"
        first = words[0]
        if len(token) > len(first) + 2 and token.startswith(first):
            if folded[i + 1 : i + size] == words[1:]:
                return True
    return False


def _ends_with_inflected(token: str, word: str) -> bool:
    for ending in ("", "s", "es", "n", "en", "e", "er", "ern", "em"):
        if ending and not token.endswith(ending):
            continue
        stem = token[: len(token) - len(ending)] if ending else token
        if stem.endswith(word):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True)
class TermMatch:
    """A term found in a source text: ``text == source[start:end]``."""

    term: Term
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TermIssue:
    """A problem with how a translation renders a term."""

    term: Term
    kind: str  # "dnt-altered" | "forbidden" | "missing" | "unverified" | "stem-only"
    severity: str  # "error" | "warning" | "info"
    message: str
    found: str | None = None


CHECK_IDS = {
    "dnt-altered": "glossary-dnt-altered",
    "forbidden": "glossary-forbidden",
    "missing": "glossary-missing",
    "unverified": "glossary-unverified",
    "stem-only": "glossary-stem-only",
}


@dataclass(frozen=True)
class _Phrase:
    text: str
    keys: tuple[frozenset[Key], ...]
    words: tuple[str, ...]  # original (unfolded) words, for do-not-translate


@dataclass
class _LangIndex:
    accepted: dict[int, list[_Phrase]]  # term index → approved + forms
    forbidden: list[tuple[int, _Phrase]]
    forbidden_first: dict[Key, list[int]]  # key of a first word → indexes into forbidden


_END = "\0end"


class TermMatcher:
    """Finds a glossary's terms in source texts and checks their renderings in translations.

    Build it once per glossary; per-language target indexes are built on first use.
    """

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.source_language = glossary.source_language
        self._english = _base(self.source_language) == "en"
        self._index = {id(t): i for i, t in enumerate(glossary.terms)}
        self._root: dict[str, Any] = {}
        for term in glossary.terms:
            for text in term.texts:
                self._add(term, text)
        self._langs: dict[str, _LangIndex] = {}
        self._cache: dict[str, tuple[TermMatch, ...]] = {}

    # source ---------------------------------------------------------------------------
    def _add(self, term: Term, text: str) -> None:
        tokens = tokenize(text, self.source_language)
        if not tokens.spans:
            return
        node = self._root
        for j, word in enumerate(tokens.folded):
            key = word if j == 0 else _gap(tokens.gap(j)) + "\x1f" + word
            node = node.setdefault(key, {})
        originals = tuple(tokens.original(j) for j in range(len(tokens.spans)))
        node.setdefault(_END, []).append((term, originals))

    def _bases(self, word: str) -> list[tuple[str, int]]:
        """English plural bases of a last word: (base, characters cut)."""
        if not self._english or len(word) < 3 or word[-1] != "s":
            return []
        out = [(word[:-1], 1)]
        if word.endswith("es") and len(word) > 3:
            out.append((word[:-2], 2))
        if word.endswith("ies") and len(word) > 4:
            out.append((word[:-3] + "y", 3))
        return out

    def match_source(self, text: str) -> list[TermMatch]:
        """Terms in ``text``: whole words, leftmost-longest, no overlaps, in text order.

        The last few thousand results are kept: ``update`` asks for the hints of one segment
        in every language, and checks match the same sources again."""
        cached = self._cache.get(text)
        if cached is None:
            if len(self._cache) >= 4096:
                self._cache.clear()
            cached = self._cache[text] = tuple(self._match(text))
        return list(cached)

    def _match(self, text: str) -> list[TermMatch]:
        tokens = tokenize(text, self.source_language)
        words = tokens.folded
        n = len(words)
        out: list[TermMatch] = []
        i = 0
        root = self._root
        while i < n:
            node = root.get(words[i])
            best: tuple[int, Term, int] | None = None  # (last word, term, characters cut)
            if node is None and not self._bases(words[i]):
                i += 1
                continue
            j = i
            parent = root
            while True:
                key_prefix = "" if j == i else _gap(tokens.gap(j)) + "\x1f"
                for base, cut in self._bases(words[j]):
                    child = parent.get(key_prefix + base)
                    if child is not None and _END in child:
                        term = self._pick(child[_END], tokens, i, j, cut)
                        if term is not None and (best is None or j > best[0]):
                            best = (j, term, cut)
                node = parent.get(key_prefix + words[j])
                if node is None:
                    break
                if _END in node:
                    term = self._pick(node[_END], tokens, i, j, 0)
                    if term is not None and (best is None or j >= best[0]):
                        best = (j, term, 0)
                j += 1
                if j >= n or len(node) == (1 if _END in node else 0):
                    break
                parent = node
            if best is None:
                i += 1
                continue
            last, term, _ = best
            start, end = tokens.spans[i][0], tokens.spans[last][1]
            tail = tokens.text[end : end + 3]
            if tail[:2] in ("'s", "’s") and not tail[2:3].isalnum():
                end += 2
            elif tail[:1] in ("'", "’") and words[last].endswith("s") and not tail[1:2].isalnum():
                end += 1
            out.append(TermMatch(term, start, end, tokens.text[start:end]))
            i = last + 1
        return out

    @staticmethod
    def _pick(
        entries: list[tuple[Term, tuple[str, ...]]], tokens: _Tokens, i: int, j: int, cut: int
    ) -> Term | None:
        for term, originals in entries:
            if not term.case_sensitive:
                return term
            found = [tokens.original(k) for k in range(i, j + 1)]
            last = found[-1]
            if cut == 3:
                ok_last = last[:-3] == originals[-1][:-1]
            else:
                ok_last = last[: len(last) - cut] == originals[-1]
            if ok_last and found[:-1] == list(originals[:-1]):
                return term
        return None

    # hints ----------------------------------------------------------------------------
    def hint_comment(self, text: str, language: str) -> str:
        """``#.`` comment text naming the terms of ``text`` with their ``language`` renderings
        (empty when there are none)."""
        parts: list[str] = []
        seen: set[int] = set()
        for match in self.match_source(text):
            key = id(match.term)
            if key in seen:
                continue
            seen.add(key)
            term = match.term
            if term.dnt:
                parts.append(f"{term.source} (do not translate)")
                continue
            rendering = term.renderings.get(language)
            if rendering is None:
                parts.append(f"{term.source} = ? (no {language} rendering yet)")
                continue
            part = f"{term.source} = {rendering.approved}"
            if rendering.forbidden:
                part += f" (not {', '.join(rendering.forbidden)})"
            parts.append(part)
        return "glossary: " + "; ".join(parts) if parts else ""

    # target ---------------------------------------------------------------------------
    def _phrase(self, text: str, language: str) -> _Phrase | None:
        tokens = tokenize(text, language)
        if not tokens.spans:
            return None
        keys = tuple(rendering_keys(w, language) for w in tokens.folded)
        words = tuple(tokens.original(k) for k in range(len(tokens.spans)))
        return _Phrase(text, keys, words)

    def _lang(self, language: str) -> _LangIndex:
        index = self._langs.get(language)
        if index is not None:
            return index
        accepted: dict[int, list[_Phrase]] = {}
        forbidden: list[tuple[int, _Phrase]] = []
        first: dict[Key, list[int]] = {}
        for n, term in enumerate(self.glossary.terms):
            rendering = term.rendering(language)
            if rendering is None:
                continue
            phrases = [self._phrase(t, language) for t in (rendering.approved, *rendering.forms)]
            accepted[n] = [p for p in phrases if p is not None]
            for bad in rendering.forbidden:
                phrase = self._phrase(bad, language)
                if phrase is None:
                    continue
                for key in phrase.keys[0]:
                    if key[0] != "s":
                        first.setdefault(key, []).append(len(forbidden))
                forbidden.append((n, phrase))
        index = _LangIndex(accepted, forbidden, first)
        self._langs[language] = index
        return index

    @staticmethod
    def _find(
        phrase: _Phrase,
        tokens: _Tokens,
        analyses: list[dict[Key, int]],
        starts: Iterable[int] | None = None,
        blocked: set[int] | frozenset[int] = frozenset(),
    ) -> tuple[int, int, int] | None:
        """Best occurrence of ``phrase``: (level, first word, last word), lowest level first.
        Words in ``blocked`` (forbidden renderings) never count."""
        size = len(phrase.keys)
        best: tuple[int, int, int] | None = None
        for i in range(len(tokens.spans) - size + 1) if starts is None else starts:
            if i + size > len(tokens.spans):
                continue
            if blocked and any(k in blocked for k in range(i, i + size)):
                continue
            level = 0
            for k, keys in enumerate(phrase.keys):
                found = analyses[i + k]
                word_level = min((found[key] for key in keys if key in found), default=None)
                if word_level is None or (k and not _JOINABLE_GAP.fullmatch(tokens.gap(i + k))):
                    level = -1
                    break
                level = max(level, word_level)
            if level >= 0 and (best is None or level < best[0]):
                best = (level, i, i + size - 1)
                if level == 0:
                    break
        return best

    def check_translation(self, source: str, target: str, language: str) -> list[TermIssue]:
        """How ``target`` renders the glossary terms of ``source`` in ``language``."""
        if not target.strip():
            return []
        index = self._lang(language)
        tokens = tokenize(target, language)
        analyses = [word_analyses(w, language) for w in tokens.folded]
        issues: list[TermIssue] = []

        def span(first: int, last: int) -> str:
            return tokens.text[tokens.spans[first][0] : tokens.spans[last][1]]

        # forbidden renderings, anywhere in the translation
        flagged: set[int] = set()
        blocked: set[int] = set()
        candidates: dict[int, set[int]] = {}
        for i, found in enumerate(analyses):
            for key in found:
                for f in index.forbidden_first.get(key, ()):
                    candidates.setdefault(f, set()).add(i)
        for f in sorted(candidates):
            n, phrase = index.forbidden[f]
            hit = self._find(phrase, tokens, analyses, sorted(candidates[f]))
            if hit is None or hit[0] > 1:
                continue
            term = self.glossary.terms[n]
            if hit[0] > 0 and any(
                self._find(p, tokens, analyses, [hit[1]]) == (0, hit[1], hit[2])
                for p in index.accepted.get(n, [])
            ):
                continue  # an approved form that merely looks like an inflected forbidden one
            flagged.add(n)
            blocked.update(range(hit[1], hit[2] + 1))
            rendering = term.rendering(language)
            use = term.source if term.dnt else rendering.approved if rendering else "?"
            issues.append(
                TermIssue(
                    term,
                    "forbidden",
                    "error",
                    f"forbidden rendering {span(hit[1], hit[2])!r} of {term.source!r}; "
                    f"use {use!r}",
                    span(hit[1], hit[2]),
                )
            )

        seen: set[int] = set()
        for match in self.match_source(source):
            n = self._index[id(match.term)]
            if n in seen or n in flagged:
                continue
            seen.add(n)
            term = match.term
            if term.dnt:
                issue = self._check_dnt(term, tokens, language, span)
                if issue is not None:
                    issues.append(issue)
                continue
            rendering = term.renderings.get(language)
            if rendering is None:
                continue
            best: tuple[int, int, int] | None = None
            for phrase in index.accepted.get(n, []):
                hit = self._find(phrase, tokens, analyses, blocked=blocked)
                if hit is not None and (best is None or hit[0] < best[0]):
                    best = hit
            if best is None and _base(language) in COMPOUNDING:
                if any(_in_compound(p, tokens) for p in index.accepted.get(n, [])):
                    continue  # "Straßenbahnlinien" renders "Straßenbahn"
            if best is None and not judged(language):
                issues.append(
                    TermIssue(
                        term,
                        "unverified",
                        "warning",
                        f"{match.text!r} should be rendered {rendering.approved!r}; not found "
                        f"as written, and tmflow cannot match inflected {language} forms",
                    )
                )
            elif best is None:
                issues.append(
                    TermIssue(
                        term,
                        "missing",
                        "error",
                        f"{match.text!r} should be rendered {rendering.approved!r} "
                        f"(or an inflected form); not found in the translation",
                    )
                )
            elif best[0] == 2:
                found_text = span(best[1], best[2])
                issues.append(
                    TermIssue(
                        term,
                        "stem-only",
                        "info",
                        f"{found_text!r} only shares the stem of {rendering.approved!r} "
                        f"(for {term.source!r}); if it is right, add it to the {language} forms",
                        found_text,
                    )
                )
        return issues

    def _check_dnt(
        self, term: Term, tokens: _Tokens, language: str, span: Callable[[int, int], str]
    ) -> TermIssue | None:
        nearest: str | None = None
        for text in term.texts:
            phrase = self._phrase(text, language)
            if phrase is None:
                continue
            size = len(phrase.words)
            for i in range(len(tokens.spans) - size + 1):
                if all(tokens.original(i + k) == phrase.words[k] for k in range(size)) and all(
                    _JOINABLE_GAP.fullmatch(tokens.gap(i + k)) for k in range(1, size)
                ):
                    return None
            if nearest is None:
                # case-insensitive, with every i/ı/İ/I alike: a Latin name in Turkish text
                loose = [_loose(w) for w in phrase.words]
                for i in range(len(tokens.spans) - size + 1):
                    if all(_loose(tokens.original(i + k)) == loose[k] for k in range(size)):
                        nearest = span(i, i + size - 1)
                        break
        if nearest is not None:
            message = (
                f"do-not-translate term {term.source!r} was altered to {nearest!r}; "
                "keep it exactly as in the source"
            )
        else:
            message = (
                f"do-not-translate term {term.source!r} is missing from the "
                "translation; keep it exactly as in the source"
            )
        return TermIssue(term, "dnt-altered", "error", message, nearest)

    def find_renderings(self, source: str, target: str, language: str) -> list[TermMatch]:
        """Where ``target`` renders the terms of ``source``, for showing them (the review
        page): the approved rendering or a listed form, as written or inflected (the levels
        ``check_translation`` accepts), a do-not-translate term as written; in text order,
        without overlaps. Offsets are into ``target`` in Unicode NFC."""
        if not target.strip():
            return []
        index = self._lang(language)
        tokens = tokenize(target, language)
        analyses = [word_analyses(w, language) for w in tokens.folded]
        found: list[TermMatch] = []
        seen: set[int] = set()
        for match in self.match_source(source):
            n = self._index[id(match.term)]
            if n in seen:
                continue
            seen.add(n)
            term = match.term
            if term.dnt:
                phrases = [self._phrase(text, language) for text in term.texts]
            else:
                phrases = list(index.accepted.get(n, []))
            best: tuple[int, int, int] | None = None
            for phrase in phrases:
                if phrase is None:
                    continue
                if term.dnt:  # as written, case included
                    size = len(phrase.words)
                    for i in range(len(tokens.spans) - size + 1):
                        if all(tokens.original(i + k) == phrase.words[k] for k in range(size)):
                            best = (0, i, i + size - 1)
                            break
                    continue
                hit = self._find(phrase, tokens, analyses)
                if hit is not None and hit[0] <= 1 and (best is None or hit[0] < best[0]):
                    best = hit
            if best is not None:
                start, end = tokens.spans[best[1]][0], tokens.spans[best[2]][1]
                found.append(TermMatch(term, start, end, tokens.text[start:end]))
        found.sort(key=lambda m: (m.start, -m.end))
        out: list[TermMatch] = []
        for m in found:
            if not out or m.start >= out[-1].end:
                out.append(m)
        return out


# ---------------------------------------------------------------------------------------------
# catalogs


def _entry_pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    if entry.msgid_plural:
        plurals = entry.msgstr_plural or {}
        pairs = []
        for index in sorted(plurals, key=int):
            source = entry.msgid if int(index) == 0 else entry.msgid_plural
            pairs.append((source, plurals[index]))
        return pairs
    return [(entry.msgid, entry.msgstr)]


IGNORE_PREFIX = "tmflow-ignore:"


def _ignored(tcomment: str | None) -> set[str]:
    """Check ids silenced by a ``# tmflow-ignore: id, id`` translator comment line."""
    out: set[str] = set()
    for line in (tcomment or "").split("\n"):
        line = line.strip()
        if line.startswith(IGNORE_PREFIX):
            out.update(line[len(IGNORE_PREFIX) :].replace(",", " ").split())
    return out


def check_catalog(
    po: polib.POFile,
    language: str,
    matcher: TermMatcher,
    path: Path | str,
    *,
    include_fuzzy: bool = False,
    severity: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Glossary findings for the translated entries of one catalog.

    Fuzzy entries (drafts, which ``build`` never publishes) are skipped unless
    ``include_fuzzy``. ``severity`` maps a check id (``glossary-missing``…) to a severity or
    ``"off"``, as in the ``[check.severity]`` configuration. An entry whose translator
    comment says ``tmflow-ignore: glossary-missing`` (or ``all``) is not reported for it.
    """
    findings: list[Finding] = []
    for entry in po:
        if entry.obsolete or (entry.fuzzy and not include_fuzzy):
            continue
        ignored = _ignored(entry.tcomment)
        if "all" in ignored:
            continue
        for source, target in _entry_pairs(entry):
            for issue in matcher.check_translation(source, target, language):
                check = CHECK_IDS[issue.kind]
                level = (severity or {}).get(check, issue.severity)
                if level == "off" or check in ignored:
                    continue
                findings.append(
                    Finding(
                        check=check,
                        severity=level,
                        message=issue.message,
                        path=str(path),
                        line=entry.linenum or None,
                        language=language,
                        msgid=entry.msgid,
                    )
                )
    return findings


def coverage(
    matcher: TermMatcher, pairs: Iterable[tuple[str, str]], language: str
) -> dict[int, tuple[int, int]]:
    """For ``(source, translation)`` pairs: term index → (segments with the term,
    segments whose translation renders it without an error)."""
    out: dict[int, list[int]] = {}
    for source, target in pairs:
        terms = {matcher._index[id(m.term)]: m.term for m in matcher.match_source(source)}
        if not terms:
            continue
        bad = set()
        if target.strip():
            for issue in matcher.check_translation(source, target, language):
                if issue.severity == "error":
                    bad.add(matcher._index[id(issue.term)])
        for n in terms:
            counts = out.setdefault(n, [0, 0])
            counts[0] += 1
            if target.strip() and n not in bad:
                counts[1] += 1
    return {n: (c[0], c[1]) for n, c in out.items()}


# ---------------------------------------------------------------------------------------------
# project-wide (``tmflow glossary check`` and ``list``)


@dataclass
class GlossaryReport:
    """What ``tmflow glossary check`` found."""

    glossary: Glossary
    findings: list[Finding]
    catalogs: int

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def failed(self) -> bool:
        return self.count("error") > 0


@dataclass
class CoverageRow:
    term: Term
    # language → (segments with the term, segments rendering it without an error)
    counts: dict[str, tuple[int, int]]


def _catalogs(config: Config, languages: Sequence[str]) -> list[tuple[str, Path]]:
    from tmflow.io.files import list_files

    out = []
    for lang in languages:
        out += [(lang, path) for path in list_files(config.locales_dir / lang, ".po")]
    return out


def _severities(config: Config, language: str) -> dict[str, str]:
    out = {k: v for k, v in config.check.severity.items() if k.startswith("glossary-")}
    out.update(
        {
            k: v
            for k, v in config.check.languages.get(language, {}).items()
            if k.startswith("glossary-")
        }
    )
    return out


def load_project_glossary(config: Config) -> Glossary:
    """The project's glossary; a glossary the configuration names must exist."""
    from tmflow.io.glossary import load_glossary
    from tmflow.steps.project import require_glossary

    require_glossary(config)
    return load_glossary(config.glossary_path, config.languages, config.source_language)


def check_glossary(
    config: Config, languages: Sequence[str] = (), *, include_fuzzy: bool = False
) -> GlossaryReport:
    """Validate the project's glossary (raising ``GlossaryError``) and check every PO file."""
    from tmflow.io.po.reader import load_po

    glossary = load_project_glossary(config)
    matcher = TermMatcher(glossary)
    findings: list[Finding] = []
    catalogs = _catalogs(config, languages or config.languages)
    for lang, path in catalogs:
        po = load_po(path)
        rel = path.relative_to(config.root) if path.is_relative_to(config.root) else path
        findings += check_catalog(
            po, lang, matcher, rel, include_fuzzy=include_fuzzy, severity=_severities(config, lang)
        )
    return GlossaryReport(glossary, findings, len(catalogs))


def glossary_coverage(config: Config, languages: Sequence[str] = ()) -> list[CoverageRow]:
    """Per term and language: in how many segments of the PO files it occurs, and in how many
    translated ones it is rendered as the glossary says."""
    from tmflow.io.po.reader import load_po

    glossary = load_project_glossary(config)
    matcher = TermMatcher(glossary)
    langs = list(languages or config.languages)
    per_lang: dict[str, dict[int, tuple[int, int]]] = {}
    from tmflow.io.files import list_files

    templates = list_files(config.templates_dir, ".pot")
    for lang in langs:
        pairs: list[tuple[str, str]] = []
        catalogs = {path.stem: path for _, path in _catalogs(config, [lang])}
        # an article not yet updated for this language counts with its template: the terms
        # occur, nothing renders them yet
        for template in templates:
            if template.stem not in catalogs:
                catalogs[template.stem] = template
        for name in sorted(catalogs):
            path = catalogs[name]
            untranslated = path.suffix == ".pot"
            for entry in load_po(path, require_header=not untranslated):
                if entry.obsolete:
                    continue
                for source, target in _entry_pairs(entry):
                    pairs.append((source, "" if entry.fuzzy or untranslated else target))
        per_lang[lang] = coverage(matcher, pairs, lang)
    return [
        CoverageRow(term, {lang: per_lang[lang].get(n, (0, 0)) for lang in langs})
        for n, term in enumerate(glossary.terms)
    ]
