"""What an engine that reads context is given: a *passage* of an article, and the rules that go
with it.

A :class:`Passage` is a run of consecutive segments of one article, in order. Segments with an
``id`` are to be translated (their ``{N}`` tokens masked); the others are context: a reviewed
translation (``translation``), or the source alone. ``terms`` are the glossary's rules for the
terms found in the segments to translate (the approved rendering, accepted forms, forbidden
renderings, or "do not translate"), and ``style`` the project's and the language's instruction
(register, quotation marks, number format). The answer (:class:`PassageReply`) has exactly one
text per id, or the engine raised a failure of :mod:`.failures`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PassageLine:
    source: str
    translation: str | None = None  # a reviewed translation, given as context
    id: str | None = None  # set: translate this segment


@dataclass(frozen=True)
class TermRule:
    source: str
    approved: str | None = None
    forms: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    keep: bool = False  # do not translate
    note: str | None = None


@dataclass(frozen=True)
class Passage:
    lines: tuple[PassageLine, ...]
    terms: tuple[TermRule, ...] = ()
    style: str = ""

    @property
    def ids(self) -> list[str]:
        return [line.id for line in self.lines if line.id is not None]


@dataclass(frozen=True)
class PassageReply:
    texts: dict[str, str] = field(default_factory=dict)  # id -> translation
    prompt_tokens: int | None = None  # as the server counted them, when it said
    completion_tokens: int | None = None


__all__ = ["Passage", "PassageLine", "PassageReply", "TermRule"]
