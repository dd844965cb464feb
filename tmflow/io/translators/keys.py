"""API keys: read from the environment only, and scrubbed from every message.

``TMFLOW_<PROVIDER>_API_KEY`` or the provider's customary variable (``KEY_VARIABLES``); a key
is never read from a file, and every key this process has read is replaced by ``***`` in any
text that passes :func:`redact` (failure reasons, server messages quoted back to the user).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping

# provider -> environment variables holding its API key, first found wins
KEY_VARIABLES: dict[str, tuple[str, ...]] = {
    "google": (),
    "google-cloud": ("TMFLOW_GOOGLE_CLOUD_API_KEY", "GOOGLE_TRANSLATE_API_KEY"),
    "mymemory": ("TMFLOW_MYMEMORY_API_KEY", "MYMEMORY_API_KEY"),
    "libre": ("TMFLOW_LIBRE_API_KEY", "LIBRE_API_KEY"),
    "microsoft": ("TMFLOW_MICROSOFT_API_KEY", "MICROSOFT_API_KEY", "AZURE_TRANSLATOR_KEY"),
    "deepl": ("TMFLOW_DEEPL_API_KEY", "DEEPL_AUTH_KEY", "DEEPL_API_KEY"),
    "yandex": ("TMFLOW_YANDEX_API_KEY", "YANDEX_API_KEY"),
    # and OPENAI_API_KEY / AZURE_OPENAI_API_KEY for their own hosts only (translators.chat)
    "openai": ("TMFLOW_OPENAI_API_KEY",),
    "pseudo": (),
}

_SECRETS: set[str] = set()
_SECRETS_LOCK = threading.Lock()


def remember_secret(value: str) -> None:
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
            remember_secret(value)
            return value
    return None


def key_hint(provider: str) -> str:
    names = KEY_VARIABLES.get(provider, ())
    return " or ".join(names) if names else "no key"
