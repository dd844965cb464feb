"""What a review page holds: the article's blocks in the source's order with their kinds and
places, each segment's state, line, old source, glossary terms and findings, and counts that
are the status report's."""

from __future__ import annotations

import time
from pathlib import Path

import polib
import pytest

from tests.steps.report.review_project import make_review_project
from tmflow.core.errors import UsageError
from tmflow.core.model import BlockKind
from tmflow.io.config import load_config
from tmflow.io.glossary import parse_glossary
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.steps.report.render import to_json
from tmflow.steps.report.review import DIFF_LIMIT, Piece, Reviewer, diff_words, review_article
from tmflow.steps.report.status import status_project
from tmflow.steps.terms import TermMatcher


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_review_project(tmp_path_factory.mktemp("review") / "p")


def test_blocks_come_in_the_sources_order_with_their_kinds_and_places(project: Path) -> None:
    page = review_article(load_config(project), "story", "fr")
    shape = [(b.kind, b.level, b.marker, b.indent, b.row, b.column) for b in page.blocks]
    assert shape == [
        (BlockKind.FRONT_MATTER, 0, "title", 0, 0, 0),
        (BlockKind.HEADING, 1, "", 0, 0, 0),
        (BlockKind.PARAGRAPH, 0, "", 0, 0, 0),
        (BlockKind.HEADING, 2, "", 0, 0, 0),
        (BlockKind.LIST_ITEM, 0, "-", 0, 0, 0),
        (BlockKind.LIST_ITEM, 0, "-", 0, 0, 0),
        (BlockKind.LIST_ITEM, 0, "1.", 1, 0, 0),
        (BlockKind.QUOTE, 1, "", 0, 0, 0),
        (BlockKind.TABLE_CELL, 0, "", 0, 17, 0),
        (BlockKind.TABLE_CELL, 0, "", 0, 17, 1),
        (BlockKind.TABLE_CELL, 0, "", 0, 19, 0),
        (BlockKind.TABLE_CELL, 0, "", 0, 19, 1),
        (BlockKind.PARAGRAPH, 0, "", 0, 0, 0),
    ]
    assert [s.source for s in page.blocks[2].segments] == [
        "The campaign was held in Moscow.",
        "It lasted 6 days.",
    ]
    assert [s.number for s in page.segments()] == list(range(1, 16))
    assert page.source_path == str(project / "sources" / "story.md")


def test_every_state_and_where_each_segment_is(project: Path) -> None:
    page = review_article(load_config(project), "story", "fr")
    states = [(s.source, s.state) for s in page.segments()]
    assert states == [
        ("Campaign news", "translated"),
        ("Campaign news", "translated"),  # the heading repeats the title: one entry
        ("The campaign was held in Moscow.", "mt"),
        ("It lasted 6 days.", "changed"),
        ("What it does", "tm"),
        ("It holds conferences.", "fuzzy"),
        ("It publishes books.", "untranslated"),
        ("First book.", "translated"),
        ("No killings should be allowed in 2021.", "translated"),
        ("City", "translated"),
        ("Year", "translated"),
        ("Baku", "translated"),
        ("2012", "copied"),
        ("Another paragraph about Khojaly.", "missing"),  # not in the PO file yet
        ("An old sentence.", "translated"),  # in the PO file, not in the source
    ]
    assert [s.source for s in page.extra] == ["An old sentence."]
    text = (project / "locales" / "fr" / "story.po").read_text("utf-8").splitlines()
    for seg in page.segments():
        if seg.state == "missing":
            assert seg.po_line is None and seg.translation == ""
            continue
        assert text[seg.po_line - 1] == f'msgid "{seg.source}"'  # type: ignore[operator]
    mt = next(s for s in page.segments() if s.state == "mt")
    assert mt.provenance == ("mt google 2026-11-27",) and mt.source_line == 7
    quote = next(s for s in page.segments() if s.source.startswith("No killings"))
    assert quote.comment == "checked with the editor"


def test_a_changed_source_keeps_the_old_one_and_the_difference(project: Path) -> None:
    page = review_article(load_config(project), "story", "fr")
    changed = next(s for s in page.segments() if s.state == "changed")
    assert changed.previous == "It lasted 5 days." and changed.change == "numbers (5 → 6)"
    assert changed.translation == "Elle a duré 5 jours."
    assert changed.difference() == (
        [Piece("It lasted ", False), Piece("5", True), Piece(" days.", False)],
        [Piece("It lasted ", False), Piece("6", True), Piece(" days.", False)],
    )
    memory = next(s for s in page.segments() if s.state == "tm")
    assert memory.difference() == (
        [Piece("What it ", False), Piece("did", True)],
        [Piece("What it ", False), Piece("does", True)],
    )
    assert next(s for s in page.segments() if s.state == "mt").difference() is None


def test_differences_by_words_and_a_bound_on_the_work() -> None:
    before, after = diff_words("Monday in Moscow, 27 February", "Tuesday in Baku, 27 February")
    assert [p.text for p in before if p.changed] == ["Monday", "Moscow"]
    assert [p.text for p in after if p.changed] == ["Tuesday", "Baku"]
    assert "".join(p.text for p in before) == "Monday in Moscow, 27 February"
    huge = "word " * 3000
    started = time.perf_counter()
    whole = diff_words(huge, huge + "more")
    assert len(_words(huge)) ** 2 > DIFF_LIMIT
    assert whole == ([Piece(huge, True)], [Piece(huge + "more", True)])
    assert time.perf_counter() - started < 5  # not quadratic over 6,000 tokens


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+|\s+|[^\w\s]", text)


def test_glossary_terms_in_both_languages_with_the_approved_rendering(project: Path) -> None:
    page = review_article(load_config(project), "story", "fr")
    mt = next(s for s in page.segments() if s.state == "mt")
    (source_mark,) = mt.source_marks
    assert mt.source[source_mark.start : source_mark.end] == "Moscow"
    assert source_mark.hint == "approved: Moscou" and source_mark.term == "Moscow"
    (target_mark,) = mt.target_marks
    assert mt.translation[target_mark.start : target_mark.end] == "Moscou"
    missing = next(s for s in page.segments() if s.state == "missing")
    assert [missing.source[m.start : m.end] for m in missing.source_marks] == ["Khojaly"]
    assert missing.target_marks == ()


def test_renderings_are_found_inflected_and_do_not_translate_as_written() -> None:
    glossary = parse_glossary(
        "terms:\n"
        "  - term: Moscow\n    tr: Moskova\n    ru: Москва\n"
        "  - term: AZIMUT Hotel\n    do-not-translate: true\n"
        "  - term: Khojaly\n    tr: Hocalı\n",
        Path("glossary.yml"),
        ["tr", "ru"],
    )
    matcher = TermMatcher(glossary)
    found = matcher.find_renderings(
        "The AZIMUT Hotel in Moscow remembers Khojaly.",
        "Moskova'daki AZIMUT Hotel Hocalı'yı andı.",
        "tr",
    )
    text = "Moskova'daki AZIMUT Hotel Hocalı'yı andı."
    assert [(text[m.start : m.end], m.term.source) for m in found] == [
        ("Moskova", "Moscow"),
        ("AZIMUT Hotel", "AZIMUT Hotel"),
        ("Hocalı", "Khojaly"),
    ]
    # a do-not-translate term altered is not shown as rendered; a missing rendering neither
    assert matcher.find_renderings("AZIMUT Hotel", "Azimut Hotel", "tr") == []
    ru = matcher.find_renderings("In Moscow.", "В Москве.", "ru")
    assert [("В Москве."[m.start : m.end]) for m in ru] == ["Москве"]
    assert matcher.find_renderings("In Moscow.", "", "ru") == []


def test_findings_sit_at_their_entry_and_the_files_in_the_header(project: Path) -> None:
    page = review_article(load_config(project), "story", "fr")
    quote = next(s for s in page.segments() if s.source.startswith("No killings"))
    assert [(f.check, f.severity) for f in quote.findings] == [("numbers", "error")]
    assert "2021" in quote.findings[0].message
    on_file = {f.check for f in page.file_findings}
    assert {"fuzzy-mt", "fuzzy-tm", "fuzzy-changed", "fuzzy", "untranslated"} <= on_file
    assert "po-outdated" in on_file  # a segment missing, an entry the source no longer has
    elsewhere = [f for s in page.segments() if s is not quote for f in s.findings]
    assert elsewhere == []
    quiet = review_article(load_config(project), "story", "fr", checks=False)
    assert not quiet.checked and quiet.file_findings == []
    assert all(not s.findings for s in quiet.segments())


def test_the_counts_are_the_status_reports(project: Path) -> None:
    config = load_config(project)
    report = status_project(config, ["story"], use_cache=False)
    data = to_json(report)["articles"]["story"]
    for lang in ("fr", "ar"):
        page = review_article(config, "story", lang)
        assert page.status is not None
        assert page.status.segments == report.cell("story", lang).segments  # type: ignore[union-attr]
        segments = data[lang]["segments"]
        assert page.status.segments.total == segments["total"]
        # each entry on the page once, by its line: the states the status report counted
        seen: dict[int, str] = {}
        for seg in page.segments():
            if seg.po_line is not None:
                seen[seg.po_line] = "translated" if seg.state == "copied" else seg.state
        tally = {state: list(seen.values()).count(state) for state in set(seen.values())}
        expected = {
            "translated": segments["translated"],
            "mt": segments["drafts"]["mt"],
            "tm": segments["drafts"]["tm"],
            "changed": segments["drafts"]["source_changed"],
            "fuzzy": segments["drafts"]["other"],
            "untranslated": segments["untranslated"],
        }
        assert tally == {k: v for k, v in expected.items() if v}


def test_no_po_file_yet_and_no_source_file(tmp_path: Path) -> None:
    root = make_review_project(tmp_path / "p")
    (root / "locales" / "fr" / "story.po").unlink()
    page = review_article(load_config(root), "story", "fr")
    assert not page.po_exists and page.notes == [
        "no PO file yet: every segment is untranslated (run tmflow update)"
    ]
    assert {s.state for s in page.segments()} == {"untranslated"}
    assert page.status is not None and page.status.missing

    (root / "sources" / "story.md").unlink()
    orphan = review_article(load_config(root), "story", "ar")
    assert orphan.blocks == [] and orphan.source_path is None
    assert [s.source for s in orphan.extra][:2] == [
        "Campaign news",
        "The campaign was held in Moscow.",
    ]
    assert "the article has no source file" in orphan.notes[0]


def test_unknown_article_or_language_is_a_usage_error(project: Path) -> None:
    config = load_config(project)
    with pytest.raises(UsageError, match="no article named 'nope'"):
        review_article(config, "nope", "fr")
    with pytest.raises(UsageError, match="'de' is not a target language"):
        Reviewer(config, ["story"], ["de"])


def test_a_plain_text_article_and_a_setext_heading(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text('languages = ["fr"]\n', "utf-8")
    (root / "sources" / "plain.txt").write_text(
        "A title line\n\nFirst sentence. Second one.\n\n- an item\n• a bullet\n", "utf-8"
    )
    (root / "sources" / "setext.md").write_text("Big title\n=========\n\nSmall\n-----\n", "utf-8")
    from tmflow.steps.extract import extract_project

    config = load_config(root)
    extract_project(config)
    po = new_catalog("plain", "fr")
    po.append(polib.POEntry(msgid="First sentence.", msgstr="Première phrase."))
    save_po(po, root / "locales" / "fr" / "plain.po")
    page = review_article(config, "plain", "fr", checks=False)
    assert [(b.kind, b.level, b.marker) for b in page.blocks] == [
        (BlockKind.HEADING, 2, ""),
        (BlockKind.PARAGRAPH, 0, ""),
        (BlockKind.LIST_ITEM, 0, "-"),
        (BlockKind.LIST_ITEM, 0, "•"),
    ]
    assert [s.state for s in page.segments()] == [
        "missing",
        "translated",
        "missing",
        "missing",
        "missing",
    ]
    setext = review_article(config, "setext", "fr", checks=False)
    assert [(b.kind, b.level) for b in setext.blocks] == [
        (BlockKind.HEADING, 1),
        (BlockKind.HEADING, 2),
    ]
    assert {s.state for s in setext.segments()} == {"untranslated"}  # no PO file yet


def test_a_merge_conflict_shows_both_branches_translations(tmp_path: Path) -> None:
    from tmflow.core.provenance import conflict_line
    from tmflow.io.po.reader import load_po
    from tmflow.steps.report.review_html import write_review_html
    from tmflow.steps.writers import as_text

    root = make_review_project(tmp_path / "p")
    path = root / "locales" / "fr" / "story.po"
    po = load_po(path)
    entry = next(e for e in po if e.msgid == "First book.")
    entry.flags.append("fuzzy")
    entry.tcomment = conflict_line("Le premier <livre>.")
    save_po(po, path)
    page = review_article(load_config(root), "story", "fr")
    seg = next(s for s in page.segments() if s.source == "First book.")
    assert seg.state == "conflict" and seg.others == ((None, "Le premier <livre>."),)
    assert seg.translation == "Premier livre." and seg.comment == ""
    assert [f.check for f in seg.findings] == ["merge-conflict"]
    html = as_text(write_review_html)(page)
    assert "merge conflict: two branches translated it" in html
    assert (
        '<span class="k">other branch</span><span lang="fr" dir="ltr">Le premier &lt;livre&gt;.'
        in html
    )
    assert f'class="seg s-conflict" data-n="{seg.number}"' in html
