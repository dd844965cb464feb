"""Microsoft Translator (Azure AI Translator, API 3.0), spoken to directly: a list of texts in
one request (deep-translator sends one request per text, and first fetches the language list
on every construction).

Limits: 100 texts and 10,000 characters a request, the limits Microsoft documented for years
(newer documentation allows more; these are safe with every tier).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import requests

from tmflow.io.translators import http
from tmflow.io.translators.base import Limits, Provider
from tmflow.io.translators.failures import (
    AuthError,
    BadReply,
    EngineFailure,
    QuotaError,
    RateLimited,
    SegmentError,
    TooLarge,
    UnsupportedLanguageError,
)
from tmflow.io.translators.keys import key_hint

MICROSOFT_URL = "https://api.cognitive.microsofttranslator.com/"

_MICROSOFT_SPECIAL = {
    "zh": "zh-Hans",
    "zh-CN": "zh-Hans",
    "zh-TW": "zh-Hant",
    "pt-BR": "pt",
    "pt": "pt-pt",
    "nb": "nb",
    "no": "nb",
}
_UNSUPPORTED = {400019, 400023, 400035, 400036}
_TOO_LONG = {400050, 400077}


class MicrosoftProvider(Provider):
    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="microsoft",
            cache_key="microsoft",
            limits=Limits(texts=100, chars=10_000, text_bytes=9000),
            default_concurrency=8,
            **kw,
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
        return MICROSOFT_URL

    @property
    def endpoint(self) -> str:
        url = self.url or MICROSOFT_URL
        base = url.split("?")[0]
        return base if base.rstrip("/").endswith("/translate") else base.rstrip("/") + "/translate"

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str | None]:
        headers = {"Ocp-Apim-Subscription-Key": self.key or ""}
        if self.region:
            headers["Ocp-Apim-Subscription-Region"] = str(self.region)
        response = http.send(
            "POST",
            self.endpoint,
            self.host,
            timeout=self.request_timeout(len(texts)),
            reply_cap=self.reply_cap(texts),
            params={"api-version": "3.0", "from": self.code(source), "to": self.code(target)},
            headers=headers,
            json=[{"Text": text} for text in texts],
        )
        if response.status_code != 200:
            raise self._failure(response, len(texts))
        data = http.read_json(response)
        try:
            out = [item["translations"][0].get("text") for item in data]
        except (KeyError, TypeError, IndexError, AttributeError):
            raise BadReply("unreadable answer (no translations)") from None
        if len(out) != len(texts):
            raise BadReply(f"unreadable answer (not {len(texts)} translations)")
        return [item if isinstance(item, str) and item else None for item in out]

    def _failure(self, response: requests.Response, count: int) -> EngineFailure:
        try:
            code = int(response.json()["error"]["code"])
        except (ValueError, KeyError, TypeError):
            code = 0
        if code in _UNSUPPORTED:
            return UnsupportedLanguageError("microsoft does not support this language")
        if code in _TOO_LONG:
            if count > 1:
                return TooLarge(f"request too large for microsoft (error {code})")
            return SegmentError("text too long for microsoft")
        if code == 403001:
            return QuotaError("microsoft: the free quota is used up (error 403001)")
        if code in (401000, 401015):
            return AuthError(f"microsoft refused the API key; check {key_hint('microsoft')}")
        if response.status_code == 429:
            return RateLimited(
                f"rate limited (HTTP 429, error {code or 'none'})", http.retry_after(response)
            )
        return self._classify_status(response)
