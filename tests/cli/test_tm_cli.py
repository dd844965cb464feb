"""``tmflow tm import|export|analysis``: a TMX from another tool feeds update's memory drafts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_update_cli import write_pot
from tests.conftest import invoke
from tests.io.test_tmx import OMEGAT
from tmflow.core import provenance
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po
from tmflow.io.tmx import read_tmx

VENDOR = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="Weblate" srclang="en" adminlang="en" datatype="plaintext"
    segtype="sentence" o-tmf="Weblate"/>
  <body>
    <tu>
      <tuv xml:lang="en"><seg>Leyla Aliyeva delivered a speech at the ceremony.</seg></tuv>
      <tuv xml:lang="ru"><seg>Лейла Алиева выступила на церемонии с речью.</seg></tuv>
      <tuv xml:lang="de"><seg>Leyla Aliyeva hielt eine Rede.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en"><seg>The campaign was initiated five years ago in Moscow.</seg></tuv>
      <tuv xml:lang="fr"><seg>La campagne a été lancée il y a cinq ans à Moscou.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_import_then_update_drafts_from_the_imported_memory(
    empty_project: Path, tmp_path: Path
) -> None:
    write_pot(empty_project)
    vendor = tmp_path / "Vendor Memory.tmx"
    vendor.write_text(VENDOR, "utf-8")
    result = invoke("tm", "import", str(vendor), cwd=empty_project)
    assert result.code == 0, result.output
    assert "fr: 1 unit" in result.stdout and "ru: 1 unit" in result.stdout
    assert "de" in result.stderr  # not a target language: said, and ignored
    kept = empty_project / "locales" / "memory" / "vendor-memory.tmx"
    assert kept.is_file() and len(read_tmx(kept).units) == 2

    up = invoke("update", cwd=empty_project)
    assert up.code == 0, up.output
    assert "ru: 0 translated, 2 added, 1 memory drafts" in up.stdout
    ru = {e.msgid: e for e in load_po(empty_project / "locales" / "ru" / "news.po")}
    exact = ru["Leyla Aliyeva delivered a speech at the ceremony."]
    assert exact.msgstr == "Лейла Алиева выступила на церемонии с речью."
    assert "fuzzy" in exact.flags
    assert provenance.lines(exact.tcomment) == ["tm 100% memory/vendor-memory.tmx"]
    fr = {e.msgid: e for e in load_po(empty_project / "locales" / "fr" / "news.po")}
    close = fr["The campaign was initiated 5 years ago in Moscow."]
    assert close.previous_msgid == "The campaign was initiated five years ago in Moscow."
    assert provenance.lines(close.tcomment)[0].startswith("tm 9")


def test_import_rejects_a_file_without_usable_units(empty_project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text(
        VENDOR.replace('xml:lang="ru"', 'xml:lang="de"').replace('xml:lang="fr"', 'xml:lang="it"'),
        "utf-8",
    )
    result = invoke("tm", "import", str(bad), cwd=empty_project)
    assert result.code == 2 and "no translation units" in result.stderr
    broken = tmp_path / "broken.tmx"
    broken.write_text(VENDOR[:300], "utf-8")
    result = invoke("tm", "import", str(broken), cwd=empty_project)
    assert result.code == 2 and "broken.tmx:" in result.stderr


def test_export_round_trips_translated_entries_and_imports(
    empty_project: Path, tmp_path: Path
) -> None:
    write_pot(empty_project)
    omegat = tmp_path / "omegat.tmx"
    omegat.write_text(OMEGAT, "utf-8")
    assert invoke("tm", "import", str(omegat), cwd=empty_project).code == 0
    assert invoke("update", cwd=empty_project).code == 0
    ru_path = empty_project / "locales" / "ru" / "news.po"
    po = load_po(ru_path)
    for e in po:
        if e.msgid == "February 27, 2014":
            e.msgstr = "27 февраля 2014 года"
        elif e.msgid.startswith("The campaign"):
            e.msgstr, e.flags = "Кампания…", ["fuzzy"]  # a draft: not in the memory
    save_po(po, ru_path)
    out = tmp_path / "export.tmx"
    result = invoke("tm", "export", "-l", "ru", "-o", str(out), cwd=empty_project)
    assert result.code == 0, result.output
    doc = read_tmx(out)
    pairs = {(u.text("en"), u.text("ru")) for u in doc.units}
    assert pairs == {
        ("February 27, 2014", "27 февраля 2014 года"),
        ("The ceremony was held in Moscow.", "Церемония прошла в Москве."),
        ("Justice for Khojaly!", "Справедливость для Ходжалы!"),
    }
    stdout = invoke("tm", "export", "-l", "ru", cwd=empty_project)
    assert stdout.stdout == out.read_text("utf-8")


def test_analysis_reports_words_by_band(empty_project: Path) -> None:
    write_pot(empty_project)
    assert invoke("update", "-l", "fr", cwd=empty_project).code == 0
    fr_path = empty_project / "locales" / "fr" / "news.po"
    po = load_po(fr_path)
    for e in po:
        if e.msgid.startswith("Leyla"):
            e.msgstr = "Leyla Aliyeva a prononcé un discours lors de la cérémonie."
    save_po(po, fr_path)
    other = empty_project / "locales" / "templates" / "other.pot"
    other.write_text(
        (empty_project / "locales" / "templates" / "news.pot")
        .read_text("utf-8")
        .replace("at the ceremony.", "at the ceremony today."),
        "utf-8",
    )
    assert invoke("update", "-l", "fr", cwd=empty_project).code == 0
    result = invoke("tm", "analysis", "-l", "fr", "--format", "json", cwd=empty_project)
    assert result.code == 0, result.output
    fr = json.loads(result.stdout)["fr"]
    # news: 2 open entries (3 + 9 words); other: the same two are repetitions, the edited
    # Leyla sentence is a memory draft (fuzzy) matching 85–94%
    assert fr["translated_words"] == 8
    assert fr["words"]["repetitions"] == 12
    assert fr["words"]["85-94%"] == 9
    assert fr["words"]["no match"] == 12
    text = invoke("tm", "analysis", "-l", "fr", cwd=empty_project)
    assert "repetitions" in text.stdout and "no match" in text.stdout
