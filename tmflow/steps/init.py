"""Scaffold a new project. Refuses to overwrite anything that exists."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tmflow.core.errors import UsageError
from tmflow.io.config import parse_config
from tmflow.io.files import exists, make_folder, read_if_exists, write_atomic

CONFIG_TEMPLATE = """\
# tmflow project configuration (the same keys work as [tool.tmflow] in pyproject.toml).
source-language = "{source}"
languages = [{languages}]
sources = "sources"
locales = "locales"
glossary = "glossary.yml"
build-dir = "published"

[memory]
threshold = 75       # lowest fuzzy-match score (0-100) offered as a memory draft
exact = "fuzzy"      # "fuzzy": exact memory matches are drafts to review; "translated": trusted

[build]
min-translated = 100 # below this percentage a language version is not published
"""

GLOSSARY_TEMPLATE = """\
# Terminology: see the README ("Glossary") for the schema.
terms: []
"""

GITIGNORE = ".tmflow/\n"


def init_project(directory: Path, source: str, languages: Iterable[str]) -> list[Path]:
    """Create the project files in ``directory``; returns what was created."""
    directory = Path(directory)
    langs = list(languages)
    config_text = CONFIG_TEMPLATE.format(
        source=source, languages=", ".join(f'"{lang}"' for lang in langs)
    )
    config_path = directory / "tmflow.toml"
    parse_config(config_text, config_path)  # validates the languages before writing anything
    files = {
        config_path: config_text,
        directory / "glossary.yml": GLOSSARY_TEMPLATE,
        directory / ".gitignore": GITIGNORE,
    }
    pyproject = read_if_exists(directory / "pyproject.toml", "pyproject.toml")
    if pyproject is not None and "[tool.tmflow" in pyproject.decode("utf-8", "replace"):
        raise UsageError(f"{directory / 'pyproject.toml'} already configures tmflow")
    existing = [path for path in files if exists(path)]
    if existing:
        names = ", ".join(str(p) for p in existing)
        raise UsageError(f"refusing to overwrite existing files: {names}")
    created: list[Path] = []
    for folder in (directory / "sources", directory / "locales" / "templates"):
        if not exists(folder):
            make_folder(folder)
            created.append(folder)
    for path, text in files.items():
        write_atomic(path, text)
        created.append(path)
    return created
