"""``tmflow build [ARTICLE]... [-l LANG]... [-o DIR] [--check]``"""

from __future__ import annotations

from pathlib import Path

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import articles_argument, languages_option
from tmflow.core.errors import EXIT_CHECK_FAILED, EXIT_OK
from tmflow.steps.build import build_project

_STYLE = {
    "written": "green",
    "unchanged": None,
    "fallback": "yellow",
    "skipped": "yellow",
    "stale": "red",
}


@click.command("build")
@articles_argument
@languages_option
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build folder (default: the project's build-dir).",
)
@click.option(
    "--min-translated",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="PCT",
    help="Publish a language version only from this percentage (default: config, 100).",
)
@click.option(
    "--fallback",
    type=click.Choice(["none", "source"]),
    default=None,
    help="'source': publish anyway, with the source text in the gaps.",
)
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 when outputs are missing or out of date."
)
@click.option(
    "--require-check/--no-require-check",
    "require_check",
    default=None,
    help="Hold back a language version whose PO file has errors in 'tmflow check' "
    "(default: require-check in [tool.tmflow.build], off).",
)
@pass_app
def command(
    app: AppContext,
    articles: tuple[str, ...],
    languages: tuple[str, ...],
    out_dir: Path | None,
    min_translated: float | None,
    fallback: str | None,
    check: bool,
    require_check: bool | None,
) -> int:
    """Write published/<lang>/<article>.<ext> (the build-dir) from reviewed translations only."""
    result = build_project(
        app.config,
        articles,
        languages,
        out_dir=out_dir,
        min_translated=min_translated,
        fallback=fallback,
        check=check,
        require_check=require_check,
    )
    for item in result.items:
        line = f"{item.language:6} {item.article:40} {item.status:9} {item.percent:5.1f}%"
        if item.reason:
            line += f"  {item.reason}"
        app.echo(line, fg=_STYLE.get(item.status))
        for problem in item.problems:
            app.echo(
                f"    {app.relpath(problem.path)}:{problem.line or '?'}: {problem.message}",
                err=True,
            )
    for orphan in result.orphans:
        app.warn(
            f"{app.relpath(orphan)}: its source article is gone, but it is still "
            "published; delete it to unpublish"
        )
    published = len([i for i in result.items if i.published])
    held = len(result.by_status("skipped", "stale"))
    if check:
        for item in result.out_of_date:
            app.echo(f"out of date: {app.relpath(item.output)} ({item.status})")
        # a stale output is an earlier version kept while the translation is incomplete:
        # 'tmflow build' cannot refresh it, so say what can
        stale = [i for i in result.out_of_date if i.status == "stale"]
        buildable = len(result.out_of_date) - len(stale)
        parts = []
        if buildable:
            parts.append(f"{buildable} outputs missing or out of date; run 'tmflow build'")
        if stale:
            parts.append(
                f"{len(stale)} stale output{'s' if len(stale) != 1 else ''} of "
                "incomplete translations (kept from an earlier build): finish the "
                "review, or delete the output to unpublish it"
            )
        if result.orphans:
            parts.append(
                f"{len(result.orphans)} output{'s' if len(result.orphans) != 1 else ''}"
                " of deleted articles"
            )
        if parts:
            app.summary("; ".join(parts))
            return EXIT_CHECK_FAILED
        app.summary(f"build is up to date: {published} published, {held} held back")
        return EXIT_OK
    written = len(result.by_status("written", "fallback"))
    app.summary(
        f"{published} language versions published ({written} written), {held} held back;"
        f" manifest: {app.relpath(result.manifest) if result.manifest else '-'}"
    )
    return EXIT_OK
