"""A translation cut short is an error; one a reviewer has to judge is a warning: much shorter
but a whole sentence (a loose rendering), or a little short and only the final stop missing."""

from __future__ import annotations

from tmflow.steps.qa.checks import length
from tmflow.steps.qa.checks.fidelity import truncated, truncated_uncertain

SOURCE = "The charges against the two men will be reviewed by the public prosecutor."
LONG = (
    "The council said on Monday that the new bridge over the river would open to traffic "
    "next spring, two years later than planned, because of rising costs."
)


def test_a_much_shorter_whole_sentence_is_a_warning() -> None:
    target = "Le parquet examinera les charges."
    assert truncated(SOURCE, target, "fr") is None
    why = truncated_uncertain(SOURCE, target, "fr")
    assert why is not None and "ends its sentence" in why


def test_a_translation_cut_in_half_is_an_error() -> None:
    target = "Le conseil a annoncé lundi que le nouveau pont sur la rivière"
    why = truncated(LONG, target, "fr")
    assert why is not None
    assert truncated_uncertain(LONG, target, "fr") is None


def test_a_whole_sentence_of_a_word_or_two_is_still_an_error() -> None:
    source = "The delegation arrived in Baku on Monday morning."
    assert truncated(source, "Да.", "ru") is not None
    assert truncated_uncertain(source, "Да.", "ru") is None


def test_a_complete_rendering_without_its_final_stop_is_a_warning() -> None:
    # about 2.9 spreads shorter than usual and no full stop: a forgotten stop as often as a cut
    source = (
        "A teacher found that students at the best university in the country often do not "
        "know how to look after themselves."
    )
    target = (
        "Un professeur a vu que les étudiants de l'université ne savent pas prendre soin d'eux"
    )
    z = length.deviation(source, target, "fr")
    assert z is not None and -length.WITH_END_SURE <= z < -length.WITH_END
    assert truncated(source, target, "fr") is None
    why = truncated_uncertain(source, target, "fr")
    assert why is not None and "final stop" in why
    # with its stop, the same rendering is ordinary
    assert truncated_uncertain(source, target + ".", "fr") is None


def test_a_translation_of_usual_length_has_no_finding() -> None:
    target = "Les accusations portées contre les deux hommes seront examinées par le parquet."
    assert truncated(SOURCE, target, "fr") is None
    assert truncated_uncertain(SOURCE, target, "fr") is None
