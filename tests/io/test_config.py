from __future__ import annotations

from pathlib import Path

import pytest

from tmflow.core.errors import EXIT_INPUT, ConfigError
from tmflow.io.config import find_config, load_config, parse_config

GOOD = 'source-language = "en"\nlanguages = ["az", "ru", "tr", "fr", "ar"]\n'

# (file text, fragment the one-line error must contain)
BAD_CONFIGS = [
    ('languages = "fr"\n', "languages: expected a list of non-empty strings, got a string"),
    ("languages = []\n", "languages: name at least one target language"),
    ('languages = ["fr", "xx"]\n', "unknown language code 'xx'"),
    ('languages = ["fr", "fr"]\n', "language 'fr' is listed twice"),
    ('languages = ["fr", "FR"]\n', "language 'fr' is listed twice"),
    (
        'source-language = "en"\nlanguages = ["fr", "en"]\n',
        "target language 'en' is the source language",
    ),
    ('source-language = "klingon"\nlanguages = ["fr"]\n', "unknown language code 'klingon'"),
    ('source-language = 3\nlanguages = ["fr"]\n', "expected a non-empty string, got an integer"),
    ('langauges = ["fr"]\n', "langauges: unknown key (did you mean 'languages'?)"),
    ('languages = ["fr"]\nsource-langage = "en"\n', "did you mean 'source-language'?"),
    ('source-language = "en"\n', "languages: missing"),
    ('languages = ["fr"]\nsources = "../elsewhere"\n', "points outside the project"),
    ('languages = ["fr"]\n[memory]\nthreshold = 20\n', "memory.threshold: must be between 50"),
    ('languages = ["fr"]\n[memory]\nthreshold = "high"\n', "expected an integer, got a string"),
    ('languages = ["fr"]\n[memory]\nexact = "always"\n', "must be one of fuzzy, translated"),
    ('languages = ["fr"]\n[mt]\nconcurency = 4\n', "did you mean 'concurrency'?"),
    ('languages = ["fr"]\n[mt]\nconcurrency = 0\n', "mt.concurrency: must be between 1 and 256"),
    ('languages = ["fr"]\n[build]\nfallback = "sorce"\n', "(did you mean 'source'?)"),
    (
        'languages = ["fr"]\n[check.severity]\nuntranslated = "fatal"\n',
        "must be one of error, warning, info, off",
    ),
    (
        'languages = ["fr"]\n[check.languages.de]\nuntranslated = "error"\n',
        "'de' is not a target language",
    ),
    ('languages = ["fr"]\nmt = 3\n', "mt: expected a table"),
    ('languages = ["fr"]\n[mt]\nprovider = "bing"\n', "mt.provider: must be one of google"),
    ('languages = ["fr"]\n[mt]\nprovider = "gogle"\n', "(did you mean 'google'?)"),
    ('languages = ["fr"]\nlocales = "sources"\n', "locales: folder sources overlaps sources"),
    ('languages = ["fr"]\nbuild-dir = "locales/out"\n', "build-dir: folder locales/out overlaps"),
    ('languages = ["fr"]\n[report]\nfile-url = "ftp://h/{path}"\n', "must start with http"),
    (
        'languages = ["fr"]\n[report]\nfile-url = "https://h/blob/{branch}/{path}"\n',
        "report.file-url: 'https://h/blob/{branch}/{path}': unknown field {branch}",
    ),
    ('languages = ["fr"]\n[report]\nfile-url = "https://h/blob/{ref}"\n', "has no {path} field"),
    ('languages = ["fr"]\n[report]\nfile-url = "https://h/{path!r}"\n', "takes no format"),
    ('languages = ["fr"]\n[report]\nfile-url = "https://h/{path"\n', "not a valid pattern"),
    (
        'languages = ["fr"]\n[report]\nfile-uri = "https://h/{path}"\n',
        "(did you mean 'file-url'?)",
    ),
    (
        'languages = ["fr"]\n[mt.options]\nmodle = "gpt-4o-mini"\n',
        "mt.options.modle: unknown option (did you mean 'model'?)",
    ),
    (
        'languages = ["fr"]\n[mt.options]\nformalty = "more"\n',
        "(did you mean 'formality'?)",
    ),
    (
        'languages = ["fr"]\n[mt.options]\ntoken-budget = 10\n',
        "mt.options.token-budget: must be between 256 and 10000000, got 10",
    ),
    (
        'languages = ["fr"]\n[mt.options]\nresponse-format = "json"\n',
        "must be one of json_schema, json_object, none, got 'json'",
    ),
    (
        'languages = ["fr"]\n[mt.options]\ntemperature = "cold"\n',
        "mt.options.temperature: expected a number, got a string",
    ),
    (
        'languages = ["fr"]\n[mt.options]\nstyle = 3\n',
        "mt.options.style: expected a non-empty string, got an integer",
    ),
    (
        'languages = ["fr"]\n[mt.options.style-by-language]\nde = "Sie, not du."\n',
        "mt.options.style-by-language.de: 'de' is not a target language",
    ),
    (
        'languages = ["fr"]\n[mt.options.style-by-language]\nxx = "?"\n',
        "unknown language code 'xx'",
    ),
    (
        'languages = ["fr"]\n[mt.options]\nprice = { input = 1, ouput = 2 }\n',
        "mt.options.price.ouput: unknown key (did you mean 'output'?)",
    ),
    (
        'languages = ["fr"]\n[mt.options]\nprice = { input = -1 }\n',
        "mt.options.price.input: must be between 0 and 1e+06, got -1",
    ),
    ('languages = ["fr"\n', "invalid TOML"),
    ('languages = ["fr"]\nlanguages = ["de"]\n', "invalid TOML"),
]


@pytest.mark.parametrize("text,fragment", BAD_CONFIGS)
def test_bad_config_is_one_clear_error(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "tmflow.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    message = str(info.value)
    assert fragment in message
    assert message.startswith(str(path))
    assert "\n" not in message
    assert info.value.exit_code == EXIT_INPUT


def test_error_names_the_line_of_the_key(tmp_path: Path) -> None:
    path = tmp_path / "tmflow.toml"
    path.write_text('source-language = "en"\n\nlanguages = ["fr", "zz"]\n', "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert str(info.value).startswith(f"{path}:3: languages:")


def test_toml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "tmflow.toml"
    path.write_text('languages = ["fr"]\nsources = \n', "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 2 and info.value.column is not None


def test_pyproject_keys_are_named_with_their_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.tmflow]\nlanguages = ["fr"]\nglosary = "g.yml"\n', "utf-8"
    )
    with pytest.raises(
        ConfigError,
        match=r"tool\.tmflow\.glosary: unknown key \(did you mean "
        r"'glossary'\?\)",
    ):
        load_config(tmp_path)


def test_not_utf8_config(tmp_path: Path) -> None:
    (tmp_path / "tmflow.toml").write_bytes(b'languages = ["fr"]\n# caf\xe9\n')
    with pytest.raises(ConfigError, match=r"tmflow.toml:2: not UTF-8"):
        load_config(tmp_path)


def test_good_config_values_and_defaults(tmp_path: Path) -> None:
    (tmp_path / "tmflow.toml").write_text(GOOD + '[mt]\nprovider = "pseudo"\n', "utf-8")
    config = load_config(tmp_path)
    assert config.languages == ("az", "ru", "tr", "fr", "ar")
    assert config.source_language == "en"
    assert config.sources_dir == tmp_path.resolve() / "sources"
    assert config.po_path("ru", "a") == tmp_path.resolve() / "locales" / "ru" / "a.po"
    assert config.pot_path("a") == tmp_path.resolve() / "locales" / "templates" / "a.pot"
    assert config.mt.provider == "pseudo"
    assert config.memory.threshold == 75
    assert config.build.min_translated == 100.0


def test_language_codes_are_normalised(tmp_path: Path) -> None:
    config = parse_config('languages = ["pt-br", "zh_cn"]\n', tmp_path / "tmflow.toml")
    assert config.languages == ("pt_BR", "zh_CN")


def test_find_config_walks_upward_and_skips_foreign_pyproject(tmp_path: Path) -> None:
    (tmp_path / "tmflow.toml").write_text(GOOD, "utf-8")
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    assert find_config(inner) == (tmp_path / "tmflow.toml").resolve()
    assert load_config(inner).root == tmp_path.resolve()


def test_no_project_found(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no tmflow project at or above"):
        load_config(tmp_path)


def test_repository_sample_config_is_valid() -> None:
    config = load_config(Path(__file__).resolve().parents[2])
    assert config.languages == ("az", "ru", "tr", "fr", "ar")


def test_provider_names_are_those_the_translators_module_knows() -> None:
    from tmflow.io.config import PROVIDERS
    from tmflow.io.translators import PROVIDERS as KNOWN

    assert sorted(PROVIDERS) == sorted(KNOWN)


def test_report_file_url_is_kept_as_written(tmp_path: Path) -> None:
    url = "https://github.com/org/repo/blob/{ref}/{path}?plain=1"
    (tmp_path / "tmflow.toml").write_text(GOOD + f'[report]\nfile-url = "{url}"\n', "utf-8")
    config = load_config(tmp_path)
    assert config.report.file_url == url
    assert load_config(tmp_path / "tmflow.toml").report.file_url == url
    (tmp_path / "tmflow.toml").write_text(GOOD, "utf-8")
    assert load_config(tmp_path).report.file_url is None


def test_openai_options_are_read(tmp_path: Path) -> None:
    (tmp_path / "tmflow.toml").write_text(
        'languages = ["fr", "ru"]\n[mt]\nprovider = "openai"\nurl = "http://localhost:11434/v1"\n'
        "[mt.options]\n"
        'model = "qwen2.5:7b"\ntoken-budget = 6000\ntemperature = 0.2\nstyle = "News."\n'
        "price = { input = 0.15, output = 0.6 }\n"
        'style-by-language = { fr = "Guillemets « »." }\n',
        "utf-8",
    )
    mt = load_config(tmp_path).mt
    assert mt.provider == "openai" and mt.url == "http://localhost:11434/v1"
    assert mt.options == {
        "model": "qwen2.5:7b",
        "token-budget": 6000,
        "temperature": 0.2,
        "style": "News.",
        "price": {"input": 0.15, "output": 0.6},
        "style-by-language": {"fr": "Guillemets « »."},
    }


def test_an_unknown_option_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "tmflow.toml").write_text(
        'languages = ["fr"]\n[mt]\nprovider = "openai"\n[mt.options]\nmodel = "m"\n'
        "token_budget = 6000\n",
        "utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 6
    assert "(did you mean 'token-budget'?)" in str(info.value)
