"""One state model: every reader of an entry's state agrees with ``provenance.classify``.

The fast readers (the status counter's three paths, the light reader's two) never build polib
entries; they gather the facts of ``tmflow.core.provenance`` with string tests. These tests
make one file per entry — every state, every way the comment lines that decide it can be
written, several layouts — so that a file's counts name the state of its one entry, and
compare every reader that answers with the full parser.
"""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

from tmflow.core import provenance
from tmflow.core.errors import TmflowError
from tmflow.core.model import EntryState
from tmflow.io.po import count_blocks, heads, light, tiling
from tmflow.io.po.count_blocks import count_run
from tmflow.io.po.count_lines import count_lines
from tmflow.io.po.count_tiles import count_tiles
from tmflow.io.po.counts import FileStats
from tmflow.io.po.lexer import HandOff, NeedsLineReader
from tmflow.io.po.reader import load_po
from tmflow.io.po.scan import full_counts, scan_bytes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

HEADER = (
    '# A header comment\nmsgid ""\nmsgstr ""\n"Language: ru\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)

# translator comment lines: provenance of every kind, and lines that only look like it
PROVENANCE = [
    "# tmflow: mt google 2026-11-27",
    "# tmflow: tm 92% ru/other.po",
    "# tmflow: source changed: numbers",
    "# tmflow: mt rejected: lost a token",
    '# tmflow: glossary: missing "Baku"',
    "# tmflow: mt",
    "# tmflow: mt: with a colon",
    "# tmflow: mt\tgoogle",
    "#tmflow: tm 80% x.po",
    "#  tmflow: mt google",
    "# tmflow:mt google",
    "# a note: tmflow: mt google",
    "# Tmflow: mt google",
    "# reviewed by a human",
]
FLAGS = [
    "#, fuzzy",
    "#, fuzzy, python-format",
    "#, python-format, fuzzy",
    "#, python-format",
    "#,fuzzy",
    "#, fuzzy,",
    "#, fuzzyish",
]
PREVIOUS = [
    '#| msgid "Old text"',
    '#| msgctxt "old"',
    '#| msgid "Old\\ttab"',
    '#| msgid ""\n#| "Old over two lines"',
]


def _heads() -> list[list[str]]:
    """Comment lines of an entry: each provenance line alone and in pairs, with the usual flag
    and previous lines; every flag and previous form with an MT line; odd orders."""
    out: list[list[str]] = [[]]
    provenance_sets = [[p] for p in PROVENANCE] + [
        list(pair) for pair in itertools.combinations(PROVENANCE[:5], 2)
    ]
    for prov in [[], *provenance_sets]:
        for flag in (None, "#, fuzzy", "#, python-format, fuzzy"):
            for prev in (None, PREVIOUS[0]):
                out.append(prov + ([flag] if flag else []) + ([prev] if prev else []))
    for flag in [None, *FLAGS]:
        for prev in [None, *PREVIOUS]:
            out.append(
                [PROVENANCE[0], "#. paragraph", "#: sources/a.txt:3"]
                + ([flag] if flag else [])
                + ([prev] if prev else [])
            )
    out += [
        ["#, fuzzy", PROVENANCE[0]],  # provenance after the flags
        ["#, fuzzy", PREVIOUS[0], PROVENANCE[1]],  # after the previous msgid
        [PROVENANCE[2], "#. paragraph", "#, fuzzy"],
        ["#: a.txt:1 b.txt:2", "#, fuzzy", PROVENANCE[0]],
        ["#, python-format", "#, fuzzy", PROVENANCE[0]],  # two flag lines
        ["#, fuzzy", "#, fuzzy", PROVENANCE[1]],
    ]
    return out


def _entries() -> list[str]:
    """One entry each: every head with a translation and without; plural entries; obsolete
    ones."""
    out = []
    for head in _heads():
        lines = "\n".join(head) + "\n" if head else ""
        out.append(lines + 'msgid "One source sentence."\nmsgstr "Одно предложение."\n')
        out.append(lines + 'msgid "One source sentence."\nmsgstr ""\n')
    for head in (["#, fuzzy", PROVENANCE[0]], ["#, fuzzy"], [PREVIOUS[0], "#, fuzzy"], []):
        lines = "".join(f"{ln}\n" for ln in head)
        for forms in (("a", "b"), ("a", "")):
            out.append(
                lines + 'msgid "One file"\nmsgid_plural "%d files"\n'
                f'msgstr[0] "{forms[0]}"\nmsgstr[1] "{forms[1]}"\n'
            )
    for head in (["#, fuzzy", PROVENANCE[0]], [PROVENANCE[1]], []):
        lines = "".join(f"{ln}\n" for ln in head)
        out.append(lines + '#~ msgid "Gone"\n#~ msgstr "Ушло"\n')
    return out


LAYOUTS = {
    "canonical": lambda entry: HEADER + "\n" + entry,
    "crlf": lambda entry: (HEADER + "\n" + entry).replace("\n", "\r\n"),
    "no_blank_line": lambda entry: HEADER + entry,
    "indented": lambda entry: HEADER + "\n" + "".join(f"  {ln}\n" for ln in entry.splitlines()),
    "blank_lines": lambda entry: HEADER + "\n\n\n" + entry + "\n",
}


def _tiers(text: str) -> dict[str, FileStats]:
    """What each status path answers for ``text`` (paths that hand it on are left out)."""
    out = {}
    for name, read in (
        ("tiles", count_tiles),
        ("run", count_run),
        ("blocks", count_blocks.count_blocks),
        ("lines", count_lines),
    ):
        try:
            out[name] = read(text, {})
        except HandOff:
            pass
    return out


def _state_of_file(stats: FileStats) -> str:
    (state,) = stats.segments
    return state


def test_every_reader_agrees_with_the_full_parser_on_every_state(tmp_path: Path) -> None:
    answered: Counter[str] = Counter()
    states_by_reader: dict[str, set[str]] = {}
    light_states: set[str] = set()
    for n, (layout, entry) in enumerate(itertools.product(LAYOUTS, _entries())):
        text = LAYOUTS[layout](entry)
        path = tmp_path / f"{n}.po"
        path.write_bytes(text.encode("utf-8"))
        want = full_counts(path)
        assert want.error is None, (layout, entry, want.error)
        state = _state_of_file(want)
        assert scan_bytes(text.encode("utf-8"), path) == want, (layout, entry)
        for reader, got in _tiers(text).items():
            assert got == want, (reader, layout, entry)
            answered[reader] += 1
            states_by_reader.setdefault(reader, set()).add(state)
        po = load_po(path)
        catalog = light.read_light(text, path)
        if catalog is not None:
            assert [e.state for e in catalog] == [
                provenance.classify(e).value for e in po if not e.obsolete
            ], (layout, entry)
            answered["light"] += 1
            light_states.update(e.state for e in catalog)
    every = {s.value for s in EntryState}
    assert states_by_reader["run"] == every, states_by_reader["run"]
    assert states_by_reader["tiles"] == every, states_by_reader["tiles"]
    assert states_by_reader["lines"] == every
    assert states_by_reader["blocks"] >= every - {"obsolete"}
    assert light_states == every - {"obsolete"}  # the light reader keeps live entries only
    assert (
        answered["tiles"] > 300
        and answered["run"] > 300
        and answered["lines"] > 1000
        and answered["light"] > 300
    )


def test_fast_readers_agree_on_the_fixture_files() -> None:
    paths = sorted(FIXTURES.glob("**/*.po")) + sorted(FIXTURES.glob("**/*.pot"))
    assert len(paths) > 20
    compared = 0
    for path in paths:
        want = full_counts(path)
        raw = path.read_bytes()
        assert scan_bytes(raw, path) == want, path
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        for reader, got in _tiers(text).items():
            assert got == want, (reader, path)
            compared += 1
        try:
            po = load_po(path)
        except TmflowError:
            continue
        catalog = light.read_light(text, path)
        if catalog is not None:
            assert [e.state for e in catalog] == [
                provenance.classify(e).value for e in po if not e.obsolete
            ], path
    assert compared > 20


def test_the_substring_shortcut_reads_heads_as_the_line_reader_does() -> None:
    """``heads.draft_facts`` (substring tests) = ``heads.comment_facts`` (line by line)."""
    tested = 0
    for head in _heads():
        text = "".join(f"{ln}\n" for ln in head)
        if not text:
            continue
        try:
            want = heads.comment_facts(text[:-1])
        except NeedsLineReader:
            continue
        assert heads.draft_facts(text) == want, head
        tested += 1
    assert tested > 100


def test_the_state_table_is_the_rule() -> None:
    """Every combination of facts has its state from ``state_of``; every state is reached; the
    facts of a comment are those of its provenance lines."""
    assert len(provenance.STATE_BY_FACTS) == provenance.ALL_FACTS
    assert set(provenance.STATE_BY_FACTS) == set(EntryState)
    for facts, state in enumerate(provenance.STATE_BY_FACTS):
        assert provenance.state_of(facts) is state
        assert provenance.STATE_NAMES[facts] == state.value
    comment = "a human note\ntmflow: tm 90% x.po\ntmflow: source changed: numbers"
    assert provenance.comment_facts(comment) == provenance.TM | provenance.CHANGED
    assert provenance.comment_facts("tmflow: mt rejected: lost a token") == provenance.MT
    assert provenance.comment_facts("tmflow: glossary: missing") == 0
    assert provenance.kinds(comment) == {"tm", "source changed"}


def test_the_fast_paths_shortcuts_follow_the_table() -> None:
    """The shortcuts hold for today's rules, so the fastest path takes them."""
    assert provenance.EMPTY_IS_UNTRANSLATED and provenance.UNFLAGGED_IS_TRANSLATED
    for facts, state in enumerate(provenance.STATE_BY_FACTS):
        if facts & provenance.OBSOLETE:
            continue
        if not facts & provenance.FILLED:
            assert state is EntryState.UNTRANSLATED
        elif not facts & provenance.FUZZY:
            assert state is EntryState.TRANSLATED


def test_without_its_shortcuts_the_fastest_path_reads_every_head_and_still_agrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were a rule to break a shortcut, the shortcut turns off: the run reader then reads the
    comment lines of every entry, and gives the same answers."""
    monkeypatch.setattr(count_blocks, "EMPTY_IS_UNTRANSLATED", False)
    monkeypatch.setattr(count_blocks, "UNFLAGGED_IS_TRANSLATED", False)
    answered = 0
    for n, entry in enumerate(_entries()):
        text = LAYOUTS["canonical"](entry)
        path = tmp_path / f"{n}.po"
        path.write_text(text, "utf-8")
        try:
            got = count_run(text, {})
        except HandOff:
            continue
        assert got == full_counts(path), entry
        answered += 1
    assert answered > 300


def test_the_live_entries_tile_the_live_part() -> None:
    """``tiling.tile`` answers only when its matches cover the text before the obsolete
    entries exactly; a line it does not know anywhere there makes it answer None."""
    entries = [
        f'# tmflow: mt google 2026-11-27\n#, fuzzy\nmsgid "S{i}"\nmsgstr "T{i}"\n'
        for i in range(5)
    ]
    text = HEADER + "\n" + "\n".join(entries) + '\n#~ msgid "Gone"\n#~ msgstr "Ушло"\n'
    tiled = tiling.tile(text)
    assert tiled is not None
    items, live_len, _header = tiled
    assert len(items) == 6 and text[live_len:].startswith("#~ msgid")
    broken = text.replace('msgid "S2"', 'msgid "S2"\nnot a PO line', 1)
    assert tiling.tile(broken) is None
    assert light.read_light(broken, "x.po") is None  # and load_po reports the line


def test_memos_are_bounded_and_answers_do_not_depend_on_them(tmp_path: Path) -> None:
    from tmflow.io.po.counts import HEADER_LANGUAGES
    from tmflow.io.po.memo import BoundedMemo

    memo: BoundedMemo[str, int] = BoundedMemo("test", 3)
    for i in range(10):
        assert memo.remember(str(i), i) == i
        assert len(memo) <= 3 and memo.get(str(i)) == i
    assert "test" in repr(memo)
    for every in (heads.LINE_FACTS, heads.HEAD_FACTS, tiling.HEADER_FACTS, HEADER_LANGUAGES):
        assert 0 < every.limit <= 200_000 and every.name

    texts = [LAYOUTS["canonical"](entry) for entry in _entries()]

    def read_all() -> list[object]:
        out: list[object] = []
        for text in texts:
            catalog = light.read_light(text, "x.po")
            out.append(
                None
                if catalog is None
                else [
                    (e.msgid, e.msgstr, e.flags, e.tcomment, e.previous_msgid, e.state, e.linenum)
                    for e in catalog
                ]
                + [catalog.canonical, catalog.metadata]
            )
            out.append(scan_bytes(text.encode("utf-8"), "x.po").to_json())
        return out

    for every in (heads.LINE_FACTS, heads.HEAD_FACTS, tiling.HEADER_FACTS, HEADER_LANGUAGES):
        every.clear()
    cold = read_all()
    assert heads.HEAD_FACTS and tiling.HEADER_FACTS and HEADER_LANGUAGES
    assert read_all() == cold  # warm: every answer from the memos is the same


def test_no_fast_reader_imports_a_private_name() -> None:
    """The modules of ``tmflow.io.po`` use one another's public names only."""
    import ast

    import tmflow.io.po

    package = Path(tmflow.io.po.__file__).parent
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("tmflow")
            ):
                private = [a.name for a in node.names if a.name[:1] == "_" != a.name[1:2]]
                assert not private, (path.name, node.module, private)
