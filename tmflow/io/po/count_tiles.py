"""The status counter's fastest reader: the live entries of a usual file matched all at once.

In the usual file (a header, live entries, then obsolete ones, each block apart by one blank
line) the live entries *tile* the text before the first obsolete block: ``TILE_RE.findall``
over that part gives every entry, plural or not, as tuples made in C, and the lengths of the
matches add up to the length of the part exactly when nothing between them went unmatched
(the same trick as ``tiling.tile`` for the light reader). The strings are matched loosely
(``lexer.LOOSE``: from the first to the last quote of each line); a string that holds a
backslash, or a quote inside, is checked exactly (``strings_ok``), so the answer is the one
of the strict readers. What follows the live part (the obsolete entries) goes to
``count_blocks``.

``count_tiles`` gives exactly what ``count_blocks.count_run`` gives, or raises
``NeedsLineReader`` when the file is not that (the caller then tries the other readers) or
``NeedsFullParse`` (a duplicate, an invalid escape, a second header).
"""

from __future__ import annotations

import re

from tmflow.core.model import EntryState
from tmflow.core.provenance import (
    EMPTY_IS_UNTRANSLATED,
    FILLED,
    STATE_NAMES,
    UNFLAGGED_IS_TRANSLATED,
)
from tmflow.io.po.count_blocks import count_blocks, plural_words, store_tally
from tmflow.io.po.counts import STATES, TITLE_MAX, FileStats, read_header
from tmflow.io.po.heads import draft_facts
from tmflow.io.po.lexer import (
    EMPTY,
    LOOSE,
    NeedsFullParse,
    NeedsLineReader,
    joined,
    unescape,
)
from tmflow.io.po.words import count_words

#: a live entry with its comment lines (no ``#~``), plural or not, ending at blank lines or
#: the end of the text. ``findall`` gives (the whole match, comment lines, msgctxt, msgid,
#: msgstr, msgid_plural, the ``msgstr[N]`` lines), ``""`` for an absent group: a plural entry
#: has an empty msgstr group (a matched msgstr is at least ``""``).
TILE_RE = re.compile(
    rf"(((?:#(?!~)[^\n]*\n)*)(?:msgctxt ({LOOSE})\n)?msgid ({LOOSE})\n"
    rf"(?:msgstr ({LOOSE})|msgid_plural ({LOOSE})((?:\nmsgstr\[[0-9]+\] {LOOSE})+))"
    r"(?:\n\n+|\n\Z))"
)
_FORM_RE = re.compile(rf"\nmsgstr\[([0-9]+)\] ({LOOSE})")

#: the slot of each combination of facts in the tallies (``STATES``' order)
_SLOT: tuple[int, ...] = tuple(STATES.index(name) for name in STATE_NAMES)
_TRANSLATED_SLOT = STATES.index(EntryState.TRANSLATED.value)


def _checked(*groups: str) -> None:
    """Raise ``NeedsLineReader`` unless these loosely matched strings (``LOOSE``; ``""`` for
    an absent one) are PO strings (``lexer.MULTI``); an invalid escape raises
    ``NeedsFullParse``.

    Without regular expressions: with the escaped backslashes taken out, every backslash left
    escapes the character after it; a line must not end with an escaped quote, and with the
    escaped quotes taken out too, every line holds exactly its two quotes."""
    for group in groups:
        if not group:
            continue
        lines = group.count("\n") + 1
        if "\\" in group:
            rest = group.replace("\\\\", "") if "\\\\" in group else group
            if rest.endswith('\\"') or '\\"\n' in rest:
                raise NeedsLineReader
            if rest.replace('\\"', "").count('"') != 2 * lines:
                raise NeedsLineReader
            unescape(joined(group))  # an invalid escape raises NeedsFullParse
        elif group.count('"') != 2 * lines:
            raise NeedsLineReader


def count_tiles(text: str, words_cache: dict[str, int], codec: str = "utf-8") -> FileStats:
    """Counts of ``text`` (see the module docstring); ``words_cache`` maps a raw msgid (raw
    msgid, NUL, raw msgid_plural for a plural entry) to its words; ``codec``: the one the
    text was decoded with (the header must name its charset, ``counts.read_header``)."""
    if "\r" in text or not text.endswith("\n"):
        raise NeedsLineReader
    cut = text.find("\n#~")
    if cut >= 0:
        start = text.rfind("\n\n", 0, cut + 1)  # the blank line before that block
        if start < 0:
            raise NeedsLineReader
        live_len = start + 2
        items = TILE_RE.findall(text, 0, live_len)
    else:
        live_len = len(text)
        items = TILE_RE.findall(text)
    if not items or sum([len(item[0]) for item in items]) != live_len:
        raise NeedsLineReader
    whole, head, ctxt, mid, mstr, plural, forms_text = items[0]
    if ctxt or mid != EMPTY or not mstr:
        raise NeedsLineReader  # not a header first: the other readers decide
    _checked(mstr)
    stats = FileStats()
    read_header(stats, joined(mstr), codec)
    seen: set[tuple[str | None, str]] = set()
    add_key = seen.add
    get_words = words_cache.get
    slot_of = _SLOT
    # the shortcuts of the state rules (``provenance``): while they hold, the comment lines of
    # an untranslated entry, or of one without a ``#,`` line, are not read
    empty_unread = EMPTY_IS_UNTRANSLATED
    flagless_unread = UNFLAGGED_IS_TRANSLATED
    seg = [0] * len(STATES)
    wds = [0] * len(STATES)
    title: tuple[str, str] | None = None
    for whole, head, ctxt, mid, mstr, plural, forms_text in items[1:]:
        # the keyword lines hold one string each: two quotes a line and no backslash, and
        # the loosely matched strings are exactly PO strings without escapes
        h = len(head)
        if "\\" in whole or whole.count('"', h) != 2 * whole.count('"\n', h):
            _checked(ctxt, mid, mstr, plural)
        raw_id = mid[1:-1].replace('"\n"', "") if "\n" in mid else mid[1:-1]
        key: tuple[str | None, str]
        if ctxt:
            key = (unescape(joined(ctxt)), unescape(raw_id))
        elif not raw_id:
            raise NeedsFullParse  # a second header: the full parser reports it
        else:
            key = (None, raw_id if "\\" not in raw_id else unescape(raw_id))
        if key in seen:
            raise NeedsFullParse
        add_key(key)
        if mstr:
            words = get_words(raw_id)
            if words is None:
                words = words_cache[raw_id] = count_words(unescape(raw_id))
            filled = mstr != EMPTY and ("\n" not in mstr or mstr.replace('"\n"', "") != EMPTY)
        else:
            forms = _FORM_RE.findall(forms_text)
            if len({int(index) for index, _ in forms}) != len(forms):
                raise NeedsLineReader  # the line reader hands a repeated form to the full parser
            _checked(*(group for _, group in forms))
            words = plural_words(raw_id, joined(plural), words_cache)
            filled = all(group != EMPTY and joined(group) for _, group in forms)
            mstr = min(forms, key=lambda form: int(form[0]))[1]  # the title's form
        if filled:
            if not head or ("#," not in head and flagless_unread):
                facts = FILLED
            else:
                facts = FILLED | draft_facts(head)
        else:
            facts = 0 if empty_unread or not head else draft_facts(head)
        slot = slot_of[facts]
        seg[slot] += 1
        wds[slot] += words
        if title is None:
            title = (
                unescape(raw_id)[:TITLE_MAX],
                unescape(joined(mstr))[:TITLE_MAX] if slot == _TRANSLATED_SLOT else "",
            )
    store_tally(stats, seg, wds)
    stats.title = title
    if live_len < len(text):
        return count_blocks(text[live_len:], words_cache, stats, seen, True)
    return stats
