"""Quotation marks: a quotation that does not close is a warning; one closed with another
double quote than it opened with, or one that goes on into the next segment as translators
into Russian or Ukrainian write it, is not."""

from __future__ import annotations

import pytest

from tmflow.steps.qa.checks.fidelity import brackets

UNBALANCED = "unbalanced quotation marks in the translation"


@pytest.mark.parametrize(
    ("lang", "source", "target"),
    [
        # opened with one double quote, closed with another
        ("az", '"The bridge is closed," he said.', '“Körpü bağlıdır", o dedi.'),
        ("de", '"The bridge is closed," he said.', "„Die Brücke ist gesperrt“, sagte er."),
        ("ar", '"The bridge is closed," he said.', 'وقال ”إن الجسر مغلق".'),
        # the quotation goes on after the author's words, in the next segment
        ("ru", '"The bridge is closed," he said.', "«Мост закрыт, — сказал он. —"),
        ("uk", '"The bridge is closed," he said.', '"Міст закрито, – сказав він. –'),
        # a quotation within a quotation, both closed by one mark (Russian typography)
        ("ru", "\"They said, 'No,'\" he replied.", "«Они сказали: «Нет», — ответил он."),
        # the whole segment is quotation, going on in the next one
        ("uk", '"The bridge is closed."', "«Міст закрито."),
        # the quotation began in the segment before
        ("uk", '"The bridge is closed."', "Міст закрито»."),
    ],
)
def test_quotations_that_close_or_span_segments_pass(lang: str, source: str, target: str) -> None:
    assert brackets(source, target, lang) is None


@pytest.mark.parametrize(
    ("lang", "source", "target"),
    [
        # a quotation opened in the middle that never closes
        ("ar", 'He called it "a shame" and left.', 'ووصفه بأنه "عار وغادر.'),
        ("de", 'He called it "a shame" and left.', "Er nannte es „eine Schande und ging."),
        # a closing mark too many in the middle of a sentence that is not quoted speech
        ("az", 'He called it "a shame" and left.', '"Bu, "biabırçılıqdır" dedi və getdi.'),
        # the author's words follow, but the quotation was never closed before them
        ("ru", '"The bridge is closed," he said.', "«Мост закрыт, — сказал он."),
        # two guillemets opened, none closed
        ("ru", "\"They said, 'No,'\" he replied.", "«Они сказали: «Нет, — ответил он."),
        # quoted speech whose odd mark is in the middle, not at an end
        ("ru", '"The bridge is closed," he said.', "Мост «закрыт, — сказал он."),
    ],
)
def test_a_quotation_that_does_not_close_is_a_warning(lang: str, source: str, target: str) -> None:
    assert brackets(source, target, lang) == UNBALANCED
