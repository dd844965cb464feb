"""The README's two commands are what CI and new users run: keep them true."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text("utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "README has no sh block at the top"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_starts_with_two_commands() -> None:
    first, second = readme_commands()
    assert "pip install -e ." in first and "tmflow sync" in first
    assert "pip install -e '.[test]'" in second and "python -m pytest" in second


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _, second = readme_commands()
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert second in ci.splitlines()
    assert "set -euo pipefail" in ci  # pytest's exit 5 (no tests) fails the run
