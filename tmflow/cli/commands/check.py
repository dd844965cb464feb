"""``tmflow check [ARTICLE]... [-l LANG]... [--format F] [--only ID]... [--min-translated PCT]
[--changed-since REF]``

Exit codes: 0 no error finding; 1 an error finding (a failed threshold is one); 2 bad input
(configuration, unknown language, article or check id, unreadable glossary).
"""

from __future__ import annotations

import sys

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import articles_argument, format_option, languages_option
from tmflow.core.errors import EXIT_CHECK_FAILED, EXIT_OK, TmflowError


@click.command("check")
@articles_argument
@languages_option
@format_option("text", "json", "github", "junit", "sarif")
@click.option(
    "--only", "only", multiple=True, metavar="ID", help="Run only this check (repeatable)."
)
@click.option(
    "--min-translated",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="PCT",
    help="Required % translated for every language (default: config).",
)
@click.option(
    "--no-cache", is_flag=True, help="Check every file again; ignore the findings cache."
)
@click.option(
    "--changed-since",
    "changed_since",
    metavar="REF",
    default=None,
    help="Only the catalogs a branch changed since the git revision REF (and those of articles "
    "whose source or template changed): a pull request's scope.",
)
@click.option(
    "--list",
    "list_checks",
    is_flag=True,
    help="List the checks (id, default severity, description) and exit.",
)
@pass_app
def command(
    app: AppContext,
    articles: tuple[str, ...],
    languages: tuple[str, ...],
    fmt: str,
    only: tuple[str, ...],
    min_translated: float | None,
    no_cache: bool,
    changed_since: str | None,
    list_checks: bool,
) -> int:
    """Quality and completeness gate: exit 1 when any check reports an error.

    Silence one entry with a translator comment '# tmflow-ignore: CHECK-ID'; change severities
    in [tool.tmflow.check]."""
    from tmflow.steps.qa import render

    if list_checks:
        try:
            langs: tuple[str, ...] = languages or app.config.languages
        except TmflowError:  # no project here: the checks without the project's languages
            langs = ()
        click.echo(render.render_list(languages=langs), nl=False)
        return EXIT_OK
    from tmflow.cli.output import report_stream
    from tmflow.steps.qa.check import check_project

    if changed_since is not None:
        from tmflow.steps.qa.changed import check_changed

        report, _scope = check_changed(
            app.config,
            changed_since,
            articles,
            languages,
            only=only,
            min_translated=min_translated,
            use_cache=not no_cache,
        )
    else:
        report = check_project(
            app.config,
            articles,
            languages,
            only=only,
            min_translated=min_translated,
            use_cache=not no_cache,
        )
    app.debug(
        f"{report.files} PO files: {report.checked} checked, "
        f"{report.files - report.checked} from the findings cache"
    )
    try:
        summary = render.summary_line(report)
        options = {}
        if fmt == "text":
            color = app.color if app.color is not None else sys.stdout.isatty()
            options["color"] = bool(color)
        with report_stream(None) as out:
            render.WRITERS[fmt](report, out, **options)
            if fmt == "text" and (report.total or report.notes):
                out.write("\n")  # a blank line before the summary
        if fmt == "text":
            app.summary(summary, fg="red" if report.failed else "green")
        else:  # on stdout after the annotations; on stderr after a document a machine parses
            click.echo(summary, err=fmt != "github")
        return EXIT_CHECK_FAILED if report.failed else EXIT_OK
    finally:
        report.close()
