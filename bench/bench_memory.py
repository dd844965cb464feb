"""Translation-memory lookups: speed and recall against an exhaustive rapidfuzz scan.

    python bench/bench_memory.py [--segments 100000] [--queries 2000] [--check 300]
        [--corpus /work/data/parallel [--language fr]]

Builds a memory of N unique news-like segments, then looks up queries made from memory
segments by the edits a desk makes and brand-new sentences. With ``--corpus`` (a folder of
``<lang>.ntrex.jsonl`` files) the segments are real news sentences, whole or spliced, with their
real translations, and the edits are a news desk's (``bench/news_edits.py``: names, numbers,
dates, punctuation, one word, a clause rewritten, a sentence split; one to three of them).
Without it: function words and a 20,000-word Zipf vocabulary (``--small-vocabulary``: ~150
words only) with typo, word inserted/deleted/replaced, number changed (one to four). Prints lookups/s of ``Memory.lookup`` and of an
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from news_edits import KINDS, load_corpus, news_edit, segments
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
    parser.add_argument("--corpus", type=Path, help="folder of <lang>.ntrex.jsonl files")
    parser.add_argument("--language", default="fr")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sentence = small_sentence if args.small_vocabulary else NewsText(seed=0).sentence

    if args.corpus is not None:
        corpus = load_corpus(args.corpus, args.language)
        pairs = segments(rng, corpus, args.segments)
        texts = list(pairs)

        def desk_edit(q: str) -> str:
            for _ in range(rng.randint(1, 3)):
                q = rng.choice(news_edit(rng, q, rng.choice(KINDS), corpus))
            return q

        def new_sentence(r: random.Random) -> str:
            return segments(r, corpus, 1).popitem()[0]

    else:
        sources: dict[str, None] = {}
        while len(sources) < args.segments:
            sources[sentence(rng)] = None
        texts = list(sources)
        pairs = {s: s[::-1] for s in texts}

        def desk_edit(q: str) -> str:
            for _ in range(rng.randint(1, 4)):
                q = edit(rng, q, rng.choice([k for k in EDITS if k != "quotes"]))
            return q

        new_sentence = sentence
    memory = Memory(args.language)
    memory.extend(MemoryUnit(s, t, f"{args.language}/bench.po") for s, t in pairs.items())
    t0 = time.perf_counter()
    _ = memory.index  # build
    build = time.perf_counter() - t0

    queries = []
    for _ in range(args.queries):
        if rng.random() < 0.7:
            queries.append(desk_edit(rng.choice(texts)))
        else:
            queries.append(new_sentence(rng))

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
