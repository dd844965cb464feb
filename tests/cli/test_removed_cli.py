"""The end of an article: a removed source is reported by ``sync`` and ``update``; its files
go only with ``--prune`` (or ``[tool.tmflow.update] prune``), after its translations are kept in
``locales/memory/``; a renamed, split or merged article inherits them through the memory."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import invoke
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po
from tmflow.io.tmx import read_tmx

OLD = "khojaly-moscow-2014"
MEMORY = f"locales/memory/removed-{OLD}.tmx"
LANGS = ("az", "ru", "tr", "fr", "ar")


def files_of(project: Path, article: str) -> list[Path]:
    return [project / "locales" / "templates" / f"{article}.pot"] + [
        project / "locales" / lang / f"{article}.po" for lang in LANGS
    ]


def reviewed(path: Path) -> dict[str, str]:
    return {
        e.msgid: e.msgstr
        for e in load_po(path)
        if e.msgstr and "fuzzy" not in e.flags and not e.obsolete
    }


def test_a_removed_article_is_reported_kept_and_pruned_only_when_asked(
    sample_project: Path,
) -> None:
    before = {p: p.read_bytes() for p in files_of(sample_project, OLD)}
    translations = {
        lang: reviewed(sample_project / "locales" / lang / f"{OLD}.po") for lang in LANGS
    }
    (sample_project / "sources" / f"{OLD}.txt").unlink()

    kept = invoke("sync", "--no-draft", cwd=sample_project)
    assert kept.code == 0, kept.output
    assert (
        f"warning: article '{OLD}' has no source any more: the template and 5 PO files "
        "(az, ru, tr, fr, ar) are kept, counted by status and used by the memory; "
        f"'tmflow sync --prune' keeps its translations in {MEMORY} and removes the files"
    ) in kept.stderr
    assert {p: p.read_bytes() for p in before} == before
    update = invoke("update", cwd=sample_project)
    assert "'tmflow update --prune' keeps its translations" in update.stderr
    check = invoke("check", cwd=sample_project)
    assert (
        "template without a source article (restore the source, or run 'tmflow sync --prune'"
        in (check.stdout)
    )
    as_json = json.loads(invoke("update", "--format", "json", cwd=sample_project).stdout)
    assert as_json["orphans"] == [
        {"article": OLD, "files": [str(p.relative_to(sample_project)) for p in before]}
    ]
    assert as_json["pruned"] is None
    planned = json.loads(
        invoke("update", "--prune", "--dry-run", "--format", "json", cwd=sample_project).stdout
    )
    (item,) = planned["pruned"]
    assert item["memory"] == MEMORY and item["reviewed"] == {"az": 38, "ru": 38, "tr": 19}
    assert item["machine_drafts"] == 95 and len(item["removed"]) == 6

    dry = invoke("update", "--prune", "--dry-run", cwd=sample_project)
    assert dry.code == 0, dry.output
    assert (
        f"removed article {OLD}: would keep 95 translations (az 38, ru 38, tr 19) in {MEMORY}; "
        "not kept: 95 machine drafts as the engine gave them; would remove the template and "
        "5 PO files"
    ) in dry.stdout
    assert {p: p.read_bytes() for p in before} == before
    assert not (sample_project / MEMORY).exists()

    pruned = invoke("-v", "sync", "--no-draft", "--prune", cwd=sample_project)
    assert pruned.code == 0, pruned.output
    assert (
        f"removed article {OLD}: kept 95 translations (az 38, ru 38, tr 19) in {MEMORY}; "
        "not kept: 95 machine drafts as the engine gave them; removed the template and "
        "5 PO files"
    ) in pruned.stdout
    for path in before:
        assert not path.exists()
        assert f"    removed {path.relative_to(sample_project)}" in pruned.stdout
    assert pruned.stdout.rstrip().endswith(
        "; 1 removed article pruned (6 files, translations kept in the memory)"
    )  # the summary, shown even with -q
    # every reviewed translation is in the memory file, one unit per source, every language
    doc = read_tmx(sample_project / MEMORY)
    kept_units = {(u.text("en"), lang): u.text(lang) for u in doc.units for lang in LANGS}
    for lang, pairs in translations.items():
        for source, target in pairs.items():
            assert kept_units[(source, lang)] == target
    assert all(u.props["x-tmflow-article"] == OLD for u in doc.units)
    status = invoke("status", cwd=sample_project)
    assert OLD not in status.stdout and "2/5 catalogs complete" in status.stdout
    again = invoke("sync", "--no-draft", "--prune", cwd=sample_project)
    assert (
        again.code == 0 and "removed article" not in again.stdout and "warning" not in again.stderr
    )


def test_a_renamed_article_inherits_its_translations_through_the_memory(
    sample_project: Path,
) -> None:
    az_before = reviewed(sample_project / "locales" / "az" / f"{OLD}.po")
    (sample_project / "sources" / f"{OLD}.txt").rename(
        sample_project / "sources" / "moscow-ceremony-2014.txt"
    )
    result = invoke("sync", "--no-draft", "--prune", cwd=sample_project)
    assert result.code == 0, result.output
    assert re.search(
        rf"^moscow-ceremony-2014 \(new\) inherits from removed article {OLD}: "
        r"az 3\d/38, ru 3\d/38, tr 19/38 segments, through the memory \(drafts to review\)$",
        result.stdout,
        re.M,
    ), result.stdout
    new = {
        e.msgid: e for e in load_po(sample_project / "locales" / "az" / "moscow-ceremony-2014.po")
    }
    inherited = [
        e for e in new.values() if f"tm 100% memory/removed-{OLD}.tmx" in (e.tcomment or "")
    ]
    assert len(inherited) >= 30
    for entry in inherited:  # the usual memory rules: a draft to confirm, the old text
        assert "fuzzy" in entry.flags and entry.msgstr == az_before[entry.msgid]
        assert entry.previous_msgid is None  # an exact match: no "#|" equal to the msgid


def test_with_trusted_exact_matches_a_rename_lands_translated(sample_project: Path) -> None:
    config = sample_project / "pyproject.toml"
    config.write_text(
        config.read_text("utf-8").replace('exact = "fuzzy"', 'exact = "translated"')
        + "\n[tool.tmflow.update]\nprune = true\n",
        "utf-8",
    )
    (sample_project / "sources" / f"{OLD}.txt").rename(sample_project / "sources" / "renamed.txt")
    partial = invoke("update", "-l", "fr", cwd=sample_project)  # not for a part of it
    assert "(the configured pruning runs only without article names and -l)" in partial.stderr
    assert (sample_project / "locales" / "templates" / f"{OLD}.pot").exists()
    result = invoke("sync", "--no-draft", cwd=sample_project)  # pruned by the configuration
    assert result.code == 0, result.output
    assert f"removed article {OLD}:" in result.stdout
    assert re.search(r"^az: 14 translated, 3\d from memory", result.stdout, re.M), result.stdout
    assert f"renamed (new) inherits from removed article {OLD}: az 3" in result.stdout


def project(root: Path, articles: dict[str, str]) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text('source-language = "en"\nlanguages = ["fr"]\n', "utf-8")
    for name, text in articles.items():
        (root / "sources" / f"{name}.txt").write_text(text, "utf-8")
    return root


PARAGRAPHS = [
    "The delegation arrived in Geneva on Monday morning.",
    "Talks with the regional partners lasted three hours.",
    "A joint statement is expected at the end of the week.",
    "The next round will take place in Vienna in the spring.",
]


def review(path: Path) -> None:
    po = load_po(path)
    for entry in po:
        entry.msgstr = "FR " + entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    save_po(po, path)


def test_a_split_and_a_merge_inherit_from_every_removed_article(tmp_path: Path) -> None:
    root = project(tmp_path / "p", {"talks": "\n\n".join(PARAGRAPHS) + "\n"})
    assert invoke("sync", cwd=root).code == 0
    review(root / "locales" / "fr" / "talks.po")
    (root / "sources" / "talks.txt").unlink()
    (root / "sources" / "arrival.txt").write_text("\n\n".join(PARAGRAPHS[:2]) + "\n", "utf-8")
    (root / "sources" / "outlook.txt").write_text("\n\n".join(PARAGRAPHS[2:]) + "\n", "utf-8")
    split = invoke("sync", "--prune", cwd=root)
    assert split.code == 0, split.output
    assert "arrival (new) inherits from removed article talks: fr 2/2 segments" in split.stdout
    assert "outlook (new) inherits from removed article talks: fr 2/2 segments" in split.stdout

    for name in ("arrival", "outlook"):
        review(root / "locales" / "fr" / f"{name}.po")
        (root / "sources" / f"{name}.txt").unlink()
    (root / "sources" / "week.txt").write_text("\n\n".join(PARAGRAPHS) + "\n", "utf-8")
    merged = invoke("sync", "--prune", cwd=root)
    assert merged.code == 0, merged.output
    assert "week (new) inherits from removed articles arrival, outlook: fr 4/4 segments" in (
        merged.stdout
    )
    week = {e.msgid: e for e in load_po(root / "locales" / "fr" / "week.po")}
    assert all(week[p].msgstr == "FR " + p and "fuzzy" in week[p].flags for p in PARAGRAPHS)


def test_unreviewed_work_is_kept_but_never_offered_as_a_match(tmp_path: Path) -> None:
    root = project(
        tmp_path / "p", {"talks": "\n\n".join(PARAGRAPHS) + "\n", "other": "Another one.\n"}
    )
    assert invoke("sync", cwd=root).code == 0
    po_path = root / "locales" / "fr" / "talks.po"
    po = load_po(po_path)
    po[0].msgstr, po[0].flags = "Une traduction à revoir.", ["fuzzy"]  # a person's work
    po[1].msgstr = "La traduction relue."
    save_po(po, po_path)
    (root / "sources" / "talks.txt").unlink()
    pruned = invoke("sync", "--prune", cwd=root)
    assert pruned.code == 0, pruned.output
    assert (
        "removed article talks: kept 1 translation (fr 1) and 1 unreviewed (fuzzy, not "
        "offered as matches) in locales/memory/removed-talks.tmx"
    ) in pruned.stdout
    states = {
        u.text("en"): u.props.get("x-tmflow-state")
        for u in read_tmx(root / "locales" / "memory" / "removed-talks.tmx").units
    }
    assert states == {PARAGRAPHS[0]: "fuzzy", PARAGRAPHS[1]: None}
    (root / "sources" / "again.txt").write_text("\n\n".join(PARAGRAPHS[:2]) + "\n", "utf-8")
    assert invoke("sync", cwd=root).code == 0
    again = {e.msgid: e for e in load_po(root / "locales" / "fr" / "again.po")}
    assert again[PARAGRAPHS[0]].msgstr == ""  # unreviewed: not a match
    assert again[PARAGRAPHS[1]].msgstr == "La traduction relue."
    assert "tm 100% memory/removed-talks.tmx" in again[PARAGRAPHS[1]].tcomment


def test_prune_refuses_what_it_cannot_do_safely(tmp_path: Path) -> None:
    root = project(tmp_path / "p", {"talks": "\n\n".join(PARAGRAPHS) + "\n"})
    assert invoke("sync", cwd=root).code == 0
    (root / "sources" / "talks.txt").unlink()
    partial = invoke("sync", "--prune", "-l", "fr", cwd=root)
    assert partial.code == 2
    assert "--prune works on the whole project" in partial.stderr
    assert (root / "locales" / "templates" / "talks.pot").exists()  # nothing extracted either
    # no article left at all: a wrong 'sources' setting looks the same, nothing is removed
    empty = invoke("sync", "--prune", cwd=root)
    assert empty.code == 2 and "refusing to prune" in empty.stderr
    assert (root / "locales" / "fr" / "talks.po").exists()
    broken = root / "locales" / "fr" / "talks.po"
    (root / "sources" / "other.txt").write_text("Another article.\n", "utf-8")
    broken.write_text('msgid "x\n', "utf-8")
    bad = invoke("sync", "--prune", cwd=root)
    assert bad.code == 2 and "locales/fr/talks.po:1" in bad.stderr
    assert (root / "locales" / "templates" / "talks.pot").exists()  # nothing removed
    assert not (root / "locales" / "memory").exists()
