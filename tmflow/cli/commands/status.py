"""``tmflow status [ARTICLE]... [-l LANG]... [--format F] [--only incomplete] [-o FILE]
[--since REF]``"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import articles_argument, format_option, languages_option
from tmflow.core.errors import EXIT_INPUT, EXIT_OK, UsageError


@click.command("status")
@articles_argument
@languages_option
@format_option("text", "json", "markdown", "csv", "html")
@click.option(
    "--only",
    type=click.Choice(["incomplete"]),
    default=None,
    help="'incomplete': only articles not fully translated in some language.",
)
@click.option("--no-cache", is_flag=True, help="Count every file again; ignore the stats cache.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to this file instead of the terminal.",
)
@click.option(
    "--since",
    metavar="REF",
    default=None,
    help="The progress a branch made since the git revision REF, per article and language "
    "(+12 translated, −3 untranslated); formats text, json, markdown.",
)
@pass_app
def command(
    app: AppContext,
    articles: tuple[str, ...],
    languages: tuple[str, ...],
    fmt: str,
    only: str | None,
    no_cache: bool,
    output: Path | None,
    since: str | None,
) -> int:
    """Progress per article and language, in segments and words.

    States: translated; drafts (machine translation, memory, source changed, other fuzzy);
    untranslated; obsolete (not counted in totals). Words are source words, counted as
    Translate Toolkit's pocount counts them."""
    from tmflow.cli.output import copy_out, report_stream
    from tmflow.steps.report import status as step

    config = app.config
    if since is not None:
        return _since(app, since, articles, languages, fmt, only, output)
    color = app.use_color() and fmt == "text" and output is None
    extra = f"{fmt}\0{only}\0{color}"
    # the page says when and from which commit it was made: it is made anew every time
    memo_ok = not no_cache and fmt != "html"
    # no memo yet (a first or cold run): no fingerprint before counting; it is taken from the
    # stamps of the files as they were counted (no second stat of every file)
    fingerprint = (
        ""
        if not memo_ok or not step.memo_exists(config)
        else step.tree_fingerprint(config, articles, languages, extra=extra)
    )
    memo = step.open_memo(config, fingerprint)
    if memo is not None:  # nothing changed since the last report: print it again
        app.debug("nothing changed since the last report: printed again from the cache")
        summary, handle = memo
        with handle:
            copy_out(handle, output)
        return _done(app, summary, fmt, output)
    from tmflow.steps.report import render

    report = step.status_project(
        config,
        articles,
        languages,
        only_incomplete=only == "incomplete",
        use_cache=not no_cache,
        titles=fmt == "html",
    )
    app.debug(f"{report.scanned} files read, {report.cached} from the stats cache")
    summary = render.summary_line(report)
    remember = not report.errors and memo_ok
    if remember and not fingerprint:
        fingerprint = step.tree_fingerprint(
            config, articles, languages, extra=extra, report=report
        )
    writer = render.WRITERS[fmt]
    by_format: dict[str, dict[str, Any]] = {
        "json": {"root": config.root},
        "text": {"color": color, "root": config.root},
    }
    options = by_format.get(fmt, {})
    if fmt == "html":
        from tmflow.cli.output import generation_time
        from tmflow.steps.report.pages import file_links, page_info

        info = page_info(config, generation_time())
        base = output.absolute().parent if output is not None else Path.cwd()
        options = {
            "project": config.root.name,
            "info": info,
            "links": file_links(config, base, info),
        }
    with step.memo_writer(config, fingerprint if remember else "", summary) as memo_out:
        with report_stream(output, memo_out) as out:
            writer(report, out, **options)
    code = _done(app, summary, fmt, output)
    from tmflow.core.display import one_line

    for cell in report.errors:  # counted as unreadable in the report; bad input for the exit code
        assert cell.error is not None
        click.echo(
            f"tmflow: error: {one_line(app.relpath(cell.path))}:{cell.error[1] or 1}: "
            f"{one_line(cell.error[0])}",
            err=True,
        )
    return EXIT_INPUT if report.errors else code


def _done(app: AppContext, summary: str, fmt: str, output: Path | None) -> int:
    if output is not None:
        app.summary(f"wrote {app.relpath(output)}: {summary}")
    elif fmt == "text":
        app.summary(summary)
    return EXIT_OK


def _since(
    app: AppContext,
    since: str,
    articles: tuple[str, ...],
    languages: tuple[str, ...],
    fmt: str,
    only: str | None,
    output: Path | None,
) -> int:
    """``status --since REF``: the progress delta of the catalogs changed since REF."""
    from tmflow.cli.output import report_stream
    from tmflow.steps.report import delta

    if fmt not in delta.FORMATS:
        raise UsageError(f"--since writes {', '.join(delta.FORMATS)}, not {fmt!r}")
    if only is not None:
        raise UsageError("--since and --only cannot be used together")
    report = delta.status_delta(app.config, since, articles, languages)
    summary = delta.summary_line(report)
    with report_stream(output) as out:
        delta.WRITERS[fmt](report, out)
    if output is not None:
        app.summary(f"wrote {app.relpath(output)}: {summary}")
    elif fmt == "text":
        app.summary(summary)
    return EXIT_OK
