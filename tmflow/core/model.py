"""The data model shared by every layer: small frozen dataclasses, standard library only."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class BlockKind(str, Enum):
    """What kind of block of the source a segment comes from (written into ``#.`` comments)."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list item"
    QUOTE = "quote"
    TABLE_CELL = "table cell"
    LINK_TITLE = "link title"
    IMAGE_ALT = "image alt"
    FRONT_MATTER = "front matter"


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit of an article.

    ``source[start:end]`` (offsets into the decoded source text) is the exact span the segment
    came from; ``text`` is that span with internal line breaks and runs of white space folded to
    one space (a hard-wrapped sentence becomes one msgid). Build replaces the span, so the text
    between spans is kept byte for byte.
    """

    text: str
    start: int
    end: int
    line: int
    block: int
    kind: BlockKind = BlockKind.PARAGRAPH
    context: str | None = None


class EntryState(str, Enum):
    """The vocabulary of every report (see the README's table of states)."""

    UNTRANSLATED = "untranslated"
    DRAFT_MT = "mt"
    DRAFT_TM = "tm"
    SOURCE_CHANGED = "changed"
    FUZZY = "fuzzy"  # fuzzy with no recognised provenance (e.g. a human flagged it)
    TRANSLATED = "translated"
    OBSOLETE = "obsolete"


class Finding(NamedTuple):
    """One problem a check found (a named tuple: tens of thousands are made from the plain
    tuples that check workers send back)."""

    check: str
    severity: str  # "error" | "warning" | "info"
    message: str
    path: str
    line: int | None = None
    language: str | None = None
    msgid: str | None = None


@dataclass
class Counts:
    """Segments and words of one catalog, by state."""

    segments: dict[str, int] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)

    def add(self, state: str, words: int, n: int = 1) -> None:
        self.segments[state] = self.segments.get(state, 0) + n
        self.words[state] = self.words.get(state, 0) + words
