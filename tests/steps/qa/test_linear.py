"""Every text check runs in linear time: strings of 50 and 200 kB of hostile shapes (one long
word, long runs of one character, deep nesting of brackets and markup, digits, percent signs)
in every sample language. A check whose time grew with the square of the length would take
16 times as long on the larger string; a linear one takes about 4 times as long.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from tmflow.io.glossary import Glossary, Rendering, Term
from tmflow.steps.qa.checks import FileFacts, PairContext, all_checks
from tmflow.steps.terms import TermMatcher, word_analyses

SMALL, LARGE = 50_000, 200_000
LETTERS = {"az": "ş", "ru": "ж", "tr": "ğ", "fr": "é", "ar": "ب"}
SOURCE = "In 2014, 613 people (see [it](https://x.org/a)) met **Khojaly** `code` %s {name}."
CONTEXT = PairContext(FileFacts(markup=True, formats=("c", "python-brace")), ("c-format",))


def shapes(letter: str, n: int) -> dict[str, str]:
    return {
        "one long word": letter * n,
        "digits": "1" * n,
        "spaces": "a" + " " * n + "b",
        "nested brackets": "(" * (n // 2) + ")" * (n // 2),
        "open brackets": "([{«" * (n // 4),
        "markup": "*_[`" * (n // 4),
        "nested links": "[" * (n // 2) + "](" * (n // 4),
        "percent": "%" * n,
        "number groups": (letter + "1,000 ") * (n // 7),
        "words": (letter * 5 + " ") * (n // 6),
        "urls": ("http://a." + letter) * (n // 10),
        "at signs": ("a.b@" + letter) * (n // 5),
    }


def timed(func: Callable[[str], object], text: str) -> float:
    """Seconds one call takes, the cyclic garbage collector paused (its full collections
    walk every live object, a cost of the interpreter's, not of the check's algorithm; after a
    whole test session those are many, so the collector is not run before each call)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        started = time.perf_counter()
        func(text)
        return time.perf_counter() - started
    finally:
        if was_enabled:
            gc.enable()


GLOSSARY = Glossary(
    (
        Term("Khojaly", renderings={lang: Rendering("Xocalı") for lang in LETTERS}),
        Term("people", renderings={lang: Rendering("insanlar") for lang in LETTERS}),
    ),
    languages=tuple(LETTERS),
)


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(LETTERS))
def test_every_text_check_is_linear(lang: str) -> None:
    checks = [c for c in all_checks().values() if c.kind == "pair"]
    matcher = TermMatcher(GLOSSARY)
    small = shapes(LETTERS[lang], SMALL)
    large = shapes(LETTERS[lang], LARGE)
    slow: list[str] = []
    for shape in small:
        runs: list[tuple[str, Callable[[str], object]]] = [
            (c.id, lambda t, c=c: c.func(SOURCE, t, lang, CONTEXT)) for c in checks
        ]
        runs.append(("glossary", lambda t: matcher.check_translation(SOURCE, t, lang)))
        for name, run in runs:
            t_small = timed(run, small[shape])
            t_large = timed(run, large[shape])
            # linear: about 4×; quadratic: 16×. A loaded machine (or a garbage collection)
            # blurs one timing: what looks slow is timed again, the faster times count
            for _again in range(2):
                if t_large > 20.0 or (t_large > 0.2 and t_large > 10 * max(t_small, 0.02)):
                    t_small = min(t_small, timed(run, small[shape]))
                    t_large = min(t_large, timed(run, large[shape]))
            if t_large > 20.0 or (t_large > 0.2 and t_large > 10 * max(t_small, 0.02)):
                slow.append(f"{name} on {shape}: {t_small:.2f}s → {t_large:.2f}s")
    assert slow == []


@pytest.mark.parametrize("lang", ["tr", "az"])
def test_turkic_suffixes_of_one_long_word_are_read_in_linear_time(lang: str) -> None:
    word_analyses.cache_clear()
    t_small = timed(lambda w: word_analyses(w, lang), "ş" * 400_000 + "lar")
    t_large = timed(lambda w: word_analyses(w, lang), "ş" * 1_600_000 + "lar")
    assert t_large < 1.0 and t_large < 8 * max(t_small, 0.01)
    # and a real word is still analysed: its suffix chain found
    assert ("w", "xocalı") in word_analyses("xocalıda", lang) or lang == "tr"
    assert ("w", "hocalı") in word_analyses("hocalıda", "tr")
