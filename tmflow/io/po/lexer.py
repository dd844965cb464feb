"""The pieces of PO syntax the fast readers share: quoted strings, entry blocks, comment text,
and the two ways a fast reader hands a file on.

The fast readers (``counts`` for status, ``light`` and ``keys`` for the checks) accept only a
strict subset of what the full parser (``tmflow.io.po.reader.parse_po``) accepts. Whenever they
meet anything else they raise ``HandOff``:

* ``NeedsFullParse``: only the full parser may read this file. It either reads it the way the
  fast reader would have, or reports the exact error (file and line); the fast reader never
  reports an error itself.
* ``NeedsLineReader``: the layout is not the canonical one the block readers take; the status
  counter's line-by-line reader takes the file instead (it may still raise ``NeedsFullParse``).

The patterns match escaped text: a quoted string ``"…"`` with its backslashes kept. ``joined``
gives the raw body of a string written over several lines; ``unescape`` resolves the escapes.
"""

from __future__ import annotations

import re

from tmflow.io.po.escape import InvalidEscape
from tmflow.io.po.escape import unescape as _resolve


class HandOff(Exception):
    """A fast reader met something it does not read (see the module docstring)."""


class NeedsFullParse(HandOff):
    """Only the full parser may read this file: it gives the same answer or the exact error."""


class NeedsLineReader(HandOff):
    """Not the canonical layout: the status counter's line reader takes the file."""


#: one quoted string on one line, escapes kept (a backslash escapes any character)
QSTR = r'"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"'
#: a string written over one or more lines (each line one quoted string)
MULTI = rf"{QSTR}(?:\n{QSTR})*"
#: the same, matched loosely: each line from its first to its last quote (twice as fast as
#: ``MULTI``; a loosely matched string with a backslash or a quote inside is checked with
#: ``strings_ok``)
LOOSE = r'"[^\n]*"(?:\n"[^\n]*")*'

#: the keyword lines of a live entry without plurals
SIMPLE_RE = re.compile(rf"(?:msgctxt ({MULTI})\n)?msgid ({MULTI})\nmsgstr ({MULTI})")
#: a live entry without plurals, with its comment lines (no ``#~``), ending at a blank line or
#: the end of the text: groups (comment lines, msgctxt, msgid, msgstr)
ENTRY_RE = re.compile(
    rf"((?:#(?!~)[^\n]*\n)*)(?:msgctxt ({MULTI})\n)?msgid ({MULTI})\nmsgstr ({MULTI})"
    r"(?:\n\n|\n\Z)"
)
#: one ``#|`` line of a previous message, the whole string on that line
PREVIOUS_RE = re.compile(rf"#\| (msgctxt|msgid|msgid_plural) {QSTR}")
#: a string (``MULTI``) in full
STRING_RE = re.compile(MULTI)
#: one quoted string on a line by itself, possibly followed by white space (the full
#: parser's rule); group 1 is its body
LINE_STRING_RE = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*$')
#: a raw control character the writer would have escaped
RAW_CONTROL_RE = re.compile("[\t\x07\x08\x0b\x0c]")
#: an empty string as matched
EMPTY = '""'


def usual_text(text: str) -> bool:
    """The first test of the block readers: line breaks are ``\\n`` alone, the text ends with
    one, and it has no byte-order mark."""
    return "\r" not in text and text.endswith("\n") and not text.startswith("\ufeff")


def has_raw_controls(text: str) -> bool:
    """Does ``text`` hold one of ``RAW_CONTROL_RE``'s characters? (``str.__contains__`` five
    times beats one search)"""
    return "\t" in text or "\x07" in text or "\x08" in text or "\x0b" in text or "\x0c" in text


def joined(group: str) -> str:
    """The raw (escaped) body of a string matched by ``MULTI`` or ``LOOSE``."""
    return group[1:-1].replace('"\n"', "") if "\n" in group else group[1:-1]


def unescape(body: str) -> str:
    """The text of a raw string body; an escape the full parser rejects raises
    ``NeedsFullParse`` (so that the full parser reports it)."""
    if "\\" not in body:
        return body  # the common case, without the call
    try:
        return _resolve(body)
    except InvalidEscape:
        raise NeedsFullParse from None


def check_escapes(*groups: str | None) -> None:
    """Raise ``NeedsFullParse`` if a matched string (``None`` for an absent one) holds an
    escape the full parser rejects."""
    for group in groups:
        if group is not None:
            unescape(joined(group))


def strings_ok(*groups: str) -> bool:
    """Are these loosely matched strings (``LOOSE``; ``""`` for an absent one) PO strings
    (``MULTI``)? Invalid escapes raise ``NeedsFullParse``."""
    for group in groups:
        if group:
            if STRING_RE.fullmatch(group) is None:
                return False
            unescape(joined(group))
    return True


def quoted_body(s: str) -> str:
    """The raw body of the quoted string ``s`` (a line stripped of its keyword and white
    space), validated as the full parser validates it."""
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise NeedsFullParse
    body = s[1:-1]
    if '"' in body or "\\" in body:
        match = LINE_STRING_RE.match(s)
        if match is None:
            raise NeedsFullParse
        body = match.group(1)
        if "\\" in body:
            unescape(body)  # validates the escapes
    return body


def comment_text(line: str) -> str:
    """The text of a translator comment line (``#`` and one space dropped), as the full
    parser reads it."""
    text = line[1:]
    return text[1:] if text.startswith(" ") else text
