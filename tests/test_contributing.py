"""CONTRIBUTING.md maps the rules that never bend to the tests that hold them: every test it
names must exist, so the table cannot go stale as tests move or are renamed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    }


def test_every_test_named_in_contributing_exists() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    section = text.split("## Rules that never bend", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`(tests/[\w/]+\.py)::(test_\w+)`", section)
    assert len(named) >= 10
    for file, name in named:
        path = REPO / file
        assert path.is_file(), file
        assert name in _test_names(path), f"{file}::{name}"
