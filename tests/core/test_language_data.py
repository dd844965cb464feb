"""The generated language table matches its sources (CLDR through Babel, the IANA registry)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_language_data_is_what_the_generator_makes_from_cldr_and_the_registry() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_language_data", ROOT / "tools" / "make_language_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.build()
    committed = (ROOT / "tmflow" / "core" / "language_data.py").read_text("utf-8")
    assert committed == fresh, "run: python tools/make_language_data.py"


def test_importing_the_table_is_cheap() -> None:
    # the tables are strings parsed on first use: importing costs no dictionary building
    from tmflow.core import language_data

    assert isinstance(language_data.PLURALS, str) and isinstance(language_data.NAMES, str)
    assert "ca=nplurals=3;" in language_data.PLURALS
