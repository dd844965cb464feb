"""Scaffold a new project (refuses to overwrite anything that exists), and set a clone up for
tmflow's git merge driver."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tmflow.core.errors import UsageError
from tmflow.io import git
from tmflow.io.config import parse_config
from tmflow.io.files import decode_utf8, exists, make_folder, read_if_exists, write_atomic

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

[mt]
# Machine-translation drafts (fuzzy, with provenance) for what is still untranslated:
# 'tmflow sync' drafts only once a provider is set. Keys come from the environment only
# (TMFLOW_<PROVIDER>_API_KEY); see the README's machine-translation section.
# provider = "google"              # google, google-cloud, mymemory, libre, microsoft, deepl, yandex, pseudo
# url = "http://localhost:5000/"   # a self-hosted LibreTranslate (provider = "libre")
# batch-size = 16                  # texts per request (default: the engine's limit)
# timeout = 20                     # seconds per request
# retries = 4                      # further attempts of a failed request
# max-retry-after = 120            # a longer Retry-After ends the run for the engine
# max-failures = 6                 # failed requests in a row after which the engine is given up

[update]
# copy-untranslatable = true       # segments with no words to translate land translated, copied
# prune = false                    # true: sync and update remove removed articles' files
#                                  # (their translations go to locales/memory/ first)

[build]
min-translated = 100 # below this percentage a language version is not published
# require-check = false            # true: hold back a language version 'tmflow check' fails
"""

GLOSSARY_TEMPLATE = """\
# Terminology: see the README ("Glossary") for the schema.
terms: []
"""

GITIGNORE = ".tmflow/\n"

# PO and POT files are merged by tmflow's driver (``tmflow merge-driver``), entry by entry
GITATTRIBUTES = ("*.po merge=tmflow", "*.pot merge=tmflow")
GITATTRIBUTES_HEADER = "# PO files merge entry by entry: each clone runs 'tmflow init --git' once"
DRIVER = "tmflow"
DRIVER_NAME = "tmflow: PO and POT files merged entry by entry"


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
    if ensure_gitattributes(directory):
        created.append(directory / ".gitattributes")
    return created


def ensure_gitattributes(directory: Path) -> bool:
    """Make ``directory/.gitattributes`` send PO and POT files to tmflow's merge driver: the
    lines are added at its end when missing (the file's other lines are left as they are);
    False when they were all there."""
    path = Path(directory) / ".gitattributes"
    raw = read_if_exists(path, ".gitattributes")
    text = decode_utf8(raw, path) if raw is not None else ""
    have = {" ".join(line.split()) for line in text.splitlines()}
    missing = [line for line in GITATTRIBUTES if line not in have]
    if not missing:
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    if GITATTRIBUTES_HEADER not in have:
        missing.insert(0, GITATTRIBUTES_HEADER)
    write_atomic(path, text + "\n".join(missing) + "\n")
    return True


@dataclass
class GitSetup:
    """What ``setup_git`` did: the repository, the settings it changed (key → value) and
    whether it wrote .gitattributes."""

    repository: Path
    changed: dict[str, str] = field(default_factory=dict)
    attributes: bool = False


def setup_git(directory: Path, executable: str) -> GitSetup:
    """Register tmflow's merge driver in the clone ``directory`` is in (its ``.git/config``,
    which git never shares: each clone runs this once) and make ``directory/.gitattributes``
    use it. Idempotent: a second run changes nothing. ``executable``: the Python that runs
    tmflow (``sys.executable``), so that the driver works whichever environment git is run
    from."""
    directory = Path(directory)
    repository = git.toplevel(directory)
    command = git.driver_command(
        executable, "-m", "tmflow", "merge-driver", "%O", "%A", "%B", "%P"
    )
    done = GitSetup(repository)
    for key, value in (
        (f"merge.{DRIVER}.name", DRIVER_NAME),
        (f"merge.{DRIVER}.driver", command),
    ):
        if git.config_set(directory, key, value):
            done.changed[key] = value
    done.attributes = ensure_gitattributes(directory)
    return done
