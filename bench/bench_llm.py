"""Drafts from the ``openai`` engine (windows of an article) against a local OpenAI-compatible
server with 300 ms per request, and the token estimate against real tokenizers.

    python bench/bench_llm.py [--latency 0.3] [--segments 40] [--articles 10] [--repeat 5]
                              [--dir /dev/shm]
    python bench/bench_llm.py --tokens /work/data/parallel      (needs: pip install bpe-openai)

The server runs in a process of its own, as a remote service would (tests/fakes/openai_server.py).
Every project is in five languages (az, ru, tr, fr, ar), of English news sentences written for
this benchmark (``SENTENCES``, about 25 words each):

1. one article of ``segments`` segments, ``repeat`` times in new projects, with the cache file
   made by the run (a project's first draft) and already there (any later draft): requests sent
   against the windows planned (at most one request per language per article window), and the
   wall time of ``draft`` against the floor of ``ceil(windows / concurrency) x latency``;
   target within 1.2x (the median);
2. ``articles`` articles: the same, with more windows than workers;
3. the same articles with 10% of the requests of several segments answered badly (an id
   missing or not asked for, invalid JSON, a refusal): every segment must still be drafted, and
   the extra requests are counted;
4. repeated: the untranslated project again with the cache of run 2: zero requests.

Beside them, a bare ``requests`` client sends the first run's requests (the same bodies, the
same concurrency) to the same server: what the machine and the server allow in the same minute.

``--tokens DIR`` compares :func:`tmflow.steps.mt.windows.estimate_tokens` with the
``cl100k_base`` and ``o200k_base`` encodings (``bpe-openai``, a Rust implementation that ships
OpenAI's token tables; not a dependency of tmflow) on every sentence of the parallel corpora in
``DIR`` (``<lang>*.jsonl`` with ``en`` and ``tgt``), per sentence and over runs of 40; then on
whole requests: every NTREX-128 article (``<lang>.ntrex.jsonl``) planned in windows as a
project would be, each request's estimate against its real count, and the answer's (the
reference translations standing in for the model's).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

import polib
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmflow.io.config import load_config
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.steps.mt.draft import draft_project

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ("az", "ru", "tr", "fr", "ar")
SENTENCES = [
    "The delegation arrived in the capital on {n} March for three days of talks on trade and energy.",
    "Officials said the agreement would cut customs waiting times at the border by almost half.",
    "The minister told reporters that the new rail link should open to passengers within {n} months.",
    "Farmers in the northern districts have asked for help after the worst drought in a decade.",
    "According to the statistics office, inflation fell to {n}.4 percent in the second quarter.",
    "The museum will reopen next week with an exhibition of carpets from the nineteenth century.",
    "Rescue teams worked through the night to reach villages cut off by the landslide.",
    "She said the city had planted more than {n},000 trees along the river since the spring.",
    "The court adjourned the hearing until the defence had studied the new documents.",
    "Students from {n} countries took part in the science olympiad held at the university.",
    "The company plans to build a solar plant that would supply power to about 40,000 homes.",
    "Residents were advised to stay indoors while firefighters brought the blaze under control.",
    "The festival, now in its {n}th year, draws musicians from across the region every summer.",
    "Health authorities reported that vaccination rates among children had risen sharply.",
    "The bridge, closed for repairs since January, carries most of the traffic into the old town.",
]


def sentence(i: int) -> str:
    return SENTENCES[i % len(SENTENCES)].format(n=i + 2) + (
        "" if i < len(SENTENCES) else f" ({i})"
    )


def make_project(root: Path, articles: int, segments: int) -> None:
    root.mkdir(parents=True)
    langs = ", ".join(f'"{lang}"' for lang in LANGUAGES)
    (root / "tmflow.toml").write_text(
        f'languages = [{langs}]\n[mt]\nprovider = "openai"\ntimeout = 20.0\n'
        '[mt.options]\nmodel = "test-model"\n',
        "utf-8",
    )
    for lang in LANGUAGES:
        for article in range(articles):
            po = new_catalog("bench", lang)
            for i in range(segments):
                po.append(polib.POEntry(msgid=sentence(article * segments + i), msgstr=""))
            save_po(po, root / "locales" / lang / f"article-{article}.po")


class Server:
    """The fake server in a process of its own, like a remote service."""

    def __init__(self, latency: float, bad_answers: float = 0.0) -> None:
        self.proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "tests.fakes.openai_server"),
                *("--latency", str(latency), "--bad-answers", str(bad_answers)),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        self.root = self.url.removesuffix("/v1")

    def requests(self) -> int:
        with urllib.request.urlopen(self.root + "/stats") as answer:
            return int(json.load(answer)["requests"])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def run(
    label: str, root: Path, server: Server, concurrency: int, latency: float, check: bool = True
) -> tuple[float, int, int]:
    """Draft ``root``; return the wall time, the requests the server saw and the windows."""
    config = load_config(root)
    planned = draft_project(config, url=server.url, dry_run=True)
    windows = sum(r.requests for r in planned.languages.values())
    before = server.requests()
    cpu = time.process_time()
    start = time.perf_counter()
    result = draft_project(config, url=server.url, concurrency=concurrency)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    sent = server.requests() - before
    floor = math.ceil(windows / concurrency) * latency if windows else 0.0
    ratio = f"{elapsed / floor:.2f}x floor" if floor else ""
    per_lang = ",".join(str(r.requests) for r in planned.languages.values())
    print(
        f"{label:<22} {elapsed:6.2f} s  {ratio:<11} cpu {cpu:5.2f} s  windows {windows:4d} "
        f"({per_lang})  requests {sent:4d}  drafted {result.drafted:5d}  left {result.left}  "
        f"tokens {result.tokens_in:,} in, {result.tokens_out:,} out"
    )
    if check:
        assert result.left == 0, result.errors
    return elapsed, sent, windows


def bare_client(server: Server, bodies: list[dict[str, object]], concurrency: int) -> float:
    """The same requests from a minimal client: what the machine allows."""
    lock = threading.Lock()
    queue = list(bodies)

    def work() -> None:
        http = requests.Session()
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            http.post(server.url + "/chat/completions", json=body, timeout=30).json()

    start = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


def bodies_of(root: Path) -> list[dict[str, object]]:
    """The request bodies tmflow sends for ``root`` (built by the engine itself)."""
    from tmflow.io.translators import make_provider
    from tmflow.steps.mt.draft import _collect, _windows
    from tmflow.steps.mt.protect import GlossaryGuard

    config = load_config(root)
    engine = make_provider("openai", url="http://127.0.0.1:9/v1", options=config.mt.options)
    from tmflow.steps.mt.batching import BatchLimits, plan_requests
    from tmflow.steps.mt.draft import DraftResult

    guard = GlossaryGuard()
    work = _collect(config, LANGUAGES, [], guard, None, DraftResult("openai"), engine)
    windows = _windows(engine, config, guard, work)
    limits = BatchLimits(engine.limits.texts, engine.limits.chars, engine.limits.text_bytes)

    class NoCache:
        def get(self, *args: str) -> None:
            return None

    jobs = {lang: work[lang].jobs for lang in LANGUAGES}
    plan = plan_requests(jobs, limits, NoCache(), engine.cache_key, "en", windows)
    out = []
    for unit in plan.units:
        window = windows.window(unit)
        out.append(engine.body(window.passage, "en", unit.lane))  # type: ignore[attr-defined]
    return out


def one_article(
    args: argparse.Namespace, server: Server, tmp: Path
) -> tuple[list[float], int, int]:
    """The single article ``repeat`` times, each in a new project: ratios to the floor, with
    the cache file made by the run (a project's first draft) and already there (any later
    one)."""
    ratios: dict[str, list[float]] = {"new cache file": [], "cache file there": []}
    sent = windows = 0
    for n in range(args.repeat):
        for label, ready in (("new cache file", False), ("cache file there", True)):
            root = tmp / f"one-{n}-{int(ready)}"
            make_project(root, 1, args.segments)
            if ready:
                from tmflow.io.cache import MtCache

                MtCache(root / ".tmflow" / "mt-cache.sqlite3").close()
            elapsed, sent, windows = run(
                f"1 article x {args.segments}", root, server, args.concurrency, args.latency
            )
            floor = math.ceil(windows / args.concurrency) * args.latency
            ratios[label].append(elapsed / floor)
    for label, values in ratios.items():
        values.sort()
        print(
            f"  {label}: median {values[len(values) // 2]:.2f}x the floor, best "
            f"{values[0]:.2f}x, worst {values[-1]:.2f}x ({len(values)} runs)"
        )
    return ratios["new cache file"] + ratios["cache file there"], sent, windows


def bench_drafts(args: argparse.Namespace) -> None:
    print(
        f"latency {args.latency * 1000:.0f} ms a request, languages {', '.join(LANGUAGES)}, "
        f"concurrency {args.concurrency}; load average {os.getloadavg()[0]:.2f}"
    )
    tmp = Path(tempfile.mkdtemp(prefix="tmflow-bench-llm-", dir=args.dir))
    print(f"projects in {tmp}")
    try:
        many, faulty, again = (tmp / n for n in ("many", "faulty", "again"))
        make_project(tmp / "bodies", 1, args.segments)
        for root in (many, faulty, again):
            make_project(root, args.articles, args.segments)
        bodies = bodies_of(tmp / "bodies")
        server = Server(args.latency)
        try:
            floor1 = math.ceil(len(bodies) / args.concurrency) * args.latency
            bare = sorted(bare_client(server, bodies, args.concurrency) / floor1 for _ in range(3))
            print(
                f"{'bare client':<22} median {bare[1]:.2f}x floor, best {bare[0]:.2f}x "
                f"({len(bodies)} requests, 3 runs)"
            )
            ratios, n1, w1 = one_article(args, server, tmp)
            t2, n2, w2 = run(
                f"{args.articles} articles x {args.segments}",
                many,
                server,
                args.concurrency,
                args.latency,
            )
        finally:
            server.stop()
        server = Server(args.latency, bad_answers=0.10)
        try:
            _, n3, w3 = run("10% bad answers", faulty, server, args.concurrency, args.latency)
            shutil.copytree(faulty / ".tmflow", again / ".tmflow")
            _, n4, _ = run("repeated", again, server, args.concurrency, args.latency)
        finally:
            server.stop()
        ratios.sort()
        median = ratios[len(ratios) // 2]
        f2 = math.ceil(w2 / args.concurrency) * args.latency
        print(
            f"one article: {n1} requests for {w1} windows, median {median:.2f}x the floor "
            f"({'within' if median <= 1.2 and n1 <= w1 else 'OVER'} 1.2x; the bare client "
            f"{bare[1]:.2f}x); {args.articles} articles: {n2} requests for {w2} windows, "
            f"{t2 / f2:.2f}x; bad answers: {n3} requests for {w3} windows, all drafted; "
            f"repeated run: {n4} requests; load average now {os.getloadavg()[0]:.2f}"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench_tokens(folder: Path) -> None:
    try:
        import bpe_openai
    except ImportError:
        sys.exit("--tokens needs bpe-openai: pip install bpe-openai")
    from tmflow.steps.mt.windows import estimate_tokens

    encodings = {name: bpe_openai.get_encoding(name) for name in ("cl100k_base", "o200k_base")}
    texts: dict[str, list[str]] = defaultdict(list)
    for path in sorted(folder.glob("*.jsonl")):
        lang = path.name.split(".")[0]
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            texts["en"].append(record["en"].strip())
            texts[lang].append(record["tgt"].strip())
    print(
        "sentences: estimate / real tokens (total, p1, p50, p99; the smallest over 40 "
        "sentences in a row)"
    )
    print(f"{'language':<9}{'sentences':>10}  {'cl100k_base':<34}o200k_base")
    for lang, items in texts.items():
        items = list(dict.fromkeys(items))
        est = [estimate_tokens(t) for t in items]
        cells = []
        for enc in encodings.values():
            real = [len(enc.encode(t)) for t in items]
            ratios = sorted(e / r for e, r in zip(est, real) if r)
            windows = [
                sum(est[i : i + 40]) / sum(real[i : i + 40]) for i in range(0, len(items) - 39, 40)
            ]
            cells.append(
                f"{sum(est) / sum(real):.2f} {ratios[len(ratios) // 100]:.2f} "
                f"{ratios[len(ratios) // 2]:.2f} {ratios[-len(ratios) // 100]:.2f}; "
                f"{min(windows):.2f}"
            )
        print(f"{lang:<9}{len(items):>10}  {cells[0]:<34}{cells[1]}")
    bench_requests(folder, encodings)


def bench_requests(folder: Path, encodings: dict[str, Any]) -> None:
    """Whole requests: every NTREX-128 article as a project's catalog (every third segment
    reviewed), planned in windows; the estimate of each request and of its answer (the
    reference translations as the model's) against the real count (each message's text plus
    4 tokens, 3 for the reply, as OpenAI counts chat messages)."""
    from tmflow.io.translators import make_provider
    from tmflow.io.translators.chat import ChatProvider
    from tmflow.steps.mt.batching import BatchLimits, plan_requests
    from tmflow.steps.mt.catalogs import Catalog
    from tmflow.steps.mt.jobs import collect_jobs
    from tmflow.steps.mt.protect import protect
    from tmflow.steps.mt.windows import Windows

    class NoCache:
        def get(self, *args: str) -> None:
            return None

    print(
        "requests of NTREX-128 articles: estimate / real tokens, smallest and median, of the "
        "request, of its answer, and the smallest of both together"
    )
    print(f"{'language':<9}{'requests':>9}  {'cl100k_base':<48}o200k_base")
    for path in sorted(folder.glob("*.ntrex.jsonl")):
        lang = path.name.split(".")[0]
        articles: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            articles[record["doc"]].append((record["en"].strip(), record["tgt"].strip()))
        ratios: dict[str, tuple[list[float], list[float], list[float]]] = {
            n: ([], [], []) for n in encodings
        }
        for doc, pairs in articles.items():
            po = new_catalog("bench", lang)
            seen = set()
            for i, (en, tgt) in enumerate(pairs):
                if en not in seen:
                    seen.add(en)
                    po.append(polib.POEntry(msgid=en, msgstr=tgt if i % 3 == 0 else ""))
            catalog = Catalog.of(Path(f"/bench/{lang}/{doc}.po"), po)
            engine = make_provider("openai", url="http://127.0.0.1:9/v1", options={"model": "m"})
            assert isinstance(engine, ChatProvider)
            windows = Windows(engine, "en")
            windows.add([catalog])
            jobs = collect_jobs(lang, [catalog], protect)
            limits = BatchLimits(200, 400_000, 16_000)
            plan = plan_requests({lang: jobs.jobs}, limits, NoCache(), "k", "en", windows)
            reference = {protect(en).text: tgt for en, tgt in pairs}
            for unit in plan.units:
                window = windows.window(unit)
                messages = engine.messages(window.passage, "en", lang)
                items = [{"id": k, "text": reference[v.text]} for k, v in window.ids.items()]
                answer = json.dumps({"translations": items}, ensure_ascii=False)
                for name, enc in encodings.items():
                    sent = sum(len(enc.encode(m["content"])) + 4 for m in messages) + 3
                    back = len(enc.encode(answer))
                    ratios[name][0].append(window.tokens_in / sent)
                    ratios[name][1].append(window.tokens_out / back)
                    ratios[name][2].append((window.tokens_in + window.tokens_out) / (sent + back))
        cells = []
        for name in encodings:
            ins, outs, both = (sorted(r) for r in ratios[name])
            cells.append(
                f"in {ins[0]:.2f} {ins[len(ins) // 2]:.2f}, out {outs[0]:.2f} "
                f"{outs[len(outs) // 2]:.2f}, both {both[0]:.2f}"
            )
        print(f"{lang:<9}{len(ratios['cl100k_base'][0]):>9}  {cells[0]:<48}{cells[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--segments", type=int, default=40)
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the single article")
    parser.add_argument(
        "--dir", type=Path, help="where the projects are made (default: the system's temp folder)"
    )
    parser.add_argument("--tokens", type=Path, metavar="DIR")
    args = parser.parse_args()
    if args.tokens:
        bench_tokens(args.tokens)
    else:
        bench_drafts(args)


if __name__ == "__main__":
    main()
