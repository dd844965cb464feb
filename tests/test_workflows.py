"""The example workflows in .github/workflows/ run tmflow commands: every command and option
they use must exist, so the examples cannot go stale."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from tests.conftest import invoke

WORKFLOWS = sorted(
    (Path(__file__).resolve().parent.parent / ".github" / "workflows").glob("*.yml")
)


def _tmflow_commands(path: Path) -> list[list[str]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    out = []
    for job in data["jobs"].values():
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                for part in re.split(r"\|\||&&|\|", line):
                    words = shlex.split(part.split(">>")[0].split(" > ")[0])
                    if words and words[0] == "tmflow":
                        out.append(words[1:])
    return out


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_example_workflows_use_commands_and_options_that_exist(path: Path) -> None:
    commands = _tmflow_commands(path)
    assert commands, path
    for words in commands:
        help_text = invoke(words[0], "--help").stdout
        assert "Usage:" in help_text, words
        for word in words[1:]:
            if word.startswith("--"):
                assert word in help_text, (path.name, words[0], word)


def test_the_pull_request_example_fetches_history_and_comments_the_delta() -> None:
    path = next(p for p in WORKFLOWS if p.name == "tmflow-pr.yml")
    text = path.read_text("utf-8")
    assert "fetch-depth: 0" in text
    commands = _tmflow_commands(path)
    assert any(w[:2] == ["check", "--changed-since"] for w in commands)
    assert any(w[:2] == ["status", "--since"] and "markdown" in w for w in commands)
    assert "gh pr comment" in text
