"""Recovery of a PO file git merged line by line (no merge driver in that clone): ``check`` and
``fmt`` name the file and the line of the first conflict marker, and ``tmflow resolve`` turns it
into a valid canonical file by the entry-level rules, with or without the base shown
(``merge.conflictStyle``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli.gitrepo import Repo, isolate_git, make_project
from tests.cli.test_git_merge import FR, edit_po
from tests.steps.merge.merge_props import SENTENCES
from tmflow.core import provenance
from tmflow.io.po.reader import parse_po
from tmflow.io.po.writer import dumps_po

isolate_git()


def conflicted(tmp_path: Path, style: str = "merge") -> Repo:
    """Two branches: both translate sentence 1 differently, each finishes another sentence,
    each with its own revision date; merged by git's line merge (no driver)."""
    repo = make_project(tmp_path / "p", SENTENCES[:5], driver=False)
    repo.git("checkout", "-q", "-b", "other")
    edit_po(
        repo,
        FR,
        {SENTENCES[0]: "Leur texte.", SENTENCES[4]: "Des fleurs."},
        "2026-03-02 11:00+0000",
    )
    repo.commit("other")
    repo.git("checkout", "-q", "main")
    edit_po(
        repo,
        FR,
        {SENTENCES[0]: "Notre texte.", SENTENCES[1]: "Des centaines."},
        "2026-03-02 10:00+0000",
    )
    repo.commit("main")
    done = repo.git("-c", f"merge.conflictStyle={style}", "merge", "-q", "other", check=False)
    assert done.returncode != 0
    return repo


def first_marker(text: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith("<<<<<<<"))


def test_check_and_fmt_name_the_file_and_line_of_the_marker(tmp_path: Path) -> None:
    repo = conflicted(tmp_path)
    line = first_marker(repo.read(FR))
    check = repo.tmflow("check")
    assert check.code == 1
    assert f"{FR}:{line}: error [po-syntax] git merge-conflict marker" in check.stdout
    assert "run 'tmflow resolve'" in check.stdout
    fmt = repo.tmflow("fmt")
    assert fmt.code == 2
    assert f"{FR}:{line}: git merge-conflict marker" in fmt.stderr
    status = repo.tmflow("status")
    assert status.code == 2 and f"{FR}:{line}:" in status.stderr


@pytest.mark.parametrize("style", ["merge", "diff3"])
def test_resolve_makes_a_valid_file_with_a_conflict_entry(tmp_path: Path, style: str) -> None:
    repo = conflicted(tmp_path, style)
    before = repo.read(FR)
    assert "<<<<<<<" in before
    result = repo.tmflow("resolve", FR)
    assert result.code == 0, result.output
    assert f"resolved {FR}:" in result.stdout
    assert ("with the base" if style == "diff3" else "without a base") in result.stdout
    assert "1 conflict entry to review" in result.stdout
    text = repo.read(FR)
    po = parse_po(text, FR)
    assert dumps_po(po) == text  # canonical
    done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(repo.root / FR)])
    assert done.returncode == 0
    by_id = {e.msgid: e for e in po}
    first = by_id[SENTENCES[0]]
    assert first.msgstr == "Notre texte." and provenance.is_conflict(first)
    assert provenance.conflict_texts(first.tcomment) == [(None, "Leur texte.")]
    assert by_id[SENTENCES[1]].msgstr == "Des centaines."  # both sides' work kept
    assert by_id[SENTENCES[4]].msgstr == "Des fleurs."
    assert po.metadata["PO-Revision-Date"] == "2026-03-02 11:00+0000"  # the newer
    # the gate now names the conflict entry, and a second resolve has nothing to do
    check = repo.tmflow("check", "--only", "merge-conflict")
    assert check.code == 1 and f"{FR}:" in check.stdout and "Leur texte." in check.stdout
    again = repo.tmflow("resolve")
    assert again.code == 0 and "no file with git conflict markers" in again.stdout
    assert repo.read(FR) == text


def test_resolve_without_arguments_finds_the_conflicted_catalogs(tmp_path: Path) -> None:
    repo = conflicted(tmp_path)
    result = repo.tmflow("resolve")
    assert result.code == 0, result.output
    assert "1 file(s) resolved" in result.stdout
    assert "<<<<<<<" not in repo.read(FR)


def test_resolve_names_the_line_when_a_version_does_not_parse(tmp_path: Path) -> None:
    repo = conflicted(tmp_path)
    text = repo.read(FR)
    line = first_marker(text) + 1  # the first line of ours' side of the conflict
    lines = text.split("\n")
    lines[line - 1] = 'msgstr "unterminated'
    repo.write(FR, "\n".join(lines))
    result = repo.tmflow("resolve", FR)
    assert result.code == 2
    assert f"{FR}:{line}: unterminated string (in our version of the conflicted" in result.stderr
    assert repo.read(FR) == "\n".join(lines)  # nothing written
