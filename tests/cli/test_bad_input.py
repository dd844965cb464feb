"""Bad input through the CLI: each failure is one line naming the file, a distinct exit code
(2 bad input, 130 interrupted), and nothing half-written."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import invoke
from tmflow.io import files

ARTICLE = "khojaly-moscow-2014"


def _edit_source(root: Path) -> None:
    path = root / "sources" / f"{ARTICLE}.txt"
    text = path.read_text("utf-8")
    assert "attended the ceremony." in text
    path.write_text(
        text.replace("attended the ceremony.", "attended the solemn ceremony."), "utf-8"
    )


def _tmp_files(root: Path) -> list[Path]:
    return list(root.rglob(".*.tmp"))


def test_unwritable_locales_is_exit_2_naming_the_file(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a read-only locales folder (simulated: the tests may run as root, who ignores modes)
    real_open = os.open
    locales = str(sample_project / "locales")

    def read_only_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(locales) and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    _edit_source(sample_project)
    before = (sample_project / "locales" / "az" / f"{ARTICLE}.po").read_bytes()
    result = invoke("sync", cwd=sample_project)
    assert result.code == 2, result.output
    pot = f"locales/templates/{ARTICLE}.pot"  # as every message names files: from the project
    assert result.stderr == f"tmflow: error: {pot}: cannot write: Permission denied\n"
    assert (sample_project / "locales" / "az" / f"{ARTICLE}.po").read_bytes() == before
    assert _tmp_files(sample_project) == []


def test_state_folder_blocked_by_a_file_is_exit_2(sample_project: Path) -> None:
    (sample_project / ".tmflow").write_text("not a folder\n", "utf-8")
    result = invoke("sync", cwd=sample_project)
    assert result.code == 2, result.output
    assert result.stderr == (
        "tmflow: error: .tmflow: cannot write: a file stands where a folder is needed\n"
    )


def test_report_into_a_file_as_folder_is_exit_2(sample_project: Path) -> None:
    (sample_project / "notadir").write_text("x", "utf-8")
    result = invoke("status", "--format", "html", "-o", "notadir/s.html", cwd=sample_project)
    assert result.code == 2, result.output
    assert result.stderr == (
        "tmflow: error: notadir: cannot write: a file stands where a folder is needed\n"
    )


def test_os_errors_outside_tmflow_writes_are_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # `tmflow init` into a folder it may not create: the file system's refusal, not a bug
    real_makedirs = os.makedirs

    def refuse(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(name).name == "new" or Path(name).parent.name == "new":
            raise PermissionError(13, "Permission denied", str(name))
        return real_makedirs(name, *args, **kwargs)

    monkeypatch.setattr(os, "makedirs", refuse)
    result = invoke("init", "new", cwd=tmp_path)
    assert result.code == 2, result.output
    assert result.stderr.startswith("tmflow: error: ")
    assert "new" in result.stderr and "Permission denied" in result.stderr
    assert "unexpected" not in result.stderr and result.stderr.count("\n") == 1


def test_interrupted_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.po"
    target.write_text("old\n", "utf-8")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, "new\n")
    assert target.read_text("utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.po"]


def test_ctrl_c_in_a_worker_process_prints_no_traceback(tmp_path: Path) -> None:
    # steps fork worker processes for big projects; Ctrl-C reaches the whole process group
    script = tmp_path / "pool.py"
    script.write_text(
        textwrap.dedent("""\
        import multiprocessing, os, signal, time
        from concurrent.futures import ProcessPoolExecutor
        import tmflow.cli.main  # noqa: F401  (installs the at-fork handler)

        def job(_):
            time.sleep(20)

        if __name__ == "__main__":
            try:
                with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
                    future = pool.submit(job, 0)
                    time.sleep(0.5)
                    os.killpg(os.getpgid(0), signal.SIGINT)
                    future.result()
            except (KeyboardInterrupt, SystemExit):
                print("interrupted")
    """),
        "utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=Path(__file__).resolve().parents[2],
        start_new_session=True,
    )
    assert proc.stdout.strip() == "interrupted"
    assert "Traceback" not in proc.stderr and "KeyboardInterrupt" not in proc.stderr


def test_interrupt_message_says_files_are_complete(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tmflow.steps.sync as sync_step

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(sync_step, "update_project", interrupted)
    result = invoke("sync", cwd=sample_project)
    assert result.code == 130
    assert result.stderr.strip() == "tmflow: interrupted; files already written are complete"
    assert not (sample_project / ".tmflow" / "lock").exists()


def test_global_options_after_the_command_name(sample_project: Path, tmp_path: Path) -> None:
    # README: every command takes --project DIR and -v/-q
    result = invoke("sync", "-q", "--project", str(sample_project), cwd=tmp_path)
    assert result.code == 0, result.output
    assert result.stdout == "sync done: catalogs already up to date\n"
    result = invoke("glossary", "list", "-p", str(sample_project), cwd=tmp_path)
    assert result.code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("17 terms")


def test_sync_warns_about_a_deleted_article(sample_project: Path) -> None:
    (sample_project / "sources" / f"{ARTICLE}.txt").unlink()
    result = invoke("sync", cwd=sample_project)
    assert result.code == 0, result.output
    assert f"warning: article '{ARTICLE}' has no source any more" in result.stderr
    # nothing of the reviewers' work is dropped
    assert (sample_project / "locales" / "az" / f"{ARTICLE}.po").exists()


def test_lock_is_never_visible_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a second tmflow takes an empty lock for a crash leftover and removes it, so the lock
    # must appear with its owner already inside (two syncs at once: the second exits 2)
    lock = tmp_path / "lock"
    seen: list[str] = []
    real_link = os.link

    def watching_link(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        real_link(src, dst, *args, **kwargs)
        seen.append(Path(dst).read_text("utf-8"))

    monkeypatch.setattr(os, "link", watching_link)
    files._create_lock(lock, "123 host\n")
    assert seen == ["123 host\n"]
    with pytest.raises(FileExistsError):
        files._create_lock(lock, "456 host\n")
    assert lock.read_text("utf-8") == "123 host\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lock"]


def test_second_sync_at_the_same_time_is_exit_2(sample_project: Path) -> None:
    state = sample_project / ".tmflow"
    with files.project_lock(state):
        result = invoke("sync", cwd=sample_project)
    assert result.code == 2
    assert result.stderr.startswith(
        f"tmflow: error: another tmflow is running (pid {os.getpid()})"
    )
    assert result.stderr.count("\n") == 1


def test_build_check_names_outputs_of_a_deleted_article(sample_project: Path) -> None:
    assert invoke("build", cwd=sample_project).code == 0
    (sample_project / "sources" / f"{ARTICLE}.txt").unlink()
    result = invoke("build", cwd=sample_project)
    assert result.code == 0, result.output
    assert (
        f"warning: published/az/{ARTICLE}.txt: its source article is gone, but it is still "
        "published; delete it to unpublish"
    ) in result.stderr
    result = invoke("build", "--check", cwd=sample_project)
    assert result.code == 1
    assert result.stdout.splitlines()[-1] == "2 outputs of deleted articles"
    (sample_project / "published" / "az" / f"{ARTICLE}.txt").unlink()
    (sample_project / "published" / "ru" / f"{ARTICLE}.txt").unlink()
    assert invoke("build", "--check", cwd=sample_project).code == 0


def test_build_check_on_stale_outputs_does_not_advise_a_build(sample_project: Path) -> None:
    assert invoke("build", cwd=sample_project).code == 0
    _edit_source(sample_project)
    assert invoke("sync", "--no-draft", cwd=sample_project).code == 0
    assert invoke("build", cwd=sample_project).code == 0
    result = invoke("build", "--check", cwd=sample_project)
    assert result.code == 1
    last = result.stdout.splitlines()[-1]
    assert last.startswith("2 stale outputs of incomplete translations")
    assert "run 'tmflow build'" not in last


def test_configured_glossary_that_is_missing_is_exit_2(sample_project: Path) -> None:
    config = sample_project / "pyproject.toml"
    text = config.read_text("utf-8")
    assert 'glossary = "glossary.yml"' in text
    config.write_text(
        text.replace('glossary = "glossary.yml"', 'glossary = "glosary.yml"'), "utf-8"
    )
    po = sample_project / "locales" / "az" / f"{ARTICLE}.po"
    before = po.read_bytes()
    expected = (
        "tmflow: error: glosary.yml: glossary file not found "
        "(named by the 'glossary' key of the configuration; create it, or fix or "
        "remove the key)\n"
    )
    for args in (("sync",), ("update",), ("glossary", "check")):
        result = invoke(*args, cwd=sample_project)
        assert (result.code, result.stderr) == (2, expected), args
    assert po.read_bytes() == before  # the glossary hints stay in the PO files


def test_an_unknown_provider_is_a_config_error_naming_file_and_line(sample_project: Path) -> None:
    config = sample_project / "pyproject.toml"
    text = config.read_text("utf-8")
    assert 'provider = "pseudo"' in text
    config.write_text(text.replace('provider = "pseudo"', 'provider = "bing"'), "utf-8")
    line = config.read_text("utf-8").splitlines().index('provider = "bing"') + 1
    before = {p: p.read_bytes() for p in (sample_project / "locales").rglob("*.po")}
    result = invoke("sync", cwd=sample_project)
    assert result.code == 2
    assert result.stderr.startswith(
        f"tmflow: error: {config.name}:{line}: tool.tmflow.mt.provider: must be one of google, "
    )
    assert {p: p.read_bytes() for p in before} == before


def test_sync_with_a_provider_lacking_its_key_says_to_fix_the_config(sample_project: Path) -> None:
    config = sample_project / "pyproject.toml"
    text = config.read_text("utf-8")
    config.write_text(text.replace('provider = "pseudo"', 'provider = "microsoft"'), "utf-8")
    env = dict.fromkeys(("TMFLOW_MICROSOFT_API_KEY", "MICROSOFT_API_KEY", "AZURE_TRANSLATOR_KEY"))
    result = invoke("sync", cwd=sample_project, env=env)
    assert result.code == 2, result.output  # extract and update still ran; the key is missing
    assert "warning: draft: " in result.stderr and "microsoft" in result.stderr
    assert (
        "warning: drafting skipped; extract and update are done; fix [tool.tmflow.mt] of "
        "pyproject.toml (or the provider's key), then run 'tmflow draft'"
    ) in result.stderr
    assert "again later" not in result.stderr


def test_ctrl_c_during_the_last_draft_save_still_saves_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.steps.mt.test_draft import entry, make_project
    from tmflow.io.po.reader import load_po
    from tmflow.steps.mt import catalogs as catalogs_mod

    project = make_project(
        tmp_path / "p",
        {
            "one": [entry("Hello world.")],
            "two": [entry("Second article.")],
        },
    )
    real_save = catalogs_mod.save_po
    calls: list[Path] = []

    def interrupted_once(po, path):  # type: ignore[no-untyped-def]
        calls.append(Path(path))
        if len(calls) == 1:
            raise KeyboardInterrupt  # Ctrl-C while the first file is being saved
        return real_save(po, path)

    monkeypatch.setattr(catalogs_mod, "save_po", interrupted_once)
    result = invoke("draft", "--provider", "pseudo", cwd=project)
    assert result.code == 130
    assert result.stderr.strip().endswith(
        "tmflow: interrupted; files already written are complete"
    )
    saved = list(calls[1:])
    assert saved, "the other file was not saved after the interrupt"
    for path in saved:
        assert any(e.msgstr for e in load_po(path) if e.msgid)


def test_output_to_a_pipe_or_symlink_keeps_the_node(sample_project: Path, tmp_path: Path) -> None:
    # `-o /dev/stdout` or a FIFO: write into it; renaming a temp file over it would replace
    # the device node itself (as root, /dev/stdout would become a regular file)
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke("status", "--format", "csv", "-o", str(fifo), cwd=sample_project)
    reader.join(5)
    assert result.code == 0, result.output
    assert received and received[0].startswith(b"article,language,unit,")
    assert fifo.is_fifo()

    target = tmp_path / "real.html"
    link = tmp_path / "link.html"
    link.symlink_to(target)
    result = invoke("status", "--format", "html", "-o", str(link), cwd=sample_project)
    assert result.code == 0, result.output
    assert link.is_symlink() and target.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_build_reason_counts_one_segment_in_the_singular(sample_project: Path) -> None:
    _edit_source(sample_project)
    assert invoke("sync", "--no-draft", cwd=sample_project).code == 0
    result = invoke("build", "-l", "az", ARTICLE, cwd=sample_project)
    assert result.code == 0, result.output
    assert "below the 100% threshold (1 segment left)" in result.stdout


def test_status_with_an_unreadable_po_file_exits_2_naming_file_and_line(
    sample_project: Path,
) -> None:
    po = sample_project / "locales" / "az" / f"{ARTICLE}.po"
    lines = po.read_text("utf-8").split("\n")
    n = next(i for i, ln in enumerate(lines) if ln.startswith('msgstr "') and i > 20)
    lines[n] = lines[n].replace('msgstr "', "msgstr ", 1)
    po.write_text("\n".join(lines), "utf-8")
    result = invoke("status", cwd=sample_project)
    assert result.code == 2
    assert f"tmflow: error: locales/az/{ARTICLE}.po:{n + 1}: " in result.stderr


def test_check_fails_when_a_source_cannot_be_read(sample_project: Path) -> None:
    source = sample_project / "sources" / f"{ARTICLE}.txt"
    source.write_bytes(source.read_text("utf-8").encode("utf-16"))
    result = invoke("check", cwd=sample_project)
    assert result.code == 1
    assert f"sources/{ARTICLE}.txt:1: error [template-outdated]" in result.stdout
    assert "UTF-16" in result.stdout


def test_check_with_a_missing_configured_glossary_is_bad_input(sample_project: Path) -> None:
    config = sample_project / "pyproject.toml"
    config.write_text(
        config.read_text("utf-8").replace('glossary = "glossary.yml"', 'glossary = "glosary.yml"'),
        "utf-8",
    )
    result = invoke("check", cwd=sample_project)
    assert result.code == 2
    assert "glosary.yml: glossary file not found" in result.stderr
