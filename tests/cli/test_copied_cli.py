"""Segments with nothing to translate (numbers, URLs, e-mail addresses, do-not-translate
terms): copied as translated by ``sync``, counted by ``status``, passed by ``check``,
published by ``build``, and left alone once a reviewer changes them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import invoke
from tmflow.core import provenance
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po

ARTICLE = """\
# Results of the campaign

| Year | Signatures |
| --- | --- |
| 2024 | 12,500 |
| 2025 | 14,000 |

AZIMUT Moscow Olympic

Write to press@example.org for the full report.

press@example.org

https://example.org/report
"""
COPIES = {
    "2024": "numbers",
    "12,500": "numbers",
    "2025": "numbers",
    "14,000": "numbers",
    "AZIMUT Moscow Olympic": "do-not-translate term",
    "press@example.org": "e-mail address",
    "https://example.org/report": "URL",
}
WORDS = {
    "Results of the campaign",
    "Year",
    "Signatures",
    "Write to press@example.org for the full report.",
}


def make_project(root: Path, settings: str = "") -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text(
        f'source-language = "en"\nlanguages = ["ru", "ar"]\n{settings}', "utf-8"
    )
    (root / "glossary.yml").write_text(
        "terms:\n  - term: AZIMUT Moscow Olympic\n    do-not-translate: true\n", "utf-8"
    )
    (root / "sources" / "results.md").write_text(ARTICLE, "utf-8")
    return root


def by_msgid(path: Path) -> dict[str, object]:
    return {e.msgid: e for e in load_po(path) if not e.obsolete}


TRANSLATIONS = {
    "ru": {
        "Results of the campaign": "Итоги кампании",
        "Year": "Год",
        "Signatures": "Подписи",
        "Write to press@example.org for the full report.": (
            "Полный отчёт можно запросить по адресу press@example.org."
        ),
    },
    "ar": {
        "Results of the campaign": "نتائج الحملة",
        "Year": "السنة",
        "Signatures": "التوقيعات",
        "Write to press@example.org for the full report.": (
            "للحصول على التقرير الكامل اكتبوا إلى press@example.org."
        ),
    },
}


def translate_words(path: Path) -> None:
    po = load_po(path)
    for entry in po:
        if entry.msgid in WORDS:
            entry.msgstr = TRANSLATIONS[path.parent.name][entry.msgid]
    save_po(po, path)


def test_copies_are_translated_counted_checked_and_published(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    result = invoke("sync", cwd=project)
    assert result.code == 0, result.output
    assert "ru: 0 translated, 4 added, 7 copied (nothing to translate)" in result.stdout
    ru = project / "locales" / "ru" / "results.po"
    got = by_msgid(ru)
    for source, holds in COPIES.items():
        entry = got[source]
        assert entry.msgstr == source and "fuzzy" not in entry.flags
        assert provenance.lines(entry.tcomment) == [f"copied: {holds}"]
    for source in WORDS:
        assert got[source].msgstr == ""  # words are for people (or a machine draft)

    status = invoke("status", "--format", "json", cwd=project)
    counts = json.loads(status.stdout)["languages"]["ru"]["segments"]
    assert counts["translated"] == 7 and counts["untranslated"] == 4

    for lang in ("ru", "ar"):
        translate_words(project / "locales" / lang / "results.po")
    check = invoke("check", cwd=project)
    assert check.code == 0, check.output
    # a copy is identical to its source and in the source's script, deliberately
    assert "[identical]" not in check.stdout and "[script]" not in check.stdout
    assert "0 errors, 0 warnings" in check.stdout

    build = invoke("build", cwd=project)
    assert build.code == 0, build.output
    assert "2 language versions published" in build.stdout
    published = (project / "published" / "ru" / "results.md").read_text("utf-8")
    assert "| 2024 | 12,500 |" in published and "\nAZIMUT Moscow Olympic\n" in published
    assert "Полный отчёт можно запросить по адресу press@example.org." in published


def test_a_copy_a_reviewer_changed_is_left_alone(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert invoke("sync", cwd=project).code == 0
    ar = project / "locales" / "ar" / "results.po"
    po = load_po(ar)
    for entry in po:
        if entry.msgid == "2024":
            entry.msgstr = "٢٠٢٤"  # Arabic-Indic digits, the reviewer's choice
        if entry.msgid == "2025":
            entry.flags.insert(0, "fuzzy")  # "needs work": a person's flag
    save_po(po, ar)
    again = invoke("sync", cwd=project)
    assert again.code == 0, again.output
    got = by_msgid(ar)
    assert got["2024"].msgstr == "٢٠٢٤" and "fuzzy" not in got["2024"].flags
    assert "copied" not in provenance.kinds(got["2024"].tcomment)  # no longer tmflow's copy
    assert got["2025"].msgstr == "2025" and "fuzzy" in got["2025"].flags  # kept as flagged
    # the source changes: an unchanged copy is copied afresh, not carried over as fuzzy
    source = project / "sources" / "results.md"
    source.write_text(ARTICLE.replace("14,000", "14,500"), "utf-8")
    edited = invoke("sync", cwd=project)
    assert edited.code == 0, edited.output
    got = by_msgid(project / "locales" / "ru" / "results.po")
    assert got["14,500"].msgstr == "14,500" and "fuzzy" not in got["14,500"].flags
    assert "14,000" not in {e.msgid for e in load_po(project / "locales" / "ru" / "results.po")}


def test_a_project_can_turn_copying_off(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "\n[update]\ncopy-untranslatable = false\n")
    result = invoke("sync", "--no-draft", cwd=project)
    assert result.code == 0, result.output
    assert "copied" not in result.stdout
    got = by_msgid(project / "locales" / "ru" / "results.po")
    assert all(got[source].msgstr == "" for source in COPIES)
    # draft says how many it leaves, as status counts them
    draft = invoke("draft", "--provider", "pseudo", "-l", "ru", cwd=project)
    assert draft.code == 0, draft.output
    assert "4 drafts from pseudo, 7 segments left untranslated (7 not for a machine" in (
        draft.stdout
    )
    status = invoke("status", "--format", "json", "-l", "ru", cwd=project)
    assert json.loads(status.stdout)["languages"]["ru"]["segments"]["untranslated"] == 7


def test_copying_for_some_languages_only(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", '\n[update]\ncopy-untranslatable = ["ru"]\n')
    assert invoke("sync", "--no-draft", cwd=project).code == 0
    assert by_msgid(project / "locales" / "ru" / "results.po")["2024"].msgstr == "2024"
    assert by_msgid(project / "locales" / "ar" / "results.po")["2024"].msgstr == ""
    bad = make_project(tmp_path / "q", '\n[update]\ncopy-untranslatable = ["de"]\n')
    refused = invoke("sync", cwd=bad)
    assert refused.code == 2
    assert "update.copy-untranslatable: 'de' is not a target language" in refused.stderr
