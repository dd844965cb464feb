"""``tmflow status``: formats, filters, colour rules, output file, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import invoke
from tests.steps.report.test_status import PLAN, make_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(
        tmp_path / "p",
        PLAN,
        templates={"news": ["One two three.", "Four five."], "story": ["Alpha beta."]},
    )


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
    result = invoke(
        "-p", project, "status", "--format", "json", "-l", "ru", "--only", "incomplete"
    )
    assert result.code == 0
    data = json.loads(result.stdout)
    assert list(data["articles"]) == ["story"]
    assert list(data["languages"]) == ["ru"]
    # totals are over the articles shown
    assert data["languages"]["ru"]["segments"]["translated"] == 0
    assert data["languages"]["ru"]["segments"]["untranslated"] == 1


@pytest.mark.parametrize(
    "fmt,start", [("markdown", "| article |"), ("csv", "article,"), ("html", "<!DOCTYPE html>")]
)
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
    assert not (project / ".tmflow" / "status-cache.sqlite3").exists()
    assert invoke("-p", project, "status").code == 0
    assert (project / ".tmflow" / "status-cache.sqlite3").exists()


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


def test_a_large_report_is_written_and_replayed_whole(tmp_path: Path) -> None:
    # long enough to be written, and replayed from the memo, in many blocks, with
    # multi-byte text across the block boundaries
    plan = {
        (f"статья-{i:04d}", lang): [(f"Заголовок {i} «{lang}» — ещё.", "translated")]
        for i in range(400)
        for lang in ("fr", "ru", "ar")
    }
    root = make_project(tmp_path / "big", plan)
    first = invoke("-p", root, "status", "--format", "json")
    assert first.code == 0 and len(first.stdout.encode("utf-8")) > 4 * (1 << 16)
    assert first.stdout.rstrip().endswith("}}")
    second = invoke("-p", root, "status", "--format", "json")
    assert second.stdout == first.stdout  # from the memo
    out = tmp_path / "page.json"
    assert invoke("-p", root, "status", "--format", "json", "-o", out).code == 0  # memo too
    assert out.read_text("utf-8") == first.stdout
    assert invoke("-p", root, "status", "--format", "json", "--no-cache").stdout == first.stdout
    # the HTML page says when it was made: it is made anew, never replayed
    page = invoke("-p", root, "status", "--format", "html")
    assert page.code == 0 and page.stdout.rstrip().endswith("</html>")
    assert page.stdout.count("<tr data-article=") == 1200


def test_an_interrupted_report_leaves_the_old_file_and_no_memo(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tmflow.steps.report import render as render_status

    out = tmp_path / "status.json"
    out.write_text("the report of yesterday", "utf-8")

    def interrupted(report: object, stream: object, **options: object) -> None:
        stream.write("{" * 100_000)  # type: ignore[attr-defined]
        raise KeyboardInterrupt

    monkeypatch.setitem(render_status.WRITERS, "json", interrupted)
    result = invoke("-p", project, "status", "--format", "json", "-o", out)
    assert result.code == 130
    assert out.read_text("utf-8") == "the report of yesterday"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "p") == ["status.json"]
    state = project / ".tmflow"
    assert not (state / "status-memo").exists()
    assert not [p.name for p in state.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    assert invoke("-p", project, "status", "--format", "json", "-o", out).code == 0
    assert json.loads(out.read_text("utf-8"))["version"] == 1
