"""Machine-translation providers: the only module that imports deep-translator and ``deepl``.

Every provider is a subclass of :class:`Provider`: ``translate_batch(texts,
source, target) -> list[str | None]`` with tmflow language codes in, one result per text out
(``None`` when the engine had nothing). Everything that makes drafting robust lives above this
layer (``tmflow.steps.mt.draft``: masking, dedup, splitting, concurrency, retries, cache); this
module does what only a provider can know:

* **Language codes.** tmflow speaks gettext codes (``pt_BR``); each engine has its own table.
  MyMemory wants locale codes (``tr-TR``), Google ``zh-CN``/``iw``, Microsoft ``zh-Hans``,
  DeepL ``EN-GB``/``PT-BR``. deep-translator's static table for LibreTranslate lacks languages
  that real servers support (``az``), so for Libre the server's own ``GET /languages`` decides
  and deep-translator's table check is bypassed (the instance's ``target`` is set after
  construction).
* **Thread safety.** deep-translator instances keep per-request state in ``_url_params`` and
  are not thread-safe: every call builds a fresh instance (construction is a dict lookup).
* **Timeouts.** deep-translator passes no timeout to ``requests``, so a stalled server hangs a
  worker for ever. Its modules' ``requests`` name is pointed at :class:`_RequestsShim`, which
  sends through one keep-alive connection pool per thread with the configured timeout, and
  remembers the last response and exception of the thread. That memory is what lets tmflow
  classify failures uniformly (deep-translator raises ``ServerException(429)`` without the
  ``Retry-After`` header; its Microsoft class swallows connection errors and then fails on
  ``None.json()``).
* **Failure classes.** :class:`TransientError` (timeouts, dropped connections, 429, 5xx, an
  unreadable body: retry later, honouring ``retry_after``), :class:`UnreachableError` (DNS,
  connection refused), and fatal :class:`~tmflow.core.errors.ProviderError` subclasses (bad or
  missing key, unsupported language, quota used up: exit code 2). :class:`SegmentError` is a
  permanent refusal of one text (HTTP 400 for that input).
* **Secrets.** API keys are read from environment variables only (``TMFLOW_<PROVIDER>_API_KEY``
  or the provider's customary variable, see ``KEY_VARIABLES``). No message built here contains a
  key, a request URL or a library's exception text (deep-translator puts the key into its
  ``AuthorizationException`` message and Libre sends it in the query string); :func:`redact`
  scrubs anything else that passes through.
* **DeepL** goes through DeepL's official client (optional extra ``tmflow[deepl]``):
  deep-translator's DeepL class still uses the GET/``auth_key`` form that DeepL no longer
  accepts. The official client also batches up to 50 texts per request and supports
  DeepL's formality and glossaries (``options``: ``formality``, ``glossary_ids``).
* **pseudo** is offline: accented, lengthened text in brackets that keeps ``{N}`` tokens, for
  testing layouts and pipelines with no network.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any
from urllib.parse import urlsplit

import requests
import requests.utils

from tmflow.core.errors import ProviderError
from tmflow.core.languages import normalise_code

DEFAULT_TIMEOUT = 20.0

# provider -> environment variables holding its API key, first found wins
KEY_VARIABLES: dict[str, tuple[str, ...]] = {
    "google": (),
    "mymemory": ("TMFLOW_MYMEMORY_API_KEY", "MYMEMORY_API_KEY"),
    "libre": ("TMFLOW_LIBRE_API_KEY", "LIBRE_API_KEY"),
    "microsoft": ("TMFLOW_MICROSOFT_API_KEY", "MICROSOFT_API_KEY", "AZURE_TRANSLATOR_KEY"),
    "deepl": ("TMFLOW_DEEPL_API_KEY", "DEEPL_AUTH_KEY", "DEEPL_API_KEY"),
    "yandex": ("TMFLOW_YANDEX_API_KEY", "YANDEX_API_KEY"),
    "pseudo": (),
}
PROVIDERS = tuple(KEY_VARIABLES)


# ---------------------------------------------------------------------------------------------
# errors


class TransientError(Exception):
    """A failure worth retrying later (``retry_after``: seconds the server asked for)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        self.reason = reason
        self.retry_after = retry_after
        super().__init__(reason)


class UnreachableError(TransientError):
    """The server cannot be reached at all (DNS failure, connection refused)."""


class SegmentError(Exception):
    """The provider refused this one text for good (retrying would not help)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class AuthError(ProviderError):
    """The API key was refused."""


class UnsupportedLanguageError(ProviderError):
    """The provider does not translate into (or from) this language."""


class QuotaError(ProviderError):
    """The provider's quota is used up."""


_SECRETS: set[str] = set()
_SECRETS_LOCK = threading.Lock()


def _remember_secret(value: str) -> None:
    if value and len(value) >= 4:
        with _SECRETS_LOCK:
            _SECRETS.add(value)


def redact(text: str) -> str:
    """``text`` with every API key this process has read replaced by ``***``."""
    with _SECRETS_LOCK:
        secrets = sorted(_SECRETS, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def api_key(provider: str, env: Mapping[str, str] | None = None) -> str | None:
    """The API key of ``provider`` from the environment (never from files)."""
    env = os.environ if env is None else env
    for var in KEY_VARIABLES.get(provider, ()):
        value = env.get(var, "").strip()
        if value:
            _remember_secret(value)
            return value
    return None


def _key_hint(provider: str) -> str:
    names = KEY_VARIABLES.get(provider, ())
    return " or ".join(names) if names else "no key"


# ---------------------------------------------------------------------------------------------
# requests shim: timeout, keep-alive connections per thread, memory of the last response


_HttpPool = requests.Session  # requests' keep-alive client (cookies, pooled connections)


class _ThreadState(threading.local):
    timeout: float = DEFAULT_TIMEOUT
    http: _HttpPool | None = None
    last_response: requests.Response | None = None
    last_error: BaseException | None = None


_state = _ThreadState()


class _RequestsShim:
    """Stands in for the ``requests`` module inside deep-translator's modules."""

    exceptions = requests.exceptions
    RequestException = requests.RequestException

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", _state.timeout)
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = _state.timeout
        http = _state.http
        if http is None:
            http = _state.http = _new_http()
        kwargs.setdefault("proxies", _proxies_for(url))
        try:
            response = http.request(method, url, **kwargs)
        except BaseException as err:
            _state.last_error = err
            raise
        _state.last_response = response
        return response


def _new_http() -> _HttpPool:
    """A connection pool that reads proxy and CA settings from the environment once, not per
    request (requests re-reads ``os.environ`` twice per call: a third of its CPU time)."""
    http = _HttpPool()
    http.trust_env = False
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle:
        http.verify = bundle
    return http


@functools.lru_cache(maxsize=64)
def _proxies_for_origin(scheme: str, netloc: str) -> tuple[tuple[str, str], ...]:
    url = f"{scheme}://{netloc}/"
    if requests.utils.should_bypass_proxies(url, no_proxy=None):
        return ()
    return tuple(requests.utils.get_environ_proxies(url).items())


def _proxies_for(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    return dict(_proxies_for_origin(parts.scheme, parts.netloc))


_SHIM = _RequestsShim()
_INSTALLED = False
_INSTALL_LOCK = threading.Lock()


def _install_shim() -> None:
    global _INSTALLED
    with _INSTALL_LOCK:
        if _INSTALLED:
            return
        import importlib

        for name in ("google", "mymemory", "libre", "microsoft", "yandex", "deepl"):
            module = importlib.import_module(f"deep_translator.{name}")
            module.requests = _SHIM  # type: ignore[attr-defined]
        _INSTALLED = True


@contextmanager
def _request_scope(timeout: float) -> Iterator[None]:
    _state.timeout = timeout
    _state.last_response = None
    _state.last_error = None
    try:
        yield
    finally:
        _state.last_response = None
        _state.last_error = None


def _retry_after(response: requests.Response | None) -> float | None:
    if response is None:
        return None
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from datetime import datetime
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _network_error(err: BaseException, host: str) -> TransientError:
    """A requests exception as a tmflow failure; the message names no URL and no key."""
    if isinstance(err, requests.exceptions.Timeout):
        return TransientError("timed out")
    if isinstance(
        err, (requests.exceptions.InvalidJSONError, requests.exceptions.ContentDecodingError)
    ):
        return TransientError("unreadable response")
    text = repr(err)
    if isinstance(err, requests.exceptions.ConnectionError):
        if re.search(
            r"NameResolution|getaddrinfo|Name or service not known|"
            r"nodename nor servname|Temporary failure in name resolution",
            text,
        ):
            return UnreachableError(f"cannot resolve host {host}")
        if re.search(
            r"Connection refused|ConnectionRefused|NewConnectionError|"
            r"Network is unreachable|No route to host",
            text,
        ):
            return UnreachableError(f"cannot connect to {host} (connection refused or no network)")
        return TransientError("connection dropped")
    return TransientError("request failed")


def _host(url: str | None) -> str:
    if not url:
        return "the server"
    match = re.match(r"^[a-z]+://([^/?#@]*@)?([^/?#]+)", url)
    return match.group(2) if match else "the server"


# ---------------------------------------------------------------------------------------------
# the protocol


@dataclass
class Provider:
    name: str = ""
    timeout: float = DEFAULT_TIMEOUT
    url: str | None = None
    key: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    cache_key: str = ""
    max_chars: int = 4500
    max_batch: int = 1
    default_concurrency: int = 4
    cacheable: bool = True
    linguistic: bool = True  # False: output is not language (pseudo); no glossary checks

    def code(self, lang: str) -> str:
        return normalise_code(lang).replace("_", "-")

    def check_languages(self, source: str, targets: Sequence[str]) -> dict[str, str]:
        return {}

    # deep-translator based providers: one request per text ---------------------------
    def _make(self, source: str, target: str) -> Any:  # pragma: no cover - per provider
        raise NotImplementedError

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str | None]:
        return [self._one(text, source, target) for text in texts]

    def _one(self, text: str, source: str, target: str) -> str | None:
        _install_shim()
        with _request_scope(self.timeout):
            try:
                translator = self._make(source, target)
                result = translator.translate(text)
            except (ProviderError, TransientError, SegmentError):
                raise
            except Exception as err:
                failure = self._classify(err)
                if isinstance(failure, _NoResult):
                    return None
                raise failure from None
            response = _state.last_response
            if response is not None and not 200 <= response.status_code < 300:
                raise self._classify_status(response)
        if isinstance(result, list):
            result = "".join(str(r) for r in result) if result else None
        return self._check_result(result)

    def _check_result(self, result: Any) -> str | None:
        return result if isinstance(result, str) else None

    def _classify(self, err: BaseException) -> Exception:
        from deep_translator import exceptions as dt

        host = _host(self.url or self._default_url())
        network = _state.last_error
        if isinstance(err, requests.exceptions.RequestException):
            network = err
        if network is not None and isinstance(network, requests.exceptions.RequestException):
            return _network_error(network, host)
        response = _state.last_response
        if response is not None and not 200 <= response.status_code < 300:
            return self._classify_status(response)
        if isinstance(err, dt.LanguageNotSupportedException):
            return UnsupportedLanguageError(f"{self.name} does not support this language")
        if isinstance(err, dt.ApiKeyException):
            return ProviderError(f"{self.name} needs an API key: set {_key_hint(self.name)}")
        if isinstance(err, (dt.TranslationNotFound, dt.ElementNotFoundInGetRequest)):
            return _NoResult()
        if isinstance(err, dt.NotValidLength):
            return SegmentError("text too long for the provider")
        if isinstance(err, (ValueError, KeyError, TypeError, AttributeError, IndexError)):
            return TransientError("unreadable response")
        return TransientError(f"request failed ({type(err).__name__})")

    def _classify_status(self, response: requests.Response) -> Exception:
        status = response.status_code
        if status == 429:
            return TransientError("rate limited (HTTP 429)", _retry_after(response))
        if status in (401, 403):
            if self.key:
                return AuthError(
                    f"{self.name} refused the API key (HTTP {status}); check "
                    f"{_key_hint(self.name)}"
                )
            if KEY_VARIABLES.get(self.name):
                return AuthError(
                    f"{self.name} refused the request (HTTP {status}); it may "
                    f"need an API key: set {_key_hint(self.name)}"
                )
            return AuthError(
                f"{self.name} refused the request (HTTP {status}); the service "
                "may be blocking this address"
            )
        if status == 456:
            return QuotaError(f"{self.name}: quota used up (HTTP 456)")
        if status >= 500 or status in (408, 425):
            return TransientError(f"server error (HTTP {status})", _retry_after(response))
        return SegmentError(f"refused by {self.name} (HTTP {status})")

    def _default_url(self) -> str | None:
        return None


class _NoResult(Exception):
    """The engine answered without a translation (mapped to a ``None`` result)."""


# ---------------------------------------------------------------------------------------------
# providers


_GOOGLE_SPECIAL = {
    "zh": "zh-CN",
    "zh-CN": "zh-CN",
    "zh-TW": "zh-TW",
    "he": "iw",
    "jv": "jw",
    "pt-BR": "pt",
    "nb": "no",
}


class GoogleProvider(Provider):
    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="google", cache_key="google", max_chars=4800, default_concurrency=4, **kw
        )

    def code(self, lang: str) -> str:
        code = super().code(lang)
        return _GOOGLE_SPECIAL.get(code, code.split("-")[0])

    def check_languages(self, source: str, targets: Sequence[str]) -> dict[str, str]:
        from deep_translator.constants import GOOGLE_LANGUAGES_TO_CODES as table

        codes = set(table.values())
        return {
            t: f"google does not translate into {t!r}"
            for t in targets
            if self.code(t) not in codes
        }

    def _default_url(self) -> str:
        return "https://translate.google.com/"

    def _make(self, source: str, target: str) -> Any:
        from deep_translator import GoogleTranslator

        t = GoogleTranslator(source=self.code(source), target=self.code(target))
        if self.url:
            t._base_url = self.url
        return t


# MyMemory answers some failures as HTTP 200 with the message as the "translation".
MYMEMORY_QUOTA = re.compile(r"MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS")
MYMEMORY_BAD_LANGUAGE = re.compile(
    r"IS AN INVALID (TARGET|SOURCE) LANGUAGE|INVALID LANGUAGE "
    r"PAIR|PLEASE SELECT TWO DISTINCT LANGUAGES"
)
MYMEMORY_TOO_LONG = re.compile(r"QUERY LENGTH LIMIT EXCEEDED")


class MyMemoryProvider(Provider):
    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="mymemory", cache_key="mymemory", max_chars=480, default_concurrency=2, **kw
        )

    def code(self, lang: str) -> str:
        from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES as table

        code = super().code(lang)
        values = list(table.values())
        if code in values:
            return code
        base = code.split("-")[0]
        preferred = f"{base}-{base.upper()}"
        if preferred in values:
            return preferred
        for value in values:
            if value.split("-")[0] == base:
                return str(value)
        return code

    def check_languages(self, source: str, targets: Sequence[str]) -> dict[str, str]:
        from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES as table

        codes = set(table.values())
        return {
            t: f"mymemory does not translate into {t!r}"
            for t in targets
            if self.code(t) not in codes
        }

    def _default_url(self) -> str:
        return "https://api.mymemory.translated.net/"

    def _make(self, source: str, target: str) -> Any:
        from deep_translator import MyMemoryTranslator

        email = self.options.get("email") or os.environ.get("TMFLOW_MYMEMORY_EMAIL")
        t = MyMemoryTranslator(
            source=self.code(source),
            target=self.code(target),
            **({"email": email} if email else {}),
        )
        if self.key:
            t._url_params["key"] = self.key
        # deep-translator's address is plain http; the same API answers over https
        t._base_url = self.url or "https://api.mymemory.translated.net/get"
        return t

    def _check_result(self, result: Any) -> str | None:
        if isinstance(result, str):
            if MYMEMORY_QUOTA.search(result):
                raise QuotaError(
                    "mymemory: the daily free quota is used up (set "
                    "TMFLOW_MYMEMORY_EMAIL or options.email for a larger one, "
                    "or wait a day)"
                )
            if MYMEMORY_BAD_LANGUAGE.search(result):
                raise UnsupportedLanguageError("mymemory does not support this language pair")
            if MYMEMORY_TOO_LONG.search(result):
                raise SegmentError("text too long for mymemory")
        return super()._check_result(result)


class LibreProvider(Provider):
    """LibreTranslate (self-hosted or libretranslate.com); the server decides which languages
    it supports (``GET /languages``)."""

    def __init__(self, offline_ok: bool = False, **kw: Any) -> None:
        super().__init__(
            name="libre", cache_key="libre", max_chars=4500, default_concurrency=8, **kw
        )
        if not self.url:
            if self.key:
                self.url = "https://libretranslate.com/"
            elif not offline_ok:
                raise ProviderError(
                    "libre needs the URL of a LibreTranslate server "
                    "(--url or url in [tool.tmflow.mt]), or an API key for "
                    f"libretranslate.com ({_key_hint('libre')})"
                )
        if self.url and not self.url.endswith("/"):
            self.url += "/"
        self._server_codes: set[str] | None = None

    def _default_url(self) -> str | None:
        return self.url

    def code(self, lang: str) -> str:
        code = super().code(lang)
        known = self._server_codes
        if known is not None and code not in known:
            base = code.split("-")[0]
            if code in ("zh-CN", "zh") and "zh-Hans" in known:
                return "zh-Hans"
            if code == "zh-TW" and "zt" in known:
                return "zt"
            if code == "pt-BR" and "pb" in known:
                return "pb"
            if base in known:
                return base
        return code

    def check_languages(self, source: str, targets: Sequence[str]) -> dict[str, str]:
        _install_shim()
        host = _host(self.url)
        with _request_scope(self.timeout):
            try:
                response = _SHIM.get(f"{self.url}languages")
            except requests.exceptions.RequestException as err:
                raise _network_error(err, host) from None
            if response.status_code in (401, 403):
                raise self._classify_status(response)
            if response.status_code != 200:
                return {}  # an older server without /languages: let requests decide
            try:
                data = response.json()
                codes = {str(item["code"]) for item in data}
                targets_of = {str(item["code"]): set(item.get("targets") or []) for item in data}
            except (ValueError, KeyError, TypeError):
                return {}
        self._server_codes = codes
        src = self.code(source)
        out = {}
        if src not in codes:
            return dict.fromkeys(
                targets, f"the libre server at {host} does not translate from {source!r}"
            )
        for target in targets:
            code = self.code(target)
            allowed = targets_of.get(src) or codes
            if code not in codes or code not in allowed:
                out[target] = f"the libre server at {host} does not translate into {target!r}"
        return out

    def _make(self, source: str, target: str) -> Any:
        from deep_translator import LibreTranslator

        # Built with codes from its own table, then pointed at ours: the table lacks
        # languages real servers support (az), and the server is the judge.
        t = LibreTranslator(source="en", target="fr", api_key=self.key or "-", custom_url=self.url)
        t.source = self.code(source)
        t.target = self.code(target)
        if not self.key:
            t.api_key = ""
        return t


_MICROSOFT_SPECIAL = {
    "zh": "zh-Hans",
    "zh-CN": "zh-Hans",
    "zh-TW": "zh-Hant",
    "pt-BR": "pt",
    "pt": "pt-pt",
    "nb": "nb",
    "no": "nb",
}


class MicrosoftProvider(Provider):
    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="microsoft", cache_key="microsoft", max_chars=9000, default_concurrency=8, **kw
        )
        self.region = (
            self.options.get("region")
            or os.environ.get("TMFLOW_MICROSOFT_REGION")
            or os.environ.get("AZURE_TRANSLATOR_REGION")
        )

    def code(self, lang: str) -> str:
        code = super().code(lang)
        return _MICROSOFT_SPECIAL.get(code, code.split("-")[0] if code.count("-") else code)

    def _default_url(self) -> str:
        return "https://api.cognitive.microsofttranslator.com/"

    def _make(self, source: str, target: str) -> Any:
        from deep_translator import MicrosoftTranslator

        src, tgt = self.code(source), self.code(target)

        class _Fixed(MicrosoftTranslator):  # type: ignore[misc]
            # deep-translator fetches the language list on every construction; the server
            # rejects an unsupported language itself, so a fixed table saves a request.
            def _get_supported_languages(self) -> dict[str, str]:
                return {src: src, tgt: tgt}

        t = _Fixed(source=src, target=tgt, api_key=self.key, region=self.region)
        if self.url:
            t._base_url = self.url
        return t

    def _classify_status(self, response: requests.Response) -> Exception:
        if response.status_code == 400:
            try:
                code = int(response.json()["error"]["code"])
            except (ValueError, KeyError, TypeError):
                code = 0
            if code in (400019, 400023, 400035, 400036):
                return UnsupportedLanguageError("microsoft does not support this language")
        return super()._classify_status(response)


class YandexProvider(Provider):
    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="yandex", cache_key="yandex", max_chars=9000, default_concurrency=4, **kw
        )

    def code(self, lang: str) -> str:
        return super().code(lang).split("-")[0]

    def _default_url(self) -> str:
        return "https://translate.yandex.net/"

    def _make(self, source: str, target: str) -> Any:
        from deep_translator import YandexTranslator

        t = YandexTranslator(source=self.code(source), target=self.code(target), api_key=self.key)
        if self.url:
            t._base_url = self.url
        return t

    def _classify(self, err: BaseException) -> Exception:
        from deep_translator import exceptions as dt

        if isinstance(err, dt.ServerException) and _state.last_response is not None:
            try:
                code = int(_state.last_response.json().get("code", 0))
            except (ValueError, TypeError, AttributeError):
                code = 0
            if code in (401, 402):
                return AuthError(f"yandex refused the API key; check {_key_hint('yandex')}")
            if code in (403, 404):
                return QuotaError("yandex: daily limit reached")
            if code == 501:
                return UnsupportedLanguageError("yandex does not support this language")
        return super()._classify(err)


DEEPL_TARGETS = {
    "AR",
    "BG",
    "CS",
    "DA",
    "DE",
    "EL",
    "EN-GB",
    "EN-US",
    "ES",
    "ET",
    "FI",
    "FR",
    "HE",
    "HU",
    "ID",
    "IT",
    "JA",
    "KO",
    "LT",
    "LV",
    "NB",
    "NL",
    "PL",
    "PT-BR",
    "PT-PT",
    "RO",
    "RU",
    "SK",
    "SL",
    "SV",
    "TH",
    "TR",
    "UK",
    "VI",
    "ZH-HANS",
    "ZH-HANT",
}
_DEEPL_SPECIAL = {
    "en": "EN-GB",
    "pt": "PT-PT",
    "pt-BR": "PT-BR",
    "zh": "ZH-HANS",
    "zh-CN": "ZH-HANS",
    "zh-TW": "ZH-HANT",
    "no": "NB",
}


class DeeplProvider(Provider):
    """DeepL through its official client (POST with an ``Authorization`` header)."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="deepl",
            cache_key="deepl",
            max_chars=30000,
            max_batch=50,
            default_concurrency=4,
            **kw,
        )
        formality = self.options.get("formality")
        if formality:
            self.cache_key = f"deepl formality={formality}"

    def code(self, lang: str) -> str:
        code = super().code(lang)
        return _DEEPL_SPECIAL.get(code, code.split("-")[0].upper())

    def source_code(self, lang: str) -> str:
        return super().code(lang).split("-")[0].upper()

    def check_languages(self, source: str, targets: Sequence[str]) -> dict[str, str]:
        return {
            t: f"deepl does not translate into {t!r}"
            for t in targets
            if self.code(t) not in DEEPL_TARGETS
        }

    def _client(self) -> Any:
        try:
            import deepl
        except ImportError:
            raise ProviderError(
                "the deepl provider needs DeepL's client library: pip install 'tmflow[deepl]'"
            ) from None
        deepl.http_client.max_network_retries = 0  # tmflow retries, with Retry-After
        deepl.http_client.min_connection_timeout = self.timeout
        return deepl.Translator(
            self.key or "", server_url=self.url, send_platform_info=False, skip_language_check=True
        )

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str | None]:
        client = self._client()  # a clear ProviderError when the client library is missing
        import deepl

        kwargs: dict[str, Any] = {}
        if self.options.get("formality"):
            kwargs["formality"] = self.options["formality"]
        glossaries = self.options.get("glossary_ids") or {}
        if isinstance(glossaries, dict) and glossaries.get(target):
            kwargs["glossary"] = glossaries[target]
        try:
            results = client.translate_text(
                list(texts),
                source_lang=self.source_code(source),
                target_lang=self.code(target),
                **kwargs,
            )
        except deepl.AuthorizationException:
            raise AuthError(f"deepl refused the API key; check {_key_hint('deepl')}") from None
        except deepl.QuotaExceededException:
            raise QuotaError("deepl: the character quota is used up") from None
        except deepl.TooManyRequestsException:
            raise TransientError("rate limited (HTTP 429)") from None
        except deepl.ConnectionException as err:
            cause = err.__cause__ or err.__context__
            if isinstance(cause, requests.exceptions.RequestException):
                raise _network_error(cause, _host(self.url or self._default_url())) from None
            raise TransientError("connection failed") from None
        except deepl.DeepLException as err:
            status = getattr(err, "http_status_code", None)
            if status is not None and (status >= 500 or status == 429):
                raise TransientError(f"server error (HTTP {status})") from None
            if status == 400:
                raise SegmentError("refused by deepl (HTTP 400)") from None
            raise TransientError(f"deepl error (HTTP {status})") from None
        except (TypeError, KeyError, ValueError, AttributeError):
            raise TransientError("unreadable response") from None
        finally:
            try:
                client.close()
            except Exception:
                pass
        if not isinstance(results, list):
            results = [results]
        return [r.text if r is not None and r.text else None for r in results]

    def _default_url(self) -> str:
        return (
            "https://api-free.deepl.com/"
            if (self.key or "").endswith(":fx")
            else "https://api.deepl.com/"
        )


_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóƥǫŕšţúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤǪŔŠŢÚṼŴẊÝŽ",
)
_TOKEN = re.compile(r"\{\d+\}")


def pseudo_translate(text: str) -> str:
    """Accented, ~35% longer text in brackets; ``{N}`` tokens are kept as they are."""
    pieces = []
    last = 0
    for match in _TOKEN.finditer(text):
        pieces.append(text[last : match.start()].translate(_ACCENTS))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(text[last:].translate(_ACCENTS))
    body = "".join(pieces)
    letters = sum(1 for c in text if c.isalpha())
    pad = "·" * max(1, round(letters * 0.35))
    return f"⟦{body} {pad}⟧"


class PseudoProvider(Provider):
    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="pseudo",
            cache_key="pseudo",
            max_chars=100_000,
            max_batch=100,
            default_concurrency=1,
            cacheable=False,
            linguistic=False,
            **kw,
        )

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str | None]:
        return [pseudo_translate(t) for t in texts]


_CLASSES: dict[str, type[Provider]] = {
    "google": GoogleProvider,
    "mymemory": MyMemoryProvider,
    "libre": LibreProvider,
    "microsoft": MicrosoftProvider,
    "deepl": DeeplProvider,
    "yandex": YandexProvider,
    "pseudo": PseudoProvider,
}
_NEEDS_KEY = {"microsoft", "deepl", "yandex"}


def make_provider(
    name: str,
    *,
    url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    options: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    offline: bool = False,
) -> Provider:
    """The provider called ``name``; its key comes from the environment.

    ``offline=True`` builds it without a key, for dry runs that only need its limits.
    """
    import difflib

    name = name.strip().lower()
    cls = _CLASSES.get(name)
    if cls is None:
        close = difflib.get_close_matches(name, list(_CLASSES), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ProviderError(
            f"unknown MT provider {name!r}{hint}; choose one of {', '.join(_CLASSES)}"
        )
    key = api_key(name, env)
    if name in _NEEDS_KEY and not key and not offline:
        raise ProviderError(f"{name} needs an API key: set {_key_hint(name)}")
    opts = dict(options or {})
    kwargs: dict[str, Any] = {"url": url, "timeout": timeout, "key": key, "options": opts}
    if cls is LibreProvider:
        kwargs["offline_ok"] = offline
    return cls(**kwargs)
