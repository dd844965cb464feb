"""The HTML status page in a real browser (headless Chromium, installed by .ci/run), driven
over the DevTools protocol (``tests/steps/report/chromium.py``).

The page is rendered from a project whose names and translations hold markup: after loading,
that markup must be text (no element made from it, its script's side effect absent), Arabic
must be right to left, the page must load nothing from the network, and the table must sort
and filter on clicks and choices as a coordinator makes them, and print without its controls.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest

from tests.steps.report.chromium import CHROMIUM, FLAGS, Chromium, Tab
from tests.steps.report.test_status import PLAN, make_project
from tmflow.io.config import load_config
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.steps.report import pages
from tmflow.steps.report.render import render_html
from tmflow.steps.report.status import status_project

pytestmark = pytest.mark.browser

EVIL = '<script>document.title="PWNED";document.body.innerHTML="PWNED"</script>'


def _evil_project(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["fr", "ar"]\n', "utf-8"
    )
    fr = new_catalog("evil", "fr")
    fr.append(polib.POEntry(msgid="Headline " + EVIL, msgstr="Titre " + EVIL))
    fr.append(polib.POEntry(msgid="Second.", msgstr=""))
    save_po(fr, root / "locales" / "fr" / "evil.po")
    ar = new_catalog("evil", "ar")
    ar.append(
        polib.POEntry(msgid="Headline " + EVIL, msgstr="العنوان <img src=x onerror=alert(1)>")
    )
    ar.append(polib.POEntry(msgid="Second.", msgstr="ثانيا."))
    save_po(ar, root / "locales" / "ar" / "evil.po")
    # a file name that is markup too
    name = 'x"><img src=q onerror=alert(2)><b>b'
    save_po(ar, root / "locales" / "ar" / f"{name}.po")
    return root


def _dump_dom(page: Path, profile: Path) -> str:
    cmd = [
        CHROMIUM,
        *FLAGS,
        f"--user-data-dir={profile}",
        "--virtual-time-budget=2000",
        "--dump-dom",
        page.as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_page_in_chromium_keeps_markup_as_text(tmp_path: Path) -> None:
    root = _evil_project(tmp_path / "p")
    page = tmp_path / "status.html"
    page.write_text(render_html(status_project(load_config(root)), project="<b>proj</b>"), "utf-8")
    dom = _dump_dom(page, tmp_path / "profile")

    as_text = EVIL.replace("<", "&lt;").replace(">", "&gt;")
    as_attribute = as_text.replace('"', "&quot;")
    assert "PWNED" not in dom.replace(as_text, "").replace(as_attribute, "")
    assert "<title>Translation status: &lt;b&gt;proj&lt;/b&gt;</title>" in dom
    assert "Titre &lt;script&gt;document.title=" in dom
    assert dom.count("<script") == 1  # the page's own, nothing made from the files
    assert "<img" not in dom and "&lt;img src=x onerror=alert(1)&gt;" in dom
    assert 'data-article="x&quot;&gt;&lt;img src=q onerror=alert(2)&gt;&lt;b&gt;b"' in dom
    # Arabic headlines are right to left, French ones left to right
    assert 'class="title translation" lang="ar" dir="rtl"' in dom
    assert 'class="title translation" lang="fr" dir="ltr"' in dom
    # progress bars: per language and per article and language
    assert dom.count('class="bar"') == 2 + 3
    assert 'aria-label="100.0% translated"' in dom and 'aria-label="50.0% translated"' in dom


def _order(tab: Tab) -> list[tuple[str, str]]:
    rows = tab.evaluate(
        "Array.from(document.querySelectorAll('#articles tbody tr'))"
        ".map(r => [r.dataset.article, r.dataset.lang])"
    )
    return [(a, lang) for a, lang in rows]


def test_sorting_and_filtering_by_clicks_without_network(tmp_path: Path) -> None:
    plan = dict(PLAN)
    plan[("story", "ru")] = [("Alpha beta.", "mt")]
    plan[("brief", "ar")] = [("Short.", "untranslated"), ("Shorter.", "changed")]
    plan[("brief", "fr")] = [("Short.", "translated"), ("Shorter.", "translated")]
    root = make_project(tmp_path / "p", plan)
    page = tmp_path / "status.html"
    info = pages.PageInfo(datetime(2026, 2, 27, tzinfo=UTC), None)
    page.write_text(render_html(status_project(load_config(root)), info=info), "utf-8")
    with Chromium(tmp_path / "profile") as browser:
        tab = browser.open(page.as_uri())
        assert tab.evaluate("document.title") == "Translation status: tmflow project"
        assert tab.evaluate("document.getElementById('controls').hidden") is False
        start = _order(tab)
        assert start == [
            ("brief", "fr"),
            ("brief", "ar"),
            ("news", "fr"),
            ("news", "ru"),
            ("story", "fr"),
            ("story", "ru"),
        ]
        # words left: the first click sorts the most first
        tab.click("#articles th[data-key=left] button")
        left = tab.evaluate(
            "Array.from(document.querySelectorAll('#articles tbody tr'))"
            ".map(r => Number(r.cells[9].dataset.v))"
        )
        assert left == sorted(left, reverse=True) and left[0] > left[-1]
        assert tab.evaluate("document.querySelector('th[data-key=left]').ariaSort") == "descending"
        tab.click("#articles th[data-key=left] button")  # again: the other way
        assert tab.evaluate("document.querySelector('th[data-key=left]').ariaSort") == "ascending"
        again = tab.evaluate(
            "Array.from(document.querySelectorAll('#articles tbody tr'))"
            ".map(r => Number(r.cells[9].dataset.v))"
        )
        assert again == sorted(left)
        # by article name, ascending on the first click
        tab.click("#articles th[data-key=article] button")
        assert [a for a, _ in _order(tab)] == sorted(a for a, _ in start)
        # filters: a language, then what is left
        tab.choose("#f-lang", "fr")
        assert {lang for _, lang in _order(tab)} == {"fr"} and len(_order(tab)) == 3
        assert tab.evaluate("document.getElementById('f-count').textContent") == "3 of 6 shown"
        tab.choose("#f-show", "incomplete")
        assert _order(tab) == [("news", "fr")]
        tab.choose("#f-lang", "")
        tab.choose("#f-show", "changed")
        assert sorted(_order(tab)) == [("brief", "ar"), ("news", "fr")]
        tab.choose("#f-show", "mt")
        assert sorted(_order(tab)) == [("news", "fr"), ("story", "ru")]
        tab.choose("#f-show", "complete")
        assert sorted(_order(tab)) == [("brief", "fr"), ("news", "ru"), ("story", "fr")]
        tab.choose("#f-show", "")
        tab.type("#f-find", "STO")
        assert sorted(_order(tab)) == [("story", "fr"), ("story", "ru")]
        # the view is kept in the address, and a page opened at it shows the same
        address = tab.evaluate("location.href")
        assert "#find=STO" in address and "sort=article&dir=asc" in address
        tab2 = browser.open(page.as_uri() + "#lang=ru&show=review&sort=left&dir=desc")
        assert _order(tab2) == [("story", "ru")]
        assert tab2.evaluate("document.getElementById('f-lang').value") == "ru"
        # nothing was fetched: no resource but the page itself
        assert tab.evaluate("performance.getEntriesByType('resource').length") == 0
        # printed: the controls are left out, the colours kept
        tab.call("Emulation.setEmulatedMedia", {"media": "print"})
        assert tab.evaluate("getComputedStyle(document.getElementById('controls')).display") == (
            "none"
        )
        assert (
            tab.evaluate("getComputedStyle(document.querySelector('.bar span')).printColorAdjust")
            == "exact"
        )


def test_right_to_left_cells_and_headlines_in_layout(tmp_path: Path) -> None:
    root = _evil_project(tmp_path / "p")
    page = tmp_path / "status.html"
    page.write_text(render_html(status_project(load_config(root))), "utf-8")
    with Chromium(tmp_path / "profile") as browser:
        tab = browser.open(page.as_uri())
        assert tab.evaluate("document.title") != "PWNED"
        assert tab.evaluate("document.querySelectorAll('img, iframe').length") == 0
        direction = tab.evaluate(
            "getComputedStyle(document.querySelector('.title.translation[lang=ar]')).direction"
        )
        assert direction == "rtl"
        # an Arabic headline ends (its first word) at the right of its cell
        gap = tab.evaluate(
            "(() => { const t = document.querySelector('.title.translation[lang=ar]');"
            "const r = document.createRange(); r.selectNodeContents(t);"
            "const text = r.getBoundingClientRect(), box = t.getBoundingClientRect();"
            "return [box.right - text.right, text.left - box.left]; })()"
        )
        assert gap[0] < 2 and gap[1] >= 0


def test_a_long_table_shows_its_first_rows_until_all_are_asked_for(tmp_path: Path) -> None:
    from tmflow.steps.report.render import ROW_LIMIT

    articles = ROW_LIMIT // 3 + 4  # three languages: a few rows more than the limit
    plan = {
        (f"a{i:03d}", lang): [("One.", "translated" if (i + len(lang)) % 3 else "mt")]
        for i in range(articles)
        for lang in ("fr", "ru", "ar")
    }
    root = make_project(tmp_path / "p", plan)
    page = tmp_path / "status.html"
    page.write_text(render_html(status_project(load_config(root))), "utf-8")
    total = articles * 3
    assert page.read_text("utf-8").count("<tr data-article=") == total  # all, without script
    with Chromium(tmp_path / "profile") as browser:
        tab = browser.open(page.as_uri())
        assert len(_order(tab)) == ROW_LIMIT
        count = f"first {ROW_LIMIT} of {total} of {total} shown"
        assert tab.evaluate("document.getElementById('f-count').textContent") == count
        tab.click("#articles th[data-key=mt] button")  # sorted among all rows, then cut
        first = _order(tab)
        assert all(
            tab.evaluate(
                f"document.querySelectorAll('#articles tbody tr')[{i}].cells[4].dataset.v"
            )
            == "1"
            for i in (0, len(first) // 3)
        )
        assert tab.evaluate("document.getElementById('f-all').hidden") is False
        tab.click("#f-all")
        assert len(_order(tab)) == total
        assert tab.evaluate("document.getElementById('f-all').hidden") is True
        tab.choose("#f-lang", "ar")
        assert len(_order(tab)) == articles and {lang for _, lang in _order(tab)} == {"ar"}
