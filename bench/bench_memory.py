"""Translation-memory lookups: speed and recall against an exhaustive rapidfuzz scan.

    python bench/bench_memory.py [--segments 100000] [--queries 2000] [--check 300]

Builds a memory of N unique news-like segments (function words and a 20,000-word Zipf
vocabulary; ``--small-vocabulary``: ~150 words only), then looks up queries made from memory
segments by the edits a desk makes (typo, word inserted/deleted/replaced, number changed; one to
four of them) and brand-new sentences. Prints lookups/s of ``Memory.lookup`` and of an
exhaustive ``process.extractOne`` scan (on a sample), and the recall: of the queries whose
exhaustive best match scores ≥ 75, the share where the index found a match at least as good.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process

from tests.steps.merge.test_update_cases import EDITS, NewsText, edit
from tests.steps.merge.test_update_cases import sentence as small_sentence
from tmflow.steps.merge.memory import Memory, MemoryUnit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--check", type=int, default=300, help="queries checked exhaustively")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--small-vocabulary",
        action="store_true",
        help="sentences from ~150 words only (the hardest case for an index)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sentence = small_sentence if args.small_vocabulary else NewsText(seed=0).sentence

    sources: dict[str, None] = {}
    while len(sources) < args.segments:
        sources[sentence(rng)] = None
    texts = list(sources)
    memory = Memory("fr")
    memory.extend(MemoryUnit(s, s[::-1], "fr/bench.po") for s in texts)
    t0 = time.perf_counter()
    _ = memory.index  # build
    build = time.perf_counter() - t0

    queries = []
    for _ in range(args.queries):
        if rng.random() < 0.7:
            q = rng.choice(texts)
            for _ in range(rng.randint(1, 4)):
                q = edit(rng, q, rng.choice([k for k in EDITS if k != "quotes"]))
            queries.append(q)
        else:
            queries.append(sentence(rng))

    t0 = time.perf_counter()
    found = [memory.lookup(q, 75) for q in queries]
    elapsed = time.perf_counter() - t0

    checked = queries[: args.check]
    t0 = time.perf_counter()
    truth = [process.extractOne(q, texts, scorer=fuzz.ratio, score_cutoff=75) for q in checked]
    scan = time.perf_counter() - t0
    relevant = [(i, t) for i, t in enumerate(truth) if t is not None]
    hits = sum(1 for i, t in relevant if found[i] is not None and found[i].score >= t[1] - 1e-9)
    misses = [
        (checked[i], t[0], t[1])
        for i, t in relevant
        if not (found[i] is not None and found[i].score >= t[1] - 1e-9)
    ]

    print(f"memory: {len(texts):,} unique segments, index built in {build:.2f} s")
    print(
        f"index lookups:      {len(queries) / elapsed:,.0f} lookups/s "
        f"({len(queries)} queries in {elapsed:.2f} s)"
    )
    print(f"exhaustive scan:    {len(checked) / scan:,.1f} lookups/s ({len(checked)} queries)")
    print(
        f"recall (best ≥ 75): {hits}/{len(relevant)} = {100 * hits / max(len(relevant), 1):.2f}%"
    )
    for q, t, s in misses[:5]:
        print(f"  missed {s:.1f}: {q!r} ~ {t!r}")


if __name__ == "__main__":
    main()
