"""Word counts by Translate Toolkit's ``pocount`` rule, so that tmflow's figures agree with it.

Words are counted in the source text (msgid, plus msgid_plural for plural entries) whatever the
state — "words to translate". Before counting, ``<br>``/``<br/>`` become a line break, XML/HTML
tags are removed, and every ``X.Y`` where neither X nor Y is a digit becomes a space (so "U.S."
and "example.com" count as pocount counts them). The words are then the Unicode (UAX #29) word
segments that hold at least one letter or digit, from the same segmentation library pocount
uses (``unicode_segmentation_rs``): "don't", "3.14" and "1,000" are one word each, "e-mail"
two, and every Han ideograph is a word.
"""

from __future__ import annotations

import re

from unicode_segmentation_rs import unicode_words

_BR_RE = re.compile(r"<br\s*?/?>")
_XMLTAG_RE = re.compile(
    r"""
        <([\w.:]+)(\s([\w.:]+=((".*?")|('.*?')))?)*/?>
        |</([\w.]+)>
    """,
    re.VERBOSE,
)
_NUMBER_RE = re.compile(r"\D\.\D")


def count_words(text: str) -> int:
    """Words in ``text`` by pocount's rule (see the module docstring)."""
    if not text:
        return 0
    if "<" in text:
        text = _BR_RE.sub("\n", text)
        text = _XMLTAG_RE.sub("", text)
    if "." in text[:-1]:  # a final "." has nothing after it: no match (sentences end so)
        text = _NUMBER_RE.sub(" ", text)
    return len(unicode_words(text))
