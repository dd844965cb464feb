"""``tmflow merge-driver BASE OURS THEIRS [PATH]``: git's merge driver for PO and POT files.

git runs it (``git config merge.tmflow.driver "… merge-driver %O %A %B %P"``, which
``tmflow init --git`` sets) for every file ``.gitattributes`` marks ``merge=tmflow``. Exit
status, git's contract: 0 when the merge is clean; 1 when conflict entries were written (the
file parses; each conflict is a fuzzy entry with the other branch's text in a
``# tmflow: conflict`` comment, listed here by line), or when a version is not a PO file and
git's own line merge left conflict markers.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.core.errors import EXIT_CHECK_FAILED, EXIT_OK


@click.command("merge-driver")
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("name", required=False, default=None)
@pass_app
def command(app: AppContext, base: Path, ours: Path, theirs: Path, name: str | None) -> int:
    """Merge PO/POT files entry by entry (git runs this; set up by 'tmflow init --git').

    Writes the result to OURS. Exit 0 when clean, 1 when conflict entries were written."""
    from tmflow.steps.merge.driver import merge_files

    result = merge_files(base, ours, theirs, name)
    label = name or str(ours)
    if result.fallback is not None:
        app.warn(f"{result.fallback}; merged line by line by git instead")
        if result.line_conflicts:
            app.echo(
                f"tmflow: {label}: git left {result.line_conflicts} conflict(s) with markers; "
                f"after fixing the broken version, run 'tmflow resolve {label}'",
                err=True,
            )
        elif result.broken is not None:
            app.echo(
                f"tmflow: {result.broken}: the merged file is not valid PO; fix it, then "
                f"'git add {shlex.quote(label)}'",
                err=True,
            )
        return EXIT_OK if result.clean else EXIT_CHECK_FAILED
    for conflict in result.conflicts:
        if conflict.obsolete:
            continue
        app.echo(
            f"{label}:{conflict.line}: conflict: both branches translated "
            f"{_short(conflict.msgid)}; ours kept (fuzzy), theirs in '# tmflow: conflict'",
            err=True,
        )
    if result.clean:
        app.echo(f"tmflow: merged {label} entry by entry", level=1, err=True)
        return EXIT_OK
    app.echo(
        f"tmflow: {label}: {result.unresolved} conflict entr"
        f"{'y' if result.unresolved == 1 else 'ies'} to review in a PO editor (fuzzy, with the "
        f"other branch's text in a '# tmflow: conflict' comment); then "
        f"'git add {shlex.quote(label)}'",
        err=True,
    )
    return EXIT_CHECK_FAILED


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")
