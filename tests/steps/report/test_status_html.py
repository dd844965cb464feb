"""The HTML status page as a coordinator reads it: legend, when and from which commit, per
article drafts by kind and words left, links to the files, the filter's words per row."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import polib

from tests.conftest import invoke
from tests.steps.report.test_status import PLAN, make_project
from tmflow.io.config import load_config
from tmflow.io.git import Head
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.steps.report import pages
from tmflow.steps.report.render import SHOW_FILTERS, render_html, to_json
from tmflow.steps.report.status import status_project

WHEN = datetime(2026, 2, 27, 12, 0, tzinfo=UTC)


class Rows(HTMLParser):
    """The rows of the articles table: their attributes and the text of their cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[dict[str, str | None], list[str]]] = []
        self.tags: list[str] = []
        self._in = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "table":
            self._in = dict(attrs).get("id") == "articles"
        if self._in and tag == "tr" and "data-article" in dict(attrs):
            self.rows.append((dict(attrs), []))
        if self._in and tag in ("td", "th") and self.rows:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1][1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _rows(page: str) -> list[tuple[dict[str, str | None], list[str]]]:
    parser = Rows()
    parser.feed(page)
    return parser.rows


def test_each_article_and_language_is_a_row_with_drafts_by_kind_and_words(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path / "p", PLAN, templates={"story": ["Alpha beta.", "Gamma."]})
    report = status_project(load_config(root))
    page = render_html(report, project="p", info=pages.PageInfo(WHEN, None))
    rows = _rows(page)
    assert [(r["data-article"], r["data-lang"]) for r, _ in rows] == [
        ("news", "fr"),
        ("news", "ru"),  # news has no template: no Arabic row
        ("story", "fr"),
        ("story", "ru"),  # no PO file: counted from the template
        ("story", "ar"),
    ]
    data = to_json(report)
    by_key = {(r["data-article"], r["data-lang"]): (r, cells) for r, cells in rows}
    attrs, cells = by_key[("news", "fr")]
    counts = data["articles"]["news"]["fr"]["segments"]
    words = data["articles"]["news"]["fr"]["words"]
    # article, language, progress, translated, MT, memory, changed, other, untranslated, words
    assert cells[1] == "fr"
    assert cells[3] == f"{counts['translated']}/{counts['total']}" == "1/6"
    drafts = counts["drafts"]
    assert (
        [int(c) for c in cells[4:9]]
        == [
            drafts["mt"],
            drafts["tm"],
            drafts["source_changed"],
            drafts["other"],
            counts["untranslated"],
        ]
        == [1, 1, 1, 1, 1]
    )
    assert cells[9] == f"{words['total'] - words['translated']} / {words['total']}"
    assert set(str(attrs["data-k"]).split()) == {
        "incomplete",
        "review",
        "mt",
        "tm",
        "changed",
        "fuzzy",
        "untranslated",
    }
    complete, _ = by_key[("story", "fr")]
    assert complete["data-k"] == "complete"
    missing, missing_cells = by_key[("story", "ar")]
    assert "missing" in str(missing["data-k"]) and "no PO file yet" in missing_cells[2]
    # every word the filter offers is a word rows can carry, and the other way round
    offered = {key for key, _label in SHOW_FILTERS}
    carried = {w for r, _ in rows for w in str(r["data-k"]).split()}
    assert carried <= offered | {"fuzzy"}


def test_legend_made_line_and_the_two_kinds_of_orange(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", PLAN)
    head = Head("a" * 40, True, root)
    page = render_html(
        status_project(load_config(root)), project="p", info=pages.PageInfo(WHEN, head)
    )
    legend = re.search(r'<ul class="legend".*?</ul>', page, re.S).group(0)  # type: ignore[union-attr]
    for state in pages.STATES:
        assert f'class="sw s-{state.key}"></span>{state.label}</li>' in legend
    assert "Made <time" in page and "2026-02-27 12:00 UTC" in page
    assert "aaaaaaaaaaaa</code> with uncommitted changes" in page
    # the bar of news/fr has a part per state, source changed apart from the MT draft
    row = re.search(r'<tr data-article="news" data-lang="fr".*?</tr>', page).group(0)  # type: ignore[union-attr]
    bar = re.search(r'<div class="bar".*?</div>', row).group(0)  # type: ignore[union-attr]
    assert '<span class="s-mt"' in bar and '<span class="s-changed"' in bar
    assert ".s-changed{--c:#c2185b" in page and ".s-mt{--c:#f9a825" in page


def test_links_to_the_files_and_the_web_view(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", PLAN, templates={"story": ["Alpha beta."]})
    out = tmp_path / "site" / "status.html"
    head = Head("b" * 40, False, tmp_path)
    links = pages.FileLinks(out.parent, root, "https://git.example/r/blob/{ref}/{path}", head)
    page = render_html(status_project(load_config(root)), project="p", links=links)
    assert 'href="./../p/locales/fr/news.po" title="locales/fr/news.po">PO file</a>' in page
    assert f'href="https://git.example/r/blob/{"b" * 40}/p/locales/fr/news.po"' in page
    assert 'title="locales/templates/story.pot">template</a>' in page  # counted from it
    without = render_html(status_project(load_config(root)), project="p")
    assert "href=" not in without and "<code>news.po</code>" in without


def test_review_links_make_the_index_of_the_review_pages(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", PLAN)
    page = render_html(
        status_project(load_config(root)),
        project="p",
        reviews={("news", "fr"): "./fr/news.html"},
        heading="Review pages",
    )
    assert "<h1>Review pages: p</h1>" in page
    rows = _rows(page)
    assert rows[0][1][-1] == "review" and '<a href="./fr/news.html">review</a>' in page
    assert all(cells[-1] == "" for _, cells in rows[1:])


def test_an_unreadable_file_is_a_row_that_says_so(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", PLAN)
    (root / "locales" / "fr" / "broken.po").write_text('msgid "x"\nmsgstr <b>\n', "utf-8")
    page = render_html(status_project(load_config(root)), project="p")
    row = next(cells for attrs, cells in _rows(page) if attrs["data-article"] == "broken")
    assert (
        row[2].startswith("unreadable (line 2): ") and "<b>" not in page.split("broken")[1][:400]
    )


def test_hostile_names_titles_and_translations_stay_text(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {})
    name = 'x"><script>alert(1)<img src=y onerror=z>'
    po = new_catalog("x", "ar")
    po.append(polib.POEntry(msgid="</style><script>s()</script>", msgstr="<iframe src=a>"))
    save_po(po, root / "locales" / "ar" / f"{name}.po")
    page = render_html(status_project(load_config(root)), project="</title><script>p()</script>")
    parser = Rows()
    parser.feed(page)
    assert parser.tags.count("script") == 1 and "iframe" not in parser.tags
    assert "img" not in parser.tags and parser.tags.count("style") == 1
    assert [r["data-article"] for r, _ in parser.rows] == [name]


def test_status_html_through_the_cli_is_made_anew_each_time(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", PLAN)
    out = tmp_path / "pages" / "status.html"
    first = invoke(
        "-p",
        root,
        "status",
        "--format",
        "html",
        "-o",
        out,
        env={"SOURCE_DATE_EPOCH": "1772150400"},
    )
    assert first.code == 0, first.output
    page = out.read_text("utf-8")
    assert "2026-02-27 00:00 UTC" in page
    assert 'href="./../p/locales/fr/news.po"' in page  # relative to the page's folder
    again = invoke(
        "-p",
        root,
        "status",
        "--format",
        "html",
        "-o",
        out,
        env={"SOURCE_DATE_EPOCH": "1772236800"},
    )
    assert again.code == 0
    assert "2026-02-28 00:00 UTC" in out.read_text("utf-8")  # not the first page replayed
    bad = invoke("-p", root, "status", "--format", "html", env={"SOURCE_DATE_EPOCH": "soon"})
    assert bad.code == 2 and "SOURCE_DATE_EPOCH" in bad.stderr
