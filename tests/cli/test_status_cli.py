"""``tmflow status``: formats, filters, colour rules, output file, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import invoke
from tests.steps.test_status import PLAN, make_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", PLAN, templates={"news": ["One two three.",
                                                                  "Four five."],
                                                         "story": ["Alpha beta."]})


def test_text_table_and_summary(project: Path) -> None:
    result = invoke("-p", project, "status")
    assert result.code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["article", "fr", "ru", "ar"]
    assert lines[-1].startswith("30.8% translated: 4/13 segments, 10/28 words")
    assert "\x1b[" not in result.stdout  # not a terminal: no colour


def test_color_forced_and_no_color(project: Path) -> None:
    assert "\x1b[32m" in invoke("-p", project, "--color", "status").stdout
    result = invoke("-p", project, "--color", "status", env={"NO_COLOR": "1"})
    assert "\x1b[32m" in result.stdout  # an explicit --color wins over NO_COLOR
    assert "\x1b[" not in invoke("-p", project, "status", env={"NO_COLOR": "1"}).stdout


def test_json_and_filters(project: Path) -> None:
    result = invoke("-p", project, "status", "--format", "json", "-l", "ru", "--only",
                    "incomplete")
    assert result.code == 0
    data = json.loads(result.stdout)
    assert list(data["articles"]) == ["story"]
    assert list(data["languages"]) == ["ru"]
    # totals are over the articles shown
    assert data["languages"]["ru"]["segments"]["translated"] == 0
    assert data["languages"]["ru"]["segments"]["untranslated"] == 1


@pytest.mark.parametrize("fmt,start", [("markdown", "| article |"), ("csv", "article,"),
                                       ("html", "<!DOCTYPE html>")])
def test_other_formats(project: Path, fmt: str, start: str) -> None:
    result = invoke("-p", project, "status", "--format", fmt, "news")
    assert result.code == 0
    assert result.stdout.startswith(start)


def test_output_file(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "status.html"
    result = invoke("-p", project, "status", "--format", "html", "-o", out)
    assert result.code == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert result.stdout.startswith("wrote ")


def test_bad_input_exits_2(project: Path) -> None:
    assert invoke("-p", project, "status", "-l", "de").code == 2
    assert invoke("-p", project, "status", "nope").code == 2
    assert invoke("-p", project, "status", "--format", "yaml").code == 2


def test_no_cache_flag(project: Path) -> None:
    assert invoke("-p", project, "status", "--no-cache").code == 0
    assert not (project / ".tmflow" / "status-cache.json").exists()
    assert invoke("-p", project, "status").code == 0
    assert (project / ".tmflow" / "status-cache.json").exists()


def test_repeated_status_uses_the_memo_until_a_file_changes(project: Path) -> None:
    first = invoke("-p", project, "status", "--format", "json")
    memo = project / ".tmflow" / "status-memo"
    assert memo.is_file()
    second = invoke("-p", project, "status", "--format", "json")
    assert second.stdout == first.stdout
    po = project / "locales" / "ru" / "news.po"
    po.write_text(po.read_text("utf-8").replace('msgstr "T: Four five."', 'msgstr ""'), "utf-8")
    third = json.loads(invoke("-p", project, "status", "--format", "json").stdout)
    assert third["articles"]["news"]["ru"]["segments"]["untranslated"] == 1
    # another format is not served from the memo of the JSON one
    assert invoke("-p", project, "status", "--format", "csv").stdout.startswith("article,")
