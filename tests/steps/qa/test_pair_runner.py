"""``fidelity.pair_runner`` skips a check only when its pre-test proves the check silent: it
must give exactly what calling every pair check gives, pair by pair and language by language."""

from __future__ import annotations

import itertools
from pathlib import Path

import polib

from tmflow.steps.qa.checks import all_checks
from tmflow.steps.qa.checks.fidelity import pair_runner

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "check"
LANGS = ("ru", "fr", "fr_CA", "ar", "fa", "az", "tr", "de", "xx", "el")

POOL = [
    "",
    " ",
    "Plain text of several words here.",
    "Plain text of several words here. ",
    " leading space",
    "trailing space ",
    "\tTab lead",
    "ends with newline\n",
    "In 2014, 1,000 people came; 3.14 and 3 14.",
    "Year 2014 and 12 people",
    "١٬٠٠٠ people",
    "۱۲ and 12",
    "The 21st century began.",
    "XXI век начался.",
    "No digits at all!",
    "Visit https://example.com/a?b=1 or www.test.org today.",
    "Mail me: a.b@example.org",
    "A [link](https://x.org) and `code` and **bold** and *em* and _under_.",
    "A [link](https://y.org) and `code` and **bold** and *em*.",
    "Hello %s, you have %(count)d items {name} {{var}} <b>bold</b> \u27e6T1\u27e7.",
    "Hello, you have items.",
    "Unbalanced (bracket and [square",
    "Balanced (yes) [ok] {fine}",
    "«Cité» : il dit « non » ! Et ; aussi ?",
    "Il dit «non»! Pourquoi? Voilà: rien;",
    "Est-ce à 10:30 ? Oui.",
    '"quoted" text "',
    "“curly” and „low“ ‹single›",
    "What is this?",
    "ما هذا?",
    "ما هذا؟",
    "Wait...",
    "Wait…",
    'He said "yes."',
    "double  space inside",
    "the the repeated word",
    "The the case",
    "12 12 digits repeat",
    "Это русский текст без латиницы.",
    "This Russian text is mostly Latin letters only ok.",
    "Mostly Latin with a little кириллица inside here.",
    "Τα ελληνικά κείμενα εδώ.",
    "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY.",
    "Quota exceeded, error 429 too many requests",
    "short",
    "x" * 100,
    "Identical words in both sides",
    "Bakı şəhərində İstanbul ılık",
    "ﬁne ligature quota",
    "Two dots..",
    "So it ends...",
    "Is it?",
    "Stop!",
    "Note:",
    "«Fin.»",
    "(end.)",
    "Ends.\t",
    "ends with city city",
    "«город город»",
    "well-known known",
    "x.the the",
    "ΟΔΟΣ οδος",
    "İstanbul istanbul",
    "a_b a_b",
    "2014 2014 and then then",
]


def _pairs_from_fixtures() -> list[tuple[str, str]]:
    out = []
    for po_path in sorted(FIXTURES.rglob("*.po")):
        try:
            catalog = polib.pofile(str(po_path))
        except (OSError, UnicodeDecodeError, ValueError):
            continue  # the corpus's broken files (charset, syntax) have no pairs to compare
        for entry in catalog:
            if entry.msgid_plural:
                for index, text in entry.msgstr_plural.items():
                    out.append((entry.msgid if int(index) == 0 else entry.msgid_plural, text))
            elif entry.msgid:
                out.append((entry.msgid, entry.msgstr))
    return out


def _direct(checks: list, source: str, target: str, lang: str) -> list[tuple[str, str]]:
    out = []
    for check in checks:
        message = check.func(source, target, lang)
        if message:
            out.append((check.id, message))
    return out


def test_runner_agrees_with_every_check_called() -> None:
    checks = [c for c in all_checks().values() if c.kind == "pair"]
    pairs = _pairs_from_fixtures()
    assert len(pairs) > 20
    pairs += list(itertools.product(POOL, POOL))
    reported = 0
    for lang in LANGS:
        run = pair_runner(checks, lang)
        want = [_direct(checks, source, target, lang) for source, target in pairs]
        # one pair per call, then calls of many pairs (a file's): the pre-tests that look at
        # every translation of a call at once must not hide a finding of one of them
        assert [run([pair])[0] for pair in pairs] == want, lang
        for size in (7, 50, len(pairs)):
            got = [hits for i in range(0, len(pairs), size) for hits in run(pairs[i : i + size])]
            for pair, hits, expected in zip(pairs, got, want):
                assert hits == expected, (lang, size, pair)
        reported += sum(map(len, want))
    assert reported > 1000  # the pool does trip the checks


def test_runner_on_no_pairs() -> None:
    checks = [c for c in all_checks().values() if c.kind == "pair"]
    assert pair_runner(checks, "ru")([]) == []


def test_runner_with_a_subset_of_checks() -> None:
    checks = [
        c
        for c in all_checks().values()
        if c.kind == "pair" and c.id in ("numbers", "script", "french-spacing")
    ]
    for lang in ("fr", "ru"):
        run = pair_runner(checks, lang)
        pairs = list(itertools.product(POOL, POOL))
        assert run(pairs) == [_direct(checks, s, t, lang) for s, t in pairs]


def test_repeated_word_cases() -> None:
    """The repeated-word check: case aside (Turkish dotted capital I included), not for
    numbers, not when the source repeats the word too; the message quotes the repetition."""
    from tmflow.steps.qa.checks.fidelity import repeated_word

    assert (
        repeated_word("Istanbul.", "İstanbul istanbul gördüm.", "tr")
        == "repeated word: 'İstanbul istanbul'"
    )
    assert repeated_word("x", "«город  город»", "ru") == "repeated word: 'город  город'"
    assert repeated_word("x", "well-known known", "en") == "repeated word: 'known known'"
    assert repeated_word("x", "в 2014 2014 году", "ru") is None
    assert repeated_word("the the", "the the", "en") is None
    assert repeated_word("x", "thesis is", "en") is None
