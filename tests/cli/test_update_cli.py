"""``tmflow update``: receipts, dry run, no rewrite when nothing changed, refusal, the lock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import invoke
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po

POT = """msgid ""
msgstr ""
"Project-Id-Version: news\\n"
"POT-Creation-Date: 2026-11-01 10:00+0000\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

#. heading, block 1
#: sources/news.txt:1
msgid "February 27, 2014"
msgstr ""

#. paragraph, block 2
#: sources/news.txt:3
msgid "Leyla Aliyeva delivered a speech at the ceremony."
msgstr ""

#. paragraph, block 3
#: sources/news.txt:5
msgid "The campaign was initiated 5 years ago in Moscow."
msgstr ""
"""


def write_pot(project: Path, text: str = POT) -> Path:
    path = project / "locales" / "templates" / "news.pot"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def translate_all(path: Path) -> None:
    po = load_po(path)
    for e in po:
        e.msgstr = "ТР " + e.msgid
    save_po(po, path)


def test_update_creates_catalogs_then_writes_nothing(empty_project: Path) -> None:
    write_pot(empty_project)
    first = invoke("update", cwd=empty_project)
    assert first.code == 0, first.output
    assert "fr: 0 translated, 3 added" in first.stdout
    assert "ru: 0 translated, 3 added" in first.stdout
    assert "updated 2 files (2 new)" in first.stdout
    ru = empty_project / "locales" / "ru" / "news.po"
    po = load_po(ru)
    assert po.metadata["Language"] == "ru" and "nplurals=3" in po.metadata["Plural-Forms"]
    translate_all(ru)
    stamp = ru.stat().st_mtime_ns
    time.sleep(0.01)
    again = invoke("update", cwd=empty_project)
    assert again.code == 0, again.output
    assert "ru: 3 translated" in again.stdout
    assert "nothing written" in again.stdout
    assert ru.stat().st_mtime_ns == stamp


def test_edit_shows_receipt_and_dry_run_writes_nothing(empty_project: Path) -> None:
    pot = write_pot(empty_project)
    assert invoke("update", "-l", "ru", cwd=empty_project).code == 0
    ru = empty_project / "locales" / "ru" / "news.po"
    translate_all(ru)
    pot.write_text(
        POT.replace("5 years", "6 years").replace(
            'msgid "February 27, 2014"\nmsgstr ""\n',
            'msgid "February 27, 2014"\nmsgstr ""\n\n'
            'msgid "A new sentence about something else entirely."\nmsgstr ""\n',
        ),
        "utf-8",
    )
    before = ru.read_bytes()
    dry = invoke("update", "--dry-run", "-l", "ru", cwd=empty_project)
    assert dry.code == 0, dry.output
    assert "ru: 2 translated, 1 became fuzzy, 1 added" in dry.stdout
    assert "dry run: would write 1 file" in dry.stdout
    assert ru.read_bytes() == before
    real = invoke("-v", "update", "-l", "ru", cwd=empty_project)
    assert real.code == 0, real.output
    assert "source edits: numbers 1" in real.stdout
    assert "wrote locales/ru/news.po" in real.stdout or "news.po" in real.stdout
    entry = next(e for e in load_po(ru) if e.msgid.startswith("The campaign"))
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == "The campaign was initiated 5 years ago in Moscow."
    assert entry.msgstr == "ТР The campaign was initiated 5 years ago in Moscow."
    assert "tmflow: source changed: numbers (5 → 6)" in entry.tcomment
    assert not (empty_project / "locales" / "fr" / "news.po").exists()


def test_update_refuses_when_a_translation_would_be_lost(
    empty_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pot(empty_project)
    assert invoke("update", cwd=empty_project).code == 0
    ru = empty_project / "locales" / "ru" / "news.po"
    fr = empty_project / "locales" / "fr" / "news.po"
    translate_all(ru)
    write_pot(empty_project, POT + '\nmsgid "Brand new."\nmsgstr ""\n')
    before = {p: p.read_bytes() for p in (ru, fr)}
    # no input loses a translation by construction (even a segment that became plural keeps
    # it, as fuzzy); the guard is the last line of defence: make it see a loss
    from tmflow.steps.merge import update as update_module

    real = update_module._keeps
    monkeypatch.setattr(
        update_module,
        "_keeps",
        lambda old, new: old.msgid != "February 27, 2014" and real(old, new),
    )
    result = invoke("update", cwd=empty_project)
    assert result.code == 1
    assert "would lose" in result.stderr and "February 27, 2014" in result.stderr
    assert "nothing was written" in result.stderr
    assert "1 WOULD LOSE THEIR TRANSLATION" in result.stdout
    assert {p: p.read_bytes() for p in (ru, fr)} == before


def test_json_receipt(empty_project: Path) -> None:
    import json

    write_pot(empty_project)
    result = invoke("update", "--format", "json", "-l", "fr", cwd=empty_project)
    data = json.loads(result.stdout)
    assert data["languages"]["fr"]["added"] == 3
    assert data["created"] == [str(empty_project.resolve() / "locales" / "fr" / "news.po")]


def test_unknown_article_and_language_are_input_errors(empty_project: Path) -> None:
    write_pot(empty_project)
    assert invoke("update", "nope", cwd=empty_project).code == 2
    bad = invoke("update", "-l", "de", cwd=empty_project)
    assert bad.code == 2 and "not a target language" in bad.stderr


HOLD = """
import sys, time
from pathlib import Path
from tmflow.io.files import project_lock
with project_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(30)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return env


def test_second_process_gets_a_clear_lock_error(empty_project: Path) -> None:
    write_pot(empty_project)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(empty_project / ".tmflow")],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        other = subprocess.run(
            [sys.executable, "-m", "tmflow", "update"],
            cwd=empty_project,
            capture_output=True,
            text=True,
            env=_env(),
            timeout=60,
        )
        assert other.returncode == 2, other.stderr
        assert f"another tmflow is running (pid {holder.pid})" in other.stderr
        assert not (empty_project / "locales" / "fr").exists()
    finally:
        holder.kill()
        holder.wait()
    # the holder died without releasing: its lock is stale and is taken over
    assert (empty_project / ".tmflow" / "lock").exists()
    after = subprocess.run(
        [sys.executable, "-m", "tmflow", "update"],
        cwd=empty_project,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
    )
    assert after.returncode == 0, after.stderr
    assert (empty_project / "locales" / "fr" / "news.po").is_file()
    assert not (empty_project / ".tmflow" / "lock").exists()
