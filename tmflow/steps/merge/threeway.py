"""Three-way merge of PO and POT files, entry by entry: the rules of tmflow's git merge driver
and of ``tmflow resolve``.

Git merges lines; a PO file is a set of entries keyed by (msgctxt, msgid). Two translators who
finish different sentences of one article on two branches change different entries, and this
merge combines them whatever lines they are on (git's line merge conflicts where both branches
touched neighbouring lines: always on the ``PO-Revision-Date`` header line editors update, and
all over a file one branch updated after a source edit).

Per key, with the common ancestor (base) and the two sides (ours, theirs):

* an entry changed on one side only takes that side (added, edited, made obsolete or removed);
  both sides the same: that;
* both sides changed it differently: the parts are merged one by one —

  - the **translation** (the msgstr or plural forms, the fuzzy flag and what describes the text:
    ``#|`` previous source and ``# tmflow:`` provenance lines) is taken whole from one side: the
    side that changed it; else the side with text when the other emptied it; else a human's
    text over a machine draft (a fuzzy ``tmflow: mt``/``tm`` draft that is new on its side,
    or the base's draft unchanged: a machine never overwrites a human translation, and a
    draft can be made again; as for ``update``, a draft is a machine's until a reviewer clears
    its fuzzy flag or edits a draft that was already there); the same
    text with and without the fuzzy flag stays fuzzy unless the fuzzy side is such a machine
    draft. Otherwise the two translations **conflict**: ours stays as the text, fuzzy, and
    theirs goes beside it in a translator comment ``# tmflow: conflict: other branch: "…"``
    (``tmflow.core.provenance.conflict_line``), where every PO editor shows it; ``build``
    never publishes a fuzzy entry and ``check`` reports it (``merge-conflict``);
  - translator comments, extracted comments (``#.``), references (``#:``) and the other flags
    are merged line by line (a line added on either side is kept, a line removed on either side
    goes), the state live/obsolete likewise (with no base: live wins);
  - one side removed a live entry and the other changed it: the changed entry stays if it holds
    a translation (as obsolete, ``#~``: the side that removed it no longer has the segment;
    ``update`` revives it if the segment is in the template), else the removal wins; one side
    removed an obsolete entry (a clean-up) and the other changed it (revived it, say): the
    changed entry;
* the header: each field as above; both changed: ``PO-Revision-Date`` and
  ``POT-Creation-Date`` take the newer date, and any other field the value of the side with the
  newer revision date (ours when equal). Header values are never rewritten otherwise.

So no translation made on either side is lost: a text is kept as the entry's text, as the
conflict comment, or (removed vs. changed) as an obsolete entry; the only texts dropped are
machine drafts a human replaced on the other side. A conflict in an obsolete entry is recorded
the same way but does not count as unresolved: obsolete entries are neither published nor
checked.

The merge is symmetric up to which side's text is kept in a conflict entry and the order of
lines and entries that both sides added.

Order of the result: ours' order, and each entry only theirs has after the entry that comes
before it in theirs; live entries first, obsolete ones after (the canonical layout). The text is
written by ``tmflow.io.po.writer`` (the canonical layout), so it always parses.

Speed (``merge_texts``): an entry in the usual canonical shape (recognised, with its key, by
one regular expression: ``_simple_key``) is not parsed; when two of its versions are the same
text, the choice is made on the text and the chosen block is written as it is. Only the
entries both sides changed, and blocks of other shapes, are parsed. A 20,000-entry file
merges in a fraction of a second (``bench/bench_merge.py``); ``merge_catalogs``, which parses
everything, gives the same bytes (a property test compares them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import polib

from tmflow.core import provenance
from tmflow.core.errors import PoSyntaxError
from tmflow.io.po.escape import InvalidEscape, unescape
from tmflow.io.po.reader import parse_po
from tmflow.io.po.writer import entry_lines, header_lines

Key = tuple[str | None, str]
# a place in a file's order: ("k", key) an entry, ("r", text) a block carried over as it is,
# ("x", n) the n-th extra obsolete entry (a twin of a live entry with the same key)
Token = tuple[str, Any]

MACHINE_KINDS = frozenset({"mt", "tm"})
DATE_KEYS = ("PO-Revision-Date", "POT-Creation-Date")


@dataclass(frozen=True)
class Conflict:
    """An entry both sides translated differently: the text kept and the other side's."""

    msgctxt: str | None
    msgid: str
    kept: tuple[str, ...]
    other: tuple[str, ...]
    obsolete: bool = False
    line: int | None = None  # line of the entry's msgid in the merged text


@dataclass
class TextMerge:
    """The merged file's text and the conflicts written into it."""

    text: str
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def unresolved(self) -> list[Conflict]:
        """Conflicts in live entries: what a reviewer must decide (git's "not clean")."""
        return [c for c in self.conflicts if not c.obsolete]


@dataclass
class CatalogMerge:
    catalog: polib.POFile
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if not c.obsolete]


# ---------------------------------------------------------------------------------------------
# one version of a file


@dataclass
class _Side:
    header: polib.POFile | None  # header comment, metadata and its fuzzy flag; None: no header
    tokens: list[Token]  # file order
    entries: dict[Key, polib.POEntry]  # the live entry of each key, else its obsolete one
    extras: list[polib.POEntry] = field(default_factory=list)  # obsolete twins of live keys
    # live entries not parsed (yet): their blocks, surely in the canonical layout
    raw: dict[Key, str] = field(default_factory=dict)


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def _add(side: _Side, entry: polib.POEntry) -> bool:
    """Append a parsed entry to a side: the entry of its key, or an extra obsolete twin. False
    for a second live entry with one key (a duplicate)."""
    key = _key(entry)
    if key in side.raw:
        if not entry.obsolete:
            return False
        side.tokens.append(("x", len(side.extras)))
        side.extras.append(entry)
        return True
    old = side.entries.get(key)
    if old is None:
        side.entries[key] = entry
        side.tokens.append(("k", key))
        return True
    if old.obsolete and not entry.obsolete:  # the live one is the key's entry
        side.entries[key] = entry
        side.tokens[side.tokens.index(("k", key))] = ("x", len(side.extras))
        side.extras.append(old)
        side.tokens.append(("k", key))
        return True
    if not old.obsolete and not entry.obsolete:
        return False
    side.tokens.append(("x", len(side.extras)))
    side.extras.append(entry)
    return True


def _add_raw(side: _Side, key: Key, block: str) -> bool:
    """Append a live entry's block, unparsed; False for a duplicate."""
    if key in side.raw:
        return False
    old = side.entries.get(key)
    if old is not None:
        if not old.obsolete:
            return False
        del side.entries[key]  # an obsolete twin parsed before: an extra
        side.tokens[side.tokens.index(("k", key))] = ("x", len(side.extras))
        side.extras.append(old)
    side.raw[key] = block
    side.tokens.append(("k", key))
    return True


def _side_of(po: polib.POFile) -> _Side:
    side = _Side(po if _has_header(po) else None, [], {})
    for entry in po:
        _add(side, entry)
    return side


def _has_header(po: polib.POFile) -> bool:
    return bool(po.metadata) or bool(po.header) or bool(po.metadata_is_fuzzy)


# ---------------------------------------------------------------------------------------------
# entries


def _texts(entry: polib.POEntry) -> tuple[Any, ...]:
    if entry.msgid_plural:
        return tuple(sorted((int(k), v) for k, v in (entry.msgstr_plural or {}).items()))
    return (entry.msgstr,)


def _text_values(texts: tuple[Any, ...]) -> list[str]:
    return [t[1] if isinstance(t, tuple) else t for t in texts]


def _empty(texts: tuple[Any, ...]) -> bool:
    return all(v == "" for v in _text_values(texts))


def _split_comment(tcomment: str | None) -> tuple[list[str], list[str]]:
    """(human lines, provenance lines) of a translator comment."""
    human: list[str] = []
    prov: list[str] = []
    for ln in (tcomment or "").split("\n") if tcomment else []:
        (prov if ln.startswith(provenance.PREFIX) else human).append(ln)
    return human, prov


def _other_flags(entry: polib.POEntry) -> list[str]:
    return [f for f in dict.fromkeys(entry.flags) if f and f != "fuzzy"]


def _signature(entry: polib.POEntry | None) -> tuple[Any, ...] | None:
    if entry is None:
        return None
    return (
        entry.obsolete,
        entry.msgid_plural or "",
        _texts(entry),
        tuple(sorted(set(entry.flags))),
        entry.tcomment or "",
        entry.comment or "",
        tuple(entry.occurrences),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
    )


@dataclass(frozen=True)
class _Unit:
    """The translation of an entry and what describes it, merged as one piece."""

    texts: tuple[Any, ...]
    fuzzy: bool
    prov: tuple[str, ...]
    previous: tuple[str | None, str | None, str | None]

    @classmethod
    def of(cls, entry: polib.POEntry) -> _Unit:
        return cls(
            _texts(entry),
            "fuzzy" in entry.flags and not _empty(_texts(entry)),
            tuple(_split_comment(entry.tcomment)[1]),
            (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural),
        )

    def order(self) -> tuple[Any, ...]:
        return (self.prov, tuple("" if p is None else p for p in self.previous))


def _machine(unit: _Unit, base: _Unit | None) -> bool:
    """A machine draft new on its side: fuzzy, labelled mt/tm, and either made since the base
    (which had no text) or the base's own draft unchanged. An MT draft whose text a reviewer
    edited (still fuzzy) is a human's work in progress."""
    if not unit.fuzzy or not provenance.kinds("\n".join(unit.prov)) & MACHINE_KINDS:
        return False
    return base is None or _empty(base.texts) or base.texts == unit.texts


def _first_text(unit: _Unit) -> str:
    values = _text_values(unit.texts)
    return values[0] if values else ""


def _merge_unit(o: _Unit | None, a: _Unit, b: _Unit) -> tuple[_Unit, tuple[_Unit, _Unit] | None]:
    """The merged translation, and (kept, other) when the two sides conflict."""
    if a == b:
        return a, None
    if o is not None:
        if a == o:
            return b, None
        if b == o:
            return a, None
    if a.texts == b.texts:
        if a.fuzzy == b.fuzzy:  # only the labels differ: the same choice either way round
            return max(a, b, key=_Unit.order), None
        fuzzy, plain = (a, b) if a.fuzzy else (b, a)
        return (plain if _machine(fuzzy, o) else fuzzy), None
    empty_a, empty_b = _empty(a.texts), _empty(b.texts)
    if empty_a != empty_b:
        return (b if empty_a else a), None
    if empty_a:  # both empty, differently shaped (plural forms): either
        return max(a, b, key=lambda u: (u.texts, u.order())), None
    machine_a, machine_b = _machine(a, o), _machine(b, o)
    if machine_a != machine_b:
        return (b if machine_a else a), None
    if _first_text(a) == "" and _first_text(b) != "":
        return b, (b, a)  # keep a text whose first form is filled: gettext's fuzzy needs it
    return a, (a, b)


def _conflict_unit(kept: _Unit, other: _Unit) -> _Unit:
    """The kept translation, fuzzy, with the other side's texts in conflict lines (and the
    conflict lines the other side already carried)."""
    prov = list(kept.prov)
    marker = provenance.PREFIX + provenance.CONFLICT
    for ln in other.prov:
        if ln.startswith(marker) and ln not in prov:
            prov.append(ln)
    kept_forms: dict[int, str] = dict(t for t in kept.texts if isinstance(t, tuple))
    for item in other.texts:
        if isinstance(item, tuple):
            form, text = item
            if text == "" or kept_forms.get(form) == text:
                continue
            new = provenance.conflict_line(text, form)
        else:
            new = provenance.conflict_line(item)
        if new not in prov:
            prov.append(new)
    return _Unit(kept.texts, True, tuple(prov), kept.previous)


def _merge_lines(o: list[Any] | None, a: list[Any], b: list[Any]) -> list[Any]:
    """Three-way merge of lists read as sets of lines: a line either side added is kept, a line
    either side removed goes; ours' order, then theirs' new lines."""
    if a == b:
        return a
    if o is not None:
        if a == o:
            return b
        if b == o:
            return a
    base = set(o or ())
    removed = (base - set(a)) | (base - set(b))
    out = [x for x in a if x not in removed]
    seen = set(out)
    for x in b:
        if x not in seen and x not in removed:
            out.append(x)
            seen.add(x)
    return out


def _merge_value(o: Any, a: Any, b: Any) -> Any:
    if a == b or b == o:
        return a
    return b if a == o else a  # both changed: ours


def _lines(text: str | None) -> list[str]:
    return text.split("\n") if text else []


def _with_translation(
    entry: polib.POEntry,
    unit: _Unit,
    *,
    msgid_plural: str,
    flags: list[str],
    human: list[str],
    **fields: Any,
) -> polib.POEntry:
    """A new entry: ``entry``'s key, ``unit``'s translation, the other fields as given."""
    forms = [t for t in unit.texts if isinstance(t, tuple)]
    if forms or (msgid_plural and not unit.texts):
        msgstr_plural = {int(k): v for k, v in forms} if forms else {0: "", 1: ""}
        msgstr = ""
        msgid_plural = msgid_plural or entry.msgid_plural or "?"
    else:
        msgstr_plural = {}
        msgstr = unit.texts[0] if unit.texts else ""
        msgid_plural = ""
    return polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=msgid_plural,
        msgstr=msgstr,
        msgstr_plural=msgstr_plural,
        flags=(["fuzzy"] if unit.fuzzy else []) + flags,
        tcomment="\n".join([*human, *unit.prov]),
        previous_msgctxt=unit.previous[0],
        previous_msgid=unit.previous[1],
        previous_msgid_plural=unit.previous[2],
        **fields,
    )


def _obsolete(entry: polib.POEntry) -> polib.POEntry:
    """``entry`` as an obsolete entry, as ``update`` writes one (no references, no ``#.``)."""
    return polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural or {}),
        occurrences=[],
        comment="",
        tcomment=entry.tcomment,
        flags=list(entry.flags),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=True,
    )


def merge_entry(
    o: polib.POEntry | None, a: polib.POEntry | None, b: polib.POEntry | None
) -> tuple[polib.POEntry | None, tuple[_Unit, _Unit] | None]:
    """The merged entry of one key (None: removed) and, for a conflict, (kept, other)."""
    sa, sb = _signature(a), _signature(b)
    if sa == sb:
        return a, None
    so = _signature(o)
    if sa == so:
        return b, None
    if sb == so:
        return a, None
    if a is None or b is None:  # removed on one side, changed on the other
        kept = a if a is not None else b
        assert kept is not None
        if o is not None and o.obsolete:
            return kept, None  # a clean-up of obsolete entries does not undo a revival
        if _empty(_texts(kept)):
            return None, None
        return (kept if kept.obsolete else _obsolete(kept)), None
    ua, ub = _Unit.of(a), _Unit.of(b)
    uo = _Unit.of(o) if o is not None else None
    unit, conflict = _merge_unit(uo, ua, ub)
    if conflict is not None:
        unit = _conflict_unit(*conflict)
    human_o = _split_comment(o.tcomment)[0] if o is not None else None
    human = _merge_lines(human_o, _split_comment(a.tcomment)[0], _split_comment(b.tcomment)[0])
    if o is not None:
        obsolete = _merge_value(o.obsolete, a.obsolete, b.obsolete)
    else:
        obsolete = a.obsolete and b.obsolete  # added on both sides: live wins
    plural_of = [e for e in (a, b) if e.msgid_plural and _Unit.of(e).texts == unit.texts]
    merged = _with_translation(
        a,
        unit,
        msgid_plural=_merge_value(
            o.msgid_plural if o is not None else None, a.msgid_plural, b.msgid_plural
        )
        or (plural_of[0].msgid_plural if plural_of else ""),
        flags=_merge_lines(
            _other_flags(o) if o is not None else None, _other_flags(a), _other_flags(b)
        ),
        human=human,
        comment="\n".join(
            _merge_lines(
                _lines(o.comment) if o is not None else None, _lines(a.comment), _lines(b.comment)
            )
        ),
        occurrences=_merge_lines(
            list(o.occurrences) if o is not None else None,
            list(a.occurrences),
            list(b.occurrences),
        ),
        obsolete=obsolete,
    )
    for side in (a, b):  # keep a side's comment as written when the merge gave exactly it
        h, p = _split_comment(side.tcomment)
        if h == human and tuple(p) == unit.prov:
            merged.tcomment = side.tcomment
            break
    return merged, conflict


# ---------------------------------------------------------------------------------------------
# the header


_DATE_RE = re.compile(
    r"^\s*(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?\s*([+-]\d\d):?(\d\d)?"
)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    m = _DATE_RE.match(value)
    if m is None:
        return None
    year, month, day, hour, minute, second, zh, zm = m.groups()
    try:
        sign = -1 if zh.startswith("-") else 1
        offset = timedelta(hours=abs(int(zh)), minutes=int(zm or 0)) * sign
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            tzinfo=timezone(offset),
        )
    except (ValueError, OverflowError):
        return None


def _newer(a: str | None, b: str | None) -> int:
    """1 when date ``a`` is newer, -1 when ``b`` is, 0 when neither (equal, or both unreadable
    and the same text)."""
    if a == b:
        return 0
    if a is None or b is None:
        return 1 if b is None else -1
    da, db = _date(a), _date(b)
    if da is not None and db is not None:
        return (da > db) - (da < db)
    if da is None and db is None:
        return (a > b) - (a < b)
    return 1 if da is not None else -1  # a readable date beats a placeholder


def merge_headers(
    o: polib.POFile | None, a: polib.POFile | None, b: polib.POFile | None
) -> polib.POFile | None:
    """The merged header (a catalog holding only it), or None when no side has one."""
    if a is None or b is None:  # one side has none: the other's (a header is never lost)
        return a if b is None else b
    ma, mb = a.metadata, b.metadata
    mo = o.metadata if o is not None else {}
    date_key = next((k for k in DATE_KEYS if k in ma or k in mb), DATE_KEYS[0])
    newest = _newer(ma.get(date_key), mb.get(date_key))
    meta: dict[str, str] = {}
    for key in list(ma) + [k for k in mb if k not in ma]:
        va, vb, vo = ma.get(key), mb.get(key), mo.get(key)
        if va == vb:
            value = va
        elif vo == va:
            value = vb
        elif vo == vb:
            value = va
        elif key in DATE_KEYS:
            value = va if _newer(va, vb) >= 0 else vb
        else:
            value = vb if newest < 0 else va
        if value is not None:
            meta[key] = value
    for key in DATE_KEYS:  # both dated: the newer date, whichever side changed it
        if key in meta and ma.get(key) and mb.get(key):
            meta[key] = ma[key] if _newer(ma[key], mb[key]) >= 0 else mb[key]
    out = polib.POFile(wrapwidth=0)
    out.metadata = meta
    out.header = "\n".join(
        _merge_lines(
            _lines(o.header) if o is not None else None, _lines(a.header), _lines(b.header)
        )
    )
    if o is not None:
        out.metadata_is_fuzzy = _merge_value(
            o.metadata_is_fuzzy, a.metadata_is_fuzzy, b.metadata_is_fuzzy
        )
    else:
        out.metadata_is_fuzzy = a.metadata_is_fuzzy or b.metadata_is_fuzzy
    return out


# ---------------------------------------------------------------------------------------------
# the merge of three sides


@dataclass
class _Result:
    header: polib.POFile | None
    live: list[str | polib.POEntry]
    dead: list[str | polib.POEntry]
    conflicts: dict[int, Conflict]  # id() of a merged entry → its conflict


def _merge_sides(o: _Side | None, a: _Side, b: _Side) -> _Result:
    header = merge_headers(o.header if o else None, a.header, b.header)
    merged: dict[Key, str | polib.POEntry | None] = {}
    conflicts: dict[int, Conflict] = {}
    sides = [side for side in (o, a, b) if side is not None]
    parsed = set().union(*(side.entries for side in sides))
    pending = list(parsed)  # keys with a parsed version: merged entry by entry
    # the others: every version an unparsed block, decided by the text when two agree
    raw_a, raw_b = a.raw, b.raw
    raw_o = o.raw if o is not None else {}
    for key in dict.fromkeys([*raw_a, *raw_b]):
        if key in parsed:
            continue
        ra, rb = raw_a.get(key), raw_b.get(key)
        ro = raw_o.get(key)
        if ra == rb or ro == rb:
            merged[key] = ra
        elif ro == ra:
            merged[key] = rb
        else:
            pending.append(key)
    if pending:
        _parse_raw(sides, pending)
    for key in pending:
        entry, conflict = merge_entry(
            o.entries.get(key) if o else None, a.entries.get(key), b.entries.get(key)
        )
        merged[key] = entry
        if entry is not None and conflict is not None:
            kept, other = conflict
            conflicts[id(entry)] = Conflict(
                key[0],
                key[1],
                tuple(_text_values(kept.texts)),
                tuple(_text_values(other.texts)),
                entry.obsolete,
            )
    # extras (obsolete twins of live entries): every distinct one of either side
    extras: dict[Token, polib.POEntry] = {}
    seen_extra: set[tuple[Any, ...] | None] = set()
    for side, tag in ((a, "a"), (b, "b")):
        for n, entry in enumerate(side.extras):
            sig = (_key(entry), _signature(entry))
            if sig not in seen_extra:
                seen_extra.add(sig)
                extras[("x", (tag, n))] = entry

    def tokens(side: _Side, tag: str) -> Iterator[Token]:
        for token in side.tokens:
            yield ("x", (tag, token[1])) if token[0] == "x" else token

    # ours' order, each token only theirs has after the token before it in theirs
    ours = list(tokens(a, "a"))
    placed = set(ours)
    after: dict[Token | None, list[Token]] = {}
    anchor: Token | None = None
    for token in tokens(b, "b"):
        if token in placed:
            anchor = token
        else:
            after.setdefault(anchor, []).append(token)
            placed.add(token)
    order = after.get(None, [])
    for token in ours:
        order.append(token)
        order.extend(after.get(token, ()))
    live: list[str | polib.POEntry] = []
    dead: list[str | polib.POEntry] = []
    done: set[Token] = set()
    for token in order:
        if token in done:
            continue
        done.add(token)
        kind, value = token
        item = merged.get(value) if kind == "k" else extras.get(token)
        if isinstance(item, str):
            live.append(item)  # an unparsed block is a live entry
        elif item is not None:
            (dead if item.obsolete else live).append(item)
    return _Result(header, live, dead, conflicts)


def _parse_raw(sides: list[_Side], keys: list[Key]) -> None:
    """Parse the unparsed blocks of these keys (one parse per side: a side has each key once);
    each parsed block is a canonical entry, so it parses to exactly that key."""
    for side in sides:
        wanted = [k for k in keys if k in side.raw]
        if not wanted:
            continue
        po = parse_po(
            "\n\n".join(side.raw[k] for k in wanted) + "\n", "<merge>", require_header=False
        )
        for key, entry in zip(wanted, po, strict=True):
            assert _key(entry) == key
            side.entries[key] = entry
            del side.raw[key]


def _render(result: _Result) -> TextMerge:
    blocks: list[str] = []
    found: list[Conflict] = []
    line = 1
    if result.header is not None:
        blocks.append("\n".join(header_lines(result.header)))
    else:
        blocks.append("\n".join(header_lines(polib.POFile(wrapwidth=0))))
    line += blocks[0].count("\n") + 2
    for item in result.live + result.dead:
        if isinstance(item, str):
            block = item
        else:
            lines = entry_lines(item)
            block = "\n".join(lines)
            conflict = result.conflicts.get(id(item))
            if conflict is not None:
                at = next(
                    (i for i, ln in enumerate(lines) if ln.startswith(("msgid ", "#~ msgid "))),
                    0,
                )
                found.append(_at(conflict, line + at))
        blocks.append(block)
        line += block.count("\n") + 2
    return TextMerge("\n\n".join(blocks) + "\n", found)


def _at(conflict: Conflict, line: int) -> Conflict:
    return Conflict(
        conflict.msgctxt, conflict.msgid, conflict.kept, conflict.other, conflict.obsolete, line
    )


# ---------------------------------------------------------------------------------------------
# entry points


def merge_catalogs(
    base: polib.POFile | None, ours: polib.POFile, theirs: polib.POFile
) -> CatalogMerge:
    """Merge two catalogs that share ``base`` (None: no common ancestor). Pure: no argument is
    changed; the entries of the result may be the sides' own objects."""
    sides = [_side_of(po) if po is not None else None for po in (base, ours, theirs)]
    a, b = sides[1], sides[2]
    assert a is not None and b is not None
    result = _merge_sides(sides[0], a, b)
    out = polib.POFile(wrapwidth=0)
    if result.header is not None:
        out.header = result.header.header
        out.metadata = dict(result.header.metadata)
        out.metadata_is_fuzzy = result.header.metadata_is_fuzzy
    conflicts: list[Conflict] = []
    for item in result.live + result.dead:
        assert not isinstance(item, str)
        out.append(item)
        if id(item) in result.conflicts:
            conflicts.append(result.conflicts[id(item)])
    return CatalogMerge(out, conflicts)


def merge_texts(
    base: str | None,
    ours: str,
    theirs: str,
    labels: tuple[str, str, str] = ("base", "ours", "theirs"),
) -> TextMerge:
    """Merge the texts of three versions of a PO or POT file (``base`` None or empty: no common
    ancestor) into the canonical text of the result. A version that does not parse raises its
    ``PoSyntaxError``, whose path is that version's label."""
    texts = [t if t else None for t in (base, ours, theirs)]
    sides = _fast_sides(texts)
    if sides is None:
        sides = [
            _parse_side(t, label) if t is not None else None for t, label in zip(texts, labels)
        ]
    o, a, b = sides
    return _render(
        _merge_sides(o, a or _parse_side("", labels[1]), b or _parse_side("", labels[2]))
    )


def _parse_side(text: str, path: Path | str) -> _Side:
    return _side_of(parse_po(text, path, require_header=False))


# A string body as the canonical writer writes it on one line: no raw character it escapes,
# only the escapes it writes, a line break (``\n``) at the end only.
_PLAIN = r'[^"\\\t\r\n\x07\x08\x0b\x0c]*'
_BODY = rf'{_PLAIN}(?:\\[\\"trabfv]{_PLAIN})*(?:\\n)?'
# A live entry in the simplest canonical shape: comments in the writer's order and form (one
# ``#:`` line, checked apart; no flag but ``fuzzy``; a one-line ``#| msgid``), one-line strings.
_SIMPLE_RE = re.compile(
    r"((?:#(?: [^\n]+)?\n)*)"
    r"(?:#\. [^\n]*\S\n)*"
    r"(#: [^\n]+\n)?"
    r"(#, fuzzy\n)?"
    rf'(?:#\| msgid "{_BODY}"\n)?'
    rf'(?:msgctxt "({_BODY})"\n)?'
    rf'msgid "({_BODY})"\n'
    rf'msgstr "({_BODY})"'
)


def _simple_key(block: str) -> Key | None:
    """The key of a block that is surely one live entry exactly as the canonical writer writes
    it, or None (the block is then parsed like a changed one)."""
    m = _SIMPLE_RE.fullmatch(block)
    if m is None or "\r" in block:
        return None
    tcomment, refs, fuzzy, ctxt, msgid, msgstr = m.groups()
    if tcomment == "#\n":
        return None  # one empty comment line is an empty comment: the writer writes none
    if fuzzy and msgstr == "":
        return None  # the writer drops the fuzzy flag of an empty translation
    if msgid == "" and ctxt is None:
        return None  # a header
    if refs:
        names = refs[3:-1].split(" ")
        if "" in names or len(set(names)) != len(names) or (len(names) > 1 and len(refs) > 80):
            return None
    try:
        return (
            unescape(ctxt) if ctxt is not None else None,
            unescape(msgid) if "\\" in msgid else msgid,
        )
    except InvalidEscape:
        return None


def _fast_sides(texts: list[str | None]) -> list[_Side | None] | None:
    """The sides with their entries in the usual canonical shape left unparsed (``_simple_key``
    gives their keys); None when that cannot be done safely (the caller parses every version
    whole, and that parse reports what is wrong).

    Blocks are the texts between blank lines. An entry whose block is the same in two versions
    is decided by the text alone (changed on one side: that side's block, as it is); only the
    entries both sides changed, and blocks of another shape (plural forms, obsolete entries,
    strings on several lines…), are parsed. A version whose blocks are not one entry each (an
    entry split by a blank line, two entries with none between them), or whose keys repeat, is
    parsed whole instead."""
    present = [t for t in texts if t is not None]
    if len(present) < 2 or any(not t.endswith("\n") for t in present):
        return None
    keys: dict[str, Key | None] = {}  # every distinct block's key (None: not the usual shape)
    out: list[_Side | None] = []
    for text in texts:
        if text is None:
            out.append(None)
            continue
        blocks = text[:-1].split("\n\n")
        for block in blocks[1:]:
            if block not in keys:
                keys[block] = _simple_key(block)
        side = _blocks_side(blocks, keys)
        if side is None:
            return None
        out.append(side)
    return out


def _blocks_side(blocks: list[str], keys: dict[str, Key | None]) -> _Side | None:
    rest = [blk for blk in blocks[1:] if keys[blk] is None]
    if any(not blk.strip() for blk in rest):
        return None  # runs of blank lines: the layout of blocks is not one entry each
    try:
        head = parse_po(blocks[0] + "\n", "<merge>", require_header=False)
        po = parse_po("\n\n".join(rest) + "\n", "<merge>", require_header=False) if rest else None
    except PoSyntaxError:
        return None  # the whole file's parse reports it, at its line
    if len(head) or not _has_header(head):
        return None  # the first block is not a header: parse the file whole
    parsed = list(po) if po is not None else []
    if len(parsed) != len(rest) or (po is not None and _has_header(po)):
        return None
    side = _Side(head, [], {})
    by_block = iter(parsed)
    for blk in blocks[1:]:
        key = keys[blk]
        ok = _add_raw(side, key, blk) if key is not None else _add(side, next(by_block))
        if not ok:
            return None  # a key twice: the whole file's parse reports the duplicate
    return side


# ---------------------------------------------------------------------------------------------
# a file git already merged line by line: its conflict markers


_MARKER_RE = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: |$)")


@dataclass
class ConflictedText:
    """The versions a file with git conflict markers was made from: ours and theirs (each the
    text outside the conflicts plus its side of each), the base when every conflict shows it
    (``merge.conflictStyle = diff3``/``zdiff3``), and, per version, the line of the file each of
    its lines came from."""

    ours: str
    theirs: str
    base: str | None
    lines: dict[str, list[int]]
    conflicts: int


def split_conflicted(text: str, path: Path | str = "<file>") -> ConflictedText | None:
    """The versions of a text with git conflict markers; None when it has none. A marker out of
    place raises ``PoSyntaxError`` at its line."""
    parts: dict[str, list[str]] = {"ours": [], "base": [], "theirs": []}
    origin: dict[str, list[int]] = {"ours": [], "base": [], "theirs": []}
    state = "out"
    with_base = True
    region_has_base = False
    conflicts = 0
    opened = 0
    for number, line in enumerate(text.split("\n"), 1):
        m = _MARKER_RE.match(line.rstrip("\r"))
        if m is None:
            targets: tuple[str, ...] = ("ours", "base", "theirs") if state == "out" else (state,)
            for name in targets:
                parts[name].append(line)
                origin[name].append(number)
            continue
        marker = m.group(1)[0]
        if marker == "<" and state == "out":
            state, opened, region_has_base = "ours", number, False
        elif marker == "|" and state == "ours":
            state, region_has_base = "base", True
        elif marker == "=" and state in ("ours", "base"):
            state = "theirs"
        elif marker == ">" and state == "theirs":
            state = "out"
            conflicts += 1
            with_base = with_base and region_has_base
        else:
            raise PoSyntaxError(
                f"git conflict marker {m.group(1)!r} out of place; cannot tell the two "
                "versions apart",
                path,
                number,
            )
    if state != "out":
        raise PoSyntaxError(
            "git conflict opened here is never closed (no '>>>>>>>')", path, opened
        )
    if conflicts == 0:
        return None
    return ConflictedText(
        "\n".join(parts["ours"]),
        "\n".join(parts["theirs"]),
        "\n".join(parts["base"]) if with_base else None,
        origin,
        conflicts,
    )
