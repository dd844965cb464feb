"""Extraction: golden templates beside their inputs, stable bytes, incremental cache, stale
templates, and gettext's own tools as oracles."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

import tmflow.steps.extract as extract_mod
from tmflow.core.errors import InputError, OutsideProjectError, UsageError
from tmflow.core.model import BlockKind, Segment
from tmflow.io.config import load_config
from tmflow.io.po.reader import load_po
from tmflow.steps.extract import build_template, extract_project
from tmflow.steps.project import Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"
GOLDEN = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))
DATE = re.compile(r'^"POT-Creation-Date: [^"]*"$', re.M)


def mask(text: str) -> str:
    return DATE.sub('"POT-Creation-Date: YEAR-MO-DA HO:MI+ZONE\\\\n"', text)


def make_project(root: Path, *files: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["fr", "ru"]\n', "utf-8"
    )
    for f in files:
        shutil.copy(f, root / "sources" / f.name)
    return root


@pytest.mark.parametrize("source", GOLDEN, ids=[p.name for p in GOLDEN])
def test_golden_template(source: Path, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", source)
    config = load_config(root)
    result = extract_project(config)
    assert [t.status for t in result.templates] == ["written"]
    got = config.pot_path(source.stem).read_text("utf-8")
    expect_path = source.with_name(source.name + ".expect.pot")
    if os.environ.get("TMFLOW_REGENERATE_GOLDEN"):
        expect_path.write_text(mask(got), "utf-8")
    assert mask(got) == expect_path.read_text("utf-8")


def test_golden_files_have_inputs() -> None:
    expects = sorted(FIXTURES.glob("*.expect.pot"))
    assert expects and all(p.with_name(p.name[: -len(".expect.pot")]).exists() for p in expects)


@pytest.mark.parametrize("source", GOLDEN, ids=[p.name for p in GOLDEN])
def test_templates_pass_gettext_tools(source: Path, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", source)
    config = load_config(root)
    extract_project(config)
    pot = config.pot_path(source.stem)
    check = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(pot)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    canon = subprocess.run(["msgcat", "--no-wrap", str(pot)], capture_output=True)
    assert canon.returncode == 0
    assert canon.stdout == pot.read_bytes()


def test_duplicates_become_one_entry_with_all_references(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "news-wrapped.txt")
    config = load_config(root)
    extract_project(config)
    pot = load_po(config.pot_path("news-wrapped"))
    entry = pot.find("Khojaly remembered in twelve capitals")
    assert entry is not None
    assert entry.occurrences == [
        ("sources/news-wrapped.txt", "3"),
        ("sources/news-wrapped.txt", "15"),
    ]
    assert entry.comment == "heading, block 2"
    assert [e.msgid for e in pot][:2] == [
        "Baku, 26 February 2015",
        "Khojaly remembered in twelve capitals",
    ]


def test_build_template_contexts_and_comments(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    config = load_config(root)
    article = Article("a", root / "sources" / "a.md", "markdown")
    segs = [
        Segment("Open", 0, 4, 1, 1, BlockKind.HEADING),
        Segment("Open", 6, 10, 3, 2, BlockKind.PARAGRAPH, context="menu"),
        Segment("One.", 12, 16, 5, 3),
        Segment("Two.", 17, 21, 5, 3),
    ]
    pot = build_template(article, segs, config, created="2020-01-01 00:00+0000")
    assert [(e.msgctxt, e.msgid, e.comment) for e in pot] == [
        (None, "Open", "heading, block 1"),
        ("menu", "Open", "paragraph, block 2"),
        (None, "One.", "paragraph, block 3, sentence 1 of 2"),
        (None, "Two.", "paragraph, block 3, sentence 2 of 2"),
    ]
    assert pot.metadata["POT-Creation-Date"] == "2020-01-01 00:00+0000"
    assert pot[0].occurrences == [("sources/a.md", "1")]


def test_unchanged_source_rewrites_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "blocks.md")
    config = load_config(root)
    extract_project(config)
    pot = config.pot_path("blocks")
    before = pot.read_bytes()
    os.utime(pot, ns=(1_000_000_000, 1_000_000_000))
    # without the cache, the content comparison alone keeps the file
    (config.state_dir / extract_mod.CACHE_NAME).unlink()
    result = extract_project(config)
    assert [t.status for t in result.templates] == ["unchanged"]
    assert pot.read_bytes() == before
    assert pot.stat().st_mtime_ns == 1_000_000_000


def test_changed_source_updates_date_and_entries(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "news-wrapped.txt")
    config = load_config(root)
    extract_project(config)
    pot = config.pot_path("news-wrapped")
    text = pot.read_text("utf-8")
    pot.write_text(DATE.sub('"POT-Creation-Date: 2000-01-01 00:00+0000\\\\n"', text), "utf-8")
    src = root / "sources" / "news-wrapped.txt"
    src.write_text(src.read_text("utf-8") + "\nA new sentence.\n", "utf-8")
    result = extract_project(config)
    assert [t.status for t in result.templates] == ["written"]
    new = load_po(pot)
    assert new.find("A new sentence.") is not None
    assert new.metadata["POT-Creation-Date"] != "2000-01-01 00:00+0000"


def test_cache_skips_parsing_unchanged_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "news-wrapped.txt", FIXTURES / "blocks.md")
    config = load_config(root)
    first = extract_project(config)
    assert not any(t.cached for t in first.templates)

    def boom(*args: object, **kwargs: object) -> list[Segment]:
        raise AssertionError("parsed an unchanged article")

    monkeypatch.setattr(extract_mod, "segment_text", boom)
    second = extract_project(config)
    assert all(t.cached and t.status == "unchanged" for t in second.templates)
    assert [t.segments for t in second.templates] == [t.segments for t in first.templates]
    # touched but not edited: read and hashed, still not parsed
    src = root / "sources" / "blocks.md"
    os.utime(src, ns=(2_000_000_000, 2_000_000_000))
    third = extract_project(config)
    assert all(t.cached for t in third.templates)
    # edited: parsed again
    src.write_text(src.read_text("utf-8") + "\nNew.\n", "utf-8")
    with pytest.raises(AssertionError, match="parsed"):
        extract_project(config)


def test_cache_is_not_trusted_when_the_template_was_touched(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "blocks.md")
    config = load_config(root)
    extract_project(config)
    pot = config.pot_path("blocks")
    good = pot.read_bytes()
    pot.write_text(pot.read_text("utf-8").replace("Read more", "Edited by hand"), "utf-8")
    result = extract_project(config)
    assert [t.status for t in result.templates] == ["written"]
    assert mask(pot.read_text("utf-8")) == mask(good.decode("utf-8"))


def test_stale_templates_are_reported_not_deleted(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "blocks.md")
    config = load_config(root)
    old = config.templates_dir / "deleted-article.pot"
    old.parent.mkdir(parents=True)
    old.write_text("x", "utf-8")
    result = extract_project(config)
    assert result.stale == [old]
    assert old.read_text("utf-8") == "x"


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "blocks.md")
    config = load_config(root)
    result = extract_project(config, dry_run=True)
    assert [t.status for t in result.templates] == ["would write"]
    assert not config.templates_dir.exists()
    assert not (config.state_dir / extract_mod.CACHE_NAME).exists()


def test_named_articles_only(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "news-wrapped.txt", FIXTURES / "blocks.md")
    config = load_config(root)
    result = extract_project(config, ["blocks"])
    assert [t.article for t in result.templates] == ["blocks"]
    assert not config.pot_path("news-wrapped").exists()
    with pytest.raises(UsageError, match="no article named"):
        extract_project(config, ["missing"])


def test_colliding_article_names_are_rejected(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "sources" / "Khojaly News.txt").write_text("A.\n", "utf-8")
    (root / "sources" / "khojaly-news.md").write_text("B.\n", "utf-8")
    with pytest.raises(InputError, match="collides"):
        extract_project(load_config(root))


def test_undecodable_source_names_the_file(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "sources" / "latin.txt").write_bytes(b"Caf\xe9.\n")
    with pytest.raises(InputError) as info:
        extract_project(load_config(root))
    assert "latin.txt:1" in str(info.value)


def test_bom_and_crlf_source(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "sources" / "win.txt").write_bytes(
        b"\xef\xbb\xbfTitle\r\n\r\nOne sentence.\r\nStill it. Two.\r\n"
    )
    config = load_config(root)
    extract_project(config)
    pot = load_po(config.pot_path("win"))
    assert [(e.msgid, e.occurrences[0][1]) for e in pot] == [
        ("Title", "1"),
        ("One sentence.", "3"),
        ("Still it.", "4"),
        ("Two.", "4"),
    ]
    assert isinstance(pot, polib.POFile)


def test_names_without_letters_are_rejected(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "sources" / "«—».txt").write_text("A.\n", "utf-8")
    with pytest.raises(InputError, match="article name"):
        extract_project(load_config(root))


def test_changed_segmentation_settings_invalidate_the_cache(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "news-wrapped.txt")
    config = load_config(root)
    extract_project(config)
    (root / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["fr", "ru"]\n[segmentation]\n'
        'keep-whole = { "news-wrapped" = ["Remembrance events"] }\n',
        "utf-8",
    )
    result = extract_project(load_config(root))
    assert [(t.status, t.cached) for t in result.templates] == [("written", False)]
    pot = load_po(config.pot_path("news-wrapped"))
    assert pot[2].msgid.startswith("Remembrance events") and pot[2].msgid.endswith("he said.")


def test_a_remembering_dry_run_caches_only_the_templates_found_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "news-wrapped.txt", FIXTURES / "blocks.md")
    config = load_config(root)
    extract_project(config)
    (config.state_dir / extract_mod.CACHE_NAME).unlink()  # a fresh clone: no cache
    pot = config.pot_path("blocks")
    pot.write_text(pot.read_text("utf-8").replace("Read more", "Edited by hand"), "utf-8")
    before = pot.read_bytes()
    first = extract_project(config, dry_run=True, remember=True)  # what check asks
    assert {t.article: t.status for t in first.templates} == {
        "blocks": "would write",
        "news-wrapped": "unchanged",
    }
    assert pot.read_bytes() == before  # still a dry run for the templates

    def boom(*args: object, **kwargs: object) -> list[Segment]:
        raise AssertionError("parsed")

    monkeypatch.setattr(extract_mod, "segment_text", boom)
    with pytest.raises(AssertionError, match="parsed"):  # the outdated one is parsed again…
        extract_project(config, dry_run=True, remember=True)
    second = extract_project(config, ["news-wrapped"], dry_run=True, remember=True)
    assert [(t.status, t.cached) for t in second.templates] == [("unchanged", True)]  # …not this


def test_a_stopped_run_ends_between_articles_and_saves_nothing(tmp_path: Path) -> None:
    import threading

    root = make_project(tmp_path / "p", FIXTURES / "news-wrapped.txt", FIXTURES / "blocks.md")
    config = load_config(root)
    stop = threading.Event()
    stop.set()
    result = extract_project(config, stop=stop)
    assert result.templates == []
    assert not config.templates_dir.exists()
    assert not (config.state_dir / extract_mod.CACHE_NAME).exists()


def test_sources_are_found_in_path_order_outside_hidden_folders(tmp_path: Path) -> None:
    from tmflow.steps.project import find_articles

    root = make_project(tmp_path / "p")
    src = root / "sources"
    for rel in (
        "b.txt",
        "a-b.md",
        "a/c.markdown",
        "a/.hidden.txt",
        ".draft/d.txt",
        "e.TXT",
        "notes.rst",
        "f.txt/inside.txt",
    ):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        if rel != "f.txt/inside.txt":
            (src / rel).write_text("Text.\n", "utf-8")
    (src / "f.txt" / "inside.txt").write_text("Text.\n", "utf-8")  # a folder named like a source
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "g.txt").write_text("Text.\n", "utf-8")
    (src / "linked").symlink_to(root / "elsewhere")  # a linked folder is not followed
    (src / "h.txt").symlink_to(root / "elsewhere" / "g.txt")  # a linked file is a source
    found = find_articles(load_config(root))
    assert [a.path.relative_to(src).as_posix() for a in found] == sorted(
        ["a-b.md", "a/c.markdown", "b.txt", "e.TXT", "f.txt/inside.txt", "h.txt"],
        key=lambda p: Path(p),
    )
    assert [a.format for a in found if a.name == "c"] == ["markdown"]
    again = find_articles(load_config(root), ["b", "e"], among=found)
    assert [a.name for a in again] == ["b", "e"]
    # a linked file whose target is outside the project is refused, naming the link
    (tmp_path / "outside.txt").write_text("Secret.\n", "utf-8")
    (src / "i.txt").symlink_to(tmp_path / "outside.txt")
    with pytest.raises(OutsideProjectError, match=r"sources/i\.txt: is a link that leads outside"):
        find_articles(load_config(root))
