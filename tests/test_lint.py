"""The habits of the repository, checked on every test run: ruff's lint rules and layout
(settings in pyproject.toml) and the layer contracts of import-linter ([tool.importlinter])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TREES = ["tmflow", "tests", "bench"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, cwd=REPO)


def test_ruff_finds_nothing_to_fix() -> None:
    proc = _run(sys.executable, "-m", "ruff", "check", "--no-cache", *TREES)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_leaves_every_file_as_it_is() -> None:
    proc = _run(sys.executable, "-m", "ruff", "format", "--check", "--no-cache", *TREES)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_layer_contracts_are_kept() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is not installed (pip install -e '.[test]')"
    proc = _run(lint_imports, "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "broken" in proc.stdout and " 0 broken" in proc.stdout, proc.stdout


def test_pre_commit_runs_the_ruff_the_tests_pin() -> None:
    import re

    pinned = re.search(r'"ruff==([\d.]+)"', (REPO / "pyproject.toml").read_text("utf-8"))
    hook = re.search(
        r"ruff-pre-commit\n\s+rev: v([\d.]+)",
        (REPO / ".pre-commit-config.yaml").read_text("utf-8"),
    )
    assert pinned and hook and pinned.group(1) == hook.group(1)
