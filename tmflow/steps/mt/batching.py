"""From jobs to requests: pieces under the engine's size, the cache, and batches.

1. A job's masked text is cut into *pieces* of at most the engine's ``text_bytes``
   (:func:`tmflow.steps.mt.protect.split_text`); identical pieces of one language are sent once.
2. A piece already in the MT cache (keyed by engine, languages and masked text) is answered at
   once: a second run sends nothing for what it already has.
3. The rest is packed, in order, into :class:`~.scheduler.Unit` batches of at most ``texts``
   texts and ``chars`` characters (the engine's limits, or fewer with ``batch_size``); a piece
   longer than ``chars`` on its own still goes, alone.

An engine that reads context gets a :class:`Packer` (:class:`~.windows.Windows`): it packs the
pieces into windows of an article under a token budget instead, and adds the piece's place in
its article (its neighbours, the glossary's rules, the style) to the cache key, so that a
cached answer is used again only in the context it was given in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from tmflow.steps.mt.jobs import Job
from tmflow.steps.mt.protect import split_text
from tmflow.steps.mt.scheduler import Item, Unit


class Cache(Protocol):
    def get(self, provider: str, source: str, target: str, text: str) -> str | None: ...


class Packer(Protocol):
    """Windows instead of lists (engines that read context)."""

    def cache_key(self, job: Job, base: str) -> str: ...

    def pack(
        self, language: str, items: Sequence[Item], pending: Mapping[int, Pending], texts: int
    ) -> list[tuple[Item, ...]]: ...


@dataclass(frozen=True)
class BatchLimits:
    texts: int
    chars: int
    text_bytes: int


@dataclass
class Pending:
    """A distinct piece of one language to be sent, and the jobs waiting for it."""

    language: str
    text: str
    waiting: list[tuple[Job, int]] = field(default_factory=list)  # (job, piece index)
    cache_key: str = ""  # the engine (and for engines that read context, the piece's place)


@dataclass
class Plan:
    units: list[Unit] = field(default_factory=list)
    pending: dict[int, Pending] = field(default_factory=dict)  # by item id
    answered: list[Job] = field(default_factory=list)  # every piece from the cache
    requests: Counter[str] = field(default_factory=Counter)  # per language
    characters: Counter[str] = field(default_factory=Counter)
    cached: Counter[str] = field(default_factory=Counter)  # jobs answered from the cache


def pack(items: Sequence[Item], texts: int, chars: int) -> list[tuple[Item, ...]]:
    """``items`` in order, in batches of at most ``texts`` texts and ``chars`` characters."""
    batches: list[tuple[Item, ...]] = []
    current: list[Item] = []
    size = 0
    for item in items:
        length = len(item.text)
        if current and (len(current) >= texts or size + length > chars):
            batches.append(tuple(current))
            current, size = [], 0
        current.append(item)
        size += length
    if current:
        batches.append(tuple(current))
    return batches


def plan_requests(
    jobs: Mapping[str, Iterable[Job]],
    limits: BatchLimits,
    cache: Cache,
    cache_key: str,
    source_language: str,
    packer: Packer | None = None,
) -> Plan:
    """Pieces, cache answers and batches (or with a ``packer``, windows) for the jobs of every
    language."""
    plan = Plan()
    for language, language_jobs in jobs.items():
        by_text: dict[tuple[str, str], Pending] = {}
        items: list[Item] = []
        for job in language_jobs:
            key = cache_key if packer is None else packer.cache_key(job, cache_key)
            job.pieces = split_text(job.protected.text, limits.text_bytes)
            for index, piece in enumerate(job.pieces):
                hit = None if job.fresh else cache.get(key, source_language, language, piece)
                if hit is not None:
                    job.results[index] = hit
                    continue
                pending = by_text.get((key, piece))
                if pending is None:
                    pending = by_text[key, piece] = Pending(language, piece, cache_key=key)
                    item = Item(len(plan.pending), piece)
                    plan.pending[item.id] = pending
                    items.append(item)
                pending.waiting.append((job, index))
            if job.complete:
                plan.cached[language] += 1
                plan.answered.append(job)
        if packer is None:
            batches = pack(items, limits.texts, limits.chars)
        else:
            batches = packer.pack(language, items, plan.pending, limits.texts)
        for batch in batches:
            plan.units.append(Unit(language, batch))
            plan.requests[language] += 1
            plan.characters[language] += sum(len(item.text) for item in batch)
    return plan
