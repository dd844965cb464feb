"""The review page in a real browser (headless Chromium over the DevTools pipe): the source
beside the translation block by block, right to left where the language is, headings,
lists and tables where they belong, hostile text kept as text, the pairing of a segment with
its translation under the pointer, and a 200-segment article shown in under a second."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tests.conftest import invoke
from tests.steps.report.chromium import Chromium, Tab
from tests.steps.report.review_project import make_long_project, make_review_project
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po

pytestmark = pytest.mark.browser


def _page(project: Path, out: Path, lang: str, *extra: str) -> Path:
    result = invoke("-p", project, "review", "story", "-l", lang, "-o", out, *extra)
    assert result.code == 0, result.output
    return out


BOXES = """Array.from(document.querySelectorAll('.blk')).map(b => {
  const s = b.querySelector(':scope > .src').getBoundingClientRect();
  const t = b.querySelector(':scope > .tgt').getBoundingClientRect();
  return [s.left, s.right, s.top, t.left, t.right, t.top]; })"""


def _font_size(tab: Tab, selector: str) -> float:
    return float(
        tab.evaluate(
            f"parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)"
        )
    )


def test_source_beside_translation_in_the_sources_order(tmp_path: Path) -> None:
    project = make_review_project(tmp_path / "p")
    fr = _page(project, tmp_path / "fr.html", "fr")
    ar = _page(project, tmp_path / "ar.html", "ar")
    with Chromium(tmp_path / "profile", width=1200, height=900) as browser:
        tab = browser.open(fr.as_uri())
        boxes = tab.evaluate(BOXES)
        assert len(boxes) == 11  # ten blocks and the entry the source no longer has
        width = tab.evaluate("document.documentElement.clientWidth")
        for s_left, s_right, s_top, t_left, t_right, t_top in boxes:
            assert s_right <= t_left  # the source on the left, the translation on the right
            assert abs(s_top - t_top) < 1  # side by side, block by block
            assert s_right - s_left > width / 4 and t_right - t_left > width / 4
        tops = [b[2] for b in boxes]
        assert tops == sorted(tops)  # in the source's order, down the page
        assert (
            _font_size(tab, ".tgt .h1")
            > _font_size(tab, ".tgt .h2")
            > _font_size(tab, ".k-paragraph .tgt p")
        )
        # the list marker before the item, the nested item further in
        items = tab.evaluate(
            "Array.from(document.querySelectorAll('.tgt .li')).map(e =>"
            " [e.querySelector('.mk').textContent, e.querySelector('.seg').getBoundingClientRect().left])"
        )
        assert [m for m, _ in items] == ["-", "-", "1."]
        assert items[2][1] > items[1][1]
        # table cells in their rows and columns
        cells = tab.evaluate(
            "Array.from(document.querySelectorAll('.k-table .tgt tr')).map(r =>"
            " Array.from(r.cells).map(c => c.querySelector('.seg').textContent))"
        )
        assert cells == [["Ville", "Année"], ["Bakou", "2012"]]
        # a changed segment: the old and new source, the difference marked
        assert tab.evaluate("document.querySelector('.note.s-changed del').textContent") == "5"
        assert tab.evaluate("document.querySelector('.note.s-changed ins').textContent") == "6"
        # glossary terms: the approved rendering on hover
        assert (
            tab.evaluate("document.querySelector('.tgt mark.term').title")
            == "glossary: Moscow — approved: Moscou"
        )
        # a segment and its translation light up together under the pointer
        x, y = tab.evaluate(
            "(() => { const r = document.getElementById('s3').getBoundingClientRect();"
            " return [r.x + 5, r.y + r.height / 2]; })()"
        )
        tab.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        assert tab.evaluate("document.getElementById('src-3').classList.contains('hl')")
        assert not tab.evaluate("document.getElementById('src-4').classList.contains('hl')")
        assert tab.evaluate("performance.getEntriesByType('resource').length") == 0

        rtl = browser.open(ar.as_uri())
        assert rtl.evaluate("getComputedStyle(document.querySelector('.tgt')).direction") == "rtl"
        # Arabic text starts at the right edge of its column
        gap = rtl.evaluate(
            "(() => { const p = document.querySelector('.k-paragraph .tgt p');"
            " const s = p.querySelector('.seg').getBoundingClientRect();"
            " return p.getBoundingClientRect().right - s.right; })()"
        )
        assert 0 <= gap < 2
        # and its table's first column is on the right
        first, second = rtl.evaluate(
            "Array.from(document.querySelector('.k-table .tgt tr').cells)"
            ".map(c => c.getBoundingClientRect().left)"
        )
        assert first > second
        for _s_left, s_right, _s_top, t_left, _t_right, _t_top in rtl.evaluate(BOXES):
            assert s_right <= t_left  # the source stays on the left


def test_hostile_sources_msgids_translations_comments_and_names(tmp_path: Path) -> None:
    evil = "<script>window.pwned=1;document.title='PWNED'</script>"
    source = (
        f'# Title {evil}\n\nA sentence <img src=x onerror="window.pwned=2"> here.\n\n'
        "Another </style><style>body{display:none}</style> one.\n"
    )
    project = make_review_project(tmp_path / "p", source)
    po_path = project / "locales" / "fr" / "story.po"
    po = load_po(po_path)
    for entry in po:
        entry.msgstr = entry.msgid + ' <iframe src="javascript:window.pwned=3"></iframe>'
        entry.tcomment = "</div></section><script>window.pwned=4</script>"
    po.append(polib.POEntry(msgid='"><svg onload=window.pwned=5>', msgstr="<b>x</b>"))
    save_po(po, po_path)
    page = _page(project, tmp_path / "evil.html", "fr")
    with Chromium(tmp_path / "profile") as browser:
        tab = browser.open(page.as_uri())
        assert tab.evaluate("typeof window.pwned") == "undefined"
        assert tab.evaluate("document.title").startswith("Review: story in French")
        assert tab.evaluate("document.querySelectorAll('img, iframe, svg, b').length") == 0
        assert tab.evaluate("document.scripts.length") == 1
        assert tab.evaluate("document.styleSheets.length") == 1
        assert tab.evaluate("getComputedStyle(document.body).display") == "block"
        shown = tab.evaluate("document.body.innerText")
        assert "Title <script>window.pwned=1" in shown
        assert "<img src=x onerror=" in shown and '<iframe src="javascript:' in shown
        assert "</div></section><script>window.pwned=4</script>" in shown
        # printed: the link to the index is left out, the colours kept
        tab.call("Emulation.setEmulatedMedia", {"media": "print"})
        assert tab.evaluate(
            "getComputedStyle(document.querySelector('.seg')).printColorAdjust"
        ) == ("exact")

    # a file name that is markup: the page of an article known only by its PO file
    name = '"><img src=q onerror="window.pwned=6">x'
    save_po(load_po(po_path), project / "locales" / "fr" / f"{name}.po")
    folder = tmp_path / "all"
    result = invoke("-p", project, "review", "--all", "-l", "fr", "-o", folder)
    assert result.code == 0, result.output
    with Chromium(tmp_path / "profile2") as browser:
        for page in (folder / "fr" / f"{name}.html", folder / "index.html"):
            tab = browser.open(page.as_uri())
            assert tab.evaluate("typeof window.pwned") == "undefined"
            assert tab.evaluate("document.querySelectorAll('img, iframe, svg').length") == 0
            assert name in tab.evaluate("document.body.innerText")
        tab.click("#articles tbody tr:first-child a[href*='.html']")  # to its review page
        tab.wait_for(
            "!location.pathname.endsWith('index.html') && document.readyState === 'complete'"
        )
        assert (
            tab.evaluate("document.querySelector('h1').textContent")
            == f"Review: {name} in French (fr)"
        )


def test_a_200_segment_article_is_shown_in_under_a_second(tmp_path: Path) -> None:
    project = make_long_project(tmp_path / "p", 200)
    result = invoke("-p", project, "review", "long", "-l", "fr", "-o", tmp_path / "long.html")
    assert result.code == 0, result.output
    with Chromium(tmp_path / "profile") as browser:
        browser.open("about:blank")  # the browser is up before the clock starts
        tab = browser.open((tmp_path / "long.html").as_uri())
        assert tab.evaluate("document.querySelectorAll('.tgt .seg').length") == 200
        timing = tab.evaluate(
            "(() => { const n = performance.getEntriesByType('navigation')[0];"
            " const paint = performance.getEntriesByName('first-contentful-paint')[0];"
            " return [n.loadEventEnd, paint ? paint.startTime : null]; })()"
        )
        load, paint = timing
        assert 0 < load < 1000, timing
        assert paint is None or paint < 1000, timing
