"""DeepL through its official client (optional extra ``tmflow[deepl]``): POST with an
``Authorization`` header, up to 50 texts a request, formality and native glossaries
(``options``: ``formality``, ``glossary_ids``). deep-translator's DeepL class still uses the
GET/``auth_key`` form that DeepL no longer accepts.

The client's own retries are turned off (tmflow schedules retries, with ``Retry-After``), and
its connection pool gets the same capped adapter as every other engine, so a huge answer is
not read in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import requests

from tmflow.core.errors import ProviderError
from tmflow.io.translators import http
from tmflow.io.translators.base import Limits, Provider
from tmflow.io.translators.failures import (
    AuthError,
    BadReply,
    EndpointError,
    EngineFailure,
    QuotaError,
    RateLimited,
    SegmentError,
    TooLarge,
    TransientError,
)
from tmflow.io.translators.keys import key_hint

DEEPL_TARGETS = {
    *("AR", "BG", "CS", "DA", "DE", "EL", "EN-GB", "EN-US", "ES", "ET", "FI", "FR", "HE"),
    *("HU", "ID", "IT", "JA", "KO", "LT", "LV", "NB", "NL", "PL", "PT-BR", "PT-PT", "RO"),
    *("RU", "SK", "SL", "SV", "TH", "TR", "UK", "VI", "ZH-HANS", "ZH-HANT"),
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
    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="deepl",
            cache_key="deepl",
            limits=Limits(texts=50, chars=30_000, text_bytes=30_000),
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

    def _default_url(self) -> str:
        return (
            "https://api-free.deepl.com/"
            if (self.key or "").endswith(":fx")
            else "https://api.deepl.com/"
        )

    def _client(self) -> Any:
        try:
            import deepl
        except ImportError:
            raise ProviderError(
                "the deepl provider needs DeepL's client library: pip install 'tmflow[deepl]'"
            ) from None
        deepl.http_client.max_network_retries = 0  # tmflow retries, with Retry-After
        deepl.http_client.min_connection_timeout = self.timeout
        client = deepl.Translator(
            self.key or "", server_url=self.url, send_platform_info=False, skip_language_check=True
        )
        pool = getattr(getattr(client, "_client", None), "_session", None)
        if isinstance(pool, requests.Session):
            http.cap_bodies(pool)
        return client

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str | None]:
        client = self._client()  # a clear ProviderError when the client library is missing
        kwargs: dict[str, Any] = {}
        if self.options.get("formality"):
            kwargs["formality"] = self.options["formality"]
        glossaries = self.options.get("glossary_ids") or {}
        if isinstance(glossaries, dict) and glossaries.get(target):
            kwargs["glossary"] = glossaries[target]
        try:
            with http.request_scope(self.request_timeout(len(texts)), self.reply_cap(texts)):
                results = client.translate_text(
                    list(texts),
                    source_lang=self.source_code(source),
                    target_lang=self.code(target),
                    **kwargs,
                )
        except Exception as err:
            raise self._failure(err, len(texts)) from None
        finally:
            try:
                client.close()
            except Exception:
                pass
        if not isinstance(results, list):
            results = [results]
        if len(results) != len(texts):
            raise BadReply(f"unreadable answer (not {len(texts)} translations)")
        return [r.text if r is not None and r.text else None for r in results]

    def _failure(self, err: Exception, count: int) -> EngineFailure:
        import deepl

        if isinstance(err, deepl.AuthorizationException):
            return AuthError(f"deepl refused the API key; check {key_hint('deepl')}")
        if isinstance(err, deepl.QuotaExceededException):
            return QuotaError("deepl: the character quota is used up")
        if isinstance(err, deepl.TooManyRequestsException):
            return RateLimited("rate limited (HTTP 429)")
        if isinstance(err, deepl.ConnectionException):
            cause = err.__cause__ or err.__context__
            if isinstance(cause, (EngineFailure, requests.exceptions.RequestException)):
                return http.network_error(cause, self.host)
            return TransientError("connection failed")
        if isinstance(err, deepl.DeepLException):
            return _by_status(getattr(err, "http_status_code", None), self.host, count)
        if isinstance(err, (TypeError, KeyError, ValueError, AttributeError)):
            return BadReply("unreadable answer")
        raise err


def _by_status(status: int | None, host: str, count: int) -> EngineFailure:
    if status is not None and (status >= 500 or status in (408, 425)):
        return TransientError(f"server error (HTTP {status})")
    if status in (404, 405, 410):
        return EndpointError(f"{host} answers HTTP {status}: no deepl service at this URL")
    if status in (413, 414):
        return (
            TooLarge("request too large for deepl")
            if count > 1
            else SegmentError("text too long for deepl")
        )
    if status == 400:
        return SegmentError("refused by deepl (HTTP 400)")
    return TransientError(f"deepl error (HTTP {status})")
