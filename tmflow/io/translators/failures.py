"""What can go wrong with a request to a translation engine, classified once for every engine.

Every engine raises one of these; the scheduler (``tmflow.steps.mt.scheduler``) reads only the
class attributes, never the message:

* ``retryable``: worth asking again later (HTTP 429 and 5xx, a time-out, a dropped connection,
  an answer that cannot be read, such as an HTML page where JSON was due). Everything else is
  *final*: asking again cannot help, so it is not asked again.
* ``scope``: what a final failure stops. ``"request"``: only the texts of this request (a text
  the engine refuses); ``"language"``: every request into this language (unsupported);
  ``"engine"``: every request to this engine (a refused key, a used-up quota, a host that does
  not resolve or refuses connections, a URL that does not serve the API).
* ``config``: the cause is the project's configuration (a key, a language, a model), which a user fixes
  (exit 2); otherwise an outside service failed (exit 4).
* ``split``: the request was too large for the engine (too many texts or characters, a
  model's context size, or an answer over the size limit), or a language model lost its way in
  it: the same texts in smaller requests may go through.

``reason`` is one line that names no key and no request URL; ``retry_after`` is the wait in
seconds the server asked for (``Retry-After``), when it did.
"""

from __future__ import annotations

from typing import ClassVar, Literal

Scope = Literal["request", "language", "engine"]


class EngineFailure(Exception):
    """A request to an engine failed; the class says how (see the module's docstring)."""

    retryable: ClassVar[bool] = False
    scope: ClassVar[Scope] = "request"
    config: ClassVar[bool] = False
    split: ClassVar[bool] = False

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        self.reason = reason
        self.retry_after = retry_after
        super().__init__(reason)

    @property
    def message(self) -> str:
        return self.reason


class TransientError(EngineFailure):
    """A failure worth retrying later: HTTP 5xx, a time-out, a dropped connection."""

    retryable = True


class RateLimited(TransientError):
    """HTTP 429 (or the engine's way of saying it): slow down, for ``retry_after`` if given."""


class BadReply(TransientError):
    """An answer that cannot be read: not JSON (an HTML error page), the wrong shape, the wrong
    number of results."""


class BadAnswer(BadReply):
    """A readable answer that does not answer the request: texts missing, repeated or not
    asked for, a refusal, an answer cut off. Asked again in smaller requests (a model that
    loses its way in a long passage keeps it in a short one)."""

    split = True


class ContextTooLong(TransientError):
    """The request was over the model's context size (``limit``: the size in tokens, when the
    server said it). Asked again smaller, or with less context."""

    split = True

    def __init__(self, reason: str, limit: int | None = None) -> None:
        super().__init__(reason)
        self.limit = limit


class UnreachableError(EngineFailure):
    """The server cannot be reached at all: its name does not resolve, or it refuses
    connections. Final for the engine: the next request would meet the same."""

    scope = "engine"


class EndpointError(EngineFailure):
    """The URL answers, but not as this engine's API (HTTP 404, 405, 410)."""

    scope = "engine"


class SegmentError(EngineFailure):
    """The engine refused the texts of this request for good (HTTP 400 and the like)."""


class TooLarge(SegmentError):
    """The request was over the engine's limits: in smaller requests it may go through."""

    split = True


class ReplyTooLarge(SegmentError):
    """The answer was larger than any translation of the request could be; it was not read
    further. Split, or for a single text, rejected."""

    split = True


class AuthError(EngineFailure):
    """The API key was refused, or the service refuses this client."""

    scope = "engine"
    config = True


class UnsupportedLanguageError(EngineFailure):
    """The engine does not translate into (or from) this language."""

    scope = "language"
    config = True


class QuotaError(EngineFailure):
    """The engine's quota (characters, requests, money) is used up."""

    scope = "engine"


class SettingsError(EngineFailure):
    """The server refuses the configured settings for every request: a model it does not
    have, a parameter the model does not take."""

    scope = "engine"
    config = True


__all__ = [
    "AuthError",
    "BadAnswer",
    "BadReply",
    "ContextTooLong",
    "EndpointError",
    "EngineFailure",
    "QuotaError",
    "RateLimited",
    "ReplyTooLarge",
    "Scope",
    "SegmentError",
    "SettingsError",
    "TooLarge",
    "TransientError",
    "UnreachableError",
    "UnsupportedLanguageError",
]
