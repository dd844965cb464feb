from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import tmflow.io.files
from tmflow.io.cache import load_json_cache, save_json_cache


def test_missing_file_is_an_empty_cache(tmp_path: Path) -> None:
    assert load_json_cache(tmp_path / "none.json", 1, "files") == {}


@pytest.mark.parametrize("raw", [
    b"", b"{", b"not json", b"\xff\xfe\x00garbage", b"[1, 2]", b'"text"', b"null",
    b'{"files": {"a": 1}}',                      # no version
    b'{"version": "1", "files": {"a": 1}}',      # version of the wrong type
    b'{"version": 1, "files": [1, 2]}',          # payload not an object
    b'{"version": 1, "other": {"a": 1}}',        # payload under another key
])
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
    data = {"news/é.po": [10, 1_700_000_000_123_456_789, [[1, 0], None]],
            "bad\udcffname": {"nested": {"k": "Ünïcode \"quoted\"\n"}}}
    assert save_json_cache(path, 3, "files", data) is True
    assert load_json_cache(path, 3, "files") == data
    doc = json.loads(path.read_bytes())
    assert doc == {"version": 3, "files": data}
    assert path.read_bytes().endswith(b"\n")


def test_reads_the_layout_of_earlier_caches(tmp_path: Path) -> None:
    # the extract cache used to be written indented, with non-ASCII text as is
    path = tmp_path / "extract-cache.json"
    path.write_text('{\n "articles": {\n  "été": {"entries": 3}\n },\n "version": 1\n}\n',
                    "utf-8")
    assert load_json_cache(path, 1, "articles") == {"été": {"entries": 3}}


def test_same_data_does_not_touch_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    save_json_cache(path, 1, "files", {"a": 1})
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert save_json_cache(path, 1, "files", {"a": 1}) is True
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert save_json_cache(path, 1, "files", {"a": 2}) is True
    assert path.stat().st_mtime_ns != 1_000_000_000


def test_failed_write_keeps_the_old_cache_whole(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
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
