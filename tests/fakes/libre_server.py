"""A LibreTranslate-compatible HTTP server for tests and benchmarks (127.0.0.1, random port).

``POST /translate`` (JSON as tmflow sends it, or a form body or query string; ``q`` a string or
a list of strings, answered in kind), ``GET /languages`` and ``GET /frontend/settings``. As a
real server does, it refuses a list longer than ``batch_limit`` and a text longer than
``char_limit`` with HTTP 400 "Invalid request: request (N) exceeds text limit (M)" (-1: no
limit), and an unknown target language with HTTP 400 "xx is not supported".

Faults are injected per request or per text:

* ``latency``: seconds every translate request takes (whatever its number of texts);
* ``schedule``: actions consumed in order by successive translate requests;
* ``rule``: a function ``(n, text) -> action | None`` consulted for every text (``n``: how many
  requests for this text came before);
* ``fail_first``: the fraction of distinct texts whose first request fails with ``fail_kind``
  (several kinds, comma-separated, are used in turn; texts are chosen by a stable hash, so
  runs are reproducible);
* ``api_key``: when set, any other key gets HTTP 403.

Actions that concern the whole request (the first one met among its texts wins): ``"429"``
(with ``Retry-After: retry_after``), ``"500"``, ``"503"``, ``"403"``, ``"400"``, ``"404"``,
``"timeout"`` (sleeps ``timeout_sleep`` seconds, then answers), ``"drop"`` (closes the
connection without an answer), ``"garbage"`` (a broken body), ``"html"`` (an HTML error page
with status 200), ``"wrong-count"`` (one translation too few). Actions that concern one text
only: ``"ok"``, ``"empty"``, ``"echo"``, ``"lose-tokens"``, ``"service"`` (a quota message in
place of the translation), ``"huge"`` (6 MB of text), ``"long"`` (the translation twenty times
over), ``"cyrillic"`` (a Russian sentence whatever the target).

Counters: ``requests`` (translate requests), ``texts`` (texts in them), ``batches`` (the number
of texts of each request), ``by_text`` (requests per text), ``language_requests``,
``settings_requests``, ``keys_seen``, ``max_in_flight``.

Run as a script (``python -m tests.fakes.libre_server --latency 0.1 --fail-first 0.1``) it
prints its URL and serves until killed (``GET /stats`` gives the counters as JSON); the
benchmark runs it so, in a process of its own, as a remote service would be.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DEFAULT_LANGUAGES = ("en", "az", "ru", "tr", "fr", "ar")
REQUEST_ACTIONS = {
    "429",
    "500",
    "503",
    "403",
    "400",
    "404",
    "timeout",
    "drop",
    "garbage",
    "html",
    "wrong-count",
}
SERVICE_MESSAGE = "Error: daily quota exceeded. Please upgrade your plan."
HUGE = 6 * 1024 * 1024


def fake_translation(text: str, target: str) -> str:
    """What the fake "engine" answers: recognisable, different from the source, tokens kept."""
    return f"<{target}> {text}"


class FakeLibre:
    def __init__(
        self,
        *,
        latency: float = 0.0,
        schedule: list[str] | None = None,
        rule: Callable[[int, str], str | None] | None = None,
        fail_first: float = 0.0,
        fail_kind: str = "500",
        retry_after: str = "0",
        timeout_sleep: float = 2.0,
        api_key: str | None = None,
        languages: tuple[str, ...] = DEFAULT_LANGUAGES,
        translate: Callable[[str, str], str] = fake_translation,
        batch_limit: int = -1,
        char_limit: int = -1,
    ) -> None:
        self.latency = latency
        self.schedule = list(schedule or [])
        self.rule = rule
        self.fail_first = fail_first
        self.fail_kind = fail_kind
        self.retry_after = retry_after
        self.timeout_sleep = timeout_sleep
        self.api_key = api_key
        self.languages = languages
        self.translate = translate
        self.batch_limit = batch_limit
        self.char_limit = char_limit
        self.requests = 0
        self.texts = 0
        self.batches: list[int] = []
        self.language_requests = 0
        self.settings_requests = 0
        self.by_text: Counter[str] = Counter()
        self.keys_seen: set[str] = set()
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.server: _Server | None = None
        self.thread: threading.Thread | None = None

    # lifecycle -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self.server is not None
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}/"

    def start(self) -> FakeLibre:
        fake = self

        class Handler(_Handler):
            server_state = fake

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self) -> FakeLibre:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # decisions ---------------------------------------------------------------------------
    def actions_for(self, texts: list[str]) -> tuple[str | None, list[str]]:
        """The request's own action (None: answer), and an action per text."""
        with self.lock:
            self.requests += 1
            self.texts += len(texts)
            self.batches.append(len(texts))
            before = [self.by_text[t] for t in texts]
            for text in texts:
                self.by_text[text] += 1
            scheduled = self.schedule.pop(0) if self.schedule else None
        if scheduled in REQUEST_ACTIONS:
            return scheduled, ["ok"] * len(texts)
        per_text = [scheduled or self._text_action(n, t) for n, t in zip(before, texts)]
        request = next((a for a in per_text if a in REQUEST_ACTIONS), None)
        return request, per_text

    def _text_action(self, before: int, text: str) -> str:
        if self.rule is not None:
            chosen = self.rule(before, text)
            if chosen:
                return chosen
        if self.fail_first and before == 0:
            digest = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)
            if digest % 10_000 < self.fail_first * 10_000:
                kinds = self.fail_kind.split(",")
                return kinds[digest % len(kinds)]
        return "ok"

    def answer_for(self, action: str, text: str, target: str) -> str:
        if action == "empty":
            return ""
        if action == "echo":
            return text
        if action == "lose-tokens":
            return re.sub(r"\{\d+\}", "", text) + " x"
        if action == "service":
            return SERVICE_MESSAGE
        if action == "huge":
            return "x" * HUGE
        if action == "long":
            return " ".join([self.translate(text, target)] * 20)
        if action == "cyrillic":
            return "Это совсем другое предложение на русском языке."
        return self.translate(text, target)


class _Server(ThreadingHTTPServer):
    # room for every connection the clients open at once (the default backlog of 5 drops some
    # on a loaded machine, and a dropped connection is an attempt the server never sees)
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        return  # a client that gave up on a slow answer is expected here


class _Handler(BaseHTTPRequestHandler):
    server_state: FakeLibre
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes: with Nagle's algorithm on, the client's delayed
    # ACK would add ~40 ms to every keep-alive request
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return

    def _params(self) -> dict[str, object]:
        params: dict[str, object] = {
            k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()
        }
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if body:
            kind = self.headers.get("Content-Type", "")
            if "json" in kind:
                try:
                    data = json.loads(body)
                    params.update(data)
                except (ValueError, TypeError):
                    pass
            else:
                params.update({k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()})
        return params

    def _send(
        self,
        status: int,
        payload: object | bytes,
        headers: dict[str, str] | None = None,
        kind: str = "application/json",
    ) -> None:
        body = (
            payload
            if isinstance(payload, bytes)
            else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        )
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the client stopped reading (an answer over its size limit)

    def do_GET(self) -> None:
        fake = self.server_state
        path = urlparse(self.path).path.rstrip("/")
        if path == "/stats":
            with fake.lock:
                stats = {
                    "requests": fake.requests,
                    "texts": fake.texts,
                    "max_in_flight": fake.max_in_flight,
                }
            self._send(200, stats)
        elif path == "/languages":
            with fake.lock:
                fake.language_requests += 1
            langs = [
                {"code": c, "name": c, "targets": [t for t in fake.languages if t != c]}
                for c in fake.languages
            ]
            self._send(200, langs)
        elif path == "/frontend/settings":
            with fake.lock:
                fake.settings_requests += 1
            self._send(200, {"charLimit": fake.char_limit, "apiKeys": fake.api_key is not None})
        else:
            self._send(404, {"error": "Not Found"})

    def do_POST(self) -> None:
        fake = self.server_state
        if urlparse(self.path).path.rstrip("/") != "/translate":
            self._send(404, {"error": "Not Found"})
            return
        params = self._params()
        key = str(params.get("api_key") or "")
        if key:
            with fake.lock:
                fake.keys_seen.add(key)
        q = params.get("q", "")
        texts = [str(t) for t in q] if isinstance(q, list) else [str(q)]
        target = str(params.get("target", ""))
        request, per_text = fake.actions_for(texts)
        with fake.lock:
            fake.in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
        try:
            self._answer(fake, request, per_text, key, texts, target, isinstance(q, list))
        finally:
            with fake.lock:
                fake.in_flight -= 1

    def _refusal(self, fake: FakeLibre, key: str, texts: list[str], target: str) -> bool:
        """The refusals of a real server, before any fault is injected."""
        if fake.api_key is not None and key != fake.api_key:
            self._send(403, {"error": "Invalid API key"})
        elif 0 <= fake.batch_limit < len(texts):
            limit = f"request ({len(texts)}) exceeds text limit ({fake.batch_limit})"
            self._send(400, {"error": f"Invalid request: {limit}"})
        elif fake.char_limit >= 0 and any(len(t) > fake.char_limit for t in texts):
            size = max(len(t) for t in texts)
            limit = f"request ({size}) exceeds text limit ({fake.char_limit})"
            self._send(400, {"error": f"Invalid request: {limit}"})
        elif target not in fake.languages:
            self._send(400, {"error": f"{target} is not supported"})
        else:
            return False
        return True

    def _answer(
        self,
        fake: FakeLibre,
        request: str | None,
        per_text: list[str],
        key: str,
        texts: list[str],
        target: str,
        as_list: bool,
    ) -> None:
        if fake.latency:
            time.sleep(fake.latency)
        if self._refusal(fake, key, texts, target):
            return
        if request == "timeout":
            time.sleep(fake.timeout_sleep)
            request = None
        if request == "drop":
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.close_connection = True
        elif request == "429":
            self._send(
                429,
                {"error": "Too many request limits violations"},
                {"Retry-After": fake.retry_after},
            )
        elif request in ("500", "503"):
            self._send(int(request), {"error": "internal error"})
        elif request == "403":
            self._send(403, {"error": "Invalid API key"})
        elif request == "400":
            self._send(400, {"error": "bad request"})
        elif request == "404":
            self._send(404, {"error": "Not Found"})
        elif request == "garbage":
            self._send(200, b"<html>\x00garbage{{")
        elif request == "html":
            page = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
            self._send(200, page, kind="text/html")
        else:
            out = [fake.answer_for(a, t, target) for a, t in zip(per_text, texts)]
            if request == "wrong-count":
                out = out[:-1]
            self._send(200, {"translatedText": out if as_list or not out else out[0]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--fail-first", type=float, default=0.0)
    parser.add_argument("--fail-kind", default="500")
    parser.add_argument("--retry-after", default="0")
    parser.add_argument("--batch-limit", type=int, default=-1)
    parser.add_argument("--char-limit", type=int, default=-1)
    args = parser.parse_args()
    fake = FakeLibre(
        latency=args.latency,
        fail_first=args.fail_first,
        fail_kind=args.fail_kind,
        retry_after=args.retry_after,
        batch_limit=args.batch_limit,
        char_limit=args.char_limit,
    ).start()
    print(fake.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
