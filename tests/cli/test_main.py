"""The one error boundary: every failure becomes a one-line message and a distinct exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from tests.conftest import invoke
from tmflow import __version__
from tmflow.cli import main as cli_main
from tmflow.core.errors import CheckFailed, InputError


def test_version_and_help() -> None:
    result = invoke("--version")
    assert result.code == 0 and __version__ in result.stdout
    result = invoke("--help")
    assert result.code == 0
    for name in cli_main.COMMANDS:
        assert name in result.stdout


def test_unknown_command_is_usage_error() -> None:
    result = invoke("frobnicate")
    assert result.code == 2
    assert "No such command 'frobnicate'" in result.stderr


def test_missing_project_is_exit_2(tmp_path: Path) -> None:
    result = invoke("fmt", "--check", cwd=tmp_path)
    assert result.code == 2
    assert result.stderr.startswith("tmflow: error: no tmflow project at or above")
    assert result.stderr.count("\n") == 1


def _register(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    @click.command("boom")
    def boom() -> None:
        raise exc

    original = cli_main.LazyGroup.get_command

    def get_command(self, ctx, name):  # type: ignore[no-untyped-def]
        if name == "boom":
            return cli_main._accept_global_options(boom)
        return original(self, ctx, name)

    monkeypatch.setattr(cli_main.LazyGroup, "get_command", get_command)


@pytest.mark.parametrize(
    "exc,code,text",
    [
        (InputError("bad line", "x.po", 3), 2, "tmflow: error: x.po:3: bad line"),
        (CheckFailed("3 errors"), 1, "tmflow: error: 3 errors"),
        (KeyboardInterrupt(), 130, "tmflow: interrupted"),
        (RuntimeError("kaboom"), 3, "tmflow: unexpected error: RuntimeError: kaboom"),
    ],
)
def test_exceptions_map_to_exit_codes(
    monkeypatch: pytest.MonkeyPatch, exc: BaseException, code: int, text: str
) -> None:
    _register(monkeypatch, exc)
    result = invoke("boom")
    assert result.code == code
    assert result.stderr.strip().startswith(text)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args, traceback",
    [
        (["-v", "boom"], False),
        (["-vv", "boom"], True),
        (["-v", "-v", "boom"], True),
        (["--verbose", "--verbose", "boom"], True),
        (["boom", "-vv"], True),  # after the command name, as every command accepts it
        (["-q", "-vv", "boom"], False),  # quiet wins
    ],
)
def test_unexpected_error_traceback_only_with_debug_verbosity(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    traceback: bool,
) -> None:
    _register(monkeypatch, RuntimeError("kaboom"))
    assert cli_main.run(args) == 3
    err = capsys.readouterr().err
    assert ("Traceback" in err) is traceback
    assert "run with -vv for the traceback" in err


def test_debug_verbosity_names_the_settings_and_the_cache_use(sample_project: Path) -> None:
    quiet = invoke("status", cwd=sample_project)
    assert quiet.code == 0 and "debug:" not in quiet.output
    once = invoke("-v", "status", cwd=sample_project)
    assert once.code == 0 and "debug:" not in once.output
    result = invoke("-vv", "status", "--no-cache", cwd=sample_project)
    assert result.code == 0
    assert "debug: settings: pyproject.toml" in result.stderr
    assert "files read, 0 from the stats cache" in result.stderr
    assert "debug:" not in result.stdout


def test_console_script_and_module_entry_points(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tmflow", "--version"], capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.returncode == 0 and __version__ in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "tmflow", "fmt"], capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.returncode == 2 and "no tmflow project" in proc.stderr
