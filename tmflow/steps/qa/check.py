"""The quality gate: run the registered checks over the catalogs of a project.

``check_project`` puts together parts that each do one thing:

* ``settings``: which checks run, at which severity, per language (validated first: a
  language, article or check id the project does not have, or an unreadable glossary, is bad
  input before any file is read);
* ``jobs``: which PO files there are to check, from the folders' listings, article by article
  (a missing PO file, or a language without any, is a ``po-outdated`` finding);
* ``tmflow.io.cache.FindingsCache``: the findings of files unchanged since the last run with
  the same settings (``<state_dir>/check-cache.sqlite3``);
* ``runner`` and ``filecheck``: the other files checked in worker processes, each file's
  findings into the report as they come back;
* ``outdated``: templates compared with their sources (``template-outdated``);
* ``report``: the findings in report order, spooled to temporary files (memory stays flat
  however large the tree), with the counts and the public interface the renderers use.

Checks themselves are in ``tmflow.steps.qa.checks``. A translator comment ``# tmflow-ignore:
id[, id…]`` silences checks for one entry; in the file's header comment it silences them for
the whole file. Exit policy (the command's): any finding of severity ``error`` fails the gate
(1); bad input is 2.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from tmflow.io.config import Config
from tmflow.steps.qa.report import CheckReport, finding_order

__all__ = ["CACHE_NAME", "CheckReport", "check_project", "finding_order"]

CACHE_NAME = "check-cache.sqlite3"


def check_project(
    config: Config,
    articles: Iterable[str] = (),
    languages: Iterable[str] = (),
    *,
    only: Iterable[str] = (),
    min_translated: float | None = None,
    use_cache: bool = True,
    workers: int | None = None,
) -> CheckReport:
    """Run the checks; ``only`` limits them to these ids; ``min_translated`` overrides the
    configured thresholds for every language; ``use_cache=False`` neither reads nor writes the
    findings cache. Call ``close`` on the report when done with it (its spools are temporary
    files)."""
    from tmflow.io.cache import FindingsCache
    from tmflow.steps.qa.jobs import plan_jobs
    from tmflow.steps.qa.outdated import TemplateCheck
    from tmflow.steps.qa.runner import run_jobs
    from tmflow.steps.qa.settings import resolve_settings

    started = time.perf_counter()
    settings = resolve_settings(config, languages, only=only, min_translated=min_translated)
    plan = plan_jobs(config, settings, articles)
    report = CheckReport(
        files=plan.files,
        languages=settings.languages,
        notes=settings.notes,
        languages_without_files=plan.languages_without_files,
    )
    cache = (
        FindingsCache(config.state_dir / CACHE_NAME, settings.fingerprint()) if use_cache else None
    )
    templates = TemplateCheck(config, plan, settings)
    try:
        run_jobs(plan, settings, report, cache, workers=workers, on_pool=templates.start_in)
        if cache is not None:
            cache.close()
        report.add_run(sorted(templates.result(), key=finding_order))
    except BaseException:
        report.close()
        if cache is not None:
            cache.close(commit=False)
        raise
    report.elapsed = time.perf_counter() - started
    return report
