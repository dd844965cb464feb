"""``tmflow review ARTICLE -l LANG [-o FILE]``, ``tmflow review --all [ARTICLE]... [-l LANG]...
[-o DIR]``"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast
from urllib.parse import quote

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import articles_argument, languages_option
from tmflow.core.display import one_line
from tmflow.core.errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    from tmflow.steps.report.pages import PageInfo
    from tmflow.steps.report.review import Reviewer, ReviewPage

DEFAULT_FOLDER = "review"


@click.command("review")
@articles_argument
@languages_option
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="A page for every article (or those named) in every language (or those given), "
    "and an index page.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="The page ('-': standard output; default ARTICLE.LANG.html) or, with --all, the "
    f"folder (default {DEFAULT_FOLDER}/).",
)
@click.option("--no-check", is_flag=True, help="Leave out the findings of tmflow check.")
@pass_app
def command(
    app: AppContext,
    articles: tuple[str, ...],
    languages: tuple[str, ...],
    every: bool,
    output: Path | None,
    no_check: bool,
) -> int:
    """A bilingual review page (HTML) of an article in one language.

    The article in the source's order, block by block, the source beside the translation;
    every segment coloured by its state and marked with its PO file's line; glossary terms
    with their approved renderings; the old and new source of a segment whose source
    changed; the findings of tmflow check. One self-contained file: open it in any browser."""
    from tmflow.cli.output import generation_time
    from tmflow.steps.report.pages import page_info
    from tmflow.steps.report.review import Reviewer

    config = app.config
    if not every:
        if len(articles) != 1:
            raise UsageError("name one article (or use --all for every article)")
        lang = _one_language(app, languages)
        languages = (lang,)
    info = page_info(config, generation_time())
    reviewer = Reviewer(config, articles, languages, checks=not no_check)
    if every:
        return _every(app, reviewer, info, output or Path(DEFAULT_FOLDER))
    return _one(app, reviewer, info, articles[0], languages[0], output)


def _one_language(app: AppContext, languages: tuple[str, ...]) -> str:
    targets = app.config.languages
    if len(languages) == 1:
        return languages[0]
    if not languages and len(targets) == 1:
        return targets[0]
    raise UsageError(
        f"choose one language with -l (one of {', '.join(targets)}), or use --all for all"
    )


def _one(
    app: AppContext,
    reviewer: Reviewer,
    info: PageInfo,
    article: str,
    lang: str,
    output: Path | None,
) -> int:
    from tmflow.cli.output import report_stream
    from tmflow.steps.report.pages import file_links
    from tmflow.steps.report.review_html import write_review_html

    config = reviewer.config
    to_stdout = output is not None and str(output) == "-"
    target = None if to_stdout else (output or Path(f"{article}.{lang}.html"))
    base = target.absolute().parent if target is not None else Path.cwd()
    page = reviewer.page(reviewer.report.articles[0], lang)
    with report_stream(target) as out:
        write_review_html(
            page,
            cast(TextIO, out),
            project=config.root.name,
            info=info,
            links=file_links(config, base, info),
        )
    if target is not None:
        app.summary(f"wrote {one_line(app.relpath(target))}: {_summary(page)}")
    return EXIT_OK


def _every(app: AppContext, reviewer: Reviewer, info: PageInfo, folder: Path) -> int:
    from tmflow.cli.output import report_stream
    from tmflow.steps.report.pages import file_links
    from tmflow.steps.report.render import write_html
    from tmflow.steps.report.review import page_name
    from tmflow.steps.report.review_html import write_review_html

    if str(folder) == "-":
        raise UsageError("--all writes a folder of pages: give -o DIR")
    config = reviewer.config
    hrefs: dict[tuple[str, str], str] = {}
    for article, lang in reviewer.cells():
        name = page_name(article, lang)
        path = folder / name
        page = reviewer.page(article, lang)
        with report_stream(path) as out:
            write_review_html(
                page,
                cast(TextIO, out),
                project=config.root.name,
                info=info,
                links=file_links(config, path.absolute().parent, info),
                index="../index.html",
            )
        hrefs[(article, lang)] = "./" + quote(
            name.as_posix().encode("utf-8", "surrogateescape"), safe="/"
        )
        app.echo(f"wrote {one_line(app.relpath(path))}", level=1)
    index = folder / "index.html"
    with report_stream(index) as out:
        write_html(
            reviewer.report,
            cast(TextIO, out),
            project=config.root.name,
            info=info,
            links=file_links(config, index.absolute().parent, info),
            reviews=hrefs,
            heading="Review pages",
        )
    app.summary(f"wrote {one_line(app.relpath(index))} and {len(hrefs)} review pages")
    return EXIT_OK


def _summary(page: ReviewPage) -> str:
    cell = page.status
    if cell is None or cell.error is not None:
        return f"{sum(1 for _ in page.segments())} segments"
    s = cell.segments
    text = (
        f"{s.translated}/{s.total} segments translated, {s.fuzzy} drafts to review, "
        f"{s.untranslated} untranslated"
    )
    findings = sum(len(seg.findings) for seg in page.segments()) + len(page.file_findings)
    if page.checked:
        text += f"; {findings} findings"
    return text
