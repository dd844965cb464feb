"""Sentence boundaries on real text: professional parallel corpora, per language.

Run by hand:  python bench/bench_segment_real.py DATA_DIR [--show N] [--lang xx,yy]

DATA_DIR holds document-ordered JSONL files (one object per line with "doc", "idx", "en",
"tgt"): ``<lang>.jsonl`` (FLORES-200 dev+devtest: short excerpts of Wikinews, Wikivoyage and
Wikibooks articles) and ``<lang>.ntrex.jsonl`` (NTREX-128: whole news articles, a headline
first). Nothing is downloaded and nothing of the corpora is written anywhere.

For every language (the English source side, and each target side) the lines of one document
are joined into paragraphs as an article has them: a FLORES document is one paragraph; an
NTREX article is its headline, a blank line, and paragraphs of up to four lines separated by
blank lines. ``segment_text`` splits each article as plain text, and its boundaries inside
paragraphs are compared with the gold boundaries between the corpus's lines: precision (how
many boundaries found are gold), recall (how many gold boundaries are found), F1.

Debatable gold is counted apart rather than hidden (``--show`` lists every case):

* a gold line that does not end in sentence-final punctuation (a colon, or nothing: a title or
  a list-like line inside the text): the boundary after it is "gold without final
  punctuation", found or not;
* a corpus line that holds two sentences (the source line already had two, or the translator
  split one): a boundary found inside a line is set aside when sentence-final punctuation
  follows a lower-case word of three letters or more, any word of five letters or more, a
  number of three digits or more, or is "?", "!" or an ellipsis, and a capital or caseless
  letter comes next; or when a shorter word of three letters or more stands before the stop
  and the aligned lines hold two sentences too (for a target language: its English line; for
  English: at least half of the target lines). These tests do not use tmflow's rules; they
  are crude, so ``--show`` lists what they set aside for review.

"F1" leaves both kinds out; "strict F1" counts every gold boundary and every boundary found
that is not gold.

Two more measures on the same material:

* headline: each NTREX headline followed by a single line break and the first paragraph (no
  blank line); right when the headline comes out as a segment of its own;
* wrapped: each FLORES paragraph hard-wrapped at 60 columns; boundaries that the line breaks
  add or lose compared with the same paragraph on one line (a wrapped line mistaken for a
  heading, say).
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
import textwrap
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tmflow.steps.segment.segmenter import segment_text  # noqa: E402

TARGETS = ("ru", "tr", "fr", "de", "az", "ar", "uk", "es")
PARAGRAPH = 4  # lines per paragraph of an NTREX article
WRAP = 60
FINAL = set(".!?…؟。！？۔")
CLOSING = "\"'”’»)]}›*_“"
# a word of three letters or more (or a number), sentence-final punctuation, closing quotes,
# white space, opening quotes, then a letter: where two sentences may meet inside a line
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f\u064b-\u065f\u0670])"  # letters and combining marks
_TWO = re.compile(
    r"(?:" + _LETTER + r"{3,}|\d+|[!?…؟])[\"'”’»)\]]*[.!?…؟]*[.!?…؟][\"'”’»)\]]*\s+"
    r"[\"'“‘«„(\[—–-]*\s*(?P<c>[^\W\d_])"
)


def internal_breaks(line: str) -> list[int]:
    """Offsets (of the letter after) where two sentences may meet inside ``line``."""
    return [m.start("c") for m in _TWO.finditer(line) if not m.group("c").islower()]


def ends_a_sentence(sentence: str) -> bool:
    body = sentence.rstrip().rstrip(CLOSING).rstrip()
    return bool(body) and body[-1] in FINAL


@dataclass
class Corpus:
    """Aligned lines: for each kind ("flores", "ntrex") the documents in order, each a list of
    line keys; ``text[key][lang]`` the line in that language ("en" for the source)."""

    docs: dict[str, list[list[tuple[str, int]]]] = field(default_factory=dict)
    text: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)


def load(data: Path, langs: list[str]) -> Corpus:
    corpus = Corpus()
    for kind, suffix in (("flores", ".jsonl"), ("ntrex", ".ntrex.jsonl")):
        order: dict[str, list[tuple[str, int]]] = {}
        for lang in TARGETS:
            path = data / f"{lang}{suffix}"
            if not path.exists():
                continue
            with path.open(encoding="utf-8") as handle:
                for raw in handle:
                    row = json.loads(raw)
                    key = (f"{kind}:{row['doc']}", row["idx"])
                    slot = corpus.text.setdefault(key, {})
                    if not slot:
                        order.setdefault(key[0], []).append(key)
                        slot["en"] = unicodedata.normalize("NFC", row["en"])
                    slot[lang] = unicodedata.normalize("NFC", row["tgt"])
        corpus.docs[kind] = list(order.values())
    return corpus


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    invented: int = 0
    no_punct: int = 0
    no_punct_found: int = 0
    two_in_line: int = 0
    lines: int = 0
    seconds: float = 0.0
    headlines: int = 0
    headlines_right: int = 0
    wrap_added: int = 0
    wrap_lost: int = 0
    wrap_gold: int = 0
    shown: dict[str, list[str]] = field(default_factory=dict)

    def show(self, kind: str, text: str, pos: int) -> None:
        snippet = text[max(0, pos - 60) : pos] + " ‖ " + text[pos : pos + 40]
        self.shown.setdefault(kind, []).append(snippet.replace("\n", "⏎"))

    def score(self, strict: bool) -> tuple[float, float, float]:
        gold = self.gold + (self.no_punct if strict else 0)
        found = self.found + (self.no_punct_found if strict else 0)
        predicted = found + self.invented + (self.two_in_line if strict else 0)
        p = found / predicted if predicted else 1.0
        r = found / gold if gold else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def article(
    corpus: Corpus, keys: list[tuple[str, int]], lang: str, headline: bool
) -> tuple[str, list[tuple[int, tuple[str, int]]], set[int]]:
    """The article text, (offset, key) of every line, and the offsets where blocks start."""
    parts: list[str] = []
    lines: list[tuple[int, tuple[str, int]]] = []
    block_starts: set[int] = {0}
    pos = 0
    body = keys
    if headline:
        first = corpus.text[keys[0]][lang]
        lines.append((0, keys[0]))
        parts.append(first + "\n\n")
        pos = len(parts[0])
        body = keys[1:]
    size = PARAGRAPH if headline else max(1, len(body))
    for i in range(0, len(body), size):
        group = body[i : i + size]
        block_starts.add(pos)
        for k, key in enumerate(group):
            sentence = corpus.text[key][lang]
            lines.append((pos, key))
            sep = " " if k + 1 < len(group) else "\n\n"
            parts.append(sentence + sep)
            pos += len(sentence) + len(sep)
    return "".join(parts), lines, block_starts


def two_sentences(corpus: Corpus, key: tuple[str, int], lang: str, line: str, at: int) -> bool:
    """Evidence, independent of tmflow's rules, that the corpus line holds two sentences that
    meet at ``at``: the word before the stop is a lower-case word of three letters or more, any
    word of five letters or more, a number of three digits or more, or the stop is "?", "!" or
    an ellipsis; or the word before it is any word of three letters or more and the aligned
    lines also hold two sentences there."""
    if at not in internal_breaks(line):
        return False
    before = line[:at].rstrip().rstrip("\"'“‘«„([—–-").rstrip().rstrip(CLOSING)
    if before and before[-1] in "!?…؟":
        return True
    word = re.search(r"(" + _LETTER + r"+|\d+)[\"'”’»)\]]*[.!?…؟]+$", before)
    if word:
        w = word.group(1)
        letters = sum(ch.isalpha() for ch in w)
        lower = w.islower() or (letters and not any(ch.isupper() for ch in w))
        if (lower and letters >= 3) or letters >= 5 or (w.isdigit() and len(w) >= 3):
            return True
    others = corpus.text[key]
    if lang != "en":
        return bool(internal_breaks(others["en"]))
    targets = [t for code, t in others.items() if code != "en"]
    return sum(bool(internal_breaks(t)) for t in targets) * 2 >= len(targets)


def measure(tally: Tally, corpus: Corpus, lang: str) -> None:
    for kind, docs in corpus.docs.items():
        news = kind == "ntrex"
        for keys in docs:
            if lang not in corpus.text[keys[0]] or (news and len(keys) < 2):
                continue
            text, lines, block_starts = article(corpus, keys, lang, headline=news)
            t0 = time.process_time()
            segments = segment_text(text, "text", lang)
            tally.seconds += time.process_time() - t0
            tally.lines += len(keys)
            starts = {s.start for s in segments} - block_starts
            offsets = [pos for pos, _ in lines]
            gold = set(offsets) - block_starts
            for i, (pos, _key) in enumerate(lines):
                if pos not in gold:
                    continue
                previous = corpus.text[lines[i - 1][1]][lang]
                hit = pos in starts
                if not ends_a_sentence(previous):
                    tally.no_punct += 1
                    tally.no_punct_found += hit
                    tally.show(
                        "gold without final punctuation" + (" (found)" if hit else ""), text, pos
                    )
                else:
                    tally.gold += 1
                    tally.found += hit
                    if not hit:
                        tally.show("missed", text, pos)
            for s in sorted(starts - gold):
                i = bisect.bisect_right(offsets, s) - 1
                pos, key = lines[i]
                if two_sentences(corpus, key, lang, corpus.text[key][lang], s - pos):
                    tally.two_in_line += 1
                    tally.show("line holds two sentences", text, s)
                else:
                    tally.invented += 1
                    tally.show("invented", text, s)
            if news:
                headline_measure(tally, corpus, keys, lang)
            else:
                wrapped_measure(tally, [corpus.text[k][lang] for k in keys], lang, starts)


def headline_measure(tally: Tally, corpus: Corpus, keys: list[tuple[str, int]], lang: str) -> None:
    head = corpus.text[keys[0]][lang]
    first = " ".join(corpus.text[k][lang] for k in keys[1 : 1 + PARAGRAPH])
    text = head + "\n" + first + "\n"
    segments = segment_text(text, "text", lang)
    tally.headlines += 1
    cut = len(head)
    if cut in {s.end for s in segments} and cut + 1 in {s.start for s in segments}:
        tally.headlines_right += 1
    else:
        tally.show("headline run into its paragraph", text, cut + 1)


def wrapped_measure(tally: Tally, doc: list[str], lang: str, flat_starts: set[int]) -> None:
    if len(doc) < 2:
        return
    flat = " ".join(doc)
    lines = textwrap.wrap(flat, WRAP, break_long_words=False, break_on_hyphens=False)
    text = "\n".join(lines)
    if text.replace("\n", " ") != flat:
        return  # the wrapper changed more than single spaces: offsets would not match
    starts = {s.start for s in segment_text(text, "text", lang)} - {0}
    tally.wrap_gold += len(doc) - 1
    for s in sorted(starts - flat_starts):
        tally.wrap_added += 1
        tally.show("added by hard wrapping", text, s)
    for s in sorted(flat_starts - starts):
        tally.wrap_lost += 1
        tally.show("lost by hard wrapping", text, s)


def rows(corpus: Corpus, langs: list[str]) -> Iterator[tuple[str, Tally]]:
    for lang in langs:
        tally = Tally()
        measure(tally, corpus, lang)
        yield lang, tally


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("data", type=Path, help="folder with <lang>.jsonl and <lang>.ntrex.jsonl")
    parser.add_argument("--show", type=int, default=0, help="examples of each kind of case")
    parser.add_argument("--lang", default="", help="comma-separated languages (default: all)")
    args = parser.parse_args()
    available = [
        t
        for t in TARGETS
        if (args.data / f"{t}.jsonl").exists() or (args.data / f"{t}.ntrex.jsonl").exists()
    ]
    langs = ["en", *available]
    if args.lang:
        langs = [x for x in langs if x in args.lang.split(",")]
    corpus = load(args.data, available)
    print(
        f"{'lang':<5}{'gold':>6}{'found':>7}{'invented':>9}{'P':>9}{'R':>9}{'F1':>9}"
        f"{'strict F1':>11}{'no-punct':>10}{'2-in-line':>10}{'headline':>10}{'wrap +/-':>10}"
        f"{'lines/s':>9}"
    )
    tallies = []
    for lang, t in rows(corpus, langs):
        tallies.append((lang, t))
        p, r, f = t.score(strict=False)
        f_strict = t.score(strict=True)[2]
        print(
            f"{lang:<5}{t.gold:>6}{t.found:>7}{t.invented:>9}{100 * p:>8.2f}%{100 * r:>8.2f}%"
            f"{100 * f:>8.2f}%{100 * f_strict:>10.2f}%{t.no_punct_found:>5}/{t.no_punct:<4}"
            f"{t.two_in_line:>10}{t.headlines_right:>5}/{t.headlines:<4}"
            f"{f'+{t.wrap_added}/-{t.wrap_lost}':>10}{t.lines / t.seconds if t.seconds else 0:>9,.0f}",
            flush=True,
        )
    print(
        "\nF1 leaves out debatable gold; strict F1 counts it. no-punct: gold boundaries after a"
        " line without\nsentence-final punctuation, found/all; 2-in-line: boundaries found inside"
        " a corpus line that holds two\nsentences; headline: NTREX headlines followed by one line"
        " break that came out as a segment of their\nown; wrap +/-: boundaries added and lost by"
        f" hard-wrapping the FLORES paragraphs at {WRAP} columns."
    )
    if args.show:
        for lang, t in tallies:
            for kind, items in t.shown.items():
                print(f"\n[{lang}] {kind} ({len(items)}):")
                for item in items[: args.show]:
                    print("   ", item)


if __name__ == "__main__":
    main()
