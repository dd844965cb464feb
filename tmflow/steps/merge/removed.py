"""Articles whose source is gone: found, kept in the memory, removed only when asked, and
inherited by the articles that take their place.

An article is *removed* (orphaned) when ``locales/templates/<a>.pot`` or a
``locales/<lang>/<a>.po`` is left while no source file makes an article of that name.

* **Found.** :func:`find_orphans` lists them, with their template and PO files (languages in
  the configured order). ``sync`` and ``update`` report them; their files stay, are counted by
  ``status`` and their translations are in the memory, until a person decides.
* **Kept, then removed, only when asked.** :func:`prune` (``--prune``, or
  ``[tool.tmflow.update] prune = true``) first writes every translation of the article to
  ``locales/memory/removed-<a>.tmx``, then removes its template and PO files. Why TMX rather
  than obsolete entries: an obsolete entry lives in a PO file, and the PO file is what goes;
  ``locales/memory/`` is read by every update as part of the memory (as ``tmflow tm import``
  files are), is versioned with the project, and TMX is what OmegaT, Trados and Weblate read.
  One ``<tu>`` per source text holds the reviewed translations of every language; an entry
  that holds a person's unreviewed work (fuzzy: a changed source, a draft someone edited, a
  memory draft) gets a ``<tu>`` of its own with ``x-tmflow-state = fuzzy``: kept, never used
  as a memory match. Not kept: empty entries, tmflow's copies of sources with nothing to
  translate, and machine drafts still exactly as the engine gave them (their digest, the MT
  cache or the offline pseudo engine says so, as for ``draft --replace``: the engine gives
  them again); a machine draft that cannot be told from an edited one is kept, unreviewed. A second removal of an article of the same name adds to its
  file. Nothing is removed unless every file was read and the TMX written; nothing is pruned
  while a source folder holds no article at all (a wrong ``sources`` setting looks the same).
* **Inherited.** An article that takes the place of a removed one (renamed, split, or several
  merged into one) gets its translations through the memory, under the memory's usual rules
  (fuzzy drafts with ``#|`` and ``tmflow: tm <score>% <origin>``; exact matches translated
  only with ``exact = "translated"``). :func:`inheritance` reads the origins of an update's
  memory drafts and says which articles drew on which removed ones, so the receipt can say
  "khojaly-2014 inherits 38/38 segments from removed article khojaly-moscow-2014".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tmflow.core import provenance
from tmflow.core.errors import InputError, UsageError
from tmflow.io.cache import MtCache
from tmflow.io.config import Config
from tmflow.io.files import is_folder, list_names, read_if_exists, remove_file
from tmflow.io.po.reader import load_po
from tmflow.io.tmx import TmxDocument, TmxUnit, parse_tmx, write_tmx
from tmflow.steps.merge.memory import imported_tmx_dir
from tmflow.steps.mt.protect import Protected
from tmflow.steps.mt.redraft import EngineTexts, machine_draft

#: the memory file of a removed article: ``locales/memory/removed-<article>.tmx``
MEMORY_PREFIX = "removed-"
#: TMX properties tmflow writes on the units of a removed article
ARTICLE_PROP = "x-tmflow-article"
CONTEXT_PROP = "x-tmflow-context"
STATE_PROP = "x-tmflow-state"
UNREVIEWED = "fuzzy"


@dataclass
class Orphan:
    """An article without a source: its template (None when gone too) and PO files."""

    article: str
    template: Path | None
    catalogs: list[tuple[str, Path]] = field(default_factory=list)  # (language, path)

    @property
    def files(self) -> list[Path]:
        return ([self.template] if self.template is not None else []) + [
            p for _, p in self.catalogs
        ]


def memory_path(config: Config, article: str) -> Path:
    """Where the translations of a removed article are kept."""
    return imported_tmx_dir(config.locales_dir) / f"{MEMORY_PREFIX}{article}.tmx"


def find_orphans(config: Config) -> list[Orphan]:
    """The articles with a template or PO files but no source (sorted by name). None when
    the sources folder does not exist or a source cannot be named: then nothing says which
    articles are gone."""
    from tmflow.steps.project import find_articles

    if not is_folder(config.sources_dir):
        return []
    try:
        sources = {a.name for a in find_articles(config)}
    except InputError:
        return []  # a source that cannot be named: extract and check say so; nothing is gone

    templates = set(list_names(config.templates_dir, ".pot"))
    per_language = {
        lang: set(list_names(config.locales_dir / lang, ".po")) for lang in config.languages
    }
    names = templates.union(*per_language.values()) - sources
    out = []
    for name in sorted(names):
        orphan = Orphan(name, config.pot_path(name) if name in templates else None)
        for lang in config.languages:  # the configured order
            if name in per_language[lang]:
                orphan.catalogs.append((lang, config.po_path(lang, name)))
        out.append(orphan)
    return out


# ---------------------------------------------------------------------------------------------
# pruning


@dataclass
class Pruned:
    """What became of one removed article's files."""

    article: str
    memory: Path  # the TMX file its translations went to
    reviewed: Counter[str] = field(default_factory=Counter)  # language -> translations kept
    unreviewed: Counter[str] = field(default_factory=Counter)  # language -> fuzzy work kept
    machine: int = 0  # machine drafts exactly as the engine gave them: not kept
    copies: int = 0  # tmflow's copies of sources with nothing to translate: not kept
    removed: list[Path] = field(default_factory=list)
    memory_written: bool = False  # the TMX file's bytes changed (False in a dry run)


@dataclass
class PruneResult:
    items: list[Pruned] = field(default_factory=list)
    dry_run: bool = False

    @property
    def removed(self) -> list[Path]:
        return [p for item in self.items for p in item.removed]


def _units(config: Config, orphan: Orphan, item: Pruned, texts: EngineTexts) -> list[TmxUnit]:
    """The TMX units of an orphan's PO files (every file read before anything is removed).
    ``texts`` tells a machine draft still as its engine gave it (not kept) from one a person
    may have edited (kept, unreviewed)."""
    source = config.source_language
    units: list[TmxUnit] = []
    by_key: dict[tuple[str, str | None, str], list[TmxUnit]] = {}
    for lang, path in orphan.catalogs:
        for entry in load_po(path):
            if entry.msgid_plural or not entry.msgid or not entry.msgstr:
                continue  # news articles make no plural entries; empty ones hold nothing
            if provenance.is_copy(entry):
                item.copies += 1
                continue
            fuzzy = "fuzzy" in entry.flags
            mark = machine_draft(entry) if fuzzy else None
            if mark is not None and texts.unedited(entry, mark, lang):
                item.machine += 1  # the engine gives it again: nobody's work
                continue
            state = UNREVIEWED if fuzzy else ""
            (item.unreviewed if fuzzy else item.reviewed)[lang] += 1
            key = (state, entry.msgctxt, entry.msgid)
            group = by_key.setdefault(key, [])
            unit = next((u for u in group if lang not in u.variants), None)
            if unit is None:
                props = {ARTICLE_PROP: orphan.article}
                if entry.msgctxt:
                    props[CONTEXT_PROP] = entry.msgctxt
                if state:
                    props[STATE_PROP] = state
                unit = TmxUnit({source: entry.msgid}, props)
                group.append(unit)
                units.append(unit)
            unit.variants[lang] = entry.msgstr
    return units


def _merged(config: Config, path: Path, units: list[TmxUnit]) -> TmxDocument:
    """The units already kept for an article of this name (an earlier removal), then the new
    ones that are not there yet."""
    raw = read_if_exists(path, "TMX file")
    doc = parse_tmx(raw, path) if raw is not None else TmxDocument(config.source_language)
    seen = [(u.variants, u.props) for u in doc.units]
    for unit in units:
        if (unit.variants, unit.props) not in seen:
            doc.units.append(unit)
            seen.append((unit.variants, unit.props))
    return doc


def _engine_texts(config: Config) -> tuple[EngineTexts, MtCache]:
    """What the engines gave, as ``draft`` masks and caches it (and the cache to close)."""
    from tmflow.steps.mt.draft import CACHE_FILE
    from tmflow.steps.mt.protect import load_glossary_guard, protect

    glossary = load_glossary_guard(config)
    cache = MtCache(config.state_dir / CACHE_FILE, readonly=True)

    def mask(text: str) -> Protected:
        return protect(text, glossary.dnt_spans(text))

    return EngineTexts(mask, cache, config.source_language), cache


def prune(config: Config, orphans: list[Orphan], *, dry_run: bool = False) -> PruneResult:
    """Keep the translations of ``orphans`` in the memory folder, then remove their files.

    The caller holds the project lock. Every PO file is read and every TMX file written
    before the first file is removed, so a malformed PO file (exit 2) removes nothing."""
    from tmflow.steps.project import find_articles

    result = PruneResult(dry_run=dry_run)
    if not orphans:
        return result
    if is_folder(config.sources_dir) and not find_articles(config):
        raise UsageError(
            f"refusing to prune: {config.sources_dir.name}/ holds no article at all, so every "
            "article would count as removed (check the 'sources' setting); remove the files "
            "by hand if that is what you want"
        )
    documents: list[tuple[Pruned, TmxDocument]] = []
    texts, cache = _engine_texts(config)
    try:
        for orphan in orphans:
            item = Pruned(orphan.article, memory_path(config, orphan.article))
            units = _units(config, orphan, item, texts)
            documents.append((item, _merged(config, item.memory, units)))
            item.removed = orphan.files
            result.items.append(item)
    finally:
        cache.close()
    if dry_run:
        return result
    for item, doc in documents:
        if doc.units:
            item.memory_written = write_tmx(doc, item.memory)
    for item, _ in documents:
        item.removed = [p for p in item.removed if remove_file(p)]
    return result


# ---------------------------------------------------------------------------------------------
# inheritance


@dataclass
class Inheritance:
    """An article that drew memory drafts from removed articles in an update."""

    article: str
    created: bool  # its PO files are new (a renamed or split article)
    removed: list[str]  # the removed articles it drew on
    segments: dict[str, tuple[int, int]] = field(default_factory=dict)  # lang -> (drew, of)

    @property
    def most(self) -> bool:
        """Did most of its segments come from removed articles, in some language?"""
        return any(drew * 2 >= total > 0 for drew, total in self.segments.values())


def removed_article(origin: str, orphans: set[str], languages: tuple[str, ...]) -> str | None:
    """The removed article a memory origin (``ru/old.po``, ``memory/removed-old.tmx``)
    belongs to, or None."""
    parts = origin.split("/")
    if len(parts) == 2 and parts[0] in languages and parts[1].endswith(".po"):
        name = parts[1][: -len(".po")]
        return name if name in orphans else None
    if len(parts) == 2 and parts[0] == "memory" and parts[1].startswith(MEMORY_PREFIX):
        if parts[1].endswith(".tmx"):
            return parts[1][len(MEMORY_PREFIX) : -len(".tmx")] or None
    return None


def inheritance(
    updates: list[tuple[str, str, bool, dict[str, int], int]],
    orphans: set[str],
    languages: tuple[str, ...],
) -> list[Inheritance]:
    """Which articles drew memory drafts from removed ones. ``updates``: (article, language,
    created, memory draft origins with their counts, live entries) of every catalog
    updated."""
    found: dict[str, Inheritance] = {}
    for article, lang, created, origins, total in updates:
        if article in orphans:
            continue
        drew = 0
        names: list[str] = []
        for origin, n in origins.items():
            name = removed_article(origin, orphans, languages)
            if name is not None:
                drew += n
                names.append(name)
        if not drew:
            continue
        item = found.setdefault(article, Inheritance(article, created, []))
        item.created = item.created or created
        for name in names:
            if name not in item.removed:
                item.removed.append(name)
        item.segments[lang] = (drew, total)
    for item in found.values():
        item.removed.sort()
    return [found[name] for name in sorted(found)]
