"""Engines: LibreTranslate against the local fake server (real HTTP), and the Google, Google
Cloud, MyMemory, Microsoft and DeepL request and answer shapes through ``responses``. Every
failure class, every batching limit, and the cap on answers."""

from __future__ import annotations

import json
import socket
import threading
import time
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from tests.fakes.libre_server import FakeLibre
from tmflow.core.errors import ProviderError
from tmflow.io import translators as tr
from tmflow.io.translators import (
    AuthError,
    BadReply,
    EndpointError,
    EngineFailure,
    QuotaError,
    RateLimited,
    ReplyTooLarge,
    SegmentError,
    TooLarge,
    TransientError,
    UnreachableError,
    UnsupportedLanguageError,
    make_provider,
    pseudo_translate,
)

KEY = "sekret-KEY-4711"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the failure classes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "cls, retryable, scope, config",
    [
        (TransientError, True, "request", False),
        (RateLimited, True, "request", False),
        (BadReply, True, "request", False),
        (SegmentError, False, "request", False),
        (TooLarge, False, "request", False),
        (ReplyTooLarge, False, "request", False),
        (UnsupportedLanguageError, False, "language", True),
        (AuthError, False, "engine", True),
        (QuotaError, False, "engine", False),
        (UnreachableError, False, "engine", False),
        (EndpointError, False, "engine", False),
    ],
)
def test_failure_classes_say_what_a_retry_can_do_and_what_they_stop(
    cls: type[EngineFailure], retryable: bool, scope: str, config: bool
) -> None:
    failure = cls("why")
    assert (failure.retryable, failure.scope, failure.config) == (retryable, scope, config)
    assert failure.split == (cls in (TooLarge, ReplyTooLarge))
    assert failure.reason == failure.message == str(failure) == "why"


# --- LibreTranslate: plain HTTP against the local server ---------------------------------------


def test_libre_sends_a_list_in_one_request_and_bypasses_deep_translators_table() -> None:
    with FakeLibre() as fake:
        libre = make_provider("libre", url=fake.url.rstrip("/"), timeout=5, env={})
        assert libre.check_languages("en", ["az", "fr"]) == {}  # az: not in deep-translator's
        out = libre.translate_batch(["Hello {1}", "Two", "Three"], "en", "az")
    assert out == ["<az> Hello {1}", "<az> Two", "<az> Three"]
    assert fake.requests == 1 and fake.batches == [3]
    assert fake.language_requests == 1 and fake.settings_requests == 1
    assert fake.keys_seen == set()  # no key configured: none sent
    assert libre.limits.texts == 16


def test_libre_reports_languages_the_server_lacks() -> None:
    with FakeLibre(languages=("en", "fr")) as fake:
        libre = make_provider("libre", url=fake.url, env={})
        problems = libre.check_languages("en", ["fr", "az"])
    assert list(problems) == ["az"]
    assert "does not translate into 'az'" in problems["az"]


def test_libre_key_is_not_in_any_url_it_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    urls: list[str] = []
    real_send = tr.http.send

    def recording(method: str, url: str, host: str, **kwargs: object) -> object:
        urls.append(url + json.dumps(kwargs.get("params") or {}))
        return real_send(method, url, host, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tr.http, "send", recording)
    with FakeLibre(api_key=KEY) as fake:
        libre = make_provider("libre", url=fake.url, env={"TMFLOW_LIBRE_API_KEY": KEY})
        libre.check_languages("en", ["fr"])
        assert libre.translate_batch(["Hi"], "en", "fr") == ["<fr> Hi"]
    assert fake.keys_seen == {KEY}  # sent, in the JSON body
    assert len(urls) == 3 and all(KEY not in u for u in urls)


def test_libre_customary_key_variable_is_read() -> None:
    assert tr.api_key("libre", {"LIBRE_API_KEY": "abcd1234"}) == "abcd1234"
    assert (
        tr.api_key("libre", {"TMFLOW_LIBRE_API_KEY": "first111", "LIBRE_API_KEY": "x"})
        == "first111"
    )


def test_libre_takes_the_servers_character_limit() -> None:
    with FakeLibre(char_limit=120) as fake:
        libre = make_provider("libre", url=fake.url, env={})
        libre.check_languages("en", ["fr"])
    assert libre.limits.text_bytes == 120
    assert libre.limits.chars <= 120 * libre.limits.texts


def test_a_refused_key_is_an_auth_error_that_never_shows_the_key() -> None:
    with FakeLibre(api_key="the-right-one") as fake:
        libre = make_provider("libre", url=fake.url, env={"TMFLOW_LIBRE_API_KEY": KEY})
        with pytest.raises(AuthError) as info:
            libre.translate_batch(["Hi"], "en", "fr")
    assert "HTTP 403" in str(info.value)
    assert KEY not in str(info.value) and KEY not in repr(info.value)
    assert tr.redact(f"x {KEY} y") == "x *** y"


def test_timeout_is_enforced() -> None:
    with FakeLibre(schedule=["timeout"], timeout_sleep=3.0) as fake:
        libre = make_provider("libre", url=fake.url, timeout=0.3, env={})
        with pytest.raises(TransientError) as info:
            libre.translate_batch(["Hi"], "en", "fr")
    assert info.value.reason == "timed out"


def test_a_batch_gets_more_time_than_one_text() -> None:
    libre = make_provider("libre", url="http://127.0.0.1:9/", timeout=10, env={})
    assert libre.request_timeout(1) == 10
    assert libre.request_timeout(11) == 20


@pytest.mark.parametrize(
    "action, cls, reason",
    [
        ("500", TransientError, "server error (HTTP 500: internal error)"),
        ("503", TransientError, "server error (HTTP 503: internal error)"),
        ("drop", TransientError, "connection dropped"),
        ("garbage", BadReply, "unreadable answer (an HTML page, not JSON)"),
        ("html", BadReply, "unreadable answer (an HTML page, not JSON)"),
        ("wrong-count", BadReply, "unreadable answer (not 2 translations)"),
    ],
)
def test_retryable_failures_are_classified(
    action: str, cls: type[EngineFailure], reason: str
) -> None:
    with FakeLibre(schedule=[action]) as fake:
        libre = make_provider("libre", url=fake.url, timeout=5, env={})
        with pytest.raises(cls) as info:
            libre.translate_batch(["Hi", "There"], "en", "fr")
        assert info.value.reason == reason and info.value.retryable
        assert libre.translate_batch(["Hi"], "en", "fr") == ["<fr> Hi"]  # next one works


def test_429_carries_retry_after() -> None:
    with FakeLibre(schedule=["429"], retry_after="7") as fake:
        libre = make_provider("libre", url=fake.url, env={})
        with pytest.raises(RateLimited) as info:
            libre.translate_batch(["Hi"], "en", "fr")
    assert info.value.retry_after == 7.0
    assert info.value.reason == "rate limited (HTTP 429: Too many request limits violations)"


@pytest.mark.parametrize(
    "action, cls, scope",
    [
        ("404", EndpointError, "engine"),
        ("400", SegmentError, "request"),
    ],
)
def test_final_failures_are_classified(action: str, cls: type[EngineFailure], scope: str) -> None:
    with FakeLibre(schedule=[action]) as fake:
        libre = make_provider("libre", url=fake.url, env={})
        with pytest.raises(cls) as info:
            libre.translate_batch(["Hi"], "en", "fr")
    assert not info.value.retryable and info.value.scope == scope and not info.value.config


def test_a_url_that_is_not_a_libretranslate_server_is_an_endpoint_error() -> None:
    with FakeLibre() as fake:
        host = fake.url.split("/")[2]
        libre = make_provider("libre", url=fake.url + "wrong/path/", env={})
        with pytest.raises(EndpointError) as info:
            libre.translate_batch(["Hi"], "en", "fr")
    assert info.value.reason == f"{host} answers HTTP 404: no libre service at this URL"


def test_over_the_batch_limit_is_too_large_and_one_long_text_is_refused() -> None:
    with FakeLibre(batch_limit=2, char_limit=10) as fake:
        libre = make_provider("libre", url=fake.url, env={})
        with pytest.raises(TooLarge) as info:
            libre.translate_batch(["a", "b", "c"], "en", "fr")
        assert "exceeds text limit (2)" in info.value.reason and info.value.split
        with pytest.raises(SegmentError) as single:
            libre.translate_batch(["a text longer than ten"], "en", "fr")
        assert not single.value.split
        assert single.value.reason.startswith("text too long for the libre server")
        assert libre.translate_batch(["a", "b"], "en", "fr") == ["<fr> a", "<fr> b"]


def test_an_unsupported_target_in_a_request_stops_the_language() -> None:
    with FakeLibre(languages=("en", "fr")) as fake:
        libre = make_provider("libre", url=fake.url, env={})
        with pytest.raises(UnsupportedLanguageError) as info:
            libre.translate_batch(["Hi"], "en", "az")
    assert info.value.scope == "language" and info.value.config


def test_connection_refused_is_unreachable_and_final() -> None:
    libre = make_provider("libre", url=f"http://127.0.0.1:{_free_port()}/", timeout=2, env={})
    with pytest.raises(UnreachableError) as info:
        libre.translate_batch(["Hi"], "en", "fr")
    assert "cannot connect to 127.0.0.1" in info.value.reason
    assert not info.value.retryable and info.value.scope == "engine"
    with pytest.raises(UnreachableError):
        libre.check_languages("en", ["fr"])


def test_dns_failure_is_unreachable_and_names_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    libre = make_provider("libre", url="http://mt.example.invalid:5000/", env={})
    with pytest.raises(UnreachableError) as info:
        libre.translate_batch(["Hi"], "en", "fr")
    assert info.value.reason == "cannot resolve host mt.example.invalid:5000"
    assert not info.value.retryable and not info.value.config


def test_a_huge_answer_is_not_read_in_full() -> None:
    with FakeLibre(rule=lambda n, text: "huge") as fake:
        libre = make_provider("libre", url=fake.url, env={})
        start = time.process_time()
        with pytest.raises(ReplyTooLarge) as info:
            libre.translate_batch(["A short sentence."], "en", "fr")
        cpu = time.process_time() - start
    assert info.value.reason.startswith("answer too large (6.0 MB;")
    assert cpu < 0.5  # the 6 MB were refused on their declared length, not decoded


def test_instances_are_not_shared_between_threads() -> None:
    """Many threads, different targets at once: every answer matches its own request."""
    with FakeLibre(latency=0.01) as fake:
        libre = make_provider("libre", url=fake.url, env={})
        errors: list[str] = []

        def work(lang: str) -> None:
            for i in range(10):
                out = libre.translate_batch([f"t{i}", f"u{i}"], "en", lang)
                if out != [f"<{lang}> t{i}", f"<{lang}> u{i}"]:
                    errors.append(f"{lang}: {out}")

        threads = [
            threading.Thread(target=work, args=(lang,))
            for lang in ["fr", "az", "ru", "tr", "ar"] * 2
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert fake.requests == 100 and fake.texts == 200


def test_libre_without_url_or_key_is_a_configuration_error() -> None:
    with pytest.raises(ProviderError, match="needs the URL of a LibreTranslate server"):
        make_provider("libre", env={})


# --- provider selection and keys ------------------------------------------------------------


def test_unknown_provider_suggests_a_name() -> None:
    with pytest.raises(ProviderError, match="did you mean 'deepl'"):
        make_provider("deeepl")


@pytest.mark.parametrize(
    "name, variable",
    [
        ("deepl", "TMFLOW_DEEPL_API_KEY"),
        ("microsoft", "TMFLOW_MICROSOFT_API_KEY"),
        ("yandex", "TMFLOW_YANDEX_API_KEY"),
        ("google-cloud", "TMFLOW_GOOGLE_CLOUD_API_KEY"),
    ],
)
def test_missing_key_names_the_variables(name: str, variable: str) -> None:
    with pytest.raises(ProviderError) as info:
        make_provider(name, env={})
    assert variable in str(info.value)
    assert make_provider(name, env={}, offline=True).name == name  # dry runs need no key


@pytest.mark.parametrize(
    "name, texts",
    [
        ("google", 1),
        ("mymemory", 1),
        ("yandex", 1),
        ("libre", 16),
        ("microsoft", 100),
        ("deepl", 50),
        ("google-cloud", 128),
    ],
)
def test_which_engines_take_lists(name: str, texts: int) -> None:
    engine = make_provider(name, url="http://127.0.0.1:9/", env={}, offline=True)
    assert engine.limits.texts == texts


# --- response shapes through responses ------------------------------------------------------

GOOGLE = "https://translate.google.com/m"


@responses.activate
def test_google_shape_and_code_mapping() -> None:
    responses.add(responses.GET, GOOGLE, body='<html><div class="t0">Bonjour {1}</div></html>')
    google = make_provider("google")
    assert google.translate_batch(["Hello {1}"], "en", "zh_CN") == ["Bonjour {1}"]
    query = parse_qs(urlparse(str(responses.calls[0].request.url)).query)
    assert query["tl"] == ["zh-CN"] and query["sl"] == ["en"] and query["q"] == ["Hello {1}"]
    assert google.code("he") == "iw" and google.code("pt_BR") == "pt"


@responses.activate
def test_google_without_a_result_gives_none_and_429_is_rate_limited() -> None:
    responses.add(responses.GET, GOOGLE, body="<html><p>nothing</p></html>")
    responses.add(responses.GET, GOOGLE, status=429, headers={"Retry-After": "3"})
    google = make_provider("google")
    assert google.translate_batch(["Hello"], "en", "fr") == [None]
    with pytest.raises(RateLimited) as info:
        google.translate_batch(["Hello"], "en", "fr")
    assert info.value.retry_after == 3.0


@responses.activate
def test_google_page_of_six_megabytes_is_refused_unread() -> None:
    responses.add(responses.GET, GOOGLE, body=b"<html>" + b"x" * (6 * 1024 * 1024))
    with pytest.raises(ReplyTooLarge):
        make_provider("google").translate_batch(["Hello"], "en", "fr")


MYMEMORY = "https://api.mymemory.translated.net/get"  # not deep-translator's http://


@responses.activate
def test_mymemory_shape_and_locale_codes() -> None:
    responses.add(
        responses.GET,
        MYMEMORY,
        json={"responseData": {"translatedText": "Merhaba"}, "responseStatus": 200, "matches": []},
    )
    mm = make_provider("mymemory", options={"email": "desk@example.org"})
    assert mm.translate_batch(["Hello"], "en", "tr") == ["Merhaba"]
    query = parse_qs(urlparse(str(responses.calls[0].request.url)).query)
    assert query["langpair"] == ["en-GB|tr-TR"]
    assert query["de"] == ["desk@example.org"]
    assert [mm.code(c) for c in ("az", "ru", "fr", "ar", "pt_BR")] == [
        "az-AZ",
        "ru-RU",
        "fr-FR",
        "ar-SA",
        "pt-BR",
    ]


@responses.activate
def test_mymemory_quota_warning_stops_the_provider() -> None:
    responses.add(
        responses.GET,
        MYMEMORY,
        json={
            "responseData": {
                "translatedText": (
                    "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT "
                    "AVAILABLE IN  10 HOURS 20 MINUTES 11 SECONDS"
                )
            },
            "responseStatus": 429,
            "matches": [],
        },
    )
    with pytest.raises(QuotaError, match="quota") as info:
        make_provider("mymemory").translate_batch(["Hello"], "en", "fr")
    assert info.value.scope == "engine" and not info.value.config


MICROSOFT = "https://api.cognitive.microsofttranslator.com/translate"


@responses.activate
def test_microsoft_sends_a_list_in_one_request() -> None:
    responses.add(
        responses.POST,
        MICROSOFT,
        json=[
            {"translations": [{"text": "Salam", "to": "az"}]},
            {"translations": [{"text": "Dünya", "to": "az"}]},
        ],
    )
    ms = make_provider(
        "microsoft", env={"TMFLOW_MICROSOFT_API_KEY": KEY}, options={"region": "westeurope"}
    )
    assert ms.translate_batch(["Hello", "World"], "en", "az") == ["Salam", "Dünya"]
    assert len(responses.calls) == 1  # deep-translator would first GET /languages, then 1 each
    request = responses.calls[0].request
    assert request.headers["Ocp-Apim-Subscription-Key"] == KEY
    assert request.headers["Ocp-Apim-Subscription-Region"] == "westeurope"
    query = parse_qs(urlparse(str(request.url)).query)
    assert query == {"api-version": ["3.0"], "from": ["en"], "to": ["az"]}
    assert json.loads(request.body or b"") == [{"Text": "Hello"}, {"Text": "World"}]


@pytest.mark.parametrize(
    "status, code, cls",
    [
        (401, 401000, AuthError),
        (400, 400036, UnsupportedLanguageError),
        (403, 403001, QuotaError),
        (429, 429001, RateLimited),
        (400, 400077, TooLarge),
        (500, 500000, TransientError),
        (404, 0, EndpointError),
    ],
)
@responses.activate
def test_microsoft_errors_are_classified_by_their_code(
    status: int, code: int, cls: type[EngineFailure]
) -> None:
    responses.add(
        responses.POST,
        MICROSOFT,
        status=status,
        json={"error": {"code": code, "message": "no"}},
        headers={"Retry-After": "2"},
    )
    ms = make_provider("microsoft", env={"MICROSOFT_API_KEY": KEY})
    with pytest.raises(cls) as info:
        ms.translate_batch(["Hello", "World"], "en", "fr")
    assert type(info.value) is cls and KEY not in str(info.value)
    if cls is RateLimited:
        assert info.value.retry_after == 2.0


GOOGLE_CLOUD = "https://translation.googleapis.com/language/translate/v2"


@responses.activate
def test_google_cloud_sends_a_list_with_the_key_in_a_header() -> None:
    responses.add(
        responses.POST,
        GOOGLE_CLOUD,
        json={
            "data": {"translations": [{"translatedText": "Bonjour"}, {"translatedText": "Monde"}]}
        },
    )
    cloud = make_provider("google-cloud", env={"TMFLOW_GOOGLE_CLOUD_API_KEY": KEY})
    assert cloud.translate_batch(["Hello", "World"], "en", "fr") == ["Bonjour", "Monde"]
    request = responses.calls[0].request
    assert request.headers["X-Goog-Api-Key"] == KEY and KEY not in str(request.url)
    body = json.loads(request.body or b"")
    assert body == {"q": ["Hello", "World"], "source": "en", "target": "fr", "format": "text"}


@responses.activate
def test_google_cloud_languages_and_errors() -> None:
    responses.add(
        responses.GET,
        GOOGLE_CLOUD + "/languages",
        json={"data": {"languages": [{"language": "fr"}, {"language": "ru"}]}},
    )
    bad_key = {
        "error": {
            "code": 400,
            "message": "API key not valid. Please pass a valid API key.",
            "details": [{"reason": "API_KEY_INVALID"}],
        }
    }
    responses.add(responses.POST, GOOGLE_CLOUD, status=400, json=bad_key)
    daily = {
        "error": {
            "code": 403,
            "message": "Daily Limit Exceeded",
            "errors": [{"reason": "dailyLimitExceeded"}],
        }
    }
    responses.add(responses.POST, GOOGLE_CLOUD, status=403, json=daily)
    rate = {
        "error": {
            "code": 403,
            "message": "User Rate Limit Exceeded",
            "errors": [{"reason": "userRateLimitExceeded"}],
        }
    }
    responses.add(responses.POST, GOOGLE_CLOUD, status=403, json=rate)
    cloud = make_provider("google-cloud", env={"GOOGLE_TRANSLATE_API_KEY": KEY})
    assert cloud.check_languages("en", ["fr", "az"]) == {
        "az": "google-cloud does not translate into 'az'"
    }
    for cls in (AuthError, QuotaError, RateLimited):
        with pytest.raises(cls):
            cloud.translate_batch(["Hello"], "en", "fr")


DEEPL = "https://api.deepl.com/v2/translate"


@responses.activate
def test_deepl_official_client_batches_with_header_auth() -> None:
    responses.add(
        responses.POST,
        DEEPL,
        json={
            "translations": [
                {"detected_source_language": "EN", "text": "Bonjour", "billed_characters": 5},
                {"detected_source_language": "EN", "text": "Monde", "billed_characters": 5},
            ]
        },
    )
    deepl = make_provider("deepl", env={"DEEPL_AUTH_KEY": KEY}, options={"formality": "less"})
    assert deepl.translate_batch(["Hello", "World"], "en", "fr") == ["Bonjour", "Monde"]
    assert len(responses.calls) == 1
    request = responses.calls[0].request
    assert request.method == "POST"
    assert request.headers["Authorization"] == f"DeepL-Auth-Key {KEY}"
    body = json.loads(request.body or b"")
    assert body["target_lang"] == "FR" and body["source_lang"] == "EN"
    assert body["text"] == ["Hello", "World"] and body["formality"] == "less"
    assert KEY not in str(request.url)  # not the old GET ?auth_key= form
    assert deepl.cache_key == "deepl formality=less"
    assert deepl.check_languages("en", ["az", "ru", "tr", "fr", "ar"]) == {
        "az": "deepl does not translate into 'az'"
    }
    assert deepl.code("pt_BR") == "PT-BR" and deepl.code("zh_TW") == "ZH-HANT"


@responses.activate
def test_deepl_free_key_uses_the_free_endpoint_and_errors_are_classified() -> None:
    free = "abc-123:fx"
    url = "https://api-free.deepl.com/v2/translate"
    for status in (403, 456, 503, 404, 413):
        responses.add(responses.POST, url, status=status, json={"message": "no"})
    deepl = make_provider("deepl", env={"TMFLOW_DEEPL_API_KEY": free})
    for cls in (AuthError, QuotaError, TransientError, EndpointError, TooLarge):
        with pytest.raises(cls) as info:
            deepl.translate_batch(["Hello", "World"], "en", "fr")
        assert type(info.value) is cls and free not in str(info.value)
    assert len(responses.calls) == 5  # the client's own retries are off: tmflow retries


@responses.activate
def test_deepl_answer_of_six_megabytes_is_refused_unread() -> None:
    responses.add(responses.POST, DEEPL, body=b'{"translations": [{"text": "' + b"x" * 6_000_000)
    deepl = make_provider("deepl", env={"TMFLOW_DEEPL_API_KEY": KEY})
    with pytest.raises(ReplyTooLarge):
        deepl.translate_batch(["Hello"], "en", "fr")


def test_deepl_without_its_client_library_is_a_provider_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "deepl", None)  # as if 'tmflow[deepl]' was not installed
    deepl = make_provider("deepl", env={"TMFLOW_DEEPL_API_KEY": "abc-123:fx"})
    with pytest.raises(ProviderError, match=r"pip install 'tmflow\[deepl\]'"):
        deepl.translate_batch(["Hello"], "en", "fr")


# --- pseudo -----------------------------------------------------------------------------------


def test_pseudo_is_accented_longer_and_keeps_tokens() -> None:
    out = pseudo_translate("Read {1}the report{2} in {3}")
    assert "{1}" in out and "{2}" in out and "{3}" in out
    assert "Ŕéáđ" in out and len(out) > len("Read {1}the report{2} in {3}") * 1.2
    assert make_provider("pseudo").translate_batch(["a", "b"], "en", "ar") == [
        pseudo_translate("a"),
        pseudo_translate("b"),
    ]


def test_refusal_without_a_key_says_what_to_set() -> None:
    with FakeLibre(api_key="needed") as fake:
        libre = make_provider("libre", url=fake.url, env={})
        with pytest.raises(AuthError, match="it may need an API key: set TMFLOW_LIBRE_API_KEY"):
            libre.translate_batch(["Hi"], "en", "fr")


@responses.activate
def test_google_blocking_is_not_called_a_key_problem() -> None:
    responses.add(responses.GET, GOOGLE, status=403, body="<html>blocked</html>")
    with pytest.raises(
        AuthError,
        match="google refused the request \\(HTTP 403\\); the "
        "service may be blocking this address",
    ):
        make_provider("google").translate_batch(["Hello"], "en", "fr")


def test_retry_after_as_an_http_date() -> None:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    import requests

    response = requests.Response()
    when = datetime.now(UTC) + timedelta(seconds=90)
    response.headers["Retry-After"] = format_datetime(when, usegmt=True)
    waited = tr.http.retry_after(response)
    assert waited is not None and 85 <= waited <= 91
    response.headers["Retry-After"] = "soon"
    assert tr.http.retry_after(response) is None
