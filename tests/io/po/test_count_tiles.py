"""The status counter's fastest reader (``count_tiles``) agrees with the full parser.

Real catalogs have what generated trees lack: long wrapped documentation entries, plural
entries, ``#,`` flags, previous msgids over several lines, obsolete entries (plural ones and
ones with ``#~|`` lines), escapes of every kind, charsets other than UTF-8, CRLF line breaks
and byte-order marks. The files made here have all of that; every file's counts from
``scan_bytes`` (and from ``count_tiles`` where it answers) must be those of ``full_counts``,
and the fast reader must answer most of the usual files itself.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmflow.io.po.count_tiles import _checked, count_tiles
from tmflow.io.po.lexer import STRING_RE, HandOff, NeedsFullParse, NeedsLineReader
from tmflow.io.po.scan import full_counts, scan_bytes

_BODY = st.text(alphabet=st.sampled_from(list('"\\anq x')), max_size=8)


@settings(max_examples=800, deadline=None)
@given(st.lists(_BODY, min_size=1, max_size=3))
def test_string_check_is_the_strict_pattern(bodies: list[str]) -> None:
    """``_checked`` on a loosely matched string accepts exactly what ``lexer.MULTI`` matches
    (an invalid escape in such a string: ``NeedsFullParse``)."""
    group = "\n".join(f'"{body}"' for body in bodies)
    strict = STRING_RE.fullmatch(group) is not None
    try:
        _checked(group)
    except NeedsLineReader:
        assert not strict, group
    except NeedsFullParse:
        assert strict, group
        assert any("\\q" in body or "\\ " in body for body in bodies) or "\\x" in group
    else:
        assert strict, group


# --------------------------------------------------------------------------------------------
# files like real catalogs

WORDS = (
    "the file could not be opened because the disk is full or %s was removed by "
    "another process while the window manager waited for X calls; see <b>help</b> "
    "and e.g. the U.S. manual, version 3.14 of 1,000 pages"
).split()
TRANSLATIONS = ["Datei", "ファイル", "файл", "fichier", "äöü ß", "ελληνικά", "«guillemets»"]
ESCAPES = ["\\n", '\\"', "\\t", "\\\\", "\\x41", "\\101", "\\a", "\\'", "\\?"]


def _string(rng: random.Random, words: int, escapes: bool = True) -> str:
    """Raw (escaped) text of a string."""
    parts = [rng.choice(WORDS) for _ in range(words)]
    if escapes and rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(ESCAPES))
    return " ".join(parts)


def _lines(keyword: str, raw: str, rng: random.Random, prefix: str = "") -> list[str]:
    """A keyword line and its string, wrapped over several lines when long (as msgcat
    wraps), never splitting an escape."""
    if len(raw) < 60 or rng.random() < 0.3:
        return [f'{prefix}{keyword} "{raw}"']
    pieces, cut = [], 0
    while cut < len(raw):
        end = min(len(raw), cut + rng.randint(20, 50))
        while end < len(raw) and raw[end - 1] == "\\":
            end += 1
        pieces.append(raw[cut:end])
        cut = end
    return [f'{prefix}{keyword} ""'] + [f'{prefix}"{piece}"' for piece in pieces]


def _entry(rng: random.Random, n: int, obsolete: bool) -> list[str]:
    out: list[str] = []
    if not obsolete and rng.random() < 0.3:
        out.append("# translator: check this")
    if rng.random() < 0.5:
        out.append("#. " + _string(rng, 4, escapes=False))
    if not obsolete and rng.random() < 0.7:
        out.append(f"#: src/file{n}.c:{n} src/other.c:{n + 1}")
    flags = rng.choice(["", "#, c-format", "#, fuzzy", "#, fuzzy, c-format", "#, python-format"])
    if flags:
        out.append(flags)
    prefix = "#~ " if obsolete else ""
    if "fuzzy" in flags and rng.random() < 0.6:
        old = _string(rng, rng.randint(2, 20))
        mark = "#~| " if obsolete else "#| "
        out += _lines("msgid", old, rng, mark)
    msgid = f"{_string(rng, rng.randint(1, 40))} {n}"
    if rng.random() < 0.1:
        out += _lines("msgctxt", _string(rng, 2), rng, prefix)
    out += _lines("msgid", msgid, rng, prefix)
    filled = rng.random() < 0.7
    if rng.random() < 0.15:
        out += _lines("msgid_plural", msgid + " many", rng, prefix)
        for form in range(rng.choice([1, 2, 3])):
            text = rng.choice(TRANSLATIONS) if filled or form == 0 else ""
            out += _lines(f"msgstr[{form}]", text, rng, prefix)
    else:
        text = " ".join(rng.choice(TRANSLATIONS) for _ in range(rng.randint(1, 30)))
        out += _lines("msgstr", text if filled else "", rng, prefix)
    return out


def _catalog(seed: int, charset: str) -> str:
    rng = random.Random(seed)
    lines = [
        "# Translation of a real-looking project.",
        "# Copyright (C) 2024 Free Software Foundation, Inc.",
        "#",
        'msgid ""',
        'msgstr ""',
        '"Project-Id-Version: demo 1.0\\n"',
        '"Language: de\\n"',
        '"MIME-Version: 1.0\\n"',
        f'"Content-Type: text/plain; charset={charset}\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    for n in range(rng.randint(5, 40)):
        lines += _entry(rng, n, obsolete=False) + [""]
    for n in range(rng.randint(0, 6)):
        lines += _entry(rng, 1000 + n, obsolete=True) + [""]
    return "\n".join(lines[:-1]) + "\n"


# how a file is stored: the charset named, the codec of its bytes, and a change to its text
VARIANTS = {
    "utf-8": ("UTF-8", "utf-8", lambda t: t),
    "latin-1": ("ISO-8859-1", "latin-1", lambda t: t),
    "cp1251": ("CP1251", "cp1251", lambda t: t),
    "euc-jp": ("EUC-JP", "euc-jp", lambda t: t),
    "charset-placeholder": ("CHARSET", "utf-8", lambda t: t),
    "crlf": ("UTF-8", "utf-8", lambda t: t.replace("\n", "\r\n")),
    "bom": ("UTF-8", "utf-8-sig", lambda t: t),
    "extra-blank-lines": ("UTF-8", "utf-8", lambda t: _blank_lines(t)),
    "no-final-newline": ("UTF-8", "utf-8", lambda t: t.rstrip("\n")),
}


def _blank_lines(text: str) -> str:
    """Two blank lines between the live entries, as some projects write them."""
    cut = text.find("\n#~")
    live, rest = (text[:cut], text[cut:]) if cut >= 0 else (text, "")
    return live.replace('"\n\n#', '"\n\n\n#') + rest


def _encodable(text: str, codec: str) -> str:
    """``text`` with what ``codec`` cannot write replaced, as a catalog in it would be."""
    return text.encode(codec, "replace").decode(codec)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_fast_counts_are_the_full_parsers_on_real_like_files(tmp_path: Path, variant: str) -> None:
    charset, codec, change = VARIANTS[variant]
    answered = 0
    for seed in range(40):
        text = change(_encodable(_catalog(seed, charset), codec))
        raw = text.encode(codec)
        path = tmp_path / f"{variant}-{seed}.po"
        path.write_bytes(raw)
        want = full_counts(path)
        assert want.error is None, (variant, seed, want.error)
        assert scan_bytes(raw, path) == want, (variant, seed)
        if codec == "utf-8":
            try:
                got = count_tiles(text, {})
            except HandOff:
                continue
            assert got == want, (variant, seed)
            answered += 1
    if variant in ("utf-8", "charset-placeholder", "extra-blank-lines"):
        assert answered >= 30, answered  # the usual file is the fast reader's


def test_other_charsets_take_the_fast_reader(tmp_path: Path) -> None:
    """A file in another charset is decoded as ``load_po`` decodes it and counted by the fast
    reader, which checks that the header names that charset."""
    text = _encodable(_catalog(7, "EUC-JP"), "euc-jp")
    raw = text.encode("euc-jp")
    want = full_counts(_write(tmp_path, raw))
    assert count_tiles(raw.decode("euc-jp"), {}, "euc_jp") == want
    with pytest.raises(HandOff):  # decoded with another codec than the header names
        count_tiles(raw.decode("latin-1"), {}, "iso8859-1")


def _write(tmp_path: Path, raw: bytes) -> Path:
    path = tmp_path / "file.po"
    path.write_bytes(raw)
    return path


@pytest.mark.parametrize(
    "damage",
    [
        ('msgstr "', 'msgstr "\\q'),  # an invalid escape
        ('msgstr "', 'msgstr "a"b'),  # a quote inside a string
        ('msgid "', 'msgid "\\"'),  # the closing quote escaped
        ("\n\n#", '\n\nmsgid "0 the"\nmsgstr ""\n\n#'),  # perhaps a duplicate
    ],
)
def test_damaged_files_give_the_full_parsers_answer(
    tmp_path: Path, damage: tuple[str, str]
) -> None:
    for seed in range(10):
        text = _catalog(seed, "UTF-8")
        at = text.index(damage[0], text.index("\n\n"))
        text = text[:at] + damage[1] + text[at + len(damage[0]) :]
        path = _write(tmp_path, text.encode("utf-8"))
        assert scan_bytes(text.encode("utf-8"), path) == full_counts(path), (damage, seed)
