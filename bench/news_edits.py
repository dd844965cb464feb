"""News-like catalogs and the edits a news desk makes, for the update and memory benchmarks.

With a corpus folder (``--corpus /path``: files ``<lang>.ntrex.jsonl`` of JSON lines with
``en`` and ``tgt``, such as NTREX-128), segments are built from real news sentences: each one
is a real sentence, or two or three real sentences spliced at word boundaries (the English
and the translation cut at the same share of their words), so that a catalog of 20,000 or a
memory of 100,000 units reads like news and shares its vocabulary, names and numbers. Without
a corpus the sentences come from ``tests.steps.merge.test_update_cases.NewsText`` (function
words and a Zipf vocabulary).

``news_edit`` makes the edits of a news desk: a name, a number, a date changed; punctuation;
one word replaced, inserted or deleted; a clause rewritten; a sentence split in two (both
halves replace the old segment).
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.steps.merge.test_update_cases import NewsText, translate

KINDS = (
    "name",
    "number",
    "date",
    "punctuation",
    "word",
    "insert",
    "delete",
    "clause",
    "split",
)
MONTHS = (
    "January February March April May June July August September October November December"
).split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITAL = re.compile(r"(?<=\s)[A-Z][a-z]+(?:\s[A-Z][a-z]+)?")
_DATE = re.compile(r"\b(" + "|".join(MONTHS + DAYS) + r")\b|\b(19|20)\d\d\b")


@dataclass
class Corpus:
    """Pairs of (English, translation) and the words, names and numbers they use."""

    pairs: list[tuple[str, str]]
    words: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        words: dict[str, None] = {}
        names: dict[str, None] = {}
        for en, _ in self.pairs:
            for w in en.split():
                if w.isalpha() and w.islower():
                    words[w] = None
            for n in _CAPITAL.findall(en):
                if n not in MONTHS and n not in DAYS:
                    names[n] = None
        self.words = list(words) or ["news"]
        self.names = list(names) or ["Smith"]


def load_corpus(folder: Path | None, language: str = "fr", seed: int = 0) -> Corpus:
    """The corpus of ``folder`` for ``language`` (one language's file, or the first there);
    without a folder, sentences of ``NewsText`` with stand-in translations."""
    if folder is not None:
        files = sorted(Path(folder).glob(f"{language}.*jsonl")) or sorted(
            Path(folder).glob("*.jsonl")
        )
        if not files:
            raise SystemExit(f"no *.jsonl corpus in {folder}")
        pairs = []
        with open(files[0], encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                en, tgt = row["en"].strip(), row["tgt"].strip()
                if en and tgt:
                    pairs.append((en, tgt))
        return Corpus(pairs)
    rng = random.Random(seed)
    news = NewsText(seed=seed)
    pairs = []
    for _ in range(4000):
        s = news.sentence(rng)
        pairs.append((s, translate(s)))
    return Corpus(pairs)


def _cut(text: str, share: float) -> tuple[str, str]:
    words = text.split(" ")
    k = max(1, min(len(words) - 1, round(len(words) * share))) if len(words) > 1 else 1
    return " ".join(words[:k]), " ".join(words[k:])


def splice(rng: random.Random, corpus: Corpus) -> tuple[str, str]:
    """A news-like segment: a real sentence (one in four), or two or three spliced."""
    pairs = corpus.pairs
    if rng.random() < 0.25:
        return rng.choice(pairs)
    parts = rng.choice((2, 2, 3))
    en: list[str] = []
    tgt: list[str] = []
    cuts = sorted(rng.uniform(0.2, 0.8) for _ in range(parts - 1))
    bounds = [0.0, *cuts, 1.0]
    for a, b in zip(bounds, bounds[1:]):
        s, t = rng.choice(pairs)
        en.append(_cut(_cut(s, a)[1] if a else s, (b - a) / (1 - a) if a < 1 else 1)[0])
        tgt.append(_cut(_cut(t, a)[1] if a else t, (b - a) / (1 - a) if a < 1 else 1)[0])
    text = " ".join(p for p in en if p).strip()
    return text[:1].upper() + text[1:], " ".join(p for p in tgt if p).strip()


def segments(rng: random.Random, corpus: Corpus, n: int) -> dict[str, str]:
    """``n`` unique segments (English → translation)."""
    out: dict[str, str] = {}
    tries = 0
    while len(out) < n:
        en, tgt = splice(rng, corpus)
        tries += 1
        if en in out and tries < 50 * n:
            continue
        if en in out:  # the corpus is too small for n distinct splices: a number makes one
            en = f"{en} ({len(out)})"
        out[en] = tgt
    return out


def news_edit(rng: random.Random, text: str, kind: str, corpus: Corpus) -> list[str]:
    """``text`` after one edit of ``kind``: one segment, or two for a split."""
    words = text.split(" ")
    if kind == "name":
        found = list(_CAPITAL.finditer(text))
        if found:
            m = rng.choice(found)
            return [text[: m.start()] + rng.choice(corpus.names) + text[m.end() :]]
        kind = "insert"
    if kind == "number":
        found = list(_NUMBER.finditer(text))
        if found:
            m = rng.choice(found)
            value = str(rng.choice([int(d) for d in re.findall(r"\d+", m.group())][:1] or [7]))
            new = str(int(value) + rng.choice([-3, -2, -1, 1, 2, 5, 10, 100]))
            return [text[: m.start()] + new.lstrip("-") + text[m.end() :]]
        kind = "date"
    if kind == "date":
        found = list(_DATE.finditer(text))
        if found:
            m = rng.choice(found)
            old = m.group()
            if old in MONTHS:
                new = rng.choice([x for x in MONTHS if x != old])
            elif old in DAYS:
                new = rng.choice([x for x in DAYS if x != old])
            else:
                new = str(int(old) + rng.choice([-1, 1]))
            return [text[: m.start()] + new + text[m.end() :]]
        words.insert(rng.randint(1, len(words)), f"on {rng.choice(DAYS)}")
        return [" ".join(words)]
    if kind == "punctuation":
        choice = rng.random()
        if choice < 0.3 and "," in text:
            i = rng.choice([i for i, c in enumerate(text) if c == ","])
            return [text[:i] + text[i + 1 :]]
        if choice < 0.6 and len(words) > 4:
            i = rng.randrange(2, len(words) - 1)
            words[i] = words[i].rstrip(",") + ","
            return [" ".join(words)]
        if choice < 0.8:
            return [text.replace('"', "\u201c", 1).replace('"', "\u201d", 1)]
        return [text.rstrip(".!?") + rng.choice([".", "!", "?", "..."])]
    if kind == "word" and len(words) > 2:
        i = rng.randrange(1, len(words))
        words[i] = rng.choice(corpus.words)
        return [" ".join(words)]
    if kind == "insert" or len(words) <= 3:
        words.insert(rng.randint(1, len(words)), rng.choice(corpus.words))
        return [" ".join(words)]
    if kind == "delete":
        del words[rng.randrange(1, len(words) - 1)]
        return [" ".join(words)]
    if kind == "clause":
        other = rng.choice(corpus.pairs)[0].split(" ")
        keep = rng.uniform(0.5, 0.8)
        head, _ = _cut(text, keep)
        tail = other[len(other) - max(2, round(len(words) * (1 - keep))) :]
        return [head + " " + " ".join(tail)]
    # split: a long sentence becomes two at a comma or a conjunction, else in the middle
    at = [i for i, w in enumerate(words[2:-2], 2) if w.endswith(",") or w in ("and", "but")]
    i = rng.choice(at) if at else len(words) // 2
    first = " ".join(words[:i]).rstrip(",") + "."
    rest = words[i + 1 :] if words[i] in ("and", "but") else words[i:]
    second = " ".join(rest) if rest else "It said so."
    return [first, second[:1].upper() + second[1:]]


@dataclass
class EditedCatalog:
    old: dict[str, str]  # English → translation, the catalog before the edits
    new: list[str]  # the template's segments after them
    kinds: dict[str, int]  # edit kind → segments edited that way


def edited_catalog(
    rng: random.Random,
    corpus: Corpus,
    n: int,
    *,
    changed: float = 0.15,
    added: float = 0.04,
    removed: float = 0.02,
    sentence: Callable[[random.Random], tuple[str, str]] | None = None,
    whole: bool = False,
) -> EditedCatalog:
    """A catalog of ``n`` segments and the template after a round of news edits: a share
    ``changed`` edited (one to two edits), ``added`` brand-new segments, ``removed`` gone.
    ``whole``: the corpus's own sentences only, unspliced (at most as many as it has; the new
    segments are spliced)."""
    if whole:
        unique = list(dict(corpus.pairs).items())
        old = dict(rng.sample(unique, min(n, len(unique))))
    else:
        old = segments(rng, corpus, n)
    new: list[str] = []
    kinds: dict[str, int] = {}
    make = sentence or (lambda r: splice(r, corpus))
    for s in old:
        r = rng.random()
        if r < removed:
            continue
        if r < removed + added:
            new.append(make(rng)[0])
        if r >= removed + added and r < removed + added + changed:
            texts = [s]
            for _ in range(rng.choice((1, 1, 1, 2))):
                kind = rng.choice(KINDS)
                kinds[kind] = kinds.get(kind, 0) + 1
                texts = [t for text in texts for t in news_edit(rng, text, kind, corpus)]
            new.extend(texts)
        else:
            new.append(s)
    return EditedCatalog(old, list(dict.fromkeys(t for t in new if t.strip())), kinds)
