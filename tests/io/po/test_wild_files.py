"""PO files from the wild: legacy charsets, odd headers, comment lines and flags read as
gettext reads them and written back byte for byte as ``msgcat --no-wrap`` writes them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tmflow.core.errors import InputError
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import encode_po, save_po

# (charset, Language, a sentence in a language written in that charset)
CHARSETS = [
    ("ISO-8859-1", "fr", "Déjà vu, garçon ? Ça coûte 5 francs, « non »."),
    ("ISO-8859-2", "pl", "Zażółć gęślą jaźń."),
    ("ISO-8859-15", "et", "Šokolaad ja žürii: 10 €."),
    ("ISO-8859-5", "ru", "Съешь же ещё этих мягких французских булок."),
    ("ISO-8859-7", "el", "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία."),
    ("ISO-8859-8", "he", "דג סקרן שט בים מאוכזב."),
    ("ISO-8859-9", "tr", "Pijamalı hasta yağız şoföre çabucak güvendi."),
    ("CP1250", "cs", "Příliš žluťoučký kůň úpěl ďábelské ódy."),
    ("CP1251", "uk", "Чуєш їх, доцю, га? Кумедна ж ти, прощайся без ґольфів!"),
    ("CP1256", "ar", "نص حكيم له سر قاطع وذو شأن عظيم."),
    ("KOI8-R", "ru", "В чащах юга жил бы цитрус? Да, но фальшивый экземпляр!"),
    ("EUC-JP", "ja", "いろはにほへと　ちりぬるを、表示します。"),
    ("CP932", "ja", "ソフトウェアの表示です。"),  # ソ and 表 end in byte 0x5C
    ("SHIFT_JIS", "ja", "予定表を開く"),
    ("EUC-KR", "ko", "키스의 고유조건은 입술끼리 만나야 하고."),
    ("GBK", "zh_CN", "我能吞下玻璃而不伤身体。"),
    ("GB2312", "zh_CN", "中文编码测试。"),
    ("BIG5", "zh_TW", "我能吞下玻璃而不傷身體。"),
    ("TIS-620", "th", "เป็นมนุษย์สุดประเสริฐเลิศคุณค่า"),
]


def _po(charset: str, language: str, text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "# Translation in a legacy charset.\n"
        "#\n"
        'msgid ""\nmsgstr ""\n'
        '"Project-Id-Version: old 1.0\\n"\n'
        f'"Language: {language}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        f'"Content-Type: text/plain; charset={charset}\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n\n'
        f'#: src/a.c:1\nmsgid "A sentence."\nmsgstr "{escaped}"\n\n'
        f'#, fuzzy\nmsgid "Another one."\nmsgstr "{escaped[:4]}"\n\n'
        f'#~ msgid "Gone."\n#~ msgstr "{escaped[-5:]}"\n'
    )


def _msgcat(path: Path) -> bytes:
    return subprocess.run(
        ["msgcat", "--no-wrap", str(path)], capture_output=True, check=True
    ).stdout


@pytest.mark.parametrize("charset,language,text", CHARSETS, ids=[c[0] for c in CHARSETS])
def test_legacy_charsets_read_as_gettext_reads_them_and_kept(
    tmp_path: Path, charset: str, language: str, text: str
) -> None:
    path = tmp_path / f"{language}.po"
    path.write_bytes(_po(charset, language, text).encode(charset))
    po = load_po(path)
    assert po.find("A sentence.").msgstr == text
    # gettext reads the same text: msgconv to UTF-8, then compare
    utf8 = subprocess.run(
        ["msgconv", "-t", "UTF-8", str(path)], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert text in utf8
    # written back in its own charset, byte for byte as msgcat writes it
    assert encode_po(po).converted_from is None
    assert encode_po(po).data == _msgcat(path)
    assert save_po(po, path) is False  # the canonical file is left untouched


def test_a_charset_that_cannot_hold_the_text_becomes_utf8(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_bytes(_po("ISO-8859-1", "fr", "Déjà.").encode("latin-1"))
    po = load_po(path)
    po.find("A sentence.").msgstr = "L\u2019apostrophe typographique."  # not in Latin-1
    encoded = encode_po(po)
    assert encoded.converted_from == "ISO-8859-1"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert "L\u2019apostrophe" in encoded.data.decode("utf-8")
    assert 'msgstr "Déjà."' in encoded.data.decode("utf-8")  # the rest, now in UTF-8
    assert "Project-Id-Version: old 1.0" in encoded.data.decode("utf-8")


def test_bytes_not_valid_in_the_declared_charset_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ja.po"
    # EUC-JP declared, but a line holds a Shift-JIS byte pair that EUC-JP has no use for
    path.write_bytes(
        _po("EUC-JP", "ja", "表示").encode("euc-jp") + b'\nmsgid "x"\nmsgstr "\x81\x7f"\n'
    )
    with pytest.raises(InputError, match=r"not valid in the charset the header names, EUC-JP"):
        load_po(path)
    unknown = tmp_path / "xx.po"
    unknown.write_bytes(_po("X-NOBODY-8", "fr", "abc").encode("ascii"))
    with pytest.raises(InputError, match="charset X-NOBODY-8, which tmflow cannot read") as err:
        load_po(unknown)
    assert err.value.line == 8  # the Content-Type line


ODD = r"""#
# Header comment, then an empty one above and below.
#
#. extracted comment on the header
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version:Some 1.0\n"
"Last-Translator: A. Translator <a@example.\n"
"com>>\n"
"Language:  de\n"
"Content-Type: text/plain; charset=UTF-8\n"
"X-Custom: kept\n"

#
msgid "lone empty translator comment"
msgstr "einsam"

#.
msgid "lone empty extracted comment"
msgstr "leer"

#.  trailing blanks kept{TRAIL}
#, c-format
#, fuzzy
msgid "two flag lines: the last one wins, as in gettext"
msgstr "zwei"

#, fuzzy, c-format
#, c-format
msgid "fuzzy then not: not fuzzy for gettext"
msgstr "nicht unscharf"

#~ msgid "kept"
#~ msgstr "behalten"
""".replace("{TRAIL}", "  ")


def test_an_obsolete_entry_without_a_translation_is_kept(tmp_path: Path) -> None:
    # a deliberate difference from msgcat, which drops it: tmflow drops nothing a file holds
    path = tmp_path / "de.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '# a note\n#~ msgid "gone"\n#~ msgstr ""\n',
        "utf-8",
    )
    written = encode_po(load_po(path)).data
    assert b'# a note\n#~ msgid "gone"\n#~ msgstr ""\n' in written
    assert b"gone" not in _msgcat(path)


def test_odd_but_valid_files_are_read_and_written_as_msgcat_does(tmp_path: Path) -> None:
    path = tmp_path / "de.po"
    path.write_text(ODD, "utf-8")
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode == 0
    po = load_po(path)
    assert po.metadata["Last-Translator"] == "A. Translator <a@example."
    assert po.metadata["Project-Id-Version"] == "Some 1.0"
    two = po.find("two flag lines: the last one wins, as in gettext")
    assert two.flags == ["fuzzy"]
    assert "fuzzy" not in po.find("fuzzy then not: not fuzzy for gettext").flags
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True
    ).stderr
    assert stats.startswith("3 translated messages, 1 fuzzy translation")
    assert encode_po(po).data == _msgcat(path)
    # a field tmflow changes is written "Key: value"; the others stay as they were
    po.metadata["X-Custom"] = "changed"
    text = encode_po(po).data.decode("utf-8")
    assert '"X-Custom: changed\\n"' in text
    assert '"Project-Id-Version:Some 1.0\\n"' in text
    assert '"Last-Translator: A. Translator <a@example.\\n"\n"com>>\\n"' in text
