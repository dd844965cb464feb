"""Benchmark: the HTML pages, made by tmflow and shown by headless Chromium.

In one run, on generated projects under /tmp (not in the repository):

1. ``tmflow review ARTICLE -l fr`` on articles of 200 and 2,000 segments (every kind of block,
   MT drafts, changed sources with their old text, untranslated segments, glossary terms,
   findings), best of three, beside ``msgfmt --statistics`` of the same PO file (the peer
   tool's cost of reading it, measured in the same run);
2. each page opened in headless Chromium, five fresh tabs: the page's own navigation timing
   (load event end, first contentful paint), median;
3. the status page of ARTICLES × 5 languages (2,500 rows by default): made by ``tmflow status
   --format html``, opened in Chromium, and one sort (a click on "words left") and one filter
   (a language) timed in the page.

Usage::

    python bench/bench_review.py [--articles 500] [--root /tmp/tmflow-bench-review]

Targets: a 200-segment article shown in under a second; sorting and filtering a few thousand
rows without a visible wait (under 0.2 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polib

from tests.steps.report.chromium import Chromium
from tests.steps.report.review_project import make_long_project
from tmflow.io.po.writer import dumps_po, new_catalog

LANGS = ("az", "ru", "tr", "fr", "ar")


def best_of(n: int, command: list[str | Path]) -> float:
    """The best wall time of ``n`` runs of ``command``."""
    times = []
    for _ in range(n):
        started = time.perf_counter()
        done = subprocess.run([str(c) for c in command], capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
    return min(times)


TMFLOW: list[str | Path] = [sys.executable, "-m", "tmflow"]


def page_timing(browser: Chromium, page: Path, rounds: int = 5) -> tuple[float, float]:
    loads, paints = [], []
    for _ in range(rounds):
        tab = browser.open(page.as_uri())
        tab.wait_for("performance.getEntriesByName('first-contentful-paint').length > 0", 10)
        load, paint = tab.evaluate(
            "[performance.getEntriesByType('navigation')[0].loadEventEnd,"
            " performance.getEntriesByName('first-contentful-paint')[0].startTime]"
        )
        loads.append(load)
        paints.append(paint)
        tab.call("Page.close")
    return statistics.median(loads), statistics.median(paints)


def status_tree(root: Path, articles: int) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text(
        f"source-language = 'en'\nlanguages = {list(LANGS)!r}\n", "utf-8"
    )
    for lang in LANGS:
        folder = root / "locales" / lang
        folder.mkdir(parents=True)
        for a in range(articles):
            po = new_catalog(f"article-{a:05d}", lang)
            for s in range(20):
                entry = polib.POEntry(msgid=f"Sentence {s} of article {a} about Baku.")
                if (a + s) % 3:
                    entry.msgstr = f"[{lang}] {entry.msgid}"
                if (a + s) % 5 == 0 and entry.msgstr:
                    entry.flags = ["fuzzy"]
                    entry.tcomment = "tmflow: mt google 2026-11-27"
                po.append(entry)
            (folder / f"article-{a:05d}.po").write_text(dumps_po(po), "utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--root", type=Path, default=Path("/tmp/tmflow-bench-review"))
    args = parser.parse_args()
    root: Path = args.root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores shared)")
    profile = Path(tempfile.mkdtemp(prefix="tmflow-bench-chromium-"))
    with Chromium(profile) as browser:
        browser.open("about:blank")
        for segments in (200, 2000):
            project = make_long_project(root / f"article-{segments}", segments)
            page = root / f"review-{segments}.html"
            po = project / "locales" / "fr" / "long.po"
            made = best_of(3, [*TMFLOW, "-p", project, "review", "long", "-l", "fr", "-o", page])
            msgfmt = best_of(3, ["msgfmt", "--statistics", "-o", os.devnull, po])
            load, paint = page_timing(browser, page)
            print(
                f"review page, {segments} segments: made in {made:.2f} s (msgfmt --statistics "
                f"of the PO file {msgfmt * 1000:.0f} ms, {made / msgfmt:.0f}×); "
                f"{page.stat().st_size / 1000:.0f} kB; Chromium: first paint {paint:.0f} ms, "
                f"load {load:.0f} ms (median of 5)"
            )
        tree = status_tree(root / "status-tree", args.articles)
        page = root / "status.html"
        made = best_of(3, [*TMFLOW, "-p", tree, "status", "--format", "html", "-o", page])
        load, paint = page_timing(browser, page, 3)
        tab = browser.open(page.as_uri())
        rows = tab.evaluate("document.getElementById('f-count').textContent")
        sort_ms = tab.evaluate(
            "(() => { const t = performance.now();"
            " document.querySelector('th[data-key=left] button').click();"
            " document.body.offsetHeight; return performance.now() - t; })()"
        )
        filter_ms = tab.evaluate(
            "(() => { const t = performance.now(); const s = document.getElementById('f-lang');"
            " s.value = 'ar'; s.dispatchEvent(new Event('change'));"
            " document.body.offsetHeight; return performance.now() - t; })()"
        )
        print(
            f"status page ({rows}): made in {made:.2f} s; {page.stat().st_size / 1e6:.1f} MB; "
            f"Chromium: first paint {paint:.0f} ms, load {load:.0f} ms; sort {sort_ms:.0f} ms, "
            f"filter {filter_ms:.0f} ms (layout included)"
        )
    shutil.rmtree(profile, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
