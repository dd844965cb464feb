"""The PO files a draft run changes: read once, changed in memory, saved atomically every few
seconds and at the end, never over a human's edit made during the run.

A draft lands in an entry only while that entry is still what the job was made for
(untranslated: no text, not obsolete; or, for ``--replace``, the machine draft it replaces,
with the very text it had when it was chosen). Before a catalog is written, its stamp on disk (size and
modification time, :func:`tmflow.io.files.stamp`) is compared with the one read; if someone
saved the file meanwhile (or the stamp cannot be trusted, :func:`~tmflow.io.files.is_racy`),
the file is read again and the drafts are applied afresh to the entries that are still
untranslated, so a reviewer's translation typed during a run is kept and the other drafts are
still saved. Writes go through :func:`tmflow.io.po.writer.save_po` (a temporary file renamed
over the old one): an interrupted run leaves every file complete.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polib

from tmflow.core import provenance
from tmflow.core.errors import NotFoundError
from tmflow.core.model import EntryState
from tmflow.io.config import Config
from tmflow.io.files import Stamp, is_racy, list_names, stamp
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po

SAVE_INTERVAL = 2.0  # seconds between saves while results arrive

Key = tuple[str | None, str]


@dataclass(frozen=True)
class Change:
    """What a draft run does to one entry: a fuzzy draft (``msgstr``) or, for ``None``, no
    text (``rejected`` says why); in both cases ``lines`` replace tmflow's earlier
    ``mt``/``glossary:`` lines."""

    msgstr: str | None
    lines: tuple[str, ...]
    rejected: str | None = None  # why there is no text, when there is none


def untranslated(entry: polib.POEntry) -> bool:
    """The one kind of entry a draft may fill: no text, not obsolete. Never a translated
    entry, never a fuzzy entry with text (a memory match, a changed source, a human's edit)."""
    return not entry.obsolete and provenance.classify(entry) == EntryState.UNTRANSLATED


def apply_change(entry: polib.POEntry, change: Change, replacing: str | None = None) -> bool:
    """Apply ``change`` to an entry that is still untranslated; False when it no longer is.

    ``replacing``: the entry is a machine draft chosen for replacement (``--replace``), and
    this is its text when it was chosen; a new draft replaces it only while the entry is still
    that draft (fuzzy, the same text: nobody edited it meanwhile). A refused reply leaves it
    as it is."""
    if not untranslated(entry):
        if replacing is None or change.msgstr is None:
            return False
        if entry.obsolete or "fuzzy" not in entry.flags or entry.msgstr != replacing:
            return False
    stale = (provenance.PREFIX + "mt ", provenance.PREFIX + "glossary:")
    kept = [ln for ln in (entry.tcomment or "").split("\n") if not ln.startswith(stale)]
    while kept and not kept[-1]:
        kept.pop()
    entry.tcomment = "\n".join(kept + list(change.lines))
    if change.msgstr is not None:
        entry.msgstr = change.msgstr
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
    return True


def index_entries(po: polib.POFile) -> dict[Key, polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}


@dataclass
class Catalog:
    """One PO file of the run, with the changes made to it so far."""

    path: Path
    po: polib.POFile
    stamp: Stamp | None = None
    index: dict[Key, polib.POEntry] = field(default_factory=dict)
    changes: dict[Key, Change] = field(default_factory=dict)
    superseded: dict[Key, Change] = field(default_factory=dict)  # a person got there first
    # machine drafts chosen for replacement (``--replace``): key -> their text when chosen
    replacing: dict[Key, str] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def read(cls, path: Path) -> Catalog:
        before = stamp(path)
        po = load_po(path)
        return cls(path, po, before, index_entries(po))

    @classmethod
    def of(cls, path: Path, po: polib.POFile) -> Catalog:
        """A catalog held in memory (``path`` says where it would be saved)."""
        return cls(path, po, None, index_entries(po))

    def apply(self, key: Key, change: Change) -> bool:
        entry = self.index.get(key)
        if entry is None or not apply_change(entry, change, self.replacing.get(key)):
            return False
        self.changes[key] = change
        self.dirty = True
        return True

    def changed_on_disk(self) -> bool:
        now = stamp(self.path)
        return now != self.stamp or (now is not None and is_racy(now))

    def save(self) -> bool:
        """Write the changes (atomically); True when the file's bytes changed."""
        if not self.dirty:
            return False
        if self.changed_on_disk():
            # saved by someone else since it was read: start again from what is there now
            self.po = load_po(self.path)
            self.index = index_entries(self.po)
            for key, change in list(self.changes.items()):
                entry = self.index.get(key)
                if entry is None or not apply_change(entry, change, self.replacing.get(key)):
                    self.superseded[key] = self.changes.pop(key)
        written = save_po(self.po, self.path)
        self.stamp = stamp(self.path)
        self.dirty = False
        return written


def catalog_paths(config: Config, language: str, articles: Sequence[str]) -> list[Path]:
    """The PO files of ``language`` for ``articles`` (all of them when none is named)."""
    folder = config.locales_dir / language
    present = list_names(folder, ".po")
    if not articles:
        return [config.po_path(language, name) for name in sorted(present)]
    known = set(present)
    out = []
    for name in articles:
        path = config.po_path(language, name)
        if name not in known:
            raise NotFoundError(
                f"no PO file for article {name!r} in {language!r} (run 'tmflow update' first)",
                path,
            )
        out.append(path)
    return out


class Saver:
    """Saves the catalogs every ``interval`` seconds, one file per call of :meth:`maybe_save`
    (so that the run goes on between two files), and all of them when told to."""

    def __init__(
        self,
        catalogs: Iterable[Catalog],
        interval: float = SAVE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.catalogs = list(catalogs)
        self.interval = interval
        self.clock = clock
        self.last = clock()
        self.due: list[Catalog] = []
        self.written: list[Path] = []

    def maybe_save(self) -> None:
        if not self.due:
            if self.clock() - self.last < self.interval:
                return
            self.due = [c for c in self.catalogs if c.dirty]
            self.last = self.clock()
        if self.due:
            self._save(self.due.pop(0))

    def save_all(self) -> None:
        """Save every changed catalog. Several are saved at once: each save ends in an fsync
        of its file and folder, which the disk takes together in far less time than one after
        the other (five files: 0.04 s instead of 0.1–0.7 s on the development machine)."""
        dirty = [c for c in self.catalogs if c.dirty]
        if len(dirty) > 1:
            with ThreadPoolExecutor(min(8, len(dirty)), "tmflow-save") as pool:
                changed = list(pool.map(Catalog.save, dirty))
            for catalog, written in zip(dirty, changed):
                if written and catalog.path not in self.written:
                    self.written.append(catalog.path)
        else:
            for catalog in dirty:
                self._save(catalog)
        self.due = []
        self.last = self.clock()

    def _save(self, catalog: Catalog) -> None:
        if catalog.save() and catalog.path not in self.written:
            self.written.append(catalog.path)
