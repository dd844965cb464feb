"""The PO writer: one canonical layout, byte for byte what ``msgcat --no-wrap`` writes —

* message strings are not wrapped; a string holding a line break before its end is written as
  ``""`` followed by one quoted line per ``\\n``-terminated piece (as gettext does);
* ``#:`` references are packed as gettext packs them, a new ``#:`` line whenever the next
  reference would pass column 79 (gettext wraps these even with ``--no-wrap``); duplicate
  references are dropped;
* ``#,`` flags: ``fuzzy`` first, then format flags, then the rest, as gettext orders them;
* header fields keep the order and the spelling they have in the file (``tmflow.io.po.header``):
  a field tmflow did not change is written exactly as it was read; an empty header comment
  writes no line;
* obsolete entries go last; their previous msgid is kept as ``#~|`` lines; one without any
  translation is kept (a deliberate difference: msgcat drops it);
* a ``#,`` line replaces the flags of the ones before it, as gettext reads them (the last one
  wins), so the one written says what gettext saw.

* the file is written in the charset its header names (``tmflow.io.po.charset``): converted
  to UTF-8 only when the text cannot be encoded in that charset, and then ``save_po`` says so.

Saves are atomic (see ``tmflow.io.files.write_atomic``) and a save that would write the same
bytes touches nothing.

**Headers belong to the translator.** ``ensure_header`` (used by ``update``) fills in only the
fields that are missing or empty; it never rewrites a ``Language``, a ``Plural-Forms`` or any
other value a translator or another tool set (a ``Plural-Forms`` that disagrees with the
language is a ``check`` finding, never silently "fixed").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import polib

from tmflow import __version__
from tmflow.core.languages import get_language, plural_forms
from tmflow.io.files import write_atomic
from tmflow.io.po.charset import charset_of_content_type, codec_name, set_charset
from tmflow.io.po.header import HeaderText

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
    if _ESCAPE_RE.search(text) is None:
        return text
    return _ESCAPE_RE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return _ESCAPES[match.group(0)]


_PIECES_RE = re.compile(r"[^\n]*\n|[^\n]+")


def string_lines(prefix: str, keyword: str, text: str) -> list[str]:
    """The lines of ``keyword "text"`` (each after ``prefix``), as the writer lays them out."""
    newline = text.find("\n")
    if newline < 0 or newline == len(text) - 1:  # one piece (most strings): one line
        return [f'{prefix}{keyword} "{_escape(text)}"']
    pieces = _PIECES_RE.findall(text)
    if len(pieces) > 1:
        return [f'{prefix}{keyword} ""'] + [f'{prefix}"{_escape(p)}"' for p in pieces]
    return [f'{prefix}{keyword} "{_escape(text)}"']


def _comment_lines(marker: str, text: str) -> list[str]:
    if not text:
        return []
    if not text.strip("\n"):  # only empty lines: one per line break (see reader.join_comment)
        return [marker] * len(text)
    return [f"{marker} {line}" if line else marker for line in text.split("\n")]


def _reference_lines(occurrences: Iterable[tuple[str, str]]) -> list[str]:
    refs: list[str] = []
    for name, lineno in occurrences:
        ref = f"{name}:{lineno}" if lineno not in ("", None) else name
        if ref not in refs:
            refs.append(ref)
    if not refs:
        return []
    if len(refs) == 1:
        return ["#: " + refs[0]]
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
    if entry.tcomment:
        out += _comment_lines("#", entry.tcomment)
    if entry.comment:
        out += _comment_lines("#.", entry.comment)
    if entry.occurrences:
        out += _reference_lines(entry.occurrences)
    if entry.flags:
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
    text = HeaderText.of(po)
    flags = ["fuzzy"] if po.metadata_is_fuzzy else []
    if text is not None:  # the header entry's other comments, as read
        out += _comment_lines("#.", text.entry_comment)
        out += _reference_lines(text.entry_occurrences)
        flags += text.entry_flags
    if flags:
        out.append("#, " + ", ".join(sorted_flags(flags)))
    out.append('msgid ""')
    if text is not None:
        body = text.render(po.metadata)
    else:
        body = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    out += string_lines("", "msgstr", body)
    return out


def dumps_po(po: polib.POFile) -> str:
    """The canonical text of a catalog (what ``msgcat --no-wrap`` writes for it)."""
    blocks = ["\n".join(header_lines(po))]
    live = [e for e in po if not e.obsolete]
    # an obsolete entry without any translation is kept (msgcat drops it): tmflow drops
    # nothing a file holds, and the three-way merge carries such entries as they are
    dead = [e for e in po if e.obsolete]
    blocks += ["\n".join(entry_lines(e)) for e in live + dead]
    return "\n\n".join(blocks) + "\n"


class Encoded:
    """The bytes of a catalog, and the charset it was converted from (None: not converted)."""

    __slots__ = ("converted_from", "data")

    def __init__(self, data: bytes, converted_from: str | None) -> None:
        self.data = data
        self.converted_from = converted_from


def encode_po(po: polib.POFile) -> Encoded:
    """The canonical bytes of a catalog in the charset its header names. When the text does
    not fit that charset, the catalog's Content-Type is changed to UTF-8 (in ``po`` itself)
    and ``converted_from`` names the old charset."""
    content_type = po.metadata.get("Content-Type", "")
    charset = charset_of_content_type(content_type)
    try:
        codec = codec_name(charset)
    except LookupError:
        codec = "utf-8"  # the reader refuses such files; a catalog built in memory: UTF-8
    text = dumps_po(po)
    if codec == "utf-8":
        return Encoded(text.encode("utf-8"), None)
    try:
        return Encoded(text.encode(codec), None)
    except UnicodeEncodeError:
        pass
    # tmflow's own comment lines ("# tmflow: source changed: numbers (27 → 26)") are written
    # with ASCII stand-ins in a legacy charset, so that they alone never convert a file
    plain = _PROVENANCE_LINE_RE.sub(_ascii_stand_ins, text)
    try:
        return Encoded(plain.encode(codec), None)
    except UnicodeEncodeError:
        po.metadata["Content-Type"] = set_charset(content_type, "UTF-8")
        return Encoded(dumps_po(po).encode("utf-8"), charset)


_PROVENANCE_LINE_RE = re.compile(r"^(?:#~ )?# tmflow[:-][^\n]*$", re.M)
_STAND_INS = str.maketrans(
    {"→": "->", "∅": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"'}
)


def _ascii_stand_ins(match: re.Match[str]) -> str:
    return match.group(0).translate(_STAND_INS)


def save_po(po: polib.POFile, path: Path | str) -> bool:
    """Write ``po`` to ``path`` atomically in the canonical layout, in its charset (see
    ``encode_po``); False if unchanged. ``converted_charset(po)`` tells afterwards whether the
    file had to be converted to UTF-8."""
    encoded = encode_po(po)
    if encoded.converted_from is not None:
        setattr(po, "_tmflow_converted_from", encoded.converted_from)  # noqa: B010
    return write_atomic(Path(path), encoded.data)


def converted_charset(po: polib.POFile) -> str | None:
    """The charset ``save_po`` converted this catalog from (None: kept)."""
    found = getattr(po, "_tmflow_converted_from", None)
    return found if isinstance(found, str) else None


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


#: the order gettext writes header fields in; a field tmflow adds goes after the last field
#: before it in this order that the header has (as msgmerge places POT-Creation-Date)
HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)

_PLACEHOLDERS = ("nplurals=INTEGER", "plural=EXPRESSION")


def set_field(po: polib.POFile, key: str, value: str) -> None:
    """Set a header field; a new one goes where gettext's order puts it."""
    meta = po.metadata
    if key in meta:
        meta[key] = value
        return
    before = HEADER_ORDER[: HEADER_ORDER.index(key)] if key in HEADER_ORDER else HEADER_ORDER
    items = list(meta.items())
    at = 0 if key in HEADER_ORDER else len(items)
    if key in HEADER_ORDER:
        for i, (k, _v) in enumerate(items):
            if k in before:
                at = i + 1
    items.insert(at, (key, value))
    meta.clear()
    meta.update(items)


def _missing(meta: dict[str, str], key: str) -> bool:
    value = meta.get(key, "").strip()
    return not value or any(p in value for p in _PLACEHOLDERS)


def ensure_header(
    po: polib.POFile,
    language: str,
    *,
    template: polib.POFile | None = None,
    has_plurals: bool = False,
) -> list[str]:
    """Fill in the header fields a catalog needs that are missing (or empty, or still the
    template's placeholder); never change one that has a value. From the template:
    ``POT-Creation-Date`` and ``Report-Msgid-Bugs-To`` (they describe the template; msgmerge
    takes them too). ``Plural-Forms`` is added when the language's rule is known or the
    catalog has plural entries (gettext needs one then). Returns the fields added."""
    meta = po.metadata
    added: list[str] = []

    def fill(key: str, value: str) -> None:
        if _missing(meta, key):
            set_field(po, key, value)
            added.append(key)

    if template is not None:
        for key in ("Report-Msgid-Bugs-To", "POT-Creation-Date"):
            value = template.metadata.get(key)
            if value and meta.get(key) != value:
                set_field(po, key, value)
    fill("Language", language)
    fill("MIME-Version", "1.0")
    if "Content-Type" not in meta or not meta["Content-Type"].strip():
        fill("Content-Type", "text/plain; charset=UTF-8")
    elif (charset_of_content_type(meta["Content-Type"]) or "CHARSET").upper() == "CHARSET":
        # no charset, or the template's placeholder: tmflow writes UTF-8, so it says so
        meta["Content-Type"] = set_charset(meta["Content-Type"], "UTF-8")
        added.append("Content-Type")
    fill("Content-Transfer-Encoding", "8bit")
    known = get_language(language)
    if has_plurals or (known is not None and known.plural_known):
        fill("Plural-Forms", plural_forms(language))
    return added
