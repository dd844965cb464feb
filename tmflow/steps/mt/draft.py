"""Machine-translation drafts for untranslated entries (``tmflow draft``): the orchestrator.

The parts, each in its own module and tested on its own:

1. :mod:`.jobs`: what to translate. Untranslated entries only (never a translated entry, never
   a fuzzy entry with text); identical source texts of a language share one job across
   articles; sources are masked (:mod:`.protect`).
2. The engine says which languages it cannot do (:meth:`Provider.check_languages`); those stop
   at once, with the reason, and nothing is sent for them.
3. :mod:`.batching`: pieces under the engine's size, answers from the MT cache
   (``.tmflow/mt-cache.sqlite3``, :class:`tmflow.io.cache.MtCache`), and batches within the
   engine's limits on texts and characters per request.
4. :mod:`.scheduler`: the batches go out on a pool of workers; failures are handled by class
   (final ones not retried, retryable ones with backoff, ``Retry-After`` honoured up to
   ``max-retry-after``, the engine stopped after ``max-failures`` failed requests in a row).
5. :mod:`.replies`: every reply is checked before it is cached or drafted (service messages,
   much too long, wrong script).
6. :mod:`.catalogs`: each answer lands as ``#, fuzzy`` with ``tmflow: mt <engine> <date>`` (or no
   text and ``tmflow: mt rejected: <reason>``); the PO files are saved atomically every
   ``SAVE_INTERVAL`` seconds and at the end, and never over a human's edit made meanwhile.

An engine that reads context (``openai``) gets windows of an article instead of lists
(:mod:`.windows`): a request carries the segments to translate with their neighbours, the
glossary's rules and the style, and its answer is checked segment by segment before anything is
kept (a segment whose answer fails the checks is asked for again in a smaller window; alone, its
answer is kept or refused as any engine's is).

A kill loses only the requests in flight: everything answered is in the cache, and the rerun
sends nothing for it.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polib

from tmflow.core.errors import NotFoundError, ProviderError, UsageError
from tmflow.io.cache import MtCache
from tmflow.io.config import Config
from tmflow.io.translators import (
    BadReply,
    EngineFailure,
    Provider,
    ReplyTooLarge,
    make_provider,
    redact,
)
from tmflow.steps.mt import scheduler
from tmflow.steps.mt.batching import BatchLimits, Plan, plan_requests
from tmflow.steps.mt.catalogs import Catalog, Saver, catalog_paths
from tmflow.steps.mt.jobs import Job, LanguageJobs, collect_jobs
from tmflow.steps.mt.protect import (
    GlossaryGuard,
    Protected,
    load_glossary_guard,
    protect,
    token_problem,
)
from tmflow.steps.mt.redraft import Candidate, EngineTexts, ReplaceRule, judge
from tmflow.steps.mt.replies import check_reply
from tmflow.steps.mt.scheduler import (
    Event,
    GaveUp,
    Policy,
    Rejected,
    Replied,
    Reply,
    Retrying,
    Sent,
    Stopped,
    ThreadLoop,
    Unit,
    Waiting,
)
from tmflow.steps.mt.windows import Windows, style_for

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
    rejected: int = 0  # entries whose reply was refused
    failed: int = 0  # entries given up: a failure of the engine, or of the configuration
    skipped: int = 0  # plural entries and texts with nothing to translate
    superseded: int = 0  # entries a person changed during the run (their text kept)
    replacing: int = 0  # machine drafts chosen for replacement (--replace)
    replaced: int = 0  # of ``drafted``: drafts that replaced one of those
    superseded_drafts: int = 0  # of ``superseded``: drafts to replace a person edited meanwhile
    candidates: list[Candidate] = field(default_factory=list)  # drafts --replace selected
    # engines that read context: tokens estimated (dry run) or counted by the server
    tokens_in: int = 0
    tokens_out: int = 0
    error: str | None = None  # why this language stopped (one line)
    error_config: bool = False  # ... because of the configuration (key, language), not a service
    rejections: Counter[str] = field(default_factory=Counter)  # reason -> entries
    failures: Counter[str] = field(default_factory=Counter)  # reason -> entries

    @property
    def left(self) -> int:
        """Untranslated entries still without a draft."""
        return (
            self.entries
            - (self.drafted - self.replaced)
            - (self.superseded - self.superseded_drafts)
        )

    def kept(self, verdict: str) -> int:
        """Drafts ``--replace`` selected but keeps: ``edited`` by a person, or ``unknown``
        (whether a person edited them cannot be told)."""
        return sum(1 for c in self.candidates if c.verdict == verdict)


@dataclass
class DraftResult:
    provider: str
    dry_run: bool = False
    languages: dict[str, LanguageReport] = field(default_factory=dict)
    files_written: list[Path] = field(default_factory=list)
    requests: int = 0
    retries: int = 0
    elapsed: float = 0.0
    reads_context: bool = False  # the engine read windows of articles (tokens are counted)
    price: dict[str, float] | None = None  # per million tokens: "input", "output"

    @property
    def tokens_in(self) -> int:
        return sum(r.tokens_in for r in self.languages.values())

    @property
    def tokens_out(self) -> int:
        return sum(r.tokens_out for r in self.languages.values())

    @property
    def cost(self) -> float | None:
        """What the tokens cost at the configured price, when one is configured."""
        if not self.price:
            return None
        return (
            self.tokens_in * self.price.get("input", 0.0)
            + self.tokens_out * self.price.get("output", 0.0)
        ) / 1_000_000

    @property
    def errors(self) -> list[str]:
        """One line per provider and language that stopped, and per cause of segments given up
        in a language that went on (never one per segment)."""
        out = []
        for lang, rep in self.languages.items():
            if rep.error:
                out.append(f"{self.provider} {lang}: {rep.error}")
                continue
            for reason, count in rep.failures.most_common():
                noun = "segment" if count == 1 else "segments"
                out.append(f"{self.provider} {lang}: {count} {noun} not drafted: {reason}")
        return out

    @property
    def drafted(self) -> int:
        return sum(r.drafted for r in self.languages.values())

    @property
    def replaced(self) -> int:
        return sum(r.replaced for r in self.languages.values())

    @property
    def left(self) -> int:
        return sum(r.left for r in self.languages.values())

    @property
    def failed(self) -> int:
        """Segments given up (not rejected: refused replies are the engine's answer)."""
        return sum(r.failed for r in self.languages.values())

    @property
    def config_error(self) -> bool:
        """A language stopped because of the configuration (a key, a language)."""
        return any(r.error and r.error_config for r in self.languages.values())


@dataclass(frozen=True)
class ProgressEvent:
    language: str
    done: int
    total: int
    finished: bool = False
    waiting: float = 0.0  # seconds the engine is paused for (Retry-After, rate limit)
    why: str = ""  # why it is paused


Progress = Callable[[ProgressEvent], None]


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


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
    batch_size: int | None = None,
    replace: ReplaceRule | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> DraftResult:
    """Draft every untranslated entry of the selected articles and languages.

    ``limit``: at most this many distinct texts per language; ``batch_size``: at most this many
    texts per request (default: the engine's limit). ``replace``: also replace the machine
    drafts this rule selects, where they are exactly what their engine gave (see
    :mod:`.redraft`). Raises ``ProviderError`` for a provider that cannot be used at all
    (unknown, key missing); what stopped a language, and what was given up, is in the result
    (``errors``, ``failed``).
    """
    from tmflow.steps.project import select_languages

    started = time.monotonic()
    _check_numbers(concurrency, limit, batch_size)
    engine = _engine(config, provider, url, dry_run)
    langs = select_languages(config, languages)
    names = _article_names(config, articles)
    glossary = load_glossary_guard(config, langs)
    result = DraftResult(provider=engine.name, dry_run=dry_run)
    result.reads_context = engine.reads_context
    price = config.mt.options.get("price")
    result.price = dict(price) if isinstance(price, dict) and engine.reads_context else None
    path = config.state_dir / CACHE_FILE if engine.cacheable else None
    cache = MtCache(path, readonly=dry_run)
    # the engines' earlier answers, to tell an unedited draft from an edited one (replace)
    earlier = cache if path is not None else MtCache(config.state_dir / CACHE_FILE, readonly=True)
    try:
        work = _collect(config, langs, names, glossary, limit, result, engine, replace, earlier)
        if not (dry_run and engine.name in ("libre", "google-cloud")):  # those ask a server
            _probe(engine, config.source_language, work, result)
        limits = _batch_limits(engine, batch_size or config.mt.batch_size)
        jobs = {lang: work[lang].jobs for lang in langs}
        windows = _windows(engine, config, glossary, work) if engine.reads_context else None
        plan = plan_requests(
            jobs, limits, cache, engine.cache_key, config.source_language, windows
        )
        for lang in langs:
            report = result.languages[lang]
            report.cached = plan.cached[lang]
            report.requests = plan.requests[lang]
            report.characters = plan.characters[lang]
        if dry_run and windows is not None:
            for unit in plan.units:
                tokens_in, tokens_out = windows.estimate(unit)
                result.languages[unit.lane].tokens_in += tokens_in
                result.languages[unit.lane].tokens_out += tokens_out
        if not dry_run:
            workers = concurrency or config.mt.concurrency or engine.default_concurrency
            policy = Policy(
                workers=workers,
                retries=config.mt.retries,
                backoff_base=scheduler.BACKOFF_BASE,
                backoff_cap=scheduler.BACKOFF_CAP,
                max_retry_after=config.mt.max_retry_after,
                max_failures=config.mt.max_failures,
                # a model that lost its way in a window finds it in a smaller one at once
                split_after=1 if windows is not None else scheduler.Policy.split_after,
            )
            run = _Run(
                engine, config.source_language, result, plan, glossary, cache, progress, windows
            )
            run.go([c for lang in langs for c in work[lang].catalogs], policy)
    finally:
        cache.close()
        earlier.close()
    result.elapsed = time.monotonic() - started
    return result


def _check_numbers(concurrency: int | None, limit: int | None, batch_size: int | None) -> None:
    if concurrency is not None and concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    if limit is not None and limit < 0:
        raise UsageError("--limit must not be negative")
    if batch_size is not None and batch_size < 1:
        raise UsageError("--batch-size must be at least 1")


def _engine(config: Config, provider: str | None, url: str | None, dry_run: bool) -> Provider:
    name = provider or config.mt.provider
    if not name:
        raise ProviderError(
            "no MT provider: pass --provider NAME or set provider in "
            "[tool.tmflow.mt] (google, google-cloud, mymemory, libre, microsoft, deepl, "
            "yandex, openai, pseudo)"
        )
    if url is None and (provider is None or provider == config.mt.provider):
        url = config.mt.url  # the configured endpoint belongs to the configured provider
    return make_provider(
        name, url=url, timeout=config.mt.timeout, options=config.mt.options, offline=dry_run
    )


def _article_names(config: Config, articles: Iterable[str]) -> list[str]:
    names = list(articles)
    if not names:
        return []
    from tmflow.steps.project import find_articles

    try:
        return [a.name for a in find_articles(config, names)]
    except NotFoundError:
        return [Path(n).stem for n in names]


@dataclass
class _Work(LanguageJobs):
    catalogs: list[Catalog] = field(default_factory=list)


def _collect(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str],
    glossary: GlossaryGuard,
    limit: int | None,
    result: DraftResult,
    engine: Provider,
    replace: ReplaceRule | None = None,
    earlier: MtCache | None = None,
) -> dict[str, _Work]:
    """Read the catalogs and collect the jobs of every language (with ``replace``, the
    machine drafts to replace too; every draft the rule selects is judged and listed in the
    language's report)."""

    masked: dict[str, Protected] = {}  # the same texts in every language: masked once

    def mask(text: str) -> Protected:
        found = masked.get(text)
        if found is None:
            found = masked[text] = protect(text, glossary.dnt_spans(text))
        return found

    texts = EngineTexts(mask, earlier, config.source_language)
    work: dict[str, _Work] = {}
    for lang in langs:
        report = result.languages[lang] = LanguageReport(lang)
        replaces = None
        if replace is not None:

            def replaces(
                catalog: Catalog,
                entry: polib.POEntry,
                lang: str = lang,
                rule: ReplaceRule = replace,
            ) -> bool | None:
                verdict = judge(entry, rule, texts, lang)
                if verdict is None:
                    return None
                mark, said = verdict
                result.languages[lang].candidates.append(
                    Candidate(catalog.path, entry.linenum, entry.msgid, mark, said)
                )
                # the same engine (and model) would give its cached drafts again: ask afresh
                return mark.engine == engine.label if said == "replace" else None

        catalogs = [Catalog.read(path) for path in catalog_paths(config, lang, names)]
        found = collect_jobs(lang, catalogs, mask, limit, replaces)
        work[lang] = _Work(
            lang, found.jobs, found.entries, found.skipped, found.replacing, catalogs
        )
        report.entries, report.unique, report.skipped = (
            found.entries,
            len(found.jobs),
            found.skipped,
        )
        report.replacing = found.replacing
    return work


def _probe(engine: Provider, source: str, work: dict[str, _Work], result: DraftResult) -> None:
    """Stop the languages the engine cannot do before anything is sent for them."""
    wanted = [lang for lang, w in work.items() if w.jobs]
    if not wanted:
        return
    config = True
    try:
        unsupported = engine.check_languages(source, wanted)
    except EngineFailure as err:
        if err.retryable:
            return  # the requests will tell
        unsupported = dict.fromkeys(wanted, redact(err.reason))
        config = err.config
    for lang, why in unsupported.items():
        report = result.languages[lang]
        report.error, report.error_config = why, config
        report.failed += report.entries + report.replacing
        if report.entries + report.replacing:
            report.failures[why] += report.entries + report.replacing
        work[lang].jobs = []


def _windows(
    engine: Provider, config: Config, glossary: GlossaryGuard, work: Mapping[str, _Work]
) -> Windows:
    """The articles of the run, for an engine that reads context."""
    styles = {lang: style_for(config.mt.options, lang) for lang in work}
    windows = Windows(engine, config.source_language, glossary, styles)
    for lang_work in work.values():
        windows.add(lang_work.catalogs)
    return windows


def _batch_limits(engine: Provider, batch_size: int | None) -> BatchLimits:
    texts = engine.limits.texts if batch_size is None else min(batch_size, engine.limits.texts)
    return BatchLimits(texts, engine.limits.chars, engine.limits.text_bytes)


# ---------------------------------------------------------------------------------------------
# a run: replies in, drafts out


class _Run:
    def __init__(
        self,
        engine: Provider,
        source: str,
        result: DraftResult,
        plan: Plan,
        glossary: GlossaryGuard,
        cache: MtCache,
        progress: Progress | None,
        windows: Windows | None = None,
    ) -> None:
        self.engine = engine
        self.windows = windows
        self.usage: dict[str, list[int]] = {}  # language -> tokens in, out (from workers)
        self.usage_lock = threading.Lock()
        self.source = source
        self.result = result
        self.plan = plan
        self.cache = cache
        self.progress = progress
        self.date = _today()
        self.missing = glossary.missing if engine.linguistic else None
        self.done: Counter[str] = Counter()
        self.total = {lang: rep.unique for lang, rep in result.languages.items()}
        for lang, rep in result.languages.items():
            if rep.error:
                self.total[lang] = 0
            rep.requests = rep.characters = 0  # from here on: what is really sent
        self.waiting = 0.0
        self.why = ""

    def go(self, catalogs: list[Catalog], policy: Policy) -> None:
        for lang in self.result.languages:
            self._tick(lang)
        for job in self.plan.answered:
            self._finish(job)
        saver = Saver(catalogs)
        loop = ThreadLoop(policy.workers)
        events = scheduler.schedule(self.plan.units, self._send, policy, loop, random.Random())
        try:
            for event in events:
                self._handle(event)
                saver.maybe_save()
            saver.save_all()  # inside the try: a Ctrl-C during the last save still saves the rest
        except BaseException:
            events.close()  # requests in flight are abandoned, not waited for
            saver.save_all()
            raise
        finally:
            self.result.files_written = saver.written
            self._superseded(catalogs)
            for lang, (tokens_in, tokens_out) in self.usage.items():
                self.result.languages[lang].tokens_in += tokens_in
                self.result.languages[lang].tokens_out += tokens_out
        for lang in self.result.languages:
            self._tick(lang, finished=True)

    def _superseded(self, catalogs: list[Catalog]) -> None:
        """Drafts that did not land because a person changed the entry during the run."""
        for catalog in catalogs:
            report = self.result.languages.get(catalog.path.parent.name)
            if report is None:
                continue
            for key, change in catalog.superseded.items():
                report.superseded += 1
                if key in catalog.replacing:  # a draft to replace, edited meanwhile: kept
                    report.superseded_drafts += 1
                    report.replaced -= 1
                if change.rejected is None:
                    report.drafted -= 1
                else:
                    report.rejected -= 1
                    report.rejections[change.rejected] -= 1
            report.rejections = +report.rejections  # drop the reasons counted down to zero

    # in a worker thread ----------------------------------------------------------------------
    def _send(self, unit: Unit) -> dict[int, Reply]:
        if self.windows is not None:
            return self._send_window(unit, self.windows)
        texts = [item.text for item in unit.items]
        try:
            outputs = self.engine.translate_batch(texts, self.source, unit.lane)
        except ReplyTooLarge as err:
            if len(texts) > 1:
                raise
            return {unit.items[0].id: Rejected(redact(err.reason), service=True)}
        if len(outputs) != len(texts):
            raise BadReply(f"unreadable answer ({len(outputs)} results for {len(texts)} texts)")
        replies: dict[int, Reply] = {}
        for item, output in zip(unit.items, outputs):
            rejected = None
            if output is not None and self.engine.linguistic:
                rejected = check_reply(item.text, output, self.source, unit.lane)
            replies[item.id] = rejected or output
        return replies

    def _send_window(self, unit: Unit, windows: Windows) -> dict[int, Reply]:
        """One window: the passage and its context out, every segment's answer checked. In a
        window of several segments, an answer that fails the checks is left out (the scheduler
        asks for it again in a smaller window); a segment alone gets its answer kept or
        refused as any engine's is."""
        window = windows.window(unit)
        reply = self.engine.translate_passage(window.passage, self.source, unit.lane)
        with self.usage_lock:
            counts = self.usage.setdefault(unit.lane, [0, 0])
            counts[0] += reply.prompt_tokens or 0
            counts[1] += reply.completion_tokens or 0
        alone = len(unit.items) == 1
        replies: dict[int, Reply] = {}
        for key, item in window.ids.items():
            text = reply.texts[key]
            rejected = check_reply(item.text, text, self.source, unit.lane) if text else None
            if alone:
                replies[item.id] = rejected or text or None
            elif text and rejected is None and token_problem(item.text, text) is None:
                replies[item.id] = text
        return replies

    # in the main thread ------------------------------------------------------------------------
    def _handle(self, event: Event) -> None:
        if isinstance(event, Sent):
            report = self.result.languages[event.unit.lane]
            self.result.requests += 1
            report.requests += 1
            report.characters += event.unit.characters
        elif isinstance(event, Replied):
            self._replied(event.replies)
        elif isinstance(event, Retrying):
            self.result.retries += 1
        elif isinstance(event, GaveUp):
            self._gave_up(event.unit, redact(event.reason))
        elif isinstance(event, Stopped):
            self._stopped(event.lane, redact(event.reason), event.config)
        elif isinstance(event, Waiting):
            self.waiting, self.why = event.seconds, redact(event.reason)
            for lang in self.result.languages:
                self._tick(lang)
            self.waiting, self.why = 0.0, ""

    def _replied(self, replies: Mapping[int, Reply]) -> None:
        if self.engine.cacheable:  # before anything else: what was paid for is kept
            self.cache.put_many(
                (
                    pending.cache_key or self.engine.cache_key,
                    self.source,
                    pending.language,
                    pending.text,
                    reply,
                )
                for pending, reply in (
                    (self.plan.pending[item_id], reply) for item_id, reply in replies.items()
                )
                if isinstance(reply, str)
            )
        for item_id, reply in replies.items():
            pending = self.plan.pending[item_id]
            for job, index in pending.waiting:
                job.results[index] = reply
                if job.complete:
                    self._finish(job)

    def _gave_up(self, unit: Unit, reason: str) -> None:
        for item in unit.items:
            for job, _ in self.plan.pending[item.id].waiting:
                self._fail(job, reason)

    def _stopped(self, lane: str | None, reason: str, config: bool) -> None:
        for lang, report in self.result.languages.items():
            if (lane is None or lane == lang) and not report.error:
                if lane is None and self.done[lang] >= self.total[lang]:
                    continue  # finished before the stop: its report stays clean
                report.error, report.error_config = reason, config

    def _finish(self, job: Job) -> None:
        if job.done:
            return
        job.done = True
        report = self.result.languages[job.language]
        change = job.change(self.engine.label, self.date, self.missing)
        job.apply(change)
        if change.rejected is None:
            report.drafted += len(job.targets)
            report.replaced += sum(1 for c, key in job.targets if key in c.replacing)
        else:
            report.rejected += len(job.targets)
            report.rejections[change.rejected] += len(job.targets)
        self._count(job.language)

    def _fail(self, job: Job, reason: str) -> None:
        if job.done:
            return
        job.done = True
        report = self.result.languages[job.language]
        report.failed += len(job.targets)
        report.failures[reason] += len(job.targets)
        self._count(job.language)

    def _count(self, lang: str) -> None:
        self.done[lang] += 1
        self._tick(lang)

    def _tick(self, lang: str, finished: bool = False) -> None:
        if self.progress is not None:
            event = ProgressEvent(
                lang, self.done[lang], self.total[lang], finished, self.waiting, self.why
            )
            self.progress(event)


__all__ = ["DraftResult", "LanguageReport", "MtCache", "ProgressEvent", "draft_project"]
