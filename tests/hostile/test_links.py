"""Every command over a tree of hostile links and special files: nothing outside the project is
read into output or into a project file, nothing outside is written, no command hangs or
crashes, and the commands that meet the hostile path say so in one line naming it."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CliResult, invoke
from tests.hostile import tried

SECRET = "SECRET-OUTSIDE-7f3a"  # in every file outside the project
PASSWD = "root:x:0:0"  # the first line of /etc/passwd

PO = """msgid ""
msgstr ""
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: sources/khojaly-moscow-2014.txt:1
msgid "27 February 2014"
msgstr "{secret} 27"

#: sources/khojaly-moscow-2014.txt:3
msgid "{secret} bait"
msgstr "{secret}"
"""

TBX_CSV = "term,ru\nRemembrance,Память\n"
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" srclang="en" adminlang="en" datatype="plaintext"
segtype="sentence" o-tmf="x"/><body><tu><tuv xml:lang="en"><seg>Hello there.</seg></tuv>
<tuv xml:lang="ru"><seg>Привет.</seg></tuv></tu></body></tmx>
"""

ARTICLE = "khojaly-moscow-2014"

# every command, with the arguments of a real use
COMMANDS: list[tuple[str, ...]] = [
    ("segment", f"sources/{ARTICLE}.txt"),
    ("extract",),
    ("update",),
    ("draft",),
    ("sync",),
    ("status",),
    ("status", "--format", "json"),
    ("status", "--format", "html", "-o", "status.html"),
    ("review", ARTICLE, "-l", "ru", "-o", "review.html"),
    ("review", "--all", "-o", "review"),
    ("check",),
    ("check", "--format", "json"),
    ("build",),
    ("fmt", "--check"),
    ("fmt",),
    ("fmt", f"locales/az/{ARTICLE}.po"),
    ("glossary", "check"),
    ("glossary", "list"),
    ("glossary", "export", "--format", "tbx", "-o", "terms.tbx"),
    ("glossary", "import", "new-terms.csv"),
    ("tm", "import", "memory-in.tmx"),
    ("tm", "export", "-o", "memory-out.tmx"),
    ("tm", "analysis"),
    ("init", "newproject"),
]


def _outside_tree(outside: Path) -> None:
    (outside / "az").mkdir(parents=True)
    (outside / "templates").mkdir()
    (outside / "state").mkdir()
    (outside / "published").mkdir()
    (outside / "sources").mkdir()
    for lang in ("az", "ru", "fr"):
        (outside / f"{lang}.po").write_text(PO.format(lang=lang, secret=SECRET), "utf-8")
    (outside / "az" / f"{ARTICLE}.po").write_text(PO.format(lang="az", secret=SECRET), "utf-8")
    (outside / "templates" / f"{ARTICLE}.pot").write_text(
        PO.format(lang="", secret=SECRET), "utf-8"
    )
    (outside / "secret.txt").write_text(f"{SECRET} in a source.\n\nMore {SECRET}.\n", "utf-8")
    (outside / "sources" / "other.txt").write_text(f"{SECRET} again.\n", "utf-8")
    (outside / "glossary.yml").write_text(f"terms:\n  - term: {SECRET}\n    ru: Секрет\n", "utf-8")
    (outside / "memory.tmx").write_text(TMX.replace("Hello there.", SECRET), "utf-8")


def _snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (links not followed): its kind and, for files, a digest."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(folder))
            if path.is_symlink():
                out[rel] = "link " + os.readlink(path)
            elif path.is_file():
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif path.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = "special"
    return out


def _secret_in_project(root: Path) -> list[str]:
    """Project files (links not followed, special files skipped) that hold a secret."""
    found = []
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
            if SECRET.encode() in data or PASSWD.encode() in data:
                found.append(str(path.relative_to(root)))
    return found


@dataclass
class Scenario:
    name: str
    plant: Callable[[Path, Path], None]  # (project, outside) -> None
    # commands that meet the hostile path: they must name it (exit 1 or 2)
    named_by: tuple[str, ...]
    shown: str  # what their message names


def _link(path: Path, target: Path | str) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


SCENARIOS = [
    Scenario(
        "language folder linked outside",
        lambda p, o: _link(p / "locales" / "az", o / "az"),
        (
            "update",
            "sync",
            "status",
            "review",
            "check",
            "build",
            "fmt",
            "glossary check",
            "tm analysis",
        ),
        "locales/az",
    ),
    Scenario(
        "PO file linked outside",
        lambda p, o: _link(p / "locales" / "az" / f"{ARTICLE}.po", o / "az.po"),
        (
            "update",
            "sync",
            "status",
            "review",
            "check",
            "build",
            "fmt",
            "glossary check",
            "tm analysis",
        ),
        f"locales/az/{ARTICLE}.po",
    ),
    Scenario(
        "templates folder linked outside",
        lambda p, o: _link(p / "locales" / "templates", o / "templates"),
        ("extract", "update", "sync", "fmt"),
        "locales/templates",
    ),
    Scenario(
        "source linked outside",
        lambda p, o: _link(p / "sources" / f"{ARTICLE}.txt", o / "secret.txt"),
        ("segment", "extract", "sync", "build", "review"),
        f"sources/{ARTICLE}.txt",
    ),
    Scenario(
        "PO file linked to /etc/passwd",
        lambda p, o: _link(p / "locales" / "ru" / f"{ARTICLE}.po", "/etc/passwd"),
        (
            "update",
            "sync",
            "status",
            "review",
            "check",
            "build",
            "fmt",
            "glossary check",
            "tm analysis",
        ),
        f"locales/ru/{ARTICLE}.po",
    ),
    Scenario(
        "FIFO as a PO file",
        lambda p, o: _fifo(p / "locales" / "ru" / f"{ARTICLE}.po"),
        (
            "update",
            "sync",
            "status",
            "review",
            "check",
            "build",
            "fmt",
            "glossary check",
            "tm analysis",
        ),
        f"locales/ru/{ARTICLE}.po",
    ),
    Scenario(
        "PO file linked to /dev/zero",
        lambda p, o: _link(p / "locales" / "fr" / f"{ARTICLE}.po", "/dev/zero"),
        (
            "update",
            "sync",
            "status",
            "review",
            "check",
            "build",
            "fmt",
            "glossary check",
            "tm analysis",
        ),
        f"locales/fr/{ARTICLE}.po",
    ),
    Scenario(
        "glossary linked outside",
        lambda p, o: _link(p / "glossary.yml", o / "glossary.yml"),
        (
            "update",
            "sync",
            "check",
            "review",
            "glossary check",
            "glossary list",
            "glossary import",
        ),
        "glossary.yml",
    ),
    Scenario(
        "state folder linked outside",
        lambda p, o: _link(p / ".tmflow", o / "state"),
        ("extract", "update", "sync", "draft", "build", "fmt"),
        ".tmflow",
    ),
    Scenario(
        "imported memory folder linked outside",
        lambda p, o: _link(p / "locales" / "memory", o),
        ("update", "sync", "tm import", "tm export", "tm analysis"),
        "locales/memory",
    ),
]


def _run(args: tuple[str, ...], cwd: Path, fifo: Path | None) -> CliResult:
    """``invoke``, with a watchdog: a command blocked on a FIFO fails the test (its writer
    end is opened to let it go) instead of hanging the suite."""
    box: list[CliResult] = []
    worker = threading.Thread(target=lambda: box.append(invoke(*args, cwd=cwd)), daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():
        if fifo is not None:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        worker.join(10)
        pytest.fail(f"tmflow {' '.join(args)} hung")
    return box[0]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_every_command_over_a_hostile_tree(
    scenario: Scenario, sample_project: Path, tmp_path: Path
) -> None:
    project = sample_project
    outside = tmp_path / "outside"
    _outside_tree(outside)
    (project / "new-terms.csv").write_text(TBX_CSV, "utf-8")
    (project / "memory-in.tmx").write_text(TMX, "utf-8")
    scenario.plant(project, outside)
    fifo = project / "locales" / "ru" / f"{ARTICLE}.po"
    fifo = fifo if fifo.is_fifo() else None
    before = _snapshot(outside)
    named: set[str] = set()
    for args in COMMANDS:
        tried("links")
        result = _run(args, project, fifo)
        where = f"{scenario.name}: tmflow {' '.join(args)}"
        assert result.code in (0, 1, 2), f"{where}: exit {result.code}\n{result.output}"
        assert SECRET not in result.output and PASSWD not in result.output, where
        assert _snapshot(outside) == before, f"{where} changed a file outside the project"
        assert not _secret_in_project(project), (
            f"{where} copied outside content into {_secret_in_project(project)}"
        )
        if result.code == 2:
            errors = [line for line in result.stderr.splitlines() if line.startswith("tmflow:")]
            assert len(errors) >= 1, f"{where}: {result.stderr}"
            assert "unexpected" not in result.stderr, where
        if scenario.shown in result.output and (
            "leads outside the project" in result.output
            or "not a PO file" in result.output
            or "not a regular" in result.output
        ):
            named.add(" ".join(args))
    missing = [c for c in scenario.named_by if not any(done.startswith(c) for done in named)]
    assert not missing, f"{scenario.name}: these commands did not name {scenario.shown}: {missing}"
