"""The streaming scanner agrees with load_po + classify (counts, errors) and with pocount."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from translate.tools import pocount

from tmflow.io.po.counts import FileStats
from tmflow.io.po.scan import full_counts, scan_bytes, scan_file
from tmflow.io.po.words import count_words
from tmflow.io.po.writer import dumps_po, new_catalog

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=3; plural=0;\\n"\n\n'
)

# Hand-written files: layouts the fast path handles, layouts it hands to the line scanner,
# and malformed files it must hand to the full parser (which reports the error).
CASES = {
    "canonical": HEADER
    + (
        '#. paragraph\n#: sources/a.txt:3\nmsgid "Hello world. The U.S. way."\n'
        'msgstr "Привет мир."\n\n'
        '# tmflow: mt google 2026-11-27\n#, fuzzy\nmsgid "Machine <b>draft</b> here"\n'
        'msgstr "Машинный"\n\n'
        '# tmflow: tm 92% ru/x.po\n#, fuzzy\nmsgid "Memory draft"\nmsgstr "Память"\n\n'
        '#, fuzzy\n#| msgid "Old text"\nmsgid "New text"\nmsgstr "Старый"\n\n'
        '# tmflow: source changed: numbers\n#, fuzzy\nmsgid "Changed 12 numbers"\n'
        'msgstr "Изм"\n\n'
        '# tmflow: mt rejected: lost a token\n#, fuzzy\nmsgid "Rejected"\nmsgstr "Отказ"\n\n'
        '#, fuzzy, python-format\nmsgid "Human fuzzy %s"\nmsgstr "Человек %s"\n\n'
        '#, fuzzy\nmsgid "Fuzzy empty"\nmsgstr ""\n\n'
        'msgid "Untranslated one two"\nmsgstr ""\n\n'
        'msgctxt "menu"\nmsgid "Open"\nmsgstr "Открыть"\n\n'
        'msgid ""\n"multi line\\n"\n"text \\"quoted\\""\nmsgstr ""\n"x"\n\n'
        '#~ msgid "Gone away"\n#~ msgstr "Ушло"\n'
    ),
    "plural_and_blankless": HEADER
    + (
        'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "a"\nmsgstr[1] "b"\n'
        'msgstr[2] ""\n'
        'msgid "Next without blank"\nmsgstr "Дальше"\n'
        '# comment after msgstr starts an entry\nmsgid "Third"\nmsgstr "Третий"\n\n\n'
        '  msgid   "Indented"  \nmsgstr "С отступом"\n\n'
        '#~ msgid "Old plural"\n#~ msgid_plural "Old plurals"\n#~ msgstr[0] "x"\n'
        '#~ msgstr[1] "y"\n'
    ),
    "crlf": HEADER.replace("\n", "\r\n") + 'msgid "A b c"\r\nmsgstr "д"\r\n',
    "obsolete_previous": HEADER
    + ('#, fuzzy\n#~| msgid "Older"\n#~ msgid "Old"\n#~ msgstr "Старое"\n'),
    "escapes": HEADER + 'msgid "Tab\\there \\x41"\nmsgstr "Таб\\t"\n\n',
    "bad_escape": HEADER + 'msgid "bad \\q escape"\nmsgstr ""\n',
    "unterminated": HEADER + 'msgid "open\nmsgstr ""\n',
    "duplicate": HEADER + 'msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n',
    "duplicate_escaped": HEADER + 'msgid "say \\"hi\\""\nmsgstr ""\n\n'
    'msgid "say \\x22hi\\x22"\nmsgstr ""\n',
    "raw_quote_inside": HEADER + 'msgid "a"b"\nmsgstr ""\n\nmsgid "c"\nmsgstr "d"\n',
    "raw_quote_in_msgstr": HEADER + 'msgid "a"\nmsgstr "b"c"\n',
    "escaped_closing_quote": HEADER + 'msgid "abc\\"\nmsgstr ""\n',
    "quote_after_string": HEADER + 'msgid "abc" "d"\nmsgstr ""\n',
    "quoted_keys": HEADER + '#: a.md:1\nmsgid "a [link](https://x.org \\"T\\")."\nmsgstr "b"\n\n'
    'msgctxt "\\"q\\""\nmsgid "c"\nmsgstr "d"\n',
    "no_header": 'msgid "a"\nmsgstr ""\n',
    "no_msgstr": HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr ""\n',
    "conflict": HEADER + '<<<<<<< HEAD\nmsgid "a"\nmsgstr ""\n',
    "charset": HEADER.replace("charset=UTF-8", "charset=ISO-8859-1") + 'msgid "a"\nmsgstr ""\n',
    "trailing_comment": HEADER + 'msgid "a"\nmsgstr ""\n\n# dangling\n',
    "two_headers": HEADER + HEADER + 'msgid "a"\nmsgstr ""\n',
    "msgstr_index_no_plural": HEADER + 'msgid "a"\nmsgstr[0] ""\n',
    "live_after_obsolete": HEADER
    + ('#~ msgid "Old"\n#~ msgstr "Старое"\n\n#. note\nmsgid "New"\nmsgstr "Новое"\n'),
    "obsolete_tail": HEADER
    + ('#. c\nmsgid "Live"\nmsgstr "Жив"\n\n# kept\n#~ msgid "Old"\n#~ msgstr "Старое"\n'),
}


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / f"{name}.po"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_scanner_agrees_with_full_parse(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, CASES[name])
    assert scan_file(path) == full_counts(path)


def test_scanner_reports_errors_like_load_po(tmp_path: Path) -> None:
    stats = scan_file(_write(tmp_path, "unterminated", CASES["unterminated"]))
    assert stats.error == ("unterminated string", 7)
    assert stats.segments == {}
    stats = scan_file(_write(tmp_path, "bad", b'msgid ""\nmsgstr "\xff"\n'))
    assert stats.error is not None and "UTF-8" in stats.error[0]
    assert scan_file(tmp_path / "missing.po").error == ("PO file not found", None)


def test_canonical_case_counts(tmp_path: Path) -> None:
    stats = scan_file(_write(tmp_path, "c", CASES["canonical"]))
    assert stats.segments == {
        "translated": 3,
        "mt": 2,
        "tm": 1,
        "changed": 2,
        "fuzzy": 1,
        "untranslated": 2,
        "obsolete": 1,
    }
    assert stats.language == "ru"
    assert stats.title == ("Hello world. The U.S. way.", "Привет мир.")


def test_cache_round_trip() -> None:
    stats = FileStats(
        {"translated": 2, "mt": 1},
        {"translated": 7, "mt": 3},
        "fr",
        ("bad", 3),
        ("Hello", "Bonjour"),
    )
    assert FileStats.from_json(stats.to_json()) == stats


@pytest.mark.parametrize("corpus", ["check/defects", "check/clean"])
def test_scanner_agrees_on_the_check_corpora(corpus: str) -> None:
    files = sorted((FIXTURES / corpus).glob("locales/*/*.po"))
    assert files
    for path in files:
        assert scan_file(path) == full_counts(path), path


def _generated(tmp_path: Path, seed: int) -> Path:
    import random

    rng = random.Random(seed)
    words = (
        "Baku",
        "U.S.",
        "e-mail",
        "don't",
        "3.14",
        "1,000",
        "<b>bold</b>",
        "x.y",
        "Khojaly",
        "“quoted”",
        "北京",
        "l'homme",
        "—",
        "2014",
        "C++",
        "a_b",
        "<br/>",
        "ساعة",
        "١٢٣",
        "Здравствуйте",
        "...",
        "Dr.",
        "$5",
    )
    po = new_catalog("gen", "ru")
    for i in range(60):
        msgid = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) + f" {i}"
        entry = polib.POEntry(msgid=msgid, msgstr="")
        roll = rng.random()
        if roll < 0.5:
            entry.msgstr = "перевод " + msgid
        elif roll < 0.8:
            entry.msgstr = "черновик"
            entry.flags = ["fuzzy"]
            entry.tcomment = rng.choice(["tmflow: mt google", "tmflow: tm 80% x.po", ""])
        po.append(entry)
    path = tmp_path / f"gen{seed}.po"
    path.write_text(dumps_po(po), "utf-8")
    return path


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_words_and_states_agree_with_pocount(tmp_path: Path, seed: int) -> None:
    path = _generated(tmp_path, seed)
    ours = scan_file(path)
    assert ours == full_counts(path)
    theirs = pocount.calcstats(str(path))
    w = ours.words
    drafts = sum(w.get(s, 0) for s in ("mt", "tm", "changed", "fuzzy"))
    assert theirs["translatedsourcewords"] == w.get("translated", 0)
    assert theirs["fuzzysourcewords"] == drafts
    assert theirs["untranslatedsourcewords"] == w.get("untranslated", 0)
    assert theirs["totalsourcewords"] == drafts + w.get("translated", 0) + w.get("untranslated", 0)
    segs = ours.segments
    assert theirs["translated"] == segs.get("translated", 0)
    assert theirs["total"] == sum(v for k, v in segs.items() if k != "obsolete")


@pytest.mark.parametrize("corpus", ["check/defects", "check/clean"])
def test_word_totals_agree_with_pocount_on_corpora(corpus: str) -> None:
    for path in sorted((FIXTURES / corpus).glob("locales/*/*.po")):
        ours = scan_file(path)
        if ours.error:
            continue
        theirs = pocount.calcstats(str(path))
        total = sum(v for k, v in ours.words.items() if k != "obsolete")
        assert theirs["totalsourcewords"] == total, path


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. delegation, led by Dr. Smith, arrived on 26 February 2014.",
        "don't e-mail foo@bar.com http://x.org/a_b 3.14 1,000 — “Justice for Khojaly!”",
        'Line<br/>break <b>bold</b> <a href="x">link</a> 北京欢迎你 ساعة ١٢٣',
        "",
        "   ",
        "...",
        "a.b.c d",
        "Ходжалы, 1992 г.",
    ],
)
def test_count_words_is_pocounts_rule(text: str) -> None:
    assert count_words(text) == pocount.wordcount(text)


def test_scan_bytes_strips_bom(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + CASES["canonical"].encode("utf-8")
    path = _write(tmp_path, "bom", raw)
    assert scan_bytes(raw, path) == full_counts(path)


def test_canonical_files_take_the_fast_path(tmp_path: Path) -> None:
    from tmflow.io.po.count_blocks import count_run

    path = _generated(tmp_path, 4)
    text = path.read_text("utf-8")
    assert count_run(text, {}) == full_counts(path)


def _light_cases(tmp_path: Path) -> list[Path]:
    paths = [_write(tmp_path, name, text) for name, text in CASES.items()]
    paths += sorted((FIXTURES / "check").glob("*/locales/*/*.po*"))
    paths += [_generated(tmp_path, seed) for seed in (5, 6)]
    return paths


def test_light_reader_agrees_with_load_po(tmp_path: Path) -> None:
    from tmflow.core.errors import TmflowError
    from tmflow.io.po.light import read_light
    from tmflow.io.po.reader import load_po

    used = canonical = 0
    for path in _light_cases(tmp_path):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        light = read_light(text, path)
        try:
            po = load_po(path)
        except TmflowError:
            assert light is None, path  # errors are left to load_po
            continue
        if light is None:
            continue
        used += 1
        fields = ("msgid", "msgstr", "msgctxt", "flags", "tcomment", "previous_msgid", "linenum")
        want = [tuple(getattr(e, f) for f in fields) for e in po if not e.obsolete]
        got = [
            tuple(getattr(e, f) if f != "flags" else list(e.flags) for f in fields) for e in light
        ]
        assert got == want, path
        assert light.keys == {(e.msgctxt, e.msgid) for e in po if not e.obsolete}, path
        assert light.metadata == po.metadata and light.header == (po.header or "")
        if light.canonical:
            canonical += 1
            assert dumps_po(po).encode("utf-8") == raw, path
    assert used >= 20 and canonical >= 15


def test_light_reader_paths_agree(tmp_path: Path) -> None:
    """The all-at-once reader gives what the entry-by-entry walk gives, whenever it answers;
    headers never seen before, obsolete tails and comment orders included."""
    from tmflow.io.po import light, tiling
    from tmflow.io.po.lexer import HandOff

    fields = ("msgid", "msgstr", "msgctxt", "flags", "tcomment", "previous_msgid", "linenum")
    extra = {
        "fresh_header": HEADER.replace("Language: ru", 'Language: ru\\n"\n"X-Seen: no')
        + '# note\n#. x\n#: a.txt:1 b.txt:2\n#, fuzzy\n#| msgid "Was"\nmsgid "Is"\n'
        'msgstr "Есть"\n\n#: a.txt:3\n#. after refs\nmsgid "Odd order"\nmsgstr "Да"\n\n'
        '#, fuzzy\n#: a.txt:4\nmsgid "Flags first"\nmsgstr "Ф"\n\n'
        '#: a.txt:5\n#: a.txt:6\nmsgid "Two ref lines"\nmsgstr "Две"\n\n'
        '# note\n#~ msgid "Gone"\n#~ msgstr "Ушло"\n',
        "previous_kinds": HEADER
        + '# tmflow: mt google 2026-11-27\n#, fuzzy\n#| msgid "Was"\nmsgid "Mt"\nmsgstr "М"\n\n'
        '#, fuzzy\n#| msgctxt "old"\n#| msgid "Was"\nmsgid "Two"\nmsgstr "Два"\n\n'
        '#, fuzzy\n#| msgid "Raw\ttab"\nmsgid "Raw"\nmsgstr "Р"\n\n'
        '#| msgid "Not fuzzy"\nmsgid "Plain"\nmsgstr "П"\n',
    }
    paths = _light_cases(tmp_path) + [_write(tmp_path, n, t) for n, t in extra.items()]
    fast_used = 0
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        tiling.HEADER_FACTS.clear()  # every header unseen: the all-at-once reader reads it
        try:
            fast = light.read_light_all_at_once(text) if "\r" not in text else None
        except HandOff:
            fast = None
        if fast is None:
            continue
        fast_used += 1
        walk = light.read_light_walk(text)
        assert walk is not None, path
        assert [tuple(getattr(e, f) for f in fields) for e in fast] == [
            tuple(getattr(e, f) for f in fields) for e in walk
        ], path
        assert (fast.metadata, fast.header, fast.canonical) == (
            walk.metadata,
            walk.header,
            walk.canonical,
        ), path
    assert fast_used >= 15


def test_read_keys_agrees_with_load_po(tmp_path: Path) -> None:
    """The key reader (for "PO out of date with its template") gives load_po's keys of the
    live entries, or hands the file on; it never answers for a file load_po rejects."""
    from tmflow.core.errors import TmflowError
    from tmflow.io.po.keys import read_keys
    from tmflow.io.po.reader import load_po

    answered = 0
    for path in _light_cases(tmp_path):
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        keys = read_keys(text)
        try:
            po = load_po(path)
        except TmflowError:
            assert keys is None, path
            continue
        if keys is not None:
            answered += 1
            assert keys == {(e.msgctxt, e.msgid) for e in po if not e.obsolete}, path
    assert answered >= 15


def test_light_entries_know_their_state(tmp_path: Path) -> None:
    """``LightEntry.state`` is ``classify``'s answer for the same entry of the full parse."""
    from tmflow.core.errors import TmflowError
    from tmflow.core.provenance import classify
    from tmflow.io.po.light import read_light
    from tmflow.io.po.reader import load_po

    states = set()
    for path in _light_cases(tmp_path):
        try:
            light = read_light(path.read_bytes().decode("utf-8"), path)
            po = load_po(path)
        except (UnicodeDecodeError, TmflowError):
            continue
        if light is None:
            continue
        want = [classify(e).value for e in po if not e.obsolete]
        assert [e.state for e in light] == want, path
        states.update(want)
    assert {"translated", "untranslated", "mt", "tm", "changed", "fuzzy"} <= states


_prop_text = st.text(
    alphabet=st.sampled_from(list('ab xy.,!?"\\\t\n') + ["д", "ə", "İ", "م", "é"]), max_size=40
)


@settings(max_examples=120, deadline=None)
@given(
    entries=st.lists(
        st.tuples(
            _prop_text,
            _prop_text,
            st.one_of(st.none(), _prop_text),
            st.booleans(),
            st.sampled_from(
                [
                    "",
                    "tmflow: mt google 2026-11-27",
                    "tmflow: tm 91% ru/x.po",
                    "a reviewer's note",
                    "tmflow-ignore: numbers",
                ]
            ),
            st.one_of(st.none(), _prop_text),
            st.lists(
                st.sampled_from(["sources/a.txt:1", "sources/b.md:12", "sources/c.txt:7"]),
                max_size=3,
                unique=True,
            ),
            st.booleans(),
        ),
        max_size=8,
    )
)
def test_light_reader_agrees_with_load_po_on_written_catalogs(entries: list) -> None:
    """Any catalog tmflow writes (escapes, quotes, tabs and line breaks in strings, contexts,
    previous msgids, provenance, obsolete entries) reads the same through the light reader,
    the key reader and the full parser, and is known to be canonical."""
    import tempfile

    from tmflow.io.po.keys import read_keys
    from tmflow.io.po.light import read_light
    from tmflow.io.po.reader import load_po

    po = new_catalog("prop", "ru", "2026-01-01 00:00+0000")
    seen = set()
    for msgid, msgstr, ctxt, fuzzy, tcomment, previous, refs, obsolete in entries:
        if not msgid or (ctxt, msgid) in seen:
            continue
        seen.add((ctxt, msgid))
        po.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=msgstr,
                msgctxt=ctxt,
                flags=["fuzzy"] if fuzzy else [],
                tcomment=tcomment,
                previous_msgid=previous if fuzzy else None,
                occurrences=[tuple(r.rsplit(":", 1)) for r in refs],
                obsolete=obsolete,
            )
        )
    po.sort(key=lambda e: e.obsolete)  # obsolete entries last, as update writes them
    text = dumps_po(po)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prop.po"
        path.write_text(text, "utf-8")
        full = load_po(path)
    fields = ("msgid", "msgstr", "msgctxt", "tcomment", "previous_msgid", "linenum")
    want = [
        tuple(getattr(e, f) for f in fields) + (list(e.flags),) for e in full if not e.obsolete
    ]
    light = read_light(text, "prop.po")
    if light is not None:  # a layout it hands on (an obsolete entry first, say) is fine
        assert [tuple(getattr(e, f) for f in fields) + (list(e.flags),) for e in light] == want
        assert light.canonical is not False
    keys = read_keys(text)
    if keys is not None:
        assert keys == {(e.msgctxt, e.msgid) for e in full if not e.obsolete}


PLURALS = HEADER + (
    '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d файл"\n'
    'msgstr[1] "%d файла"\nmsgstr[2] "%d файлов"\n\n'
    'msgid "Plain"\nmsgstr "Простой"\n\n'
    '#, fuzzy, c-format\nmsgid "%d day"\nmsgid_plural "%d days"\nmsgstr[0] "%d день"\n'
    'msgstr[1] "%d дня"\nmsgstr[2] "%d дней"\n\n'
    'msgid "%d hour"\nmsgid_plural "%d hours"\nmsgstr[0] "%d час"\nmsgstr[1] ""\n'
    'msgstr[2] ""\n\n'
    'msgctxt "unit"\nmsgid "%d \\"km\\""\nmsgid_plural ""\n"%d km\\n"\n"long"\n'
    'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n\n'
    '# tmflow: mt google 2026-11-27\n#, fuzzy\nmsgid "%d bit"\nmsgid_plural "%d bits"\n'
    'msgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n\n'
    'msgid "Last"\nmsgstr ""\n\n'
    '#~ msgid "Old"\n#~ msgstr "Старое"\n'
)


def test_plural_entries_take_the_fast_path(tmp_path: Path) -> None:
    from tmflow.io.po.count_blocks import count_run

    path = _write(tmp_path, "plurals", PLURALS)
    stats = count_run(PLURALS, {})  # no hand-off to the line reader
    assert stats == full_counts(path) == scan_file(path)
    assert stats.segments == {
        "translated": 3,
        "fuzzy": 1,
        "mt": 1,
        "untranslated": 2,
        "obsolete": 1,
    }
    assert stats.title == ("%d file", "%d файл")  # the first form of the first entry


@pytest.mark.parametrize(
    "variant",
    [
        # a repeated plural entry; a repeated form; an invalid escape; a header with plurals
        PLURALS + 'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "a"\n',
        PLURALS.replace('msgstr[1] "%d дня"', 'msgstr[0] "%d дня"'),
        PLURALS.replace('msgid_plural "%d days"', 'msgid_plural "%d \\q days"'),
        PLURALS.replace('"%d files"', '"files"\n\nmsgid ""\nmsgid_plural "x"\nmsgstr[0] "y"'),
        # a plural entry among the obsolete ones, a form index out of order
        PLURALS + '\n#~ msgid "a"\n#~ msgid_plural "b"\n#~ msgstr[0] "c"\n',
        PLURALS.replace('msgstr[0] "%d час"\nmsgstr[1] ""', 'msgstr[1] ""\nmsgstr[0] "%d час"'),
    ],
)
def test_plural_variants_agree_with_full_parse(tmp_path: Path, variant: str) -> None:
    path = _write(tmp_path, "variant", variant)
    assert scan_file(path) == full_counts(path)
