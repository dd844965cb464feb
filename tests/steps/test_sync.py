"""``sync_project``: extract + update on the sample project; a no-op sync touches nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmflow.core.errors import LockError
from tmflow.io.config import load_config
from tmflow.io.files import project_lock
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po
from tmflow.steps.merge.update import UpdateRefused
from tmflow.steps.sync import sync_project


def _snapshot(root: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in (root / "locales").rglob("*") if p.is_file()}


def test_sync_creates_every_catalog_then_is_a_no_op(sample_project: Path) -> None:
    config = load_config(sample_project)
    first = sync_project(config)
    articles = sorted(p.stem for p in config.templates_dir.glob("*.pot"))
    assert len(articles) >= 2
    for lang in config.languages:
        for name in articles:
            assert config.po_path(lang, name).is_file()
    assert set(first.update.by_language()) == set(config.languages)
    before = _snapshot(sample_project)
    second = sync_project(config)
    assert second.update.changed == [] and second.extract.written == []
    assert _snapshot(sample_project) == before


def test_sync_after_a_source_edit_keeps_the_old_translation_as_fuzzy(sample_project: Path) -> None:
    config = load_config(sample_project)
    sync_project(config)
    source = next(p for p in config.sources_dir.iterdir() if p.suffix == ".txt")
    text = source.read_text("utf-8")
    po_path = config.po_path("ru", source.stem)
    po = load_po(po_path)
    target = next(
        e
        for e in po
        if len(e.msgid.split()) > 6 and " the " in e.msgid and text.count(e.msgid) == 1
    )
    target.msgstr = "Перевод рецензента."
    save_po(po, po_path)
    source.write_text(
        text.replace(target.msgid, target.msgid.replace(" the ", " the same ", 1)), "utf-8"
    )
    result = sync_project(config, languages=["ru"])
    receipt = result.update.by_language()["ru"]
    assert receipt.became_fuzzy == 1 and receipt.lost == []
    entry = next(e for e in load_po(po_path) if e.previous_msgid == target.msgid)
    assert entry.msgstr == "Перевод рецензента." and "fuzzy" in entry.flags
    assert "tmflow: source changed:" in entry.tcomment


def test_sync_refuses_while_another_process_holds_the_lock(sample_project: Path) -> None:
    config = load_config(sample_project)
    lock = config.state_dir / "lock"
    config.state_dir.mkdir(parents=True, exist_ok=True)
    lock.write_text("1 " + __import__("socket").gethostname() + "\n")  # pid 1 is alive
    (config.sources_dir / "new-article.txt").write_text("A brand new article.\n", "utf-8")
    before = _snapshot(sample_project)
    with pytest.raises(LockError, match=r"another tmflow is running \(pid 1\)"):
        sync_project(config)
    assert _snapshot(sample_project) == before
    assert not config.pot_path("new-article").exists()
    lock.unlink()
    with project_lock(config.state_dir):
        pass
    assert config.po_path("fr", "new-article") in sync_project(config).update.created


def test_refusal_type_is_a_check_failure() -> None:
    assert UpdateRefused.exit_code == 1
