"""One error base class; every subclass carries its exit code.

The CLI maps exceptions to exit codes in one place (``tmflow.cli.main``). Library code raises
these and never prints or exits.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_INPUT = 2
EXIT_UNEXPECTED = 3
EXIT_SERVICE = 4  # an outside service (a translation engine) failed; what it finished is kept
EXIT_INTERRUPTED = 130


class TmflowError(Exception):
    """Base of every error tmflow reports to its user.

    ``path`` and ``line`` (1-based) locate the problem; ``str(err)`` is one line:
    ``path:line: message``.
    """

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    def __reduce__(self) -> tuple[object, ...]:
        # crosses process boundaries whole (file, line, message), whatever the subclass's
        # constructor takes: workers report the files they could not read
        return (_restore, (type(self), self.args, dict(self.__dict__)))

    def location(self) -> str:
        if self.path is None:
            return ""
        loc = str(self.path)
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def __str__(self) -> str:
        loc = self.location()
        return f"{loc}: {self.message}" if loc else self.message


class ConfigError(TmflowError):
    """The project configuration is missing, malformed or invalid."""


class InputError(TmflowError):
    """A file the user gave us (PO, YAML, source, TMX…) cannot be read as it should."""


class OutsideProjectError(InputError):
    """A path leads out of the project (a link to a file or folder elsewhere): refused."""


class PoSyntaxError(InputError):
    """A PO file is malformed."""


class DuplicateEntryError(PoSyntaxError):
    """A PO file defines an entry twice (the same msgctxt and msgid), or two headers."""


class CharsetError(PoSyntaxError):
    """A PO file is not UTF-8: its header declares another charset, or its bytes are not
    valid UTF-8."""


class SourceError(InputError):
    """A source article cannot be read or segmented."""


class GlossaryError(InputError):
    """The glossary file is malformed or inconsistent."""


class NotFoundError(InputError):
    """A file or article that was asked for does not exist."""


class UsageError(TmflowError):
    """The command was called with arguments that do not fit."""


class LockError(TmflowError):
    """Another tmflow process holds the project lock."""


class ProviderError(TmflowError):
    """A machine-translation provider is misconfigured or unusable."""


class CheckFailed(TmflowError):
    """A gate (check, fmt --check, build --check, a refused update) did not pass."""

    exit_code = EXIT_CHECK_FAILED


def _restore(
    cls: type[TmflowError], args: tuple[object, ...], state: dict[str, object]
) -> TmflowError:
    err = Exception.__new__(cls)
    err.args = args
    err.__dict__.update(state)
    return err
