"""The light reader's layout verdict: a raw control character anywhere in a string means
"not surely canonical", and comment lines memoised from one file do not leak into another."""

from __future__ import annotations

import polib

from tmflow.io.po.light import read_light
from tmflow.io.po.writer import dumps_po, new_catalog


def _canonical_text(tcomment: str = "", flags: tuple[str, ...] = ()) -> str:
    po = new_catalog("t", "ru", "2026-11-27 00:00+0000")
    po.append(
        polib.POEntry(
            msgid="One two three.",
            msgstr="Раз два три.",
            comment="paragraph",
            tcomment=tcomment,
            flags=list(flags),
            occurrences=[("sources/a.txt", "3")],
        )
    )
    po.append(
        polib.POEntry(
            msgid="Tab\there.", msgstr="Таб\tздесь.", occurrences=[("sources/a.txt", "5")]
        )
    )
    return dumps_po(po)


def test_canonical_file_is_recognised() -> None:
    light = read_light(_canonical_text(), "a.po")
    assert light is not None and light.canonical is True
    assert light.entries[1].msgstr == "Таб\tздесь."


def test_raw_tab_in_a_string_is_not_canonical() -> None:
    text = _canonical_text().replace('msgstr "Раз два три."', 'msgstr "Раз\tдва три."')
    light = read_light(text, "a.po")
    assert light is not None and light.canonical is not True
    assert light.entries[0].msgstr == "Раз\tдва три."


def test_memoised_comment_lines_give_each_file_its_own_entries() -> None:
    first = read_light(_canonical_text("tmflow: mt google 2026-11-27", ("fuzzy",)), "a.po")
    second = read_light(_canonical_text("tmflow: mt google 2026-11-27", ("fuzzy",)), "b.po")
    assert first is not None and second is not None
    # flags are shared between files as a tuple: nobody can change one file's through another
    assert first.entries[0].flags == ("fuzzy",) and second.entries[0].flags == ("fuzzy",)
    assert isinstance(first.entries[0].flags, tuple)
    assert second.entries[0].tcomment == "tmflow: mt google 2026-11-27"
    assert second.entries[0].state == "mt"
    plain = read_light(_canonical_text(), "c.po")
    assert plain is not None and plain.entries[0].flags == () and plain.entries[0].tcomment == ""
    assert plain.entries[0].state == "translated"


def test_line_by_line_verdict_agrees_with_the_whole_head_check() -> None:
    import itertools

    from tmflow.io.po.canonical import canonical_head
    from tmflow.io.po.heads import UNUSUAL, head_facts

    lines = [
        "# tmflow: mt google 2026-11-27",
        "#  two spaces",
        "#no space",
        "#. paragraph",
        "#.x",
        "#. trailing ",
        "#: sources/a.txt:3",
        "#: a.txt:1 a.txt:1",
        "#:  sources/a.txt:3",
        "#, fuzzy",
        "#, python-format, fuzzy",
        "#, fuzzy, fuzzy",
        "#, fuzzy,",
        '#| msgid "Old text."',
        '#| msgctxt "ctx"',
        '#| msgid "tab\there"',
        "#",
    ]
    checked = 0
    for n in (1, 2, 3):
        for combo in itertools.permutations(lines, n):
            facts = head_facts("\n".join(combo) + "\n")
            assert facts is not UNUSUAL
            assert facts[3] == canonical_head(list(combo)), combo
            checked += 1
    assert checked > 4000


def test_a_header_read_before_gives_the_same_catalog() -> None:
    text = _canonical_text()
    first = read_light(text, "a.po")
    again = read_light(text, "b.po")  # the header block now comes from the memo
    assert first is not None and again is not None
    assert again.metadata == first.metadata and again.metadata is not first.metadata
    assert again.header == first.header and again.canonical is True
    assert [e.linenum for e in again.entries] == [e.linenum for e in first.entries]
    # the same header block in a file laid out otherwise: the entries decide the verdict
    odd = read_light(text.replace('msgstr "Раз два три."', 'msgstr "Раз\tдва три."'), "c.po")
    assert odd is not None and odd.canonical is not True
