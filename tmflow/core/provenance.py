"""Provenance lines and entry states.

tmflow records where a draft came from in a translator comment line that starts with
``tmflow:`` (gettext keeps translator comments through msgmerge, msgcat, Poedit and Weblate;
it drops unknown ``#,`` flags, so flags cannot carry provenance)::

    # tmflow: mt google 2026-11-27 sha256:1f2e3d4c5b6a
                                              machine translation by an engine on a date,
                                              and a digest of the text it gave (an edit of
                                              the draft no longer matches it)
    # tmflow: tm 92% ru/other-article.po      memory match: score and origin
    # tmflow: source changed: numbers         the source was edited; what kind of edit
    # tmflow: mt rejected: lost a token       an MT result that was refused, and why
    # tmflow: glossary: missing "Khojaly"     a draft that misses an approved rendering
    # tmflow: conflict: other branch: "…"      two branches translated it differently: the
                                               other branch's text (a JSON string), beside
                                               the kept one; the entry is fuzzy until a
                                               reviewer chooses (state "conflict")
    # tmflow: copied: numbers                 a translated copy of a source with nothing to
                                              translate (numbers, URLs, do-not-translate terms)

These lines describe drafts only: once a reviewer clears the fuzzy flag, ``update`` removes
them, so a translated entry never carries a stale "machine translation" label. The one
exception is ``copied``, which marks a *translated* entry tmflow filled itself: it stays while
the entry is the copy it names (:func:`is_copy`) and goes once a reviewer changes it.

The state of an entry (``EntryState``) is decided here and nowhere else. Every reader — the
full parser's entries (``classify``) and the fast readers of ``tmflow.io.po`` that never build
entries — gathers the same *facts* about an entry (bits: ``FILLED``, ``FUZZY``, ``CHANGED``,
``MT``, ``TM``, ``OBSOLETE``) and looks its state up in ``STATE_BY_FACTS``, a table made from
``state_of``. The fast readers find the facts with string tests built from ``PREFIX`` and
``STATE_HEADS``; changing a rule or a kind of line is one edit here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from tmflow.core.model import EntryState

PREFIX = "tmflow: "
CONFLICT = "conflict"  # the kind of the lines a merge of two branches writes
_OTHER_BRANCH = "other branch: "

# The facts the state of an entry depends on, one bit each.
FILLED = 1  # a non-empty translation (every plural form filled)
FUZZY = 2  # the fuzzy flag
CHANGED = 4  # a previous msgid (``#|``) or a "source changed" provenance line
MT = 8  # an "mt …" provenance line
TM = 16  # a "tm …" provenance line
OBSOLETE = 32  # an obsolete (``#~``) entry
ALL_FACTS = OBSOLETE * 2  # how many combinations: the size of the tables below

# The first word of a provenance line (a final colon dropped) → the fact it records. Other kinds
# ("glossary: …", "conflict: …") record none; "mt rejected: …" starts with "mt", so it records MT.
STATE_HEADS: Mapping[str, int] = {"mt": MT, "tm": TM, "source": CHANGED}


def state_of(facts: int) -> EntryState:
    """The state of an entry with these facts: the vocabulary of every report (README, "Entry
    states"). The one place the rules are written."""
    if facts & OBSOLETE:
        return EntryState.OBSOLETE
    if not facts & FILLED:
        return EntryState.UNTRANSLATED
    if not facts & FUZZY:
        return EntryState.TRANSLATED
    if facts & TM:
        return EntryState.DRAFT_TM
    if facts & MT:
        return EntryState.DRAFT_MT
    if facts & CHANGED:
        return EntryState.SOURCE_CHANGED
    return EntryState.FUZZY


#: ``state_of`` of every combination of facts (the fast readers index it; no call per entry)
STATE_BY_FACTS: tuple[EntryState, ...] = tuple(state_of(f) for f in range(ALL_FACTS))
#: the same as the states' names (``EntryState.value``), the keys of counts and reports
STATE_NAMES: tuple[str, ...] = tuple(state.value for state in STATE_BY_FACTS)


class EntryLike(Protocol):
    """What the state rules read of an entry (polib's ``POEntry`` and the light readers'
    entries both have it); read-only, so either satisfies it."""

    @property
    def msgid(self) -> str: ...
    @property
    def msgstr(self) -> str: ...
    @property
    def msgid_plural(self) -> str: ...
    @property
    def msgstr_plural(self) -> Mapping[int, str]: ...
    @property
    def flags(self) -> Sequence[str]: ...
    @property
    def tcomment(self) -> str: ...
    @property
    def previous_msgid(self) -> str | None: ...
    @property
    def obsolete(self) -> bool: ...


def line(kind: str, detail: str = "") -> str:
    """One provenance line (without the leading ``# ``)."""
    return f"{PREFIX}{kind} {detail}".rstrip() if detail else f"{PREFIX}{kind}"


def lines(tcomment: str | None) -> list[str]:
    """The provenance lines of a translator comment, without the prefix."""
    if not tcomment:
        return []
    return [ln[len(PREFIX) :] for ln in tcomment.split("\n") if ln.startswith(PREFIX)]


def head(text: str) -> str:
    """The first word of a provenance line (``text`` without the prefix), a final colon
    dropped: ``mt``, ``tm``, ``source``, ``glossary``…"""
    return text.split(" ", 1)[0].rstrip(":")


def line_facts(text: str) -> int:
    """The facts one provenance line records (``text`` without the prefix)."""
    return STATE_HEADS.get(head(text), 0)


def comment_facts(tcomment: str | None) -> int:
    """The facts recorded by the provenance lines of a translator comment."""
    facts = 0
    for text in lines(tcomment):
        facts |= line_facts(text)
    return facts


def kinds(tcomment: str | None) -> set[str]:
    """The kinds of the provenance lines of a translator comment (``source changed`` for the
    lines that start so)."""
    out = set()
    for text in lines(tcomment):
        kind = head(text)
        out.add("source changed" if kind == "source" else kind)
    return out


def strip(tcomment: str | None, *, keep: tuple[str, ...] = ()) -> str:
    """The translator comment without tmflow's provenance lines (human comments kept), except
    the lines of the kinds in ``keep``."""
    if not tcomment:
        return ""
    kept = tuple(PREFIX + kind for kind in keep)
    return "\n".join(
        ln
        for ln in tcomment.split("\n")
        if not ln.startswith(PREFIX) or (kept and ln.startswith(kept))
    )


def add(tcomment: str | None, new_line: str, *, replace_kind: str | None = None) -> str:
    """Append a provenance line; with ``replace_kind``, drop earlier lines of that kind."""
    kept = [ln for ln in (tcomment or "").split("\n") if ln != ""] if tcomment else []
    if replace_kind:
        kept = [ln for ln in kept if not ln.startswith(PREFIX + replace_kind)]
    if new_line not in kept:
        kept.append(new_line)
    return "\n".join(kept)


COPIED = "copied"
DIGEST_PREFIX = "sha256:"


@dataclass(frozen=True)
class MtMark:
    """What the ``mt`` line of a machine draft says: the engine, the date (``YYYY-MM-DD``)
    and, for drafts made since tmflow records it, the digest of the text the engine gave."""

    engine: str
    date: str
    digest: str | None = None


def text_digest(text: str) -> str:
    """The digest written on an ``mt`` line: enough to tell an edited draft from the
    engine's text, short enough to read past."""
    return DIGEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def mt_line(engine: str, date: str, text: str) -> str:
    """The provenance line of a machine draft of ``text``."""
    return line("mt", f"{engine} {date} {text_digest(text)}")


def mt_mark(tcomment: str | None) -> MtMark | None:
    """The ``mt`` line of an entry (not ``mt rejected:``), or None when it has none."""
    for ln in lines(tcomment):
        parts = ln.split()
        if len(parts) >= 2 and parts[0] == "mt" and not parts[1].endswith(":"):
            date = parts[2] if len(parts) > 2 else ""
            digest = next((p for p in parts[3:] if p.startswith(DIGEST_PREFIX)), None)
            return MtMark(parts[1], date, digest)
    return None


def is_copy(entry: EntryLike) -> bool:
    """tmflow's copy of a source with nothing to translate, as tmflow made it: not fuzzy,
    the translation equal to the source, a ``copied`` line. A reviewer's change (another
    text, the fuzzy flag) makes it a person's entry."""
    return (
        not entry.msgid_plural
        and "fuzzy" not in entry.flags
        and entry.msgstr == entry.msgid != ""
        and COPIED in kinds(entry.tcomment)
    )


def is_translated(entry: EntryLike) -> bool:
    """A non-empty translation (every plural form filled)."""
    if entry.msgid_plural:
        values = list(entry.msgstr_plural.values()) if entry.msgstr_plural else []
        return bool(values) and all(v != "" for v in values)
    return entry.msgstr != ""


def facts_of(entry: EntryLike) -> int:
    """The facts of an entry (see ``state_of``)."""
    tcomment = entry.tcomment
    facts = comment_facts(tcomment) if tcomment and PREFIX in tcomment else 0
    if entry.obsolete:
        facts |= OBSOLETE
    if is_translated(entry):
        facts |= FILLED
    if "fuzzy" in entry.flags:
        facts |= FUZZY
    if entry.previous_msgid is not None:
        facts |= CHANGED
    return facts


def classify(entry: EntryLike) -> EntryState:
    """The state of an entry in the vocabulary of every report."""
    return STATE_BY_FACTS[facts_of(entry)]


def conflict_line(text: str, form: int | None = None) -> str:
    """``tmflow: conflict: other branch: "…"``: the text the other branch of a merge had
    (``form``: a plural form's index, written ``msgstr[N]`` before the text), quoted as a JSON
    string so that any text fits on one comment line."""
    where = f"msgstr[{form}] " if form is not None else ""
    return line(CONFLICT + ":", _OTHER_BRANCH + where + json.dumps(text, ensure_ascii=False))


def conflict_texts(tcomment: str | None) -> list[tuple[int | None, str]]:
    """The other branch's texts recorded by ``conflict_line``: (plural form or None, text)."""
    out: list[tuple[int | None, str]] = []
    for ln in lines(tcomment):
        head, _, rest = ln.partition(" ")
        if head != CONFLICT + ":" or not rest.startswith(_OTHER_BRANCH):
            continue
        rest = rest[len(_OTHER_BRANCH) :]
        form: int | None = None
        if rest.startswith("msgstr["):
            index, _, rest = rest[len("msgstr[") :].partition("] ")
            form = int(index) if index.isdigit() else None
        try:
            text = json.loads(rest)
        except ValueError:
            continue  # edited by hand beyond recognition: not a recorded text
        if isinstance(text, str):
            out.append((form, text))
    return out


def is_conflict(entry: EntryLike) -> bool:
    """An unresolved merge conflict: a ``tmflow: conflict`` line on an entry that is still
    fuzzy (or not filled). Clearing the fuzzy flag of a filled entry resolves it; the next
    ``update`` then removes the line like every provenance line of a reviewed entry."""
    if CONFLICT not in kinds(entry.tcomment):
        return False
    return classify(entry) not in (EntryState.TRANSLATED, EntryState.OBSOLETE)


def _always(state: EntryState, present: int, absent: int) -> bool:
    """Is every entry with the facts ``present`` and none of ``absent`` in ``state``?"""
    return all(
        STATE_BY_FACTS[f] is state
        for f in range(ALL_FACTS)
        if f & present == present and not f & absent
    )


# Shortcuts the fast readers may take, derived from the table: a rule change that breaks one
# turns it off, and the fast readers then read the comment lines of every entry.
#: an entry with no translation is untranslated, whatever its flags and comment lines say
EMPTY_IS_UNTRANSLATED: bool = _always(EntryState.UNTRANSLATED, 0, FILLED | OBSOLETE)
#: a filled entry without the fuzzy flag is translated, whatever its comment lines say
UNFLAGGED_IS_TRANSLATED: bool = _always(EntryState.TRANSLATED, FILLED, FUZZY | OBSOLETE)
