"""``tmflow extract [ARTICLE]... [--dry-run]``: sources → ``locales/templates/<article>.pot``."""

from __future__ import annotations

import json

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import articles_argument, dry_run_option, format_option
from tmflow.core.errors import EXIT_OK
from tmflow.steps.extract import extract_project
from tmflow.steps.project import lock as project_lock


@click.command("extract")
@articles_argument
@dry_run_option
@format_option("text", "json")
@pass_app
def command(app: AppContext, articles: tuple[str, ...], dry_run: bool, fmt: str) -> int:
    """Write a gettext template (POT) per source article.

    Unchanged sources rewrite nothing (same bytes, same mtime); templates whose source article
    is gone are reported, not deleted.
    """
    config = app.config
    if dry_run:
        result = extract_project(config, articles, dry_run=True)
    else:
        with project_lock(config):
            result = extract_project(config, articles)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "dry_run": dry_run,
                    "templates": [t.as_dict(config.root) for t in result.templates],
                    "stale": [p.relative_to(config.root).as_posix() for p in result.stale],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    for t in result.templates:
        line = (
            f"{t.status:<11} {app.relpath(t.template)} ({t.segments} segments, "
            f"{t.entries} entries)"
        )
        app.echo(line, level=0 if t.status != "unchanged" else 1)
    for path in result.stale:
        app.warn(
            f"{app.relpath(path)} has no source article any more (stale template); "
            "'tmflow sync --prune' keeps its translations in the memory and removes it "
            "and its PO files"
        )
    n = len(result.templates)
    written = len(result.written)
    verb = "would write" if dry_run else "written"
    summary = f"{n} template{'s' if n != 1 else ''}: {written} {verb}, {n - written} unchanged"
    if result.stale:
        summary += f", {len(result.stale)} stale"
    app.summary(summary)
    return EXIT_OK
