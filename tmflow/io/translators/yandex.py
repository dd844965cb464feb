"""Yandex through deep-translator (its v1.5 API, one text per request)."""

from __future__ import annotations

from typing import Any

from tmflow.io.translators import http
from tmflow.io.translators.base import Limits, Provider
from tmflow.io.translators.failures import (
    AuthError,
    EngineFailure,
    QuotaError,
    UnsupportedLanguageError,
)
from tmflow.io.translators.keys import key_hint


class YandexProvider(Provider):
    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="yandex",
            cache_key="yandex",
            limits=Limits(texts=1, chars=9000, text_bytes=9000),
            default_concurrency=4,
            **kw,
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

    def _classify(self, err: BaseException) -> EngineFailure | None:
        from deep_translator import exceptions as dt

        response = http.last_response()
        if isinstance(err, dt.ServerException) and response is not None:
            try:
                code = int(response.json().get("code", 0))
            except (ValueError, TypeError, AttributeError):
                code = 0
            if code in (401, 402):
                return AuthError(f"yandex refused the API key; check {key_hint('yandex')}")
            if code in (403, 404):
                return QuotaError("yandex: daily limit reached")
            if code == 501:
                return UnsupportedLanguageError("yandex does not support this language")
        return super()._classify(err)
