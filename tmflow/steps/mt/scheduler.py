"""The request scheduler of ``draft``: units of work sent to an engine by a pool of workers,
each failure handled by its class, with no file and no clock of its own.

**The unit of work** is a :class:`Unit`: a batch of texts, each with an id, for one *lane* (the
target language: what a language-scope failure stops). An engine that takes one text per
request gets units of one; one that takes lists gets units up to its limits; an engine that
translates windows of an article would get a window (the ids say which answer belongs where).
The ``send`` function given to :func:`schedule` makes one request of a unit and returns a reply
per id: the text, ``None`` (the engine had none), or :class:`Rejected` (the reply was refused
by the caller's checks; ``service=True`` when it reads like a message of the service, such as a
quota warning, rather than a translation). An id without a reply is asked for again.

**Failures** are the classes of :mod:`tmflow.io.translators.failures` and are read by their
attributes only:

* *final* failures are never retried: a request-scope one gives up that unit's texts; a
  language-scope one stops the lane (its waiting units are given up without a request); an
  engine-scope one stops everything (requests in flight are abandoned, not awaited);
* *retryable* ones are retried with exponential backoff and jitter, up to ``retries`` more
  attempts per unit; a multi-text unit that failed ``split_after`` times is split in two, so
  one text that breaks the server cannot take its batch with it;
* a failure whose class says ``split`` (the request was too large) is split at once;
* a ``Retry-After`` pauses the whole engine (every worker) for that long, shown as a
  :class:`Waiting` event; one longer than ``max_retry_after`` ends the run for the engine, with
  the wait in the reason. HTTP 429 without ``Retry-After`` pauses the engine for a backoff that
  doubles with each round of refusals (a round: the requests sent since the last pause), and
  does not use up a unit's retries; ``max_failures`` rounds in a row stop the engine;
* a final failure of a multi-text unit (HTTP 400, say) splits it too, so that only the texts
  at fault are given up;
* failed requests in a row (5xx, time-outs, dropped connections, unreadable answers,
  refusals, answers that are all service messages) slow the engine down, then stop it: after
  ``probe_after`` of them one request at a time probes it, spaced by a doubling backoff, and
  ``max_failures`` stop it, so a dead server costs a bounded number of requests and seconds,
  not retries of every text, while a brief outage or a share of random failures does not end
  the run. Only first attempts count (a retry of the same texts adds nothing), and so does
  only a request sent after the run of failures began (a wave of requests in flight failing
  together is one failure); any answer resets the count.

A retry never holds a worker: a failed unit goes back to the scheduler with a due time.
:func:`schedule` yields :class:`Event` objects as things happen (and a :class:`Tick` at least
every ``tick`` seconds, for periodic saves); time comes from a :class:`Loop`, which is real
threads and a monotonic clock in a run (:class:`ThreadLoop`) and a simulated clock in tests.
"""

from __future__ import annotations

import heapq
import math
import queue
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from typing import Any, Protocol

from tmflow.io.translators.failures import BadReply, EngineFailure, RateLimited

BACKOFF_BASE = 0.5  # first retry after ~0.5 s, then 1, 2, 4… (±50% jitter)
BACKOFF_CAP = 30.0
TICK = 2.0  # at most this long between Tick events


# ---------------------------------------------------------------------------------------------
# units and replies


@dataclass(frozen=True)
class Item:
    id: int
    text: str


@dataclass
class Unit:
    """A batch of texts with ids, for one lane (a target language)."""

    lane: str
    items: tuple[Item, ...]
    attempts: int = 0  # requests sent for these items in this shape
    failures: int = 0  # retryable failures met in this shape

    @property
    def characters(self) -> int:
        return sum(len(item.text) for item in self.items)


@dataclass(frozen=True)
class Rejected:
    """A reply refused by the caller's checks (``service``: it reads like a message of the
    service, not a translation)."""

    reason: str
    service: bool = False


Reply = str | None | Rejected
Send = Callable[[Unit], Mapping[int, Reply]]


# ---------------------------------------------------------------------------------------------
# events


@dataclass(frozen=True)
class Sent:
    unit: Unit


@dataclass(frozen=True)
class Replied:
    unit: Unit
    replies: Mapping[int, Reply]


@dataclass(frozen=True)
class Retrying:
    unit: Unit
    reason: str
    delay: float


@dataclass(frozen=True)
class GaveUp:
    """The unit's texts are not drafted in this run."""

    unit: Unit
    reason: str
    config: bool = False  # the cause is the configuration (a key, a language), not the service


@dataclass(frozen=True)
class Stopped:
    """A lane (``lane``) or the whole engine (``lane`` None) was stopped for good."""

    lane: str | None
    reason: str
    config: bool = False


@dataclass(frozen=True)
class Waiting:
    """The engine is paused for ``seconds`` (a Retry-After or a rate-limit backoff)."""

    seconds: float
    reason: str


@dataclass(frozen=True)
class Tick:
    pass


Event = Sent | Replied | Retrying | GaveUp | Stopped | Waiting | Tick


@dataclass(frozen=True)
class Policy:
    workers: int = 4
    retries: int = 4  # further attempts of a unit after its first
    backoff_base: float = BACKOFF_BASE
    backoff_cap: float = BACKOFF_CAP
    max_retry_after: float = 120.0
    max_failures: int = 6
    probe_after: int = 3  # failed requests in a row after which one request probes at a time
    split_after: int = 2
    tick: float = TICK


# ---------------------------------------------------------------------------------------------
# time and workers


class Loop(Protocol):
    def now(self) -> float: ...

    def submit(self, fn: Send, unit: Unit) -> Future[Mapping[int, Reply]]: ...

    def wait(
        self, futures: list[Future[Mapping[int, Reply]]], timeout: float
    ) -> set[Future[Mapping[int, Reply]]]: ...

    def sleep(self, seconds: float) -> None: ...

    def close(self) -> None: ...


class _DaemonPool:
    """A fixed set of daemon worker threads returning ``Future`` objects.

    Not ``ThreadPoolExecutor``: the interpreter joins its threads at exit, so an interrupted
    run would wait for every request in flight (up to the time-out) before giving the terminal
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


class ThreadLoop:
    """Real time, real threads."""

    def __init__(self, workers: int) -> None:
        self._pool = _DaemonPool(workers)

    def now(self) -> float:
        return time.monotonic()

    def submit(self, fn: Send, unit: Unit) -> Future[Mapping[int, Reply]]:
        return self._pool.submit(fn, unit)

    def wait(
        self, futures: list[Future[Mapping[int, Reply]]], timeout: float
    ) -> set[Future[Mapping[int, Reply]]]:
        done, _ = wait(futures, timeout=timeout, return_when=FIRST_COMPLETED)
        return done

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))

    def close(self) -> None:
        self._pool.shutdown()  # requests in flight are abandoned, not waited for


# ---------------------------------------------------------------------------------------------
# the scheduler


def schedule(
    units: Iterable[Unit],
    send: Send,
    policy: Policy,
    loop: Loop,
    rng: random.Random | None = None,
) -> Generator[Event, None, None]:
    """Send every unit and yield what happens, until every text is answered or given up."""
    return _Scheduler(units, send, policy, loop, rng or random.Random()).run()


class _Scheduler:
    def __init__(
        self,
        units: Iterable[Unit],
        send: Send,
        policy: Policy,
        loop: Loop,
        rng: random.Random,
    ) -> None:
        self.send = send
        self.policy = policy
        self.loop = loop
        self.rng = rng
        self.ready: deque[Unit] = deque(units)
        self.delayed: list[tuple[float, int, Unit]] = []
        self.running: dict[Future[Mapping[int, Reply]], tuple[Unit, float]] = {}
        self.stopped_lanes: dict[str, str] = {}
        self.stopped = False
        self.stop_reason = ""
        self.not_before = -math.inf  # the engine is paused until then
        self.pause_started = -math.inf
        self.rate_rounds = 0  # rounds of HTTP 429 since the last answer
        self.streak = 0  # failed requests in a row
        self.streak_started = -math.inf  # when the first of them failed
        self.probe_at = -math.inf  # while probing: no request before then
        self.seq = 0
        self.last_tick = loop.now()

    # the loop --------------------------------------------------------------------------
    def run(self) -> Generator[Event, None, None]:
        try:
            while self.ready or self.delayed or self.running:
                yield from self._send_ready()
                yield from self._await()
                now = self.loop.now()
                if now - self.last_tick >= self.policy.tick:
                    self.last_tick = now
                    yield Tick()
        finally:
            self.loop.close()

    def _send_ready(self) -> Iterator[Event]:
        now = self.loop.now()
        while self.delayed and self.delayed[0][0] <= now:
            self.ready.appendleft(heapq.heappop(self.delayed)[2])  # retries go first
        while self.ready and len(self.running) < self._window(now) and now >= self.not_before:
            unit = self.ready.popleft()
            if unit.lane in self.stopped_lanes:
                yield GaveUp(unit, self.stopped_lanes[unit.lane])
                continue
            unit.attempts += 1
            self.running[self.loop.submit(self.send, unit)] = (unit, now)
            yield Sent(unit)

    def _await(self) -> Iterator[Event]:
        now = self.loop.now()
        deadlines = [self.last_tick + self.policy.tick]
        if self.delayed:
            deadlines.append(self.delayed[0][0])
        if self.ready and self.not_before > now:
            deadlines.append(self.not_before)
        if self.ready and self._window(now) == 0:
            deadlines.append(self.probe_at)
        timeout = max(0.0, min(deadlines) - now)
        if not self.running:
            self.loop.sleep(timeout)
            return
        done = self.loop.wait(list(self.running), timeout)
        finished = [(f, *self.running.pop(f)) for f in list(self.running) if f in done]
        if all(_plain_answer(f) for f, _, _ in finished):
            # answers change nothing for what is waiting: keep the workers busy first
            yield from self._send_ready()
        for future, unit, sent_at in finished:  # in the order they were sent
            if self.stopped:
                yield GaveUp(unit, self.stopped_lanes.get(unit.lane, self.stop_reason))
                continue
            yield from self._settle(unit, sent_at, future)

    # outcomes ----------------------------------------------------------------------------
    def _settle(
        self, unit: Unit, sent_at: float, future: Future[Mapping[int, Reply]]
    ) -> Iterator[Event]:
        try:
            replies = future.result()
        except EngineFailure as failure:
            yield from self._failed(unit, sent_at, failure)
            return
        ids = {item.id for item in unit.items}
        answered = {key: value for key, value in replies.items() if key in ids}
        yield Replied(unit, answered)
        values = list(answered.values())
        if values and all(isinstance(v, Rejected) and v.service for v in values):
            last = values[-1]
            assert isinstance(last, Rejected)
            yield from self._count_failure(last.reason, None, sent_at, True)
            if self.stopped:
                return
        else:
            self.streak = 0
            self.probe_at = -math.inf
            self.rate_rounds = 0
        missing = tuple(item for item in unit.items if item.id not in answered)
        if missing:
            rest = Unit(unit.lane, missing, unit.attempts, unit.failures)
            reason = f"no answer for {len(missing)} of {len(unit.items)} texts"
            yield from self._retry(rest, BadReply(reason))

    def _failed(self, unit: Unit, sent_at: float, failure: EngineFailure) -> Iterator[Event]:
        if unit.lane in self.stopped_lanes:
            yield GaveUp(unit, self.stopped_lanes[unit.lane])
            return
        final_for_request = failure.scope == "request" and not failure.retryable
        if (failure.split or final_for_request) and len(unit.items) > 1:
            yield from self._count_failure(failure.reason, unit, sent_at, unit.attempts == 1)
            if not self.stopped:
                yield from self._split(unit, failure.reason, 0.0)  # find the texts at fault
            return
        if failure.scope == "engine" and not failure.retryable:
            yield from self._stop(failure.reason, failure.config, unit)
            return
        if failure.scope == "language" and not failure.retryable:
            yield from self._stop_lane(unit, failure.reason, failure.config)
            return
        if isinstance(failure, RateLimited):
            yield from self._rate_limited(unit, sent_at, failure)
            return
        if not failure.retryable:
            yield GaveUp(unit, failure.reason)
            yield from self._count_failure(failure.reason, None, sent_at, unit.attempts == 1)
            return
        yield from self._count_failure(failure.reason, unit, sent_at, unit.attempts == 1)
        if self.stopped:
            return
        if failure.retry_after is not None:
            yield from self._pause_for(failure.retry_after, failure.reason, unit)
            if self.stopped:
                return
        yield from self._retry(unit, failure)

    def _window(self, now: float) -> int:
        """How many requests may be in flight: all workers, or while probing a failing engine,
        one, and not before its time."""
        if self.streak < self.policy.probe_after:
            return self.policy.workers
        return 1 if now >= self.probe_at else 0

    def _count_failure(
        self, reason: str, unit: Unit | None, sent_at: float, first_attempt: bool
    ) -> Iterator[Event]:
        """One more failed request in a row, if it says something new: a retry of the same
        texts does not count (one text that breaks the server must not stop the engine), nor
        does a request sent before the run of failures began (a wave of requests in flight
        that fail together is one failure). After ``probe_after`` of them, one request at a
        time probes the engine, spaced by a growing backoff; ``max_failures`` stop it."""
        if not first_attempt and self.streak < self.policy.probe_after:
            return  # (a failed probe counts, whatever it carried)
        now = self.loop.now()
        if self.streak == 0:
            self.streak_started = now
        elif sent_at < self.streak_started:
            return
        self.streak += 1
        if self.streak >= self.policy.max_failures:
            yield from self._stop(
                f"stopped after {self.streak} failed requests in a row (last: {reason})",
                False,
                unit,
            )
        elif self.streak >= self.policy.probe_after:
            self.probe_at = now + self._backoff(self.streak - self.policy.probe_after + 1)

    def _retry(self, unit: Unit, failure: EngineFailure) -> Iterator[Event]:
        unit.failures += 1
        if unit.attempts > self.policy.retries:
            yield GaveUp(unit, f"{failure.reason}; gave up after {unit.attempts} attempts")
            return
        delay = self._backoff(unit.failures)
        if len(unit.items) > 1 and unit.failures >= self.policy.split_after:
            yield from self._split(unit, failure.reason, delay)
            return
        self._later(unit, delay)
        yield Retrying(unit, failure.reason, delay)

    def _split(self, unit: Unit, reason: str, delay: float) -> Iterator[Event]:
        middle = len(unit.items) // 2
        halves = [unit.items[:middle], unit.items[middle:]]
        for items in halves:
            self._later(Unit(unit.lane, items), delay)
        yield Retrying(unit, reason, delay)

    def _later(self, unit: Unit, delay: float) -> None:
        due = max(self.loop.now() + delay, self.not_before)
        self.seq += 1
        heapq.heappush(self.delayed, (due, self.seq, unit))

    def _backoff(self, failures: int) -> float:
        delay = min(self.policy.backoff_cap, self.policy.backoff_base * 2.0 ** (failures - 1))
        return delay * self.rng.uniform(0.5, 1.5)

    # rate limits and pauses --------------------------------------------------------------
    def _rate_limited(self, unit: Unit, sent_at: float, failure: RateLimited) -> Iterator[Event]:
        unit.attempts -= 1  # a refusal to answer now is no attempt of the texts
        if sent_at >= self.pause_started:  # the first refusal of a new round
            self.rate_rounds += 1
            if self.rate_rounds > self.policy.max_failures:
                yield from self._stop(
                    f"still rate limited after {self.rate_rounds - 1} waits ({failure.reason})",
                    False,
                    unit,
                )
                return
            wait_for = failure.retry_after
            if wait_for is None:
                wait_for = self._backoff(self.rate_rounds)
            yield from self._pause_for(wait_for, failure.reason, unit)
            if self.stopped:
                return
        elif failure.retry_after is not None:
            yield from self._pause_for(failure.retry_after, failure.reason, unit)
            if self.stopped:
                return
        self._later(unit, self.rng.uniform(0, 0.1))
        yield Retrying(unit, failure.reason, max(0.0, self.not_before - self.loop.now()))

    def _pause_for(self, seconds: float, reason: str, unit: Unit) -> Iterator[Event]:
        if seconds > self.policy.max_retry_after:
            yield from self._stop(
                f"the server asked to wait {wait_text(seconds)} ({reason}), longer than "
                f"max-retry-after ({wait_text(self.policy.max_retry_after)}); "
                "run 'tmflow draft' again later",
                False,
                unit,
            )
            return
        now = self.loop.now()
        if now + seconds > self.not_before:
            self.not_before = now + seconds
            self.pause_started = now
            yield Waiting(seconds, reason)

    # stops -------------------------------------------------------------------------------
    def _stop_lane(self, unit: Unit, reason: str, config: bool) -> Iterator[Event]:
        lane = unit.lane
        if lane not in self.stopped_lanes:
            self.stopped_lanes[lane] = reason
            yield Stopped(lane, reason, config)
        yield GaveUp(unit, reason, config)
        kept: deque[Unit] = deque()
        for other in self.ready:
            if other.lane == lane:
                yield GaveUp(other, reason, config)
            else:
                kept.append(other)
        self.ready = kept
        later = [entry for entry in self.delayed if entry[2].lane != lane]
        for entry in self.delayed:
            if entry[2].lane == lane:
                yield GaveUp(entry[2], reason, config)
        heapq.heapify(later)
        self.delayed = later

    def _stop(self, reason: str, config: bool, unit: Unit | None) -> Iterator[Event]:
        """Stop the engine: nothing more is sent; requests in flight are abandoned."""
        self.stopped = True
        self.stop_reason = reason
        yield Stopped(None, reason, config)
        rest = [unit] if unit is not None else []
        rest += [u for u, _ in self.running.values()]
        rest += list(self.ready)
        rest += [entry[2] for entry in sorted(self.delayed)]
        self.running.clear()
        self.ready.clear()
        self.delayed.clear()
        for other in rest:
            yield GaveUp(other, self.stopped_lanes.get(other.lane, reason), config)


def _plain_answer(future: Future[Mapping[int, Reply]]) -> bool:
    """A finished request that changes nothing for the others: answered, and not only with
    service messages."""
    if future.exception() is not None:
        return False
    replies = list(future.result().values())
    return not replies or not all(isinstance(r, Rejected) and r.service for r in replies)


def wait_text(seconds: float) -> str:
    """A wait for people: ``45 s``, ``12 min``, ``1 h 5 min``."""
    seconds = max(0, round(seconds))
    if seconds < 180:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


__all__ = [
    "Event",
    "GaveUp",
    "Item",
    "Loop",
    "Policy",
    "Rejected",
    "Replied",
    "Reply",
    "Retrying",
    "Sent",
    "Stopped",
    "ThreadLoop",
    "Tick",
    "Unit",
    "Waiting",
    "schedule",
    "wait_text",
]
