"""The settings of a check run: resolved from the configuration and the command line, and
validated before any PO file is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmflow.core.errors import GlossaryError, UsageError
from tmflow.io.config import load_config
from tmflow.steps.qa.checks import all_checks
from tmflow.steps.qa.settings import resolve_settings


def _project(tmp_path: Path, check: str = "", glossary: str | None = None) -> Path:
    (tmp_path / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["ru", "fr"]\n' + check, "utf-8"
    )
    if glossary is not None:
        (tmp_path / "glossary.yml").write_text(glossary, "utf-8")
    return tmp_path


def test_defaults_for_every_language(tmp_path: Path) -> None:
    settings = resolve_settings(load_config(_project(tmp_path)))
    assert settings.languages == ("ru", "fr")
    defaults = {cid: c.severity for cid, c in all_checks().items()}
    assert settings.severities == {"ru": defaults, "fr": defaults}
    assert settings.thresholds == {"ru": None, "fr": None}
    # the glossary as it is (none: an empty one, mtime 0)
    assert settings.glossary == (str(tmp_path / "glossary.yml"), ("ru", "fr"), "en", 0)
    assert settings.notes == ()


def test_configured_severities_thresholds_and_unknown_ids(tmp_path: Path) -> None:
    config = load_config(
        _project(
            tmp_path,
            "[check]\nmin-translated = { ru = 90 }\n"
            '[check.severity]\nnumbers = "info"\nurls = "off"\nno-such-check = "error"\n'
            '[check.languages.fr]\nnumbers = "error"\n',
        )
    )
    settings = resolve_settings(config)
    assert settings.severities["ru"]["numbers"] == "info"
    assert settings.severities["fr"]["numbers"] == "error"
    assert "urls" not in settings.severities["ru"] and "urls" not in settings.severities["fr"]
    assert settings.thresholds == {"ru": 90, "fr": None}
    assert settings.notes == ("unknown check id 'no-such-check' in [tool.tmflow.check] ignored",)
    assert settings.severity("numbers") == "info"  # the first language's
    # the command line: some languages, some checks, one threshold for all
    narrowed = resolve_settings(config, ["fr"], only=["numbers", "urls"], min_translated=50)
    assert narrowed.languages == ("fr",)
    assert narrowed.severities == {"fr": {"numbers": "error"}}  # urls is off
    assert narrowed.thresholds == {"fr": 50}
    assert narrowed.severity("urls") is None


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"languages": ["de"]}, "'de' is not a target language of this project (ru, fr)"),
        ({"only": ["nope"]}, "unknown check id 'nope' (see 'tmflow check --list')"),
    ],
)
def test_bad_selection_is_bad_input(
    tmp_path: Path, kwargs: dict[str, list[str]], message: str
) -> None:
    with pytest.raises(UsageError) as err:
        resolve_settings(load_config(_project(tmp_path)), **kwargs)
    assert err.value.message == message


def test_a_glossary_is_loaded_once_and_its_errors_are_bad_input(tmp_path: Path) -> None:
    good = "terms:\n  - term: Baku\n    ru: Баку\n"
    config = load_config(_project(tmp_path, glossary=good))
    settings = resolve_settings(config)
    assert settings.glossary is not None and settings.glossary[0].endswith("glossary.yml")
    # no glossary check runs: the glossary is not read at all
    (tmp_path / "glossary.yml").write_text("terms:\n  - term: x\n    bogus: 1\n", "utf-8")
    assert resolve_settings(config, only=["numbers"]).glossary is None
    with pytest.raises(GlossaryError):
        resolve_settings(config)


def test_fingerprint_follows_what_findings_depend_on(tmp_path: Path) -> None:
    import os

    config = load_config(_project(tmp_path, glossary="terms:\n  - term: Baku\n    ru: Баку\n"))
    base = resolve_settings(config).fingerprint()
    assert resolve_settings(config).fingerprint() == base  # the same settings
    assert resolve_settings(config, ["ru"]).fingerprint() != base
    assert resolve_settings(config, only=["numbers"]).fingerprint() != base
    assert resolve_settings(config, min_translated=10).fingerprint() != base
    glossary = tmp_path / "glossary.yml"
    st = glossary.stat()
    os.utime(glossary, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # edited
    assert resolve_settings(config).fingerprint() != base
