"""The ``tmflow`` command group and the one place where exceptions become exit codes.

Commands live in ``tmflow.cli.commands.<name>`` and are imported only when run, so
``tmflow --help`` stays fast (deep-translator alone costs ~150 ms to import).
"""

from __future__ import annotations

import codecs
import errno
import importlib
import io
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from tmflow import __version__
from tmflow.core.errors import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_UNEXPECTED, TmflowError

DEBUG = 2  # the verbosity (-vv) that shows debug details

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
    "review": ("review", "Write bilingual review pages (HTML): source beside translation."),
    "build": ("build", "Write the finished language versions of every article."),
    "fmt": ("fmt", "Rewrite PO files into the canonical layout (--check for CI)."),
    "glossary": ("glossary", "Validate, list, import and export the terminology."),
    "tm": ("tm", "Import and export the translation memory (TMX); leverage analysis."),
    "merge-driver": (
        "merge_driver",
        "git's merge driver for PO files, entry by entry (set up by 'init --git').",
    ),
    "resolve": ("resolve", "Repair PO files git merged line by line (conflict markers)."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"tmflow.cli.commands.{COMMANDS[cmd_name][0]}")
        return _accept_global_options(module.command)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _set_project(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    from tmflow.cli.context import AppContext

    app = ctx.find_object(AppContext)
    if value is not None and app is not None:
        app.project = value
        app._config = None


def _add_verbosity(ctx: click.Context, param: click.Parameter, value: int) -> None:
    from tmflow.cli.context import AppContext

    app = ctx.find_object(AppContext)
    if value and app is not None and app.verbosity >= 0:
        app.verbosity += value


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    from tmflow.cli.context import AppContext

    app = ctx.find_object(AppContext)
    if value and app is not None:
        app.verbosity = -1


def _accept_global_options(command: click.Command) -> click.Command:
    """Let ``--project``, ``-v`` and ``-q`` follow the command name too (``tmflow sync -q
    --project DIR``), as the README promises for every command: users type them anywhere.
    They stay documented once, in ``tmflow --help``."""
    if getattr(command, "_tmflow_global_options", False):
        return command
    taken = {opt for param in command.params for opt in getattr(param, "opts", ())}
    extra: list[click.Parameter] = []
    if not taken & {"--project", "-p"}:
        extra.append(
            click.Option(
                ["--project", "-p"],
                type=click.Path(path_type=Path),
                expose_value=False,
                callback=_set_project,
                hidden=True,
            )
        )
    if not taken & {"--verbose", "-v"}:
        extra.append(
            click.Option(
                ["-v", "--verbose"],
                count=True,
                expose_value=False,
                callback=_add_verbosity,
                hidden=True,
            )
        )
    if not taken & {"--quiet", "-q"}:
        extra.append(
            click.Option(
                ["-q", "--quiet"],
                is_flag=True,
                expose_value=False,
                callback=_set_quiet,
                hidden=True,
            )
        )
    command.params.extend(extra)
    command._tmflow_global_options = True  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_global_options(sub)
    return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    "-p",
    type=click.Path(file_okay=True, path_type=Path),
    default=None,
    envvar="TMFLOW_PROJECT",
    help="Project folder (default: the nearest folder upward with a tmflow config).",
)
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="More output: -v the details of each step, -vv also debug details (the settings file "
    "read, cache use, the traceback of an unexpected error).",
)
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the final summary.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour output (default: on a terminal unless NO_COLOR is set).",
)
@click.version_option(__version__, "--version", prog_name="tmflow")
@click.pass_context
def cli(
    ctx: click.Context, project: Path | None, verbose: int, quiet: bool, color: bool | None
) -> None:
    """tmflow: translate articles with gettext PO files, memory, glossary and MT drafts."""
    from tmflow.cli.context import AppContext

    if color is None:
        color = None if not os.environ.get("NO_COLOR") else False
    app = ctx.ensure_object(AppContext)
    app.project = project
    app.verbosity = -1 if quiet else verbose
    app.color = color
    ctx.color = color
    if not ctx.resilient_parsing:
        _know_project(app)


def _know_project(app: Any) -> None:
    """Make the project the command runs in known to the path policy before any file is
    touched, so that a file named on the command line inside the project (``tmflow segment
    sources/x.md``, ``tmflow fmt locales/az/x.po``) is read and written by its rules. Its
    configuration is loaded once, here, for the command; a broken one is reported by the
    commands that need it (not by those that do not: ``segment FILE``, ``init``)."""
    from tmflow.core.errors import TmflowError
    from tmflow.io import paths
    from tmflow.io.config import find_config

    try:
        app.config  # noqa: B018 - loads the configuration (which registers the project)
    except TmflowError:
        app._config = None
        try:
            found = find_config(Path.cwd() if app.project is None else Path(app.project))
        except (OSError, TmflowError):
            found = None
        if found is not None:
            paths.confine(found.parent)
    except OSError:
        app._config = None


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


def _prepare_streams() -> None:
    """Standard output shows undecodable file names as escapes; standard error (messages for
    people) shows whatever its encoding lacks as escapes, never fails."""
    from tmflow.core.display import NAMES

    for stream, errors in ((sys.stdout, NAMES), (sys.stderr, "backslashreplace")):
        if isinstance(stream, io.TextIOWrapper):
            try:
                stream.reconfigure(errors=errors)
            except (ValueError, io.UnsupportedOperation):
                pass


def _output_encoding_error(err: UnicodeEncodeError) -> str | None:
    """The message for a character standard output cannot encode (a latin-1 or cp437
    terminal, ``PYTHONIOENCODING=latin-1``), or None when ``err`` is not that."""
    encoding = getattr(sys.stdout, "encoding", None)
    try:
        ours = codecs.lookup(encoding).name if encoding else None
        theirs = codecs.lookup(err.encoding).name
    except LookupError:
        return None
    # a code page's codec reports itself as "charmap" (cp437, cp1252…)
    if ours is None or ours == "utf-8" or theirs not in (ours, "charmap"):
        return None
    import unicodedata

    char = err.object[err.start : err.start + 1] if isinstance(err.object, str) else ""
    shown = f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip() if char else "a character"
    return (
        f"standard output uses the {encoding} encoding, which cannot show {shown}; set "
        "PYTHONIOENCODING=utf-8 (or PYTHONUTF8=1) or a UTF-8 terminal, or write the "
        "output to a file with --output where the command has one"
    )


def _say(message: str) -> None:
    """An error line on stderr, one line, every character printable."""
    from tmflow.core.display import one_line

    click.echo(f"tmflow: {one_line(message)}", err=True)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (0 ok, 1 check failed, 2 input, 3 bug, 130 ^C)."""
    from tmflow.cli.context import AppContext

    _prepare_streams()
    app = AppContext()  # filled in as Click parses the options; read here when a bug surfaces
    try:
        result: Any = cli.main(args=argv, prog_name="tmflow", standalone_mode=False, obj=app)
    except TmflowError as err:
        _say(f"error: {app.error_text(err)}")
        return err.exit_code
    except UnicodeEncodeError as err:
        message = _output_encoding_error(err)
        if message is None:
            return _unexpected(err, app.verbosity >= DEBUG)
        _say(f"error: {message}")
        return EXIT_INPUT
    except (click.exceptions.Abort, KeyboardInterrupt):
        # click turns Ctrl-C into Abort; every write is atomic (tmflow.io.files)
        click.echo("tmflow: interrupted; files already written are complete", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except BrokenPipeError:
        return 0
    except SystemExit as err:
        if err.code == EXIT_INTERRUPTED:  # a worker process stopped by the same Ctrl-C
            click.echo("tmflow: interrupted; files already written are complete", err=True)
            return EXIT_INTERRUPTED
        raise
    except OSError as err:
        if err.errno not in _ENVIRONMENT_ERRNOS:
            return _unexpected(err, app.verbosity >= DEBUG)
        # the file system said no (read-only folder, full disk, a file where a folder should
        # be): bad input, not a bug; one line that names the file
        where = f"{err.filename}: " if err.filename else ""
        _say(f"error: {where}{err.strerror or err}")
        return EXIT_INPUT
    except Exception as err:
        return _unexpected(err, app.verbosity >= DEBUG)
    if isinstance(result, int):
        return result
    return 0


# OSErrors that describe the user's file system, not a bug in tmflow
_ENVIRONMENT_ERRNOS = frozenset(
    getattr(errno, name)
    for name in (
        "EACCES",
        "EPERM",
        "EROFS",
        "ENOSPC",
        "EDQUOT",
        "ENOTDIR",
        "EISDIR",
        "EEXIST",
        "EIO",
        "EMFILE",
        "ENFILE",
        "ENAMETOOLONG",
        "ELOOP",
        "ETXTBSY",
        "EBUSY",
    )
    if hasattr(errno, name)
)


def _unexpected(err: BaseException, debug: bool) -> int:
    if debug:
        traceback.print_exception(err)
    frames = traceback.extract_tb(err.__traceback__)
    at = f"at {Path(frames[-1].filename).name}:{frames[-1].lineno}; " if frames else ""
    _say(
        f"unexpected error: {type(err).__name__}: {err} "
        f"({at}run with -vv for the traceback and please report it)"
    )
    return EXIT_UNEXPECTED


def _quiet_interrupt_in_child() -> None:
    """In a worker process (steps fork them for big projects), Ctrl-C reaches the whole
    process group: the worker stops with exit status 130 and no traceback of its own; the
    parent reports the interrupt once."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(EXIT_INTERRUPTED)

    try:
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, stop)
    except ValueError:  # not the main thread of the child
        pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_quiet_interrupt_in_child)
