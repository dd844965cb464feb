"""The block reader (canonical layout) builds the same catalog as the line parser."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tmflow.core.errors import InputError
from tmflow.io.po.charset import decode_po
from tmflow.io.po.header import HeaderText
from tmflow.io.po.reader import _blocks, parse_po
from tmflow.io.po.writer import dumps_po, new_catalog

REPO = Path(__file__).resolve().parents[3]
FILES = sorted(
    p
    for folder in (REPO / "tests" / "fixtures", REPO / "locales")
    for p in folder.rglob("*.po*")
    if p.suffix in (".po", ".pot")
)


def _facts(po: polib.POFile) -> tuple[object, ...]:
    text = HeaderText.of(po)
    return (
        po.header,
        po.metadata,
        po.metadata_is_fuzzy,
        None if text is None else text.render(po.metadata),
        [vars(e) for e in po],
    )


def _both(text: str) -> tuple[object, object]:
    """What each reader makes of ``text``: its catalog's facts, or the error message."""
    out = []
    for blocks in (True, False):
        try:
            out.append(_facts(parse_po(text, "x.po", blocks=blocks)))
        except InputError as err:
            out.append(str(err))
    return out[0], out[1]


def test_the_repository_files_are_read_alike() -> None:
    assert FILES
    read_by_blocks = 0
    for path in FILES:
        try:
            text = decode_po(path.read_bytes(), path)
        except InputError:
            continue
        read_by_blocks += _blocks(text) is not None
        fast, lines = _both(text)
        assert fast == lines, path
    assert read_by_blocks > 0  # the block reader took some of them


_TEXT = st.lists(
    st.sampled_from([*'ab \\"\n\t#~|:,.é', "x41", "\\x4", "\\1", "1"]), max_size=8
).map("".join)


@st.composite
def _catalog(draw: st.DrawFn) -> polib.POFile:
    po = new_catalog("p", "fr", "2024-01-01 00:00+0000")
    po.metadata["PO-Revision-Date"] = "2024-01-01 00:00+0000"
    seen = set()
    for _ in range(draw(st.integers(0, 5))):
        msgid = draw(_TEXT.filter(bool))
        ctxt = draw(st.none() | _TEXT)
        if (ctxt, msgid) in seen:
            continue
        seen.add((ctxt, msgid))
        po.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=draw(_TEXT),
                msgctxt=ctxt,
                tcomment=draw(_TEXT),
                comment=draw(_TEXT),
                occurrences=[("a.txt", str(draw(st.integers(1, 9))))] * draw(st.integers(0, 2)),
                flags=draw(st.lists(st.sampled_from(["fuzzy", "c-format", "x"]), max_size=2)),
                previous_msgid=draw(st.none() | _TEXT),
                previous_msgctxt=draw(st.none() | _TEXT),
                obsolete=draw(st.booleans()),
            )
        )
    return po


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_catalog(), st.integers(0, 10_000), st.sampled_from(["", " ", "\n", "\\", '"', "#", "~"]))
def test_written_catalogs_are_read_alike_even_when_damaged(
    po: polib.POFile, at: int, insert: str
) -> None:
    text = dumps_po(po)
    fast, lines = _both(text)
    assert fast == lines
    at %= len(text) + 1
    fast, lines = _both(text[:at] + insert + text[at:])
    assert fast == lines


@pytest.mark.parametrize(
    "text",
    [
        # escapes resolved a line at a time: "\x4" then "1" is not "\x41"
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid ""\n"\\x4"\n"1"\nmsgstr "b"\n',
        # a "#," line replaces the flags before it
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n#, fuzzy\n#, c-format\nmsgid "a"\nmsgstr "b"\n',
        # previous msgid over two lines, obsolete
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n#~| msgid "a"\n#~| "b"\n#~ msgid "c"\n'
        '#~ msgstr "d"\n',
    ],
)
def test_tricky_entries_are_read_alike_by_blocks(text: str) -> None:
    assert _blocks(text) is not None
    fast, lines = _both(text)
    assert fast == lines
