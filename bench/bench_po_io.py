"""Reading and writing PO files on the update path: entries per second, parse + write.

    python bench/bench_po_io.py [--entries 20000] [--corpus /work/data/parallel] [--rounds 3]

Makes the files ``bench_update.py`` makes (news sentences and a round of a news desk's edits),
updates the catalog once so that it holds what updates write (fuzzy entries with ``#|``
lines and ``# tmflow:`` comments, obsolete entries), saves it in the canonical layout, then
times, best of ``--rounds`` (wall time, and CPU time: the rate on one core): reading it (the block reader, and the line parser it
falls back to), writing it back (``dumps_po``), and checks that what is written is the file,
byte for byte.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_update import make_news_files

from tmflow.io.po.charset import decode_po
from tmflow.io.po.reader import load_po, parse_po
from tmflow.io.po.writer import dumps_po, save_po
from tmflow.steps.merge.update import update_catalog


def _best(rounds: int, work) -> tuple[float, float]:
    """Best wall time and best CPU time of this process (the CPU time is the rate on one
    core, whatever else the machine is doing)."""
    wall, cpu = [], []
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return min(wall), min(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--corpus", type=Path, help="folder of <lang>.ntrex.jsonl files")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-po-io-"))
    old_path, pot_path, _ = make_news_files(folder, args.entries, 0.15, 1, args.corpus, "fr")
    updated = update_catalog(load_po(pot_path), load_po(old_path), "fr").catalog
    path = folder / "updated.po"
    save_po(updated, path)
    text = decode_po(path.read_bytes(), path)
    po = parse_po(text, path)
    n = len(po) + 1  # with the header
    fuzzy = sum(1 for e in po if "fuzzy" in e.flags)
    obsolete = sum(1 for e in po if e.obsolete)

    t_blocks = _best(args.rounds, lambda: parse_po(text, path))
    t_lines = _best(args.rounds, lambda: parse_po(text, path, blocks=False))
    t_write = _best(args.rounds, lambda: dumps_po(po))
    same = dumps_po(parse_po(text, path)) == text == dumps_po(parse_po(text, path, blocks=False))
    print(f"catalog: {n:,} entries ({fuzzy:,} fuzzy, {obsolete:,} obsolete), {len(text):,} chars")
    both = (t_blocks[0] + t_write[0], t_blocks[1] + t_write[1])
    print("                     wall time             CPU time (one core)")
    for label, (wall, cpu) in (
        ("read, block reader", t_blocks),
        ("read, line parser", t_lines),
        ("write (dumps_po)", t_write),
        ("parse + write", both),
    ):
        print(
            f"{label + ':':20} {wall:6.3f} s {n / wall:9,.0f}/s    "
            f"{cpu:6.3f} s {n / cpu:9,.0f} entries/s"
        )
    print(f"written back byte for byte: {same}")


if __name__ == "__main__":
    main()
