"""The path policy: where tmflow may read and write.

Every file of a project that tmflow reads, stats for content or writes goes through
``tmflow.io.files``, and ``tmflow.io.files`` asks this module where the bytes really are:

* **Inside the project, always.** A path that lies in a project folder (lexically, or once its
  folder's links are followed) must also *resolve* inside it. Links inside the project are
  fine (``locales/az`` → ``locales/shared/az``); a link that leads out of it (a language
  folder, a PO file, ``locales/templates``, a source, a glossary linked to ``/etc`` or to
  another checkout) is refused with an ``OutsideProjectError`` that names the link and where
  it leads. Writes never leave the project. Reads may follow a link into a folder listed in
  ``[tool.tmflow.files] links-outside`` (a shared glossary or sources checked out beside the
  project), and only there.
* **Regular files only.** A named pipe, a device, a socket where a file is expected is bad
  input: files are opened without blocking (``O_NONBLOCK``) and checked with ``fstat`` before
  a byte is read, so a FIFO cannot hang a command and ``/dev/zero`` cannot fill the memory.
* **Bounded reads.** A file larger than ``max-size`` (100 MB unless configured) is refused
  with a message saying so, and never more than that is read even from a file that grows.

Files named on the command line outside any project (``tmflow segment ~/draft.md``, ``tm
import ../memory.tmx``, ``status -o /dev/stdout``) are the user's own choice: they are read
and written where they are (still regular files only for reading, still bounded).

A project is known to the policy once its configuration is made (``Config`` registers its
root); a path is matched to the innermost known project that holds it. The folders a run
checks are remembered (a listing of 25,000 PO files resolves each folder once, not each
file); the memory is cleared whenever a configuration is (re)loaded. The threat model is a
hostile *tree* (a clone, an archive, a shared folder): links and special files placed
before tmflow runs. A process racing tmflow to swap a folder for a link mid-run is out of
scope.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tmflow.core.errors import OutsideProjectError

#: the default bound of a file tmflow reads (``[tool.tmflow.files] max-size`` in MB)
DEFAULT_MAX_BYTES = 100_000_000
#: the bound of files read outside any project (configuration files, files named on the
#: command line when no project is loaded)
MAX_BYTES_OUTSIDE = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Confinement:
    """The rules of one project: its real root, the outside folders links may lead into for
    reading, the largest file read."""

    root: str
    links_outside: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES

    def allows(self, real: str, *, writing: bool) -> bool:
        """May ``real`` (a path with every link resolved) be written, or read?"""
        if _within(real, self.root):
            return True
        return not writing and any(_within(real, folder) for folder in self.links_outside)


_projects: dict[str, Confinement] = {}
# (absolute folder as given, writing) -> (its real path, checked; its project's rules)
_folders: dict[tuple[str, bool], tuple[str, Confinement | None]] = {}


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(
        folder if folder.endswith(os.sep) else folder + os.sep
    )


def confine(
    root: Path | str,
    *,
    links_outside: tuple[Path | str, ...] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Confinement:
    """Register the project at ``root`` (made by the configuration loader). Clears what the
    policy remembers of folders already checked."""
    real = os.path.realpath(root)
    rules = Confinement(
        real, tuple(os.path.realpath(folder) for folder in links_outside), int(max_bytes)
    )
    _projects[real] = rules
    forget()
    return rules


def forget() -> None:
    """Forget the folders checked so far (the next access checks them again)."""
    _folders.clear()


def confinement_of(path: Path | str) -> Confinement | None:
    """The rules of the innermost known project holding ``path`` lexically, or holding it
    once its folder's links are followed; None outside every known project."""
    absolute = os.path.abspath(path)
    found = _innermost(absolute)
    if found is None and _projects:
        folder, name = os.path.split(absolute)
        found = _innermost(os.path.join(os.path.realpath(folder), name))
    return found


def _innermost(absolute: str) -> Confinement | None:
    best: Confinement | None = None
    for root, rules in _projects.items():
        if _within(absolute, root) and (best is None or len(root) > len(best.root)):
            best = rules
    return best


def max_bytes_of(rules: Confinement | None) -> int:
    return rules.max_bytes if rules is not None else MAX_BYTES_OUTSIDE


def _folder(folder: str, writing: bool) -> tuple[str, Confinement | None]:
    """(real path, project rules) of an absolute ``folder``, checked (remembered)."""
    key = (folder, writing)
    known = _folders.get(key)
    if known is not None:
        return known
    rules = confinement_of(os.path.join(folder, "x"))
    real = os.path.realpath(folder)
    if rules is not None and not rules.allows(real, writing=writing):
        raise _outside(os.path.abspath(folder), rules, writing)
    _folders[key] = (real, rules)
    return real, rules


def check_folder(folder: Path | str, *, writing: bool = False) -> str:
    """The real path of ``folder``, after checking that it does not lead out of its project
    (``OutsideProjectError`` naming the link when it does). A folder outside every project is
    returned as it is (its links followed)."""
    text = os.fspath(folder)
    return _folder(text if os.path.isabs(text) else os.path.abspath(text), writing)[0]


def for_reading(path: Path | str) -> tuple[str, Confinement | None]:
    """Where to open ``path`` for reading, and its project's rules (None outside every
    project). The folder is checked here; the file itself may still be a link: open it with
    ``O_NOFOLLOW`` when there are rules and, when that says it is a link, ask
    ``follow_link``. Hot (a call per file counted by ``status``): one split and one dict
    look-up when the folder was checked before."""
    text = path if type(path) is str else os.fspath(path)
    cut = text.rfind("/")
    if cut > 0 and text[0] == "/" and os.sep == "/":
        known = _folders.get((text[:cut], False))
        if known is not None:
            return known[0] + text[cut:], known[1]
    if not os.path.isabs(text):
        text = os.path.abspath(text)
    folder, name = os.path.split(text)
    real, rules = _folder(folder, False)
    return os.path.join(real, name), rules


def follow_link(path: str, rules: Confinement, shown: Path | str, *, writing: bool) -> str:
    """The real path of the link ``path`` (the file ``shown`` to the user), when it stays
    where ``rules`` allow."""
    real = os.path.realpath(path)
    if not rules.allows(real, writing=writing):
        raise _outside(os.path.abspath(shown), rules, writing)
    return real


def for_writing(path: Path | str) -> tuple[str, Confinement | None]:
    """Where the bytes of ``path`` go (for a link inside the project: its target), and its
    project's rules; ``OutsideProjectError`` when that is outside the project. Outside every
    project: the path itself, a final link followed (the user named it)."""
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    real, rules = _folder(folder, True)
    if rules is None:
        return os.path.realpath(absolute) if os.path.islink(absolute) else absolute, None
    target = os.path.join(real, name)
    if os.path.islink(target):
        target = follow_link(target, rules, absolute, writing=True)
    return target, rules


def _outside(absolute: str, rules: Confinement, writing: bool) -> OutsideProjectError:
    """The error for ``absolute``, naming the first link on its way that leads out."""
    shown, target = absolute, os.path.realpath(absolute)
    if _within(absolute, rules.root):
        current = rules.root
        for part in os.path.relpath(absolute, rules.root).split(os.sep):
            current = os.path.join(current, part)
            if os.path.islink(current):
                real = os.path.realpath(current)
                if not rules.allows(real, writing=writing):
                    shown, target = current, real
                    break
    action = "write" if writing else "read"
    hint = (
        "tmflow never writes outside the project"
        if writing
        else "tmflow reads only inside the project (or in a folder listed in "
        "[tool.tmflow.files] links-outside)"
    )
    return OutsideProjectError(
        f"is a link that leads outside the project (to {target}); refusing to {action} "
        f"through it: {hint}",
        shown,
    )
