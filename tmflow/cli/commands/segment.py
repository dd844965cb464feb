"""``tmflow segment FILE|-``: preview how a source splits into segments; writes nothing.

Works inside a project (its source language and segmentation settings apply, and the file
name gives the article name for per-article overrides) and outside one (defaults, English).
Standard input is read as Markdown when it shows Markdown syntax, else as plain text
(``--input md|txt`` decides instead).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import format_option
from tmflow.core.errors import EXIT_OK, UsageError
from tmflow.core.languages import is_valid_code, normalise_code
from tmflow.io.config import SegmentationConfig, find_config
from tmflow.io.sources import decode_source, read_source
from tmflow.steps.project import SOURCE_SUFFIXES, article_name
from tmflow.steps.segment.segmenter import detect_format, segment_text

_INPUTS = {"text": "text", "txt": "text", "markdown": "markdown", "md": "markdown"}


@click.command("segment")
@click.argument("file", metavar="FILE|-")
@click.option(
    "--lang",
    "language",
    metavar="LANG",
    default=None,
    help="Language of the source (default: the project's source language, else en).",
)
@click.option(
    "--input",
    "--input-format",
    "input_format",
    type=click.Choice(["auto", "text", "txt", "markdown", "md"]),
    default="auto",
    show_default=True,
    help=(
        "How to read the source: txt (plain text) or md (Markdown); auto: by the file's "
        "suffix, and for standard input Markdown when it shows Markdown syntax (## headings, "
        "fences, quotes, links…), else plain text."
    ),
)
@format_option("text", "json")
@pass_app
def command(app: AppContext, file: str, language: str | None, input_format: str, fmt: str) -> int:
    """Show how FILE (or standard input, '-') splits into segments; writes nothing."""
    options: SegmentationConfig | None = None
    source_language = "en"
    start = Path(app.project) if app.project is not None else Path.cwd()
    if app.project is not None or find_config(start) is not None:
        config = app.config
        options = config.segmentation
        source_language = config.source_language
    if language is not None:
        if not is_valid_code(language):
            raise UsageError(f"unknown language code {language!r}")
        source_language = normalise_code(language)
    if file == "-":
        doc = decode_source(
            sys.stdin.buffer.read()
            if hasattr(sys.stdin, "buffer")
            else sys.stdin.read().encode("utf-8"),
            Path("<stdin>"),
        )
        article = None
        kind = detect_format(doc.text)
    else:
        path = Path(file)
        doc = read_source(path)
        article = article_name(path)
        kind = SOURCE_SUFFIXES.get(path.suffix.lower(), "text")
    if input_format != "auto":
        kind = _INPUTS[input_format]
    segments = segment_text(doc.text, kind, source_language, options, article, path=doc.path)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "text": s.text,
                        "start": s.start,
                        "end": s.end,
                        "line": s.line,
                        "block": s.block,
                        "kind": s.kind.value,
                    }
                    | ({"context": s.context} if s.context else {})
                    for s in segments
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    previous = None
    for seg in segments:
        if previous is not None and seg.block != previous:
            app.echo("")
        label = seg.kind.value + (f" [{seg.context}]" if seg.context else "")
        app.echo(f"{seg.line:>5}  {label:<12} {seg.text}")
        previous = seg.block
    blocks = len({s.block for s in segments})
    read_as = ""
    if file == "-" and input_format == "auto":
        read_as = f" (standard input read as {'Markdown' if kind == 'markdown' else 'plain text'})"
    app.summary(
        f"{len(segments)} segment{'s' if len(segments) != 1 else ''} in {blocks} "
        f"block{'s' if blocks != 1 else ''}{read_as}"
    )
    return EXIT_OK
