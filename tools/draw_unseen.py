"""Draw the unseen segmentation cases (``tests/fixtures/segmentation/unseen.tsv``) from NTREX-128.

    python tools/draw_unseen.py DATA_DIR > draft.tsv

DATA_DIR holds ``<lang>.ntrex.jsonl`` (document-ordered JSON lines with "doc", "idx", "en",
"tgt"). The draw does not look at tmflow's output: with a fixed seed per language it picks
paragraphs of 2–4 consecutive body lines (the headline, line 0, is left out) of articles that
``realtext.tsv`` does not quote in that language, no line twice. Two of every three paragraphs
are drawn among those where a line holds something a sentence splitter may trip on: a number,
a quotation mark, a time, a dot after a word of up to four letters before the end of the line
(abbreviations, initials, ordinals), an ellipsis, or "?"/"!" before the end of the line; the
rest are drawn among all paragraphs. A paragraph with a line that does not end in
sentence-final punctuation (after closing quotes and brackets) is not drawn: the boundary
after such a line is a matter of opinion.

The draft's expected split is the corpus's line boundaries. Its last column lists, for review,
the places inside a line where two sentences may meet (sentence-final punctuation, white
space, then a capital or caseless letter); the fixture keeps the draft's cases and order, with
the split corrected by hand where a line holds two sentences, and says so in that column.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALTEXT = ROOT / "tests" / "fixtures" / "segmentation" / "realtext.tsv"
COUNTS = {"ar": 40, "en": 34, "ru": 34, "tr": 34, "fr": 34, "de": 34, "az": 34}
SEED = 15
FINAL = ".!?…؟"
CLOSING = "\"'”’»)]}›"
INTERESTING = re.compile(
    r"\d"  # a number, a time, a date
    r"|[\"“”«»„‘’]"  # a quotation
    r"|(?<!\S)[^\s.]{1,4}\.\s+\S"  # a dot after a short word, inside the line
    r"|…|\.\.\."  # an ellipsis
    r"|[?!؟]\S*\s+\S"  # a question or an exclamation inside the line
)
# sentence-final punctuation, closing quotes, white space, opening quotes, then a letter that
# is not lower case: where two sentences may meet inside a line
MEET = re.compile(r"[.!?…؟][\"'”’»)\]]*\s+[\"'“‘«„(\[—–-]*(?P<c>[^\W\d_])")


def escape(text: str) -> str:
    return text.replace("\u00a0", "\\u00a0").replace("\u202f", "\\u202f")


def realtext_docs() -> dict[str, set[str]]:
    """The NTREX articles that realtext.tsv quotes, per language."""
    used: dict[str, set[str]] = {}
    for line in REALTEXT.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lang, origin = line.split("\t")[:2]
        if origin.startswith("ntrex:"):
            used.setdefault(lang, set()).add(origin.split(":", 1)[1].split("#")[0])
    return used


def load(data: Path, lang: str) -> dict[str, list[tuple[int, str]]]:
    source = "ar" if lang == "en" else lang
    key = "en" if lang == "en" else "tgt"
    docs: dict[str, list[tuple[int, str]]] = {}
    with (data / f"{source}.ntrex.jsonl").open(encoding="utf-8") as f:
        for raw in f:
            row = json.loads(raw)
            docs.setdefault(row["doc"], []).append((row["idx"], row[key].strip()))
    for lines in docs.values():
        lines.sort()
    return docs


def ends(line: str) -> bool:
    body = line.rstrip(CLOSING + " ")
    return bool(body) and body[-1] in FINAL


Run = tuple[str, list[tuple[int, str]]]


def windows(
    docs: dict[str, list[tuple[int, str]]], skip: set[str], rng: random.Random
) -> list[Run]:
    """Every run of 2–4 consecutive body lines (doc, first idx, lines), in a random order."""
    out: list[Run] = []
    for doc in sorted(docs):
        if doc in skip:
            continue
        lines = [(i, t) for i, t in docs[doc] if i > 0]
        for k in range(len(lines)):
            size = rng.choice((2, 3, 4))
            run = lines[k : k + size]
            if len(run) < 2 or any(b[0] != a[0] + 1 for a, b in zip(run, run[1:])):
                continue
            if all(t and ends(t) and "\t" not in t for _, t in run):
                out.append((doc, run))
    rng.shuffle(out)
    return out


def draw(data: Path, lang: str, count: int, skip: set[str]) -> list[str]:
    rng = random.Random(f"{SEED}-{lang}")
    docs = load(data, lang)
    taken: set[tuple[str, int]] = set()
    rows: list[str] = []
    pool = windows(docs, skip, rng)
    interesting = [w for w in pool if any(INTERESTING.search(t) for _, t in w[1])]
    wanted = [(interesting, (2 * count + 2) // 3), (pool, count)]
    for source, target in wanted:
        for doc, run in source:
            if len(rows) >= target:
                break
            if any((doc, i) in taken for i, _ in run):
                continue
            taken.update((doc, i) for i, _ in run)
            texts = [t for _, t in run]
            review = [
                f"line {n + 1}: …{t[max(0, m.start() - 12) : m.start('c') + 8]}…"
                for n, t in enumerate(texts)
                for m in MEET.finditer(t)
                if not m.group("c").islower()
            ]
            rows.append(
                "\t".join(
                    [
                        lang,
                        f"ntrex:{doc}#{run[0][0]}-{run[-1][0]}",
                        "p",
                        escape(" || ".join(texts)),
                        "REVIEW " + " | ".join(review) if review else "",
                    ]
                )
            )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    args = parser.parse_args()
    used = realtext_docs()
    for lang, count in COUNTS.items():
        for row in draw(args.data, lang, count, used.get(lang, set())):
            print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
