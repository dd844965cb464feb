"""Text shown to people and to machines, made safe: what a report, an annotation or an error
message carries from a file (a message, a file name, a translation) can hold anything, and
the output must stay valid and harmless.

* File names that are not UTF-8 reach Python as lone surrogates (``\\udcff`` for the byte
  0xFF, PEP 383); they are shown as ``\\xff``, so every output is valid UTF-8
  (``valid_unicode``; the ``NAMES`` codec error handler does the same while encoding).
* Control characters (C0 but tab and line breaks, DEL, C1) are shown as ``\\x1b``-style
  escapes: no raw ESC reaches a terminal or a CI log (``printable``; ``one_line`` escapes tab
  and line breaks too, for what must stay on one line).
* ``printable`` also takes out what XML 1.0 cannot hold (U+FFFE, U+FFFF), so a JUnit report
  always parses (``xml_text``).
* ``json_escapes`` writes DEL and C1 controls of a JSON text as ``\\u00XX`` (the same value).

The escapes are text (a backslash, ``x`` and two hex digits; ``u`` and four for
non-characters), never the character itself. A real backslash is left as it is.
"""

from __future__ import annotations

import codecs
import re

# C0 controls but tab, LF, CR; DEL; C1 controls; lone surrogates; the non-characters XML 1.0
# excludes
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control characters (but tab, LF, CR), undecodable bytes of file names
    and non-characters written as escapes. Valid UTF-8 and valid XML 1.0 once encoded."""
    if text.isprintable():
        return text
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """``printable``, and line breaks and tabs escaped too: for a value that must stay on one
    line (an error message, a terminal table cell)."""
    if text.isprintable():
        return text
    return _UNSAFE_LINE.sub(_escape, text)


_JSON_RAW = re.compile("[\x7f-\x9f]")


def json_escapes(text: str) -> str:
    """JSON text with DEL and the C1 controls (which ``json.dumps(ensure_ascii=False)``
    leaves raw) written as ``\\u00XX`` escapes: the same JSON value, and no raw control
    character for a terminal to act on. (These characters occur in JSON text only inside
    strings, so the whole text can be passed.)"""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates (the bytes of a file name that is not UTF-8) written as
    escapes and nothing else changed: what JSON output needs to be valid UTF-8 while keeping
    every other character as it is (JSON escapes control characters itself)."""
    return _SURROGATE.sub(_escape, text)


xml_text = printable


def _names_as_escapes(err: UnicodeError) -> tuple[str, int]:
    """The ``tmflow-names`` codec error handler: the bytes of a file name that are not UTF-8
    (lone surrogates U+DC80..U+DCFF, PEP 383) are written as ``\\xNN`` text, other lone
    surrogates as ``\\udNNN``; any other character the encoding lacks is still an error."""
    if isinstance(err, UnicodeEncodeError):
        bad = err.object[err.start : err.end]
        if all(0xD800 <= ord(c) <= 0xDFFF for c in bad):
            return _SURROGATE.sub(_escape, bad), err.end
    raise err


#: encode with ``errors=NAMES``: valid output whatever file names a text holds
NAMES = "tmflow-names"
codecs.register_error(NAMES, _names_as_escapes)
