"""Is this text surely what the writer writes? One-sided verdicts for the light reader.

The checks report a file whose layout is not canonical (``tmflow fmt`` would rewrite it); the
light reader tells them when a file is surely canonical, so that they need not write it again
to compare. Every verdict here is one-sided: True only when the text is surely byte for byte
what ``tmflow.io.po.writer`` writes; False may also mean "not known".

The writer is imported when a verdict needs it (it imports polib, which the status scanner's
worker processes never need).
"""

from __future__ import annotations

import re

from tmflow.io.po.lexer import EMPTY, MULTI, RAW_CONTROL_RE, SIMPLE_RE, joined, unescape
from tmflow.io.po.memo import BoundedMemo

#: the order the writer puts comment lines in (translator comments, rank 0, first)
COMMENT_RANK = {".": 1, ":": 2, ",": 3, "|": 4}


def canonical_string(keyword: str, group: str) -> bool:
    """Is this matched string (``lexer.MULTI``, after ``keyword``) written as the writer
    writes it?"""
    if "\n" not in group and "\\" not in group:
        return RAW_CONTROL_RE.search(group) is None
    from tmflow.io.po.writer import string_lines

    text = unescape(joined(group))
    return "\n".join(string_lines("", keyword, text)) == f"{keyword} {group}"


def canonical_line(ln: str) -> bool:
    """Is this comment line, alone, written as the writer writes one of its kind?"""
    rank = COMMENT_RANK.get(ln[1:2], 0)
    if rank == 0:
        return ln.startswith("# ")
    if rank == 1:
        return len(ln) >= 4 and ln[2] == " " and ln == ln.rstrip()
    if rank == 2:
        from tmflow.io.po.writer import REF_WIDTH  # no line of several references is longer

        refs = ln[2:].split()
        return (
            ln == "#: " + " ".join(refs)
            and len(set(refs)) == len(refs)
            and not (len(refs) > 1 and len(ln) > REF_WIDTH)
        )
    if rank == 3:
        from tmflow.io.po.writer import sorted_flags

        parts = [f.strip() for f in ln[2:].split(",")]
        return ln == "#, " + ", ".join(sorted_flags(parts)) and "" not in parts
    return ln.startswith('#| msgid "') and canonical_string("#| msgid", ln[9:])


def canonical_head(lines: list[str]) -> bool:
    """Are these comment lines of an entry what the writer writes: each line canonical, in the
    writer's order, ``#:`` and ``#,`` lines once each? (The reference the light reader's line
    by line verdict, ``heads.head_facts``, is tested against.)"""
    rank = 0
    seen_flags = seen_refs = False
    for ln in lines:
        r = COMMENT_RANK.get(ln[1:2], 0)
        if r < rank:
            return False
        rank = r
        if r == 2:
            if seen_refs:
                return False
            seen_refs = True
        elif r == 3:
            if seen_flags:
                return False
            seen_flags = True
        if not canonical_line(ln):
            return False
    return True


def obsolete_tail(rest: str) -> bool | None:
    """For the blocks after the live entries (``rest``, ending with a line break): None when
    one is not an obsolete entry without plurals, else whether they are surely canonical."""
    canonical = True
    for block in rest[:-1].split("\n\n"):
        lines = block.split("\n")
        first = next((i for i, ln in enumerate(lines) if ln.startswith("#~")), None)
        if first is None:
            return None
        keyword_lines = lines[first:]
        if not all(ln.startswith("#~ ") for ln in keyword_lines):
            return None if any(not ln.startswith("#~") for ln in keyword_lines) else False
        head = lines[:first]
        match = SIMPLE_RE.fullmatch("\n".join(ln[3:] for ln in keyword_lines))
        if match is None:
            return None
        if canonical and head and not canonical_head(head):
            canonical = False
        ctxt, mid, mstr = match.groups()
        if canonical and not (
            canonical_string("msgid", mid)
            and canonical_string("msgstr", mstr)
            and (ctxt is None or canonical_string("msgctxt", ctxt))
        ):
            canonical = False
    return canonical


# ---------------------------------------------------------------------------------------------
# a whole file: the verdict ``tmflow fmt`` asks for

#: the keyword lines of an entry, plural or not: groups (msgctxt, msgid, msgid_plural, the
#: ``msgstr[N]`` lines of a plural entry, msgstr)
_KEYWORDS_RE = re.compile(
    rf"(?:msgctxt ({MULTI})\n)?msgid ({MULTI})\n"
    rf"(?:msgid_plural ({MULTI})((?:\nmsgstr\[[0-9]+\] {MULTI})+)|msgstr ({MULTI}))"
)
_PLURAL_STR_RE = re.compile(rf"\nmsgstr\[([0-9]+)\] ({MULTI})")


def _references_canonical(lines: list[str]) -> bool:
    """Are these ``#:`` lines (one or more, in a row) what the writer packs: references
    without repeats, each line filled until the next reference would pass ``REF_WIDTH``?"""
    from tmflow.io.po.writer import REF_WIDTH

    seen: set[str] = set()
    rows: list[list[str]] = []
    for ln in lines:
        refs = ln[2:].split()
        if not refs or ln != "#: " + " ".join(refs):
            return False
        if len(refs) > 1 and len(ln) > REF_WIDTH:
            return False
        seen.update(refs)
        rows.append(refs)
    if len(seen) != sum(len(refs) for refs in rows):
        return False
    return all(len(lines[i]) + 1 + len(rows[i + 1][0]) > REF_WIDTH for i in range(len(lines) - 1))


def _head_canonical(lines: list[str]) -> bool:
    """``canonical_head`` for comment lines that may hold several ``#:`` lines in a row, and
    with translator comments the writer surely writes back as they are."""
    refs = [ln for ln in lines if ln.startswith("#:")]
    if len(refs) > 1:
        first = lines.index(refs[0])
        if lines[first : first + len(refs)] != refs or not _references_canonical(refs):
            return False
        lines = lines[:first] + lines[first + len(refs) - 1 :]
        lines[first] = "#: x"  # one reference line, already judged
    if any(ln.startswith('#| "') for ln in lines):
        first = next(i for i, ln in enumerate(lines) if ln.startswith("#|"))
        if not all(ln.startswith("#|") for ln in lines[first:]):
            return False
        if not _previous_canonical(lines[first:]):
            return False
        lines = lines[:first] + ['#| msgid "-"']  # judged: one line stands for them
    judged = []
    for ln in lines:
        if ln == "#" or ln == "#.":
            ln += " -"  # an empty comment line, written back as the lone marker it is
        elif ln[1:2] == " " and (len(ln) < 3 or ln[2] == " " or ln != ln.rstrip()):
            return False  # an empty or padded translator comment: the reader trims it
        judged.append(ln)
    return canonical_head(judged)


_PREVIOUS_RE = re.compile(
    rf"(?:#\| msgctxt ({MULTI})\n)?#\| msgid ({MULTI})(?:\n#\| msgid_plural ({MULTI}))?"
)


def _previous_canonical(lines: list[str]) -> bool:
    """Are these ``#|`` lines (a previous msgctxt, msgid and msgid_plural, any of them over
    several lines) what the writer writes?"""
    text = "\n".join(ln[3:] if ln.startswith('#| "') else ln for ln in lines)
    match = _PREVIOUS_RE.fullmatch(text)
    if match is None or any(not ln.startswith("#| ") for ln in lines):
        return False
    ctxt, mid, plural = match.groups()
    pairs = [("#| msgid", mid)]
    if ctxt is not None:
        pairs.append(("#| msgctxt", ctxt))
    if plural is not None:
        pairs.append(("#| msgid_plural", plural))
    return _strings_canonical(pairs)


def _strings_canonical(pairs: list[tuple[str, str]]) -> bool:
    """Is each (keyword, matched string) written as the writer writes it, its escapes valid?"""
    from tmflow.io.po.lexer import HandOff

    try:
        return all(canonical_string(keyword, group) for keyword, group in pairs)
    except HandOff:
        return False


#: a live entry, plural or not, with its comment lines, ending at a blank line or the end of
#: the text: groups (comment lines, msgctxt, msgid, msgid_plural, ``msgstr[N]`` lines, msgstr)
_LIVE_RE = re.compile(
    rf"((?:#(?!~)[^\n]*\n)*)(?:msgctxt ({MULTI})\n)?msgid ({MULTI})\n"
    rf"(?:msgid_plural ({MULTI})((?:\nmsgstr\[[0-9]+\] {MULTI})+)|msgstr ({MULTI}))"
    r"(?:\n\n|\n\Z)"
)

#: verdicts on comment blocks met before (the files of an article share them)
_HEADS: BoundedMemo[str, bool] = BoundedMemo("comment lines → canonical", 50_000)


def _entry_canonical(
    head: str,
    groups: tuple[str | None, ...],
    plain: bool,
) -> bool:
    """Are an entry's comment lines ``head`` (each ending in a line break) and its keyword
    strings ``groups`` (``_KEYWORDS_RE``'s) surely canonical, and read by the full parser as
    they are? ``plain``: no string of it holds a backslash, a line break or a raw control
    character (each is then written as it stands)."""
    ctxt, mid, plural, plural_strs, mstr = groups
    if plural is not None:
        if plural == EMPTY:
            return False  # the writer writes an empty msgid_plural as a plain entry
        forms = _PLURAL_STR_RE.findall(plural_strs or "")
        if [int(index) for index, _ in forms] != list(range(len(forms))):
            return False
        first = forms[0][1]
    else:
        forms = []
        first = mstr or ""
    if head:
        verdict = _HEADS.get(head)
        if verdict is None:
            verdict = _HEADS.remember(head, _head_canonical(head[:-1].split("\n")))
        if not verdict:
            return False
        if "fuzzy" in head and (first == EMPTY or first.replace('"\n"', "") == EMPTY):
            for ln in head.split("\n"):
                if ln.startswith("#,") and "fuzzy" in ln:
                    return False  # the writer drops the fuzzy flag of an empty translation
    if plain:
        return True
    pairs = [("msgid", mid or "")]
    if ctxt is not None:
        pairs.append(("msgctxt", ctxt))
    if plural is not None:
        pairs.append(("msgid_plural", plural))
        pairs += [(f"msgstr[{index}]", group) for index, group in forms]
    else:
        pairs.append(("msgstr", mstr or ""))
    return _strings_canonical(pairs)


#: verdicts on header blocks met before (the files of a project share a few headers)
_HEADERS: BoundedMemo[str, bool] = BoundedMemo("header block → canonical", 10_000)


def _header_canonical(block: str) -> bool:
    """Is ``block`` (the first block of a file, with its final line break) a header entry
    that the full parser reads and the writer writes back as it is?"""
    from tmflow.core.errors import TmflowError
    from tmflow.io.po.reader import parse_po
    from tmflow.io.po.writer import header_lines

    lines = block[:-1].split("\n")
    cut = next((i for i, ln in enumerate(lines) if not ln.startswith("#")), len(lines))
    if "\n".join(lines[cut:])[:16] != 'msgid ""\nmsgstr ':
        return False
    try:
        po = parse_po(block, "header")
    except TmflowError:
        return False
    return len(po) == 0 and "\n".join(header_lines(po)) == block[:-1]


def canonical_text(text: str) -> bool:
    """Is ``text`` (a whole PO file, decoded) surely byte for byte what the writer writes for
    it, and read by the full parser without error? One-sided: False may also mean "not
    known". A header comes first (judged once per header text, through the full parser), then
    live entries, plural or not, then obsolete ones; anything unusual (``#~|`` lines, a previous
    msgid over several lines, a second header, a repeated entry…) answers False."""
    from tmflow.io.po.lexer import has_raw_controls, usual_text

    if not usual_text(text) or text.endswith("\n\n"):
        return False
    end = text.find("\n\n")
    first_block = text if end < 0 else text[: end + 1]
    verdict = _HEADERS.get(first_block)
    if verdict is None:
        verdict = _HEADERS.remember(first_block, _header_canonical(first_block))
    if not verdict:
        return False
    if end < 0:
        return True
    controls = has_raw_controls(text)
    seen: set[tuple[str | None, str]] = set()
    pos = end + 2
    for m in _LIVE_RE.finditer(text, pos):
        if m.start() != pos:
            break
        pos = m.end()
        whole = m.group(0)
        head, ctxt, mid, plural, plural_strs, mstr = m.groups()
        # one line per string (a string over several lines has a '"\n"' in it)
        plain = not controls and "\\" not in whole and '"\n"' not in whole[len(head) :]
        if not _entry_canonical(head, (ctxt, mid, plural, plural_strs, mstr), plain):
            return False
        key = (ctxt, mid)
        if key in seen or (ctxt is None and mid == EMPTY):
            return False  # a repeated entry or a second header: the full parser decides
        seen.add(key)
    if pos >= len(text):
        return True
    # the obsolete entries (a live entry among them: the writer puts it before them)
    for block in text[pos:-1].split("\n\n"):
        lines = block.split("\n")
        cut = next((i for i, ln in enumerate(lines) if ln[:1] != "#" or ln[:2] == "#~"), -1)
        if cut < 0:
            return False  # comment lines alone
        body = lines[cut:]
        if body[0][:2] != "#~" or not all(ln[:3] == "#~ " for ln in body):
            return False  # ``#~|`` lines, or live lines among obsolete ones
        match = _KEYWORDS_RE.fullmatch("\n".join(ln[3:] for ln in body))
        if match is None:
            return False
        head = "".join(ln + "\n" for ln in lines[:cut])
        if not _entry_canonical(head, match.groups(), False):
            return False
    return True
