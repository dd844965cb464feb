"""A real git repository holding a tmflow project, for the tests of the merge driver, resolve
and the pull-request scope. Every git command runs with the user's and the system's git
configuration switched off (``GIT_CONFIG_GLOBAL``, ``GIT_CONFIG_NOSYSTEM``), so the tests see
git's defaults whatever the machine has configured."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import CliResult, invoke

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def isolate_git() -> None:
    """Switch the user's and the system's git configuration off for this process (the tests
    run git in process through tmflow, and as child processes)."""
    os.environ.update(GIT_ENV)


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env={**os.environ, **GIT_ENV},
        )
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {done.stdout}{done.stderr}")
        return done

    def tmflow(self, *args: str) -> CliResult:
        return invoke(*args, cwd=self.root)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text("utf-8")

    def show(self, rev: str, rel: str) -> str:
        return self.git("show", f"{rev}:{rel}").stdout

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", message)


def make_project(
    root: Path,
    sentences: list[str],
    languages: tuple[str, ...] = ("fr", "ru"),
    driver: bool = True,
) -> Repo:
    """A repository with a tmflow project: one article of ``sentences`` (a paragraph each),
    extracted and updated, committed on ``main``; with ``driver``, set up by ``init --git``."""
    root.mkdir(parents=True, exist_ok=True)
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "Test Translator")
    repo.git("config", "user.email", "translator@example.org")
    args = ["init", "."] + [x for lang in languages for x in ("-l", lang)]
    result = repo.tmflow(*args, *(["--git"] if driver else []))
    assert result.code == 0, result.output
    repo.write("sources/news.txt", "\n\n".join(sentences) + "\n")
    for command in ("extract", "update"):
        result = repo.tmflow(command)
        assert result.code == 0, result.output
    repo.commit("base")
    return repo
