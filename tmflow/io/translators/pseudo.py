"""pseudo: offline, accented, lengthened text in brackets that keeps ``{N}`` tokens, for testing
layouts and pipelines with no network."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tmflow.io.translators.base import Limits, Provider

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóƥǫŕšţúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤǪŔŠŢÚṼŴẊÝŽ",
)
_TOKEN = re.compile(r"\{\d+\}")


def pseudo_translate(text: str) -> str:
    """Accented, ~35% longer text in brackets; ``{N}`` tokens are kept as they are."""
    pieces = []
    last = 0
    for match in _TOKEN.finditer(text):
        pieces.append(text[last : match.start()].translate(_ACCENTS))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(text[last:].translate(_ACCENTS))
    body = "".join(pieces)
    letters = sum(1 for c in text if c.isalpha())
    pad = "·" * max(1, round(letters * 0.35))
    return f"⟦{body} {pad}⟧"


class PseudoProvider(Provider):
    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="pseudo",
            cache_key="pseudo",
            limits=Limits(texts=100, chars=100_000, text_bytes=100_000),
            default_concurrency=1,
            cacheable=False,
            linguistic=False,
            **kw,
        )

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str | None]:
        return [pseudo_translate(t) for t in texts]
