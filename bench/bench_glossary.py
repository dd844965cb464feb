"""Glossary benchmark: load a big glossary.yml, match its terms in many segments, check
translations.

    python bench/bench_glossary.py [--terms 5000] [--articles 500] [--segments 40]

Prints: the time to load a 10,000-term glossary.yml, to build the matcher for N terms, to
find the terms in every segment of the generated articles (one language's worth of
segments), to write the hints for those segments, and to check their translations (ru).
Text and terms are generated from one vocabulary, so most words start a partial match.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmflow.io.glossary import parse_glossary
from tmflow.steps.terms import TermMatcher

SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "ta",
    "se",
    "lo",
    "vu",
    "ne",
    "di",
    "po",
    "za",
    "hu",
    "ri",
    "ga",
    "be",
    "to",
    "shi",
    "an",
    "el",
    "or",
]
CYRILLIC = str.maketrans("kromitaselvundpzhgb", "кромиташелвундпзхгб")


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def glossary_yaml(rng: random.Random, n: int, vocabulary: list[str]) -> str:
    lines = ["terms:"]
    seen: set[str] = set()
    while len(seen) < n:
        words = [rng.choice(vocabulary) for _ in range(rng.choice([1, 2, 2, 3]))]
        text = " ".join(w.capitalize() for w in words)
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        ru = " ".join(w.translate(CYRILLIC).capitalize() for w in words)
        lines += [
            f"  - term: {text}",
            "    ru:",
            f"      approved: {ru}",
            f"      forbidden: [{ru}xx]",
            f"    tr: {text}",
        ]
    return "\n".join(lines) + "\n"


def segments(
    rng: random.Random, vocabulary: list[str], articles: int, per_article: int
) -> list[str]:
    out = []
    for _ in range(articles * per_article):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(12, 30))]
        for i in range(0, len(words), 5):
            words[i] = words[i].capitalize()  # names: some start a term
        out.append(" ".join(words) + ".")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--terms", type=int, default=5000)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--segments", type=int, default=40, help="segments per article")
    args = parser.parse_args()
    rng = random.Random(7)
    vocabulary = sorted({word(rng) for _ in range(6000)})

    big = glossary_yaml(rng, 10_000, vocabulary)
    start = time.perf_counter()
    parse_glossary(big, Path("big.yml"), ["ru", "tr"])
    print(
        f"load 10,000-term glossary.yml ({len(big) // 1024} KiB): "
        f"{time.perf_counter() - start:.2f} s"
    )

    text = glossary_yaml(rng, args.terms, vocabulary)
    glossary = parse_glossary(text, Path("g.yml"), ["ru", "tr"])
    start = time.perf_counter()
    matcher = TermMatcher(glossary)
    print(f"build matcher, {len(glossary)} terms: {time.perf_counter() - start:.2f} s")

    segs = segments(rng, vocabulary, args.articles, args.segments)
    words = sum(len(s.split()) for s in segs)
    start = time.perf_counter()
    found = sum(len(matcher.match_source(s)) for s in segs)
    took = time.perf_counter() - start
    print(
        f"match {len(segs):,} segments ({args.articles} articles, {words:,} words): "
        f"{took:.2f} s, {found:,} term occurrences, {words / took:,.0f} words/s"
    )

    matcher._cache.clear()  # time the hints from scratch, not from the match cache
    start = time.perf_counter()
    hints = sum(1 for s in segs if matcher.hint_comment(s, "ru"))
    print(
        f"hint comments for the same segments (ru): {time.perf_counter() - start:.2f} s "
        f"({hints:,} segments with terms)"
    )

    sample = segs[: len(segs) // 10]
    translations = [" ".join(w.translate(CYRILLIC) for w in s.split()) for s in sample]
    matcher._cache.clear()
    start = time.perf_counter()
    issues = sum(len(matcher.check_translation(s, t, "ru")) for s, t in zip(sample, translations))
    took = time.perf_counter() - start
    print(
        f"check {len(sample):,} translations (ru, first call builds the ru index): "
        f"{took:.2f} s, {issues:,} issues"
    )


if __name__ == "__main__":
    main()
