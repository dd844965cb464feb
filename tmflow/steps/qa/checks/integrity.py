"""Integrity: the file is a PO file tmflow and gettext read the same way.

Parse errors come from ``tmflow.io.po.reader.load_po`` (``po-syntax``, ``duplicate-entry``,
``header-charset``); the others look at the parsed header and at the layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polib

from tmflow.core.languages import get_language, normalise_code, plural_forms
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import dumps_po
from tmflow.steps.qa.checks import FileContext, Hit, declare, register

declare(
    "po-syntax",
    "error",
    "The file is not valid PO (gettext would reject it).",
    kind="file",
    group="integrity",
)
declare(
    "duplicate-entry",
    "error",
    "Two entries with the same msgctxt and msgid.",
    kind="file",
    group="integrity",
)
declare(
    "header-charset",
    "error",
    "The file is not UTF-8 or its header names another charset.",
    kind="file",
    group="integrity",
)

_NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")


def _header_line(raw: bytes, key: str) -> int | None:
    """Line of ``"Key: …`` in the header (first occurrence), for precise findings."""
    marker = f'"{key}:'.encode()
    at = raw.find(marker)
    return raw.count(b"\n", 0, at) + 1 if at >= 0 else None


def _header_entry_line(raw: bytes) -> int:
    at = raw.find(b'msgid ""')
    return raw.count(b"\n", 0, at) + 1 if at >= 0 else 1


@register(
    "header-language",
    "error",
    "The header's Language is missing or is not the language of the folder.",
    kind="file",
    group="integrity",
)
def header_language(ctx: FileContext) -> Iterator[Hit]:
    if ctx.po is None:
        return
    value = ctx.po.metadata.get("Language", "").strip()
    if not value:
        yield Hit(
            "header-language",
            f"no Language in the header (expected {ctx.language!r})",
            _header_entry_line(ctx.raw),
        )
    elif normalise_code(value) != normalise_code(ctx.language):
        yield Hit(
            "header-language",
            f"Language is {value!r} but the file is in the {ctx.language!r} folder",
            _header_line(ctx.raw, "Language"),
        )


def _norm(expr: str) -> str:
    return re.sub(r"\s+", "", expr).rstrip(";")


@register(
    "header-plural-forms",
    "error",
    "Plural-Forms is missing or wrong for the language (nplurals and expression).",
    kind="file",
    group="integrity",
)
def header_plural_forms(ctx: FileContext) -> Iterator[Hit]:
    if ctx.po is None or get_language(ctx.language) is None:
        return
    expected = plural_forms(ctx.language)
    value = ctx.po.metadata.get("Plural-Forms", "").strip()
    if not value:
        yield Hit(
            "header-plural-forms",
            f"no Plural-Forms in the header (expected {expected!r})",
            _header_entry_line(ctx.raw),
        )
        return
    got_n = _NPLURALS_RE.search(value)
    want_n = _NPLURALS_RE.search(expected)
    line = _header_line(ctx.raw, "Plural-Forms")
    if got_n is None or want_n is None or got_n.group(1) != want_n.group(1):
        yield Hit(
            "header-plural-forms",
            f"Plural-Forms {value!r} has the wrong number of "
            f"forms for {ctx.language!r}; expected {expected!r}",
            line,
        )
    elif _norm(value) != _norm(expected):
        yield Hit(
            "header-plural-forms",
            f"Plural-Forms expression differs from the one for "
            f"{ctx.language!r}: expected {expected!r}",
            line,
        )


@register(
    "canonical-layout",
    "warning",
    "The file is not in the canonical layout (run 'tmflow fmt'; msgcat --no-wrap form).",
    kind="file",
    group="integrity",
)
def canonical_layout(ctx: FileContext) -> Iterator[Hit]:
    if ctx.po is None:
        return
    po = ctx.po
    if getattr(po, "canonical", None) is True:
        return  # the light reader verified the layout line by line
    if not isinstance(po, polib.POFile):
        po = load_po(ctx.path)  # a light catalog cannot be written back: parse fully
    raw = ctx.raw[3:] if ctx.raw.startswith(b"\xef\xbb\xbf") else ctx.raw
    want = dumps_po(po).encode("utf-8")
    if want == raw:
        return
    have_lines = raw.split(b"\n")
    want_lines = want.split(b"\n")
    line = next(
        (i + 1 for i, (a, b) in enumerate(zip(have_lines, want_lines)) if a != b),
        min(len(have_lines), len(want_lines)),
    )
    yield Hit(
        "canonical-layout", "not in the canonical layout from here on (run 'tmflow fmt')", line
    )
