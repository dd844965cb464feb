"""``update_project`` with its records (``<state>/update-state.sqlite3``): after edits only the
catalogs that may come out different are read, and every file comes out as a full update
(one without records) makes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tmflow.io.config import Config, load_config
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po
from tmflow.steps.merge import update as update_module
from tmflow.steps.merge.update import STATE_NAME, update_project

HEADER = """msgid ""
msgstr ""
"Project-Id-Version: news\\n"
"POT-Creation-Date: 2026-11-01 10:00+0000\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""

ARTICLES = {
    "alpha": [
        "The minister opened the new bridge over the river on Monday.",
        "Thousands of people came to watch the ceremony in the rain.",
        "The bridge took four years to build.",
    ],
    "beta": [
        "The council approved the budget for the next year.",
        "Farmers protested against the new water tax in the capital.",
        "The vote was close.",
    ],
    "gamma": [
        "A new museum of modern art opened in the old port.",
        "The museum shows works by local painters and sculptors.",
        "Entry is free on Sundays.",
    ],
}


def write_template(root: Path, name: str, msgids: list[str]) -> Path:
    path = root / "locales" / "templates" / f"{name}.pot"
    path.parent.mkdir(parents=True, exist_ok=True)
    blocks = [HEADER]
    for i, msgid in enumerate(msgids):
        blocks.append(f'#: sources/{name}.txt:{2 * i + 1}\nmsgid "{msgid}"\nmsgstr ""\n')
    path.write_text("\n".join(blocks), "utf-8")
    return path


def translate(config: Config, language: str, name: str, msgid: str, text: str) -> None:
    path = config.po_path(language, name)
    po = load_po(path)
    entry = next(e for e in po if e.msgid == msgid)
    entry.msgstr = text
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    save_po(po, path)


@pytest.fixture
def project(empty_project: Path) -> Config:
    for name, msgids in ARTICLES.items():
        write_template(empty_project, name, msgids)
    config = load_config(empty_project)
    update_project(config)
    for name, msgids in ARTICLES.items():
        translate(config, "fr", name, msgids[0], f"FR {msgids[0]}")
        translate(config, "ru", name, msgids[1], f"RU {msgids[1]}")
    update_project(config)  # records every catalog
    assert (config.state_dir / STATE_NAME).is_file()
    return config


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*.po"))
    }


def same_as_a_full_update(config: Config, tmp_path: Path) -> None:
    """Update the project, and a copy of it without any of update's records: the same files
    and the same receipts."""
    copy = tmp_path / "full"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(config.root, copy)
    shutil.rmtree(copy / ".tmflow", ignore_errors=True)
    got = update_project(config)
    want = update_project(load_config(copy))
    assert files_of(config.root) == files_of(copy)
    assert [(u.language, u.article, u.receipt.as_dict(), u.changed) for u in got.updates] == [
        (u.language, u.article, u.receipt.as_dict(), u.changed) for u in want.updates
    ]


def test_a_template_edit_reads_that_article_only(
    project: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    msgids = list(ARTICLES["beta"])
    msgids[0] = msgids[0].replace("next year", "coming year")
    msgids.append("The mayor did not comment.")
    write_template(project.root, "beta", msgids)
    calls: list[Path] = []
    real = update_module.load_po
    monkeypatch.setattr(update_module, "load_po", lambda p, **kw: calls.append(p) or real(p))
    result = update_project(project, dry_run=True)
    assert sorted({p.name for p in calls}) == ["beta.po", "beta.pot"]
    assert result.by_language()["fr"].became_fuzzy == 1
    assert [u.article for u in result.updates if u.changed] == ["beta", "beta"]
    monkeypatch.undo()
    same_as_a_full_update(project, tmp_path)


def test_a_new_translation_drafts_the_same_sentence_in_an_unchanged_article(
    project: Config, tmp_path: Path
) -> None:
    # gamma's third segment comes to beta (beta's template changes); a translator then
    # translates it in gamma: beta gets a memory draft, as a full update drafts it
    shared = ARTICLES["gamma"][2]
    write_template(project.root, "beta", [*ARTICLES["beta"], shared])
    update_project(project)
    beta = project.po_path("fr", "beta")
    assert next(e for e in load_po(beta) if e.msgid == shared).msgstr == ""
    translate(project, "fr", "gamma", shared, "L'entrée est gratuite le dimanche.")
    same_as_a_full_update(project, tmp_path)
    entry = next(e for e in load_po(beta) if e.msgid == shared)
    assert entry.msgstr == "L'entrée est gratuite le dimanche." and "fuzzy" in entry.flags


def test_an_unchanged_catalog_is_drafted_from_a_new_similar_translation(
    project: Config, tmp_path: Path
) -> None:
    # alpha's second sentence is untranslated in fr; a sentence close to it is translated in
    # a new article: the steady alpha catalog is worked on again and drafted
    near = "Thousands of people came to watch the ceremony in the snow."
    write_template(project.root, "delta", [near])
    update_project(project)
    translate(project, "fr", "delta", near, "Des milliers de personnes sous la neige.")
    same_as_a_full_update(project, tmp_path)
    alpha = next(e for e in load_po(project.po_path("fr", "alpha")) if "rain" in e.msgid)
    assert alpha.msgstr == "Des milliers de personnes sous la neige." and "fuzzy" in alpha.flags


def test_a_removed_template_and_a_removed_file(project: Config, tmp_path: Path) -> None:
    (project.templates_dir / "gamma.pot").unlink()
    same_as_a_full_update(project, tmp_path)
    project.po_path("fr", "gamma").unlink()
    project.po_path("ru", "beta").unlink()  # made again
    same_as_a_full_update(project, tmp_path)
    assert project.po_path("ru", "beta").is_file()


def test_a_revived_entry_is_read_again_next_time(project: Config, tmp_path: Path) -> None:
    # a segment leaves (its translation becomes obsolete) and comes back (revived: a unit
    # the memory had not when the other catalogs were last updated)
    first = ARTICLES["alpha"][0]
    write_template(project.root, "alpha", ARTICLES["alpha"][1:])
    update_project(project)
    write_template(project.root, "gamma", [*ARTICLES["gamma"], first.replace("Monday", "Friday")])
    update_project(project)
    write_template(project.root, "alpha", ARTICLES["alpha"])
    assert update_project(project).by_language()["fr"].revived == 1
    same_as_a_full_update(project, tmp_path)


def test_a_damaged_record_file_is_full_work(project: Config, tmp_path: Path) -> None:
    (project.state_dir / STATE_NAME).write_bytes(b"not a database" * 100)
    (project.state_dir / "update-cache.json").unlink()
    translate(project, "fr", "beta", ARTICLES["beta"][2], "Le vote était serré.")
    same_as_a_full_update(project, tmp_path)


def test_the_memory_is_not_read_when_no_lookup_needs_it(
    project: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    # beta's untranslated segments found nothing last time and no unit is new: a template
    # edit elsewhere in beta asks the memory nothing
    msgids = list(ARTICLES["beta"])
    msgids[0] = msgids[0].replace("next year", "coming year")
    write_template(project.root, "beta", msgids)
    loaded: list[str] = []
    real = update_module._StoredMemory._each_file

    def spy(self: update_module._StoredMemory) -> object:
        loaded.append(self.language)
        return real(self)

    monkeypatch.setattr(update_module._StoredMemory, "_each_file", spy)
    assert update_project(project, languages=("fr",)).by_language()["fr"].became_fuzzy == 1
    assert loaded == []
    # in ru the edited sentence was untranslated: a new source to look up
    update_project(project, languages=("ru",))
    assert loaded and set(loaded) == {"ru"}


def test_many_sources_to_look_up_go_through_the_index(
    project: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(update_module, "SCAN_MAX_QUERIES", 0)
    shared = ARTICLES["gamma"][2]
    write_template(project.root, "beta", [*ARTICLES["beta"], shared, "A new sentence."])
    translate(project, "ru", "gamma", shared, "Вход свободный по воскресеньям.")
    same_as_a_full_update(project, tmp_path)
    entry = next(e for e in load_po(project.po_path("ru", "beta")) if e.msgid == shared)
    assert entry.msgstr == "Вход свободный по воскресеньям." and "fuzzy" in entry.flags
