"""Block structure and overrides of the segmenter, and the seed article split by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmflow.core.errors import ConfigError, UsageError
from tmflow.core.model import BlockKind
from tmflow.io.config import SegmentationConfig, parse_config
from tmflow.steps.project import Article
from tmflow.steps.segment.segmenter import fold_space, rebuild, segment_article, segment_text

REPO = Path(__file__).resolve().parents[3]
SEED = REPO / "sources" / "khojaly-moscow-2014.txt"
CAMPAIGN = REPO / "sources" / "justice-for-khojaly-campaign.md"

# The press release as a careful human splits it: (kind, text).
SEED_EXPECTED = [
    ("heading", "February 27, 2014"),
    (
        "heading",
        "Remembrance ceremony on the occasion of the 22nd anniversary of the Khojaly "
        "genocide in Moscow",
    ),
    (
        "paragraph",
        "On February 27, a remembrance ceremony was held in the conference room of "
        "Moscow's “AZIMUT Moscow Olympic” Hotel on the occasion of the 22nd "
        "anniversary of the Khojaly genocide.",
    ),
    (
        "paragraph",
        "Vice-president of the Heydar Aliyev Foundation Leyla Aliyeva attended the ceremony.",
    ),
    ("paragraph", "Leyla Aliyeva delivered a speech at the ceremony."),
    ("paragraph", "The speech by Leyla Aliyeva:"),
    (
        "list item",
        "Today, within the framework of the international campaign “Justice for "
        "Khojaly!”, we have gathered here to remember the memory of the Khojaly "
        "genocide victims.",
    ),
    ("list item", "This campaign was initiated 5 years ago in Moscow."),
    (
        "list item",
        "The main goal of the campaign is to deliver the information about the "
        "tragedy, which was committed 22 years ago in the Azerbaijani town of "
        "Khojaly, to the world community.",
    ),
    (
        "list item",
        "For already 5 years, in these days of February, representatives of "
        "different nations, religions and cultures in over 70 countries of the world "
        "are demanding justice for Khojaly tragedy’s victims.",
    ),
    (
        "paragraph",
        "On the night from the 25th to the 26th of February 1992, Armenian "
        "aggressors occupied the Azerbaijani town of Khojaly and, as a result, 613 "
        "civilians, including 63 children and 70 elderly were mercilessly killed, and "
        "over a thousand people were crippled.",
    ),
    (
        "paragraph",
        "This tragedy is one of the most tragic and bloody pages of the Azerbaijani history.",
    ),
    (
        "paragraph",
        "Of course, whatever we do today, we cannot return these innocent people to "
        "life, or mitigate the grief of people that have lost their beloved ones, or "
        "heal the wound in every Azerbaijani’s heart.",
    ),
    (
        "paragraph",
        "However, within the framework of the “Justice for Khojaly!” campaign, we "
        "have done a great deal of work and made good progress.",
    ),
    (
        "paragraph",
        "I would like to talk to you about the main projects implemented during "
        "these 5 years, and its achievements.",
    ),
    (
        "paragraph",
        "Over the 5 years past, conferences and exhibitions have been held each "
        "year in connection with the Khojaly tragedy.",
    ),
    ("paragraph", "The website of the campaign is in five languages."),
    (
        "paragraph",
        "Today, the “Justice for Khojaly!” campaign’s calls may be heard from the "
        "rostrums of the UN, the European Parliament, and the Islamic Cooperation "
        "Organization, as well as at universities, youth clubs, mosques, churches and "
        "synagogues all over the world.",
    ),
    ("paragraph", "This call (ICO) did not remain unheard."),
    (
        "paragraph",
        "As a result of the campaign, parliaments of 6 countries and 14 states of "
        "the USA recognized the Khojaly tragedy as an act of genocide.",
    ),
    (
        "paragraph",
        "A few days earlier, parliaments of 53 countries – members of ICO – have "
        "acknowledged, by a special decree, that genocide was committed in Khojaly.",
    ),
    ("paragraph", "Earlier, heads of 57 states had passed similar documents."),
    (
        "paragraph",
        "Monuments were erected to Khojaly victims in Ankara, Sarajevo, Hague and Mexico cities.",
    ),
    (
        "paragraph",
        "On July 9 the last year - the national mourning day of Srebrenitsa "
        "victims - the “Justice for Khojaly” call was sounded on an illuminated "
        "monitor the whole day, in the centre of Sarajevo.",
    ),
    (
        "paragraph",
        "Books are printed, booklets and information published and films made "
        "regularly about Khojaly.",
    ),
    (
        "paragraph",
        "A hero of one of these films, helicopter pilot Leonid Kravets is with us today.",
    ),
    (
        "paragraph",
        "I want to say him “thank you very much” for the courage shown in 1992 "
        "while rescuing civilians, and heroism that he showed talking all the truth "
        "about this tragedy.",
    ),
    ("paragraph", "Today, a new stage of our campaign starts."),
    (
        "paragraph",
        "We are not satisfied with what we have reached so far, many projects and "
        "events are expecting us.",
    ),
    (
        "paragraph",
        "I believe the number of countries recognising the Khojaly events as a "
        "genocide will increase year-by-year.",
    ),
    ("paragraph", "And the world society would give a just assessment of this tragedy."),
    (
        "paragraph",
        "No killings, bloody massacre and genocides should be allowed in the 21st century.",
    ),
    (
        "paragraph",
        "Today, Azerbaijan is a strong, secular and independent country amazing the "
        "whole world with its achievements in various spheres, with its dynamic "
        "development in the spheres of economy, sports, culture and science.",
    ),
    ("paragraph", "Azerbaijan is a regional leader."),
    ("paragraph", "Time has proved that Azerbaijani people’s spirit has not been broken."),
    (
        "paragraph",
        "Azerbaijani people’s spirit may never be broken by anyone by any means whatsoever.",
    ),
    (
        "paragraph",
        "I believe that Azerbaijan’s territorial integrity will be restored, all "
        "refugees and IDPs will return to their homes, native lands.",
    ),
    ("paragraph", "Go to the news"),
]


def check_spans(text: str, segments: list) -> None:
    """Spans in order, not overlapping, trimmed, and their folded text is the msgid."""
    pos = 0
    for seg in segments:
        assert pos <= seg.start < seg.end <= len(text)
        span = text[seg.start : seg.end]
        assert span == span.strip()
        assert seg.line == text.count("\n", 0, seg.start) + 1
        pos = seg.end
    assert rebuild(text, segments) == text


def test_seed_article_splits_as_a_careful_human_would() -> None:
    text = SEED.read_text("utf-8")
    segments = segment_text(text, "text", "en")
    assert [(s.kind.value, s.text) for s in segments] == SEED_EXPECTED
    check_spans(text, segments)
    # the no-break spaces after "ceremony." and "lands." stay outside the spans
    assert text[segments[4].end] == "\u00a0"
    # blocks are numbered 1..11, the speech (a dash line) is block 7
    assert [s.block for s in segments][:7] == [1, 2, 3, 4, 5, 6, 7]
    assert segments[-1].block == 11
    assert text[segments[6].start - 2 : segments[6].start] == "- "


def test_seed_article_through_segment_article() -> None:
    from tmflow.io.config import Config

    config = Config(root=REPO, path=None)
    doc, segments = segment_article(Article("khojaly-moscow-2014", SEED, "text"), config)
    assert doc.text == SEED.read_text("utf-8")
    assert len(segments) == len(SEED_EXPECTED)


def test_campaign_markdown() -> None:
    text = CAMPAIGN.read_text("utf-8")
    segments = segment_text(text, "markdown", "en")
    check_spans(text, segments)
    kinds = [(s.kind, s.text) for s in segments]
    assert kinds[0] == (BlockKind.FRONT_MATTER, "The “Justice for Khojaly!” campaign at a glance")
    assert kinds[1] == (BlockKind.HEADING, "The “Justice for Khojaly!” campaign at a glance")
    assert (
        BlockKind.PARAGRAPH,
        "The international campaign **“Justice for Khojaly!”** was "
        "initiated in 2008 by Leyla Aliyeva, Vice-president of the Heydar Aliyev "
        "Foundation.",
    ) in kinds
    assert (BlockKind.LIST_ITEM, "a website in *five languages*.") in kinds
    assert (
        BlockKind.QUOTE,
        "No killings, bloody massacre and genocides should be allowed in the 21st century.",
    ) in kinds
    assert kinds[-1][1].endswith(
        '(https://heydar-aliyev-foundation.org/en "Heydar Aliyev Foundation").'
    )
    assert not any("info@" in s.text or "date" in s.text for s in segments)


# ---------------------------------------------------------------------------------------------
# plain text blocks


def texts(text: str, fmt: str = "text", lang: str = "en", **kw: object) -> list[str]:
    return [s.text for s in segment_text(text, fmt, lang, **kw)]  # type: ignore[arg-type]


def test_text_hard_wrapped_lines_are_joined() -> None:
    text = "The ceremony was held\nin Moscow. Many guests\ncame.\n"
    segs = segment_text(text, "text", "en")
    assert [s.text for s in segs] == ["The ceremony was held in Moscow.", "Many guests came."]
    assert [s.line for s in segs] == [1, 2]
    check_spans(text, segs)


def test_text_list_lines_are_units_and_markers_stay_outside() -> None:
    text = "Events:\n- conferences\n• exhibitions\n2. films about\n   Khojaly\n3) books\n"
    segs = segment_text(text, "text", "en")
    assert [(s.kind.value, s.text) for s in segs] == [
        ("paragraph", "Events:"),
        ("list item", "conferences"),
        ("list item", "exhibitions"),
        ("list item", "films about Khojaly"),
        ("list item", "books"),
    ]
    check_spans(text, segs)


def test_text_heading_rule() -> None:
    text = (
        "A short title\n\nA sentence. Another one.\n\nNot a heading:\n\n"
        "Ends with a stop.\n\nLast line without blank after"
    )
    segs = segment_text(text, "text", "en")
    assert [(s.kind.value, s.text) for s in segs] == [
        ("heading", "A short title"),
        ("paragraph", "A sentence."),
        ("paragraph", "Another one."),
        ("paragraph", "Not a heading:"),
        ("paragraph", "Ends with a stop."),
        ("paragraph", "Last line without blank after"),
    ]


def test_text_crlf_offsets() -> None:
    text = "Title\r\n\r\nOne sentence here.\r\nIt wraps. Two.\r\n"
    segs = segment_text(text, "text", "en")
    assert [s.text for s in segs] == ["Title", "One sentence here.", "It wraps.", "Two."]
    check_spans(text, segs)
    assert "\r" not in "".join(s.text for s in segs)


def test_punctuation_only_paragraphs_are_not_segments() -> None:
    assert texts("* * *\n\n...\n\nText.\n") == ["Text."]


def test_unknown_format() -> None:
    with pytest.raises(UsageError):
        segment_text("x", "rtf", "en")


# ---------------------------------------------------------------------------------------------
# Markdown blocks

MD = """\
# Title *with* emphasis

A paragraph with `code. Not a break` and [a link. Text](http://x.org/a.b "T. itle") inside. \
Second sentence.

> Quoted line one
> continues here. Second
> quoted sentence.

1. First item. Still item.
2. Second item

| Name | Note |
| --- | --- |
| Baku | Capital. Big city. |

```
code block. Not translated.
```

    indented code. Not translated.

<div>HTML block. Not translated.</div>

![Alt text of the photo](photo.jpg "Photo title")

Setext heading
--------------
"""


def test_markdown_blocks_and_kinds() -> None:
    segs = segment_text(MD, "markdown", "en")
    check_spans(MD, segs)
    got = [(s.kind.value, s.text) for s in segs]
    assert got == [
        ("heading", "Title *with* emphasis"),
        (
            "paragraph",
            "A paragraph with `code. Not a break` and [a link. Text](http://x.org/a.b "
            '"T. itle") inside.',
        ),
        ("paragraph", "Second sentence."),
        ("quote", "Quoted line one continues here."),
        ("quote", "Second quoted sentence."),
        ("list item", "First item."),
        ("list item", "Still item."),
        ("list item", "Second item"),
        ("table cell", "Name"),
        ("table cell", "Note"),
        ("table cell", "Baku"),
        ("table cell", "Capital."),
        ("table cell", "Big city."),
        ("image alt", "Alt text of the photo"),
        ("link title", "Photo title"),
        ("heading", "Setext heading"),
    ]
    quote = next(s for s in segs if s.kind is BlockKind.QUOTE)
    assert MD[quote.start : quote.end] == "Quoted line one\n> continues here."
    assert quote.line == 5


def test_markdown_nested_list_in_quote() -> None:
    text = "> - one. Two.\n>   wrapped three.\n"
    segs = segment_text(text, "markdown", "en")
    assert [(s.kind.value, s.text) for s in segs] == [
        ("list item", "one."),
        ("list item", "Two. wrapped three."),
    ]
    check_spans(text, segs)


def test_markdown_front_matter_keys() -> None:
    text = '---\ntitle: "A title"\nslug: a-title\ndescription: Short. Text.\n---\nBody.\n'
    segs = segment_text(text, "markdown", "en")
    assert [(s.kind.value, s.text) for s in segs] == [
        ("front matter", "A title"),
        ("front matter", "Short. Text."),
        ("paragraph", "Body."),
    ]
    only_title = SegmentationConfig(front_matter_keys=("title",))
    assert texts(text, "markdown", options=only_title) == ["A title", "Body."]


def test_markdown_crlf() -> None:
    text = "# Head\r\n\r\nOne. Two\r\nwrapped.\r\n"
    segs = segment_text(text, "markdown", "en")
    assert [s.text for s in segs] == ["Head", "One.", "Two wrapped."]
    check_spans(text, segs)


def test_markdown_overrides() -> None:
    text = (
        "<!-- tmflow: keep -->\nKeep this. As one.\n\n<!-- tmflow: skip -->\nNot this.\n\n"
        "<!-- tmflow: context menu -->\nOpen\n\nFirst part<!-- tmflow: split --> second "
        "part. Third.\n"
    )
    segs = segment_text(text, "markdown", "en")
    assert [(s.text, s.context) for s in segs] == [
        ("Keep this. As one.", None),
        ("Open", "menu"),
        ("First part", None),
        ("second part.", None),
        ("Third.", None),
    ]
    check_spans(text, segs)
    assert "tmflow" not in "".join(s.text for s in segs)


def test_config_overrides_keep_whole_and_split_after() -> None:
    text = "Keep me. Whole please.\n\nSplit here, and here. Normal.\n"
    options = SegmentationConfig(
        keep_whole={"art": ("Keep me.",)}, split_after={"art": ("Split here,",)}
    )
    assert texts(text, options=options, article="art") == [
        "Keep me. Whole please.",
        "Split here,",
        "and here.",
        "Normal.",
    ]
    # another article is not affected
    assert texts(text, options=options, article="other") == [
        "Keep me.",
        "Whole please.",
        "Split here, and here.",
        "Normal.",
    ]


def test_config_abbreviation_additions() -> None:
    text = "He met Cllr. Smith. Then he met the Sec. Then he left."
    assert texts(text) == ["He met Cllr.", "Smith.", "Then he met the Sec. Then he left."]
    options = SegmentationConfig(never_ends={"en": ("Cllr.",)}, may_end={"en": ("Sec.",)})
    assert texts(text, options=options) == [
        "He met Cllr. Smith.",
        "Then he met the Sec.",
        "Then he left.",
    ]


def test_split_after_config_key_is_validated(tmp_path: Path) -> None:
    good = 'languages = ["fr"]\n[segmentation]\nsplit-after = { "news" = ["Khojaly!"] }\n'
    config = parse_config(good, tmp_path / "tmflow.toml")
    assert config.segmentation.split_after == {"news": ("Khojaly!",)}
    bad = 'languages = ["fr"]\n[segmentation]\nsplit-after = { "news" = "Khojaly!" }\n'
    with pytest.raises(ConfigError, match="split-after"):
        parse_config(bad, tmp_path / "tmflow.toml")


def test_folding_keeps_a_lone_no_break_space() -> None:
    assert fold_space("10\u00a0000 a\n\tb  c\u00a0 d") == "10\u00a0000 a b c d"


def test_markdown_reference_definition_titles() -> None:
    text = (
        'Some [text][id] here.\n\n[id]: http://x.org/a "The title. Of it"\n\n'
        '```\n[no]: http://x "Not this"\n```\n'
    )
    segs = segment_text(text, "markdown", "en")
    assert [(s.kind.value, s.text, s.line) for s in segs] == [
        ("paragraph", "Some [text][id] here.", 1),
        ("link title", "The title. Of it", 3),
    ]
    check_spans(text, segs)
