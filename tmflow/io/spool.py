"""A spool: lines of text kept in a temporary file, written once and read back as often as
needed, a block at a time.

A step that produces more than it should hold in memory (``check``'s findings on a tree of tens
of thousands of files) writes it here as it comes and reads it back when it renders. The file
has no name (``tempfile.TemporaryFile``): it goes away when the spool is closed or the process
ends, whatever happens.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

BLOCK = 1 << 16


class Spool:
    """Lines of text in a temporary file. Text passes as it is, lone surrogates included
    (file names that are not UTF-8 carry them); a line must not contain a newline."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self.lines = 0

    def add(self, text: str) -> None:
        """Append one line."""
        self._file.write(text.encode("utf-8", "surrogatepass") + b"\n")
        self.lines += 1

    def __iter__(self) -> Iterator[bytes]:
        """The lines, as UTF-8 bytes without their newline, read a block at a time at an
        offset of this iteration's own (two iterations may run side by side)."""
        self._file.flush()
        fd = self._file.fileno()
        offset = 0
        rest = b""
        while True:
            block = os.pread(fd, BLOCK, offset)
            if not block:
                break
            offset += len(block)
            *lines, rest = (rest + block).split(b"\n")
            yield from lines

    def close(self) -> None:
        """Remove the file (idempotent)."""
        self._file.close()
