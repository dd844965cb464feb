"""What every command gets: the project's configuration (loaded once, on demand) and output
helpers that respect --quiet, --verbose and NO_COLOR."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from tmflow.core.errors import TmflowError
from tmflow.io.config import Config, load_config


@dataclass
class AppContext:
    project: Path | None = None
    verbosity: int = 0
    color: bool | None = None
    _config: Config | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.project)
            where = self._config.path or self._config.root
            self.debug(f"settings: {self.relpath(where)}")
        return self._config

    # output ------------------------------------------------------------------------------
    def use_color(self) -> bool:
        """Colour on: asked for with --color, else on a terminal (NO_COLOR turns it off)."""
        if self.color is not None:
            return self.color
        return sys.stdout.isatty()

    def echo(self, message: str = "", *, level: int = 0, err: bool = False, **style: Any) -> None:
        """Print ``message`` when verbosity ≥ level (quiet = -1 hides level-0 output)."""
        if self.verbosity < level:
            return
        if style:
            message = click.style(message, **style)
        click.echo(message, err=err, color=self.color)

    def debug(self, message: str) -> None:
        """A debug detail (``-vv``), on stderr so that it never mixes with data output."""
        if self.verbosity >= 2:
            click.echo(f"debug: {message}", err=True, color=self.color)

    def summary(self, message: str, **style: Any) -> None:
        """The last line of a command: shown even with --quiet."""
        if style:
            message = click.style(message, **style)
        click.echo(message, color=self.color)

    def warn(self, message: str) -> None:
        click.echo(click.style("warning: ", fg="yellow") + message, err=True, color=self.color)

    def relpath(self, path: Path | str) -> str:
        """``path`` as every message shows it: relative to the project folder when it is
        inside (whatever the current folder), else relative to the current folder, else as
        it is."""
        path = Path(path)
        bases = [self._config.root] if self._config is not None else []
        for base in [*bases, Path.cwd()]:
            try:
                return str(path.resolve().relative_to(base.resolve()))
            except (ValueError, OSError):
                continue
        return str(path)

    def error_text(self, err: TmflowError) -> str:
        """An error's one line, its file named as :meth:`relpath` names files."""
        if err.path is None:
            return str(err)
        loc = self.relpath(err.path)
        if err.line is not None:
            loc += f":{err.line}"
            if err.column is not None:
                loc += f":{err.column}"
        return f"{loc}: {err.message}"


pass_app = click.make_pass_decorator(AppContext)
