"""Translation memory: the candidate index against an exhaustive scan, lookups, building."""

from __future__ import annotations

import random
from pathlib import Path

import polib
import pytest
from rapidfuzz import fuzz, process

from tests.steps.merge.test_update_cases import EDITS, edit, sentence
from tmflow.io.config import load_config
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.io.tmx import TmxDocument, TmxUnit, write_tmx
from tmflow.steps.merge import memory as memory_module
from tmflow.steps.merge.memory import FuzzyIndex, Memory, MemoryUnit, build_memory, length_window


def _corpus(rng: random.Random, n: int) -> list[str]:
    out: dict[str, None] = {}
    while len(out) < n:
        out[sentence(rng)] = None
    return list(out)


def test_index_finds_what_an_exhaustive_scan_finds() -> None:
    rng = random.Random(7)
    texts = _corpus(rng, 5000)
    index = FuzzyIndex(texts, exhaustive_limit=0)
    assert not index.exhaustive
    queries = []
    for _ in range(300):
        q = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            q = edit(rng, q, rng.choice(EDITS))
        queries.append(q)
    relevant = found = 0
    for q in queries:
        truth = process.extractOne(q, texts, scorer=fuzz.ratio, score_cutoff=75)
        if truth is None:
            continue
        relevant += 1
        got = index.best(q, 75)
        if got is not None and got[1] >= truth[1] - 1e-9:
            found += 1
            assert fuzz.ratio(q, texts[got[0]]) == got[1]
    assert relevant > 200
    assert found / relevant >= 0.99


def test_with_a_fallback_the_index_finds_exactly_what_a_full_scan_finds() -> None:
    """Weak matches (60–75, where the word index's recall is not measured) are confirmed by
    a full scan, from the pool's best: the answer is the full scan's, ties included."""
    rng = random.Random(11)
    texts = _corpus(rng, 3000)
    texts += [t[: len(t) // 2] + " and so on, as before." for t in texts[:200]]  # halves
    index = FuzzyIndex(texts, exhaustive_limit=0)
    weak = 0
    for i in range(400):
        q = rng.choice(texts)
        if i % 2:
            q = q[: len(q) // 2] + " " + rng.choice(texts)[len(q) // 2 :]  # a clause rewritten
        else:
            q = edit(rng, q, rng.choice(EDITS))
        truth = process.extractOne(q, texts, scorer=fuzz.ratio, score_cutoff=60)
        got = index.best(q, 60, fallback_below=75)
        assert got == (None if truth is None else (truth[2], truth[1])), q
        weak += truth is not None and truth[1] < 75
    assert weak > 50  # the fallback was put to work


def test_many_lookups_in_worker_processes_give_the_answers_of_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(12)
    texts = _corpus(rng, 2500)
    queries = [edit(rng, rng.choice(texts), rng.choice(EDITS)) for _ in range(40)]
    queries += [sentence(rng) for _ in range(40)]  # new: mostly full scans
    index = FuzzyIndex(texts, exhaustive_limit=0)
    one_by_one = [index.best(q, 60, fallback_below=75) for q in queries]
    monkeypatch.setattr(memory_module, "PARALLEL_SCANS", 0)  # workers even for this little
    assert index.best_many(queries, 60, fallback_below=75, workers=2) == one_by_one
    assert index.best_many(queries, 60, fallback_below=75) == one_by_one
    assert sum(found is None for found in one_by_one) > 10


@pytest.mark.parametrize("limit", [0, 10_000])  # the word index, and full scans only
def test_hints_and_length_windows_change_no_answer(limit: int) -> None:
    """A hint's score is a floor for the full scan, which then reads only the strings whose
    length can reach it: the answers are still those of a full scan, ties included."""
    rng = random.Random(13)
    texts = _corpus(rng, 2500)
    texts += texts[:50]  # (repeats: ties)
    index = FuzzyIndex(texts, exhaustive_limit=limit)
    queries, hints = [], []
    for i in range(120):
        j = rng.randrange(len(texts))
        queries.append(edit(rng, texts[j], rng.choice(EDITS)) if i % 3 else sentence(rng))
        hints.append([j, min(j + 1, len(texts) - 1)] if i % 4 else [rng.randrange(len(texts))])
    plain = [index.best(q, 60, fallback_below=75) for q in queries]
    assert index.best_many(queries, 60, fallback_below=75, hints=hints) == plain
    truth = [process.extractOne(q, texts, scorer=fuzz.ratio, score_cutoff=60) for q in queries]
    assert plain == [None if t is None else (t[2], t[1]) for t in truth] or limit == 0
    assert sum(found is not None and found[1] > 90 for found in plain) > 30


def test_short_queries_are_scanned_within_their_length_window() -> None:
    texts = ["Paris", "Parks and gardens of the city centre", "Baku", "Moscow"] + [
        f"Sentence number {i} of the long tail" for i in range(3000)
    ]
    index = FuzzyIndex(texts, exhaustive_limit=0)
    assert index.best("Parys", 75) == (0, 80.0)
    assert index.best("Bakuu", 75) == (2, fuzz.ratio("Bakuu", "Baku"))
    assert index.best("Zzzz", 75) is None


def test_length_window_bounds_the_ratio() -> None:
    low, high = length_window(100, 75)
    assert (low, high) == (60, 167)
    assert fuzz.ratio("a" * 100, "a" * 59) < 75 <= fuzz.ratio("a" * 100, "a" * 60)


def test_exact_matches_first_and_ties_go_to_the_first_string() -> None:
    index = FuzzyIndex(["abcd efgh", "abcd efgx", "abcd efgy"])
    assert index.best("abcd efgx", 75) == (1, 100.0)
    assert index.best("abcd efgz", 75)[0] == 0


def test_lookup_prefers_the_majority_translation_and_reports_consistency() -> None:
    memory = Memory("ru")
    memory.extend(
        [
            MemoryUnit("Justice for Khojaly!", "Справедливость для Ходжалы!", "ru/a.po"),
            MemoryUnit("Justice for Khojaly!", "Правосудие для Ходжалы!", "ru/b.po"),
            MemoryUnit("Justice for Khojaly!", "Правосудие для Ходжалы!", "ru/c.po"),
            MemoryUnit("", "ignored", "x"),
            MemoryUnit("ignored", "", "x"),
        ]
    )
    assert len(memory) == 3
    match = memory.lookup("Justice for Khojaly!")
    assert match.target == "Правосудие для Ходжалы!" and match.origin == "ru/b.po"
    assert match.score == 100 and match.percent == 100 and not match.consistent
    fuzzy = memory.lookup("Justice for Khojaly")
    assert 90 < fuzzy.score < 100
    assert memory.lookup("Something else entirely.") is None


def test_build_memory_uses_translated_entries_of_every_catalog_and_tmx(tmp_path: Path) -> None:
    (tmp_path / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["fr", "ru"]\n[memory]\ntmx = ["extra.tmx"]\n'
    )
    config = load_config(tmp_path)
    po = new_catalog("news", "fr")
    po.append(polib.POEntry(msgid="Translated one.", msgstr="Traduit."))
    po.append(polib.POEntry(msgid="Fuzzy one.", msgstr="Flou.", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Old one.", msgstr="Vieux.", obsolete=True))
    po.append(polib.POEntry(msgid="Empty one.", msgstr=""))
    save_po(po, config.po_path("fr", "a"))
    write_tmx(
        TmxDocument("en", [TmxUnit({"en": "From TMX.", "fr": "Du TMX.", "ru": "Из TMX."})]),
        tmp_path / "extra.tmx",
    )
    write_tmx(
        TmxDocument("en", [TmxUnit({"en_US": "Imported.", "fr_FR": "Importé."})]),
        config.locales_dir / "memory" / "vendor.tmx",
    )
    memory = build_memory(config, "fr")
    units = {(u.source, u.target, u.origin) for u in memory.units}
    assert units == {
        ("Translated one.", "Traduit.", "fr/a.po"),
        ("From TMX.", "Du TMX.", "extra.tmx"),
        ("Imported.", "Importé.", "memory/vendor.tmx"),
    }
    assert {u.target for u in build_memory(config, "ru").units} == {"Из TMX."}
