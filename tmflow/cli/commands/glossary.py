"""``tmflow glossary check|list|export|import``: the terminology of the project.

``check`` validates glossary.yml and scans every PO file (exit 1 on an error finding);
``list`` shows each term's coverage per language; ``export`` writes TBX (TBX-Basic) or CSV;
``import`` merges a TBX or CSV file into glossary.yml, refusing terms it already has.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import dry_run_option, format_option, languages_option
from tmflow.core.errors import EXIT_CHECK_FAILED, EXIT_OK


@click.group("glossary")
def command() -> None:
    """Validate, list, import and export the terminology (glossary.yml).

    \b
    glossary.yml holds a list of terms:
      terms:
        - term: Khojaly            # source text; also: variants, case-sensitive,
          ru:                      #   do-not-translate, pos, note
            approved: Ходжалы      # per target language: the approved rendering,
            forms: [Ходжалинский]  #   accepted forms, forbidden renderings
            forbidden: [Ходжали]
          tr: Hocalı               # or just the approved rendering
    """


def _select(app: AppContext, languages: tuple[str, ...]) -> list[str]:
    from tmflow.steps.project import select_languages

    return select_languages(app.config, languages)


@command.command("check")
@languages_option
@click.option(
    "--fuzzy",
    "include_fuzzy",
    is_flag=True,
    help="Also check fuzzy drafts (by default only translated entries).",
)
@format_option("text", "json")
@pass_app
def check(app: AppContext, languages: tuple[str, ...], include_fuzzy: bool, fmt: str) -> int:
    """Validate the glossary and check every PO file against it (exit 1 on an error)."""
    from tmflow.steps.terms import check_glossary

    report = check_glossary(app.config, _select(app, languages), include_fuzzy=include_fuzzy)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "path": f.path,
                        "line": f.line,
                        "severity": f.severity,
                        "check": f.check,
                        "language": f.language,
                        "message": f.message,
                        "msgid": f.msgid,
                    }
                    for f in report.findings
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for f in report.findings:
            where = f"{f.path}:{f.line}" if f.line else f.path
            line = f"{where}: {f.severity} [{f.check}] {f.message}"
            color = {"error": "red", "warning": "yellow"}.get(f.severity)
            style: dict[str, Any] = {"fg": color} if color else {}
            app.echo(line, level=1 if f.severity == "info" else 0, **style)
    errors, warnings, infos = (report.count(s) for s in ("error", "warning", "info"))
    summary = (
        f"{len(report.glossary)} terms, {report.catalogs} catalogs checked: "
        f"{errors} errors, {warnings} warnings, {infos} advisories"
    )
    if infos and app.verbosity < 1 and fmt == "text":
        summary += " (-v shows advisories)"
    if fmt == "json":
        click.echo(summary, err=True)
    else:
        app.summary(summary, fg="red" if report.failed else "green")
    return EXIT_CHECK_FAILED if report.failed else EXIT_OK


@command.command("list")
@languages_option
@format_option("text", "json")
@pass_app
def list_terms(app: AppContext, languages: tuple[str, ...], fmt: str) -> int:
    """Terms with their coverage: per language, rendered/occurring segments."""
    from tmflow.steps.terms import glossary_coverage

    langs = _select(app, languages)
    rows = glossary_coverage(app.config, langs)
    if fmt == "json":
        data = []
        for row in rows:
            term = row.term
            data.append(
                {
                    "term": term.source,
                    "variants": list(term.variants),
                    "do-not-translate": term.dnt,
                    "case-sensitive": term.case_sensitive,
                    "languages": {
                        lang: {
                            "approved": (
                                term.source
                                if term.dnt
                                else term.renderings[lang].approved
                                if lang in term.renderings
                                else None
                            ),
                            "occurrences": row.counts[lang][0],
                            "rendered": row.counts[lang][1],
                        }
                        for lang in langs
                    },
                }
            )
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max([len("term")] + [len(r.term.source) for r in rows])
    app.echo("  ".join([f"{'term':<{width}}", *[f"{lang:>9}" for lang in langs]]))
    for row in rows:
        cells = []
        for lang in langs:
            occurring, rendered = row.counts[lang]
            if not row.term.dnt and lang not in row.term.renderings:
                cells.append(f"{'—':>9}")
            else:
                cells.append(f"{f'{rendered}/{occurring}':>9}")
        mark = " (do not translate)" if row.term.dnt else ""
        app.echo("  ".join([f"{row.term.source:<{width}}", *cells]) + mark)
    app.summary(
        f"{len(rows)} terms; cells: segments rendered as the glossary says / "
        "segments with the term; — no rendering"
    )
    return EXIT_OK


@command.command("export")
@languages_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tbx", "csv"]),
    default="tbx",
    show_default=True,
    help="TBX-Basic (OmegaT, Trados, Weblate) or CSV.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to FILE (default: standard output).",
)
@pass_app
def export(app: AppContext, languages: tuple[str, ...], fmt: str, output: Path | None) -> int:
    """Write the glossary as TBX or CSV."""
    from tmflow.io.files import write_atomic
    from tmflow.io.termbase import dumps_csv, dumps_tbx
    from tmflow.steps.terms import load_project_glossary

    langs = _select(app, languages)
    glossary = load_project_glossary(app.config)
    text = (dumps_tbx if fmt == "tbx" else dumps_csv)(glossary, langs)
    if output is None:
        click.echo(text, nl=False)
        return EXIT_OK
    write_atomic(output, text)
    app.summary(f"wrote {len(glossary)} terms ({', '.join(langs)}) to {app.relpath(output)}")
    return EXIT_OK


@command.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@dry_run_option
@pass_app
def import_(app: AppContext, file: Path, dry_run: bool) -> int:
    """Add the terms of a TBX or CSV FILE to glossary.yml (refuses terms it already has)."""
    from tmflow.io.glossary import merge_terms
    from tmflow.io.termbase import read_termbase
    from tmflow.steps.project import lock as project_lock

    config = app.config
    base = read_termbase(file, config.source_language, config.languages)
    if base.skipped_languages:
        app.warn(
            f"{file.name}: skipped languages outside the project: "
            f"{', '.join(base.skipped_languages)}"
        )
    if not base.terms:
        app.summary(f"{file.name}: no terms to import")
        return EXIT_OK
    with project_lock(config):
        added = merge_terms(
            config.glossary_path,
            base.terms,
            config.languages,
            config.source_language,
            origin=file.name,
            dry_run=dry_run,
        )
    for term in added:
        app.echo(f"+ {term.source}", level=1)
    verb = "would add" if dry_run else "added"
    app.summary(
        f"{verb} {len(added)} terms from {file.name} to {app.relpath(config.glossary_path)}"
    )
    return EXIT_OK
