"""Canonical layout for every PO and POT file of a project (``tmflow fmt``).

One bad file is one error: a file that cannot be read (a syntax error, bytes that are not
valid in its charset) is reported and left as it is, and every other file is still formatted,
as a ``for f in *.po; do msgcat …`` loop would. Each file keeps its charset (see
``tmflow.io.po.charset``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tmflow.core.errors import TmflowError
from tmflow.io.config import Config
from tmflow.io.files import list_files, read_bytes, write_atomic
from tmflow.io.po.charset import decode_po
from tmflow.io.po.reader import parse_po
from tmflow.io.po.writer import encode_po


@dataclass
class FmtResult:
    checked: int = 0
    changed: list[Path] = field(default_factory=list)  # rewritten, or (check) would be
    errors: list[TmflowError] = field(default_factory=list)  # files that could not be read
    converted: list[tuple[Path, str]] = field(default_factory=list)  # (file, old charset)


def catalog_files(config: Config, languages: tuple[str, ...] | list[str] = ()) -> list[Path]:
    """Every POT under templates/ and every PO under locales/<lang>/ (sorted)."""
    files = list_files(config.templates_dir, ".pot")
    for lang in languages or config.languages:
        files += list_files(config.locales_dir / lang, ".po")
    return files


def format_files(paths: list[Path], *, check: bool = False) -> FmtResult:
    """Rewrite each file in the canonical layout; with ``check`` only report which differ.
    A file that cannot be read is recorded in ``errors`` and the others go on."""
    result = FmtResult()
    for path in paths:
        try:
            raw = read_bytes(path, "PO file")
            po = parse_po(decode_po(raw, path), path, require_header=path.suffix != ".pot")
        except TmflowError as err:
            result.errors.append(err)
            continue
        encoded = encode_po(po)
        result.checked += 1
        if encoded.data != raw:
            result.changed.append(path)
            if encoded.converted_from is not None:
                result.converted.append((path, encoded.converted_from))
            if not check:
                write_atomic(path, encoded.data)
    return result
