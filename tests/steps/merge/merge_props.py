"""What the merge property tests share: random reviewer edits on a catalog, and the three
properties of a merge (nothing made on either side is lost, the result is canonical, the merge is
symmetric up to which side is kept in a conflict entry)."""

from __future__ import annotations

from typing import Any

import polib

from tmflow.core import provenance
from tmflow.io.po.reader import parse_po
from tmflow.io.po.writer import dumps_po

SENTENCES = [
    "The ceremony took place in Moscow on 26 February.",
    "Hundreds of people attended the event.",
    "The ambassador spoke about the tragedy.",
    "A minute of silence was observed.",
    "Flowers were laid at the memorial.",
    "The campaign was launched in 2008.",
    "Students read poems about the town.",
    "The exhibition will stay open until March.",
]

# what a reviewer does in a PO editor (and ``draft`` does to an untranslated entry)
OPS = ("translate", "edit", "fuzzy", "unfuzzy", "draft", "comment", "clear")


def apply_op(po: polib.POFile, op: str, n: int, tag: str) -> None:
    """One edit on the live entry ``n`` (modulo their number); ``tag`` makes the text unique
    to this side and step."""
    live = [e for e in po if not e.obsolete]
    if not live:
        return
    e = live[n % len(live)]
    fuzzy = "fuzzy" in e.flags
    if op == "translate":  # type a translation, clear "needs work" (the label stays, as in Poedit)
        e.msgstr = f"{tag} {e.msgid[:12]}"
        if fuzzy:
            e.flags.remove("fuzzy")
    elif op == "edit" and e.msgstr:
        e.msgstr = f"{e.msgstr} / {tag}"
    elif op == "fuzzy" and e.msgstr and not fuzzy:
        e.flags.insert(0, "fuzzy")
    elif op == "unfuzzy" and fuzzy:
        e.flags.remove("fuzzy")
    elif op == "draft" and not e.msgstr:  # a machine draft (the pseudo engine is deterministic)
        e.msgstr = f"[{e.msgid}]"
        if not fuzzy:
            e.flags.insert(0, "fuzzy")
        e.tcomment = provenance.add(
            e.tcomment, provenance.line("mt", f"pseudo 2026-03-0{1 + n % 9}"), replace_kind="mt"
        )
    elif op == "comment":
        e.tcomment = f"{e.tcomment}\nnote {tag}" if e.tcomment else f"note {tag}"
    elif op == "clear" and e.msgstr:
        e.msgstr = ""
        if fuzzy:
            e.flags.remove("fuzzy")


def texts_of(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [v for _, v in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def _machine(entry: polib.POEntry, base: polib.POEntry | None) -> bool:
    """A machine draft new on its side (the merge may drop it for a human's text)."""
    if "fuzzy" not in entry.flags or not provenance.kinds(entry.tcomment) & {"mt", "tm"}:
        return False
    return base is None or not any(texts_of(base)) or texts_of(base) == texts_of(entry)


def by_key(po: polib.POFile) -> dict[tuple[str | None, str], list[polib.POEntry]]:
    out: dict[tuple[str | None, str], list[polib.POEntry]] = {}
    for e in po:
        out.setdefault((e.msgctxt, e.msgid), []).append(e)
    return out


def made(side: polib.POFile, base: polib.POFile | None) -> list[tuple[Any, str]]:
    """(key, text) of every translation made on a side: a text that is not the base's for that
    key and not a new machine draft."""
    base_keys = by_key(base) if base is not None else {}
    out = []
    for e in side:
        key = (e.msgctxt, e.msgid)
        old = next(iter(base_keys.get(key, [])), None)
        if _machine(e, old):
            continue
        before = texts_of(old) if old is not None else []
        for text in texts_of(e):
            if text and text not in before:
                out.append((key, text))
    return out


def kept_texts(entries: list[polib.POEntry]) -> set[str]:
    out: set[str] = set()
    for e in entries:
        out.update(texts_of(e))
        out.update(text for _, text in provenance.conflict_texts(e.tcomment))
    return out


def check_merge(
    text: str, base: polib.POFile | None, ours: polib.POFile, theirs: polib.POFile
) -> polib.POFile:
    """The result parses, is canonical, and keeps every translation made on either side (at
    its key: as the text, as a conflict comment, or in an obsolete entry)."""
    po = parse_po(text, "merged.po")
    assert dumps_po(po) == text, "not in the canonical layout"
    result = by_key(po)
    for side in (ours, theirs):
        for key, made_text in made(side, base):
            assert made_text in kept_texts(result.get(key, [])), (key, made_text)
    return po


def normal(po: polib.POFile) -> dict[str, Any]:
    """A catalog read without the choices that depend on which side is ours: per entry, its
    texts (kept and conflict ones together), state, flags, comments and references as sets;
    provenance only where no conflict chose between two sides; the header as a mapping."""
    entries = {}
    for e in po:
        lines = (e.tcomment or "").split("\n") if e.tcomment else []
        human = frozenset(ln for ln in lines if not ln.startswith(provenance.PREFIX))
        conflict = provenance.CONFLICT in provenance.kinds(e.tcomment)
        prov = (
            None
            if conflict
            else (
                frozenset(ln for ln in lines if ln.startswith(provenance.PREFIX)),
                e.previous_msgid,
            )
        )
        entries[(e.msgctxt, e.msgid, e.obsolete)] = (
            frozenset(kept_texts([e])),
            conflict,
            frozenset(e.flags),
            human,
            prov,
            frozenset((e.comment or "").split("\n")),
            frozenset(e.occurrences),
        )
    return {
        "header": dict(po.metadata),
        "comment": frozenset((po.header or "").split("\n")),
        "entries": entries,
    }
