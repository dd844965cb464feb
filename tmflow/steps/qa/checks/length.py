"""How long a translation into a language usually is, from real parallel data.

``truncated`` compares the length ratio of a translation (characters of the translation /
characters of the source, white space at the ends aside) with what professional translators
write: ``ln(ratio) - MEAN[lang]`` divided by the spread for the source's length (short
sentences vary more). The figures were measured on FLORES-200 dev+devtest and NTREX-128
(about 4,000 English sentences per language, professional translations; ``python
bench/bench_qa.py calibrate DIR`` prints them):

| language | median ratio | ln |
| --- | --- | --- |
| az | 1.083 | +0.080 |
| ru | 1.090 | +0.086 |
| tr | 1.040 | +0.040 |
| fr | 1.183 | +0.168 |
| ar | 0.894 | −0.112 |
| de | 1.172 | +0.159 |
| uk | 1.032 | +0.031 |
| es | 1.168 | +0.156 |

Spread of ``ln(ratio)`` around the median, pooled over these languages, by source length:
30–59 characters 0.23, 60–119 0.165, 120 and more 0.13.

A translation is reported as cut short (an error) when its deviation is below ``-STRICT`` (5)
spreads (fewer than 1 in 2,000 correct translations are that short) and it does not end its
sentence as the source does; below ``-COMPLETE`` (8) spreads even when it does ("Да." for a
sentence of fifty characters); or below ``-WITH_END_SURE`` (3.5) spreads while the source ends
a sentence (``.`` ``?`` ``!`` ``…``) and the translation does not: a translation that lost its
second half is usually both.

A source that ends no sentence (a label, a heading, an option's description: "language to be
used for the menus" → "мова меню") is judged like a complete sentence: an error below 8
spreads, a warning from 5 to 8.

Where a reviewer has to judge, it is a warning (``truncated-uncertain``): 5 to 8 spreads
shorter but ending its sentence like the source (on NTREX-128 these were loose, complete
renderings, like "The charges against the two men will be reviewed by the public prosecutor."
→ "Le parquet examinera les charges.", or a clause left out), or 2.5 to 3.5 spreads shorter
without the end of sentence (a complete rendering that forgot its final stop, or a cut).

A language without figures is not checked (Chinese or Japanese text is a third of the English
length in characters; a guess would cry wolf).
"""

from __future__ import annotations

import math
import re

# what other checks own is left out of the lengths: URLs, e-mail addresses, link targets
_OWNED_RE = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'«»“”)]+|\bwww\.[^\s<>\"'«»“”)]+"
    r"|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)*+|\]\([^()\s]*\)"
)


def _size(text: str) -> int:
    text = text.strip()
    if "/" in text or "@" in text or "www." in text:
        text = _OWNED_RE.sub("", text)
    return len(text.strip())


MIN_SOURCE = 30  # shorter sources vary too much to judge
MEAN: dict[str, float] = {
    "az": 0.080,
    "ru": 0.086,
    "tr": 0.040,
    "fr": 0.168,
    "ar": -0.112,
    "de": 0.159,
    "uk": 0.031,
    "es": 0.156,
}
SPREAD = ((120, 0.13), (60, 0.165), (30, 0.23))  # (shortest source length, spread)
STRICT = 5.0
WITH_END = 2.5
WITH_END_SURE = 3.5
COMPLETE = 8.0


def _base(language: str) -> str:
    return language.split("_")[0].split("@")[0].split("-")[0].lower()


def deviation(source: str, target: str, language: str) -> float | None:
    """How many spreads shorter (negative) or longer the translation is than usual."""
    size = _size(source)
    if size < MIN_SOURCE:
        return None
    got = _size(target)
    if got == 0:
        return None
    spread = next(s for lo, s in SPREAD if size >= lo)
    mean = MEAN.get(_base(language))
    if mean is None:
        return None  # no figures for the language: its usual length is not known
    return (math.log(got / size) - mean) / spread


def truncated(
    source: str,
    target: str,
    language: str,
    *,
    ends_short: bool,
    complete: bool = False,
    label: bool = False,
) -> str | None:
    """Why the translation is surely cut short (an error), or None. ``ends_short``: the source
    ends a sentence and the translation does not; ``complete``: both end a sentence;
    ``label``: the source ends no sentence (a label, a heading, an option's description),
    which a translation may say much more briefly ("Stable Application Binary Interface" →
    "ABI stable")."""
    z = deviation(source, target, language)
    if z is None:
        return None
    ratio = _size(target) / max(_size(source), 1)
    if z < (-COMPLETE if complete or label else -STRICT):
        return f"translation is {ratio:.2f}× the length of the source: much shorter than usual"
    if ends_short and z < -WITH_END_SURE:
        return (
            f"translation is {ratio:.2f}× the length of the source and does not end "
            "its sentence: cut short?"
        )
    return None


def shortened(
    source: str,
    target: str,
    language: str,
    *,
    ends_short: bool,
    complete: bool,
    label: bool = False,
) -> str | None:
    """Why the translation may be cut short, where a reviewer has to judge (a warning): much
    shorter than usual but ending its sentence as the source does (a loose rendering, or a
    clause left out), a label said much more briefly, or somewhat shorter without the end of
    sentence."""
    z = deviation(source, target, language)
    if z is None:
        return None
    ratio = _size(target) / max(_size(source), 1)
    if label and -COMPLETE <= z < -STRICT:
        return (
            f"translation is {ratio:.2f}× the length of the source, which ends no sentence: "
            "a label said briefly, or cut short?"
        )
    if complete and -COMPLETE <= z < -STRICT:
        return (
            f"translation is {ratio:.2f}× the length of the source but ends its sentence: "
            "a loose rendering, or a clause left out?"
        )
    if ends_short and -WITH_END_SURE <= z < -WITH_END:
        return (
            f"translation is {ratio:.2f}× the length of the source and does not end "
            "its sentence: cut short, or only the final stop missing?"
        )
    return None
