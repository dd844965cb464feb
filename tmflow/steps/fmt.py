"""Canonical layout for every PO and POT file of a project (``tmflow fmt``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tmflow.io.config import Config
from tmflow.io.files import list_files, read_bytes, write_atomic
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import dumps_po


@dataclass
class FmtResult:
    checked: int = 0
    changed: list[Path] = field(default_factory=list)  # rewritten, or (check) would be


def catalog_files(config: Config, languages: tuple[str, ...] | list[str] = ()) -> list[Path]:
    """Every POT under templates/ and every PO under locales/<lang>/ (sorted)."""
    files = list_files(config.templates_dir, ".pot")
    for lang in languages or config.languages:
        files += list_files(config.locales_dir / lang, ".po")
    return files


def format_files(paths: list[Path], *, check: bool = False) -> FmtResult:
    """Rewrite each file in the canonical layout; with ``check`` only report which differ.

    A malformed file raises (with its file and line) before anything is written.
    """
    result = FmtResult()
    pending: list[tuple[Path, bytes]] = []
    for path in paths:
        raw = read_bytes(path, "PO file")
        po = load_po(path, require_header=path.suffix != ".pot")
        canonical = dumps_po(po).encode("utf-8")
        result.checked += 1
        if canonical != raw:
            result.changed.append(path)
            pending.append((path, canonical))
    if not check:
        for path, data in pending:
            write_atomic(path, data)
    return result
