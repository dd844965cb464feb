"""The PO writer: one canonical layout, byte for byte what ``msgcat --no-wrap`` writes —

* message strings are not wrapped; a string holding a line break before its end is written as
  ``""`` followed by one quoted line per ``\\n``-terminated piece (as gettext does);
* ``#:`` references are packed as gettext packs them, a new ``#:`` line whenever the next
  reference would pass column 79 (gettext wraps these even with ``--no-wrap``); duplicate
  references are dropped;
* ``#,`` flags: ``fuzzy`` first, then format flags, then the rest, as gettext orders them;
* header keys keep the order they have in the file; an empty header comment writes no line;
* obsolete entries go last; their previous msgid is kept as ``#~|`` lines.

Saves are atomic (see ``tmflow.io.files.write_atomic``) and a save that would write the same
bytes touches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import polib

from tmflow import __version__
from tmflow.core.languages import plural_forms
from tmflow.io.files import write_atomic

GENERATOR = f"tmflow {__version__}"

# gettext's order of format flags after "fuzzy" (write-po.c); others keep their order after.
_FORMAT_FLAGS = [
    f"{p}{lang}-format"
    for lang in (
        "c",
        "objc",
        "c++",
        "python",
        "python-brace",
        "java",
        "java-printf",
        "csharp",
        "javascript",
        "scheme",
        "lisp",
        "elisp",
        "librep",
        "ruby",
        "sh",
        "awk",
        "lua",
        "object-pascal",
        "smalltalk",
        "qt",
        "qt-plural",
        "kde",
        "kde-kuit",
        "boost",
        "tcl",
        "perl",
        "perl-brace",
        "php",
        "gcc-internal",
        "gfc-internal",
        "ycp",
    )
    for p in ("", "no-", "possible-")
]
_FLAG_RANK = {"fuzzy": 0}
_FLAG_RANK.update({flag: 1 + i for i, flag in enumerate(_FORMAT_FLAGS)})
_FLAG_RANK.update({"range": 10_000, "no-wrap": 10_001, "wrap": 10_001})

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}
_ESCAPE_RE = re.compile(r'[\\"\n\t\r\a\b\f\v]')

REF_WIDTH = 79


# ---------------------------------------------------------------------------------------------
# writing


def _escape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)


_PIECES_RE = re.compile(r"[^\n]*\n|[^\n]+")


def string_lines(prefix: str, keyword: str, text: str) -> list[str]:
    """The lines of ``keyword "text"`` (each after ``prefix``), as the writer lays them out."""
    pieces = _PIECES_RE.findall(text)
    if len(pieces) > 1:
        return [f'{prefix}{keyword} ""'] + [f'{prefix}"{_escape(p)}"' for p in pieces]
    return [f'{prefix}{keyword} "{_escape(text)}"']


def _comment_lines(marker: str, text: str) -> list[str]:
    if not text:
        return []
    return [f"{marker} {line}" if line else marker for line in text.split("\n")]


def _reference_lines(occurrences: Iterable[tuple[str, str]]) -> list[str]:
    refs: list[str] = []
    for name, lineno in occurrences:
        ref = f"{name}:{lineno}" if lineno not in ("", None) else name
        if ref not in refs:
            refs.append(ref)
    if not refs:
        return []
    lines: list[str] = []
    current = "#:"
    for ref in refs:
        if len(current) > 2 and len(current) + 1 + len(ref) > REF_WIDTH:
            lines.append(current)
            current = "#:"
        current += " " + ref
    lines.append(current)
    return lines


def sorted_flags(flags: Iterable[str]) -> list[str]:
    """Flags without repeats, in the order the writer writes them."""
    unique = list(dict.fromkeys(f for f in flags if f))
    return sorted(unique, key=lambda f: _FLAG_RANK.get(f, 5_000))


def _first_msgstr(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        plurals = entry.msgstr_plural or {}
        return plurals.get(0, "") if plurals else ""
    return entry.msgstr


def entry_lines(entry: polib.POEntry) -> list[str]:
    """The canonical lines of one entry."""
    out: list[str] = []
    out += _comment_lines("#", entry.tcomment or "")
    out += _comment_lines("#.", entry.comment or "")
    out += _reference_lines(entry.occurrences)
    flags = sorted_flags(entry.flags)
    if "fuzzy" in flags and not _first_msgstr(entry):
        flags.remove("fuzzy")  # gettext: an empty translation is untranslated, never fuzzy
    if flags:
        out.append("#, " + ", ".join(flags))
    prev = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        out += string_lines(prev, "msgctxt", entry.previous_msgctxt)
    if entry.previous_msgid is not None:
        out += string_lines(prev, "msgid", entry.previous_msgid)
    if entry.previous_msgid_plural is not None:
        out += string_lines(prev, "msgid_plural", entry.previous_msgid_plural)
    p = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        out += string_lines(p, "msgctxt", entry.msgctxt)
    out += string_lines(p, "msgid", entry.msgid)
    if entry.msgid_plural:
        out += string_lines(p, "msgid_plural", entry.msgid_plural)
        plurals = entry.msgstr_plural or {0: "", 1: ""}
        for index in sorted(plurals, key=int):
            out += string_lines(p, f"msgstr[{index}]", plurals[index])
    else:
        out += string_lines(p, "msgstr", entry.msgstr)
    return out


def header_lines(po: polib.POFile) -> list[str]:
    out = _comment_lines("#", po.header or "")
    if po.metadata_is_fuzzy:
        out.append("#, fuzzy")
    out.append('msgid ""')
    body = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    out += string_lines("", "msgstr", body)
    return out


def dumps_po(po: polib.POFile) -> str:
    """The canonical text of a catalog (what ``msgcat --no-wrap`` writes for it)."""
    blocks = ["\n".join(header_lines(po))]
    live = [e for e in po if not e.obsolete]
    dead = [e for e in po if e.obsolete]
    blocks += ["\n".join(entry_lines(e)) for e in live + dead]
    return "\n\n".join(blocks) + "\n"


def save_po(po: polib.POFile, path: Path | str) -> bool:
    """Write ``po`` to ``path`` atomically in the canonical layout; False if unchanged."""
    return write_atomic(Path(path), dumps_po(po))


# ---------------------------------------------------------------------------------------------
# new catalogs


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def new_template(project: str, created: str | None = None) -> polib.POFile:
    """An empty POT with tmflow's header."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": project,
        "POT-Creation-Date": created or now_stamp(),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": GENERATOR,
    }
    return po


def new_catalog(project: str, language: str, pot_created: str | None = None) -> polib.POFile:
    """An empty PO for ``language`` with a complete header."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": project,
        "POT-Creation-Date": pot_created or now_stamp(),
        "PO-Revision-Date": now_stamp(),
        "Last-Translator": "",
        "Language-Team": "",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(language),
        "X-Generator": GENERATOR,
    }
    return po


def ensure_header(po: polib.POFile, language: str) -> None:
    """Fill in the header keys tmflow guarantees, keeping the order of existing keys."""
    meta = po.metadata
    meta["Language"] = language
    meta.setdefault("MIME-Version", "1.0")
    meta["Content-Type"] = "text/plain; charset=UTF-8"
    meta.setdefault("Content-Transfer-Encoding", "8bit")
    meta["Plural-Forms"] = plural_forms(language)
    meta.setdefault("X-Generator", GENERATOR)
