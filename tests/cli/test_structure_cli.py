"""Markdown structure: ``check`` fails on exactly the entries ``build`` refuses, naming their
lines; a table cell with an unescaped ``|`` is one of them; a translation that only starts with
what CommonMark reads as a block marker is published, escaped."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from tests.conftest import invoke
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po

ARTICLE = """\
# Results

The campaign began in 2008. It goes on.

| Year | Event |
| --- | --- |
| 2008 | The campaign began |

Read [the report](https://example.org/report) now.
"""

GOOD = {
    "Results": "Ergebnisse",
    "The campaign began in 2008.": "Die Kampagne begann 2008.",
    "It goes on.": "Sie geht weiter.",
    "Year": "Jahr",
    "Event": "Ereignis",
    "2008": "2008",
    "The campaign began": "Die Kampagne begann",
    "Read [the report](https://example.org/report) now.": "Lesen Sie [den Bericht](https://example.org/report) jetzt.",
}


def project(tmp_path: Path, changes: dict[str, str]) -> tuple[Path, Path]:
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "news.md").write_text(ARTICLE, "utf-8")
    (root / "tmflow.toml").write_text('languages = ["de"]\n', "utf-8")
    assert invoke("-p", str(root), "extract").code == 0
    assert invoke("-p", str(root), "update").code == 0
    path = root / "locales" / "de" / "news.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in GOOD:
            entry.msgstr = changes.get(entry.msgid, GOOD[entry.msgid])
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    save_po(po, path)
    return root, path


def findings(root: Path, *only: str) -> list[dict[str, object]]:
    args = ["-p", str(root), "check", "--format", "json"]
    for check_id in only:
        args += ["--only", check_id]
    result = invoke(*args)
    return json.loads(result.stdout)["findings"]  # type: ignore[no-any-return]


def line_of(path: Path, msgid: str) -> int:
    """The line of the entry's msgid, as check and build name it."""
    return next(e.linenum for e in load_po(path) if e.msgid == msgid)


def test_a_correct_translation_passes_check_and_is_published(tmp_path: Path) -> None:
    root, _ = project(tmp_path, {})
    assert findings(root, "markdown", "urls", "numbers") == []
    assert invoke("-p", str(root), "build").code == 0
    assert "| 2008 | Die Kampagne begann |" in (root / "published" / "de" / "news.md").read_text()


def test_a_pipe_in_a_table_cell_fails_check_and_build_names_the_entry(tmp_path: Path) -> None:
    root, path = project(tmp_path, {"The campaign began": "Die Kampagne | begann"})
    found = findings(root, "markdown")
    line = line_of(path, "The campaign began")
    assert [(f["check"], f["line"]) for f in found] == [("markdown", line)]
    assert "'|'" in str(found[0]["message"])
    result = invoke("-p", str(root), "build")
    manifest = json.loads((root / "published" / "manifest.json").read_text("utf-8"))
    entry = manifest["languages"]["de"]["news"]
    assert entry["status"] == "skipped"
    assert any(f"news.po:{line}:" in p for p in entry["problems"])
    assert not (root / "published" / "de" / "news.md").exists(), result.output
    # escaped, it is fine for both
    root, path = project(tmp_path / "2", {"The campaign began": "Die Kampagne \\| begann"})
    assert findings(root, "markdown") == []


def test_a_new_heading_fails_check_and_build_at_the_same_entry(tmp_path: Path) -> None:
    root, path = project(tmp_path, {"It goes on.": "Sie geht weiter.\n\n# Neu"})
    found = findings(root, "markdown")
    line = line_of(path, "It goes on.")
    assert [(f["check"], f["line"]) for f in found] == [("markdown", line)]
    invoke("-p", str(root), "build")
    manifest = json.loads((root / "published" / "manifest.json").read_text("utf-8"))
    assert any(f"news.po:{line}:" in p for p in manifest["languages"]["de"]["news"]["problems"])


def test_a_removed_link_is_one_finding(tmp_path: Path) -> None:
    msgid = "Read [the report](https://example.org/report) now."
    root, path = project(tmp_path, {msgid: "Lesen Sie den Bericht jetzt."})
    found = findings(root, "markdown", "urls", "numbers")
    assert [(f["check"], f["line"]) for f in found] == [("markdown", line_of(path, msgid))]
    assert "https://example.org/report" in str(found[0]["message"])


def test_a_block_marker_at_the_start_of_a_translation_is_escaped(tmp_path: Path) -> None:
    root, _ = project(
        tmp_path, {"The campaign began in 2008.": "26. Februar 2008: die Kampagne begann."}
    )
    assert findings(root, "markdown") == []
    assert invoke("-p", str(root), "build").code == 0
    out = (root / "published" / "de" / "news.md").read_text("utf-8")
    assert "26\\. Februar 2008: die Kampagne begann. Sie geht weiter." in out


def test_software_catalogs_get_no_markdown_or_tag_checks(tmp_path: Path) -> None:
    root = tmp_path / "sw"
    (root / "locales" / "de").mkdir(parents=True)
    (root / "tmflow.toml").write_text('languages = ["de"]\n', "utf-8")
    (root / "locales" / "de" / "app.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#: src/menu.c:12\nmsgid "_File"\nmsgstr "_Datei"\n\n'
        '#: src/menu.c:14\nmsgid "Open the `file\' named <filename>"\n'
        'msgstr "Die Datei <Dateiname> öffnen"\n',
        "utf-8",
    )
    assert findings(root, "markdown", "placeholders") == []
    # configured, the same catalog is checked as Markdown
    (root / "tmflow.toml").write_text('languages = ["de"]\n[check]\nmarkup = "html"\n', "utf-8")
    assert {f["check"] for f in findings(root, "markdown", "placeholders")} == {"placeholders"}
