"""Pull-request scope: which catalogs a branch changed since a git revision.

``tmflow check --changed-since REF`` and ``tmflow status --since REF`` look at the work of one
pull request, not at the whole tree. The revision is compared through the point where the
branch left it (``git merge-base REF HEAD``, so that what happened on ``REF`` since does not
count), with the work tree as it is (commits, staged and unstaged changes, new files).

A catalog is in scope when its PO file changed (``locales/<lang>/<article>.po``), and every
language of an article is when its template or its source changed. The settings that change
what ``check`` finds (the tmflow configuration, read again from the old revision and compared
value by value, and the glossary) are reported apart: ``check`` then checks everything, as it
cannot be sure which catalogs they affect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tmflow.core.errors import TmflowError
from tmflow.io import git
from tmflow.io.config import Config, parse_config
from tmflow.steps.project import SOURCE_SUFFIXES, article_name


@dataclass
class ChangedScope:
    """What changed since ``since`` (compared from ``base``, the commit where the branch left
    it): the catalogs in scope (article → languages) and the settings that changed."""

    since: str
    base: str
    catalogs: dict[str, set[str]] = field(default_factory=dict)
    settings: list[str] = field(default_factory=list)  # project-relative paths
    paths: list[str] = field(default_factory=list)  # every changed path (project-relative)

    @property
    def short(self) -> str:
        return self.base[:10]

    def pairs(self) -> list[tuple[str, str]]:
        """(article, language) of every catalog in scope, sorted."""
        return sorted((a, lang) for a, langs in self.catalogs.items() for lang in langs)


def _rel(path: Path, root: Path) -> PurePosixPath | None:
    try:
        return PurePosixPath(path.relative_to(root).as_posix())
    except ValueError:
        return None


def changed_scope(config: Config, since: str) -> ChangedScope:
    """The catalogs (and settings) changed since the revision ``since``."""
    root = config.root
    base = git.merge_base(root, since)
    scope = ChangedScope(since, base)
    scope.paths = git.changed_paths(root, base)
    templates = _rel(config.templates_dir, root)
    locales = _rel(config.locales_dir, root)
    sources = _rel(config.sources_dir, root)
    glossary = _rel(config.glossary_path, root)
    settings = _rel(config.path, root) if config.path is not None else None
    every = set(config.languages)
    for name in scope.paths:
        path = PurePosixPath(name)
        if path == glossary:
            scope.settings.append(name)
        elif path == settings:
            if _settings_differ(config, base, name):
                scope.settings.append(name)
        elif path.suffix == ".pot" and path.parent == templates:
            scope.catalogs.setdefault(path.stem, set()).update(every)
        elif (
            path.suffix == ".po"
            and locales is not None
            and path.parent.parent == locales
            and path.parent.name in every
        ):
            scope.catalogs.setdefault(path.stem, set()).add(path.parent.name)
        elif (
            sources is not None
            and sources in path.parents
            and path.suffix.lower() in SOURCE_SUFFIXES
            and not any(part.startswith(".") for part in path.relative_to(sources).parts)
        ):
            article = article_name(Path(path.name))
            if article:
                scope.catalogs.setdefault(article, set()).update(every)
    return scope


def _settings_differ(config: Config, base: str, name: str) -> bool:
    """Whether the tmflow settings at ``base`` differ from today's (a pyproject.toml edit
    elsewhere than ``[tool.tmflow]`` changes nothing tmflow reads)."""
    assert config.path is not None
    old = git.read_blobs(config.root, base, [name]).get(name)
    if old is None:
        return True
    try:
        before = parse_config(old.decode("utf-8"), config.path)
    except (TmflowError, UnicodeDecodeError):
        return True
    return before != config
