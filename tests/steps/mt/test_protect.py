"""Masking, verification and restoration of what engines must not touch."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tmflow.io.translators import pseudo_translate
from tmflow.steps.mt.protect import TOKEN_RE, GlossaryGuard, protect, restore, split_text


def _tokens(source: str) -> list[str]:
    return [t.text for t in protect(source).tokens]


@pytest.mark.parametrize(
    "source, masked, tokens",
    [
        ("See https://example.org/a_(b). Now", "See {1}. Now", ["https://example.org/a_(b)"]),
        ("Write to desk@news.example.az today", "Write to {1} today", ["desk@news.example.az"]),
        ("Run `tmflow draft` now", "Run {1} now", ["`tmflow draft`"]),
        (
            'Read [the report](http://x.org/r "T") first',
            "Read {1}the report{2} first",
            ["[", '](http://x.org/r "T")'],
        ),
        ("An ![aerial view](img/a.png) here", "An {1}aerial view{2} here", ["![", "](img/a.png)"]),
        ("It was **very** _cold_", "It was {1}very{2} {3}cold{4}", ["**", "**", "_", "_"]),
        (
            "Flight A320 at 10:30 on 2014-02-26",
            "Flight {1} at {2} on {3}",
            ["A320", "10:30", "2014-02-26"],
        ),
        ("Call +994 12 555 12 34 now", "Call {1} now", ["+994 12 555 12 34"]),
        ("Keep {0} and {name} as they are", "Keep {1} and {2} as they are", ["{0}", "{name}"]),
        ("Line<br/>break and <https://a.b>", "Line{1}break and {2}", ["<br/>", "<https://a.b>"]),
        ("613 people died in 1992", "613 people died in 1992", []),  # plain numbers stay visible
        ("the 22nd anniversary, the 1990s", "the 22nd anniversary, the 1990s", []),
        ("COVID-19, an F-16 and the G20", "{1}, an {2} and the {3}", ["COVID-19", "F-16", "G20"]),
    ],
)
def test_masking(source: str, masked: str, tokens: list[str]) -> None:
    p = protect(source)
    assert p.text == masked
    assert [t.text for t in p.tokens] == tokens
    assert restore(p, pseudo_translate(p.text)).ok


def test_whitespace_is_cut_and_put_back() -> None:
    p = protect("  Hello world \n")
    assert p.text == "Hello world"
    assert restore(p, "Bonjour le monde").text == "  Bonjour le monde \n"


def test_do_not_translate_spans_are_masked() -> None:
    source = "The Khojaly Memorial opened"
    p = protect(source, [(4, 20)])
    assert p.text == "The {1} opened"
    assert restore(p, "Le {1} a ouvert").text == "Le Khojaly Memorial a ouvert"


def test_nothing_to_translate() -> None:
    assert not protect("https://example.org").translatable
    assert not protect("2014-02-26 — 10:30").translatable
    assert protect("Hello https://example.org").translatable


def test_restore_round_trip_keeps_markup_exact() -> None:
    source = "Read **the [full](https://x.org/p?a=1&b=2) report** by `id-7` at me@x.org"
    p = protect(source)
    out = restore(p, p.text.replace("Read", "Lisez").replace("report", "rapport"))
    assert out.text == (
        "Lisez **the [full](https://x.org/p?a=1&b=2) rapport** by `id-7` at me@x.org"
    )


@pytest.mark.parametrize(
    "result, reason",
    [
        (None, "empty result"),
        ("", "empty result"),
        ("   ", "empty result"),
        ("{1} gras texte", 'lost a token ("**")'),
        ("{1}{1} gras {2} texte", 'duplicated a token ("**")'),
        ("{1}gras{2} texte {3}", "invented a token {3}"),
        ("**bold** text", 'lost a token ("**")'),
        (
            "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT AVAILABLE IN "
            "23 HOURS",
            'service message instead of a translation ("MYMEMORY WARNING: YOU USED ALL AVAILABL…")',
        ),
        ("{1}bold{2} text", "identical to the source"),
    ],
)
def test_rejections(result: str | None, reason: str) -> None:
    assert restore(protect("**bold** text"), result).reason == reason


def test_a_link_turned_around_is_rejected() -> None:
    p = protect("See [the site](https://x.org) now")
    assert (
        restore(p, "Voir {2}le site{1} maintenant").reason
        == 'turned markup around ("["…"](https://x.org)")'
    )
    assert (
        restore(p, "Voir {1}le site{2} maintenant").text
        == "Voir [le site](https://x.org) maintenant"
    )


def test_engine_spacing_and_fullwidth_tokens_are_tolerated() -> None:
    p = protect("It was **very** cold, see https://x.org")
    assert (
        restore(p, "Il faisait { 1 } très { 2 } froid, voir ｛３｝").text
        == "Il faisait **très** froid, voir https://x.org"
    )


def test_token_like_text_in_the_source_cannot_be_confused_with_ours() -> None:
    p = protect("Price {1} and {2}")
    assert p.text == "Price {1} and {2}"
    assert [t.text for t in p.tokens] == ["{1}", "{2}"]
    assert restore(p, "Prix {1} et {2}").text == "Prix {1} et {2}"


def test_split_respects_the_limit_and_tokens() -> None:
    text = " ".join(f"Sentence {{{i}}} number {i} is here, with a clause." for i in range(1, 40))
    pieces = split_text(text, 200)
    assert len(pieces) > 1
    assert all(len(p.encode()) <= 200 for p in pieces)
    assert " ".join(pieces) == text
    for piece in pieces:  # every token whole in exactly one piece
        assert piece.count("{") == len(TOKEN_RE.findall(piece))
    assert sorted(int(m) for p in pieces for m in TOKEN_RE.findall(p)) == list(range(1, 40))
    assert pieces[0].endswith(".")  # cut at a sentence end first


def test_split_without_spaces_never_cuts_a_token() -> None:
    pieces = split_text("a" * 28 + "{12}" + "b" * 40, 30)
    assert all(len(p) <= 30 for p in pieces)
    assert any("{12}" in p for p in pieces)
    assert "".join(pieces) == "a" * 28 + "{12}" + "b" * 40


def test_split_leaves_short_text_alone() -> None:
    assert split_text("Short.", 100) == ["Short."]


@dataclass
class _Term:
    source: str
    dnt: bool


@dataclass
class _Match:
    term: _Term
    start: int
    end: int


@dataclass
class _Issue:
    kind: str
    message: str


class _Matcher:
    def match_source(self, text: str) -> list[_Match]:
        out = []
        for word, dnt in (("Khojaly", True), ("genocide", False)):
            at = text.find(word)
            if at >= 0:
                out.append(_Match(_Term(word, dnt), at, at + len(word)))
        return out

    def check_translation(self, source: str, target: str, language: str) -> list[_Issue]:
        if "genocide" in source and "génocide" not in target:
            return [_Issue("missing", 'missing "génocide" for "genocide"')]
        return []


def test_glossary_guard_uses_only_dnt_terms_and_reports_missing_renderings() -> None:
    guard = GlossaryGuard(_Matcher())
    assert guard.dnt_spans("The Khojaly genocide") == [(4, 11)]
    assert guard.missing("The genocide", "Le massacre", "fr") == [
        'missing "génocide" for "genocide"'
    ]
    assert guard.missing("The genocide", "Le génocide", "fr") == []
    assert GlossaryGuard().dnt_spans("The Khojaly genocide") == []
