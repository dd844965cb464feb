"""Format strings as gettext defines them: checked only where the entry's flags (or the
project) say a format applies, compared as ``msgfmt -c --check-format`` compares them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tmflow.steps.qa.checks import FileFacts, PairContext
from tmflow.steps.qa.checks.fidelity import placeholders
from tmflow.steps.qa.checks.formats import compare, formats_of, single_value_forms

RU = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
FR = "nplurals=2; plural=(n > 1);"


def ctx(*flags: str, formats: tuple[str, ...] = (), **kw: object) -> PairContext:
    return PairContext(FileFacts(markup=False, formats=formats), tuple(flags), **kw)  # type: ignore[arg-type]


def test_a_percent_sign_in_prose_is_never_a_directive() -> None:
    assert placeholders("14 % of voters", "14 % des électeurs", "fr", ctx()) is None
    assert placeholders("up 10%", "10%-indən çox", "az", ctx()) is None
    # not even in a catalog that configures formats, when the entry says no-c-format
    assert placeholders("%d", "x", "fr", ctx("no-c-format", formats=("c",))) is None


def test_flags_and_configured_formats() -> None:
    assert formats_of(["c-format", "fuzzy"]) == ["c"]
    assert formats_of(["no-c-format"], ("c", "python-brace")) == ["python-brace"]
    assert formats_of(["possible-c-format"]) == []
    assert placeholders("%s has %d", "%s hat", "de", ctx("c-format")) is not None
    assert placeholders("{name} has", "hat", "de", ctx(formats=("python-brace",))) is not None


@pytest.mark.parametrize(
    ("source", "target", "kind", "ok"),
    [
        ("%s has %d files", "%2$d Dateien hat %1$s", "c", True),
        ("%s has %d files", "%1$d Dateien hat %2$s", "c", False),
        ("%d%% done", "%i %% fertig", "c", True),
        ("%lu items", "%u items", "c", False),
        ("%(name)s has %(count)d", "%(count)d hat %(name)s", "python", True),
        ("%(name)s has %(count)d", "%(count)d hat", "python", False),
        ("%(name)s has", "%(name)s hat %(other)s", "python", False),
        ("%s of %%", "%s von %", "python", False),
        ("{name} has {count}", "{count} hat {name}", "python-brace", True),
        ("{name} has {count}", "{count} hat", "python-brace", False),
        ("%1 of %2", "%2 von %1", "qt", True),
    ],
)
def test_compare_like_msgfmt(source: str, target: str, kind: str, ok: bool) -> None:
    assert (compare(source, target, kind) is None) is ok


def test_plural_forms_for_few_values_may_leave_the_number_out() -> None:
    assert single_value_forms(FR) == frozenset({0})  # n = 0 and 1: fewer than 5
    assert single_value_forms(RU) == frozenset()  # 1, 21, 31…: often
    assert single_value_forms("nplurals=2; plural=(n != 1);") == frozenset({0})
    assert single_value_forms("nonsense") == frozenset()
    fr = PairContext(
        FileFacts(markup=False, single_forms=single_value_forms(FR)), ("c-format",), "%d files", 0
    )
    assert placeholders("One file", "Un fichier", "fr", fr) is None
    ru = PairContext(
        FileFacts(markup=False, single_forms=single_value_forms(RU)), ("c-format",), "%d files", 0
    )
    assert placeholders("One file", "Один файл", "ru", ru) is not None
    # a form may leave an argument out, never add or change one
    assert placeholders("One file", "%s fichier", "fr", fr) is not None


def test_check_agrees_with_msgfmt_on_a_catalog(tmp_path: Path) -> None:
    """The same catalog through msgfmt and through check: the same entries fail."""
    from tests.conftest import invoke

    root = tmp_path / "p"
    (root / "locales" / "ru").mkdir(parents=True)
    (root / "tmflow.toml").write_text('languages = ["ru"]\n', "utf-8")
    po = root / "locales" / "ru" / "app.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
        f'"Plural-Forms: {RU}\\n"\n\n'
        '#, c-format\nmsgid "%s has %d files"\nmsgstr "%2$d файлов у %1$s"\n\n'
        '#, c-format\nmsgid "One file"\nmsgid_plural "%d files"\n'
        'msgstr[0] "Один файл"\nmsgstr[1] "%d файла"\nmsgstr[2] "%d файлов"\n\n'
        'msgid "Up 14 % in <b>2014</b>"\nmsgstr "Рост на 14 % в <b>2014</b>"\n\n'
        '#, no-c-format\nmsgid "100%d sure"\nmsgstr "уверен"\n',
        "utf-8",
    )
    done = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    msgfmt_lines = sorted(
        int(line.split(":")[1])
        for line in done.stderr.splitlines()
        if line.count(":") >= 2 and line.split(":")[1].isdigit() and "header" not in line
    )
    result = invoke("-p", str(root), "check", "--only", "placeholders", "--format", "json")
    lines = sorted(f["line"] for f in json.loads(result.stdout)["findings"])
    # the plural form 0 of Russian is used for 1, 21, 31…: it must keep %d; nothing else
    assert lines == [14] and msgfmt_lines == [16]  # the entry at 14; msgfmt names its msgstr[0]


def test_configured_formats_and_markup_are_validated(tmp_path: Path) -> None:
    from tmflow.core.errors import ConfigError
    from tmflow.io.config import parse_config

    path = tmp_path / "tmflow.toml"
    config = parse_config(
        'languages = ["de"]\n[check]\nformats = ["python-brace-format", "c"]\nmarkup = "none"\n',
        path,
    )
    assert config.check.formats == ("python-brace", "c") and config.check.markup == "none"
    with pytest.raises(ConfigError, match="unknown format 'pyhton'"):
        parse_config('languages = ["de"]\n[check]\nformats = ["pyhton"]\n', path)
    with pytest.raises(ConfigError, match="must be one of"):
        parse_config('languages = ["de"]\n[check]\nmarkup = "rst"\n', path)


def test_check_list_says_which_default_severities_changed() -> None:
    from tests.conftest import invoke

    listing = invoke("check", "--list").stdout
    assert "it was a warning in 0.1.0" in listing  # identical, now an error
    assert "it was a warning in 0.1.0: a typographic nit" in listing  # double-space, now info
