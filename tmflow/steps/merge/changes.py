"""What kind of edit turned one source segment into another, so reviewers can triage fuzzies.

When ``update`` carries an old translation over to an edited segment it writes one provenance
line naming the class of the edit::

    # tmflow: source changed: whitespace
    # tmflow: source changed: typography
    # tmflow: source changed: punctuation
    # tmflow: source changed: spelling (Tuesdy → Tuesday)
    # tmflow: source changed: numbers (2014 → 2015)
    # tmflow: source changed: dates (Monday → Tuesday)
    # tmflow: source changed: names (Moscow → Baku)
    # tmflow: source changed: numbers, names (22nd → 23rd; Moscow → Baku)
    # tmflow: source changed: reverted
    # tmflow: source changed: text

Every class has one name, a single word, used alike in the provenance line, the receipt
(``source edits: names 1, numbers 2, spelling 1``) and its JSON. From harmless to dangerous:

* ``whitespace``: the texts are equal once runs of white space are folded and the ends
  trimmed. The old translation is almost certainly still right.
* ``typography``: equal once typographic variants are folded (curly and straight quotes, the
  dashes, the ellipsis, no-break and thin spaces). Usually still right.
* ``punctuation``: equal once all punctuation is removed (a comma, a full stop turned into an
  exclamation mark). The translation's punctuation may need the same change.
* ``spelling``: a word was replaced by one a small in-word edit away (at most 2 letters
  inserted, deleted, replaced or swapped; at most 1 in a word shorter than 5 letters; words of
  3 letters or more; never one weekday or month name for another): a typo made or fixed,
  "Tuesday" → "Tuesdy", "Moskow" → "Moscow". The detail names both words, so a real change
  that happens to be that small ("Iran" → "Iraq") is there to see.
* ``numbers``: the sequence of numbers differs (a figure, a year, an ordinal like 22nd).
* ``dates``: a weekday or month name differs. GNU msgmerge carries "Montag" over for a
  Monday→Tuesday edit and says nothing; tmflow names the change so the reviewer fixes it.
* ``names``: a capitalised word that is not the first word of the sentence was added, removed
  or replaced (a person, a city, an organisation).
* ``reverted``: the source is again the text the translation was made for (a typo made and
  fixed again); the entry stays fuzzy for a reviewer to confirm, without a ``#|`` line equal
  to its msgid.
* ``text``: any other edit (words, case, ordinary punctuation); beside ``spelling`` it says
  that other words changed too.

``spelling``, ``numbers``, ``dates`` and ``names`` combine (a sentence can change a figure and
a city); the line then lists the old and new tokens of each, so a reviewer sees at once what to
fix in the translation. The detectors are language-agnostic except the weekday/month list, which
is for the source language (English by default, the sample's source).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

WHITESPACE = "whitespace"
TYPOGRAPHY = "typography"
PUNCTUATION = "punctuation"
SPELLING = "spelling"
NUMBERS = "numbers"
DATES = "dates"
NAMES = "names"
REVERTED = "reverted"
TEXT = "text"
#: every class, from harmless to dangerous (the order of the receipt's summary is by name)
CLASSES = (WHITESPACE, TYPOGRAPHY, PUNCTUATION, SPELLING, NUMBERS, DATES, NAMES, REVERTED, TEXT)

_TYPO = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u200b": "",
    }
)
_WS = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]|\s+(?=[^\w\s])", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*(?:st|nd|rd|th)?")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
#: the rule of a sentence start, on the text before a word (``starts_sentence`` applies it)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“«(]\s*|^\s*[-–—•]\s*)$")

DATE_WORDS = frozenset(
    """
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
today yesterday tomorrow
""".split()
)


@dataclass(frozen=True)
class Change:
    """The class of one source edit: ``kinds`` from the list above, ``details`` per kind."""

    kinds: tuple[str, ...]
    details: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The text after ``source changed:`` in the provenance line."""
        head = ", ".join(self.kinds)
        detail = "; ".join(d for d in self.details if d)
        return f"{head} ({detail})" if detail else head


def fold_whitespace(text: str) -> str:
    return _WS.sub(" ", text).strip()


def fold_typography(text: str) -> str:
    text = text.translate(_TYPO).replace("\u2026", "...")
    return fold_whitespace(text)


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text.translate(_TYPO))


def _words(text: str) -> list[tuple[str, bool]]:
    """Words with a flag: does it start a sentence (so its capital says nothing)?"""
    return [(m.group(0), starts_sentence(text, m.start())) for m in _WORD.finditer(text)]


_STOPS = frozenset(".!?:;")
_OPENERS = frozenset('"“«(')
_BULLETS = frozenset("-–—•")


def starts_sentence(text: str, start: int) -> bool:
    """Does ``_SENTENCE_START`` match at the end of ``text[:start]``? The same answer, read
    backwards from ``start`` over the few characters that decide it, so that the words of a
    long text cost linear time, not the square of its length."""
    if start == 0 or (start == 1 and text[0] == "\n"):  # "^$" (and "$" before a final "\n")
        return True
    j = start
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == 0:
        return False
    ch = text[j - 1]
    if ch in _OPENERS or (ch in _STOPS and j < start):
        return True
    return ch in _BULLETS and (j == 1 or text[: j - 1].isspace())


def _diff(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """Tokens only in old, only in new (multiset difference, order kept)."""
    rest_new = list(new)
    gone = []
    for tok in old:
        if tok in rest_new:
            rest_new.remove(tok)
        else:
            gone.append(tok)
    rest_old = list(old)
    came = []
    for tok in new:
        if tok in rest_old:
            rest_old.remove(tok)
        else:
            came.append(tok)
    return gone, came


def _describe(gone: list[str], came: list[str], limit: int = 3) -> str:
    left = ", ".join(gone[:limit]) + ("…" if len(gone) > limit else "")
    right = ", ".join(came[:limit]) + ("…" if len(came) > limit else "")
    return f"{left or '∅'} → {right or '∅'}"


def is_spelling(old: str, new: str) -> bool:
    """Is ``old`` → ``new`` (two words) a small in-word edit: at most 2 letters inserted,
    deleted, replaced or swapped (1 in a word shorter than 5 letters), in words of at least 3
    letters, and not one weekday or month for another?"""
    if old == new:
        return False
    shorter = min(len(old), len(new))
    if shorter < 3:
        return False
    a, b = old.lower(), new.lower()
    if a != b and a in DATE_WORDS and b in DATE_WORDS:
        return False  # Monday → Sunday is two letters, and a different day
    return OSA.distance(old, new, score_cutoff=2) <= (1 if shorter < 5 else 2)


def _spelling_pairs(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Positions (in ``old``, in ``new``) of words replaced one for one by a spelling edit."""
    pairs = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            for i, j in zip(range(i1, i2), range(j1, j2)):
                if is_spelling(old[i], new[j]):
                    pairs.append((i, j))
    return pairs


def classify_change(old: str, new: str) -> Change:
    """Classify the edit from ``old`` to ``new`` (two source texts)."""
    if old == new:
        return Change((REVERTED,))
    if fold_whitespace(old) == fold_whitespace(new):
        return Change((WHITESPACE,))
    if fold_typography(old) == fold_typography(new):
        return Change((TYPOGRAPHY,))
    if _PUNCT.sub("", fold_typography(old)) == _PUNCT.sub("", fold_typography(new)):
        return Change((PUNCTUATION,))
    kinds: list[str] = []
    details: list[str] = []
    old_words, new_words = _words(old), _words(new)
    pairs = _spelling_pairs([w for w, _ in old_words], [w for w, _ in new_words])
    if pairs:
        kinds.append(SPELLING)
        shown = [f"{old_words[i][0]} → {new_words[j][0]}" for i, j in pairs[:3]]
        details.append(", ".join(shown) + ("…" if len(pairs) > 3 else ""))
        # the words spelled anew are not also a change of dates or names
        gone_at = {i for i, _ in pairs}
        came_at = {j for _, j in pairs}
        old_words = [w for k, w in enumerate(old_words) if k not in gone_at]
        new_words = [w for k, w in enumerate(new_words) if k not in came_at]
    old_num, new_num = _numbers(old), _numbers(new)
    if old_num != new_num:
        gone, came = _diff(old_num, new_num)
        kinds.append(NUMBERS)
        details.append(_describe(gone, came) if gone or came else "order")
    old_dates = [w for w, _ in old_words if w.lower() in DATE_WORDS]
    new_dates = [w for w, _ in new_words if w.lower() in DATE_WORDS]
    if [d.lower() for d in old_dates] != [d.lower() for d in new_dates]:
        gone, came = _diff(old_dates, new_dates)
        kinds.append(DATES)
        details.append(_describe(gone, came))
    old_names = [w for w, start in old_words if _is_name(w, start)]
    new_names = [w for w, start in new_words if _is_name(w, start)]
    gone, came = _diff(old_names, new_names)
    if gone or came:
        kinds.append(NAMES)
        details.append(_describe(gone, came))
    if not kinds:
        return Change((TEXT,))
    if pairs:
        # a spelling fix beside other word edits must not look like a typo alone
        named = {w.lower() for w in old_dates + new_dates + old_names + new_names}
        gone, came = _diff([w for w, _ in old_words], [w for w, _ in new_words])
        if any(w.lower() not in named for w in gone + came):
            kinds.append(TEXT)
    return Change(tuple(kinds), tuple(details))


def _is_name(word: str, sentence_start: bool) -> bool:
    if sentence_start or not word[0].isupper():
        return False
    return word.lower() not in DATE_WORDS
