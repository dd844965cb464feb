from __future__ import annotations

import polib

from tmflow.core import provenance
from tmflow.core.model import EntryState


def entry(**kw: object) -> polib.POEntry:
    return polib.POEntry(**kw)


def test_classify_every_state() -> None:
    assert provenance.classify(entry(msgid="a", msgstr="")) is EntryState.UNTRANSLATED
    assert (
        provenance.classify(entry(msgid="a", msgstr="", flags=["fuzzy"]))
        is EntryState.UNTRANSLATED
    )
    assert provenance.classify(entry(msgid="a", msgstr="b")) is EntryState.TRANSLATED
    mt = entry(msgid="a", msgstr="b", flags=["fuzzy"], tcomment="tmflow: mt google 2026-11-27")
    assert provenance.classify(mt) is EntryState.DRAFT_MT
    tm = entry(
        msgid="a",
        msgstr="b",
        flags=["fuzzy"],
        previous_msgid="x",
        tcomment="tmflow: tm 92% ru/other.po",
    )
    assert provenance.classify(tm) is EntryState.DRAFT_TM
    changed = entry(msgid="a", msgstr="b", flags=["fuzzy"], previous_msgid="x")
    assert provenance.classify(changed) is EntryState.SOURCE_CHANGED
    assert provenance.classify(entry(msgid="a", msgstr="b", flags=["fuzzy"])) is EntryState.FUZZY
    assert provenance.classify(entry(msgid="a", msgstr="b", obsolete=True)) is EntryState.OBSOLETE
    plural = entry(msgid="a", msgid_plural="as", msgstr_plural={0: "x", 1: ""})
    assert provenance.classify(plural) is EntryState.UNTRANSLATED


def test_strip_keeps_human_comments_and_add_replaces_kind() -> None:
    comment = "Checked with the editor\ntmflow: mt google 2026-11-27"
    assert provenance.strip(comment) == "Checked with the editor"
    assert provenance.kinds(comment) == {"mt"}
    updated = provenance.add(comment, provenance.line("mt", "libre 2026-11-28"), replace_kind="mt")
    assert updated == "Checked with the editor\ntmflow: mt libre 2026-11-28"
    assert provenance.lines(updated) == ["mt libre 2026-11-28"]
