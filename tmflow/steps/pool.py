"""Work over every file of a tree in batches, in worker processes, with memory that stays flat.

``ordered_map`` takes a stream of items, some already answered (from a cache) and some to be
worked out by a batch function, and yields every item with its answer, in the order of the
stream. Only a bounded number of batches is ever in flight and the items answered early wait
behind at most those batches, so neither the whole list of items nor the whole list of answers
is ever held, however large the tree. ``status`` and ``check`` both go over a project this way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_WAITING = object()  # an answer not known yet


def ordered_map(
    func: Callable[..., Sequence[R]],
    pairs: Iterable[tuple[T, Any]],
    *,
    workers: int = 1,
    batch_size: int = 20,
    min_parallel: int = 0,
    extra: tuple[Any, ...] = (),
    on_pool: Callable[[Any], None] | None = None,
) -> Iterator[tuple[T, R]]:
    """Yield ``(item, answer)`` for every ``(item, known)`` of ``pairs``, in their order.

    An item whose ``known`` is not None has that answer. The others are grouped in batches
    of ``batch_size``; ``func(batch, *extra)`` returns their answers in order (a picklable
    module-level function when ``workers`` > 1). Batches run in ``workers`` processes once
    ``min_parallel`` items have needed work (the first ones run here: a tree where a handful
    of files changed never starts a pool), at most a few batches per worker at a time.
    ``on_pool(pool)`` is called once, when the worker processes start, with the executor: a
    caller may hand it a task of its own (it runs in a worker beside the batches)."""
    queue: deque[list[Any]] = deque()  # [item, answer] in stream order
    batch: list[list[Any]] = []  # entries waiting for the next batch
    inflight: deque[tuple[Any, list[list[Any]]]] = deque()  # (future, its entries)
    window = max(2, workers * 3)
    longest = window * batch_size * 4  # items held behind an unanswered one, at most
    pool: Any = None
    needed = 0
    finished = False

    def submit() -> None:
        nonlocal pool, batch
        entries, batch = batch, []
        items = [entry[0] for entry in entries]
        if pool is None and workers > 1 and needed >= min_parallel:
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(max_workers=workers)
            inflight.append((pool.submit(func, items, *extra), entries))
            if on_pool is not None:
                on_pool(pool)
            return
        if pool is None:
            _settle(entries, func(items, *extra))
        else:
            inflight.append((pool.submit(func, items, *extra), entries))

    def settle_oldest() -> None:
        future, entries = inflight.popleft()
        _settle(entries, future.result())

    try:
        for item, known in pairs:
            entry = [item, _WAITING if known is None else known]
            queue.append(entry)
            if known is None:
                needed += 1
                batch.append(entry)
                if len(batch) >= batch_size:
                    submit()
                while len(inflight) > window:
                    settle_oldest()
            elif len(queue) > longest:
                # answered items pile up behind one that waits: send its batch off, then wait
                if batch and queue[0][1] is _WAITING:
                    submit()
                while queue[0][1] is _WAITING and inflight:
                    settle_oldest()
            while queue and queue[0][1] is not _WAITING:
                done = queue.popleft()
                yield done[0], done[1]
        if batch:
            submit()
        while inflight:
            settle_oldest()
            while queue and queue[0][1] is not _WAITING:
                done = queue.popleft()
                yield done[0], done[1]
        while queue:
            done = queue.popleft()
            yield done[0], done[1]
        finished = True
    finally:
        if pool is not None:
            # at the end, a task handed over by ``on_pool`` still runs to its end; on an
            # error or Ctrl-C, what has not started is dropped
            pool.shutdown(wait=True, cancel_futures=not finished)


def _settle(entries: list[list[Any]], answers: Sequence[Any]) -> None:
    if len(answers) != len(entries):
        raise RuntimeError(
            f"a batch of {len(entries)} items came back with {len(answers)} answers"
        )
    for entry, answer in zip(entries, answers):
        entry[1] = answer
