"""Facts of the comment lines of an entry (its "head"), read without the full parser.

A head is the run of comment lines before an entry's keywords, each ending with a line break.
What a head says about the entry's state is gathered as the facts of
``tmflow.core.provenance`` (``FUZZY``, ``CHANGED``, ``MT``, ``TM``), and the state is looked up
in ``provenance.STATE_BY_FACTS``: the rules are not written again here.

* ``comment_facts`` reads a head line by line (the status counter's block reader);
* ``draft_facts`` answers the usual draft heads from substring tests alone (the status
  counter's fastest path; its invariant is in its docstring and tested);
* ``head_facts`` gives what the light reader keeps of a head (flags, translator comment,
  previous msgid, whether it is surely canonical, the facts), from memoised facts of each
  line (``line_facts``): the template and every language's catalog of an article repeat them.
"""

from __future__ import annotations

import re
from typing import Any

from tmflow.core import provenance
from tmflow.core.provenance import CHANGED, FUZZY, PREFIX, STATE_HEADS
from tmflow.io.po.canonical import COMMENT_RANK, canonical_line
from tmflow.io.po.lexer import (
    PREVIOUS_RE,
    QSTR,
    NeedsLineReader,
    check_escapes,
    comment_text,
    joined,
)
from tmflow.io.po.memo import BoundedMemo

_SKIP = len(PREFIX)
#: a continuation line of a previous message: one whole string
CONTINUATION_RE = re.compile(rf"#\| {QSTR}")


def comment_facts(head: str) -> int:
    """The facts of comment lines (``head`` without its last line break). ``#|`` lines are
    read in the usual form: ``#| KEYWORD "…"``, each followed by its continuation lines
    ``#| "…"``; anything else there raises ``NeedsLineReader``, an invalid escape
    ``NeedsFullParse``."""
    facts = 0
    previous = False  # the line before was a ``#|`` line (a continuation may follow)
    for ln in head.split("\n"):
        second = ln[1:2]
        if second == "|":
            match = PREVIOUS_RE.fullmatch(ln)
            if match is not None:
                if match.group(1) == "msgid":
                    facts |= CHANGED
            elif not previous or CONTINUATION_RE.fullmatch(ln) is None:
                raise NeedsLineReader
            if "\\" in ln:
                check_escapes(ln[ln.index('"') :])
            previous = True
            continue
        previous = False
        if second == ",":  # the last "#," line wins, as in gettext
            facts &= ~FUZZY
            if any(flag.strip() == "fuzzy" for flag in ln[2:].split(",")):
                facts |= FUZZY
        elif second not in (".", ":"):
            text = comment_text(ln)
            if text.startswith(PREFIX):
                facts |= provenance.line_facts(text[_SKIP:])
    return facts


#: a ``#,`` line → its facts (``FUZZY`` or none); real catalogs repeat a few flag lines
FLAG_LINES: BoundedMemo[str, int] = BoundedMemo("flag line → its facts", 10_000)

# "\n# tmflow: mt " → MT, …: a provenance line of a kind that decides a state, written plainly
_MARKERS = tuple((f"\n# {PREFIX}{head} ", fact) for head, fact in STATE_HEADS.items())


def draft_facts(head: str) -> int:
    """The facts of a head (comment lines, each ending with a line break); the status
    counter's run reader asks it for the heads with a ``#,`` line.

    Speed trick: the usual draft heads are answered from substring tests alone. It applies
    when exactly one flag line is there and it is ``#, fuzzy``, no ``#|`` line, and
    ``PREFIX`` occurs at most once, on a translator comment line of the plain form
    ``# tmflow: HEAD …`` with HEAD one of ``provenance.STATE_HEADS``: then that line is the
    only provenance line, and its fact (or none) with ``FUZZY`` are all the facts. A head
    with neither a ``#|`` line nor ``PREFIX`` has the facts of its last ``#,`` line (each
    ``#,`` line replaces the flags before it), remembered by the line. Everything else is read
    line by line (``comment_facts``); ``tests/io/po/test_states.py`` compares
    both on every layout it makes."""
    h = "\n" + head
    if "\n#|" not in h and PREFIX not in h:
        # no previous msgid and no provenance line: the last ``#,`` line alone decides (the
        # usual head of a translated entry of a real catalog: ``#, c-format`` and references)
        at = h.rfind("\n#,")
        if at < 0:
            return 0
        line = h[at + 1 : h.index("\n", at + 1)]
        known = FLAG_LINES.get(line)
        if known is None:
            known = FLAG_LINES.remember(line, comment_facts(line))
        return known
    if "\n#|" not in h and "\n#, fuzzy\n" in h and h.count("\n#,") == 1:
        n = h.count(PREFIX)
        if n == 0:
            return FUZZY
        if n == 1:
            for marker, fact in _MARKERS:
                if marker in h:
                    return FUZZY | fact
    return comment_facts(head[:-1])


# ---------------------------------------------------------------------------------------------
# the light reader's facts of a head

#: what ``head_facts`` gives for a head the full parser must read
UNUSUAL = ("unusual",)
#: the facts of a head without comment lines
NO_HEAD: tuple[Any, ...] = ((), "", None, True, 0)

LINE_FACTS: BoundedMemo[str, tuple[Any, ...]] = BoundedMemo("facts of a comment line", 200_000)
#: keyed by a head, or by the (before, after) comment lines around an entry's one reference
HEAD_FACTS: BoundedMemo[str | tuple[str, str], tuple[Any, ...]] = BoundedMemo(
    "facts of the comment lines of an entry", 200_000
)


def line_facts(ln: str) -> tuple[Any, ...]:
    """(rank as in ``canonical.COMMENT_RANK``, whether the line alone is canonical, payload)
    of one comment line of a live entry; rank -1 for a line the full parser must read. The
    payload is the flags of ``#,``, the previous msgid of ``#| msgid`` (else None) and the
    translator comment text of ``#`` lines."""
    r = COMMENT_RANK.get(ln[1:2], 0)
    if r == 4:
        found = PREVIOUS_RE.fullmatch(ln)
        if found is None or "\\" in ln:
            return -1, False, None
        previous = joined(ln[ln.index('"') :]) if found.group(1) == "msgid" else None
        return 4, canonical_line(ln), previous
    if r == 3:
        flags: list[str] = []
        for flag in ln[2:].split(","):
            flag = flag.strip()
            if flag and flag not in flags:
                flags.append(flag)
        return 3, canonical_line(ln), tuple(flags)
    if r == 0:
        return 0, canonical_line(ln), comment_text(ln)
    return r, canonical_line(ln), None


def head_facts(head: str) -> tuple[Any, ...]:
    """(flags, translator comment, previous msgid, whether the lines are surely canonical,
    their facts) of the comment lines of a live entry, or ``UNUSUAL``.

    Speed trick: each line's facts come from ``LINE_FACTS`` (most lines recur in every file).
    Invariant: the verdict is ``canonical.canonical_head`` of the lines (tested on every
    combination of up to three kinds of line)."""
    flags: list[str] = []
    tcomment: list[str] = []
    previous: str | None = None
    canonical = True
    rank = 0
    seen_flags = seen_refs = False
    memo = LINE_FACTS
    for ln in head[:-1].split("\n"):
        facts = memo.get(ln)
        if facts is None:
            facts = memo.remember(ln, line_facts(ln))
        r, ok, payload = facts
        if r == -1:
            return UNUSUAL
        if canonical:
            if not ok or r < rank or (r == 2 and seen_refs) or (r == 3 and seen_flags):
                canonical = False
            rank = r
            seen_refs = seen_refs or r == 2
            seen_flags = seen_flags or r == 3
        if r == 3:
            flags = list(payload)  # the last "#," line wins, as in gettext
        elif r == 4:
            if payload is not None:
                previous = payload
        elif r == 0:
            tcomment.append(payload)
    comment = "\n".join(tcomment)
    facts_bits = provenance.comment_facts(comment)
    if "fuzzy" in flags:
        facts_bits |= FUZZY
    if previous is not None:
        facts_bits |= CHANGED
    return tuple(flags), comment, previous, canonical, facts_bits
