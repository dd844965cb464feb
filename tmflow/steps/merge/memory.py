"""Translation memory: every reviewed translation of one language, searchable by similarity.

A memory is built per target language from

* every translated (not fuzzy, not obsolete) entry of every PO file of that language in the
  project (``locales/<lang>/*.po``), and
* TMX files: those listed in ``[tool.tmflow.memory] tmx`` and those imported with
  ``tmflow tm import`` (kept in ``locales/memory/*.tmx`` so they are versioned with the project).

Similarity is rapidfuzz's ``fuzz.ratio`` (the normalised Indel similarity,
2·LCS/(len₁+len₂)·100) — the same measure GNU msgmerge uses for its fuzzy matches, so a "75%"
means the same thing in a memory draft and in a merge.

Fast lookup (``FuzzyIndex``): an exhaustive scan of 100,000 segments manages ~30–50 lookups/s.
The index keeps, for each lower-cased word and each pair of adjacent words, the list of
segments that contain it. A query looks up its *rarest* features only (until a budget of
~1,000 postings is spent, at least three features), counts in one pass how many of them each
segment shares, keeps the few segments with the highest counts whose length can reach the
cutoff (a ratio ≥ t needs the shorter text to be at least t/(200−t) of the longer), and scores
just those with rapidfuzz. Two sentences with a ratio ≥ 75 share most of their words and word
pairs, so the true best match ranks among the top candidates, while frequent words ("the",
"of") that would make the counting slow carry no information and are skipped. Character
n-grams were tried first: with news vocabulary their postings are long and the rarest ones
still miss (82% recall at 300 lookups/s); word features reach 100% recall in the benchmark.
Short queries (≤ 24 characters have few features) are scanned exhaustively within their
length window. Small collections (≤ ``EXHAUSTIVE_LIMIT`` strings) are always scanned
exhaustively, so results there are exactly those of a full rapidfuzz scan; ``fallback_below``
makes a lookup exact for weak matches too (update uses it; see ``tmflow.steps.merge.update``).
``bench/bench_memory.py`` measures speed and recall against the exhaustive scan (100,000
units of real news sentences: 1,800–3,400 lookups/s, 99.6% recall of matches ≥ 75).

Weak matches and the full scan. Below 75 no cheap filter is exact: two sentences may score
60 without sharing a word, and the bounds that cost less than the score itself do not rule 60
out (shared letter counts put two unrelated news sentences at about 67 on median, where their
score is about 38). So the full scan stays, at ~2 million pairs a second in rapidfuzz; it
starts from a floor (the pool's best, or the best of a query's hints: update passes the old
entries where an edited segment stood), reads only the strings whose length can reach that
floor (``Lengths``), and ``best_many`` runs the scans of many queries in worker processes
(``scan_all``). On 20,000 entries of real news with a news desk's edits, one
query in four has no strong match (new and rewritten sentences, halves of split ones), and
their scans are most of an update's time.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path

import polib
from rapidfuzz import fuzz, process

from tmflow.core import provenance
from tmflow.core.errors import InputError
from tmflow.io.config import Config
from tmflow.io.files import list_files
from tmflow.io.po.reader import load_po
from tmflow.io.tmx import TmxDocument, TmxUnit, dumps_tmx, read_tmx, write_tmx
from tmflow.steps.project import lock as project_lock

EXHAUSTIVE_LIMIT = 2000
SHORT_QUERY = 24


_TOKEN = re.compile(r"\w+", re.UNICODE)


def _features(text: str) -> set[str]:
    """Lower-cased words and word pairs: the keys of the candidate index."""
    words = _TOKEN.findall(text.lower())
    feats = set(words)
    feats.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return feats


def length_window(length: int, cutoff: float) -> tuple[int, int]:
    """Lengths a string must have to reach ``cutoff`` (a ratio in %) against ``length``."""
    if cutoff <= 0:
        return 0, 1 << 30
    t = min(cutoff, 100.0)
    low = int(length * t / (200 - t))
    high = int(length * (200 - t) / t) + 1
    return low, high


class FuzzyIndex:
    """Best-match search over a fixed list of strings with rapidfuzz's ``fuzz.ratio``.

    ``best(query, cutoff)`` returns ``(index, score)`` of the best string with
    ``score ≥ cutoff`` (the first one on ties, as a full scan would), or None.
    """

    def __init__(
        self,
        strings: Sequence[str],
        *,
        budget: int = 1000,
        candidates: int = 40,
        exhaustive_limit: int = EXHAUSTIVE_LIMIT,
    ) -> None:
        self.strings = list(strings)
        self.budget = budget
        self.candidates = candidates
        self.exhaustive = len(self.strings) <= exhaustive_limit
        self.exact: dict[str, int] = {}
        for i, s in enumerate(self.strings):
            self.exact.setdefault(s, i)
        self._postings: dict[str, list[int]] = {}
        self._by_length: dict[int, list[int]] = defaultdict(list)
        if not self.exhaustive:
            postings: dict[str, list[int]] = defaultdict(list)
            for i, s in enumerate(self.strings):
                for g in _features(s):
                    postings[g].append(i)
                self._by_length[len(s)].append(i)
            self._postings = dict(postings)

    def __len__(self) -> int:
        return len(self.strings)

    def best(
        self, query: str, cutoff: float = 75, *, fallback_below: float | None = None
    ) -> tuple[int, float] | None:
        """The best string scoring ≥ ``cutoff`` (index first). With ``fallback_below``, a query
        for which the index finds nothing, or only a match scoring below that value (where the
        index's recall is not measured), is scanned exhaustively: exact results, slower. Merges
        use it so that they agree with msgmerge even on weak matches."""
        found, floor = self._from_pool(query, cutoff, fallback_below)
        return found if floor is None else _scan(self.strings, query, floor)

    def best_many(
        self,
        queries: Sequence[str],
        cutoff: float = 75,
        *,
        fallback_below: float | None = None,
        workers: int = 1,
        hints: Sequence[Sequence[int]] | None = None,
    ) -> list[tuple[int, float] | None]:
        """``best`` of every query, in order. The full scans (see ``fallback_below``) are the
        bulk of the work when many queries have no strong match (new and rewritten
        sentences): with ``workers`` > 1 and enough of them (``PARALLEL_SCANS``), they run in
        that many worker processes. ``hints``: for each query, strings likely to be its match
        (an update passes the old entries where the edited segment stood); their best score
        is a floor that makes the full scan cheaper. The answers are the same."""
        out: list[tuple[int, float] | None] = []
        scans: list[tuple[int, str, float]] = []
        for k, query in enumerate(queries):
            found, floor = self._from_pool(query, cutoff, fallback_below)
            if floor is not None and hints is not None and hints[k]:
                # a hint's score, less a point (see _from_pool), is a floor too: the scan
                # still returns the first string with the best score
                hinted = process.extractOne(
                    query,
                    [self.strings[i] for i in hints[k]],
                    scorer=fuzz.ratio,
                    score_cutoff=floor,
                )
                if hinted is not None:
                    floor = max(floor, hinted[1] - 1)
            out.append(found)
            if floor is not None:
                scans.append((k, query, floor))
        jobs = [(query, floor) for _, query, floor in scans]
        lengths = Lengths(self.strings) if scans else None
        for (k, _, _), found in zip(scans, scan_all(self.strings, jobs, workers, lengths)):
            out[k] = found
        return out

    def _from_pool(
        self, query: str, cutoff: float, fallback_below: float | None
    ) -> tuple[tuple[int, float] | None, float | None]:
        """The best string of the candidate pool, and the floor of the full scan still
        needed (None: the answer is final)."""
        if not self.strings:
            return None, None
        hit = self.exact.get(query)
        if hit is not None:
            return (hit, 100.0), None
        if self.exhaustive:
            return None, cutoff
        low, high = length_window(len(query), cutoff)
        if len(query) <= SHORT_QUERY:
            pool = [i for n in range(low, high + 1) for i in self._by_length.get(n, ())]
        else:
            pool = self._candidates(query, low, high)
        found = None
        if pool:
            pool.sort()  # ties go to the first string, as in a full scan
            found = process.extractOne(
                query, [self.strings[i] for i in pool], scorer=fuzz.ratio, score_cutoff=cutoff
            )
        if found is not None and (fallback_below is None or found[1] >= fallback_below):
            return (pool[found[2]], found[1]), None
        if fallback_below is None:
            return None, None
        # the pool's best is a floor: only a string scoring at least as much can win, and
        # the scan returns the first string with the best score, as it would from cutoff
        # (a point below it: rapidfuzz turns a cutoff into a whole distance, and one equal
        # to the score may round to a distance just short of the string's own)
        return None, (max(cutoff, found[1] - 1) if found is not None else cutoff)

    def _candidates(self, query: str, low: int, high: int) -> list[int]:
        postings = self._postings
        lists = [p for p in (postings.get(g) for g in _features(query)) if p]
        if not lists:
            return []
        lists.sort(key=len)
        spent = 0
        take = len(lists)
        for used, plist in enumerate(lists):
            if spent + len(plist) > self.budget and used >= 3:
                take = used
                break
            spent += len(plist)
        counts = Counter(chain.from_iterable(lists[:take]))
        strings = self.strings
        top = sorted(counts.items(), key=itemgetter(1), reverse=True)[: self.candidates * 3]
        out = [i for i, _ in top if low <= len(strings[i]) <= high]
        return out[: self.candidates]


#: full scans (strings × queries) worth starting worker processes for (~2 s on one core)
PARALLEL_SCANS = 4_000_000


class Lengths:
    """The indices of a list of strings sorted by length: the strings of a length window."""

    def __init__(self, strings: Sequence[str]) -> None:
        self.order = sorted(range(len(strings)), key=lambda i: len(strings[i]))
        self.lengths = [len(strings[i]) for i in self.order]

    def window(self, low: int, high: int) -> list[int]:
        return self.order[bisect_left(self.lengths, low) : bisect_right(self.lengths, high)]


def _scan(
    strings: Sequence[str], query: str, floor: float, lengths: Lengths | None = None
) -> tuple[int, float] | None:
    """The first string with the best score ≥ ``floor`` (a full rapidfuzz scan). With
    ``lengths``, a high floor scans only the strings whose length can reach it (in their
    order, so that ties still go to the first): a hint at 95 leaves a fraction of them."""
    if lengths is not None:
        inside = lengths.window(*length_window(len(query), floor))
        if len(inside) * 2 < len(strings):
            inside.sort()
            found = process.extractOne(
                query, [strings[i] for i in inside], scorer=fuzz.ratio, score_cutoff=floor
            )
            return (inside[found[2]], found[1]) if found else None
    found = process.extractOne(query, strings, scorer=fuzz.ratio, score_cutoff=floor)
    return (found[2], found[1]) if found else None


def scan_all(
    strings: Sequence[str],
    jobs: Sequence[tuple[str, float]],
    workers: int = 1,
    lengths: Lengths | None = None,
) -> list[tuple[int, float] | None]:
    """``_scan`` of every (query, floor), in order: in ``workers`` forked processes when the
    work is large enough (the strings are inherited, not sent), else here."""
    import multiprocessing

    if (
        workers <= 1
        or len(jobs) < 2 * workers
        or len(jobs) * len(strings) < PARALLEL_SCANS
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [_scan(strings, query, floor, lengths) for query, floor in jobs]
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(jobs) // (workers * 4))  # a few chunks a worker: the slow ones even out
    chunks = [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_scan_setup, initargs=(strings, lengths)
    ) as pool:
        return [found for part in pool.map(_scan_chunk, chunks) for found in part]


_worker_strings: Sequence[str] = ()
_worker_lengths: Lengths | None = None


def _scan_setup(strings: Sequence[str], lengths: Lengths | None) -> None:
    global _worker_strings, _worker_lengths
    _worker_strings, _worker_lengths = strings, lengths


def _scan_chunk(jobs: list[tuple[str, float]]) -> list[tuple[int, float] | None]:
    return [_scan(_worker_strings, query, floor, _worker_lengths) for query, floor in jobs]


@dataclass(frozen=True)
class MemoryUnit:
    source: str
    target: str
    origin: str  # "ru/article.po" or "memory/file.tmx"


@dataclass(frozen=True)
class MemoryMatch:
    source: str
    target: str
    score: float
    origin: str
    consistent: bool  # every unit with this source has this target

    @property
    def percent(self) -> int:
        return int(self.score) if self.score < 100 else 100


@dataclass
class Memory:
    """The units of one language, grouped by source text; ``lookup`` finds the best match."""

    language: str
    units: list[MemoryUnit] = field(default_factory=list)
    _index: FuzzyIndex | None = field(default=None, repr=False)
    _sources: list[str] = field(default_factory=list, repr=False)
    _targets: dict[str, list[MemoryUnit]] = field(default_factory=dict, repr=False)

    def add(self, unit: MemoryUnit) -> None:
        if not unit.source or not unit.target:
            return
        self.units.append(unit)
        self._index = None

    def extend(self, units: Iterable[MemoryUnit]) -> None:
        for unit in units:
            self.add(unit)

    def __len__(self) -> int:
        return len(self.units)

    @property
    def index(self) -> FuzzyIndex:
        if self._index is None:
            grouped: dict[str, list[MemoryUnit]] = {}
            for unit in self.units:
                grouped.setdefault(unit.source, []).append(unit)
            self._targets = grouped
            self._sources = list(grouped)
            self._index = FuzzyIndex(self._sources)
        return self._index

    def lookup(
        self, text: str, threshold: float = 75, *, exclude_origin: str | None = None
    ) -> MemoryMatch | None:
        """The best unit for ``text`` with a score ≥ threshold (None if there is none).

        Among units sharing the best source, the most frequent translation wins (then the
        first seen); ``consistent`` says whether they all agree. ``exclude_origin`` ignores an
        exact match that comes only from that file (a catalog must not draft from itself).
        """
        index = self.index
        found = index.best(text, threshold)
        if found is None:
            return None
        i, score = found
        source = self._sources[i]
        units = self._targets[source]
        if exclude_origin is not None:
            units = [u for u in units if u.origin != exclude_origin]
            if not units:
                return None
        tally = Counter(u.target for u in units)
        target = max(
            tally, key=lambda t: (tally[t], -next(k for k, u in enumerate(units) if u.target == t))
        )
        origin = next(u.origin for u in units if u.target == target)
        return MemoryMatch(source, target, float(score), origin, len(tally) == 1)


def units_from_catalog(po: polib.POFile, origin: str) -> list[MemoryUnit]:
    """The translated (non-fuzzy, non-obsolete, singular) entries of a catalog as units,
    except tmflow's copies of untranslatable sources."""
    out = []
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or entry.msgid_plural:
            continue
        if entry.msgstr and entry.msgid:
            if provenance.is_copy(entry):
                continue  # tmflow's copy of a source with nothing to translate: no one's work
            out.append(MemoryUnit(entry.msgid, entry.msgstr, origin))
    return out


def imported_tmx_dir(locales_dir: Path) -> Path:
    """Where ``tmflow tm import`` keeps imported TMX files."""
    return locales_dir / "memory"


def tmx_paths(config: Config) -> list[Path]:
    """Configured TMX files plus the imported ones (sorted, unique)."""

    paths = [Path(os.path.normpath(config.root / p)) for p in config.memory.tmx]
    paths += list_files(imported_tmx_dir(config.locales_dir), ".tmx")
    return list(dict.fromkeys(paths))


def build_memory(
    config: Config, language: str, catalogs: dict[Path, polib.POFile] | None = None
) -> Memory:
    """The memory of ``language``: its catalogs (given, or read from disk) plus TMX files."""

    memory = Memory(language)
    if catalogs is None:
        catalogs = {p: load_po(p) for p in list_files(config.locales_dir / language, ".po")}
    for path, po in sorted(catalogs.items()):
        memory.extend(units_from_catalog(po, _origin(config, path)))
    for path in tmx_paths(config):
        doc = read_tmx(path)
        origin = _origin(config, path)
        for tu in doc.units:
            if tu.props.get("x-tmflow-state") == "fuzzy":
                continue  # a removed article's unreviewed work: kept, never offered
            src = tu.text(doc.source_language)
            tgt = tu.text(language)
            if src and tgt:
                memory.add(MemoryUnit(src, tgt, origin))
    return memory


def memory_origin(config: Config, path: Path) -> str:
    """How a memory unit names the file it comes from: ``ru/article.po``, ``memory/x.tmx``."""
    return _origin(config, path)


def _origin(config: Config, path: Path) -> str:

    for base in (config.locales_dir, config.root):
        try:
            return str(Path(os.path.normpath(path)).relative_to(base))
        except ValueError:
            continue
    return Path(path).name


def draft_comment(match: MemoryMatch) -> str:
    """The provenance line of a memory draft: ``tmflow: tm 92% ru/other.po``."""
    return provenance.line("tm", f"{match.percent}% {match.origin}")


# ---------------------------------------------------------------------------------------------
# import and export


@dataclass
class ImportResult:
    path: Path
    units: int
    units_by_language: dict[str, int]
    ignored_languages: set[str]


def import_tmx(config: Config, file: Path, name: str | None = None) -> ImportResult:
    """Check a TMX file and keep it (as TMX 1.4b) in ``locales/memory/`` under the lock."""

    doc = read_tmx(file)
    source = config.source_language
    counts: dict[str, int] = {}
    ignored: set[str] = set()
    kept: list[TmxUnit] = []
    for tu in doc.units:
        src = tu.text(source)
        if not src:
            continue
        variants = {source: src}
        for code, text in tu.variants.items():
            base = code.split("_")[0]
            lang = (
                code if code in config.languages else (base if base in config.languages else None)
            )
            if lang is None:
                if base != source.split("_")[0]:
                    ignored.add(code)
                continue
            if text:
                variants[lang] = text
                counts[lang] = counts.get(lang, 0) + 1
        if len(variants) > 1:
            kept.append(TmxUnit(variants, dict(tu.props)))
    if not kept:
        raise InputError(
            f"no translation units from {source!r} into a target language of this "
            f"project ({', '.join(config.languages)})",
            file,
        )
    stem = re.sub(r"[^a-z0-9._-]+", "-", (name or Path(file).stem).lower()).strip("-.")
    target = imported_tmx_dir(config.locales_dir) / f"{stem or 'memory'}.tmx"
    with project_lock(config):
        write_tmx(TmxDocument(source, kept, doc.creation_tool), target)
    return ImportResult(target, len(kept), counts, ignored)


def export_memory(config: Config, languages: Iterable[str] = ()) -> tuple[TmxDocument, str]:
    """The memory of the given languages (default: all) as a TMX document and its text."""
    from tmflow.steps.project import select_languages

    doc = TmxDocument(config.source_language)
    for language in select_languages(config, languages):
        seen: set[tuple[str, str]] = set()
        for unit in build_memory(config, language).units:
            if (unit.source, unit.target) in seen:
                continue
            seen.add((unit.source, unit.target))
            doc.units.append(
                TmxUnit(
                    {config.source_language: unit.source, language: unit.target},
                    {"x-tmflow-origin": unit.origin},
                )
            )
    return doc, dumps_tmx(doc)
