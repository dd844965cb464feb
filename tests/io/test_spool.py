"""The spool: lines written once to a temporary file, read back whole, as often as needed."""

from __future__ import annotations

import os

import pytest

import tmflow.io.spool
from tmflow.io.spool import Spool


def test_lines_come_back_in_order_across_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tmflow.io.spool, "BLOCK", 7)  # lines longer than a block, and shorter
    lines = ["[1]", "a line longer than one block of seven bytes", "", "é «ü» ؟", "x" * 20]
    spool = Spool()
    for line in lines:
        spool.add(line)
    assert spool.lines == len(lines)
    assert [b.decode("utf-8") for b in spool] == lines
    assert [b.decode("utf-8") for b in spool] == lines  # read again: the same
    spool.close()


def test_two_readings_side_by_side_and_a_line_added_between() -> None:
    spool = Spool()
    spool.add("one")
    spool.add("two")
    first, second = iter(spool), iter(spool)
    assert next(first) == b"one"
    assert next(second) == b"one"
    assert next(first) == b"two"
    assert list(second) == [b"two"]
    spool.add("three")  # written after a reading: the next reading has it
    assert list(spool) == [b"one", b"two", b"three"]
    spool.close()


def test_file_names_that_are_not_utf8_pass_as_they_are() -> None:
    name = os.fsdecode(b"caf\xe9.po")  # a lone surrogate, as os.fsdecode gives it
    spool = Spool()
    spool.add(f'["{name}"]')
    (line,) = list(spool)
    assert line.decode("utf-8", "surrogatepass") == f'["{name}"]'
    spool.close()


def test_close_removes_the_file() -> None:
    spool = Spool()
    spool.add("x")
    fd = spool._file.fileno()
    assert os.fstat(fd).st_nlink == 0  # no name from the start: nothing left behind a crash
    spool.close()
    spool.close()  # twice: no error
    assert spool._file.closed
