"""Fidelity rules found on real catalogs and professional translations: what is untranslated
(and what only looks so), a label said briefly, localised links, and the house styles of
end punctuation and quotation. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from tmflow.steps.qa.checks import all_checks
from tmflow.steps.qa.checks.fidelity import (
    brackets,
    end_punctuation,
    identical,
    identical_uncertain,
    truncated,
    truncated_uncertain,
    urls,
    urls_uncertain,
)


@pytest.mark.parametrize(
    "text",
    [
        "The window was closed before the file was saved.",
        "Waiting for the trash to be emptied",
    ],
)
def test_an_english_sentence_left_untranslated_is_an_error(text: str) -> None:
    assert identical(text, text, "ja") is not None
    assert identical_uncertain(text, text, "ja") is None


@pytest.mark.parametrize(
    "text",
    [
        "yard,yards,yd",  # a keyword list
        "Ounce of Gold,ounce of gold,ozt",
        "latin-1, cp1252, utf-8, utf-16-le",  # a list of tokens
        "while (( i < 3 )); do COMMANDS; done",  # a synopsis
    ],
)
def test_lists_and_synopses_are_not_sentences(text: str) -> None:
    assert identical(text, text, "de") is None
    assert identical_uncertain(text, text, "de") is None


def test_licence_text_kept_in_english_is_a_warning() -> None:
    text = "This tool comes with NO WARRANTY, to the extent the law allows it."
    assert identical(text, text, "el") is None
    message = identical_uncertain(text, text, "el")
    assert message is not None and "licence" in message
    # translated: nothing to say
    assert identical_uncertain(text, "Χωρίς καμία ΕΓΓΥΗΣΗ.", "el") is None


def test_identical_uncertain_is_a_registered_warning() -> None:
    check = all_checks()["identical-uncertain"]
    assert check.severity == "warning"
    assert all_checks()["french-spacing"].severity == "info"


def test_a_label_said_briefly_is_at_most_a_warning() -> None:
    source = "language to be shown in the main menus"
    target = "мова меню"
    assert truncated(source, target, "uk") is None
    assert truncated_uncertain(source, target, "uk") is not None
    # a sentence cut to the same share without its stop stays an error
    sentence = "The language is shown in all the menus of the main window."
    assert truncated(sentence, "Мова показана", "uk") is not None


def test_a_keyword_list_may_be_shorter() -> None:
    source = "kilometre,kilometres,kilometer,kilometers,km,kms"
    assert truncated(source, "Kilometer,km", "de") is None
    assert truncated_uncertain(source, "Kilometer,km", "de") is None


def test_a_link_with_a_language_segment_added_is_the_same_link() -> None:
    source = "https://docs.example.org:  the documentation."
    assert urls(source, "https://docs.example.org/fr/ : la documentation.", "fr") is None
    assert urls(source, "https://docs.example.com/fr/ : la documentation.", "fr") is not None


def test_arabic_may_leave_out_the_final_stop() -> None:
    source = "The minister visited the city today."
    assert end_punctuation(source, "زار الوزير المدينة اليوم", "ar") is None
    assert end_punctuation(source, "Le ministre a visité la ville", "fr") is not None
    # a question mark is not a house style
    assert end_punctuation("Where is he?", "أين هو", "ar") is not None


def test_a_sentence_joined_with_the_next_segment_is_no_finding() -> None:
    source = "A woman arrived in tears."
    assert end_punctuation(source, "Une femme est arrivée en larmes,", "fr") is None
    assert end_punctuation(source, "Une femme est arrivée en larmes", "fr") is not None


def test_an_arabic_quotation_may_run_to_the_end_of_the_sentence() -> None:
    source = '"I think the letters never arrived," he said.'
    assert brackets(source, 'قال "أعتقد أن الرسائل لم تصل أبدا.', "ar") is None
    # the same in French is an unclosed quotation
    assert brackets(source, "Il a dit « je crois que les lettres ne sont jamais arrivées.", "fr")
    # a stray mark before the last word opens no quotation
    assert brackets(source, 'قال أعتقد أن الرسائل لم تصل "أبدا.', "ar") is not None


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (
            "Read about a `random variable <http://stats.example.edu/rv.htm>`_ first.",
            "Lisez d'abord sur les `variables <https://fr.wikipedia.org/wiki/Variable>`_.",
        ),
        (
            "https://docs.example.org/en-US/guide/Packaging_Hello/",
            "https://docs.example.org/fr/guide/Packaging_Hello_2/",
        ),
    ],
)
def test_a_link_replaced_by_a_page_in_the_readers_language_is_a_warning(
    source: str, target: str
) -> None:
    assert urls(source, target, "fr") is None
    found = urls_uncertain(source, target, "fr")
    assert found is not None and "translation's language" in found
    # the same replacement in another language than the catalog's is a changed link
    assert urls(source, target, "de") is not None
    assert urls_uncertain(source, target, "de") is None


@pytest.mark.parametrize(
    "target",
    [
        "voir https://www.example.com/ maintenant",  # another domain of the same site
        "voir https://www.example.com/fr/ maintenant",
        "voir maintenant",  # left out
        "voir https:///www.example.org/ maintenant",  # broken
    ],
)
def test_a_changed_or_missing_link_stays_an_error(target: str) -> None:
    source = "see https://www.example.org/ now"
    assert urls(source, target, "fr") is not None
    assert urls_uncertain(source, target, "fr") is None


def test_urls_uncertain_is_a_registered_warning() -> None:
    assert all_checks()["urls-uncertain"].severity == "warning"
