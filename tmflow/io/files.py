"""Files: atomic writes and the project lock. Every write tmflow makes goes through here."""

from __future__ import annotations

import errno
import os
import secrets
import socket
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, NamedTuple

from tmflow.core.errors import InputError, LockError


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
            real = Path(os.path.realpath(path))  # a symlink: the file it points to
            st = os.stat(real)
            if stat.S_ISREG(st.st_mode) and st.st_size == len(data) and real.read_bytes() == data:
                return False
        except OSError:
            pass
    with open_atomic(path, keep_mtime_if_same=False) as handle:
        handle.write(data)
    return True


@contextmanager
def open_atomic(path: Path, *, keep_mtime_if_same: bool = True) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace ``path`` atomically when the block ends without an
    exception (temp file in the same folder, fsync, rename); on an exception (Ctrl-C
    included) the temp file is removed and ``path`` is left as it was. For output written as
    it is made (a report of tens of megabytes is never held whole). Like ``write_atomic``: a
    device or pipe is written into, a symlink's target is replaced, and a file that already
    holds exactly these bytes is not touched."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError("cannot write: is a folder", path)
    if mode is not None and not stat.S_ISREG(mode):
        # a device, pipe or socket (``-o /dev/stdout``, a FIFO): write into it; renaming a
        # temp file over it would replace the device node itself
        try:
            with open(path, "wb") as device:
                yield device
        except OSError as err:
            raise write_error(err, path) from None
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600
            )
        except OSError as err:
            raise write_error(err, path) from None
        with os.fdopen(fd, "wb") as handle:
            try:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as err:  # a full disk, a quota…
                raise write_error(err, path) from None
        if keep_mtime_if_same and _same_bytes(tmp, path):
            os.unlink(tmp)
            return
        try:
            try:
                mode_bits = path.stat().st_mode & 0o777
            except OSError:
                umask = os.umask(0)
                os.umask(umask)
                mode_bits = 0o666 & ~umask
            os.chmod(tmp, mode_bits)
            os.replace(tmp, path)
        except OSError as err:
            raise write_error(err, path) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


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


def write_error(err: OSError, path: Path) -> InputError:
    """A failed write as one line naming the file (a read-only folder, a full disk…)."""
    where = (
        Path(err.filename)
        if isinstance(err.filename, str)
        and not Path(err.filename).name.startswith(f".{path.name}.")
        else path
    )
    reason = err.strerror or str(err)
    if err.errno in (errno.EEXIST, errno.ENOTDIR):
        reason = "a file stands where a folder is needed"
    return InputError(f"cannot write: {reason}", where)


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


def list_names(folder: Path, suffix: str, known: dict[str, str] | None = None) -> list[str]:
    """Names (without ``suffix``) of the files of ``folder`` ending in it, in listing order;
    hidden ones left out; none for a folder that is not there. Names only: on a tree of tens
    of thousands of files, ``DirEntry`` objects would cost more than all else a step keeps.
    ``known`` (shared by the listings of one run) keeps one string per name, however many
    folders hold it, and ends up holding every name listed."""
    out: list[str] = []
    cut = len(suffix)
    same = (known if known is not None else {}).setdefault
    try:
        with os.scandir(folder) as it:
            for entry in it:
                name = entry.name
                if name.endswith(suffix) and not name.startswith("."):
                    name = name[:-cut]
                    out.append(same(name, name))
    except (FileNotFoundError, NotADirectoryError):
        pass
    return out


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
    """The stamp of a file, None when it cannot be stat'ed (missing, unreadable)."""
    try:
        st = os.stat(path)
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


def read_bytes(path: Path, what: str = "file", error: type[InputError] = InputError) -> bytes:
    """The bytes of a file the user gave us, with one clear error naming it: not found (a
    NotFoundError), a folder, or unreadable (``error``)."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        from tmflow.core.errors import NotFoundError

        raise NotFoundError(f"{what} not found", path) from None
    except IsADirectoryError:
        raise error(f"is a folder, not a {what}", path) from None
    except OSError as err:
        raise error(f"cannot read {what}: {err.strerror}", path) from None


def read_text(path: Path, what: str = "file") -> str:
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


# ---------------------------------------------------------------------------------------------
# project lock


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as err:
        return err.errno == errno.EPERM
    return True


@contextmanager
def project_lock(state_dir: Path) -> Iterator[Path]:
    """Hold ``state_dir/lock`` for the duration; a second tmflow gets a clear LockError.

    The lock file holds ``pid host``. A lock whose process is gone (same host) is stale and is
    taken over.
    """
    lock = state_dir / "lock"
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise write_error(err, lock) from None
    _ensure_gitignore(state_dir)
    host = socket.gethostname()
    me = f"{os.getpid()} {host}\n"
    for _ in range(3):
        try:
            _create_lock(lock, me)
        except FileExistsError:
            try:
                owner = lock.read_text("utf-8").split()
            except FileNotFoundError:
                continue  # released in between: try again
            except OSError as err:
                raise InputError(f"cannot read the project lock: {err.strerror}", lock) from None
            if len(owner) >= 1 and owner[0].isdigit():
                pid = int(owner[0])
                same_host = len(owner) < 2 or owner[1] == host
                if same_host and not _pid_alive(pid):
                    try:
                        os.unlink(lock)  # stale: its process is gone
                    except FileNotFoundError:
                        pass
                    continue
                raise LockError(
                    f"another tmflow is running (pid {pid}); wait for it to finish, "
                    f"or remove {lock} if it is gone"
                ) from None
            try:
                os.unlink(lock)  # empty or garbled: left by a crash mid-create
            except FileNotFoundError:
                pass
            continue
        except OSError as err:
            raise write_error(err, lock) from None
        break
    else:
        raise LockError(f"could not take the project lock {lock}")
    try:
        yield lock
    finally:
        try:
            if lock.read_text("utf-8") == me:
                os.unlink(lock)
        except OSError:
            pass


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


def _ensure_gitignore(state_dir: Path) -> None:
    ignore = state_dir / ".gitignore"
    if not ignore.exists():
        try:
            ignore.write_text("*\n", "utf-8")
        except OSError:
            pass
