from __future__ import annotations

import json
from pathlib import Path

import polib

from tests.conftest import invoke
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.steps.segment.segmenter import segment_text


def fill(root: Path, lang: str, article: str, source: Path, prefix: str) -> None:
    po = new_catalog("t", lang)
    fmt = "markdown" if source.suffix == ".md" else "text"
    seen = set()
    for seg in segment_text(source.read_text("utf-8"), fmt, "en"):
        if (seg.context, seg.text) in seen:
            continue
        seen.add((seg.context, seg.text))
        po.append(polib.POEntry(msgctxt=seg.context, msgid=seg.text, msgstr=prefix + seg.text))
    save_po(po, root / "locales" / lang / f"{article}.po")


def test_build_check_and_report(sample_project: Path) -> None:
    root = sample_project
    article = "khojaly-moscow-2014"
    fill(root, "fr", article, root / "sources" / f"{article}.txt", "")
    result = invoke("build", article, "-l", "fr", "--check", cwd=root)
    assert result.code == 1
    assert "1 outputs missing or out of date" in result.stdout
    result = invoke("build", article, "-l", "fr", cwd=root)
    assert result.code == 0, result.output
    assert "fr     khojaly-moscow-2014" in result.stdout and "written" in result.stdout
    out = root / "published" / "fr" / f"{article}.txt"
    assert out.read_bytes() == (root / "sources" / f"{article}.txt").read_bytes()
    assert invoke("build", article, "-l", "fr", "--check", cwd=root).code == 0
    manifest = json.loads((root / "published" / "manifest.json").read_text("utf-8"))
    assert manifest["version"] == 1
    assert manifest["languages"]["fr"][article]["status"] == "written"


def test_build_incomplete_language_is_held_back(sample_project: Path) -> None:
    root = sample_project
    result = invoke("build", "-l", "ar", "-o", str(root / "site"), cwd=root)
    assert result.code == 0, result.output
    assert "skipped" in result.stdout
    assert "0 language versions published" in result.stdout
    assert not list((root / "site").glob("ar/*"))


def test_build_unknown_language_is_usage_error(sample_project: Path) -> None:
    result = invoke("build", "-l", "de", cwd=sample_project)
    assert result.code == 2
    assert "'de' is not a target language" in result.stderr
