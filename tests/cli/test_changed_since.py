"""Pull-request scope on a real repository: ``check --changed-since REF`` checks the catalogs a
branch changed (and every language of an article whose source or template changed; everything,
with a note, when the settings changed), in every output format; ``status --since REF`` reports
the progress delta per article and language in text, Markdown and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.gitrepo import Repo, isolate_git, make_project
from tests.cli.test_git_merge import FR, RU, edit_po
from tests.conftest import invoke
from tests.steps.merge.merge_props import SENTENCES

isolate_git()

OTHER_FR = "locales/fr/other.po"
OTHER_RU = "locales/ru/other.po"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """Two articles in fr and ru; a numbers error already on main in ru/other.po; a branch
    ``pr`` checked out."""
    repo = make_project(tmp_path / "p", SENTENCES[:4])
    repo.write("sources/other.txt", "The campaign was launched in 2008.\n\nIt goes on.\n")
    for command in ("extract", "update"):
        assert repo.tmflow(command).code == 0
    edit_po(repo, OTHER_RU, {"The campaign was launched in 2008.": "Кампания началась в 2009."})
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "pr")
    return repo


def findings(result_stdout: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(result_stdout)
    return data


def test_check_changed_since_checks_only_the_changed_catalog(repo: Repo) -> None:
    full = repo.tmflow("check", "--only", "numbers")
    assert full.code == 1 and f"{OTHER_RU}:" in full.stdout  # the error on main
    edit_po(repo, FR, {SENTENCES[0]: "La cérémonie a eu lieu à Moscou le 26 février."})
    repo.commit("translate one sentence")
    scoped = repo.tmflow("check", "--changed-since", "main")
    assert scoped.code == 0, scoped.output
    assert f"{OTHER_RU}" not in scoped.stdout
    assert "checked the 1 catalog(s) changed since main" in scoped.stdout
    assert scoped.stdout.rstrip().endswith("in 1 file")
    data = findings(repo.tmflow("check", "--changed-since", "main", "--format", "json").stdout)
    assert data["summary"]["files"] == 1  # type: ignore[index]
    assert {f["path"] for f in data["findings"]} == {FR}  # type: ignore[attr-defined]
    # uncommitted work counts too: the pull request as it is in the work tree
    edit_po(repo, OTHER_RU, {"It goes on.": "Она продолжается."})
    wip = repo.tmflow("check", "--changed-since", "main", "--only", "numbers")
    assert wip.code == 1 and f"{OTHER_RU}:" in wip.stdout
    github = repo.tmflow("check", "--changed-since", "main", "--format", "github")
    assert f"::error file={OTHER_RU}," in github.stdout


def test_a_source_change_brings_every_language_of_the_article(repo: Repo) -> None:
    repo.write("sources/other.txt", "The campaign was launched in 2008.\n\nIt still goes on.\n")
    result = repo.tmflow("check", "--changed-since", "main", "--only", "numbers")
    assert result.code == 1
    assert f"{OTHER_RU}:" in result.stdout  # ru/other.po did not change, its source did
    assert "checked the 2 catalog(s) changed since main" in result.stdout
    assert FR not in result.stdout


def test_changed_settings_check_everything_and_say_why(repo: Repo) -> None:
    config = repo.read("tmflow.toml")
    repo.write("tmflow.toml", config + '\n[check]\nseverity = { untranslated = "info" }\n')
    result = repo.tmflow("check", "--changed-since", "main", "--only", "numbers")
    assert result.code == 1 and f"{OTHER_RU}:" in result.stdout
    assert "note: tmflow.toml changed since main" in result.stdout
    assert "every catalog checked" in result.stdout
    # a comment only: the settings read the same, so the scope stays the branch's changes
    repo.write("tmflow.toml", config + "# a comment\n")
    quiet = repo.tmflow("check", "--changed-since", "main")
    assert quiet.code == 0 and "no catalog changed since main" in quiet.stdout


def test_nothing_changed_is_a_pass_with_a_note(repo: Repo) -> None:
    result = repo.tmflow("check", "--changed-since", "main")
    assert result.code == 0, result.output
    assert "no catalog changed since main" in result.stdout and "in 0 files" in result.stdout


def test_bad_revision_and_no_repository_are_clear_errors(repo: Repo, tmp_path: Path) -> None:
    result = repo.tmflow("check", "--changed-since", "no-such-branch")
    assert result.code == 2 and "unknown git revision 'no-such-branch'" in result.stderr
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "tmflow.toml").write_text('languages = ["fr"]\n', "utf-8")
    result = invoke("status", "--since", "main", cwd=plain)
    assert result.code == 2 and "is not inside a git repository" in result.stderr


def test_status_since_reports_the_delta_per_article_and_language(repo: Repo) -> None:
    edit_po(repo, FR, {SENTENCES[0]: "Un.", SENTENCES[1]: "Deux."})
    edit_po(repo, RU, {SENTENCES[2]: "Три."})
    repo.commit("progress")
    repo.write(OTHER_FR, repo.read(OTHER_FR) + "\n")  # changed bytes, same progress
    text = repo.tmflow("status", "--since", "main")
    assert text.code == 0, text.output
    assert "fr     news  +2 translated, −2 untranslated  (0.0% → 50.0%)" in text.stdout
    assert "ru     news  +1 translated, −1 untranslated  (0.0% → 25.0%)" in text.stdout
    assert "other" not in text.stdout
    assert "since main: +3 translated, −3 untranslated (segments)" in text.stdout

    md = repo.tmflow("status", "--since", "main", "--format", "markdown")
    assert "### Translation progress since `main`" in md.stdout
    assert "| news | fr | **+2** (2) | 0 (0) | **−2** (2) | 0.0% → 50.0% |" in md.stdout

    data = json.loads(repo.tmflow("status", "--since", "main", "--format", "json").stdout)
    assert data["version"] == 1 and data["since"] == "main" and len(data["base"]) == 40
    by_cell = {(c["article"], c["language"]): c for c in data["catalogs"]}
    assert set(by_cell) == {("news", "fr"), ("news", "ru")}
    fr = by_cell[("news", "fr")]
    assert fr["status"] == "changed" and fr["path"] == FR
    assert fr["delta"]["segments"] == {
        "translated": 2,
        "fuzzy": 0,
        "untranslated": -2,
        "obsolete": 0,
        "total": 0,
    }
    assert fr["before"]["segments"]["translated"] == 0
    assert fr["after"]["segments"]["percent"] == 50.0
    assert data["total"]["segments"]["translated"] == 3
    assert data["total"]["words"]["translated"] > 0


def test_status_since_shows_new_catalogs_and_refuses_other_formats(repo: Repo) -> None:
    repo.write("sources/third.txt", "A third article.\n")
    for command in ("extract", "update"):
        assert repo.tmflow(command).code == 0
    data = json.loads(repo.tmflow("status", "--since", "main", "--format", "json").stdout)
    cells = {(c["article"], c["language"]): c["status"] for c in data["catalogs"]}
    assert cells == {("third", "fr"): "added", ("third", "ru"): "added"}
    assert data["total"]["segments"]["untranslated"] == 2
    bad = repo.tmflow("status", "--since", "main", "--format", "csv")
    assert bad.code == 2 and "--since writes text, json, markdown" in bad.stderr
