"""``tmflow check``: exit codes (0 pass, 1 fail, 2 bad input), formats, --list, summary last."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import invoke

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "check"


@pytest.fixture
def defects(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS / "defects", tmp_path / "d")
    return tmp_path / "d"


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS / "clean", tmp_path / "c")
    return tmp_path / "c"


def test_clean_passes(clean: Path) -> None:
    result = invoke("-p", clean, "check")
    assert result.code == 0
    assert (
        result.stdout.strip().splitlines()[-1]
        == "check passed: 0 errors, 0 warnings, 0 info in 4 files"
    )


def test_defects_fail_with_grouped_text(defects: Path) -> None:
    result = invoke("-p", defects, "check")
    assert result.code == 1
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[-1].startswith("check failed: 22 errors, 20 warnings, 6 info in 20 files")
    assert (
        "locales/ru/fidelity.po:15: error [numbers] numbers differ from the source: "
        "2014 changed to 2013" in lines
    )
    # grouped: a blank line between files
    assert "" in lines


def test_warnings_only_pass(defects: Path) -> None:
    result = invoke(
        "-p", defects, "check", "-l", "ru", "--only", "untranslated", "--only", "fuzzy-mt"
    )
    assert result.code == 0
    assert "warning [fuzzy-mt]" in result.stdout


def test_threshold_fails(clean: Path) -> None:
    po = clean / "locales" / "fr" / "clean.po"
    po.write_text(
        po.read_text("utf-8").replace('msgstr "La réunion commence à 10:30."', 'msgstr ""'),
        "utf-8",
    )
    result = invoke("-p", clean, "check", "-l", "fr")
    assert result.code == 1
    assert "error [min-translated]" in result.stdout
    assert invoke("-p", clean, "check", "-l", "fr", "--min-translated", "50").code == 0


@pytest.mark.parametrize("args", [["-l", "de"], ["--only", "nope"], ["nope"], ["--format", "xml"]])
def test_bad_input_exits_2(clean: Path, args: list[str]) -> None:
    assert invoke("-p", clean, "check", *args).code == 2


def test_bad_glossary_exits_2(defects: Path) -> None:
    (defects / "glossary.yml").write_text("terms:\n  - term: x\n    bogus: 1\n", "utf-8")
    result = invoke("-p", defects, "check")
    assert result.code == 2
    assert "glossary.yml" in result.stderr


def test_machine_formats_keep_stdout_parseable(defects: Path) -> None:
    result = invoke("-p", defects, "check", "--format", "json")
    assert result.code == 1
    assert json.loads(result.stdout)["summary"]["failed"] is True
    assert result.stderr.strip().splitlines()[-1].startswith("check failed:")
    junit = invoke("-p", defects, "check", "--format", "junit")
    assert ET.fromstring(junit.stdout).tag == "testsuites"
    sarif = invoke("-p", defects, "check", "--format", "sarif")
    assert json.loads(sarif.stdout)["version"] == "2.1.0"


def test_github_annotations(defects: Path) -> None:
    result = invoke("-p", defects, "check", "--format", "github", "-l", "ar")
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(
        "::error file=locales/ar/charset.po,line=16,title=tmflow header-charset::"
    )
    assert any(ln.startswith("::warning file=locales/ar/fidelity.po,line=15,") for ln in lines)
    assert lines[-1].startswith("check failed:")


def test_list(clean: Path) -> None:
    result = invoke("check", "--list")
    assert result.code == 0
    assert "  numbers " in result.stdout and "error" in result.stdout
    for group in ("completeness:", "integrity:", "fidelity:", "glossary:"):
        assert group in result.stdout


def test_sample_project_status_and_gate(sample_project: Path) -> None:
    status = invoke("-p", sample_project, "status")
    assert status.code == 0
    header = status.stdout.splitlines()[0].split()
    assert header == ["article", "az", "ru", "tr", "fr", "ar"]
    check = invoke("-p", sample_project, "check")
    # the sample's reviewed translations pass; unfinished languages are warnings only
    assert check.code == 0, check.stdout
    assert check.stdout.strip().splitlines()[-1].startswith("check passed: 0 errors")
    # a publication threshold for an unfinished language fails the gate
    failed = invoke("-p", sample_project, "check", "-l", "tr", "--min-translated", "100")
    assert failed.code == 1
    assert "error [min-translated]" in failed.stdout


def test_a_new_language_without_po_files_is_said_so(sample_project: Path) -> None:
    pyproject = sample_project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text("utf-8").replace(
            'languages = ["az", "ru", "tr", "fr", "ar"]',
            'languages = ["az", "ru", "tr", "fr", "ar", "de"]',
        ),
        "utf-8",
    )
    alone = invoke("-p", sample_project, "check", "-l", "de")
    assert alone.code == 1
    assert alone.stdout.strip().splitlines() == [
        "locales/de: error [po-outdated] no PO files for 'de' (run 'tmflow update')",
        "",
        "check failed: 1 error, 0 warnings, 0 info in 0 files (no PO files for de)",
    ]
    everything = invoke("-p", sample_project, "check", "--format", "json")
    assert everything.code == 1
    data = json.loads(everything.stdout)
    assert [f["path"] for f in data["findings"] if f["language"] == "de"] == ["locales/de"]
    assert data["summary"]["errors"] == 1
    assert data["summary"]["text"].endswith(" files (no PO files for de)")
    # once 'update' made them, the gate is as before
    assert invoke("-p", sample_project, "update", "-l", "de").code == 0
    after = invoke("-p", sample_project, "check", "-l", "de")
    assert "no PO files" not in after.stdout
    assert after.stdout.strip().splitlines()[-1].endswith(" in 2 files")
