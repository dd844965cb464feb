"""The checks' light reader: the live entries of a file in the usual layout, without polib.

``read_light`` gives a ``LightCatalog`` of ``LightEntry`` objects: the fields of a
``polib.POEntry`` the checks read, the entry's state (``provenance.STATE_NAMES`` of its facts)
and a line number worked out only when asked. It agrees with ``load_po`` on every field it
fills, and says whether the file is surely byte for byte what the writer writes
(``canonical``). Whatever it does not take (plural entries, odd layouts, anything the full
parser would report) gives None: the caller then uses ``load_po``.

Two readers, the same answers (tested):

* ``read_light_all_at_once``: the usual file, its live entries matched all at once
  (``tiling``), the comment lines of an entry read from memoised facts (``heads``);
* ``read_light_walk``: entry by entry, for what the first does not take (live entries after
  obsolete ones, odd blank lines, a header not first).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tmflow.core.provenance import CHANGED, FILLED, STATE_NAMES
from tmflow.io.po.canonical import canonical_line, canonical_string
from tmflow.io.po.heads import HEAD_FACTS, NO_HEAD, UNUSUAL, head_facts
from tmflow.io.po.lexer import (
    ENTRY_RE,
    RAW_CONTROL_RE,
    HandOff,
    check_escapes,
    has_raw_controls,
    joined,
    strings_ok,
    unescape,
    usual_text,
)
from tmflow.io.po.tiling import HEADER_FACTS, header_block, obsolete_tail_ok, tile


class LightEntry:
    """The fields of a ``polib.POEntry`` the checks read (duck-typed: ``classify`` accepts it).

    ``flags`` is a tuple; ``state`` is ``classify(entry).value``; ``linenum`` (the line of
    ``msgid``) is worked out when asked, from the file's text and where the entry starts in it
    (most entries are never asked)."""

    __slots__ = (
        "msgid",
        "msgstr",
        "msgctxt",
        "flags",
        "tcomment",
        "previous_msgid",
        "state",
        "_text",
        "_start",
    )
    # what a light catalog never holds (those files take the full parser)
    obsolete = False
    msgid_plural = ""
    msgstr_plural: dict[str, Any] = {}

    def __init__(
        self,
        msgid: str,
        msgstr: str,
        msgctxt: str | None,
        flags: tuple[str, ...],
        tcomment: str,
        previous_msgid: str | None,
        text: str,
        start: int,
        facts: int,
    ) -> None:
        """``facts``: those of the comment lines (``provenance``); ``FILLED`` is added here."""
        self.msgid = msgid
        self.msgstr = msgstr
        self.msgctxt = msgctxt
        self.flags = flags
        self.tcomment = tcomment
        self.previous_msgid = previous_msgid
        self.state = STATE_NAMES[facts | FILLED] if msgstr else STATE_NAMES[facts]
        self._text = text
        self._start = start  # where the entry's first line starts in ``text``

    @property
    def comment(self) -> str:
        """The extracted comments (``#.`` lines) joined by line breaks, as polib gives them;
        worked out when asked, like ``linenum``."""
        text = self._text
        start = self._start
        end = start if text.startswith('msgid "', start) else text.find('\nmsgid "', start)
        lines = text[start:end].split("\n") if end > start else []
        return "\n".join(
            line[3:] if line.startswith("#. ") else line[2:]
            for line in lines
            if line.startswith("#.")
        )

    @property
    def linenum(self) -> int:
        """The line of the ``msgid`` keyword (1-based), as polib numbers it."""
        text = self._text
        start = self._start
        at = start if text.startswith('msgid "', start) else text.find('\nmsgid "', start) + 1
        return text.count("\n", 0, at) + 1


class LightCatalog:
    """What ``read_light`` returns: live entries, header metadata and comment, and whether the
    file is known to be in the canonical layout (True) or that is not known (None)."""

    def __init__(
        self,
        entries: list[LightEntry],
        metadata: dict[str, str],
        header: str,
        canonical: bool | None,
        keys: set[tuple[str | None, str]],
    ) -> None:
        self.entries = entries
        self.keys = keys  # the (msgctxt, msgid) of the entries
        self.metadata = metadata
        self.header = header
        self.metadata_is_fuzzy = False
        self.canonical = canonical

    def __iter__(self) -> Iterator[LightEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def read_light(text: str, path: Path | str) -> LightCatalog | None:
    """A light catalog of a file in the usual layout, or None when the file needs the full
    parser (``load_po``). Agrees with ``load_po`` on every field it fills; ``canonical`` is
    True only when the file is surely byte for byte what ``dumps_po`` writes."""
    if not usual_text(text):
        return None
    try:
        fast = read_light_all_at_once(text)
    except HandOff:
        return None
    return fast if fast is not None else read_light_walk(text)


def _canonical_strings(ctxt: str | None, mid: str, mstr: str) -> bool:
    return (
        canonical_string("msgid", mid)
        and canonical_string("msgstr", mstr)
        and (not ctxt or canonical_string("msgctxt", ctxt))
    )


def read_light_walk(text: str) -> LightCatalog | None:
    """``read_light`` entry by entry. ``text`` has passed ``lexer.usual_text``."""
    match_at = ENTRY_RE.match
    # a string without a line break, a backslash or a raw control character is written as the
    # canonical writer writes it: one search of the whole text spares one per string
    controls = has_raw_controls(text)
    head_memo = HEAD_FACTS
    entries: list[LightEntry] = []
    seen: set[tuple[str | None, str]] = set()
    canonical: bool | None = not text.endswith("\n\n")
    metadata: dict[str, str] | None = None
    header = ""
    pos = 0
    end = len(text)
    try:
        while pos < end:
            m = match_at(text, pos)
            if m is None:
                break
            whole = m.group(0)
            if metadata is None and not entries:
                known = HEADER_FACTS.get(whole)
                if known is not None:  # the header block of an earlier file, byte for byte
                    metadata = dict(known[0])
                    header = known[1]
                    if canonical and not known[2]:
                        canonical = None
                    pos = m.end()
                    continue
            head, ctxt, mid, mstr = m.groups()
            if "\\" in whole:
                check_escapes(ctxt, mid, mstr)
            msgid = unescape(joined(mid))
            msgctxt = unescape(joined(ctxt)) if ctxt is not None else None
            if msgctxt is None and msgid == "":
                if metadata is not None:
                    return None  # a second header: load_po reports it
                facts = header_block(whole, head, mstr, remember=not entries)
                if facts is None:
                    return None
                metadata, header, block_ok = dict(facts[0]), facts[1], facts[2]
                if canonical and (not block_ok or entries):
                    canonical = None
            else:
                key = (msgctxt, msgid)
                if key in seen:
                    return None  # a duplicate: load_po reports it
                seen.add(key)
                if head:
                    facts = head_memo.get(head)
                    if facts is None:
                        facts = head_memo.remember(head, head_facts(head))
                    if facts is UNUSUAL:
                        return None
                    flags, tcomment, previous, head_ok, state_facts = facts
                    if canonical and not head_ok:
                        canonical = None
                else:
                    flags, tcomment, previous, _ok, state_facts = NO_HEAD
                if canonical:
                    if (
                        controls
                        or "\\" in whole
                        or "\n" in mid
                        or "\n" in mstr
                        or (ctxt is not None and "\n" in ctxt)
                    ):
                        # the fast test below does not apply: the exact one
                        if not _canonical_strings(ctxt, mid, mstr):
                            canonical = None
                entries.append(
                    LightEntry(
                        msgid,
                        unescape(joined(mstr)),
                        msgctxt,
                        flags,
                        tcomment,
                        previous,
                        text,
                        pos,
                        state_facts,
                    )
                )
            pos = m.end()
        if pos < end:
            tail = obsolete_tail_ok(text[pos:], metadata is not None)
            if tail is None:
                return None
            if not tail:
                canonical = None
    except HandOff:
        return None
    if metadata is None:
        return None
    return LightCatalog(entries, metadata, header, canonical, seen)


def _refs_canonical(refs: str) -> bool:
    """Is a run of ``#:`` lines (each ending with a line break) what the writer writes, as far
    as ``heads.head_facts`` can tell (one line, references apart by single spaces)?"""
    if refs.count("\n") != 1:
        return False  # head_facts: a second ``#:`` line is not surely canonical
    return canonical_line(refs[:-1])


def read_light_all_at_once(text: str) -> LightCatalog | None:
    """``read_light`` for the usual file: every block before the first obsolete one a live
    entry (matched all at once, ``tiling.tile``), a header first. None when the file is not
    that; ``read_light`` then walks it entry by entry (same answers, slower). Raises
    ``HandOff`` for what only the full parser may read."""
    tiled = tile(text)
    if tiled is None:
        return None
    items, live_len, (metadata, header, header_ok) = tiled
    canonical: bool | None = header_ok and not text.endswith("\n\n")
    controls = has_raw_controls(text)
    head_memo = HEAD_FACTS
    entries: list[LightEntry] = []
    append = entries.append
    seen: set[tuple[str | None, str]] = set()
    add_key = seen.add
    start = len(items[0][0])
    for whole, before, one_ref, refs, after, previous_line, ctxt, mid, mstr in items[1:]:
        if "\\" in whole or ctxt:
            if not strings_ok(ctxt, mid, mstr):
                return None  # not PO strings: load_po reports them
        msgid = mid[1:-1].replace('"\n"', "") if "\n" in mid else mid[1:-1]
        if ctxt:
            msgctxt: str | None = joined(ctxt)
        elif not msgid:
            return None  # a second header: load_po reports it
        else:
            msgctxt = None
        if "\\" in whole:
            if "\\" in msgid:
                msgid = unescape(msgid)
            if msgctxt is not None and "\\" in msgctxt:
                msgctxt = unescape(msgctxt)
        key = (msgctxt, msgid)
        if key in seen:
            return None  # a duplicate: load_po reports it
        add_key(key)
        if before or after:
            memo_key = (before, after)
            facts = head_memo.get(memo_key)
            if facts is None:
                facts = head_memo.remember(memo_key, head_facts(before + after))
            if facts is UNUSUAL:
                return None
        else:
            facts = NO_HEAD
        flags, tcomment, previous, head_ok, state_facts = facts
        if previous_line:
            # one ``#| msgid "…"`` line without escapes or quotes inside (the usual one);
            # anything else is read with the other comment lines
            body = previous_line[10:-2]
            if (
                previous_line[:10] != '#| msgid "'
                or previous_line[-2:] != '"\n'
                or '"' in body
                or "\\" in body
                or "\n" in body
            ):
                facts = head_facts(before + after + previous_line)
                if facts is UNUSUAL:
                    return None
                flags, tcomment, previous, head_ok, state_facts = facts
            else:
                previous = body
                state_facts |= CHANGED  # a previous msgid
                if controls and RAW_CONTROL_RE.search(body):
                    head_ok = False
        if canonical:
            if (
                not head_ok
                or ((one_ref or refs) and after and after[1] not in ",|")
                or (refs and not _refs_canonical(refs))
            ):
                canonical = None
            elif controls or "\\" in whole or "\n" in mid or "\n" in mstr or "\n" in ctxt:
                if not _canonical_strings(ctxt, mid, mstr):
                    canonical = None
        msgstr = mstr[1:-1].replace('"\n"', "") if "\n" in mstr else mstr[1:-1]
        if "\\" in msgstr:
            msgstr = unescape(msgstr)
        elif '"' in msgstr or '"' in msgid:
            return None  # a quote inside a string, not escaped: load_po reports it
        append(
            LightEntry(msgid, msgstr, msgctxt, flags, tcomment, previous, text, start, state_facts)
        )
        start += len(whole)
    if live_len < len(text):
        tail = obsolete_tail_ok(text[live_len:], True)
        if tail is None:
            return None
        if not tail:
            canonical = None
    return LightCatalog(entries, dict(metadata), header, canonical, seen)
