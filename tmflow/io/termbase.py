"""Termbase exchange: the glossary as TBX (TermBase eXchange) and CSV, both ways.

TBX
---
Written as TBX-Basic (TBX 2.0, ISO 30042:2008 ``martif``), the dialect OmegaT, Trados,
memoQ and Weblate (through Translate Toolkit) read. One ``termEntry`` per term; one
``langSet`` per language; one ``tig`` per term text with its ``administrativeStatus``:

* source language: the term (``preferredTerm-admn-sts``), its variants (``admittedTerm``);
* each target language: the approved rendering (``preferredTerm``), accepted forms
  (``admittedTerm``), forbidden renderings (``deprecatedTerm``).

TBX-Basic has no data categories for "do not translate" or case sensitivity, so they travel as
entry-level notes ``tmflow:do-not-translate`` and ``tmflow:case-sensitive`` (other tools show
them as notes); a do-not-translate term also gets its own text as the preferred term of every
target language, which is what translators of other tools expect to see. Part of speech uses
the TBX-Basic values (``properNoun``…). Reading accepts TBX 2 (``termEntry``/``langSet``/
``tig``/``ntig``) and TBX 3 (``conceptEntry``/``langSec``/``termSec``), with or without
namespaces, and language tags such as ``ru-RU``.

CSV
---
One row per term; a header row names the columns: ``term``, ``variants``,
``case-sensitive``, ``do-not-translate``, ``pos``, ``note``, then for each language ``<lang>``,
``<lang> forms``, ``<lang> forbidden``. Lists are separated by `` | ``; flags are
``yes``/``no`` (``true``/``false``/``1``/``0`` are read too). Reading accepts ``source`` as
an alias of ``term`` and ignores empty columns; unknown columns are errors naming the column.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tmflow import __version__
from tmflow.core.errors import InputError
from tmflow.core.languages import is_valid_code, normalise_code
from tmflow.io.files import decode_utf8, read_bytes
from tmflow.io.glossary import PARTS_OF_SPEECH, Glossary, Rendering, Term

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DNT_NOTE = "tmflow:do-not-translate"
CASE_NOTE = "tmflow:case-sensitive"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
_POS_TO_TBX = {
    "noun": "noun",
    "proper noun": "properNoun",
    "verb": "verb",
    "adjective": "adjective",
    "adverb": "adverb",
    "other": "other",
}
_POS_FROM_TBX = {v.lower(): k for k, v in _POS_TO_TBX.items()}
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Termbase:
    """Terms read from a TBX or CSV file, and the languages in it the project lacks."""

    terms: tuple[Term, ...]
    skipped_languages: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# TBX


def dumps_tbx(glossary: Glossary, languages: Sequence[str] | None = None) -> str:
    """The glossary as a TBX-Basic document (UTF-8 text with an XML declaration)."""
    langs = list(languages if languages is not None else glossary.languages)
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: glossary.source_language})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    source_desc = ET.SubElement(file_desc, "sourceDesc")
    ET.SubElement(source_desc, "p").text = f"glossary exported by tmflow {__version__}"
    encoding = ET.SubElement(header, "encodingDesc")
    ET.SubElement(encoding, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, term in enumerate(glossary.terms, 1):
        entry = ET.SubElement(body, "termEntry", {"id": f"t{number}"})
        if term.note:
            ET.SubElement(entry, "note").text = term.note
        if term.dnt:
            ET.SubElement(entry, "note").text = DNT_NOTE
        if term.case_sensitive:
            ET.SubElement(entry, "note").text = CASE_NOTE
        source = ET.SubElement(entry, "langSet", {XML_LANG: glossary.source_language})
        _tig(source, term.source, PREFERRED, term.pos)
        for variant in term.variants:
            _tig(source, variant, ADMITTED, term.pos)
        for lang in langs:
            rendering = term.renderings.get(lang)
            if rendering is None and not term.dnt:
                continue
            lang_set = ET.SubElement(entry, "langSet", {XML_LANG: lang})
            if term.dnt:
                _tig(lang_set, term.source, PREFERRED, term.pos)
            else:
                assert rendering is not None
                _tig(lang_set, rendering.approved, PREFERRED, term.pos, rendering.note)
                for form in rendering.forms:
                    _tig(lang_set, form, ADMITTED, term.pos)
            for bad in rendering.forbidden if rendering else ():
                _tig(lang_set, bad, DEPRECATED, term.pos)
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n' + text + "\n"
    )


def _tig(
    parent: ET.Element, text: str, status: str, pos: str | None, note: str | None = None
) -> None:
    tig = ET.SubElement(parent, "tig")
    ET.SubElement(tig, "term").text = text
    if pos:
        ET.SubElement(tig, "termNote", {"type": "partOfSpeech"}).text = _POS_TO_TBX[pos]
    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
    if note:
        ET.SubElement(tig, "note").text = note


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: ET.Element, *names: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) in names]


def _status(value: str) -> str:
    value = value.strip().lower().replace("_", "-")
    if value.startswith(("deprecated", "superseded", "forbidden")):
        return "forbidden"
    if value.startswith("admitted"):
        return "admitted"
    return "preferred"


def parse_tbx(
    text: str, path: Path | str, source_language: str, languages: Sequence[str]
) -> Termbase:
    """Terms of a TBX document (TBX 2 or 3); ``languages`` are the project's targets."""
    path = Path(path)
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as err:
        line, column = err.position
        raise InputError(
            f"not valid TBX/XML: {err.msg if hasattr(err, 'msg') else err}", path, line, column + 1
        ) from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise InputError(f"not a TBX file (root element <{_local(root.tag)}>)", path, 1)
    targets = {normalise_code(code): normalise_code(code) for code in languages}
    bases = {code.split("_")[0]: code for code in targets}
    skipped: list[str] = []
    terms: list[Term] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        notes = [n.text.strip() for n in _children(entry, "note") if n.text and n.text.strip()]
        dnt = DNT_NOTE in notes
        case = CASE_NOTE in notes
        note = "; ".join(n for n in notes if n not in (DNT_NOTE, CASE_NOTE)) or None
        source_terms: list[tuple[str, str]] = []
        pos: str | None = None
        renderings: dict[str, Rendering] = {}
        for lang_set in _children(entry, "langSet", "langSec"):
            tag = lang_set.get(XML_LANG) or lang_set.get("lang") or ""
            if not tag or not is_valid_code(tag):
                raise InputError(
                    f"langSet with a missing or unknown language {tag!r} in "
                    f"entry {entry.get('id') or len(terms) + 1}",
                    path,
                )
            code = normalise_code(tag)
            found: list[tuple[str, str, str | None]] = []
            for group in _children(lang_set, "tig", "ntig", "termSec"):
                holder = group
                grp = _children(group, "termGrp")
                if grp:
                    holder = grp[0]
                term_el = _children(holder, "term")
                if not term_el or not "".join(term_el[0].itertext()).strip():
                    continue
                value = " ".join("".join(term_el[0].itertext()).split())
                status = "preferred"
                for tn in _children(holder, "termNote") + _children(group, "termNote"):
                    kind = tn.get("type", "")
                    if kind == "administrativeStatus" and tn.text:
                        status = _status(tn.text)
                    elif kind == "partOfSpeech" and tn.text:
                        pos = _POS_FROM_TBX.get(tn.text.strip().lower(), pos)
                t_notes = [
                    n.text.strip() for n in _children(group, "note") if n.text and n.text.strip()
                ]
                found.append((value, status, "; ".join(t_notes) or None))
            if not found:
                continue
            if code == source_language or code.split("_")[0] == source_language:
                source_terms += [(v, s) for v, s, _ in found]
                continue
            target = targets.get(code) or bases.get(code.split("_")[0])
            if target is None:
                if code not in skipped:
                    skipped.append(code)
                continue
            renderings[target] = _rendering(found, dnt)
        preferred = [v for v, s in source_terms if s != "forbidden"]
        if not preferred:
            raise InputError(
                f"entry {entry.get('id') or len(terms) + 1} has no {source_language} term", path
            )
        for lang, rendering in list(renderings.items()):
            if dnt and not rendering.forbidden:
                del renderings[lang]
            elif not dnt and not rendering.approved:
                raise InputError(
                    f"entry {entry.get('id') or len(terms) + 1} "
                    f"({preferred[0]!r}) has only forbidden {lang} terms; "
                    "give a preferred or admitted one",
                    path,
                )
        terms.append(
            Term(
                source=preferred[0],
                variants=tuple(dict.fromkeys(preferred[1:])),
                case_sensitive=case,
                dnt=dnt,
                note=note,
                pos=pos,
                renderings=renderings,
            )
        )
    return Termbase(tuple(terms), tuple(skipped))


def _rendering(found: list[tuple[str, str, str | None]], dnt: bool) -> Rendering:
    forbidden = tuple(dict.fromkeys(v for v, s, _ in found if s == "forbidden"))
    accepted = [(v, s, n) for v, s, n in found if s != "forbidden"]
    if dnt or not accepted:
        return Rendering("", (), forbidden)
    accepted.sort(key=lambda item: item[1] != "preferred")  # stable: preferred first
    approved, _, note = accepted[0]
    forms = tuple(dict.fromkeys(v for v, _, _ in accepted[1:] if v != approved))
    return Rendering(approved, forms, forbidden, note)


# ---------------------------------------------------------------------------------------------
# CSV

_FLAGS = {
    "yes": True,
    "true": True,
    "1": True,
    "y": True,
    "no": False,
    "false": False,
    "0": False,
    "n": False,
    "": False,
}


def dumps_csv(glossary: Glossary, languages: Sequence[str] | None = None) -> str:
    langs = list(languages if languages is not None else glossary.languages)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["term", "variants", "case-sensitive", "do-not-translate", "pos", "note"]
    for lang in langs:
        header += [lang, f"{lang} forms", f"{lang} forbidden"]
    writer.writerow(header)
    for term in glossary.terms:
        row = [
            term.source,
            LIST_SEPARATOR.join(term.variants),
            "yes" if term.case_sensitive else "no",
            "yes" if term.dnt else "no",
            term.pos or "",
            term.note or "",
        ]
        for lang in langs:
            rendering = term.renderings.get(lang)
            if rendering is None:
                row += ["", "", ""]
            else:
                row += [
                    rendering.approved,
                    LIST_SEPARATOR.join(rendering.forms),
                    LIST_SEPARATOR.join(rendering.forbidden),
                ]
        writer.writerow(row)
    return out.getvalue()


def _split(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in value.split("|") if p.strip()))


def parse_csv(
    text: str, path: Path | str, source_language: str, languages: Sequence[str]
) -> Termbase:
    """Terms of a CSV file in the layout ``dumps_csv`` writes."""
    path = Path(path)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as err:  # an unterminated quote, a stray quote inside a cell…
        raise InputError(f"malformed CSV: {err}", path, reader.line_num) from None
    if not rows:
        return Termbase(())
    header = rows[0][1]
    targets = [normalise_code(code) for code in languages]
    columns: list[tuple[str, str | None]] = []  # (field, language)
    skipped: list[str] = []
    for number, raw in enumerate(header, 1):
        name = " ".join(raw.strip().lower().split())
        if name in ("term", "source", source_language):
            columns.append(("term", None))
        elif name in ("variants", "case-sensitive", "do-not-translate", "pos", "note"):
            columns.append((name, None))
        elif name == "":
            columns.append(("", None))
        else:
            lang, _, what = name.partition(" ")
            what = what or "approved"
            if not is_valid_code(lang) or what not in ("approved", "forms", "forbidden"):
                raise InputError(
                    f"unknown column {raw!r} (column {number}); expected term, "
                    "variants, case-sensitive, do-not-translate, pos, note, "
                    "<lang>, <lang> forms, <lang> forbidden",
                    path,
                    1,
                    number,
                )
            code = normalise_code(lang)
            if code not in targets:
                if code not in skipped:
                    skipped.append(code)
                columns.append(("", None))
                continue
            columns.append((what, code))
    if ("term", None) not in columns:
        raise InputError("no 'term' column in the header row", path, 1)
    terms: list[Term] = []
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        values: dict[str, object] = {}
        parts: dict[str, dict[str, object]] = {}
        for number, cell in enumerate(row, 1):
            if number > len(columns):
                if cell.strip():
                    raise InputError(
                        f"more cells than header columns (cell {number})", path, line, number
                    )
                continue
            field, column_lang = columns[number - 1]
            cell = cell.strip()
            if not field:
                continue
            if column_lang is not None:
                if cell:
                    parts.setdefault(column_lang, {})[field] = (
                        cell if field == "approved" else _split(cell)
                    )
                continue
            if field == "term":
                values["source"] = " ".join(cell.split())
            elif field == "variants":
                values["variants"] = _split(cell)
            elif field in ("case-sensitive", "do-not-translate"):
                flag = _FLAGS.get(cell.lower())
                if flag is None:
                    raise InputError(
                        f"{field} must be yes or no, got {cell!r}", path, line, number
                    )
                values["case_sensitive" if field == "case-sensitive" else "dnt"] = flag
            elif field == "pos" and cell:
                if cell.lower() not in PARTS_OF_SPEECH:
                    raise InputError(
                        f"pos must be one of {', '.join(PARTS_OF_SPEECH)}, got {cell!r}",
                        path,
                        line,
                        number,
                    )
                values["pos"] = cell.lower()
            elif field == "note" and cell:
                values["note"] = cell
        if not values.get("source"):
            raise InputError("row without a term", path, line)
        renderings = {}
        for lang, item in parts.items():
            approved = str(item.get("approved", ""))
            forms = item.get("forms", ())
            forbidden = item.get("forbidden", ())
            if values.get("dnt"):  # a do-not-translate term keeps only forbidden forms
                if forbidden:
                    renderings[lang] = Rendering("", (), tuple(forbidden))  # type: ignore
                continue
            if not approved:
                raise InputError(
                    f"{lang} forms or forbidden renderings without an approved {lang} rendering",
                    path,
                    line,
                )
            renderings[lang] = Rendering(
                approved,
                tuple(forms),  # type: ignore[arg-type]
                tuple(forbidden),  # type: ignore[arg-type]
            )
        terms.append(Term(renderings=renderings, **values))  # type: ignore[arg-type]
    return Termbase(tuple(terms), tuple(skipped))


# ---------------------------------------------------------------------------------------------
# files


def read_termbase(path: Path, source_language: str, languages: Sequence[str]) -> Termbase:
    """Read a ``.tbx`` or ``.csv``/``.tsv`` file (chosen by its suffix, else by content)."""
    path = Path(path)
    text = decode_utf8(read_bytes(path, "file"), path)
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml") or (
        suffix not in (".csv", ".tsv") and text.lstrip().startswith("<")
    ):
        return parse_tbx(text, path, source_language, languages)
    return parse_csv(text, path, source_language, languages)
