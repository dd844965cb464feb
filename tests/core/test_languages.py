"""Language codes and facts: every code gettext and BCP 47 accept, facts from CLDR."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tmflow.core.languages import (
    get_language,
    is_valid_code,
    normalise_code,
    nplurals,
    plural_forms,
    plural_locales,
    same_language,
)
from tmflow.core.plurals import parse_plural_forms


@pytest.mark.parametrize(
    "code,n",
    [
        ("az", 2),
        ("ru", 3),
        ("tr", 2),
        ("fr", 3),  # CLDR keeps a form for millions ("1 000 000 de fichiers")
        ("ar", 6),
        ("ja", 1),
        ("pl", 3),
        ("sl", 4),
        ("he", 3),
        ("cy", 6),
        ("ga", 5),
        ("ca@valencia", 3),
        ("sr@latin", 3),
        ("zh_Hans", 1),
        ("pt_BR", 3),
        ("eu", 2),
    ],
)
def test_plural_counts(code: str, n: int) -> None:
    assert nplurals(code) == n
    assert parse_plural_forms(plural_forms(code)).nplurals == n


def test_every_cldr_plural_rule_is_accepted_by_msgfmt(tmp_path: Path) -> None:
    codes = plural_locales()
    assert len(codes) > 200
    for code in codes:
        n = nplurals(code)
        po = tmp_path / f"{code}.po"
        plurals = "\n".join(f'msgstr[{i}] "x{i}"' for i in range(n))
        po.write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: {code}\\n"\n"Plural-Forms: {plural_forms(code)}\\n"\n\n'
            f'msgid "one"\nmsgid_plural "many"\n{plurals}\n',
            "utf-8",
        )
        proc = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert proc.returncode == 0, (code, proc.stderr)
        # the evaluator uses every form msgfmt would check, and none beyond nplurals
        assert max(parse_plural_forms(plural_forms(code)).selections) < n


ACCEPTED = {
    # code as written -> gettext spelling
    "ca": "ca",
    "eu": "eu",
    "gl": "gl",
    "eo": "eo",
    "ta": "ta",
    "sr@latin": "sr@latin",
    "zh_Hans": "zh_Hans",
    "zh-hans": "zh_Hans",
    "zh-Hant-TW": "zh_Hant_TW",
    "pt_BR": "pt_BR",
    "pt-br": "pt_BR",
    "be@latin": "be@latin",
    "ca@valencia": "ca@valencia",
    "ca-valencia": "ca_valencia",
    "es-419": "es_419",
    "de_de_formal": "de_DE_formal",
    "ja.euc-jp": "ja.euc-jp",
    "zh_CN.cp936": "zh_CN.cp936",
    "en@boldquot": "en@boldquot",
    "quz": "quz",  # ISO 639-3
    "tlh": "tlh",
    "ibo": "ibo",  # ISO 639-2 (Igbo is 'ig' in 639-1)
    "iw": "iw",  # deprecated, still registered
    "qaa": "qaa",  # private use
    "fil": "fil",
    "sr_Latn": "sr_Latn",
}


@pytest.mark.parametrize("code", sorted(ACCEPTED))
def test_codes_gettext_and_bcp47_accept(code: str) -> None:
    assert is_valid_code(code), code
    assert normalise_code(code) == ACCEPTED[code]
    assert get_language(code) is not None


@pytest.mark.parametrize(
    "code", ["english", "e", "xx", "tvll", "pt_BRR", "de-Latx", "sr@", "zh_999", "", "fr fr"]
)
def test_codes_refused(code: str) -> None:
    assert not is_valid_code(code)
    assert get_language(code) is None


def test_facts_come_from_cldr() -> None:
    for code in ("ar", "he", "fa", "ur", "yi", "ckb", "pa_PK", "az_IR", "dv"):
        lang = get_language(code)
        assert lang is not None and lang.rtl, code
    for code in ("ru", "tr", "az", "pa", "zh_TW", "ja", "sr@latin"):
        lang = get_language(code)
        assert lang is not None and not lang.rtl, code
    scripts = {
        "sr": "Cyrl",
        "sr@latin": "Latn",
        "sr_Latn": "Latn",
        "sh": "Latn",
        "zh_TW": "Hant",
        "zh_Hans": "Hans",
        "zh": "Hans",
        "pa_PK": "Arab",
        "uz": "Latn",
        "ta": "Taml",
        "be@latin": "Latn",
        "ja.euc-jp": "Jpan",
    }
    for code, script in scripts.items():
        lang = get_language(code)
        assert lang is not None and lang.script == script, (code, lang)
    joiners = {"ja": "", "zh_TW": "", "th": "", "ko": " ", "az": " ", "ar": " "}
    for code, joiner in joiners.items():
        lang = get_language(code)
        assert lang is not None and lang.sentence_joiner == joiner, code
    fr_ca = get_language("fr_CA")
    assert fr_ca is not None and fr_ca.plural_forms == plural_forms("fr")
    assert plural_forms("pt_PT") != plural_forms("pt_BR")  # CLDR's own regional rule
    assert get_language("cmn") is not None and nplurals("cmn") == 1  # via its macrolanguage zh
    quechua = get_language("quz")
    assert quechua is not None and not quechua.plural_known  # CLDR has no rule
    assert quechua.plural_forms == "nplurals=2; plural=(n != 1);"  # gettext's default
    hebrew = get_language("iw")
    assert hebrew is not None and hebrew.name == "Hebrew" and hebrew.rtl


@pytest.mark.parametrize(
    "folder,header",
    [
        ("de", "de_DE"),
        ("de", "de-AT"),
        ("pt", "pt_BR"),
        ("pt_BR", "pt"),
        ("sr", "sr@latin"),
        ("sr@latin", "sr"),
        ("sr@latin", "sr_Latn"),
        ("he", "iw"),
        ("he", "he_IL"),
        ("no", "nb"),
        ("ar", "ary"),
        ("ca@valencia", "ca"),
        ("zh_Hans", "zh_CN"),
        ("ja.euc-jp", "ja"),
        ("ig", "ibo"),
    ],
)
def test_header_language_variants_that_fit(folder: str, header: str) -> None:
    assert same_language(folder, header) is None


@pytest.mark.parametrize(
    "folder,header,why",
    [
        ("nds", "de_DE", "another language"),
        ("fr", "de", "another language"),
        ("nb", "nn", "another language"),
        ("pt_BR", "pt_PT", "region"),
        ("zh_Hans", "zh_TW", "script"),
        ("sr@latin", "sr_Cyrl", "script"),
        ("bs", "Bosnian", "not a language code"),
    ],
)
def test_header_language_that_does_not_fit(folder: str, header: str, why: str) -> None:
    differs = same_language(folder, header)
    assert differs is not None and why in differs
