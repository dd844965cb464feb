"""``tmflow glossary check|list|export|import`` through the real CLI boundary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import invoke

PO_HEAD = """\
msgid ""
msgstr ""
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

"""

RU = (
    PO_HEAD.format(lang="ru")
    + """\
#: sources/khojaly-moscow-2014.txt:7
msgid "Vice-president of the Heydar Aliyev Foundation Leyla Aliyeva attended the ceremony."
msgstr "В церемонии приняла участие вице-президент Фонда Гейдара Алиева Лейла Алиева."

#: sources/khojaly-moscow-2014.txt:10
msgid "Leyla Aliyeva delivered a speech at the ceremony."
msgstr "Лейла Алиева выступила на церемонии."

#: sources/khojaly-moscow-2014.txt:13
msgid "This campaign was initiated 5 years ago in Moscow."
msgstr "Эта кампания была начата 5 лет назад в Москве."
"""
)

FR = (
    PO_HEAD.format(lang="fr")
    + """\
#: sources/khojaly-moscow-2014.txt:7
msgid "Leyla Aliyeva delivered a speech at the ceremony."
msgstr "Leyla Aliyeva a prononcé un discours lors de la cérémonie."

msgid "Today, Azerbaijan is a strong, secular and independent country."
msgstr "Aujourd'hui, le peuple azerbaïdjanais est fort."
"""
)


def _write(root: Path, lang: str, text: str, name: str = "khojaly-moscow-2014") -> Path:
    path = root / "locales" / lang / f"{name}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def project(sample_project: Path) -> Path:
    if (sample_project / "locales").is_dir():
        shutil.rmtree(sample_project / "locales")  # only the catalogs these tests write
    _write(sample_project, "ru", RU)
    _write(sample_project, "fr", FR)
    return sample_project


def test_check_clean(project: Path) -> None:
    result = invoke("glossary", "check", cwd=project)
    assert result.code == 0, result.output
    assert (
        "17 terms, 2 catalogs checked: 0 errors, 0 warnings, 1 advisories "
        "(-v shows advisories)" in result.stdout
    )
    assert "[glossary-" not in result.stdout


def test_check_verbose_shows_advisories(project: Path) -> None:
    result = invoke("-v", "glossary", "check", cwd=project)
    assert result.code == 0
    assert (
        "locales/fr/khojaly-moscow-2014.po:12: info [glossary-stem-only] "
        "'azerbaïdjanais' only shares the stem of 'Azerbaïdjan'"
    ) in result.stdout


def test_planted_wrong_name_fails(project: Path) -> None:
    path = project / "locales" / "ru" / "khojaly-moscow-2014.po"
    path.write_text(RU.replace("в Москве", "в Ходжали"), "utf-8")
    result = invoke("glossary", "check", "-l", "ru", cwd=project)
    assert result.code == 1
    lines = [ln for ln in result.stdout.splitlines() if "[glossary-" in ln]
    assert lines == [
        "locales/ru/khojaly-moscow-2014.po:17: error [glossary-forbidden] forbidden rendering "
        "'Ходжали' of 'Khojaly'; use 'Ходжалы'",
        "locales/ru/khojaly-moscow-2014.po:17: error [glossary-missing] 'Moscow' should be "
        "rendered 'Москва' (or an inflected form); not found in the translation",
    ]
    assert "1 catalogs checked: 2 errors" in result.stdout


def test_check_json(project: Path) -> None:
    result = invoke("glossary", "check", "--format", "json", cwd=project)
    data = json.loads(result.stdout)
    assert [(d["check"], d["severity"], d["language"], d["line"]) for d in data] == [
        ("glossary-stem-only", "info", "fr", 12)
    ]


def test_check_honours_configured_severity(project: Path) -> None:
    path = project / "locales" / "ru" / "khojaly-moscow-2014.po"
    path.write_text(RU.replace("в Москве", "в Париже"), "utf-8")
    assert invoke("glossary", "check", cwd=project).code == 1
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[tool.tmflow.check.severity]\n"glossary-missing" = "warning"\n')
    result = invoke("glossary", "check", cwd=project)
    assert result.code == 0, result.output
    assert "warning [glossary-missing] 'Moscow'" in result.stdout


def test_ignore_comment(project: Path) -> None:
    path = project / "locales" / "ru" / "khojaly-moscow-2014.po"
    text = RU.replace("в Москве", "в Париже").replace(
        "#: sources/khojaly-moscow-2014.txt:13",
        "# tmflow-ignore: glossary-missing\n#: sources/khojaly-moscow-2014.txt:13",
    )
    path.write_text(text, "utf-8")
    assert invoke("glossary", "check", cwd=project).code == 0


def test_check_reports_a_broken_glossary(project: Path) -> None:
    (project / "glossary.yml").write_text("terms:\n  - term: Khojaly\n    ru: [Ходжалы\n", "utf-8")
    result = invoke("glossary", "check", cwd=project)
    assert result.code == 2
    assert "glossary.yml:4:1: invalid YAML" in result.stderr
    assert "Traceback" not in result.output


def test_check_unknown_language(project: Path) -> None:
    result = invoke("glossary", "check", "-l", "de", cwd=project)
    assert result.code == 2 and "'de' is not a target language" in result.stderr


def test_list_coverage(project: Path) -> None:
    result = invoke("glossary", "list", "-l", "ru", "-l", "fr", cwd=project)
    assert result.code == 0
    rows = {ln.split("  ")[0].strip(): ln.split() for ln in result.stdout.splitlines()}
    assert rows["Leyla Aliyeva"][-2:] == ["2/2", "1/1"]
    assert rows["Moscow"][-2:] == ["1/1", "0/0"]
    assert rows["AZIMUT Moscow Olympic"][-5:] == ["0/0", "0/0", "(do", "not", "translate)"]
    assert result.stdout.splitlines()[0].split() == ["term", "ru", "fr"]


def test_list_counts_articles_without_a_catalog_from_their_template(project: Path) -> None:
    pot = project / "locales" / "templates" / "other.pot"
    pot.parent.mkdir(parents=True)
    pot.write_text(
        PO_HEAD.format(lang="") + 'msgid "Leyla Aliyeva in Moscow."\nmsgstr ""\n', "utf-8"
    )
    result = invoke("glossary", "list", "-l", "ru", "-l", "tr", cwd=project)
    rows = {ln.split("  ")[0].strip(): ln.split() for ln in result.stdout.splitlines()}
    assert rows["Leyla Aliyeva"][-2:] == ["2/3", "0/1"]
    assert rows["Moscow"][-2:] == ["1/2", "0/1"]


def test_list_json(project: Path) -> None:
    data = json.loads(invoke("glossary", "list", "--format", "json", cwd=project).stdout)
    azer = next(d for d in data if d["term"] == "Azerbaijan")
    # the fr segment renders it only by stem: it occurs, and is not counted as an error
    assert azer["languages"]["fr"] == {"approved": "Azerbaïdjan", "occurrences": 1, "rendered": 1}
    assert azer["languages"]["az"]["occurrences"] == 0


def test_list_counts_fuzzy_as_not_rendered(project: Path) -> None:
    text = RU.replace('msgid "Leyla Aliyeva delivered', '#, fuzzy\nmsgid "Leyla Aliyeva delivered')
    _write(project, "ru", text)
    data = json.loads(
        invoke("glossary", "list", "-l", "ru", "--format", "json", cwd=project).stdout
    )
    leyla = next(d for d in data if d["term"] == "Leyla Aliyeva")
    assert leyla["languages"]["ru"] == {
        "approved": "Лейла Алиева",
        "occurrences": 2,
        "rendered": 1,
    }


def test_export_and_import_round_trip(project: Path, empty_project: Path) -> None:
    tbx = invoke("glossary", "export", cwd=project)
    assert tbx.code == 0 and tbx.stdout.startswith("<?xml")
    out = project / "terms.csv"
    result = invoke("glossary", "export", "--format", "csv", "-l", "ru", "-o", out, cwd=project)
    assert result.code == 0 and "wrote 17 terms (ru)" in result.stdout
    assert out.read_text("utf-8").splitlines()[0] == (
        "term,variants,case-sensitive,do-not-translate,pos,note,ru,ru forms,ru forbidden"
    )
    (empty_project / "all.tbx").write_text(tbx.stdout, "utf-8")
    result = invoke("glossary", "import", "all.tbx", cwd=empty_project)
    assert result.code == 0, result.output
    assert "skipped languages outside the project: az, tr, ar" in result.stderr
    assert "added 17 terms from all.tbx to glossary.yml" in result.stdout
    listed = json.loads(invoke("glossary", "list", "--format", "json", cwd=empty_project).stdout)
    khojaly = next(d for d in listed if d["term"] == "Khojaly")
    assert khojaly["languages"]["ru"]["approved"] == "Ходжалы"
    assert khojaly["languages"]["fr"]["approved"] == "Khodjaly"


def test_import_refuses_duplicates(project: Path) -> None:
    before = (project / "glossary.yml").read_bytes()
    (project / "new.csv").write_text("term,ru\nBaku,Баку\nMoscow,Москва\n", "utf-8")
    result = invoke("glossary", "import", "new.csv", cwd=project)
    assert result.code == 2
    assert (
        "refusing to import: 1 term(s) already defined: 'Moscow' (already at line "
        in result.stderr
    )
    assert (project / "glossary.yml").read_bytes() == before


def test_import_dry_run_and_real(project: Path) -> None:
    before = (project / "glossary.yml").read_bytes()
    (project / "new.csv").write_text("term,ru,tr\nBaku,Баку,Bakü\n", "utf-8")
    result = invoke("glossary", "import", "--dry-run", "new.csv", cwd=project)
    assert result.code == 0 and "would add 1 terms" in result.stdout
    assert (project / "glossary.yml").read_bytes() == before
    result = invoke("glossary", "import", "new.csv", cwd=project)
    assert result.code == 0
    text = (project / "glossary.yml").read_text("utf-8")
    assert text.startswith(before.decode("utf-8").rstrip("\n"))
    assert text.endswith("  - term: Baku\n    ru: Баку\n    tr: Bakü\n")


def test_import_bad_file(project: Path) -> None:
    (project / "bad.csv").write_text("term,colour\nBaku,red\n", "utf-8")
    result = invoke("glossary", "import", "bad.csv", cwd=project)
    assert result.code == 2 and "bad.csv:1:2: unknown column 'colour'" in result.stderr
    result = invoke("glossary", "import", "missing.tbx", cwd=project)
    assert result.code == 2 and "not found" in result.stderr


def test_sample_project_is_clean(sample_project: Path) -> None:
    # whatever sample translations exist must satisfy the sample glossary
    result = invoke("glossary", "check", cwd=sample_project)
    assert result.code == 0, result.stdout + result.stderr
