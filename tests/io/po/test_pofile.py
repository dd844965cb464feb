from __future__ import annotations

import os
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tmflow.core.errors import InputError, NotFoundError
from tmflow.io import files as files_module
from tmflow.io.po.reader import load_po, parse_po
from tmflow.io.po.writer import dumps_po, new_catalog, new_template, save_po

BAD = Path(__file__).resolve().parents[2] / "fixtures" / "po" / "bad"

# file -> (line, fragment)
BAD_FILES = {
    "unterminated.po": (7, "unterminated string"),
    "duplicate.po": (8, "duplicate entry: msgid 'a' first defined at line 6"),
    "conflict.po": (6, "git merge-conflict marker"),
    "no-header.po": (1, "no header entry"),
    "latin1.po": (6, "not valid UTF-8 (byte 0xe9)"),
    "keyword.po": (8, "syntax error: unexpected 'foo'"),
    "no-msgstr.po": (6, "entry has no msgstr"),
    "msgstr-first.po": (6, "msgstr before any msgid"),
    "bad-escape.po": (6, "invalid escape sequence '\\q'"),
    "plural-msgstr.po": (6, "a plural entry needs msgstr[0]"),
    "dangling.po": (8, "unterminated string"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_broken_po_gives_one_error_with_file_and_line(name: str) -> None:
    line, fragment = BAD_FILES[name]
    with pytest.raises(InputError) as info:
        load_po(BAD / name)
    err = info.value
    assert err.path == BAD / name
    assert err.line == line, str(err)
    assert fragment in str(err)
    assert str(err).startswith(f"{BAD / name}:{line}: ")
    assert "\n" not in str(err)


def test_every_bad_fixture_is_covered() -> None:
    assert sorted(p.name for p in BAD.glob("*.po")) == sorted(BAD_FILES)


def test_missing_file_is_not_found_not_syntax(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="PO file not found"):
        load_po(tmp_path / 'msgid "x"')


def test_gettext_agrees_the_bad_files_are_bad() -> None:
    # the oracle: msgfmt rejects the same files (except the ones gettext tolerates)
    tolerated = {"no-header.po", "latin1.po"}
    for name in sorted(set(BAD_FILES) - tolerated):
        proc = subprocess.run(
            ["msgfmt", "-c", "-o", os.devnull, str(BAD / name)], capture_output=True, text=True
        )
        assert proc.returncode != 0, name


def msgcat_no_wrap(path: Path) -> str:
    proc = subprocess.run(
        ["msgcat", "--no-wrap", str(path)], capture_output=True, text=True, check=True
    )
    return proc.stdout


VARIED = r"""# Translator: Ann <ann@example.org>
#
#  two spaces kept
msgid ""
msgstr ""
"Project-Id-Version: sample\n"
"POT-Creation-Date: 2026-01-01 10:00+0000\n"
"PO-Revision-Date: 2026-01-02 10:00+0000\n"
"Last-Translator: Ann\n"
"Language-Team: ru\n"
"Language: ru\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
"X-Generator: Poedit 3.4\n"

#. heading, block 1
#: sources/a-very-long-article-name-for-the-wrap-test.txt:1 sources/a-very-long-article-name-for-the-wrap-test.txt:15 sources/a-very-long-article-name-for-the-wrap-test.txt:200
msgid "A long sentence that certainly runs past the seventy-nine column limit that gettext uses when wrapping"
msgstr "Длинное предложение, которое наверняка выходит за предел в семьдесят девять колонок"

#, fuzzy
#| msgid "Old text with \"quotes\""
msgid "New text with \"quotes\" and a \\ backslash"
msgstr "Новый текст с «кавычками» и \\ обратной косой"

msgctxt "menu"
msgid "Line one\nLine two\n"
msgstr "Строка один\nСтрока два\n"

msgid "tab\there"
msgstr "таб\tздесь"

msgid "only trailing newline\n"
msgstr "только перевод строки\n"

msgid "مرحبا بالعالم"
msgstr "مرحبا بالعالم"

msgid "one file"
msgid_plural "%d files"
msgstr[0] "%d файл"
msgstr[1] "%d файла"
msgstr[2] "%d файлов"

#, fuzzy
#~| msgid "gone before"
#~ msgid "gone"
#~ msgstr "ушло"
"""


def test_canonical_layout_matches_msgcat_no_wrap_on_varied_entries(tmp_path: Path) -> None:
    path = tmp_path / "varied.po"
    path.write_text(VARIED, "utf-8")
    # an editor re-wrapped the file at 79 columns:
    wrapped = subprocess.run(
        ["msgcat", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert wrapped != VARIED
    rewrapped = tmp_path / "wrapped.po"
    rewrapped.write_text(wrapped, "utf-8")
    expected = msgcat_no_wrap(path)
    assert dumps_po(load_po(path)) == expected
    assert dumps_po(load_po(rewrapped)) == expected


def test_obsolete_previous_msgid_survives_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "varied.po"
    path.write_text(VARIED, "utf-8")
    po = load_po(path)
    obsolete = [e for e in po if e.obsolete]
    assert len(obsolete) == 1 and obsolete[0].previous_msgid == "gone before"
    assert '#~| msgid "gone before"' in dumps_po(po)


def test_octal_and_hex_escapes_are_read_as_characters(tmp_path: Path) -> None:
    path = tmp_path / "esc.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "a\\101\\x42"\nmsgstr "b"\n',
        "utf-8",
    )
    po = load_po(path)
    assert po[0].msgid == "aAB"


_text = st.text(
    alphabet=st.sampled_from(
        list('abc xyz.,!?"\\\t\n') + ["д", "ə", "İ", "ş", "م", "ع", "é", "—"]
    ),
    max_size=120,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entries=st.lists(
        st.tuples(
            _text,
            _text,
            st.booleans(),
            st.lists(
                st.sampled_from(
                    [
                        "sources/a.txt:1",
                        "sources/bbbbbbbbbbbbbbbbbbbbbbbb.md:12345",
                        "sources/c-c-c-c-c-c-c-c-c-c-c-c.txt:7",
                    ]
                ),
                max_size=6,
            ),
        ),
        max_size=8,
        unique_by=lambda e: e[0],
    )
)
def test_any_catalog_we_write_is_what_msgcat_writes(tmp_path: Path, entries: list) -> None:
    po = new_catalog("prop", "ru", "2026-01-01 00:00+0000")
    po.append(polib.POEntry(msgid="First.", msgstr=""))  # msgcat writes nothing for a bare header
    for msgid, msgstr, fuzzy, refs in entries:
        if not msgid or msgid == "First.":
            continue
        po.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=msgstr,
                flags=["fuzzy"] if fuzzy else [],
                occurrences=[tuple(r.rsplit(":", 1)) for r in refs],
            )
        )
    path = tmp_path / "prop.po"
    save_po(po, path)
    text = path.read_text("utf-8")
    assert msgcat_no_wrap(path) == text
    assert dumps_po(load_po(path)) == text


def test_new_catalog_header_passes_msgfmt_check(tmp_path: Path) -> None:
    for lang in ("az", "ru", "tr", "fr", "ar"):
        po = new_catalog("sample", lang)
        po.append(polib.POEntry(msgid="Hello.", msgstr="", occurrences=[("sources/a.txt", "1")]))
        path = tmp_path / f"{lang}.po"
        save_po(po, path)
        proc = subprocess.run(
            ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        assert f'"Language: {lang}\\n"' in path.read_text("utf-8")
        assert "Plural-Forms: nplurals=" in path.read_text("utf-8")
    pot = new_template("sample")
    pot.append(polib.POEntry(msgid="Hello.", msgstr=""))
    save_po(pot, tmp_path / "t.pot")
    assert (
        parse_po((tmp_path / "t.pot").read_text("utf-8"), tmp_path / "t.pot")[0].msgid == "Hello."
    )


def test_save_unchanged_does_not_touch_the_file(tmp_path: Path) -> None:
    po = new_catalog("x", "fr", "2026-01-01 00:00+0000")
    po.metadata["PO-Revision-Date"] = "2026-01-01 00:00+0000"
    path = tmp_path / "fr.po"
    assert save_po(po, path) is True
    os.utime(path, (1_000_000, 1_000_000))
    assert save_po(po, path) is False
    assert path.stat().st_mtime == 1_000_000


def test_crash_during_save_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fr.po"
    po = new_catalog("x", "fr")
    po.append(polib.POEntry(msgid="Kept.", msgstr="Gardé."))
    save_po(po, path)
    before = path.read_bytes()
    po.append(polib.POEntry(msgid="New.", msgstr="Nouveau."))

    def crash(fd: int) -> None:
        raise OSError("disk unplugged")

    monkeypatch.setattr(files_module.os, "fsync", crash)
    with pytest.raises(InputError, match=r"fr\.po: cannot write: disk unplugged"):
        save_po(po, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["fr.po"]  # no temp file left behind
