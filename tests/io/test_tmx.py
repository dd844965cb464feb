"""TMX 1.4b: round trip, files written by other tools, bad input."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tmflow.core.errors import InputError, NotFoundError
from tmflow.io.tmx import TmxDocument, TmxUnit, dumps_tmx, parse_tmx, read_tmx, write_tmx

# What OmegaT 6 writes (project_save.tmx), trimmed: TMX 1.4, region codes, inline tags.
OMEGAT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
    creationtoolversion="6.0.0_0_1bf1729c" segtype="sentence" srclang="EN-US"/>
  <body>
    <tu>
      <tuv xml:lang="EN-US">
        <seg>The ceremony was held in <bpt i="1">&lt;b&gt;</bpt>Moscow<ept i="1">&lt;/b&gt;</ept>.</seg>
      </tuv>
      <tuv xml:lang="RU-RU" changeid="editor" changedate="20240101T101010Z">
        <seg>Церемония прошла в <bpt i="1">&lt;b&gt;</bpt>Москве<ept i="1">&lt;/b&gt;</ept>.</seg>
      </tuv>
    </tu>
    <tu>
      <tuv xml:lang="EN-US"><seg>Justice for Khojaly!</seg></tuv>
      <tuv xml:lang="RU-RU"><seg>Справедливость для Ходжалы!</seg></tuv>
      <tuv xml:lang="TR-TR"><seg>Hocalı'ya Adalet!</seg></tuv>
    </tu>
  </body>
</tmx>
"""

# TMX 1.1 style (older Trados exports): ``lang`` instead of ``xml:lang``, srclang *all*.
TRADOS_11 = """<?xml version="1.0" encoding="UTF-16"?>
<tmx version="1.1">
<header creationtool="SDL Language Platform" srclang="*all*" segtype="sentence"
 adminlang="EN-US" datatype="rtf" o-tmf="SDL TM8 Format"/>
<body>
<tu><prop type="x-Origin">TM</prop>
<tuv lang="EN-GB"><seg>Vice-president of the Foundation <ph x="1">&lt;br/&gt;</ph>attended.</seg></tuv>
<tuv lang="FR-FR"><seg>La vice-présidente de la Fondation <ph x="1">&lt;br/&gt;</ph>était présente.</seg></tuv>
</tu>
</body>
</tmx>
"""


def test_reads_an_omegat_file(tmp_path: Path) -> None:
    doc = parse_tmx(OMEGAT.encode(), tmp_path / "project_save.tmx")
    assert doc.source_language == "en_US"
    assert doc.creation_tool == "OmegaT"
    first, second = doc.units
    assert first.text("en") == "The ceremony was held in Moscow."
    assert first.text("ru") == "Церемония прошла в Москве."
    assert second.text("tr") == "Hocalı'ya Adalet!"
    assert second.text("fr") is None


def test_reads_a_tmx_11_file_in_utf16(tmp_path: Path) -> None:
    doc = parse_tmx(TRADOS_11.encode("utf-16"), tmp_path / "trados.tmx")
    (unit,) = doc.units
    assert doc.source_language == "en_GB"
    assert unit.text("fr") == "La vice-présidente de la Fondation était présente."
    assert unit.props == {"x-Origin": "TM"}


def test_round_trip_is_lossless_and_deterministic(tmp_path: Path) -> None:
    doc = TmxDocument(
        "en",
        [
            TmxUnit(
                {"en": 'Quotes " & <tags> ’curly’', "ru": "Кавычки «ёлочки» & <теги>"},
                {"x-tmflow-origin": "ru/a.po"},
            ),
            TmxUnit({"en": "Line\nbreak", "pt_BR": "Quebra\nde linha"}),
        ],
    )
    path = tmp_path / "out.tmx"
    assert write_tmx(doc, path) is True
    assert write_tmx(doc, path) is False  # same bytes: untouched
    back = read_tmx(path)
    assert [u.variants for u in back.units] == [u.variants for u in doc.units]
    assert back.units[0].props == {"x-tmflow-origin": "ru/a.po"}
    text = path.read_text("utf-8")
    assert '<tmx version="1.4">' in text and 'srclang="en"' in text
    assert 'xml:lang="pt-BR"' in text  # BCP 47 codes in the file
    root = ET.fromstring(text.encode())
    assert root.find("header").get("creationtool") == "tmflow"
    assert dumps_tmx(back) == text


def test_malformed_xml_reports_its_line(tmp_path: Path) -> None:
    bad = OMEGAT.replace("</seg>\n      </tuv>\n      <tuv", "\n      </tuv>\n      <tuv", 1)
    with pytest.raises(InputError) as err:
        parse_tmx(bad.encode(), tmp_path / "bad.tmx")
    assert err.value.line is not None and err.value.line > 5
    assert "bad.tmx" in str(err.value)


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;">]>\n<tmx version="1.4"><header srclang="en"/><body>'
        '<tu><tuv xml:lang="en"><seg>&b;</seg></tuv></tu></body></tmx>'
    )
    with pytest.raises(InputError, match="entity"):
        parse_tmx(bomb.encode(), tmp_path / "bomb.tmx")


def test_not_a_tmx_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a TMX file"):
        parse_tmx(b"<xliff version='1.2'/>", tmp_path / "x.tmx")
    with pytest.raises(NotFoundError):
        read_tmx(tmp_path / "missing.tmx")
