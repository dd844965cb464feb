"""Source reader: UTF-8 with or without BOM, CRLF or LF kept as is, clear errors naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmflow.core.errors import NotFoundError, SourceError
from tmflow.io.sources import encode_source, read_source


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_plain_utf8_lf(tmp_path: Path) -> None:
    doc = read_source(write(tmp_path, "a.txt", "Xocalı.\nŞuşa.\n".encode()))
    assert doc.text == "Xocalı.\nŞuşa.\n"
    assert doc.bom is False
    assert doc.newline == "\n"


def test_bom_is_removed_and_remembered(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfHello.\n"
    doc = read_source(write(tmp_path, "a.txt", raw))
    assert doc.text == "Hello.\n"
    assert doc.bom is True
    assert encode_source(doc, doc.text) == raw


def test_crlf_is_kept_in_the_text(tmp_path: Path) -> None:
    raw = b"One.\r\nTwo.\r\n"
    doc = read_source(write(tmp_path, "a.md", raw))
    assert doc.text == "One.\r\nTwo.\r\n"
    assert doc.newline == "\r\n"
    assert encode_source(doc, doc.text) == raw


def test_encode_keeps_the_new_texts_own_newlines(tmp_path: Path) -> None:
    doc = read_source(write(tmp_path, "a.txt", b"\xef\xbb\xbfA\r\n"))
    assert encode_source(doc, "Б\r\n") == b"\xef\xbb\xbf" + "Б\r\n".encode()


def test_latin1_is_refused_with_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "old.txt", b"first line\nsecond caf\xe9\n")
    with pytest.raises(SourceError) as info:
        read_source(path)
    err = info.value
    assert err.path == path
    assert err.line == 2
    assert "not valid UTF-8" in str(err) and "old.txt:2" in str(err)


def test_utf16_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "u16.txt", "Hello".encode("utf-16"))
    with pytest.raises(SourceError, match="UTF-16"):
        read_source(path)


def test_nul_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="NUL"):
        read_source(write(tmp_path, "bin.txt", b"abc\n\x00def"))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as info:
        read_source(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)
    with pytest.raises(SourceError, match="folder"):
        read_source(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    doc = read_source(write(tmp_path, "e.txt", b""))
    assert doc.text == "" and doc.newline == "\n" and not doc.bom
