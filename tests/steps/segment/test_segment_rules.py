"""The abbreviation classes, the Moses prefixes, sentence starts and the block rules of plain
text, each shown on the case it is for and on the case that must still split."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmflow.core.errors import SourceError
from tmflow.core.model import BlockKind
from tmflow.io import prefixes
from tmflow.steps.segment.segmenter import (
    detect_format,
    fold_space,
    rebuild,
    segment_text,
    split_sentences,
)


def split(text: str, lang: str) -> list[str]:
    return [fold_space(text[s:e]) for s, e in split_sentences(text, lang)]


# (language, text, expected sentences): each class, one case it joins and one it still splits
SENTENCES = [
    # Moses prefixes (sacremoses), compared with their case
    (
        "en",
        "U.S. Sens. Lindsey Graham spoke. He left.",
        ["U.S. Sens. Lindsey Graham spoke.", "He left."],
    ),
    ("en", "It was Roe v. Wade. Then it changed.", ["It was Roe v. Wade.", "Then it changed."]),
    ("de", "Er fuhr bzw. flog. Dann kam er an.", ["Er fuhr bzw. flog.", "Dann kam er an."]),
    ("ru", "При t макс. Затем спад.", ["При t макс. Затем спад."]),
    ("ru", "Его зовут Макс. Он пришёл.", ["Его зовут Макс.", "Он пришёл."]),
    # Moses entries that are ordinary words stay out of the list
    (
        "de",
        "Es geschah auf diese Art. Das war neu.",
        ["Es geschah auf diese Art.", "Das war neu."],
    ),
    (
        "fr",
        "Le temps était sec. Il fallait de l'eau.",
        ["Le temps était sec.", "Il fallait de l'eau."],
    ),
    # titles before a capitalised name
    ("en", "He met Amb. Ruth Kline. She smiled.", ["He met Amb. Ruth Kline.", "She smiled."]),
    (
        "en",
        "Exports, incl. France, rose. Imports fell.",
        ["Exports, incl. France, rose.", "Imports fell."],
    ),
    (
        "ru",
        "Автобус идёт в Six Flags St. Louis. Там концерт.",
        ["Автобус идёт в Six Flags St. Louis.", "Там концерт."],
    ),
    (
        "tr",
        "Piquet Jr. 2008'de kaza yaptı. Sonra yarış bitti.",
        ["Piquet Jr. 2008'de kaza yaptı.", "Sonra yarış bitti."],
    ),
    # months: never before a number, may end before a capital
    (
        "en",
        "They met on Jan. 5 in Baku. Talks failed.",
        ["They met on Jan. 5 in Baku.", "Talks failed."],
    ),
    (
        "en",
        "Permits open on 1 Jan. Space is limited.",
        ["Permits open on 1 Jan.", "Space is limited."],
    ),
    # eras after a year, and before a number
    (
        "de",
        "Die Stadt wurde um 800 v. Chr. gegründet. Heute ist sie groß.",
        ["Die Stadt wurde um 800 v. Chr. gegründet.", "Heute ist sie groß."],
    ),
    (
        "de",
        "Das war im Jahr 800 v. Chr. Die Stadt wuchs.",
        ["Das war im Jahr 800 v. Chr.", "Die Stadt wuchs."],
    ),
    (
        "fr",
        "Elle fut fondée vers 600 av. J.-C. Elle prospéra.",
        ["Elle fut fondée vers 600 av. J.-C.", "Elle prospéra."],
    ),
    (
        "ru",
        "Город основан в V в. до н. э. Сегодня он велик.",
        ["Город основан в V в. до н. э.", "Сегодня он велик."],
    ),
    (
        "ar",
        "بنيت المدينة في القرن الرابع ق.م. واليوم يسكنها الآلاف.",
        ["بنيت المدينة في القرن الرابع ق.م.", "واليوم يسكنها الآلاف."],
    ),
    (
        "tr",
        "Kent M.Ö. 3. yüzyılda kuruldu. Bugün büyüktür.",
        ["Kent M.Ö. 3. yüzyılda kuruldu.", "Bugün büyüktür."],
    ),
    (
        "az",
        "Qala e.ə. IV əsrdə tikilib. Bu gün muzeydir.",
        ["Qala e.ə. IV əsrdə tikilib.", "Bu gün muzeydir."],
    ),
    # streets before a house number
    (
        "de",
        "Sie wohnt in der Goethestr. 12 in Weimar. Er nicht.",
        ["Sie wohnt in der Goethestr. 12 in Weimar.", "Er nicht."],
    ),
    (
        "de",
        "Sie wohnt in der Goethestr. Dort ist es ruhig.",
        ["Sie wohnt in der Goethestr.", "Dort ist es ruhig."],
    ),
    (
        "az",
        "Ofis Nizami küç. 25 ünvanındadır. O açıqdır.",
        ["Ofis Nizami küç. 25 ünvanındadır.", "O açıqdır."],
    ),
    # a.m./p.m. before a time zone or a day
    (
        "en",
        "The rally starts at 7 p.m. ET tonight. Doors open early.",
        ["The rally starts at 7 p.m. ET tonight.", "Doors open early."],
    ),
    (
        "en",
        "It struck at 1:15 a.m. Saturday. Nobody was hurt.",
        ["It struck at 1:15 a.m. Saturday.", "Nobody was hurt."],
    ),
    (
        "en",
        "The talks ended at 11 p.m. Police said nothing.",
        ["The talks ended at 11 p.m.", "Police said nothing."],
    ),
    # a brand with a capital inside starts a sentence; after "e.g." it does not
    (
        "en",
        "Apple unveiled a phone. iPhone sales fell.",
        ["Apple unveiled a phone.", "iPhone sales fell."],
    ),
    ("en", "Phones, e.g. iPhone models, sold well.", ["Phones, e.g. iPhone models, sold well."]),
    # Arabic: a quotation followed by its verb of speech is one sentence…
    (
        "ar",
        "«متى ستعودون؟» سأل الصحفي الوزير. ولم يرد.",
        ["«متى ستعودون؟» سأل الصحفي الوزير.", "ولم يرد."],
    ),
    ("ar", '"يوجد قرش!" كما أضاف هاميل. ثم غادر.', ['"يوجد قرش!" كما أضاف هاميل.', "ثم غادر."]),
    # …but a verb of speech that opens new speech starts a new sentence
    (
        "ar",
        '"هذا يكفي." قال جون: "سنعود". ثم غادر.',
        ['"هذا يكفي."', 'قال جون: "سنعود".', "ثم غادر."],
    ),
    (
        "ar",
        '"هذا يكفي." وقال الوزير إن العمل مستمر.',
        ['"هذا يكفي."', "وقال الوزير إن العمل مستمر."],
    ),
    # Latin initials spelled in Arabic script; the last letter of a spelled acronym ends
    (
        "ar",
        "قال المفتش دي. كي. أريا إنهم اعتقلوا خمسة. ثم انتهى.",
        ["قال المفتش دي. كي. أريا إنهم اعتقلوا خمسة.", "ثم انتهى."],
    ),
    (
        "ar",
        "ظهر على قناة سي إن إن. وقال إنه سيعود.",
        ["ظهر على قناة سي إن إن.", "وقال إنه سيعود."],
    ),
    # a dot after a closing quote or bracket is no abbreviation's
    ("ru", "Мы не отдадим им». Демократы молчат.", ["Мы не отдадим им».", "Демократы молчат."]),
    # a Latin acronym before a word of another script
    (
        "ru",
        "Он судья в Washington, D.C. В пятницу он выступил.",
        ["Он судья в Washington, D.C.", "В пятницу он выступил."],
    ),
    (
        "en",
        "Many non-U.S. Arctic peoples object. Others agree.",
        ["Many non-U.S. Arctic peoples object.", "Others agree."],
    ),
    # Roman ordinals where ordinals take a dot; an initial before a single-letter list entry
    (
        "tr",
        "Kraliçe II. Elizabeth geldi. Herkes sevindi.",
        ["Kraliçe II. Elizabeth geldi.", "Herkes sevindi."],
    ),
    (
        "de",
        "Er beriet John F. Kennedy. Dann ging er.",
        ["Er beriet John F. Kennedy.", "Dann ging er."],
    ),
    # a thin space before a closing guillemet
    (
        "fr",
        "«\u2009C'est mon avis.\u2009» Malgré tout, il a voté.",
        ["«\u2009C'est mon avis.\u2009»", "Malgré tout, il a voté."],
    ),
    # spaced Spanish abbreviations
    (
        "es",
        "Llegó a EE. UU. en 2010. Luego volvió.",
        ["Llegó a EE. UU. en 2010.", "Luego volvió."],
    ),
    # names of languages in Russian etymologies
    (
        "ru",
        "Термин MWP (от англ. Member of Parliament) принят. Его обсуждают.",
        ["Термин MWP (от англ. Member of Parliament) принят.", "Его обсуждают."],
    ),
    # an ellipsis right after a comma is a pause; without the comma it ends a sentence
    ("en", "I thought,... Maybe not. Then I left.", ["I thought,... Maybe not.", "Then I left."]),
    ("en", "I thought... Maybe not.", ["I thought...", "Maybe not."]),
    ("ar", "كنت أفكر،… ربما غدًا. ثم نام.", ["كنت أفكر،… ربما غدًا.", "ثم نام."]),
    # Arabic "م" (AD, metres) may end a sentence after a number; elsewhere it is an initial
    ("ar", "تأسست المدينة عام 632 م. ثم توسعت.", ["تأسست المدينة عام 632 م.", "ثم توسعت."]),
    ("ar", "قال م. خالد إن العمل انتهى. ثم غادر.", ["قال م. خالد إن العمل انتهى.", "ثم غادر."]),
    # p.m. written out before the day it belongs to; before another sentence it ends one
    (
        "ar",
        "وقع الزلزال الساعة 10:08 مساءً. يوم الاثنين. ولم ترد تقارير.",
        ["وقع الزلزال الساعة 10:08 مساءً. يوم الاثنين.", "ولم ترد تقارير."],
    ),
    ("ar", "وصل الساعة 10 مساءً. وقال إنه متعب.", ["وصل الساعة 10 مساءً.", "وقال إنه متعب."]),
    (
        "ar",
        "يبدأ البث الساعة 9 م. يوم الجمعة. ثم يتوقف.",
        ["يبدأ البث الساعة 9 م. يوم الجمعة.", "ثم يتوقف."],
    ),
    # a short quotation after a verb of speech (or a colon) is speech: its "?" ends a sentence;
    # a short quoted title inside a sentence does not
    (
        "ar",
        'كانت تقول لمن تحدثه "تظنني حزينة؟" أنا فقط غاضبة.',
        ['كانت تقول لمن تحدثه "تظنني حزينة؟"', "أنا فقط غاضبة."],
    ),
    (
        "ar",
        'قال الوزير: "هل انتهى؟" لا أحد يعرف.',
        ['قال الوزير: "هل انتهى؟"', "لا أحد يعرف."],
    ),
    (
        "ar",
        'أطلقت حملة "العدالة لخوجالي!" عام 2008. ثم توسعت.',
        ['أطلقت حملة "العدالة لخوجالي!" عام 2008.', "ثم توسعت."],
    ),
    ("ar", "«لا!» ردّ الوزير. ثم غادر.", ["«لا!» ردّ الوزير.", "ثم غادر."]),
    # a spelled initial ends a sentence when و/ف and a verb open the next one
    ("ar", "شكر توماس بي. وقال إنه سعيد.", ["شكر توماس بي.", "وقال إنه سعيد."]),
    (
        "ar",
        "التقى جون إف. كينيدي بالوزير. ثم غادر.",
        ["التقى جون إف. كينيدي بالوزير.", "ثم غادر."],
    ),
    # a conjunction written apart after a name ending in "!"; joined, it opens a sentence
    (
        "ar",
        "عدد مستخدمي ياهو! و خدمات مايكروسوفت كبير. ثم تراجع.",
        ["عدد مستخدمي ياهو! و خدمات مايكروسوفت كبير.", "ثم تراجع."],
    ),
    ("ar", "انتهى الأمر! وبدأ عهد جديد.", ["انتهى الأمر!", "وبدأ عهد جديد."]),
    # a single capital letter before a common sentence starter ends a sentence; before a
    # name or another initial it is an initial
    (
        "en",
        "Most pupils achieved a grade A. The data show it.",
        ["Most pupils achieved a grade A.", "The data show it."],
    ),
    (
        "en",
        "It was written by J. A. Smith and George W. Bush. He read it.",
        ["It was written by J. A. Smith and George W. Bush.", "He read it."],
    ),
]


@pytest.mark.parametrize(
    "lang,text,expected", SENTENCES, ids=[f"{c[0]}-{i}" for i, c in enumerate(SENTENCES)]
)
def test_sentence_rule(lang: str, text: str, expected: list[str]) -> None:
    assert split(text, lang) == expected


def test_project_may_end_overrides_a_moses_prefix() -> None:
    from tmflow.io.config import SegmentationConfig

    text = "The lab was in Bldg. The rest was elsewhere."
    assert split(text, "en") == [text]
    options = SegmentationConfig(may_end={"en": ("Bldg.",)})
    spans = split_sentences(text, "en", options)
    assert [text[s:e] for s, e in spans] == ["The lab was in Bldg.", "The rest was elsewhere."]


# ---------------------------------------------------------------------------------------------
# the Moses lists


def test_moses_lists_are_read_from_sacremoses() -> None:
    assert prefixes.version()
    en = prefixes.nonbreaking_prefixes("en")
    assert {"Sens", "Gov", "Sgt", "v"} <= en.words and "No" in en.numeric
    assert "No" not in en.words  # numeric only
    assert {"bzw", "usw"} <= prefixes.nonbreaking_prefixes("de").words
    assert "просп" in prefixes.nonbreaking_prefixes("ru").words
    assert prefixes.nonbreaking_prefixes("az") == prefixes.Prefixes()  # Moses has no az list


def test_each_list_is_read_alone_and_equals_the_parsed_module() -> None:
    for language in ("en", "ru", "fr", "de", "es"):
        name = f"nonbreaking_prefix.{language}"
        assert prefixes._contents(name) == prefixes._parsed_module()[name]
    assert prefixes.nonbreaking_prefixes("../x") == prefixes.Prefixes()


def test_moses_format_is_parsed() -> None:
    text = "#comment\nDr\n\nNo #NUMERIC_ONLY# \nArt #NUMERIC_ONLY#\nvs # trailing note\n"
    parsed = prefixes.parse(text)
    assert parsed.words == {"Dr", "vs"}
    assert parsed.numeric == {"No", "Art"}


def test_missing_sacremoses_leaves_the_built_in_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    prefixes.clear_cache()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    try:
        assert prefixes.nonbreaking_prefixes("en") == prefixes.Prefixes()
    finally:
        prefixes.clear_cache()


def test_older_sacremoses_data_files_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.machinery
    import importlib.util

    package = tmp_path / "sacremoses"
    (package / "data" / "nonbreaking_prefixes").mkdir(parents=True)
    (package / "data" / "nonbreaking_prefixes" / "nonbreaking_prefix.en").write_text(
        "Xyz\n", "utf-8"
    )
    spec = importlib.machinery.ModuleSpec("sacremoses", None, is_package=True)
    spec.submodule_search_locations = [str(package)]
    prefixes.clear_cache()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    try:
        assert prefixes.nonbreaking_prefixes("en").words == {"Xyz"}
    finally:
        prefixes.clear_cache()


# ---------------------------------------------------------------------------------------------
# plain-text blocks


def blocks(text: str, lang: str = "en") -> list[tuple[str, str]]:
    segments = segment_text(text, "text", lang)
    assert rebuild(text, segments) == text
    return [(s.kind.value, s.text) for s in segments]


def test_heading_followed_by_one_line_break() -> None:
    text = "Election results\nThe ruling party won 54 percent. Turnout was high.\n"
    assert blocks(text) == [
        ("heading", "Election results"),
        ("paragraph", "The ruling party won 54 percent."),
        ("paragraph", "Turnout was high."),
    ]


def test_dateline_title_and_text_each_on_a_line() -> None:
    text = "February 27, 2014\nCeremony in Moscow\nA ceremony was held. Guests came.\n"
    assert [k for k, _ in blocks(text)] == ["heading", "heading", "paragraph", "paragraph"]


def test_hard_wrapped_paragraph_is_not_cut_at_a_capitalised_line_start() -> None:
    text = (
        "The delegation was received by the Minister of Foreign Affairs\n"
        "Elmar Mammadyarov and the Deputy Speaker of the National\n"
        "Assembly. The talks lasted two hours.\n"
    )
    assert blocks(text) == [
        (
            "paragraph",
            "The delegation was received by the Minister of Foreign Affairs Elmar "
            "Mammadyarov and the Deputy Speaker of the National Assembly.",
        ),
        ("paragraph", "The talks lasted two hours."),
    ]


def test_width_comes_from_the_text_around_a_two_line_paragraph() -> None:
    wrapped = (
        "A first paragraph that the author wrapped at about sixty\n"
        "columns, as mail programs do. It goes on for a while and\n"
        "then it ends here.\n\n"
        "The minister said that the delegation will visit the city\n"
        "Baku next week.\n"
    )
    assert [t for _, t in blocks(wrapped)][-1] == (
        "The minister said that the delegation will visit the city Baku next week."
    )
    # a heading longer than the short line after it, in a text that is not wrapped
    unwrapped = (
        "A long headline about the talks between the two delegations in Baku\n"
        "The talks ended.\n\n"
        + "A paragraph on one long line, as editors without wrapping write it. " * 3
        + "\n"
    )
    assert blocks(unwrapped)[0] == (
        "heading",
        "A long headline about the talks between the two delegations in Baku",
    )


def test_no_break_spaces_keep_words_together_for_the_width() -> None:
    # "9 h 30" is one word for a wrapper: the line before it was full
    text = "Le JAS 39C Gripen s’est écrasé sur une piste autour de\n9\u00a0h\u00a030 heure locale et a explosé. Les secours sont venus.\n"
    assert blocks(text, "fr")[0][1].startswith(
        "Le JAS 39C Gripen s’est écrasé sur une piste autour de 9"
    )


def test_a_wrapped_line_starting_with_a_dash_or_an_ordinal_is_no_list_item() -> None:
    # (wrapped at 60 columns: the dash no longer fitted on the first line)
    text = (
        "Жить и выступать в качестве волонтёра в далёкой чужой стране\n"
        "— это прекрасный способ узнать другую культуру.\n"
    )
    assert [k for k, _ in blocks(text, "ru")] == ["paragraph"]
    german = (
        "Das heutige Casablanca wurde von berberischen Fischern im\n"
        "10. Jahrhundert vor unserer Zeitrechnung gegründet.\n"
    )
    assert [k for k, _ in blocks(german, "de")] == ["paragraph"]
    # a list after a line that ends a sentence (or a short line) stays a list
    listing = "The speech:\n- Today we remember.\n- This campaign began in Moscow.\n"
    assert [k for k, _ in blocks(listing)] == ["paragraph", "list item", "list item"]
    short = "Events\n- conferences\n- exhibitions\n"
    assert [k for k, _ in blocks(short)] == ["paragraph", "list item", "list item"]


def test_an_ordinal_opening_a_paragraph_is_no_list_marker() -> None:
    text = "15. yüzyıl civarında kent büyüdü. Göç arttı.\n"
    assert blocks(text, "tr") == [
        ("paragraph", "15. yüzyıl civarında kent büyüdü."),
        ("paragraph", "Göç arttı."),
    ]
    # in English a numbered line is a list item, whatever follows
    assert blocks("2. films about Khojaly\n")[0][0] == "list item"


def test_a_long_line_of_its_own_is_a_paragraph_not_a_heading() -> None:
    long_line = "A very long line without a final stop that runs on " * 4
    text = long_line.strip() + "\nThe next line is a sentence. It ends.\n"
    kinds = blocks(text)
    assert kinds[0] == ("paragraph", fold_space(long_line.strip()))
    assert len(kinds) == 3


def test_a_subheading_between_paragraphs_with_single_line_breaks() -> None:
    text = "The first part ends here.\nSecond part\nThe text goes on. It ends.\n"
    assert blocks(text) == [
        ("paragraph", "The first part ends here."),
        ("heading", "Second part"),
        ("paragraph", "The text goes on."),
        ("paragraph", "It ends."),
    ]


def test_a_line_before_a_lower_case_line_is_no_heading() -> None:
    text = "The delegation arrived\nin Baku on Monday.\n"
    assert blocks(text) == [("paragraph", "The delegation arrived in Baku on Monday.")]


# ---------------------------------------------------------------------------------------------
# Markdown


def test_detect_format() -> None:
    assert detect_format("## Economy\nGrowth slowed.\n") == "markdown"
    assert detect_format("Intro.\n\n```\ncode\n```\n") == "markdown"
    assert detect_format("> quoted. Text.\n") == "markdown"
    assert detect_format("See [the site](https://x.org/a).\n") == "markdown"
    assert detect_format("Title\n=====\n\nText.\n") == "markdown"
    assert detect_format("---\ntitle: T\n---\nText.\n") == "markdown"
    assert detect_format("Some **bold** words.\n") == "markdown"
    assert detect_format("| a | b |\n|---|---|\n| 1 | 2 |\n") == "markdown"
    assert detect_format("Election results\nThe party won.\n\n- one\n- two\n") == "text"
    assert detect_format("A #hashtag and 3 > 2 inside a line.\n") == "text"


def test_nesting_deeper_than_the_parser_reads_is_an_error_naming_the_line() -> None:
    deep_list = "Intro.\n\n" + "".join("  " * i + f"- item {i}. Two.\n" for i in range(12))
    with pytest.raises(SourceError) as err:
        segment_text(deep_list, "markdown", "en", path=Path("news.md"))
    assert err.value.path == Path("news.md") and err.value.line == 12  # item 9
    assert "nested more than 20 levels" in str(err.value)
    deep_quote = "".join(">" * i + f" quote {i}.\n\n" for i in range(1, 24))
    with pytest.raises(SourceError) as err:
        segment_text(deep_quote, "markdown", "en")
    assert err.value.line == 39  # the 20th quote
    # text that only exists deeper than the limit, on one line
    with pytest.raises(SourceError) as err:
        segment_text("Intro.\n\n" + "> " * 25 + "Deep text.\n", "markdown", "en")
    assert err.value.line == 3


def test_nesting_within_the_limit_is_all_translated() -> None:
    lists = "".join("  " * i + f"- item {i}. Two.\n" for i in range(9))
    segments = segment_text(lists, "markdown", "en")
    assert [s.text for s in segments][-2:] == ["item 8.", "Two."]
    quotes = "".join(">" * i + f" quote {i}.\n\n" for i in range(1, 20))
    assert len(segment_text(quotes, "markdown", "en")) == 19
    # deeply nested lines with no text, and reference definitions, are no error
    empty = "Text.\n\n" + ">" * 30 + "\n\n> [id]: http://x.y\n"
    assert [s.text for s in segment_text(empty, "markdown", "en")] == ["Text."]


def test_heading_kind_for_markdown_is_unchanged() -> None:
    segments = segment_text("## Economy\nGrowth slowed.\n", "markdown", "en")
    assert [(s.kind, s.text) for s in segments] == [
        (BlockKind.HEADING, "Economy"),
        (BlockKind.PARAGRAPH, "Growth slowed."),
    ]
