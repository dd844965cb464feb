"""``tmflow init [DIR] [--git]``: scaffold a project (never overwrites a file); with ``--git``,
set the clone up for tmflow's merge driver (also in an existing project: each clone runs
``tmflow init --git`` once)."""

from __future__ import annotations

import sys
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
@click.option(
    "--git",
    "use_git",
    is_flag=True,
    help="Register tmflow's merge driver for PO files in this clone's git config (idempotent; "
    "in an existing project this is all it does).",
)
@pass_app
def command(
    app: AppContext,
    directory: Path,
    source_language: str,
    languages: tuple[str, ...],
    use_git: bool,
) -> int:
    """Create tmflow.toml, sources/, locales/templates/, an empty glossary.yml and
    .gitattributes in DIR."""
    from tmflow.io.config import find_config
    from tmflow.io.files import exists

    existing = find_config(directory) if use_git and exists(directory) else None
    if use_git:
        from tmflow.io import git

        git.toplevel(directory)  # not in a repository: say so before creating anything
    if existing is None:
        created = init_project(directory, source_language, languages or ("fr", "de"))
        for path in created:
            app.echo(f"created {app.relpath(path)}")
        project = directory
    else:
        project = existing.parent
        app.echo(f"project found: {app.relpath(existing)} (nothing scaffolded)")
    if use_git:
        from tmflow.steps.init import setup_git

        done = setup_git(project, sys.executable)
        for key, value in done.changed.items():
            app.echo(f"git config {key} {value!r}")
        if done.attributes:
            app.echo(f"{app.relpath(project / '.gitattributes')}: *.po and *.pot merge=tmflow")
        state = "registered" if done.changed else "already registered"
        app.summary(
            f"merge driver 'tmflow' {state} in the git config of {app.relpath(done.repository)}"
            ": PO files now merge entry by entry"
        )
        if existing is not None:
            return 0
    app.summary(
        f"tmflow project ready in {app.relpath(directory)}: put articles in sources/, "
        "then run 'tmflow sync'"
    )
    return 0
