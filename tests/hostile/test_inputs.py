"""Hostile names, encodings, sizes and settings through the command line: every one gets a
clear error (exit 2, one line naming the file) or is handled; none is an unexpected error
(exit 3), none hangs, none changes a file it should not."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import invoke
from tests.hostile import tried

ARTICLE = "khojaly-moscow-2014"


def _tree(root: Path, *folders: str) -> dict[str, str]:
    out = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _escaped(name: bytes) -> str:
    """A file name as messages show it: bytes that are not UTF-8 and control characters as
    ``\\xNN``."""
    out = []
    for char in os.fsdecode(name):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        else:
            out.append(char)
    return "".join(out)


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("tmflow: ")]
    assert len(lines) == 1, stderr
    assert not lines[0].startswith("tmflow: unexpected error"), stderr
    assert "Traceback" not in stderr, stderr
    assert "\x1b" not in stderr, stderr
    return lines[0]


# ---------------------------------------------------------------------------------------------
# source files whose names are not UTF-8 or hold control characters


@pytest.mark.parametrize(
    "name",
    [b"caf\xe9.txt", b"\xff\xfe.md", b"red\x1b[31m.txt", b"new\nline.txt", b"nul\x01.md"],
)
def test_a_source_file_name_that_is_not_text_is_exit_2(sample_project: Path, name: bytes) -> None:
    tried("names", 2)
    sources = os.fsencode(sample_project / "sources")
    with open(os.path.join(sources, name), "wb") as handle:
        handle.write(b"A sentence.\n")
    before = _tree(sample_project, "locales")
    for command in ("extract", "sync"):
        result = invoke(command, cwd=sample_project)
        assert result.code == 2, result.output
        line = _one_error_line(result.stderr)
        assert "is not UTF-8 text or holds control characters; rename it" in line
        assert f"'{_escaped(name)}'" in line, line
    assert _tree(sample_project, "locales") == before


def test_a_po_file_name_that_is_not_utf8_is_shown_with_escapes(sample_project: Path) -> None:
    tried("names")
    folder = os.fsencode(sample_project / "locales" / "ru")
    src = sample_project / "locales" / "ru" / f"{ARTICLE}.po"
    with open(os.path.join(folder, b"caf\xe9.po"), "wb") as handle:
        handle.write(src.read_bytes())
    for fmt in ("text", "markdown", "csv", "html"):
        result = invoke("status", "--format", fmt, cwd=sample_project)
        assert result.code == 0, result.output
        shown = result.stdout.replace("\\\\", "\\")  # Markdown escapes the backslash
        assert "caf\\xe9" in shown, fmt
    result = invoke("status", "--format", "json", cwd=sample_project)
    assert "caf\\xe9" in json.loads(result.stdout)["articles"]
    result = invoke("check", "--format", "json", cwd=sample_project)
    assert result.code in (0, 1) and "\ufffd" not in result.stdout


# ---------------------------------------------------------------------------------------------
# output to a stream that cannot hold the text


@pytest.mark.parametrize("encoding", ["latin-1", "cp437"])
def test_output_to_a_legacy_encoding_is_a_clear_exit_2(
    sample_project: Path, encoding: str
) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    for args in (
        ("segment", f"sources/{ARTICLE}.txt"),
        ("glossary", "list"),
        ("check", "--list"),
        ("status", "--format", "markdown"),
    ):
        tried("encodings")
        proc = subprocess.run(
            [sys.executable, "-m", "tmflow", *args],
            cwd=sample_project,
            env=env,
            capture_output=True,
            timeout=60,
        )
        stderr = proc.stderr.decode(encoding)
        assert proc.returncode == 2, (args, stderr)
        line = _one_error_line(stderr)
        assert f"standard output uses the {encoding}" in line.replace("iso8859-1", "latin-1")
        assert "PYTHONIOENCODING=utf-8" in line


# ---------------------------------------------------------------------------------------------
# locks, URLs, settings


@pytest.mark.parametrize(
    "content", [b"\xff\xfe", b"99999999999999999999999 host", b"0 vm", b"", b"-1", b"\x00"]
)
def test_a_stale_lock_with_any_content_does_not_stop_a_run(
    sample_project: Path, content: bytes
) -> None:
    tried("files")
    (sample_project / ".tmflow").mkdir()
    (sample_project / ".tmflow" / "lock").write_bytes(content)
    result = invoke("update", cwd=sample_project)
    assert result.code == 0, result.output
    assert not (sample_project / ".tmflow" / "lock").exists()


def test_a_url_that_is_not_one_is_exit_2(sample_project: Path) -> None:
    tried("settings", 3)
    for url in ("http://[::1", "ftp://example.org/", "http:///nohost"):
        result = invoke("draft", "--provider", "libre", "--url", url, cwd=sample_project)
        assert result.code == 2, result.output
        assert "Invalid value for '--url'" in result.output and "Traceback" not in result.output
    config = sample_project / "pyproject.toml"
    config.write_text(
        config.read_text("utf-8").replace(
            'provider = "pseudo"', 'provider = "libre"\nurl = "http://[::1"'
        ),
        "utf-8",
    )
    result = invoke("status", cwd=sample_project)
    assert result.code == 2
    assert "mt.url: 'http://[::1': not a valid URL" in _one_error_line(result.stderr)


@pytest.mark.parametrize(
    "text",
    [
        "languages = " + "[" * 5000,
        "languages = " + "[" * 5000 + "]" * 5000,
        "x = " + "{a = " * 3000 + "1" + "}" * 3000,
    ],
    ids=["open brackets", "closed brackets", "inline tables"],
)
def test_a_config_nested_too_deeply_is_exit_2(tmp_path: Path, text: str) -> None:
    tried("settings")
    (tmp_path / "sources").mkdir()
    (tmp_path / "tmflow.toml").write_text(text, "utf-8")
    result = invoke("status", cwd=tmp_path)
    assert result.code == 2, result.output
    line = _one_error_line(result.stderr)
    assert "tmflow.toml" in line


# ---------------------------------------------------------------------------------------------
# an unusable glossary stops update and sync before any file is written


def _break_glossary(root: Path, how: str) -> None:
    path = root / "glossary.yml"
    path.unlink()
    if how == "folder":
        path.mkdir()
    elif how == "malformed":
        path.write_text("terms:\n  - term: [unclosed\n", "utf-8")
    elif how == "fifo":
        os.mkfifo(path)
    elif how == "binary":
        path.write_bytes(b"\xff\xfe\x00\x01" * 100)


@pytest.mark.parametrize("how", ["missing", "folder", "malformed", "fifo", "binary"])
def test_an_unusable_glossary_stops_update_and_sync_before_any_write(
    sample_project: Path, how: str
) -> None:
    tried("files", 2)
    source = sample_project / "sources" / f"{ARTICLE}.txt"
    source.write_text(source.read_text("utf-8") + "\nA new closing sentence.\n", "utf-8")
    assert invoke("extract", cwd=sample_project).code == 0  # templates now ahead of the PO files
    hints = (sample_project / "locales" / "ru" / f"{ARTICLE}.po").read_text("utf-8")
    assert "#. glossary: " in hints
    _break_glossary(sample_project, how)
    source.write_text(source.read_text("utf-8") + "\nOne more.\n", "utf-8")
    before = _tree(sample_project, "locales")
    for command in ("update", "sync"):
        result = invoke(command, cwd=sample_project)
        assert result.code == 2, (command, result.output)
        line = _one_error_line(result.stderr)
        assert "glossary.yml" in line, line
        assert _tree(sample_project, "locales") == before, f"{command} wrote a file"
    # without the 'glossary' key, a missing glossary.yml means: no glossary
    if how == "missing":
        config = sample_project / "pyproject.toml"
        config.write_text(
            config.read_text("utf-8").replace('glossary = "glossary.yml"\n', ""), "utf-8"
        )
        assert invoke("update", cwd=sample_project).code == 0


# ---------------------------------------------------------------------------------------------
# a corpus of hostile contents in every kind of file a command reads

CONTENTS: dict[str, bytes] = {
    "empty": b"",
    "NULs": b"\x00" * 64,
    "UTF-16 with BOM": 'msgid "x"\nmsgstr "y"\n'.encode("utf-16"),
    "latin-1": "Café «x» été\n".encode("latin-1") * 8,
    "BOM only": b"\xef\xbb\xbf",
    "random bytes": random.Random(20).randbytes(2048),
    "ESC sequences": b"\x1b[31mred\x1b[0m \x1b]0;title\x07\n" * 4,
    "open quotes": b'msgid "' * 500,
    "deep brackets": b"[" * 5000,
    "deep YAML": b"terms: " + b"[" * 3000 + b"\n",
    "YAML alias bomb": b"a: &a [x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\n"
    b"d: &d [*c, *c, *c, *c]\nterms: [*d, *d, *d, *d]\n",
    "XML entity bomb": b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><tmx version="1.4"><body>&b;</body></tmx>',
    "one long line": b"x" * 300_000,
    "CRs only": b"\r" * 1000,
    "line separators": "a\u2028b\u2029c\x85d\n".encode(),
}

# (what file, where, commands that read it)
KINDS: list[tuple[str, str, list[tuple[str, ...]]]] = [
    ("source", f"sources/{ARTICLE}.txt", [("extract",), ("segment", f"sources/{ARTICLE}.txt")]),
    ("Markdown source", "sources/hostile.md", [("extract",), ("build", "hostile")]),
    (
        "PO file",
        f"locales/ru/{ARTICLE}.po",
        [("update",), ("status",), ("check", "-l", "ru"), ("fmt", "--check"), ("build",)],
    ),
    ("template", f"locales/templates/{ARTICLE}.pot", [("update", "-l", "az"), ("check",)]),
    ("glossary", "glossary.yml", [("glossary", "check"), ("update",)]),
    ("TMX to import", "in.tmx", [("tm", "import", "in.tmx")]),
    ("TBX to import", "in.tbx", [("glossary", "import", "in.tbx")]),
    ("configuration", "tmflow.toml", [("status",)]),
]


@pytest.mark.parametrize("kind", [k[0] for k in KINDS])
def test_hostile_contents_in_every_kind_of_file(sample_project: Path, kind: str) -> None:
    _kind, rel, commands = next(k for k in KINDS if k[0] == kind)
    path = sample_project / rel
    if kind == "configuration":
        (sample_project / "pyproject.toml").unlink()
    for label, content in CONTENTS.items():
        path.write_bytes(content)
        for args in commands:
            tried("contents")
            result = invoke(*args, cwd=sample_project)
            where = f"{kind} holding {label}: tmflow {' '.join(args)}"
            assert result.code in (0, 1, 2), f"{where}: exit {result.code}\n{result.output}"
            assert "Traceback" not in result.output, where
            if result.code == 2:
                line = _one_error_line(result.stderr)
                assert line.isprintable(), where


def test_a_file_over_max_size_is_refused_by_every_reader(sample_project: Path) -> None:
    config = sample_project / "pyproject.toml"
    config.write_text(config.read_text("utf-8") + "\n[tool.tmflow.files]\nmax-size = 1\n", "utf-8")
    po = sample_project / "locales" / "ru" / f"{ARTICLE}.po"
    po.write_bytes(po.read_bytes() + b"#" * 1_000_000)
    for args in (("update",), ("status",), ("fmt", "--check"), ("build",), ("glossary", "check")):
        tried("sizes")
        result = invoke(*args, cwd=sample_project)
        assert result.code == 2, (args, result.output)
        assert f"{ARTICLE}.po" in result.stderr
        assert "larger than the 1.0 MB tmflow reads" in result.stderr, result.stderr
