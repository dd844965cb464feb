"""Markdown structure of one translation: what ``build`` refuses to publish, decided entry by
entry, so that ``check`` fails on exactly those entries and names their lines.

Both use the same CommonMark parser (markdown-it-py, with GFM tables and strikethrough) and
the same rules:

* the translation keeps the segment's inline markup: as many emphasis, strong, strikethrough,
  links, images, inline code spans and inline HTML tags (a removed link is one finding, which
  names its target);
* the same link and image targets, and inline code unchanged;
* no blank line that would start a new block;
* in a table cell, no ``|`` that is not escaped (it would split the cell and break the table);
* not over 20,000 characters and 20 times the length of its segment (no translation is; the
  parse of such a text alone would take seconds).

A translation that merely *starts* with what CommonMark reads as the start of a block (German
``26. Februar`` at the start of a paragraph would become an ordered list) is not refused:
``build`` escapes the marker (``26\\. Februar``), which shows the text exactly as written.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

MAX_PARSED = 20_000  # a translation longer than this and 20× its source is not parsed
_INLINE_KINDS = frozenset(
    {"strong_open", "em_open", "s_open", "link_open", "image", "code_inline", "html_inline"}
)
_MD_CHARS_RE = re.compile(r"[\[\]`*_~<>!|\\\n]")
# the start of a line that CommonMark may read as the start of a block
_BLOCK_START_RE = re.compile(
    r"(?P<indent>[ \t]{0,3})(?:(?P<mark>#{1,6}|[-+*]|>|\d{1,9}[.)])(?=[ \t]|$)|(?P<fence>```|~~~)"
    r"|(?P<rule>[-*_=])(?:[ \t]*(?P=rule))*[ \t]*$)"
)
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


@cache
def parser() -> Any:
    """The Markdown parser of ``build`` and ``check`` (CommonMark, tables, strikethrough)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def inline_tokens(text: str) -> list[Any]:
    out: list[Any] = []
    for token in parser().parseInline(text):
        out += token.children or []
    return out


def inline_signature(text: str) -> Counter[str]:
    """How many of each kind of inline markup ``text`` holds."""
    return Counter(t.type for t in inline_tokens(text) if t.type in _INLINE_KINDS)


def block_signature(text: str) -> list[tuple[str, int]]:
    """The block tokens of a document (kind and nesting level), for comparing two parses."""
    return [(t.type, t.level) for t in parser().parse(text) if t.type != "inline"]


def _targets(tokens: list[Any]) -> Counter[str]:
    out: Counter[str] = Counter()
    for t in tokens:
        if t.type == "link_open":
            out[str(t.attrs.get("href", ""))] += 1
        elif t.type == "image":
            out[str(t.attrs.get("src", ""))] += 1
    return out


def _codes(tokens: list[Any]) -> Counter[str]:
    return Counter(t.content for t in tokens if t.type == "code_inline")


def unescaped_pipes(text: str) -> int:
    """``|`` characters not escaped by a backslash (GFM splits a table cell at each, inside a
    code span too)."""
    count = 0
    escaped = False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            count += 1
    return count


def translation_problem(source: str, target: str, *, table_cell: bool = False) -> str | None:
    """Why ``build`` cannot publish ``target`` for the Markdown segment ``source``, or None."""
    if not _MD_CHARS_RE.search(source) and not _MD_CHARS_RE.search(target):
        return None  # no character that could make or break Markdown
    if len(target) > max(MAX_PARSED, 20 * len(source)):
        # not a translation of the segment (a runaway engine reply, a paste): refused
        # without parsing it, which keeps the time of a check within bounds
        return (
            f"the translation is {len(target):,} characters long, "
            f"{len(target) / max(len(source), 1):.0f}× its source: not published"
        )
    want_tokens = inline_tokens(source)
    have_tokens = inline_tokens(target)
    want_targets = _targets(want_tokens)
    have_targets = _targets(have_tokens)
    if want_targets != have_targets:
        lost = sorted((want_targets - have_targets).elements())
        added = sorted((have_targets - want_targets).elements())
        if lost:
            return "Markdown link lost or its target changed: " + ", ".join(lost)
        return "Markdown link added that is not in the source: " + ", ".join(added)
    want = Counter(t.type for t in want_tokens if t.type in _INLINE_KINDS)
    have = Counter(t.type for t in have_tokens if t.type in _INLINE_KINDS)
    if want != have:
        diff = [
            f"{kind.replace('_open', '')} {want[kind]}→{have[kind]}"
            for kind in sorted(set(want) | set(have))
            if want[kind] != have[kind]
        ]
        return f"translation breaks inline Markdown ({', '.join(diff)})"
    want_code = _codes(want_tokens)
    have_code = _codes(have_tokens)
    if want_code != have_code:
        changed = sorted((want_code - have_code).elements())
        return "inline code changed: " + ", ".join(f"`{c}`" for c in changed)
    if "\n" in target and _BLANK_LINE_RE.search(target) and not _BLANK_LINE_RE.search(source):
        return "a blank line in the translation would start a new block"
    if table_cell and unescaped_pipes(target) > unescaped_pipes(source):
        return "an unescaped '|' in a table cell would split the cell (write '\\|')"
    return None


def escape_block_starts(source: str, target: str) -> str:
    """``target`` with a backslash before each line start that CommonMark would read as the
    start of a block (a heading, a list item, a quote, a fence, a rule) where ``source`` has
    none: the published text then shows exactly what the translator wrote."""
    if not target:
        return target
    lines = target.split("\n")
    source_start = _BLOCK_START_RE.match(source)
    out = []
    for i, line in enumerate(lines):
        m = _BLOCK_START_RE.match(line)
        if m is None or (i == 0 and source_start is not None):
            out.append(line)
            continue
        indent = m.group("indent")
        rest = line[len(indent) :]
        if m.group("mark") and m.group("mark")[0].isdigit():
            digits = m.group("mark")[:-1]
            out.append(indent + digits + "\\" + rest[len(digits) :])
        else:
            out.append(indent + "\\" + rest)
    return "\n".join(out)
