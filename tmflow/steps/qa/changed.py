"""``check --changed-since REF``: the quality gate over the catalogs a pull request changed.

A thin selection layer over ``check_project``: the catalogs in scope come from git
(``tmflow.steps.scope``), grouped by their set of languages (usually one group: a pull request
that touches one article's French file checks that file only), and each group is checked by
``check_project`` with its articles and languages. The report is the same kind as a full
check's, so every output format works. When the settings that decide the findings changed (the
configuration or the glossary), every catalog is checked and a note says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tmflow.io.config import Config
from tmflow.io.files import is_file
from tmflow.steps.qa.check import CheckReport, check_project, finding_order
from tmflow.steps.scope import ChangedScope, changed_scope


def check_changed(
    config: Config,
    since: str,
    articles: Iterable[str] = (),
    languages: Iterable[str] = (),
    **options: Any,
) -> tuple[CheckReport, ChangedScope]:
    """Check the catalogs changed since ``since`` (within ``articles`` and ``languages`` when
    given); ``options`` go to ``check_project``. Returns the report and the scope."""
    scope = changed_scope(config, since)
    wanted_articles = set(articles)
    wanted_languages = tuple(languages) or tuple(config.languages)
    where = f"since {since} ({scope.short})"
    if scope.settings:
        report = check_project(config, articles, languages, **options)
        report.notes.append(f"{', '.join(scope.settings)} changed {where}: every catalog checked")
        return report, scope
    groups: dict[tuple[str, ...], list[str]] = {}
    for article, langs in sorted(scope.catalogs.items()):
        if wanted_articles and article not in wanted_articles:
            continue
        chosen = tuple(lang for lang in wanted_languages if lang in langs)
        if chosen and _exists(config, article, chosen):
            groups.setdefault(chosen, []).append(article)
    if not groups:
        report = CheckReport(languages=wanted_languages)
        report.notes.append(f"no catalog changed {where}: nothing to check")
        return report, scope
    reports = [check_project(config, names, langs, **options) for langs, names in groups.items()]
    note = f"checked the {sum(len(names) * len(langs) for langs, names in groups.items())} catalog(s) changed {where}"
    if len(reports) == 1:
        report = reports[0]
    else:
        try:
            findings = sorted((f for r in reports for f in r.iter_findings()), key=finding_order)
            report = CheckReport(
                findings,
                files=sum(r.files for r in reports),
                languages=tuple(
                    lang for lang in wanted_languages if any(lang in r.languages for r in reports)
                ),
                notes=list(dict.fromkeys(n for r in reports for n in r.notes)),
            )
            report.checked = sum(r.checked for r in reports)
            report.elapsed = sum(r.elapsed for r in reports)
        finally:
            for r in reports:
                r.close()
    report.notes.append(note)
    return report, scope


def _exists(config: Config, article: str, languages: tuple[str, ...]) -> bool:
    """Whether the article still has a template or a PO file in one of ``languages``
    (an article the branch removed has nothing left to check)."""
    if is_file(config.pot_path(article)):
        return True
    return any(is_file(config.po_path(lang, article)) for lang in languages)
