"""``update`` against ``msgmerge --previous``, side by side on the same files.

    python bench/bench_update.py [--entries 20000] [--changed 0.15] [--seed 1]
        [--corpus /work/data/parallel] [--language fr] [--edits news|simple] [--profile FILE]

An old catalog of N translated entries and a new template after a round of edits, ~2% of the
segments removed. ``--edits news`` (the default; ``bench/news_edits.py``): the segments are
real news sentences, whole or spliced, with their real translations when ``--corpus`` names a
folder of ``<lang>.ntrex.jsonl`` files (else generated sentences); a share ``--changed`` is
edited the way a news desk edits (names, numbers, dates, punctuation, one word, a clause
rewritten, a sentence split in two) and 4% are brand new. ``--edits simple``: generated
sentences (function words and a 20,000-word Zipf vocabulary) with half the share edited
(typo, word inserted/deleted/replaced, number, punctuation…) and half brand new. Times, for both tools, the whole job file → file (tmflow: read template and
catalog, merge, write in the canonical layout), then compares the outputs entry by entry:

* exact: every segment present in both old and new keeps the same translation and state;
* added: every segment new to the template is fuzzy (with the same carried translation) or
  untranslated in both;
* removed: the same obsolete entries.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from news_edits import edited_catalog, load_corpus

from tests.steps.merge.test_update_cases import EDITS, NewsText, edit, sentence, translate
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po
from tmflow.steps.merge.update import update_catalog


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: bench\\n"\n"Content-Type: text/plain; '
    'charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n{extra}\n'
)


def make_files(
    folder: Path, n: int, changed: float, seed: int, small_vocabulary: bool = False
) -> tuple[Path, Path]:
    rng = random.Random(seed)
    sentence = _sentence_source(small_vocabulary)
    texts: dict[str, None] = {}
    while len(texts) < n:
        texts[sentence(rng)] = None
    old = list(texts)
    new: list[str] = []
    for s in old:
        r = rng.random()
        if r < 0.02:
            continue  # removed
        if r < 0.02 + changed / 2:
            s = edit(rng, s, rng.choice([k for k in EDITS if k != "quotes"]))
        elif r < 0.02 + changed:
            new.append(sentence(rng))  # a brand-new segment beside this one
        new.append(s)
    new = list(dict.fromkeys(new))
    po = [HEADER.format(extra='"Language: fr\\n"\n')]
    po += [
        f"#: a.txt:{i}\nmsgid {_q(s)}\nmsgstr {_q(translate(s))}\n" for i, s in enumerate(old, 1)
    ]
    pot = [HEADER.format(extra="")]
    pot += [f'#: a.txt:{i}\nmsgid {_q(s)}\nmsgstr ""\n' for i, s in enumerate(new, 1)]
    old_path, pot_path = folder / "old.po", folder / "new.pot"
    old_path.write_text("\n".join(po), "utf-8")
    pot_path.write_text("\n".join(pot), "utf-8")
    return old_path, pot_path


def make_news_files(
    folder: Path,
    n: int,
    changed: float,
    seed: int,
    corpus_dir: Path | None,
    language: str,
    whole: bool = False,
) -> tuple[Path, Path, dict[str, int]]:
    rng = random.Random(seed)
    corpus = load_corpus(corpus_dir, language)
    case = edited_catalog(rng, corpus, n, changed=changed, whole=whole)
    po = [HEADER.format(extra=f'"Language: {language}\\n"\n')]
    po += [
        f"#: a.txt:{i}\nmsgid {_q(s)}\nmsgstr {_q(t)}\n"
        for i, (s, t) in enumerate(case.old.items(), 1)
    ]
    pot = [HEADER.format(extra="")]
    pot += [f'#: a.txt:{i}\nmsgid {_q(s)}\nmsgstr ""\n' for i, s in enumerate(case.new, 1)]
    old_path, pot_path = folder / "old.po", folder / "new.pot"
    old_path.write_text("\n".join(po), "utf-8")
    pot_path.write_text("\n".join(pot), "utf-8")
    return old_path, pot_path, case.kinds


def _sentence_source(small_vocabulary: bool):
    if small_vocabulary:
        return small_sentence
    news = NewsText(seed=0)
    return news.sentence


small_sentence = sentence


_TIMED = """
import resource, sys, time
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po
from tmflow.steps.merge.update import update_catalog
pot, old, out, language = sys.argv[1:5]
t0, c0 = time.perf_counter(), time.process_time()
result = update_catalog(load_po(pot), load_po(old), language)
save_po(result.catalog, out)
print(time.perf_counter() - t0, time.process_time() - c0)
"""


def _children_cpu() -> float:
    """CPU seconds of this process's finished child processes (msgmerge, workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time_tree(tree: Path, pot: Path, old: Path, out: Path, language: str) -> tuple[float, float]:
    """Seconds (wall, CPU) another source tree's update takes on the same files (read, merge,
    write; it works in one process)."""
    env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
    proc = subprocess.run(
        [sys.executable, "-c", _TIMED, str(pot), str(old), str(out), language],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=tree,
    )
    wall, cpu = proc.stdout.split()[-2:]
    return float(wall), float(cpu)


def _state(e) -> str:
    if not e.msgstr:
        return "untranslated"
    return "fuzzy" if "fuzzy" in e.flags else "translated"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--changed", type=float, default=0.15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--small-vocabulary",
        action="store_true",
        help="~150 words only: every pair of sentences shares 4-grams, which "
        "defeats msgmerge's index (it then runs for many minutes)",
    )
    parser.add_argument("--edits", choices=("news", "simple"), default="news")
    parser.add_argument("--corpus", type=Path, help="folder of <lang>.ntrex.jsonl files")
    parser.add_argument("--language", default="fr")
    parser.add_argument(
        "--whole-sentences",
        action="store_true",
        help="the catalog holds the corpus's sentences as they are, none spliced (as many "
        "as the corpus has: 1,997 for NTREX-128)",
    )
    parser.add_argument("--profile", type=Path, help="write a cProfile of tmflow's run here")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes for the full similarity scans (update uses the CPUs, one language "
        "at a time; default: %(default)s)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        action="append",
        default=[],
        help="another tmflow source tree (an earlier commit, unpacked) timed on the same "
        "files in a subprocess, for a before/after in one run; its output is compared byte "
        "for byte",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-update-"))
    if args.edits == "news":
        old_path, pot_path, kinds = make_news_files(
            folder,
            args.entries,
            args.changed,
            args.seed,
            args.corpus,
            args.language,
            args.whole_sentences,
        )
        print("edits: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    else:
        old_path, pot_path = make_files(
            folder, args.entries, args.changed, args.seed, args.small_vocabulary
        )

    t0, c0 = time.perf_counter(), _children_cpu()
    subprocess.run(
        [
            "msgmerge",
            "--previous",
            "--no-wrap",
            "-q",
            "-o",
            str(folder / "mm.po"),
            str(old_path),
            str(pot_path),
        ],
        check=True,
    )
    t_mm, c_mm = time.perf_counter() - t0, _children_cpu() - c0

    profile = cProfile.Profile() if args.profile else None
    if profile is not None:
        profile.enable()
    t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    template, catalog = load_po(pot_path), load_po(old_path)
    t_read = time.perf_counter() - t0
    result = update_catalog(template, catalog, args.language, workers=args.workers)
    t_merge = time.perf_counter() - t0 - t_read
    save_po(result.catalog, folder / "tmflow.po")
    t_tm = time.perf_counter() - t0
    c_tm = time.process_time() - c0 + _children_cpu() - k0
    if profile is not None:
        profile.disable()
        profile.dump_stats(args.profile)

    baselines = [
        (tree, _time_tree(tree, pot_path, old_path, folder / f"baseline{k}.po", args.language))
        for k, tree in enumerate(args.baseline)
    ]

    old = {e.msgid for e in load_po(old_path)}
    ours, theirs = load_po(folder / "tmflow.po"), load_po(folder / "mm.po")
    our_live = {e.msgid: e for e in ours if not e.obsolete}
    their_live = {e.msgid: e for e in theirs if not e.obsolete}
    assert list(our_live) == list(their_live)
    exact = [m for m in our_live if m in old]
    added = [m for m in our_live if m not in old]
    exact_ok = sum(
        1
        for m in exact
        if _state(our_live[m]) == _state(their_live[m])
        and our_live[m].msgstr == their_live[m].msgstr
    )
    added_ok = sum(
        1
        for m in added
        if _state(our_live[m]) == _state(their_live[m])
        and our_live[m].msgstr == their_live[m].msgstr
    )
    our_dead = {e.msgid for e in ours if e.obsolete}
    their_dead = {e.msgid for e in theirs if e.obsolete}
    r = result.receipt
    print(
        f"catalog: {len(old):,} entries; template: {len(our_live):,} "
        f"({len(added):,} not in the catalog, {len(old) - len(exact):,} left the source)"
    )
    print("                     wall time                  CPU time (all processes)")
    print(f"msgmerge --previous: {t_mm:7.2f} s                  {c_mm:7.2f} s")
    print(
        f"tmflow update:       {t_tm:7.2f} s  ({t_mm / t_tm:4.1f}x faster)   "
        f"{c_tm:7.2f} s  ({c_mm / c_tm:4.1f}x less)"
    )
    print(f"  read {t_read:.2f} s, merge {t_merge:.2f} s, write {t_tm - t_read - t_merge:.2f} s")
    ours = (folder / "tmflow.po").read_bytes()
    for k, (tree, (seconds, cpu)) in enumerate(baselines):
        same = (folder / f"baseline{k}.po").read_bytes() == ours
        print(
            f"baseline {tree}: {seconds:7.2f} s  ({t_mm / seconds:4.1f}x faster)   "
            f"{cpu:7.2f} s  ({c_mm / cpu:4.1f}x less); output "
            f"{'byte-identical' if same else 'DIFFERENT'}"
        )
    print(f"receipt: {r.summary()}")
    print(
        f"agreement: exact {exact_ok}/{len(exact)}, added {added_ok}/{len(added)}, "
        f"removed {len(our_dead & their_dead)}/{len(our_dead | their_dead)} "
        f"(tmflow-only obsolete {len(our_dead - their_dead)}, "
        f"msgmerge-only {len(their_dead - our_dead)})"
    )
    for m in [
        m
        for m in added
        if _state(our_live[m]) != _state(their_live[m])
        or our_live[m].msgstr != their_live[m].msgstr
    ][:5]:
        print(
            f"  added differs: {m!r}: tmflow {_state(our_live[m])} "
            f"(#| {our_live[m].previous_msgid!r}) / msgmerge {_state(their_live[m])} "
            f"(#| {their_live[m].previous_msgid!r})"
        )


if __name__ == "__main__":
    main()
