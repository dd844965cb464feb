"""Shared fixtures: a copy of the sample project, and a way to run the CLI in-process."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tmflow.cli.main import run

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def invoke(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str | None] | None = None,
    input: str | None = None,
) -> CliResult:
    """Run ``tmflow ARGS`` in this process through the real error boundary."""
    runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        with runner.isolation(input=input, env=env) as (out, err, _):
            code = run([str(a) for a in args])
        return CliResult(
            code,
            out.getvalue().decode("utf-8", "replace"),
            err.getvalue().decode("utf-8", "replace"),
        )
    finally:
        os.chdir(old)


SAMPLE_CONFIG = """\
[tool.tmflow]
source-language = "en"
languages = ["az", "ru", "tr", "fr", "ar"]
"""


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A copy of the repository's sample project (sources, locales, glossary, config)."""
    root = tmp_path / "sample"
    root.mkdir()
    for name in ("sources", "locales"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    if (REPO / "glossary.yml").exists():
        shutil.copy(REPO / "glossary.yml", root / "glossary.yml")
    text = (REPO / "pyproject.toml").read_text("utf-8")
    start = text.index("[tool.tmflow]")
    (root / "pyproject.toml").write_text(text[start:], "utf-8")
    return root


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """A minimal project: config and an empty sources folder."""
    root = tmp_path / "proj"
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["fr", "ru"]\n', "utf-8"
    )
    return root


def pytest_terminal_summary(terminalreporter: object) -> None:
    """How many hostile inputs the hostile-input suite tried (``tests/hostile``)."""
    from tests.hostile import TRIED

    if TRIED:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(TRIED.items()))
        terminalreporter.write_line(  # type: ignore[attr-defined]
            f"hostile-input suite: {sum(TRIED.values())} inputs tried ({kinds})"
        )
