"""MyMemory through deep-translator (one text per request). It answers some failures as HTTP 200
with the message in place of the translation; those are read here as the failures they are."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

from tmflow.io.translators.base import Limits, Provider
from tmflow.io.translators.failures import QuotaError, SegmentError, UnsupportedLanguageError

MYMEMORY_QUOTA = re.compile(r"MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS")
MYMEMORY_BAD_LANGUAGE = re.compile(
    r"IS AN INVALID (TARGET|SOURCE) LANGUAGE|INVALID LANGUAGE "
    r"PAIR|PLEASE SELECT TWO DISTINCT LANGUAGES"
)
MYMEMORY_TOO_LONG = re.compile(r"QUERY LENGTH LIMIT EXCEEDED")


class MyMemoryProvider(Provider):
    def __init__(self, **kw: Any) -> None:
        super().__init__(
            name="mymemory",
            cache_key="mymemory",
            limits=Limits(texts=1, chars=480, text_bytes=480),
            default_concurrency=2,
            **kw,
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
