"""The light reader's layout verdict: a raw control character anywhere in a string means
"not surely canonical", and comment lines memoised from one file do not leak into another."""

from __future__ import annotations

import polib

from tmflow.io.pofile import dumps_po, new_catalog
from tmflow.io.poscan import read_light


def _canonical_text(tcomment: str = "", flags: tuple[str, ...] = ()) -> str:
    po = new_catalog("t", "ru", "2026-11-27 00:00+0000")
    po.append(polib.POEntry(msgid="One two three.", msgstr="Раз два три.", comment="paragraph",
                            tcomment=tcomment, flags=list(flags),
                            occurrences=[("sources/a.txt", "3")]))
    po.append(polib.POEntry(msgid="Tab\there.", msgstr="Таб\tздесь.",
                            occurrences=[("sources/a.txt", "5")]))
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
    assert first.entries[0].flags == ["fuzzy"] and second.entries[0].flags == ["fuzzy"]
    first.entries[0].flags.append("changed")  # entries do not share a flags list
    assert second.entries[0].flags == ["fuzzy"]
    assert second.entries[0].tcomment == "tmflow: mt google 2026-11-27"
    plain = read_light(_canonical_text(), "c.po")
    assert plain is not None and plain.entries[0].flags == [] and plain.entries[0].tcomment == ""
