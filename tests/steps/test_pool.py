from __future__ import annotations

import os

import pytest

from tmflow.steps.pool import ordered_map


def _square(items: list[int], offset: int = 0) -> list[tuple[int, int]]:
    """Picklable batch function: each item's square (plus ``offset``) and the worker's pid."""
    return [(n * n + offset, os.getpid()) for n in items]


def _broken(items: list[int]) -> list[int]:
    if 13 in items:
        raise ValueError("unlucky batch")
    return items


def _short(items: list[int]) -> list[int]:
    return items[:-1]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("batch_size", [1, 3, 50])
def test_answers_come_in_stream_order_mixing_known_and_worked_out(
    workers: int, batch_size: int
) -> None:
    # every third item is answered already (from a cache, say); the others need work
    pairs = [(n, (n * n + 7, "known") if n % 3 == 0 else None) for n in range(200)]
    out = list(ordered_map(_square, pairs, workers=workers, batch_size=batch_size, extra=(7,)))
    assert [item for item, _ in out] == list(range(200))
    assert [answer[0] for _, answer in out] == [n * n + 7 for n in range(200)]
    assert all(answer[1] == "known" for n, answer in out if n % 3 == 0)


def test_work_runs_in_worker_processes_only_from_min_parallel_on() -> None:
    pairs = [(n, None) for n in range(40)]
    here = os.getpid()
    serial = list(ordered_map(_square, pairs, workers=2, batch_size=5, min_parallel=100))
    assert {answer[1] for _, answer in serial} == {here}  # a small job never starts a pool
    mixed = list(ordered_map(_square, pairs, workers=2, batch_size=5, min_parallel=10))
    pids = [answer[1] for _, answer in mixed]
    assert pids[0] == here  # the first batches run here…
    assert here not in pids[-10:]  # …the later ones in workers


def test_the_stream_is_read_as_answers_go_out_not_all_at_once() -> None:
    taken = []

    def pairs():
        for n in range(100_000):
            taken.append(n)
            yield n, (n if n % 1000 else None)  # mostly answered, a few to work out

    stream = ordered_map(_square, pairs(), workers=1, batch_size=10)
    first = [next(stream) for _ in range(5)]
    assert [item for item, _ in first] == [0, 1, 2, 3, 4]
    # the one item to work out was sent off early: the answered ones did not pile up
    assert len(taken) < 1000
    for _ in stream:
        pass
    assert len(taken) == 100_000


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_batch_raises_in_the_caller(workers: int) -> None:
    with pytest.raises(ValueError, match="unlucky batch"):
        list(ordered_map(_broken, [(n, None) for n in range(100)], workers=workers, batch_size=4))


def test_a_batch_with_a_missing_answer_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="a batch of 4 items came back with 3 answers"):
        list(ordered_map(_short, [(n, None) for n in range(8)], batch_size=4))


def test_a_task_handed_to_the_pool_runs_beside_the_batches() -> None:
    handed = []

    def hand_over(pool: object) -> None:
        handed.append(pool.submit(_square, [3, 4], 1))  # type: ignore[attr-defined]

    out = list(
        ordered_map(
            _square, [(n, None) for n in range(30)], workers=2, batch_size=5, on_pool=hand_over
        )
    )
    assert [answer[0] for _, answer in out] == [n * n for n in range(30)]
    assert len(handed) == 1
    assert [r[0] for r in handed[0].result()] == [10, 17]  # ran to its end after the batches
    assert handed[0].result()[0][1] != os.getpid()
    serial = []
    list(ordered_map(_square, [(n, None) for n in range(30)], workers=1, on_pool=serial.append))
    assert serial == []  # no pool, no hand-over
