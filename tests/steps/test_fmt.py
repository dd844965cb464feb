"""``format_files``: the cache of canonical files (a file not read again while its size and
modification time stay the same), and verdicts that are the same with and without it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tmflow.io.config import load_config
from tmflow.steps import fmt
from tmflow.steps.fmt import CACHE_NAME, catalog_files, format_files

CANONICAL = (
    'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
    '#: a.txt:1\nmsgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Un fichier"\n'
    'msgstr[1] "%d fichiers"\n\n'
    'msgid "Hello"\nmsgstr "Salut"\n'
)
# the same file with one string split over two lines (as an editor that wraps writes it)
WRAPPED = CANONICAL.replace('msgstr "Salut"', 'msgstr ""\n"Salut"')
OLD = time.time() - 3600  # a whole-second mtime this old can be trusted


@pytest.fixture
def project(empty_project: Path) -> Path:
    for lang in ("fr", "ru"):
        path = empty_project / "locales" / lang / "a.po"
        path.parent.mkdir(parents=True)
        path.write_text(CANONICAL.replace("Language: fr", f"Language: {lang}"), "utf-8")
        os.utime(path, (OLD, OLD))
    return empty_project


def _run(root: Path, check: bool = True) -> fmt.FmtResult:
    config = load_config(root)
    return format_files(
        catalog_files(config), check=check, state_dir=config.state_dir, root=config.root
    )


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files ``format_files`` reads from now on."""
    read: list[Path] = []
    real = fmt.read_stamped

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        read.append(Path(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fmt, "read_stamped", counting)
    return read


def test_second_run_reads_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _run(project)
    assert (first.checked, first.changed, first.cached) == (2, [], 0)
    assert (project / ".tmflow" / CACHE_NAME).exists()
    read = _reads(monkeypatch)
    second = _run(project)
    assert (second.checked, second.changed, second.cached) == (2, [], 2)
    assert read == []


def test_a_changed_file_is_read_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(project)
    path = project / "locales" / "ru" / "a.po"
    path.write_text(WRAPPED, "utf-8")
    os.utime(path, (OLD + 5, OLD + 5))
    read = _reads(monkeypatch)
    result = _run(project)
    assert read == [path]
    assert result.changed == [path] and result.cached == 1
    # "not canonical" is remembered too: listed again without reading the file
    read.clear()
    again = _run(project)
    assert again.changed == [path] and read == []
    # fmt itself does not trust that row: it reads and rewrites the file
    written = _run(project, check=False)
    assert written.changed == [path] and read == [path]
    assert path.read_text("utf-8") == CANONICAL
    read.clear()
    assert _run(project).changed == [] and read == [path]  # the rewritten file, read once


def test_same_size_rewrite_within_the_second_is_not_missed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system with whole-second times, a file rewritten within the same second
    with the same size keeps its stamp: such a recent stamp is never cached."""
    path = project / "locales" / "fr" / "a.po"
    now = float(int(time.time()))
    os.utime(path, (now, now))
    first = _run(project)
    assert first.changed == [] and first.cached == 0
    same_size = CANONICAL.replace("Salut", "Allo!")
    assert len(same_size) == len(CANONICAL)
    path.write_text(same_size.replace('msgstr "Allo!"', 'msgstr "Allo"'), "utf-8")
    path.write_text(same_size, "utf-8")
    os.utime(path, (now, now))  # the stamp the first run saw
    read = _reads(monkeypatch)
    _run(project)
    assert path in read  # not taken from the cache
    # a whole-second stamp old enough is trusted: cached, then taken from the cache
    os.utime(path, (OLD, OLD))
    _run(project)
    read.clear()
    assert _run(project).cached == 2 and read == []
    # an in-place edit that changes the mtime in nanoseconds alone is seen
    os.utime(path, ns=(int(OLD * 1e9) + 1, int(OLD * 1e9) + 1))
    _run(project)
    assert read == [path]


def test_cache_of_another_version_is_not_read(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tmflow

    _run(project)
    monkeypatch.setattr(tmflow, "__version__", "0.0.0-other")
    read = _reads(monkeypatch)
    assert _run(project).cached == 0 and len(read) == 2


def test_verdicts_are_the_same_in_worker_processes(project: Path) -> None:
    config = load_config(project)
    path = project / "locales" / "ru" / "a.po"
    path.write_text(WRAPPED, "utf-8")
    bad = project / "locales" / "ru" / "b.po"
    bad.write_text(CANONICAL + 'msgid "x"\nmsgstr "open\n', "utf-8")
    files = catalog_files(config) * 40  # enough to start the workers
    one = format_files(files, check=True, workers=1)
    two = format_files(files, check=True, workers=2)
    assert one.changed == two.changed and len(one.changed) == 40
    assert [str(e) for e in one.errors] == [str(e) for e in two.errors] and len(two.errors) == 40
    assert one.checked == two.checked == 80
