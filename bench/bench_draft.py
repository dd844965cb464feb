"""Draft throughput against a local LibreTranslate-compatible server with 100 ms latency, and the
reply checks on real translations.

    python bench/bench_draft.py [--segments 1000] [--concurrency 16] [--latency 0.1]
    python bench/bench_draft.py --replies /work/data/parallel

Runs over ``segments`` unique segments (one language, 10 articles), the server in a process of
its own (as a remote service would be):

1. one text per request (``batch_size=1``): target within 1.1x of the floor of one request per
   segment, ``segments x latency / concurrency`` (6.25 s for the defaults);
2. batched (the engine's limit, 16 texts for LibreTranslate): requests sent and wall time,
   target below that floor;
3. batched, with 10% of the texts failing on their first request (HTTP 500, 429, a dropped
   connection, an HTML page, in turn; a batch fails when one of its texts does): every segment
   must still be drafted;
4. repeated: the untranslated project again, with the cache of run 3: zero requests.

Beside them, a bare ``requests`` client (16 threads, one keep-alive session each) sends the same
number of one-text requests to the same server: what the machine and the server allow, measured
in the same minute.

``--replies DIR`` runs the reply checks (``tmflow.steps.mt.replies.check_reply``) on every pair
of the parallel corpora in ``DIR`` (``<lang>*.jsonl`` with ``en`` and ``tgt``), the professional
translation taken as the engine's reply, and reports how many would be refused (and why) and
how long the checks take.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import polib
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmflow.io.config import load_config
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.steps.mt.draft import draft_project

FAULTS = "500,429,drop,html"
REPO = Path(__file__).resolve().parent.parent


def text(n: int) -> str:
    return f"Segment {n}: the delegation visited **the memorial** on day {n}."


def make_project(root: Path, segments: int) -> None:
    root.mkdir(parents=True)
    (root / "tmflow.toml").write_text(
        'languages = ["fr"]\n[mt]\nprovider = "libre"\ntimeout = 10.0\n', "utf-8"
    )
    per_article = segments // 10
    for article in range(10):
        po = new_catalog("bench", "fr")
        for i in range(per_article):
            po.append(polib.POEntry(msgid=text(article * per_article + i), msgstr=""))
        save_po(po, root / "locales" / "fr" / f"article-{article}.po")


class Server:
    """The fake LibreTranslate server in a process of its own, like a remote service."""

    def __init__(self, latency: float, fail_first: float = 0.0) -> None:
        self.proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "tests.fakes.libre_server", "--latency", str(latency)),
                *("--fail-first", str(fail_first), "--fail-kind", FAULTS),
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


def run(
    label: str,
    root: Path,
    server: Server,
    concurrency: int,
    floor: float,
    batch_size: int | None = None,
) -> tuple[float, int]:
    before = server.requests()
    cpu = time.process_time()
    start = time.perf_counter()
    result = draft_project(
        load_config(root), url=server.url, concurrency=concurrency, batch_size=batch_size
    )
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    report = result.languages["fr"]
    sent = server.requests() - before
    ratio = f"{elapsed / floor:.2f}x floor" if floor else ""
    print(
        f"{label:<14} {elapsed:6.2f} s  {ratio:<11} cpu {cpu:5.2f} s  requests {sent:5d}  "
        f"retries {result.retries:4d}  drafted {report.drafted:5d}  failed {report.failed}  "
        f"left {result.left}"
    )
    return elapsed, sent


def bare_client(server: Server, segments: int, concurrency: int, floor: float) -> float:
    """The same one-text requests from a minimal client: the machine's own floor."""
    lock = threading.Lock()
    sent = [0]

    def work() -> None:
        http = requests.Session()
        while True:
            with lock:
                if sent[0] >= segments:
                    return
                sent[0] += 1
                n = sent[0]
            body = {"q": [text(n)], "source": "en", "target": "fr", "format": "text"}
            http.post(server.url + "translate", json=body, timeout=10).json()

    start = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    print(f"{'bare client':<14} {elapsed:6.2f} s  {elapsed / floor:.2f}x floor")
    return elapsed


def bench_requests(args: argparse.Namespace) -> None:
    floor = args.segments * args.latency / args.concurrency
    print(
        f"{args.segments} unique segments, latency {args.latency * 1000:.0f} ms, concurrency "
        f"{args.concurrency}: floor of one request per segment {floor:.2f} s "
        f"(target {1.1 * floor:.2f} s); load average {os.getloadavg()[0]:.2f}"
    )
    tmp = Path(tempfile.mkdtemp(prefix="tmflow-bench-"))
    try:
        names = ("single", "batched", "faulty", "again")
        single, batched, faulty, again = (tmp / name for name in names)
        for root in (single, batched, faulty, again):
            make_project(root, args.segments)
        server = Server(args.latency)
        try:
            bare = bare_client(server, args.segments, args.concurrency, floor)
            t1, _ = run("one a request", single, server, args.concurrency, floor, batch_size=1)
            t2, n2 = run("batched", batched, server, args.concurrency, floor)
        finally:
            server.stop()
        server = Server(args.latency, fail_first=0.10)
        try:
            t3, _ = run("faulty", faulty, server, args.concurrency, floor)
            shutil.copytree(faulty / ".tmflow", again / ".tmflow")
            _, repeated = run("repeated", again, server, args.concurrency, 0)
        finally:
            server.stop()
        print(
            f"one a request {t1 / floor:.2f}x floor ({'within' if t1 <= 1.1 * floor else 'OVER'} "
            f"1.1x; the bare client {bare / floor:.2f}x); batched {n2} requests, "
            f"{t2 / floor:.2f}x ({'below' if t2 < floor else 'NOT below'} the floor); faulty "
            f"batched {t3 / floor:.2f}x; repeated run made {repeated} requests; load average now "
            f"{os.getloadavg()[0]:.2f}"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench_replies(folder: Path) -> None:
    from tmflow.steps.mt.replies import check_reply

    corpus = []
    for path in sorted(folder.glob("*.jsonl")):
        lang = path.name.split(".")[0]
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            corpus.append((path.name, lang, record["en"].strip(), record["tgt"].strip()))
    refused = 0
    by_reason: dict[str, int] = {}
    examples: list[str] = []
    start = time.perf_counter()
    for name, lang, source, reply in corpus:
        rejected = check_reply(source, reply, "en", lang)
        if rejected is not None:
            refused += 1
            kind = rejected.reason.split(" (")[0]
            by_reason[kind] = by_reason.get(kind, 0) + 1
            if len(examples) < 10:
                examples.append(f"  {name}: {rejected.reason}: {reply[:60]!r}")
    elapsed = time.perf_counter() - start
    print(
        f"reply checks on {len(corpus):,} professional translations: {refused} refused "
        f"({elapsed:.2f} s, {len(corpus) / elapsed:,.0f} replies/s)"
    )
    for kind, count in sorted(by_reason.items()):
        print(f"  {count} × {kind}")
    print("\n".join(examples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--replies", type=Path, metavar="DIR", help="parallel corpora folder")
    args = parser.parse_args()
    if args.replies:
        bench_replies(args.replies)
    else:
        bench_requests(args)


if __name__ == "__main__":
    main()
