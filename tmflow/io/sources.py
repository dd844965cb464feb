"""Reading source articles (plain text and Markdown) as exact, decoded text.

Segmentation is lossless: build replaces segment spans with translations and keeps every other
character byte for byte. So the reader keeps the text exactly as it is in the file — line endings
are *not* normalised (a CRLF file stays CRLF; ``newline`` records which one the file uses) — and
only the UTF-8 byte-order mark is taken off, remembered in ``bom`` and put back by
``encode_source``. Anything that is not UTF-8 is refused with an error naming the file and line,
rather than guessing a legacy code page and writing mojibake into templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tmflow.core.errors import SourceError
from tmflow.io.files import read_bytes

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class SourceDocument:
    """One source file: ``text`` is the decoded content without BOM, line endings as in the
    file; ``newline`` is the file's line ending (the first one found; LF when there is none)."""

    path: Path
    text: str
    bom: bool
    newline: str


def decode_source(raw: bytes, path: Path) -> SourceDocument:
    """Decode the bytes of a source file read from ``path``."""
    bom = raw.startswith(BOM)
    if bom:
        raw = raw[len(BOM) :]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(
            "is UTF-16 text; tmflow reads UTF-8 sources only (save the file as UTF-8)", path, 1
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x}); tmflow reads UTF-8 "
            "sources only (save the file as UTF-8)",
            path,
            line,
            column,
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise SourceError(
            "contains a NUL character; this is not a text file", path, text.count("\n", 0, nul) + 1
        )
    first = text.find("\n")
    newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
    return SourceDocument(path=path, text=text, bom=bom, newline=newline)


def read_source(path: Path) -> SourceDocument:
    """Read a source article; errors name the file (not found, a folder, unreadable, not UTF-8)."""
    path = Path(path)
    return decode_source(read_bytes(path, "source file", SourceError), path)


def encode_source(doc: SourceDocument, text: str) -> bytes:
    """The bytes of ``text`` written as ``doc`` was stored: UTF-8, with its BOM if it had one.
    ``text`` keeps its own line endings."""
    data = text.encode("utf-8")
    return BOM + data if doc.bom else data
