"""The status counter's line reader: any layout of the strict subset of PO syntax it accepts.

It walks the lines of a file once and keeps only what the counts depend on: the facts of the
entry's state (``provenance``: fuzzy flag, provenance lines, ``#| msgid``, whether every
msgstr is filled, obsolete), the msgid (and msgid_plural) for the word count, the key for the
duplicate test. The subset is the usual order of comment lines, ``msgctxt``, ``msgid``,
``msgid_plural``, ``msgstr``/``msgstr[N]`` and continuation strings; on anything else (an
unknown line, a keyword out of order, a duplicate, a missing header, a charset other than
UTF-8, an odd escape) it raises ``NeedsFullParse``: the full parser then yields the exact same
counts or the exact error.
"""

from __future__ import annotations

from tmflow.core.model import EntryState
from tmflow.core.provenance import CHANGED, FILLED, FUZZY, OBSOLETE, PREFIX, STATE_NAMES
from tmflow.core.provenance import line_facts as provenance_line_facts
from tmflow.io.po.counts import TITLE_MAX, FileStats, read_header
from tmflow.io.po.lexer import NeedsFullParse, comment_text, quoted_body, unescape
from tmflow.io.po.words import count_words

# where the reader is in an entry
_COMMENTS, _CTXT, _ID, _PLURAL, _STR = 0, 1, 2, 3, 4
_SKIP = len(PREFIX)
_TRANSLATED = EntryState.TRANSLATED.value


def count_lines(text: str, words_cache: dict[str, int]) -> FileStats:
    """Counts of ``text`` read line by line."""
    stats = FileStats()
    seen: set[tuple[str | None, str]] = set()
    header_seen = False

    # the entry being read (``finish`` counts it and starts the next one)
    stage = _COMMENTS
    has_comment = False
    facts = 0  # FUZZY and CHANGED, MT, TM of its comment lines
    obsolete: bool | None = None
    ctxt: list[str] | None = None
    msgid: list[str] = []
    plural: list[str] | None = None
    strs: dict[int, list[str]] = {}
    current: list[str] | None = None
    plain_msgstr = False

    def finish() -> None:
        """Count the entry read, if any, and start the next one."""
        nonlocal header_seen, stage, has_comment, facts, obsolete, ctxt, msgid, plural
        nonlocal strs, current, plain_msgstr
        if stage == _COMMENTS:
            if has_comment:
                raise NeedsFullParse  # comment lines with no message after them
            return
        if stage != _STR:
            raise NeedsFullParse
        raw_id = "".join(msgid)
        raw_ctxt = "".join(ctxt) if ctxt is not None else None
        if raw_id == "" and raw_ctxt is None and not obsolete:
            if header_seen:
                raise NeedsFullParse
            header_seen = True
            read_header(stats, "".join(strs[-1]) if plain_msgstr else "")
        else:
            if not obsolete:
                # duplicates are told apart by the text (escapes written differently are equal)
                key = (unescape(raw_ctxt) if raw_ctxt is not None else None, unescape(raw_id))
                if key in seen:
                    raise NeedsFullParse
                seen.add(key)
            cache_key = raw_id if plural is None else raw_id + "\x00" + "".join(plural)
            words = words_cache.get(cache_key)
            if words is None:
                words = count_words(unescape(raw_id))
                if plural is not None:
                    words += count_words(unescape("".join(plural)))
                words_cache[cache_key] = words
            if obsolete:
                facts |= OBSOLETE
            elif plural is not None:
                if strs and all(any(parts) for parts in strs.values()):
                    facts |= FILLED
            elif any(strs[-1]):
                facts |= FILLED
            state = STATE_NAMES[facts]
            stats.add(state, words)
            if stats.title is None and not obsolete:
                target = unescape("".join(strs[-1] if plural is None else strs[min(strs)]))
                stats.title = (
                    unescape(raw_id)[:TITLE_MAX],
                    target[:TITLE_MAX] if state == _TRANSLATED else "",
                )
        # the next entry (the one place it starts)
        stage = _COMMENTS
        has_comment = plain_msgstr = False
        facts = 0
        obsolete = None
        ctxt = plural = current = None
        msgid = []
        strs = {}

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for raw in lines:
        s = raw.strip()
        if not s:
            if stage != _COMMENTS:
                finish()
            continue
        first = s[0]
        line_obsolete = False
        if first == "#":
            second = s[1:2]
            if second == "~":
                rest = s[2:]
                if rest.startswith("|"):
                    body = rest[1:].strip()
                    if stage == _STR:
                        raise NeedsFullParse  # the full parser does not start an entry here
                    if body.startswith(("msgid ", 'msgid"')):
                        facts |= CHANGED
                    elif not (body.startswith(("msgctxt", "msgid_plural", '"'))):
                        raise NeedsFullParse
                    has_comment = True
                    continue
                s = rest.strip()
                if not s:
                    continue
                first = s[0]
                line_obsolete = True
            else:
                if stage != _COMMENTS:
                    if stage != _STR:
                        raise NeedsFullParse
                    finish()
                has_comment = True
                if second == ",":
                    # gettext: each "#," line replaces the flags before it (the last wins)
                    facts &= ~FUZZY
                    if "fuzzy" in s and any(f.strip() == "fuzzy" for f in s[2:].split(",")):
                        facts |= FUZZY
                elif second == "|":
                    body = s[2:].strip()
                    if body.startswith(("msgid ", 'msgid"')):
                        facts |= CHANGED
                    elif not (body.startswith(("msgctxt", "msgid_plural", '"'))):
                        raise NeedsFullParse
                elif second != "." and second != ":":
                    t = comment_text(raw.rstrip("\r").lstrip())  # as the full parser reads it
                    if t.startswith(PREFIX):
                        facts |= provenance_line_facts(t[_SKIP:])
                continue
        if first == '"':
            if current is None:
                raise NeedsFullParse
            if line_obsolete != bool(obsolete):
                raise NeedsFullParse
            current.append(quoted_body(s))
            continue
        if first != "m":
            raise NeedsFullParse
        # a keyword line
        starts_entry = s.startswith("msgctxt") or (
            s.startswith("msgid") and not s.startswith("msgid_plural")
        )
        if starts_entry and stage == _STR:
            finish()
        if line_obsolete:
            if obsolete is None:
                obsolete = True
            elif not obsolete:
                raise NeedsFullParse
        elif obsolete is None:
            obsolete = False
        elif obsolete:
            raise NeedsFullParse
        if s.startswith("msgid"):
            if s.startswith("msgid_plural"):
                if stage != _ID:
                    raise NeedsFullParse
                stage = _PLURAL
                plural = [quoted_body(s[12:].lstrip())]
                current = plural
                continue
            if stage not in (_COMMENTS, _CTXT):
                raise NeedsFullParse
            stage = _ID
            msgid = [quoted_body(s[5:].lstrip())]
            current = msgid
            continue
        if s.startswith("msgstr"):
            if stage not in (_ID, _PLURAL, _STR):
                raise NeedsFullParse
            rest = s[6:]
            if rest.startswith("["):
                close = rest.find("]")
                index_text = rest[1:close]
                if close < 0 or not index_text.isdigit() or not index_text.isascii():
                    raise NeedsFullParse
                index = int(index_text)
                if plural is None or plain_msgstr or index in strs:
                    raise NeedsFullParse
                rest = rest[close + 1 :]
            else:
                index = -1
                if plural is not None or strs:
                    raise NeedsFullParse
                plain_msgstr = True
            stage = _STR
            current = [quoted_body(rest.lstrip())]
            strs[index] = current
            continue
        if s.startswith("msgctxt"):
            if stage != _COMMENTS:
                raise NeedsFullParse
            stage = _CTXT
            ctxt = [quoted_body(s[7:].lstrip())]
            current = ctxt
            continue
        raise NeedsFullParse
    finish()
    if not header_seen:
        raise NeedsFullParse
    return stats
