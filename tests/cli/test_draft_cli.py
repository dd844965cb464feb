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
from tmflow.steps.mt import scheduler


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheduler, "BACKOFF_BASE", 0.01)


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
    assert fake.requests == 1 and fake.texts == 2  # one batch


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
    assert lines[1].split() == ["fr", "3", "2", "0", "1", "27"]
    assert (
        "dry run with libre: 6 segments, 2 requests, 54 characters would be sent" in result.stdout
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
    assert result.code == 4  # an outside service failed; not bad input
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
            [
                *(sys.executable, "-m", "tmflow", "draft", "--url", fake.url),
                *("--concurrency", "2", "--batch-size", "1"),
            ],
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
        sent_before = fake.texts

        # every PO file still parses; what was saved is kept
        saved = [e for e in load_po(po_path) if e.msgstr]
        assert 0 < len(saved) < count
        assert all(provenance.classify(e).value == "mt" for e in saved)
        with sqlite3.connect(root / ".tmflow" / "mt-cache.sqlite3") as db:
            cached = db.execute("SELECT count(*) FROM mt").fetchone()[0]
        assert cached >= len(saved)

        result = invoke("draft", "--url", fake.url, cwd=root)
        assert result.code == 0, result.output
        rerun = fake.texts - sent_before
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


def test_terminal_progress_shows_a_wait_beside_the_bars(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from tmflow.cli.commands.draft import _Progress
    from tmflow.cli.context import AppContext
    from tmflow.steps.mt.draft import ProgressEvent

    out = io.StringIO()
    monkeypatch.setattr(sys, "stderr", out)
    progress = _Progress(AppContext(), tty=True)
    progress(ProgressEvent("fr", 3, 40))
    progress(ProgressEvent("fr", 3, 40, waiting=30.0, why="rate limited (HTTP 429)"))
    last = out.getvalue().rstrip("\n").split("\n")[-1]
    assert " 3/40" in last and last.endswith(" (waiting 30 s: rate limited (HTTP 429))")


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
            assert provenance.lines(got.tcomment) == [
                f"mt pseudo {draft_mod._today()} {provenance.text_digest(got.msgstr)}"
            ]
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
            [
                *(sys.executable, "-m", "tmflow", "draft", "--url", fake.url),
                *("--concurrency", "2", "--batch-size", "1"),
            ],
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
    assert result.code == 4  # a DNS failure is no bad input
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
            [
                *(sys.executable, "-m", "tmflow", "draft", "--url", fake.url),
                *("--concurrency", "2", "--batch-size", "1"),
            ],
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


# --- failures of the engine: causes once per language, exit 4, --allow-partial ----------------


def _errors(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("tmflow: error:")]


def test_a_url_that_answers_404_exits_4_with_the_cause_and_no_retry(project: Path) -> None:
    with FakeLibre(rule=lambda n, text: "404") as fake:
        host = fake.url.split("/")[2]
        result = invoke("draft", "--url", fake.url, "--concurrency", "1", cwd=project)
    assert result.code == 4, result.output
    assert fake.requests == 1  # final: neither retried nor tried for the other language
    assert _errors(result.stderr) == [
        f"tmflow: error: libre {lang}: {host} answers HTTP 404: no libre service at this URL"
        for lang in ("fr", "az")
    ]
    assert "6 segments were not drafted because libre failed" in result.stderr


def test_texts_refused_for_good_exit_4_and_the_rest_is_kept(project: Path) -> None:
    rule = lambda n, text: "400" if text == "Second article." else None  # noqa: E731
    with FakeLibre(rule=rule) as fake:
        result = invoke("draft", "--url", fake.url, cwd=project)
        assert fake.by_text["Second article."] == 2 * 2  # the batch, then the text alone
    assert result.code == 4, result.output
    assert _errors(result.stderr) == [
        f"tmflow: error: libre {lang}: 1 segment not drafted: refused by libre (HTTP 400: "
        "bad request)"
        for lang in ("fr", "az")
    ]  # without -v, once per language, not once per segment
    assert "the 4 drafts made are kept" in result.stderr
    assert po_entries(project, "fr", "one")["Hello world."].msgstr == "<fr> Hello world."
    assert po_entries(project, "fr", "two")["Second article."].msgstr == ""
    with FakeLibre(rule=rule) as fake:
        again = invoke("draft", "--url", fake.url, "--allow-partial", cwd=project)
    assert again.code == 0, again.output
    assert "1 segment not drafted" in again.stderr  # still said, but CI may go on


def test_a_dead_server_stops_after_a_bounded_number_of_requests(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p", {"a": [entry(f"Sentence {i}.") for i in range(137)]}, languages=("fr",)
    )
    started = time.monotonic()
    with FakeLibre(rule=lambda n, text: "500") as fake:
        result = invoke("draft", "--url", fake.url, "--batch-size", "1", cwd=root)
    assert result.code == 4, result.output
    assert fake.requests < 137 and time.monotonic() - started < 20
    assert _errors(result.stderr) == [
        "tmflow: error: libre fr: stopped after 6 failed requests in a row (last: server error "
        "(HTTP 500: internal error))"
    ]
    assert "137 segments were not drafted because libre failed" in result.stderr


def test_a_long_retry_after_ends_the_run_with_the_wait_shown(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {"a": [entry("One."), entry("Two."), entry("Three.")]},
        languages=("fr",),
        mt="max-retry-after = 30\n",
    )
    started = time.monotonic()
    with FakeLibre(rule=lambda n, text: "429", retry_after="3600") as fake:
        result = invoke("draft", "--url", fake.url, "--limit", "3", cwd=root)
    assert result.code == 4, result.output
    assert time.monotonic() - started < 10  # not silent for an hour
    assert "the server asked to wait 1 h (rate limited (HTTP 429: Too many request limits " in (
        result.stderr
    )
    assert "longer than max-retry-after (30 s)" in result.stderr


def test_a_short_wait_is_shown_on_the_progress_line(project: Path) -> None:
    with FakeLibre(schedule=["429"], retry_after="1") as fake:
        result = invoke("draft", "--url", fake.url, "-l", "fr", cwd=project)
        assert fake.texts == 2 + 2
    assert result.code == 0, result.output
    assert (
        "draft: waiting 1 s: rate limited (HTTP 429: Too many request limits violations)"
        in result.stderr
    )
    assert "draft fr: 2/2 (100%)" in result.stderr


def test_quota_messages_in_place_of_translations_exit_4(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p", {"a": [entry(f"Sentence {i}.") for i in range(30)]}, languages=("fr",)
    )
    with FakeLibre(rule=lambda n, text: "service") as fake:
        result = invoke(
            "-v", "draft", "--url", fake.url, "--batch-size", "1", "--concurrency", "1", cwd=root
        )
        assert fake.requests == 6
    assert result.code == 4, result.output
    assert "6 × rejected: service message instead of a translation" in result.stdout
    (error,) = _errors(result.stderr)
    assert error.startswith("tmflow: error: libre fr: stopped after 6 failed requests in a row")
    assert "Error: daily quota exceeded" in error
    assert not any(e.msgstr for e in load_po(root / "locales" / "fr" / "a.po"))


def test_allow_partial_exits_0_when_the_engine_cannot_be_reached(project: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    result = invoke("draft", "--url", url, "--allow-partial", cwd=project)
    assert result.code == 0, result.output
    assert len(_errors(result.stderr)) == 2  # the causes are still told


def test_batch_size_option(project: Path) -> None:
    with FakeLibre() as fake:
        result = invoke("draft", "--url", fake.url, "--batch-size", "1", "-l", "fr", cwd=project)
    assert result.code == 0, result.output
    assert fake.batches == [1, 1]
    assert "fr: 3 drafted (2 requests)" in result.stdout
