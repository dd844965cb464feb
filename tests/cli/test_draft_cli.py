"""``tmflow draft`` through the real error boundary, and a kill -9 in the middle of a run."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from tests.conftest import invoke
from tests.fakes.libre_server import FakeLibre
from tests.steps.mt.test_draft import entry, make_project, po_entries
from tmflow.core import provenance
from tmflow.io.po.reader import load_po
from tmflow.steps.mt import draft as draft_mod


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draft_mod, "BACKOFF_BASE", 0.01)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(
        tmp_path / "p",
        {
            "one": [entry("Hello world."), entry("Done.", "Fait.")],
            "two": [entry("Hello world."), entry("Second article.")],
        },
    )


def test_pseudo_drafts_everything(project: Path) -> None:
    result = invoke("draft", "--provider", "pseudo", cwd=project)
    assert result.code == 0, result.output
    assert "6 drafts from pseudo, 0 segments left untranslated" in result.stdout
    assert "fr: 3 drafted" in result.stdout
    got = po_entries(project, "fr", "two")["Second article."]
    assert "fuzzy" in got.flags and got.msgstr.startswith("⟦Šéçóñđ")
    assert po_entries(project, "fr", "one")["Done."].msgstr == "Fait."


def test_progress_lines_in_ci_logs(project: Path) -> None:
    with FakeLibre() as fake:
        result = invoke("draft", "--url", fake.url, "-l", "az", cwd=project)
    assert result.code == 0, result.output
    assert "draft az: 2/2 (100%)" in result.stderr
    assert "draft fr" not in result.stderr
    assert fake.requests == 2


def test_dry_run_prints_what_would_be_sent(project: Path) -> None:
    with FakeLibre() as fake:
        result = invoke("draft", "--url", fake.url, "--dry-run", cwd=project)
    assert result.code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "language",
        "segments",
        "unique",
        "cached",
        "requests",
        "characters",
    ]
    assert lines[1].split() == ["fr", "3", "2", "0", "2", "27"]
    assert (
        "dry run with libre: 6 segments, 4 requests, 54 characters would be sent" in result.stdout
    )
    assert fake.requests == 0
    assert po_entries(project, "fr", "one")["Hello world."].msgstr == ""


def test_article_and_limit_selection(project: Path) -> None:
    with FakeLibre() as fake:
        result = invoke("draft", "two", "-l", "fr", "--url", fake.url, "--limit", "1", cwd=project)
    assert result.code == 0, result.output
    assert fake.requests == 1
    assert po_entries(project, "fr", "one")["Hello world."].msgstr == ""


def test_no_provider_configured(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"a": [entry("x")]}, languages=("fr",))
    (root / "tmflow.toml").write_text('languages = ["fr"]\n', "utf-8")
    result = invoke("draft", cwd=root)
    assert result.code == 2
    assert result.stderr.startswith("tmflow: error: no MT provider")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--provider", "deepl"], "deepl needs an API key: set TMFLOW_DEEPL_API_KEY"),
        (["--provider", "gogle"], "did you mean 'google'?"),
        (["--provider", "libre"], "libre needs the URL of a LibreTranslate server"),
        (["-l", "de", "--provider", "pseudo"], "'de' is not a target language"),
    ],
)
def test_configuration_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    root = make_project(tmp_path / "p", {"a": [entry("x")]}, languages=("fr",))
    (root / "tmflow.toml").write_text('languages = ["fr"]\n', "utf-8")
    result = invoke(
        "draft",
        *args,
        cwd=root,
        env={
            "TMFLOW_DEEPL_API_KEY": None,
            "DEEPL_AUTH_KEY": None,
            "DEEPL_API_KEY": None,
            "TMFLOW_LIBRE_API_KEY": None,
            "LIBRE_API_KEY": None,
        },
    )
    assert result.code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_unreachable_provider_one_line_per_language(project: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = invoke("draft", "--url", f"http://127.0.0.1:{port}", cwd=project)
    assert result.code == 2
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("tmflow: error:")]
    assert errors == [
        f"tmflow: error: libre {lang}: cannot connect to 127.0.0.1:{port} (connection "
        "refused or no network)"
        for lang in ("fr", "az")
    ]
    assert "0 drafts from libre, 6 segments left untranslated" in result.stdout


def test_bad_key_exit_2_and_the_key_appears_nowhere(project: Path) -> None:
    key = "sekret-cli-KEY-5150"
    with FakeLibre(api_key="the-right-key") as fake:
        result = invoke(
            "-v", "draft", "--url", fake.url, cwd=project, env={"TMFLOW_LIBRE_API_KEY": key}
        )
    assert key in fake.keys_seen
    assert result.code == 2
    assert "libre refused the API key (HTTP 403); check TMFLOW_LIBRE_API_KEY" in result.stderr
    assert key not in result.output
    for path in project.rglob("*"):
        if path.is_file():
            assert key.encode() not in path.read_bytes(), path


def test_unsupported_language_exit_2_other_languages_drafted(project: Path) -> None:
    with FakeLibre(languages=("en", "fr")) as fake:
        result = invoke("draft", "--url", fake.url, cwd=project)
    assert result.code == 2
    assert "does not translate into 'az'" in result.stderr
    assert po_entries(project, "fr", "two")["Second article."].msgstr == "<fr> Second article."


def test_kill_9_mid_run_keeps_saved_drafts_and_the_rerun_uses_the_cache(tmp_path: Path) -> None:
    count = 120
    root = make_project(
        tmp_path / "p",
        {"news": [entry(f"Sentence number {i}.") for i in range(count)]},
        languages=("fr",),
    )
    po_path = root / "locales" / "fr" / "news.po"
    env = dict(os.environ)
    env.pop("TMFLOW_LIBRE_API_KEY", None)
    env.pop("LIBRE_API_KEY", None)
    with FakeLibre(latency=0.08) as fake:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tmflow", "draft", "--url", fake.url, "--concurrency", "2"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if "tmflow: mt libre" in po_path.read_text("utf-8"):
                    break
                time.sleep(0.02)
            time.sleep(0.3)  # a few more results in the cache only
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        assert proc.returncode == -signal.SIGKILL
        sent_before = fake.requests

        # every PO file still parses; what was saved is kept
        saved = [e for e in load_po(po_path) if e.msgstr]
        assert 0 < len(saved) < count
        assert all(provenance.classify(e).value == "mt" for e in saved)
        with sqlite3.connect(root / ".tmflow" / "mt-cache.sqlite3") as db:
            cached = db.execute("SELECT count(*) FROM mt").fetchone()[0]
        assert cached >= len(saved)

        result = invoke("draft", "--url", fake.url, cwd=root)
        assert result.code == 0, result.output
        rerun = fake.requests - sent_before
    assert rerun == count - cached  # everything the cache had cost nothing
    final = load_po(po_path)
    assert all(e.msgstr == f"<fr> {e.msgid}" and "fuzzy" in e.flags for e in final)
    by_id = {e.msgid: e.msgstr for e in final}
    assert all(by_id[e.msgid] == e.msgstr for e in saved)
    assert not isinstance(final, polib.POEntry)


def test_terminal_progress_bars_redraw_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from tmflow.cli.commands.draft import _Progress
    from tmflow.cli.context import AppContext
    from tmflow.steps.mt.draft import ProgressEvent

    out = io.StringIO()
    monkeypatch.setattr(sys, "stderr", out)
    progress = _Progress(AppContext(), tty=True)
    progress(ProgressEvent("fr", 0, 40))
    progress(ProgressEvent("az", 0, 10))
    time.sleep(0.12)
    progress(ProgressEvent("fr", 20, 40))
    progress(ProgressEvent("fr", 40, 40, finished=True))
    progress(ProgressEvent("az", 10, 10, finished=True))
    text = out.getvalue()
    assert "\x1b[2F" in text  # two bars, redrawn in place
    assert "    fr ████████████░░░░░░░░░░░░ 20/40, ETA" in text
    assert text.rstrip("\n").split("\n")[-2:] == [
        "\x1b[2F\x1b[2K    fr " + "█" * 24 + " 40/40",
        "\x1b[2K    az " + "█" * 24 + " 10/10",
    ]


def test_pseudo_fills_the_sample_project(sample_project: Path) -> None:
    import shutil

    for lang in ("fr", "ar"):  # the committed sample has drafts there already
        shutil.rmtree(sample_project / "locales" / lang)
    assert invoke("update", cwd=sample_project).code == 0
    before = {
        p: [e for e in load_po(p) if provenance.classify(e).value == "untranslated"]
        for p in sorted((sample_project / "locales").glob("*/*.po"))
    }
    translated_before = {p: {e.msgid: e.msgstr for e in load_po(p) if e.msgstr} for p in before}
    assert sum(len(v) for v in before.values()) > 0
    result = invoke("draft", "--provider", "pseudo", cwd=sample_project)
    assert result.code == 0, result.output
    assert "0 segments left untranslated" in result.stdout
    for path, untranslated in before.items():
        now = {e.msgid: e for e in load_po(path)}
        for old in untranslated:
            got = now[old.msgid]
            assert provenance.classify(got).value == "mt", (path, old.msgid)
            assert provenance.lines(got.tcomment) == [f"mt pseudo {draft_mod._today()}"]
        for msgid, msgstr in translated_before[path].items():
            assert now[msgid].msgstr == msgstr  # nothing that had text was touched
    fr = load_po(sample_project / "locales" / "fr" / "khojaly-moscow-2014.po")
    hotel = [e for e in fr if "AZIMUT" in e.msgid]
    assert hotel and all(
        e.msgstr.startswith("⟦") and "“AZIMUT Moscow Olympic”" in e.msgstr for e in hotel
    )  # the do-not-translate name kept, the rest accented


def test_ctrl_c_saves_every_result_received_so_far(tmp_path: Path) -> None:
    count = 80
    root = make_project(
        tmp_path / "p",
        {"news": [entry(f"Item number {i}.") for i in range(count)]},
        languages=("fr",),
    )
    po_path = root / "locales" / "fr" / "news.po"
    cache_path = root / ".tmflow" / "mt-cache.sqlite3"
    env = {k: v for k, v in os.environ.items() if "LIBRE" not in k}
    with FakeLibre(latency=0.05) as fake:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tmflow", "draft", "--url", fake.url, "--concurrency", "2"],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and fake.requests < 10:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    drafted = [e for e in load_po(po_path) if e.msgstr]
    with sqlite3.connect(cache_path) as db:
        cached = db.execute("SELECT count(*) FROM mt").fetchone()[0]
    assert 0 < len(drafted) < count
    # everything that arrived is in the PO file, not only in the cache (give or take the one
    # result being handled at the instant of the signal)
    assert cached - 1 <= len(drafted) <= cached
    assert not (root / ".tmflow" / "lock").exists()


def test_no_network_one_line_per_language_for_google(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_dns(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    result = invoke("draft", "--provider", "google", cwd=project)
    assert result.code == 2
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("tmflow: error:")]
    assert errors == [
        f"tmflow: error: google {lang}: cannot resolve host translate.google.com"
        for lang in ("fr", "az")
    ]


def test_ctrl_c_does_not_wait_for_requests_in_flight(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {"a": [entry(f"Stuck {i}.") for i in range(4)]},
        languages=("fr",),
        timeout=60.0,
    )
    env = {k: v for k, v in os.environ.items() if "LIBRE" not in k}
    with FakeLibre(rule=lambda n, text: "timeout", timeout_sleep=60.0) as fake:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tmflow", "draft", "--url", fake.url, "--concurrency", "2"],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and fake.requests < 2:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=20)  # the hung requests would take 60 s
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 130, err
    assert "tmflow: interrupted" in err
