"""The search for similar old entries: found once for every language that has the same
sources, and in worker processes for big catalogs, with the answers of a plain update."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.steps.merge.test_update_cases import make_case, old_po_text, pot_text
from tmflow.io.po.reader import parse_po
from tmflow.io.po.writer import dumps_po
from tmflow.steps.merge import memory as memory_module
from tmflow.steps.merge.update import SimilarCache, update_catalog


def _texts(seed: int) -> tuple[str, str]:
    case = make_case(seed, size=40)
    return pot_text(case), old_po_text(case)


@pytest.mark.parametrize("seed", range(6))
def test_a_cache_shared_by_languages_changes_no_answer(seed: int) -> None:
    pot, old = _texts(seed)
    cache: SimilarCache = {}
    for language in ("fr", "de"):
        catalog = old.replace('"Language: fr', f'"Language: {language}')
        plain = update_catalog(
            parse_po(pot, Path("a.pot")), parse_po(catalog, Path("a.po")), language
        )
        cached = update_catalog(
            parse_po(pot, Path("a.pot")),
            parse_po(catalog, Path("a.po")),
            language,
            similar_cache=cache,
        )
        assert dumps_po(cached.catalog) == dumps_po(plain.catalog)
    assert len(cache) <= 1  # the second language asked the cache, not the index


def test_a_second_language_with_the_same_sources_is_served_by_the_cache() -> None:
    pot, old = _texts(3)
    cache: SimilarCache = {}
    update_catalog(
        parse_po(pot, Path("a.pot")), parse_po(old, Path("a.po")), "fr", similar_cache=cache
    )
    assert len(cache) == 1
    (key,) = cache
    cache[key] = dict.fromkeys(cache[key])  # a cached answer is the one used
    second = update_catalog(
        parse_po(pot, Path("a.pot")), parse_po(old, Path("a.po")), "fr", similar_cache=cache
    )
    assert second.receipt.became_fuzzy == 0


@pytest.mark.parametrize("seed", range(3))
def test_scans_in_worker_processes_change_no_answer(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    pot, old = _texts(seed)
    plain = update_catalog(parse_po(pot, Path("a.pot")), parse_po(old, Path("a.po")), "fr")
    monkeypatch.setattr(memory_module, "PARALLEL_SCANS", 0)
    parallel = update_catalog(
        parse_po(pot, Path("a.pot")), parse_po(old, Path("a.po")), "fr", workers=2
    )
    assert dumps_po(parallel.catalog) == dumps_po(plain.catalog)
