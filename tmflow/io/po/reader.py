"""The full PO reader: a PO or POT file into polib's data types, with clear errors.

polib's ``POFile``/``POEntry`` are the in-memory data type. Reading is our own, because polib's
file API falls short for a tool that guards other people's translations: it drops ``#~|``
lines, doubles the backslash of octal and hex escapes, reports syntax errors as a generic
OSError, treats a missing path as PO text, and splits a string read from memory at U+2028.
Every syntax error here is a ``PoSyntaxError`` naming the file and line.

Two readers build the same entries. Files in the canonical layout (what tmflow, msgcat
``--no-wrap`` and msgmerge ``--no-wrap`` write: entries separated by one blank line, each
string on its keyword's line or on lines of its own, no plural entries) are read a block at a
time, one regular expression an entry (``_blocks``: about twice the speed of the line parser,
which matters on ``update``, where every catalog and template is read in full). Anything else,
or any doubt (odd white space, an escape the table does not know, a conflict marker), and the
whole file goes to the line parser, which reads every layout and reports errors with their
line. ``tests/io/po/test_reader_blocks.py`` holds the two to the same answer on the repository's
files and on written and damaged catalogs.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polib

from tmflow.core.errors import DuplicateEntryError, PoSyntaxError
from tmflow.io.files import read_bytes
from tmflow.io.po.charset import decode_po
from tmflow.io.po.escape import InvalidEscape, unescape
from tmflow.io.po.header import HeaderText
from tmflow.io.po.lexer import QSTR

#: one entry as ``tmflow.io.po.writer`` (and ``msgcat --no-wrap``) lays it out (after any
#: further blank lines): comment
#: lines, then msgctxt/msgid/msgstr, each string on one line or several; live (group
#: ``kw``) or obsolete (``#~`` before every keyword line and continuation, ``#~|`` previous
#: lines). No plural entries: those go to the line parser.
_BLOCK_RE = re.compile(
    rf"""\n*(?P<comments>(?:\#(?!~)[^\n]*\n)*)
    (?:
      (?:msgctxt\ (?P<ctxt>{QSTR}(?:\n{QSTR})*)\n)?
      msgid\ (?P<id>{QSTR}(?:\n{QSTR})*)\n
      msgstr\ (?P<str>{QSTR}(?:\n{QSTR})*)
    |
      (?P<prev>(?:\#~\|\ [^\n]*\n)*)
      (?:\#~\ msgctxt\ (?P<octxt>{QSTR}(?:\n\#~\ {QSTR})*)\n)?
      \#~\ msgid\ (?P<oid>{QSTR}(?:\n\#~\ {QSTR})*)\n
      \#~\ msgstr\ (?P<ostr>{QSTR}(?:\n\#~\ {QSTR})*)
    )\n?""",
    re.X,
)
_PREVIOUS_RE = re.compile(rf"(?:(msgctxt|msgid_plural|msgid) )?({QSTR})")

_CONFLICT_RE = re.compile(r"^(<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)( |$)")
_KEYWORD_RE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(".*)$')
_STRING_RE = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*$')


# ---------------------------------------------------------------------------------------------
# reading


def _unescape(body: str, path: Path, line: int) -> str:
    try:
        return unescape(body)
    except InvalidEscape as err:
        raise PoSyntaxError(
            f"invalid escape sequence '\\{err.seq}' in a string", path, line
        ) from None


class _Builder:
    """Accumulates the lines of one entry while parsing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reset()

    def reset(self) -> None:
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.previous: dict[str, str] = {}
        self.fields: dict[str, str] = {}
        self.plurals: dict[int, str] = {}
        self.obsolete = False
        self.line: int | None = None  # line of msgid (what editors and msgfmt report)
        self.first_line: int | None = None
        self.last_field: tuple[str, object] | None = None
        self.has_content = False

    def started_strings(self) -> bool:
        return bool(self.fields) or bool(self.plurals)

    def has_msgstr(self) -> bool:
        return "msgstr" in self.fields or bool(self.plurals)

    def build(self) -> polib.POEntry:
        if "msgid" not in self.fields:
            raise PoSyntaxError("entry has no msgid", self.path, self.first_line)
        if not self.has_msgstr():
            raise PoSyntaxError("entry has no msgstr", self.path, self.line)
        if "msgid_plural" in self.fields and "msgstr" in self.fields:
            raise PoSyntaxError(
                "a plural entry needs msgstr[0], msgstr[1]…, not msgstr", self.path, self.line
            )
        if "msgid_plural" not in self.fields and self.plurals:
            raise PoSyntaxError("msgstr[N] without msgid_plural", self.path, self.line)
        entry = polib.POEntry(
            msgid=self.fields["msgid"],
            msgstr=self.fields.get("msgstr", ""),
            msgid_plural=self.fields.get("msgid_plural", ""),
            msgstr_plural=dict(sorted(self.plurals.items())),
            msgctxt=self.fields.get("msgctxt"),
            occurrences=self.occurrences,
            comment=join_comment(self.comment),
            tcomment=join_comment(self.tcomment),
            flags=self.flags,
            previous_msgctxt=self.previous.get("msgctxt"),
            previous_msgid=self.previous.get("msgid"),
            previous_msgid_plural=self.previous.get("msgid_plural"),
            obsolete=self.obsolete,
            linenum=self.line or self.first_line or 0,
        )
        return entry


def join_comment(lines: list[str]) -> str:
    """Comment lines as one string. Lines that are all empty (a lone ``#``, as msgcat keeps
    it) are that many line breaks, so that one empty line is not the same as no comment; the
    writer reads it back so (``tmflow.io.po.writer``)."""
    if lines and not any(lines):
        return "\n" * len(lines)
    return "\n".join(lines)


def parse_po(
    text: str, path: Path | str, *, require_header: bool = True, blocks: bool = True
) -> polib.POFile:
    """Parse PO text (already decoded) read from ``path``; raise PoSyntaxError with a line.

    A file in the canonical layout is read a block at a time (``_blocks``); any other, or
    with ``blocks=False``, line by line. Both build the same entries."""
    path = Path(path)
    po = polib.POFile(wrapwidth=0)
    po.fpath = str(path)
    with _collector_paused():
        fast = _blocks(text) if blocks else None
        if fast is not None:
            return _catalog(po, fast, path, require_header)
        return _parse_lines(po, text, path, require_header)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a file is read: reading makes tens of
    thousands of objects, none of them in a cycle, and the collections they would set off
    (each one walking every object made so far) cost a tenth of the time or more."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_lines(po: polib.POFile, text: str, path: Path, require_header: bool) -> polib.POFile:
    """The line parser: every layout, errors with their line."""
    b = _Builder(path)
    entries: list[polib.POEntry] = []

    def finish() -> None:
        if b.started_strings() or b.has_content:
            if not b.started_strings():
                # comments with no message after them (allowed at end of file by gettext
                # only when they are obsolete-free trailing comments); keep as error: they
                # would be lost.
                raise PoSyntaxError("comment lines with no message after them", path, b.first_line)
            entries.append(b.build())
        b.reset()

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if _CONFLICT_RE.match(line):
            raise PoSyntaxError(
                "git merge-conflict marker: the file was merged line by line, without tmflow's "
                "merge driver; run 'tmflow resolve' on it (and 'tmflow init --git' once)",
                path,
                number,
            )
        stripped = line.strip()
        if not stripped:
            if b.started_strings():
                finish()
            continue
        obsolete_line = False
        if stripped.startswith("#~"):
            rest = stripped[2:]
            if rest.startswith("|"):
                body = rest[1:].strip()
                _previous_line(b, body, path, number)
                continue
            stripped = rest.strip()
            obsolete_line = True
            if not stripped:
                continue
        elif stripped.startswith("#"):
            if b.has_msgstr() and b.last_field is not None:
                finish()
            if b.first_line is None:
                b.first_line = number
            b.has_content = True
            kind = stripped[1:2]
            if kind == ".":  # trailing blanks are kept, as msgcat keeps them
                b.comment.append(_comment_text(line.lstrip()[2:]))
            elif kind == ":":
                for ref in stripped[2:].split():
                    name, sep, lineno = ref.rpartition(":")
                    if sep and lineno.isdigit():
                        b.occurrences.append((name, lineno))
                    else:
                        b.occurrences.append((ref, ""))
            elif kind == ",":
                # gettext: a "#," line replaces the flags of the lines before it (the last
                # one wins; "#, fuzzy" then "#, c-format" is not fuzzy for msgfmt)
                b.flags = []
                for flag in stripped[2:].split(","):
                    flag = flag.strip()
                    if flag and flag not in b.flags:
                        b.flags.append(flag)
            elif kind == "|":
                _previous_line(b, stripped[2:].strip(), path, number)
            else:
                b.tcomment.append(_comment_text(line.lstrip()[1:]))
            continue
        # keyword or continuation
        match = _KEYWORD_RE.match(stripped)
        if match:
            keyword, index, rest = match.groups()
            base = "msgstr" if keyword.startswith("msgstr") else keyword
            if base in ("msgctxt", "msgid") and b.has_msgstr():
                finish()
            if b.first_line is None:
                b.first_line = number
            if obsolete_line:
                b.obsolete = True
            string = _string(rest, path, number)
            if keyword == "msgid":
                if "msgid" in b.fields:
                    raise PoSyntaxError(
                        "second msgid in one entry (missing msgstr?)", path, number
                    )
                b.line = number
            elif keyword == "msgctxt" and ("msgid" in b.fields or "msgctxt" in b.fields):
                raise PoSyntaxError("msgctxt after msgid (missing msgstr?)", path, number)
            elif base in ("msgstr", "msgid_plural") and "msgid" not in b.fields:
                raise PoSyntaxError(f"{keyword} before any msgid", path, number)
            elif keyword == "msgid_plural" and b.has_msgstr():
                raise PoSyntaxError("msgid_plural after msgstr", path, number)
            if index is not None:
                i = int(index)
                if i in b.plurals:
                    raise PoSyntaxError(f"msgstr[{i}] given twice", path, number)
                b.plurals[i] = string
                b.last_field = ("plural", i)
            else:
                if keyword in b.fields:
                    raise PoSyntaxError(f"{keyword} given twice in one entry", path, number)
                b.fields[keyword] = string
                b.last_field = ("field", keyword)
            continue
        if stripped.startswith('"'):
            if b.last_field is None:
                raise PoSyntaxError("string with no keyword before it", path, number)
            string = _string(stripped, path, number)
            kind2, key = b.last_field
            if kind2 == "plural":
                b.plurals[key] += string  # type: ignore[index]
            elif kind2 == "field":
                b.fields[key] += string  # type: ignore[index]
            else:
                b.previous[key] += string  # type: ignore[index]
            continue
        word = stripped.split()[0][:40]
        raise PoSyntaxError(f"syntax error: unexpected '{word}'", path, number)
    finish()
    return _catalog(po, entries, path, require_header)


def _catalog(
    po: polib.POFile, entries: list[polib.POEntry], path: Path, require_header: bool
) -> polib.POFile:
    """The entries of a file as a catalog: the header read, duplicates refused."""
    header_seen = False
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            if header_seen:
                raise DuplicateEntryError(
                    'second header entry (duplicate msgid "")', path, entry.linenum
                )
            header_seen = True
            _read_header(po, entry, path)
            continue
        list.append(po, entry)  # (polib's append only adds a check tmflow does below)
    if require_header and not header_seen:
        raise PoSyntaxError('no header entry (msgid "" with Content-Type and Language)', path, 1)
    _check_duplicates(po, path)
    return po


# ---------------------------------------------------------------------------------------------
# the fast path: files in the canonical layout


class _Unusual(Exception):
    """Something the block reader does not read: the line parser reads the whole file."""


def _blocks(text: str) -> list[polib.POEntry] | None:
    """The entries of a file in the canonical layout (blank-line separated entries, no
    plurals, no stray white space; see ``_BLOCK_RE``), read a block at a time: the same
    entries the line parser builds, several times faster. None for anything else (the line
    parser then reads the file, or reports its error with the line)."""
    if not text.endswith("\n") or "\r" in text or text.startswith("\ufeff"):
        return None
    entries: list[polib.POEntry] = []
    match_block = _BLOCK_RE.fullmatch
    line = 1
    try:
        for block in text[:-1].split("\n\n"):
            if not block:  # more blank lines between two entries
                line += 2
                continue
            m = match_block(block)
            if m is None:
                return None
            entries.append(_block_entry(m, block, line))
            line += block.count("\n") + 2
    except _Unusual:
        return None
    return entries


def _text(group: str, obsolete: bool) -> str:
    """The text of a string matched on one line or several (each line's escapes resolved
    on their own, as the line parser does: ``"\\x4" "1"`` is not ``"\\x41"``)."""
    if "\\" not in group:
        if "\n" not in group:
            return group[1:-1]
        return "".join(piece[1:-1] for piece in group.split("\n#~ " if obsolete else "\n"))
    try:
        return "".join(
            unescape(piece[1:-1]) for piece in group.split("\n#~ " if obsolete else "\n")
        )
    except InvalidEscape:
        raise _Unusual from None


def _block_entry(m: re.Match[str], block: str, first: int) -> polib.POEntry:
    comments, ctxt, msgid, msgstr, prev, octxt, oid, ostr = m.groups()
    tcomment: list[str] = []
    comment: list[str] = []
    occurrences: list[tuple[str, str]] = []
    flags: list[str] = []
    previous: dict[str, str] = {}
    last = ""
    if comments:
        for raw in comments[:-1].split("\n"):
            kind = raw[1:2]
            if kind == ":":
                for ref in raw[2:].split():
                    name, sep, lineno = ref.rpartition(":")
                    if sep and lineno.isdigit():
                        occurrences.append((name, lineno))
                    else:
                        occurrences.append((ref, ""))
            elif kind == ",":
                flags = []
                for flag in raw[2:].split(","):
                    flag = flag.strip()
                    if flag and flag not in flags:
                        flags.append(flag)
            elif kind == ".":
                comment.append(_comment_text(raw[2:]))
            elif kind == "|":
                last = _previous(previous, raw[2:], last)
            else:
                tcomment.append(raw[2:] if raw[1:2] == " " else raw[1:])
    obsolete = msgid is None
    if obsolete:
        if prev:
            for raw in prev[:-1].split("\n"):
                last = _previous(previous, raw[3:], last)
        ctxt, msgid, msgstr, key = octxt, oid, ostr, 7
    else:
        key = 3
    # the attributes polib.POEntry.__init__ sets, set at once (its keyword handling costs
    # more than the rest of the block; the tests compare the two entries' attributes)
    entry: polib.POEntry = _new_entry(polib.POEntry)
    entry.__dict__ = {
        **_ENTRY_DEFAULTS,
        # (one line without escapes, the usual string: its text is its body)
        "msgid": msgid[1:-1]
        if "\\" not in msgid and "\n" not in msgid
        else _text(msgid, obsolete),
        "msgstr": msgstr[1:-1]
        if "\\" not in msgstr and "\n" not in msgstr
        else _text(msgstr, obsolete),
        "msgstr_plural": {},
        "msgctxt": None if ctxt is None else _text(ctxt, obsolete),
        "obsolete": obsolete,
        "comment": join_comment(comment) if comment else "",
        "tcomment": join_comment(tcomment) if tcomment else "",
        "occurrences": occurrences,
        "flags": flags,
        "previous_msgctxt": previous.get("msgctxt") if previous else None,
        "previous_msgid": previous.get("msgid") if previous else None,
        "previous_msgid_plural": previous.get("msgid_plural") if previous else None,
        "linenum": first + block.count("\n", 0, m.start(key)),
    }
    return entry


_new_entry = object.__new__
_ENTRY_DEFAULTS = {"msgid_plural": "", "encoding": polib.default_encoding}


def _previous(previous: dict[str, str], body: str, last: str) -> str:
    """One ``#|`` line (``body``: what follows ``#|``) into ``previous``; the keyword it
    continues."""
    m = _PREVIOUS_RE.fullmatch(body.strip()) if body.startswith(" ") else None
    if m is None:
        raise _Unusual
    keyword, string = m.groups()
    if keyword is None:
        if not last:
            raise _Unusual
        previous[last] += _text(string, False)
        return last
    previous[keyword] = _text(string, False)
    return keyword


def _comment_text(text: str) -> str:
    return text[1:] if text.startswith(" ") else text


def _string(rest: str, path: Path, number: int) -> str:
    match = _STRING_RE.match(rest)
    if not match:
        if rest.startswith('"') and (rest.count('"') - rest.count('\\"')) < 2:
            raise PoSyntaxError("unterminated string", path, number)
        raise PoSyntaxError(f"malformed string {rest[:40]!r}", path, number)
    return _unescape(match.group(1), path, number)


def _previous_line(b: _Builder, body: str, path: Path, number: int) -> None:
    if b.has_msgstr() and b.last_field is not None:
        # a #| line after a complete entry starts the next one
        pass
    if b.first_line is None:
        b.first_line = number
    b.has_content = True
    match = _KEYWORD_RE.match(body)
    if match:
        keyword = match.group(1)
        if keyword not in ("msgctxt", "msgid", "msgid_plural"):
            raise PoSyntaxError(f"'#| {keyword}' is not a previous-message keyword", path, number)
        b.previous[keyword] = _string(match.group(3), path, number)
        b.last_field = ("previous", keyword)
    elif body.startswith('"') and b.last_field and b.last_field[0] == "previous":
        b.previous[b.last_field[1]] += _string(body, path, number)  # type: ignore[index]
    else:
        raise PoSyntaxError("malformed '#|' line", path, number)


def _read_header(po: polib.POFile, entry: polib.POEntry, path: Path) -> None:
    """The header entry's comment, flags and fields. Fields are ``Key: value`` lines; a line
    without a colon (a value some tool broke in two, ``"com>>\n"``) is accepted, as gettext
    accepts it, and kept where it is (``HeaderText``); ``check`` warns about it."""
    po.header = entry.tcomment
    po.metadata_is_fuzzy = "fuzzy" in entry.flags
    text = HeaderText.parse(entry.msgstr)
    text.entry_comment = entry.comment or ""
    text.entry_occurrences = list(entry.occurrences)
    text.entry_flags = [f for f in entry.flags if f != "fuzzy"]
    po.metadata = dict(text.fields)
    HeaderText.attach(po, text)


def _check_duplicates(po: polib.POFile, path: Path) -> None:
    seen: dict[tuple[str | None, str], int | None] = {}
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            what = f"msgid {entry.msgid[:50]!r}" + (
                f" (msgctxt {entry.msgctxt!r})" if entry.msgctxt is not None else ""
            )
            raise DuplicateEntryError(
                f"duplicate entry: {what} first defined at line {seen[key]}", path, entry.linenum
            )
        seen[key] = entry.linenum


def load_po(path: Path | str, *, require_header: bool = True) -> polib.POFile:
    """Read a PO/POT file with clear errors: not found, bad bytes for its charset, syntax
    (file:line). The charset is the one the header names (``decode_po``)."""
    path = Path(path)
    raw = read_bytes(path, "PO file")
    return parse_po(decode_po(raw, path), path, require_header=require_header)
