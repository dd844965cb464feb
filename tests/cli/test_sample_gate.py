"""The sample project as CI sees it: clean as committed, and a planted wrong name fails."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import REPO, invoke
from tmflow.io.po.reader import load_po


def test_every_committed_catalog_passes_msgfmt_and_is_msgcat_canonical() -> None:
    files = sorted((REPO / "locales").rglob("*.po")) + sorted((REPO / "locales").rglob("*.pot"))
    assert len(files) == 12  # 2 templates + 2 articles x 5 languages
    for path in files:
        proc = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert proc.returncode == 0, (path, proc.stderr)
        canonical = subprocess.run(
            ["msgcat", "--no-wrap", str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert canonical == path.read_text("utf-8"), path


def test_sample_passes_the_gate(sample_project: Path) -> None:
    result = invoke("check", cwd=sample_project)
    assert result.code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("check passed: 0 errors")
    result = invoke("glossary", "check", cwd=sample_project)
    assert result.code == 0, result.output


def test_a_planted_wrong_name_fails_naming_term_file_and_line(sample_project: Path) -> None:
    po_path = sample_project / "locales" / "ru" / "khojaly-moscow-2014.po"
    text = po_path.read_text("utf-8")
    entry = next(e for e in load_po(po_path) if "Leyla Aliyeva attended" in e.msgid)
    assert "Лейла Алиева" in entry.msgstr
    po_path.write_text(
        text.replace(entry.msgstr, entry.msgstr.replace("Лейла Алиева", "Лейла Алиев")), "utf-8"
    )
    result = invoke("check", "-l", "ru", cwd=sample_project)
    assert result.code == 1
    line = next(ln for ln in result.stdout.splitlines() if "[glossary-missing]" in ln)
    assert re.match(
        rf"locales/ru/khojaly-moscow-2014\.po:{entry.linenum}: error "
        r"\[glossary-missing\]",
        line,
    ), line
    assert "Leyla Aliyeva" in line and "Лейла Алиева" in line
