"""``tmflow update [ARTICLE]... [-l LANG]... [--dry-run]``"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import (
    articles_argument,
    dry_run_option,
    format_option,
    languages_option,
    prune_option,
)
from tmflow.cli.output import report_errors
from tmflow.core.errors import EXIT_OK
from tmflow.steps.merge.removed import memory_path
from tmflow.steps.merge.update import ProjectUpdateResult, UpdateRefused, update_project
from tmflow.steps.project import require_glossary


def _files(paths: list[Path]) -> str:
    """``the template and 5 PO files``: what an article's files are, in words."""
    pots = sum(1 for p in paths if p.suffix == ".pot")
    pos = len(paths) - pots
    parts = ["the template"] if pots else []
    if pos:
        parts.append(f"{pos} PO file{'s' if pos != 1 else ''}")
    return " and ".join(parts) or "no file"


def _by_language(counts: Counter[str], languages: tuple[str, ...]) -> str:
    return ", ".join(f"{lang} {counts[lang]}" for lang in languages if counts[lang])


def render_lifecycle(app: AppContext, result: ProjectUpdateResult, command: str) -> None:
    """Removed articles (found, pruned or how to prune) and the articles that inherit from
    them, after the receipt."""
    languages = app.config.languages
    for item in result.inherited:
        kind = " (new)" if item.created else ""
        verb = "inherits" if item.most else "draws"
        gone = ", ".join(item.removed)
        noun = "article" if len(item.removed) == 1 else "articles"
        where = ", ".join(
            f"{lang} {drew}/{total}"
            for lang in languages
            if lang in item.segments
            for drew, total in [item.segments[lang]]
        )
        app.echo(
            f"{item.article}{kind} {verb} from removed {noun} {gone}: {where} segments, "
            "through the memory (drafts to review)"
        )
    pruned = result.pruned
    for done in pruned.items if pruned is not None else []:
        kept = sum(done.reviewed.values())
        text = f"{kept} translation{'s' if kept != 1 else ''}"
        if kept:
            text += f" ({_by_language(done.reviewed, languages)})"
        unreviewed = sum(done.unreviewed.values())
        if unreviewed:
            text += f" and {unreviewed} unreviewed (fuzzy, not offered as matches)"
        dropped = []
        if done.machine:
            dropped.append(f"{done.machine} machine drafts as the engine gave them")
        if done.copies:
            dropped.append(f"{done.copies} copies of untranslatable segments")
        would = "would keep" if pruned is not None and pruned.dry_run else "kept"
        line = f"removed article {done.article}: {would} {text} in {app.relpath(done.memory)}"
        if dropped:
            line += "; not kept: " + ", ".join(dropped)
        verb = "would remove" if pruned is not None and pruned.dry_run else "removed"
        line += f"; {verb} {_files(done.removed)}"
        app.echo(line)
        for path in done.removed:
            app.echo(f"    {verb} {app.relpath(path)}", level=1)
    if pruned is None:
        for orphan in result.orphans:
            langs = ", ".join(lang for lang, _ in orphan.catalogs)
            files = _files(orphan.files) + (f" ({langs})" if langs else "")
            app.warn(
                f"article {orphan.article!r} has no source any more: {files} are kept, "
                "counted by status and used by the memory; "
                f"'tmflow {command} --prune' keeps its translations in "
                f"{app.relpath(memory_path(app.config, orphan.article))} and removes the files"
                + (f" ({result.prune_hint})" if result.prune_hint else "")
            )


def _lifecycle_json(result: ProjectUpdateResult, root: Path) -> dict[str, object]:
    def rel(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return str(path)

    pruned = result.pruned
    return {
        "orphans": [
            {"article": o.article, "files": [rel(p) for p in o.files]} for o in result.orphans
        ],
        "pruned": None
        if pruned is None
        else [
            {
                "article": p.article,
                "memory": rel(p.memory),
                "reviewed": dict(p.reviewed),
                "unreviewed": dict(p.unreviewed),
                "machine_drafts": p.machine,
                "copies": p.copies,
                "removed": [rel(f) for f in p.removed],
            }
            for p in pruned.items
        ],
        "inherited": [
            {
                "article": i.article,
                "created": i.created,
                "from": i.removed,
                "segments": {lang: list(v) for lang, v in i.segments.items()},
            }
            for i in result.inherited
        ],
    }


def pruned_text(result: ProjectUpdateResult) -> str:
    """``; 1 removed article pruned (6 files)`` for a summary line, or nothing."""
    pruned = result.pruned
    if pruned is None or not pruned.items:
        return ""
    n = len(pruned.items)
    files = sum(len(item.removed) for item in pruned.items)
    verb = "would be pruned" if pruned.dry_run else "pruned"
    return (
        f"; {n} removed article{'s' if n != 1 else ''} {verb} "
        f"({files} file{'s' if files != 1 else ''}, translations kept in the memory)"
    )


def render_receipt(
    app: AppContext, result: ProjectUpdateResult, fmt: str = "text", command: str = "update"
) -> None:
    """Per language: what stayed translated, became fuzzy, was added, obsolete, revived;
    then removed articles and what inherits from them."""
    receipts = result.by_language()
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "dry_run": result.dry_run,
                    "languages": {lang: r.as_dict() for lang, r in receipts.items()},
                    "changed": [str(p) for p in result.changed],
                    "created": [str(p) for p in result.created],
                    **_lifecycle_json(result, app.config.root),
                    "errors": [str(e) for e in result.errors],
                    "converted": {str(p): c for p, c in result.converted},
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
    render_lifecycle(app, result, command)
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
@prune_option
@dry_run_option
@format_option("text", "json")
@pass_app
def command(
    app: AppContext,
    articles: tuple[str, ...],
    languages: tuple[str, ...],
    prune: bool | None,
    dry_run: bool,
    fmt: str,
) -> int:
    """Merge templates into the PO files of every language (msgmerge semantics).

    Same segment: translation kept. Edited segment: the old translation as fuzzy with the old
    source beside it (#| msgid). Removed segment: kept as obsolete (#~). Untranslated segments
    get translation-memory drafts; segments with nothing to translate are copied. Articles
    whose source is gone are reported; --prune keeps their translations in the memory folder
    and removes their files. Refuses to write anything (exit 1) if a translated segment that
    still exists would lose its translation.
    """
    try:
        require_glossary(app.config)
        result = update_project(
            app.config, articles, languages, dry_run=dry_run, prune_removed=prune
        )
    except UpdateRefused as err:
        render_receipt(app, err.result, fmt)
        report_errors(err.result.errors, app.error_text)
        raise
    render_receipt(app, result, fmt)
    for path, charset in result.converted:
        app.warn(
            f"{app.relpath(path)}: converted from {charset} to UTF-8 "
            "(the new text does not fit its charset)"
        )
    if fmt == "json":
        return report_errors(result.errors, app.error_text) if result.errors else EXIT_OK
    n = len(result.changed)
    created = len(result.created)
    what = f"{n} file{'s' if n != 1 else ''}" + (f" ({created} new)" if created else "")
    pruned = pruned_text(result)
    if dry_run:
        app.summary(f"dry run: would write {what}; nothing written" + pruned)
    elif n:
        app.summary(f"updated {what}" + pruned)
    else:
        app.summary("all catalogs up to date; nothing written" + pruned)
    if result.errors:
        app.summary(f"{len(result.errors)} file(s) could not be read and were left as they are")
        return report_errors(result.errors, app.error_text)
    return EXIT_OK
