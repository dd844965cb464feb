"""What a project holds: its articles and catalogs, found on disk from the configuration."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tmflow.core.errors import InputError, NotFoundError, UsageError
from tmflow.io.config import Config

SOURCE_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Article:
    name: str
    path: Path
    format: str  # "text" | "markdown"


def article_name(path: Path) -> str:
    """The article name for a source file: its stem, NFC-normalised, lower case, with runs of
    anything but letters, digits, ``.``, ``_`` and ``-`` replaced by ``-``."""
    stem = unicodedata.normalize("NFKD", path.stem)
    stem = "".join(c for c in stem if not unicodedata.combining(c)).lower()
    stem = re.sub(r"[^a-z0-9._-]+", "-", stem).strip("-.")
    return stem


def _source_files(folder: Path) -> list[Path]:
    """The files under ``folder`` with a source suffix, outside hidden folders and not hidden,
    in path order (the order of ``sorted(folder.rglob("*"))``). A walk of the folders' entries:
    no ``stat`` and no ``Path`` object for the files that are not sources."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            dot = name.rfind(".")
            if dot > 0 and name[dot:].lower() in SOURCE_SUFFIXES:
                path = os.path.join(dirpath, name)
                if os.path.isfile(path):  # a regular file, or a link to one
                    out.append(Path(path))
    out.sort()
    return out


def find_articles(
    config: Config, names: Iterable[str] = (), *, among: list[Article] | None = None
) -> list[Article]:
    """Source articles of the project (sorted by name), or just those named; ``among`` (all
    the articles, found before) saves a second look at the sources folder."""
    folder = config.sources_dir
    found: dict[str, Article] = {}
    if among is not None:
        found = {a.name: a for a in among}
    elif not folder.is_dir():
        raise NotFoundError("sources folder not found", folder)
    for path in _source_files(folder) if among is None else ():
        name = article_name(path)
        if not name or not _NAME_RE.match(name):
            raise InputError(f"cannot make an article name from {path.name!r}", path)
        if name in found:
            raise InputError(
                f"article name {name!r} collides with "
                f"{found[name].path.relative_to(config.root)}; rename one",
                path,
            )
        found[name] = Article(name, path, SOURCE_SUFFIXES[path.suffix.lower()])
    wanted = list(names)
    if not wanted:
        return list(found.values())
    out = []
    for name in wanted:
        key = (
            name[: -len(Path(name).suffix)]
            if Path(name).suffix.lower() in SOURCE_SUFFIXES
            else name
        )
        key = article_name(Path(key + ".txt")) if key not in found else key
        if key not in found:
            raise UsageError(f"no article named {name!r} in {folder}")
        out.append(found[key])
    return out


def select_languages(config: Config, languages: Iterable[str] = ()) -> list[str]:
    wanted = list(languages)
    if not wanted:
        return list(config.languages)
    for lang in wanted:
        if lang not in config.languages:
            raise UsageError(
                f"{lang!r} is not a target language of this project "
                f"({', '.join(config.languages)})"
            )
    return wanted


def require_glossary(config: Config) -> None:
    """Fail (exit 2) when the configuration names a glossary file that does not exist.

    A missing ``glossary.yml`` means "no glossary"; a missing file under another name is a
    typo or a lost file, and going on would strip the glossary hints from every PO file.
    """
    from tmflow.core.errors import GlossaryError
    from tmflow.io.glossary import DEFAULT_NAME

    path = config.glossary_path
    if path.name != DEFAULT_NAME and not path.exists():
        raise GlossaryError(
            "glossary file not found (named by the 'glossary' key of the "
            "configuration; create it, or fix or remove the key)",
            path,
        )
