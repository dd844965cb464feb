"""A simulated clock and worker pool for the draft scheduler: no threads, no sleeping.

:class:`SimLoop` runs each request when it is submitted (so a fake engine sees the simulated
time of the request) and completes it ``latency`` simulated seconds later; ``wait`` and
``sleep`` move the clock forward. ``max_in_flight`` and ``sent_at`` record what a real server
would have seen.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from concurrent.futures import Future

from tmflow.steps.mt.scheduler import Reply, Send, Unit


class SimLoop:
    def __init__(self, latency: float | Callable[[Unit], float] = 0.1) -> None:
        self.time = 0.0
        self.latency = latency
        self.pending: list[tuple[float, int, Future[Mapping[int, Reply]]]] = []
        self.seq = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.sent_at: list[float] = []
        self.slept = 0.0
        self.closed = False

    def now(self) -> float:
        return self.time

    def submit(self, fn: Send, unit: Unit) -> Future[Mapping[int, Reply]]:
        future: Future[Mapping[int, Reply]] = Future()
        future.set_running_or_notify_cancel()
        self.sent_at.append(self.time)
        try:
            outcome: Mapping[int, Reply] | BaseException = fn(unit)
        except Exception as err:
            outcome = err
        latency = self.latency(unit) if callable(self.latency) else self.latency
        self.seq += 1
        heapq.heappush(self.pending, (self.time + latency, self.seq, future))
        future._sim_outcome = outcome  # type: ignore[attr-defined]
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        return future

    def wait(
        self, futures: list[Future[Mapping[int, Reply]]], timeout: float
    ) -> set[Future[Mapping[int, Reply]]]:
        wanted = set(futures)
        ends = [end for end, _, f in self.pending if f in wanted]
        if not ends or min(ends) > self.time + timeout:
            self.time += timeout
            return set()
        self.time = max(self.time, min(ends))
        done: set[Future[Mapping[int, Reply]]] = set()
        rest = []
        for end, seq, future in self.pending:
            if end <= self.time and future in wanted:
                outcome = future._sim_outcome  # type: ignore[attr-defined]
                if isinstance(outcome, BaseException):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)
                done.add(future)
                self.in_flight -= 1
            else:
                rest.append((end, seq, future))
        heapq.heapify(rest)
        self.pending = rest
        return done

    def sleep(self, seconds: float) -> None:
        self.time += seconds
        self.slept += seconds

    def close(self) -> None:
        self.closed = True
