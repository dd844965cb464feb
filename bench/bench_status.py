"""Benchmark: tmflow status / check against msgfmt --statistics and pocount, side by side.

Generates a tree of ARTICLES × 5 languages of PO files under /tmp (not in the repository),
then times, in one run on the same tree:

1. a shell loop of ``msgfmt --statistics -o /dev/null`` over every PO file,
2. ``pocount`` over every PO file (one process, as a user would run it),
3. ``tmflow status --format json`` with no stats cache (cold),
4. the same again (warm: nothing changed),
5. ``tmflow check`` on the same tree, without its findings cache (cold), then again (warm),
6. ``tmflow --help`` start-up (best of 5).

Usage::

    python bench/bench_status.py [--articles 5000] [--root /tmp/tmflow-bench] [--skip-slow]
                                 [--reuse] [--check-only] [--status-only] [--sources]
    python bench/bench_status.py --memory 200,1000,5000 [--root /tmp/tmflow-bench]

``--skip-slow`` leaves out msgfmt and pocount (for quick runs while developing); ``--sources``
gives every article a source file and extracts its template from it, as in a real project
(``check`` then also compares each template with its source);
``--status-only`` times only a cold then a warm status, three times (seconds, not minutes);
``--check-only`` times only the cold status and the cold check, side by side, three times
each, alternating (the machine's load changes: the ratio of each pair is shown); ``--memory``
gives the peak resident memory of a cold status and a cold check, tmflow's own process and its
largest worker apart, on trees of several sizes (generated beside ``--root`` as
``<root>-<articles>`` and kept), and the growth per thousand more files. Targets: cold ≥ 8× faster
than pocount and ≥ 15× faster than the msgfmt loop, warm < 0.5 s, check within 2× of cold,
memory flat as the tree grows, ``tmflow --help`` < 150 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmflow.io.po.writer import dumps_po, new_catalog, new_template

LANGS = ("az", "ru", "tr", "fr", "ar")
WORDS = (
    "the delegation arrived in Baku on Monday and met officials of the ministry to "
    "discuss a new agreement about trade energy transport culture and education while "
    "journalists asked questions about the visit of the president in 2014 and the "
    "results of talks held in Moscow Paris Ankara and other capitals"
).split()
TARGET = {
    "az": "nümayəndə heyəti bazar ertəsi Bakıya gəldi və nazirlik rəsmiləri ilə görüşdü".split(),
    "ru": "делегация прибыла в Баку в понедельник и встретилась с официальными лицами".split(),
    "tr": "heyet pazartesi günü Bakü'ye geldi ve bakanlık yetkilileriyle görüştü".split(),
    "fr": "la délégation est arrivée à Bakou lundi et a rencontré des responsables".split(),
    "ar": "وصل الوفد إلى باكو يوم الاثنين والتقى بمسؤولي الوزارة لمناقشة اتفاق جديد".split(),
}


def _sentence(
    rng: random.Random, words: list[str] | tuple[str, ...], n: int, keep: list[str] | None = None
) -> str:
    """n random words (no word twice in a row), with the numbers of ``keep`` (the source's)
    placed in the middle, as a translation keeps them."""
    picked: list[str] = []
    while len(picked) < n:
        word = rng.choice(words)
        if not picked or word != picked[-1]:
            picked.append(word)
    if keep:
        picked[len(picked) // 2 : len(picked) // 2] = keep
    text = " ".join(picked)
    return text[0].upper() + text[1:] + "."


def generate(root: Path, articles: int, seed: int = 7) -> int:
    """Write the project; return the number of PO files."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["az", "ru", "tr", "fr", "ar"]\n', "utf-8"
    )
    count = 0
    for lang in LANGS:
        (root / "locales" / lang).mkdir(parents=True)
    (root / "locales" / "templates").mkdir(parents=True)
    for a in range(articles):
        name = f"article-{a:05d}"
        msgids = list(
            dict.fromkeys(
                _sentence(rng, WORDS, rng.randint(8, 30)) for _ in range(rng.randint(28, 40))
            )
        )
        pot = new_template("bench", "2026-11-27 00:00+0000")
        for i, msgid in enumerate(msgids):
            pot.append(
                polib.POEntry(
                    msgid=msgid,
                    msgstr="",
                    comment="paragraph",
                    occurrences=[(f"sources/{name}.txt", str(3 + 2 * i))],
                )
            )
        (root / "locales" / "templates" / f"{name}.pot").write_text(dumps_po(pot), "utf-8")
        for lang in LANGS:
            po = new_catalog("bench", lang, "2026-11-27 00:00+0000")
            po.metadata["PO-Revision-Date"] = "2026-11-27 00:00+0000"
            for i, msgid in enumerate(msgids):
                entry = polib.POEntry(
                    msgid=msgid,
                    comment="paragraph",
                    occurrences=[(f"sources/{name}.txt", str(3 + 2 * i))],
                )
                roll = rng.random()
                text = _sentence(
                    rng,
                    TARGET[lang],
                    max(4, len(msgid.split()) + rng.randint(-3, 3)),
                    [w for w in msgid.rstrip(".").split() if w.isdigit()],
                )
                if roll < 0.6:
                    entry.msgstr = text
                elif roll < 0.75:
                    entry.msgstr = text
                    entry.flags = ["fuzzy"]
                    entry.tcomment = "tmflow: mt google 2026-11-27"
                elif roll < 0.82:
                    entry.msgstr = text
                    entry.flags = ["fuzzy"]
                    entry.tcomment = "tmflow: tm 91% ru/other.po"
                elif roll < 0.87:
                    entry.msgstr = text
                    entry.flags = ["fuzzy"]
                    entry.previous_msgid = msgid[:-1] + " before."
                else:
                    entry.msgstr = ""
                po.append(entry)
            if a % 10 == 0:
                po.append(
                    polib.POEntry(msgid="An old paragraph that left.", msgstr=text, obsolete=True)
                )
            (root / "locales" / lang / f"{name}.po").write_text(dumps_po(po), "utf-8")
            count += 1
    return count


def add_sources(root: Path, tmflow: str) -> None:
    """Give every article a source (its msgids as paragraphs) and let ``tmflow extract``
    write the templates from them, as in a real project: ``check`` then also compares every
    template with what its source gives (the template-outdated check)."""
    for pot in sorted((root / "locales" / "templates").glob("*.pot")):
        msgids = [e.msgid for e in polib.pofile(str(pot)) if e.msgid]
        (root / "sources" / f"{pot.stem}.txt").write_text("\n\n".join(msgids) + "\n", "utf-8")
    subprocess.run(
        [tmflow, "-p", str(root), "-q", "extract"], check=True, stdout=subprocess.DEVNULL
    )
    shutil.rmtree(root / ".tmflow", ignore_errors=True)


def _cpu() -> float:
    """CPU seconds (user and system) of the child processes waited for so far (a command's
    worker processes included)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


LAST_CPU = [0.0]  # the CPU seconds of the last command ``_time`` ran


def _time(
    cmd: list[str] | str, *, shell: bool = False, env: dict | None = None, cwd: Path | None = None
) -> tuple[float, int]:
    start, cpu = time.perf_counter(), _cpu()
    proc = subprocess.run(
        cmd, shell=shell, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    LAST_CPU[0] = _cpu() - cpu
    return time.perf_counter() - start, proc.returncode


_PEAK = """
import atexit, resource, sys, time
start = time.perf_counter()

def report():
    main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"\\npeak {time.perf_counter() - start} {main} {workers}", file=sys.__stderr__)

atexit.register(report)
sys.argv = ["tmflow", *sys.argv[1:]]
from tmflow.cli.main import main
main()
"""


def _peak(args: list[str], env: dict) -> tuple[float, float, float]:
    """Seconds, and the largest resident set (MB) of tmflow's own process and of its largest
    worker process, told apart: tmflow runs in a Python process that reports its own peak
    and its children's at exit."""
    proc = subprocess.run(
        [sys.executable, "-c", _PEAK, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stderr.strip().splitlines()[-1].split()
    assert line[0] == "peak", proc.stderr
    return float(line[1]), int(line[2]) / 1024, int(line[3]) / 1024


def memory(sizes: list[int], root: Path, env: dict) -> None:
    """Peak memory of a cold status and a cold check on trees of these numbers of articles
    (each × 5 languages), generated beside ``root`` (kept for another run)."""
    rows = []
    for articles in sizes:
        tree = root.parent / f"{root.name}-{articles}"
        if not (tree / "locales").is_dir():
            generate(tree, articles)
        files = len(list(tree.glob("locales/*/*.po")))
        row = [files]
        for cmd in (["status", "--format", "json"], ["check", "--format", "json", "--no-cache"]):
            shutil.rmtree(tree / ".tmflow", ignore_errors=True)
            seconds, main, workers = _peak(["-p", str(tree), *cmd], env)
            row += [main, workers]
        rows.append(row)
        print(
            f"{files:7d} PO files: status main {row[1]:6.1f} MB, worker {row[2]:6.1f} MB; "
            f"check main {row[3]:6.1f} MB, worker {row[4]:6.1f} MB",
            flush=True,
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        extra = last[0] - first[0]
        print(
            f"growth from {first[0]} to {last[0]} PO files, per 1,000 more files: "
            f"status main {(last[1] - first[1]) * 1000 / extra:.2f} MB, "
            f"check main {(last[3] - first[3]) * 1000 / extra:.2f} MB, "
            f"largest worker {(max(last[2], last[4]) - max(first[2], first[4])) * 1000 / extra:.2f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--root", type=Path, default=Path("/tmp/tmflow-bench"))
    parser.add_argument("--skip-slow", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing tree")
    parser.add_argument(
        "--check-only",
        action="store_true",
        help="only cold status and cold check, alternating, three rounds",
    )
    parser.add_argument(
        "--status-only",
        action="store_true",
        help="only cold status then warm status, three rounds",
    )
    parser.add_argument(
        "--sources",
        action="store_true",
        help="give every article a source and extract its template (check "
        "then also compares templates with sources)",
    )
    parser.add_argument(
        "--memory",
        metavar="SIZES",
        default=None,
        help="only the peak memory of a cold status and a cold check, main "
        "process and workers apart, on trees of these numbers of "
        "articles (comma-separated, e.g. 200,1000,5000)",
    )
    args = parser.parse_args()
    root: Path = args.root
    if args.memory:
        memory([int(n) for n in args.memory.split(",")], root, dict(os.environ, NO_COLOR="1"))
        return
    bindir = Path(sys.executable).parent
    tmflow = str(bindir / "tmflow")
    pocount = str(bindir / "pocount")
    if not (args.reuse and root.exists()):
        start = time.perf_counter()
        files = generate(root, args.articles)
        if args.sources:
            add_sources(root, tmflow)
        print(f"generated {files} PO files in {time.perf_counter() - start:.1f} s")
    files = sorted(str(p) for p in root.glob("locales/*/*.po"))
    size = sum(os.path.getsize(p) for p in files)
    sources = sum(1 for _ in (root / "sources").glob("*.txt"))
    print(
        f"tree: {root}: {len(files)} PO files, {size / 1e6:.0f} MB, {sources} sources, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    subprocess.run(["sync"])
    env = dict(os.environ, NO_COLOR="1")
    results: dict[str, float] = {}
    if args.check_only:
        for round_ in range(1, 4):
            shutil.rmtree(root / ".tmflow", ignore_errors=True)
            cold, _ = _time([tmflow, "-p", str(root), "status", "--format", "json"], env=env)
            cold_cpu = LAST_CPU[0]
            check, _ = _time(
                [tmflow, "-p", str(root), "check", "--format", "json", "--no-cache"], env=env
            )
            check_cpu = LAST_CPU[0]
            print(
                f"round {round_}: cold status {cold:7.3f} s (CPU {cold_cpu:6.2f} s), "
                f"cold check {check:7.3f} s (CPU {check_cpu:6.2f} s), "
                f"check / status {check / cold:5.2f}× (CPU {check_cpu / cold_cpu:5.2f}×)  "
                f"(target ≤ 2×), load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        return
    if args.status_only:
        for round_ in range(1, 4):
            shutil.rmtree(root / ".tmflow", ignore_errors=True)
            cold, _ = _time([tmflow, "-p", str(root), "status", "--format", "json"], env=env)
            warm, _ = _time([tmflow, "-p", str(root), "status", "--format", "json"], env=env)
            print(
                f"round {round_}: cold status {cold:7.3f} s, warm status {warm:6.3f} s "
                f"(target < 0.5 s), load average {os.getloadavg()[0]:.1f}"
            )
        return
    if not args.skip_slow:
        listing = root / "files.txt"
        listing.write_text("\n".join(files) + "\n", "utf-8")
        results["msgfmt loop"], _ = _time(
            f'while read -r f; do msgfmt --statistics -o /dev/null "$f"; done < {listing}',
            shell=True,
        )
        results["pocount"], _ = _time(f"xargs -a {listing} {pocount} --short", shell=True)
    shutil.rmtree(root / ".tmflow", ignore_errors=True)
    results["tmflow status (cold)"], code = _time(
        [tmflow, "-p", str(root), "status", "--format", "json"], env=env
    )
    assert code == 0, f"status exit {code}"
    results["tmflow status (warm)"], _ = _time(
        [tmflow, "-p", str(root), "status", "--format", "json"], env=env
    )
    results["tmflow status (table, stats cache)"], _ = _time(
        [tmflow, "-p", str(root), "status"], env=env
    )
    results["tmflow status (warm, table)"], _ = _time([tmflow, "-p", str(root), "status"], env=env)
    # a format not shown before: no output memo, the per-file stats cache only
    results["tmflow status (stats cache, csv)"], _ = _time(
        [tmflow, "-p", str(root), "status", "--format", "csv"], env=env
    )
    results["tmflow check (cold)"], code = _time(
        [tmflow, "-p", str(root), "check", "--format", "json", "--no-cache"], env=env
    )
    results["tmflow check (filling its cache)"], _ = _time(
        [tmflow, "-p", str(root), "check", "--format", "json"], env=env
    )
    results["tmflow check (warm)"], _ = _time(
        [tmflow, "-p", str(root), "check", "--format", "json"], env=env
    )
    results["tmflow --help"] = min(_time([tmflow, "--help"], env=env)[0] for _ in range(5))
    print()
    for name, seconds in results.items():
        print(f"{name:34s} {seconds:9.3f} s")
    cold = results["tmflow status (cold)"]
    print()
    if "pocount" in results:
        print(f"cold status vs pocount:     {results['pocount'] / cold:6.1f}×  (target ≥ 8×)")
        print(f"cold status vs msgfmt loop: {results['msgfmt loop'] / cold:6.1f}×  (target ≥ 15×)")
    print(f"warm status:                {results['tmflow status (warm)']:6.3f} s (target < 0.5 s)")
    print(
        f"check / cold status:        {results['tmflow check (cold)'] / cold:6.2f}×  "
        "(target ≤ 2×; cold: no findings cache)"
    )
    print(f"warm check / cold status:   {results['tmflow check (warm)'] / cold:6.2f}×")
    print(
        f"tmflow --help:              {results['tmflow --help'] * 1000:6.0f} ms (target < 150 ms)"
    )


if __name__ == "__main__":
    main()
