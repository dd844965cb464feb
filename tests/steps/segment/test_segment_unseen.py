"""The unseen cases from real text (tests/fixtures/segmentation/unseen.tsv, see the README
beside it): paragraphs of NTREX-128 articles drawn by ``tools/draw_unseen.py`` before the rules
were changed for them, 40 in Arabic and 34 in each other language; at least 97 % right in every
language. Before the rules of issue 15 they scored en 33/34, ru 33/34, ar 38/40 (the other
languages all right).

The cases tmflow still splits differently from the corpus are named below with the reason; the
test fails when one of them starts to pass (update the list) or when any other case fails."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.steps.segment.realtext import (
    LANGUAGES,
    UNSEEN,
    Case,
    accuracy_per_language,
    describe,
    judge,
    load,
)

CASES = load(UNSEEN)
THRESHOLD = 97.0

# (language, origin) -> why tmflow splits it differently from the reference
KNOWN_MISSES = {
    ("en", "ntrex:cnbc.com.6769#3-6"): (
        "the source writes “U.S.” as “US.” before “Secretary of State”: read as the end of a "
        "sentence, as “…moved to the US. Prices rose” must be"
    ),
    ("ar", "ntrex:euronews-en.153826#11-14"): (
        "“توماس بي.” (Thomas B.) ends a sentence before “أشعر” (I feel); a spelled initial is "
        "read as one before a surname (“جون إف. كينيدي”) unless و/ف and a verb follow"
    ),
}


def test_case_set_is_large_enough() -> None:
    counts = Counter(case.lang for case in CASES)
    assert set(counts) == set(LANGUAGES)
    assert counts["ar"] >= 30
    assert min(counts.values()) >= 12
    assert set(KNOWN_MISSES) <= {(case.lang, case.origin) for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.lang}-{c.origin}" for c in CASES])
def test_case(case: Case) -> None:
    judge(case, (case.lang, case.origin) in KNOWN_MISSES)


def test_accuracy_per_language(capsys: pytest.CaptureFixture[str]) -> None:
    figures = accuracy_per_language(CASES)
    with capsys.disabled():
        print("\nunseen real-text accuracy: " + describe(figures))
    for lang, (good, total) in figures.items():
        assert 100.0 * good / total >= THRESHOLD, f"{lang}: {good}/{total}"
