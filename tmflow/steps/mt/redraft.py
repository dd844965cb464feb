"""Which machine drafts a redraft replaces: ``tmflow draft --replace ENGINE`` (or ``all-mt``),
``--older-than DATE``.

A draft is replaced only while it is exactly what its engine gave: fuzzy, with a
``tmflow: mt <engine> <date>`` line, no memory (``tm``) line, and a text equal to the
engine's. Never touched: translated entries, memory drafts, drafts of other engines or newer
ones, and any draft a person edited. How tmflow knows what the engine gave (:class:`EngineTexts`):

1. the digest on the ``mt`` line (``sha256:…``, written with every draft since tmflow records
   it): the draft is unedited when its text has that digest;
2. for older drafts without one, the MT cache (``.tmflow/mt-cache.sqlite3``): the engine's
   answer for the masked source, put back together as the draft was;
3. for the offline ``pseudo`` engine, which gives the same text every time, that text made
   again.

When none of them can tell (an old draft, a fresh clone without the cache), the draft is kept
and counted as *unknown*: a false replacement would destroy a person's work, a kept draft
costs a look. The new drafts come from the engine of the run (``--provider``), through the
scheduler as any other draft; a replacement that fails or is refused keeps the old draft. When
the engine replaced is the engine of the run, its cached answers are not reused (they would
give the same drafts again).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import polib

from tmflow.core import provenance
from tmflow.core.errors import UsageError
from tmflow.steps.mt.protect import Protected, restore

ALL_MT = "all-mt"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Mask = Callable[[str], Protected]


class Lookup(Protocol):
    """What the MT cache offers (``tmflow.io.cache.MtCache.get``)."""

    def get(self, provider: str, source: str, target: str, text: str) -> str | None: ...


@dataclass(frozen=True)
class ReplaceRule:
    """Which drafts to replace: of ``engine`` (None: any engine), dated before
    ``older_than`` (an ISO date; None: any date)."""

    engine: str | None = None
    older_than: str | None = None

    @classmethod
    def of(
        cls, replace: str | None, older_than: str | None, engines: tuple[str, ...]
    ) -> ReplaceRule:
        """The rule for ``--replace`` and ``--older-than`` (``--older-than`` alone: every
        engine's drafts older than the date); a usage error for an unknown engine or date."""
        if replace is not None and replace != ALL_MT and engine_of(replace) not in engines:
            raise UsageError(
                f"--replace {replace!r}: name an engine ({', '.join(engines)}) or {ALL_MT}"
            )
        if older_than is not None and not _DATE.match(older_than):
            raise UsageError(f"--older-than {older_than!r}: give a date as YYYY-MM-DD")
        return cls(None if replace in (None, ALL_MT) else replace, older_than)

    def selects(self, mark: provenance.MtMark) -> bool:
        if self.engine is not None and self.engine not in (mark.engine, engine_of(mark.engine)):
            return False
        if self.older_than is not None:
            return bool(_DATE.match(mark.date)) and mark.date < self.older_than
        return True

    def describe(self) -> str:
        what = f"{self.engine} drafts" if self.engine else "machine drafts"
        return what + (f" older than {self.older_than}" if self.older_than else "")


def engine_of(label: str) -> str:
    """The engine of a provenance label: ``openai`` for ``openai:gpt-4o-mini`` (an engine that
    names its model), the label itself for the others. ``--replace openai`` replaces the drafts
    of every model; ``--replace openai:gpt-4o-mini`` those of one."""
    return label.split(":", 1)[0]


class EngineTexts:
    """What an engine gave for a source text, where that can still be known (see the module
    docstring): the digest, the MT cache, or the pseudo engine's text made again."""

    def __init__(self, mask: Mask, cache: Lookup | None, source_language: str) -> None:
        self.mask = mask
        self.cache = cache
        self.source_language = source_language

    def text(self, engine: str, source: str, language: str) -> str | None:
        """The draft the engine gave for ``source``, made again from what it answered."""
        masked = self.mask(source)
        if engine == "pseudo":
            from tmflow.io.translators import pseudo_translate

            answer: str | None = pseudo_translate(masked.text)
        elif self.cache is not None:
            answer = self.cache.get(engine, self.source_language, language, masked.text)
        else:
            answer = None
        if answer is None:
            return None
        return restore(masked, answer).text

    def unedited(
        self, entry: polib.POEntry, mark: provenance.MtMark, language: str
    ) -> bool | None:
        """Is the draft exactly what its engine gave (True), edited (False), or cannot that
        be told (None)?"""
        if mark.digest is not None:
            return mark.digest == provenance.text_digest(entry.msgstr)
        given = self.text(mark.engine, entry.msgid, language)
        return None if given is None else given == entry.msgstr


def machine_draft(entry: polib.POEntry) -> provenance.MtMark | None:
    """The ``mt`` mark of an entry that is a machine draft (fuzzy, with text, an ``mt`` line
    and no memory line), else None."""
    if entry.obsolete or "fuzzy" not in entry.flags or not entry.msgstr or entry.msgid_plural:
        return None
    if "tm" in provenance.kinds(entry.tcomment):
        return None
    return provenance.mt_mark(entry.tcomment)


@dataclass(frozen=True)
class Candidate:
    """A draft the rule selects, and what was decided about it."""

    path: Path
    line: int | None
    msgid: str
    mark: provenance.MtMark
    verdict: str  # "replace" | "edited" | "unknown"


@dataclass
class Selection:
    """The drafts a rule selects in one language's catalogs."""

    candidates: list[Candidate] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        return sum(1 for c in self.candidates if c.verdict == verdict)


def judge(
    entry: polib.POEntry, rule: ReplaceRule, texts: EngineTexts, language: str
) -> tuple[provenance.MtMark, str] | None:
    """The verdict on one entry: None when the rule does not select it; else its mark and
    ``replace`` (unedited), ``edited`` or ``unknown``."""
    mark = machine_draft(entry)
    if mark is None or not rule.selects(mark):
        return None
    unedited = texts.unedited(entry, mark, language)
    verdict = "replace" if unedited else ("edited" if unedited is False else "unknown")
    return mark, verdict
