"""A LibreTranslate-compatible HTTP server for tests and benchmarks (127.0.0.1, random port).

``POST /translate`` (parameters in the query string, a form body or JSON, as real clients
send them) and ``GET /languages``. Faults are injected per request:

* ``latency``: seconds every translate request takes;
* ``schedule``: actions consumed in order by successive translate requests
  (``"ok"``, ``"429"``, ``"500"``, ``"503"``, ``"403"``, ``"400"``, ``"timeout"``, ``"drop"``,
  ``"garbage"``, ``"empty"``, ``"echo"``, ``"lose-tokens"``);
* ``rule``: a function ``(n, text) -> action | None`` consulted after the schedule (``n``:
  how many requests for this text came before);
* ``fail_first``: the fraction of distinct texts whose first request fails with
  ``fail_kind`` (several kinds, comma-separated, are used in turn; texts are chosen by a
  stable hash, so runs are reproducible);
* ``api_key``: when set, any other key gets HTTP 403.

``timeout`` sleeps ``timeout_sleep`` seconds (longer than the client's timeout) and then
answers; ``drop`` closes the connection without an answer. Counters: ``requests`` (translate
requests), ``by_text`` (per text), ``language_requests``, ``keys_seen``.

Run as a script (``python -m tests.fakes.libre_server --latency 0.1 --fail-first 0.1``) it
prints its URL and serves until killed (``GET /stats`` gives the counters as JSON); the
benchmark runs it so, in a process of its own, as a remote service would be.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DEFAULT_LANGUAGES = ("en", "az", "ru", "tr", "fr", "ar")


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
        self.requests = 0
        self.language_requests = 0
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
        self.server.request_queue_size = 128
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
    def action_for(self, text: str) -> str:
        with self.lock:
            self.requests += 1
            before = self.by_text[text]
            self.by_text[text] += 1
            if self.schedule:
                return self.schedule.pop(0)
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

    def _params(self) -> dict[str, str]:
        params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if body:
            kind = self.headers.get("Content-Type", "")
            if "json" in kind:
                try:
                    data = json.loads(body)
                    params.update({k: str(v) for k, v in data.items()})
                except (ValueError, AttributeError):
                    pass
            else:
                params.update({k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()})
        return params

    def _send(
        self, status: int, payload: object | bytes, headers: dict[str, str] | None = None
    ) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        fake = self.server_state
        if urlparse(self.path).path.rstrip("/") == "/stats":
            with fake.lock:
                stats = {"requests": fake.requests, "max_in_flight": fake.max_in_flight}
            self._send(200, stats)
            return
        if urlparse(self.path).path.rstrip("/") == "/languages":
            with fake.lock:
                fake.language_requests += 1
            langs = [
                {"code": c, "name": c, "targets": [t for t in fake.languages if t != c]}
                for c in fake.languages
            ]
            self._send(200, langs)
            return
        self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        fake = self.server_state
        if urlparse(self.path).path.rstrip("/") != "/translate":
            self._send(404, {"error": "not found"})
            return
        params = self._params()
        key = params.get("api_key", "")
        if key:
            with fake.lock:
                fake.keys_seen.add(key)
        text = params.get("q", "")
        target = params.get("target", "")
        action = fake.action_for(text)
        with fake.lock:
            fake.in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
        try:
            self._answer(fake, action, key, text, target)
        finally:
            with fake.lock:
                fake.in_flight -= 1

    def _answer(self, fake: FakeLibre, action: str, key: str, text: str, target: str) -> None:
        if fake.latency:
            time.sleep(fake.latency)
        if fake.api_key is not None and key != fake.api_key:
            self._send(403, {"error": "Invalid API key"})
            return
        if target not in fake.languages:
            self._send(400, {"error": f"{target} is not supported"})
            return
        if action == "timeout":
            time.sleep(fake.timeout_sleep)
            action = "ok"
        if action == "drop":
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.close_connection = True
            return
        if action == "429":
            self._send(
                429,
                {"error": "Too many request limits violations"},
                {"Retry-After": fake.retry_after},
            )
        elif action in ("500", "503"):
            self._send(int(action), {"error": "internal error"})
        elif action == "403":
            self._send(403, {"error": "Invalid API key"})
        elif action == "400":
            self._send(400, {"error": "bad request"})
        elif action == "garbage":
            self._send(200, b"<html>\x00garbage{{")
        elif action == "empty":
            self._send(200, {"translatedText": ""})
        elif action == "echo":
            self._send(200, {"translatedText": text})
        elif action == "lose-tokens":
            import re

            self._send(200, {"translatedText": re.sub(r"\{\d+\}", "", text) + " x"})
        else:
            self._send(200, {"translatedText": fake.translate(text, target)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--fail-first", type=float, default=0.0)
    parser.add_argument("--fail-kind", default="500")
    parser.add_argument("--retry-after", default="0")
    args = parser.parse_args()
    fake = FakeLibre(
        latency=args.latency,
        fail_first=args.fail_first,
        fail_kind=args.fail_kind,
        retry_after=args.retry_after,
    ).start()
    print(fake.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
