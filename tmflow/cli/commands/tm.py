"""``tmflow tm import FILE.tmx`` · ``tmflow tm export [-l LANG] [-o FILE]`` ·
``tmflow tm analysis [-l LANG]``"""

from __future__ import annotations

import json
from pathlib import Path

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import articles_argument, format_option, languages_option
from tmflow.core.errors import EXIT_OK
from tmflow.steps.merge.memory import export_memory, import_tmx


@click.group("tm")
def command() -> None:
    """Import and export the translation memory (TMX 1.4b); leverage analysis."""


@command.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", default=None, help="Name to keep it under (default: the file's name).")
@pass_app
def import_command(app: AppContext, file: Path, name: str | None) -> int:
    """Add a TMX file (from OmegaT, Trados, Weblate…) to the project's memory.

    The file is checked and kept, rewritten as TMX 1.4b, in locales/memory/, so it is versioned
    with the project; the next update uses it for memory drafts.
    """
    result = import_tmx(app.config, file, name)
    for lang in app.config.languages:  # the configured order
        n = result.units_by_language.get(lang, 0)
        if not n:
            continue
        app.echo(f"{lang}: {n} unit{'s' if n != 1 else ''}")
    if result.ignored_languages:
        app.warn(
            "not target languages of this project, ignored: "
            + ", ".join(sorted(result.ignored_languages))
        )
    app.summary(f"imported {result.units} units into {app.relpath(result.path)}")
    return EXIT_OK


@command.command("export")
@languages_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (default: standard output).",
)
@pass_app
def export_command(app: AppContext, languages: tuple[str, ...], output: Path | None) -> int:
    """Write the memory (translated entries and imported TMX) as TMX 1.4b."""
    doc, text = export_memory(app.config, languages)
    if output is None:
        click.echo(text, nl=False)
        return EXIT_OK
    from tmflow.io.tmx import write_tmx

    write_tmx(doc, output)
    app.summary(f"exported {len(doc.units)} units to {app.relpath(output)}")
    return EXIT_OK


@command.command("analysis")
@articles_argument
@languages_option
@format_option("text", "json")
@pass_app
def analysis_command(
    app: AppContext, articles: tuple[str, ...], languages: tuple[str, ...], fmt: str
) -> int:
    """Remaining work per language in words by match band, as CAT tools report it."""
    from tmflow.steps.merge.leverage import BANDS, analyse_project

    report = analyse_project(app.config, articles, languages)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    lang: {
                        "segments": r.segments,
                        "words": r.words,
                        "translated_words": r.translated_words,
                    }
                    for lang, r in report.languages.items()
                },
                indent=2,
            )
        )
        return EXIT_OK
    width = max([len(b) for b in BANDS] + [8])
    header = "band".ljust(width) + "".join(f"{lang:>10}" for lang in report.languages)
    app.echo(header)
    for band in BANDS:
        app.echo(
            band.ljust(width) + "".join(f"{r.words[band]:>10}" for r in report.languages.values())
        )
    app.echo(
        "total".ljust(width) + "".join(f"{r.total_words:>10}" for r in report.languages.values())
    )
    app.summary("words still to translate per language, by best translation-memory match")
    return EXIT_OK
