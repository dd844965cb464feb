"""Running a check's jobs: the findings cache answers unchanged files, the rest are checked
(in worker processes when there are many) and each file's findings reach the report."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tmflow.core.model import Finding
from tmflow.io.cache import FindingsCache
from tmflow.io.config import load_config
from tmflow.steps.qa.jobs import plan_jobs
from tmflow.steps.qa.report import CheckReport
from tmflow.steps.qa.runner import batch_size, run_jobs, units
from tmflow.steps.qa.settings import resolve_settings

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "check" / "defects"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "defects"
    shutil.copytree(CORPUS, root)
    old = time.time() - 3600  # stamps old enough to be trusted
    for po in root.glob("locales/*/*.po*"):
        os.utime(po, (old, old))
    return root


def _run(root: Path, cache: FindingsCache | None, workers: int = 1) -> CheckReport:
    config = load_config(root)
    settings = resolve_settings(config)
    report = CheckReport()
    run_jobs(plan_jobs(config, settings), settings, report, cache, workers=workers)
    return report


def test_the_cache_answers_unchanged_files_only(project: Path) -> None:
    (project / "locales" / "fr" / "news.po").unlink()
    config = load_config(project)
    settings = resolve_settings(config)
    plan = plan_jobs(config, settings)
    path = project / ".tmflow" / "check.sqlite3"
    with FindingsCache(path, settings.fingerprint()) as cache:
        first = _run(project, cache)
    assert first.checked == plan.files == len(list(project.glob("locales/*/*.po")))
    with FindingsCache(path, settings.fingerprint()) as cache:
        answered = [(unit[0], unit[2], known) for unit, known in units(plan, cache)]
        assert not any(fresh for _job, fresh, _known in answered)
        # the missing PO file's finding is answered in its place, not checked
        missing = [job for job, _fresh, _known in answered if isinstance(job, Finding)]
        assert [(f.check, f.path) for f in missing] == [("po-outdated", "locales/fr/news.po")]
        second = _run(project, cache)
    assert second.checked == 0 and second.findings == first.findings
    po = project / "locales" / "ru" / "states.po"
    po.write_text(po.read_text("utf-8") + "\n", "utf-8")  # changed
    now = int(time.time()) * 1_000_000_000  # a whole second, as some file systems keep
    os.utime(po, ns=(now, now))  # too fresh to be trusted: checked, not cached
    with FindingsCache(path, settings.fingerprint()) as cache:
        fresh = [unit for unit, known in units(plan, cache) if known is None]
        assert [(job.rel, stamp) for job, stamp, _ in fresh] == [("locales/ru/states.po", None)]
        assert _run(project, cache).checked == 1
    with FindingsCache(path, settings.fingerprint()) as cache:
        assert _run(project, cache).checked == 1  # not cached: checked again


def test_workers_give_what_one_process_gives(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tmflow.steps.qa.runner as runner

    serial = _run(project, None)
    monkeypatch.setattr(runner, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(runner, "BATCH_MAX", 3)
    parallel = _run(project, None, workers=2)
    files = len(list(project.glob("locales/*/*.po")))
    assert parallel.findings == serial.findings and parallel.checked == serial.checked == files
    assert parallel.total == serial.total > 0


def test_batches_are_small_and_bounded() -> None:
    assert batch_size(10, 2) == 8
    assert batch_size(5_000, 2) == 52
    assert batch_size(1_000_000, 2) == 60
    assert batch_size(1_000, 0) == 20
