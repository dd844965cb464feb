"""Running a check's jobs: the findings cache first, then the worker pool for the rest, each
file's findings into the report as they come back, in job order.

Files are checked in worker processes when there are many (``tmflow.steps.pool.ordered_map``:
small batches, a bounded number in flight), so both cores work and memory stays flat: a job's
answer (``FileFindings``) goes to the report's spool of its language and to the findings cache
as soon as it and the jobs before it are answered.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any, cast

from tmflow.core.model import Finding
from tmflow.io.cache import FileFindings, FileStamp, FindingsCache
from tmflow.steps.qa.filecheck import check_batch, file_findings
from tmflow.steps.qa.jobs import CheckPlan, Job
from tmflow.steps.qa.report import CheckReport
from tmflow.steps.qa.settings import CheckSettings

PARALLEL_MIN_FILES = 64  # fewer files to check than this: no worker processes
BATCH_MAX = 60  # files per batch, at most

# a job, the stamp to cache its findings under (None: not to be cached), whether it is to be
# checked (False: answered by the cache, or a finding about a missing file)
Unit = tuple[Job | Finding, FileStamp | None, bool]


def units(plan: CheckPlan, cache: FindingsCache | None) -> Iterator[tuple[Unit, Any]]:
    """Each job of the plan with its answer when it has one already: the cached findings of
    a file that is as it was cached, the finding of a missing file; None for a file to
    check."""
    for job in plan.jobs():
        if isinstance(job, Finding):
            yield (job, None, False), file_findings([tuple(job)])
            continue
        file_stamp = None
        if cache is not None:
            file_stamp = cache.stamp(job.path, job.template)
            if file_stamp is not None:
                hit = cache.get(job.rel, file_stamp)
                if hit is not None:
                    yield (job, None, False), hit
                    continue
        yield (job, file_stamp, True), None


def batch_size(files: int, workers: int) -> int:
    """Small batches (a fraction of a second each) keep every worker busy to the end."""
    return min(BATCH_MAX, max(8, files // (max(workers, 1) * 48)))


def run_jobs(
    plan: CheckPlan,
    settings: CheckSettings,
    report: CheckReport,
    cache: FindingsCache | None,
    *,
    workers: int | None = None,
    on_pool: Callable[[Any], None] | None = None,
) -> None:
    """Check the plan's files (those the cache does not answer) and add every file's findings
    to ``report``; store the new ones in ``cache``. ``on_pool(pool)`` is called when worker
    processes start (a task handed to it runs beside the batches)."""
    from tmflow.steps.pool import ordered_map

    cpus = workers if workers is not None else (os.cpu_count() or 1)
    for (job, file_stamp, fresh), found in ordered_map(
        _check_units,
        units(plan, cache),
        workers=cpus,
        batch_size=batch_size(plan.files, cpus),
        min_parallel=PARALLEL_MIN_FILES,
        extra=(settings.severities, settings.glossary),
        on_pool=on_pool,
    ):
        if fresh:
            report.checked += 1
            if file_stamp is not None and cache is not None:
                cache.put(cast(Job, job).rel, file_stamp, found)
        report.add_file(str(job.language), found)


def _check_units(
    batch: list[Unit],
    severities: dict[str, dict[str, str]],
    glossary: Any,
) -> list[FileFindings]:
    """``check_batch`` of the units' jobs (what a worker runs; picklable)."""
    return check_batch([cast(Job, unit[0]) for unit in batch], severities, glossary)
