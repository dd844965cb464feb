"""The status counter's block readers, for files in the canonical layout (what tmflow and
``msgcat`` write): one blank line between entries, previous msgids on one line, ``\\n`` line
breaks and a final one; plural entries among the live ones and among the obsolete ones.

* ``count_run`` matches the run of live entries at the start of the file, one regular
  expression (``lexer.ENTRY_RE``) iterated in C, a plural entry met on the way matched by
  ``PLURAL_RE`` (and the run goes on after it), and hands what follows (usually the obsolete
  entries) to ``count_blocks``;
* ``count_blocks`` splits the text at blank lines and reads each block (plural entries among
  the obsolete ones too).

Both give exactly what the full parser and ``provenance.classify`` give, or raise
``NeedsLineReader`` (another layout: ``count_lines`` reads it) or ``NeedsFullParse``.
"""

from __future__ import annotations

import re

from tmflow.core.model import EntryState
from tmflow.core.provenance import (
    EMPTY_IS_UNTRANSLATED,
    FILLED,
    OBSOLETE,
    PREFIX,
    STATE_NAMES,
    UNFLAGGED_IS_TRANSLATED,
)
from tmflow.io.po.counts import STATES, TITLE_MAX, FileStats, read_header
from tmflow.io.po.heads import CONTINUATION_RE, comment_facts, draft_facts
from tmflow.io.po.lexer import (
    EMPTY,
    ENTRY_RE,
    MULTI,
    PREVIOUS_RE,
    SIMPLE_RE,
    NeedsFullParse,
    NeedsLineReader,
    check_escapes,
    joined,
    unescape,
)
from tmflow.io.po.words import count_words

#: a live plural entry with its comment lines (no ``#~``), ending at a blank line or the end
#: of the text: groups (comment lines, msgctxt, msgid, msgid_plural, the ``msgstr[N]`` lines)
PLURAL_RE = re.compile(
    rf"((?:#(?!~)[^\n]*\n)*)(?:msgctxt ({MULTI})\n)?msgid ({MULTI})\n"
    rf"msgid_plural ({MULTI})((?:\nmsgstr\[[0-9]+\] {MULTI})+)(?:\n\n|\n\Z)"
)
_FORM_RE = re.compile(rf"\nmsgstr\[([0-9]+)\] ({MULTI})")

#: the slot of each combination of facts in ``count_run``'s tallies (``STATES``' order)
_SLOT: tuple[int, ...] = tuple(STATES.index(name) for name in STATE_NAMES)
_TRANSLATED = EntryState.TRANSLATED.value
_TRANSLATED_SLOT = STATES.index(_TRANSLATED)


def count_run(text: str, words_cache: dict[str, int]) -> FileStats:
    """Counts of ``text``: the run of canonical live entries at its start is matched one by
    one with one regular expression (a plural entry with another); whatever follows goes to
    ``count_blocks``."""
    if "\r" in text or not text.endswith("\n"):
        raise NeedsLineReader
    stats = FileStats()
    seen: set[tuple[str | None, str]] = set()
    header_seen = False
    get_words = words_cache.get
    slot_of = _SLOT
    # the shortcuts of the state rules (``provenance``): while they hold, the comment lines of
    # an untranslated entry, or of one without a ``#,`` line, are not read
    empty_unread = EMPTY_IS_UNTRANSLATED
    flagless_unread = UNFLAGGED_IS_TRANSLATED
    seg = [0] * len(STATES)
    wds = [0] * len(STATES)
    pos = 0
    end = len(text)
    title_id: str | None = None
    title_str = ""
    # one C-level iteration over the matches; a run ends at the first gap (where a match at
    # ``pos`` would have failed), as a loop of ``match`` at each position would end. A plural
    # entry there is counted on its own (``PLURAL_RE``) and the next run starts after it.
    while True:
        for m in ENTRY_RE.finditer(text, pos):
            start, stop = m.span()
            if start != pos:
                break
            pos = stop
            head, ctxt, mid, mstr = m.groups()
            if "\\" in mid or "\\" in mstr or (ctxt is not None and "\\" in ctxt):
                check_escapes(ctxt, mid, mstr)
            mid = mid[1:-1].replace('"\n"', "") if "\n" in mid else mid[1:-1]
            if ctxt is None and not mid:
                if header_seen:
                    raise NeedsFullParse
                header_seen = True
                read_header(stats, joined(mstr))
                continue
            if ctxt is not None:
                ctxt = joined(ctxt)
            key = (
                (ctxt, mid)
                if "\\" not in mid and (ctxt is None or "\\" not in ctxt)
                else (unescape(ctxt) if ctxt is not None else None, unescape(mid))
            )
            if key in seen:
                raise NeedsFullParse
            seen.add(key)
            words = get_words(mid)
            if words is None:
                words = words_cache[mid] = count_words(unescape(mid))
            if mstr == EMPTY or ("\n" in mstr and mstr.replace('"\n"', "") == EMPTY):
                facts = 0 if empty_unread or not head else draft_facts(head)
            elif not head or ("#," not in head and flagless_unread):
                facts = FILLED
            else:
                facts = FILLED | draft_facts(head)
            slot = slot_of[facts]
            seg[slot] += 1
            wds[slot] += words
            if title_id is None:
                title_id = mid
                title_str = joined(mstr) if slot == _TRANSLATED_SLOT else ""
        if pos >= end:
            break
        p = PLURAL_RE.match(text, pos)
        if p is None:
            break
        pos = p.end()
        head, ctxt, mid, plural, forms_text = p.groups()
        forms = _FORM_RE.findall(forms_text)
        indices = {int(index) for index, _ in forms}
        if len(indices) != len(forms):
            raise NeedsLineReader  # the line reader hands a repeated form to the full parser
        if "\\" in p.group(0):
            check_escapes(ctxt, mid, plural, *(group for _, group in forms))
        raw_id = joined(mid)
        if ctxt is None and not raw_id:
            raise NeedsLineReader  # a header with plural forms: the line reader decides
        raw_ctxt = joined(ctxt) if ctxt is not None else None
        key = (
            unescape(raw_ctxt) if raw_ctxt is not None else None,
            unescape(raw_id),
        )
        if key in seen:
            raise NeedsFullParse
        seen.add(key)
        words = plural_words(raw_id, joined(plural), words_cache)
        if all(group != EMPTY and joined(group) for _, group in forms):
            if not head or ("#," not in head and flagless_unread):
                facts = FILLED
            else:
                facts = FILLED | draft_facts(head)
        else:
            facts = 0 if empty_unread or not head else draft_facts(head)
        slot = slot_of[facts]
        seg[slot] += 1
        wds[slot] += words
        if title_id is None:
            title_id = raw_id
            first = min(forms, key=lambda form: int(form[0]))[1]
            title_str = joined(first) if slot == _TRANSLATED_SLOT else ""
    store_tally(stats, seg, wds)
    if title_id is not None:
        stats.title = (unescape(title_id)[:TITLE_MAX], unescape(title_str)[:TITLE_MAX])
    if pos < end:
        return count_blocks(text[pos:], words_cache, stats, seen, header_seen)
    if not header_seen:
        raise NeedsFullParse
    return stats


#: the keyword lines of a plural entry (an obsolete one, its ``#~ `` taken off): groups
#: (msgctxt, msgid, msgid_plural, the ``msgstr[N]`` lines)
_PLURAL_KW_RE = re.compile(
    rf"(?:msgctxt ({MULTI})\n)?msgid ({MULTI})\nmsgid_plural ({MULTI})"
    rf"((?:\nmsgstr\[[0-9]+\] {MULTI})+)"
)
_OBSOLETE = EntryState.OBSOLETE.value


def _obsolete_plural_words(kw: str, words_cache: dict[str, int]) -> int:
    """The words of an obsolete plural entry (its keyword lines ``kw``, ``#~ `` taken off);
    anything but a plural entry's lines raises ``NeedsLineReader``."""
    match = _PLURAL_KW_RE.fullmatch(kw)
    if match is None:
        raise NeedsLineReader
    ctxt, mid, plural, forms_text = match.groups()
    forms = _FORM_RE.findall(forms_text)
    if len({int(index) for index, _ in forms}) != len(forms):
        raise NeedsLineReader  # the line reader hands a repeated form to the full parser
    if "\\" in kw:
        check_escapes(ctxt, mid, plural, *(group for _, group in forms))
    return plural_words(joined(mid), joined(plural), words_cache)


def plural_words(raw_id: str, raw_plural: str, words_cache: dict[str, int]) -> int:
    """The words of a plural entry's msgid and msgid_plural (raw PO strings), remembered in
    ``words_cache``."""
    cache_key = raw_id + "\x00" + raw_plural
    words = words_cache.get(cache_key)
    if words is None:
        words = words_cache[cache_key] = count_words(unescape(raw_id)) + count_words(
            unescape(raw_plural)
        )
    return words


def store_tally(stats: FileStats, seg: list[int], wds: list[int]) -> None:
    """Store the segments and words counted per state (in ``STATES`` order) in ``stats``."""
    for i, name in enumerate(STATES):
        if seg[i]:
            stats.segments[name] = seg[i]
            stats.words[name] = wds[i]


def _without_previous(head: str) -> str:
    """The comment lines of an obsolete entry without its ``#~|`` lines (what they say does
    not change the state of an obsolete entry), each checked as the full parser checks it:
    a previous keyword and string, or a continuation string after such a line; anything else
    raises ``NeedsLineReader``."""
    kept = []
    previous = False  # the line before was a ``#~|`` line (a continuation may follow)
    for ln in head.split("\n"):
        if ln.startswith("#~|"):
            line = "#|" + ln[3:]
            if PREVIOUS_RE.fullmatch(line) is None and (
                not previous or CONTINUATION_RE.fullmatch(line) is None
            ):
                raise NeedsLineReader
            if "\\" in ln:
                check_escapes(ln[ln.index('"') :])
            previous = True
        else:
            kept.append(ln)
            previous = False
    return "\n".join(kept)


def count_blocks(
    text: str,
    words_cache: dict[str, int],
    stats: FileStats | None = None,
    seen: set[tuple[str | None, str]] | None = None,
    header_seen: bool = False,
) -> FileStats:
    """Counts of ``text`` read block by block (blocks apart by one blank line), added to
    ``stats`` (entries already counted: their keys in ``seen``; whether the header was)."""
    if "\r" in text or not text.endswith("\n"):
        raise NeedsLineReader
    stats = stats if stats is not None else FileStats()
    seen = seen if seen is not None else set()
    simple = SIMPLE_RE.fullmatch
    for block in text[:-1].split("\n\n"):
        if not block:
            raise NeedsLineReader
        facts = 0
        if block[0] == "m":
            kw = block
        else:
            cut = block.find("\nm")
            if "#~" in block:
                cut = block.find("\n#~ m") if block[:4] != "#~ m" else -1
                if cut < 0 and block[:4] != "#~ m":
                    raise NeedsLineReader
                head = block[:cut] if cut >= 0 else ""
                lines = block[cut + 1 :].split("\n")
                if not all(ln.startswith("#~ ") for ln in lines):
                    raise NeedsLineReader
                if "#~|" in head:
                    head = _without_previous(head)
                kw = "\n".join(ln[3:] for ln in lines)
                facts = OBSOLETE
            elif cut < 0:
                raise NeedsLineReader
            else:
                head = block[:cut]
                kw = block[cut + 1 :]
            if head:
                nl = "\n" + head
                if nl.count("\n#") != nl.count("\n") or "#~" in head:
                    raise NeedsLineReader
                if "#," in head or "#|" in head or PREFIX in head:
                    facts |= comment_facts(head)
        match = simple(kw)
        if match is None:
            if not facts & OBSOLETE:
                raise NeedsLineReader
            plural_words = _obsolete_plural_words(kw, words_cache)
            stats.segments[_OBSOLETE] = stats.segments.get(_OBSOLETE, 0) + 1
            stats.words[_OBSOLETE] = stats.words.get(_OBSOLETE, 0) + plural_words
            continue
        if "\\" in kw:
            check_escapes(*match.groups())
        raw_ctxt, raw_id, raw_str = match.groups()
        raw_id = joined(raw_id)
        raw_str = joined(raw_str)
        obsolete = facts & OBSOLETE
        if raw_ctxt is None and raw_id == "" and not obsolete:
            if header_seen:
                raise NeedsFullParse
            header_seen = True
            read_header(stats, raw_str)
            continue
        if raw_ctxt is not None:
            raw_ctxt = joined(raw_ctxt)
        if not obsolete:
            key = (unescape(raw_ctxt) if raw_ctxt is not None else None, unescape(raw_id))
            if key in seen:
                raise NeedsFullParse
            seen.add(key)
        words = words_cache.get(raw_id)
        if words is None:
            words = words_cache[raw_id] = count_words(unescape(raw_id))
        if raw_str != "":
            facts |= FILLED
        state = STATE_NAMES[facts]
        seg = stats.segments
        seg[state] = seg.get(state, 0) + 1
        wd = stats.words
        wd[state] = wd.get(state, 0) + words
        if stats.title is None and not obsolete:
            stats.title = (
                unescape(raw_id)[:TITLE_MAX],
                unescape(raw_str)[:TITLE_MAX] if state == _TRANSLATED else "",
            )
    if not header_seen:
        raise NeedsFullParse
    return stats
