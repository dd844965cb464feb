from __future__ import annotations

import subprocess

import pytest

from tmflow.core.languages import LANGUAGES, get_language, is_valid_code, normalise_code, nplurals


@pytest.mark.parametrize(
    "code,n",
    [("az", 2), ("ru", 3), ("tr", 2), ("fr", 2), ("ar", 6), ("ja", 1), ("pl", 3), ("sl", 4)],
)
def test_plural_counts(code: str, n: int) -> None:
    assert nplurals(code) == n


def test_every_plural_expression_is_accepted_by_msgfmt(tmp_path) -> None:
    for code, lang in LANGUAGES.items():
        po = tmp_path / f"{code}.po"
        n = nplurals(code)
        plurals = "\n".join(f'msgstr[{i}] "x{i}"' for i in range(n))
        po.write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: {code}\\n"\n"Plural-Forms: {lang.plural_forms}\\n"\n\n'
            f'msgid "one"\nmsgid_plural "many"\n{plurals}\n',
            "utf-8",
        )
        proc = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert proc.returncode == 0, (code, proc.stderr)


def test_codes() -> None:
    assert normalise_code("pt-br") == "pt_BR"
    assert is_valid_code("az") and is_valid_code("fr_CA")
    assert not is_valid_code("xx") and not is_valid_code("english")
    fr_ca = get_language("fr_CA")
    assert fr_ca is not None and fr_ca.plural_forms == LANGUAGES["fr"].plural_forms
    assert LANGUAGES["ar"].rtl and not LANGUAGES["ru"].rtl
    assert LANGUAGES["ja"].sentence_joiner == "" and LANGUAGES["az"].sentence_joiner == " "
