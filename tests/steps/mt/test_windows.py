"""Windows of an article for engines that read context: token estimates, packing under the
budget, the passage a request carries, and the cache key of a segment's place."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tmflow.io.po.writer import new_catalog
from tmflow.io.translators import make_provider
from tmflow.io.translators.chat import ChatProvider
from tmflow.steps.mt.batching import BatchLimits, Plan, plan_requests
from tmflow.steps.mt.catalogs import Catalog
from tmflow.steps.mt.jobs import collect_jobs
from tmflow.steps.mt.protect import protect
from tmflow.steps.mt.scheduler import Unit
from tmflow.steps.mt.windows import (
    PACK_SHARE,
    Windows,
    estimate_tokens,
    output_factor,
    style_for,
)


class NoCache:
    def get(self, provider: str, source: str, target: str, text: str) -> str | None:
        return None


def engine(budget: int = 8000) -> ChatProvider:
    provider = make_provider(
        "openai",
        url="http://127.0.0.1:9/v1",
        options={"model": "m", "token-budget": budget},
        env={},
    )
    assert isinstance(provider, ChatProvider)
    return provider


def catalog(name: str, entries: list[tuple[str, str, bool]], lang: str = "fr") -> Catalog:
    po = new_catalog("test", lang)
    for msgid, msgstr, fuzzy in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else []))
    return Catalog.of(Path(f"/p/locales/{lang}/{name}.po"), po)


def sentence(i: int) -> str:
    return f"Sentence number {i} tells what the delegation saw on its visit."


def plan(
    catalogs: list[Catalog], provider: ChatProvider, texts: int = 200, styles: dict | None = None
) -> tuple[Plan, Windows]:
    windows = Windows(provider, "en", styles=styles or {})
    windows.add(catalogs)
    jobs = collect_jobs("fr", catalogs, lambda text: protect(text))
    limits = BatchLimits(texts, provider.limits.chars, provider.limits.text_bytes)
    result = plan_requests({"fr": jobs.jobs}, limits, NoCache(), provider.cache_key, "en", windows)
    return result, windows


# --- estimates -------------------------------------------------------------------------------


def test_estimates_count_scripts_as_tokenizers_do() -> None:
    english = "The delegation arrived in Baku on Monday and visited the memorial."
    russian = "Делегация прибыла в Баку в понедельник и посетила мемориал."
    arabic = "وصل الوفد إلى باكو يوم الاثنين وزار النصب التذكاري."
    assert 15 <= estimate_tokens(english) <= 25  # cl100k_base: 14
    assert 30 <= estimate_tokens(russian) <= 50  # cl100k_base: 31
    assert 35 <= estimate_tokens(arabic) <= 60  # cl100k_base: 37
    assert estimate_tokens("") == 1
    assert estimate_tokens("a" * 10) < estimate_tokens("é" * 10)
    assert output_factor("en", "ar") > output_factor("en", "fr") > 1


def test_style_for_joins_the_projects_and_the_languages() -> None:
    options = {"style": "News register.", "style-by-language": {"fr": "Guillemets « »."}}
    assert style_for(options, "fr") == "News register.\nGuillemets « »."
    assert style_for(options, "ru") == "News register."
    assert style_for({}, "ru") == ""


# --- packing ------------------------------------------------------------------------------------


def test_a_whole_article_is_one_window() -> None:
    news = catalog("news", [(sentence(i), "", False) for i in range(40)])
    result, _ = plan([news], engine())
    assert [len(u.items) for u in result.units] == [40]


def test_windows_are_consecutive_stay_in_their_article_and_respect_the_budget() -> None:
    one = catalog("one", [(sentence(i), "", False) for i in range(50)])
    two = catalog("two", [(sentence(100 + i), "", False) for i in range(5)])
    provider = engine(1200)
    result, windows = plan([one, two], provider)
    sizes = [len(u.items) for u in result.units]
    assert sum(sizes) == 55 and len(sizes) >= 4
    texts = [[item.text for item in unit.items] for unit in result.units]
    assert [t for unit in texts for t in unit] == [sentence(i) for i in range(50)] + [
        sentence(100 + i) for i in range(5)
    ]  # in order, every segment once
    assert texts[-1] == [sentence(100 + i) for i in range(5)]  # never across articles
    for unit in result.units:
        tokens_in, tokens_out = windows.estimate(unit)
        assert tokens_in + tokens_out <= provider.token_budget


def test_batch_size_caps_the_segments_of_a_window() -> None:
    news = catalog("news", [(sentence(i), "", False) for i in range(10)])
    result, _ = plan([news], engine(), texts=3)
    assert [len(u.items) for u in result.units] == [3, 3, 3, 1]


# --- the passage ----------------------------------------------------------------------------------


def test_the_passage_holds_reviewed_translations_and_neighbours() -> None:
    entries = [(sentence(i), f"Phrase {i}.", False) for i in range(300)]
    entries[100] = (sentence(100), "", False)
    entries[102] = (sentence(102), "", False)
    entries[101] = (sentence(101), "Brouillon", True)  # a draft: its text is not context
    news = catalog("news", entries)
    result, windows = plan([news], engine())
    (unit,) = result.units
    window = windows.window(unit)
    lines = window.passage.lines
    ids = [line.id for line in lines]
    assert [i for i in ids if i] == ["1", "2"]
    at = ids.index("1")
    assert lines[at].source == sentence(100) and lines[at + 2].source == sentence(102)
    assert lines[at + 1].source == sentence(101) and lines[at + 1].translation is None
    assert lines[at - 1].translation == "Phrase 99."  # reviewed: given with its translation
    before, after = at, len(lines) - at - 3
    assert 2 * after - 2 <= before <= 2 * after + 2 and after > 0  # two before for one after
    assert lines[0].source == sentence(100 - before)
    assert window.tokens_in + window.tokens_out <= 8000
    assert window.tokens_in - 2000 < 600  # the context is bounded: a quarter of the budget
    assert {k: v.text for k, v in window.ids.items()} == {"1": sentence(100), "2": sentence(102)}


def test_a_window_over_a_lowered_budget_is_sent_in_part() -> None:
    news = catalog("news", [(sentence(i), "", False) for i in range(40)])
    provider = engine()
    result, windows = plan([news], provider)
    (unit,) = result.units
    assert len(windows.window(unit).taken) == 40
    provider.token_budget = 1000
    part = windows.window(unit)
    assert 0 < len(part.taken) < 40
    assert [item.text for item in part.taken] == [sentence(i) for i in range(len(part.taken))]
    assert part.tokens_in + part.tokens_out <= 1000
    alone = windows.window(Unit("fr", unit.items[20:21]), budget=1)
    assert len(alone.taken) == 1 and [line.id for line in alone.passage.lines] == ["1"]


def test_the_rules_of_the_terms_and_the_style_go_with_the_window() -> None:
    from tmflow.io.glossary import parse_glossary
    from tmflow.steps.mt.protect import GlossaryGuard
    from tmflow.steps.terms import TermMatcher

    text = "terms:\n  - term: Khojaly\n    fr: Khodjaly\n  - term: Baku\n    ru: Баку\n"
    glossary = parse_glossary(text, Path("glossary.yml"), ("fr", "ru"))
    news = catalog("news", [("Khojaly is near Baku.", "", False), (sentence(1), "", False)])
    windows = Windows(engine(), "en", GlossaryGuard(TermMatcher(glossary)), {"fr": "Formal."})
    windows.add([news])
    jobs = collect_jobs("fr", [news], lambda t: protect(t))
    limits = BatchLimits(200, 400_000, 16_000)
    result = plan_requests({"fr": jobs.jobs}, limits, NoCache(), "k", "en", windows)
    window = windows.window(result.units[0])
    assert [r.source for r in window.passage.terms] == ["Khojaly"]  # Baku has no fr rendering
    assert window.passage.terms[0].approved == "Khodjaly"
    assert window.passage.style == "Formal."


# --- cache keys ---------------------------------------------------------------------------------


def keys(entries: list[tuple[str, str, bool]], styles: dict | None = None) -> dict[str, str]:
    news = catalog("news", entries)
    windows = Windows(engine(), "en", styles=styles or {})
    windows.add([news])
    jobs = collect_jobs("fr", [news], lambda t: protect(t)).jobs
    return {job.source: windows.cache_key(job, "base") for job in jobs}


def test_a_cache_key_is_the_segments_place_not_the_runs_progress() -> None:
    base = [(sentence(i), "", False) for i in range(6)]
    first = keys(base)
    assert all(key.startswith("base context:") for key in first.values())
    # a neighbour drafted (as after a killed run) or reviewed: the same key
    drafted = list(base)
    drafted[2] = (sentence(2), "Brouillon", True)
    drafted[3] = (sentence(3), "Relu", False)
    again = keys(drafted)
    assert again[sentence(1)] == first[sentence(1)] and again[sentence(4)] == first[sentence(4)]
    # a neighbour's source changed: a new key for the segments around it, not far away
    edited = list(base)
    edited[2] = ("A different sentence.", "", False)
    moved = keys(edited)
    assert moved[sentence(1)] != first[sentence(1)] and moved[sentence(3)] != first[sentence(3)]
    assert moved[sentence(5)] == first[sentence(5)]
    # another style: new keys
    styled = keys(base, {"fr": "Formal."})
    assert styled[sentence(0)] != first[sentence(0)]


def test_pack_share_leaves_room_for_context() -> None:
    assert 0.5 < PACK_SHARE < 1


@pytest.mark.parametrize("budget", [600, 2000, 8000])
def test_every_planned_window_fits_its_budget(budget: int) -> None:
    news = catalog(
        "news",
        [(sentence(i), "Relu." if i % 3 == 0 else "", False) for i in range(60)],
    )
    provider = engine(budget)
    result, windows = plan([news], provider)
    assert sum(len(u.items) for u in result.units) == 40
    for unit in result.units:
        window = windows.window(unit)
        assert len(window.taken) == len(unit.items)  # planned windows are sent whole
        tokens_in, tokens_out = windows.estimate(unit)
        assert tokens_in + tokens_out <= budget
