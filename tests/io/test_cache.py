from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

import tmflow.io.files
from tmflow.io.cache import (
    FileFindings,
    FindingsCache,
    MtCache,
    StampedStore,
    load_json_cache,
    save_json_cache,
)


def test_missing_file_is_an_empty_cache(tmp_path: Path) -> None:
    assert load_json_cache(tmp_path / "none.json", 1, "files") == {}


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{",
        b"not json",
        b"\xff\xfe\x00garbage",
        b"[1, 2]",
        b'"text"',
        b"null",
        b'{"files": {"a": 1}}',  # no version
        b'{"version": "1", "files": {"a": 1}}',  # version of the wrong type
        b'{"version": 1, "files": [1, 2]}',  # payload not an object
        b'{"version": 1, "other": {"a": 1}}',  # payload under another key
    ],
)
def test_corrupt_file_is_an_empty_cache(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(raw)
    assert load_json_cache(path, 1, "files") == {}


def test_unreadable_path_is_an_empty_cache(tmp_path: Path) -> None:
    (tmp_path / "c.json").mkdir()
    assert load_json_cache(tmp_path / "c.json", 1, "files") == {}


def test_other_version_is_an_empty_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    assert save_json_cache(path, 1, "files", {"a": [1, 2]}) is True
    assert load_json_cache(path, 2, "files") == {}
    assert load_json_cache(path, 1, "files") == {"a": [1, 2]}


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "state" / "c.json"  # the folder is created
    data = {
        "news/é.po": [10, 1_700_000_000_123_456_789, [[1, 0], None]],
        "bad\udcffname": {"nested": {"k": 'Ünïcode "quoted"\n'}},
    }
    assert save_json_cache(path, 3, "files", data) is True
    assert load_json_cache(path, 3, "files") == data
    doc = json.loads(path.read_bytes())
    assert doc == {"version": 3, "files": data}
    assert path.read_bytes().endswith(b"\n")


def test_reads_the_layout_of_earlier_caches(tmp_path: Path) -> None:
    # the extract cache used to be written indented, with non-ASCII text as is
    path = tmp_path / "extract-cache.json"
    path.write_text('{\n "articles": {\n  "été": {"entries": 3}\n },\n "version": 1\n}\n', "utf-8")
    assert load_json_cache(path, 1, "articles") == {"été": {"entries": 3}}


def test_same_data_does_not_touch_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    save_json_cache(path, 1, "files", {"a": 1})
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert save_json_cache(path, 1, "files", {"a": 1}) is True
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert save_json_cache(path, 1, "files", {"a": 2}) is True
    assert path.stat().st_mtime_ns != 1_000_000_000


def test_failed_write_keeps_the_old_cache_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.json"
    save_json_cache(path, 1, "files", {"old": 1})
    before = path.read_bytes()

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tmflow.io.files.os, "replace", fail)
    assert save_json_cache(path, 1, "files", {"new": 2}) is False
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json"]  # no temp file left
    assert load_json_cache(path, 1, "files") == {"old": 1}


def test_unwritable_place_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "state"
    blocked.write_text("a file where the state folder should be")
    assert save_json_cache(blocked / "c.json", 1, "files", {"a": 1}) is False
    assert load_json_cache(blocked / "c.json", 1, "files") == {}


# ---------------------------------------------------------------------------------------------
# StampedStore: rows read and written one at a time


def test_store_round_trip_and_rows_survive_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "state" / "s.sqlite3"  # the folder is created
    with StampedStore(path, 1, "settings") as store:
        assert store.empty and store.get("a.po") is None
        store.put("a.po", "10:123", '[1,"é"]')
        store.put("bad\udcffname.po", "1:2", "[]")  # a file name that is not UTF-8
        store.put("a.po", "11:124", '[2, "\udcff"]')  # the newer row wins
    with StampedStore(path, 1, "settings") as store:
        assert not store.empty
        assert store.get("a.po") == ("11:124", '[2, "\udcff"]')
        assert store.get("bad\udcffname.po") == ("1:2", "[]")
        assert store.get("other.po") is None


@pytest.mark.parametrize("version, fingerprint", [(2, "settings"), (1, "other settings")])
def test_store_of_another_version_or_settings_reads_empty(
    tmp_path: Path, version: int, fingerprint: str
) -> None:
    path = tmp_path / "s.sqlite3"
    with StampedStore(path, 1, "settings") as store:
        store.put("a.po", "1:1", "[]")
    with StampedStore(path, version, fingerprint) as store:
        assert store.empty and store.get("a.po") is None
        store.put("b.po", "2:2", "[]")
    with StampedStore(path, 1, "settings") as store:  # and the old rows are gone for good
        assert store.get("a.po") is None and store.get("b.po") is None


@pytest.mark.parametrize(
    "raw", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\xff" * 200]
)
def test_corrupt_store_reads_empty_and_is_made_afresh(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(raw)
    with StampedStore(path, 1) as store:
        assert store.get("a.po") is None
        store.put("a.po", "1:1", "[]")
    with StampedStore(path, 1) as store:
        assert store.get("a.po") == ("1:1", "[]")


def test_store_rows_are_kept_only_when_committed(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with StampedStore(path, 1) as store:
        store.put("kept.po", "1:1", "[]")
    with pytest.raises(KeyboardInterrupt):
        with StampedStore(path, 1) as store:
            store.put("dropped.po", "1:1", "[]")
            raise KeyboardInterrupt  # Ctrl-C mid-run: the rows of this run are rolled back
    with StampedStore(path, 1) as store:
        assert store.get("kept.po") == ("1:1", "[]") and store.get("dropped.po") is None


def test_store_locked_by_another_run_drops_its_rows_without_an_error(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with StampedStore(path, 1) as store:
        store.put("a.po", "1:1", "[]")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another run writing its rows
    try:
        store = StampedStore(path, 1, timeout=0.1)
        store.put("b.po", "2:2", "[]")
        assert store.close() is False
    finally:
        other.execute("ROLLBACK")
        other.close()
    with StampedStore(path, 1) as store:
        assert store.get("a.po") == ("1:1", "[]") and store.get("b.po") is None


def test_store_in_an_unwritable_place_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "state"
    blocked.write_text("a file where the state folder should be")
    with StampedStore(blocked / "s.sqlite3", 1) as store:
        assert store.get("a.po") is None
        store.put("a.po", "1:1", "[]")
    assert blocked.read_text() == "a file where the state folder should be"


def test_store_opened_for_neither_reading_nor_writing_creates_nothing(tmp_path: Path) -> None:
    with StampedStore(tmp_path / "s.sqlite3", 1, read=False, write=False) as store:
        store.put("a.po", "1:1", "[]")
        assert store.get("a.po") is None
    assert not (tmp_path / "s.sqlite3").exists()


# ---------------------------------------------------------------------------------------------
# MtCache: machine-translation results


@pytest.mark.parametrize(
    "raw", [b"garbage garbage garbage", b"SQLite format 3\x00" + b"\x00" * 50]
)
def test_damaged_mt_cache_reads_empty_and_is_made_afresh(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / ".tmflow" / "mt-cache.sqlite3"
    path.parent.mkdir()
    path.write_bytes(raw)
    dry = MtCache(path, readonly=True)  # a dry run: reads nothing, changes nothing
    assert dry.get("libre", "en", "ru", "Hello.") is None
    dry.close()
    assert path.read_bytes() == raw
    cache = MtCache(path)
    assert cache.get("libre", "en", "ru", "Hello.") is None
    cache.put("libre", "en", "ru", "Hello.", "Привет.")
    cache.close()
    again = MtCache(path, readonly=True)
    assert again.get("libre", "en", "ru", "Hello.") == "Привет."
    assert again.get("libre", "en", "fr", "Hello.") is None
    again.close()


def test_mt_cache_locked_by_another_run_forgets_without_an_error(tmp_path: Path) -> None:
    path = tmp_path / "mt-cache.sqlite3"
    MtCache(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        cache = MtCache(path)
        cache.conn.execute("PRAGMA busy_timeout=50")
        cache.put("libre", "en", "ru", "Hello.", "Привет.")  # dropped, no exception
        assert cache.get("libre", "en", "ru", "Hello.") is None
        cache.close()
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_mt_cache_keeps_the_answers_of_one_request_in_one_commit(tmp_path: Path) -> None:
    path = tmp_path / "mt-cache.sqlite3"
    cache = MtCache(path)
    rows = [
        ("openai:m prompt1 context:ab", "en", "fr", f"Text {i}.", f"Texte {i}.") for i in range(40)
    ]
    cache.put_many(rows)
    cache.put_many([])  # nothing to remember: no error
    cache.close()
    again = MtCache(path, readonly=True)
    assert [again.get(*row[:4]) for row in rows] == [row[4] for row in rows]
    assert again.get("openai:m prompt1 context:cd", "en", "fr", "Text 1.") is None
    again.close()


def test_store_keeps_rows_put_in_many_batches(tmp_path: Path) -> None:
    from tmflow.io.cache import ROWS_AT_ONCE

    path = tmp_path / "s.sqlite3"
    count = 2 * ROWS_AT_ONCE + 17
    with StampedStore(path, 1) as store:
        for i in range(count):
            store.put(f"locales/ru/a{i}.po", f"{i}:{i}", f'["row {i}"]')
    with StampedStore(path, 1) as store:
        assert all(
            store.get(f"locales/ru/a{i}.po") == (f"{i}:{i}", f'["row {i}"]') for i in range(count)
        )
    with pytest.raises(KeyboardInterrupt):
        with StampedStore(path, 1) as store:
            for i in range(count):  # some batches already sent to SQLite when interrupted
                store.put(f"locales/fr/b{i}.po", "1:1", "[]")
            raise KeyboardInterrupt
    with StampedStore(path, 1) as store:
        assert store.get("locales/fr/b0.po") is None and store.get("locales/ru/a0.po")


# ---------------------------------------------------------------------------------------------
# FindingsCache: check's findings per PO file


def _findings(*severities: str) -> FileFindings:
    fields = [
        ["numbers", s, f"message {i}", "locales/ru/a.po", i, "ru", None]
        for i, s in enumerate(severities, 1)
    ]
    return FileFindings(
        severities.count("error"),
        severities.count("warning"),
        severities.count("info"),
        json.dumps(fields, ensure_ascii=False, separators=(",", ":")),
    )


def test_findings_round_trip_per_file_and_stamp(tmp_path: Path) -> None:
    path = tmp_path / "state" / "check.sqlite3"  # the folder is created
    found = _findings("error", "warning", "warning", "info")
    odd = FileFindings(
        0, 1, 0, '[["x","warning","é \udcff","locales/ru/caf\udce9.po",null,"ru",null]]'
    )
    with FindingsCache(path, "settings") as cache:
        assert cache.empty and cache.get("locales/ru/a.po", (1, 2, 3, 4)) is None
        cache.put("locales/ru/a.po", (1, 2, 3, 4), found)
        cache.put("locales/ru/caf\udce9.po", (5, 6, -1, -1), odd)  # a name that is not UTF-8
    with FindingsCache(path, "settings") as cache:
        assert not cache.empty
        assert cache.get("locales/ru/a.po", (1, 2, 3, 4)) == found
        assert cache.get("locales/ru/caf\udce9.po", (5, 6, -1, -1)) == odd
        # the file or its template changed since: no findings
        assert cache.get("locales/ru/a.po", (1, 2, 3, 5)) is None
        assert cache.get("locales/ru/a.po", (9, 2, 3, 4)) is None
        assert cache.get("locales/ru/b.po", (1, 2, 3, 4)) is None
    # the rows are plain columns, readable by any SQLite client
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT size, mtime_ns, template_size, template_mtime_ns, errors, warnings, infos, "
            "findings FROM findings WHERE key = ?",
            (b"locales/ru/a.po",),
        ).fetchone()
    assert row[:7] == (1, 2, 3, 4, 1, 2, 1)
    assert json.loads(row[7])[0][:3] == ["numbers", "error", "message 1"]


def test_findings_of_other_settings_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "check.sqlite3"
    with FindingsCache(path, "settings") as cache:
        cache.put("a.po", (1, 1, -1, -1), _findings("error"))
    with FindingsCache(path, "other settings") as cache:
        assert cache.empty and cache.get("a.po", (1, 1, -1, -1)) is None
    with FindingsCache(path, "settings") as cache:  # and the old rows are gone for good
        assert cache.get("a.po", (1, 1, -1, -1)) is None


def test_a_cache_of_the_earlier_layout_reads_empty_and_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "check.sqlite3"
    with StampedStore(path, 2, "settings") as store:  # "errors,warnings,infos;findings" rows
        store.put("a.po", "1:1:-1:-1", "1,0,0;[]")
    with FindingsCache(path, "settings") as cache:
        assert cache.empty
        cache.put("a.po", (1, 1, -1, -1), _findings())
    with sqlite3.connect(path) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert "rows" not in tables and "findings" in tables


@pytest.mark.parametrize(
    "damage",
    [
        "findings = X'6e6f74206a736f6e'",  # other bytes
        "findings = '[]'",  # text, not bytes
        "errors = errors + 1",  # counts that do not match the findings
        "warnings = 'many'",
        "checksum = checksum + 1",
    ],
)
def test_a_damaged_findings_row_reads_as_absent(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "check.sqlite3"
    with FindingsCache(path, "settings") as cache:
        cache.put("a.po", (1, 1, -1, -1), _findings("error", "warning"))
        cache.put("b.po", (1, 1, -1, -1), _findings("error"))
    with sqlite3.connect(path) as db:
        assert db.execute(f"UPDATE findings SET {damage} WHERE key = ?", (b"a.po",)).rowcount
    with FindingsCache(path, "settings") as cache:
        assert cache.get("a.po", (1, 1, -1, -1)) is None
        assert cache.get("b.po", (1, 1, -1, -1)) == _findings("error")


@pytest.mark.parametrize(
    "raw", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\xff" * 200]
)
def test_a_corrupt_findings_cache_reads_empty_and_is_made_afresh(
    tmp_path: Path, raw: bytes
) -> None:
    path = tmp_path / "check.sqlite3"
    path.write_bytes(raw)
    with FindingsCache(path, "settings") as cache:
        assert cache.get("a.po", (1, 1, -1, -1)) is None
        cache.put("a.po", (1, 1, -1, -1), _findings("info"))
    with FindingsCache(path, "settings") as cache:
        assert cache.get("a.po", (1, 1, -1, -1)) == _findings("info")


def test_a_findings_cache_locked_by_another_run_is_no_error(tmp_path: Path) -> None:
    path = tmp_path / "check.sqlite3"
    with FindingsCache(path, "settings") as cache:
        cache.put("a.po", (1, 1, -1, -1), _findings("error"))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another run writing its rows
    try:
        cache = FindingsCache(path, "settings", timeout=0.1)
        assert cache.get("a.po", (1, 1, -1, -1)) is None  # cannot be read now: none
        cache.put("b.po", (2, 2, -1, -1), _findings())
        assert cache.close() is False
    finally:
        other.execute("ROLLBACK")
        other.close()
    with FindingsCache(path, "settings") as cache:
        assert cache.get("a.po", (1, 1, -1, -1)) == _findings("error")
        assert cache.get("b.po", (2, 2, -1, -1)) is None


def test_a_findings_cache_in_an_unwritable_place_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "state"
    blocked.write_text("a file where the state folder should be")
    with FindingsCache(blocked / "check.sqlite3", "settings") as cache:
        cache.put("a.po", (1, 1, -1, -1), _findings())
        assert cache.get("a.po", (1, 1, -1, -1)) is None
    assert blocked.read_text() == "a file where the state folder should be"


def test_findings_stamp_of_a_file_and_its_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    po, pot = tmp_path / "a.po", tmp_path / "a.pot"
    assert FindingsCache.stamp(str(po), None) is None  # missing
    po.write_bytes(b"12345")
    pot.write_bytes(b"123")
    old = 1_600_000_000_000_000_000  # an old whole second
    os.utime(po, ns=(old, old))
    os.utime(pot, ns=(old, old + 7))
    assert FindingsCache.stamp(str(po), None) == (5, old, -1, -1)
    assert FindingsCache.stamp(str(po), str(pot)) == (5, old, 3, old + 7)
    assert FindingsCache.stamp(str(po), str(tmp_path / "none.pot")) is None
    # a whole-second mtime of the last two seconds may hide a rewrite: not to be cached
    monkeypatch.setattr(tmflow.io.files.time, "time", lambda: old / 1e9 + 1)
    assert FindingsCache.stamp(str(po), None) is None
    os.utime(po, ns=(old - 10**10, old - 10**10))  # the PO file is older; its template not
    assert FindingsCache.stamp(str(po), None) == (5, old - 10**10, -1, -1)
    os.utime(pot, ns=(old, old))
    assert FindingsCache.stamp(str(po), str(pot)) is None


def test_update_state_keeps_rows_per_language_and_forgets_them(tmp_path: Path) -> None:
    from tmflow.io.cache import CatalogRecord, UnitsRecord, UpdateState

    path = tmp_path / ".tmflow" / "update-state.sqlite3"
    state = UpdateState(path, 1)
    record = CatalogRecord((10, 20), (30, 40), '{"translated": 2}', '["Untranslated."]')
    units = UnitsRecord((30, 40), '[["A source.", "Une source."]]')
    assert state.save("fr", "digest", [("news", record)], [("news.po", units)])
    assert state.save("ru", "other", [("news", record)], [])
    state.close()
    reader = UpdateState(path, 1, write=False)
    assert reader.inputs("fr") == "digest" and reader.inputs("de") is None
    assert reader.catalog_stamps("fr") == {"news": ((10, 20), (30, 40))}
    assert list(reader.catalogs("fr", ["news"])) == [("news", record)]
    assert dict(reader.units("fr")) == {"news.po": units}
    assert reader.unit_stamps("fr") == {"news.po": (30, 40)}
    reader.close()
    state = UpdateState(path, 1)
    assert state.save("fr", None, (), ())  # forget the language: its rows go
    assert state.inputs("fr") is None and state.catalog_stamps("fr") == {}
    assert state.catalog_stamps("ru") == {"news": ((10, 20), (30, 40))}
    state.close()
    # another version: nothing of the old rows is read
    assert UpdateState(path, 2).catalog_stamps("ru") == {}


def test_update_state_that_is_damaged_or_missing_reads_as_empty(tmp_path: Path) -> None:
    from tmflow.io.cache import UpdateState

    missing = UpdateState(tmp_path / "none.sqlite3", 1, write=False)
    assert missing.inputs("fr") is None and not (tmp_path / "none.sqlite3").exists()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database" * 200)
    assert UpdateState(damaged, 1, write=False).catalog_stamps("fr") == {}
    state = UpdateState(damaged, 1)  # made afresh when it may be written
    assert state.save("fr", "d", [], []) and state.inputs("fr") == "d"
    state.close()
