"""``tmflow init [DIR]``: scaffold a project; never overwrites a file."""

from __future__ import annotations

from pathlib import Path

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.steps.init import init_project


@click.command("init")
@click.argument(
    "directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--source-language",
    "-s",
    default="en",
    show_default=True,
    help="Language the articles are written in.",
)
@click.option(
    "-l",
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG",
    help="A target language (repeatable). Default: fr, de.",
)
@pass_app
def command(
    app: AppContext, directory: Path, source_language: str, languages: tuple[str, ...]
) -> int:
    """Create tmflow.toml, sources/, locales/templates/ and an empty glossary.yml in DIR."""
    created = init_project(directory, source_language, languages or ("fr", "de"))
    for path in created:
        app.echo(f"created {app.relpath(path)}")
    app.summary(
        f"tmflow project ready in {app.relpath(directory)}: put articles in sources/, "
        "then run 'tmflow sync'"
    )
    return 0
