"""Protect what a machine must not translate, and verify what comes back.

Before a segment goes to an engine, the spans it must not touch are replaced by numbered tokens
``{1}``, ``{2}``…: inline code, inline HTML and autolinks, Markdown link and image syntax (the
link text stays translatable, ``[`` and ``](url)`` become tokens), URLs, e-mail addresses,
numbers that are codes rather than quantities (``A320``, ``COVID-19``, ``2014-02-26``,
``10:30``, phone numbers; plain numbers, ordinals such as ``22nd`` and ``1990s`` stay
visible so the engine can translate them and inflect the words around them),
emphasis markers, do-not-translate glossary terms, and anything in the source that already
looks like a token (so every ``{N}`` in the masked text is ours). Leading and trailing
white space is cut off and put back: engines strip it anyway.

``{N}`` survives Google, DeepL, Microsoft, LibreTranslate and MyMemory in practice, and the
pseudo provider keeps it by design. Engines do add spaces inside or around tokens, and some
write full-width braces; :func:`restore` accepts ``{ 3 }`` and ``｛３｝``, and glues Markdown
markers back to the words they enclosed when the source had no space there.

A result is **rejected** (the entry stays untranslated, with a comment saying why) when it is
empty or ``None``, is a service's message instead of a translation
(:func:`tmflow.steps.mt.replies.service_message`), lost, duplicated or invented a token,
turned a link's brackets around, or is identical to the source.

:func:`split_text` cuts a masked text that is too long for one request at sentence ends, then
clause marks, then spaces, never inside a token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engines' layer is loaded by the engines that read context only
    from tmflow.io.translators.passage import TermRule

TOKEN_RE = re.compile(r"[{｛]\s*([0-9０-９]+)\s*[}｝]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# --- what gets masked, in order of priority (a span never overlaps an earlier one) ----------
_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_HTML = re.compile(
    r"<(?:[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?|/[a-zA-Z][a-zA-Z0-9-]*\s*|!--.*?--)>"
    r"|<(?:https?|mailto|ftp):[^\s<>]+>"
)
_PLACEHOLDER = re.compile(
    r"[{｛]\s*[0-9０-９]+\s*[}｝]|\{[A-Za-z_][\w.]*\}|%\([A-Za-z_]\w*\)[sd]"
    r"|%\d+\$[sd]"
)
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
# [text](url "title"), ![alt](src), [text][ref]; text without nested brackets
_LINK = re.compile(
    r"(!?\[)([^\[\]\n]*)(\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"
    r"|\]\[[^\[\]\n]*\])"
)
_URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'`]+", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_CODE_NUMBER = re.compile(
    r"\+\d[\d ()-]{6,}\d"  # phone numbers
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b"  # ISO dates and times
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"  # clock times
    r"|\b[A-Za-z][A-Za-z]*-?\d[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b"  # A320, COVID-19, F-16, G20
)
_EMPHASIS = re.compile(
    r"\*\*|__|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"
    r"|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])"
)


@dataclass(frozen=True)
class Token:
    number: int
    text: str
    kind: str  # "atom" | "open" | "close"
    glued: bool = False  # open: no space after it in the source; close: none before it


@dataclass(frozen=True)
class Protected:
    """A segment as the engine sees it, and how to put it back."""

    source: str
    text: str
    tokens: tuple[Token, ...] = ()
    lead: str = ""
    trail: str = ""
    pairs: tuple[tuple[int, int], ...] = ()  # (open, close) that must stay in this order

    @property
    def translatable(self) -> bool:
        """Whether any letter is left for the engine once tokens are masked."""
        return any(c.isalpha() for c in TOKEN_RE.sub("", self.text))


# a whole whitespace-separated token of 3+ letters, punctuation around it allowed
_PLAIN_WORD = re.compile(r"(?<!\S)[\"'(«“‘\[*_]*([^\W\d_]{3,})[.,;:!?\"')»”’…\]*_]*(?!\S)")


def nothing_to_translate(source: str, dnt_spans: Iterable[tuple[int, int]] = ()) -> str | None:
    """What a segment with no words to translate holds, or None when it has words.

    The one definition (``update`` copies such segments, ``draft`` sends none of them): no
    letter is left once :func:`protect` has masked what an engine must not touch, that is
    when the segment is made only of numbers (``2024``, ``12.5%``, ``+994 12 555 01 23``), dates
    and times in digits (``2014-02-26``, ``26.02.2014``, ``10:30``), URLs, e-mail addresses,
    codes (``A320``, ``COVID-19``), do-not-translate glossary terms, placeholders, inline code
    and markup, punctuation and symbols. A word of any script, an ordinal (``22nd``), a unit
    (``5 km``) or a Roman numeral (``II``) is something to translate.

    The answer names what is there, in this order: ``numbers``, ``URL``, ``e-mail address``,
    ``do-not-translate term``, ``code`` (codes and inline code), ``symbols`` (only when
    nothing else is)."""
    spans = list(dnt_spans)
    if "`" not in source and "<" not in source:
        # the quick answer for most segments: a word of letters standing alone between
        # spaces (and punctuation) is masked by nothing but a do-not-translate term
        for match in _PLAIN_WORD.finditer(source):
            if all(match.end(1) <= a or match.start(1) >= b for a, b in spans):
                return None
    masked = protect(source, spans)
    if masked.translatable:
        return None
    dnt = {source[a:b] for a, b in spans}
    found: set[str] = set()
    for token in masked.tokens:
        text = token.text
        if _URL.fullmatch(text) or _URL.match(text):
            found.add("URL")
        elif _EMAIL.fullmatch(text):
            found.add("e-mail address")
        elif text in dnt:
            found.add("do-not-translate term")
        elif text.startswith("`") or (
            any(c.isalpha() for c in text) and _CODE_NUMBER.fullmatch(text)
        ):
            found.add("code")
        elif any(c.isdigit() for c in text):
            found.add("numbers")
    if any(c.isdigit() for c in TOKEN_RE.sub("", masked.text)):
        found.add("numbers")
    order = ("numbers", "URL", "e-mail address", "do-not-translate term", "code")
    kinds = [k for k in order if k in found]
    return ", ".join(kinds) if kinds else "symbols"


@dataclass(frozen=True)
class Restored:
    text: str | None
    reason: str | None = None  # why the result was rejected

    @property
    def ok(self) -> bool:
        return self.text is not None


@dataclass
class _Span:
    start: int
    end: int
    kind: str = "atom"
    pair: int | None = None


def _free(spans: list[_Span], start: int, end: int) -> bool:
    return all(end <= s.start or start >= s.end for s in spans)


def _add(spans: list[_Span], pattern: re.Pattern[str], text: str) -> None:
    for match in pattern.finditer(text):
        if match.end() > match.start() and _free(spans, match.start(), match.end()):
            spans.append(_Span(match.start(), match.end()))


def _trim_url(text: str, span: _Span) -> _Span:
    end = span.end
    while end > span.start and text[end - 1] in ".,;:!?)]}'\"»”":
        if text[end - 1] == ")" and text[span.start : end].count("(") >= text[
            span.start : end
        ].count(")"):
            break
        end -= 1
    return _Span(span.start, end)


def protect(source: str, dnt_spans: Iterable[tuple[int, int]] = ()) -> Protected:
    """Mask ``source`` for an engine. ``dnt_spans``: (start, end) of do-not-translate terms."""
    stripped = source.strip()
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()) :]
    offset = len(lead)
    text = stripped
    spans: list[_Span] = []
    _add(spans, _CODE, text)
    _add(spans, _HTML, text)
    _add(spans, _PLACEHOLDER, text)
    _add(spans, _FOOTNOTE, text)
    pair_id = 0
    for match in _LINK.finditer(text):
        if _free(spans, match.start(), match.end()):
            pair_id += 1
            spans.append(_Span(match.start(1), match.end(1), "open", pair_id))
            spans.append(_Span(match.start(3), match.end(3), "close", pair_id))
    for match in _URL.finditer(text):
        span = _trim_url(text, _Span(match.start(), match.end()))
        if _free(spans, span.start, span.end):
            spans.append(span)
    _add(spans, _EMAIL, text)
    for start, end in dnt_spans:
        start, end = start - offset, end - offset
        if 0 <= start < end <= len(text) and _free(spans, start, end):
            spans.append(_Span(start, end))
    _add(spans, _CODE_NUMBER, text)
    open_marks: dict[str, _Span] = {}
    for match in _EMPHASIS.finditer(text):
        if not _free(spans, match.start(), match.end()):
            continue
        mark = match.group(0)
        span = _Span(match.start(), match.end())
        if mark in open_marks:
            opener = open_marks.pop(mark)
            pair_id += 1
            opener.kind, opener.pair = "open", pair_id
            span.kind, span.pair = "close", pair_id
        else:
            open_marks[mark] = span
        spans.append(span)
    spans.sort(key=lambda s: s.start)

    tokens: list[Token] = []
    out: list[str] = []
    last = 0
    pairs: dict[int, list[int]] = {}
    for number, span in enumerate(spans, 1):
        out.append(text[last : span.start])
        original = text[span.start : span.end]
        if span.kind == "open":
            glued = span.end < len(text) and not text[span.end].isspace()
        elif span.kind == "close":
            glued = span.start > 0 and not text[span.start - 1].isspace()
        else:
            glued = False
        tokens.append(Token(number, original, span.kind, glued))
        if span.pair is not None and original not in ("**", "__", "~~", "*", "_"):
            pairs.setdefault(span.pair, []).append(number)
        out.append(f"{{{number}}}")
        last = span.end
    out.append(text[last:])
    return Protected(
        source=source,
        text="".join(out),
        tokens=tuple(tokens),
        lead=lead,
        trail=trail,
        pairs=tuple((p[0], p[1]) for p in pairs.values() if len(p) == 2),
    )


def restore(protected: Protected, result: str | None) -> Restored:
    """Verify an engine's result for ``protected`` and put the masked spans back."""
    if result is None or not result.strip():
        return Restored(None, "empty result")
    # imported here: masking (which update uses for copies) does not need the engines' layer
    from tmflow.steps.mt.replies import service_message

    service = service_message(result, protected.source)
    if service is not None:  # checked on arrival; this also covers older caches
        return Restored(None, f"service message instead of a translation ({service})")
    by_number = {t.number: t for t in protected.tokens}
    found: dict[int, int] = {}
    positions: dict[int, int] = {}
    for match in TOKEN_RE.finditer(result):
        number = int(match.group(1).translate(_FULLWIDTH_DIGITS))
        found[number] = found.get(number, 0) + 1
        positions.setdefault(number, match.start())
    for number in sorted(found):
        if number not in by_number:
            return Restored(None, f"invented a token {{{number}}}")
        if found[number] > 1:
            return Restored(None, f"duplicated a token ({_show(by_number[number].text)})")
    for token in protected.tokens:
        if token.number not in found:
            return Restored(None, f"lost a token ({_show(token.text)})")
    for opener, closer in protected.pairs:
        if positions[opener] > positions[closer]:
            return Restored(
                None,
                "turned markup around "
                f"({_show(by_number[opener].text)}…"
                f"{_show(by_number[closer].text)})",
            )

    def put_back(match: re.Match[str]) -> str:
        return f"\x00{int(match.group(1).translate(_FULLWIDTH_DIGITS))}\x00"

    marked = TOKEN_RE.sub(put_back, result.strip())
    for token in protected.tokens:
        placeholder = f"\x00{token.number}\x00"
        if token.glued and token.kind == "open":
            marked = re.sub(re.escape(placeholder) + r"[ \t]+", placeholder, marked)
        elif token.glued and token.kind == "close":
            marked = re.sub(r"[ \t]+" + re.escape(placeholder), placeholder, marked)
    text = re.sub(r"\x00(\d+)\x00", lambda m: by_number[int(m.group(1))].text, marked)
    if text.strip() == protected.source.strip():
        return Restored(None, "identical to the source")
    return Restored(protected.lead + text + protected.trail)


def _show(text: str) -> str:
    text = text if len(text) <= 40 else text[:37] + "…"
    return f'"{text}"'


def token_problem(masked: str, result: str) -> str | None:
    """Why ``result`` does not carry the ``{N}`` tokens of the ``masked`` text it translates,
    each once (the check of :func:`restore`, for one piece of a text), or None."""
    wanted = sorted(
        int(m.group(1).translate(_FULLWIDTH_DIGITS)) for m in TOKEN_RE.finditer(masked)
    )
    found = sorted(int(m.group(1).translate(_FULLWIDTH_DIGITS)) for m in TOKEN_RE.finditer(result))
    if wanted == found:
        return None
    for number in found:
        if number not in wanted:
            return f"invented a token {{{number}}}"
        if found.count(number) > 1:
            return f"duplicated a token {{{number}}}"
    lost = next(n for n in wanted if n not in found)
    return f"lost a token {{{lost}}}"


# ---------------------------------------------------------------------------------------------
# splitting for provider limits


_BREAKS = (
    re.compile(r"(?<=[.!?…。！？])[\"'”»)]*\s+"),
    re.compile(r"(?<=[;:,，；])\s+"),
    re.compile(r"\s+"),
)


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of ``text`` of at most ``limit`` UTF-8 bytes each, cut at the best boundary
    available (sentence end, clause mark, space), never inside a ``{N}`` token. Joining the
    pieces with single spaces gives back the text up to white space at the cuts."""
    return _split(text, limit, 0)


def _split(text: str, limit: int, level: int) -> list[str]:
    if _size(text) <= limit:
        return [text]
    if level >= len(_BREAKS):
        return _hard_cut(text, limit)
    parts = _cut(text, _BREAKS[level])
    if len(parts) <= 1:
        return _split(text, limit, level + 1)
    pieces: list[str] = []
    current = ""
    for part in parts:
        for sub in _split(part, limit, level + 1):
            candidate = f"{current} {sub}" if current else sub
            if _size(candidate) <= limit:
                current = candidate
            else:
                if current:
                    pieces.append(current)
                current = sub
    if current:
        pieces.append(current)
    return pieces


def _hard_cut(text: str, limit: int) -> list[str]:
    pieces, current = [], ""
    for part in re.split(r"(\{\d+\})", text):
        chunks = [part] if TOKEN_RE.fullmatch(part) else list(part)
        for chunk in chunks:
            if current and _size(current + chunk) > limit:
                pieces.append(current)
                current = ""
            current += chunk
    if current:
        pieces.append(current)
    return pieces


def _cut(text: str, pattern: re.Pattern[str]) -> list[str]:
    tokens = [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
    parts, last = [], 0
    for match in pattern.finditer(text):
        if any(s < match.start() < e for s, e in tokens):
            continue
        parts.append(text[last : match.start()])
        last = match.end()
    parts.append(text[last:])
    return [p for p in parts if p]


# ---------------------------------------------------------------------------------------------
# glossary (optional: degrades to nothing while the glossary modules are missing)


@dataclass
class GlossaryGuard:
    """Do-not-translate spans and rendering checks, when a glossary is available."""

    matcher: Any = None
    problems: list[str] = field(default_factory=list)

    def dnt_spans(self, text: str) -> list[tuple[int, int]]:
        if self.matcher is None:
            return []
        try:
            matches = self.matcher.match_source(text)
        except Exception:
            return []
        return [(m.start, m.end) for m in matches if getattr(m.term, "dnt", False)]

    def rules(self, text: str, language: str) -> list[TermRule]:
        """The glossary's rules for the terms of ``text`` in ``language``, once each: the
        approved rendering with its forms and forbidden renderings, or "do not translate"
        (terms without a rendering in the language say nothing and are left out)."""
        if self.matcher is None:
            return []
        try:
            matches = self.matcher.match_source(text)
        except Exception:
            return []
        from tmflow.io.translators.passage import TermRule

        out: list[TermRule] = []
        seen: set[str] = set()
        for match in matches:
            term = match.term
            if term.source in seen:
                continue
            seen.add(term.source)
            if getattr(term, "dnt", False):
                out.append(TermRule(term.source, keep=True, note=term.note))
                continue
            rendering = term.renderings.get(language)
            if rendering is None:
                continue
            out.append(
                TermRule(
                    term.source,
                    rendering.approved,
                    tuple(rendering.forms),
                    tuple(rendering.forbidden),
                    note=rendering.note or term.note,
                )
            )
        return out

    def missing(self, source: str, target: str, language: str) -> list[str]:
        """Provenance details (``missing "Khojaly" (approved: "Khodjaly")``…) for the
        glossary problems of a draft; informational findings are left to ``tmflow check``."""
        if self.matcher is None:
            return []
        try:
            issues = self.matcher.check_translation(source, target, language)
        except Exception:
            return []
        out = []
        for issue in issues or ():
            if getattr(issue, "severity", "error") != "error":
                continue
            detail = _issue_detail(issue, language).replace("\n", " ")
            if detail and detail not in out:
                out.append(detail)
        return out


def _issue_detail(issue: Any, language: str) -> str:
    kind = str(getattr(issue, "kind", "") or "")
    term = getattr(issue, "term", None)
    source = getattr(term, "source", None)
    if term is None or source is None:
        message = str(getattr(issue, "message", "") or "")
        return message if message.startswith(kind) else f"{kind} {message}".strip()
    if kind == "missing":
        rendering = term.rendering(language) if hasattr(term, "rendering") else None
        approved = getattr(rendering, "approved", None)
        return f'missing "{source}"' + (f' (approved: "{approved}")' if approved else "")
    if kind == "forbidden":
        return f'forbidden "{getattr(issue, "found", "") or "?"}" for "{source}"'
    if kind == "dnt-altered":
        return f'altered "{source}" (do not translate)'
    return f'{kind} "{source}"'


def load_glossary_guard(config: Any, languages: Iterable[str] = ()) -> GlossaryGuard:
    """A :class:`GlossaryGuard` for the project's glossary, or an empty one when there is
    none. The glossary is validated against all the project's languages (a run for some of
    them reads the same file as any other run)."""
    from tmflow.io.files import stamp

    path = getattr(config, "glossary_path", None)
    if path is None or stamp(path) is None:
        return GlossaryGuard()
    from tmflow.io.glossary import load_glossary
    from tmflow.steps.terms import TermMatcher

    glossary = load_glossary(path, tuple(config.languages), config.source_language)
    return GlossaryGuard(TermMatcher(glossary))
