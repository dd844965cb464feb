"""Progress of a project: segments and words by state, per article × language.

Design:

* Counting uses the streaming scanner ``tmflow.io.poscan`` (exact agreement with ``load_po`` +
  ``classify``, word counts by pocount's rule), never a full polib parse.
* A stats cache (``<state_dir>/status-cache.json``) maps each PO/POT file to its size,
  modification time (ns) and counts. A repeated ``status`` on an unchanged tree only lists the
  folders, stats the files and loads one JSON file. A file whose size or mtime changed is
  scanned again. Files whose mtime is a whole second (coarse file systems) and is less than two
  seconds old are not cached: a same-second rewrite of the same size could go unnoticed.
* Cold runs on many files scan in worker processes (one per core), files grouped by article so
  the word counts of an article's msgids are computed once for all its languages. Workers
  return each file's compact counts (the stats cache's form) and the size and mtime of the
  open file they read, so memory stays flat however large the tree and a cold run (empty
  cache) stats nothing in the parent.
* The scanner is imported only when some file must be read: a warm run never loads it.
* An article with a template but no PO file for a language counts every template entry as
  untranslated in that language (``missing`` is set).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from tmflow.core.errors import UsageError
from tmflow.io.cache import load_json_cache, save_json_cache
from tmflow.io.config import Config
from tmflow.io.files import write_atomic

CACHE_NAME = "status-cache.json"
CACHE_VERSION = 2
CACHE_KEY = "files"
DRAFT_STATES = ("mt", "tm", "changed", "fuzzy")
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

    @classmethod
    def from_dict(cls, by_state: dict[str, int]) -> "Counts":
        return cls(
            translated=by_state.get("translated", 0), mt=by_state.get("mt", 0),
            tm=by_state.get("tm", 0), changed=by_state.get("changed", 0),
            fuzzy_other=by_state.get("fuzzy", 0), untranslated=by_state.get("untranslated", 0),
            obsolete=by_state.get("obsolete", 0))

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

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.translated + other.translated, self.mt + other.mt,
                      self.tm + other.tm, self.changed + other.changed,
                      self.fuzzy_other + other.fuzzy_other,
                      self.untranslated + other.untranslated, self.obsolete + other.obsolete)


@dataclass(slots=True)
class CatalogStatus:
    """One article in one language. ``path`` is absolute (a string: tens of thousands of
    Path objects would cost more than the whole warm run)."""

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
        return self.error is None and not self.missing and \
            self.segments.translated == self.segments.total


@dataclass
class StatusReport:
    languages: tuple[str, ...]
    articles: tuple[str, ...]
    cells: dict[tuple[str, str], CatalogStatus] = field(default_factory=dict)
    scanned: int = 0  # files read this run
    cached: int = 0  # files whose counts came from the cache
    elapsed: float = 0.0
    _memo: tuple | None = field(default=None, repr=False, compare=False)
    # (size, mtime_ns) of every file the counts came from, as read (or as found in the
    # cache); a file that could not be stat'ed is absent. See ``tree_fingerprint(stamps=)``.
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False,
                                               compare=False)

    def cell(self, article: str, language: str) -> CatalogStatus | None:
        return self.cells.get((article, language))

    def language_segments(self, language: str) -> Counts:
        return self._totals()[language][0]

    def language_words(self, language: str) -> Counts:
        return self._totals()[language][1]

    def _totals(self) -> dict[str, tuple[Counts, Counts]]:
        cells = self.cells
        key = (id(cells), len(cells), self.languages)
        if self._memo is not None and self._memo[0] == key:
            return self._memo[1]
        totals = {lang: (_sum(c.segments for (a, la), c in cells.items() if la == lang),
                       _sum(c.words for (a, la), c in cells.items() if la == lang))
                  for lang in self.languages}
        self._memo = (key, totals)
        return totals

    def article_segments(self, article: str) -> Counts:
        return _sum(c.segments for (a, lang), c in self.cells.items() if a == article)

    def article_words(self, article: str) -> Counts:
        return _sum(c.words for (a, lang), c in self.cells.items() if a == article)

    @property
    def total_segments(self) -> Counts:
        return _sum(c.segments for c in self.cells.values())

    @property
    def total_words(self) -> Counts:
        return _sum(c.words for c in self.cells.values())

    @property
    def errors(self) -> list[CatalogStatus]:
        return [c for c in self.cells.values() if c.error is not None]


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


def _list(folder: Path, suffix: str) -> dict[str, os.DirEntry]:
    out: dict[str, os.DirEntry] = {}
    try:
        with os.scandir(folder) as it:
            for entry in it:
                name = entry.name
                if name.endswith(suffix) and not name.startswith("."):
                    out[name[:-len(suffix)]] = entry
    except (FileNotFoundError, NotADirectoryError):
        pass
    return out


def _select_languages(config: Config, languages: Iterable[str]) -> tuple[str, ...]:
    wanted = tuple(languages)
    if not wanted:
        return tuple(config.languages)
    for lang in wanted:
        if lang not in config.languages:
            raise UsageError(f"{lang!r} is not a target language of this project "
                             f"({', '.join(config.languages)})")
    return wanted


# ---------------------------------------------------------------------------------------------
# cache


def _cacheable(mtime_ns: int, now: float) -> bool:
    """``now`` is taken before the files are read (so it errs towards not caching)."""
    return mtime_ns % 1_000_000_000 != 0 or now - mtime_ns / 1e9 > 2.0


# ---------------------------------------------------------------------------------------------
# the step


def status_project(config: Config, articles: Iterable[str] = (), languages: Iterable[str] = (),
                   *, only_incomplete: bool = False, use_cache: bool = True,
                   workers: int | None = None) -> StatusReport:
    """Counts per article × language. ``articles`` and ``languages`` filter (unknown names are
    a UsageError); ``only_incomplete`` keeps the articles not fully translated in some selected
    language; ``use_cache=False`` neither reads nor writes the stats cache."""
    started = time.perf_counter()
    langs = _select_languages(config, languages)
    templates = _list(config.templates_dir, ".pot")
    per_lang = {lang: _list(config.locales_dir / lang, ".po") for lang in langs}
    names: set[str] = set(templates)
    for listed in per_lang.values():
        names.update(listed)
    wanted = list(dict.fromkeys(articles))
    for name in wanted:
        if name not in names:
            raise UsageError(f"no article named {name!r} in {config.locales_dir} "
                             "(no template and no PO file)")
    selected = sorted(wanted) if wanted else sorted(names)

    # which file gives the counts of each cell
    jobs: dict[tuple[str, str], tuple[str, bool]] = {}  # cell -> (path, missing)
    dir_entries: dict[str, os.DirEntry] = {}
    for article in selected:
        for lang in langs:
            entry = per_lang[lang].get(article)
            missing = entry is None
            if entry is None:
                entry = templates.get(article)
                if entry is None:
                    continue
            jobs[(article, lang)] = (entry.path, missing)
            dir_entries[entry.path] = entry

    cache_path = config.state_dir / CACHE_NAME
    old = load_json_cache(cache_path, CACHE_VERSION, CACHE_KEY) if use_cache else {}
    root = str(config.root) + os.sep
    now = time.time()
    results: dict[str, tuple] = {}  # path -> (segments, words, error, title)
    stamps: dict[str, tuple[int, int]] = {}
    todo: list[str] = []
    if old:
        for path, entry in dir_entries.items():
            key = path[len(root):] if path.startswith(root) else path
            hit = old.get(key)
            if hit is None:
                todo.append(path)
                continue
            try:
                st = entry.stat()
            except OSError:
                todo.append(path)
                continue
            if hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
                try:
                    results[path] = _cell_data(hit[2])
                    stamps[path] = (st.st_size, st.st_mtime_ns)
                    continue
                except (TypeError, IndexError, KeyError, ValueError):
                    pass
            todo.append(path)
    else:
        # nothing cached: no stat here, the scan takes each file's stamp as it reads it
        todo = list(dir_entries)
    cached = len(results)
    # path -> (size, mtime_ns, compact counts); size -1 when the file could not be stat'ed
    scanned: dict[str, tuple[int, int, list]] = {}
    for path, scan in _scan_many(todo, workers):  # as the workers finish their batches
        scanned[path] = scan
        size, mtime, data = scan
        results[path] = _cell_data(data)
        if size >= 0:
            stamps[path] = (size, mtime)

    report = StatusReport(languages=langs, articles=(), scanned=len(todo), cached=cached,
                          stamps=stamps)
    for (article, lang), (path, missing) in jobs.items():
        segs, words, error, title = results[path]
        report.cells[(article, lang)] = CatalogStatus(article, lang, path, segs, words, missing,
                                                      error, title)
    if only_incomplete:
        keep = [a for a in selected
                if any((a, lang) in report.cells and not report.cells[(a, lang)].complete
                       for lang in langs)]
        report.cells = {k: v for k, v in report.cells.items() if k[0] in keep}
        selected = keep
    report.articles = tuple(selected)

    if use_cache and todo:
        files = dict(old)
        for path, (size, mtime, data) in scanned.items():
            if size < 0 or not _cacheable(mtime, now):
                continue
            key = path[len(root):] if path.startswith(root) else path
            files[key] = [size, mtime, data]
        # a read-only tree still gets its status, just without a cache
        if save_json_cache(cache_path, CACHE_VERSION, CACHE_KEY, files):
            _ignore_state_dir(config.state_dir)
    report.elapsed = time.perf_counter() - started
    return report


def _cell_data(data: list) -> tuple:
    """(segments, words, error, title) from the compact form of ``FileStats.to_json`` (the
    state order of ``poscan.STATES`` is the field order of ``Counts``)."""
    segs, words, _language, err, title = data
    if len(segs) != 7 or len(words) != 7:
        raise ValueError("bad cache entry")
    return (Counts(*segs), Counts(*words), (err[0], err[1]) if err else None,
            (title[0], title[1]) if title else None)


# ---------------------------------------------------------------------------------------------
# rendered-output memo: a repeated status on an unchanged tree prints what it printed before

MEMO_NAME = "status-memo"


def tree_fingerprint(config: Config, articles: Iterable[str] = (),
                     languages: Iterable[str] = (), *, extra: str = "",
                     stamps: dict[str, tuple[int, int]] | None = None) -> str:
    """A digest of what a status report depends on: the selected PO files and templates
    (names, sizes, modification times), the selection and ``extra`` (format, options). Costs a
    listing and a stat per file; reads no file.

    ``stamps`` (a report's ``stamps``) is for the fingerprint of a report just made, to
    remember its output without a second stat of every file: the sizes and times are then the
    ones of the bytes counted. The listing must name exactly the files of ``stamps``, else a
    file came or went during the count and there is no fingerprint ("")."""
    import hashlib

    langs = _select_languages(config, languages)
    wanted = sorted(set(articles))
    from tmflow import __version__

    parts = [f"{__version__}\0{CACHE_VERSION}\0{','.join(langs)}\0{','.join(wanted)}\0"
             f"{extra}\0{config.root}"]
    listings = {lang: _list(config.locales_dir / lang, ".po") for lang in langs}
    templates = _list(config.templates_dir, ".pot")
    names = set(templates).union(*listings.values())
    # a template matters only where some selected language has no PO file for its article
    needed = {n: e for n, e in templates.items()
              if any(n not in found for found in listings.values())}
    groups = [(str(config.templates_dir), needed)] + \
        [(str(config.locales_dir / lang), listings[lang]) for lang in langs]
    entries = [(folder, name, entry) for folder, found in groups
               for name, entry in sorted(found.items())
               if not wanted or name in wanted]
    if stamps is not None:
        if len(entries) != len(stamps):
            return ""
        try:
            found = [stamps[entry.path] for _f, _n, entry in entries]
        except KeyError:
            return ""
    else:
        found = _stat_all([entry for _f, _n, entry in entries])  # type: ignore[assignment]
        if found is None:
            return ""  # a file vanished while listing: no memo
    parts.append(",".join(sorted(names)))
    parts.extend(f"{folder}\0{name}\0{size}\0{mtime}"
                 for (folder, name, _e), (size, mtime) in zip(entries, found))
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"),
                           digest_size=16).hexdigest()


def _stat_all(entries: list[os.DirEntry]) -> list[tuple[int, int]] | None:
    """(size, mtime_ns) of every entry. One thread: the stat calls dominate and a second
    thread measured no faster (the kernel, not the interpreter, is the cost)."""
    out: list[tuple[int, int]] = []
    append = out.append
    try:
        for entry in entries:
            st = entry.stat()
            append((st.st_size, st.st_mtime_ns))
    except OSError:
        return None
    return out


def memo_exists(config: Config) -> bool:
    """Is there a memoised output (of any fingerprint) to compare with?"""
    return (config.state_dir / MEMO_NAME).is_file()


def load_memo(config: Config, fingerprint: str) -> str | None:
    """The output memoised for ``fingerprint``, or None."""
    if not fingerprint:
        return None
    try:
        with open(config.state_dir / MEMO_NAME, "rb") as handle:
            if handle.readline().rstrip(b"\n") != fingerprint.encode("ascii"):
                return None
            return handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def save_memo(config: Config, fingerprint: str, output: str) -> None:
    """Remember ``output`` for ``fingerprint`` (one memo: the last report). The file is the
    fingerprint on the first line, then the output as it was printed."""
    if not fingerprint:
        return
    try:
        write_atomic(config.state_dir / MEMO_NAME,
                     fingerprint.encode("ascii") + b"\n" + output.encode("utf-8"))
    except OSError:
        return
    _ignore_state_dir(config.state_dir)


def _ignore_state_dir(state_dir: Path) -> None:
    """Keep the state folder out of git (status takes no project lock, which would do it);
    best effort, like the cache itself."""
    ignore = state_dir / ".gitignore"
    try:
        if not ignore.exists():
            write_atomic(ignore, "*\n")
    except OSError:
        pass


def _scan_batch(paths: list[str]) -> list[tuple[int, int, list]]:
    """(size, mtime_ns, compact counts) of each file, in order; size -1 when the file could
    not be opened. The stamp comes from the open file the bytes are read from, so it is the
    stamp of the bytes counted. Files of one article share a word-count cache. Picklable entry
    point for worker processes: the compact form is what travels back (small, and encoded in
    the worker rather than in the parent)."""
    from tmflow.io.poscan import scan_bytes, scan_file

    cache: dict[str, int] = {}
    out: list[tuple[int, int, list]] = []
    append = out.append
    fstat, read, close = os.fstat, os.read, os.close
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    for path in paths:
        # plain descriptors: no file object per file (tens of thousands of them)
        try:
            fd = os.open(path, flags)
        except OSError:
            append((-1, 0, scan_file(path, cache).to_json()))  # reports the error
            continue
        try:
            st = fstat(fd)
            raw = read(fd, st.st_size + 1)
            if len(raw) > st.st_size:  # it grew since the stat: read the rest
                parts = [raw]
                while True:
                    more = read(fd, 1 << 20)
                    if not more:
                        break
                    parts.append(more)
                raw = b"".join(parts)
        except OSError:
            append((-1, 0, scan_file(path, cache).to_json()))
            continue
        finally:
            close(fd)
        append((st.st_size, st.st_mtime_ns, scan_bytes(raw, path, cache).to_json()))
    return out


def _scan_many(paths: list[str], workers: int | None
               ) -> Iterator[tuple[str, tuple[int, int, list]]]:
    """Scan files, in worker processes when there are many, yielding each path with its
    result as its batch comes back (the caller's work overlaps the scan). Paths of one article
    stay together (they share msgids, so word counts are cached across its languages); small
    batches keep both workers busy to the end."""
    if not paths:
        return
    cpus = workers if workers is not None else (os.cpu_count() or 1)
    ordered = sorted(paths, key=lambda p: (os.path.basename(p), p))
    if cpus <= 1 or len(paths) < PARALLEL_MIN_FILES:
        yield from zip(ordered, _scan_batch(ordered))
        return
    size = max(20, len(ordered) // (cpus * 48))
    batches = [ordered[i:i + size] for i in range(0, len(ordered), size)]
    from concurrent.futures import ProcessPoolExecutor  # only cold runs on many files need it

    with ProcessPoolExecutor(max_workers=cpus) as pool:
        for batch, stats in zip(batches, pool.map(_scan_batch, batches)):
            yield from zip(batch, stats)
