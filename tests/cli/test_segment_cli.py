"""``tmflow segment FILE|-``: human-readable and JSON previews, inside and outside a project."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import invoke
from tmflow.steps.segment.segmenter import fold_space


def test_segment_sample_text_file(sample_project: Path) -> None:
    result = invoke("segment", "sources/khojaly-moscow-2014.txt", cwd=sample_project)
    assert result.code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["1", "heading", "February", "27,", "2014"]
    assert "list item    This campaign was initiated 5 years ago in Moscow." in result.stdout
    assert lines[-1] == "38 segments in 11 blocks"


def test_segment_json_spans_are_exact(sample_project: Path) -> None:
    path = sample_project / "sources" / "justice-for-khojaly-campaign.md"
    result = invoke("segment", str(path), "--format", "json", cwd=sample_project)
    assert result.code == 0, result.output
    data = json.loads(result.stdout)
    text = path.read_text("utf-8")
    assert set(data[0]) == {"text", "start", "end", "line", "block", "kind"}
    assert data[0]["kind"] == "front matter"
    for item in data:
        span = text[item["start"] : item["end"]]
        assert item["text"] == fold_space(span)
        assert item["line"] == text.count("\n", 0, item["start"]) + 1
    assert [d["start"] for d in data] == sorted(d["start"] for d in data)


def test_segment_stdin_with_language_and_format(tmp_path: Path) -> None:
    result = invoke(
        "segment",
        "-",
        "--lang",
        "ru",
        "--format",
        "json",
        cwd=tmp_path,
        input="В 1992 г. город был захвачен. Погибли люди.\n",
    )
    assert result.code == 0, result.output
    assert [d["text"] for d in json.loads(result.stdout)] == [
        "В 1992 г. город был захвачен.",
        "Погибли люди.",
    ]
    md = invoke(
        "segment",
        "-",
        "--input-format",
        "markdown",
        cwd=tmp_path,
        input="# Title\n\n```\ncode. Not shown.\n```\n",
    )
    assert md.code == 0, md.output
    assert "heading" in md.stdout and "code" not in md.stdout
    assert md.stdout.splitlines()[-1] == "1 segment in 1 block"


def test_segment_uses_project_source_language(tmp_path: Path) -> None:
    (tmp_path / "tmflow.toml").write_text('source-language = "de"\nlanguages = ["fr"]\n', "utf-8")
    (tmp_path / "a.txt").write_text(
        "Die Zeremonie fand am 26. Februar statt. Viele kamen.\n", "utf-8"
    )
    result = invoke("segment", "a.txt", "--format", "json", cwd=tmp_path)
    assert [d["text"] for d in json.loads(result.stdout)] == [
        "Die Zeremonie fand am 26. Februar statt.",
        "Viele kamen.",
    ]
    english = invoke("segment", "a.txt", "--lang", "en", "--format", "json", cwd=tmp_path)
    assert len(json.loads(english.stdout)) == 3


def test_segment_errors(tmp_path: Path) -> None:
    missing = invoke("segment", "nope.txt", cwd=tmp_path)
    assert missing.code == 2 and "nope.txt" in missing.stderr
    (tmp_path / "latin.txt").write_bytes(b"ok\ncaf\xe9\n")
    latin = invoke("segment", "latin.txt", cwd=tmp_path)
    assert latin.code == 2 and "latin.txt:2" in latin.stderr and "UTF-8" in latin.stderr
    assert "Traceback" not in latin.output
    bad_lang = invoke("segment", "latin.txt", "--lang", "xx", cwd=tmp_path)
    assert bad_lang.code == 2 and "xx" in bad_lang.stderr


def test_segment_stdin_markdown_is_recognised(tmp_path: Path) -> None:
    md = invoke("segment", "-", cwd=tmp_path, input="## Economy\nGrowth slowed. Prices rose.\n")
    assert md.code == 0, md.output
    lines = md.stdout.splitlines()
    assert "heading" in lines[0] and lines[0].endswith("Economy")
    assert lines[-1] == "3 segments in 2 blocks (standard input read as Markdown)"
    text = invoke(
        "segment", "-", cwd=tmp_path, input="Election results\nThe party won. It ruled.\n"
    )
    assert text.code == 0, text.output
    assert text.stdout.splitlines()[0].endswith("heading      Election results")
    assert (
        text.stdout.splitlines()[-1]
        == "3 segments in 2 blocks (standard input read as plain text)"
    )


def test_segment_input_option_decides_the_format(tmp_path: Path) -> None:
    source = "## Economy\nGrowth slowed.\n"
    as_text = invoke(
        "segment", "-", "--input", "txt", "--format", "json", cwd=tmp_path, input=source
    )
    assert [d["text"] for d in json.loads(as_text.stdout)] == ["## Economy Growth slowed."]
    as_md = invoke("segment", "-", "--input", "md", "--format", "json", cwd=tmp_path, input=source)
    assert [(d["kind"], d["text"]) for d in json.loads(as_md.stdout)] == [
        ("heading", "Economy"),
        ("paragraph", "Growth slowed."),
    ]
    # a .txt file read as Markdown on request
    (tmp_path / "a.txt").write_text(source, "utf-8")
    forced = invoke(
        "segment", "a.txt", "--input-format", "markdown", "--format", "json", cwd=tmp_path
    )
    assert len(json.loads(forced.stdout)) == 2
    bad = invoke("segment", "-", "--input", "rtf", cwd=tmp_path, input=source)
    assert bad.code == 2 and "rtf" in bad.stderr


def test_segment_of_markdown_nested_too_deeply_names_the_line(tmp_path: Path) -> None:
    deep = "Intro.\n\n" + "".join("  " * i + f"- item {i}.\n" for i in range(12))
    (tmp_path / "deep.md").write_text(deep, "utf-8")
    result = invoke("segment", "deep.md", cwd=tmp_path)
    assert result.code == 2
    assert "deep.md:12:" in result.stderr and "nested more than 20 levels" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.output
    piped = invoke("segment", "-", cwd=tmp_path, input="# T\n\n" + deep)
    assert piped.code == 2 and "<stdin>:14:" in piped.stderr
