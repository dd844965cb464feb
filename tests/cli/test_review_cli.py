"""``tmflow review``: one page, every page with an index, and what is refused."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

import polib
import pytest

from tests.conftest import invoke
from tests.steps.report.review_project import make_review_project
from tmflow.io.po.writer import new_catalog, save_po

EPOCH = {"SOURCE_DATE_EPOCH": "1772150400"}  # 2026-02-27 00:00 UTC


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_review_project(tmp_path / "p")


def test_one_page_written_beside_where_it_is_asked(project: Path, tmp_path: Path) -> None:
    result = invoke("review", "story", "-l", "fr", cwd=project, env=EPOCH)
    assert result.code == 0, result.output
    page = project / "story.fr.html"
    assert result.stdout.strip() == (
        "wrote story.fr.html: 8/13 segments translated, 4 drafts to review, 1 untranslated; "
        "7 findings"
    )
    html = page.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.endswith("</html>\n")
    assert "<h1>Review: story in French (fr)</h1>" in html
    assert "2026-02-27 00:00 UTC" in html and "not from a git commit" in html
    assert 'href="./locales/fr/story.po"' in html and 'href="./sources/story.md"' in html
    # the same tree and date give the same bytes
    assert invoke("review", "story", "-l", "fr", cwd=project, env=EPOCH).code == 0
    assert page.read_text("utf-8") == html
    out = tmp_path / "elsewhere" / "page.html"
    assert invoke("-p", project, "review", "story", "-l", "ar", "-o", out).code == 0
    assert 'href="./../p/locales/ar/story.po"' in out.read_text("utf-8")


def test_to_standard_output_and_without_checks(project: Path) -> None:
    result = invoke("-p", project, "review", "story", "-l", "fr", "-o", "-", "--no-check")
    assert result.code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.endswith("</html>\n")
    assert "checks not run (--no-check)" in result.stdout
    assert "<code>numbers</code>" not in result.stdout


def test_every_page_and_an_index(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "artifact"
    result = invoke("-p", project, "review", "--all", "-o", folder, env=EPOCH)
    assert result.code == 0, result.output
    assert result.stdout.strip().endswith("index.html and 2 review pages")
    index = (folder / "index.html").read_text("utf-8")
    assert "<h1>Review pages: p</h1>" in index
    hrefs = re.findall(r'<a href="([^"]+)">review</a>', index)
    assert hrefs == ["./fr/story.html", "./ar/story.html"]
    for href in hrefs:
        page = folder / unquote(href)
        html = page.read_text("utf-8")
        assert '<a href="../index.html">all pages</a>' in html
        # links from the page's folder to the project's files resolve
        po = re.search(r'PO file <a href="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        assert (page.parent / unquote(po)).resolve().is_file()
    only_ar = invoke("-p", project, "review", "--all", "-l", "ar", "-o", tmp_path / "ar-only")
    assert only_ar.code == 0 and sorted(os.listdir(tmp_path / "ar-only")) == ["ar", "index.html"]


def test_hostile_names_make_pages_with_safe_names_and_links(project: Path, tmp_path: Path) -> None:
    name = 'x"><img src=a onerror=b>#?%'
    po = new_catalog(name, "fr")
    po.append(polib.POEntry(msgid="<script>alert(1)</script>", msgstr="<b>gras</b>"))
    save_po(po, project / "locales" / "fr" / f"{name}.po")
    folder = tmp_path / "out"
    result = invoke("-p", project, "review", "--all", "-l", "fr", "-o", folder)
    assert result.code == 0, result.output
    page = folder / "fr" / f"{name}.html"
    html = page.read_text("utf-8")
    assert "<img" not in html and "<b>gras" not in html and "&lt;b&gt;gras&lt;/b&gt;" in html
    assert html.count("<script>") == 1
    index = (folder / "index.html").read_text("utf-8")
    assert 'href="./fr/x%22%3E%3Cimg%20src%3Da%20onerror%3Db%3E%23%3F%25.html"' in index


@pytest.mark.parametrize(
    "args,message",
    [
        (("review",), "name one article (or use --all"),
        (("review", "story", "other"), "name one article"),
        (("review", "story"), "choose one language with -l (one of fr, ar)"),
        (("review", "story", "-l", "fr", "-l", "ar"), "choose one language"),
        (("review", "story", "-l", "de"), "'de' is not a target language"),
        (("review", "nope", "-l", "fr"), "no article named 'nope'"),
        (("review", "--all", "-o", "-"), "--all writes a folder of pages"),
    ],
)
def test_what_is_refused(project: Path, args: tuple[str, ...], message: str) -> None:
    result = invoke("-p", project, *args)
    assert result.code == 2, result.output
    assert message in result.stderr and result.stderr.startswith("tmflow: error:")
    assert not (project / "story.fr.html").exists()


def test_one_language_projects_need_no_l(tmp_path: Path) -> None:
    root = make_review_project(tmp_path / "p")
    config = (root / "tmflow.toml").read_text("utf-8").replace('["fr", "ar"]', '["fr"]')
    (root / "tmflow.toml").write_text(config, "utf-8")
    glossary = (root / "glossary.yml").read_text("utf-8").splitlines()
    (root / "glossary.yml").write_text(
        "".join(line + "\n" for line in glossary if "ar:" not in line), "utf-8"
    )
    result = invoke("-p", root, "review", "story", "-o", tmp_path / "one.html")
    assert result.code == 0, result.output
    assert "French (fr)" in (tmp_path / "one.html").read_text("utf-8")


def test_a_broken_po_file_is_bad_input(project: Path) -> None:
    (project / "locales" / "fr" / "story.po").write_text('msgid "x"\nmsgstr\n', "utf-8")
    result = invoke("-p", project, "review", "story", "-l", "fr", "--no-check")
    assert result.code == 2
    assert "locales/fr/story.po:2" in result.stderr
