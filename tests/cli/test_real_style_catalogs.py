"""Catalogs as other tools write them: update keeps their headers and charsets, every output
passes msgfmt -c, and one bad file is one error."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import invoke
from tmflow.io.po.reader import load_po

POT = """msgid ""
msgstr ""
"Project-Id-Version: news 2.0\\n"
"Report-Msgid-Bugs-To: bugs@example.org\\n"
"POT-Creation-Date: 2026-03-01 10:00+0000\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"

msgid "Hello."
msgstr ""

msgid "%d file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""

msgid "%d new folder"
msgid_plural "%d new folders"
msgstr[0] ""
msgstr[1] ""

msgid "A new sentence that nobody translated before."
msgstr ""
"""

# (folder, Language, Plural-Forms, plural translations, hello, charset) as real tools write
# them: regional codes, 3- and 4-form languages, other spellings of the rules
CATALOGS = [
    (
        "he",
        "he_IL",
        "nplurals=4; plural=(n==1 ? 0 : n==2 ? 1 : n>10 && n%10==0 ? 2 : 3);",
        ["קובץ %d", "שני קבצים", "%d קבצים", "%d קבצים"],
        "שלום.",
        "UTF-8",
    ),
    (
        "pt_BR",
        "pt_BR",
        "nplurals=2; plural=(n > 1);",
        ["%d arquivo", "%d arquivos"],
        "Olá.",
        "UTF-8",
    ),
    (
        "ru",
        "ru_RU",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
        ["%d файл", "%d файла", "%d файлов"],
        "Привет.",
        "UTF-8",
    ),
    (
        "sl",
        "sl_SI",
        "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
        ["%d datoteka", "%d datoteki", "%d datoteke", "%d datotek"],
        "Živjo.",
        "UTF-8",
    ),
    ("tr", "tr", "nplurals=1; plural=0;", ["%d dosya"], "Merhaba.", "UTF-8"),
    ("fa", "fa_IR", "nplurals=1; plural=0;", ["%d پرونده"], "سلام.", "UTF-8"),
    ("uz", "uz", "nplurals=1; plural=0;", ["%d fayl"], "Salom.", "UTF-8"),
    (
        "ar",
        "ar",
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
        "n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",
        ["%d ملف"] * 6,
        "مرحبا.",
        "UTF-8",
    ),
    (
        "ga",
        "ga",
        "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
        ["%d chomhad"] * 3,
        "Dia duit.",
        "UTF-8",
    ),
    (
        "fr",
        "fr_FR",
        "nplurals=2; plural=(n > 1);",
        ["%d fichier", "%d fichiers"],
        "Salut.",
        "ISO-8859-1",
    ),
    ("de", "de_DE", "", ["%d Datei", "%d Dateien"], "Hallo.", "UTF-8"),
]


def _catalog(language: str, plural_forms: str, forms: list[str], hello: str, charset: str) -> str:
    header = [
        "Project-Id-Version: news 1.0",
        "POT-Creation-Date: 2025-01-01 10:00+0000",
        "PO-Revision-Date: 2025-02-03 04:05+0200",
        "Last-Translator: A. Translator <a@example.",  # a value some tool broke in two
        "org>",
        "Language-Team: Team <team@example.org>",
        f"Language: {language}",
        "MIME-Version: 1.0",
        f"Content-Type: text/plain; charset={charset}",
        "Content-Transfer-Encoding: 8bit",
    ]
    if plural_forms:
        header.append(f"Plural-Forms: {plural_forms}")
    header.append("X-Generator: Poedit 3.4")
    lines = ["# Team translation.", "#", 'msgid ""', 'msgstr ""']
    lines += [f'"{h}\\n"' for h in header]
    lines += ["", "#", 'msgid "Hello."', f'msgstr "{hello}"', ""]
    lines += ['msgid "%d file"', 'msgid_plural "%d files"']
    lines += [f'msgstr[{i}] "{text}"' for i, text in enumerate(forms)]
    lines += ["", '#~ msgid "Gone."', '#~ msgstr "Parti."', ""]
    return "\n".join(lines)


def _msgfmt_ok(path: Path) -> tuple[bool, str]:
    proc = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    return proc.returncode == 0, proc.stderr


@pytest.fixture
def real_style(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "sources").mkdir(parents=True)
    langs = ", ".join(f'"{c[0]}"' for c in CATALOGS)
    (root / "tmflow.toml").write_text(f'source-language = "en"\nlanguages = [{langs}]\n', "utf-8")
    (root / "locales" / "templates").mkdir(parents=True)
    (root / "locales" / "templates" / "app.pot").write_text(POT, "utf-8")
    for folder, language, plural, forms, hello, charset in CATALOGS:
        path = root / "locales" / folder / "app.po"
        path.parent.mkdir(parents=True)
        path.write_bytes(_catalog(language, plural, forms, hello, charset).encode(charset))
    return root


def test_update_keeps_every_header_value_and_every_output_passes_msgfmt(
    real_style: Path,
) -> None:
    before = {c[0]: load_po(real_style / "locales" / c[0] / "app.po") for c in CATALOGS}
    for folder, *_ in CATALOGS:
        path = real_style / "locales" / folder / "app.po"
        ok, err = _msgfmt_ok(path)
        assert ok or folder == "de", (folder, err)  # de: plural translations, no Plural-Forms
    result = invoke("update", cwd=real_style)
    assert result.code == 0, result.output
    for folder, language, plural, forms, hello, charset in CATALOGS:
        path = real_style / "locales" / folder / "app.po"
        po = load_po(path)
        old = before[folder].metadata
        # the translator's values stay, every one of them
        for key, value in old.items():
            if key != "POT-Creation-Date":
                assert po.metadata[key] == value, (folder, key)
        assert po.metadata["Language"] == language
        assert po.metadata["POT-Creation-Date"] == "2026-03-01 10:00+0000"  # from the template
        assert po.metadata["Report-Msgid-Bugs-To"] == "bugs@example.org"
        raw = path.read_bytes()
        assert b'"Last-Translator: A. Translator <a@example.\\n"\n"org>\\n"' in raw
        assert raw.decode(charset)  # the charset is kept
        if plural:
            assert po.metadata["Plural-Forms"] == plural
        by_id = {e.msgid: e for e in po if not e.obsolete}
        assert by_id["Hello."].msgstr == hello
        assert [by_id["%d file"].msgstr_plural[i] for i in range(len(forms))] == forms
        # a new plural entry gets as many forms as the catalog's own rule asks for
        new = by_id["%d new folder"]
        assert len(new.msgstr_plural) == (len(forms) if plural else 3 if folder == "ru" else 2)
        ok, err = _msgfmt_ok(path)
        assert ok or folder == "de", (folder, err)
    # Plural-Forms was missing in de: filled from CLDR, as it has plural entries
    de = load_po(real_style / "locales" / "de" / "app.po")
    assert de.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert _msgfmt_ok(real_style / "locales" / "de" / "app.po")[0]
    # a second update changes nothing
    assert "nothing written" in invoke("update", cwd=real_style).stdout


def test_check_reports_plural_rules_by_value_and_never_fails_a_good_file(
    real_style: Path,
) -> None:
    result = invoke("check", "--format", "json", cwd=real_style)
    import json

    report = json.loads(result.stdout)
    by_file: dict[str, list[tuple[str, str]]] = {}
    for f in report["findings"]:
        by_file.setdefault(f["path"].split("/")[1], []).append((f["check"], f["severity"]))
    for folder, *_ in CATALOGS:
        header = [f for f in by_file.get(folder, []) if f[0].startswith(("header", "plural"))]
        if folder == "he":  # four forms where CLDR has three: a warning, not an error
            assert ("header-plural-forms", "warning") in header
        elif folder == "de":  # plural translations without Plural-Forms: gettext rejects it
            assert ("header-plural-forms", "error") in header
        elif folder in ("tr", "fa", "uz", "ga"):  # fewer forms than CLDR: warnings
            rules = [f for f in header if f[0] != "header-format"]
            assert rules == [("header-plural-forms", "warning")], (folder, header)
        else:  # regional Language values, other spellings of the same rule: nothing
            assert all(s != "error" for _c, s in header), (folder, header)
            assert not [c for c, _s in header if c != "header-format"], (folder, header)
        assert ("header-format", "warning") in header  # the value broken in two


def test_a_legacy_charset_is_kept_when_the_text_fits(real_style: Path) -> None:
    pt = real_style / "locales" / "pt_BR" / "app.po"
    pt.write_bytes(pt.read_bytes().decode().replace("UTF-8", "ISO-8859-1").encode("latin-1"))
    he = real_style / "locales" / "he" / "app.po"
    he.write_bytes(
        he.read_text("utf-8").replace("charset=UTF-8", "charset=ISO-8859-8").encode("iso-8859-8")
    )
    fr = real_style / "locales" / "fr" / "app.po"
    assert b"charset=ISO-8859-1" in fr.read_bytes()
    result = invoke("update", cwd=real_style)
    assert result.code == 0, result.output
    assert "converted" not in result.stderr
    for path, charset, text in (
        (pt, "ISO-8859-1", "Olá."),
        (he, "ISO-8859-8", "שלום."),
        (fr, "ISO-8859-1", "Salut."),
    ):
        raw = path.read_bytes()
        assert f"charset={charset}".encode() in raw
        assert text in raw.decode(charset)
        assert load_po(path).find("%d new folder") is not None
        assert _msgfmt_ok(path)[0], path
    # status and check read them as they are
    assert invoke("status", cwd=real_style).code == 0
    check = invoke("check", "--format", "json", cwd=real_style)
    assert '"header-charset"' not in check.stdout


def test_tmflows_own_comments_never_convert_a_legacy_file(real_style: Path) -> None:
    fr = real_style / "locales" / "fr" / "app.po"
    pot = real_style / "locales" / "templates" / "app.pot"
    # the source changes a number: the carried entry gets "source changed: numbers (1 → 2)"
    fr.write_bytes(
        fr.read_bytes().replace(
            b'msgid "Hello."\nmsgstr "Salut."', b'msgid "Hello 1."\nmsgstr "Salut 1."'
        )
    )
    pot.write_text(pot.read_text("utf-8").replace('msgid "Hello."', 'msgid "Hello 2."'), "utf-8")
    result = invoke("update", cwd=real_style)
    assert result.code == 0 and "converted" not in result.stderr, result.output
    raw = fr.read_bytes()
    assert b"charset=ISO-8859-1" in raw
    assert b"# tmflow: source changed: numbers (1 -> 2)" in raw
    po = load_po(fr)
    entry = po.find("Hello 2.")
    assert "fuzzy" in entry.flags and entry.msgstr == "Salut 1."
    assert "converted" not in invoke("update", cwd=real_style).stderr
    assert fr.read_bytes() == raw  # and a second update writes the same bytes


def test_update_converts_only_when_the_charset_cannot_hold_the_text(real_style: Path) -> None:
    ru = real_style / "locales" / "ru" / "app.po"
    # a KOI8-R catalog whose template now brings a glossary-free entry: still KOI8-R
    ru.write_bytes(
        ru.read_text("utf-8").replace("charset=UTF-8", "charset=KOI8-R").encode("koi8-r")
    )
    (real_style / "glossary.yml").write_text(
        "terms:\n  - term: file\n    ru: файл\n    he: קובץ\n    fr: fichier\n", "utf-8"
    )
    result = invoke("update", cwd=real_style)
    assert result.code == 0, result.output
    assert b"charset=KOI8-R" in ru.read_bytes()
    assert "файл" in load_po(ru).find("%d file").comment
    latin = real_style / "locales" / "sl" / "app.po"
    latin.write_bytes(
        latin.read_text("utf-8")
        .replace("charset=UTF-8", "charset=ISO-8859-2")
        .encode("iso-8859-2")
    )
    (real_style / "glossary.yml").write_text(
        "terms:\n  - term: file\n    sl: datoteka (файл)\n", "utf-8"
    )
    result = invoke("update", cwd=real_style)
    assert result.code == 0, result.output
    assert "locales/sl/app.po: converted from ISO-8859-2 to UTF-8" in result.stderr
    assert b"charset=UTF-8" in latin.read_bytes()
    assert _msgfmt_ok(latin)[0]


def test_one_bad_catalog_is_one_error_and_the_others_are_updated(real_style: Path) -> None:
    bad = real_style / "locales" / "ru" / "app.po"
    bad_text = bad.read_text("utf-8").replace('msgid "Hello."', 'msgid "Hello.')
    bad.write_text(bad_text, "utf-8")
    result = invoke("update", cwd=real_style)
    assert result.code == 2
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("tmflow: error:")]
    assert len(errors) == 1 and "locales/ru/app.po:" in errors[0]
    assert bad.read_text("utf-8") == bad_text  # left as it is
    for folder in ("he", "pt_BR", "sl"):  # the others are updated
        po = load_po(real_style / "locales" / folder / "app.po")
        assert po.find("%d new folder") is not None
    # status and check read every other file too, and name the bad one
    status = invoke("status", cwd=real_style)
    assert status.code == 2 and "locales/ru/app.po" in status.stderr
    check = invoke("check", cwd=real_style)
    assert "locales/ru/app.po" in check.stdout and "po-syntax" in check.stdout
    assert "locales/he/app.po" in check.stdout  # the other files were checked


def test_check_list_says_which_language_specific_checks_apply_to_which_language(
    tmp_path: Path,
) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["fr", "quz", "az", "ca@valencia"]\n', "utf-8"
    )
    result = invoke("check", "--list", cwd=tmp_path)
    assert result.code == 0, result.output
    lines = {ln.split()[0]: ln for ln in result.stdout.splitlines() if ln.startswith("  ")}
    assert "not quz az ca@valencia: needs French" in lines["french-spacing"]
    # CLDR has no plural rule for Cusco Quechua: the comparison is absent, not a false finding
    assert "fr az ca@valencia" in lines["header-plural-forms"]
    assert "not quz" in lines["header-plural-forms"]
    assert "not quz az: needs a Snowball stemmer" in lines["glossary-stem-only"]
