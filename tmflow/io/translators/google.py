"""Google: the free web endpoint through deep-translator (one text per request, no key), and
the official Cloud Translation API (Basic, v2) spoken to directly, up to 128 texts a request."""

from __future__ import annotations

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
    UnsupportedLanguageError,
)
from tmflow.io.translators.keys import key_hint, redact

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
    """translate.google.com's mobile page: free, no key, no service guarantee."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="google",
            cache_key="google",
            limits=Limits(texts=1, chars=4800, text_bytes=4800),
            default_concurrency=4,
            **kw,
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

    def reply_cap(self, texts: Sequence[str]) -> int:
        return 2 * http.DEFAULT_REPLY_CAP + super().reply_cap(texts)  # an HTML page, not JSON

    def _default_url(self) -> str:
        return "https://translate.google.com/"

    def _make(self, source: str, target: str) -> Any:
        from deep_translator import GoogleTranslator

        t = GoogleTranslator(source=self.code(source), target=self.code(target))
        if self.url:
            t._base_url = self.url
        return t


GOOGLE_CLOUD_URL = "https://translation.googleapis.com/language/translate/v2"


class GoogleCloudProvider(Provider):
    """Cloud Translation - Basic (v2): ``q`` as a list (at most 128 texts a request), the key in
    the ``X-Goog-Api-Key`` header, ``format=text`` (no HTML escapes in the answer)."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="google-cloud",
            cache_key="google-cloud",
            limits=Limits(texts=128, chars=30_000, text_bytes=5000),
            default_concurrency=8,
            **kw,
        )

    def code(self, lang: str) -> str:
        code = super().code(lang)
        if code == "he":
            return "he"
        return _GOOGLE_SPECIAL.get(code, code.split("-")[0])

    def _default_url(self) -> str:
        return GOOGLE_CLOUD_URL

    @property
    def endpoint(self) -> str:
        return (self.url or GOOGLE_CLOUD_URL).rstrip("/")

    def _headers(self) -> dict[str, str]:
        return {"X-Goog-Api-Key": self.key or ""}

    def check_languages(self, source: str, targets: Sequence[str]) -> dict[str, str]:
        response = http.send(
            "GET",
            f"{self.endpoint}/languages",
            self.host,
            timeout=self.timeout,
            reply_cap=http.DEFAULT_REPLY_CAP,
            headers=self._headers(),
        )
        if response.status_code != 200:
            failure = self._classify_status(response)
            if failure.retryable:
                return {}  # the requests will tell
            raise failure
        try:
            data = response.json()
            codes = {str(item["language"]) for item in data["data"]["languages"]}
        except (ValueError, KeyError, TypeError):
            return {}
        return {
            t: f"google-cloud does not translate into {t!r}"
            for t in targets
            if self.code(t) not in codes
        }

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str | None]:
        body = {
            "q": list(texts),
            "source": self.code(source),
            "target": self.code(target),
            "format": "text",
        }
        response = http.send(
            "POST",
            self.endpoint,
            self.host,
            timeout=self.request_timeout(len(texts)),
            reply_cap=self.reply_cap(texts),
            json=body,
            headers=self._headers(),
        )
        if response.status_code != 200:
            raise self._classify_status(response)
        data = http.read_json(response)
        try:
            items = data["data"]["translations"]
            out = [item.get("translatedText") for item in items]
        except (KeyError, TypeError, AttributeError):
            raise BadReply("unreadable answer (no translations)") from None
        if len(out) != len(texts):
            raise BadReply(f"unreadable answer (not {len(texts)} translations)")
        return [item if isinstance(item, str) and item else None for item in out]

    def _classify_status(self, response: requests.Response) -> EngineFailure:
        said = redact(http.error_text(response))
        raw = response.text[:2000] if response.status_code >= 400 else ""
        if response.status_code == 400 and (
            "API key not valid" in raw or "API_KEY_INVALID" in raw
        ):
            return AuthError(
                f"google-cloud refused the API key (HTTP 400); check {key_hint(self.name)}"
            )
        if response.status_code == 400 and ("language pair" in said or "Invalid Value" in said):
            return UnsupportedLanguageError(
                f"google-cloud does not translate this language pair ({said})"
            )
        if response.status_code == 403:
            if "dailyLimitExceeded" in raw or "Daily Limit Exceeded" in raw:
                return QuotaError(f"google-cloud: daily limit exceeded ({said})")
            if "ateLimitExceeded" in raw or "Rate Limit Exceeded" in raw:
                return RateLimited(f"rate limited ({said})", http.retry_after(response))
        return super()._classify_status(response)
