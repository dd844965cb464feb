"""An unreviewed machine draft is drafted again after a source edit, and kept as obsolete."""

from __future__ import annotations

import polib

from tmflow.core import provenance
from tmflow.io.po.writer import new_catalog, new_template
from tmflow.steps.merge.update import update_catalog

OLD = "The campaign was initiated 5 years ago in Moscow."
NEW = "The campaign was initiated 6 years ago in Moscow."


def _catalogs(tcomment: str, fuzzy: bool) -> tuple[polib.POFile, polib.POFile]:
    template = new_template("t", "2026-01-01 00:00+0000")
    template.append(polib.POEntry(msgid=NEW, msgstr=""))
    catalog = new_catalog("t", "fr", "2026-01-01 00:00+0000")
    catalog.append(
        polib.POEntry(
            msgid=OLD,
            msgstr="La campagne a été lancée il y a 5 ans.",
            flags=["fuzzy"] if fuzzy else [],
            tcomment=tcomment,
        )
    )
    return template, catalog


def test_an_mt_draft_is_not_carried_to_the_edited_segment() -> None:
    template, catalog = _catalogs(provenance.line("mt", "google 2026-11-27"), fuzzy=True)
    result = update_catalog(template, catalog, "fr")
    live = [e for e in result.catalog if not e.obsolete]
    dead = [e for e in result.catalog if e.obsolete]
    assert [(e.msgid, e.msgstr) for e in live] == [(NEW, "")]
    assert provenance.classify(live[0]).value == "untranslated"
    assert [e.msgid for e in dead] == [OLD]  # the old draft is still in the file
    assert result.receipt.lost == []


def test_a_reviewed_translation_is_carried_as_fuzzy_with_the_old_source() -> None:
    template, catalog = _catalogs("", fuzzy=False)
    result = update_catalog(template, catalog, "fr")
    [entry] = [e for e in result.catalog if not e.obsolete]
    assert entry.msgstr == "La campagne a été lancée il y a 5 ans."
    assert "fuzzy" in entry.flags and entry.previous_msgid == OLD
    assert "tmflow: source changed: numbers" in entry.tcomment
