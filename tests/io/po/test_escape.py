from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmflow.io.po.escape import InvalidEscape, unescape


def test_text_without_escapes_is_returned_as_is() -> None:
    assert unescape("plain «text»") == "plain «text»"


@pytest.mark.parametrize(
    "body, text",
    [
        (r"a\nb\tc\rd", "a\nb\tc\rd"),
        (r"\a\b\f\v", "\a\b\f\v"),
        (r"say \"hi\" \\ \' \?", 'say "hi" \\ \' ?'),
        (r"\101\102C", "ABC"),  # octal, up to three digits
        (r"\0", "\0"),
        (r"\1011", "A1"),  # a fourth digit is text
        (r"\x41\x4a\x4", "AJ\x04"),  # hex, one or two digits
        (r"\x41B", "AB"),  # hex stops after two digits
    ],
)
def test_escapes_msgfmt_accepts(body: str, text: str) -> None:
    assert unescape(body) == text


@pytest.mark.parametrize("body, seq", [(r"bad \q", "q"), (r"\x", "x"), (r"\u0041", "u")])
def test_unknown_escape_names_the_sequence(body: str, seq: str) -> None:
    with pytest.raises(InvalidEscape) as info:
        unescape(body)
    assert info.value.seq == seq


def _by_table(body: str) -> str | None:
    """The body resolved by the table alone (None: an invalid escape)."""
    from tmflow.io.po.escape import UNESCAPE_RE, _resolve

    try:
        return UNESCAPE_RE.sub(_resolve, body)
    except InvalidEscape:
        return None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('\\n"tx4q0 aé\t')), max_size=12))
def test_the_replacing_shortcut_agrees_with_the_table(body: str) -> None:
    want = _by_table(body)
    if want is None:
        with pytest.raises(InvalidEscape):
            unescape(body)
    else:
        assert unescape(body) == want
