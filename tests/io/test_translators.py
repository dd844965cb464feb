"""Providers: deep-translator's real code against a local LibreTranslate-compatible server, and
the Google, MyMemory, Microsoft and DeepL response shapes through ``responses``."""

from __future__ import annotations

import json
import socket
import threading
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from tests.fakes.libre_server import FakeLibre
from tmflow.core.errors import ProviderError
from tmflow.io import translators as tr
from tmflow.io.translators import (
    AuthError,
    QuotaError,
    TransientError,
    UnreachableError,
    make_provider,
    pseudo_translate,
)

KEY = "sekret-KEY-4711"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- LibreTranslate: real deep-translator code, local server ------------------------------


def test_libre_translates_through_deep_translator_and_bypasses_its_language_table() -> None:
    with FakeLibre() as fake:
        libre = make_provider("libre", url=fake.url.rstrip("/"), timeout=5, env={})
        assert libre.check_languages("en", ["az", "fr"]) == {}
        out = libre.translate_batch(["Hello {1}", "Two"], "en", "az")
    assert out == ["<az> Hello {1}", "<az> Two"]
    assert fake.requests == 2 and fake.language_requests == 1
    assert fake.keys_seen == set()  # no key configured: none sent


def test_libre_reports_languages_the_server_lacks() -> None:
    with FakeLibre(languages=("en", "fr")) as fake:
        libre = make_provider("libre", url=fake.url, env={})
        problems = libre.check_languages("en", ["fr", "az"])
    assert list(problems) == ["az"]
    assert "does not translate into 'az'" in problems["az"]


def test_libre_sends_the_key_from_the_environment() -> None:
    with FakeLibre(api_key=KEY) as fake:
        libre = make_provider("libre", url=fake.url, env={"TMFLOW_LIBRE_API_KEY": KEY})
        assert libre.translate_batch(["Hi"], "en", "fr") == ["<fr> Hi"]
    assert fake.keys_seen == {KEY}


def test_libre_customary_key_variable_is_read() -> None:
    assert tr.api_key("libre", {"LIBRE_API_KEY": "abcd1234"}) == "abcd1234"
    assert (
        tr.api_key("libre", {"TMFLOW_LIBRE_API_KEY": "first111", "LIBRE_API_KEY": "x"})
        == "first111"
    )


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


@pytest.mark.parametrize(
    "action, reason",
    [
        ("500", "server error (HTTP 500)"),
        ("503", "server error (HTTP 503)"),
        ("drop", "connection dropped"),
        ("garbage", "unreadable response"),
    ],
)
def test_transient_failures_are_classified(action: str, reason: str) -> None:
    with FakeLibre(schedule=[action]) as fake:
        libre = make_provider("libre", url=fake.url, timeout=5, env={})
        with pytest.raises(TransientError) as info:
            libre.translate_batch(["Hi"], "en", "fr")
        assert info.value.reason == reason
        assert libre.translate_batch(["Hi"], "en", "fr") == ["<fr> Hi"]  # next one works


def test_429_carries_retry_after() -> None:
    with FakeLibre(schedule=["429"], retry_after="7") as fake:
        libre = make_provider("libre", url=fake.url, env={})
        with pytest.raises(TransientError) as info:
            libre.translate_batch(["Hi"], "en", "fr")
    assert info.value.retry_after == 7.0
    assert "429" in info.value.reason


def test_connection_refused_is_unreachable() -> None:
    libre = make_provider("libre", url=f"http://127.0.0.1:{_free_port()}/", timeout=2, env={})
    with pytest.raises(UnreachableError) as info:
        libre.translate_batch(["Hi"], "en", "fr")
    assert "cannot connect to 127.0.0.1" in info.value.reason
    with pytest.raises(UnreachableError):
        libre.check_languages("en", ["fr"])


def test_instances_are_not_shared_between_threads() -> None:
    """Many threads, different targets at once: every answer matches its own request."""
    with FakeLibre(latency=0.01) as fake:
        libre = make_provider("libre", url=fake.url, env={})
        errors: list[str] = []

        def work(lang: str) -> None:
            for i in range(10):
                out = libre.translate_batch([f"t{i}"], "en", lang)
                if out != [f"<{lang}> t{i}"]:
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
    assert fake.requests == 100


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
    ],
)
def test_missing_key_names_the_variables(name: str, variable: str) -> None:
    with pytest.raises(ProviderError) as info:
        make_provider(name, env={})
    assert variable in str(info.value)
    assert make_provider(name, env={}, offline=True).name == name  # dry runs need no key


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
def test_google_without_a_result_gives_none_and_429_is_transient() -> None:
    responses.add(responses.GET, GOOGLE, body="<html><p>nothing</p></html>")
    responses.add(responses.GET, GOOGLE, status=429, headers={"Retry-After": "3"})
    google = make_provider("google")
    assert google.translate_batch(["Hello"], "en", "fr") == [None]
    with pytest.raises(TransientError) as info:
        google.translate_batch(["Hello"], "en", "fr")
    assert info.value.retry_after == 3.0


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
                    "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT AVAILABLE "
                    "IN  10 HOURS 20 MINUTES 11 SECONDS"
                )
            },
            "responseStatus": 429,
            "matches": [],
        },
    )
    with pytest.raises(QuotaError, match="quota"):
        make_provider("mymemory").translate_batch(["Hello"], "en", "fr")


MICROSOFT = "https://api.cognitive.microsofttranslator.com/translate"


@responses.activate
def test_microsoft_shape_without_the_per_instance_language_request() -> None:
    responses.add(
        responses.POST, MICROSOFT, json=[{"translations": [{"text": "Salam", "to": "az"}]}]
    )
    ms = make_provider(
        "microsoft", env={"TMFLOW_MICROSOFT_API_KEY": KEY}, options={"region": "westeurope"}
    )
    assert ms.translate_batch(["Hello"], "en", "az") == ["Salam"]
    assert len(responses.calls) == 1  # deep-translator would first GET /languages
    request = responses.calls[0].request
    assert request.headers["Ocp-Apim-Subscription-Key"] == KEY
    assert request.headers["Ocp-Apim-Subscription-Region"] == "westeurope"
    assert "to=az" in str(request.url)


@responses.activate
def test_microsoft_bad_key() -> None:
    responses.add(
        responses.POST,
        MICROSOFT,
        status=401,
        json={"error": {"code": 401000, "message": "invalid key"}},
    )
    ms = make_provider("microsoft", env={"MICROSOFT_API_KEY": KEY})
    with pytest.raises(AuthError) as info:
        ms.translate_batch(["Hello"], "en", "fr")
    assert KEY not in str(info.value)


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
    responses.add(
        responses.POST,
        "https://api-free.deepl.com/v2/translate",
        status=403,
        json={"message": "Wrong key"},
    )
    responses.add(
        responses.POST,
        "https://api-free.deepl.com/v2/translate",
        status=456,
        json={"message": "Quota exceeded"},
    )
    responses.add(
        responses.POST,
        "https://api-free.deepl.com/v2/translate",
        status=503,
        json={"message": "busy"},
    )
    deepl = make_provider("deepl", env={"TMFLOW_DEEPL_API_KEY": free})
    with pytest.raises(AuthError) as info:
        deepl.translate_batch(["Hello"], "en", "fr")
    assert free not in str(info.value)
    with pytest.raises(QuotaError):
        deepl.translate_batch(["Hello"], "en", "fr")
    with pytest.raises(TransientError):
        deepl.translate_batch(["Hello"], "en", "fr")
    assert len(responses.calls) == 3  # the client's own retries are off: tmflow retries


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


def test_dns_failure_is_unreachable_and_names_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    libre = make_provider("libre", url="http://mt.example.invalid:5000/", env={})
    with pytest.raises(UnreachableError) as info:
        libre.translate_batch(["Hi"], "en", "fr")
    assert info.value.reason == "cannot resolve host mt.example.invalid:5000"


def test_deepl_without_its_client_library_is_a_provider_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "deepl", None)  # as if 'tmflow[deepl]' was not installed
    deepl = make_provider("deepl", env={"TMFLOW_DEEPL_API_KEY": "abc-123:fx"})
    with pytest.raises(ProviderError, match=r"pip install 'tmflow\[deepl\]'"):
        deepl.translate_batch(["Hello"], "en", "fr")
