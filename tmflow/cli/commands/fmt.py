"""``tmflow fmt [--check] [FILE]...``"""

from __future__ import annotations

from pathlib import Path

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import languages_option
from tmflow.cli.output import report_errors
from tmflow.core.errors import EXIT_CHECK_FAILED, EXIT_OK
from tmflow.steps.fmt import catalog_files, format_files
from tmflow.steps.project import lock as project_lock


@click.command("fmt")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 listing files that differ.")
@click.option(
    "--no-cache", is_flag=True, help="Read every file again; ignore the cache of canonical files."
)
@languages_option
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
def command(
    app: AppContext,
    check: bool,
    no_cache: bool,
    languages: tuple[str, ...],
    files: tuple[Path, ...],
) -> int:
    """Rewrite PO/POT files into tmflow's canonical layout (that of msgcat --no-wrap).

    Without FILE arguments: every template and PO file of the project. Files found in the
    canonical layout are remembered by size and modification time (under the state folder),
    so that they are not read again until they change.
    """
    paths = list(files) or catalog_files(app.config, languages)
    config = app.config if not files else None
    state_dir = config.state_dir if config is not None and not no_cache else None
    root = config.root if config is not None else None
    if check:
        result = format_files(paths, check=True, state_dir=state_dir, root=root)
        for path in result.changed:
            app.echo(f"would reformat {app.relpath(path)}")
        if result.changed:
            app.summary(
                f"{len(result.changed)} of {result.checked} files not in canonical "
                "layout; run 'tmflow fmt'"
                + (f"; {len(result.errors)} could not be read" if result.errors else "")
            )
        else:
            app.summary(
                f"{result.checked} files in canonical layout"
                + (f"; {len(result.errors)} could not be read" if result.errors else "")
            )
        if result.errors:
            return report_errors(result.errors, app.error_text)
        return EXIT_CHECK_FAILED if result.changed else EXIT_OK
    if config is not None:
        with project_lock(config):
            result = format_files(paths, state_dir=state_dir, root=root)
    else:
        result = format_files(paths)
    for path in result.changed:
        app.echo(f"reformatted {app.relpath(path)}")
    for path, charset in result.converted:
        app.warn(f"{app.relpath(path)}: converted from {charset} to UTF-8 (its text does not fit)")
    app.summary(
        f"{len(result.changed)} reformatted, {result.checked - len(result.changed)} "
        "already canonical"
        + (f", {len(result.errors)} could not be read (left as they are)" if result.errors else "")
    )
    return report_errors(result.errors, app.error_text) if result.errors else EXIT_OK
