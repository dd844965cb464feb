"""Canonical layout for every PO and POT file of a project (``tmflow fmt``).

One bad file is one error: a file that cannot be read (a syntax error, bytes that are not
valid in its charset) is reported and left as it is, and every other file is still formatted,
as a ``for f in *.po; do msgcat …`` loop would. Each file keeps its charset (see
``tmflow.io.po.charset``).

Speed:

* A cache of canonical files (``<state_dir>/fmt-cache.sqlite3``, a
  ``tmflow.io.cache.StampedStore``) maps each file found in the canonical layout to the size
  and modification time (ns) of the bytes read. A file whose stamp is the same is not read
  again: a second ``fmt --check`` with nothing changed stats the files and reads no byte. A
  file whose size or mtime changed is read again. As for ``status``, the stamp is the one of
  the open file the bytes came from, and a stamp that cannot be trusted yet
  (``tmflow.io.files.is_racy``: a whole-second mtime less than two seconds old, where a
  same-size rewrite within the second would keep it) is not cached. A row says "canonical"
  or, from ``--check``, "not canonical" (listed again without reading it); a file ``fmt``
  rewrites is read again next time, then cached, and a file that cannot be read is read
  again each time (its error is reported). Rows are valid for one version of tmflow (the
  layout is its writer's).
* A file is first judged without the full parser (``canonical.canonical_text``: its
  entries matched one by one, plural or not, each comment block judged once per process),
  whose verdict is one-sided: True only when the file is surely byte for byte what the writer
  writes and the full parser reads it without error. Any other file is parsed and written
  again in memory, and the bytes compared.
* Many files are read in worker processes (one per core), a batch at a time
  (``tmflow.steps.pool.ordered_map``); the verdicts come back in the order of the files.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tmflow.core.errors import TmflowError
from tmflow.io.config import Config
from tmflow.io.files import (
    Stamp,
    ensure_gitignore,
    is_racy,
    list_files,
    read_stamped,
    stamp,
    write_atomic,
)
from tmflow.io.po.canonical import canonical_text
from tmflow.io.po.charset import codec_name, declared_charset, decode_po
from tmflow.io.po.reader import parse_po
from tmflow.io.po.writer import encode_po

CACHE_NAME = "fmt-cache.sqlite3"
CACHE_VERSION = 1
PARALLEL_MIN_FILES = 64
BATCH_MAX = 16

_SAME = "same"  # the verdicts a worker returns for a file
_CHANGED = "changed"
_ERROR = "error"


@dataclass
class FmtResult:
    checked: int = 0
    changed: list[Path] = field(default_factory=list)  # rewritten, or (check) would be
    errors: list[TmflowError] = field(default_factory=list)  # files that could not be read
    converted: list[tuple[Path, str]] = field(default_factory=list)  # (file, old charset)
    cached: int = 0  # files found canonical from the cache, not read


def catalog_files(config: Config, languages: tuple[str, ...] | list[str] = ()) -> list[Path]:
    """Every POT under templates/ and every PO under locales/<lang>/ (sorted)."""
    files = list_files(config.templates_dir, ".pot")
    for lang in languages or config.languages:
        files += list_files(config.locales_dir / lang, ".po")
    return files


def _surely_canonical(raw: bytes) -> bool:
    """Is ``raw`` surely what the writer writes for it (``canonical.canonical_text`` of its
    text, which encodes back to the same bytes)? Not for a file with a byte order mark (the
    writer writes none)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return False
    try:
        codec = codec_name(declared_charset(raw))
        text = raw.decode(codec)
        if not canonical_text(text):
            return False
        return codec == "utf-8" or text.encode(codec) == raw
    except (LookupError, UnicodeError):
        return False


def format_one(path: Path, check: bool) -> tuple[str, Any, Stamp | None]:
    """The verdict on one file: (``_SAME``, None, stamp of the bytes read), (``_CHANGED``, the
    charset it would be converted from or None, the stamp of the bytes read: None when it was
    written) or (``_ERROR``, the error, None). Without ``check`` a changed file is written in
    the canonical layout."""
    try:
        raw, st = read_stamped(path, "PO file")
        if _surely_canonical(raw):
            return _SAME, None, st
        po = parse_po(decode_po(raw, path), path, require_header=path.suffix != ".pot")
        encoded = encode_po(po)
        if encoded.data == raw:
            return _SAME, None, st
        if not check:
            write_atomic(path, encoded.data)
            return _CHANGED, encoded.converted_from, None
    except TmflowError as err:
        return _ERROR, err, None
    return _CHANGED, encoded.converted_from, st


def _format_batch(paths: list[Path], check: bool) -> list[tuple[str, Any, Stamp | None]]:
    """``format_one`` of each path, in order (the entry point of worker processes)."""
    return [format_one(path, check) for path in paths]


def format_files(
    paths: list[Path],
    *,
    check: bool = False,
    state_dir: Path | None = None,
    root: Path | None = None,
    workers: int | None = None,
) -> FmtResult:
    """Rewrite each file in the canonical layout; with ``check`` only report which differ.
    A file that cannot be read is recorded in ``errors`` and the others go on.

    ``state_dir``: where the cache of canonical files lives (None: no cache), its rows keyed
    by the path relative to ``root``. ``workers``: processes for a run with many files to
    read (default: one per core)."""
    from tmflow.steps.pool import ordered_map

    result = FmtResult()
    store: Any = None
    if state_dir is not None:
        from tmflow import __version__
        from tmflow.io.cache import StampedStore

        store = StampedStore(state_dir / CACHE_NAME, CACHE_VERSION, __version__)
    prefix = f"{root}{os.sep}" if root is not None else ""
    now = time.time()  # taken before any file is read: errs towards not caching

    def key(path: Path) -> str:
        text = str(path)
        return text[len(prefix) :] if prefix and text.startswith(prefix) else text

    def with_cache() -> Any:
        for path in paths:
            if store is not None and not store.empty:
                hit = store.get(key(path))
                # a row says "" (canonical) or "changed:<charset converted from>"
                if hit is not None and (check or not hit[1]):
                    st = stamp(path)
                    if st is not None and hit[0] == f"{st.size}:{st.mtime_ns}":
                        if not hit[1]:
                            yield path, (_SAME, None, None)
                        else:
                            yield path, (_CHANGED, hit[1][8:] or None, None)
                        continue
            yield path, None

    cpus = workers if workers is not None else (os.cpu_count() or 1)
    size = min(BATCH_MAX, max(1, len(paths) // (max(cpus, 1) * 16)))
    try:
        for path, (verdict, detail, st) in ordered_map(
            _format_batch,
            with_cache(),
            workers=cpus,
            batch_size=size,
            min_parallel=PARALLEL_MIN_FILES,
            extra=(check,),
        ):
            if verdict == _ERROR:
                result.errors.append(detail)
                continue
            result.checked += 1
            if verdict == _CHANGED:
                result.changed.append(path)
                if detail is not None:
                    result.converted.append((path, detail))
                if st is None:
                    result.cached += 1
                elif store is not None and not is_racy(st, now):
                    store.put(key(path), f"{st.size}:{st.mtime_ns}", f"changed:{detail or ''}")
            elif st is None:
                result.cached += 1
            elif store is not None and not is_racy(st, now):
                store.put(key(path), f"{st.size}:{st.mtime_ns}", "")
    except BaseException:
        if store is not None:
            store.close(commit=False)
        raise
    if state_dir is not None and store is not None and store.close():
        if result.checked > result.cached:
            ensure_gitignore(state_dir)
    return result
