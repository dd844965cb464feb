"""Extraction over a project of 500 articles: cold, unchanged (cache), touched, edited.

Run by hand:  python bench/bench_extract.py [N]
Target (issue 3): 500 articles in seconds, and incremental (unchanged articles not re-parsed).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tmflow.steps.extract as extract_mod  # noqa: E402
from tmflow.io.config import load_config  # noqa: E402
from tmflow.steps.extract import extract_project  # noqa: E402


def make_project(folder: Path, n: int) -> None:
    txt = (ROOT / "sources" / "khojaly-moscow-2014.txt").read_text("utf-8")
    md = (ROOT / "sources" / "justice-for-khojaly-campaign.md").read_text("utf-8")
    (folder / "sources").mkdir(parents=True)
    (folder / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["fr", "ru"]\n', "utf-8"
    )
    for i in range(n):
        extra = f"\n\nThis is article number {i}. It was published on day {i % 28 + 1}.\n"
        if i % 2:
            (folder / "sources" / f"article-{i:04d}.md").write_text(md + extra, "utf-8")
        else:
            (folder / "sources" / f"article-{i:04d}.txt").write_text(txt + extra, "utf-8")


def run(label: str, folder: Path) -> None:
    parsed = 0
    original = extract_mod.segment_text

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal parsed
        parsed += 1
        return original(*args, **kwargs)

    extract_mod.segment_text = counting
    try:
        t0 = time.perf_counter()
        result = extract_project(load_config(folder))
        seconds = time.perf_counter() - t0
    finally:
        extract_mod.segment_text = original
    print(
        f"{label:<34} {seconds:6.2f} s  {len(result.written):4d} written  "
        f"{len(result.unchanged):4d} unchanged  {parsed:4d} parsed  "
        f"{result.segments} segments"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "project"
        make_project(folder, n)
        run(f"cold: {n} articles", folder)
        run("again, nothing changed", folder)
        sources = sorted((folder / "sources").iterdir())
        for path in sources[:50]:
            os.utime(path)
        run("50 touched, content unchanged", folder)
        for path in sources[50:60]:
            path.write_text(path.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
        run("10 edited", folder)
        (folder / ".tmflow" / extract_mod.CACHE_NAME).unlink()
        run("cache deleted (all parsed, 0 written)", folder)


if __name__ == "__main__":
    main()
