"""The ``openai`` engine (any chat-completions server) against the local fake server: the request
it sends, how it reads answers, every error shape as a failure class, keys, hosts and Azure."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from tests.fakes.openai_server import REFUSAL, FakeOpenAI
from tmflow.core.errors import ProviderError
from tmflow.io.translators import (
    AuthError,
    BadAnswer,
    BadReply,
    ContextTooLong,
    EndpointError,
    Passage,
    PassageLine,
    QuotaError,
    RateLimited,
    SegmentError,
    SettingsError,
    TermRule,
    TransientError,
    UnreachableError,
    make_provider,
)
from tmflow.io.translators.chat import ANSWER_SCHEMA, ChatProvider, chat_key, read_answer

NO_KEYS: dict[str, str] = {}

PASSAGE = Passage(
    (
        PassageLine("The talks began.", "Les pourparlers ont commencé."),
        PassageLine("The delegation visited {1}."),
        PassageLine("It met the minister.", id="1"),
        PassageLine("She left for {1}the capital{2}.", id="2"),
    ),
    (
        TermRule("Khojaly", "Khodjaly", ("Khodjalien",), ("Hocali",), note="a town"),
        TermRule("AZIMUT Hotel", keep=True),
    ),
    "Formal register.",
)


def chat(url: str, env: dict[str, str] | None = None, **options: Any) -> ChatProvider:
    provider = make_provider(
        "openai", url=url, options={"model": "test-model", **options}, env=env or NO_KEYS
    )
    assert isinstance(provider, ChatProvider)
    return provider


def test_the_request_carries_the_passage_rules_and_style() -> None:
    with FakeOpenAI() as fake:
        reply = chat(fake.url).translate_passage(PASSAGE, "en", "fr")
    assert reply.texts == {
        "1": "<fr> It met the minister.",
        "2": "<fr> She left for {1}the capital{2}.",
    }
    assert reply.prompt_tokens and reply.prompt_tokens > 100 and reply.completion_tokens
    body = fake.bodies[0]
    assert body["model"] == "test-model" and body["temperature"] == 0.0
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "translations", "strict": True, "schema": ANSWER_SCHEMA},
    }
    system = body["messages"][0]
    assert system["role"] == "system"
    text = system["content"]
    assert text.startswith("You translate news articles from English (en) into French (fr)")
    assert '- "Khojaly" → "Khodjaly" (also: "Khodjalien"); never "Hocali". Note: a town' in text
    assert '- "AZIMUT Hotel": keep as it is (do not translate)' in text
    assert text.endswith("Style:\nFormal register.")
    user = json.loads(body["messages"][1]["content"])
    assert user == {
        "source_language": "en",
        "target_language": "fr",
        "segments": [
            {"source": "The talks began.", "translation": "Les pourparlers ont commencé."},
            {"source": "The delegation visited {1}."},
            {"id": "1", "source": "It met the minister."},
            {"id": "2", "source": "She left for {1}the capital{2}."},
        ],
    }
    assert fake.headers[0]["path"] == "/v1/chat/completions"


@pytest.mark.parametrize(
    "option, expected",
    [("json_object", {"type": "json_object"}), ("none", None)],
)
def test_response_format_for_servers_without_json_schemas(
    option: str, expected: dict[str, str] | None
) -> None:
    with FakeOpenAI() as fake:
        chat(fake.url, **{"response-format": option, "temperature": 0.3}).translate_passage(
            PASSAGE, "en", "fr"
        )
    assert fake.bodies[0].get("response_format") == expected
    assert fake.bodies[0]["temperature"] == 0.3


# --- answers ---------------------------------------------------------------------------------


def answer(content: str | None, finish: str = "stop", refusal: str | None = None) -> dict:
    return {
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish,
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def translations(*pairs: tuple[Any, Any]) -> str:
    return json.dumps({"translations": [{"id": i, "text": t} for i, t in pairs]})


@pytest.mark.parametrize(
    "content, texts",
    [
        (translations(("1", "a"), ("2", "b")), {"1": "a", "2": "b"}),
        (translations((2, "b"), (1, "a")), {"1": "a", "2": "b"}),  # numbers, any order
        ("```json\n" + translations(("1", "a"), ("2", "b")) + "\n```", {"1": "a", "2": "b"}),
        ('Here you are: {"translations": {"1": "a", "2": "b"}}', {"1": "a", "2": "b"}),
        (
            '{"translations": [{"id": "1", "translation": "a"}, {"id": "2", "text": ""}]}',
            {"1": "a", "2": ""},
        ),
    ],
)
def test_answers_in_the_shapes_models_write(content: str, texts: dict[str, str]) -> None:
    reply = read_answer(answer(content), ["1", "2"])
    assert reply.texts == texts
    assert (reply.prompt_tokens, reply.completion_tokens) == (10, 5)


@pytest.mark.parametrize(
    "data, cls, reason",
    [
        (answer(translations(("1", "a"))), BadAnswer, "answer lacks id 2 of 2"),
        (
            answer(translations(("1", "a"), ("2", "b"), ("3", "c"))),
            BadAnswer,
            "answer has id 3 not asked for",
        ),
        (
            answer(translations(("1", "a"), ("1", "a"), ("2", "b"))),
            BadAnswer,
            "answer repeats id 1",
        ),
        (
            answer('{"translations": [{"id": "1", "te'),
            BadAnswer,
            "answer is not the JSON asked for",
        ),
        (answer('{"translations": [{"id": "1", "te', "length"), BadAnswer, "answer cut off"),
        (answer(None, refusal=REFUSAL), BadAnswer, f'the model refused ("{REFUSAL}")'),
        (answer(REFUSAL), BadAnswer, f'the model refused ("{REFUSAL}")'),
        (answer(None, "content_filter"), SegmentError, "withheld by the service's content filter"),
        (answer("   "), BadAnswer, "empty answer"),
        (
            answer('{"translations": [{"id": "1", "text": 5}]}'),
            BadAnswer,
            "answer is not the JSON asked for (no text for id 1)",
        ),
        (
            answer('{"result": "x"}'),
            BadAnswer,
            'answer is not the JSON asked for (no "translations"',
        ),
        ({"choices": []}, BadReply, "unreadable answer (no choices)"),
        ({"error": "x"}, BadReply, "unreadable answer (no choices)"),
    ],
)
def test_answers_that_are_refused(data: Any, cls: type[Exception], reason: str) -> None:
    with pytest.raises(cls) as caught:
        read_answer(data, ["1", "2"])
    assert str(caught.value).startswith(reason), str(caught.value)


# --- failures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault, cls, words",
    [
        ("429", RateLimited, "rate limited (HTTP 429: Rate limit reached for test-model"),
        ("quota", QuotaError, "openai: quota used up (HTTP 429: You exceeded your current quota"),
        ("context", ContextTooLong, "request over the model's context size (HTTP 400: This"),
        ("500", TransientError, "server error (HTTP 500"),
        ("503", TransientError, "server error (HTTP 503"),
        ("html", TransientError, "server error (HTTP 502)"),
        ("400", SegmentError, "refused by openai (HTTP 400: Invalid request.)"),
        ("unsupported", SettingsError, "refuses the request's settings (HTTP 400: Unsupported"),
        ("refusal", BadAnswer, "the model refused"),
        ("missing-id", BadAnswer, "answer lacks id 2 of 2"),
    ],
)
def test_every_error_shape_is_a_failure_class(
    fault: str, cls: type[Exception], words: str
) -> None:
    with FakeOpenAI(schedule=[fault], retry_after="7") as fake:
        with pytest.raises(cls) as caught:
            chat(fake.url).translate_passage(PASSAGE, "en", "fr")
    assert words in str(caught.value)
    if fault == "429":
        assert caught.value.retry_after == 7.0  # type: ignore[attr-defined]


def test_retry_after_ms_is_read() -> None:
    with FakeOpenAI(schedule=["429-ms"], retry_after="1.5") as fake:
        with pytest.raises(RateLimited) as caught:
            chat(fake.url).translate_passage(PASSAGE, "en", "fr")
    assert caught.value.retry_after == 1.5


def test_a_context_error_lowers_the_budget_to_what_the_server_takes() -> None:
    with FakeOpenAI(schedule=["context"]) as fake:
        provider = chat(fake.url, **{"token-budget": 100_000})
        with pytest.raises(ContextTooLong) as caught:
            provider.translate_passage(PASSAGE, "en", "fr")
    assert caught.value.limit == 4096
    assert provider.token_budget == int(4096 * 0.8)
    assert ContextTooLong.retryable and ContextTooLong.split


def test_a_llama_cpp_context_error_is_read_too() -> None:
    import responses

    with responses.RequestsMock() as mock:
        mock.post(
            "http://127.0.0.1:8080/v1/chat/completions",
            status=400,
            json={
                "error": {
                    "code": 400,
                    "message": "the request exceeds the available context size, try increasing it",
                    "type": "exceed_context_size_error",
                    "n_prompt_tokens": 5000,
                    "n_ctx": 2048,
                }
            },
        )
        provider = chat("http://127.0.0.1:8080/v1")
        with pytest.raises(ContextTooLong) as caught:
            provider.translate_passage(PASSAGE, "en", "fr")
    assert caught.value.limit == 2048 and provider.token_budget == 1638


def test_a_vllm_context_error_is_read_too() -> None:
    import responses

    with responses.RequestsMock() as mock:
        mock.post(
            "http://127.0.0.1:8000/v1/chat/completions",
            status=400,
            json={
                "object": "error",
                "message": "This model's maximum context length is 4096 tokens. However, you "
                "requested 5210 tokens (5000 in the messages, 210 in the completion).",
                "type": "BadRequestError",
                "param": None,
                "code": 400,
            },
        )
        provider = chat("http://127.0.0.1:8000/v1")
        with pytest.raises(ContextTooLong) as caught:
            provider.translate_passage(PASSAGE, "en", "fr")
    assert caught.value.limit == 4096


def test_an_unknown_model_and_a_wrong_path_are_told_apart() -> None:
    with FakeOpenAI(models=("llama3.1:8b",)) as fake:
        with pytest.raises(SettingsError) as model:
            chat(fake.url).translate_passage(PASSAGE, "en", "fr")
        with pytest.raises(EndpointError) as path:
            chat(fake.root + "/api").translate_passage(PASSAGE, "en", "fr")
    assert "has no model 'test-model'" in str(model.value)
    assert SettingsError.config and SettingsError.scope == "engine"
    assert "usually ends in /v1" in str(path.value)


def test_a_refused_key_is_an_auth_error_naming_the_variable() -> None:
    with FakeOpenAI(api_key="right") as fake:
        with pytest.raises(AuthError) as caught:
            chat(fake.url, env={"TMFLOW_OPENAI_API_KEY": "wrong-key-12345"}).translate_passage(
                PASSAGE, "en", "fr"
            )
    assert str(caught.value) == (
        "openai refused the API key (HTTP 401); check TMFLOW_OPENAI_API_KEY"
    )


def test_a_server_that_is_not_there() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(UnreachableError):
        chat(f"http://127.0.0.1:{port}/v1").translate_passage(PASSAGE, "en", "fr")


# --- keys, hosts, settings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, env, key",
    [
        ("http://localhost:11434/v1", {"TMFLOW_OPENAI_API_KEY": "k-tmflow"}, "k-tmflow"),
        ("http://localhost:11434/v1", {"OPENAI_API_KEY": "k-openai"}, None),
        ("http://localhost:11434/v1", {"AZURE_OPENAI_API_KEY": "k-azure"}, None),
        ("https://api.openai.com/v1", {"OPENAI_API_KEY": "k-openai"}, "k-openai"),
        (None, {"OPENAI_API_KEY": "k-openai"}, "k-openai"),
        ("https://api.openai.com/v1", {"AZURE_OPENAI_API_KEY": "k-azure"}, None),
        ("https://news.openai.azure.com/openai/v1", {"AZURE_OPENAI_API_KEY": "k-az"}, "k-az"),
        ("https://news.openai.azure.com/openai/v1", {"OPENAI_API_KEY": "k-openai"}, None),
        (
            "https://api.openai.com/v1",
            {"TMFLOW_OPENAI_API_KEY": "k-tmflow", "OPENAI_API_KEY": "k-openai"},
            "k-tmflow",
        ),
    ],
)
def test_a_key_goes_only_where_it_belongs(
    url: str | None, env: dict[str, str], key: str | None
) -> None:
    assert chat_key(url, env) == key


def test_settings_errors_before_anything_is_sent() -> None:
    with pytest.raises(ProviderError, match="openai needs a model"):
        make_provider("openai", url="http://localhost:11434/v1", env={})
    with pytest.raises(ProviderError, match="needs an API key for api.openai.com"):
        make_provider("openai", options={"model": "gpt-4o-mini"}, env={})
    with pytest.raises(ProviderError, match="AZURE_OPENAI_API_KEY"):
        make_provider(
            "openai", url="https://news.openai.azure.com/openai/deployments/gpt4o", env={}
        )
    offline = make_provider("openai", options={"model": "gpt-4o-mini"}, env={}, offline=True)
    assert offline.label == "openai:gpt-4o-mini"  # a dry run needs no key


def test_azure_deployment_and_v1_urls() -> None:
    env = {"AZURE_OPENAI_API_KEY": "k-azure"}
    deployment = make_provider(
        "openai", url="https://news.openai.azure.com/openai/deployments/gpt4o-news", env=env
    )
    assert isinstance(deployment, ChatProvider)
    assert deployment.endpoint == (
        "https://news.openai.azure.com/openai/deployments/gpt4o-news/chat/completions"
    )
    assert deployment.params == {"api-version": "2024-10-21"}
    assert deployment.headers() == {"api-key": "k-azure"}
    assert deployment.label == "openai:gpt4o-news"
    pinned = make_provider(
        "openai",
        url="https://news.openai.azure.com/openai/deployments/x/chat/completions?api-version=2025-01-01-preview",
        options={"model": "gpt-4o"},
        env=env,
    )
    assert isinstance(pinned, ChatProvider)
    assert (
        pinned.params == {"api-version": "2025-01-01-preview"} and pinned.label == "openai:gpt-4o"
    )
    v1 = make_provider(
        "openai",
        url="https://news.openai.azure.com/openai/v1",
        options={"model": "gpt-4o"},
        env=env,
    )
    assert isinstance(v1, ChatProvider)
    assert v1.endpoint == "https://news.openai.azure.com/openai/v1/chat/completions"
    assert v1.params == {} and v1.headers() == {"api-key": "k-azure"}
    hosted = make_provider("openai", options={"model": "gpt-4o"}, env={"OPENAI_API_KEY": "sk-1"})
    assert isinstance(hosted, ChatProvider)
    assert hosted.endpoint == "https://api.openai.com/v1/chat/completions"
    assert hosted.headers() == {"Authorization": "Bearer sk-1"}


def test_the_cache_key_names_the_model_and_what_changes_answers() -> None:
    plain = chat("http://localhost:11434/v1")
    warm = chat("http://localhost:11434/v1", temperature=0.7)
    other = make_provider("openai", url="http://localhost:11434/v1", options={"model": "qwen2.5"})
    assert plain.cache_key == "openai:test-model prompt1"
    assert warm.cache_key == "openai:test-model prompt1 temperature=0.7"
    assert other.cache_key == "openai:qwen2.5 prompt1"
    spaced = make_provider(
        "openai", url="http://localhost:1234/v1", options={"model": "my model 7b"}
    )
    assert spaced.label == "openai:my_model_7b"  # one word in the provenance line


def test_new_failure_classes() -> None:
    assert BadAnswer.retryable and BadAnswer.split and BadAnswer.scope == "request"
    assert issubclass(BadAnswer, BadReply)
    assert not SettingsError.retryable
