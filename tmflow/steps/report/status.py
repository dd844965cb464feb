"""Progress of a project: segments and words by state, per article × language.

Design:

* Counting uses the streaming scanner ``tmflow.io.po.scan`` (exact agreement with ``load_po`` +
  ``classify``, word counts by pocount's rule), never a full polib parse.
* Memory stays flat as the tree grows. The files are gone over article by article as a
  stream (``tmflow.steps.pool.ordered_map``); each file's counts go straight into the
  report's compact table (14 integers per cell, see ``StatusReport``) and its cache row, and
  nothing else of it is kept. A file is never held whole in the parent, nor is a list of all
  the files.
* A stats cache (``<state_dir>/status-cache.sqlite3``, ``tmflow.io.cache.StampedStore``) maps
  each PO/POT file to its size, modification time (ns) and counts, read and written one row
  at a time. A file whose size or mtime changed is scanned again. Files whose mtime is a whole
  second (coarse file systems) and is less than two seconds old are not cached: a same-second
  rewrite of the same size could go unnoticed.
* A repeated ``status`` on an unchanged tree does not even open the cache: the command prints
  the memoised output of the last report when the fingerprint of the tree (names, sizes and
  mtimes of the selected files, see ``tree_fingerprint``) is the same.
* Cold runs on many files scan in worker processes (one per core), files grouped by article so
  the word counts of an article's msgids are computed once for all its languages. Workers
  return each file's compact counts (and their JSON text for the cache) and the size and
  mtime of the open file they read, so a cold run (empty cache) stats nothing in the parent.
* The scanner is imported only when some file must be read: a warm run never loads it.
* An article with a template but no PO file for a language counts every template entry as
  untranslated in that language (``missing`` is set).
"""

from __future__ import annotations

import json
import os
import sys
import time
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from tmflow.core.errors import InputError, UsageError
from tmflow.io.config import Config
from tmflow.io.files import (
    ensure_gitignore,
    is_file,
    list_names,
    open_regular,
    presence,
    stamp,
)

CACHE_NAME = "status-cache.sqlite3"
CACHE_VERSION = 3
BATCH_MAX = 100
PARALLEL_MIN_FILES = 200


@dataclass(slots=True, eq=True)
class Counts:
    """Segments or words of one catalog (or a sum of catalogs) by state."""

    translated: int = 0
    mt: int = 0
    tm: int = 0
    changed: int = 0
    fuzzy_other: int = 0
    untranslated: int = 0
    obsolete: int = 0

    @property
    def fuzzy(self) -> int:
        """Every kind of draft together: MT, memory, source changed, other fuzzy."""
        return self.mt + self.tm + self.changed + self.fuzzy_other

    @property
    def total(self) -> int:
        """Live entries (obsolete ones are not counted)."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Share translated, 0–100; an empty catalog is complete."""
        return 100.0 if self.total == 0 else 100.0 * self.translated / self.total

    def by_state(self) -> tuple[tuple[str, int], ...]:
        """(state, count) of the live entries in the order every page shows them (the
        ``EntryState`` values; ``fuzzy`` is the other drafts)."""
        return (
            ("translated", self.translated),
            ("mt", self.mt),
            ("tm", self.tm),
            ("changed", self.changed),
            ("fuzzy", self.fuzzy_other),
            ("untranslated", self.untranslated),
        )

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.translated + other.translated,
            self.mt + other.mt,
            self.tm + other.tm,
            self.changed + other.changed,
            self.fuzzy_other + other.fuzzy_other,
            self.untranslated + other.untranslated,
            self.obsolete + other.obsolete,
        )


@dataclass(slots=True)
class CatalogStatus:
    """One article in one language. ``path`` is absolute."""

    article: str
    language: str
    path: str
    segments: Counts
    words: Counts
    missing: bool = False  # no PO file: counted from the template
    error: tuple[str, int | None] | None = None
    # (source, translation) of the first entry, the article's headline; translation empty
    # unless translated
    title: tuple[str, str] | None = None

    @property
    def complete(self) -> bool:
        return (
            self.error is None
            and not self.missing
            and self.segments.translated == self.segments.total
        )


_WIDTH = 14  # numbers per cell: the segments by state, then the words by state
_NONE, _FILE, _TEMPLATE = 0, 1, 2  # where a cell's counts come from


class StatusReport:
    """Counts per article × language, kept compact: one row of 14 integers per cell in one
    array (a cell is a ``CatalogStatus`` only while a caller looks at it), errors and
    headlines apart. A tree of tens of thousands of PO files costs about 150 bytes per file
    here, and nothing else of a file is kept."""

    def __init__(
        self,
        languages: tuple[str, ...],
        articles: tuple[str, ...] = (),
        *,
        locales_dir: str = "",
        templates_dir: str = "",
    ) -> None:
        self.languages = languages
        self.scanned = 0  # files read this run
        self.cached = 0  # files whose counts came from the cache
        self.elapsed = 0.0
        self.locales_dir = locales_dir
        self.templates_dir = templates_dir
        self._all = articles  # every selected article, in slot order
        self._index = {name: i for i, name in enumerate(articles)}
        self._lang_index = {lang: i for i, lang in enumerate(languages)}
        self._width = len(languages)
        cells = len(articles) * len(languages)
        self._counts = array("i", bytes(4 * _WIDTH * cells))  # 32 bits: counts of one file
        self._source = bytearray(cells)  # _NONE, _FILE or _TEMPLATE per cell
        # (size, mtime_ns) of the file counted for each cell, as read (or as found in the
        # cache); size -1 when unknown. See ``tree_fingerprint(report=)``.
        self._stamps = array("q", bytes(16 * cells))
        self._errors: dict[int, tuple[str, int | None]] = {}
        # headlines (only the HTML page shows them), kept in a temporary file: a tree's worth
        # of them would be the largest thing held; per cell, where its JSON pair starts and
        # how long it is (length 0: none)
        self._titles: Any = None
        self._title_at = array("q", bytes(16 * cells))
        self.articles = articles  # the articles shown (``only_incomplete`` drops some)
        self._memo: tuple[tuple[int, tuple[str, ...]], dict[str, tuple[Counts, Counts]]] | None = (
            None
        )

    # cells

    def _slot(self, article: str, language: str) -> int | None:
        a = self._index.get(article)
        lang = self._lang_index.get(language)
        if a is None or lang is None:
            return None
        return a * self._width + lang

    def _fill(
        self,
        slots: tuple[int, ...],
        from_template: bool,
        data: list[Any],
        size: int,
        mtime: int,
        titles: bool,
    ) -> None:
        """Counts of one file (the compact form of ``FileStats.to_json``, whose state order
        is the field order of ``Counts``) into its cells."""
        segs, words, _language, err, title = data
        if len(segs) != 7 or len(words) != 7:
            raise ValueError("bad counts")
        row = array("i", segs + words)
        for slot in slots:
            self._counts[slot * _WIDTH : (slot + 1) * _WIDTH] = row
            self._source[slot] = _TEMPLATE if from_template else _FILE
            self._stamps[2 * slot] = size
            self._stamps[2 * slot + 1] = mtime
            if err:
                self._errors[slot] = (err[0], err[1])
            if titles and title:
                self._put_title(slot, title[0], title[1])

    def _cell_at(self, slot: int) -> CatalogStatus | None:
        source = self._source[slot]
        if source == _NONE:
            return None
        article = self._all[slot // len(self.languages)]
        lang = self.languages[slot % len(self.languages)]
        c = self._counts[slot * _WIDTH : (slot + 1) * _WIDTH]
        if source == _FILE:
            path = f"{self.locales_dir}{os.sep}{lang}{os.sep}{article}.po"
        else:
            path = f"{self.templates_dir}{os.sep}{article}.pot"
        return CatalogStatus(
            article,
            lang,
            path,
            Counts(*c[:7]),
            Counts(*c[7:]),
            source == _TEMPLATE,
            self._errors.get(slot),
            self._title(slot),
        )

    def _put_title(self, slot: int, source: str, translation: str) -> None:
        if self._titles is None:
            import tempfile

            self._titles = tempfile.TemporaryFile()
        data = json.dumps([source, translation]).encode("ascii")
        offset = self._titles.seek(0, os.SEEK_END)
        self._titles.write(data)
        self._title_at[2 * slot] = offset
        self._title_at[2 * slot + 1] = len(data)

    def _title(self, slot: int) -> tuple[str, str] | None:
        length = self._title_at[2 * slot + 1]
        if not length:
            return None
        self._titles.flush()
        pair = json.loads(os.pread(self._titles.fileno(), length, self._title_at[2 * slot]))
        return (pair[0], pair[1])

    def cell(self, article: str, language: str) -> CatalogStatus | None:
        slot = self._slot(article, language)
        return None if slot is None else self._cell_at(slot)

    def _shown_slots(self) -> Iterator[int]:
        width = len(self.languages)
        for article in self.articles:
            base = self._index[article] * width
            for slot in range(base, base + width):
                if self._source[slot] != _NONE:
                    yield slot

    @property
    def cells(self) -> dict[tuple[str, str], CatalogStatus]:
        """Every cell shown, by (article, language), in report order (built when asked: a
        renderer goes cell by cell with ``cell``)."""
        out = {}
        for slot in self._shown_slots():
            cell = self._cell_at(slot)
            if cell is not None:
                out[(cell.article, cell.language)] = cell
        return out

    @property
    def catalogs(self) -> int:
        """Cells shown."""
        return sum(1 for _ in self._shown_slots())

    @property
    def complete_catalogs(self) -> int:
        return sum(1 for slot in self._shown_slots() if self._complete(slot))

    def _complete(self, slot: int) -> bool:
        if self._source[slot] != _FILE or slot in self._errors:
            return False
        c = self._counts[slot * _WIDTH : slot * _WIDTH + 6]
        return c[0] == sum(c)

    @property
    def errors(self) -> list[CatalogStatus]:
        shown = set(self._shown_slots()) if len(self.articles) != len(self._all) else None
        return [
            cell
            for slot in sorted(self._errors)
            if (shown is None or slot in shown) and (cell := self._cell_at(slot)) is not None
        ]

    # totals

    def language_segments(self, language: str) -> Counts:
        return self._totals()[language][0]

    def language_words(self, language: str) -> Counts:
        return self._totals()[language][1]

    def _totals(self) -> dict[str, tuple[Counts, Counts]]:
        key = (len(self.articles), self.languages)
        if self._memo is not None and self._memo[0] == key:
            return self._memo[1]
        width = len(self.languages)
        sums = [[0] * _WIDTH for _ in self.languages]
        counts = self._counts
        if len(self.articles) == len(self._all):
            stride = width * _WIDTH
            for lang_i in range(width):
                row = sums[lang_i]
                for k in range(_WIDTH):
                    row[k] = sum(counts[lang_i * _WIDTH + k :: stride])
        else:
            for slot in self._shown_slots():
                row = sums[slot % width]
                for k, value in enumerate(counts[slot * _WIDTH : (slot + 1) * _WIDTH]):
                    row[k] += value
        totals = {
            lang: (Counts(*sums[i][:7]), Counts(*sums[i][7:]))
            for i, lang in enumerate(self.languages)
        }
        self._memo = (key, totals)
        return totals

    def _article_cells(self, article: str) -> Iterator[CatalogStatus]:
        for lang in self.languages:
            cell = self.cell(article, lang)
            if cell is not None:
                yield cell

    @property
    def total_segments(self) -> Counts:
        return _sum(self.language_segments(lang) for lang in self.languages)

    @property
    def total_words(self) -> Counts:
        return _sum(self.language_words(lang) for lang in self.languages)

    # the files counted

    def stamp(self, language: str | None, article: str) -> tuple[int, int] | None:
        """(size, mtime_ns) of the PO file of ``article`` in ``language`` as it was counted,
        or of its template (``language`` None) where a cell was counted from it; None when no
        cell was counted from that file or its stamp is unknown."""
        a = self._index.get(article)
        if a is None:
            return None
        width = len(self.languages)
        if language is not None:
            if language not in self.languages:
                return None
            slots: Iterable[int] = (a * width + self.languages.index(language),)
            wanted = _FILE
        else:
            slots = range(a * width, a * width + width)
            wanted = _TEMPLATE
        for slot in slots:
            if self._source[slot] == wanted and self._stamps[2 * slot] >= 0:
                return (self._stamps[2 * slot], self._stamps[2 * slot + 1])
        return None

    def counted_files(self) -> int:
        """Distinct files the cells were counted from (a template counts once)."""
        width = len(self.languages)
        files = 0
        for a in range(len(self._all)):
            row = self._source[a * width : (a + 1) * width]
            files += row.count(_FILE) + (_TEMPLATE in row)
        return files

    def keep(self, articles: Iterable[str]) -> None:
        """Show only these articles (the counts of the others stay for ``stamp``)."""
        self.articles = tuple(articles)
        self._memo = None


def _sum(items: Iterable[Counts]) -> Counts:
    t = m = tm = ch = f = u = o = 0
    for c in items:
        t += c.translated
        m += c.mt
        tm += c.tm
        ch += c.changed
        f += c.fuzzy_other
        u += c.untranslated
        o += c.obsolete
    return Counts(t, m, tm, ch, f, u, o)


# ---------------------------------------------------------------------------------------------
# discovery


def _select_languages(config: Config, languages: Iterable[str]) -> tuple[str, ...]:
    wanted = tuple(languages)
    if not wanted:
        return tuple(config.languages)
    for lang in wanted:
        if lang not in config.languages:
            raise UsageError(
                f"{lang!r} is not a target language of this project "
                f"({', '.join(config.languages)})"
            )
    return tuple(lang for lang in config.languages if lang in wanted)  # the configured order


# ---------------------------------------------------------------------------------------------
# cache


def _cacheable(mtime_ns: int, now: float) -> bool:
    """``now`` is taken before the files are read (so it errs towards not caching)."""
    return mtime_ns % 1_000_000_000 != 0 or now - mtime_ns / 1e9 > 2.0


# ---------------------------------------------------------------------------------------------
# the step


def status_project(
    config: Config,
    articles: Iterable[str] = (),
    languages: Iterable[str] = (),
    *,
    only_incomplete: bool = False,
    use_cache: bool = True,
    workers: int | None = None,
    titles: bool = True,
) -> StatusReport:
    """Counts per article × language. ``articles`` and ``languages`` filter (unknown names are
    a UsageError); ``only_incomplete`` keeps the articles not fully translated in some selected
    language; ``use_cache=False`` neither reads nor writes the stats cache; ``titles=False``
    leaves out the headlines (only the HTML page shows them)."""
    started = time.perf_counter()
    langs = _select_languages(config, languages)
    known: dict[str, str] = {}
    # the templates' names, then each language's
    listed = [list_names(config.templates_dir, ".pot", known)] + [
        list_names(config.locales_dir / lang, ".po", known) for lang in langs
    ]
    wanted = list(dict.fromkeys(articles))
    for name in wanted:
        if name not in known:  # every name listed
            raise UsageError(
                f"no article named {name!r} in {config.locales_dir} (no template and no PO file)"
            )
    selected = tuple(sorted(wanted) if wanted else sorted(known))
    del known
    report = StatusReport(
        langs,
        selected,
        locales_dir=str(config.locales_dir),
        templates_dir=str(config.templates_dir),
    )
    # which files there are: a byte per article and folder (template, then each language), in
    # place of a set of names per folder
    width = len(langs)
    present = presence(listed, selected)
    del listed
    locale_dirs = [f"{config.locales_dir}{os.sep}{lang}{os.sep}" for lang in langs]
    template_dir = f"{config.templates_dir}{os.sep}"

    def units() -> Iterator[tuple[str, tuple[int, ...], bool]]:
        """(path, cells, from the template) of every file to count, article by article (the
        files of an article share msgids, so word counts are cached across its languages)."""
        for a, article in enumerate(selected):
            row = a * (width + 1)
            from_template = []
            for i in range(width):
                if present[row + 1 + i]:
                    yield f"{locale_dirs[i]}{article}.po", (a * width + i,), False
                elif present[row]:
                    from_template.append(a * width + i)
            if from_template:
                yield f"{template_dir}{article}.pot", tuple(from_template), True

    total = sum(1 for _ in units())
    root = str(config.root) + os.sep
    store = None
    if use_cache:
        from tmflow.io.cache import StampedStore

        store = StampedStore(config.state_dir / CACHE_NAME, CACHE_VERSION)
    now = time.time()

    def with_cache() -> Iterator[tuple[tuple[str, tuple[int, ...], bool], Any]]:
        """Each unit with its cached (size, mtime, counts, None) when the file is as it was
        cached, else None (to be counted)."""
        for unit in units():
            path = unit[0]
            hit = (
                store.get(path[len(root) :] if path.startswith(root) else path)
                if store is not None and not store.empty
                else None
            )
            if hit is not None:
                st = stamp(path)
                if st is not None and hit[0] == f"{st.size}:{st.mtime_ns}":
                    try:
                        yield unit, (st.size, st.mtime_ns, json.loads(hit[1]), None)
                        continue
                    except ValueError:
                        pass
            yield unit, None

    cpus = workers if workers is not None else (os.cpu_count() or 1)
    # small batches keep both workers busy to the end, and a worker's memory flat (it holds
    # one batch's counts)
    size = min(BATCH_MAX, max(20, total // (max(cpus, 1) * 48)))
    from tmflow.steps.pool import ordered_map

    # with no cache to answer from, every file is to be read: the workers start at once
    cold = store is None or store.empty
    try:
        for (path, slots, from_template), answer in ordered_map(
            _scan_batch,
            with_cache(),
            workers=cpus,
            batch_size=size,
            min_parallel=0 if cold and total >= PARALLEL_MIN_FILES else PARALLEL_MIN_FILES,
            extra=(store is not None,),
        ):
            file_size, mtime, data, text = answer
            try:
                report._fill(slots, from_template, data, file_size, mtime, titles)
            except (TypeError, ValueError, IndexError):  # a damaged cache row: count the file
                ((file_size, mtime, data, text),) = _scan_batch([path], store is not None)
                report._fill(slots, from_template, data, file_size, mtime, titles)
            if text is None:
                report.cached += 1
                continue
            report.scanned += 1
            if store is not None and file_size >= 0 and _cacheable(mtime, now):
                store.put(
                    path[len(root) :] if path.startswith(root) else path,
                    f"{file_size}:{mtime}",
                    text,
                )
    except BaseException:
        if store is not None:
            store.close(commit=False)
        raise
    if store is not None:
        # a read-only tree still gets its status, just without a cache
        if store.close() and report.scanned:
            ensure_gitignore(config.state_dir)

    if only_incomplete:
        report.keep(
            a
            for i, a in enumerate(selected)
            if any(
                report._source[i * width + j] != _NONE and not report._complete(i * width + j)
                for j in range(width)
            )
        )
    report.elapsed = time.perf_counter() - started
    return report


# ---------------------------------------------------------------------------------------------
# rendered-output memo: a repeated status on an unchanged tree prints what it printed before

MEMO_NAME = "status-memo"


def tree_fingerprint(
    config: Config,
    articles: Iterable[str] = (),
    languages: Iterable[str] = (),
    *,
    extra: str = "",
    report: StatusReport | None = None,
) -> str:
    """A digest of what a status report depends on: the selected PO files and templates
    (names, sizes, modification times), the selection and ``extra`` (format, options). Costs a
    listing and a stat per file; reads no file; hashes as it goes (holds no list of files).

    ``report`` (one just made) is for the fingerprint of that report, to remember its output
    without a second stat of every file: the sizes and times are then the ones of the bytes
    counted. The listing must name exactly the files counted, else a file came or went during
    the count and there is no fingerprint ("")."""
    import hashlib

    langs = _select_languages(config, languages)
    wanted = sorted(set(articles))
    from tmflow import __version__

    digest = hashlib.blake2b(digest_size=16)

    def put(text: str) -> None:
        digest.update(text.encode("utf-8", "surrogateescape"))
        digest.update(b"\n")

    put(
        f"{__version__}\0{CACHE_VERSION}\0{','.join(langs)}\0{','.join(wanted)}\0"
        f"{extra}\0{config.root}"
    )
    known: dict[str, str] = {}  # one string per name, however many folders hold it
    listings = [set(list_names(config.locales_dir / lang, ".po", known)) for lang in langs]
    templates = set(list_names(config.templates_dir, ".pot", known))
    for name in sorted(known):
        put(name)
    del known
    # a template matters only where some selected language has no PO file for its article
    needed = {n for n in templates if any(n not in found for found in listings)}
    groups: list[tuple[str | None, Path, set[str], str]] = [
        (None, config.templates_dir, needed, ".pot")
    ] + [(lang, config.locales_dir / lang, found, ".po") for lang, found in zip(langs, listings)]
    files = 0
    for lang, folder, found, suffix in groups:
        prefix = f"{folder}{os.sep}"
        for name in sorted(found):
            if wanted and name not in wanted:
                continue
            files += 1
            if report is not None:
                counted = report.stamp(lang, name)
                if counted is None:
                    return ""
                size, mtime = counted
            else:
                st = stamp(f"{prefix}{name}{suffix}")
                if st is None:
                    return ""  # a file vanished while listing: no memo
                size, mtime = st
            put(f"{folder}\0{name}\0{size}\0{mtime}")
    if report is not None and files != report.counted_files():
        return ""
    return digest.hexdigest()


def memo_exists(config: Config) -> bool:
    """Is there a memoised output (of any fingerprint) to compare with?"""
    return is_file(config.state_dir / MEMO_NAME)


def open_memo(config: Config, fingerprint: str) -> tuple[str, BinaryIO] | None:
    """The summary line and an open handle on the output memoised for ``fingerprint`` (read
    it in blocks, then close it), or None."""
    if not fingerprint:
        return None
    try:
        handle = open_regular(config.state_dir / MEMO_NAME, "status memo")
    except InputError:
        return None
    try:
        if handle.readline().rstrip(b"\n") == fingerprint.encode("ascii"):
            summary = handle.readline()
            if summary.endswith(b"\n"):
                return summary[:-1].decode("utf-8"), handle
    except (OSError, UnicodeDecodeError):
        pass
    handle.close()
    return None


@contextmanager
def memo_writer(config: Config, fingerprint: str, summary: str) -> Iterator[BinaryIO | None]:
    """A handle to write the output to as it is printed, remembered for ``fingerprint`` (one
    memo: the last report) when the block ends without an exception; None (remember nothing)
    without a fingerprint or where the state folder cannot be written. The file is the
    fingerprint, the summary line, then the output."""
    if not fingerprint or "\n" in summary:
        yield None
        return
    from tmflow.core.errors import InputError
    from tmflow.io.files import open_atomic

    try:
        writer = open_atomic(config.state_dir / MEMO_NAME)
        handle = writer.__enter__()
    except (OSError, InputError):
        yield None
        return
    try:
        handle.write(fingerprint.encode("ascii") + b"\n" + summary.encode("utf-8") + b"\n")
        yield handle
    except BaseException:
        writer.__exit__(*sys.exc_info())
        raise
    try:
        writer.__exit__(None, None, None)
    except (OSError, InputError):
        return
    ensure_gitignore(config.state_dir)


def _scan_batch(paths: list[Any], encode: bool) -> list[tuple[int, int, list[Any], str]]:
    """(size, mtime_ns, compact counts, the counts as JSON text when ``encode``) of each
    file, in order; size -1 when the file could not be opened. ``paths`` are units (path
    first) or paths. The stamp comes from the open file the bytes are read from, so it is the
    stamp of the bytes counted. Files of one article share a word-count cache. Picklable entry
    point for worker processes: the compact form is what travels back (small, and encoded in
    the worker rather than in the parent)."""
    from tmflow.io.files import read_stamped
    from tmflow.io.po.scan import scan_bytes, scan_file

    dumps = json.dumps
    cache: dict[str, int] = {}
    out: list[tuple[int, int, list[Any], str]] = []
    append = out.append
    for unit in paths:
        path = unit if isinstance(unit, str) else unit[0]
        try:
            raw, st = read_stamped(path, "PO file")
        except InputError:  # missing, a link out of the project, a FIFO…: reported as counts
            data = scan_file(path, cache).to_json()
            append((-1, 0, data, dumps(data, separators=(",", ":")) if encode else ""))
            continue
        data = scan_bytes(raw, path, cache).to_json()
        append(
            (
                st.size,
                st.mtime_ns,
                data,
                dumps(data, separators=(",", ":")) if encode else "",
            )
        )
    return out
