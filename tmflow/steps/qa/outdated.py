"""``template-outdated``: a template that differs from what ``extract`` would write now from
its source, or that has no source any more.

It segments every selected source (an extract dry run, which remembers what it found up to
date), so on a large project it runs in a worker process beside the PO files' batches
(``TemplateCheck.start_in``), else in the main process after them.
"""

from __future__ import annotations

from typing import Any

from tmflow.core.errors import TmflowError
from tmflow.core.model import Finding
from tmflow.io.config import Config
from tmflow.steps.qa.jobs import CheckPlan
from tmflow.steps.qa.settings import CheckSettings


class TemplateCheck:
    """The ``template-outdated`` findings of a plan, worked out here or in a worker."""

    def __init__(self, config: Config, plan: CheckPlan, settings: CheckSettings) -> None:
        severity = settings.severity("template-outdated")
        # without any template nothing was extracted yet: there is nothing to compare with
        self.wanted = severity is not None and plan.any_template
        self._args = (config, plan.articles, plan.with_template, severity or "", plan.root)
        self._future: Any = None

    def start_in(self, pool: Any) -> None:
        """Run in this executor (``ordered_map``'s ``on_pool``)."""
        if self.wanted:
            self._future = pool.submit(template_findings, *self._args)

    def result(self) -> list[Finding]:
        """The findings, in the order found."""
        if not self.wanted:
            return []
        if self._future is not None:
            found: list[Finding] = self._future.result()
            return found
        return template_findings(*self._args)


def template_findings(
    config: Config,
    articles: list[str],
    with_template: list[str],
    severity: str,
    root: str,
) -> list[Finding]:
    """The findings for ``articles`` (``with_template``: those that have one); ``root`` is the
    project folder and a separator, cut from the paths. Picklable: a worker may run it."""
    from tmflow.steps.extract import extract_project
    from tmflow.steps.project import find_articles

    def rel(p: str) -> str:
        return p[len(root) :] if p.startswith(root) else p

    try:
        sources = {a.name for a in find_articles(config)}
        names = [a for a in articles if a in sources]
        result = extract_project(config, names, dry_run=True, remember=True) if names else None
    except TmflowError as err:
        # a source that cannot be read cannot be published either: an error, not a note
        where = rel(str(err.path)) if err.path is not None else rel(str(config.sources_dir))
        return [
            Finding(
                "template-outdated",
                "error",
                f"cannot tell whether the template is up to date: {err.message}",
                where,
                err.line,
            )
        ]
    out: list[Finding] = []
    for article in with_template:
        if article not in sources:
            out.append(
                Finding(
                    "template-outdated",
                    severity,
                    "template without a source article (restore the source, or run "
                    "'tmflow sync --prune': its translations go to the memory, its files go)",
                    rel(str(config.pot_path(article))),
                    None,
                )
            )
    for item in result.templates if result is not None else []:
        if item.status != "unchanged":
            out.append(
                Finding(
                    "template-outdated",
                    severity,
                    "template missing or out of date with its source (run 'tmflow extract')",
                    rel(str(config.pot_path(item.article))),
                    None,
                )
            )
    return out
