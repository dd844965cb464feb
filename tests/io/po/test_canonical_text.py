"""``canonical_text``: the whole-file verdict ``tmflow fmt`` takes before parsing. One-sided:
True only when the full parser reads the file without error and the writer writes back the
very same text."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.io.po.test_scan import CASES, FIXTURES, HEADER
from tmflow.core.errors import TmflowError
from tmflow.io.po.canonical import canonical_text
from tmflow.io.po.reader import parse_po
from tmflow.io.po.writer import dumps_po, new_catalog

PLURAL = (
    "#. a note\n"
    "#: src/one.c:10 src/two.c:20\n"
    "#, c-format\n"
    'msgid "%d file"\n'
    'msgid_plural "%d files"\n'
    'msgstr[0] "%d файл"\n'
    'msgstr[1] "%d файла"\n'
    'msgstr[2] "%d файлов"\n'
)
LONG_REFS = (
    "#: ../data/buttons-advanced.ui.h:4 ../data/buttons-basic.ui.h:2\n"
    "#: ../data/buttons-financial.ui.h:4 ../data/buttons-programming.ui.h:2\n"
    'msgid "="\nmsgstr "="\n'
)


def _written_back(text: str) -> bool | None:
    """Does the writer write ``text`` back as it is? None when the full parser refuses it."""
    try:
        po = parse_po(text, "t.po")
    except TmflowError:
        return None
    return dumps_po(po) == text


def _files() -> list[tuple[str, str]]:
    found = [(name, text) for name, text in CASES.items()]
    for path in sorted(FIXTURES.rglob("*.po")):
        try:
            found.append((str(path), path.read_bytes().decode("utf-8")))
        except UnicodeDecodeError:
            continue
    return found


def test_never_true_for_a_file_the_writer_would_change_or_the_parser_refuses() -> None:
    accepted = 0
    for name, text in _files():
        if canonical_text(text):
            accepted += 1
            assert _written_back(text) is True, name
    assert accepted >= 10  # the verdict is not simply always False


def test_plural_entries_and_packed_references_are_recognised() -> None:
    previous = '#, fuzzy\n#| msgctxt "m"\n#| msgid ""\n#| "a\\n"\n#| "b"\nmsgid "x"\nmsgstr "y"\n'
    text = HEADER + PLURAL + "\n" + LONG_REFS + "\n" + previous
    assert _written_back(text) is True
    assert canonical_text(text) is True


@pytest.mark.parametrize(
    "variant",
    [
        # references broken where the writer would not break them
        LONG_REFS.replace(
            " ../data/buttons-basic.ui.h:2\n#: ", "\n#: ../data/buttons-basic.ui.h:2 "
        ),
        # the same reference twice: the writer writes it once
        '#: a.c:1 a.c:1\nmsgid "x"\nmsgstr "y"\n',
        # a fuzzy flag on an empty translation: the writer drops it
        '#, fuzzy\nmsgid "x"\nmsgstr ""\n',
        PLURAL.replace("#, c-format", "#, fuzzy, c-format").replace('"%d файл"', '""'),
        # plural forms out of order, or one missing
        PLURAL.replace('msgstr[1] "%d файла"\nmsgstr[2]', 'msgstr[2] "%d файла"\nmsgstr[1]'),
        PLURAL.replace('msgstr[1] "%d файла"\n', ""),
        # an empty msgid_plural, a translator comment of spaces, flags out of order
        'msgid "x"\nmsgid_plural ""\nmsgstr[0] "a"\nmsgstr[1] "b"\n',
        '# \nmsgid "x"\nmsgstr "y"\n',
        '#, c-format, fuzzy\nmsgid "x %d"\nmsgstr "y %d"\n',
        # a string the writer puts on one line, or splits otherwise
        'msgid ""\n"x"\nmsgstr "y"\n',
        'msgid "a\\nb"\nmsgstr "y"\n',
        # an escape the writer writes otherwise, or the parser refuses
        'msgid "\\x41"\nmsgstr "y"\n',
        'msgid "\\q"\nmsgstr "y"\n',
        # a repeated entry, a second header, a live entry after an obsolete one
        'msgid "x"\nmsgstr "y"\n\nmsgid "x"\nmsgstr "z"\n',
        'msgid ""\nmsgstr "y"\n',
        '#~ msgid "old"\n#~ msgstr "alt"\n\nmsgid "x"\nmsgstr "y"\n',
        # a previous msgid split where the writer would not split it, an obsolete one
        '#, fuzzy\n#| msgid ""\n#| "a"\n#| "b"\nmsgid "x"\nmsgstr "y"\n',
        '#~| msgid "older"\n#~ msgid "old"\n#~ msgstr "alt"\n',
    ],
)
def test_what_the_writer_would_change_is_not_canonical(variant: str) -> None:
    text = HEADER + variant
    assert canonical_text(text) is False
    # each is rewritten or refused, but for the layouts only judged "not known": a plural
    # form missing, previous msgids over several lines or on obsolete entries
    known = "#|" not in variant and "#~|" not in variant and "msgstr[1]" in variant + "msgstr[1]"
    if known and variant != PLURAL.replace('msgstr[1] "%d файла"\n', ""):
        assert _written_back(text) is not True


def test_file_level_layout() -> None:
    body = 'msgid "x"\nmsgstr "y"\n'
    assert canonical_text(HEADER + body) is True
    assert canonical_text(HEADER + body + "\n") is False  # a blank line at the end
    assert canonical_text(HEADER + body[:-1]) is False  # no final line break
    assert canonical_text((HEADER + body).replace("\n", "\r\n")) is False
    assert canonical_text(body) is False  # no header
    assert canonical_text(HEADER + body + '\n#~ msgid "old"\n#~ msgstr "alt"\n') is True


_text = st.text(alphabet=st.sampled_from(list('ab "\\\n\tйé%')), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            _text,
            st.one_of(st.none(), _text),
            st.lists(_text, max_size=3),
            st.lists(st.sampled_from(["src/a.c:1", "x" * 40 + ".c:7", "b.py:12"]), max_size=3),
            st.booleans(),
        ),
        max_size=6,
    )
)
def test_what_the_writer_writes_is_recognised(entries: list) -> None:
    """Catalogs tmflow writes (plural entries, escapes, line breaks, tabs, references packed
    over several lines) are judged canonical unless a raw control character is in them, and
    only what the writer writes back is."""
    po = new_catalog("prop", "ru", "2026-01-01 00:00+0000")
    seen = set()
    for msgid, plural, forms, refs, fuzzy in entries:
        if msgid in seen:
            continue
        seen.add(msgid)
        entry = polib.POEntry(msgid=msgid, occurrences=[tuple(r.split(":")) for r in refs])
        if plural is not None:
            entry.msgid_plural = plural
            entry.msgstr_plural = dict(enumerate(forms or [""]))
        else:
            entry.msgstr = forms[0] if forms else ""
        if fuzzy and (forms and forms[0]):
            entry.flags = ["fuzzy"]
        po.append(entry)
    text = dumps_po(po)
    verdict = canonical_text(text)
    if verdict:
        assert _written_back(text) is True
    if "\t" not in text:
        assert verdict is True, text


def test_files_written_by_the_writer_in_the_fixtures_are_recognised() -> None:
    # every fixture file the writer writes back as it is, and that has no raw control
    # character, no previous msgid over several lines and no ``#~|`` line, is recognised;
    # but for headers left to the full parser (another charset than UTF-8; a header line
    # without a colon)
    missed: set[str] = set()
    for name, text in _files():
        if _written_back(text) and "\t" not in text and "#~|" not in text and '#| "' not in text:
            if not canonical_text(text):
                missed.add(Path(name).name)
    assert missed <= {"charset", "charset.po", "header.po"}
