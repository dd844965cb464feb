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


def kinds(tcomment: str | None) -> set[str]:
    out = set()
    for ln in lines(tcomment):
        head = ln.split(" ", 1)[0].rstrip(":")
        if head == "source":
            head = "source changed"
        out.add(head)
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


def classify(entry: EntryLike) -> EntryState:
    """The state of an entry in the vocabulary of every report."""
    if entry.obsolete:
        return EntryState.OBSOLETE
    fuzzy = "fuzzy" in entry.flags
    if not is_translated(entry):
        return EntryState.UNTRANSLATED
    if not fuzzy:
        return EntryState.TRANSLATED
    return draft_state(entry.tcomment, entry.previous_msgid)


def draft_state(tcomment: str | None, previous_msgid: str | None) -> EntryState:
    """The state of a filled fuzzy entry with these comments (``classify``'s last answers)."""
    found = kinds(tcomment)
    if "tm" in found:
        return EntryState.DRAFT_TM
    if "mt" in found:
        return EntryState.DRAFT_MT
    if previous_msgid is not None or "source changed" in found:
        return EntryState.SOURCE_CHANGED
    return EntryState.FUZZY


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
    if entry.obsolete or CONFLICT not in kinds(entry.tcomment):
        return False
    return "fuzzy" in entry.flags or not is_translated(entry)
