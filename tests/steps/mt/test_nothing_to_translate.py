"""The one definition of a segment with nothing to translate (copied by ``update``, never sent
by ``draft``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmflow.steps.mt.protect import nothing_to_translate, protect


@pytest.mark.parametrize(
    "text, holds",
    [
        ("2024", "numbers"),
        ("12,500", "numbers"),
        ("12.5%", "numbers"),
        ("$5", "numbers"),
        ("+994 12 555 01 23", "numbers"),
        ("2014-02-26", "numbers"),
        ("26.02.2014", "numbers"),
        ("10:30", "numbers"),
        ("2024 — 2025", "numbers"),
        ("**2024**", "numbers"),
        ("https://example.org/report", "URL"),
        ("press@example.org", "e-mail address"),
        ("A320", "code"),
        ("COVID-19", "code"),
        ("`tmflow sync`", "code"),
        ("—", "symbols"),
        ("2024: https://example.org", "numbers, URL"),
    ],
)
def test_nothing_to_translate(text: str, holds: str) -> None:
    assert nothing_to_translate(text) == holds
    assert not protect(text).translatable  # what draft skips, exactly


@pytest.mark.parametrize(
    "text", ["22nd", "5 km", "II", "Hello", "N/A", "2024 год", "See https://example.org now."]
)
def test_words_are_something_to_translate(text: str) -> None:
    assert nothing_to_translate(text) is None
    assert protect(text).translatable


def test_do_not_translate_terms_are_nothing_to_translate() -> None:
    text = "AZIMUT Moscow Olympic"
    assert nothing_to_translate(text) is None  # without the glossary: words
    assert nothing_to_translate(text, [(0, len(text))]) == "do-not-translate term"
    assert nothing_to_translate("AZIMUT Moscow Olympic, 2014", [(0, 21)]) == (
        "numbers, do-not-translate term"
    )


@given(
    st.text(
        alphabet=st.sampled_from(list("abcXYZ éяş 0123456789 .,:;!?-–—/@`<>{}[]()*_%#\"'«»")),
        max_size=40,
    ),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=3),
)
@settings(max_examples=600, deadline=None)
def test_the_quick_answer_is_always_protects_answer(text: str, raw: list[tuple[int, int]]) -> None:
    spans = sorted({(min(a, b), max(a, b)) for a, b in raw if min(a, b) < max(a, b) <= len(text)})
    kept: list[tuple[int, int]] = []
    for a, b in spans:  # glossary matches do not overlap
        if all(b <= c or a >= d for c, d in kept):
            kept.append((a, b))
    assert (nothing_to_translate(text, kept) is None) == protect(text, kept).translatable
