"""Merging PO files on two branches: git's line merge against tmflow's merge driver.

    python bench/bench_merge.py [--pairs 50] [--corpus FILE.jsonl] [--entries 20000] [--seed 1]

1. **Branch pairs.** For each of N pairs, a repository holds one article's PO file (with
   ``--corpus``: a whole news article of a parallel corpus, JSONL with ``doc``, ``en`` and
   ``tgt``, e.g. ``/work/data/parallel/fr.ntrex.jsonl``, its professional translations as the
   translators' work; without: synthetic news-like sentences), about a third already
   translated. Two branches translate *different* untranslated entries (3 to 8 each) and save
   the file as a PO editor does; the pair is merged by ``git merge``, once with git's default
   line merge and once with the driver (``tmflow init --git``). Counted: merges that stop with
   a conflict, conflict hunks, translations lost (a branch's translation not in the merged
   file, obsolete entries included) and merged files that fail ``msgfmt -c``. Three variants:
   the editor updates the header (``PO-Revision-Date``, ``Last-Translator``: Poedit and
   Lokalize do on every save); it leaves the header alone (only the nearness of the edited
   lines can make git conflict); ours translates (header updated) while theirs runs ``update``
   after a source edit (a paragraph inserted at the top moves every reference, two sentences
   edited).
2. **A 20,000-entry file.** Base: N synthetic entries, a third translated; ours and theirs each
   translate 2.5% other entries, both change the header, and both translate the same 20
   entries differently (20 conflict entries). Timed: the in-process merge
   (``merge_texts``: read three texts, merge, write the canonical text; best of 3), the whole
   ``tmflow merge-driver`` command as git runs it (a Python process start included; median of
   3), git's own ``git merge-file`` on the same files (the peer, line by line), and the merge
   of versions that are not in the canonical layout (re-wrapped by ``msgcat``: every version is
   parsed whole; best of 3).

Prints the machine's load average: timings on a shared 2-core machine vary.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polib

from tests.steps.merge.test_update_cases import sentence, translate
from tmflow.io.po.reader import parse_po
from tmflow.io.po.writer import dumps_po, new_catalog, new_template
from tmflow.steps.merge.threeway import merge_texts
from tmflow.steps.merge.update import update_catalog

GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
DRIVER = f"{sys.executable} -m tmflow merge-driver %O %A %B %P"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=GIT_ENV)
    if check and done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr}")
    return done


def articles(corpus: Path | None, rng: random.Random, n: int) -> list[list[tuple[str, str]]]:
    """``n`` articles of (source, translation) sentences."""
    if corpus is not None:
        docs: dict[str, list[tuple[str, str]]] = {}
        with corpus.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                docs.setdefault(row["doc"], []).append((row["en"], row["tgt"]))
        # whole articles of distinct sentences (a repeated sentence is one entry)
        usable = [d for d in docs.values() if len({s for s, _ in d}) == len(d) >= 12]
        return [rng.choice(usable) for _ in range(n)]
    out = []
    for _ in range(n):
        texts = list(dict.fromkeys(sentence(rng) for _ in range(rng.randint(15, 40))))
        out.append([(t, translate(t)) for t in texts])
    return out


def catalog(pairs: list[tuple[str, str]], translated: set[int]) -> polib.POFile:
    po = new_catalog("bench", "fr", "2026-03-01 09:00+0000")
    po.metadata["PO-Revision-Date"] = "2026-03-01 09:00+0000"
    seen: set[str] = set()
    for i, (source, target) in enumerate(pairs):
        if source in seen:
            continue
        seen.add(source)
        po.append(
            polib.POEntry(
                msgid=source,
                msgstr=target if i in translated else "",
                occurrences=[("sources/article.txt", str(i + 1))],
                comment=f"paragraph, block {i + 1}, sentence 1 of 1",
            )
        )
    return po


def side(
    base: polib.POFile, pairs: list[tuple[str, str]], todo: list[int], who: str, header: bool
) -> str:
    po = parse_po(dumps_po(base), "side.po")
    targets = dict(pairs)
    wanted = {pairs[i][0] for i in todo}
    for e in po:
        if e.msgid in wanted:
            e.msgstr = targets[e.msgid]
    if header:
        po.metadata["PO-Revision-Date"] = f"2026-03-02 1{len(who)}:00+0000"
        po.metadata["Last-Translator"] = f"{who} <{who}@example.org>"
    return dumps_po(po)


def merge_pair(
    root: Path, base: str, ours: str, theirs: str, driver: bool
) -> tuple[bool, int, str]:
    """(merge stopped, conflict hunks, merged text) of one pair in a fresh repository."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Bench")
    git(root, "config", "user.email", "bench@example.org")
    if driver:
        git(root, "config", "merge.tmflow.driver", DRIVER)
    (root / ".gitattributes").write_text("*.po merge=tmflow\n", "utf-8")
    po = root / "locales" / "fr" / "article.po"
    po.parent.mkdir(parents=True)
    po.write_text(base, "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "theirs")
    po.write_text(theirs, "utf-8")
    git(root, "commit", "-q", "--allow-empty", "-am", "theirs")
    git(root, "checkout", "-q", "main")
    po.write_text(ours, "utf-8")
    git(root, "commit", "-q", "--allow-empty", "-am", "ours")
    done = git(root, "merge", "-q", "--no-edit", "theirs", check=False)
    text = po.read_text("utf-8")
    hunks = sum(1 for line in text.split("\n") if line.startswith("<<<<<<<"))
    return done.returncode != 0, hunks, text


def lost(text: str, side_text: str, base: polib.POFile) -> int:
    """Translations of a side missing from the merged text (0 when it does not parse: the
    caller counts that apart)."""
    try:
        merged = {e.msgid: e.msgstr for e in parse_po(text, "merged.po")}
    except Exception:
        return 0
    before = {e.msgid: e.msgstr for e in base}
    return sum(
        1
        for e in parse_po(side_text, "side.po")
        if e.msgstr and e.msgstr != before.get(e.msgid) and merged.get(e.msgid) != e.msgstr
    )


def msgfmt_ok(text: str, folder: Path) -> bool:
    path = folder / "check.po"
    path.write_text(text, "utf-8")
    done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True)
    return done.returncode == 0


VARIANTS = {
    "header": "editor updates the header",
    "plain": "header left alone",
    "update": "theirs updates from an edited source",
}


def updated(base_po: polib.POFile, pairs: list[tuple[str, str]], rng: random.Random) -> str:
    """The base after ``tmflow update`` from an edited source: a paragraph inserted at the top
    (every reference line and block number after it moves) and two sentences edited."""
    texts = [e.msgid for e in base_po]
    for i in rng.sample(range(len(texts)), 2):
        texts[i] = texts[i].rstrip(".") + ", officials said."
    texts.insert(0, "Editor's note: this article was updated.")
    pot = new_template("bench", "2026-03-02 08:00+0000")
    for i, text in enumerate(texts, 1):
        pot.append(
            polib.POEntry(
                msgid=text,
                occurrences=[("sources/article.txt", str(i + 1))],
                comment=f"paragraph, block {i + 1}, sentence 1 of 1",
            )
        )
    po = update_catalog(pot, base_po, "fr").catalog
    return dumps_po(po)


def bench_pairs(n: int, corpus: Path | None, seed: int, folder: Path) -> None:
    rng = random.Random(seed)
    print(f"1. {n} branch pairs editing different entries of the same file", flush=True)
    print(f"   material: {corpus if corpus else 'synthetic news-like sentences'}")
    rows = []
    for variant in VARIANTS:
        counts = {
            "git": [0, 0, 0, 0],  # stopped, hunks, lost, not parsing/msgfmt
            "driver": [0, 0, 0, 0],
        }
        entries = 0
        for k, pairs in enumerate(articles(corpus, rng, n)):
            ids = list(range(len(pairs)))
            rng.shuffle(ids)
            done = set(ids[: len(ids) // 3])
            free = [i for i in ids if i not in done]
            half = max(1, len(free) // 2)
            a = free[: min(rng.randint(3, 8), half)]
            b = free[len(a) : len(a) + min(rng.randint(3, 8), half)]
            base_po = catalog(pairs, done)
            entries += len(base_po)
            base = dumps_po(base_po)
            ours = side(base_po, pairs, a, "anne", variant != "plain")
            if variant == "update":
                theirs = updated(base_po, pairs, rng)
            else:
                theirs = side(base_po, pairs, b, "bartholomew", variant == "header")
            for name, use_driver in (("git", False), ("driver", True)):
                stopped, hunks, text = merge_pair(
                    folder / f"pair{k}", base, ours, theirs, use_driver
                )
                c = counts[name]
                c[0] += stopped
                c[1] += hunks
                c[2] += lost(text, ours, base_po) + lost(text, theirs, base_po)
                c[3] += not msgfmt_ok(text, folder)
        rows.append((VARIANTS[variant], counts, entries / n))
    print(
        f"   {'variant':<38} {'merge':<15} {'stopped':>8} {'hunks':>6} {'lost':>5} {'invalid':>8}"
    )
    for variant_name, counts, _mean in rows:
        for name, (stopped, hunks, lost_n, bad) in counts.items():
            label = "git line merge" if name == "git" else "tmflow driver"
            print(
                f"   {variant_name:<38} {label:<15} {stopped:>3}/{n:<4} {hunks:>6} {lost_n:>5} "
                f"{bad:>8}"
            )
    print(f"   ({rows[0][2]:.0f} entries per file on average)")


def big_files(n: int, seed: int, folder: Path) -> tuple[str, str, str]:
    rng = random.Random(seed)
    texts: dict[str, None] = {}
    while len(texts) < n:
        texts[sentence(rng)] = None
    pairs = [(t, translate(t)) for t in texts]
    ids = list(range(n))
    rng.shuffle(ids)
    third = set(ids[: n // 3])
    base_po = catalog(pairs, third)
    rest = [i for i in ids if i not in third]
    share = n // 40
    a, b = rest[:share], rest[share : 2 * share]
    both = rest[2 * share : 2 * share + 20]
    ours = parse_po(side(base_po, pairs, a + both, "anne", True), "o.po")
    theirs = parse_po(side(base_po, pairs, b + both, "bartholomew", True), "t.po")
    same = {pairs[i][0] for i in both}
    for e in theirs:
        if e.msgid in same:
            e.msgstr = e.msgstr + " (theirs)"
    return dumps_po(base_po), dumps_po(ours), dumps_po(theirs)


def bench_big(n: int, seed: int, folder: Path) -> None:
    print(f"2. one file of {n:,} entries, both branches edited (header too), 20 conflicts")
    base, ours, theirs = big_files(n, seed, folder)
    times = []
    result = None
    for _ in range(3):
        started = time.perf_counter()
        result = merge_texts(base, ours, theirs)
        times.append(time.perf_counter() - started)
    assert result is not None
    print(
        f"   in process (merge_texts):        {min(times):.3f} s best of 3 "
        f"({len(result.unresolved)} conflict entries, {len(result.text) / 1e6:.1f} MB)"
    )
    paths = {name: folder / f"{name}.po" for name in ("base", "ours", "theirs", "work")}
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        paths[name].write_text(text, "utf-8")
    runs = []
    for _ in range(3):
        shutil.copy(paths["ours"], paths["work"])
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tmflow",
                "merge-driver",
                str(paths["base"]),
                str(paths["work"]),
                str(paths["theirs"]),
                "article.po",
            ],
            capture_output=True,
        )
        runs.append(time.perf_counter() - started)
    assert done.returncode == 1, done.stderr  # the 20 conflict entries
    assert paths["work"].read_text("utf-8") == result.text
    print(f"   tmflow merge-driver (a process):  {statistics.median(runs):.3f} s median of 3")
    peer = []
    for _ in range(3):
        shutil.copy(paths["ours"], paths["work"])
        started = time.perf_counter()
        subprocess.run(
            [
                "git",
                "merge-file",
                "-q",
                str(paths["work"]),
                str(paths["base"]),
                str(paths["theirs"]),
            ],
            capture_output=True,
            env=GIT_ENV,
        )
        peer.append(time.perf_counter() - started)
    hunks = sum(
        1 for ln in paths["work"].read_text("utf-8").split("\n") if ln.startswith("<<<<<<<")
    )
    print(
        f"   git merge-file (line merge):      {statistics.median(peer):.3f} s median of 3 "
        f"({hunks} conflict hunks, the file no longer parses)"
    )
    wrapped = []
    for name in ("base", "ours", "theirs"):
        done = subprocess.run(
            ["msgcat", "-o", "-", str(paths[name])], capture_output=True, text=True, check=True
        )
        wrapped.append(done.stdout)
    slow = []
    for _ in range(3):
        started = time.perf_counter()
        merge_texts(*wrapped)
        slow.append(time.perf_counter() - started)
    print(
        f"   in process, versions re-wrapped:  {min(slow):.3f} s best of 3 (every version parsed)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--corpus", type=Path, default=None, help="parallel JSONL (doc, en, tgt)")
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="tmflow-bench-merge-") as tmp:
        folder = Path(tmp)
        if args.pairs:
            bench_pairs(args.pairs, args.corpus, args.seed, folder)
        if args.entries:
            bench_big(args.entries, args.seed, folder)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
