"""Replies that are no translation: service messages, much too long, the wrong script."""

from __future__ import annotations

import pytest

from tmflow.steps.mt.replies import check_reply, longest_reply, wrong_script

SOURCE = "The delegation visited the memorial on Tuesday."
GOOD = {
    "fr": "La délégation a visité le mémorial mardi.",
    "ru": "Делегация посетила мемориал во вторник.",
    "uk": "Делегація відвідала меморіал у вівторок.",
    "ar": "زار الوفد النصب التذكاري يوم الثلاثاء.",
    "az": "Nümayəndə heyəti çərşənbə axşamı memorialı ziyarət etdi.",
    "tr": "Heyet salı günü anıtı ziyaret etti.",
    "de": "Die Delegation besuchte am Dienstag die Gedenkstätte.",
    "zh_CN": "代表团周二参观了纪念馆。",
}


@pytest.mark.parametrize("lang", sorted(GOOD))
def test_translations_pass(lang: str) -> None:
    assert check_reply(SOURCE, GOOD[lang], "en", lang) is None


@pytest.mark.parametrize(
    "reply",
    [
        "Error: daily quota exceeded. Please upgrade your plan.",
        "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY.",
        "Quota exceeded",
        "You have exceeded your current quota, please check your plan and billing details.",
        "Too many requests, please try again later.",
        "API key is invalid or expired.",
        "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
        "Our systems have detected unusual traffic from your computer network.",
        "Visit https://portal.libretranslate.com to get an API key",
    ],
)
def test_service_messages_are_rejected_in_any_target(reply: str) -> None:
    for lang in ("fr", "ru", "de"):
        rejected = check_reply(SOURCE, reply, "en", lang)
        assert rejected is not None and rejected.service, (lang, reply)
        assert rejected.reason.startswith("service message instead of a translation (")


def test_a_source_that_says_the_same_is_translated_as_such() -> None:
    source = "Error: the daily quota exceeded its limit, the ministry said."
    assert (
        check_reply(source, "Error: the daily quota exceeded its limit, ministry", "en", "fr")
        is None
    )
    news = "The IMF said too many requests for aid had arrived."
    assert (
        check_reply(
            news, "Le FMI a déclaré que trop de demandes d'aide étaient arrivées.", "en", "fr"
        )
        is None
    )


def test_a_reply_much_longer_than_its_source_is_rejected() -> None:
    bound = longest_reply(SOURCE, "en", "fr")
    assert bound == int(3 * 1.18 * len(SOURCE)) + 40
    assert longest_reply("Yes.", "en", "ru") >= 40  # short sources keep room for any answer
    rejected = check_reply(SOURCE, "x " * bound, "en", "fr")
    assert rejected is not None and not rejected.service
    assert (
        rejected.reason
        == f"reply much longer than the source ({2 * bound:,} characters for {len(SOURCE)})"
    )
    # a language that packs more into a character gets less room
    assert longest_reply(SOURCE, "en", "zh") < longest_reply(SOURCE, "en", "de")
    assert longest_reply(SOURCE, "zh", "en") > longest_reply(SOURCE, "en", "en")


def test_the_wrong_script_is_rejected_but_names_kept_in_latin_are_not() -> None:
    assert wrong_script(SOURCE, GOOD["fr"], "ru") == "Latin, expected Cyrillic"
    assert wrong_script(SOURCE, GOOD["ru"], "ar") == "Cyrillic, expected Arabic"
    named = "The AZIMUT Moscow Olympic Hotel hosted the Khojaly commemoration."
    assert (
        wrong_script(named, "Отель AZIMUT Moscow Olympic принял мероприятие памяти Khojaly.", "ru")
        is None
    )
    assert wrong_script(SOURCE, "Да.", "fr") is None  # too little to judge
    assert (
        wrong_script(SOURCE, GOOD["ru"], "sr") is None
        and wrong_script(SOURCE, GOOD["fr"], "sr") is None
    )
    assert wrong_script(SOURCE, GOOD["ru"], "xx") is None  # nothing known: no judgement
    rejected = check_reply(SOURCE, GOOD["ru"], "en", "fr")
    assert (
        rejected is not None
        and rejected.reason == "reply in the wrong script (Cyrillic, expected Latin)"
    )
    assert not rejected.service
