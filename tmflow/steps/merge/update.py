"""Merge a template into a catalog with GNU ``msgmerge --previous`` semantics, plus memory.

``update_catalog`` is pure: it takes a template and the old catalog and returns the new catalog
and a ``Receipt``. ``update_project`` does the file work for a whole project.

Semantics (msgmerge is the reference, and ``tests/steps/merge/test_update_msgmerge.py`` compares the
state of every entry with it on generated edit cases):

* same msgctxt + msgid: msgstr, the fuzzy flag, ``#|`` lines and translator comments are kept;
  ``#:`` and ``#.`` come from the template (format flags too);
* an obsolete (``#~``) entry whose segment comes back is revived with its translation;
* a segment with no exact match gets the translation of the most similar old entry that has one
  (live or obsolete, fuzzy or not; similarity 2·LCS/(len₁+len₂) > 0.6, or ≥ 0.6 for a
  candidate with no or the same msgctxt, as msgmerge's small context bonus makes it) as
  ``#, fuzzy`` with ``#| msgid`` holding the old source, so Poedit and Weblate show the diff; the
  old entry is then "used" and does not also stay as obsolete (as in msgmerge);
* old entries left unused become obsolete if they hold a translation; untranslated ones are
  dropped (as in msgmerge);
* live entries follow the template's order, obsolete ones follow (old order).

Where tmflow decides differently from msgmerge, on purpose:

1. **Every similar entry is a candidate.** msgmerge only compares entries that share a
   4-character substring, so a one-letter edit of a short segment ("Paris" → "Parys") loses its
   translation to "untranslated". tmflow scores every old entry (rapidfuzz ``fuzz.ratio``, the
   same measure): small catalogs by a full scan; large ones through the word index of
   ``tmflow.steps.merge.memory``, falling back to a full scan when the index offers nothing ≥ 75%,
   so weak matches agree with msgmerge too. The searches of a catalog run all at once before
   the merge (``_similar``): the full scans share the CPUs, and a language whose old entries
   have the same sources as the last one's reuses its answers. ``bench/bench_update.py`` on
   20,000 entries of real news sentences with a news desk's edits: 16–30× faster than msgmerge,
   every entry the same but one tie (two old entries with the same score, where msgmerge's
   measure picks the other).
2. **The edit is named.** msgmerge silently carries "Montag" over for a Monday→Tuesday edit.
   tmflow adds ``# tmflow: source changed: dates (Monday → Tuesday)`` (or ``spelling``,
   ``numbers``, ``names``, ``whitespace``, ``typography``, ``punctuation``, ``reverted``,
   ``text``: see ``tmflow.steps.merge.changes``) so reviewers can triage hundreds of fuzzies.
   An entry that was fuzzy already counts as "still fuzzy", not "became fuzzy", and a ``#|``
   equal to the msgid (a source edited and edited back) is removed.
3. **The diff shows what the translation was made for.** When the old entry was itself fuzzy
   without ``#|`` lines, msgmerge writes no ``#| msgid``; tmflow writes the old msgid, so the
   reviewer always sees a diff.
4. **Stale labels go.** When a reviewer has cleared the fuzzy flag of an entry that carries
   tmflow provenance lines (``tmflow: mt …``), update removes those lines and any leftover
   ``#|`` lines: a translated entry carries no draft label.
5. **Memory drafts.** Entries still untranslated after the merge get the best translation-memory
   match ≥ ``threshold`` (default 75) as ``#, fuzzy`` with ``#| msgid`` = the matched source and
   ``# tmflow: tm 92% ru/other.po``. The ``exact_policy`` default is ``"fuzzy"``: even a 100%
   match from another article lands as a draft, because a news sentence depends on its context
   (who "he" is, tense, gender agreement, the article's register and dateline), a reviewer
   confirms it with one keystroke, and ``build`` publishes only reviewed text. ``"translated"``
   lets a *consistent* exact match (every memory unit with that source agrees) land translated,
   for projects that trust their memory.
6. **No-op speed.** An update is idempotent: run again on its own output with the same
   memory, it writes nothing. So ``update_project`` remembers, per language, a digest of the
   sizes and mtimes of every input as they are after the update (templates, that language's
   catalogs, TMX files, glossary, config) with the steady counts; when they are the same next
   time the language is skipped without parsing a file (``<state>/update-cache.json``). Not
   remembered: a run that revived entries or landed memory matches as translated (the memory
   itself grew, so a second run may draft more), and coarse (whole-second) fresh timestamps.
   Big projects (≥ ``PARALLEL_MIN_FILES`` catalogs to work on) update their languages in worker
   processes; the all-or-nothing write stays in the calling process.

   **Update at scale.** When a language did change, only the catalogs that may come out
   different are read and merged. ``<state>/update-state.sqlite3`` (``io.cache.UpdateState``)
   records, after each update, per catalog the stamps of its template and of the file as
   written, its steady receipt and the sources left untranslated, and per PO file its memory
   units. Next time (same tmflow, memory settings, config, glossary and TMX files) a catalog
   whose template and file have their recorded stamps is steady (an update is idempotent),
   unless one of its untranslated sources now reaches the threshold against a unit *new* since
   the records (units of files that changed, not among their recorded ones): a source that
   found nothing in the memory then can only find a new unit, and units that left fill
   nothing. The catalogs that are worked on first merge with every lookup of such a known
   source answered from the new units; the other lookups (new untranslated segments) are
   collected and made at once (``_StoredMemory.resolve``): up to ``SCAN_MAX_QUERIES`` of them by
   a full rapidfuzz scan of the recorded units, read one file at a time (exact: the best
   source, the first on ties, as the full index answers it up to its recall), more through
   the in-memory index over every unit. An update that adds units to a file (a revived entry,
   an exact match landed as translated) records the units it read with a stamp that never
   holds, so the next update reads that file and sees the new units. Without records, or
   with other shared inputs, the language is updated in full, as before, and recorded.
   ``tests/steps/merge/test_update_state.py`` compares every file and receipt with an update
   made without records.
7. **Loss check.** The receipt lists every translated segment that still exists but would not
   keep its translation; ``update_project`` refuses to write anything when that list is not
   empty (it is empty by construction except for odd input, such as a segment that turned into
   a plural entry, whose singular translation cannot be kept as it is).
8. **Machine drafts are drafted again.** An unreviewed MT or memory draft (fuzzy, with a
   ``tmflow: mt``/``tmflow: tm`` line) is not carried over to an edited segment: a draft made
   for the old sentence is worth less than a fresh one for the new sentence, so the segment
   becomes untranslated (memory and ``draft`` fill it again) and the old draft stays in the
   file as obsolete (``#~``), where a reviewer's unfinished edit of it can still be found.
9. **Nothing to translate, copied.** An untranslated segment with no words to translate
   (numbers, dates in digits, URLs, e-mail addresses, codes, do-not-translate terms, symbols
   only: :func:`tmflow.steps.mt.protect.nothing_to_translate`, the definition ``draft`` uses
   too) gets its source as a *translated* entry with ``# tmflow: copied: numbers``, before the
   memory is asked: status counts it translated, build publishes it. A reviewer who changes
   it (another text, or the fuzzy flag) makes it theirs: the ``copied`` line goes and tmflow
   leaves it alone. An unchanged copy is not carried over to an edited segment (the new
   segment is copied, or translated, afresh) and is dropped, not kept obsolete, when its
   segment leaves. ``[tool.tmflow.update] copy-untranslatable = false`` (or a list of
   languages) turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from tmflow.core import provenance
from tmflow.core.errors import CheckFailed, NotFoundError, TmflowError, UsageError
from tmflow.core.languages import nplurals
from tmflow.core.plurals import plural_rule
from tmflow.io.config import Config
from tmflow.io.files import (
    is_file,
    is_racy,
    list_files,
    list_names,
    read_if_exists,
    stamp,
    write_atomic,
)
from tmflow.io.po.header import copy_header
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import ensure_header, new_catalog
from tmflow.steps.merge.changes import REVERTED, classify_change
from tmflow.steps.merge.memory import (
    FuzzyIndex,
    Memory,
    MemoryMatch,
    MemoryUnit,
    build_memory,
    draft_comment,
    memory_origin,
    units_from_catalog,
)
from tmflow.steps.merge.removed import (
    Inheritance,
    Orphan,
    PruneResult,
    find_orphans,
    inheritance,
    prune,
)

#: msgmerge's FUZZY_THRESHOLD (in %). A candidate must be more similar than this, but msgmerge
#: adds a bonus of 0.00001 to one with no msgctxt or the same one, so for those exactly 60 passes.
MERGE_THRESHOLD = 60.0
#: below this score the candidate index's recall is not guaranteed: scan all old entries
FALLBACK_BELOW = 75.0

Key = tuple[str | None, str]
#: (candidates' sources, queries) -> the most similar candidate of each query
SimilarCache = dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, tuple[int, float] | None]]


@dataclass(frozen=True)
class LostSegment:
    msgctxt: str | None
    msgid: str
    old_msgstr: str
    new_msgstr: str


@dataclass
class Receipt:
    """What an update did to one catalog (or, summed, to one language)."""

    translated: int = 0  # translated before and after (same segment)
    became_fuzzy: int = 0  # source edited: a reviewed translation carried over as fuzzy
    added: int = 0  # new segment, nothing to offer: untranslated
    memory_drafts: int = 0  # untranslated segment drafted from the memory (fuzzy)
    memory_translated: int = 0  # consistent exact memory match landed translated (policy)
    copied: int = 0  # nothing to translate (numbers, URLs…): landed translated as a copy
    revived: int = 0  # obsolete entry whose segment came back
    obsolete: int = 0  # translated entry whose segment left: now obsolete
    dropped: int = 0  # untranslated entry whose segment left: removed
    still_fuzzy: int = 0  # fuzzy before and after (the same segment, or an edited one)
    still_untranslated: int = 0
    lost: list[LostSegment] = field(default_factory=list)
    changes: dict[str, int] = field(default_factory=dict)  # change class -> entries
    # where this update's memory drafts came from: origin (``ru/a.po``) -> entries
    drafted_from: dict[str, int] = field(default_factory=dict)

    COUNTS = (
        "translated",
        "became_fuzzy",
        "added",
        "memory_drafts",
        "memory_translated",
        "copied",
        "revived",
        "obsolete",
        "dropped",
        "still_fuzzy",
        "still_untranslated",
    )

    def __iadd__(self, other: Receipt) -> Receipt:
        for name in self.COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.lost.extend(other.lost)
        for key, n in other.changes.items():
            self.changes[key] = self.changes.get(key, 0) + n
        for key, n in other.drafted_from.items():
            self.drafted_from[key] = self.drafted_from.get(key, 0) + n
        return self

    @property
    def live(self) -> int:
        """The catalog's entries after the update (its segments)."""
        gone = ("obsolete", "dropped")
        return sum(getattr(self, name) for name in self.COUNTS if name not in gone)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {name: getattr(self, name) for name in self.COUNTS}
        out["lost"] = [vars(lost) for lost in self.lost]
        out["changes"] = dict(self.changes)
        return out

    def summary(self) -> str:
        """One line: ``40 translated, 3 became fuzzy, 2 added, …`` (zero counts left out)."""
        parts = [f"{self.translated} translated"]
        labels = (
            ("became_fuzzy", "became fuzzy"),
            ("added", "added"),
            ("memory_drafts", "memory drafts"),
            ("memory_translated", "from memory"),
            ("copied", "copied (nothing to translate)"),
            ("revived", "revived"),
            ("obsolete", "obsolete"),
            ("dropped", "dropped"),
            ("still_fuzzy", "still fuzzy"),
            ("still_untranslated", "untranslated"),
        )
        parts += [f"{getattr(self, a)} {label}" for a, label in labels if getattr(self, a)]
        if self.lost:
            parts.append(f"{len(self.lost)} WOULD LOSE THEIR TRANSLATION")
        return ", ".join(parts)


@dataclass
class UpdateResult:
    catalog: polib.POFile
    receipt: Receipt


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def _has_translation(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(v for v in (entry.msgstr_plural or {}).values())
    return entry.msgstr != ""


def _same_translation(a: polib.POEntry, b: polib.POEntry) -> bool:
    return a.msgstr == b.msgstr and dict(a.msgstr_plural or {}) == dict(b.msgstr_plural or {})


_DIGIT_RE = re.compile(r"\d")  # (every match of _ANCHOR_RE has a "-" or a \d)
_ANCHOR_RE = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*|\b[A-Z]\d{2,5}\b")


def _anchors(text: str) -> set[str]:
    """The tokens whose role a carried translation must share: command-line options
    (``-M``, ``--force``: case matters, ``-m`` is another option) and message codes
    (``E1106``)."""
    return set(_ANCHOR_RE.findall(text)) if "-" in text or _DIGIT_RE.search(text) else set()


_NEIGHBOUR_RE = re.compile(
    r"(%[-+ #0']*\d*(?:l|ll|h)?[diouxXs]|\{\w*\}|\d+(?:[.,]\d+)?)\s*([^\W\d_]+)"
)


def _neighbours(text: str) -> set[tuple[str, str]]:
    """(number or numeric placeholder, the word after it): ``%d KB``, ``1 KiB``, ``3 days``."""
    return set(_NEIGHBOUR_RE.findall(text))


def _grams(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(len(text) - 3)}


def _shares_gram(grams: set[str], text: str) -> bool:
    """Does ``text`` hold one of ``grams`` (4-character pieces)? (stops at the first)"""
    return any(text[i : i + 4] in grams for i in range(len(text) - 3))


def _prefer(
    query: str, found: tuple[int, float], candidates: list[polib.POEntry]
) -> tuple[int, float] | None:
    """The candidate to carry, given the most similar one (``found``).

    1. **Role over characters.** When the new source has options or message codes
       (``-M <value> maximum utilization``) and the most similar old entry does not have the
       same ones (``-m <value> … util_min``), an old entry that has them and scores within 10
       points is taken instead: its translation is for the same option.
    2. **Near misses only when nothing is shared.** A candidate that shares no 4-character
       piece with the new source (msgmerge never sees those) is taken only for a small edit
       (``Paris`` → ``Parys``: one letter in five); ``Tue`` is not carried to ``Turkmen``, nor
       ``May`` to ``Malay`` when ``Malayalam`` shares more. Otherwise the best candidate that
       shares a piece is taken, as msgmerge would. A small edit that changes the word next
       to a number is no typo: ``%d B`` does not get the translation of ``%d KB``."""
    index, score = found
    best = candidates[index].msgid
    want = _anchors(query)
    if want and not want <= _anchors(best):
        alternatives = [
            (fuzz.ratio(query, c.msgid), i)
            for i, c in enumerate(candidates)
            if all(a in c.msgid for a in want) and want <= _anchors(c.msgid)
        ]
        alternatives = [
            (sc, i) for sc, i in alternatives if sc >= max(MERGE_THRESHOLD, score - 10)
        ]
        if alternatives:
            sc, i = max(alternatives, key=lambda item: (item[0], -item[1]))
            return i, sc
    grams = _grams(query)
    if grams and not _shares_gram(grams, best):
        if Levenshtein.distance(query, best) <= max(1, len(query) // 5) and (
            _neighbours(query) <= _neighbours(best)  # "%d B" is not "%d KB"
        ):
            return found
        # the best candidate that shares a piece: scored first (in C), pieces compared only
        # for the few that score enough, best first (the first one on ties)
        scored = process.extract(
            query,
            [c.msgid for c in candidates],
            scorer=fuzz.ratio,
            score_cutoff=MERGE_THRESHOLD,
            limit=None,
        )
        for _text, sc, i in sorted(scored, key=lambda item: (-item[1], item[2])):
            if _shares_gram(grams, candidates[i].msgid):
                return i, sc
        return None
    return found


def _keeps(old: polib.POEntry, new: polib.POEntry) -> bool:
    """Does ``new`` still hold the translation of ``old``? (the same, or carried over into a
    segment that became plural, or singular, as msgmerge carries it)"""
    if _same_translation(old, new):
        return True
    if new.msgid_plural and not old.msgid_plural:
        return old.msgstr in (new.msgstr_plural or {}).values()
    if old.msgid_plural and not new.msgid_plural:
        return new.msgstr == (old.msgstr_plural or {}).get(0)
    return False


def _carry_translation(dst: polib.POEntry, src: polib.POEntry, forms: int) -> None:
    """Copy ``src``'s translation into ``dst`` (a fuzzy carry-over). A singular translation
    goes into every form of a segment that became plural, and a plural entry's first form
    becomes the translation of a segment that became singular, as msgmerge does."""
    if dst.msgid_plural and not src.msgid_plural:
        dst.msgstr_plural = dict.fromkeys(range(forms), src.msgstr)
    elif src.msgid_plural and not dst.msgid_plural:
        dst.msgstr = (src.msgstr_plural or {}).get(0, "")
    else:
        _copy_translation(dst, src)


def _template_flags(entry: polib.POEntry) -> list[str]:
    return [f for f in entry.flags if f != "fuzzy"]


def header_nplurals(catalog: polib.POFile, language: str) -> int:
    """How many msgstr[n] a new plural entry gets: the catalog's own Plural-Forms says (as
    msgmerge does), else the language's rule."""
    value = catalog.metadata.get("Plural-Forms", "")
    rule = plural_rule(value) if value else None
    if rule is not None:
        return rule.nplurals
    match = re.search(r"nplurals\s*=\s*(\d+)", value)
    if match and int(match.group(1)) > 0:
        return int(match.group(1))
    return nplurals(language)


def _from_template(tmpl: polib.POEntry, comment: str, forms: int = 2) -> polib.POEntry:
    return polib.POEntry(
        msgid=tmpl.msgid,
        msgctxt=tmpl.msgctxt,
        msgid_plural=tmpl.msgid_plural,
        msgstr="",
        msgstr_plural=dict.fromkeys(range(forms), "") if tmpl.msgid_plural else {},
        occurrences=list(tmpl.occurrences),
        comment=comment,
        tcomment="",
        flags=_template_flags(tmpl),
    )


def _copy_translation(dst: polib.POEntry, src: polib.POEntry) -> None:
    if dst.msgid_plural:
        if any((src.msgstr_plural or {}).values()):
            dst.msgstr_plural = dict(src.msgstr_plural or {})  # never drop a form
        # an untranslated one keeps the forms the header asks for (msgmerge does the same)
    else:
        dst.msgstr = src.msgstr


def _obsolete_copy(old: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=old.msgid,
        msgctxt=old.msgctxt,
        msgid_plural=old.msgid_plural,
        msgstr=old.msgstr,
        msgstr_plural=dict(old.msgstr_plural or {}),
        occurrences=[],
        comment="",
        tcomment=old.tcomment,
        flags=list(old.flags),
        previous_msgctxt=old.previous_msgctxt,
        previous_msgid=old.previous_msgid,
        previous_msgid_plural=old.previous_msgid_plural,
        obsolete=True,
    )


def _drop_same_previous(entry: polib.POEntry) -> bool:
    """A ``#|`` previous source equal to the entry's own shows no diff: remove it (the
    source was edited and edited back, or another tool wrote it so); True when removed."""
    if (
        entry.previous_msgid == entry.msgid
        and (entry.previous_msgctxt or None) == (entry.msgctxt or None)
        and (entry.previous_msgid_plural or "") == (entry.msgid_plural or "")
    ):
        entry.previous_msgid = None
        entry.previous_msgctxt = None
        entry.previous_msgid_plural = None
        return True
    return False


def _is_machine_draft(entry: polib.POEntry) -> bool:
    return "fuzzy" in entry.flags and bool(provenance.kinds(entry.tcomment) & {"mt", "tm"})


def update_catalog(
    template: polib.POFile,
    catalog: polib.POFile | None,
    language: str,
    *,
    memory: Memory | None = None,
    glossary_hints: Callable[[str], str] | None = None,
    threshold: int = 75,
    exact_policy: str = "fuzzy",
    untranslatable: Callable[[str], str | None] | None = None,
    workers: int = 1,
    similar_cache: SimilarCache | None = None,
) -> UpdateResult:
    """Merge ``template`` into ``catalog`` (None: a new catalog) for ``language``.

    ``workers``: processes the full similarity scans of a big catalog may use (the answer is
    the same with any number). ``similar_cache``: a dict kept across the catalogs of one
    project, so that languages whose old entries have the same sources (every language of a
    fully translated article) search for similar entries once.

    ``untranslatable``: what a source text with no words to translate holds (None when it
    has words); such segments, still untranslated, land translated as a copy of their source
    (see 9. above). Pure: neither argument is modified. See the module docstring for the
    semantics.
    """
    if exact_policy not in ("fuzzy", "translated"):
        raise ValueError(f"exact_policy must be 'fuzzy' or 'translated', not {exact_policy!r}")
    receipt = Receipt()
    pot_date = template.metadata.get("POT-Creation-Date")
    has_plurals = any(e.msgid_plural for e in template if not e.obsolete)
    if catalog is None:
        out = new_catalog(template.metadata.get("Project-Id-Version", ""), language, pot_date)
        old_entries: list[polib.POEntry] = []
    else:
        # the header is the translator's: kept as it is, only missing fields filled in
        out = polib.POFile(wrapwidth=0)
        out.header = catalog.header
        out.metadata = dict(catalog.metadata)
        out.metadata_is_fuzzy = catalog.metadata_is_fuzzy
        copy_header(catalog, out)
        ensure_header(
            out,
            language,
            template=template,
            has_plurals=has_plurals or any(e.msgid_plural for e in catalog),
        )
        old_entries = list(catalog)
    forms = header_nplurals(out, language)

    live: dict[Key, polib.POEntry] = {}
    dead: dict[Key, polib.POEntry] = {}
    for old_entry in old_entries:
        (dead if old_entry.obsolete else live).setdefault(_key(old_entry), old_entry)

    # candidates for fuzzy carry-over: every old entry with a translation, in file order
    # (live ones first as written by save_po, then obsolete), as msgmerge searches them;
    # except unreviewed machine drafts (see 8. above): they are kept as obsolete instead.
    candidates = [
        old
        for old in old_entries
        if old.msgid
        and _has_translation(old)
        and not _is_machine_draft(old)
        and not provenance.is_copy(old)
    ]
    lookups = _similar(template, live, dead, candidates, workers, similar_cache)
    used: set[int] = set()  # id() of old entries used (exact or fuzzy)

    seen: set[Key] = set()
    new_entries: list[polib.POEntry] = []
    for tmpl in template:
        if tmpl.obsolete or not tmpl.msgid:
            continue
        key = _key(tmpl)
        if key in seen:
            continue  # a duplicate in the template: the first one wins
        seen.add(key)
        comment = tmpl.comment or ""
        if glossary_hints is not None:
            hint = glossary_hints(tmpl.msgid)
            if hint:
                comment = f"{comment}\n{hint}" if comment else hint
        entry = _from_template(tmpl, comment, forms)
        old = live.get(key)
        revived = False
        if old is None and key in dead:
            old, revived = dead[key], True
        if old is not None and (old.msgid_plural or "") == (tmpl.msgid_plural or ""):
            # (a changed msgid_plural is a changed source: carried below as fuzzy, as msgmerge)
            used.add(id(old))
            _copy_translation(entry, old)
            fuzzy = "fuzzy" in old.flags and _has_translation(old)
            if fuzzy:
                entry.flags.insert(0, "fuzzy")
                entry.tcomment = old.tcomment
                entry.previous_msgctxt = old.previous_msgctxt
                entry.previous_msgid = old.previous_msgid
                entry.previous_msgid_plural = old.previous_msgid_plural
                if _drop_same_previous(entry) and "source changed" in provenance.kinds(
                    entry.tcomment
                ):
                    entry.tcomment = provenance.add(
                        entry.tcomment,
                        provenance.line("source changed:", REVERTED),
                        replace_kind="source changed",
                    )
            else:
                entry.tcomment = _reviewed_comment(old)
            if revived and _has_translation(old):
                receipt.revived += 1
            elif not _has_translation(old):
                receipt.still_untranslated += 1
            elif fuzzy:
                receipt.still_fuzzy += 1
            else:
                receipt.translated += 1
            new_entries.append(entry)
            if not _has_translation(entry):
                if _copy_source(entry, untranslatable, receipt) or _draft_from_memory(
                    entry, memory, threshold, exact_policy, receipt
                ):
                    receipt.still_untranslated -= 1
            continue
        # no exact match: the most similar old translation, as a fuzzy entry
        found = lookups.get(tmpl.msgid)
        if found is not None:
            found = _prefer(tmpl.msgid, found, candidates)
        src = candidates[found[0]] if found is not None else None
        if (
            src is not None
            and found is not None
            and (found[1] > MERGE_THRESHOLD or src.msgctxt in (None, tmpl.msgctxt))
        ):
            # a segment that became plural (or singular) is carried too
            used.add(id(src))
            _carry_translation(entry, src, forms)
            entry.flags.insert(0, "fuzzy")
            src_fuzzy = "fuzzy" in src.flags
            if src_fuzzy and src.previous_msgid is not None:
                entry.previous_msgctxt = src.previous_msgctxt
                entry.previous_msgid = src.previous_msgid
                entry.previous_msgid_plural = src.previous_msgid_plural
            else:
                entry.previous_msgctxt = src.msgctxt
                entry.previous_msgid = src.msgid
                entry.previous_msgid_plural = src.msgid_plural or None
            change = classify_change(entry.previous_msgid, tmpl.msgid)
            label = change.label
            if bool(src.msgid_plural) != bool(tmpl.msgid_plural):
                label = "now plural" if tmpl.msgid_plural else "now singular"
            elif src.msgid == tmpl.msgid and src.msgid_plural != tmpl.msgid_plural:
                change = classify_change(src.msgid_plural, tmpl.msgid_plural)
                label = f"plural: {change.label or 'text'}"
            # an unresolved merge conflict travels with its text: the other branch's
            # translation is still to be chosen by a reviewer
            entry.tcomment = provenance.add(
                provenance.strip(src.tcomment, keep=(provenance.CONFLICT,)),
                provenance.line("source changed:", label),
                replace_kind="source changed",
            )
            _drop_same_previous(entry)  # reverted: no "#|" equal to the msgid
            if src_fuzzy:
                receipt.still_fuzzy += 1  # it needed a review already
            else:
                receipt.became_fuzzy += 1
            for kind in change.kinds:
                receipt.changes[kind] = receipt.changes.get(kind, 0) + 1
            new_entries.append(entry)
            continue
        new_entries.append(entry)
        if not _copy_source(entry, untranslatable, receipt) and not _draft_from_memory(
            entry, memory, threshold, exact_policy, receipt
        ):
            receipt.added += 1

    live_keys = {_key(e) for e in new_entries}
    obsolete_entries: list[polib.POEntry] = []
    obsolete_keys: set[Key] = set()
    for old in old_entries:
        if id(old) in used or _key(old) in live_keys:
            continue
        if not _has_translation(old) or provenance.is_copy(old):
            # nothing a person wrote: an empty entry, or tmflow's copy of the source
            if not old.obsolete:
                receipt.dropped += 1
            continue
        if not old.obsolete:
            receipt.obsolete += 1
        if _key(old) in obsolete_keys:
            continue
        obsolete_keys.add(_key(old))
        obsolete_entries.append(_obsolete_copy(old))

    for entry in new_entries + obsolete_entries:
        out.append(entry)

    # the guarantee: a segment that still exists keeps its translation
    by_key = {_key(e): e for e in new_entries}
    for key, old in live.items():
        if key in by_key and _has_translation(old) and not _keeps(old, by_key[key]):
            new = by_key[key]
            receipt.lost.append(LostSegment(key[0], key[1], old.msgstr, new.msgstr))
    return UpdateResult(out, receipt)


def _similar(
    template: polib.POFile,
    live: dict[Key, polib.POEntry],
    dead: dict[Key, polib.POEntry],
    candidates: list[polib.POEntry],
    workers: int,
    cache: SimilarCache | None = None,
) -> dict[str, tuple[int, float] | None]:
    """The most similar candidate (index, score) of every template msgid that has no exact
    match: found all at once before the merge, so that the full scans behind weak matches
    can share ``workers`` processes (see ``FuzzyIndex.best_many``). The answer depends on
    the candidates' sources and the queries only: ``cache`` keeps it for the next language."""
    queries: dict[str, list[int]] = {}  # msgid -> hints: the candidates where it stood
    seen: set[Key] = set()
    position = {id(c): i for i, c in enumerate(candidates)}
    after = -1  # the candidate of the last segment that kept its entry
    for tmpl in template:
        if tmpl.obsolete or not tmpl.msgid:
            continue
        key = _key(tmpl)
        if key in seen:
            continue
        seen.add(key)
        old = live.get(key)
        if old is None:
            old = dead.get(key)
        if old is None or (old.msgid_plural or "") != (tmpl.msgid_plural or ""):
            # a desk edits a sentence where it stands: its old entry is most likely one of
            # those after the last segment that kept its own
            queries.setdefault(tmpl.msgid, list(range(after + 1, min(after + 4, len(candidates)))))
        else:
            after = position.get(id(old), after)
    if not queries or not candidates:
        return {}
    sources = tuple(c.msgid for c in candidates)
    cache_key = (sources, tuple(queries))
    if cache is not None and cache_key in cache:
        return cache[cache_key]
    index = FuzzyIndex(sources, candidates=60)
    found = index.best_many(
        list(queries),
        MERGE_THRESHOLD,
        fallback_below=FALLBACK_BELOW,
        workers=workers,
        hints=list(queries.values()),
    )
    answer = dict(zip(queries, found))
    if cache is not None:
        cache[cache_key] = answer
    return answer


def _copy_source(
    entry: polib.POEntry, untranslatable: Callable[[str], str | None] | None, receipt: Receipt
) -> bool:
    """Fill an untranslated segment that has no words to translate with its source, as a
    translated entry with ``# tmflow: copied: <what it holds>``; True if it was copied."""
    if untranslatable is None or entry.msgid_plural:
        return False
    holds = untranslatable(entry.msgid)
    if holds is None:
        return False
    entry.msgstr = entry.msgid
    entry.tcomment = provenance.add(
        provenance.strip(entry.tcomment), provenance.line(provenance.COPIED + ":", holds)
    )
    receipt.copied += 1
    return True


def _reviewed_comment(old: polib.POEntry) -> str:
    """The translator comment of an entry that stays translated: without tmflow's draft
    lines, but with its ``copied`` line while it is still the copy it names."""
    keep = (provenance.COPIED,) if provenance.is_copy(old) else ()
    return provenance.strip(old.tcomment, keep=keep)


def _draft_from_memory(
    entry: polib.POEntry,
    memory: Memory | None,
    threshold: int,
    exact_policy: str,
    receipt: Receipt,
) -> bool:
    """Fill an untranslated entry from the memory; True if it got a draft."""
    if memory is None or entry.msgid_plural:
        return False
    match = memory.lookup(entry.msgid, threshold)
    if match is None:
        return False
    entry.msgstr = match.target
    receipt.drafted_from[match.origin] = receipt.drafted_from.get(match.origin, 0) + 1
    if exact_policy == "translated" and match.score >= 100 and match.consistent:
        entry.tcomment = provenance.strip(entry.tcomment)
        receipt.memory_translated += 1
        return True
    entry.flags.insert(0, "fuzzy")
    # the matched source beside the entry's, for the diff; an exact match has none to show
    entry.previous_msgid = match.source if match.source != entry.msgid else None
    entry.tcomment = provenance.add(
        provenance.strip(entry.tcomment), draft_comment(match), replace_kind="tm"
    )
    receipt.memory_drafts += 1
    return True


# ---------------------------------------------------------------------------------------------
# project


@dataclass
class CatalogUpdate:
    article: str
    language: str
    path: Path
    receipt: Receipt
    created: bool
    changed: bool  # the file's bytes differ (written unless dry run)
    # the file's charset could not hold the new text: converted to UTF-8 from this one
    converted_from: str | None = None


@dataclass
class ProjectUpdateResult:
    updates: list[CatalogUpdate] = field(default_factory=list)
    dry_run: bool = False
    hints: bool = False  # glossary hints were available
    # articles whose source is gone (see ``tmflow.steps.merge.removed``), what pruning did
    # with them (None: not pruned), and the articles that drew on removed ones
    orphans: list[Orphan] = field(default_factory=list)
    pruned: PruneResult | None = None
    inherited: list[Inheritance] = field(default_factory=list)
    prune_hint: str = ""  # why orphans were not pruned although asked, when so
    # files that could not be read (left as they are; every other file was updated)
    errors: list[TmflowError] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # languages with such files

    @property
    def converted(self) -> list[tuple[Path, str]]:
        """Catalogs converted to UTF-8 because their charset could not hold the new text."""
        return [(u.path, u.converted_from) for u in self.updates if u.converted_from]

    def by_language(self) -> dict[str, Receipt]:
        out: dict[str, Receipt] = {}
        for upd in self.updates:
            out.setdefault(upd.language, Receipt())
            out[upd.language] += upd.receipt
        return out

    @property
    def lost(self) -> list[tuple[Path, LostSegment]]:
        return [(u.path, lost) for u in self.updates for lost in u.receipt.lost]

    @property
    def changed(self) -> list[Path]:
        return [u.path for u in self.updates if u.changed]

    @property
    def created(self) -> list[Path]:
        return [u.path for u in self.updates if u.created]


class UpdateRefused(CheckFailed):
    """A translated segment that still exists would lose its translation; nothing written."""

    def __init__(self, result: ProjectUpdateResult) -> None:
        self.result = result
        lost = result.lost
        path, first = lost[0]
        super().__init__(
            f"refusing to update: {len(lost)} translated segment(s) would lose "
            f"their translation, e.g. {first.msgid[:60]!r}; nothing was written",
            path,
        )


def _template_names(
    config: Config, articles: Iterable[str], skip: set[str] | None = None
) -> list[str]:
    """The templates to merge: the named articles', or every one (but those in ``skip``:
    the templates a dry run of pruning would have removed)."""
    wanted = list(articles)
    folder = config.templates_dir
    available = sorted(n for n in list_names(folder, ".pot") if n not in (skip or ()))
    if not wanted:
        return available
    out = []
    for name in wanted:
        stem = Path(name).stem if Path(name).suffix in (".txt", ".md", ".pot", ".po") else name
        if stem not in available:
            raise NotFoundError(
                f"no template for article {name!r} (run 'tmflow extract')", config.pot_path(stem)
            )
        out.append(stem)
    return out


def glossary_matcher(config: Config) -> object | None:
    """The glossary step's ``TermMatcher`` for the project, or None when that step or the
    glossary file is not there."""
    try:
        from tmflow.io.glossary import load_glossary
        from tmflow.steps.terms import TermMatcher
    except ImportError:
        return None
    if not is_file(config.glossary_path):
        return None  # no glossary (``require_glossary`` refused an unusable one)
    glossary = load_glossary(config.glossary_path, config.languages, config.source_language)
    return TermMatcher(glossary)


def untranslatable_function(matcher: object | None) -> Callable[[str], str | None]:
    """:func:`~tmflow.steps.mt.protect.nothing_to_translate` with the glossary's
    do-not-translate terms (as ``draft`` masks them)."""
    from tmflow.steps.mt.protect import GlossaryGuard, nothing_to_translate

    guard = GlossaryGuard(matcher)
    return lambda text: nothing_to_translate(text, guard.dnt_spans(text))


def glossary_hint_function(matcher: object | None, language: str) -> Callable[[str], str] | None:
    """``matcher.hint_comment`` bound to ``language`` (None without a matcher)."""
    if matcher is None:
        return None
    hint = matcher.hint_comment  # type: ignore[attr-defined]
    return lambda text: hint(text, language)


def update_project(
    config: Config,
    articles: Iterable[str] = (),
    languages: Iterable[str] = (),
    *,
    dry_run: bool = False,
    lock: bool = True,
    prune_removed: bool | None = None,
) -> ProjectUpdateResult:
    """Merge every template into its catalog for every language (or those named).

    Writes (atomically, only files whose bytes change) inside the project lock. Raises
    ``UpdateRefused`` (exit 1) and writes nothing when any translated segment that still exists
    would lose its translation. ``lock=False`` is for callers that already hold the lock.

    Articles whose source is gone are found and reported (``orphans``); with
    ``prune_removed`` (None: ``[tool.tmflow.update] prune``) their translations are first
    kept in ``locales/memory/removed-<article>.tmx`` and their files removed, before the
    update, so the articles that take their place draw on that memory. Pruning works on the
    whole project only: with article names or ``-l`` it is refused when asked for, and left
    for a later run when configured.
    """
    from tmflow.steps.project import lock as project_lock
    from tmflow.steps.project import require_glossary, select_languages

    articles = tuple(articles)
    languages = tuple(languages)
    langs = select_languages(config, languages)
    asked = prune_removed is True
    wanted = config.update.prune if prune_removed is None else prune_removed
    if asked and (articles or languages):
        raise UsageError("--prune works on the whole project: run it without article names and -l")
    require_glossary(config)  # an unusable glossary stops the update before a file is written
    use_cache = not articles

    def run() -> ProjectUpdateResult:
        orphans = find_orphans(config)
        pruned = None
        hint = ""
        if orphans and wanted:
            if articles or languages:
                hint = "the configured pruning runs only without article names and -l"
            else:
                pruned = prune(config, orphans, dry_run=dry_run)
        # a dry run of pruning removed nothing: leave out what it would have removed
        skip = {p.article for p in pruned.items} if pruned is not None and dry_run else set()
        names = _template_names(config, articles, skip)
        result = _update(config, names, langs, dry_run, use_cache)
        result.orphans, result.pruned, result.prune_hint = orphans, pruned, hint
        removed = {o.article for o in orphans}
        removed.update(_earlier_removals(config))
        result.inherited = inheritance(
            [
                (u.article, u.language, u.created, u.receipt.drafted_from, u.receipt.live)
                for u in result.updates
            ],
            removed,
            tuple(config.languages),
        )
        return result

    if dry_run or not lock:
        return run()
    with project_lock(config):
        return run()


def _earlier_removals(config: Config) -> set[str]:
    """Articles removed by earlier prunes (their ``locales/memory/removed-*.tmx``)."""
    from tmflow.steps.merge.memory import imported_tmx_dir
    from tmflow.steps.merge.removed import MEMORY_PREFIX

    return {
        name[len(MEMORY_PREFIX) :]
        for name in list_names(imported_tmx_dir(config.locales_dir), ".tmx")
        if name.startswith(MEMORY_PREFIX)
    }


CACHE_NAME = "update-cache.json"
#: languages are updated in worker processes when at least this many catalogs need work
PARALLEL_MIN_FILES = 200
CACHE_VERSION = 1
CACHE_KEY = "languages"


def _stamp(path: Path | None) -> list[int] | None:
    """Size and mtime (ns) of a file, None if missing; raises _Unsure for a coarse, fresh one."""
    if path is None:
        return None
    st = stamp(path)
    if st is None:
        return None
    if is_racy(st):
        raise _Unsure(path)  # a same-second rewrite of the same size could go unnoticed
    return [st.size, st.mtime_ns]


class _Unsure(Exception):
    pass


def _fingerprint(config: Config, language: str, names: list[str]) -> str | None:
    """A digest of every input of one language's update: templates, the language's catalogs,
    TMX files, glossary, config, tmflow version. None when a timestamp cannot be trusted."""
    from tmflow import __version__
    from tmflow.steps.merge.memory import tmx_paths

    folder = config.locales_dir / language
    try:
        items: list[object] = [
            __version__,
            config.memory.threshold,
            config.memory.exact,
            _stamp(config.path),
            _stamp(config.glossary_path),
        ]
        items += [(name, _stamp(config.pot_path(name))) for name in names]
        items += [(p.name, _stamp(p)) for p in list_files(folder, ".po")]
        items += [(str(p), _stamp(p)) for p in tmx_paths(config)]
    except _Unsure:
        return None
    return hashlib.sha256(json.dumps(items).encode()).hexdigest()


def _steady_receipt(catalog: polib.POFile) -> Receipt:
    """What an update of an up-to-date catalog reports: its entries by state."""
    receipt = Receipt()
    for entry in catalog:
        if entry.obsolete:
            continue
        if not _has_translation(entry):
            receipt.still_untranslated += 1
        elif "fuzzy" in entry.flags:
            receipt.still_fuzzy += 1
        else:
            receipt.translated += 1
    return receipt


def _receipt_from(data: dict[str, Any]) -> Receipt:
    receipt = Receipt()
    for name in Receipt.COUNTS:
        setattr(receipt, name, int(data.get(name, 0)))
    return receipt


def _update(
    config: Config, names: list[str], langs: list[str], dry_run: bool, use_cache: bool = True
) -> ProjectUpdateResult:
    """The update itself. A language whose inputs are byte-for-byte those of an earlier update
    that wrote nothing (same sizes and mtimes, see ``_fingerprint``) is skipped without reading
    a file: its receipt comes from ``<state>/update-cache.json``."""
    from tmflow.io.cache import load_json_cache, save_json_cache

    result = ProjectUpdateResult(dry_run=dry_run)
    cache_path = config.state_dir / CACHE_NAME
    cache = load_json_cache(cache_path, CACHE_VERSION, CACHE_KEY) if use_cache else {}
    new_cache = dict(cache)
    pending: list[tuple[CatalogUpdate, bytes | None]] = []
    steady: dict[tuple[str, str], Receipt] = {}
    fingerprints: dict[str, str | None] = {}
    misses: list[str] = []
    for language in langs:
        fp = _fingerprint(config, language, names) if use_cache else None
        fingerprints[language] = fp
        hit = cache.get(language)
        if (
            fp is not None
            and isinstance(hit, dict)
            and hit.get("fingerprint") == fp
            and isinstance(hit.get("receipts"), dict)
            and set(hit["receipts"]) == set(names)
        ):
            for name in names:
                result.updates.append(
                    CatalogUpdate(
                        name,
                        language,
                        config.po_path(language, name),
                        _receipt_from(hit["receipts"][name]),
                        False,
                        False,
                    )
                )
            continue
        misses.append(language)
    n_files = sum(len(list_names(config.locales_dir / lang, ".po")) for lang in misses)
    jobs = [(config, names, language, use_cache) for language in misses]
    if len(misses) > 1 and n_files >= PARALLEL_MIN_FILES and (os.cpu_count() or 1) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        workers = min(len(misses), os.cpu_count() or 1)
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            outcomes = list(pool.map(_language_job, jobs))
    else:
        shared: dict[str, polib.POFile | None] = {}
        similar: SimilarCache = {}
        workers = os.cpu_count() or 1  # one language at a time: its big scans may share
        outcomes = [_language_job(job, shared, similar, workers) for job in jobs]
    seen_errors: set[str] = set()
    for language, outcome in zip(misses, outcomes):
        for err in outcome.errors:
            if str(err) not in seen_errors:  # a bad template is one error, not one a language
                seen_errors.add(str(err))
                result.errors.append(err)
        if outcome.errors:
            result.unreadable.add(language)
        result.hints = result.hints or outcome.hints
        for item, catalog in outcome.items:
            result.updates.append(item)
            pending.append((item, catalog))
            steady[(item.language, item.article)] = outcome.steady[item.article]
    # languages served from the cache came first: every receipt lists them in the
    # configured order (a stable sort keeps the articles' order within a language)
    order = {lang: i for i, lang in enumerate(langs)}
    result.updates.sort(key=lambda u: order[u.language])
    if result.lost:
        raise UpdateRefused(result)
    if dry_run:
        return result
    for item, data in pending:
        if item.changed and data is not None:
            write_atomic(item.path, data)
    if use_cache:
        _save_state(config, dict(zip(misses, outcomes)), result)
    if use_cache:
        for language in langs:
            items = [u for u in result.updates if u.language == language]
            if not any((language, u.article) in steady for u in items):
                continue  # served from the cache: its entry stays
            if (
                fingerprints[language] is None
                or language in result.unreadable
                or any(u.receipt.memory_translated or u.receipt.revived for u in items)
            ):
                # untrusted timestamps, or translated entries new to the memory (revived
                # ones, exact matches landed as translated): a second run may draft more
                new_cache.pop(language, None)
                continue
            # an update is idempotent: run again on what it wrote, it writes nothing and
            # reports the steady counts; so remember the inputs as they are now
            fp = (
                _fingerprint(config, language, names)
                if any(u.changed for u in items)
                else fingerprints[language]
            )
            if fp is None:
                new_cache.pop(language, None)
                continue
            new_cache[language] = {
                "fingerprint": fp,
                "receipts": {
                    u.article: {
                        k: getattr(steady[(language, u.article)], k) for k in Receipt.COUNTS
                    }
                    for u in items
                },
            }
        if new_cache != cache:
            save_json_cache(cache_path, CACHE_VERSION, CACHE_KEY, new_cache)
    return result


def _save_state(
    config: Config, outcomes: dict[str, _LanguageOutcome], result: ProjectUpdateResult
) -> None:
    """Record, after the files were written, what each language's update left (see
    ``_language_job``): stamps taken now of the files written, the stamps taken when they
    were read of the others (when they still hold), and (-1, -1) where a stamp cannot be
    trusted, which makes the file one to read again next time."""
    from tmflow.io.cache import CatalogRecord, UnitsRecord, UpdateState

    if not any(o.digest is not None for o in outcomes.values()):
        return
    changed = {u.path for u in result.updates if u.changed}
    unsure = (-1, -1)
    state = UpdateState(config.state_dir / STATE_NAME, STATE_VERSION)
    try:
        for language, outcome in outcomes.items():
            if outcome.digest is None:
                state.save(language, None, (), ())
                continue
            if outcome.fresh:
                state.save(language, None, (), ())
            catalogs: list[tuple[str, CatalogRecord]] = []
            units: list[tuple[str, UnitsRecord]] = []
            for fname, (read_stamp, pairs) in outcome.read_units.items():
                path = config.locales_dir / language / fname
                ok = read_stamp is not None and _trusted(path) == read_stamp
                units.append(
                    (fname, UnitsRecord(read_stamp if ok and read_stamp else unsure, pairs))
                )
            for done in outcome.processed:
                path = config.po_path(language, done.name)
                now = _trusted(path)
                if path not in changed and now != done.read:
                    now = None  # changed by someone else since it was read
                catalog_stamp = now if now is not None else unsure
                template = done.template if done.template is not None else unsure
                catalogs.append(
                    (
                        done.name,
                        CatalogRecord(template, catalog_stamp, done.receipt, done.untranslated),
                    )
                )
                fname = path.name
                if done.before is not None:
                    # the update added units (revived entries, exact matches landed as
                    # translated): record those it read, to be read again next time
                    units.append((fname, UnitsRecord(unsure, done.before)))
                else:
                    units.append((fname, UnitsRecord(catalog_stamp, done.units)))
            state.save(
                language,
                outcome.digest,
                catalogs,
                units,
                outcome.gone_catalogs,
                outcome.gone_units,
            )
    finally:
        state.close()


@dataclass
class _Processed:
    """What to record of a catalog the update worked on (see ``_save_state``)."""

    name: str
    template: tuple[int, int] | None  # the template's stamp when it was read
    read: tuple[int, int] | None  # the catalog's stamp when it was read (None: new, or unsure)
    receipt: str  # the steady receipt (JSON)
    untranslated: str  # the sources still untranslated (JSON list)
    units: str  # the memory units of the catalog as written (JSON)
    before: str | None  # the units as read, when those written are not all among them


@dataclass
class _LanguageOutcome:
    items: list[tuple[CatalogUpdate, bytes | None]]  # the bytes to write, when they changed
    steady: dict[str, Receipt]
    hints: bool
    errors: list[TmflowError] = field(default_factory=list)  # files that could not be read
    # what to record (``digest`` None: nothing); ``fresh``: the language's old rows go
    digest: str | None = None
    fresh: bool = False
    processed: list[_Processed] = field(default_factory=list)
    read_units: dict[str, tuple[tuple[int, int] | None, str]] = field(default_factory=dict)
    gone_catalogs: list[str] = field(default_factory=list)
    gone_units: list[str] = field(default_factory=list)


STATE_NAME = "update-state.sqlite3"
STATE_VERSION = 1

Pair = tuple[str, str]


def _trusted(path: Path) -> tuple[int, int] | None:
    """A file's stamp, None when it is missing or cannot be trusted yet (``is_racy``)."""
    st = stamp(path)
    if st is None or is_racy(st):
        return None
    return (st.size, st.mtime_ns)


def _inputs_digest(config: Config) -> str | None:
    """A digest of the inputs every catalog of a language depends on besides its template
    and itself: tmflow's version, the memory settings, config, glossary and TMX files
    (None when a timestamp cannot be trusted)."""
    from tmflow import __version__
    from tmflow.steps.merge.memory import tmx_paths

    try:
        items: list[object] = [
            __version__,
            STATE_VERSION,
            config.memory.threshold,
            config.memory.exact,
            _stamp(config.path),
            _stamp(config.glossary_path),
        ]
        items += [(str(p), _stamp(p)) for p in tmx_paths(config)]
    except _Unsure:
        return None
    return hashlib.sha256(json.dumps(items).encode()).hexdigest()


def _pairs(catalog: polib.POFile) -> list[Pair]:
    return [(u.source, u.target) for u in units_from_catalog(catalog, "")]


def _language_job(
    job: tuple[Config, list[str], str, bool],
    templates: dict[str, polib.POFile | None] | None = None,
    similar: SimilarCache | None = None,
    workers: int = 1,
) -> _LanguageOutcome:
    """Update the catalogs of one language in memory (run in a worker process for big
    projects: languages are independent until the all-or-nothing write).

    With ``use_state`` (the fourth item of ``job``) and records of an earlier update made
    with the same shared inputs (``<state>/update-state.sqlite3``), only the catalogs that
    may come out different are read and merged: those whose template or file changed since,
    and those with an untranslated source that a memory unit new since then could fill. The
    others are steady (an update is idempotent) and report their recorded receipt. The
    memory is read from the records (one list of units per PO file) and the files that
    changed, and only when a lookup needs it. See "Update at scale" in the module
    docstring."""
    from tmflow.io.cache import UpdateState
    from tmflow.io.po.writer import encode_po

    config, names, language, use_state = job
    templates = {} if templates is None else templates
    folder = config.locales_dir / language
    files = list_files(folder, ".po")
    digest = _inputs_digest(config) if use_state else None
    state = None
    if digest is not None:
        state = UpdateState(config.state_dir / STATE_NAME, STATE_VERSION, write=False)
    try:
        return _language_work(
            config, names, language, files, digest, state, templates, similar, workers, encode_po
        )
    finally:
        if state is not None:
            state.close()


def _language_work(
    config: Config,
    names: list[str],
    language: str,
    files: list[Path],
    digest: str | None,
    state: Any,
    templates: dict[str, polib.POFile | None],
    similar: SimilarCache | None,
    workers: int,
    encode_po: Callable[[polib.POFile], Any],
) -> _LanguageOutcome:
    threshold = config.memory.threshold
    known_catalogs: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}
    known_units: dict[str, tuple[int, int]] = {}
    if state is not None and state.inputs(language) == digest:
        known_catalogs = state.catalog_stamps(language)
        known_units = state.unit_stamps(language)
    fresh = not known_catalogs and not known_units
    now: dict[Path, tuple[int, int] | None] = {p: _trusted(p) for p in files}
    touched = [p for p in files if now[p] is None or known_units.get(p.name) != now[p]]
    template_stamps = {name: _trusted(config.pot_path(name)) for name in names}
    dirty: set[str] = set()
    for name in names:
        st = now.get(config.po_path(language, name))
        recorded = known_catalogs.get(name)
        if recorded is None or st is None or recorded != (template_stamps[name], st):
            dirty.add(name)

    # the files that changed since they were recorded: read, for their units
    catalogs: dict[Path, polib.POFile] = {}
    errors: list[TmflowError] = []
    unreadable: set[Path] = set()

    def read(path: Path) -> None:
        try:
            catalogs[path] = load_po(path)
        except TmflowError as err:  # one bad file is one error: the others are updated
            errors.append(err)
            unreadable.add(path)

    for p in touched:
        read(p)
    read_units = {p: _pairs(po) for p, po in catalogs.items()}
    # sources new to the memory since the records: only they can fill an untranslated
    # source that found nothing then (a unit that left can fill nothing)
    new_sources: set[str] = set()
    if not fresh:
        before: dict[str, set[str]] = {}
        if state is not None:
            wanted = [p.name for p in touched if p.name in known_units]
            for fname, rec in state.units(language, wanted):
                before[fname] = {s for s, _ in _load_pairs(rec.units)}
        for p, pairs in read_units.items():
            old_sources = before.get(p.name, set())
            new_sources.update(s for s, _ in pairs if s not in old_sources)
    fill = FuzzyIndex(sorted(new_sources)) if new_sources else None

    def fillable(text: str) -> bool:
        return fill is not None and fill.best(text, threshold) is not None

    # steady catalogs, unless a new unit could fill one of their untranslated sources
    steady_receipts: dict[str, Receipt] = {}
    no_match: dict[str, set[str]] = {}  # per catalog: sources known to find nothing
    if state is not None and not fresh:
        for name, rec in state.catalogs(language, names if len(names) < 64 else None):
            if name not in template_stamps:
                continue
            untranslated = _load_list(rec.untranslated)
            if name in dirty:
                no_match[name] = {u for u in untranslated if not fillable(u)}
            elif any(fillable(u) for u in untranslated):
                dirty.add(name)
            else:
                try:
                    steady_receipts[name] = _receipt_from(json.loads(rec.receipt))
                except (ValueError, TypeError, AttributeError):
                    dirty.add(name)
    for name in names:
        if name not in dirty and name not in steady_receipts:
            dirty.add(name)  # a record that could not be read
        path = config.po_path(language, name)
        if name in dirty and path not in catalogs and path not in unreadable and path in now:
            read(path)

    matcher = glossary_matcher(config) if dirty else None
    memory = _StoredMemory(config, language, files, catalogs, read_units, state, unreadable)
    hints = glossary_hint_function(matcher, language)
    copies = untranslatable_function(matcher) if config.update.copies(language) else None
    outcome = _LanguageOutcome([], {}, hints is not None, errors, digest, fresh)

    def merge(name: str) -> UpdateResult | None:
        if name not in templates:
            try:
                templates[name] = load_po(config.pot_path(name))
            except TmflowError as err:
                templates[name] = None
                errors.append(err)
        template = templates[name]
        path = config.po_path(language, name)
        if template is None or path in unreadable:
            return None  # left as it is; reported
        memory.known = no_match.get(name, set())
        return update_catalog(
            template,
            catalogs.get(path),
            language,
            memory=memory,
            glossary_hints=hints,
            threshold=threshold,
            exact_policy=config.memory.exact,
            untranslatable=copies,
            workers=workers,
            similar_cache=similar,
        )

    merged: dict[str, UpdateResult | None] = {}
    if fresh:
        merged = {name: merge(name) for name in names if name in dirty}
    else:
        # first the merges, noting the sources to look up in the whole memory; then those
        # lookups all at once (``_StoredMemory.resolve``); then the merges that asked again
        memory.asking = True
        again = []
        for name in names:
            if name in dirty:
                asked = len(memory.asked)
                merged[name] = merge(name)
                if len(memory.asked) > asked:
                    again.append(name)
        memory.asking = False
        if again:
            memory.resolve(threshold)
            for name in again:
                merged[name] = merge(name)
    for name in names:
        path = config.po_path(language, name)
        if name not in dirty:
            receipt = steady_receipts[name]
            item = CatalogUpdate(name, language, path, receipt, False, False)
            outcome.items.append((item, None))
            outcome.steady[name] = receipt
            continue
        upd = merged.get(name)
        if upd is None:
            continue
        old = catalogs.get(path)
        encoded = encode_po(upd.catalog)
        changed = old is None or read_if_exists(path, "PO file") != encoded.data
        item = CatalogUpdate(
            name, language, path, upd.receipt, old is None, changed, encoded.converted_from
        )
        outcome.items.append((item, encoded.data if changed else None))
        steady = _steady_receipt(upd.catalog)
        outcome.steady[name] = steady
        if digest is not None:
            after = _pairs(upd.catalog)
            was = read_units.get(path)
            if was is None:
                was = _pairs(old) if old is not None else []
            grew = not set(after) <= set(was)
            outcome.processed.append(
                _Processed(
                    name,
                    template_stamps[name],
                    now.get(path),
                    json.dumps({k: getattr(steady, k) for k in Receipt.COUNTS}),
                    json.dumps(
                        [
                            e.msgid
                            for e in upd.catalog
                            if not e.obsolete and not e.msgid_plural and not _has_translation(e)
                        ]
                    ),
                    json.dumps(after),
                    json.dumps(was) if grew else None,
                )
            )
    if digest is not None:
        done = {config.po_path(language, p.name) for p in outcome.processed}
        outcome.read_units = {
            p.name: (now[p], json.dumps(pairs)) for p, pairs in read_units.items() if p not in done
        }
        present = {p.name for p in files}
        outcome.gone_units = [n for n in known_units if n not in present]
        outcome.gone_catalogs = [n for n in known_catalogs if n not in template_stamps]
    return outcome


def _load_pairs(text: str) -> list[Pair]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    return [
        (s, t)
        for item in data
        if isinstance(item, list) and len(item) == 2
        for s, t in [item]
        if isinstance(s, str) and isinstance(t, str)
    ]


def _load_list(text: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    return [s for s in data if isinstance(s, str)] if isinstance(data, list) else []


#: at most this many sources to look up: scan the units for them (memory stays flat);
#: more: build the index over every unit (a scan costs ~0.3 µs a unit and source, building
#: the index ~15 µs a unit, so this is about where they cost the same)
SCAN_MAX_QUERIES = 48
#: units compared at once in a scan
SCAN_CHUNK = 20_000


class _StoredMemory(Memory):
    """The memory of one language as ``build_memory`` reads it from every catalog (the same
    units in the same order), read from the units recorded for the PO files that did not
    change and those of the files read this time (plus TMX files), when a lookup first needs
    it.

    ``known``: sources for which a lookup is known to find nothing (they found nothing in an
    earlier update and no unit new since then comes close). With ``asking`` set, a lookup of
    another source notes it in ``asked`` and answers None; ``resolve`` then looks all of
    them up at once: few, by a scan of the units (one chunk in memory at a time), many,
    through the index over every unit. The answers are those of a full scan: the best
    source ≥ threshold, the first one on ties."""

    def __init__(
        self,
        config: Config,
        language: str,
        files: list[Path],
        catalogs: dict[Path, polib.POFile],
        read_units: dict[Path, list[Pair]],
        state: Any,
        unreadable: set[Path],
    ) -> None:
        super().__init__(language)
        self._config = config
        self._files = files
        self._catalogs = catalogs
        self._read_units = read_units
        self._state = state
        self._unreadable = unreadable
        self._loaded = False
        self.known: set[str] = set()
        self.asking = False
        self.asked: dict[str, None] = {}
        self._answers: dict[str, MemoryMatch | None] | None = None

    def _each_file(self) -> Iterable[tuple[str, list[Pair]]]:
        """(origin, units) of every PO file of the language, in path order, then TMX."""
        # the recorded units, read one file at a time beside the folder's files (both in
        # name order): a scan holds one chunk of the language, not the language
        rows = iter(self._state.units(self.language) if self._state is not None else ())
        row = next(rows, None)
        for path in self._files:
            if path in self._unreadable:
                continue
            pairs = self._read_units.get(path)
            if pairs is None:
                while row is not None and row[0] < path.name:
                    row = next(rows, None)
                if row is not None and row[0] == path.name:
                    pairs = _load_pairs(row[1].units)
            if pairs is None:  # no record after all: read the file
                try:
                    pairs = _pairs(load_po(path))
                except TmflowError:
                    continue
            yield memory_origin(self._config, path), pairs
        tmx: dict[str, list[Pair]] = {}
        for unit in build_memory(self._config, self.language, {}).units:
            tmx.setdefault(unit.origin, []).append((unit.source, unit.target))
        yield from tmx.items()

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        for origin, pairs in self._each_file():
            self.extend(MemoryUnit(s, t, origin) for s, t in pairs)

    def resolve(self, threshold: float) -> None:
        """Look up every source noted in ``asked``; later lookups of them are answered."""
        queries = list(self.asked)
        if len(queries) > SCAN_MAX_QUERIES:
            self._load()
            self._answers = {q: Memory.lookup(self, q, threshold) for q in queries}
            return
        best: dict[str, tuple[float, str]] = {}  # query -> (score, source)
        chunk: list[str] = []

        def scan() -> None:
            for q in queries:
                got = best.get(q)
                floor = max(threshold, got[0] - 1) if got else threshold
                found = process.extractOne(q, chunk, scorer=fuzz.ratio, score_cutoff=floor)
                if found is not None and (got is None or found[1] > got[0]):
                    best[q] = (found[1], found[0])
            chunk.clear()

        for _origin, pairs in self._each_file():
            chunk.extend(s for s, _ in pairs)
            if len(chunk) >= SCAN_CHUNK:
                scan()
        scan()
        # the units of the sources found, in their order: a memory of those answers each
        # query as the whole memory does (its best source is the first best of them)
        wanted = {source for _, source in best.values()}
        small = Memory(self.language)
        if wanted:
            for origin, pairs in self._each_file():
                small.extend(MemoryUnit(s, t, origin) for s, t in pairs if s in wanted)
        self._answers = {q: small.lookup(q, threshold) if q in best else None for q in queries}

    def lookup(
        self,
        text: str,
        threshold: float = 75,
        *,
        exclude_origin: str | None = None,
    ) -> MemoryMatch | None:
        if text in self.known:
            return None
        if self._answers is not None and exclude_origin is None and text in self._answers:
            return self._answers[text]
        if self.asking:
            self.asked[text] = None
            return None
        self._load()
        return super().lookup(text, threshold, exclude_origin=exclude_origin)
