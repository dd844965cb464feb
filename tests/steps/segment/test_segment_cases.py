"""The segmentation case set (tests/fixtures/segmentation/cases.tsv): every case, and accuracy
per language (printed in the test output; each language must reach 97 %)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tmflow.steps.segment.segmenter import fold_space, split_sentences

CASES_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "segmentation" / "cases.tsv"
LANGUAGES = ("en", "ru", "tr", "fr", "de", "az", "ar")
THRESHOLD = 97.0


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\u00a0", "\u00a0").replace("\\u202f", "\u202f")


def load_cases() -> list[tuple[str, str, list[str]]]:
    cases = []
    for line in CASES_FILE.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, body = line.split("\t", 1)
        parts = _unescape(body).split(" || ")
        cases.append((lang, " ".join(parts), [fold_space(p.strip()) for p in parts]))
    return cases


CASES = load_cases()


def split(text: str, lang: str) -> list[str]:
    return [fold_space(text[s:e]) for s, e in split_sentences(text, lang)]


def test_case_set_is_large_enough() -> None:
    counts = Counter(lang for lang, _, _ in CASES)
    assert set(counts) == set(LANGUAGES)
    assert sum(counts.values()) >= 150
    assert min(counts.values()) >= 20


@pytest.mark.parametrize(
    "lang,text,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_case(lang: str, text: str, expected: list[str]) -> None:
    assert split(text, lang) == expected


def test_accuracy_per_language(capsys: pytest.CaptureFixture[str]) -> None:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for lang, text, expected in CASES:
        total[lang] += 1
        right[lang] += split(text, lang) == expected
    figures = {lang: 100.0 * right[lang] / total[lang] for lang in LANGUAGES}
    with capsys.disabled():
        print(
            "\nsegmentation accuracy: "
            + ", ".join(
                f"{lang} {figures[lang]:.1f}% ({right[lang]}/{total[lang]})" for lang in LANGUAGES
            )
        )
    for lang, figure in figures.items():
        assert figure >= THRESHOLD, f"{lang}: {figure:.1f}% < {THRESHOLD}%"
