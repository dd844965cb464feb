"""The provider base class: what every engine knows about itself, and the one-text-per-request
path through deep-translator for engines that take no lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import requests

from tmflow.core.languages import normalise_code
from tmflow.io.translators import http
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
    UnsupportedLanguageError,
)
from tmflow.io.translators.keys import KEY_VARIABLES, key_hint, redact
from tmflow.io.translators.passage import Passage, PassageReply


@dataclass(frozen=True)
class Limits:
    """How much one request to an engine may carry.

    ``texts``: texts per request (1: the engine takes no lists); ``chars``: characters of all
    texts of a request together; ``text_bytes``: UTF-8 bytes of one text (a longer one is cut
    into pieces before it is sent).
    """

    texts: int = 1
    chars: int = 4500
    text_bytes: int = 4500


@dataclass
class Provider:
    name: str = ""
    timeout: float = http.DEFAULT_TIMEOUT
    url: str | None = None
    key: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    cache_key: str = ""
    limits: Limits = field(default_factory=Limits)
    default_concurrency: int = 4
    cacheable: bool = True
    linguistic: bool = True  # False: output is not language (pseudo); no checks of language
    # True: the engine reads passages of an article (``translate_passage``), not lists of texts
    reads_context: bool = False
    token_budget: int = 0  # engines that read context: tokens one request may use (estimated)

    @property
    def label(self) -> str:
        """The engine as named in a draft's provenance (``mt <label> <date>``)."""
        return self.name

    def code(self, lang: str) -> str:
        return normalise_code(lang).replace("_", "-")

    def check_languages(self, source: str, targets: Sequence[str]) -> dict[str, str]:
        """Target languages this engine cannot do, with the reason; may raise
        :class:`~.failures.EngineFailure` when the engine cannot be asked."""
        return {}

    @property
    def host(self) -> str:
        return http.host_of(self.url or self._default_url())

    def request_timeout(self, texts: int) -> float:
        """The time-out of a request of ``texts`` texts: the configured one for a single text,
        a tenth more for every further text (a server translates a list one text after the
        other)."""
        return self.timeout * (1 + max(0, texts - 1) / 10)

    def reply_cap(self, texts: Sequence[str]) -> int:
        """The largest answer worth reading for a request of ``texts``: far more than any
        translation of them (in JSON with every character escaped) can take."""
        return http.DEFAULT_REPLY_CAP + 32 * sum(len(t.encode("utf-8")) for t in texts)

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str | None]:
        """One result per text (``None`` when the engine had none); raises
        :class:`~.failures.EngineFailure`. Engines that take lists send one request; the others
        one request per text."""
        return [self._one(text, source, target) for text in texts]

    def translate_passage(self, passage: Passage, source: str, target: str) -> PassageReply:
        """The translations of the segments of ``passage`` that have an id, every id once
        (engines that read context); raises :class:`~.failures.EngineFailure`."""
        raise NotImplementedError(f"{self.name} translates lists of texts, not passages")

    def request_text(self, passage: Passage, source: str, target: str) -> str:
        """Everything a request for ``passage`` sends as text (for estimates of its size)."""
        return "\n".join(line.source for line in passage.lines)

    # deep-translator based providers: one request per text --------------------------------
    def _make(self, source: str, target: str) -> Any:  # pragma: no cover - per provider
        raise NotImplementedError

    def _one(self, text: str, source: str, target: str) -> str | None:
        http.install_shim()
        with http.request_scope(self.timeout, self.reply_cap([text])):
            try:
                translator = self._make(source, target)
                result = translator.translate(text)
            except EngineFailure:
                raise
            except Exception as err:
                failure = self._classify(err)
                if failure is None:
                    return None
                raise failure from None
            response = http.last_response()
            if response is not None and not 200 <= response.status_code < 300:
                raise self._classify_status(response)
        if isinstance(result, list):
            result = "".join(str(r) for r in result) if result else None
        return self._check_result(result)

    def _check_result(self, result: Any) -> str | None:
        return result if isinstance(result, str) else None

    def _classify(self, err: BaseException) -> EngineFailure | None:
        """What deep-translator's exception means; None: the engine had no translation."""
        from deep_translator import exceptions as dt

        network = http.last_error()
        if isinstance(err, requests.exceptions.RequestException):
            network = err
        if isinstance(network, EngineFailure):
            return network
        if network is not None and isinstance(network, requests.exceptions.RequestException):
            return http.network_error(network, self.host)
        response = http.last_response()
        if response is not None and not 200 <= response.status_code < 300:
            return self._classify_status(response)
        if isinstance(err, dt.LanguageNotSupportedException):
            return UnsupportedLanguageError(f"{self.name} does not support this language")
        if isinstance(err, dt.ApiKeyException):
            return AuthError(f"{self.name} needs an API key: set {key_hint(self.name)}")
        if isinstance(err, (dt.TranslationNotFound, dt.ElementNotFoundInGetRequest)):
            return None
        if isinstance(err, dt.NotValidLength):
            return SegmentError("text too long for the provider")
        if isinstance(err, (ValueError, KeyError, TypeError, AttributeError, IndexError)):
            return BadReply("unreadable answer")
        return TransientError(f"request failed ({type(err).__name__})")

    def _classify_status(self, response: requests.Response) -> EngineFailure:
        """An answer with an error status as a failure class (one mapping for every engine;
        engines refine it from the body)."""
        status = response.status_code
        said = redact(http.error_text(response))
        detail = f"HTTP {status}: {said}" if said else f"HTTP {status}"
        if status == 429:
            return RateLimited(f"rate limited ({detail})", http.retry_after(response))
        if status in (401, 403):
            return AuthError(self._refused(status))
        if status in (402, 456):
            return QuotaError(f"{self.name}: quota used up ({detail})")
        if status in (404, 405, 410):
            return EndpointError(
                f"{self.host} answers HTTP {status}: no {self.name} service at this URL"
            )
        if status in (413, 414):
            return TooLarge(f"request too large for {self.name} ({detail})")
        if status >= 500 or status in (408, 425):
            return TransientError(f"server error ({detail})", http.retry_after(response))
        if 400 <= status < 500:
            return SegmentError(f"refused by {self.name} ({detail})")
        return BadReply(f"unexpected answer (HTTP {status})")

    def _refused(self, status: int) -> str:
        if self.key:
            return f"{self.name} refused the API key (HTTP {status}); check {key_hint(self.name)}"
        if KEY_VARIABLES.get(self.name):
            return (
                f"{self.name} refused the request (HTTP {status}); it may need an API key: "
                f"set {key_hint(self.name)}"
            )
        return (
            f"{self.name} refused the request (HTTP {status}); the service may be blocking "
            "this address"
        )

    def _default_url(self) -> str | None:
        return None
