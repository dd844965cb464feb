"""render_json writes its findings as text: it must equal the indenting encoder's output."""

from __future__ import annotations

import json

from tmflow.core.model import Finding
from tmflow.steps.qa.render import render_json, to_json
from tmflow.steps.qa.report import CheckReport


def _expected(report: CheckReport) -> str:
    return json.dumps(to_json(report), ensure_ascii=False, indent=1) + "\n"


def test_render_json_matches_json_dumps_on_awkward_strings() -> None:
    awkward = [
        'quote " and \\ backslash',
        "tab\tnew\nline\r\x00\x1f",
        "Bakı — «ü» ؟ 中文",
        "emoji \U0001f600 and \u2028 separator",
        "",
        "\ud800 lone surrogate",
    ]
    findings = []
    for i, text in enumerate(awkward):
        findings.append(
            Finding(
                "numbers",
                "error",
                text,
                f"locales/ru/{text}.po",
                i or None,
                "ru" if i % 2 else None,
                text if i % 3 else None,
            )
        )
    report = CheckReport(
        findings=findings, files=3, languages=("ru",), notes=['a note with "quotes"']
    )
    assert render_json(report) == _expected(report)
    assert json.loads(render_json(report))["findings"][2]["message"] == awkward[2]


def test_render_json_without_findings_matches_json_dumps() -> None:
    report = CheckReport(files=0, notes=[])
    assert render_json(report) == _expected(report)
    assert json.loads(render_json(report))["findings"] == []


def test_render_json_matches_json_dumps_on_fields_of_other_types() -> None:
    """Findings built by hand (a plug-in, a test) may carry a number or a flag where text or
    a line is expected: json's own encoding of them, as json.dumps writes it."""
    findings = [
        Finding("numbers", "error", 42, "a.po", True, None, None),  # type: ignore
        Finding("numbers", "warning", "text", "b.po", 3.0, "ru", 7),
    ]  # type: ignore
    report = CheckReport(findings=findings, files=2, languages=("ru",))
    assert render_json(report) == _expected(report)
