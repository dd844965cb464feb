"""The status step and its formats: exact counts, filters, the stats cache, parallel scans."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import polib
import pytest

from tmflow.core.errors import UsageError
from tmflow.io.config import load_config
from tmflow.io.po.writer import new_catalog, new_template, save_po
from tmflow.steps.report import render as render_status
from tmflow.steps.report.status import CACHE_NAME, status_project


def _entry(msgid: str, state: str) -> polib.POEntry:
    entry = polib.POEntry(msgid=msgid, msgstr="")
    if state == "untranslated":
        return entry
    entry.msgstr = "T: " + msgid
    if state == "translated":
        return entry
    entry.flags = ["fuzzy"]
    if state == "mt":
        entry.tcomment = "tmflow: mt google 2026-11-27"
    elif state == "tm":
        entry.tcomment = "tmflow: tm 90% fr/x.po"
    elif state == "changed":
        entry.previous_msgid = "Old " + msgid
    elif state == "obsolete":
        entry.flags = []
        entry.obsolete = True
    return entry


def make_project(
    root: Path,
    plan: dict[tuple[str, str], list[tuple[str, str]]],
    templates: dict[str, list[str]] | None = None,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(exist_ok=True)
    (root / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["fr", "ru", "ar"]\n', "utf-8"
    )
    for (article, lang), entries in plan.items():
        po = new_catalog(article, lang)
        for msgid, state in entries:
            po.append(_entry(msgid, state))
        save_po(po, root / "locales" / lang / f"{article}.po")
    for article, msgids in (templates or {}).items():
        pot = new_template(article)
        for msgid in msgids:
            pot.append(polib.POEntry(msgid=msgid, msgstr=""))
        save_po(pot, root / "locales" / "templates" / f"{article}.pot")
    return root


PLAN = {
    ("news", "fr"): [
        ("One two three.", "translated"),
        ("Four five.", "mt"),
        ("Six.", "tm"),
        ("Seven eight.", "changed"),
        ("Nine.", "fuzzy"),
        ("Ten eleven twelve.", "untranslated"),
        ("Gone.", "obsolete"),
    ],
    ("news", "ru"): [("One two three.", "translated"), ("Four five.", "translated")],
    ("story", "fr"): [("Alpha beta.", "translated")],
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(
        tmp_path / "p",
        PLAN,
        templates={"news": ["One two three.", "Four five."], "story": ["Alpha beta."]},
    )


def test_counts_by_state(project: Path) -> None:
    report = status_project(load_config(project))
    assert report.articles == ("news", "story")
    cell = report.cell("news", "fr")
    s, w = cell.segments, cell.words
    assert (s.translated, s.mt, s.tm, s.changed, s.fuzzy_other, s.untranslated, s.obsolete) == (
        1,
        1,
        1,
        1,
        1,
        1,
        1,
    )
    assert s.total == 6 and s.fuzzy == 4
    assert (w.translated, w.mt, w.tm, w.changed, w.fuzzy_other, w.untranslated, w.obsolete) == (
        3,
        2,
        1,
        2,
        1,
        3,
        1,
    )
    assert report.cell("news", "ru").complete
    # story has no ru PO file: counted from its template, all untranslated
    missing = report.cell("story", "ru")
    assert missing.missing and missing.segments.untranslated == 1 and not missing.complete
    # ar has no files at all: cells come from the templates
    assert report.language_segments("ar").untranslated == 3
    total = report.total_segments
    # fr news, ru news, fr story, ru story (template), ar news and story (templates)
    assert total.total == 6 + 2 + 1 + 1 + 2 + 1


def test_filters(project: Path) -> None:
    config = load_config(project)
    report = status_project(config, ["story"], ["fr"])
    assert list(report.cells) == [("story", "fr")]
    report = status_project(config, languages=["ru"], only_incomplete=True)
    assert report.articles == ("story",)
    with pytest.raises(UsageError):
        status_project(config, languages=["de"])
    with pytest.raises(UsageError):
        status_project(config, ["nope"])


def test_cache_reads_only_changed_files(project: Path) -> None:
    config = load_config(project)
    first = status_project(config)
    assert first.scanned == 5 and first.cached == 0  # 3 PO files + 2 templates
    assert (project / ".tmflow" / CACHE_NAME).is_file()
    second = status_project(config)
    assert second.scanned == 0 and second.cached == 5
    assert second.cells == first.cells
    path = project / "locales" / "ru" / "news.po"
    path.write_text(
        path.read_text("utf-8").replace('msgstr "T: Four five."', 'msgstr ""'), "utf-8"
    )
    third = status_project(config)
    assert third.scanned == 1
    assert third.cell("news", "ru").segments.untranslated == 1
    # without the cache: everything is read, nothing written
    os.unlink(project / ".tmflow" / CACHE_NAME)
    fourth = status_project(config, use_cache=False)
    assert fourth.scanned == 5 and not (project / ".tmflow" / CACHE_NAME).exists()


def test_parallel_scan_matches_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tmflow.steps.report.status as step

    plan = {
        (f"a{i:02d}", lang): [
            (f"Sentence {i} {lang} {j}.", state)
            for j, state in enumerate(("translated", "mt", "untranslated"))
        ]
        for i in range(30)
        for lang in ("fr", "ru", "ar")
    }
    root = make_project(tmp_path / "many", plan)
    config = load_config(root)
    serial = status_project(config, use_cache=False, workers=1)
    monkeypatch.setattr(step, "PARALLEL_MIN_FILES", 10)
    parallel = status_project(config, use_cache=False, workers=2)
    assert parallel.cells == serial.cells
    assert parallel.total_segments.total == 90 * 3


def test_unreadable_file_is_reported_not_fatal(project: Path) -> None:
    (project / "locales" / "ru" / "broken.po").write_text('msgid "x\n', "utf-8")
    report = status_project(load_config(project), use_cache=False)
    cell = report.cell("broken", "ru")
    assert cell.error == ("unterminated string", 1)
    text = render_status.render_text(report)
    assert "broken.po:1: error: unterminated string" in text


def test_json_schema(project: Path) -> None:
    report = status_project(load_config(project))
    data = json.loads(render_status.render_json(report, project))
    assert data == render_status.to_json(report, project)
    assert data["version"] == render_status.SCHEMA_VERSION == 1
    keys = {"total", "translated", "fuzzy", "drafts", "untranslated", "obsolete", "percent"}
    for lang in ("fr", "ru", "ar"):
        for unit in ("segments", "words"):
            block = data["languages"][lang][unit]
            assert set(block) == keys
            assert block["fuzzy"] == sum(block["drafts"].values())
            assert block["total"] == block["translated"] + block["fuzzy"] + block["untranslated"]
    cell = data["articles"]["news"]["fr"]
    assert cell["path"] == "locales/fr/news.po"
    assert cell["segments"]["drafts"] == {"mt": 1, "tm": 1, "source_changed": 1, "other": 1}
    assert cell["words"]["translated"] == 3
    assert data["articles"]["story"]["ru"]["missing"] is True
    assert data["total"]["segments"]["total"] == report.total_segments.total


def test_text_markdown_csv(project: Path) -> None:
    report = status_project(load_config(project))
    text = render_status.render_text(report)
    assert text.splitlines()[0].split() == ["article", "fr", "ru", "ar"]
    assert "\x1b[" not in text
    assert "\x1b[32m" in render_status.render_text(report, color=True)
    md = render_status.render_markdown(report)
    assert md.startswith("| article | fr | ru | ar |")
    assert "| news | 16.7% |" not in md and "| news | 17% | ✅ 100% |" in md
    rows = list(csv.DictReader(io.StringIO(render_status.render_csv(report))))
    row = next(
        r
        for r in rows
        if r["article"] == "news" and r["language"] == "fr" and r["unit"] == "words"
    )
    assert (row["translated"], row["fuzzy"], row["untranslated"], row["obsolete"]) == (
        "3",
        "6",
        "3",
        "1",
    )


def test_html_is_self_contained_and_escaped(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "h",
        {
            ("evil", "fr"): [("<script>alert(1)</script> & more", "translated")],
            ("evil", "ar"): [("Where is justice?", "untranslated")],
        },
    )
    po = new_catalog("evil", "ar")
    po.append(polib.POEntry(msgid="Where is justice?", msgstr="أين العدالة؟ <img src=x>"))
    save_po(po, root / "locales" / "ar" / "evil.po")
    page = render_status.render_html(status_project(load_config(root)), project="<p>")
    assert page.count("<script>") == 1 and "&lt;script&gt;" in page  # the page's own only
    assert "<img" not in page and "&lt;img src=x&gt;" in page
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert (
        "http://" not in page
        and "https://" not in page
        and "src=" not in page.replace("&lt;img src=x&gt;", "")
    )


# ---------------------------------------------------------------------------------------------
# the compact report, the row-by-row stats cache and the fingerprint of a report


def _many(tmp_path: Path) -> Path:
    """30 articles × 3 languages with headlines, a few PO files missing (counted from the
    template) and one broken file."""
    plan = {
        (f"a{i:02d}", lang): [
            (f"Headline {i} «{lang}».", "translated" if i % 2 else "mt"),
            (f"Body {i}.", "untranslated"),
        ]
        for i in range(30)
        for lang in ("fr", "ru", "ar")
        if (i, lang) not in {(3, "ru"), (4, "ar"), (4, "fr")}
    }
    root = make_project(
        tmp_path / "many",
        plan,
        templates={f"a{i:02d}": [f"Headline {i} «x».", f"Body {i}."] for i in range(30)},
    )
    (root / "locales" / "fr" / "a07.po").write_text('msgid "x\n', "utf-8")
    return root


def _everything(report) -> list:
    return [(k, c) for k, c in report.cells.items()] + [
        (
            "languages",
            [(report.language_segments(la), report.language_words(la)) for la in report.languages],
        ),
        ("errors", report.errors),
        ("articles", report.articles),
        ("complete", report.complete_catalogs, report.catalogs),
    ]


def test_report_from_the_cache_equals_the_counted_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tmflow.steps.report.status as step

    config = load_config(_many(tmp_path))
    monkeypatch.setattr(step, "PARALLEL_MIN_FILES", 10)
    counted = status_project(config, workers=2)
    assert counted.scanned == 30 * 3 - 3 + 2 and counted.cached == 0  # 2 templates
    assert counted.cell("a04", "fr").missing and counted.cell("a04", "fr").path.endswith(
        os.path.join("templates", "a04.pot")
    )
    assert counted.cell("a01", "ru").title == ("Headline 1 «ru».", "T: Headline 1 «ru».")
    assert counted.cell("a07", "fr").error == ("unterminated string", 1)
    cached = status_project(config, workers=2)
    assert cached.scanned == 0 and cached.cached == counted.scanned
    assert _everything(cached) == _everything(counted)
    assert _everything(status_project(config, use_cache=False, workers=1)) == _everything(counted)
    incomplete = status_project(config, only_incomplete=True)
    assert incomplete.articles == counted.articles  # every article has an untranslated body
    untitled = status_project(config, titles=False)
    assert untitled.cell("a01", "ru").title is None
    assert untitled.cell("a01", "ru").segments == counted.cell("a01", "ru").segments


def test_a_damaged_cache_row_is_counted_again(tmp_path: Path) -> None:
    import sqlite3

    root = _many(tmp_path)
    config = load_config(root)
    counted = status_project(config)
    with sqlite3.connect(root / ".tmflow" / CACHE_NAME) as db:
        changed = db.execute(
            "UPDATE rows SET data = ? WHERE key = ?",
            (b'[[1, 2], "not counts"]', b"locales/ru/a05.po"),
        ).rowcount
    assert changed == 1
    again = status_project(config)
    assert again.scanned == 1 and again.cached == counted.scanned - 1
    assert _everything(again) == _everything(counted)


@pytest.mark.parametrize(
    "articles, languages", [((), ()), (("a04", "a05"), ("fr",)), ((), ("ru", "ar"))]
)
def test_fingerprint_of_a_report_is_the_fingerprint_of_the_tree(
    tmp_path: Path, articles: tuple, languages: tuple
) -> None:
    from tmflow.steps.report.status import tree_fingerprint

    root = _many(tmp_path)
    config = load_config(root)
    report = status_project(config, articles, languages)
    by_stat = tree_fingerprint(config, articles, languages, extra="json")
    assert (
        by_stat
        and tree_fingerprint(config, articles, languages, extra="json", report=report) == by_stat
    )
    assert tree_fingerprint(config, articles, languages, extra="csv") != by_stat
    # a file that appears after the count: the report no longer fingerprints the tree
    lang = "ar" if "ar" in languages else "fr"  # a04 has no PO file in either
    save_po(new_catalog("a04", lang), root / "locales" / lang / "a04.po")
    assert tree_fingerprint(config, articles, languages, extra="json", report=report) == ""
    assert tree_fingerprint(config, articles, languages, extra="json") != by_stat
