"""Saving a draft run's PO files: atomic, periodic, and never over a human's edit."""

from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest

from tmflow.core.errors import NotFoundError
from tmflow.io.config import load_config
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.steps.mt.catalogs import Catalog, Change, Saver, catalog_paths

DRAFT = Change("<fr> draft", ("tmflow: mt libre 2026-01-01",))


def write(path: Path, *msgids: str) -> Path:
    po = new_catalog("test", "fr")
    for msgid in msgids:
        po.append(polib.POEntry(msgid=msgid, msgstr=""))
    save_po(po, path)
    return path


def texts(path: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in load_po(path)}


def test_a_save_keeps_a_translation_typed_while_the_run_went_on(tmp_path: Path) -> None:
    path = write(tmp_path / "a.po", "One.", "Two.", "Three.")
    catalog = Catalog.read(path)
    catalog.apply((None, "One."), DRAFT)
    catalog.apply((None, "Two."), DRAFT)
    # a reviewer translates "Two." and adds an entry comment elsewhere, then saves
    po = load_po(path)
    po[1].msgstr = "Deux."
    po[2].tcomment = "ask the desk"
    save_po(po, path)
    assert catalog.save()
    now = {e.msgid: e for e in load_po(path)}
    assert now["One."].msgstr == "<fr> draft" and "fuzzy" in now["One."].flags
    assert now["Two."].msgstr == "Deux." and not now["Two."].flags
    assert now["Three."].tcomment == "ask the desk"
    assert list(catalog.superseded) == [(None, "Two.")]


def test_an_unchanged_file_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "a.po", "One.")
    catalog = Catalog.read(path)
    os.utime(path, ns=(1_700_000_000_123_456_789, 1_700_000_000_123_456_789))
    catalog.stamp = Catalog.read(path).stamp
    reads: list[Path] = []
    import tmflow.steps.mt.catalogs as module

    real = module.load_po
    monkeypatch.setattr(module, "load_po", lambda p: reads.append(p) or real(p))
    catalog.apply((None, "One."), DRAFT)
    assert catalog.save() and reads == []
    assert texts(path)["One."] == "<fr> draft"
    assert not catalog.save()  # nothing new: not written again


def test_a_racy_stamp_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    path = write(tmp_path / "a.po", "One.", "Two.")
    whole = int(time.time()) * 1_000_000_000
    os.utime(path, ns=(whole, whole))
    catalog = Catalog.read(path)
    catalog.apply((None, "One."), DRAFT)
    catalog.apply((None, "Two."), DRAFT)
    # someone renames both entries: same size, same whole second; only the content tells
    size = path.stat().st_size
    po = load_po(path)
    po[0].msgid, po[1].msgid = "One!", "Two!"
    save_po(po, path)
    os.utime(path, ns=(whole, whole))
    assert path.stat().st_size == size and Catalog.read(path).stamp == catalog.stamp
    catalog.save()
    assert texts(path) == {"One!": "", "Two!": ""}  # read again, not overwritten


def test_the_saver_saves_every_interval_one_file_at_a_time(tmp_path: Path) -> None:
    paths = [write(tmp_path / f"{name}.po", "One.", "Two.") for name in "abc"]
    catalogs = [Catalog.read(path) for path in paths]
    now = [0.0]
    saver = Saver(catalogs, interval=2.0, clock=lambda: now[0])
    for catalog in catalogs[:2]:
        catalog.apply((None, "One."), DRAFT)
    now[0] = 1.0
    saver.maybe_save()
    assert texts(paths[0])["One."] == ""  # not yet
    now[0] = 2.5
    saver.maybe_save()
    assert texts(paths[0])["One."] == "<fr> draft" and texts(paths[1])["One."] == ""
    saver.maybe_save()
    assert texts(paths[1])["One."] == "<fr> draft" and saver.written == paths[:2]
    saver.maybe_save()  # nothing more is due until the next interval
    catalogs[2].apply((None, "Two."), DRAFT)
    saver.maybe_save()
    assert texts(paths[2])["Two."] == ""
    saver.save_all()
    assert texts(paths[2])["Two."] == "<fr> draft" and saver.written == paths


def test_catalog_paths(tmp_path: Path) -> None:
    (tmp_path / "tmflow.toml").write_text('languages = ["fr"]\n', "utf-8")
    folder = tmp_path / "locales" / "fr"
    folder.mkdir(parents=True)
    for name in ("b", "a", ".hidden"):
        write(folder / f"{name}.po", "x")
    (folder / "notes.txt").write_text("", "utf-8")
    config = load_config(tmp_path)
    assert [p.name for p in catalog_paths(config, "fr", [])] == ["a.po", "b.po"]
    assert catalog_paths(config, "fr", ["b"]) == [folder / "b.po"]
    assert catalog_paths(config, "az", []) == []
    with pytest.raises(NotFoundError, match="no PO file for article 'c' in 'fr'"):
        catalog_paths(config, "fr", ["c"])
