"""HTTP for every engine: time-outs, keep-alive connections per thread, answers read only up
to a size limit, and failures classified into :mod:`.failures`.

* **Connections.** One ``requests`` session (a keep-alive connection pool) per worker thread,
  reading proxy and CA settings from the environment once, not per request (requests re-reads
  ``os.environ`` twice per call: a third of its CPU time).
* **Answers are capped before they are decoded.** Every session mounts
  :class:`_CappedAdapter`, which reads the body only up to the limit of the request in progress
  (:func:`request_scope`): a 6 MB answer to one sentence costs a few hundred kilobytes of reading
  and raises :class:`~.failures.ReplyTooLarge`; it is never decoded, parsed or stored.
* **deep-translator** passes no time-out to ``requests``, so a stalled server would hang a
  worker for ever. Its modules' ``requests`` name is pointed at :class:`_RequestsShim`, which
  sends through the same sessions with the configured time-out and remembers the last response
  and exception of the thread: that memory is what lets a failure be classified whatever
  deep-translator raised (it raises ``ServerException(429)`` without the ``Retry-After`` header;
  its classes swallow some connection errors and then fail on ``None.json()``).
* Engines that take lists are spoken to directly (:func:`post_json`): deep-translator's
  ``translate_batch`` is a loop of single requests.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from typing import Any
from urllib.parse import urlsplit

import requests
import requests.adapters
import requests.utils

from tmflow.io.translators.failures import (
    BadReply,
    EngineFailure,
    ReplyTooLarge,
    TransientError,
    UnreachableError,
)

DEFAULT_TIMEOUT = 20.0
DEFAULT_REPLY_CAP = 256 * 1024  # bytes an answer may have beyond what its request justifies


class _ThreadState(threading.local):
    timeout: float = DEFAULT_TIMEOUT
    reply_cap: int = DEFAULT_REPLY_CAP
    http: requests.Session | None = None
    last_response: requests.Response | None = None
    last_error: BaseException | None = None


_state = _ThreadState()


def last_response() -> requests.Response | None:
    return _state.last_response


def last_error() -> BaseException | None:
    return _state.last_error


class _CappedAdapter(requests.adapters.HTTPAdapter):
    """Reads an answer's body only up to the cap of the request in progress."""

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any
    ) -> requests.Response:
        response = super().send(request, stream=True, **kwargs)
        if stream:
            return response
        cap = _state.reply_cap
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            response.close()
            raise ReplyTooLarge(_too_large(int(declared), cap))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > cap:
                response.close()
                raise ReplyTooLarge(_too_large(size, cap, more=True))
            chunks.append(chunk)
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response


def _too_large(size: int, cap: int, more: bool = False) -> str:
    return (
        f"answer too large ({'over ' if more else ''}{_size(size)}; at most {_size(cap)} expected)"
    )


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{n / 1024:.0f} kB"


def new_session() -> requests.Session:
    """A connection pool whose answers are capped, with the environment's proxy and CA
    settings read once."""
    http = requests.Session()
    http.trust_env = False
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle:
        http.verify = bundle
    cap_bodies(http)
    return http


def cap_bodies(http: requests.Session) -> None:
    """Mount the capped adapter on ``http`` (also used on the DeepL client's own session)."""
    adapter = _CappedAdapter(pool_maxsize=4)
    http.mount("http://", adapter)
    http.mount("https://", adapter)


def session() -> requests.Session:
    http = _state.http
    if http is None:
        http = _state.http = new_session()
    return http


@functools.lru_cache(maxsize=64)
def _proxies_for_origin(scheme: str, netloc: str) -> tuple[tuple[str, str], ...]:
    url = f"{scheme}://{netloc}/"
    if requests.utils.should_bypass_proxies(url, no_proxy=None):
        return ()
    return tuple(requests.utils.get_environ_proxies(url).items())


def proxies_for(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    return dict(_proxies_for_origin(parts.scheme, parts.netloc))


@contextmanager
def request_scope(timeout: float, reply_cap: int = DEFAULT_REPLY_CAP) -> Iterator[None]:
    """The time-out and answer cap of the requests this thread sends inside the block."""
    _state.timeout = timeout
    _state.reply_cap = reply_cap
    _state.last_response = None
    _state.last_error = None
    try:
        yield
    finally:
        _state.last_response = None
        _state.last_error = None
        _state.reply_cap = DEFAULT_REPLY_CAP


class _RequestsShim:
    """Stands in for the ``requests`` module inside deep-translator's modules."""

    exceptions = requests.exceptions
    RequestException = requests.RequestException

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = _state.timeout
        if not kwargs.get("proxies"):
            kwargs["proxies"] = proxies_for(url)
        try:
            response = session().request(method, url, **kwargs)
        except BaseException as err:
            _state.last_error = err
            raise
        _state.last_response = response
        return response


SHIM = _RequestsShim()
_INSTALLED = False
_INSTALL_LOCK = threading.Lock()


def install_shim() -> None:
    """Point deep-translator's modules at :data:`SHIM` (once per process)."""
    global _INSTALLED
    with _INSTALL_LOCK:
        if _INSTALLED:
            return
        import importlib

        for name in ("google", "mymemory", "yandex"):
            module = importlib.import_module(f"deep_translator.{name}")
            module.requests = SHIM  # type: ignore[attr-defined]
        _INSTALLED = True


def send(
    method: str, url: str, host: str, *, timeout: float, reply_cap: int, **kwargs: Any
) -> requests.Response:
    """One request with tmflow's time-out, cap and failure classes (network errors only: the
    status code is the engine's to read)."""
    with request_scope(timeout, reply_cap):
        try:
            return session().request(
                method, url, timeout=timeout, proxies=proxies_for(url), **kwargs
            )
        except EngineFailure:
            raise
        except requests.exceptions.RequestException as err:
            raise network_error(err, host) from None


def read_json(response: requests.Response) -> Any:
    """The JSON body of an answer; an HTML page or other text is a :class:`BadReply`."""
    try:
        return response.json()
    except ValueError:
        start = response.content[:200].lstrip().lower()
        if start.startswith((b"<!doctype", b"<html", b"<")):
            raise BadReply("unreadable answer (an HTML page, not JSON)") from None
        raise BadReply("unreadable answer (not JSON)") from None


def error_text(response: requests.Response, limit: int = 80) -> str:
    """The server's own error message from a JSON error body, shortened to one line (empty when
    there is none). Callers pass it through ``redact``."""
    try:
        data = response.json()
    except ValueError:
        return ""
    message: Any = data
    for key in ("error", "message"):
        if isinstance(message, dict) and key in message:
            message = message[key]
    if isinstance(message, dict):
        message = message.get("message", "")
    if not isinstance(message, str):
        return ""
    return one_line(message, limit)


def one_line(text: str, limit: int = 80) -> str:
    """``text`` on one line without control characters, at most ``limit`` characters."""
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def retry_after(response: requests.Response | None) -> float | None:
    """The wait a ``Retry-After`` header asks for, in seconds (seconds or an HTTP date)."""
    if response is None:
        return None
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from datetime import datetime
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


_DNS = re.compile(
    r"NameResolution|getaddrinfo|Name or service not known|nodename nor servname|"
    r"Temporary failure in name resolution|No address associated"
)
_REFUSED = re.compile(
    r"Connection refused|ConnectionRefused|NewConnectionError|Network is unreachable|"
    r"No route to host"
)


def network_error(err: BaseException, host: str) -> EngineFailure:
    """A requests exception as a tmflow failure; the message names no URL and no key."""
    if isinstance(err, EngineFailure):
        return err
    if isinstance(err, requests.exceptions.Timeout):
        return TransientError("timed out")
    if isinstance(
        err, (requests.exceptions.InvalidJSONError, requests.exceptions.ContentDecodingError)
    ):
        return BadReply("unreadable answer")
    text = repr(err)
    if isinstance(err, requests.exceptions.ConnectionError):
        if _DNS.search(text):
            return UnreachableError(f"cannot resolve host {host}")
        if _REFUSED.search(text):
            return UnreachableError(f"cannot connect to {host} (connection refused or no network)")
        if "timed out" in text:
            return TransientError("timed out")
        return TransientError("connection dropped")
    if isinstance(err, requests.exceptions.InvalidURL):
        return UnreachableError(f"the URL of {host} is not valid")
    return TransientError("request failed")


def host_of(url: str | None) -> str:
    """The host (and port) of ``url``, never its credentials or query."""
    if not url:
        return "the server"
    match = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#@]*@)?([^/?#]+)", url)
    return match.group(2) if match else "the server"
