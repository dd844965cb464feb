"""Generated source-edit cases (no tests here) shared by the update tests and the benchmark.

A case is an old catalog (some entries translated, some fuzzy, some untranslated, some obsolete)
and a new template made from it by the edits a news desk makes: a typo fixed, a word inserted,
deleted or replaced, punctuation or case changed, a number changed, a sentence added, removed,
or brought back.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

WORDS = """
the a of to in and on for with by from at as after before during over under about between
government minister president ceremony conference people city town country world history
campaign justice memory victims tragedy anniversary speech foundation parliament decision
council report meeting agreement support statement visit delegation museum exhibition book
film school students children families village region capital border peace war law court
was were is are has have had will would could said held opened attended delivered announced
recognised organised visited signed discussed marked honoured remembered published called
new old main international national official public local cultural important tragic large
yesterday today also again only still already once more than many several every each
""".split()
NAMES = [
    "Moscow",
    "Baku",
    "Ankara",
    "Paris",
    "Leyla",
    "Aliyeva",
    "Khojaly",
    "Sarajevo",
    "Heydar",
    "Kravets",
    "Europe",
    "Mexico",
]
EDITS = (
    "typo",
    "insert",
    "delete",
    "replace",
    "punctuation",
    "case",
    "number",
    "name",
    "whitespace",
    "quotes",
)


def sentence(rng: random.Random, words: int | None = None) -> str:
    n = words or rng.randint(6, 18)
    if words is None and rng.random() < 0.06:  # a short title or caption
        return rng.choice(NAMES) + rng.choice(["", "", " " + str(rng.randint(1990, 2030))])
    toks = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.5:
        toks.insert(rng.randrange(1, n), rng.choice(NAMES))
    if rng.random() < 0.4:
        toks.insert(rng.randrange(1, n), str(rng.randint(2, 2030)))
    text = " ".join(toks)
    return text[0].upper() + text[1:] + rng.choice(".....!?")


def translate(text: str) -> str:
    """A stand-in translation: recognisable, different from the source."""
    return "«" + text[::-1] + "»"


def edit(rng: random.Random, text: str, kind: str) -> str:
    toks = text.split(" ")
    if kind == "typo":
        letters = [i for i, c in enumerate(text) if c.isalpha()]
        i = rng.choice(letters)
        repl = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != text[i].lower()])
        return text[:i] + repl + text[i + 1 :]
    if kind == "insert":
        toks.insert(rng.randint(1, len(toks)), rng.choice(WORDS))
    elif kind == "delete" and len(toks) > 3:
        del toks[rng.randrange(1, len(toks) - 1)]
    elif kind == "replace":
        i = rng.randrange(1, len(toks) - 1) if len(toks) > 2 else 0
        toks[i] = rng.choice(WORDS)
    elif kind == "punctuation":
        return text[:-1] + ("!" if text[-1] != "!" else ".")
    elif kind == "case":
        return text[0].lower() + text[1:] if text[0].isupper() else text.capitalize()
    elif kind == "number":
        nums = re.findall(r"\d+", text)
        if nums:
            return text.replace(nums[0], str(int(nums[0]) + rng.randint(1, 9)), 1)
        toks.insert(rng.randint(1, len(toks)), str(rng.randint(2, 99)))
    elif kind == "name":
        toks.insert(rng.randint(1, len(toks)), rng.choice(NAMES))
    elif kind == "whitespace":
        if len(toks) > 1:
            i = rng.randrange(1, len(toks))
            toks[i] = " " + toks[i]
        else:
            toks.append("")
    elif kind == "quotes":
        i = rng.randrange(0, len(toks))
        toks[i] = "\u201c" + toks[i] + "\u201d"
    return " ".join(toks)


@dataclass
class Case:
    seed: int
    old: list[tuple[str, str, bool, bool]] = field(
        default_factory=list
    )  # msgid, msgstr, fuzzy, obsolete
    new: list[str] = field(default_factory=list)
    edits: list[str] = field(default_factory=list)


def make_case(seed: int, size: int = 12, *, ascii_only: bool = False) -> Case:
    """One case: ``size`` old live entries, a couple of obsolete ones, edits on a third."""
    rng = random.Random(seed)
    case = Case(seed)
    live = []
    texts: set[str] = set()
    while len(live) < size:
        s = sentence(rng)
        if s not in texts:
            texts.add(s)
            live.append(s)
    for s in live:
        r = rng.random()
        if r < 0.7:
            case.old.append((s, translate(s), False, False))
        elif r < 0.85:
            case.old.append((s, translate(s), True, False))
        else:
            case.old.append((s, "", False, False))
    obsolete = [sentence(rng) for _ in range(2)]
    for s in obsolete:
        if s not in texts:
            texts.add(s)
            case.old.append((s, translate(s), False, True))
    kinds = [k for k in EDITS if not (ascii_only and k == "quotes")]
    new: list[str] = []
    for s in live:
        r = rng.random()
        if r < 0.12:
            case.edits.append("removed")
            continue
        if r < 0.45:
            kind = rng.choice(kinds)
            e = edit(rng, s, kind)
            case.edits.append(kind)
            s = e
        if s not in new:
            new.append(s)
    for _ in range(rng.randint(0, 3)):
        s = sentence(rng)
        new.insert(rng.randrange(0, len(new) + 1), s)
        case.edits.append("added")
    if rng.random() < 0.5:
        s = rng.choice(obsolete)
        if s not in new:
            new.insert(rng.randrange(0, len(new) + 1), s)
            case.edits.append("revived")
    case.new = list(dict.fromkeys(new))
    return case


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n{lang}\n'
)


def old_po_text(case: Case, language: str = "fr") -> str:
    parts = [HEADER.format(lang=f'"Language: {language}\\n"\n"MIME-Version: 1.0\\n"')]
    for msgid, msgstr, fuzzy, obsolete in case.old:
        if obsolete:
            parts.append(f"#~ msgid {_q(msgid)}\n#~ msgstr {_q(msgstr)}\n")
        else:
            flag = "#, fuzzy\n" if fuzzy else ""
            parts.append(f"{flag}msgid {_q(msgid)}\nmsgstr {_q(msgstr)}\n")
    return "\n".join(parts)


def pot_text(case: Case) -> str:
    parts = [HEADER.format(lang='"MIME-Version: 1.0\\n"')]
    for i, msgid in enumerate(case.new, 1):
        parts.append(f'#: article.txt:{i}\nmsgid {_q(msgid)}\nmsgstr ""\n')
    return "\n".join(parts)


# a larger, Zipf-distributed vocabulary, closer to real news text (for the benchmarks)
_LETTERS = "eeeeeeeeeeeettttttttaaaaaaaooooooiiiiiiinnnnnnnsssssshhhhhhrrrrrrddddlllluuucccmmmwwffggyyppbbvkjxqz"


class NewsText:
    """Sentences of function words and ~``size`` content words with Zipf frequencies."""

    def __init__(self, seed: int = 0, size: int = 20_000) -> None:
        rng = random.Random(seed)
        vocab: dict[str, None] = {}
        while len(vocab) < size:
            vocab["".join(rng.choice(_LETTERS) for _ in range(rng.randint(3, 11)))] = None
        self.vocab = list(vocab)
        total = 0.0
        self.cum: list[float] = []
        for rank in range(len(self.vocab)):
            total += 1.0 / (rank + 1)
            self.cum.append(total)

    def sentence(self, rng: random.Random) -> str:
        n = rng.randint(6, 24)
        content = rng.choices(self.vocab, cum_weights=self.cum, k=n)
        toks = [w if rng.random() < 0.55 else rng.choice(WORDS) for w in content]
        if rng.random() < 0.5:
            toks.insert(rng.randrange(1, n), rng.choice(NAMES))
        if rng.random() < 0.3:
            toks.insert(rng.randrange(1, n), str(rng.randint(2, 2030)))
        text = " ".join(toks)
        return text[0].upper() + text[1:] + rng.choice(".....!?")
