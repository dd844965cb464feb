"""update beside msgmerge on what real catalogs hold: headers, segments that became plural."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib

from tmflow.io.po.reader import parse_po
from tmflow.io.po.writer import dumps_po, ensure_header
from tmflow.steps.merge.update import update_catalog

OLD = """msgid ""
msgstr ""
"Project-Id-Version: vim\\n"
"Report-Msgid-Bugs-To: \\n"
"Language: af\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"

msgid "%d more file to edit"
msgstr "%d meer lêer om te wysig"

msgid "a %d"
msgid_plural "b %d"
msgstr[0] "x"
msgstr[1] "y"
msgstr[2] "z"

msgid "kept"
msgstr "behou"
"""

NEW = """msgid ""
msgstr ""
"Project-Id-Version: vim\\n"
"Report-Msgid-Bugs-To: vim-dev@vim.org\\n"
"POT-Creation-Date: 2026-01-01 00:00+0000\\n"
"Content-Type: text/plain; charset=CHARSET\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"

msgid "%d more file to edit"
msgid_plural "%d more files to edit"
msgstr[0] ""
msgstr[1] ""

msgid "a %d"
msgstr ""

msgid "kept"
msgstr ""

msgid "%d new"
msgid_plural "%d new ones"
msgstr[0] ""
msgstr[1] ""
"""


def _entries(text: str) -> dict[str, polib.POEntry]:
    po = parse_po(text, "x.po")
    return {e.msgid: e for e in po if not e.obsolete}


def test_segments_that_became_plural_or_singular_are_carried_as_msgmerge_carries_them(
    tmp_path: Path,
) -> None:
    (tmp_path / "af.po").write_text(OLD, "utf-8")
    (tmp_path / "vim.pot").write_text(NEW, "utf-8")
    theirs = subprocess.run(
        ["msgmerge", "--previous", "--no-wrap", "-q", "-o", "-", "af.po", "vim.pot"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = update_catalog(parse_po(NEW, "vim.pot"), parse_po(OLD, "af.po"), "af")
    assert result.receipt.lost == []  # no refusal: the translations are carried
    ours = _entries(dumps_po(result.catalog))
    for msgid, expected in _entries(theirs).items():
        mine = ours[msgid]
        assert mine.msgstr == expected.msgstr, msgid
        assert dict(mine.msgstr_plural) == dict(expected.msgstr_plural), msgid
        assert ("fuzzy" in mine.flags) == ("fuzzy" in expected.flags), msgid
        assert mine.previous_msgid == expected.previous_msgid, msgid
        assert mine.previous_msgid_plural == expected.previous_msgid_plural, msgid
    assert "now plural" in ours["%d more file to edit"].tcomment
    assert "now singular" in ours["a %d"].tcomment
    # the header: the translator's values kept, the template's date and bug address taken
    meta = result.catalog.metadata
    assert meta["Language"] == "af"
    assert meta["Plural-Forms"] == "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"
    assert meta["Report-Msgid-Bugs-To"] == "vim-dev@vim.org"
    assert meta["POT-Creation-Date"] == "2026-01-01 00:00+0000"
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert len(ours["%d new"].msgstr_plural) == 3  # the catalog's nplurals, as msgmerge


def test_ensure_header_fills_only_what_is_missing() -> None:
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "x",
        "PO-Revision-Date": "2020-01-01",
        "Language": "he_IL",
        "Content-Type": "text/plain; charset=ISO-8859-8",
        "Plural-Forms": "nplurals=4; plural=(n==1 ? 0 : n==2 ? 1 : n>10 && n%10==0 ? 2 : 3);",
    }
    before = dict(po.metadata)
    added = ensure_header(po, "he")
    assert {k: po.metadata[k] for k in before} == before  # nothing set is rewritten
    assert added == ["MIME-Version", "Content-Transfer-Encoding"]
    # in gettext's order: MIME-Version after Language, before Content-Type
    assert list(po.metadata)[2:6] == [
        "Language",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
    ]
    empty = polib.POFile()
    empty.metadata = {
        "Language": "",
        "Content-Type": "text/plain; charset=CHARSET",
        "Plural-Forms": "nplurals=INTEGER; plural=EXPRESSION;",
    }
    ensure_header(empty, "sr@latin")
    assert empty.metadata["Language"] == "sr@latin"
    assert empty.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert empty.metadata["Plural-Forms"].startswith("nplurals=3;")
    unknown = polib.POFile()
    unknown.metadata = {"Language": "quz"}
    ensure_header(unknown, "quz")  # no CLDR rule, no plural entries: no rule is invented
    assert "Plural-Forms" not in unknown.metadata
    ensure_header(unknown, "quz", has_plurals=True)  # gettext needs one: its own default
    assert unknown.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def _carried(old_pairs: list[tuple[str, str]], new_msgid: str) -> str | None:
    old = polib.POFile()
    old.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in old_pairs:
        old.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    pot = polib.POFile()
    pot.append(polib.POEntry(msgid=new_msgid, msgstr=""))
    entry = update_catalog(pot, old, "de").catalog.find(new_msgid)
    return entry.previous_msgid if "fuzzy" in entry.flags else None


def test_the_carried_translation_shares_the_changed_tokens_role() -> None:
    # an option's letter: -M is not -m, although "-m … util_min" is as close in characters
    old = [
        ("-m <value>  minimum utilization (util_min)", "-m <Wert>  minimale Auslastung"),
        ("-M <value>  maximum utilization, default", "-M <Wert>  maximale Auslastung"),
    ]
    assert _carried(old, "-M <value>  maximum utilization") == old[1][0]
    # a message code: the old E193 text, not E133's, although both are as similar
    old = [
        ("E133: :return not inside a function", "E133: :return außerhalb einer Funktion"),
        ("E193: :endfunction not inside a function", "E193: :endfunction außerhalb …"),
    ]
    assert _carried(old, "E193: %s not inside a function") == old[1][0]


def test_near_misses_are_carried_only_for_small_edits_that_keep_the_numbers_words() -> None:
    assert _carried([("Paris", "Paris")], "Parys") == "Paris"  # a one-letter edit
    assert _carried([("Tue", "Di")], "Turkmen") is None  # close in characters, nothing else
    assert _carried([("%d KB", "%d KB")], "%d B") is None  # the unit next to the number
    assert _carried([("1 KB", "1 KB")], "1 KiB") is None
    # a candidate that shares a 4-character piece is preferred, as msgmerge sees only those
    assert _carried([("May", "Mai"), ("Malayalam", "Malayalam")], "Malay") == "Malayalam"
