"""TMX 1.4b: the only module that reads or writes translation-memory exchange files.

Reading accepts what OmegaT, Trados, Weblate, memoQ and Okapi write: ``xml:lang`` (TMX 1.4) or
``lang`` (TMX 1.1) on ``<tuv>``, region variants (``ru-RU`` matches ``ru``), ``srclang="*all*"``,
inline markup inside ``<seg>`` (the native codes of ``<bpt>``, ``<ept>``, ``<ph>``, ``<it>`` are
dropped, the text of ``<hi>``/``<sub>`` is kept), a UTF-8 or UTF-16 encoding declaration. It
refuses DTD entity declarations (an XML bomb would otherwise expand) and reports malformed XML
with its line.

Writing produces TMX 1.4b with one ``<tu>`` per source/target pair, language codes in
BCP 47 form (``pt-BR``), and no timestamps, so exporting an unchanged memory writes the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from tmflow import __version__
from tmflow.core.errors import InputError
from tmflow.core.languages import normalise_code
from tmflow.io.files import read_bytes, write_atomic

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SKIP_CONTENT = {"bpt", "ept", "ph", "it", "ut"}


def _lang_key(code: str) -> str:
    return normalise_code(code)


def _base(code: str) -> str:
    return _lang_key(code).split("_")[0].split("@")[0]


@dataclass
class TmxUnit:
    """One ``<tu>``: text per language (codes normalised as tmflow writes them: ``pt_BR``)."""

    variants: dict[str, str] = field(default_factory=dict)
    props: dict[str, str] = field(default_factory=dict)

    def text(self, language: str) -> str | None:
        """The text in ``language``: exact code first, then any variant of its base language."""
        key = _lang_key(language)
        if key in self.variants:
            return self.variants[key]
        base = _base(language)
        for code, text in self.variants.items():
            if _base(code) == base:
                return text
        return None


@dataclass
class TmxDocument:
    source_language: str
    units: list[TmxUnit] = field(default_factory=list)
    creation_tool: str = "tmflow"

    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for tu in self.units:
            for code in tu.variants:
                seen.setdefault(code, None)
        return list(seen)


# ---------------------------------------------------------------------------------------------
# reading


def _seg_text(seg: ET.Element) -> str:
    parts: list[str] = [seg.text or ""]
    for child in seg:
        tag = child.tag.split("}")[-1]
        if tag not in _SKIP_CONTENT:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def parse_tmx(raw: bytes, path: Path | str) -> TmxDocument:
    """Parse the bytes of a TMX file read from ``path``."""
    path = Path(path)
    start = raw.find(b"<tmx")
    prolog = raw[:start] if start >= 0 else raw
    if b"<!ENTITY" in prolog or b"<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y" in prolog:
        raise InputError("TMX with entity declarations is refused (possible XML bomb)", path)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as err:
        line, col = err.position
        raise InputError(
            f"not a well-formed TMX file: {err.msg if hasattr(err, 'msg') else err}",
            path,
            line,
            col + 1,
        ) from None
    if root.tag.split("}")[-1] != "tmx":
        raise InputError(f"not a TMX file (root element <{root.tag}>)", path)
    header = root.find("header")
    srclang = header.get("srclang", "") if header is not None else ""
    tool = header.get("creationtool", "") if header is not None else ""
    body = root.find("body")
    if body is None:
        raise InputError("TMX file has no <body>", path)
    units: list[TmxUnit] = []
    for tu in body.iter("tu"):
        unit = TmxUnit()
        for prop in tu.findall("prop"):
            if prop.get("type"):
                unit.props[prop.get("type", "")] = prop.text or ""
        for tuv in tu.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if not lang or seg is None:
                continue
            unit.variants.setdefault(_lang_key(lang), _seg_text(seg))
        if unit.variants:
            units.append(unit)
    if not srclang or srclang == "*all*":
        first = units[0].variants if units else {}
        srclang = next(iter(first), "en")
    return TmxDocument(_lang_key(srclang), units, tool or "unknown")


def read_tmx(path: Path | str) -> TmxDocument:
    path = Path(path)
    return parse_tmx(read_bytes(path, "TMX file"), path)


# ---------------------------------------------------------------------------------------------
# writing

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def bcp47(code: str) -> str:
    """``pt_BR`` → ``pt-BR`` (TMX uses RFC 3066/BCP 47 codes)."""
    return _lang_key(code).replace("_", "-").replace("@", "-")


def _text(text: str) -> str:
    return escape(_BAD_XML.sub("", text))


def dumps_tmx(doc: TmxDocument) -> str:
    """TMX 1.4b text of ``doc`` (deterministic: no dates)."""
    src = bcp47(doc.source_language)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<tmx version="1.4">',
        f'  <header creationtool="tmflow" creationtoolversion={quoteattr(__version__)} '
        f'datatype="plaintext" segtype="sentence" adminlang="en" srclang={quoteattr(src)} '
        'o-tmf="PO"/>',
        "  <body>",
    ]
    for tu in doc.units:
        out.append("    <tu>")
        for key, value in sorted(tu.props.items()):
            out.append(f"      <prop type={quoteattr(key)}>{_text(value)}</prop>")
        order = sorted(tu.variants, key=lambda c: (c != _lang_key(doc.source_language), c))
        for code in order:
            out.append(
                f"      <tuv xml:lang={quoteattr(bcp47(code))}>"
                f"<seg>{_text(tu.variants[code])}</seg></tuv>"
            )
        out.append("    </tu>")
    out += ["  </body>", "</tmx>", ""]
    return "\n".join(out)


def write_tmx(doc: TmxDocument, path: Path | str) -> bool:
    """Write ``doc`` atomically; False when the file already holds these bytes."""
    return write_atomic(Path(path), dumps_tmx(doc))
