"""``update_project``: files, the no-op cache, refusal leaves every file as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_update_cli import POT, write_pot
from tmflow.io.config import load_config
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po
from tmflow.steps.merge import update as update_module
from tmflow.steps.merge.update import UpdateRefused, update_project


def test_second_no_op_update_is_served_from_the_cache(
    empty_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pot(empty_project)
    config = load_config(empty_project)
    created = update_project(config)
    assert len(created.created) == 2
    ru = config.po_path("ru", "news")
    po = load_po(ru)
    next(iter(po)).msgstr = "27 февраля 2014 года"
    save_po(po, ru)
    computed = update_project(config)  # nothing to write: remembered
    assert computed.changed == []
    assert computed.by_language()["ru"].translated == 1
    calls: list[Path] = []
    real = update_module.load_po
    monkeypatch.setattr(update_module, "load_po", lambda p, **kw: calls.append(p) or real(p))
    cached = update_project(config)
    assert calls == []  # not a single file parsed
    assert cached.by_language()["ru"].as_dict() == computed.by_language()["ru"].as_dict()
    assert cached.by_language()["fr"].still_untranslated == 3
    # a reviewer edits the catalog: the cache no longer applies to that language
    po = load_po(ru)
    list(po)[1].msgstr = "Лейла Алиева выступила с речью."
    save_po(po, ru)
    again = update_project(config)
    assert {p.parent.name for p in calls} == {"ru", "templates"}
    assert again.by_language()["ru"].translated == 2


def test_template_change_invalidates_the_cache(empty_project: Path) -> None:
    pot = write_pot(empty_project)
    config = load_config(empty_project)
    update_project(config)
    update_project(config)
    pot.write_text(POT.replace("5 years", "6 years"), "utf-8")
    result = update_project(config)
    assert len(result.changed) == 2
    fr = {e.msgid for e in load_po(config.po_path("fr", "news"))}
    assert "The campaign was initiated 6 years ago in Moscow." in fr


def test_refusal_writes_nothing_in_any_language(
    empty_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pot(empty_project)
    config = load_config(empty_project)
    update_project(config)
    ru = config.po_path("ru", "news")
    po = load_po(ru)
    for e in po:
        e.msgstr = "перевод"
    save_po(po, ru)
    write_pot(empty_project, POT + '\nmsgid "Brand new."\nmsgstr ""\n')
    before = {p: p.read_bytes() for p in config.locales_dir.rglob("*.po")}
    # no input loses a translation by construction (a segment that became plural keeps it
    # as fuzzy); the guard is the last line of defence: make it see a loss
    from tmflow.steps.merge import update as update_module

    real = update_module._keeps
    monkeypatch.setattr(
        update_module,
        "_keeps",
        lambda old, new: old.msgid != "February 27, 2014" and real(old, new),
    )
    with pytest.raises(UpdateRefused) as err:
        update_project(config)
    assert err.value.exit_code == 1
    assert [lost.msgid for _, lost in err.value.result.lost] == ["February 27, 2014"]
    assert {p: p.read_bytes() for p in config.locales_dir.rglob("*.po")} == before


def test_dry_run_writes_nothing(empty_project: Path) -> None:
    write_pot(empty_project)
    config = load_config(empty_project)
    result = update_project(config, dry_run=True)
    assert len(result.changed) == 2 and result.dry_run
    assert not config.po_path("fr", "news").exists()
    assert not (config.state_dir / "update-cache.json").exists()


def test_a_writing_update_is_remembered_unless_the_memory_grew(
    empty_project: Path, monkeypatch
) -> None:
    pot = write_pot(empty_project)
    config = load_config(empty_project)
    update_project(config)  # creates both catalogs: remembered with their steady counts
    calls: list[Path] = []
    real = update_module.load_po
    monkeypatch.setattr(update_module, "load_po", lambda p, **kw: calls.append(p) or real(p))
    assert update_project(config).by_language()["fr"].still_untranslated == 3
    assert calls == []
    # translate, remove a segment (obsolete), bring it back (revived): not remembered
    fr = config.po_path("fr", "news")
    po = real(fr)
    for e in po:
        e.msgstr = "traduit"
    save_po(po, fr)
    pot.write_text(
        POT.replace(
            '#. heading, block 1\n#: sources/news.txt:1\nmsgid "February 27, 2014"\nmsgstr ""\n\n',
            "",
        )
    )
    update_project(config)
    pot.write_text(POT)
    revived = update_project(config)
    assert revived.by_language()["fr"].revived == 1
    calls.clear()
    again = update_project(config)
    assert calls  # computed, not served from the cache
    assert again.changed == [] and again.by_language()["fr"].translated == 3


def test_worker_processes_give_the_same_result(
    empty_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pot(empty_project)
    config = load_config(empty_project)
    update_project(config)
    for lang in ("fr", "ru"):
        path = config.po_path(lang, "news")
        po = load_po(path)
        list(po)[1].msgstr = f"{lang} translation"
        save_po(po, path)
    write_pot(empty_project, POT.replace("at the ceremony", "at the big ceremony"))
    serial = update_project(config, dry_run=True)
    monkeypatch.setattr(update_module, "PARALLEL_MIN_FILES", 0)
    parallel = update_project(config)
    assert [(u.language, u.article, u.receipt.as_dict(), u.changed) for u in parallel.updates] == [
        (u.language, u.article, u.receipt.as_dict(), u.changed) for u in serial.updates
    ]
    assert parallel.by_language()["fr"].became_fuzzy == 1
    entry = next(e for e in load_po(config.po_path("ru", "news")) if "big" in e.msgid)
    assert entry.msgstr == "ru translation" and "fuzzy" in entry.flags
