"""Where a report goes: the terminal, a file written atomically, and copies beside them
(the status memo), written as the report is made so that a large one is never held whole."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from tmflow.core.display import NAMES

CHUNK = 1 << 16


def generation_time() -> datetime:
    """The time a page says it was made: now, or ``SOURCE_DATE_EPOCH`` (seconds since 1970,
    UTC) where it is set, as reproducible builds set it: the same tree gives the same bytes."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        from tmflow.core.errors import UsageError

        raise UsageError(
            f"SOURCE_DATE_EPOCH must be a number of seconds since 1970, not {value!r}"
        ) from None


class Tee:
    """A text stream (only ``write`` and ``flush``) that buffers up to ``CHUNK`` characters,
    then writes them to a text stream and, encoded as UTF-8, to binary handles."""

    def __init__(self, text: TextIO | None, binaries: list[BinaryIO]) -> None:
        self._text = text
        self._binaries = binaries
        self._parts: list[str] = []
        self._size = 0

    def write(self, data: str) -> int:
        self._parts.append(data)
        self._size += len(data)
        if self._size >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if not self._parts:
            return
        data = "".join(self._parts)
        self._parts.clear()
        self._size = 0
        if self._text is not None:
            self._text.write(data)
        if self._binaries:
            raw = data.encode("utf-8", NAMES)
            for handle in self._binaries:
                handle.write(raw)


@contextmanager
def report_stream(output: Path | None, *copies: BinaryIO | None) -> Iterator[Tee]:
    """A stream to the file ``output`` (replaced atomically when the block ends without an
    exception) or, without one, to stdout; and to ``copies``."""
    with ExitStack() as stack:
        if output is not None:
            from tmflow.io.files import open_atomic

            handle = stack.enter_context(open_atomic(output))
            tee = Tee(None, [handle, *(c for c in copies if c is not None)])
        else:
            tee = Tee(sys.stdout, [c for c in copies if c is not None])
        yield tee
        tee.flush()
        if output is None:
            sys.stdout.flush()


def copy_out(source: BinaryIO, output: Path | None) -> None:
    """Write the rest of ``source`` (UTF-8) to ``output`` or stdout, a block at a time."""
    with report_stream(output) as out:
        decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        while True:
            block = source.read(CHUNK)
            out.write(decoder.decode(block, final=not block))
            if not block:
                break


def report_errors(errors: Sequence[Exception], text: Callable[[Any], str] = str) -> int:
    """One line per file that could not be processed (``tmflow: error: FILE:LINE: …``), after
    the work on every other file: the exit code of the worst (2 for bad input)."""
    import click

    from tmflow.core.display import one_line
    from tmflow.core.errors import EXIT_INPUT, TmflowError

    code = 0
    for err in errors:
        shown = text(err) if isinstance(err, TmflowError) else str(err)
        click.echo(f"tmflow: {one_line(f'error: {shown}')}", err=True)
        code = max(code, err.exit_code if isinstance(err, TmflowError) else EXIT_INPUT)
    return code
