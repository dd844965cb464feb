"""``update_catalog``: merge semantics, change classes, memory drafts, receipts, purity."""

from __future__ import annotations

import polib
import pytest

from tmflow.core import provenance
from tmflow.core.model import EntryState
from tmflow.io.po.writer import dumps_po, new_catalog, new_template
from tmflow.steps.merge.changes import classify_change
from tmflow.steps.merge.memory import Memory, MemoryUnit
from tmflow.steps.merge.update import update_catalog


def template(*msgids: str, comments: dict[str, str] | None = None) -> polib.POFile:
    pot = new_template("news", "2026-11-01 10:00+0000")
    for i, msgid in enumerate(msgids, 1):
        pot.append(
            polib.POEntry(
                msgid=msgid,
                msgstr="",
                occurrences=[("article.txt", str(i))],
                comment=(comments or {}).get(msgid, f"paragraph {i}"),
            )
        )
    return pot


def catalog(*entries: polib.POEntry, language: str = "fr") -> polib.POFile:
    po = new_catalog("news", language, "2026-10-01 10:00+0000")
    po.metadata["PO-Revision-Date"] = "2026-10-02 10:00+0000"
    po.metadata["Last-Translator"] = "Reviewer <r@example.org>"
    for e in entries:
        po.append(e)
    return po


def E(
    msgid: str,
    msgstr: str = "",
    *,
    fuzzy: bool = False,
    obsolete: bool = False,
    tcomment: str = "",
    previous: str | None = None,
) -> polib.POEntry:
    return polib.POEntry(
        msgid=msgid,
        msgstr=msgstr,
        flags=["fuzzy"] if fuzzy else [],
        obsolete=obsolete,
        tcomment=tcomment,
        previous_msgid=previous,
        occurrences=[("old.txt", "9")],
        comment="old comment",
    )


def live(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po if not e.obsolete}


def dead(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po if e.obsolete}


S1 = "On February 27, a remembrance ceremony was held in Moscow."
S2 = "Leyla Aliyeva delivered a speech at the ceremony."
S3 = "The campaign was initiated 5 years ago in Moscow."


def test_new_catalog_gets_a_full_header_and_untranslated_entries() -> None:
    result = update_catalog(template(S1, S2), None, "ru")
    po = result.catalog
    assert po.metadata["Language"] == "ru"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3")
    assert po.metadata["POT-Creation-Date"] == "2026-11-01 10:00+0000"
    assert po.metadata["Project-Id-Version"] == "news"
    assert [e.msgid for e in po] == [S1, S2]
    assert all(e.msgstr == "" for e in po)
    assert result.receipt.added == 2 and result.receipt.translated == 0


def test_same_segment_keeps_translation_flags_and_translator_comments() -> None:
    old = catalog(
        E(S1, "Le 27 février…", tcomment="checked with the desk"),
        E(S2, "Leyla Aliyeva a prononcé…", fuzzy=True, previous="Leyla spoke."),
    )
    result = update_catalog(template(S1, S2), old, "fr")
    got = live(result.catalog)
    assert got[S1].msgstr == "Le 27 février…" and "fuzzy" not in got[S1].flags
    assert got[S1].tcomment == "checked with the desk"
    assert got[S1].occurrences == [("article.txt", "1")]  # #: from the template
    assert got[S1].comment == "paragraph 1"  # #. from the template
    assert "fuzzy" in got[S2].flags and got[S2].previous_msgid == "Leyla spoke."
    assert result.receipt.translated == 1 and result.receipt.still_fuzzy == 1
    # header of an existing catalog: kept, completed, POT date from the template
    assert result.catalog.metadata["Last-Translator"] == "Reviewer <r@example.org>"
    assert result.catalog.metadata["PO-Revision-Date"] == "2026-10-02 10:00+0000"
    assert result.catalog.metadata["POT-Creation-Date"] == "2026-11-01 10:00+0000"


def test_edited_segment_becomes_fuzzy_with_previous_msgid_and_change_class() -> None:
    edited = S1.replace("27", "26").replace("Moscow", "Baku")
    old = catalog(E(S1, "Le 27 février, à Moscou.", tcomment="human note"))
    result = update_catalog(template(edited), old, "fr")
    (entry,) = result.catalog
    assert entry.msgstr == "Le 27 février, à Moscou."
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == S1
    assert "human note" in entry.tcomment
    assert provenance.lines(entry.tcomment) == [
        "source changed: numbers, names (27 → 26; Moscow → Baku)"
    ]
    assert provenance.classify(entry) is EntryState.SOURCE_CHANGED
    assert result.receipt.became_fuzzy == 1 and result.receipt.obsolete == 0
    assert not dead(result.catalog)  # the old entry lives on in the fuzzy one (as msgmerge)


def test_an_unresolved_merge_conflict_keeps_the_other_branch_when_the_source_changes() -> None:
    edited = S1.replace("Moscow", "Baku")
    other = provenance.conflict_line("Le 27 février, à Moscou, une cérémonie.")
    old = catalog(E(S1, "Le 27 février, à Moscou.", fuzzy=True, tcomment=other))
    result = update_catalog(template(edited), old, "fr")
    (entry,) = result.catalog
    assert entry.msgstr == "Le 27 février, à Moscou." and "fuzzy" in entry.flags
    assert provenance.conflict_texts(entry.tcomment) == [
        (None, "Le 27 février, à Moscou, une cérémonie.")
    ]
    assert provenance.is_conflict(entry)
    # once a reviewer settles it (fuzzy cleared), the next update drops the line as usual
    entry.flags.remove("fuzzy")
    again = update_catalog(template(edited), result.catalog, "fr")
    (settled,) = again.catalog
    assert provenance.lines(settled.tcomment) == [] and not provenance.is_conflict(settled)


def test_weekday_edit_is_named_unlike_msgmerge() -> None:
    old = catalog(E("On Monday the meeting starts.", "Am Montag beginnt die Sitzung."))
    result = update_catalog(template("On Tuesday the meeting starts."), old, "de")
    (entry,) = result.catalog
    assert "fuzzy" in entry.flags
    assert provenance.lines(entry.tcomment) == ["source changed: dates (Monday → Tuesday)"]


@pytest.mark.parametrize(
    "old, new, label",
    [
        ('He said "yes".', "He said \u201cyes\u201d.", "typography"),
        ("A  b c.", "A b c. ", "whitespace"),
        ("Hello, world.", "Hello world!", "punctuation"),
        ("In 1992 they came.", "In 1993 they came.", "numbers (1992 → 1993)"),
        ("They met Leyla there.", "They met Kravets there.", "names (Leyla → Kravets)"),
        ("The cat sat on the mat.", "The dog sat on the mat.", "text"),
    ],
)
def test_change_classes(old: str, new: str, label: str) -> None:
    assert classify_change(old, new).label == label


def test_removed_segment_becomes_obsolete_and_is_revived_when_it_returns() -> None:
    old = catalog(E(S1, "T1"), E(S2, "T2"), E(S3, ""))
    first = update_catalog(template(S1), old, "fr")
    assert list(live(first.catalog)) == [S1]
    assert dead(first.catalog)[S2].msgstr == "T2"
    assert dead(first.catalog)[S2].occurrences == [] and dead(first.catalog)[S2].comment == ""
    assert S3 not in dead(first.catalog)  # untranslated: dropped, as msgmerge does
    assert first.receipt.obsolete == 1 and first.receipt.dropped == 1
    second = update_catalog(template(S2, S1), first.catalog, "fr")
    assert [e.msgid for e in second.catalog] == [S2, S1]  # template order
    assert live(second.catalog)[S2].msgstr == "T2"
    assert "fuzzy" not in live(second.catalog)[S2].flags
    assert second.receipt.revived == 1 and not dead(second.catalog)


def test_cleared_fuzzy_loses_its_provenance_lines_and_previous_msgid() -> None:
    entry = E(
        S1,
        "Traduction relue",
        tcomment="keep me\n" + provenance.line("mt", "google"),
        previous="Old source",
    )
    result = update_catalog(template(S1), catalog(entry), "fr")
    (out,) = result.catalog
    assert out.tcomment == "keep me"
    assert out.previous_msgid is None
    assert provenance.classify(out) is EntryState.TRANSLATED


def test_fuzzy_draft_keeps_its_provenance() -> None:
    entry = E(S1, "Brouillon", fuzzy=True, tcomment=provenance.line("mt", "google 2026-11-27"))
    (out,) = update_catalog(template(S1), catalog(entry), "fr").catalog
    assert provenance.classify(out) is EntryState.DRAFT_MT


def test_memory_drafts_untranslated_entries_with_origin_and_score() -> None:
    memory = Memory("fr", [MemoryUnit(S2, "Leyla Aliyeva a prononcé un discours.", "fr/other.po")])
    edited = S2.replace("a speech", "the speech")
    result = update_catalog(template(S2, edited, S3), None, "fr", memory=memory)
    got = live(result.catalog)
    assert "fuzzy" in got[S2].flags
    assert got[S2].previous_msgid is None  # an exact match: no "#|" equal to the msgid
    assert provenance.lines(got[S2].tcomment) == ["tm 100% fr/other.po"]
    assert provenance.classify(got[S2]) is EntryState.DRAFT_TM
    assert got[edited].msgstr == "Leyla Aliyeva a prononcé un discours."
    assert got[edited].previous_msgid == S2  # the matched source, for the diff
    line = provenance.lines(got[edited].tcomment)[0]
    assert line.startswith("tm ") and line.endswith("% fr/other.po")
    assert 75 <= int(line.split()[1].rstrip("%")) < 100
    assert got[S3].msgstr == ""
    assert result.receipt.memory_drafts == 2 and result.receipt.added == 1


def test_memory_threshold_is_respected() -> None:
    memory = Memory("fr", [MemoryUnit("A completely different sentence about peace.", "X", "o")])
    result = update_catalog(template(S1), None, "fr", memory=memory, threshold=75)
    assert live(result.catalog)[S1].msgstr == ""


def test_exact_policy_translated_needs_a_consistent_exact_match() -> None:
    consistent = Memory("fr", [MemoryUnit(S1, "T", "fr/a.po"), MemoryUnit(S1, "T", "fr/b.po")])
    (e,) = update_catalog(
        template(S1), None, "fr", memory=consistent, exact_policy="translated"
    ).catalog
    assert e.msgstr == "T" and "fuzzy" not in e.flags and not provenance.lines(e.tcomment)
    split = Memory(
        "fr",
        [
            MemoryUnit(S1, "T", "fr/a.po"),
            MemoryUnit(S1, "U", "fr/b.po"),
            MemoryUnit(S1, "U", "fr/c.po"),
        ],
    )
    (e,) = update_catalog(
        template(S1), None, "fr", memory=split, exact_policy="translated"
    ).catalog
    assert e.msgstr == "U" and "fuzzy" in e.flags  # the majority, but only as a draft
    (e,) = update_catalog(template(S1), None, "fr", memory=consistent).catalog
    assert "fuzzy" in e.flags  # default policy: even a consistent exact match is a draft


def test_glossary_hint_is_appended_after_the_extracted_comment() -> None:
    hints = {S1: "glossary: Moscow = Moscou"}
    result = update_catalog(
        template(S1, S2), None, "fr", glossary_hints=lambda text: hints.get(text, "")
    )
    got = live(result.catalog)
    assert got[S1].comment == "paragraph 1\nglossary: Moscow = Moscou"
    assert got[S2].comment == "paragraph 2"
    again = update_catalog(
        template(S1, S2), result.catalog, "fr", glossary_hints=lambda text: hints.get(text, "")
    )
    assert dumps_po(again.catalog) == dumps_po(result.catalog)  # no hint piles up


def test_update_is_pure_and_idempotent() -> None:
    old = catalog(E(S1, "T1"), E(S2, "T2", fuzzy=True), E("Gone away.", "Parti.", obsolete=True))
    pot = template(S3, S1.replace("Moscow", "Baku"), S2)
    before_old, before_pot = dumps_po(old), dumps_po(pot)
    first = update_catalog(pot, old, "fr")
    assert dumps_po(old) == before_old and dumps_po(pot) == before_pot
    second = update_catalog(pot, first.catalog, "fr")
    assert dumps_po(second.catalog) == dumps_po(first.catalog)


def test_a_segment_that_became_plural_keeps_its_translation_as_fuzzy() -> None:
    old = catalog(E("%d victims", "%d victimes"))
    pot = new_template("news")
    pot.append(
        polib.POEntry(msgid="%d victims", msgid_plural="%d victims", msgstr_plural={0: "", 1: ""})
    )
    result = update_catalog(pot, old, "fr")
    assert result.receipt.lost == [] and result.receipt.became_fuzzy == 1
    entry = result.catalog.find("%d victims")
    assert "fuzzy" in entry.flags and entry.previous_msgid == "%d victims"
    # every form the catalog's rule asks for holds the old translation (msgmerge does the same)
    assert set(entry.msgstr_plural.values()) == {"%d victimes"}
    assert len(entry.msgstr_plural) == 3  # the catalog's rule: CLDR's French, three forms


def test_exact_policy_is_validated() -> None:
    with pytest.raises(ValueError):
        update_catalog(template(S1), None, "fr", exact_policy="always")
