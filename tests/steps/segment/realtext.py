"""The held-out cases from real text (tests/fixtures/segmentation/realtext.tsv and unseen.tsv):
loading and judging, shared by the tests and by bench/compare_segmenters.py."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tmflow.steps.segment.segmenter import segment_text, split_sentences

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "segmentation"
REALTEXT = FIXTURES / "realtext.tsv"
UNSEEN = FIXTURES / "unseen.tsv"
LANGUAGES = ("en", "ru", "tr", "fr", "de", "az", "ar")

_MARKER = re.compile(r"^(?:[-–—•*]|\d{1,3}[.)])\s+")
_SPACE = re.compile(r"\s+")


def unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\u00a0", "\u00a0").replace("\\u202f", "\u202f")


def normalise(segment: str) -> str:
    """A segment as compared: white space folded, a leading list marker or dash dropped."""
    return _MARKER.sub("", _SPACE.sub(" ", segment).strip())


@dataclass(frozen=True)
class Case:
    lang: str
    origin: str
    fmt: str  # "p" (one paragraph), "txt" or "md" (a whole article)
    text: str
    expected: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.lang}-{self.fmt}-{self.origin}"


def load(path: Path = REALTEXT) -> list[Case]:
    cases = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, origin, fmt, body, *rest = line.split("\t")
        if fmt == "p":
            parts = unescape(body).split(" || ")
            text = " ".join(parts)
        else:
            text = unescape(body)
            parts = unescape(rest[0]).split(" || ")
        cases.append(Case(lang, origin, fmt, text, tuple(normalise(p) for p in parts)))
    return cases


def right(case: Case, segment: Callable[[Case], list[str]]) -> bool:
    """Whether ``segment`` (the case → its segments' texts) splits the case as expected."""
    return tuple(normalise(s) for s in segment(case) if normalise(s)) == case.expected


def segments(case: Case) -> list[str]:
    """The texts of tmflow's segments of a case (a paragraph, or an article in its format)."""
    if case.fmt == "p":
        return [case.text[s:e] for s, e in split_sentences(case.text, case.lang)]
    fmt = "text" if case.fmt == "txt" else "markdown"
    return [s.text for s in segment_text(case.text, fmt, case.lang)]


def judge(case: Case, known_miss: bool) -> None:
    """One case: split as expected, or (a known miss) still split otherwise."""
    if known_miss:
        assert not right(case, segments), (
            f"now right: remove it from the known misses {case.label}"
        )
    else:
        assert right(case, segments), (
            f"want {' || '.join(case.expected)}\ngot  {' || '.join(segments(case))}"
        )


def accuracy_per_language(cases: list[Case]) -> dict[str, tuple[int, int]]:
    """Cases split as expected, and cases, per language."""
    good: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for case in cases:
        total[case.lang] += 1
        good[case.lang] += right(case, segments)
    return {lang: (good[lang], total[lang]) for lang in LANGUAGES}


def describe(figures: dict[str, tuple[int, int]]) -> str:
    return ", ".join(
        f"{lang} {100.0 * good / total:.1f}% ({good}/{total})"
        for lang, (good, total) in figures.items()
    )
