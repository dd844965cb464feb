"""``tmflow sync [ARTICLE]... [-l LANG]... [--no-draft] [--allow-partial]``: the main job.

Its exit code tells CI what happened to drafting too, after every other step has run: 2 when
the MT configuration kept drafting from starting or stopped a language (no key, a refused key,
an unsupported language), 4 when the engine failed and segments were left (unless
``--allow-partial``).
"""

from __future__ import annotations

from typing import Any

import click

from tmflow.cli.commands.draft import draft_exit_code, left_text
from tmflow.cli.commands.update import pruned_text, render_receipt
from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import articles_argument, languages_option, prune_option
from tmflow.core.errors import EXIT_INPUT, EXIT_OK
from tmflow.steps.merge.update import UpdateRefused
from tmflow.steps.project import require_glossary
from tmflow.steps.report.render import render_text, summary_line
from tmflow.steps.sync import sync_project


def _count(value: Any) -> int | None:
    if value is None:
        return None
    try:
        return len(value)
    except TypeError:
        return None


def _extract_line(result: Any) -> str | None:
    """A short line about extraction, from whatever its result object offers."""
    templates = _count(getattr(result, "templates", None))
    changed = _count(getattr(result, "changed", None) or getattr(result, "written", None))
    if templates is None and changed is None:
        return None
    parts = []
    if templates is not None:
        parts.append(f"{templates} template{'s' if templates != 1 else ''}")
    if changed is not None:
        parts.append(f"{changed} changed")
    return "extract: " + ", ".join(parts)


def _mt_table(app: AppContext) -> str:
    """Where the MT settings go: ``[tool.tmflow.mt] of pyproject.toml``, ``[mt] of tmflow.toml``."""
    path = app.config.path
    if path is None:
        return "[tool.tmflow.mt] of the configuration"
    table = "[tool.tmflow.mt]" if path.name == "pyproject.toml" else "[mt]"
    return f"{table} of {app.relpath(path)}"


@click.command("sync")
@articles_argument
@languages_option
@click.option("--no-draft", is_flag=True, help="Skip machine-translation drafts.")
@prune_option
@click.option(
    "--allow-partial",
    is_flag=True,
    help="Exit 0 when the MT engine failed for some segments (the drafts made are kept).",
)
@pass_app
def command(
    app: AppContext,
    articles: tuple[str, ...],
    languages: tuple[str, ...],
    no_draft: bool,
    prune: bool | None,
    allow_partial: bool,
) -> int:
    """The main job: extract templates, update every PO file, add drafts, summarise.

    Prints, per language, what stayed translated, became fuzzy (source edited), was added,
    drafted from memory, copied, became obsolete or was revived; articles whose source is
    gone (--prune keeps their translations in locales/memory/ and removes their files) and
    the articles that inherit their translations. Exit 1 and nothing written by the
    update if a translated segment that still exists would lose its translation; exit 2 or 4
    when drafting could not start or the engine failed (everything else is done by then).
    """
    require_glossary(app.config)
    try:
        result = sync_project(app.config, articles, languages, draft=not no_draft, prune=prune)
    except UpdateRefused as err:
        render_receipt(app, err.result, command="sync")
        raise
    line = _extract_line(result.extract)
    if line:
        app.echo(line)
    render_receipt(app, result.update, command="sync")  # with the articles whose source is gone
    outcome = result.draft
    if outcome is None:
        if no_draft:
            app.echo("draft: skipped (--no-draft)")
        else:
            app.echo(
                f"draft: off: no provider in {_mt_table(app)} (set provider = "
                '"google", "libre" with a url, or "pseudo" offline, for machine drafts)'
            )
    else:
        if outcome.result is not None:
            draft = outcome.result
            app.echo(
                f"draft: {draft.drafted} drafts from {draft.provider}, {left_text(draft)} "
                f"({draft.requests} requests)"
            )
        for error in outcome.errors:
            app.warn(f"draft: {error}")
        if outcome.error:
            # the provider could not even start (unknown name, no key): waiting will not help
            app.warn(
                f"drafting skipped; extract and update are done; fix {_mt_table(app)} "
                "(or the provider's key), then run 'tmflow draft'"
            )
        elif outcome.errors:
            left = outcome.result.left if outcome.result is not None else None
            app.warn(
                "drafting did not finish; extract and update are done"
                + (f"; {left} segments are left for drafting" if left else "")
                + "; run 'tmflow draft' again later"
            )
    if result.status is not None:
        matrix = render_text(result.status, color=app.use_color()).split("\n\n")[0]
        app.echo(matrix)
        app.echo(summary_line(result.status))
    written = {str(p) for p in result.update.changed}
    if outcome is not None and outcome.result is not None:
        written |= {str(p) for p in outcome.result.files_written}
    n = len(written)
    app.summary(
        (
            f"sync done: {n} PO file{'s' if n != 1 else ''} written"
            if n
            else "sync done: catalogs already up to date"
        )
        + pruned_text(result.update)
    )
    code = (
        EXIT_OK
        if outcome is None
        else EXIT_INPUT
        if outcome.error
        else draft_exit_code(outcome.result, allow_partial)
    )
    if result.update.errors:
        from tmflow.cli.output import report_errors

        code = max(code, report_errors(result.update.errors, app.error_text))
    return code
