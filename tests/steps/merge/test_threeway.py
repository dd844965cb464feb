"""The three-way merge of PO files, entry by entry: each rule of
``tmflow.steps.merge.threeway`` on small catalogs, the header, the order, plural forms, the
fast path (shared blocks carried over unparsed) against the full parse, and files with git's
conflict markers split back into their versions."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmflow.core import provenance
from tmflow.core.errors import PoSyntaxError
from tmflow.io.po.reader import parse_po
from tmflow.io.po.writer import dumps_po, entry_lines, new_catalog
from tmflow.steps.merge.threeway import (
    _simple_key,
    merge_catalogs,
    merge_texts,
    split_conflicted,
)

DATE = "2026-03-01 10:00+0000"


def E(msgid: str, msgstr: str = "", **kw: Any) -> dict[str, Any]:
    return {"msgid": msgid, "msgstr": msgstr, **kw}


def cat(*entries: dict[str, Any], date: str = DATE, **meta: str) -> str:
    po = new_catalog("news", "fr", DATE)
    po.metadata["PO-Revision-Date"] = date
    po.metadata["X-Generator"] = "tmflow"
    po.metadata.update(meta)
    for e in entries:
        po.append(polib.POEntry(**e))
    return dumps_po(po)


def merged(base: str | None, ours: str, theirs: str) -> tuple[polib.POFile, Any]:
    result = merge_texts(base, ours, theirs)
    po = parse_po(result.text, "merged.po")
    # the text is canonical, and the full-parse path gives the same bytes
    assert dumps_po(po) == result.text
    full = merge_catalogs(
        parse_po(base, "b.po", require_header=False) if base else None,
        parse_po(ours, "o.po"),
        parse_po(theirs, "t.po"),
    )
    assert dumps_po(full.catalog) == result.text
    assert [c.msgid for c in full.conflicts] == [c.msgid for c in result.conflicts]
    return po, result


def entry(po: polib.POFile, msgid: str, obsolete: bool = False) -> polib.POEntry:
    found = [e for e in po if e.msgid == msgid and e.obsolete == obsolete]
    assert len(found) == 1, (msgid, [e.msgid for e in po])
    return found[0]


BASE = cat(E("One."), E("Two."), E("Three."), E("Four."))


def test_different_entries_edited_on_each_side_merge_cleanly() -> None:
    ours = cat(E("One.", "Un."), E("Two."), E("Three."), E("Four."))
    theirs = cat(E("One."), E("Two.", "Deux."), E("Three."), E("Four.", "Quatre."))
    po, result = merged(BASE, ours, theirs)
    assert [e.msgstr for e in po] == ["Un.", "Deux.", "", "Quatre."]
    assert result.conflicts == [] and result.unresolved == []


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    side = cat(E("One.", "Un."), E("Two."), E("Three."), E("Four."))
    po, result = merged(BASE, side, side)
    assert entry(po, "One.").msgstr == "Un." and not result.conflicts


def test_two_different_translations_become_a_conflict_entry_either_way_round() -> None:
    ours = cat(E("One.", "Un."), E("Two."), E("Three."), E("Four."))
    theirs = cat(E("One.", 'Une "seule".\nFin.'), E("Two."), E("Three."), E("Four."))
    po, result = merged(BASE, ours, theirs)
    one = entry(po, "One.")
    assert one.msgstr == "Un." and "fuzzy" in one.flags
    assert provenance.conflict_texts(one.tcomment) == [(None, 'Une "seule".\nFin.')]
    assert provenance.is_conflict(one)
    (conflict,) = result.unresolved
    assert (conflict.kept, conflict.other) == (("Un.",), ('Une "seule".\nFin.',))
    assert result.text.split("\n")[conflict.line - 1] == 'msgid "One."'
    # the other way round keeps the other text: symmetric up to which side is kept
    po2, _ = merged(BASE, theirs, ours)
    one2 = entry(po2, "One.")
    assert one2.msgstr == 'Une "seule".\nFin.'
    assert provenance.conflict_texts(one2.tcomment) == [(None, "Un.")]


def test_a_human_translation_wins_over_a_new_machine_draft() -> None:
    human = cat(E("One.", "Un."), E("Two."), E("Three."), E("Four."))
    draft = cat(
        E("One.", "Ùñ.", flags=["fuzzy"], tcomment="tmflow: mt pseudo 2026-03-01"),
        E("Two."),
        E("Three."),
        E("Four."),
    )
    for ours, theirs in ((human, draft), (draft, human)):
        po, result = merged(BASE, ours, theirs)
        one = entry(po, "One.")
        assert (one.msgstr, one.flags, one.tcomment) == ("Un.", [], "")
        assert not result.conflicts


def test_an_edited_machine_draft_is_a_human_s_work() -> None:
    base = cat(E("One.", "Ùñ.", flags=["fuzzy"], tcomment="tmflow: mt pseudo 2026-03-01"))
    edited = cat(E("One.", "Un!", flags=["fuzzy"], tcomment="tmflow: mt pseudo 2026-03-01"))
    reviewed = cat(E("One.", "Un."))
    _, result = merged(base, edited, reviewed)
    assert [(c.kept, c.other) for c in result.unresolved] == [(("Un!",), ("Un.",))]


def test_the_same_text_stays_fuzzy_unless_the_fuzzy_side_is_a_machine_draft() -> None:
    flagged = cat(E("One.", "Un.", flags=["fuzzy"]), E("Two."), E("Three."), E("Four."))
    plain = cat(E("One.", "Un."), E("Two."), E("Three."), E("Four."))
    po, _ = merged(BASE, flagged, plain)
    assert "fuzzy" in entry(po, "One.").flags  # a reviewer's doubt is kept
    machine = cat(
        E("One.", "Un.", flags=["fuzzy"], tcomment="tmflow: tm 100% fr/other.po"),
        E("Two."),
        E("Three."),
        E("Four."),
    )
    po, _ = merged(BASE, plain, machine)
    assert entry(po, "One.").flags == []


def test_a_cleared_translation_does_not_beat_an_edit() -> None:
    base = cat(E("One.", "Un."))
    cleared = cat(E("One."))
    edited = cat(E("One.", "Un seul."))
    po, result = merged(base, cleared, edited)
    assert entry(po, "One.").msgstr == "Un seul." and not result.conflicts


def test_removed_on_one_side_changed_on_the_other_keeps_the_translation_as_obsolete() -> None:
    removed = cat(E("One."), E("Two."), E("Three."))
    translated = cat(E("One."), E("Two."), E("Three."), E("Four.", "Quatre."))
    for ours, theirs in ((removed, translated), (translated, removed)):
        po, result = merged(BASE, ours, theirs)
        four = entry(po, "Four.", obsolete=True)
        assert four.msgstr == "Quatre." and not result.conflicts
    # an untranslated entry changed on one side and removed on the other goes
    changed = cat(E("One."), E("Two."), E("Three."), E("Four.", comment="note"))
    po, _ = merged(BASE, removed, changed)
    assert "Four." not in {e.msgid for e in po}


def test_made_obsolete_on_one_side_translated_on_the_other() -> None:
    ours = cat(E("One."), E("Two."), E("Three."), E("Four.", "Quatre."))
    theirs = cat(E("One."), E("Two."), E("Three."), E("Four.", "Quatre!", obsolete=True))
    base = cat(E("One."), E("Two."), E("Three."), E("Four.", "Quatre!"))
    po, _ = merged(base, ours, theirs)
    assert entry(po, "Four.", obsolete=True).msgstr == "Quatre."


def test_comments_flags_and_references_merge_line_by_line() -> None:
    base = cat(E("One.", "Un.", tcomment="keep me\ndrop me", flags=["no-wrap"]))
    ours = cat(E("One.", "Un.", tcomment="keep me\nours added", flags=["no-wrap"]))
    theirs = cat(
        E("One.", "Un.", tcomment="keep me\ndrop me\ntheirs added", occurrences=[("a.txt", "3")])
    )
    po, result = merged(base, ours, theirs)
    one = entry(po, "One.")
    assert one.tcomment.split("\n") == ["keep me", "ours added", "theirs added"]
    assert one.flags == [] and one.occurrences == [("a.txt", "3")]
    assert not result.conflicts


def test_provenance_travels_with_the_text_it_describes() -> None:
    base = cat(E("One."))
    ours = cat(E("One.", "Un.", flags=["fuzzy"], tcomment="my note\ntmflow: tm 90% fr/x.po"))
    theirs = cat(E("One.", "", tcomment="their note"))
    po, _ = merged(base, ours, theirs)
    one = entry(po, "One.")
    assert one.msgstr == "Un." and "fuzzy" in one.flags
    assert one.tcomment.split("\n") == ["my note", "their note", "tmflow: tm 90% fr/x.po"]


def test_new_entries_of_each_side_follow_their_neighbours() -> None:
    ours = cat(E("One."), E("One and a half."), E("Two."), E("Three."), E("Four."))
    theirs = cat(E("One."), E("Two."), E("Three."), E("Three and a half."), E("Four."))
    po, _ = merged(BASE, ours, theirs)
    assert [e.msgid for e in po] == [
        "One.",
        "One and a half.",
        "Two.",
        "Three.",
        "Three and a half.",
        "Four.",
    ]


def test_the_header_takes_the_newer_revision_date_and_keeps_values() -> None:
    base = cat(E("One."), date="2026-03-01 10:00+0000", **{"Last-Translator": "Base"})
    ours = cat(
        E("One.", "Un."),
        date="2026-03-02 10:00+0100",
        **{"Last-Translator": "Anne <a@x>", "X-Ours": "1"},
    )
    theirs = cat(
        E("One."),
        date="2026-03-02 09:30+0000",  # later than ours' 09:00 UTC
        **{"Last-Translator": "Ben <b@x>", "X-Theirs": "2"},
    )
    po, _ = merged(base, ours, theirs)
    assert po.metadata["PO-Revision-Date"] == "2026-03-02 09:30+0000"
    assert po.metadata["Last-Translator"] == "Ben <b@x>"  # from the newer side
    assert po.metadata["X-Ours"] == "1" and po.metadata["X-Theirs"] == "2"
    assert list(po.metadata)[-2:] == ["X-Ours", "X-Theirs"]  # theirs' new key after ours' keys


def test_a_conflict_in_a_plural_entry_records_each_differing_form() -> None:
    def plural(forms: dict[int, str]) -> dict[str, Any]:
        return {"msgid": "a file", "msgid_plural": "%d files", "msgstr_plural": forms}

    base = cat(plural({0: "", 1: ""}))
    ours = cat(plural({0: "un fichier", 1: "%d fichiers"}))
    theirs = cat(plural({0: "un fichier", 1: "%d dossiers"}))
    po, result = merged(base, ours, theirs)
    e = entry(po, "a file")
    assert e.msgstr_plural == {0: "un fichier", 1: "%d fichiers"} and "fuzzy" in e.flags
    assert provenance.conflict_texts(e.tcomment) == [(1, "%d dossiers")]
    assert len(result.unresolved) == 1


def test_without_a_base_both_sides_are_kept() -> None:
    ours = cat(E("One.", "Un."), E("Two."))
    theirs = cat(E("Two.", "Deux."), E("Three.", "Trois."))
    po, result = merged(None, ours, theirs)
    assert [(e.msgid, e.msgstr) for e in po] == [
        ("One.", "Un."),
        ("Two.", "Deux."),
        ("Three.", "Trois."),
    ]
    assert not result.conflicts


def test_a_conflict_in_an_obsolete_entry_is_kept_but_not_unresolved() -> None:
    base = cat(E("Gone.", "Parti.", obsolete=True))
    ours = cat(E("Gone.", "Parti!", obsolete=True))
    theirs = cat(E("Gone.", "Disparu.", obsolete=True))
    po, result = merged(base, ours, theirs)
    gone = entry(po, "Gone.", obsolete=True)
    assert provenance.conflict_texts(gone.tcomment) == [(None, "Disparu.")]
    assert len(result.conflicts) == 1 and result.unresolved == []


def test_a_merged_file_with_conflicts_passes_msgfmt(tmp_path: Path) -> None:
    ours = cat(E("One.", "Un."), E("Two.", "Deux."), E("Three."), E("Four."))
    theirs = cat(E("One.", "Une."), E("Two.", 'Deux\t"2"\\.'), E("Three."), E("Four."))
    result = merge_texts(BASE, ours, theirs)
    assert len(result.unresolved) == 2
    path = tmp_path / "merged.po"
    path.write_text(result.text, "utf-8")
    done = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_a_version_that_does_not_parse_raises_with_its_label() -> None:
    with pytest.raises(PoSyntaxError) as info:
        merge_texts(BASE, BASE + 'msgid "x"\n', BASE, ("b", "o", "t"))
    assert str(info.value.path) == "o"


# ---------------------------------------------------------------------------------------------
# conflict markers


def test_split_conflicted_gives_both_versions_and_the_base_when_shown() -> None:
    text = (
        'msgid "a"\n<<<<<<< HEAD\nmsgstr "A"\n||||||| base\nmsgstr ""\n'
        '=======\nmsgstr "B"\n>>>>>>> other\n\nmsgid "b"\nmsgstr ""\n'
    )
    split = split_conflicted(text)
    assert split is not None and split.conflicts == 1
    assert split.ours == 'msgid "a"\nmsgstr "A"\n\nmsgid "b"\nmsgstr ""\n'
    assert split.theirs == 'msgid "a"\nmsgstr "B"\n\nmsgid "b"\nmsgstr ""\n'
    assert split.base == 'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\n'
    assert split.lines["theirs"][:2] == [1, 7]  # each version's lines map to the file's
    two_way = text.replace('||||||| base\nmsgstr ""\n', "")
    split2 = split_conflicted(two_way)
    assert split2 is not None and split2.base is None
    assert split_conflicted('msgid "a"\nmsgstr ""\n') is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('msgid "a"\n=======\nmsgstr ""\n', 2),
        ('msgid "a"\n<<<<<<< HEAD\nmsgstr "A"\n=======\nmsgstr ""\n', 2),
    ],
)
def test_a_marker_out_of_place_is_an_error_at_its_line(text: str, line: int) -> None:
    with pytest.raises(PoSyntaxError) as info:
        split_conflicted(text, "x.po")
    assert info.value.line == line


# ---------------------------------------------------------------------------------------------
# the fast path's test of a block: "surely canonical" is never wrong

_HEADER = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
# canonical forms first and twice as often as the others
_BODIES = ["a", "", 'a \\"b\\"', "a\\tb", "end\\n", "a", "", "a\\nb", "\\x41", "tab\there", "\\'"]
_COMMENTS = ["# note", "# tmflow: mt pseudo 2026-03-01", "#  two ", "#", "# ", "#x"]
_EXTRACTED = ["#. a", "#.  c", "#. a", "#.a", "#. ", "#. b ", "#.\td"]
_REFS = ["#: a.txt:1", "#: a.txt:1 a.txt:1", "#: a.txt:1 b.txt:2", "#:  a.txt:1", "#: " + "x" * 90]
_FLAGS = ["#, fuzzy", "#, fuzzy, c-format", "#,fuzzy", "#, c-format"]


@settings(max_examples=500, deadline=None)
@given(
    comments=st.lists(st.sampled_from(_COMMENTS), max_size=3),
    extracted=st.lists(st.sampled_from(_EXTRACTED), max_size=2),
    refs=st.lists(st.sampled_from(_REFS), max_size=2),
    flags=st.lists(st.sampled_from(_FLAGS), max_size=1),
    previous=st.one_of(st.none(), st.sampled_from(_BODIES)),
    ctxt=st.one_of(st.none(), st.sampled_from(_BODIES)),
    msgid=st.sampled_from(_BODIES),
    msgstr=st.sampled_from(_BODIES),
    shuffle=st.booleans(),
)
def test_a_block_taken_as_canonical_is_what_the_writer_writes(
    comments: list[str],
    extracted: list[str],
    refs: list[str],
    flags: list[str],
    previous: str | None,
    ctxt: str | None,
    msgid: str,
    msgstr: str,
    shuffle: bool,
) -> None:
    head = comments + extracted + refs + flags
    head += [f'#| msgid "{previous}"'] if previous is not None else []
    if shuffle:
        head = head[::-1]
    lines = head + ([f'msgctxt "{ctxt}"'] if ctxt is not None else [])
    lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"']
    block = "\n".join(lines)
    key = _simple_key(block)
    if key is None:
        return
    po = parse_po(f"{_HEADER}\n{block}\n", "block.po")
    (entry,) = list(po)
    assert (entry.msgctxt, entry.msgid) == key
    assert "\n".join(entry_lines(entry)) == block


def test_the_usual_entries_are_taken_as_canonical() -> None:
    po = parse_po(
        cat(
            E("One.", "Un.", tcomment="note\ntmflow: mt pseudo 2026-03-01", flags=["fuzzy"]),
            E("Two", 'Deux "2"', comment="paragraph", occurrences=[("a.txt", "2")]),
            E("Three.", "", previous_msgid="Old three.", msgctxt="ctx"),
        ),
        "x.po",
    )
    for e in po:
        assert _simple_key("\n".join(entry_lines(e))) == (e.msgctxt, e.msgid)


def test_a_clean_up_of_obsolete_entries_does_not_undo_a_revival() -> None:
    base = cat(E("One."), E("Two.", "Deux.", obsolete=True))
    cleaned = cat(E("One."))  # msgattrib --no-obsolete
    revived = cat(E("One."), E("Two.", "Deux."))  # the segment came back: update revived it
    for ours, theirs in ((cleaned, revived), (revived, cleaned)):
        po, _ = merged(base, ours, theirs)
        assert entry(po, "Two.").msgstr == "Deux."
