"""``tmflow.io.git``, the one place git is run: on real repositories in temporary folders."""

from __future__ import annotations

import ast
import os
import subprocess
from pathlib import Path

import pytest

from tests.cli.gitrepo import Repo, isolate_git
from tmflow.core.errors import UsageError
from tmflow.io import git

isolate_git()

PACKAGE = Path(git.__file__).resolve().parents[1]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "Test")
    repo.git("config", "user.email", "test@example.org")
    repo.write("project/a.po", "one\n")
    repo.write("project/b b.po", "two\n")
    repo.write("other/c.txt", "three\n")
    repo.commit("base")
    return repo


def test_only_io_git_runs_processes() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        if "subprocess" in imported:
            assert path.name == "git.py" and path.parent.name == "io", path


def test_changed_paths_are_relative_to_the_folder_and_include_new_files(repo: Repo) -> None:
    base = git.commit_of(repo.root, "main")
    repo.write("project/a.po", "changed\n")  # not committed
    repo.git("mv", "project/b b.po", "project/renamed b.po")
    repo.write("project/new.po", "new\n")  # untracked
    repo.write("other/c.txt", "elsewhere\n")
    repo.write("project/.gitignore", "ignored.po\n")
    repo.write("project/ignored.po", "x\n")
    found = git.changed_paths(repo.root / "project", base)
    assert sorted(found) == [".gitignore", "a.po", "b b.po", "new.po", "renamed b.po"]


def test_read_blobs_gives_bytes_or_none(repo: Repo) -> None:
    repo.write("project/a.po", "line\n\nwith\nbreaks\n")
    repo.commit("second")
    first = git.commit_of(repo.root, "main~1")
    blobs = git.read_blobs(repo.root / "project", first, ["a.po", "b b.po", "missing.po", "."])
    assert blobs == {"a.po": b"one\n", "b b.po": b"two\n", "missing.po": None, ".": None}
    now = git.read_blobs(repo.root / "project", "main", ["a.po"])
    assert now == {"a.po": b"line\n\nwith\nbreaks\n"}


def test_write_tree_writes_what_existed(repo: Repo, tmp_path: Path) -> None:
    dest = tmp_path / "old"
    dest.mkdir()
    written = git.write_tree(repo.root, "main", ["project/a.po", "project/nope.po"], dest)
    assert written == ["project/a.po"]
    assert (dest / "project" / "a.po").read_bytes() == b"one\n"


def test_merge_base_is_where_the_branch_left(repo: Repo) -> None:
    start = git.commit_of(repo.root, "main")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("project/a.po", "feature\n")
    repo.commit("feature")
    repo.git("checkout", "-q", "main")
    repo.write("other/c.txt", "main moved on\n")
    repo.commit("main moves")
    repo.git("checkout", "-q", "feature")
    assert git.merge_base(repo.root, "main") == start
    assert git.changed_paths(repo.root, start) == ["project/a.po"]


def test_errors_are_one_line_and_bad_input(repo: Repo, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown git revision 'nope'"):
        git.commit_of(repo.root, "nope")
    with pytest.raises(UsageError, match="not a git revision"):
        git.commit_of(repo.root, "--all")
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(UsageError, match="is not inside a git repository"):
        git.toplevel(outside)
    assert git.toplevel(repo.root / "project" / "not-yet" / "deeper") == repo.root.resolve()


def test_config_set_is_idempotent(repo: Repo) -> None:
    assert git.config_get(repo.root, "merge.tmflow.name") is None
    assert git.config_set(repo.root, "merge.tmflow.name", "x y") is True
    assert git.config_set(repo.root, "merge.tmflow.name", "x y") is False
    assert git.config_get(repo.root, "merge.tmflow.name") == "x y"


def test_driver_command_quotes_the_executable() -> None:
    command = git.driver_command("/opt/my env/python", "-m", "tmflow", "merge-driver", "%O")
    assert command == "'/opt/my env/python' -m tmflow merge-driver %O"


# the commit a page is made from: head


def _git(folder: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="A",
        GIT_AUTHOR_EMAIL="a@example.org",
        GIT_COMMITTER_NAME="A",
        GIT_COMMITTER_EMAIL="a@example.org",
    )
    done = subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_head_is_the_commit_and_says_when_the_tree_differs(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    project = repo / "site"
    (project / "locales").mkdir(parents=True)
    (project / "locales" / "a.po").write_text("x\n", "utf-8")
    (repo / "other.txt").write_text("y\n", "utf-8")
    _git(repo, "init", "-q")
    assert git.head(project) is None  # no commit yet
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "first")
    commit = _git(repo, "rev-parse", "HEAD")

    found = git.head(project)
    assert found is not None
    assert found.commit == commit and len(found.commit) == 40 and found.short == commit[:12]
    assert not found.dirty
    assert found.toplevel.resolve() == repo.resolve()

    (repo / "other.txt").write_text("changed\n", "utf-8")  # outside the folder asked about
    assert not git.head(project).dirty  # type: ignore[union-attr]
    (project / "locales" / "a.po").write_text("edited\n", "utf-8")
    assert git.head(project).dirty  # type: ignore[union-attr]
    _git(repo, "commit", "-qam", "second")
    assert not git.head(project).dirty  # type: ignore[union-attr]
    (project / "new.po").write_text("new\n", "utf-8")  # a file git does not track yet
    assert git.head(project).dirty  # type: ignore[union-attr]
    (repo / ".gitignore").write_text("site/new.po\n", "utf-8")  # ignored files do not count
    _git(repo, "add", ".gitignore")
    _git(repo, "commit", "-qm", "ignore")
    again = git.head(project)
    assert again is not None and not again.dirty and again.commit != commit


def test_no_repository_and_no_git_give_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert git.head(tmp_path) is None
    assert git.head(tmp_path / "missing") is None
    _git(tmp_path, "init", "-q")
    (tmp_path / "f").write_text("f", "utf-8")
    _git(tmp_path, "add", "f")
    _git(tmp_path, "commit", "-qm", "x")
    assert git.head(tmp_path) is not None
    monkeypatch.setattr(git, "GIT", str(tmp_path / "no-such-git"))
    assert git.head(tmp_path) is None


def test_a_repository_cannot_make_status_start_a_program(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    _git(tmp_path, "init", "-q")
    (tmp_path / "f").write_text("f", "utf-8")
    _git(tmp_path, "add", "f")
    _git(tmp_path, "commit", "-qm", "x")
    hook = tmp_path / "monitor.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n", "utf-8")
    hook.chmod(0o755)
    _git(tmp_path, "config", "core.fsmonitor", str(hook))
    assert git.head(tmp_path) is not None
    assert not marker.exists()
