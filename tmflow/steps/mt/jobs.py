"""What a draft run translates: one *job* per distinct source text of a language, taken from the
catalogs' untranslated entries only, and what a job's answer does to those entries.

* An entry is drafted only when it is untranslated (:func:`~.catalogs.untranslated`): a
  translated entry is never touched, nor is a fuzzy entry with text (a memory match, a changed
  source, a human's work in progress), except a machine draft chosen for replacement
  (``--replace``, :mod:`.redraft`). Plural entries are left to humans (counted as skipped).
* Identical source texts of one language share one job across articles; ``limit`` caps the
  number of jobs per language.
* The source is masked first (:func:`tmflow.steps.mt.protect.protect`); a text with nothing left
  to translate once masked is skipped.
* A finished job becomes a :class:`~.catalogs.Change`: a fuzzy draft with
  ``tmflow: mt <engine> <date> sha256:<digest of the text>`` (and ``tmflow: glossary: …`` lines for approved renderings it
  misses), or no text and ``tmflow: mt rejected: <reason>``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import polib

from tmflow.core import provenance
from tmflow.steps.mt.catalogs import Catalog, Change, Key, untranslated
from tmflow.steps.mt.protect import Protected, restore
from tmflow.steps.mt.scheduler import Rejected, Reply

Mask = Callable[[str], Protected]
MissingTerms = Callable[[str, str, str], list[str]]  # (source, draft, language) -> details


@dataclass
class Job:
    """One distinct source text of one language, and every entry waiting for it."""

    language: str
    source: str
    protected: Protected
    targets: list[tuple[Catalog, Key]] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)  # the masked text, cut to the engine's size
    results: dict[int, Reply] = field(default_factory=dict)  # piece index -> reply
    done: bool = False
    fresh: bool = False  # ask the engine again: it replaces the engine's own cached drafts

    @property
    def complete(self) -> bool:
        return len(self.results) == len(self.pieces)

    def change(self, engine: str, date: str, missing: MissingTerms | None) -> Change:
        """The change this job's answer makes to its entries (a draft or a rejection)."""
        parts = [self.results.get(i) for i in range(len(self.pieces))]
        for part in parts:
            if isinstance(part, Rejected):
                return _rejected(part.reason)
        joined = None if any(p is None for p in parts) else " ".join(str(p) for p in parts if p)
        restored = restore(self.protected, joined)
        if not restored.ok or restored.text is None:
            return _rejected(restored.reason or "rejected")
        lines = [provenance.mt_line(engine, date, restored.text)]
        for detail in missing(self.source, restored.text, self.language) if missing else ():
            lines.append(provenance.line("glossary:", detail))
        return Change(restored.text, tuple(lines))

    def apply(self, change: Change) -> None:
        for catalog, key in self.targets:
            catalog.apply(key, change)


def _rejected(reason: str) -> Change:
    return Change(None, (provenance.line("mt rejected:", reason),), rejected=reason)


@dataclass
class LanguageJobs:
    language: str
    jobs: list[Job] = field(default_factory=list)
    entries: int = 0  # untranslated entries that have a job
    skipped: int = 0  # plural entries, and texts with nothing to translate
    replacing: int = 0  # machine drafts to replace (``--replace``) that have a job


#: decides whether a filled entry is a machine draft to replace (``--replace``): None for
#: no, else whether the engine that made it is the engine of the run
Replaces = Callable[[Catalog, polib.POEntry], bool | None]


def collect_jobs(
    language: str,
    catalogs: Iterable[Catalog],
    mask: Mask,
    limit: int | None = None,
    replaces: Replaces | None = None,
) -> LanguageJobs:
    """The jobs of ``language`` from its catalogs (in file and entry order): untranslated
    entries, and with ``replaces`` the machine drafts it chooses (each catalog remembers
    their text in ``replacing``, so that a draft someone edits meanwhile is kept)."""
    out = LanguageJobs(language)
    by_text: dict[str, Job] = {}
    for catalog in catalogs:
        for entry in catalog.po:
            same_engine = None
            if not untranslated(entry):
                same_engine = replaces(catalog, entry) if replaces is not None else None
                if same_engine is None:
                    continue
            if entry.msgid_plural:
                out.skipped += 1
                continue
            job = by_text.get(entry.msgid)
            if job is None:
                if limit is not None and len(by_text) >= limit:
                    continue
                job = by_text[entry.msgid] = Job(language, entry.msgid, mask(entry.msgid))
            key: Key = (entry.msgctxt, entry.msgid)
            if same_engine is not None:
                catalog.replacing[key] = entry.msgstr
                job.fresh = job.fresh or same_engine
            job.targets.append((catalog, key))
    for job in by_text.values():
        replacing = sum(1 for catalog, target in job.targets if target in catalog.replacing)
        if job.protected.translatable:
            out.jobs.append(job)
            out.entries += len(job.targets) - replacing
            out.replacing += replacing
        else:
            out.skipped += len(job.targets) - replacing
            for catalog, target in job.targets:
                catalog.replacing.pop(target, None)
    return out
