"""The charset of a PO file: found in its header, used to read it and to write it back.

gettext reads any charset its header names (``Content-Type: text/plain; charset=…``), and old
catalogs still use ISO-8859-x, CP125x, EUC-JP, Shift-JIS (CP932), EUC-KR, GBK, BIG5…. tmflow
reads every one of those that Python has a codec for (all of gettext's portable charsets but
EUC-TW, VISCII and GEORGIAN-PS; a file in one of those is refused with the msgconv command that
converts it).

**Writing keeps the charset.** A file is written back in the charset its header names, as
``msgcat`` and ``msgmerge`` do, so ``fmt`` stays byte for byte what ``msgcat --no-wrap``
writes and a file's encoding never changes behind the translator's back. Only when the text
to write cannot be encoded in that charset (a machine draft with ``’`` in an ISO-8859-1 file,
a Cyrillic glossary hint in a Latin-2 one) is the file converted to UTF-8, the header changed
to say so, and the command that wrote it says which file it converted and from what.

The placeholder ``charset=CHARSET`` of templates, a missing charset and ``UTF-8`` in any
spelling all mean UTF-8 (a superset of the ASCII gettext assumes for the placeholder).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from tmflow.core.errors import CharsetError

_HEADER_RE = re.compile(rb'(?m)^msgid ""[ \t]*\r?\nmsgstr ""[ \t]*\r?\n((?:[ \t]*"[^\n]*\n)*)')
_CHARSET_RE = re.compile(r"charset=([^\s;\"\\]+)")
_UTF8 = "utf-8"


def charset_of_content_type(value: str) -> str | None:
    """The charset named in a Content-Type value, as written (None when there is none)."""
    match = _CHARSET_RE.search(value)
    return match.group(1) if match else None


def codec_name(charset: str | None) -> str:
    """Python's codec for a charset name from a header; ``utf-8`` for the placeholder, a
    missing name and UTF-8. Raises LookupError for a charset Python cannot read."""
    if charset is None or charset.upper() in ("CHARSET", "UTF-8", "UTF8"):
        return _UTF8
    return codecs.lookup(charset).name


def is_utf8(charset: str | None) -> bool:
    try:
        return codec_name(charset) == _UTF8
    except LookupError:
        return False


def declared_charset(raw: bytes) -> str | None:
    """The charset the header entry names, read from the bytes (every charset gettext
    supports writes ASCII as ASCII, so the header can be found before decoding)."""
    match = _HEADER_RE.search(raw[:65536] if len(raw) > 65536 else raw)
    if match is None:
        return None
    found = re.search(rb'Content-Type:[^"\n]*?charset=([A-Za-z0-9_.:+-]+)', match.group(1))
    return found.group(1).decode("ascii") if found else None


def decode_po(raw: bytes, path: Path | str) -> str:
    """The text of a PO file, decoded with the charset its header names; an InputError names
    the file and the line of the first byte that is not valid in that charset."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    charset = declared_charset(raw)
    try:
        codec = codec_name(charset)
    except LookupError:
        raise CharsetError(
            f"the header names charset {charset}, which tmflow cannot read "
            f"(convert with: msgconv -t UTF-8)",
            path,
            _line_of(raw, b"charset="),
        ) from None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        byte = f"(byte 0x{raw[err.start]:02x})"
        if codec == _UTF8:
            what = f"not valid UTF-8 {byte}; the header names no other charset"
        else:
            what = f"not valid in the charset the header names, {charset} {byte}"
        raise CharsetError(what, path, line) from None


def _line_of(raw: bytes, needle: bytes) -> int | None:
    at = raw.find(needle)
    return raw.count(b"\n", 0, at) + 1 if at >= 0 else None


def set_charset(content_type: str, charset: str) -> str:
    """``content_type`` naming ``charset`` instead of its current one (or with it added)."""
    if _CHARSET_RE.search(content_type):
        return _CHARSET_RE.sub(lambda m: f"charset={charset}", content_type, count=1)
    return (
        f"{content_type.rstrip('; ')}; charset={charset}"
        if content_type
        else (f"text/plain; charset={charset}")
    )
