"""Files: every read, listing and write of a project's files, atomic writes and the project
lock. Steps (and the CLI) call these functions and never open, stat or list a file themselves.

Each function goes through the path policy of ``tmflow.io.paths``: inside a project, a path
that leads out of it through a link is refused (``OutsideProjectError``, naming the link), only
regular files are read (a FIFO, a device, a socket is bad input and is never opened in a way
that blocks), and reads are bounded by the project's ``[tool.tmflow.files] max-size``. A
project is known to the policy once its ``Config`` exists.

What to call (every error is a ``TmflowError`` naming the file; exit 2):

* reading: ``read_bytes(path, what, error)`` (``what`` names the kind of file in messages,
  ``error`` is the ``InputError`` subclass to raise, e.g. ``SourceError``); ``read_text``
  (UTF-8); ``read_stamped`` (the bytes and the ``Stamp`` of those very bytes, from the open
  file: cache them under that stamp); ``read_if_exists`` (None when missing);
  ``open_regular`` (a file object, for reading a large file a block at a time);
* asking: ``is_file`` (a regular file), ``is_folder``, ``exists`` (a dangling link counts),
  ``stamp`` (size and mtime, None when missing) and ``is_racy(stamp)``;
* listing: ``list_names(folder, suffix)`` (names only, for trees of tens of thousands of
  files), ``list_files(folder, suffix)`` (sorted paths; what ``sorted(folder.glob("*.po"))``
  gave), ``source_files(folder, suffixes)`` (the recursive walk of the sources);
  ``check_folder(folder)`` before listing a folder any other way;
* writing: ``write_atomic(path, data)`` (False when the bytes are already there),
  ``open_atomic(path)`` (a binary stream, replaced atomically when the block ends),
  ``make_folder``, ``remove_file`` (a removed article's files, when pruned);
* one run at a time: ``project_lock(state_dir, leftovers=folders)`` (``tmflow.steps.project.
  lock(config)`` passes the folders tmflow writes), which also removes the temporary files a
  killed run left (``remove_leftovers``).
"""

from __future__ import annotations

import errno
import io
import os
import re
import secrets
import socket
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, NamedTuple

from tmflow.core.errors import InputError, LockError, NotFoundError
from tmflow.io import paths
from tmflow.io.paths import check_folder

__all__ = [
    "Stamp",
    "check_folder",
    "decode_utf8",
    "exists",
    "is_file",
    "is_folder",
    "is_racy",
    "list_files",
    "list_names",
    "make_folder",
    "open_atomic",
    "open_regular",
    "presence",
    "project_lock",
    "read_bytes",
    "read_if_exists",
    "read_stamped",
    "read_text",
    "remove_file",
    "remove_leftovers",
    "source_files",
    "stamp",
    "write_atomic",
]

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC
_READ_NOFOLLOW = _READ | _NOFOLLOW
# a temporary file of tmflow's: ``.<name>.<pid>.<8 hex>.tmp`` (``.<name>.<8 hex>.tmp`` from
# earlier versions, without the pid)
_TEMP_RE = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<pid>\d{1,10})\.)?[0-9a-f]{8}\.tmp$")


# ---------------------------------------------------------------------------------------------
# reading


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(n: int) -> str:
    return f"{n / 1_000_000:,.0f} MB" if n >= 10_000_000 else f"{n / 1_000_000:,.1f} MB"


def _too_large(size: int, limit: int, what: str) -> str:
    return (
        f"{what} is larger than the {_size(limit)} tmflow reads ({_size(size)} or more); "
        "raise [tool.tmflow.files] max-size if it is meant to be this large"
    )


def _open_error(err: OSError, path: Path, what: str, error: type[InputError]) -> InputError:
    if isinstance(err, FileNotFoundError):
        return NotFoundError(f"{what} not found", path)
    if isinstance(err, IsADirectoryError):
        return error(f"is a folder, not a {what}", path)
    if err.errno == errno.ENXIO:  # a socket, or a device without its driver
        return error(f"is a socket or a device, not a {what}", path)
    if err.errno == errno.ENOTDIR:
        return error(f"cannot read {what}: a part of the path is not a folder", path)
    return error(f"cannot read {what}: {err.strerror or err}", path)


def _open_regular(
    path: Path | str,
    what: str,
    error: type[InputError],
    *,
    bounded: bool = True,
    confined: bool = True,
) -> tuple[int, os.stat_result, int]:
    """A descriptor open for reading on the regular file ``path``, its ``fstat`` and the
    largest size to read, after the path policy's checks (``confined=False``: a file the user
    chose, read where it is: only regular, only bounded). Hot: status reads tens of thousands
    of files through here, so nothing is built that an error does not need."""
    if confined:
        target, rules = paths.for_reading(path)
    else:
        target, rules = os.path.abspath(path), None
    try:
        try:
            fd = os.open(target, _READ_NOFOLLOW if rules is not None else _READ)
        except OSError as err:
            # O_NOFOLLOW on a link: ELOOP (Linux), EMLINK (FreeBSD), EFTYPE (macOS)
            if rules is None or err.errno not in (errno.ELOOP, errno.EMLINK, 79):
                raise
            if not os.path.islink(target):
                raise
            fd = os.open(paths.follow_link(target, rules, path, writing=False), _READ)
    except OSError as err:
        raise _open_error(err, Path(path), what, error) from None
    st = os.fstat(fd)
    limit = rules.max_bytes if rules is not None else paths.MAX_BYTES_OUTSIDE
    if st.st_mode & 0o170000 == 0o100000 and (st.st_size <= limit or not bounded):
        return fd, st, limit  # a regular file within the bound: the usual case
    os.close(fd)
    if stat.S_ISDIR(st.st_mode):
        raise error(f"is a folder, not a {what}", Path(path))
    if not stat.S_ISREG(st.st_mode):
        raise error(
            f"is {_kind(st.st_mode)}, not a {what}; tmflow reads regular files only", Path(path)
        )
    raise error(_too_large(st.st_size, limit, what), Path(path))


def _read_fd(
    fd: int,
    st: os.stat_result,
    limit: int,
    path: Path | str,
    what: str,
    error: type[InputError],
) -> bytes:
    try:
        raw = os.read(fd, st.st_size + 1)
        if len(raw) > st.st_size:  # it grew since the stat: read the rest, up to the bound
            parts = [raw]
            size = len(raw)
            while size <= limit:
                more = os.read(fd, 1 << 20)
                if not more:
                    break
                parts.append(more)
                size += len(more)
            if size > limit:
                raise error(_too_large(size, limit, what), Path(path))
            raw = b"".join(parts)
        return raw
    except OSError as err:
        raise error(f"cannot read {what}: {err.strerror or err}", Path(path)) from None


def read_stamped(
    path: Path | str,
    what: str = "file",
    error: type[InputError] = InputError,
    *,
    confined: bool = True,
) -> tuple[bytes, Stamp]:
    """The bytes of the regular file ``path`` and the stamp of those very bytes (taken from
    the open file), through the path policy. Errors: ``NotFoundError`` when missing,
    ``OutsideProjectError`` for a link out of the project, ``error`` for a folder, a FIFO, a
    device, a socket, a file over the size bound, a read that fails. ``confined=False`` is
    for the configuration file itself (read before its project is known)."""
    fd, st, limit = _open_regular(path, what, error, confined=confined)
    try:
        raw = _read_fd(fd, st, limit, path, what, error)
    finally:
        os.close(fd)
    return raw, Stamp(st.st_size, st.st_mtime_ns)


def _read_head(path: Path | str, what: str, size: int) -> bytes:
    """The first ``size`` bytes of a regular file (a lock file with any content)."""
    fd, _st, _limit = _open_regular(path, what, InputError, bounded=False)
    try:
        return os.read(fd, size)
    except OSError as err:
        raise InputError(f"cannot read {what}: {err.strerror or err}", path) from None
    finally:
        os.close(fd)


def read_bytes(
    path: Path | str,
    what: str = "file",
    error: type[InputError] = InputError,
    *,
    confined: bool = True,
) -> bytes:
    """The bytes of a file, through the path policy (see ``read_stamped`` for the errors)."""
    return read_stamped(path, what, error, confined=confined)[0]


def open_regular(path: Path | str, what: str = "file") -> BinaryIO:
    """A binary file object open for reading on the regular file ``path`` (through the path
    policy, as ``read_bytes``), for reading a large file a block at a time. Bounded like
    every read: the file is refused when it is larger than the project's ``max-size``."""
    fd, _st, _limit = _open_regular(path, what, InputError)
    return os.fdopen(fd, "rb")


def read_if_exists(
    path: Path | str, what: str = "file", error: type[InputError] = InputError
) -> bytes | None:
    """``read_bytes``, or None when there is no file at ``path`` (a folder, a FIFO or a link
    out of the project is still an error)."""
    try:
        return read_bytes(path, what, error)
    except NotFoundError:
        return None


def read_text(path: Path | str, what: str = "file") -> str:
    """Read a UTF-8 text file (BOM allowed) with a clear error naming file and line."""
    return decode_utf8(read_bytes(path, what), path)


def decode_utf8(raw: bytes, path: Path | str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8", path, line
        ) from None


def is_file(path: Path | str) -> bool:
    """Is there a regular file at ``path``? (A link is followed where the path policy allows
    it and refused with ``OutsideProjectError`` where it does not.)"""
    target, rules = paths.for_reading(path)
    try:
        st = os.lstat(target)
    except OSError:
        return False
    if stat.S_ISLNK(st.st_mode):
        if rules is not None:
            target = paths.follow_link(target, rules, Path(path), writing=False)
        try:
            st = os.stat(target)
        except OSError:
            return False
    return stat.S_ISREG(st.st_mode)


def is_folder(path: Path | str) -> bool:
    """Is there a folder at ``path``? (A folder that leads out of the project is refused with
    ``OutsideProjectError``.)"""
    return os.path.isdir(check_folder(path))


def exists(path: Path | str) -> bool:
    """Is there anything at ``path``, a dangling link included? (Only the name is looked at:
    nothing is read; a folder on the way that leads out of the project is refused.)"""
    target, _rules = paths.for_reading(path)
    return os.path.lexists(target)


# ---------------------------------------------------------------------------------------------
# listing


def list_names(folder: Path, suffix: str, known: dict[str, str] | None = None) -> list[str]:
    """Names (without ``suffix``) of the files of ``folder`` ending in it, in listing order;
    hidden ones left out; none for a folder that is not there. Names only: on a tree of tens
    of thousands of files, ``DirEntry`` objects would cost more than all else a step keeps.
    ``known`` (shared by the listings of one run) keeps one string per name, however many
    folders hold it, and ends up holding every name listed. A folder that leads out of the
    project is refused (``OutsideProjectError``)."""
    out: list[str] = []
    cut = len(suffix)
    same = (known if known is not None else {}).setdefault
    try:
        with os.scandir(check_folder(folder)) as it:
            for entry in it:
                name = entry.name
                if name.endswith(suffix) and not name.startswith("."):
                    name = name[:-cut]
                    out.append(same(name, name))
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as err:
        raise InputError(f"cannot list the folder: {err.strerror or err}", folder) from None
    return out


def list_files(folder: Path, suffix: str) -> list[Path]:
    """The entries of ``folder`` whose names end in ``suffix`` (hidden ones left out), as
    sorted paths under ``folder``; none for a folder that is not there. What ``sorted(
    folder.glob("*" + suffix))`` gives, through the path policy: an entry that is not a
    regular file is still listed (reading it says what it is)."""
    return sorted(folder / name for name in (n + suffix for n in list_names(folder, suffix)))


def source_files(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """The files under ``folder`` whose suffix (any case) is one of ``suffixes``, outside
    hidden folders and not hidden, in path order (that of ``sorted(folder.rglob("*"))``).
    Linked folders are not followed; a linked file is a source when its target is a regular
    file the path policy allows (a link out of the project is refused). Something else named
    like a source (a FIFO, a device) is refused: it is bad input, not an article."""
    wanted = {s.lower() for s in suffixes}
    out: list[Path] = []
    pending = [os.fspath(folder)]
    check_folder(folder)
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as it:
                entries = list(it)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as err:
            raise InputError(f"cannot list the folder: {err.strerror or err}", current) from None
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
                continue
            dot = name.rfind(".")
            if dot <= 0 or name[dot:].lower() not in wanted:
                continue
            if entry.is_symlink():
                if is_file(entry.path):
                    out.append(Path(entry.path))
                continue
            if entry.is_file(follow_symlinks=False):
                out.append(Path(entry.path))
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            raise InputError(f"is {_kind(mode)}, not a source file", entry.path)
    out.sort()
    return out


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents, inside the project."""
    try:
        os.makedirs(check_folder(folder, writing=True), exist_ok=True)
    except OSError as err:
        raise write_error(err, Path(folder)) from None


# ---------------------------------------------------------------------------------------------
# writing


def remove_file(path: Path) -> bool:
    """Remove the file ``path`` from its folder inside the project (a link: the link itself,
    never what it leads to); False when there is none. A failure names the file."""
    folder, name = os.path.split(os.path.abspath(path))
    real = check_folder(folder, writing=True)
    try:
        os.unlink(os.path.join(real, name))
    except FileNotFoundError:
        return False
    except OSError as err:
        raise write_error(err, Path(path)) from None
    _fsync_dir(Path(real))
    return True


def write_atomic(path: Path, data: bytes | str, *, keep_mtime_if_same: bool = True) -> bool:
    """Write ``data`` to ``path`` atomically: temp file in the same folder, fsync, rename
    (see ``open_atomic``).

    Returns False (and touches nothing) when the file already holds exactly these bytes, so
    an unchanged result never changes a file's mtime.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    if keep_mtime_if_same:
        try:
            target, _rules = paths.for_writing(path)
            st = os.stat(target)
            if (
                stat.S_ISREG(st.st_mode)
                and st.st_size == len(data)
                and _same_bytes_as(target, data)
            ):
                return False
        except OSError:
            pass
    with open_atomic(path, keep_mtime_if_same=False) as handle:
        handle.write(data)
    return True


def _same_bytes_as(target: str, data: bytes) -> bool:
    try:
        fd = os.open(target, _READ)
    except OSError:
        return False
    try:
        return os.read(fd, len(data) + 1) == data
    finally:
        os.close(fd)


@contextmanager
def open_atomic(path: Path, *, keep_mtime_if_same: bool = True) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace ``path`` atomically when the block ends without an
    exception (temp file in the same folder, fsync, rename); on an exception (Ctrl-C
    included) the temp file is removed and ``path`` is left as it was. For output written as
    it is made (a report of tens of megabytes is never held whole).

    Through the path policy: inside a project, a link is followed only where it stays inside
    (its target is replaced), a folder on the way that leads out is refused, and a FIFO or a
    device is refused. Outside every project (a file the user named: ``-o /dev/stdout``, a
    FIFO), a device or pipe is written into and a link's target is replaced. A file that
    already holds exactly these bytes is not touched. An error names the file, whatever
    fails (a full disk at any point of the write, the close included)."""
    path = Path(path)
    target, rules = paths.for_writing(path)
    real = Path(target)
    try:
        mode: int | None = os.stat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError("cannot write: is a folder", path)
    if mode is not None and not stat.S_ISREG(mode):
        if rules is not None:
            raise InputError(
                f"cannot write: is {_kind(mode)}, not a regular file; tmflow writes regular "
                "files only",
                path,
            )
        # a device, pipe or socket the user named (``-o /dev/stdout``, a FIFO): write into
        # it; renaming a temp file over it would replace the device node itself
        try:
            with open(target, "wb") as device:
                yield device
        except OSError as err:
            raise write_error(err, path, real) from None
        return
    tmp = real.parent / f".{real.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        try:
            os.makedirs(real.parent, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o600)
        except OSError as err:
            raise write_error(err, path, real) from None
        handle = os.fdopen(fd, "wb")
        try:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as err:  # a full disk, a quota…
            _discard(handle)
            raise write_error(err, path, real) from None
        except BaseException:
            _discard(handle)
            raise
        try:
            handle.close()
        except OSError as err:
            raise write_error(err, path, real) from None
        if keep_mtime_if_same and _same_bytes(tmp, real):
            os.unlink(tmp)
            return
        try:
            try:
                mode_bits = real.stat().st_mode & 0o777
            except OSError:
                umask = os.umask(0)
                os.umask(umask)
                mode_bits = 0o666 & ~umask
            os.chmod(tmp, mode_bits)
            os.replace(tmp, real)
        except OSError as err:
            raise write_error(err, path, real) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(real.parent)


def _discard(handle: io.BufferedWriter | BinaryIO) -> None:
    """Close ``handle`` after a failure; what it still buffered is lost, and a second error
    from writing it (the disk is still full) must not replace the first, which names the
    file."""
    try:
        handle.close()
    except OSError:
        pass


def _same_bytes(one: Path, other: Path) -> bool:
    """Do two files hold the same bytes? (compared a block at a time)"""
    try:
        if os.stat(one).st_size != os.stat(other).st_size:
            return False
        with open(one, "rb") as a, open(other, "rb") as b:
            while True:
                block = a.read(1 << 20)
                if block != b.read(1 << 20):
                    return False
                if not block:
                    return True
    except OSError:
        return False


def write_error(err: OSError, path: Path, real: Path | None = None) -> InputError:
    """A failed write as one line naming the file (a read-only folder, a full disk…): the
    file ``path``, or the folder on its way that failed, named as the user named it (``real``
    is where ``path`` leads, links followed)."""
    where = path
    failed = err.filename if isinstance(err.filename, str) else None
    names = {f".{path.name}.", f".{real.name}." if real is not None else f".{path.name}."}
    if failed is not None and not Path(failed).name.startswith(tuple(names)):
        where = Path(failed)
        parent = str(real.parent) if real is not None else ""
        if real is not None and (_within_folder(failed, parent) or _within_folder(parent, failed)):
            rel = os.path.relpath(failed, real.parent)
            where = Path(os.path.normpath(path.parent / rel)) if rel != "." else path.parent
    reason = err.strerror or str(err)
    if err.errno in (errno.EEXIST, errno.ENOTDIR):
        reason = "a file stands where a folder is needed"
    return InputError(f"cannot write: {reason}", where)


def _within_folder(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def presence(listed: list[list[str]], order: Sequence[str]) -> bytearray:
    """Which folder holds which name, compactly: for the name at position ``i`` of ``order``
    and the listing at position ``j`` of ``listed``, byte ``i * len(listed) + j`` is 1 when
    that listing has the name. A byte per name and folder, in place of a set of names per
    folder (which costs tens of bytes per name)."""
    index = {name: i for i, name in enumerate(order)}
    width = len(listed)
    out = bytearray(len(order) * width)
    for column, names in enumerate(listed):
        for name in names:
            i = index.get(name)
            if i is not None:
                out[i * width + column] = 1
    return out


class Stamp(NamedTuple):
    """What tells that a file changed without reading it: its size and modification time (ns)."""

    size: int
    mtime_ns: int


def stamp(path: Path | str) -> Stamp | None:
    """The stamp of a file, None when it cannot be stat'ed (missing, unreadable). Through the
    path policy: a link (or a folder on the way) that leads out of the project is refused
    with ``OutsideProjectError``."""
    target, rules = paths.for_reading(path)
    try:
        st = os.lstat(target)
        if st.st_mode & 0o170000 == 0o120000:  # a link
            if rules is not None:
                target = paths.follow_link(target, rules, path, writing=False)
            st = os.stat(target)
    except OSError:
        return None
    return Stamp(st.st_size, st.st_mtime_ns)


def is_racy(st: Stamp, now: float | None = None) -> bool:
    """Can a stamp miss a change? On a file system with whole-second times, a file rewritten
    with the same size within the same second keeps its stamp: a whole-second mtime less than
    two seconds old is not to be trusted (cache it later, not now)."""
    if st.mtime_ns % 1_000_000_000:
        return False
    return (time.time() if now is None else now) - st.mtime_ns / 1e9 < 2.0


# ---------------------------------------------------------------------------------------------
# project lock


_PID_MAX = 1 << 22  # Linux's largest pid (pid_max); other systems stay below it too


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as err:
        return err.errno == errno.EPERM
    except (OverflowError, ValueError):
        return False
    return True


def _lock_owner(raw: bytes) -> tuple[int, str | None] | None:
    """(pid, host) of a lock file's bytes ``pid host``; None when they are not that (empty,
    garbled, a pid that no process can have: 0, negative, beyond the largest pid)."""
    fields = raw.decode("utf-8", "replace").split()
    if not fields or not fields[0].isascii() or not fields[0].isdigit():
        return None
    if len(fields[0]) > 10:
        return None
    pid = int(fields[0])
    if not 0 < pid < _PID_MAX:
        return None
    return pid, fields[1] if len(fields) > 1 else None


@contextmanager
def project_lock(state_dir: Path, *, leftovers: Iterable[Path] = ()) -> Iterator[Path]:
    """Hold ``state_dir/lock`` for the duration; a second tmflow gets a clear LockError.

    The lock file holds ``pid host``. A lock whose process is gone (same host) is stale and is
    taken over, whatever else it holds; so is a lock that holds no valid pid (empty, garbled,
    pid 0): a live tmflow never leaves one (its content is in place before the lock exists).
    Once the lock is held, the temporary files of tmflow's own pattern that a killed run left
    in ``leftovers`` (the folders a run writes) and in ``state_dir`` are removed
    (``remove_leftovers``).
    """
    lock = state_dir / "lock"
    make_folder(state_dir)
    ensure_gitignore(state_dir)
    host = socket.gethostname()
    me = f"{os.getpid()} {host}\n"
    for _ in range(3):
        try:
            _create_lock(lock, me)
        except FileExistsError:
            try:
                raw = _read_head(lock, "project lock", 256)
            except NotFoundError:
                continue  # released in between: try again
            owner = _lock_owner(raw)
            if owner is not None:
                pid, owner_host = owner
                same_host = owner_host is None or owner_host == host
                if not same_host or _pid_alive(pid):
                    raise LockError(
                        f"another tmflow is running (pid {pid}"
                        + ("" if same_host else f" on {_printable(owner_host or '')}")
                        + f"); wait for it to finish, or remove {lock} if it is gone"
                    ) from None
            try:
                os.unlink(lock)  # stale (its process is gone), or garbled
            except FileNotFoundError:
                pass
            except OSError as err:
                raise write_error(err, lock) from None
            continue
        except OSError as err:
            raise write_error(err, lock) from None
        break
    else:
        raise LockError(f"could not take the project lock {lock}")
    try:
        remove_leftovers([state_dir, *leftovers])
        yield lock
    finally:
        try:
            if _read_head(lock, "project lock", 256) == me.encode("utf-8"):
                os.unlink(lock)
        except (OSError, InputError):
            pass


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)[:64]


def remove_leftovers(folders: Iterable[Path]) -> list[Path]:
    """Remove the temporary files of tmflow's own pattern (``.<name>.<pid>.<hex>.tmp``, or
    ``.<name>.<hex>.tmp`` from earlier versions) that a killed run left in ``folders`` (not
    recursively): those whose process is gone, and those without a pid. Call it holding the
    project lock. Returns what was removed; a folder that is missing, unreadable or leads out
    of the project is passed over."""
    removed: list[Path] = []
    seen: set[str] = set()
    for folder in folders:
        try:
            real = check_folder(folder, writing=True)
        except InputError:
            continue
        if real in seen:
            continue
        seen.add(real)
        try:
            with os.scandir(real) as it:
                names = [e.name for e in it if e.name.endswith(".tmp") and e.name[:1] == "."]
        except OSError:
            continue
        for name in names:
            match = _TEMP_RE.match(name)
            if match is None:
                continue
            pid = match.group("pid")
            if pid is not None and int(pid) != os.getpid() and _pid_alive(int(pid)):
                continue  # a live process's write in progress (a status beside a sync)
            if pid is not None and int(pid) == os.getpid():
                continue
            path = os.path.join(real, name)
            try:
                if stat.S_ISREG(os.lstat(path).st_mode):
                    os.unlink(path)
                    removed.append(Path(folder) / name)
            except OSError:
                continue
    return removed


def _create_lock(lock: Path, content: str) -> None:
    """Create ``lock`` holding ``content``, or raise FileExistsError.

    The content is written to a private file first and hard-linked into place, so another
    process never sees the lock empty (it would take an empty lock for one left by a crash
    and remove it: two runs at once). File systems without hard links fall back to
    O_EXCL and a write."""
    tmp = lock.parent / f".lock.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "x", encoding="utf-8") as handle:
            handle.write(content)
        try:
            os.link(tmp, lock)
            return
        except FileExistsError:
            raise
        except OSError:
            pass  # no hard links here
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        with os.fdopen(fd, "w") as handle:
            handle.write(content)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def ensure_gitignore(state_dir: Path) -> None:
    """Keep the state folder out of git (the project lock does it; the steps that write a
    cache there without the lock call it too); best effort, like the caches themselves."""
    ignore = state_dir / ".gitignore"
    if not os.path.lexists(ignore):
        try:
            write_atomic(ignore, "*\n")
        except (OSError, InputError):
            pass
