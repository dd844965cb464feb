"""The draft scheduler with a fake engine and a simulated clock: no files, no threads, no
sleeping. Concurrency, retries with backoff and jitter, Retry-After, give-up, the stop after
consecutive failures, splitting, and service messages."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping

import pytest

from tests.fakes.clock import SimLoop
from tmflow.io.translators.failures import (
    AuthError,
    EngineFailure,
    RateLimited,
    SegmentError,
    TooLarge,
    TransientError,
    UnreachableError,
    UnsupportedLanguageError,
)
from tmflow.steps.mt.scheduler import (
    Event,
    GaveUp,
    Item,
    Policy,
    Rejected,
    Replied,
    Reply,
    Retrying,
    Sent,
    Stopped,
    Tick,
    Unit,
    Waiting,
    schedule,
    wait_text,
)

Script = Callable[[Unit, int, float], Mapping[int, Reply]]


class FakeEngine:
    """Answers ``<lane> text`` for every item, unless ``script`` says otherwise; records each
    call with its simulated time."""

    def __init__(self, loop: SimLoop, script: Script | None = None) -> None:
        self.loop = loop
        self.script = script
        self.calls: list[tuple[float, Unit, tuple[str, ...]]] = []

    def __call__(self, unit: Unit) -> Mapping[int, Reply]:
        texts = tuple(item.text for item in unit.items)
        self.calls.append((self.loop.now(), unit, texts))
        if self.script is not None:
            return self.script(unit, len(self.calls), self.loop.now())
        return ok(unit)

    def sent(self, text: str) -> int:
        return sum(text in texts for _, _, texts in self.calls)


def ok(unit: Unit) -> dict[int, Reply]:
    return {item.id: f"<{unit.lane}> {item.text}" for item in unit.items}


def units(lane: str, count: int, per_unit: int = 1, start: int = 0) -> list[Unit]:
    out = []
    for n in range(count):
        first = start + n * per_unit
        items = tuple(Item(i, f"{lane}-{i}") for i in range(first, first + per_unit))
        out.append(Unit(lane, items))
    return out


def run(work: list[Unit], engine: FakeEngine, loop: SimLoop, **policy: float) -> list[Event]:
    settings = {"workers": 4, "retries": 4, "backoff_base": 0.5, **policy}
    return list(schedule(work, engine, Policy(**settings), loop, random.Random(7)))  # type: ignore[arg-type]


def replied(events: list[Event]) -> dict[int, Reply]:
    out: dict[int, Reply] = {}
    for event in events:
        if isinstance(event, Replied):
            out.update(event.replies)
    return out


def given_up(events: list[Event]) -> dict[int, str]:
    return {
        item.id: event.reason
        for event in events
        if isinstance(event, GaveUp)
        for item in event.unit.items
    }


def failing(failure: Callable[[], EngineFailure], when: Callable[[Unit, int], bool]) -> Script:
    def script(unit: Unit, call: int, now: float) -> Mapping[int, Reply]:
        if when(unit, call):
            raise failure()
        return ok(unit)

    return script


# --- the happy path -----------------------------------------------------------------------------


def test_every_unit_once_with_bounded_concurrency() -> None:
    loop = SimLoop(latency=0.1)
    engine = FakeEngine(loop)
    events = run(units("fr", 10), engine, loop, workers=3)
    assert len(engine.calls) == 10
    assert loop.max_in_flight == 3
    assert replied(events) == {i: f"<fr> fr-{i}" for i in range(10)}
    assert sum(isinstance(e, Sent) for e in events) == 10
    assert loop.time == pytest.approx(0.4)  # ceil(10 / 3) rounds of 0.1 s
    assert loop.closed


def test_ticks_come_at_least_every_tick_interval() -> None:
    loop = SimLoop(latency=5.0)
    events = run(units("fr", 3), FakeEngine(loop), loop, workers=1, tick=2.0)
    assert sum(isinstance(e, Tick) for e in events) >= 6  # 15 s of requests


# --- retries ------------------------------------------------------------------------------------


def test_retryable_failures_back_off_exponentially_with_jitter() -> None:
    loop = SimLoop(latency=0.0)
    engine = FakeEngine(
        loop, failing(lambda: TransientError("server error (HTTP 500)"), lambda u, n: n <= 3)
    )
    events = run(units("fr", 1), engine, loop, workers=1)
    times = [t for t, _, _ in engine.calls]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(gaps) == 3
    for k, gap in enumerate(gaps):  # 0.5, 1, 2 s, each ±50 %
        assert 0.5 * 0.5 * 2**k <= gap <= 1.5 * 0.5 * 2**k
    assert len({round(g / 2**k, 6) for k, g in enumerate(gaps)}) == 3  # jittered
    assert [e.delay for e in events if isinstance(e, Retrying)] == pytest.approx(gaps)
    assert replied(events) == {0: "<fr> fr-0"}


def test_a_unit_is_given_up_after_its_retries_and_the_rest_goes_on() -> None:
    loop = SimLoop(latency=0.0)
    engine = FakeEngine(
        loop,
        failing(
            lambda: TransientError("server error (HTTP 500)"), lambda u, n: u.items[0].id == 0
        ),
    )
    events = run(units("fr", 6), engine, loop, workers=1, retries=3, max_failures=50)
    assert engine.sent("fr-0") == 4  # 1 + 3 retries
    assert given_up(events) == {0: "server error (HTTP 500); gave up after 4 attempts"}
    assert set(replied(events)) == {1, 2, 3, 4, 5}


def test_a_final_failure_is_not_retried() -> None:
    loop = SimLoop(latency=0.0)
    engine = FakeEngine(
        loop,
        failing(
            lambda: SegmentError("refused by libre (HTTP 400)"), lambda u, n: u.items[0].id == 2
        ),
    )
    events = run(units("fr", 4), engine, loop)
    assert engine.sent("fr-2") == 1
    assert given_up(events) == {2: "refused by libre (HTTP 400)"}
    assert set(replied(events)) == {0, 1, 3}
    assert not any(isinstance(e, Stopped) for e in events)


def test_an_id_left_without_an_answer_is_asked_for_again() -> None:
    loop = SimLoop(latency=0.0)

    def script(unit: Unit, call: int, now: float) -> Mapping[int, Reply]:
        answers = ok(unit)
        if call == 1:
            answers.pop(unit.items[-1].id)
        return answers

    engine = FakeEngine(loop, script)
    events = run(units("fr", 1, per_unit=3), engine, loop)
    assert [texts for _, _, texts in engine.calls] == [("fr-0", "fr-1", "fr-2"), ("fr-2",)]
    assert replied(events) == {i: f"<fr> fr-{i}" for i in range(3)}


# --- what a final failure stops --------------------------------------------------------------


def test_an_unsupported_language_stops_that_lane_only() -> None:
    loop = SimLoop(latency=0.0)
    engine = FakeEngine(
        loop,
        failing(lambda: UnsupportedLanguageError("no az here"), lambda u, n: u.lane == "az"),
    )
    work = units("az", 5) + units("fr", 5, start=5)
    events = run(work, engine, loop, workers=1)
    assert [e for e in events if isinstance(e, Stopped)] == [Stopped("az", "no az here", True)]
    assert sum(1 for _, u, _ in engine.calls if u.lane == "az") == 1
    assert given_up(events) == dict.fromkeys(range(5), "no az here")
    assert set(replied(events)) == set(range(5, 10))


@pytest.mark.parametrize(
    "failure, config",
    [
        (AuthError("libre refused the API key (HTTP 403)"), True),
        (UnreachableError("cannot resolve host mt.example"), False),
    ],
)
def test_an_engine_failure_stops_everything_at_once(failure: EngineFailure, config: bool) -> None:
    loop = SimLoop(latency=0.0)

    def script(unit: Unit, call: int, now: float) -> Mapping[int, Reply]:
        raise failure

    engine = FakeEngine(loop, script)
    events = run(units("fr", 20) + units("az", 20, start=20), engine, loop, workers=1)
    assert len(engine.calls) == 1
    assert [e for e in events if isinstance(e, Stopped)] == [Stopped(None, failure.reason, config)]
    assert given_up(events) == dict.fromkeys(range(40), failure.reason)


def test_a_dead_server_costs_a_bounded_number_of_requests() -> None:
    loop = SimLoop(latency=0.05)
    engine = FakeEngine(
        loop, failing(lambda: TransientError("server error (HTTP 500)"), lambda u, n: True)
    )
    events = run(units("fr", 137), engine, loop, workers=4)
    # the first wave (4) is one failure; the next wave (4) four more; then one probe
    assert len(engine.calls) == 4 + 4 + 1
    stops = [e for e in events if isinstance(e, Stopped)]
    assert stops == [
        Stopped(None, "stopped after 6 failed requests in a row (last: server error (HTTP 500))")
    ]
    assert len(given_up(events)) == 137 and not replied(events)
    assert loop.time < 5  # not 137 segments × their retries


def test_a_failing_engine_is_probed_one_request_at_a_time_before_it_is_stopped() -> None:
    loop = SimLoop(latency=0.0)
    engine = FakeEngine(loop, failing(lambda: TransientError("timed out"), lambda u, n: True))
    events = run(units("fr", 50), engine, loop, workers=1, max_failures=6)
    times = [t for t, _, _ in engine.calls]
    assert len(times) == 6 and times[:3] == [0.0, 0.0, 0.0]
    gaps = [b - a for a, b in zip(times[2:], times[3:])]  # probes: 0.5, 1, 2 s (±50 %)
    for k, gap in enumerate(gaps):
        assert 0.25 * 2**k <= gap <= 0.75 * 2**k
    assert any(isinstance(e, Stopped) for e in events)


def test_a_brief_outage_slows_the_run_down_but_does_not_end_it() -> None:
    loop = SimLoop(latency=0.05)
    engine = FakeEngine(
        loop,
        failing(
            lambda: TransientError("server error (HTTP 502)"), lambda u, n: 1.0 <= loop.time < 2.0
        ),
    )
    events = run(units("fr", 200), engine, loop, workers=4)
    assert not any(isinstance(e, Stopped) for e in events)
    assert len(replied(events)) == 200
    outage = [t for t, _, _ in engine.calls if 1.0 <= t < 2.0]
    assert len(outage) <= 10  # probing, not hammering


def test_random_failures_are_retried_without_probing() -> None:
    times = []
    for probe_after in (3, 1000):  # as configured, and never probing
        loop = SimLoop(latency=0.1)
        rng = random.Random(3)
        engine = FakeEngine(
            loop,
            failing(
                lambda: TransientError("server error (HTTP 500)"),
                lambda u, n, rng=rng: rng.random() < 0.1,
            ),
        )
        events = run(units("fr", 1000), engine, loop, workers=16, probe_after=probe_after)
        assert len(replied(events)) == 1000 and not any(isinstance(e, Stopped) for e in events)
        times.append(loop.time)
    assert times[0] == times[1]  # 10 % of failures never looked like an outage
    assert times[0] < 1000 * 0.1 / 16 * 1.5  # retries and their backoff: the last ones wait


# --- Retry-After and rate limits ----------------------------------------------------------------


def test_a_retry_after_pauses_every_worker_and_is_shown() -> None:
    loop = SimLoop(latency=0.1)
    engine = FakeEngine(
        loop,
        failing(lambda: RateLimited("rate limited (HTTP 429)", 30.0), lambda u, n: n == 1),
    )
    events = run(units("fr", 8), engine, loop, workers=4, retries=0)
    waits = [e for e in events if isinstance(e, Waiting)]
    assert waits == [Waiting(30.0, "rate limited (HTTP 429)")]
    first_wave = [t for t, _, _ in engine.calls if t < 0.1]
    later = [t for t, _, _ in engine.calls if t >= 0.1]
    assert len(first_wave) == 4 and min(later) >= 0.1 + 30.0  # nothing sent during the pause
    assert len(replied(events)) == 8  # a 429 used up none of the unit's (zero) retries


def test_a_retry_after_over_the_maximum_ends_the_run_with_the_wait_shown() -> None:
    loop = SimLoop(latency=0.1)
    engine = FakeEngine(
        loop,
        failing(lambda: RateLimited("rate limited (HTTP 429)", 3600.0), lambda u, n: True),
    )
    events = run(units("fr", 3), engine, loop, workers=1, max_retry_after=120.0)
    assert len(engine.calls) == 1 and loop.time < 1
    (stop,) = [e for e in events if isinstance(e, Stopped)]
    assert stop.reason == (
        "the server asked to wait 1 h (rate limited (HTTP 429)), longer than max-retry-after "
        "(120 s); run 'tmflow draft' again later"
    )
    assert len(given_up(events)) == 3


def test_429s_of_one_round_pause_once_and_rounds_double_the_pause() -> None:
    loop = SimLoop(latency=0.1)
    engine = FakeEngine(
        loop,
        failing(lambda: RateLimited("rate limited (HTTP 429)"), lambda u, n: loop.time < 5.0),
    )
    events = run(units("fr", 4), engine, loop, workers=4, backoff_base=1.0, max_failures=20)
    waits = [e.seconds for e in events if isinstance(e, Waiting)]
    # four refusals at once are one round; each further round waits about twice as long
    assert 2 <= len(waits) <= 4
    for k, wait in enumerate(waits):
        assert 0.5 * 2**k <= wait <= 1.5 * 2**k
    assert len(replied(events)) == 4


def test_a_server_that_always_rate_limits_is_given_up() -> None:
    loop = SimLoop(latency=0.1)
    engine = FakeEngine(
        loop, failing(lambda: RateLimited("rate limited (HTTP 429)"), lambda u, n: True)
    )
    events = run(units("fr", 2), engine, loop, workers=2, max_failures=3, backoff_base=0.1)
    (stop,) = [e for e in events if isinstance(e, Stopped)]
    assert stop.reason == "still rate limited after 3 waits (rate limited (HTTP 429))"
    assert len(given_up(events)) == 2


def test_a_503_with_retry_after_is_retried_after_that_wait() -> None:
    loop = SimLoop(latency=0.0)
    engine = FakeEngine(
        loop,
        failing(lambda: TransientError("server error (HTTP 503)", 12.0), lambda u, n: n == 1),
    )
    events = run(units("fr", 1), engine, loop)
    assert [t for t, _, _ in engine.calls][1] >= 12.0
    assert Waiting(12.0, "server error (HTTP 503)") in events


# --- batches ------------------------------------------------------------------------------------


def test_a_batch_too_large_is_split_until_it_goes_through() -> None:
    loop = SimLoop(latency=0.0)
    engine = FakeEngine(
        loop, failing(lambda: TooLarge("request too large"), lambda u, n: len(u.items) > 2)
    )
    events = run(units("fr", 1, per_unit=8), engine, loop)
    assert Counter(len(texts) for _, _, texts in engine.calls) == {8: 1, 4: 2, 2: 4}
    assert replied(events) == {i: f"<fr> fr-{i}" for i in range(8)}
    assert not given_up(events)


def test_one_text_that_breaks_the_server_does_not_take_its_batch_with_it() -> None:
    loop = SimLoop(latency=0.0)
    engine = FakeEngine(
        loop,
        failing(
            lambda: TransientError("server error (HTTP 500)"),
            lambda u, n: any(item.text == "fr-5" for item in u.items),
        ),
    )
    events = run(units("fr", 1, per_unit=16), engine, loop, max_failures=3)
    assert not any(isinstance(e, Stopped) for e in events)  # its retries do not stop the engine
    assert given_up(events) == {5: "server error (HTTP 500); gave up after 5 attempts"}
    assert set(replied(events)) == set(range(16)) - {5}


def test_a_batch_refused_for_good_is_split_to_find_the_text_at_fault() -> None:
    loop = SimLoop(latency=0.0)
    engine = FakeEngine(
        loop,
        failing(
            lambda: SegmentError("refused by libre (HTTP 400: bad request)"),
            lambda u, n: any(item.text == "fr-2" for item in u.items),
        ),
    )
    events = run(units("fr", 1, per_unit=8), engine, loop)
    assert given_up(events) == {2: "refused by libre (HTTP 400: bad request)"}
    assert set(replied(events)) == set(range(8)) - {2}
    assert engine.sent("fr-2") == 4  # 8, 4, 2, 1: never retried in the same shape


# --- service messages ---------------------------------------------------------------------------


def test_replies_that_are_all_service_messages_count_as_failures() -> None:
    loop = SimLoop(latency=0.0)
    quota = Rejected('service message instead of a translation ("Error: daily quota…")', True)

    def script(unit: Unit, call: int, now: float) -> Mapping[int, Reply]:
        return {item.id: quota for item in unit.items}

    engine = FakeEngine(loop, script)
    events = run(units("fr", 126), engine, loop, workers=1, max_failures=5)
    assert len(engine.calls) == 5
    (stop,) = [e for e in events if isinstance(e, Stopped)]
    assert stop.reason == f"stopped after 5 failed requests in a row (last: {quota.reason})"
    assert len(replied(events)) == 5 and len(given_up(events)) == 121


def test_a_rejected_reply_that_is_no_service_message_is_an_answer() -> None:
    loop = SimLoop(latency=0.0)
    odd = Rejected("reply in the wrong script (Cyrillic, expected Latin)")

    def script(unit: Unit, call: int, now: float) -> Mapping[int, Reply]:
        return {item.id: odd for item in unit.items}

    events = run(units("fr", 20), FakeEngine(loop, script), loop, workers=1, max_failures=3)
    assert not any(isinstance(e, Stopped) for e in events)
    assert set(replied(events).values()) == {odd}


def test_wait_text() -> None:
    assert [wait_text(s) for s in (0.4, 45, 120, 179, 600, 3600, 3900)] == [
        "0 s",
        "45 s",
        "120 s",
        "179 s",
        "10 min",
        "1 h",
        "1 h 5 min",
    ]
