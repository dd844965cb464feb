"""A no-op ``sync`` on a big project: 500 articles × 5 languages, nothing changed.

    python bench/bench_sync.py [--articles 500] [--sentences 30]

Builds a project of N plain-text articles, runs ``tmflow sync`` once to create every template
and PO file (and translates ~half of each catalog, so memory lookups have work to do), then
times another ``sync`` (the no-op the issue asks about) and counts the files under
``locales/`` whose bytes or modification time changed. Expected: a few seconds, zero files.
Then the same no-op without tmflow's caches (a fresh clone has no ``.tmflow/``): every file
is parsed and every untranslated entry looked up in the memory.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.steps.merge.test_update_cases import sentence, translate
from tmflow.cli.main import run
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po


def snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    return {
        p: (p.stat().st_mtime_ns, p.stat().st_size)
        for p in (root / "locales").rglob("*")
        if p.is_file()
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--sentences", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(1)
    root = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    (root / "sources").mkdir()
    (root / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["az", "ru", "tr", "fr", "ar"]\n', "utf-8"
    )
    for i in range(args.articles):
        paras = []
        for _ in range(max(1, args.sentences // 3)):
            paras.append(" ".join(sentence(rng) for _ in range(3)))
        (root / "sources" / f"article-{i:04d}.txt").write_text("\n\n".join(paras) + "\n")

    t0 = time.perf_counter()
    assert run(["--project", str(root), "-q", "sync"]) == 0
    first = time.perf_counter() - t0
    for path in sorted((root / "locales").glob("*/*.po")):
        po = load_po(path)
        for k, e in enumerate(po):
            if k % 2 == 0:
                e.msgstr = translate(e.msgid)
        save_po(po, path)
    t0 = time.perf_counter()
    assert run(["--project", str(root), "-q", "sync"]) == 0
    settle = time.perf_counter() - t0

    before = snapshot(root)
    t0 = time.perf_counter()
    code = run(["--project", str(root), "-q", "sync"])
    noop = time.perf_counter() - t0
    after = snapshot(root)
    touched = [p for p in after if before.get(p) != after[p]]
    # the same no-op without tmflow's caches (a fresh clone: no .tmflow folder)
    for cache in (root / ".tmflow").glob("*.json"):
        cache.unlink()
    t0 = time.perf_counter()
    cold_code = run(["--project", str(root), "-q", "sync"])
    cold = time.perf_counter() - t0
    cold_after = snapshot(root)
    cold_touched = [p for p in cold_after if after.get(p) != cold_after[p]]
    n_po = len(list((root / "locales").glob("*/*.po")))
    print(f"project: {args.articles} articles × 5 languages = {n_po} PO files")
    print(f"first sync (create everything): {first:.2f} s")
    print(f"sync after translating (memory drafts): {settle:.2f} s")
    print(f"no-op sync: {noop:.2f} s, exit {code}, files touched: {len(touched)}")
    print(
        f"no-op sync without caches (fresh clone): {cold:.2f} s, exit {cold_code}, "
        f"files touched: {len(cold_touched)}"
    )


if __name__ == "__main__":
    main()
