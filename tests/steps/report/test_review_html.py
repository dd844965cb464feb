"""The review page as HTML: segments coloured by state and placed by kind, the PO file's line
on each, the notes of a changed source, terms with their renderings, findings with their ids;
and whatever a source, a msgid, a translation, a comment, a message or a file name holds, it
stays text (a property test parses the page)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile import tried
from tests.hostile.test_reports import RAW_CONTROL, SEVERITY, TEXT, settings_
from tests.steps.report.review_project import make_review_project
from tmflow.core.display import printable
from tmflow.core.model import BlockKind, Finding
from tmflow.io.config import load_config
from tmflow.io.git import Head
from tmflow.steps.report import pages
from tmflow.steps.report.review import Mark, ReviewBlock, ReviewPage, ReviewSegment, review_article
from tmflow.steps.report.review_html import write_review_html
from tmflow.steps.report.status import CatalogStatus, Counts
from tmflow.steps.writers import as_text

render = as_text(write_review_html)
WHEN = datetime(2026, 2, 27, 8, 0, tzinfo=UTC)
# every element the page is made of; anything else would come from a file
ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "script", "h1", "h2", "p", "a", "code",
    "time", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "span", "div", "section",
    "blockquote", "mark", "del", "ins",
}  # fmt: skip


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_review_project(tmp_path_factory.mktemp("review-html") / "p")


def test_segments_by_state_with_their_lines_and_the_counts_of_the_status(project: Path) -> None:
    config = load_config(project)
    page = review_article(config, "story", "fr")
    links = pages.FileLinks(project, project)
    html = render(page, project="p", info=pages.PageInfo(WHEN, None), links=links)
    doc = parse(html)
    targets = [
        a for tag, a in doc.elements if tag == "span" and re.fullmatch(r"s\d+", str(a.get("id")))
    ]
    assert len(targets) == 15
    classes = [str(a["class"]).split()[1] for a in targets]
    assert classes == [
        "s-translated",
        "s-translated",
        "s-mt",
        "s-changed",
        "s-tm",
        "s-fuzzy",
        "s-untranslated",
        "s-translated",
        "s-translated",
        "s-translated",
        "s-translated",
        "s-translated",
        "s-copied",
        "s-missing",
        "s-translated",
    ]
    # the line of every segment in the PO file, a link to the file
    lines = [a for tag, a in doc.elements if tag == "a" and a.get("class") == "ln"]
    po_lines = [s.po_line for s in page.segments() if s.po_line]
    assert all(a["href"] == "./locales/fr/story.po" for a in lines)
    assert {a["title"] for a in lines} == {f"locales/fr/story.po:{n}" for n in po_lines}
    # the header's counts are the status cell's
    counts = re.search(r'<table class="counts">.*?</table>', html).group(0)  # type: ignore[union-attr]
    status = page.status
    assert status is not None
    cells = re.findall(r'<td class="num s-(\w+)">(\d+)</td>', counts)
    assert cells[:6] == [(k, str(n)) for k, n in status.segments.by_state()]
    assert cells[6:] == [(k, str(n)) for k, n in status.words.by_state()]
    assert "Made <time" in html and "fr (fr)" not in html and "French (fr)" in html


def test_changed_source_memory_match_terms_and_findings(project: Path) -> None:
    page = review_article(load_config(project), "story", "fr")
    html = render(page, project="p")
    note = re.search(r'<div class="note s-changed".*?</div></div>', html, re.S).group(0)  # type: ignore[union-attr]
    assert "source changed: numbers (5 → 6)" in note
    assert "<del>5</del>" in html and "<ins>6</ins>" in html
    assert 'kept translation</span><span lang="fr" dir="ltr">Elle a duré 5 jours.</span>' in html
    assert "memory draft (80% fr/other.po)" in html and "<del>did</del>" in html
    assert '<mark class="term" title="glossary: Moscow — approved: Moscou">Moscow</mark>' in html
    assert '<mark class="term" title="glossary: Moscow — approved: Moscou">Moscou</mark>' in html
    assert '<li class="sev-error"><code>numbers</code> error: numbers differ' in html
    assert "translator comment:</span> <span" in html and "checked with the editor" in html
    assert "<h2>Findings on the file</h2>" in html and "<code>fuzzy-mt</code>" in html
    assert "In the PO file, not in the source" in html and "Une vieille phrase." in html


def test_blocks_keep_their_kind_and_arabic_is_right_to_left(project: Path) -> None:
    page = review_article(load_config(project), "story", "ar")
    html = render(page, project="p")
    doc = parse(html)
    kinds = [str(a["class"]) for tag, a in doc.elements if tag == "section"]
    assert kinds == [
        "blk k-front-matter",
        "blk k-heading",
        "blk k-paragraph",
        "blk k-heading",
        "blk k-list-item",
        "blk k-list-item",
        "blk k-list-item",
        "blk k-quote",
        "blk k-table",
        "blk k-paragraph",
    ]
    targets = [a for tag, a in doc.elements if tag == "div" and a.get("class") == "tgt"]
    assert targets and all(a["dir"] == "rtl" and a["lang"] == "ar" for a in targets)
    sources = [a for tag, a in doc.elements if tag == "div" and a.get("class") == "src"]
    assert all(a["lang"] == "en" and "dir" not in a for a in sources)
    assert '<div class="h h1" role="heading" aria-level="1">' in html
    assert '<div class="h h2" role="heading" aria-level="2">' in html
    assert '<div class="li" style="margin-inline-start:1.5em"><span class="mk">1.</span>' in html
    table = re.search(r'<div class="tgt"[^>]*><table class="cells">(.*?)</table>', html).group(1)  # type: ignore[union-attr]
    assert table.count("<tr>") == 2 and table.count("<td>") == 4


def test_web_links_to_lines_and_an_unknown_state(tmp_path: Path) -> None:
    head = Head("c" * 40, False, tmp_path)
    links = pages.FileLinks(tmp_path, tmp_path, "https://git.example/r/blob/{ref}/{path}", head)
    seg = ReviewSegment(1, "Hello.", None, "retired", "Bonjour.", po_line=12)
    page = ReviewPage(
        "a",
        "fr",
        "en",
        str(tmp_path / "locales" / "fr" / "a.po"),
        None,
        True,
        blocks=[ReviewBlock(BlockKind.PARAGRAPH, [seg])],
    )
    html = render(page, links=links)
    assert f'href="https://git.example/r/blob/{"c" * 40}/locales/fr/a.po#L12"' in html
    assert '<span class="seg s-other" data-n="1" id="s1" title="§1 · retired' in html


@settings_
@given(
    text=TEXT,
    translation=TEXT,
    comment=TEXT,
    message=TEXT,
    name=TEXT,
    severity=SEVERITY,
    state=st.sampled_from(["translated", "mt", "changed", "tm", "untranslated", "copied", "x<y"]),
)
def test_whatever_the_files_hold_stays_text(
    text: str,
    translation: str,
    comment: str,
    message: str,
    name: str,
    severity: str,
    state: str,
) -> None:
    tried("reports")
    finding = Finding("numbers", severity, message, name, 3, "ar", text)
    mark = Mark(0, min(3, len(text)), name, message)
    seg = ReviewSegment(
        1,
        text,
        None,
        state,
        translation,
        po_line=3,
        previous=comment + text,
        change=message,
        provenance=(message,),
        comment=comment,
        source_marks=(mark,),
        target_marks=(Mark(0, min(2, len(translation)), name, comment),),
        findings=(finding,),
    )
    status = CatalogStatus(name, "ar", name, Counts(translated=1), Counts(translated=4))
    page = ReviewPage(
        name,
        "ar",
        "en",
        f"/p/locales/ar/{name}.po",
        f"/p/sources/{name}.md",
        True,
        blocks=[
            ReviewBlock(BlockKind.LIST_ITEM, [seg], marker=name),
            ReviewBlock(BlockKind.FRONT_MATTER, [seg], marker=comment),
        ],
        extra=[seg],
        status=status,
        file_findings=[finding],
        notes=[message],
    )
    links = pages.FileLinks(
        Path("/p/review"), Path("/p"), "https://h/{ref}/{path}", Head("d" * 40, True, Path("/p"))
    )
    html = render(
        page, project=name, links=links, info=pages.PageInfo(WHEN, None), index="../index.html"
    )
    assert not RAW_CONTROL.search(html.replace("\n", "").replace("\r", "").replace("\t", ""))
    html.encode("utf-8")  # valid UTF-8: no lone surrogate
    doc = parse(html)
    tags = [tag for tag, _ in doc.elements]
    assert set(tags) <= ELEMENTS, set(tags) - ELEMENTS
    assert tags.count("script") == 1 and tags.count("style") == 1
    for tag, attrs in doc.elements:
        assert not any(key.startswith("on") for key in attrs), (tag, attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("./", "../", "https://h/", "#")), href
    shown = "".join(doc.text)
    assert printable(translation) in shown or not translation
