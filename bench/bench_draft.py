"""Draft throughput against a local LibreTranslate-compatible server with 100 ms latency.

    python bench/bench_draft.py [--segments 2000] [--concurrency 16] [--latency 0.1]

Three runs over ``segments`` unique segments (one language, 10 articles):

1. clean: every request succeeds; target: within 1.3x of the floor segments x latency /
   concurrency (12.5 s for the defaults);
2. faulty: 10% of the texts fail on their first request (HTTP 500, 429, dropped connection or
   a garbage body, in turn); every segment must still be drafted;
3. repeated: the untranslated project again, with the cache of run 2: zero requests.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmflow.io.config import load_config
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.steps.mt.draft import draft_project

FAULTS = "500,429,drop,garbage"
REPO = Path(__file__).resolve().parent.parent


def make_project(root: Path, segments: int) -> None:
    root.mkdir(parents=True)
    (root / "tmflow.toml").write_text(
        'languages = ["fr"]\n[mt]\nprovider = "libre"\ntimeout = 10.0\n', "utf-8"
    )
    per_article = segments // 10
    for article in range(10):
        po = new_catalog("bench", "fr")
        for i in range(per_article):
            n = article * per_article + i
            po.append(
                polib.POEntry(
                    msgid=f"Segment {n}: the delegation visited **the memorial** on day {n}.",
                    msgstr="",
                )
            )
        save_po(po, root / "locales" / "fr" / f"article-{article}.po")


class Server:
    """The fake LibreTranslate server in a process of its own, like a remote service."""

    def __init__(self, latency: float, fail_first: float = 0.0) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.fakes.libre_server",
                "--latency",
                str(latency),
                "--fail-first",
                str(fail_first),
                "--fail-kind",
                FAULTS,
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()

    def requests(self) -> int:
        with urllib.request.urlopen(self.url + "stats") as answer:
            return int(json.load(answer)["requests"])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def run(label: str, root: Path, server: Server, concurrency: int, floor: float) -> float:
    before = server.requests()
    cpu = time.process_time()
    start = time.perf_counter()
    result = draft_project(load_config(root), url=server.url, concurrency=concurrency)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    report = result.languages["fr"]
    ratio = f"{elapsed / floor:.2f}x floor" if floor else ""
    print(
        f"{label:<9} {elapsed:6.2f} s  {ratio:<11} cpu {cpu:5.2f} s  requests "
        f"{server.requests() - before:5d}  retries {result.retries:4d}  drafted "
        f"{report.drafted:5d}  failed {report.failed}  left {result.left}"
    )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    floor = args.segments * args.latency / args.concurrency
    print(
        f"{args.segments} unique segments, latency {args.latency * 1000:.0f} ms, concurrency "
        f"{args.concurrency}: floor {floor:.2f} s, target {1.3 * floor:.2f} s"
    )
    tmp = Path(tempfile.mkdtemp(prefix="tmflow-bench-"))
    try:
        clean, faulty, again = tmp / "clean", tmp / "faulty", tmp / "again"
        for root in (clean, faulty, again):
            make_project(root, args.segments)
        server = Server(args.latency)
        try:
            t1 = run("clean", clean, server, args.concurrency, floor)
        finally:
            server.stop()
        server = Server(args.latency, fail_first=0.10)
        try:
            t2 = run("faulty", faulty, server, args.concurrency, floor)
            shutil.copytree(faulty / ".tmflow", again / ".tmflow")
            before = server.requests()
            run("repeated", again, server, args.concurrency, 0)
            repeated = server.requests() - before
        finally:
            server.stop()
        print(
            f"clean {'within' if t1 <= 1.3 * floor else 'OVER'} 1.3x floor; faulty "
            f"{'within' if t2 <= 1.3 * floor else 'over'} 1.3x floor; repeated run made "
            f"{repeated} requests"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
