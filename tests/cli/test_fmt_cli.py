from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import invoke

PO = """msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "A sentence long enough that an editor which wraps at seventy-nine columns will wrap it."
msgstr "Une phrase assez longue pour qu'un éditeur qui coupe à soixante-dix-neuf colonnes la coupe."
"""


def make(project: Path) -> Path:
    path = project / "locales" / "fr" / "a.po"
    path.parent.mkdir(parents=True)
    path.write_text(PO, "utf-8")
    return path


def test_fmt_check_passes_on_canonical_and_fails_on_wrapped(empty_project: Path) -> None:
    path = make(empty_project)
    result = invoke("fmt", "--check", cwd=empty_project)
    assert result.code == 0, result.output
    assert "1 files in canonical layout" in result.stdout
    # an editor re-wraps the file
    wrapped = subprocess.run(["msgcat", str(path)], capture_output=True, text=True).stdout
    path.write_text(wrapped, "utf-8")
    result = invoke("fmt", "--check", cwd=empty_project)
    assert result.code == 1
    assert "would reformat locales/fr/a.po" in result.stdout
    assert path.read_text("utf-8") == wrapped  # --check writes nothing
    result = invoke("fmt", cwd=empty_project)
    assert result.code == 0 and "1 reformatted" in result.stdout
    assert path.read_text("utf-8") == PO
    assert invoke("fmt", "--check", cwd=empty_project).code == 0


def test_one_bad_file_is_one_error_and_every_other_file_is_formatted(
    empty_project: Path,
) -> None:
    path = make(empty_project)
    broken = empty_project / "locales" / "fr" / "b.po"
    broken_text = PO + 'msgid "x"\nmsgstr "unterminated\n'
    broken.write_text(broken_text, "utf-8")
    also = empty_project / "locales" / "fr" / "c.po"
    also.write_bytes(b"\x00\xff not a PO file\n")
    wrapped = subprocess.run(["msgcat", str(path)], capture_output=True, text=True).stdout
    path.write_text(wrapped, "utf-8")
    result = invoke("fmt", "--check", cwd=empty_project)
    assert result.code == 2  # bad input outranks "would reformat"
    assert "would reformat locales/fr/a.po" in result.stdout
    result = invoke("fmt", cwd=empty_project)
    assert result.code == 2
    # each bad file is one error line at the end, naming file and line
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("tmflow: error:")]
    assert len(errors) == 2
    assert "b.po:9: unterminated string" in errors[0] and "c.po:1:" in errors[1]
    assert "1 reformatted" in result.stdout and "2 could not be read" in result.stdout
    assert path.read_text("utf-8") == PO  # the good file was formatted all the same
    assert broken.read_text("utf-8") == broken_text  # the bad ones are left as they are


def test_repository_catalogs_are_canonical() -> None:
    repo = Path(__file__).resolve().parents[2]
    result = invoke("fmt", "--check", cwd=repo)
    assert result.code == 0, result.output


def test_fmt_check_remembers_canonical_files_and_no_cache_reads_again(
    empty_project: Path,
) -> None:
    make(empty_project)
    cache = empty_project / ".tmflow" / "fmt-cache.sqlite3"
    assert invoke("fmt", "--check", "--no-cache", cwd=empty_project).code == 0
    assert not cache.exists()
    assert invoke("fmt", "--check", cwd=empty_project).code == 0
    assert cache.exists()
    assert (empty_project / ".tmflow" / ".gitignore").read_text("utf-8") == "*\n"
    result = invoke("fmt", "--check", cwd=empty_project)
    assert result.code == 0 and "1 files in canonical layout" in result.stdout
