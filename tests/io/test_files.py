from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tmflow.core.errors import InputError, LockError
from tmflow.io.files import (
    decode_utf8,
    list_names,
    open_atomic,
    presence,
    project_lock,
    write_atomic,
)


def test_write_atomic_creates_folders_and_reports_change(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.txt"
    assert write_atomic(path, "x") is True
    assert write_atomic(path, "x") is False
    assert write_atomic(path, "y") is True
    assert path.read_text() == "y"


def test_write_atomic_keeps_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert path.stat().st_mode & 0o777 == 0o640


def test_decode_utf8_reports_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"f.txt:3: not valid UTF-8 \(byte 0xff\)"):
        decode_utf8(b"a\nb\n\xff\n", tmp_path / "f.txt")
    assert decode_utf8(b"\xef\xbb\xbfok", "x") == "ok"


def test_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    state = tmp_path / ".tmflow"
    with project_lock(state) as lock:
        assert lock.read_text().split()[0] == str(os.getpid())
        with pytest.raises(LockError, match=rf"another tmflow is running \(pid {os.getpid()}\)"):
            with project_lock(state):
                pass
    assert not (state / "lock").exists()
    assert (state / ".gitignore").read_text() == "*\n"


def test_stale_lock_of_a_dead_process_is_recovered(tmp_path: Path) -> None:
    state = tmp_path / ".tmflow"
    state.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(proc.stdout)
    import socket

    (state / "lock").write_text(f"{dead_pid} {socket.gethostname()}\n")
    with project_lock(state) as lock:
        assert lock.read_text().split()[0] == str(os.getpid())


def test_lock_held_by_another_live_process(tmp_path: Path) -> None:
    state = tmp_path / ".tmflow"
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from tmflow.io.files import project_lock
        with project_lock(Path({str(state)!r})):
            print("held", flush=True)
            sys.stdin.readline()
    """)
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockError, match=rf"pid {holder.pid}"):
            with project_lock(state):
                pass
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    with project_lock(state):
        pass


# ---------------------------------------------------------------------------------------------
# open_atomic: output written as it is made


def test_open_atomic_replaces_the_file_when_the_block_ends(tmp_path: Path) -> None:
    path = tmp_path / "out" / "report.json"  # the folder is created
    with open_atomic(path) as handle:
        handle.write(b"part one, ")
        assert not path.exists()  # nothing shows before the end
        handle.write(b"part two")
    assert path.read_bytes() == b"part one, part two"
    assert [p.name for p in path.parent.iterdir()] == ["report.json"]


def test_open_atomic_keeps_the_old_file_on_an_interrupt(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_bytes(b"the old report")
    with pytest.raises(KeyboardInterrupt):
        with open_atomic(path) as handle:
            handle.write(b"half of a new one")
            raise KeyboardInterrupt
    assert path.read_bytes() == b"the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left


def test_open_atomic_leaves_the_same_bytes_untouched_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"same")
    path.chmod(0o640)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    with open_atomic(path) as handle:
        handle.write(b"same")
    assert path.stat().st_mtime_ns == 1_000_000_000
    with open_atomic(path) as handle:
        handle.write(b"changed")
    assert path.read_bytes() == b"changed"
    assert path.stat().st_mode & 0o777 == 0o640


def test_open_atomic_writes_into_a_device_and_through_a_symlink(tmp_path: Path) -> None:
    with open_atomic(Path(os.devnull)) as handle:  # not replaced by a regular file
        handle.write(b"gone")
    assert not Path(os.devnull).is_file()
    target = tmp_path / "real.txt"
    target.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    with open_atomic(link) as handle:
        handle.write(b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"


def test_open_atomic_names_the_file_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        with open_atomic(tmp_path / "folder"):
            pass
    (tmp_path / "blocker").write_text("a file where a folder is needed")
    with pytest.raises(InputError, match=r"blocker.*cannot write"):
        with open_atomic(tmp_path / "blocker" / "out.txt"):
            pass


def test_list_names_shares_one_string_per_name(tmp_path: Path) -> None:
    for folder in ("ru", "fr"):
        (tmp_path / folder).mkdir()
        for name in ("news.po", "story.po", ".hidden.po", "notes.txt"):
            (tmp_path / folder / name).write_text("")
    (tmp_path / "fr" / "only-fr.po").write_text("")
    known: dict[str, str] = {}
    ru = list_names(tmp_path / "ru", ".po", known)
    fr = list_names(tmp_path / "fr", ".po", known)
    assert sorted(ru) == ["news", "story"] and sorted(fr) == ["news", "only-fr", "story"]
    assert sorted(known) == ["news", "only-fr", "story"]
    assert next(n for n in fr if n == "news") is next(n for n in ru if n == "news")
    assert list_names(tmp_path / "missing", ".po") == []
    assert list_names(tmp_path / "ru" / "news.po", ".po") == []  # a file, not a folder


def test_open_atomic_reports_a_full_disk_as_one_line_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.json"
    path.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InputError, match=r"report.json: cannot write: No space left on device"):
        with open_atomic(path) as handle:
            handle.write(b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    monkeypatch.undo()
    if Path("/dev/full").exists():  # a device that is always full
        with pytest.raises(InputError, match="cannot write"):
            with open_atomic(Path("/dev/full")) as handle:
                handle.write(b"x" * 100_000)


def test_presence_is_a_byte_per_name_and_listing() -> None:
    listed = [["b", "a"], ["c", "a", "stranger"], []]
    assert presence(listed, ["a", "b", "c"]) == bytearray(
        [
            1,
            1,
            0,  # a
            1,
            0,
            0,  # b
            0,
            1,
            0,
        ]
    )  # c
    assert presence([], ["a"]) == bytearray()


def test_stamp_and_the_racy_rule(tmp_path: Path) -> None:
    from tmflow.io.files import Stamp, is_racy, stamp

    path = tmp_path / "a.po"
    assert stamp(path) is None
    path.write_bytes(b"12345")
    st = stamp(path)
    assert st is not None and st.size == 5 and st == Stamp(5, path.stat().st_mtime_ns)
    now = 1_700_000_010.0
    whole = Stamp(5, 1_700_000_009 * 1_000_000_000)
    assert is_racy(whole, now)  # a whole second, one second old: a rewrite could hide
    assert not is_racy(whole, now + 5)  # old enough
    assert not is_racy(Stamp(5, 1_700_000_009_123_456_789), now)  # sub-second times tell


# ---------------------------------------------------------------------------------------------
# a full disk names the file, whatever the fill level


class _FullDisk(io.RawIOBase):
    """A file that takes ``room`` bytes, then says the disk is full."""

    def __init__(self, fd: int, room: int) -> None:
        self._fd = fd
        self.room = room

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = min(len(data), self.room)
        os.write(self._fd, bytes(data[:n]))
        self.room -= n
        return n

    def fileno(self) -> int:
        return self._fd

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()


@pytest.mark.parametrize("room", [0, 1, 100, 4095, 4096, 8191, 8192, 100_000, 199_999, 200_000])
def test_a_full_disk_names_the_file_at_every_fill_level(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, room: int
) -> None:
    path = tmp_path / "locales" / "az" / "art-0241.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"old")
    real_fdopen = os.fdopen

    def full_fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode == "wb":
            return io.BufferedWriter(_FullDisk(fd, room), buffer_size=8192)
        return real_fdopen(fd, mode, *args, **kwargs)

    def full_fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", full_fdopen)
    if room >= 200_000:  # everything fitted: the disk fills at the fsync
        monkeypatch.setattr(os, "fsync", full_fsync)
    # one large write, and a report streamed in small pieces
    with pytest.raises(InputError) as one:
        write_atomic(path, b"x" * 200_000)
    with pytest.raises(InputError) as many:
        with open_atomic(path) as handle:
            for _ in range(2_000):
                handle.write(b"y" * 100)
    monkeypatch.undo()
    for caught in (one, many):
        assert str(caught.value) == f"{path}: cannot write: No space left on device"
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in path.parent.iterdir()) == ["art-0241.po"]  # no temp left


# ---------------------------------------------------------------------------------------------
# locks with any content, and what a killed run left


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe", b"99999999999999999999999 host", b"0 vm", b"", b"-5 x", b"\x00\x00", b"abc"],
)
def test_a_stale_lock_with_any_content_is_recovered(tmp_path: Path, content: bytes) -> None:
    state = tmp_path / ".tmflow"
    state.mkdir()
    (state / "lock").write_bytes(content)
    with project_lock(state) as lock:
        assert lock.read_text().split()[0] == str(os.getpid())
    assert not (state / "lock").exists()


def test_leftover_temporary_files_are_removed_by_the_next_run_holding_the_lock(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "locales" / "az"
    folder.mkdir(parents=True)
    state = tmp_path / ".tmflow"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    left = [
        folder / ".art-0241.po.a66c3aec.tmp",  # an earlier version's name: no pid
        folder / f".art-0242.po.{dead.stdout.strip()}.0badcafe.tmp",  # its process is gone
        state / f".status-memo.{dead.stdout.strip()}.deadbeef.tmp",
    ]
    state.mkdir()
    for path in left:
        path.write_bytes(b"half a file")
    alive = folder / f".art-0243.po.{os.getppid()}.0123abcd.tmp"  # a live process's write
    kept = [folder / "art-0241.po", folder / ".hidden.tmp", folder / ".x.po.nothex!.tmp", alive]
    for path in kept:
        path.write_bytes(b"keep")
    with project_lock(state, leftovers=[folder, tmp_path / "missing"]):
        pass
    assert not any(path.exists() for path in left)
    assert all(path.exists() for path in kept)
