"""Escape sequences in PO strings: the one table both PO readers resolve them with.

The full parser (``tmflow.io.po.reader``) and the fast readers (``tmflow.io.po.lexer``) must
read a quoted string the same way, so the table and the pattern live here once. The module
imports nothing but ``re``: the scanner runs on every file ``status`` looks at and must start
fast, and importing ``tmflow.io.po.reader`` would pull in polib.

Accepted, as GNU msgfmt accepts them: ``\\n \\t \\r \\a \\b \\f \\v \\\\ \\" \\' \\?``, octal
``\\N``, ``\\NN``, ``\\NNN`` and hex ``\\xH``, ``\\xHH``. Anything else raises
:class:`InvalidEscape`, which each reader turns into its own outcome: the parser into a
``PoSyntaxError`` naming file and line, the scanner into a fall-back to the full parse.
"""

from __future__ import annotations

import re

UNESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "?": "?",
}
UNESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)", re.S)


class InvalidEscape(Exception):
    """An escape sequence the table does not know; ``seq`` is what follows the backslash."""

    def __init__(self, seq: str) -> None:
        super().__init__(seq)
        self.seq = seq


def _resolve(match: re.Match[str]) -> str:
    seq = match.group(1)
    if seq[0] == "x" and len(seq) > 1:
        return chr(int(seq[1:], 16))
    if seq[0] in "01234567":
        return chr(int(seq, 8))
    if seq in UNESCAPES:
        return UNESCAPES[seq]
    raise InvalidEscape(seq)


def unescape(body: str) -> str:
    """The text of a PO string's body (between the quotes); raises InvalidEscape.

    Speed: without two backslashes in a row, every backslash starts an escape of one
    character, so the usual ones (``\\n``, ``\\"``, ``\\t``) are resolved by replacing them;
    when a backslash is left after that, the table resolves (and checks) the whole body."""
    if "\\" not in body:
        return body
    if "\\\\" not in body:
        text = body.replace("\\n", "\n")
        if "\\" not in text:
            return text
        text = text.replace('\\"', '"').replace("\\t", "\t")
        if "\\" not in text:
            return text
    return UNESCAPE_RE.sub(_resolve, body)
