"""Which PO files a check run goes over: its jobs, found from the listings of the templates'
folder and of each language's folder (``tmflow.io.files.list_names``), never from the files'
contents.

Jobs come article by article (an article's languages share a template and sources), the
articles in the order of their PO files' paths (``a-b.po`` before ``a.po``), so that each
language's findings come in report order. A PO file that is missing where its article has a
template is a ``po-outdated`` finding in the stream, in its place; a language that has no PO
file at all is one such finding, for its folder, ahead of the rest.

Memory stays small however large the tree: one string per name and a byte per name and
folder (``tmflow.io.files.presence``), in place of sets of paths.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tmflow.core.errors import UsageError
from tmflow.core.model import Finding
from tmflow.io.config import Config
from tmflow.steps.qa.settings import CheckSettings


@dataclass(frozen=True)
class Job:
    """One PO file to check."""

    path: str
    rel: str  # the path as reported: relative to the project folder
    language: str
    article: str
    template: str | None  # the article's template, when there is one
    min_translated: float | None
    options: tuple[tuple[str, Any], ...] = ()  # CheckSettings.options


class CheckPlan:
    """The jobs of a check run (``jobs``) and what the report says about the selection."""

    def __init__(
        self,
        config: Config,
        settings: CheckSettings,
        articles: list[str],
        present: bytearray,
        bare: tuple[str, ...],
        any_template: bool,
    ) -> None:
        self.config = config
        self.settings = settings
        self.articles = articles  # the articles selected, in the order of their PO files
        self._present = present  # per article: its template, then each language's PO file
        self._width = len(settings.languages) + 1
        # the articles that have a template
        self.with_template = [a for i, a in enumerate(articles) if present[i * self._width]]
        self.files = sum(present) - len(self.with_template)  # the PO files to check
        # the languages without a single PO file (not even of an article left out)
        self.languages_without_files = bare
        # whether the project has any template (none: nothing was extracted yet)
        self.any_template = any_template
        self.root = str(config.root) + os.sep  # cut from the paths reported

    def rel(self, path: str) -> str:
        """A path as a report gives it: relative to the project folder."""
        root = self.root
        return path[len(root) :] if path.startswith(root) else path

    def jobs(self) -> Iterator[Job | Finding]:
        """A job per PO file, article by article; a finding where a PO file is missing."""
        config, settings = self.config, self.settings
        langs = settings.languages
        severities = settings.severities
        thresholds = settings.thresholds
        options = settings.options
        present, width, rel = self._present, self._width, self.rel
        if self.with_template:
            for lang in self.languages_without_files:
                severity = severities[lang].get("po-outdated")
                if severity is not None:
                    yield Finding(
                        "po-outdated",
                        severity,
                        f"no PO files for {lang!r} (run 'tmflow update')",
                        rel(str(config.locales_dir / lang)),
                        None,
                        lang,
                    )
        template_dir = f"{config.templates_dir}{os.sep}"
        locale_dirs = [f"{config.locales_dir}{os.sep}{lang}{os.sep}" for lang in langs]
        bare = set(self.languages_without_files)
        for i, article in enumerate(self.articles):
            row = i * width
            template = f"{template_dir}{article}.pot" if present[row] else None
            for j, lang in enumerate(langs):
                if present[row + 1 + j]:
                    path = f"{locale_dirs[j]}{article}.po"
                    yield Job(path, rel(path), lang, article, template, thresholds[lang], options)
                elif (
                    template is not None and lang not in bare and "po-outdated" in severities[lang]
                ):
                    yield Finding(
                        "po-outdated",
                        severities[lang]["po-outdated"],
                        f"no PO file for {article!r} in {lang!r} (run 'tmflow update')",
                        rel(str(config.po_path(lang, article))),
                        None,
                        lang,
                    )


def plan_jobs(config: Config, settings: CheckSettings, articles: Iterable[str] = ()) -> CheckPlan:
    """The jobs for these articles (all when none is named). Raises UsageError for an article
    the project does not have."""
    from tmflow.io.files import list_names, presence

    langs = settings.languages
    names: dict[str, str] = {}  # every name listed, one string per name
    # the templates' names, then each language's
    listed = [list_names(config.templates_dir, ".pot", names)] + [
        list_names(config.locales_dir / lang, ".po", names) for lang in langs
    ]
    wanted = list(dict.fromkeys(articles))
    for name in wanted:
        if name not in names:
            raise UsageError(f"no article named {name!r} in {config.locales_dir}")
    # in the order of their PO files' paths (``a-b.po`` before ``a.po``), so that each
    # language's findings come in report order
    selected = sorted(wanted or names, key=lambda n: n + ".po")
    del names
    bare = tuple(lang for lang, found in zip(langs, listed[1:]) if not found)
    present = presence(listed, selected)  # a byte per article and folder
    return CheckPlan(config, settings, selected, present, bare, bool(listed[0]))
