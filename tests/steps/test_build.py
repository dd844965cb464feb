"""Build: spans replaced by reviewed translations, everything else kept byte for byte."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from tmflow.core.errors import UsageError
from tmflow.io.config import load_config
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.steps.build import build_project, render
from tmflow.steps.segment.segmenter import segment_text

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"

ARTICLES = sorted(
    [p for p in (REPO / "sources").iterdir() if p.suffix in (".txt", ".md")]
    + [p for p in (FIXTURES / "extract").iterdir() if p.suffix in (".txt", ".md")]
    + [p for p in (FIXTURES / "build").glob("*") if p.suffix in (".txt", ".md")]
)


def make_project(tmp_path: Path, sources: list[Path], languages: str = '["fr", "ru"]') -> Path:
    root = tmp_path / "proj"
    (root / "sources").mkdir(parents=True)
    for src in sources:
        shutil.copy(src, root / "sources" / src.name)
    (root / "tmflow.toml").write_text(f"languages = {languages}\n", "utf-8")
    return root


def write_po(
    root: Path,
    lang: str,
    article: str,
    entries: dict[str | tuple[str | None, str], tuple[str, bool]],
) -> Path:
    po = new_catalog("t", lang)
    for key, (msgstr, fuzzy) in entries.items():
        msgctxt, msgid = key if isinstance(key, tuple) else (None, key)
        po.append(
            polib.POEntry(
                msgctxt=msgctxt, msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else []
            )
        )
    path = root / "locales" / lang / f"{article}.po"
    save_po(po, path)
    return path


def segments_of(path: Path) -> list:
    fmt = "markdown" if path.suffix == ".md" else "text"
    return segment_text(path.read_bytes().decode("utf-8-sig"), fmt, "en")


@pytest.mark.parametrize("source", ARTICLES, ids=lambda p: p.name)
def test_identity_translation_rebuilds_the_source_byte_for_byte(
    tmp_path: Path, source: Path
) -> None:
    root = make_project(tmp_path, [source])
    article = source.stem
    segs = segments_of(source)
    assert segs, "fixture has no segments"
    write_po(root, "fr", article, {(s.context, s.text): (s.text, False) for s in segs})
    result = build_project(load_config(root), languages=["fr"])
    [item] = result.items
    assert item.status == "written", item.reason
    assert (root / "published" / "fr" / source.name).read_bytes() == source.read_bytes()


def test_translations_replace_spans_and_keep_markup(tmp_path: Path) -> None:
    text = "# Title\n\nFirst *one*. Second\nline.\n\n```\ncode. Kept.\n```\n"
    segs = segment_text(text, "markdown", "en")
    assert [s.text for s in segs] == ["Title", "First *one*.", "Second line."]
    out, missing = render(
        text,
        segs,
        {
            (None, "Title"): "Titre",
            (None, "First *one*."): "Premier *un*.",
            (None, "Second line."): "Deuxième ligne.",
        },
    )
    assert missing == []
    assert out == "# Titre\n\nPremier *un*. Deuxième ligne.\n\n```\ncode. Kept.\n```\n"


def test_language_without_spaces_joins_sentences_without_them() -> None:
    text = "One. Two.\n"
    segs = segment_text(text, "text", "en")
    out, _ = render(text, segs, {(None, "One."): "一。", (None, "Two."): "二。"}, joiner="")
    assert out == "一。二。\n"


def test_fuzzy_is_never_published_and_threshold_holds_back(tmp_path: Path) -> None:
    source = REPO / "sources" / "khojaly-moscow-2014.txt"
    root = make_project(tmp_path, [source])
    segs = segments_of(source)
    entries = {s.text: (f"FR {s.text}", False) for s in segs}
    first = segs[0].text
    entries[first] = ("BROUILLON machine", True)
    write_po(root, "fr", source.stem, entries)
    config = load_config(root)
    result = build_project(config, languages=["fr"])
    [item] = result.items
    assert item.status == "skipped"
    assert "below the 100% threshold" in item.reason
    assert not (root / "published" / "fr" / source.name).exists()

    result = build_project(config, languages=["fr"], fallback="source")
    [item] = result.items
    assert (
        item.status == "fallback" and "1 segments published in the source language" in item.reason
    )
    out = (root / "published" / "fr" / source.name).read_text("utf-8")
    assert "BROUILLON" not in out
    assert out.startswith(first)  # the gap keeps the source text
    assert f"FR {segs[1].text}" in out

    result = build_project(config, languages=["fr"], min_translated=90)
    assert result.items[0].status == "fallback"


def test_stale_output_is_kept_and_reported(tmp_path: Path) -> None:
    source = REPO / "sources" / "khojaly-moscow-2014.txt"
    root = make_project(tmp_path, [source])
    segs = segments_of(source)
    po = write_po(root, "fr", source.stem, {s.text: (f"FR {s.text}", False) for s in segs})
    config = load_config(root)
    assert build_project(config, languages=["fr"]).items[0].status == "written"
    good = (root / "published" / "fr" / source.name).read_bytes()
    catalog = load_po(po)
    catalog[3].msgstr = ""
    save_po(catalog, po)
    result = build_project(config, languages=["fr"])
    assert result.items[0].status == "stale"
    assert (root / "published" / "fr" / source.name).read_bytes() == good
    manifest = json.loads((root / "published" / "manifest.json").read_text("utf-8"))
    entry = manifest["languages"]["fr"][source.stem]
    assert entry["status"] == "stale" and "below the 100% threshold" in entry["reason"]
    check = build_project(config, languages=["fr"], check=True)
    assert check.out_of_date and check.out_of_date[0].status == "stale"


def test_markdown_structure_break_names_the_entry(tmp_path: Path) -> None:
    source = REPO / "sources" / "justice-for-khojaly-campaign.md"
    root = make_project(tmp_path, [source])
    segs = segments_of(source)
    entries = {s.text: (s.text, False) for s in segs}
    bold = next(s.text for s in segs if "**" in s.text)
    entries[bold] = (bold.replace("**", "", 1), False)  # an unbalanced ** and a lost strong
    link = next(s.text for s in segs if "](" in s.text)
    entries[link] = ("Lisez le discours sur le site de la Fondation.", False)
    po = write_po(root, "fr", source.stem, entries)
    result = build_project(load_config(root), languages=["fr"])
    [item] = result.items
    assert item.status == "skipped"
    assert len(item.problems) == 2
    lines = {e.msgid: e.linenum for e in load_po(po)}
    assert {p.line for p in item.problems} == {lines[bold], lines[link]}
    assert all(p.path == po for p in item.problems)
    assert any("Markdown link lost" in p.message for p in item.problems)
    assert any("strong 1→0" in p.message for p in item.problems)
    assert not (root / "published" / "fr" / source.name).exists()


def test_check_mode_writes_nothing_and_reports_missing(tmp_path: Path) -> None:
    source = REPO / "sources" / "khojaly-moscow-2014.txt"
    root = make_project(tmp_path, [source])
    write_po(root, "fr", source.stem, {s.text: (s.text, False) for s in segments_of(source)})
    config = load_config(root)
    result = build_project(config, languages=["fr"], check=True)
    assert len(result.out_of_date) == 1
    assert not (root / "published").exists()
    build_project(config, languages=["fr"])
    assert build_project(config, languages=["fr"], check=True).out_of_date == []
    # a second build writes the same bytes and touches nothing
    out = root / "published" / "fr" / source.name
    mtime = out.stat().st_mtime_ns
    assert build_project(config, languages=["fr"]).items[0].status == "unchanged"
    assert out.stat().st_mtime_ns == mtime


def test_missing_po_is_reported_not_a_crash(tmp_path: Path) -> None:
    root = make_project(tmp_path, [REPO / "sources" / "khojaly-moscow-2014.txt"])
    result = build_project(load_config(root), languages=["ru"])
    assert result.items[0].status == "skipped"
    assert "no PO file locales/ru/khojaly-moscow-2014.po" in result.items[0].reason


def test_output_cannot_escape_the_build_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path, [REPO / "sources" / "khojaly-moscow-2014.txt"])
    with pytest.raises(UsageError):
        build_project(load_config(root), languages=["../../etc"])
    (root / "tmflow.toml").write_text('languages = ["fr"]\nbuild-dir = "../out"\n', "utf-8")
    from tmflow.core.errors import ConfigError

    with pytest.raises(ConfigError, match="points outside the project"):
        load_config(root)


@pytest.mark.parametrize(
    "source_line,translation",
    [
        ("title: A plain title\n", "Titre : avec deux-points: oui"),
        ("title: A plain title\n", "- commence par un tiret"),
        ('title: "A quoted title"\n', 'Un titre "cité" \\ ici'),
        ("title: 'A single-quoted title'\n", "L'apostrophe"),
    ],
)
def test_front_matter_translations_keep_yaml_valid(source_line: str, translation: str) -> None:
    import yaml

    text = f"---\n{source_line}author: Kept\n---\n\n# Heading\n"
    segs = segment_text(text, "markdown", "en")
    title = next(s for s in segs if s.kind.value == "front matter")
    out, _ = render(text, segs, {(None, title.text): translation})
    front = out.split("---\n")[1]
    assert yaml.safe_load(front) == {"title": translation, "author": "Kept"}


def test_sample_build_matches_the_committed_outputs(sample_project: Path) -> None:
    """Golden outputs: the repository's published/ is what the sample translations produce."""
    committed = REPO / "published"
    result = build_project(load_config(sample_project))
    produced = sample_project / "published"
    names = sorted(p.relative_to(produced).as_posix() for p in produced.rglob("*") if p.is_file())
    assert names == sorted(
        p.relative_to(committed).as_posix() for p in committed.rglob("*") if p.is_file()
    )
    for name in names:
        assert (produced / name).read_bytes() == (committed / name).read_bytes(), name
    published = {(i.language, i.article) for i in result.items if i.published}
    assert {lang for lang, _ in published} == {"az", "ru"}


def test_partial_build_keeps_other_languages_in_the_manifest(tmp_path: Path) -> None:
    source = REPO / "sources" / "khojaly-moscow-2014.txt"
    root = make_project(tmp_path, [source])
    config = load_config(root)
    build_project(config, languages=["fr"])
    build_project(config, languages=["ru"])
    manifest = json.loads((root / "published" / "manifest.json").read_text("utf-8"))
    assert sorted(manifest["languages"]) == ["fr", "ru"]
