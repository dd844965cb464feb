"""``sync``, the main job: extract templates, update every catalog, then the later steps.

Order and locking: the whole job runs inside one project lock; extraction runs first (it writes
``locales/templates/``), then ``update_project`` finds the articles whose source is gone (and
prunes them when asked, before merging, so that the articles taking their place draw on
their memory), merges and refuses to write anything if a translated
segment would lose its translation (``UpdateRefused``, exit 1), in which case the later steps do
not run. Drafts follow when a provider is configured; a provider that fails is reported, not
fatal (extract and update are done and stay done). The status report comes last, outside the
lock (it only reads).

Nothing changed means nothing written: extraction and update both write through
``write_atomic``, which leaves a file with the same bytes untouched (``bench/bench_sync.py``
measures a no-op sync of 500 articles × 5 languages).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tmflow.io.config import Config
from tmflow.steps.merge.update import ProjectUpdateResult, update_project
from tmflow.steps.project import lock as project_lock


@dataclass
class SyncResult:
    extract: Any
    update: ProjectUpdateResult
    draft: Any = None
    status: Any = None


def run_extract_step(config: Config, articles: tuple[str, ...]) -> Any:
    """Sources → templates (the extraction step)."""
    from tmflow.steps.extract import extract_project

    return extract_project(config, articles)


@dataclass
class DraftOutcome:
    """What the draft step did in a sync: its result, or why it could not run. A provider
    that is misconfigured or unreachable does not fail the sync: extract and update are done,
    and ``left`` says how many segments still wait for a draft."""

    result: Any = None
    error: str | None = None

    @property
    def errors(self) -> list[str]:
        if self.error:
            return [self.error]
        return list(self.result.errors) if self.result is not None else []


def run_draft_step(
    config: Config, articles: tuple[str, ...], languages: tuple[str, ...], progress: Any = None
) -> DraftOutcome | None:
    """Machine-translation drafts of what is still untranslated, when a provider is
    configured (``[tool.tmflow.mt] provider``); None when none is."""
    if not config.mt.provider:
        return None
    from tmflow.core.errors import ProviderError
    from tmflow.steps.mt.draft import draft_project

    try:
        return DraftOutcome(draft_project(config, articles, languages, progress=progress))
    except ProviderError as err:
        return DraftOutcome(error=str(err))


def run_status_step(config: Config, articles: tuple[str, ...], languages: tuple[str, ...]) -> Any:
    """The status report summarised after a sync."""
    from tmflow.steps.report.status import status_project

    return status_project(config, articles, languages, titles=False)  # a summary: no headlines


def sync_project(
    config: Config,
    articles: Iterable[str] = (),
    languages: Iterable[str] = (),
    *,
    draft: bool = True,
    prune: bool | None = None,
    progress: Any = None,
) -> SyncResult:
    """Extract, update (msgmerge semantics, memory drafts, copies; articles whose source is
    gone found, and with ``prune`` (None: ``[tool.tmflow.update] prune``) kept in the memory
    folder and removed), draft, status."""
    names = tuple(articles)
    langs = tuple(languages)
    from tmflow.core.errors import UsageError
    from tmflow.steps.project import require_glossary, select_languages

    select_languages(config, langs)  # a bad -l fails before anything is written
    require_glossary(config)  # so does an unusable glossary
    if prune and (names or langs):  # and so does a prune that cannot run
        raise UsageError("--prune works on the whole project: run it without article names and -l")
    with project_lock(config):
        extracted = run_extract_step(config, names)
        updated = update_project(config, names, langs, lock=False, prune_removed=prune)
        drafted = run_draft_step(config, names, langs, progress) if draft else None
    status = run_status_step(config, names, langs)
    return SyncResult(extracted, updated, drafted, status)
