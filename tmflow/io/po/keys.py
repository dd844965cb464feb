"""The key reader: the (msgctxt, msgid) of a template's live entries, nothing else.

The check "PO file out of date with its template" needs only the keys of the template, once
per article. ``read_keys`` takes them from a file in the usual layout (``tiling.tile``),
without reading comments or translations; None hands the file to ``read_light`` or
``load_po`` (which may then report an error): it never answers for a file ``load_po`` rejects.
"""

from __future__ import annotations

from tmflow.io.po.lexer import HandOff, joined, strings_ok, unescape, usual_text
from tmflow.io.po.tiling import obsolete_tail_ok, tile


def read_keys(text: str) -> set[tuple[str | None, str]] | None:
    """The (msgctxt, msgid) of the live entries of a file in the usual layout (what
    ``load_po`` gives for it), or None when another reader must read the file."""
    if not usual_text(text):
        return None
    try:
        tiled = tile(text)
        if tiled is None:
            return None
        items, live_len, _header = tiled
        keys: set[tuple[str | None, str]] = set()
        for whole, _before, _one_ref, _refs, _after, _previous, ctxt, mid, mstr in items[1:]:
            if "#|" in whole:
                return None  # previous msgids: read_light or load_po judges them
            if (
                "\\" in whole or mid.count('"') > 2 or mstr.count('"') > 2 or ctxt
            ) and not strings_ok(ctxt, mid, mstr):
                return None  # not PO strings: load_po reports them
            msgid = unescape(joined(mid))
            if not ctxt and not msgid:
                return None  # a second header: load_po reports it
            keys.add((unescape(joined(ctxt)) if ctxt else None, msgid))
        if len(keys) != len(items) - 1:
            return None  # a duplicate: load_po reports it
        if live_len < len(text) and obsolete_tail_ok(text[live_len:], True) is None:
            return None
    except HandOff:
        return None
    return keys
