"""Machine-translation drafts for untranslated entries (``tmflow draft``).

Which entries: only untranslated ones (empty ``msgstr``). A translated entry is never touched,
and neither is a fuzzy entry with text in it (a memory match, a changed source, a human's
edit): those are a reviewer's business. Plural entries are left to humans.

How the work is shaped:

1. Every untranslated entry of every selected PO file is masked (``tmflow.steps.mt.protect``).
   Identical source texts of one language share one *job*, across articles.
2. A job's masked text is split into *pieces* under the provider's length limit; identical
   pieces share one request. Pieces already in the cache are answered at once.
3. The rest is packed into *units* (one request each: one text, or up to the provider's batch
   size) and run on a pool of daemon threads (``concurrency``, default per provider). A failed unit is not
   retried in its worker: it goes back to the scheduler with a due time (exponential backoff
   with jitter, or the server's ``Retry-After``, which also pauses new requests to that
   provider), so a sleeping retry never holds a worker slot. After ``retries`` attempts the
   unit is given up and the run goes on. A refused key or used-up quota stops the provider; an
   unsupported language stops that language; a server that cannot be reached before anything
   succeeded stops the run with one message per language.
4. Each raw result goes into the cache (sqlite under ``.tmflow/``, keyed by provider, languages
   and masked text) the moment it arrives; the PO files are written atomically at most
   ``FLUSH_INTERVAL`` seconds apart and at the end. A kill loses the requests in flight; the
   rerun answers everything else from the cache without a request.
5. A result is verified and restored; an accepted one lands as ``#, fuzzy`` with the line
   ``tmflow: mt <engine> <date>`` (and ``tmflow: glossary: …`` lines for approved renderings
   it misses); a rejected one leaves the entry untranslated with ``tmflow: mt rejected: …``.

Before a PO file is written, its on-disk state is compared with what was read; if someone
changed it meanwhile, it is read again and the drafts are applied afresh to entries that are
still untranslated, so a draft run never overwrites concurrent human work.
"""

from __future__ import annotations

import heapq
import queue
import random
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polib

from tmflow.core import provenance
from tmflow.core.errors import NotFoundError, ProviderError, UsageError
from tmflow.core.model import EntryState
from tmflow.io.cache import MtCache
from tmflow.io.config import Config
from tmflow.io.files import Stamp, stamp
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po
from tmflow.steps.mt.protect import (
    GlossaryGuard,
    Protected,
    load_glossary_guard,
    protect,
    restore,
    split_text,
)

FLUSH_INTERVAL = 2.0  # seconds between PO writes while results arrive
BACKOFF_BASE = 0.5  # first retry after ~0.5 s, then 1, 2, 4… (±50% jitter)
BACKOFF_CAP = 30.0
RETRY_AFTER_CAP = 120.0
CACHE_FILE = "mt-cache.sqlite3"


# ---------------------------------------------------------------------------------------------
# results


@dataclass
class LanguageReport:
    language: str
    entries: int = 0  # untranslated entries considered
    unique: int = 0  # distinct texts among them (one job each)
    cached: int = 0  # jobs answered entirely from the cache
    requests: int = 0  # requests planned (dry run) or sent (retries included)
    characters: int = 0  # characters to send (dry run) or sent
    drafted: int = 0  # entries that received a draft
    rejected: int = 0  # entries whose result was refused
    failed: int = 0  # entries left after retries or a provider error
    skipped: int = 0  # plural entries and texts with nothing to translate
    error: str | None = None  # why this language stopped (one line)
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def left(self) -> int:
        return self.entries - self.drafted


@dataclass
class DraftResult:
    provider: str
    dry_run: bool = False
    languages: dict[str, LanguageReport] = field(default_factory=dict)
    files_written: list[Path] = field(default_factory=list)
    requests: int = 0
    retries: int = 0
    elapsed: float = 0.0

    @property
    def errors(self) -> list[str]:
        """One line per provider and language that stopped."""
        return [
            f"{self.provider} {lang}: {rep.error}"
            for lang, rep in self.languages.items()
            if rep.error
        ]

    @property
    def drafted(self) -> int:
        return sum(r.drafted for r in self.languages.values())

    @property
    def left(self) -> int:
        return sum(r.left for r in self.languages.values())


@dataclass(frozen=True)
class ProgressEvent:
    language: str
    done: int
    total: int
    finished: bool = False


Progress = Callable[[ProgressEvent], None]


# ---------------------------------------------------------------------------------------------
# catalog bookkeeping


Key = tuple[str | None, str]


@dataclass
class _Change:
    msgstr: str | None  # None: rejected, stays untranslated
    lines: list[str]  # provenance lines to add (replacing mt/glossary lines)


def _apply(entry: polib.POEntry, change: _Change) -> bool:
    """Apply a draft to an entry that is still untranslated; False when it no longer is."""
    if entry.obsolete or provenance.classify(entry) != EntryState.UNTRANSLATED:
        return False
    stale = (provenance.PREFIX + "mt ", provenance.PREFIX + "glossary:")
    kept = [ln for ln in (entry.tcomment or "").split("\n") if not ln.startswith(stale)]
    while kept and not kept[-1]:
        kept.pop()
    entry.tcomment = "\n".join(kept + change.lines)
    if change.msgstr is not None:
        entry.msgstr = change.msgstr
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
    return True


@dataclass
class _File:
    path: Path
    po: polib.POFile
    stat: Stamp | None
    index: dict[Key, polib.POEntry]
    changes: dict[Key, _Change] = field(default_factory=dict)
    dirty: bool = False

    def apply(self, key: Key, change: _Change) -> None:
        entry = self.index.get(key)
        if entry is not None and _apply(entry, change):
            self.changes[key] = change
            self.dirty = True

    def flush(self) -> bool:
        if not self.dirty:
            return False
        if stamp(self.path) != self.stat:
            # changed on disk since we read it: start again from the file's current state
            self.po = load_po(self.path)
            self.index = _index(self.po)
            for key, change in self.changes.items():
                entry = self.index.get(key)
                if entry is not None:
                    _apply(entry, change)
        written = save_po(self.po, self.path)
        self.stat = stamp(self.path)
        self.dirty = False
        return written


def _index(po: polib.POFile) -> dict[Key, polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}


# ---------------------------------------------------------------------------------------------
# jobs and units


@dataclass
class _Job:
    language: str
    source: str
    protected: Protected
    targets: list[tuple[_File, Key]] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    results: dict[int, str | None] = field(default_factory=dict)
    done: bool = False


@dataclass
class _Unit:
    language: str
    texts: list[str]
    attempts: int = 0


class _DaemonPool:
    """A fixed set of daemon worker threads returning ``Future`` objects.

    Not ``ThreadPoolExecutor``: the interpreter joins its threads at exit, so an interrupted
    run would wait for every request in flight (up to the timeout) before giving the terminal
    back. The scheduler never submits more than ``workers`` units, so the queue stays short.
    """

    def __init__(self, workers: int) -> None:
        self._queue: queue.SimpleQueue[
            tuple[Future[Any], Callable[..., Any], tuple[Any, ...]] | None
        ] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._work, name=f"tmflow-mt-{i}", daemon=True)
            for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self._queue.put((future, fn, args))
        return future

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as err:
                future.set_exception(err)

    def shutdown(self) -> None:
        for _ in self._threads:
            self._queue.put(None)


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _po_files(config: Config, language: str, articles: Sequence[str]) -> list[Path]:
    folder = config.locales_dir / language
    if not articles:
        return sorted(folder.glob("*.po")) if folder.is_dir() else []
    out = []
    for name in articles:
        path = config.po_path(language, name)
        if not path.is_file():
            raise NotFoundError(
                f"no PO file for article {name!r} in {language!r} (run 'tmflow update' first)",
                path,
            )
        out.append(path)
    return out


def _article_names(config: Config, articles: Iterable[str]) -> list[str]:
    names = list(articles)
    if not names:
        return []
    from tmflow.steps.project import find_articles

    try:
        return [a.name for a in find_articles(config, names)]
    except NotFoundError:
        return [Path(n).stem for n in names]


# ---------------------------------------------------------------------------------------------
# the step


def draft_project(
    config: Config,
    articles: Iterable[str] = (),
    languages: Iterable[str] = (),
    *,
    provider: str | None = None,
    url: str | None = None,
    concurrency: int | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> DraftResult:
    """Draft every untranslated entry of the selected articles and languages.

    ``limit``: at most this many distinct texts per language. Raises ``ProviderError`` for a
    provider that cannot be used at all (unknown, key missing); per-language failures are in
    ``DraftResult.errors``.
    """
    from tmflow.io.translators import (
        AuthError,
        QuotaError,
        SegmentError,
        TransientError,
        UnreachableError,
        UnsupportedLanguageError,
        make_provider,
        redact,
    )
    from tmflow.steps.project import select_languages

    started = time.monotonic()
    name = provider or config.mt.provider
    if not name:
        raise ProviderError(
            "no MT provider: pass --provider NAME or set provider in "
            "[tool.tmflow.mt] (google, mymemory, libre, microsoft, deepl, "
            "yandex, pseudo)"
        )
    if concurrency is not None and concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    if limit is not None and limit < 0:
        raise UsageError("--limit must not be negative")
    if url is None and (provider is None or provider == config.mt.provider):
        url = config.mt.url  # the configured endpoint belongs to the configured provider
    engine = make_provider(
        name, url=url, timeout=config.mt.timeout, options=config.mt.options, offline=dry_run
    )
    langs = select_languages(config, languages)
    names = _article_names(config, articles)
    result = DraftResult(provider=engine.name, dry_run=dry_run)
    glossary: GlossaryGuard = load_glossary_guard(config, langs)
    source_lang = config.source_language

    # 1. collect jobs ---------------------------------------------------------------------
    files: list[_File] = []
    jobs: dict[str, list[_Job]] = {}
    for lang in langs:
        report = result.languages[lang] = LanguageReport(lang)
        by_text: dict[str, _Job] = {}
        for path in _po_files(config, lang, names):
            po = load_po(path)
            handle = _File(path, po, stamp(path), _index(po))
            files.append(handle)
            for entry in po:
                if entry.obsolete or provenance.classify(entry) != EntryState.UNTRANSLATED:
                    continue
                if entry.msgid_plural:
                    report.skipped += 1
                    continue
                job = by_text.get(entry.msgid)
                if job is None:
                    if limit is not None and len(by_text) >= limit:
                        continue
                    masked = protect(entry.msgid, glossary.dnt_spans(entry.msgid))
                    job = by_text[entry.msgid] = _Job(lang, entry.msgid, masked)
                report.entries += 1
                job.targets.append((handle, (entry.msgctxt, entry.msgid)))
        todo = []
        for job in by_text.values():
            if not job.protected.translatable:
                report.skipped += len(job.targets)
                report.entries -= len(job.targets)
                continue
            todo.append(job)
        report.unique = len(todo)
        jobs[lang] = todo

    # 2. languages the provider cannot do --------------------------------------------------
    wanted = [lang for lang in langs if jobs[lang]]
    if wanted and not (dry_run and engine.name == "libre"):
        try:
            unsupported = engine.check_languages(source_lang, wanted)
        except (ProviderError, TransientError) as err:
            message = redact(
                str(
                    getattr(err, "reason", None)
                    or getattr(err, "message", "")
                    or "provider check failed"
                )
            )
            unsupported = dict.fromkeys(wanted, message)
        for lang, why in unsupported.items():
            _stop(result.languages[lang], jobs[lang], why)
            jobs[lang] = []

    # 3. cache and pieces -------------------------------------------------------------------
    cache = (
        MtCache(config.state_dir / CACHE_FILE, readonly=dry_run)
        if engine.cacheable
        else MtCache(None)
    )
    waiting: dict[tuple[str, str], list[tuple[_Job, int]]] = {}
    units: deque[_Unit] = deque()
    ready_jobs: list[_Job] = []
    for lang in langs:
        report = result.languages[lang]
        pending: list[str] = []
        for job in jobs[lang]:
            job.pieces = split_text(job.protected.text, engine.max_chars)
            hits = 0
            for i, piece in enumerate(job.pieces):
                hit = cache.get(engine.cache_key, source_lang, lang, piece)
                if hit is not None:
                    job.results[i] = hit
                    hits += 1
                    continue
                key = (lang, piece)
                if key not in waiting:
                    waiting[key] = []
                    pending.append(piece)
                waiting[key].append((job, i))
            if hits == len(job.pieces):
                report.cached += 1
                ready_jobs.append(job)
        batch: list[str] = []
        size = 0
        for piece in pending:
            report.characters += len(piece)
            if batch and (len(batch) >= engine.max_batch or size + len(piece) > engine.max_chars):
                units.append(_Unit(lang, batch))
                batch, size = [], 0
            batch.append(piece)
            size += len(piece)
        if batch:
            units.append(_Unit(lang, batch))
        report.requests = sum(1 for u in units if u.language == lang)

    if dry_run:
        cache.close()
        result.elapsed = time.monotonic() - started
        return result
    for report in result.languages.values():
        report.requests = report.characters = 0  # from here on: what was really sent

    done_count: Counter[str] = Counter()
    totals = {lang: len(jobs[lang]) for lang in langs}

    def tick(lang: str, finished: bool = False) -> None:
        if progress is not None:
            progress(ProgressEvent(lang, done_count[lang], totals[lang], finished))

    for lang in langs:
        tick(lang)

    date = _today()

    def finish(job: _Job) -> None:
        if job.done:
            return
        job.done = True
        report = result.languages[job.language]
        parts = [job.results.get(i) for i in range(len(job.pieces))]
        joined = None if any(p is None for p in parts) else " ".join(p for p in parts if p)
        restored = restore(job.protected, joined)
        if restored.ok:
            assert restored.text is not None
            lines = [provenance.line("mt", f"{engine.name} {date}")]
            checked = (
                glossary.missing(job.source, restored.text, job.language)
                if engine.linguistic
                else []
            )
            for detail in checked:
                lines.append(provenance.line("glossary:", detail))
            change = _Change(restored.text, lines)
            report.drafted += len(job.targets)
        else:
            change = _Change(None, [provenance.line("mt rejected:", restored.reason or "")])
            report.rejected += len(job.targets)
            report.reasons[restored.reason or "rejected"] += len(job.targets)
        for handle, key in job.targets:
            handle.apply(key, change)
        done_count[job.language] += 1
        tick(job.language)

    def fail(job: _Job, reason: str) -> None:
        if job.done:
            return
        job.done = True
        report = result.languages[job.language]
        report.failed += len(job.targets)
        report.reasons[reason] += len(job.targets)
        done_count[job.language] += 1
        tick(job.language)

    def flush_all() -> None:
        for handle in files:
            if handle.flush():
                result.files_written.append(handle.path)

    for job in ready_jobs:
        finish(job)

    # 4. run ----------------------------------------------------------------------------------
    workers = concurrency or config.mt.concurrency or engine.default_concurrency
    retries = config.mt.retries
    delayed: list[tuple[float, int, _Unit]] = []
    running: dict[Future[list[str | None]], _Unit] = {}
    dead: dict[str, str] = {}  # language -> why it stopped
    successes = 0
    not_before = 0.0
    last_flush = time.monotonic()
    seq = 0

    def jobs_of(unit: _Unit) -> list[tuple[_Job, int]]:
        return [pair for text in unit.texts for pair in waiting.get((unit.language, text), [])]

    def stop_language(lang: str, why: str) -> None:
        if lang in dead:
            return
        dead[lang] = why
        result.languages[lang].error = why

    def stop_provider(why: str) -> None:
        for lang in langs:  # languages already finished keep their clean report
            if done_count[lang] < totals[lang]:
                stop_language(lang, why)

    def give_up(unit: _Unit, reason: str) -> None:
        for job, _ in jobs_of(unit):
            fail(job, reason)

    executor = _DaemonPool(workers)
    try:
        while units or delayed or running:
            now = time.monotonic()
            while delayed and delayed[0][0] <= now:
                units.appendleft(heapq.heappop(delayed)[2])  # retries go first
            while units and len(running) < workers and now >= not_before:
                if successes == 0 and delayed and units[0].attempts == 0:
                    break  # nothing has worked yet: probe with the failing units first
                unit = units.popleft()
                if unit.language in dead:
                    give_up(unit, dead[unit.language])
                    continue
                unit.attempts += 1
                result.requests += 1
                report = result.languages[unit.language]
                report.requests += 1
                report.characters += sum(len(t) for t in unit.texts)
                future = executor.submit(
                    engine.translate_batch, unit.texts, source_lang, unit.language
                )
                running[future] = unit
            wake = [last_flush + FLUSH_INTERVAL]
            if delayed:
                wake.append(delayed[0][0])
            if units and not_before > now:
                wake.append(not_before)
            timeout = max(0.005, min(wake) - now)
            if running:
                finished, _ = wait(list(running), timeout=timeout, return_when=FIRST_COMPLETED)
            else:
                time.sleep(min(timeout, 0.5))
                finished = set()
            for future in finished:
                unit = running.pop(future)
                try:
                    outputs = future.result()
                except UnsupportedLanguageError as err:
                    stop_language(unit.language, redact(err.message))
                    give_up(unit, dead[unit.language])
                    continue
                except (AuthError, QuotaError, ProviderError) as err:
                    stop_provider(redact(err.message))
                    give_up(unit, redact(err.message))
                    continue
                except SegmentError as err:
                    give_up(unit, redact(err.reason))
                    continue
                except TransientError as err:
                    reason = redact(err.reason)
                    if (
                        isinstance(err, UnreachableError)
                        and successes == 0
                        and (
                            unit.attempts > min(retries, 1) or reason.startswith("cannot resolve")
                        )
                    ):
                        stop_provider(reason)
                        give_up(unit, reason)
                        continue
                    if unit.attempts > retries:
                        give_up(unit, f"{reason}; gave up after {unit.attempts} attempts")
                        continue
                    if err.retry_after is not None:
                        delay = min(err.retry_after, RETRY_AFTER_CAP)
                        if delay > 0:  # the server asked everyone to wait: pause the provider
                            not_before = max(not_before, time.monotonic() + delay)
                        delay += random.uniform(0, 0.1)
                    else:
                        delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (unit.attempts - 1))
                        delay *= random.uniform(0.5, 1.5)
                    seq += 1
                    result.retries += 1
                    heapq.heappush(delayed, (time.monotonic() + delay, seq, unit))
                    continue
                successes += 1
                if len(outputs) != len(unit.texts):
                    give_up(unit, "provider returned a wrong number of results")
                    continue
                for text, output in zip(unit.texts, outputs):
                    if output is not None and engine.cacheable:
                        cache.put(engine.cache_key, source_lang, unit.language, text, output)
                    for job, index in waiting.get((unit.language, text), []):
                        job.results[index] = output
                        if len(job.results) == len(job.pieces) and not job.done:
                            finish(job)
            if time.monotonic() - last_flush >= FLUSH_INTERVAL:
                flush_all()
                last_flush = time.monotonic()
        executor.shutdown()
        flush_all()  # inside the try: a Ctrl-C during the last save still saves the rest
    except BaseException:
        executor.shutdown()  # requests in flight are abandoned, not waited for
        flush_all()
        cache.close()
        raise
    cache.close()
    for lang in langs:
        tick(lang, finished=True)
    result.elapsed = time.monotonic() - started
    return result


def _stop(report: LanguageReport, jobs: list[_Job], why: str) -> None:
    report.error = why
    for job in jobs:
        report.failed += len(job.targets)
    if jobs:
        report.reasons[why] += sum(len(j.targets) for j in jobs)


__all__ = ["DraftResult", "LanguageReport", "MtCache", "ProgressEvent", "draft_project"]
