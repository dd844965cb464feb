"""The ``tmflow`` command group and the one place where exceptions become exit codes.

Commands live in ``tmflow.cli.commands.<name>`` and are imported only when run, so
``tmflow --help`` stays fast (deep-translator alone costs ~150 ms to import).
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from tmflow import __version__
from tmflow.core.errors import EXIT_INTERRUPTED, EXIT_UNEXPECTED, TmflowError

# name -> (module, attribute, one-line help shown by `tmflow --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "Create a new tmflow project (config, folders, empty glossary)."),
    "segment": ("segment", "Show how an article splits into segments; writes nothing."),
    "extract": ("extract", "Write a gettext template (POT) per source article."),
    "update": ("update", "Merge templates into the PO files of every language."),
    "draft": ("draft", "Add machine-translation drafts (fuzzy) for untranslated entries."),
    "sync": ("sync", "The main job: extract, update, draft, then a status summary."),
    "status": ("status", "Progress per article and language, in segments and words."),
    "check": ("check", "Quality and completeness gate for CI (exit 1 on failure)."),
    "build": ("build", "Write the finished language versions of every article."),
    "fmt": ("fmt", "Rewrite PO files into the canonical layout (--check for CI)."),
    "glossary": ("glossary", "Validate, list, import and export the terminology."),
    "tm": ("tm", "Import and export the translation memory (TMX)."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"tmflow.cli.commands.{COMMANDS[cmd_name][0]}")
        return getattr(module, "command")

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", "-p", type=click.Path(file_okay=True, path_type=Path),
              default=None, envvar="TMFLOW_PROJECT",
              help="Project folder (default: the nearest folder upward with a tmflow config).")
@click.option("-v", "--verbose", count=True, help="More output (repeat for debug details).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the final summary.")
@click.option("--color/--no-color", default=None,
              help="Colour output (default: on a terminal unless NO_COLOR is set).")
@click.version_option(__version__, "--version", prog_name="tmflow")
@click.pass_context
def cli(ctx: click.Context, project: Path | None, verbose: int, quiet: bool,
        color: bool | None) -> None:
    """tmflow: translate articles with gettext PO files, memory, glossary and MT drafts."""
    from tmflow.cli.context import AppContext

    if color is None:
        color = None if not os.environ.get("NO_COLOR") else False
    ctx.obj = AppContext(project=project, verbosity=-1 if quiet else verbose, color=color)
    ctx.color = color


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (0 ok, 1 check failed, 2 input, 3 bug, 130 ^C)."""
    verbose = argv is not None and any(a in ("-v", "--verbose", "-vv") for a in argv) or (
        argv is None and any(a in ("-v", "--verbose", "-vv") for a in sys.argv[1:]))
    try:
        result: Any = cli.main(args=argv, prog_name="tmflow", standalone_mode=False)
    except TmflowError as err:
        click.echo(f"tmflow: error: {err}", err=True)
        return err.exit_code
    except click.exceptions.Abort:
        click.echo("tmflow: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except KeyboardInterrupt:
        click.echo("tmflow: interrupted; files already written are complete", err=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as err:  # noqa: BLE001 - the one boundary for bugs
        if verbose:
            traceback.print_exc()
        where = traceback.extract_tb(err.__traceback__)[-1]
        click.echo(f"tmflow: unexpected error: {type(err).__name__}: {err} "
                   f"(at {Path(where.filename).name}:{where.lineno}; run with -v for the "
                   "traceback and please report it)", err=True)
        return EXIT_UNEXPECTED
    if isinstance(result, int):
        return result
    return 0
