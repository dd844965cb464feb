"""git: the one module that runs it.

Everything tmflow asks of git goes through ``run``: which repository a folder is in, what
changed since a revision, the bytes of files at a revision, the merge driver's entry in a
clone's configuration, git's own line merge (the fallback of the merge driver for a file
that is not a PO file), and the commit a page is made from (``head``). Failures are one-line
errors: git missing (not installed or not on ``PATH``), a folder that is not in a repository,
an unknown revision; ``head`` alone answers None instead (reports are made outside
repositories too).

Paths given to and returned by these functions are relative to the folder the command runs in
(``cwd``), which is the project's root for the pull-request selections: git's ``--relative``
diff, ``ls-files`` and the ``REV:./path`` form all speak relative to it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tmflow.core.errors import InputError, UsageError

GIT = "git"


class GitError(InputError):
    """git is missing, or refused what tmflow asked of it (exit code 2: bad input)."""


def run(
    args: Sequence[str],
    cwd: Path,
    *,
    input: bytes | None = None,
    ok_codes: Iterable[int] = (0,),
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git ARGS`` in ``cwd``; raise a ``GitError`` naming the command when git is
    missing or exits with a code outside ``ok_codes``."""
    if not Path(cwd).is_dir():
        raise GitError("folder not found", cwd)
    try:
        done = subprocess.run(
            [GIT, *args],
            cwd=cwd,
            input=input,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed or not on PATH (tmflow runs git for this command)"
        ) from None
    if done.returncode not in tuple(ok_codes):
        message = _first_line(done.stderr) or f"exit status {done.returncode}"
        raise GitError(f"git {args[0]}: {message}", cwd)
    return done


def _first_line(raw: bytes) -> str:
    for line in raw.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line:
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return ""


def toplevel(folder: Path) -> Path:
    """The top folder of the work tree ``folder`` (or, when it does not exist yet, its nearest
    existing parent) is in."""
    folder = Path(folder).absolute()
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    done = run(["rev-parse", "--show-toplevel"], folder, ok_codes=(0, 128))
    if done.returncode != 0:
        raise UsageError(
            f"{folder} is not inside a git repository (run 'git init' or 'git clone' first)"
        )
    return Path(os.fsdecode(done.stdout.rstrip(b"\n")))


def commit_of(folder: Path, revision: str) -> str:
    """The commit a revision names (``origin/main``, a tag, a hash), as a full hash."""
    toplevel(folder)
    if revision.startswith("-"):
        raise UsageError(f"not a git revision: {revision!r}")
    done = run(
        ["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], folder, ok_codes=(0, 1)
    )
    if done.returncode != 0:
        raise UsageError(
            f"unknown git revision {revision!r} (in a shallow clone, fetch it first: "
            "git fetch origin BRANCH, or check out with fetch-depth: 0)"
        )
    return done.stdout.decode().strip()


def merge_base(folder: Path, revision: str) -> str:
    """Where the current branch left ``revision``: their merge base (the revision itself when
    it is an ancestor of HEAD, or when they have no common history)."""
    commit = commit_of(folder, revision)
    head = run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], folder, ok_codes=(0, 1))
    if head.returncode != 0:
        return commit  # no commit yet on this branch: everything is new
    done = run(["merge-base", commit, "HEAD"], folder, ok_codes=(0, 1))
    found = done.stdout.decode().strip()
    return found or commit


def changed_paths(folder: Path, commit: str) -> list[str]:
    """Files under ``folder`` that differ between ``commit`` and the work tree (committed,
    staged or not), and files git does not track yet (ignored ones aside); relative to
    ``folder``, each once, renames as a deletion and an addition."""
    diff = run(["diff", "--name-only", "-z", "--no-renames", "--relative", commit, "--"], folder)
    untracked = run(["ls-files", "-z", "--others", "--exclude-standard", "--", "."], folder)
    names = [os.fsdecode(p) for p in (diff.stdout + untracked.stdout).split(b"\0") if p]
    return list(dict.fromkeys(names))


def read_blobs(folder: Path, commit: str, paths: Sequence[str]) -> dict[str, bytes | None]:
    """The bytes of each path (relative to ``folder``) at ``commit``; None where it did not
    exist then. One ``git cat-file --batch`` process for all of them."""
    if not paths:
        return {}
    for path in paths:
        if "\n" in path:
            raise UsageError(f"a file name with a line break cannot be read from git: {path!r}")
    request = "".join(f"{commit}:./{path}\n" for path in paths).encode("utf-8", "surrogateescape")
    out = run(["cat-file", "--batch"], folder, input=request).stdout
    found: dict[str, bytes | None] = {}
    pos = 0
    for path in paths:
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[path] = out[pos : pos + size]
            pos += size + 1  # the blob, then a line break
        else:  # "<name> missing", or not a file (a folder at that path)
            if len(header) == 3:
                pos += int(header[2]) + 1
            found[path] = None
    return found


def write_tree(folder: Path, commit: str, paths: Sequence[str], dest: Path) -> list[str]:
    """Write the files ``paths`` (relative to ``folder``) as they were at ``commit`` under
    ``dest`` (a fresh temporary folder), in the same layout; the paths that existed then."""
    written = []
    for path, data in read_blobs(folder, commit, paths).items():
        if data is None:
            continue
        target = dest / path
        if dest.resolve() not in target.resolve().parents:
            raise UsageError(f"a path from git leaves the folder: {path!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(path)
    return written


# ---------------------------------------------------------------------------------------------
# the merge driver's entry in a clone's configuration


def config_get(folder: Path, key: str) -> str | None:
    """A value of the repository's own configuration (``.git/config``), or None."""
    done = run(["config", "--local", "--get", key], folder, ok_codes=(0, 1))
    return done.stdout.decode("utf-8", "replace").rstrip("\n") if done.returncode == 0 else None


def config_set(folder: Path, key: str, value: str) -> bool:
    """Set a value of the repository's own configuration; False when it already held it."""
    if config_get(folder, key) == value:
        return False
    run(["config", "--local", key, value], folder)
    return True


def driver_command(executable: str, *args: str) -> str:
    """The shell command line git runs for a merge driver (``%O`` and the like kept)."""
    return " ".join([shlex.quote(executable), *args])


def merge_file(ours: Path, base: Path, theirs: Path, labels: tuple[str, str, str]) -> int:
    """git's own line merge of three files into ``ours`` (what git does without a driver);
    the number of conflicts it left (0: clean)."""
    done = run(
        [
            "merge-file",
            "-q",
            "-L",
            labels[0],
            "-L",
            labels[1],
            "-L",
            labels[2],
            str(ours),
            str(base),
            str(theirs),
        ],
        ours.parent,
        ok_codes=range(128),
    )
    return done.returncode


# ---------------------------------------------------------------------------------------------
# the commit a page is made from


@dataclass(frozen=True)
class Head:
    """The commit checked out in a work tree."""

    commit: str  # the full hash
    dirty: bool  # files under the folder asked about differ from the commit (or are new)
    toplevel: Path  # the top folder of the work tree (where repository paths start)

    @property
    def short(self) -> str:
        return self.commit[:12]


def head(folder: Path) -> Head | None:
    """The commit checked out in the work tree ``folder`` is in, and whether anything under
    ``folder`` (tracked files changed, staged or not, and files git does not track yet,
    ignored ones aside) differs from it. None outside a repository, in a repository without
    a commit yet, or where git is not installed. ``git status`` runs with ``core.fsmonitor``
    off (a repository's own configuration cannot make it start a program) and without
    optional locks (it never writes the index beside another git command)."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    try:
        found = run(
            ["rev-parse", "--show-toplevel", "--verify", "--quiet", "HEAD^{commit}"],
            folder,
            ok_codes=range(256),
        )
        lines = found.stdout.split(b"\n")
        if found.returncode != 0 or len(lines) < 2 or not lines[1]:
            return None
        status = run(
            [
                "--no-optional-locks",
                "-c",
                "core.fsmonitor=false",
                "status",
                "--porcelain",
                "-z",
                "--untracked-files=normal",
                "--",
                ".",
            ],
            folder,
            ok_codes=range(256),
        )
    except GitError:
        return None
    dirty = status.returncode != 0 or status.stdout != b""
    return Head(lines[1].decode("ascii", "replace"), dirty, Path(os.fsdecode(lines[0])))
