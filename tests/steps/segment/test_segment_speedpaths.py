"""The segmenter's fast paths give exactly what the straightforward paths give.

Three shortcuts keep 1 MB inputs of many short paragraphs within the time budget: Markdown made
only of blank lines and letter-first lines is split into paragraphs without markdown-it, a
block body seen before reuses its pieces, and a sentence-end candidate whose decision needs
only its own groups is decided once per splitter. Generated inputs (fixed seeds) are segmented with
the shortcuts and by the plain route (markdown-it forced; every block split afresh by the loop
below, written as the segmenter's loop was before the shortcuts) and must agree field by field.
"""

from __future__ import annotations

import random

import pytest

from tmflow.core.model import Segment
from tmflow.io.config import SegmentationConfig
from tmflow.steps.segment import segmenter as seg

from .test_segment_cases import load_cases

# lines of a paragraph: a letter first (the fast path), with the white space variants around
# them that matter (trailing spaces and tabs, no-break spaces, vertical tab, CR)
PLAIN_LINES = [
    "One. Two.",
    "Dr. Smith came. He left.",
    "Étoile filante. Une autre.",
    "Ağ. Ev.",
    "Привет. Мир! Как дела?",
    "a | b | c",
    'see [x]: y "T"',
    "words  with  double spaces. Ok.",
    "tab\tinside. Next one.",
    "trailing spaces. Here.   ",
    "trailing tab. Here.\t",
    "nbsp at end. Here.\u00a0",
    "vertical tab. Here.\v",
    "line\u2028separator. Yes.",
    "x *a. B* `c. D` <b>e. F</b> [g. H](http://i.j/k. L)",
    "No. 5 and No. 6. Then.",
    "ends with a colon:",
    "Wait... Then what?",
    "q",
    "Z.",
]
BLANKS = ["", "  ", "\t", " \t "]
# lines that send the text to markdown-it (the fast path must step aside)
OTHER_LINES = [
    "# Heading. Two.",
    "- item. Two",
    "1. item. Two",
    "> quote. Two",
    "    code. Two",
    "```",
    "---",
    "===",
    "<!-- tmflow: keep -->",
    "<div>",
    "|---|---|",
    '[x]: /url "Title"',
    " leading space. Two",
    "3 apples. Two",
    "\u00a0nbsp first. Two",
    "![alt](i.png)",
]


def _doc(rng: random.Random, lines: int, other: float, newline: str) -> str:
    out = []
    for _ in range(lines):
        roll = rng.random()
        if roll < other:
            out.append(rng.choice(OTHER_LINES))
        elif roll < other + 0.35:
            out.append(rng.choice(BLANKS))
        else:
            out.append(rng.choice(PLAIN_LINES))
    text = newline.join(out)
    return text + newline if rng.random() < 0.5 else text


def _reference(
    text: str, fmt: str, options: SegmentationConfig, article: str | None
) -> list[Segment]:
    """The segmentation loop without shortcuts (blocks from the module)."""
    markdown = fmt == "markdown"
    blocks = (
        seg._markdown_blocks(text, seg._Lines(text), options)
        if markdown
        else seg._text_blocks(text)
    )
    splitter = seg._Splitter(seg._rules_for("en", options))
    keep_prefixes = options.keep_whole.get(article, ()) if article else ()
    split_after = options.split_after.get(article, ()) if article else ()
    out: list[Segment] = []
    number = last_end = line_pos = 0
    line = 1
    for block in blocks:
        if block.start < last_end:
            continue
        body = block.masked if block.masked is not None else text[block.start : block.end]
        if markdown and "<!--" in body:
            for m in seg._SPLIT_COMMENT.finditer(body):
                block.forced.append(block.start + m.start())
                body = body[: m.start()] + " " * (m.end() - m.start()) + body[m.end() :]
        whole = block.whole or (
            bool(keep_prefixes)
            and any(seg.fold_space(body.strip()).startswith(p) for p in keep_prefixes)
        )
        cuts = [] if whole else splitter.cuts(body, 0, len(body), markdown)
        if split_after or block.forced:
            for fragment in split_after:
                pos = body.find(fragment)
                while pos >= 0:
                    cuts.append(pos + len(fragment))
                    pos = body.find(fragment, pos + len(fragment))
            cuts += [f - block.start for f in block.forced]
            cuts = sorted({c for c in cuts if 0 < c < len(body)})
        emitted = False
        pos = 0
        for cut in [*cuts, len(body)]:
            s = seg._LEAD_SPACE.match(body, pos, cut).end()  # type: ignore[union-attr]
            pos = cut
            if s >= cut:
                continue
            piece = body[s:cut].rstrip()
            if not seg._HAS_CONTENT.search(piece):
                continue
            if not emitted:
                number += 1
                emitted = True
            start = block.start + s
            line += text.count("\n", line_pos, start)
            line_pos = start
            out.append(
                Segment(
                    seg.fold_space(piece),
                    start,
                    start + len(piece),
                    line,
                    number,
                    block.kind,
                    block.context,
                )
            )
        last_end = block.end
    return out


def _with_parser(
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    fmt: str,
    options: SegmentationConfig | None = None,
    article: str | None = None,
) -> list[Segment]:
    with monkeypatch.context() as m:
        m.setattr(seg, "_plain_markdown_blocks", lambda text: None)
        return _reference(text, fmt, options or SegmentationConfig(), article)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_plain_markdown_fast_path_equals_markdown_it(
    monkeypatch: pytest.MonkeyPatch, newline: str
) -> None:
    rng = random.Random(3 + len(newline))
    taken = 0
    real = seg._plain_markdown_blocks

    def spy(text: str) -> list[seg._Block] | None:
        nonlocal taken
        blocks = real(text)
        taken += blocks is not None
        return blocks

    for _ in range(300):
        text = _doc(rng, rng.randint(1, 14), 0.0, newline)
        with monkeypatch.context() as m:
            m.setattr(seg, "_plain_markdown_blocks", spy)
            fast = seg.segment_text(text, "markdown", "en")
        assert fast == _with_parser(monkeypatch, text, "markdown"), repr(text)
    assert taken > 200  # most generated texts take the fast path (no-break space at the end: not)


def test_fast_path_steps_aside_for_other_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(11)
    for _ in range(200):
        text = _doc(rng, rng.randint(1, 14), 0.2, rng.choice(["\n", "\r\n"]))
        assert seg.segment_text(text, "markdown", "en") == _with_parser(
            monkeypatch, text, "markdown"
        ), repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n" * 50,
        "One. Two.\r\n\r\n" * 20,
        "a\rb. C",
        "a\0b. C",
        "a. B\r",
        "a. B\r\r\nc. D",
        '---\ntitle: "T. U"\n---\nOne. Two.\n',
        "x. Y\n===\n",
        "x. Y\n\n    z. W\n",
    ],
)
def test_edge_texts_equal_markdown_it(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert seg.segment_text(text, "markdown", "en") == _with_parser(monkeypatch, text, "markdown")


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_repeated_blocks_equal_splitting_each_afresh(
    monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    rng = random.Random(7 if fmt == "text" else 8)
    options = SegmentationConfig(keep_whole={"a": ("Dr. Smith",)}, split_after={"a": ("double",)})
    for i in range(200):
        # few distinct paragraphs, many repeats: the reuse of pieces is exercised
        text = _doc(rng, rng.randint(1, 30), 0.1, rng.choice(["\n", "\r\n"]))
        article = "a" if i % 2 else None
        got = seg.segment_text(text, fmt, "en", options, article)
        assert got == _with_parser(monkeypatch, text, fmt, options, article), repr(text)


def test_thousands_of_repeated_paragraphs_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "One. Two.\r\n\r\n" * 2000 + "Dr. Smith came. He left.\n\n" * 2000
    for fmt in ("text", "markdown"):
        got = seg.segment_text(text, fmt, "en")
        assert len(got) == 8000
        assert got == _with_parser(monkeypatch, text, fmt)


def _fields(blocks: list[seg._Block]) -> list[tuple[object, ...]]:
    return [(b.start, b.end, b.kind, b.masked, b.whole, b.context) for b in blocks]


def test_plain_blocks_equal_markdown_it_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    compared = 0
    for _ in range(300):
        text = _doc(rng, rng.randint(1, 14), 0.0, rng.choice(["\n", "\r\n"]))
        fast = seg._plain_markdown_blocks(text)
        if fast is None:
            continue
        compared += 1
        with monkeypatch.context() as m:
            m.setattr(seg, "_plain_markdown_blocks", lambda text: None)
            slow = seg._markdown_blocks(text, seg._Lines(text), SegmentationConfig())
        assert _fields(fast) == _fields(slow), repr(text)
    assert compared > 200


def test_memoised_decisions_equal_full_decisions(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(13)
    texts = [(lang, text) for lang, text, _ in load_cases()]
    # the cases again, repeated in one paragraph: later candidates hit the memo
    texts += [(lang, " ".join([text] * 3)) for lang, text in texts]
    texts += [("en", _doc(rng, rng.randint(1, 30), 0.1, "\n")) for _ in range(100)]
    # each branch that looks around the candidate, where the answer differs from the default
    texts += [
        ("ru", "В 1992 г. Он пришёл. Это г. Москва. В XX в. Было. Это в. Ясно."),
        ("en", "The U.S. Army came. The U.S. He said. The Dept. Chair. Smith came. Corp. Yes."),
        ("ar", 'قالت حملة "العدالة لخوجالي!" عام ٢٠٠٨. ثم انتهت.'),
        ("de", "Am 26. Februar kam er. Das ist z. B. gut."),
        # the word after the dot (joins, Roman numbers), the word before it (spelled initials)
        ("de", "Um 800 v. Chr. gegründet. Im Jahr 800 v. Chr. Die Stadt. Er kam v. Ort."),
        ("en", "At 7 p.m. ET tonight. At 7 p.m. Police came. See vol. IV here. See vol. Other."),
        ("az", "Qala e.ə. IV əsrdə. Qala e.ə. Sonra."),
        ("ar", "قال دي. كي. أريا إنهم اعتقلوا خمسة. ظهر على سي إن إن. وقال."),
        # the verb of speech after a quotation
        ("ar", "«متى ستعودون؟» سأل الصحفي الوزير. «لماذا؟» قال جون: «لا». ثم غادر."),
        # a brand with a capital inside
        ("en", "Apple made a phone. iPhone sales fell. Phones, e.g. iPhone ones, sold."),
    ]
    options = SegmentationConfig(never_ends={"en": ("Dept. Chair.",)}, may_end={"en": ("Corp.",)})
    memo_hits = 0
    for lang, text in texts:
        for fmt in ("text", "markdown"):
            splitter = seg._Splitter(seg._rules_for(lang, options))
            splitter.cuts(text, 0, len(text), fmt == "markdown")
            memo_hits += sum(d is not None for d in splitter.memo.values())
            fast = seg.segment_text(text, fmt, lang, options)
            with monkeypatch.context() as m:
                m.setattr(seg._Splitter, "_decide", lambda self, *groups: None)
                assert fast == seg.segment_text(text, fmt, lang, options), (lang, text)
    assert memo_hits > 500
