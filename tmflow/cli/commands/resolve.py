"""``tmflow resolve [FILE]...``: recover PO/POT files that git merged line by line.

A file merged without tmflow's driver may hold git's conflict markers (``<<<<<<<``,
``=======``, ``>>>>>>>``) and then no longer parses. ``resolve`` splits it into the two versions
the markers show (and the base, with ``merge.conflictStyle = diff3``), merges them entry by
entry like the merge driver, and writes a valid file in the canonical layout: differing
translations become conflict entries (fuzzy, the other text in ``# tmflow: conflict``), which
``check`` reports until a reviewer chooses. Without FILE: every catalog of the project that holds
markers. Exit 0 when every file was resolved (conflict entries may remain to review), 2 when a
file cannot be (its versions do not parse: the message names the line).
"""

from __future__ import annotations

from pathlib import Path

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.core.errors import EXIT_OK


@click.command("resolve")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def command(app: AppContext, files: tuple[Path, ...]) -> int:
    """Turn PO/POT files with git conflict markers into valid files, entry by entry.

    Without FILE: every template and PO file of the project that holds markers."""
    from tmflow.steps.fmt import catalog_files
    from tmflow.steps.merge.driver import has_markers, resolve_file

    paths = list(files) or [p for p in catalog_files(app.config) if has_markers(p)]
    resolved = entries = 0
    for path in paths:
        result = resolve_file(path)
        shown = app.relpath(path)
        if not result.regions:
            app.echo(f"{shown}: no conflict markers; left as it is")
            continue
        resolved += 1
        live = [c for c in result.conflicts if not c.obsolete]
        entries += len(live)
        how = "with the base" if result.with_base else "without a base"
        app.echo(
            f"resolved {shown}: {result.regions} git conflict(s) merged entry by entry ({how}), "
            f"{len(live)} conflict entr{'y' if len(live) == 1 else 'ies'} to review"
        )
        for conflict in live:
            app.echo(f"{shown}:{conflict.line}: conflict: {conflict.msgid[:60]!r}", level=1)
    app.summary(
        f"{resolved} file(s) resolved; {entries} conflict entr{'y' if entries == 1 else 'ies'} "
        "to review (fuzzy, '# tmflow: conflict'; 'tmflow check' lists them)"
        if resolved
        else "no file with git conflict markers"
    )
    return EXIT_OK
