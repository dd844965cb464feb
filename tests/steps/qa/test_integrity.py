"""Header checks on catalogs as other editors write them (the files are made by the test)."""

from __future__ import annotations

from pathlib import Path

import polib

from tmflow.steps.qa.checks import FileContext
from tmflow.steps.qa.checks.integrity import header_language


def _context(tmp_path: Path, folder: str, language: str) -> FileContext:
    po = polib.POFile()
    po.metadata = {"Language": language, "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Open", msgstr="Otvori"))
    path = tmp_path / f"{folder}.po"
    path.write_text(str(po), "utf-8")
    return FileContext(
        path=path,
        rel=f"locales/{folder}/app.po",
        language=folder,
        article="app",
        raw=path.read_bytes(),
        po=po,
    )


def test_the_language_name_for_its_code_is_a_warning(tmp_path: Path) -> None:
    hits = list(header_language(_context(tmp_path, "bs", "Bosnian")))
    assert len(hits) == 1
    assert hits[0].severity == "warning"
    assert "'bs'" in hits[0].message


def test_another_language_is_still_an_error(tmp_path: Path) -> None:
    hits = list(header_language(_context(tmp_path, "bs", "Croatian")))
    assert len(hits) == 1
    assert hits[0].severity is None  # the check's severity: an error
    assert [h.severity for h in header_language(_context(tmp_path, "bs", "hr"))] == [None]
    assert list(header_language(_context(tmp_path, "bs", "bs_BA"))) == []
