"""Which PO files a check run goes over: found from the folders' listings, in report order,
with a finding for each missing PO file and one for a language without any."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmflow.core.errors import UsageError
from tmflow.core.model import Finding
from tmflow.io.config import load_config
from tmflow.steps.qa.jobs import CheckPlan, Job, plan_jobs
from tmflow.steps.qa.settings import resolve_settings


def _tree(root: Path, config: str = "") -> Path:
    """Templates a, a-b, b; ru has all three, fr only a, de none (its folder is empty)."""
    (root / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["ru", "fr", "de"]\n' + config, "utf-8"
    )
    files = ["templates/a.pot", "templates/a-b.pot", "templates/b.pot"]
    files += ["ru/a.po", "ru/a-b.po", "ru/b.po", "ru/.hidden.po", "ru/notes.txt", "fr/a.po"]
    for name in files:
        path = root / "locales" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("listed only: never read\n", "utf-8")
    (root / "locales" / "de").mkdir()
    return root


def _plan(
    root: Path,
    articles: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
    min_translated: float | None = None,
) -> CheckPlan:
    config = load_config(root)
    return plan_jobs(
        config, resolve_settings(config, languages, min_translated=min_translated), articles
    )


def _what(item: Job | Finding) -> str:
    if isinstance(item, Job):
        return f"check {item.rel} (template {Path(item.template).name if item.template else None})"
    return f"{item.severity} {item.path}: {item.message}"


def test_jobs_article_by_article_in_path_order(tmp_path: Path) -> None:
    plan = _plan(_tree(tmp_path))
    assert plan.articles == ["a-b", "a", "b"]  # "a-b.po" sorts before "a.po"
    assert plan.files == 4
    assert plan.languages_without_files == ("de",)
    assert plan.any_template and plan.with_template == ["a-b", "a", "b"]
    assert [_what(item) for item in plan.jobs()] == [
        "error locales/de: no PO files for 'de' (run 'tmflow update')",
        "check locales/ru/a-b.po (template a-b.pot)",
        "error locales/fr/a-b.po: no PO file for 'a-b' in 'fr' (run 'tmflow update')",
        "check locales/ru/a.po (template a.pot)",
        "check locales/fr/a.po (template a.pot)",
        "check locales/ru/b.po (template b.pot)",
        "error locales/fr/b.po: no PO file for 'b' in 'fr' (run 'tmflow update')",
    ]
    job = next(item for item in plan.jobs() if isinstance(item, Job))
    assert job.path == str(tmp_path / "locales" / "ru" / "a-b.po")
    assert (job.language, job.article, job.min_translated) == ("ru", "a-b", None)


def test_a_selection_of_articles_and_languages(tmp_path: Path) -> None:
    plan = _plan(_tree(tmp_path), ("b", "a"), languages=("fr",), min_translated=80)
    assert plan.articles == ["a", "b"] and plan.files == 1
    assert plan.languages_without_files == ()
    jobs = list(plan.jobs())
    assert [_what(item) for item in jobs] == [
        "check locales/fr/a.po (template a.pot)",
        "error locales/fr/b.po: no PO file for 'b' in 'fr' (run 'tmflow update')",
    ]
    assert isinstance(jobs[0], Job) and jobs[0].min_translated == 80
    # a language without any PO file is said so, whatever the articles selected
    only_de = _plan(tmp_path, ("a",), languages=("de",))
    assert only_de.files == 0 and only_de.languages_without_files == ("de",)
    assert [_what(item) for item in only_de.jobs()] == [
        "error locales/de: no PO files for 'de' (run 'tmflow update')"
    ]


def test_po_outdated_severity_and_off(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        '[check.languages.fr]\npo-outdated = "warning"\n'
        '[check.languages.de]\npo-outdated = "off"\n',
    )
    found = [item for item in _plan(root).jobs() if isinstance(item, Finding)]
    assert [(f.path, f.severity, f.language) for f in found] == [
        ("locales/fr/a-b.po", "warning", "fr"),
        ("locales/fr/b.po", "warning", "fr"),
    ]
    assert _plan(root).languages_without_files == ("de",)  # the report still says so


def test_without_templates_nothing_is_missing_yet(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    for pot in (root / "locales" / "templates").iterdir():
        pot.unlink()
    plan = _plan(root)
    assert not plan.any_template and plan.with_template == []
    assert [_what(item) for item in plan.jobs()] == [
        "check locales/ru/a-b.po (template None)",
        "check locales/ru/a.po (template None)",
        "check locales/fr/a.po (template None)",
        "check locales/ru/b.po (template None)",
    ]


def test_an_unknown_article_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no article named 'c'"):
        _plan(_tree(tmp_path), ("a", "c"))
