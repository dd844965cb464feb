"""The light readers' speed trick: the live part of a file matched all at once.

In the usual file (a header, then live entries, then obsolete ones), the live entries *tile*
the text before the first obsolete entry: ``LIGHT_RE.findall`` over that part gives every
entry, and the lengths of the matches add up to the length of the part exactly when nothing
between them went unmatched. ``tile`` checks that sum and answers None otherwise; the callers
(``light``, ``keys``) then read the file another way. The strings are matched loosely
(``lexer.LOOSE``); a caller checks a string exactly when it holds a backslash or a quote.

Also here, for the same readers: the header entry's facts (``header_block``, remembered by the
header's text, as the files of a project share a few headers) and the validation of what
follows the live entries (``obsolete_tail_ok``).
"""

from __future__ import annotations

import re
from typing import Any

from tmflow.io.po.canonical import obsolete_tail
from tmflow.io.po.count_blocks import count_blocks
from tmflow.io.po.counts import FileStats
from tmflow.io.po.lexer import LOOSE, comment_text, joined, strings_ok, unescape
from tmflow.io.po.memo import BoundedMemo
from tmflow.io.po.writer import header_lines

# A live entry whose ``#|`` lines come last (as the writer puts them), with its comment lines in
# five groups: those before the references (``#`` and ``#.``); the usual reference line (one
# ``#:`` line, one reference: surely canonical); other ``#:`` lines; the rest but ``#|``; and
# the ``#|`` lines. ``findall`` gives (the whole match, those five, msgctxt, msgid, msgstr),
# ``""`` for an absent group.
LIGHT_RE = re.compile(
    rf"(((?:#(?![~:,|])[^\n]*\n)*)((?:#: \S+\n(?!#:))?+)((?:#:[^\n]*\n)*)"
    rf"((?:#(?![~|])[^\n]*\n)*)((?:#\|[^\n]*\n)*)"
    rf"(?:msgctxt ({LOOSE})\n)?msgid ({LOOSE})\nmsgstr ({LOOSE})(?:\n\n|\n\Z))"
)

#: header blocks read before: whole matched text → (metadata, comment, whether the block is
#: what the writer writes); their escapes are the costly part to read
HEADER_FACTS: BoundedMemo[str, tuple[Any, ...]] = BoundedMemo("header block → its facts", 10_000)

_CHARSET_RE = re.compile(r"charset=([^\s;]+)")


class _HeaderView:
    """What ``tmflow.io.po.writer.header_lines`` reads of a catalog."""

    def __init__(self, metadata: dict[str, str], header: str) -> None:
        self.metadata = metadata
        self.header = header
        self.metadata_is_fuzzy = False


def _header_fields(head: str, text: str) -> tuple[dict[str, str], str] | None:
    """Metadata and comment of a header entry as ``load_po`` reads them; None for anything
    unusual (a fuzzy header, other comment kinds, a line without a colon, a charset other than
    UTF-8): those files take the full parser."""
    comment: list[str] = []
    for ln in head[:-1].split("\n") if head else ():
        if ln[1:2] in (",", ".", ":", "|", "~"):
            return None
        comment.append(comment_text(ln))
    metadata: dict[str, str] = {}
    for line in text.split("\n"):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            return None
        metadata[key.strip()] = value.strip()
    charset = _CHARSET_RE.search(metadata.get("Content-Type", ""))
    if charset and charset.group(1).lower() not in ("utf-8", "utf8", "charset"):
        return None
    return metadata, "\n".join(comment)


def header_block(
    whole: str, head: str, mstr: str, remember: bool = True
) -> tuple[Any, ...] | None:
    """(metadata, comment, whether the block is what the writer writes) of a header entry
    (``whole`` its matched text, ``head`` its comment lines, ``mstr`` its quoted msgstr), or
    None when the full parser must read it; remembered by ``whole`` when ``remember``."""
    if not strings_ok(mstr):
        return None
    fields = _header_fields(head, unescape(joined(mstr)))
    if fields is None:
        return None
    metadata, header = fields
    view: Any = _HeaderView(metadata, header)  # header_lines reads only .metadata and .header
    block_ok = "\n".join(header_lines(view)) == whole.rstrip("\n")
    facts = (dict(metadata), header, block_ok)
    if remember:
        HEADER_FACTS.remember(whole, facts)
    return metadata, header, block_ok


def tile(text: str) -> tuple[list[tuple[str, ...]], int, tuple[Any, ...]] | None:
    """The live entries of a file in the usual layout, all at once: (the ``LIGHT_RE`` groups
    of every entry, header first; the length of the live part; the header's facts as
    ``header_block`` gives them), or None when some block before the first obsolete one is not
    a live entry or the file does not start with a header the light reader reads."""
    cut = text.find("\n#~")
    if cut >= 0:
        start = text.rfind("\n\n", 0, cut + 1)  # the blank line before that block
        if start < 0:
            return None
        live = text[: start + 2]
    else:
        live = text
    items = LIGHT_RE.findall(live)
    if not items or sum([len(item[0]) for item in items]) != len(live):
        return None
    first = items[0]
    known = HEADER_FACTS.get(first[0])
    if known is None:
        if first[6] or first[7] != '""':
            return None  # no header first: load_po decides
        known = header_block(first[0], "".join(first[1:6]), first[8])
        if known is None:
            return None
    return items, len(live), known


def obsolete_tail_ok(rest: str, header_seen: bool) -> bool | None:
    """What follows the live entries must be obsolete entries (ignored by the checks):
    validated exactly as the status counter validates them. None when it is not that (live
    entries after obsolete ones: the full parser keeps their order), else whether it is surely
    canonical. Raises ``HandOff`` as the counter does."""
    count_blocks(rest, {}, FileStats(), set(), header_seen)
    return obsolete_tail(rest)
