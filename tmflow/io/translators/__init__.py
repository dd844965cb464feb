"""Machine-translation engines: the only package that talks to them (deep-translator, DeepL's
client, and plain HTTP for the engines that take lists of texts and for chat-completions
servers).

Every engine is a :class:`Provider`: ``translate_batch(texts, source, target) ->
list[str | None]`` with tmflow language codes in and one result per text out (``None`` when the
engine had nothing), or one of the failure classes of :mod:`.failures`, which say whether a
retry can help and what a final failure stops. ``limits`` says how many texts and characters
one request may carry. Everything that makes drafting robust lives above this layer
(``tmflow.steps.mt``: masking, batching, the cache, the scheduler, reply checks); this package
does what only an engine can know:

* **Language codes.** tmflow speaks gettext codes (``pt_BR``); each engine has its own table.
  MyMemory wants locale codes (``tr-TR``), Google ``zh-CN``/``iw``, Microsoft ``zh-Hans``,
  DeepL ``EN-GB``/``PT-BR``; a LibreTranslate server says itself (``GET /languages``).
* **Lists where the engine takes them**: LibreTranslate (``q`` as a list), Microsoft (100 texts
  a request), Google Cloud (128), DeepL (50, through its official client). Google's web
  endpoint, MyMemory and Yandex take one text per request (through deep-translator, whose
  instances are not thread-safe: every call builds a fresh one).
* **Passages** for engines that read context (``reads_context``): ``openai``
  (:mod:`.chat`, any OpenAI-compatible chat-completions server) takes
  ``translate_passage(passage, source, target)``, a run of an article's segments with the ones
  to translate marked by id, the glossary's rules and the style (:mod:`.passage`).
* **HTTP** (:mod:`.http`): time-outs (deep-translator sets none), keep-alive connections per
  thread, answers read only up to a size limit, failures classified the same for every engine.
* **Secrets** (:mod:`.keys`): keys from environment variables only; no message built here
  contains a key, a request URL or a library's exception text, and :func:`redact` scrubs
  anything else that passes through.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from tmflow.core.errors import ProviderError
from tmflow.io.translators.base import Limits, Provider
from tmflow.io.translators.chat import ChatProvider, chat_key
from tmflow.io.translators.deepl import DeeplProvider
from tmflow.io.translators.failures import (
    AuthError,
    BadAnswer,
    BadReply,
    ContextTooLong,
    EndpointError,
    EngineFailure,
    QuotaError,
    RateLimited,
    ReplyTooLarge,
    SegmentError,
    SettingsError,
    TooLarge,
    TransientError,
    UnreachableError,
    UnsupportedLanguageError,
)
from tmflow.io.translators.google import GoogleCloudProvider, GoogleProvider
from tmflow.io.translators.http import DEFAULT_TIMEOUT
from tmflow.io.translators.keys import KEY_VARIABLES, api_key, key_hint, redact
from tmflow.io.translators.libre import LibreProvider
from tmflow.io.translators.microsoft import MicrosoftProvider
from tmflow.io.translators.mymemory import MyMemoryProvider
from tmflow.io.translators.passage import Passage, PassageLine, PassageReply, TermRule
from tmflow.io.translators.pseudo import PseudoProvider, pseudo_translate
from tmflow.io.translators.yandex import YandexProvider

_CLASSES: dict[str, type[Provider]] = {
    "google": GoogleProvider,
    "google-cloud": GoogleCloudProvider,
    "mymemory": MyMemoryProvider,
    "libre": LibreProvider,
    "microsoft": MicrosoftProvider,
    "deepl": DeeplProvider,
    "yandex": YandexProvider,
    "openai": ChatProvider,
    "pseudo": PseudoProvider,
}
PROVIDERS = tuple(_CLASSES)
_NEEDS_KEY = {"google-cloud", "microsoft", "deepl", "yandex"}


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
    name = name.strip().lower()
    cls = _CLASSES.get(name)
    if cls is None:
        close = difflib.get_close_matches(name, list(_CLASSES), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ProviderError(
            f"unknown MT provider {name!r}{hint}; choose one of {', '.join(_CLASSES)}"
        )
    key = chat_key(url, env) if cls is ChatProvider else api_key(name, env)
    if name in _NEEDS_KEY and not key and not offline:
        raise ProviderError(f"{name} needs an API key: set {key_hint(name)}")
    opts = dict(options or {})
    kwargs: dict[str, Any] = {"url": url, "timeout": timeout, "key": key, "options": opts}
    if cls in (LibreProvider, ChatProvider):
        kwargs["offline_ok"] = offline
    return cls(**kwargs)


__all__ = [
    "KEY_VARIABLES",
    "PROVIDERS",
    "AuthError",
    "BadAnswer",
    "BadReply",
    "ContextTooLong",
    "EndpointError",
    "EngineFailure",
    "Limits",
    "Passage",
    "PassageLine",
    "PassageReply",
    "Provider",
    "QuotaError",
    "RateLimited",
    "ReplyTooLarge",
    "SegmentError",
    "SettingsError",
    "TermRule",
    "TooLarge",
    "TransientError",
    "UnreachableError",
    "UnsupportedLanguageError",
    "api_key",
    "make_provider",
    "pseudo_translate",
    "redact",
]
