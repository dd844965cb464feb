"""Caches under the state folder (``.tmflow/``): JSON caches read and written whole, for the
steps whose cache is small (one entry per article), and SQLite tables read and written one row
at a time, for the steps that go over every file of a tree (``StampedStore`` for status,
``FindingsCache`` for check).

A JSON cache file is one JSON object ``{"version": N, "<key>": {...}}``. Each step owns its
file name, its version (bumped when the meaning of an entry changes) and the key of its
payload; this module owns how such a file is read and written, and owns SQLite for the tables
and for ``MtCache`` (draft's engine results).

Design:

* A cache is an optimisation, never an input. Reading one never fails: a missing, unreadable
  or corrupt file, a file of another version, or a payload that is not a JSON object all read
  as an empty cache, and the step simply does the work again.
* Writing one never fails either: a read-only state folder means no cache, not an error
  (``save_json_cache`` says whether the file now holds the data). Writes go through
  ``tmflow.io.files.write_atomic``, so a crash mid-write leaves the old cache whole, and saving
  the same data again does not touch the file.
* One compact layout for every JSON cache (no indentation, ASCII-only escapes so file names
  that are not valid UTF-8 still round-trip). Loading accepts any JSON layout, so caches
  written by earlier versions of tmflow stay valid.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable
from datetime import UTC
from pathlib import Path
from typing import Any, NamedTuple

from tmflow.core.errors import InputError
from tmflow.io.files import is_racy, read_bytes, stamp, write_atomic


def _usable(path: Path) -> bool:
    """May a SQLite cache live at ``path``? Not where the path policy refuses to write (a
    link out of the project), nor on something that is not a regular file (a FIFO would
    hang SQLite): then there is no cache this time."""
    import os
    import stat

    from tmflow.io.paths import for_writing

    try:
        target, _rules = for_writing(path)
        return stat.S_ISREG(os.stat(target).st_mode)
    except FileNotFoundError:
        return True
    except (OSError, InputError):
        return False


def load_json_cache(path: Path, version: int, key: str) -> dict[str, Any]:
    """The payload stored under ``key`` in the cache file ``path``, or {} when the file is
    missing, unreadable, corrupt, of another ``version``, or its payload is not an object."""
    try:
        data = json.loads(read_bytes(path, "cache file"))
    except (InputError, ValueError):  # ValueError covers bad JSON and bad UTF-8
        return {}
    if not isinstance(data, dict) or data.get("version") != version:
        return {}
    payload = data.get(key)
    return payload if isinstance(payload, dict) else {}


def save_json_cache(path: Path, version: int, key: str, data: dict[str, Any]) -> bool:
    """Write ``{"version": version, key: data}`` to ``path`` atomically. Returns True when the
    file now holds it (written, or already the same bytes), False when it could not be
    written (a file already there is then left as it was)."""
    payload = json.dumps({"version": version, key: data}, separators=(",", ":"))
    try:
        write_atomic(Path(path), payload + "\n")
    except (OSError, InputError):  # a cache that cannot be written is only slower next time
        return False
    return True


# ---------------------------------------------------------------------------------------------
# stamped tables: one row per file, read and written one at a time


ROWS_AT_ONCE = 500


def _open_or_start_afresh(
    sqlite3: Any, path: Path, open_: Callable[[], None], close: Callable[[], None], write: bool
) -> None:
    """Open a state database; a file that is not one (or a damaged one) is removed and started
    afresh, once, when writing. A locked or unreadable database leaves the store closed."""
    for attempt in (1, 2):
        try:
            open_()
            return
        except sqlite3.DatabaseError as err:
            close()
            if attempt == 2 or isinstance(err, sqlite3.OperationalError) or not write:
                return
            try:
                path.unlink()
            except OSError:
                return


class _RowTable:
    """One SQLite table of rows keyed by a file's path, under the state folder, read row by
    row and written as rows come (one transaction, committed by ``close(commit=True)``), so a
    step's memory stays flat however many files the tree holds.

    The rules of every cache hold: it is an optimisation, never an input. A missing, corrupt
    or locked file, a read-only folder, or a file whose tag (the format ``version`` of the
    rows and the ``fingerprint`` of the settings they depend on) is another reads as empty,
    and a write that cannot be made is dropped. A run that is interrupted leaves the rows of
    the last commit (SQLite's own journal makes the commit atomic).

    A subclass names its table and columns; the first column is the key (a file's path as
    UTF-8 bytes with surrogate escapes: file names need not be UTF-8)."""

    TABLE = ""
    COLUMNS = ""  # the table's column definitions, the key first

    def __init__(
        self,
        path: Path,
        version: int,
        fingerprint: str = "",
        *,
        read: bool = True,
        write: bool = True,
        timeout: float = 2.0,
    ) -> None:
        import sqlite3

        # what a row that cannot be read or written raises (see ``_row`` and ``_queue``)
        self._errors: tuple[type[Exception], ...] = (sqlite3.Error,)
        self.path = Path(path)
        self.conn: Any = None
        self._pending = 0
        self._rows: list[tuple[Any, ...]] = []  # queued, not yet sent to SQLite
        self._read = read
        self._write = write
        self._timeout = timeout
        self._select = f"SELECT * FROM {self.TABLE} WHERE key=?"
        width = self.COLUMNS.count(",") + 1
        self._insert = f"INSERT OR REPLACE INTO {self.TABLE} VALUES ({', '.join('?' * width)})"
        self.empty = True
        if not (read or write):
            return
        if not _usable(self.path):
            return
        tag = f"{version}\0{fingerprint}"
        _open_or_start_afresh(
            sqlite3, self.path, lambda: self._open(sqlite3, tag), self._close_quietly, write
        )

    def _open(self, sqlite3: Any, tag: str) -> None:
        if not self.path.exists():
            if not self._write:
                return
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                return
        conn = self.conn = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS meta (tag TEXT NOT NULL)")
        conn.execute(f"CREATE TABLE IF NOT EXISTS {self.TABLE} ({self.COLUMNS}) WITHOUT ROWID")
        found = conn.execute("SELECT tag FROM meta").fetchall()
        if found != [(tag,)]:
            # rows of another version or other settings: none of them holds (nor do the
            # tables of an earlier layout)
            conn.execute("BEGIN IMMEDIATE")
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'"
            ).fetchall():
                if name not in ("meta", self.TABLE):
                    conn.execute('DROP TABLE "{}"'.format(name.replace('"', '""')))
            conn.execute("DELETE FROM meta")
            conn.execute(f"DELETE FROM {self.TABLE}")
            conn.execute("INSERT INTO meta VALUES (?)", (tag,))
            conn.execute("COMMIT")
        self.empty = (
            not self._read
            or conn.execute(f"SELECT 1 FROM {self.TABLE} LIMIT 1").fetchone() is None
        )

    @staticmethod
    def _key(key: str) -> bytes:
        return key.encode("utf-8", "surrogateescape")

    def _row(self, key: str) -> tuple[Any, ...] | None:
        """The row stored for ``key`` (its columns after the key), or None."""
        if self.empty or self.conn is None:
            return None
        try:
            row = self.conn.execute(self._select, (self._key(key),)).fetchone()
        except self._errors:
            return None
        return tuple(row[1:]) if row else None

    def _queue(self, row: tuple[Any, ...]) -> None:
        """Store a row (in the open transaction; see ``close``). Rows are sent to SQLite a
        few hundred at a time (one statement per row cost more than the rest of a run's
        bookkeeping)."""
        if self.conn is None or not self._write:
            return
        self._rows.append(row)
        if len(self._rows) >= ROWS_AT_ONCE:
            self._flush()

    def _flush(self) -> None:
        rows, self._rows = self._rows, []
        if self.conn is None or not rows:
            return
        try:
            if not self._pending:
                self.conn.execute("BEGIN IMMEDIATE")
            self._pending += len(rows)
            self.conn.executemany(self._insert, rows)
        except self._errors:
            self._close_quietly()  # locked by another run, a full disk…: no cache this time

    def close(self, commit: bool = True) -> bool:
        """Commit the rows put (or drop them) and close. True when the file holds them."""
        if commit:
            self._flush()
        ok = self.conn is not None
        if self.conn is not None and self._pending:
            try:
                self.conn.execute("COMMIT" if commit else "ROLLBACK")
            except self._errors:
                ok = False
        self._close_quietly()
        return ok and commit

    def _close_quietly(self) -> None:
        _close(self.conn, self._errors)
        self.conn = None
        self._pending = 0
        self._rows = []


class StampedStore(_RowTable):
    """A table of ``key → (stamp, data)``, for the caches of steps that go over every file of
    a tree (``status``'s counts). ``stamp`` is what makes a row valid (a file's size and
    modification time, as text); ``data`` is the step's payload (JSON text)."""

    TABLE = "rows"
    COLUMNS = "key BLOB PRIMARY KEY, stamp TEXT NOT NULL, data BLOB NOT NULL"

    def get(self, key: str) -> tuple[str, str] | None:
        """(stamp, data) stored for ``key``, or None."""
        row = self._row(key)
        if row is None:
            return None
        stamp, data = row
        try:
            return (stamp, data.decode("utf-8", "surrogateescape"))
        except (AttributeError, UnicodeDecodeError):  # not a row this store wrote
            return None

    def put(self, key: str, stamp: str, data: str) -> None:
        """Store a row (in the open transaction; see ``close``)."""
        self._queue((self._key(key), stamp, data.encode("utf-8", "surrogateescape")))

    def __enter__(self) -> StampedStore:
        return self

    def __exit__(self, kind: object, *_rest: object) -> None:
        self.close(commit=kind is None)


class FileFindings(NamedTuple):
    """What ``check`` found in one PO file: the number of findings of each severity and the
    findings themselves, as the JSON text of a list of ``Finding`` field lists in report
    order (kept as text from the worker that made it to the renderer that reads it)."""

    errors: int
    warnings: int
    infos: int
    findings: str


FileStamp = tuple[int, int, int, int]  # size and mtime (ns) of a PO file, then of its template


class FindingsCache(_RowTable):
    """``check``'s findings per PO file (``<state_dir>/check-cache.sqlite3``), valid while the
    PO file and its template keep their size and mtime and the settings keep their
    ``fingerprint``.

    One row per PO file, in plain columns: the file's path (the key), the size and mtime of
    the file and of its template (-1 and -1 without a template), the counts of its findings
    by severity, the findings (``FileFindings.findings`` as UTF-8), and a CRC-32 of the
    counts and the findings. ``FORMAT`` is the version of that layout: rows of another format
    or other settings are never read. A row that does not hold what ``put`` wrote (damaged:
    its checksum does not match) reads as absent, and the file is checked again; the
    checksum spares reading every cached finding back on each run."""

    FORMAT = 3  # 2 was one text column "errors,warnings,infos;findings" and a text stamp
    TABLE = "findings"
    COLUMNS = (
        "key BLOB PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, "
        "template_size INTEGER NOT NULL, template_mtime_ns INTEGER NOT NULL, "
        "errors INTEGER NOT NULL, warnings INTEGER NOT NULL, infos INTEGER NOT NULL, "
        "findings BLOB NOT NULL, checksum INTEGER NOT NULL"
    )

    def __init__(
        self,
        path: Path,
        fingerprint: str,
        *,
        read: bool = True,
        write: bool = True,
        timeout: float = 2.0,
    ) -> None:
        super().__init__(path, self.FORMAT, fingerprint, read=read, write=write, timeout=timeout)

    @staticmethod
    def stamp(path: str, template: str | None) -> FileStamp | None:
        """The stamp of a PO file and its template; None when either cannot be stat'ed or
        its stamp cannot be trusted yet (``tmflow.io.files.is_racy``): such a file is
        checked and not cached."""
        po = stamp(path)
        if po is None or is_racy(po):
            return None
        if template is None:
            return (po.size, po.mtime_ns, -1, -1)
        pot = stamp(template)
        if pot is None or is_racy(pot):
            return None
        return (po.size, po.mtime_ns, pot.size, pot.mtime_ns)

    def get(self, key: str, file_stamp: FileStamp) -> FileFindings | None:
        """The findings stored for ``key`` when they were stored for these files as they are
        now (``file_stamp``), else None."""
        row = self._row(key)
        if row is None or row[:4] != file_stamp:
            return None
        errors, warnings, infos, found, checksum = row[4:]
        try:
            if checksum != _checksum(errors, warnings, infos, found):
                return None
            text = found.decode("utf-8", "surrogateescape")
        except (TypeError, AttributeError, UnicodeDecodeError):  # not what ``put`` writes
            return None
        return FileFindings(errors, warnings, infos, text)

    def put(self, key: str, file_stamp: FileStamp, found: FileFindings) -> None:
        """Store the findings of a file as it was when ``file_stamp`` was taken (in the open
        transaction; see ``close``)."""
        blob = found.findings.encode("utf-8", "surrogateescape")
        errors, warnings, infos = found.errors, found.warnings, found.infos
        self._queue(
            (
                self._key(key),
                *file_stamp,
                errors,
                warnings,
                infos,
                blob,
                _checksum(errors, warnings, infos, blob),
            )
        )

    def __enter__(self) -> FindingsCache:
        return self

    def __exit__(self, kind: object, *_rest: object) -> None:
        self.close(commit=kind is None)


def _checksum(errors: int, warnings: int, infos: int, findings: bytes) -> int:
    """CRC-32 of a findings row's counts and findings (raises TypeError for other types)."""
    return zlib.crc32(findings, zlib.crc32(b"%d,%d,%d;" % (errors, warnings, infos)))


# ---------------------------------------------------------------------------------------------
# machine-translation results


class MtCache:
    """Raw engine results by (provider, source, target, masked text), in SQLite (WAL): what was
    paid for once is never asked for again.

    Written by one thread (the draft scheduler); every put (the answers of one request) is
    committed at once, which in WAL mode with ``synchronous=NORMAL`` survives a killed process
    without an fsync per result.
    Like every cache, never an input: a damaged file reads as empty (and is made afresh when
    the cache may be written), a locked or unwritable one means results are not remembered
    this time; neither is an error."""

    def __init__(self, path: Path | None, *, readonly: bool = False) -> None:
        import sqlite3

        self.path = path
        self.conn: Any = None
        self._errors: tuple[type[Exception], ...] = (sqlite3.Error, UnicodeEncodeError)
        if path is None or (readonly and not path.exists()) or not _usable(path):
            return
        for attempt in (1, 2):
            try:
                self._open(sqlite3, path, readonly)
                return
            except sqlite3.DatabaseError as err:
                self.close()
                if readonly or attempt == 2 or isinstance(err, sqlite3.OperationalError):
                    return  # no cache this time
                try:
                    path.unlink()  # not a database (or a damaged one): start afresh
                except OSError:
                    return
            except OSError:
                return

    def _open(self, sqlite3: Any, path: Path, readonly: bool) -> None:
        if readonly:
            self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            self.conn.execute("SELECT 1 FROM mt LIMIT 1")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(path, timeout=10)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS mt (provider TEXT NOT NULL, source TEXT NOT NULL, "
            "target TEXT NOT NULL, text TEXT NOT NULL, result TEXT NOT NULL, created TEXT, "
            "PRIMARY KEY (provider, source, target, text))"
        )
        self.conn.commit()

    def get(self, provider: str, source: str, target: str, text: str) -> str | None:
        if self.conn is None:
            return None
        try:
            row = self.conn.execute(
                "SELECT result FROM mt WHERE provider=? AND source=? AND target=? AND text=?",
                (provider, source, target, text),
            ).fetchone()
        except self._errors:
            return None
        return row[0] if row and isinstance(row[0], str) else None

    def put(self, provider: str, source: str, target: str, text: str, result: str) -> None:
        self.put_many([(provider, source, target, text, result)])

    def put_many(self, rows: Iterable[tuple[str, str, str, str, str]]) -> None:
        """Remember ``(provider, source, target, text, result)`` rows, in one commit (the
        answers of one request)."""
        if self.conn is None:
            return
        from datetime import datetime

        created = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            self.conn.executemany(
                "INSERT OR REPLACE INTO mt VALUES (?, ?, ?, ?, ?, ?)",
                [(*row, created) for row in rows],
            )
            self.conn.commit()
        except self._errors:
            pass  # locked by another run or a full disk: these results are not remembered

    def close(self) -> None:
        _close(self.conn, self._errors)
        self.conn = None


def _close(conn: Any, errors: tuple[type[Exception], ...]) -> None:
    """Close a connection (None: nothing to close); a failure to close is no error."""
    if conn is not None:
        try:
            conn.close()
        except errors:
            pass


# ---------------------------------------------------------------------------------------------
# update's records: per catalog and per PO file, by language


class CatalogRecord(NamedTuple):
    """What ``update`` left one catalog as: the stamps (size, mtime ns) of its template and
    of the catalog as written, its receipt of an up-to-date update (JSON text) and the
    sources that stayed untranslated (JSON text of a list)."""

    template: tuple[int, int]
    catalog: tuple[int, int]
    receipt: str
    untranslated: str


class UnitsRecord(NamedTuple):
    """The memory units (JSON text of ``[[source, target], …]``) of one PO file as it was
    when the stamp (size, mtime ns) was taken; a stamp of (-1, -1) is never current."""

    stamp: tuple[int, int]
    units: str


class UpdateState:
    """``update``'s records of a project (``<state_dir>/update-state.sqlite3``), read and
    written row by row so that a language of any size costs little memory: per language the
    digest of the inputs shared by all of its catalogs, per catalog a ``CatalogRecord``, per
    PO file a ``UnitsRecord``. Rows are written by one process (the one that writes the PO
    files), after the files; worker processes open their own connection and only read.

    The rules of every cache hold: a missing, corrupt or locked file, another ``version``,
    a read-only folder all read as empty (the step does the full work) and a write that
    cannot be made is dropped."""

    FORMAT = 1

    def __init__(self, path: Path, version: int, *, write: bool = True) -> None:
        import sqlite3

        self.path = Path(path)
        self.conn: Any = None
        self._errors: tuple[type[Exception], ...] = (sqlite3.Error,)
        # what reading a row that this class did not write can raise, besides
        self._read_errors: tuple[type[Exception], ...] = (
            sqlite3.Error,
            AttributeError,
            UnicodeDecodeError,
            TypeError,
            ValueError,
        )
        if not _usable(self.path) or (not write and not self.path.exists()):
            return
        tag = f"{self.FORMAT}\0{version}"
        try:
            _open_or_start_afresh(
                sqlite3, self.path, lambda: self._open(sqlite3, tag, write), self.close, write
            )
        except OSError:
            return

    def _open(self, sqlite3: Any, tag: str, write: bool) -> None:
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
        else:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=2.0)
        self.conn = conn
        found = None
        try:
            found = conn.execute("SELECT tag FROM meta").fetchall()
        except sqlite3.OperationalError:
            if not write:
                raise
        if found == [(tag,)]:
            return
        if not write:
            self.close()
            return
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("BEGIN IMMEDIATE")
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        ).fetchall():
            conn.execute('DROP TABLE "{}"'.format(name.replace('"', '""')))
        conn.execute("CREATE TABLE meta (tag TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES (?)", (tag,))
        conn.execute(
            "CREATE TABLE inputs (language BLOB PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID"
        )
        conn.execute(
            "CREATE TABLE catalogs (language BLOB NOT NULL, name BLOB NOT NULL, "
            "template_size INTEGER NOT NULL, template_mtime_ns INTEGER NOT NULL, "
            "size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, receipt TEXT NOT NULL, "
            "untranslated TEXT NOT NULL, PRIMARY KEY (language, name)) WITHOUT ROWID"
        )
        conn.execute(
            "CREATE TABLE units (language BLOB NOT NULL, name BLOB NOT NULL, "
            "size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, units TEXT NOT NULL, "
            "PRIMARY KEY (language, name)) WITHOUT ROWID"
        )
        conn.execute("COMMIT")

    @staticmethod
    def _b(text: str) -> bytes:
        return text.encode("utf-8", "surrogateescape")

    @staticmethod
    def _s(blob: bytes) -> str:
        return blob.decode("utf-8", "surrogateescape")

    def inputs(self, language: str) -> str | None:
        """The digest of the shared inputs the language's rows were made with."""
        if self.conn is None:
            return None
        try:
            row = self.conn.execute(
                "SELECT digest FROM inputs WHERE language=?", (self._b(language),)
            ).fetchone()
        except self._errors:
            return None
        return row[0] if row and isinstance(row[0], str) else None

    def catalog_stamps(self, language: str) -> dict[str, tuple[tuple[int, int], tuple[int, int]]]:
        """Per catalog name: the stamps of its template and of the catalog, as recorded."""
        out: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}
        if self.conn is None:
            return out
        try:
            for name, ts, tm, size, mtime in self.conn.execute(
                "SELECT name, template_size, template_mtime_ns, size, mtime_ns FROM catalogs "
                "WHERE language=?",
                (self._b(language),),
            ):
                out[self._s(name)] = ((ts, tm), (size, mtime))
        except self._read_errors:
            return {}
        return out

    def catalogs(
        self, language: str, names: Iterable[str] | None = None
    ) -> Iterable[tuple[str, CatalogRecord]]:
        """The catalog records of a language (all, or those ``names``), one at a time."""
        if self.conn is None:
            return
        query = (
            "SELECT name, template_size, template_mtime_ns, size, mtime_ns, receipt, "
            "untranslated FROM catalogs WHERE language=?"
        )
        lang = self._b(language)
        try:
            if names is None:
                rows: Iterable[Any] = self.conn.execute(query, (lang,))
            else:
                rows = (
                    row
                    for name in names
                    for row in self.conn.execute(query + " AND name=?", (lang, self._b(name)))
                )
            for name, ts, tm, size, mtime, receipt, untranslated in rows:
                yield self._s(name), CatalogRecord((ts, tm), (size, mtime), receipt, untranslated)
        except self._read_errors:
            return

    def unit_stamps(self, language: str) -> dict[str, tuple[int, int]]:
        """Per PO file name: the stamp its units were recorded for."""
        out: dict[str, tuple[int, int]] = {}
        if self.conn is None:
            return out
        try:
            for name, size, mtime in self.conn.execute(
                "SELECT name, size, mtime_ns FROM units WHERE language=?", (self._b(language),)
            ):
                out[self._s(name)] = (size, mtime)
        except self._read_errors:
            return {}
        return out

    def units(
        self, language: str, names: Iterable[str] | None = None
    ) -> Iterable[tuple[str, UnitsRecord]]:
        """The units records of a language (all, in the order of their names as UTF-8
        bytes, which is that of the names; or those ``names``, in their order), one at a
        time."""
        if self.conn is None:
            return
        query = "SELECT name, size, mtime_ns, units FROM units WHERE language=?"
        lang = self._b(language)
        try:
            if names is None:
                rows: Iterable[Any] = self.conn.execute(query + " ORDER BY name", (lang,))
            else:
                rows = (
                    row
                    for name in names
                    for row in self.conn.execute(query + " AND name=?", (lang, self._b(name)))
                )
            for name, size, mtime, units in rows:
                yield self._s(name), UnitsRecord((size, mtime), units)
        except self._read_errors:
            return

    def save(
        self,
        language: str,
        digest: str | None,
        catalogs: Iterable[tuple[str, CatalogRecord]],
        units: Iterable[tuple[str, UnitsRecord]],
        gone_catalogs: Iterable[str] = (),
        gone_units: Iterable[str] = (),
    ) -> bool:
        """Store a language's rows in one transaction. ``digest`` None forgets the language
        (every row of it); otherwise the rows given replace theirs and the names ``gone_*``
        are removed. True when the file holds them."""
        if self.conn is None:
            return False
        lang = self._b(language)
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            if digest is None:
                for table in ("inputs", "catalogs", "units"):
                    conn.execute(f"DELETE FROM {table} WHERE language=?", (lang,))
            else:
                conn.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?)", (lang, digest))
                conn.executemany(
                    "DELETE FROM catalogs WHERE language=? AND name=?",
                    [(lang, self._b(n)) for n in gone_catalogs],
                )
                conn.executemany(
                    "DELETE FROM units WHERE language=? AND name=?",
                    [(lang, self._b(n)) for n in gone_units],
                )
                conn.executemany(
                    "INSERT OR REPLACE INTO catalogs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (lang, self._b(n), *r.template, *r.catalog, r.receipt, r.untranslated)
                        for n, r in catalogs
                    ],
                )
                conn.executemany(
                    "INSERT OR REPLACE INTO units VALUES (?, ?, ?, ?, ?)",
                    [(lang, self._b(n), *r.stamp, r.units) for n, r in units],
                )
            conn.execute("COMMIT")
        except self._errors:
            try:
                conn.execute("ROLLBACK")
            except self._errors:
                pass
            return False
        return True

    def close(self) -> None:
        _close(self.conn, self._errors)
        self.conn = None
