"""The path policy (``tmflow.io.paths``) through the functions steps call (``tmflow.io.files``):
inside the project always, links inside fine, links out refused naming the link (or read where
``links-outside`` allows), regular files only, reads bounded."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.hostile import tried
from tmflow.core.errors import ConfigError, InputError, NotFoundError, OutsideProjectError
from tmflow.io import files
from tmflow.io.config import load_config


def _project(root: Path, extra: str = "") -> Path:
    (root / "locales" / "ru").mkdir(parents=True)
    (root / "sources").mkdir()
    (root / "tmflow.toml").write_text(f'languages = ["ru"]\n{extra}', "utf-8")
    load_config(root)  # registers the project with the path policy
    return root


def test_a_link_inside_the_project_is_followed_for_reading_and_writing(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    shared = root / "shared"
    shared.mkdir()
    (shared / "a.po").write_text("old", "utf-8")
    (root / "locales" / "ru" / "a.po").symlink_to(shared / "a.po")
    assert files.read_bytes(root / "locales" / "ru" / "a.po") == b"old"
    assert files.write_atomic(root / "locales" / "ru" / "a.po", "new") is True
    assert (root / "locales" / "ru" / "a.po").is_symlink()
    assert (shared / "a.po").read_text("utf-8") == "new"
    (root / "locales" / "az").symlink_to(shared)  # a linked folder inside the project
    assert files.list_names(root / "locales" / "az", ".po") == ["a"]


def test_a_link_out_of_the_project_is_refused_naming_the_link(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.po").write_text("secret", "utf-8")
    (root / "locales" / "ru" / "x.po").symlink_to(outside / "x.po")
    (root / "locales" / "az").symlink_to(outside)
    tried("links", 6)
    with pytest.raises(
        OutsideProjectError,
        match=r"locales/ru/x\.po: is a link that leads outside the project \(to .*outside/x\.po\); refusing to read",
    ):
        files.read_bytes(root / "locales" / "ru" / "x.po")
    with pytest.raises(OutsideProjectError, match=r"locales/ru/x\.po: .*refusing to write"):
        files.write_atomic(root / "locales" / "ru" / "x.po", "new")
    # a folder on the way: the error names the folder that is the link
    with pytest.raises(OutsideProjectError, match=r"/locales/az: is a link that leads outside"):
        files.read_bytes(root / "locales" / "az" / "x.po")
    with pytest.raises(OutsideProjectError, match=r"/locales/az: .*refusing to write"):
        files.write_atomic(root / "locales" / "az" / "new.po", "new")
    with pytest.raises(OutsideProjectError, match=r"/locales/az: "):
        files.list_names(root / "locales" / "az", ".po")
    with pytest.raises(OutsideProjectError):
        files.stamp(root / "locales" / "ru" / "x.po")
    assert (outside / "x.po").read_text("utf-8") == "secret"
    assert sorted(p.name for p in outside.iterdir()) == ["x.po"]


def test_links_outside_lets_reads_through_and_never_writes(tmp_path: Path) -> None:
    shared = tmp_path / "shared-terms"
    shared.mkdir()
    (shared / "glossary.yml").write_text("terms: []\n", "utf-8")
    root = tmp_path / "p"
    root.mkdir()
    (root / "glossary.yml").symlink_to(shared / "glossary.yml")
    _project(root, '[files]\nlinks-outside = ["../shared-terms"]\n')
    assert files.read_bytes(root / "glossary.yml") == b"terms: []\n"
    with pytest.raises(OutsideProjectError, match="refusing to write"):
        files.write_atomic(root / "glossary.yml", "terms: [x]\n")
    assert (shared / "glossary.yml").read_text("utf-8") == "terms: []\n"


def test_a_fifo_device_or_socket_is_refused_without_blocking(tmp_path: Path) -> None:
    import socket

    root = _project(tmp_path / "p")
    fifo = root / "locales" / "ru" / "a.po"
    os.mkfifo(fifo)
    sock_path = root / "locales" / "ru" / "s.po"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    tried("sizes", 4)
    done = threading.Event()
    errors: list[str] = []

    def read_all() -> None:
        for path in (fifo, sock_path):
            try:
                files.read_bytes(path, "PO file")
            except InputError as err:
                errors.append(str(err))
        done.set()

    threading.Thread(target=read_all, daemon=True).start()
    if not done.wait(10):
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # let the reader go
        pytest.fail("reading a FIFO blocked")
    server.close()
    assert errors[0].endswith(
        "a.po: is a named pipe (FIFO), not a PO file; tmflow reads regular files only"
    )
    assert "s.po: is a socket or a device, not a PO file" in errors[1]
    # a device named on the command line, outside every project: refused all the same
    with pytest.raises(InputError, match=r"/dev/zero: is a device, not a source file"):
        files.read_bytes(Path("/dev/zero"), "source file")
    # writing: into a FIFO inside the project, no
    with pytest.raises(InputError, match="is a named pipe"):
        files.write_atomic(fifo, "x")
    assert fifo.is_fifo()


def test_reads_are_bounded_by_max_size(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "[files]\nmax-size = 1\n")
    big = root / "locales" / "ru" / "big.po"
    big.write_bytes(b"#" * 1_000_001)
    tried("sizes")
    with pytest.raises(
        InputError,
        match=r"big\.po: PO file is larger than the 1\.0 MB tmflow reads \(1\.0 MB or more\); "
        r"raise \[tool\.tmflow\.files\] max-size",
    ):
        files.read_bytes(big, "PO file")
    big.write_bytes(b"#" * 1_000_000)
    assert len(files.read_bytes(big)) == 1_000_000


def test_missing_and_folder_errors_name_the_file(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    with pytest.raises(NotFoundError, match=r"nope\.po: PO file not found"):
        files.read_bytes(root / "nope.po", "PO file")
    assert files.read_if_exists(root / "nope.po") is None
    with pytest.raises(InputError, match=r"ru: is a folder, not a PO file"):
        files.read_bytes(root / "locales" / "ru", "PO file")


def test_configured_tmx_outside_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.tmx"
    outside.write_text("<tmx/>", "utf-8")
    tried("links", 3)
    for value in (str(outside), "../elsewhere.tmx", "../../etc/passwd"):
        root = tmp_path / f"p{abs(hash(value))}"
        (root / "sources").mkdir(parents=True)
        (root / "tmflow.toml").write_text(
            f'languages = ["ru"]\n[memory]\ntmx = ["{value}"]\n', "utf-8"
        )
        with pytest.raises(
            ConfigError, match=r"tmflow\.toml:3: memory\.tmx: path .* points outside the project"
        ):
            load_config(root)
    root = tmp_path / "linked"
    (root / "sources").mkdir(parents=True)
    (root / "mem.tmx").symlink_to(outside)
    (root / "tmflow.toml").write_text('languages = ["ru"]\n[memory]\ntmx = ["mem.tmx"]\n', "utf-8")
    with pytest.raises(
        ConfigError, match=r"memory\.tmx: path 'mem\.tmx' is a link that leads outside"
    ):
        load_config(root)
