"""Is this text surely what the writer writes? One-sided verdicts for the light reader.

The checks report a file whose layout is not canonical (``tmflow fmt`` would rewrite it); the
light reader tells them when a file is surely canonical, so that they need not write it again
to compare. Every verdict here is one-sided: True only when the text is surely byte for byte
what ``tmflow.io.po.writer`` writes; False may also mean "not known".

The writer is imported when a verdict needs it (it imports polib, which the status scanner's
worker processes never need).
"""

from __future__ import annotations

from tmflow.io.po.lexer import RAW_CONTROL_RE, SIMPLE_RE, joined, unescape

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
