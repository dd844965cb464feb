"""The classes of source edits, one case each (``tmflow.steps.merge.changes``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tmflow.steps.merge.changes import (
    _SENTENCE_START,
    CLASSES,
    classify_change,
    is_spelling,
    starts_sentence,
)


@pytest.mark.parametrize(
    "old, new, label",
    [
        (
            "The talks resume on Tuesday.",
            "The talks resume on Tuesdy.",
            "spelling (Tuesday → Tuesdy)",
        ),
        ("He went to Moskow.", "He went to Moscow.", "spelling (Moskow → Moscow)"),
        ("He said teh thing.", "He said the thing.", "spelling (teh → the)"),
        ("They met on Monday.", "They met on Sunday.", "dates (Monday → Sunday)"),
        ("It is on the table.", "It is in the table.", "text"),
        ("The cat sat.", "The dog sat.", "text"),
        (
            "Aid reached Moskow in 2014.",
            "Aid reached Moscow in 2015.",
            "spelling, numbers (Moskow → Moscow; 2014 → 2015)",
        ),
        (
            "He went to Moskow and said hi.",
            "He went to Moscow and told hi.",
            "spelling, text (Moskow → Moscow)",
        ),
        ("Leaders met in Baku.", "Leaders met in Geneva.", "names (Baku → Geneva)"),
        ("Same text.", "Same text.", "reverted"),
        ("A  b c.", "A b c.", "whitespace"),
        ('He said "yes".', "He said \u201cyes\u201d.", "typography"),
        ("Hello, world.", "Hello world!", "punctuation"),
    ],
)
def test_each_edit_has_one_class_name(old: str, new: str, label: str) -> None:
    change = classify_change(old, new)
    assert change.label == label
    assert all(kind in CLASSES and " " not in kind for kind in change.kinds)


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("Tuesday", "Tuesdy", True),
        ("Geneva", "Genewa", True),
        ("Austria", "Australia", True),  # 2 letters: the detail shows it
        ("Iran", "Iraq", True),
        ("Baku", "Bakuu", True),
        ("Paris", "Parys", True),
        ("cat", "cut", True),
        ("on", "in", False),  # too short to tell a typo from another word
        ("Monday", "Sunday", False),  # another day
        ("March", "May", False),
        ("Geneva", "Vienna", False),
        ("same", "same", False),
    ],
)
def test_what_counts_as_spelling(old: str, new: str, expected: bool) -> None:
    assert is_spelling(old, new) is expected


def test_a_previous_source_equal_to_the_msgid_is_removed_where_it_was() -> None:
    """Written so by an earlier version or another tool: the diff it shows is empty."""
    from tests.steps.merge.test_update import E, catalog, template
    from tmflow.core import provenance
    from tmflow.steps.merge.update import update_catalog

    text = "The talks resume on Tuesday."
    label = provenance.line("source changed:", "spelling (Tuesdy → Tuesday)")
    old = catalog(
        E(text, "Les pourparlers reprennent mardi.", fuzzy=True, tcomment=label, previous=text)
    )
    result = update_catalog(template(text), old, "fr")
    (entry,) = result.catalog
    assert entry.previous_msgid is None and "fuzzy" in entry.flags
    assert provenance.lines(entry.tcomment) == ["source changed: reverted"]
    assert result.receipt.still_fuzzy == 1 and result.receipt.became_fuzzy == 0


@given(st.text(alphabet=' \n\t\u00a0.!?:;,"“«(-–—•aB1', max_size=12))
def test_a_sentence_start_is_read_as_the_pattern_reads_it(text: str) -> None:
    for start in range(len(text) + 1):
        expected = bool(_SENTENCE_START.search(text[:start]))
        assert starts_sentence(text, start) == expected, (text, start)
