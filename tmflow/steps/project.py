"""What a project holds: its articles and catalogs, found on disk from the configuration."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tmflow.core.display import one_line
from tmflow.core.errors import InputError, NotFoundError, SourceError, UsageError
from tmflow.io.config import Config
from tmflow.io.files import (
    exists,
    is_file,
    is_folder,
    is_racy,
    project_lock,
    source_files,
    stamp,
)

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


def find_articles(
    config: Config, names: Iterable[str] = (), *, among: list[Article] | None = None
) -> list[Article]:
    """Source articles of the project (sorted by name), or just those named; ``among`` (all
    the articles, found before) saves a second look at the sources folder."""
    folder = config.sources_dir
    found: dict[str, Article] = {}
    if among is not None:
        found = {a.name: a for a in among}
    elif not is_folder(folder):
        raise NotFoundError("sources folder not found", folder)
    for path in source_files(folder, SOURCE_SUFFIXES) if among is None else ():
        rel = str(path.relative_to(folder))
        if one_line(rel) != rel:
            raise SourceError(
                f"the file name '{one_line(rel)}' is not UTF-8 text or holds control "
                "characters; rename it (templates and PO files name their source file)",
                folder,
            )
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


def written_folders(config: Config) -> list[Path]:
    """The folders tmflow writes files into: templates, each language's PO files, imported
    memory, the published versions, the project folder (glossary) and the glossary's."""
    langs = config.languages
    return [
        config.templates_dir,
        *(config.locales_dir / lang for lang in langs),
        config.locales_dir / "memory",
        config.build_dir,
        *(config.build_dir / lang for lang in langs),
        config.root,
        config.glossary_path.parent,
    ]


@contextmanager
def lock(config: Config) -> Iterator[Path]:
    """The project lock (one tmflow at a time); once held, the temporary files a killed run
    left in the folders tmflow writes are removed."""
    with project_lock(config.state_dir, leftovers=written_folders(config)) as held:
        yield held


def select_languages(config: Config, languages: Iterable[str] = ()) -> list[str]:
    """The languages asked for (default: all), in the configured order whatever the order
    they were asked in, each once: every report lists languages in one stable order."""
    wanted = set(languages)
    if not wanted:
        return list(config.languages)
    for lang in sorted(wanted):
        if lang not in config.languages:
            raise UsageError(
                f"{lang!r} is not a target language of this project "
                f"({', '.join(config.languages)})"
            )
    return [lang for lang in config.languages if lang in wanted]


GLOSSARY_MEMO = "glossary-valid.json"


def require_glossary(config: Config) -> None:
    """Fail (exit 2) when the project's glossary cannot be used, before anything is written:
    a glossary named by the configuration (the ``glossary`` key) that does not exist; a
    folder, a FIFO or a device where the glossary should be; a link out of the project; a
    file that does not read or validate. Without the ``glossary`` key a missing
    ``glossary.yml`` means the project has no glossary.

    Going on without the glossary would strip the glossary hints from every PO file. A file
    that validated once is not parsed again while its size and time stay the same
    (``<state>/glossary-valid.json``).
    """
    from tmflow import __version__
    from tmflow.core.errors import GlossaryError
    from tmflow.io.cache import load_json_cache, save_json_cache
    from tmflow.io.glossary import DEFAULT_NAME, load_glossary

    path = config.glossary_path
    st = stamp(path)
    if st is None and not exists(path):
        if config.glossary_configured or path.name != DEFAULT_NAME:
            raise GlossaryError(
                "glossary file not found (named by the 'glossary' key of the "
                "configuration; create it, or fix or remove the key)",
                path,
            )
        return
    key = [*(st or ()), list(config.languages), config.source_language, __version__]
    memo_path = config.state_dir / GLOSSARY_MEMO
    memo = load_json_cache(memo_path, 1, "glossary")
    if st is not None and memo.get(str(path)) == key and is_file(path):
        return
    load_glossary(path, config.languages, config.source_language)  # raises what is wrong
    if st is not None and not is_racy(st) and _state_folder_exists(config):
        save_json_cache(memo_path, 1, "glossary", {str(path): key})


def _state_folder_exists(config: Config) -> bool:
    """Is there a usable state folder (a run made it, with its .gitignore)? A memo is no
    reason to create one, nor to fail."""
    try:
        return is_folder(config.state_dir)
    except InputError:
        return False
