"""Glossary renderings in inflected forms: compounds (German), Ukrainian case endings, and a
warning, not an error, where tmflow cannot judge a language's inflections."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import invoke
from tmflow.io.glossary import Glossary, Rendering, Term
from tmflow.steps.terms import TermMatcher, judged

GLOSSARY = Glossary(
    (
        Term("tram", renderings={"de": Rendering("Straßenbahn"), "ka": Rendering("ტრამვაი")}),
        Term("station", renderings={"de": Rendering("Bahnhof")}),
        Term("city council", renderings={"uk": Rendering("міська рада")}),
    ),
    languages=("de", "uk", "ka"),
)


def kinds(source: str, target: str, lang: str) -> list[str]:
    return [i.kind for i in TermMatcher(GLOSSARY).check_translation(source, target, lang)]


def test_a_rendering_that_heads_or_modifies_a_compound_is_found() -> None:
    assert kinds("The tram lines are closed.", "Die Straßenbahnlinien sind gesperrt.", "de") == []
    assert kinds("At the main station.", "Am Hauptbahnhof.", "de") == []
    assert kinds("At the main station.", "Am Hauptbahnhofs.", "de") == []
    assert kinds("The tram lines are closed.", "Die Buslinien sind gesperrt.", "de") == ["missing"]


def test_ukrainian_case_endings() -> None:
    assert kinds("The decision of the city council.", "Рішення міської ради.", "uk") == []
    assert kinds("The city council met.", "Міська рада зібралася.", "uk") == []
    assert kinds("The decision of the city council.", "Рішення депутатів.", "uk") == ["missing"]


def test_a_language_tmflow_cannot_judge_gets_a_warning() -> None:
    assert not judged("ka") and judged("uk") and judged("de") and judged("tr")
    [issue] = TermMatcher(GLOSSARY).check_translation("The tram.", "ტრამვაით.", "ka")
    assert issue.kind == "unverified" and issue.severity == "warning"
    assert "cannot match inflected ka forms" in issue.message


def test_check_reports_an_unjudged_language_as_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "locales" / "ka").mkdir(parents=True)
    (root / "tmflow.toml").write_text('languages = ["ka"]\n', "utf-8")
    (root / "glossary.yml").write_text("terms:\n  - term: tram\n    ka: ტრამვაი\n", "utf-8")
    (root / "locales" / "ka" / "a.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ka\\n"\n"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "The tram is late."\nmsgstr "ტრამვაით აგვიანებს."\n',
        "utf-8",
    )
    result = invoke(
        "-p", str(root), "check", "--only", "glossary-missing", "--only", "glossary-unverified"
    )
    assert result.code == 0, result.output
    assert "warning [glossary-unverified]" in result.stdout
