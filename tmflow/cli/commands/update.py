"""``tmflow update [ARTICLE]... [-l LANG]... [--dry-run]``"""

from __future__ import annotations

import json

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import articles_argument, dry_run_option, format_option, languages_option
from tmflow.core.errors import EXIT_OK
from tmflow.steps.merge.update import ProjectUpdateResult, UpdateRefused, update_project
from tmflow.steps.project import require_glossary


def render_receipt(app: AppContext, result: ProjectUpdateResult, fmt: str = "text") -> None:
    """Per language: what stayed translated, became fuzzy, was added, obsolete, revived."""
    receipts = result.by_language()
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "dry_run": result.dry_run,
                    "languages": {lang: r.as_dict() for lang, r in receipts.items()},
                    "changed": [str(p) for p in result.changed],
                    "created": [str(p) for p in result.created],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for lang, receipt in receipts.items():
        app.echo(f"{lang}: {receipt.summary()}")
        if receipt.changes:
            detail = ", ".join(f"{kind} {n}" for kind, n in sorted(receipt.changes.items()))
            app.echo(f"    source edits: {detail}")
    for path, lost in result.lost:
        app.echo(
            f"  would lose: {app.relpath(path)}: {lost.msgid[:70]!r} "
            f"(translation {lost.old_msgstr[:40]!r})",
            err=True,
        )
    if app.verbosity >= 1:
        for path in result.changed:
            app.echo(
                f"{'would write' if result.dry_run else 'wrote'} {app.relpath(path)}", level=1
            )


@click.command("update")
@articles_argument
@languages_option
@dry_run_option
@format_option("text", "json")
@pass_app
def command(
    app: AppContext, articles: tuple[str, ...], languages: tuple[str, ...], dry_run: bool, fmt: str
) -> int:
    """Merge templates into the PO files of every language (msgmerge semantics).

    Same segment: translation kept. Edited segment: the old translation as fuzzy with the old
    source beside it (#| msgid). Removed segment: kept as obsolete (#~). Untranslated segments
    get translation-memory drafts. Refuses to write anything (exit 1) if a translated segment
    that still exists would lose its translation.
    """
    try:
        require_glossary(app.config)
        result = update_project(app.config, articles, languages, dry_run=dry_run)
    except UpdateRefused as err:
        render_receipt(app, err.result, fmt)
        raise
    render_receipt(app, result, fmt)
    if fmt == "json":
        return EXIT_OK
    n = len(result.changed)
    created = len(result.created)
    what = f"{n} file{'s' if n != 1 else ''}" + (f" ({created} new)" if created else "")
    if dry_run:
        app.summary(f"dry run: would write {what}; nothing written")
    elif n:
        app.summary(f"updated {what}")
    else:
        app.summary("all catalogs up to date; nothing written")
    return EXIT_OK
