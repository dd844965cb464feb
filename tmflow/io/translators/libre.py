"""LibreTranslate (self-hosted or libretranslate.com), spoken to directly: ``q`` as a list of
texts, one request per batch (deep-translator sends one request per text, with the key in the
query string).

The server decides which languages it supports (``GET /languages``; deep-translator's static
table lacks some that real servers have, such as ``az``) and how long a text may be
(``GET /frontend/settings``, ``charLimit``; a text over it is refused with HTTP 400). Its batch
limit (``--batch-limit``) is not published: a refused batch ("exceeds text limit") is split and
sent again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tmflow.core.errors import ProviderError
from tmflow.io.translators import http
from tmflow.io.translators.base import Limits, Provider
from tmflow.io.translators.failures import (
    BadReply,
    EngineFailure,
    SegmentError,
    TooLarge,
    UnsupportedLanguageError,
)
from tmflow.io.translators.keys import key_hint, redact

# A LibreTranslate server translates the texts of a list one after the other: batches save
# round trips, not the server's work, so they stay moderate.
LIBRE_LIMITS = Limits(texts=16, chars=8000, text_bytes=4500)


class LibreProvider(Provider):
    def __init__(self, offline_ok: bool = False, **kw: Any) -> None:
        super().__init__(
            name="libre", cache_key="libre", limits=LIBRE_LIMITS, default_concurrency=8, **kw
        )
        if not self.url:
            if self.key:
                self.url = "https://libretranslate.com/"
            elif not offline_ok:
                raise ProviderError(
                    "libre needs the URL of a LibreTranslate server "
                    "(--url or url in [tool.tmflow.mt]), or an API key for "
                    f"libretranslate.com ({key_hint('libre')})"
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

    def _get(self, path: str) -> Any:
        response = http.send(
            "GET",
            f"{self.url}{path}",
            self.host,
            timeout=self.timeout,
            reply_cap=http.DEFAULT_REPLY_CAP,
        )
        if response.status_code in (401, 403):
            raise self._classify_status(response)
        if response.status_code != 200:
            return None  # an older server without this endpoint: requests will tell
        try:
            return response.json()
        except ValueError:
            return None

    def check_languages(self, source: str, targets: Sequence[str]) -> dict[str, str]:
        data = self._get("languages")
        try:
            codes = {str(item["code"]) for item in data}
            targets_of = {str(item["code"]): set(item.get("targets") or []) for item in data}
        except (KeyError, TypeError):
            return {}
        self._read_settings()
        self._server_codes = codes
        src = self.code(source)
        if src not in codes:
            return dict.fromkeys(
                targets, f"the libre server at {self.host} does not translate from {source!r}"
            )
        out = {}
        for target in targets:
            code = self.code(target)
            allowed = targets_of.get(src) or codes
            if code not in codes or code not in allowed:
                out[target] = f"the libre server at {self.host} does not translate into {target!r}"
        return out

    def _read_settings(self) -> None:
        try:
            settings = self._get("frontend/settings")
        except EngineFailure:
            return  # the languages were read; the settings are a refinement
        limit = settings.get("charLimit") if isinstance(settings, dict) else None
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
            self.limits = replace(
                self.limits,
                text_bytes=min(self.limits.text_bytes, limit),
                chars=max(min(self.limits.chars, limit * self.limits.texts), limit),
            )

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str | None]:
        body: dict[str, Any] = {
            "q": list(texts),
            "source": self.code(source),
            "target": self.code(target),
            "format": "text",
        }
        if self.key:
            body["api_key"] = self.key  # in the body, never in a URL
        response = http.send(
            "POST",
            f"{self.url}translate",
            self.host,
            timeout=self.request_timeout(len(texts)),
            reply_cap=self.reply_cap(texts),
            json=body,
        )
        if response.status_code != 200:
            raise self._failure(response, len(texts), target)
        data = http.read_json(response)
        out = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(out, str) and len(texts) == 1:
            out = [out]
        if not isinstance(out, list) or len(out) != len(texts):
            raise BadReply(f"unreadable answer (not {len(texts)} translations)")
        return [item if isinstance(item, str) and item else None for item in out]

    def _failure(self, response: Any, count: int, target: str) -> EngineFailure:
        if response.status_code == 400:
            said = redact(http.error_text(response))
            if "exceeds text limit" in said:
                if count > 1:
                    return TooLarge(f"request over the libre server's limit ({said})")
                return SegmentError(f"text too long for the libre server ({said})")
            if "is not supported" in said or "not available as a target" in said:
                return UnsupportedLanguageError(
                    f"the libre server at {self.host} does not translate into {target!r}"
                )
        return self._classify_status(response)
