"""The check report: files' findings spooled per language and merged back in report order,
counts by severity, and the summary line the renderers write from its public interface."""

from __future__ import annotations

import json

from tmflow.core.model import Finding
from tmflow.io.cache import FileFindings
from tmflow.steps.qa.render import render_json, render_text, summary_line
from tmflow.steps.qa.report import CheckReport, finding_order


def _file(*findings: Finding) -> FileFindings:
    severities = [f.severity for f in findings]
    return FileFindings(
        severities.count("error"),
        severities.count("warning"),
        severities.count("info"),
        json.dumps([list(f) for f in findings], ensure_ascii=False),
    )


def test_files_of_each_language_and_lists_merge_in_report_order() -> None:
    ru_a = Finding("numbers", "error", "m", "locales/ru/a.po", 3, "ru")
    ru_b1 = Finding("untranslated", "warning", "m", "locales/ru/b.po", 1, "ru")
    ru_b2 = Finding("fuzzy", "info", "m", "locales/ru/b.po", 7, "ru")
    pt = Finding("urls", "error", "m", "locales/pt/a.po", 2, "pt")
    pt_br = Finding("urls", "warning", "m", "locales/pt_BR/a.po", 2, "pt_BR")
    pot = Finding("template-outdated", "error", "m", "locales/templates/a.pot")
    report = CheckReport(files=5, languages=("ru", "pt_BR", "pt"))
    report.add_file("ru", _file(ru_a))
    report.add_file("pt_BR", _file(pt_br))
    report.add_file("ru", _file())  # a clean file: nothing spooled
    report.add_file("ru", _file(ru_b1, ru_b2))
    report.add_file("pt", _file(pt))
    report.add_run([pot])
    expected = [pt, pt_br, ru_a, ru_b1, ru_b2, pot]
    assert expected == sorted(expected, key=finding_order)
    assert report.findings == expected
    # read twice side by side (a renderer may go over the findings twice)
    one, two = report.iter_findings(), report.iter_findings()
    assert [next(one), next(two), next(one)] == [pt, pt, pt_br]
    assert (report.count("error"), report.count("warning"), report.count("info")) == (3, 2, 1)
    assert report.total == 6 and report.failed
    report.close()
    assert report.findings == [] and report.total == 0 and not report.failed


def test_a_report_of_one_list_keeps_its_order() -> None:
    b = Finding("numbers", "warning", "m", "b.po", 1)
    a = Finding("numbers", "warning", "m", "a.po", 1)
    report = CheckReport([b, a], files=2)
    assert report.findings == [b, a]
    assert not report.failed and report.count("warning") == 2


def test_the_summary_says_which_languages_have_no_po_files() -> None:
    missing = Finding(
        "po-outdated",
        "error",
        "no PO files for 'de' (run 'tmflow update')",
        "locales/de",
        None,
        "de",
    )
    report = CheckReport(
        [missing], files=0, languages=("fr", "de"), languages_without_files=("fr", "de")
    )
    assert summary_line(report) == (
        "check failed: 1 error, 0 warnings, 0 info in 0 files (no PO files for fr, de)"
    )
    assert json.loads(render_json(report))["summary"]["text"] == summary_line(report)
    assert render_text(report).startswith(
        "locales/de: error [po-outdated] no PO files for 'de' (run 'tmflow update')\n"
    )
    assert summary_line(CheckReport(files=1)) == (
        "check passed: 0 errors, 0 warnings, 0 info in 1 file"
    )
