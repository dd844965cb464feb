"""The package builds as a wheel that carries what users need (py.typed, the licence, the
version from its one source), and building it leaves the sample project's files alone."""

from __future__ import annotations

import email
import subprocess
import sys
import zipfile
from pathlib import Path

from tmflow import __version__

REPO = Path(__file__).resolve().parent.parent


def _tracked(root: Path) -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True
    ).stdout
    return [name for name in out.decode("utf-8").split("\0") if name]


def test_wheel_is_complete_and_the_build_leaves_the_sample_alone(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    for name in _tracked(REPO):
        src, dst = REPO / name, copy / name
        if src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(src.read_bytes())
    published = {p: p.read_bytes() for p in (copy / "published").rglob("*") if p.is_file()}
    assert published, "the sample's published/ folder is part of the repository"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            ".",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # setuptools works in build/ (its own folder): the sample's output folder is untouched
    after = {p: p.read_bytes() for p in (copy / "published").rglob("*") if p.is_file()}
    assert after == published
    (wheel,) = (tmp_path / "dist").glob("tmflow-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta = email.message_from_bytes(
            zf.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        )
    assert "tmflow/py.typed" in names
    assert "tmflow/io/po/reader.py" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(n.startswith(("published/", "locales/", "sources/", "tests/")) for n in names)
    assert meta["Version"] == __version__
    assert meta["License-Expression"] == "MIT"
