"""From jobs to batches: pieces, the cache, and the engine's limits."""

from __future__ import annotations

from tmflow.steps.mt.batching import BatchLimits, pack, plan_requests
from tmflow.steps.mt.jobs import Job
from tmflow.steps.mt.protect import protect
from tmflow.steps.mt.scheduler import Item


def items(*lengths: int) -> list[Item]:
    return [Item(i, "x" * n) for i, n in enumerate(lengths)]


def test_pack_bounds_texts_and_characters() -> None:
    sizes = lambda batches: [[len(i.text) for i in b] for b in batches]  # noqa: E731
    assert sizes(pack(items(1, 1, 1, 1, 1), texts=2, chars=100)) == [[1, 1], [1, 1], [1]]
    assert sizes(pack(items(40, 40, 40, 10), texts=10, chars=100)) == [[40, 40], [40, 10]]
    assert sizes(pack(items(150, 5), texts=10, chars=100)) == [[150], [5]]  # alone if too long
    assert pack([], texts=3, chars=10) == []


class Cache:
    def __init__(self, known: dict[str, str]) -> None:
        self.known = known
        self.asked: list[tuple[str, str, str, str]] = []

    def get(self, provider: str, source: str, target: str, text: str) -> str | None:
        self.asked.append((provider, source, target, text))
        return self.known.get(text)


def job(lang: str, text: str) -> Job:
    return Job(lang, text, protect(text))


def test_plan_sends_each_piece_once_and_answers_the_rest_from_the_cache() -> None:
    jobs = {
        "fr": [job("fr", "Known."), job("fr", "New one."), job("fr", "Other. New one.")],
        "az": [job("az", "New one.")],
    }
    cache = Cache({"Known.": "Connu."})
    plan = plan_requests(
        jobs, BatchLimits(texts=10, chars=1000, text_bytes=10), cache, "libre", "en"
    )
    assert [j.source for j in plan.answered] == ["Known."]
    assert jobs["fr"][0].results == {0: "Connu."}
    assert jobs["fr"][2].pieces == ["Other.", "New one."]  # cut under 10 bytes
    sent = {
        lang: [item.text for u in plan.units if u.lane == lang for item in u.items]
        for lang in ("fr", "az")
    }
    assert sent == {
        "fr": ["New one.", "Other."],
        "az": ["New one."],
    }  # "New one." once per language
    new_one = next(p for p in plan.pending.values() if p.language == "fr" and p.text == "New one.")
    assert [(j.source, i) for j, i in new_one.waiting] == [("New one.", 0), ("Other. New one.", 1)]
    assert plan.requests == {"fr": 1, "az": 1} and plan.cached == {"fr": 1}
    assert plan.characters["fr"] == len("New one.") + len("Other.")
    assert ("libre", "en", "az", "New one.") in cache.asked
