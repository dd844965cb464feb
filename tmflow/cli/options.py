"""Options shared by several commands, each defined once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

F = Callable[..., Any]


def languages_option(f: F) -> F:
    return click.option(
        "-l",
        "--lang",
        "languages",
        multiple=True,
        metavar="LANG",
        help="Only this target language (repeatable; default: all).",
    )(f)


def articles_argument(f: F) -> F:
    return click.argument("articles", nargs=-1, metavar="[ARTICLE]...")(f)


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    def decorate(f: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(choices),
            default=default,
            show_default=True,
            help="Output format.",
        )(f)

    return decorate


def dry_run_option(f: F) -> F:
    return click.option(
        "--dry-run", "-n", is_flag=True, help="Show what would change; write nothing."
    )(f)


def prune_option(f: F) -> F:
    return click.option(
        "--prune/--no-prune",
        "prune",
        default=None,
        help="Articles whose source is gone: keep their translations in "
        "locales/memory/removed-<article>.tmx, then remove their template and PO files "
        "(default: prune in [tool.tmflow.update], off).",
    )(f)


def check_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A ``--url`` value, checked as the configuration checks ``[tool.tmflow.mt] url``:
    ``--url 'http://[::1'`` is a usage error (exit 2), not a crash when it is first used."""
    from tmflow.io.config import url_problem

    problem = url_problem(value) if value is not None else None
    if problem:
        raise click.BadParameter(f"{value!r}: {problem}", ctx, param)
    return value
