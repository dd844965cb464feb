"""What the status scanner gives for one PO file: segments and source words by state.

``FileStats`` is shared by the counting paths (``count_blocks``, ``count_lines`` and the full
parser's reference in ``scan``); ``read_header`` is their one reader of a header entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tmflow.core.model import EntryState
from tmflow.io.po.charset import codec_name
from tmflow.io.po.lexer import NeedsFullParse, unescape
from tmflow.io.po.memo import BoundedMemo

#: the order of the states in ``FileStats``' compact JSON form (the stats cache)
STATES: tuple[str, ...] = (
    EntryState.TRANSLATED.value,
    EntryState.DRAFT_MT.value,
    EntryState.DRAFT_TM.value,
    EntryState.SOURCE_CHANGED.value,
    EntryState.FUZZY.value,
    EntryState.UNTRANSLATED.value,
    EntryState.OBSOLETE.value,
)
#: the headline of an article (its first entry) is cut to this many characters
TITLE_MAX = 100


@dataclass
class FileStats:
    """Counts of one PO file: segments and source words per state (see ``STATES``).

    ``error`` is set (and the counts empty) when the file cannot be read as PO; it holds
    ``(message, line)``.
    """

    segments: dict[str, int] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)
    language: str | None = None
    error: tuple[str, int | None] | None = None
    # the first live entry: its source and, when translated, its translation (the headline of
    # an article, shown by status reports); cut to TITLE_MAX characters
    title: tuple[str, str] | None = None

    def add(self, state: str, words: int) -> None:
        self.segments[state] = self.segments.get(state, 0) + 1
        self.words[state] = self.words.get(state, 0) + words

    def to_json(self) -> list[Any]:
        """A compact JSON form (the stats cache holds one per file)."""
        return [
            [self.segments.get(s, 0) for s in STATES],
            [self.words.get(s, 0) for s in STATES],
            self.language,
            list(self.error) if self.error else None,
            list(self.title) if self.title else None,
        ]

    @classmethod
    def from_json(cls, data: list[Any]) -> FileStats:
        segs, words, language, err, title = data
        return cls(
            {s: n for s, n in zip(STATES, segs) if n},
            {s: n for s, n, k in zip(STATES, words, segs) if k},
            language,
            (err[0], err[1]) if err else None,
            (title[0], title[1]) if title else None,
        )


_CHARSET_RE = re.compile(r"charset=([^\s;\\]+)")
_UNKNOWN = object()
#: the files of a project share a few headers: the language of each one read is remembered
HEADER_LANGUAGES: BoundedMemo[str, str | None] = BoundedMemo(
    "raw header msgstr → its Language", 10_000
)


class NeedsCharset(NeedsFullParse):
    """The header names a charset other than the one the text was decoded with."""


def read_header(stats: FileStats, raw: str, codec: str = "utf-8") -> None:
    """Set ``stats.language`` from a header's raw msgstr; anything unusual (a line without a
    colon, an odd escape) raises ``NeedsFullParse``, a charset whose codec is not ``codec``
    (the one the text was decoded with) ``NeedsCharset``. The header of a text decoded with
    another codec than UTF-8 must name its charset."""
    memo_key = raw if codec == "utf-8" else f"{codec}\x00{raw}"
    known = HEADER_LANGUAGES.get(memo_key, _UNKNOWN)
    if known is not _UNKNOWN:
        stats.language = known  # type: ignore[assignment]
        return
    language: str | None = None
    named = codec == "utf-8"  # whether the charset read is ``codec``
    for line in unescape(raw).split("\n"):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise NeedsFullParse
        key = key.strip()
        if key == "Language":
            language = value.strip()
        elif key == "Content-Type":
            charset = _CHARSET_RE.search(value)
            name = charset.group(1) if charset else None
            if codec == "utf-8":
                if name is not None and name.lower() not in ("utf-8", "utf8", "charset"):
                    raise NeedsCharset
            else:
                try:
                    named = name is not None and codec_name(name) == codec
                except LookupError:
                    named = False
                if not named:
                    raise NeedsCharset
    if not named:
        raise NeedsCharset
    stats.language = HEADER_LANGUAGES.remember(memo_key, language)
