"""The check step: planted defects found with the right id and line, a clean corpus passes,
configuration and ignore comments work, and every output format parses back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tmflow.core.errors import UsageError
from tmflow.io.config import load_config
from tmflow.steps.qa import render as render_check
from tmflow.steps.qa.check import check_project
from tmflow.steps.qa.checks import all_checks, ignored_ids
from tmflow.steps.qa.checks.fidelity import numbers
from tmflow.steps.qa.checks.numbers import counts

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "check"


@pytest.fixture
def defects(tmp_path: Path) -> Path:
    root = tmp_path / "defects"
    shutil.copytree(CORPUS / "defects", root)
    return root


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    root = tmp_path / "clean"
    shutil.copytree(CORPUS / "clean", root)
    return root


def _lines(report) -> list[str]:
    return [
        f"{f.path}{f':{f.line}' if f.line else ''}: {f.severity} [{f.check}]"
        for f in report.findings
    ]


def test_defects_are_reported_with_id_and_line(defects: Path) -> None:
    report = check_project(load_config(defects))
    expected = (defects / "expected.txt").read_text("utf-8").splitlines()
    assert _lines(report) == expected
    assert report.failed


def test_every_check_has_a_planted_defect() -> None:
    expected = (CORPUS / "defects" / "expected.txt").read_text("utf-8")
    missing = [cid for cid in all_checks() if f"[{cid}]" not in expected]
    # stem-only needs an inflected match the small glossary does not produce
    # (glossary-unverified needs a language tmflow cannot judge: the corpus has none; see
    # tests/steps/test_terms_inflection.py)
    assert missing == ["glossary-unverified", "glossary-stem-only"]


def test_clean_corpus_has_no_findings(clean: Path) -> None:
    report = check_project(load_config(clean))
    assert report.findings == []
    assert not report.failed
    assert report.files == 4


def test_ignore_comment_silences_one_entry(defects: Path) -> None:
    report = check_project(load_config(defects), languages=["ru"], only=["numbers"])
    lines = sorted(f.line for f in report.findings if f.path == "locales/ru/fidelity.po")
    # line 15 is reported; 2 later entries carry tmflow-ignore comments
    assert lines == [15]
    assert ignored_ids("tmflow-ignore: numbers, urls\nother") == {"numbers", "urls"}


def test_severity_override_and_off(defects: Path) -> None:
    (defects / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["ru", "fr", "ar", "az"]\n\n'
        '[check.severity]\nnumbers = "info"\nurls = "off"\n\n'
        '[check.languages.ar]\nnumbers = "error"\n',
        "utf-8",
    )
    report = check_project(load_config(defects))
    by = {(f.path, f.check): f.severity for f in report.findings}
    assert by[("locales/ru/fidelity.po", "numbers")] == "info"
    assert by[("locales/ar/fidelity.po", "numbers")] == "error"
    assert not any(f.check == "urls" for f in report.findings)
    assert not any(f.check == "min-translated" for f in report.findings)  # no threshold now


def test_min_translated_override(clean: Path) -> None:
    report = check_project(load_config(clean), min_translated=100)
    assert report.findings == []
    (clean / "locales" / "az" / "clean.po").write_text(
        (clean / "locales" / "az" / "clean.po")
        .read_text("utf-8")
        .replace('msgstr "Nümayəndə heyəti Bakıya gəldi."', 'msgstr ""'),
        "utf-8",
    )
    report = check_project(load_config(clean), languages=["az"])
    assert [(f.check, f.line) for f in report.findings] == [
        ("min-translated", 1),
        ("untranslated", 18),
    ]
    assert report.failed


def test_filters_and_bad_input(defects: Path) -> None:
    config = load_config(defects)
    report = check_project(config, ["states"], ["az"])
    assert {f.path for f in report.findings} == {"locales/az/states.po"}
    with pytest.raises(UsageError):
        check_project(config, languages=["de"])
    with pytest.raises(UsageError):
        check_project(config, ["no-such-article"])
    with pytest.raises(UsageError):
        check_project(config, only=["no-such-check"])


def test_parallel_run_matches_serial(defects: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tmflow.steps.qa.runner as step

    config = load_config(defects)
    serial = check_project(config, workers=1)
    monkeypatch.setattr(step, "PARALLEL_MIN_FILES", 2)
    parallel = check_project(config, workers=2)
    assert parallel.findings == serial.findings


@pytest.mark.parametrize(
    "source,target,ok",
    [
        ("Over 1,000 people.", "Более 1 000 человек.", True),
        ("Over 1,000 people.", "أكثر من ١٬٠٠٠ شخص.", True),
        ("3.5 million", "3,5 миллиона", True),
        ("In 2014, 613 died.", "В 2014 году погибли 613.", True),
        ("In 2014, 613 died.", "В 2014 году погибли 631.", False),
    ],
)
def test_numbers_locale_forms(source: str, target: str, ok: bool) -> None:
    assert (numbers(source, target, "ru") is None) is ok
    assert counts("1,000,000 and ١٢", "en") == counts("1 000 000 and 12", "en")


def test_output_formats_parse_back(defects: Path) -> None:
    report = check_project(load_config(defects))
    data = json.loads(render_check.render_json(report))
    assert data["version"] == 1
    assert data["summary"]["failed"] is True
    assert data["summary"]["errors"] == report.count("error")
    assert {"check", "severity", "message", "path", "line", "language", "msgid"} <= set(
        data["findings"][0]
    )

    root = ET.fromstring(render_check.render_junit(report))
    assert root.tag == "testsuites"
    failures = root.findall(".//failure")
    assert int(root.get("failures")) == len(failures) > 0
    assert any("locales/ru/fidelity.po:15" in (f.text or "") for f in failures)

    sarif = json.loads(render_check.render_sarif(report))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
    first = run["results"][0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"].startswith("locales/")

    github = render_check.render_github(report).splitlines()
    assert (
        "::error file=locales/ru/fidelity.po,line=15,title=tmflow numbers::[numbers] "
        "numbers differ from the source: 2014 changed to 2013" in github
    )

    text = render_check.render_text(report)
    assert "locales/ru/syntax.po:19: error [po-syntax] unterminated string" in text
    assert render_check.summary_line(report).startswith("check failed: 22 errors")


def test_junit_clean_has_a_passing_case(clean: Path) -> None:
    report = check_project(load_config(clean))
    root = ET.fromstring(render_check.render_junit(report))
    assert root.get("failures") == "0"
    assert len(root.findall(".//testcase")) == 1
    assert (
        render_check.summary_line(report)
        == "check passed: 0 errors, 0 warnings, 0 info in 4 files"
    )


def test_registry_entries_are_well_formed() -> None:
    for check_id, check in all_checks().items():
        assert check.id == check_id
        assert check.severity in ("error", "warning", "info")
        assert check.description and "\n" not in check.description
    listing = render_check.render_list()
    assert "numbers" in listing and "glossary-forbidden" in listing


def test_findings_cache(defects: Path) -> None:
    config = load_config(defects)
    first = check_project(config)
    assert first.checked == first.files == 20
    assert (defects / ".tmflow" / "check-cache.sqlite3").is_file()
    second = check_project(config)
    assert second.checked == 0
    assert second.findings == first.findings
    po = defects / "locales" / "ru" / "states.po"
    po.write_text(
        po.read_text("utf-8").replace(
            'msgid "A fuzzy entry."\nmsgstr "Нечёткая запись."',
            'msgid "A fuzzy entry."\nmsgstr ""',
        ),
        "utf-8",
    )
    third = check_project(config)
    assert third.checked == 1
    assert not any(f.check == "fuzzy" and f.path == "locales/ru/states.po" for f in third.findings)
    # other settings: the cache does not apply
    fourth = check_project(config, only=["numbers"])
    assert fourth.checked == 20
    assert check_project(config, use_cache=False).checked == 20


@pytest.mark.parametrize("corpus", ["defects", "clean"])
def test_light_reader_gives_the_same_findings_as_the_full_parser(
    corpus: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tmflow.steps.qa.filecheck as step

    root = tmp_path / corpus
    shutil.copytree(CORPUS / corpus, root)
    # more layouts: non-canonical comments, refs, flags, strings; obsolete entries
    (root / "locales" / "ru" / "layouts.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
        '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        '#no space\n#: a.txt:1 a.txt:1\n#, python-format, fuzzy\nmsgid "One %s"\n'
        'msgstr "Один %s"\n\n'
        '#. comment  \nmsgid "Two\\tthree"\nmsgstr "Два\\tтри"\n\n'
        'msgid ""\n"Only one piece"\nmsgstr "Один кусок 2"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Старое"\n',
        "utf-8",
    )
    config = load_config(root)
    light = check_project(config, use_cache=False, workers=1)
    monkeypatch.setattr(step, "USE_LIGHT", False)
    full = check_project(config, use_cache=False, workers=1)
    assert light.findings == full.findings
    assert any(
        f.check == "canonical-layout" and f.path.endswith("layouts.po") for f in full.findings
    )


def test_fidelity_cases_from_the_sample() -> None:
    from tmflow.steps.qa.checks.fidelity import end_punctuation

    source = "No killings should be allowed in the 21st century."
    assert numbers(source, "В XXI веке нельзя допускать никаких убийств.", "ru") is None
    assert numbers(source, "В XX веке нельзя допускать никаких убийств.", "ru") is not None
    # a mark inside a closing quotation is the quotation's, not the sentence's
    assert (
        end_punctuation(
            "The “Justice for Khojaly!” campaign at a glance",
            "Кратко о кампании «Справедливость для Ходжалы!»",
            "ru",
        )
        is None
    )
    assert end_punctuation("Where is justice?", "Где справедливость.", "ru") is not None


# ---------------------------------------------------------------------------------------------
# findings spooled per language and merged in report order; the row-by-row findings cache


def _tricky(tmp_path: Path) -> Path:
    """Article names whose path order is not their name order ("a-b.po" sorts before "a.po",
    "a" before "a-b"), two languages, a missing PO file, and untranslated entries everywhere
    (a finding in every file)."""
    from tmflow.io.po.writer import new_catalog, new_template, save_po

    root = tmp_path / "tricky"
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["pt", "pt-BR"]\n', "utf-8"
    )
    import polib

    for article in ("a", "a-b", "a.b", "b"):
        pot = new_template(article)
        for i in range(3):
            pot.append(polib.POEntry(msgid=f"Sentence {i} of {article}.", msgstr=""))
        save_po(pot, root / "locales" / "templates" / f"{article}.pot")
        for lang in ("pt", "pt_BR"):
            if (article, lang) == ("a-b", "pt"):
                continue  # no PO file: a po-outdated finding in the middle of pt's spool
            po = new_catalog(article, lang)
            for i in range(3):
                po.append(
                    polib.POEntry(
                        msgid=f"Sentence {i} of {article}.",
                        msgstr="" if i == 1 else f"Frase {i} de {article}.",
                    )
                )
            save_po(po, root / "locales" / lang / f"{article}.po")
    return root


@pytest.mark.parametrize("workers", [1, 2])
def test_findings_come_in_report_order(
    tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tmflow.steps.qa.runner as step
    from tmflow.steps.qa.report import finding_order

    monkeypatch.setattr(step, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(step, "BATCH_MAX", 1)  # many batches, answered out of step
    report = check_project(load_config(_tricky(tmp_path)), workers=workers, use_cache=False)
    findings = report.findings
    assert findings == sorted(findings, key=finding_order)
    paths = list(dict.fromkeys(f.path for f in findings))
    assert paths == sorted(paths)
    names = ("a-b", "a.b", "a", "b")
    # the templates have no source article: their findings are merged in after the PO files'
    assert paths == [f"locales/{lang}/{name}.po" for lang in ("pt", "pt_BR") for name in names] + [
        f"locales/templates/{name}.pot" for name in names
    ]
    assert ("locales/pt/a-b.po", "po-outdated") in {(f.path, f.check) for f in findings}
    assert (
        report.count("warning") + report.count("error") + report.count("info")
        == len(findings)
        == report.total
    )
    report.close()
    assert report.findings == [] and report.total == 0


@pytest.mark.parametrize(
    "damage",
    [
        "findings = X'6e6f74206a736f6e'",  # not JSON
        "findings = X'ff5b5d'",  # not UTF-8
        "findings = '[1, 2]'",  # JSON, not findings
        "errors = errors + 1",  # counts that do not match the findings
        "errors = 'many'",
    ],
)
def test_a_damaged_findings_cache_row_is_checked_again(defects: Path, damage: str) -> None:
    import sqlite3

    config = load_config(defects)
    first = check_project(config)
    with sqlite3.connect(defects / ".tmflow" / "check-cache.sqlite3") as db:
        assert (
            db.execute(
                f"UPDATE findings SET {damage} WHERE key = ?", (b"locales/ru/states.po",)
            ).rowcount
            == 1
        )
    second = check_project(config)
    assert second.checked == 1
    assert second.findings == first.findings
    assert check_project(config).checked == 0  # and the row is whole again


def test_template_outdated_for_a_selected_article_without_its_template(
    sample_project: Path,
) -> None:
    config = load_config(sample_project)
    article = sorted(p.stem for p in (sample_project / "locales" / "templates").glob("*.pot"))[0]
    (sample_project / "locales" / "templates" / f"{article}.pot").unlink()
    for selection in ((), (article,)):  # the whole project, and that article alone
        report = check_project(config, selection, only=["template-outdated"], use_cache=False)
        assert [(f.path, f.message) for f in report.findings] == [
            (
                f"locales/templates/{article}.pot",
                "template missing or out of date with its source (run 'tmflow extract')",
            )
        ]


def test_a_file_name_that_is_not_utf8_is_checked_and_cached(defects: Path) -> None:
    import os

    name = os.fsencode(defects / "locales" / "ru") + b"/caf\xe9.po"  # Latin-1, as old tools save
    shutil.copy(defects / "locales" / "ru" / "states.po", name)
    config = load_config(defects)
    first = check_project(config)
    ours = [f for f in first.findings if f.path == "locales/ru/caf\udce9.po"]
    assert ours and {f.check for f in ours} == {
        f.check for f in first.findings if f.path == "locales/ru/states.po"
    }
    again = check_project(config)  # from the findings cache
    assert again.checked == 0 and again.findings == first.findings


def test_a_second_check_does_not_segment_the_sources_again(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tmflow.steps.extract as extract_mod

    config = load_config(sample_project)
    first = check_project(config, use_cache=False)

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("segmented a source whose template was found up to date")

    monkeypatch.setattr(extract_mod, "segment_text", boom)
    second = check_project(config, use_cache=False)
    assert second.findings == first.findings
    assert not any(f.check == "template-outdated" for f in second.findings)
