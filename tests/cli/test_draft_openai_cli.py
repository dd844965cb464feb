"""``tmflow draft`` with the ``openai`` engine, end to end through the CLI against a local
OpenAI-compatible server (tests/fakes/openai_server.py): whole articles with their context,
glossary rules and style in the request, every scripted fault of a model or its server, keys,
Azure, the dry run's estimate, the cache and a kill in the middle of a run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import polib
import pytest

from tests.conftest import invoke
from tests.fakes.openai_server import REFUSAL, FakeOpenAI
from tests.steps.mt.test_draft import entry, make_project, po_entries
from tmflow.core import provenance
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po
from tmflow.steps.mt import draft as draft_mod
from tmflow.steps.mt import scheduler
from tmflow.steps.mt.protect import protect

TODAY = draft_mod._today()
NO_KEYS = {
    "TMFLOW_OPENAI_API_KEY": None,
    "OPENAI_API_KEY": None,
    "AZURE_OPENAI_API_KEY": None,
}


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheduler, "BACKOFF_BASE", 0.01)


def configure(
    root: Path, languages: tuple[str, ...] = ("fr",), options: str = "", mt: str = ""
) -> Path:
    langs = ", ".join(f'"{lang}"' for lang in languages)
    (root / "tmflow.toml").write_text(
        f'languages = [{langs}]\n[mt]\nprovider = "openai"\ntimeout = 5.0\nretries = 3\n{mt}'
        f'[mt.options]\nmodel = "test-model"\n{options}',
        "utf-8",
    )
    return root


SENTENCES = [
    "The delegation arrived in Baku on Monday.",
    "It visited the memorial and laid flowers.",
    "The minister said the talks had been useful.",
    "She will return in [the spring](https://example.org/spring).",
    "A joint statement is expected on Friday.",
    "Officials declined to comment further.",
]


def article_project(
    root: Path, languages: tuple[str, ...] = ("fr",), count: int = 6, **kw: str
) -> Path:
    sentences = [SENTENCES[i % len(SENTENCES)] + f" ({i})" * (i >= 6) for i in range(count)]
    make_project(root, {"news": [entry(s) for s in sentences]}, languages)
    return configure(root, languages, **kw)


def draft(root: Path, fake: FakeOpenAI, *args: str, env: dict[str, str | None] | None = None):
    return invoke("draft", "--url", fake.url, *args, cwd=root, env={**NO_KEYS, **(env or {})})


def drafted(root: Path, lang: str, article: str = "news") -> dict[str, polib.POEntry]:
    return po_entries(root, lang, article)


def mt_line(text: str) -> str:
    """The provenance of a draft of ``text`` by the fake's model today (digest included)."""
    return f"mt openai:test-model {TODAY} {provenance.text_digest(text)}"


# --- the article in one request, with its context --------------------------------------------


def test_one_request_per_language_with_the_article_and_reviewed_context(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {
            "news": [
                entry("The delegation arrived in Baku on Monday."),
                entry("The talks began at once.", "Les pourparlers ont commencé aussitôt."),
                entry("It visited the memorial and laid flowers."),
                entry("A reviewer is on this one.", "Un relecteur y travaille", ("fuzzy",)),
                entry("The minister said the talks had been useful."),
                entry("Officials declined to comment further."),
            ]
        },
        ("fr", "ru"),
    )
    configure(root, ("fr", "ru"))
    with FakeOpenAI() as fake:
        result = draft(root, fake)
    assert result.code == 0, result.output
    assert fake.requests == 2 and sorted(fake.ids) == [4, 4]  # one request per language
    for n in range(2):
        segments = fake.segments(n)
        assert [s["source"] for s in segments][:2] == [
            "The delegation arrived in Baku on Monday.",
            "The talks began at once.",
        ]
        assert segments[1] == {
            "source": "The talks began at once.",
            "translation": "Les pourparlers ont commencé aussitôt.",
        }  # a reviewed translation is context
        assert segments[3] == {"source": "A reviewer is on this one."}  # a draft is not
        assert [s.get("id") for s in segments] == ["1", None, "2", None, "3", "4"]
    fr = drafted(root, "fr")
    first = fr["The delegation arrived in Baku on Monday."]
    assert first.msgstr == "<fr> The delegation arrived in Baku on Monday."
    assert "fuzzy" in first.flags
    assert provenance.lines(first.tcomment) == [mt_line(first.msgstr)]
    assert fr["The talks began at once."].msgstr == "Les pourparlers ont commencé aussitôt."
    assert fr["A reviewer is on this one."].msgstr == "Un relecteur y travaille"
    assert drafted(root, "ru")["Officials declined to comment further."].msgstr.startswith("<ru>")
    assert "fr: 4 drafted (1 request, " in result.stdout and "tokens in" in result.stdout
    assert "8 drafts from openai, 0 segments left untranslated (2 requests" in result.stdout


def test_a_long_article_goes_in_consecutive_windows_under_the_budget(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p", count=60, options="token-budget = 1500\n")
    order = [e.msgid for e in load_po(root / "locales" / "fr" / "news.po")]
    masked = [protect(text).text for text in order]  # as the segments to translate are sent
    with FakeOpenAI() as fake:
        result = draft(root, fake)
    assert result.code == 0, result.output
    assert 3 <= fake.requests <= 6 and sum(fake.ids) == 60  # every segment asked for once
    windows = []
    for n in range(fake.requests):
        segments = fake.segments(n)
        asked = [s["source"] for s in segments if "id" in s]
        start = masked.index(asked[0])
        assert asked == masked[start : start + len(asked)]  # consecutive, in order
        first = start - next(i for i, s in enumerate(segments) if "id" in s)
        for i, segment in enumerate(segments, first):  # with their neighbours around them
            assert segment["source"] == (masked[i] if "id" in segment else order[i])
        assert len(segments) > len(asked)
        windows.append((start, len(asked)))
    windows.sort()
    assert [s for s, _ in windows] == [0] + [s + n for s, n in windows[:-1]]  # no gap, no overlap
    assert all(e.msgstr.startswith("<fr>") for e in drafted(root, "fr").values())


def test_glossary_rules_and_style_are_part_of_the_request(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {
            "news": [
                entry("Khojaly was remembered in Moscow."),
                entry("The ceremony took place at the AZIMUT Moscow Olympic hotel."),
            ]
        },
        ("fr", "ru"),
    )
    configure(
        root,
        ("fr", "ru"),
        options='style = "Plain news register."\n'
        'style-by-language = { fr = "Guillemets « » with spaces inside." }\n',
    )
    (root / "glossary.yml").write_text(
        "terms:\n"
        "  - term: Khojaly\n"
        "    note: town in Azerbaijan\n"
        "    fr:\n      approved: Khodjaly\n      forbidden: [Hocali]\n"
        "    ru:\n      approved: Ходжалы\n      forms: [Ходжалинский]\n"
        "  - term: Moscow\n    fr: Moscou\n    ru: Москва\n"
        "  - term: AZIMUT Moscow Olympic\n    do-not-translate: true\n",
        "utf-8",
    )
    with FakeOpenAI() as fake:
        result = draft(root, fake)
    assert result.code == 0, result.output
    systems = {
        json.loads(b["messages"][1]["content"])["target_language"]: b["messages"][0]["content"]
        for b in fake.bodies
    }
    fr, ru = systems["fr"], systems["ru"]
    assert '- "Khojaly" → "Khodjaly"; never "Hocali". Note: town in Azerbaijan' in fr
    assert '- "Moscow" → "Moscou"' in fr
    assert '- "AZIMUT Moscow Olympic": keep as it is (do not translate)' in fr
    assert '- "Khojaly" → "Ходжалы" (also: "Ходжалинский")' in ru
    assert "Style:\nPlain news register.\nGuillemets « » with spaces inside." in fr
    assert "Plain news register." in ru and "Guillemets" not in ru
    # the do-not-translate name is masked in the segment itself
    hotel = [
        s
        for s in json.loads(fake.bodies[0]["messages"][1]["content"])["segments"]
        if "AZIMUT" in s["source"]
    ]
    assert hotel == []
    news = drafted(root, "fr")
    assert (
        news["Khojaly was remembered in Moscow."].msgstr
        == "<fr> Khodjaly was remembered in Moscou."
    )
    assert (
        "AZIMUT Moscow Olympic"
        in news["The ceremony took place at the AZIMUT Moscow Olympic hotel."].msgstr
    )
    remembered = news["Khojaly was remembered in Moscow."]
    assert provenance.lines(remembered.tcomment) == [mt_line(remembered.msgstr)]


def test_a_draft_that_ignores_the_glossary_is_marked_by_the_post_check(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"news": [entry("Khojaly was remembered.")]}, ("fr",))
    configure(root)
    (root / "glossary.yml").write_text("terms:\n  - term: Khojaly\n    fr: Khodjaly\n", "utf-8")
    with FakeOpenAI(follow_glossary=False) as fake:
        result = draft(root, fake)
    assert result.code == 0, result.output
    got = drafted(root, "fr")["Khojaly was remembered."]
    assert got.msgstr == "<fr> Khojaly was remembered."
    assert provenance.lines(got.tcomment) == [
        mt_line(got.msgstr),
        'glossary: missing "Khojaly" (approved: "Khodjaly")',
    ]


# --- bad answers: asked again smaller -----------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        "missing-id",
        "extra-id",
        "duplicate-id",
        "invalid-json",
        "refusal",
        "refusal-text",
        "length",
    ],
)
def test_a_bad_answer_is_asked_again_in_smaller_windows(tmp_path: Path, fault: str) -> None:
    root = article_project(tmp_path / "p")
    with FakeOpenAI(schedule=[fault]) as fake:
        result = draft(root, fake)
    assert result.code == 0, result.output
    assert fake.ids == [6, 3, 3]  # the window, then its halves
    assert all(e.msgstr.startswith("<fr> ") for e in drafted(root, "fr").values())
    assert "6 drafts from openai, 0 segments left untranslated (3 requests" in result.stdout


def test_json_in_a_code_fence_is_read(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p")
    with FakeOpenAI(schedule=["fenced"]) as fake:
        result = draft(root, fake)
    assert result.code == 0, result.output
    assert fake.ids == [6]


@pytest.mark.parametrize(
    "fault, reason",
    [
        ("lose-token", 'mt rejected: lost a token ("[")'),
        ("service", 'mt rejected: service message instead of a translation ("Error: daily'),
        ("empty", "mt rejected: empty result"),
        ("long", "mt rejected: reply much longer than the source"),
    ],
)
def test_one_bad_segment_is_asked_again_alone_then_refused(
    tmp_path: Path, fault: str, reason: str
) -> None:
    bad = SENTENCES[3]  # the one with a link: tokens {1} {2}
    root = article_project(tmp_path / "p")
    with FakeOpenAI(segment_rule=lambda s: fault if "spring" in s else None) as fake:
        result = draft(root, fake)
    assert result.code == 0, result.output  # a refused reply is the engine's answer, no failure
    assert fake.ids == [6, 1]  # the others are kept; the bad one asked again, alone
    news = drafted(root, "fr")
    assert news[bad].msgstr == ""
    assert any(line.startswith(reason) for line in provenance.lines(news[bad].tcomment))
    assert sum(1 for e in news.values() if e.msgstr.startswith("<fr> ")) == 5
    assert "fr: 5 drafted, 1 rejected" in result.stdout


def test_a_segment_the_model_always_refuses_is_given_up_exit_4(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p")
    with FakeOpenAI(segment_rule=lambda s: "refuse" if "spring" in s else None) as fake:
        result = draft(root, fake)
    assert result.code == 4, result.output
    # smaller and smaller, down to one: 6, its halves 3 and 3, the refused half's 1 and 2;
    # alone, the first attempt and three retries
    assert fake.ids[0] == 6 and Counter(fake.ids) == Counter({6: 1, 3: 2, 2: 1, 1: 1 + 3})
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("tmflow: error:")]
    assert errors == [
        f'tmflow: error: openai fr: 1 segment not drafted: the model refused ("{REFUSAL}"); '
        "gave up after 4 attempts"
    ]
    news = drafted(root, "fr")
    assert news[SENTENCES[3]].msgstr == ""
    assert sum(1 for e in news.values() if e.msgstr) == 5  # the rest is kept


def test_a_content_filter_gives_up_only_the_segments_at_fault(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p")

    def rule(n: int, body: dict[str, Any]) -> str | None:
        segments = json.loads(body["messages"][1]["content"])["segments"]
        return (
            "content-filter"
            if any("spring" in s["source"] for s in segments if "id" in s)
            else None
        )

    with FakeOpenAI(rule=rule) as fake:
        result = draft(root, fake)
    assert result.code == 4, result.output
    assert "1 segment not drafted: withheld by the service's content filter" in result.stderr
    assert sum(1 for e in drafted(root, "fr").values() if e.msgstr) == 5


# --- the server's failures ---------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["429", "429-ms"])
def test_a_rate_limit_waits_as_long_as_the_server_says(tmp_path: Path, fault: str) -> None:
    root = article_project(tmp_path / "p")
    with FakeOpenAI(schedule=[fault], retry_after="1") as fake:
        started = time.monotonic()
        result = draft(root, fake)
        took = time.monotonic() - started
    assert result.code == 0, result.output
    assert "draft: waiting 1 s: rate limited (HTTP 429: Rate limit reached" in result.stderr
    assert took >= 1.0
    assert fake.ids == [6, 6]  # the same window once the wait is over
    assert all(e.msgstr for e in drafted(root, "fr").values())


def test_a_used_up_quota_stops_the_engine_exit_4(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p", ("fr", "ru"), options="", mt="concurrency = 1\n")
    with FakeOpenAI(schedule=["quota"]) as fake:
        result = draft(root, fake)
    assert result.code == 4, result.output
    assert fake.requests == 1  # no retry, nothing more sent
    assert "openai: quota used up (HTTP 429: You exceeded your current quota" in result.stderr


def test_a_context_length_error_lowers_the_budget_and_splits(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p", count=40)
    with FakeOpenAI(context_limit=600) as fake:
        result = draft(root, fake)
    assert result.code == 0, result.output
    status = []
    for body in fake.bodies:
        size = sum(len(m["content"]) for m in body["messages"]) // 4 + 1
        status.append(size <= 600)
    assert status[0] is False  # the whole article was over the model's context
    assert all(status[1:])  # everything after it fitted
    assert sum(1 for e in drafted(root, "fr").values() if e.msgstr.startswith("<fr>")) == 40


def test_a_segment_too_long_for_the_model_alone_is_given_up(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"news": [entry("word " * 900 + "end.")]}, ("fr",))
    configure(root)
    with FakeOpenAI(context_limit=300) as fake:
        result = draft(root, fake)
    assert result.code == 4, result.output
    assert "request over the model's context size" in result.stderr


@pytest.mark.parametrize(
    "fake_kw, args, message",
    [
        (
            {"models": ("other-model",)},
            (),
            "has no model 'test-model' (HTTP 404: The model `test-model` does not exist",
        ),
        (
            {"schedule": ["unsupported"]},
            (),
            "refuses the request's settings (HTTP 400: Unsupported value: 'temperature'",
        ),
    ],
)
def test_settings_the_server_refuses_exit_2_in_one_line(
    tmp_path: Path, fake_kw: dict[str, object], args: tuple[str, ...], message: str
) -> None:
    root = article_project(tmp_path / "p", ("fr", "ru"))
    with FakeOpenAI(**fake_kw) as fake:  # type: ignore[arg-type]
        result = draft(root, fake, *args)
    assert result.code == 2, result.output
    assert message in result.stderr
    assert fake.requests <= 2  # one per language in flight at most, no retries
    assert "Traceback" not in result.output


def test_a_url_without_the_api_path_exits_4_with_a_hint(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p")
    with FakeOpenAI() as fake:
        result = invoke("draft", "--url", fake.root + "/api", cwd=root, env=NO_KEYS)
    assert result.code == 4, result.output
    assert "usually ends in /v1" in result.stderr


def test_a_server_error_page_is_retried(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p")
    with FakeOpenAI(schedule=["html", "500"]) as fake:
        result = draft(root, fake)
    assert result.code == 0, result.output
    assert all(e.msgstr for e in drafted(root, "fr").values())


# --- keys and hosts ------------------------------------------------------------------------------


def test_a_refused_key_exits_2_and_the_key_appears_nowhere(tmp_path: Path) -> None:
    key = "sk-wrong-KEY-0815-abcdef"
    root = article_project(tmp_path / "p")
    with FakeOpenAI(api_key="sk-right") as fake:
        result = draft(root, fake, "-v", env={"TMFLOW_OPENAI_API_KEY": key})
    assert fake.headers[0]["authorization"] == f"Bearer {key}"
    assert result.code == 2
    assert "openai refused the API key (HTTP 401); check TMFLOW_OPENAI_API_KEY" in result.stderr
    assert key not in result.output
    for path in root.rglob("*"):
        if path.is_file():
            assert key.encode() not in path.read_bytes(), path


def test_a_local_server_gets_no_key_kept_for_openai(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p")
    with FakeOpenAI() as fake:
        result = draft(root, fake, env={"OPENAI_API_KEY": "sk-hosted-only-1234"})
    assert result.code == 0, result.output
    assert fake.headers[0]["authorization"] == "" and fake.headers[0]["api-key"] == ""


def test_openai_itself_needs_a_key_before_anything_is_sent(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p")
    result = invoke("draft", "--url", "https://api.openai.com/v1", cwd=root, env=NO_KEYS)
    assert result.code == 2
    assert (
        "openai needs an API key for api.openai.com: set TMFLOW_OPENAI_API_KEY or OPENAI_API_KEY"
        in result.stderr
    )


def test_a_model_is_required(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p")
    (root / "tmflow.toml").write_text('languages = ["fr"]\n[mt]\nprovider = "openai"\n', "utf-8")
    result = invoke("draft", "--url", "http://127.0.0.1:9/v1", cwd=root, env=NO_KEYS)
    assert result.code == 2
    assert "openai needs a model: set model in [tool.tmflow.mt] options" in result.stderr


def test_an_azure_deployment_gets_its_api_version_and_api_key_header(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p")
    (root / "tmflow.toml").write_text(
        'languages = ["fr"]\n[mt]\nprovider = "openai"\n', "utf-8"
    )  # no model: the deployment's name is used
    with FakeOpenAI(api_key="azure-key-1234") as fake:
        result = invoke(
            "draft",
            "--url",
            fake.root + "/openai/deployments/test-model",
            cwd=root,
            env={**NO_KEYS, "TMFLOW_OPENAI_API_KEY": "azure-key-1234"},
        )
    assert result.code == 0, result.output
    seen = fake.headers[0]
    assert seen["path"] == "/openai/deployments/test-model/chat/completions"
    assert seen["query"] == "api-version=2024-10-21"
    assert seen["api-key"] == "azure-key-1234" and seen["authorization"] == ""
    first = drafted(root, "fr")[SENTENCES[0]]
    assert provenance.lines(first.tcomment) == [mt_line(first.msgstr)]


# --- dry run, cache, concurrency, a kill ---------------------------------------------------------


def test_dry_run_estimates_tokens_and_cost_and_sends_nothing(tmp_path: Path) -> None:
    root = article_project(
        tmp_path / "p", ("fr", "ru"), count=12, options="price = { input = 2.5, output = 10 }\n"
    )
    with FakeOpenAI() as fake:
        dry = draft(root, fake, "--dry-run")
        assert dry.code == 0, dry.output
        assert fake.requests == 0
        lines = dry.stdout.splitlines()
        assert lines[0].split() == [
            *("language", "segments", "unique", "cached", "requests", "characters"),
            *("tokens", "in", "tokens", "out"),
        ]
        fr = lines[1].split()
        assert fr[:5] == ["fr", "12", "12", "0", "1"]
        estimate_in = int(fr[6].replace(",", ""))
        assert "about" in dry.stdout and "at the configured price" in dry.stdout
        assert drafted(root, "fr")[SENTENCES[0]].msgstr == ""
        real = draft(root, fake)
    assert real.code == 0, real.output
    prompt_fr = sum(
        sum(len(m["content"]) for m in body["messages"]) // 4 + 1
        for body in fake.bodies
        if '"target_language": "fr"' in body["messages"][1]["content"]
    )
    assert prompt_fr <= estimate_in < 3 * prompt_fr  # on the safe side, not absurdly so


def test_a_second_run_sends_nothing(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p", ("fr", "ru"))
    with FakeOpenAI() as fake:
        assert draft(root, fake).code == 0
        for lang in ("fr", "ru"):  # back to untranslated: the cache answers
            path = root / "locales" / lang / "news.po"
            po = load_po(path)
            for e in po:
                e.msgstr, e.flags, e.tcomment = "", [], ""
            po.save(str(path))
        first = fake.requests
        again = draft(root, fake)
    assert again.code == 0, again.output
    assert fake.requests == first
    assert "12 drafts from openai, 0 segments left untranslated (0 requests" in again.stdout


def test_languages_are_drafted_concurrently(tmp_path: Path) -> None:
    langs = ("fr", "ru", "de", "es", "tr")
    root = article_project(tmp_path / "p", langs)
    with FakeOpenAI(latency=0.3) as fake:
        result = draft(root, fake)
    assert result.code == 0, result.output
    assert fake.requests == 5 and fake.max_in_flight >= 2


def test_kill_9_mid_run_and_the_rerun_sends_only_what_is_missing(tmp_path: Path) -> None:
    count = 60
    root = article_project(tmp_path / "p", count=count)
    po_path = root / "locales" / "fr" / "news.po"
    env = {k: v for k, v in os.environ.items() if "OPENAI" not in k}
    with FakeOpenAI(latency=0.15) as fake:
        proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "tmflow", "draft", "--url", fake.url),
                *("--concurrency", "1", "--batch-size", "2"),
            ],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if "tmflow: mt openai:test-model" in po_path.read_text("utf-8"):
                    break
                time.sleep(0.02)
            time.sleep(0.3)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        while fake.in_flight:  # the server finishes the request it was answering
            time.sleep(0.02)
        asked_before = sum(fake.ids)
        saved = [e for e in load_po(po_path) if e.msgstr]
        assert 0 < len(saved) < count
        with sqlite3.connect(root / ".tmflow" / "mt-cache.sqlite3") as db:
            cached = db.execute("SELECT count(*) FROM mt").fetchone()[0]
        assert cached >= len(saved)
        result = invoke("draft", "--url", fake.url, cwd=root, env=NO_KEYS)
        assert result.code == 0, result.output
        rerun = sum(fake.ids) - asked_before
    assert rerun == count - cached  # everything answered before the kill cost nothing
    final = load_po(po_path)
    assert all(e.msgstr == f"<fr> {e.msgid}" and "fuzzy" in e.flags for e in final)


# --- redrafting ----------------------------------------------------------------------------------


def test_replace_pseudo_drafts_with_a_model_then_the_model_by_itself(tmp_path: Path) -> None:
    root = article_project(tmp_path / "p")
    po_path = root / "locales" / "fr" / "news.po"
    assert invoke("draft", "--provider", "pseudo", cwd=root, env=NO_KEYS).code == 0
    with FakeOpenAI() as fake:
        first = draft(root, fake, "--replace", "pseudo")
    assert first.code == 0, first.output
    assert "fr: 6 drafted (6 replacing earlier machine drafts)" in first.stdout
    assert fake.ids == [6]
    assert not any("translation" in s for s in fake.segments(0))  # a draft is no context
    news = drafted(root, "fr")
    for msgid, got in news.items():
        assert got.msgstr == f"<fr> {msgid}" and "fuzzy" in got.flags
        mark = provenance.mt_mark(got.tcomment)
        assert mark == provenance.MtMark(
            "openai:test-model", TODAY, provenance.text_digest(got.msgstr)
        )

    po = load_po(po_path)
    edited = next(e for e in po if e.msgid == SENTENCES[0])
    edited.msgstr = "Corrigé à la main."
    save_po(po, po_path)
    with FakeOpenAI() as other:
        none = draft(root, other, "--replace", "openai:another-model")
        assert other.requests == 0
    assert none.code == 0 and "replacing" not in none.stdout
    with FakeOpenAI(translate=lambda text, target: f"<{target} v2> {text}") as fake:
        again = draft(root, fake, "--replace", "openai")
        # the model's cached answers would give the same drafts: it is asked again
        assert sum(fake.ids) == 5
    assert again.code == 0, again.output
    assert "kept" in again.stdout and "a person edited" in again.stdout
    news = drafted(root, "fr")
    assert news[SENTENCES[0]].msgstr == "Corrigé à la main."
    assert all(news[s].msgstr == f"<fr v2> {s}" for s in SENTENCES[1:])
