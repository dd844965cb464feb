"""An OpenAI-compatible chat-completions server for tests and benchmarks (127.0.0.1, random
port), answering in the shapes of the real API.

``POST …/chat/completions`` (``/v1/chat/completions``, or an Azure deployment's
``/openai/deployments/NAME/chat/completions?api-version=…``) reads the request tmflow sends (a
system message, a user message holding ``{"target_language": …, "segments": [...]}``) and
answers ``{"id": "chatcmpl-…", "object": "chat.completion", "choices": [{"index": 0,
"message": {"role": "assistant", "content": "<JSON>", "refusal": null}, "finish_reason":
"stop"}], "usage": {"prompt_tokens": …, "completion_tokens": …, "total_tokens": …}}`` with the
content ``{"translations": [{"id": …, "text": "<fr> source"}]}`` (tokens kept). The glossary
lines of the system message (``- "term" → "rendering"``) are applied, as a model that follows
them would (``follow_glossary=False``: ignored). ``GET …/models`` lists ``models``; ``GET
/stats`` gives the counters.

Errors come in the API's shape (``{"error": {"message", "type", "param", "code"}}``): a key
other than ``api_key`` (``Authorization: Bearer`` or Azure's ``api-key``) gets 401
``invalid_api_key``; a model not in ``models`` 404 ``model_not_found``; a request of more than
``context_limit`` tokens (counted as characters / 4) 400 ``context_length_exceeded``, with the
limit in the message as OpenAI words it.

Faults, consumed in order by ``schedule`` (one per request), or chosen by ``rule(n, body)``
(``n``: requests before this one) or, for one segment, by ``segment_rule(source)``:

* the whole answer: ``"missing-id"``, ``"extra-id"``, ``"duplicate-id"``, ``"invalid-json"``,
  ``"fenced"`` (the JSON in a Markdown code fence), ``"refusal"`` (``message.refusal``),
  ``"refusal-text"`` (a refusal written as the content), ``"length"`` (cut off,
  ``finish_reason: "length"``), ``"content-filter"``, ``"429"`` (``Retry-After:
  retry_after``), ``"429-ms"`` (``retry-after-ms``), ``"quota"`` (429 ``insufficient_quota``),
  ``"context"``, ``"500"``, ``"503"``, ``"400"``, ``"html"``, ``"unsupported"`` (400
  ``unsupported_value`` for ``temperature``);
* one segment (from ``segment_rule``): ``"lose-token"``, ``"service"`` (a quota message as its
  text), ``"empty"``, ``"long"`` (its translation twenty times over), ``"refuse"`` (the whole answer is a refusal while this segment is in
  it), ``"skip"`` (its id is left out).

Counters: ``requests`` (chat requests), ``ids`` (ids asked for, per request), ``bodies`` (the
parsed requests), ``headers`` (the auth headers and query of each), ``max_in_flight``.

Run as a script (``python -m tests.fakes.openai_server --latency 0.3 [--bad-answers 0.1]``) it
prints its base URL and serves until killed, as a remote service would be (``--bad-answers``:
that share of the requests of several segments gets a bad answer, :func:`bad_answers`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

SERVICE_MESSAGE = "Error: daily quota exceeded. Please upgrade your plan."
REFUSAL = "I'm sorry, but I can't assist with that request."
_TOKEN = re.compile(r"\{\d+\}")
_GLOSSARY_LINE = re.compile(r'^- ("(?:[^"\\]|\\.)*") → ("(?:[^"\\]|\\.)*")', re.M)


def fake_translation(text: str, target: str) -> str:
    """What the fake "model" answers: recognisable, different from the source, tokens kept."""
    return f"<{target}> {text}"


def _error(message: str, kind: str | None, code: str | None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


class FakeOpenAI:
    def __init__(
        self,
        *,
        latency: float = 0.0,
        schedule: list[str] | None = None,
        rule: Callable[[int, dict[str, Any]], str | None] | None = None,
        segment_rule: Callable[[str], str | None] | None = None,
        api_key: str | None = None,
        models: tuple[str, ...] = ("test-model",),
        context_limit: int | None = None,
        retry_after: str = "0",
        follow_glossary: bool = True,
        translate: Callable[[str, str], str] = fake_translation,
    ) -> None:
        self.latency = latency
        self.schedule = list(schedule or [])
        self.rule = rule
        self.segment_rule = segment_rule
        self.api_key = api_key
        self.models = models
        self.context_limit = context_limit
        self.retry_after = retry_after
        self.follow_glossary = follow_glossary
        self.translate = translate
        self.requests = 0
        self.ids: list[int] = []
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.server: _Server | None = None

    # lifecycle -------------------------------------------------------------------------
    @property
    def root(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def url(self) -> str:
        return self.root + "/v1"

    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(_Handler):
            state = fake

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # what the requests said ------------------------------------------------------------
    def segments(self, n: int) -> list[dict[str, str]]:
        """The segments of request ``n`` (context and to translate)."""
        return list(json.loads(self.bodies[n]["messages"][1]["content"])["segments"])

    def system(self, n: int) -> str:
        return str(self.bodies[n]["messages"][0]["content"])

    # the answer --------------------------------------------------------------------------
    def action(self, body: dict[str, Any]) -> str | None:
        with self.lock:
            before = self.requests
            self.requests += 1
            scheduled = self.schedule.pop(0) if self.schedule else None
        if scheduled:
            return scheduled
        return self.rule(before, body) if self.rule is not None else None

    def answer(self, body: dict[str, Any], action: str | None) -> tuple[int, Any, dict[str, str]]:
        """(status, JSON or raw bytes, headers) of the answer to ``body``."""
        messages = body.get("messages") or []
        system = str(messages[0].get("content", "")) if messages else ""
        payload = json.loads(messages[1]["content"]) if len(messages) > 1 else {}
        target = str(payload.get("target_language", ""))
        wanted = [s for s in payload.get("segments", []) if "id" in s]
        with self.lock:
            self.ids.append(len(wanted))
        prompt_tokens = sum(len(str(m.get("content", ""))) for m in messages) // 4 + 1
        if self.context_limit is not None and prompt_tokens > self.context_limit:
            message = (
                f"This model's maximum context length is {self.context_limit} tokens. However, "
                f"your messages resulted in {prompt_tokens} tokens. Please reduce the length of "
                "the messages."
            )
            error = _error(message, "invalid_request_error", "context_length_exceeded", "messages")
            return 400, error, {}
        request_faults = self._request_fault(action, prompt_tokens)
        if request_faults is not None:
            return request_faults
        glossary = {}
        if self.follow_glossary:
            glossary = {json.loads(a): json.loads(b) for a, b in _GLOSSARY_LINE.findall(system)}
        items: list[dict[str, str]] = []
        for segment in wanted:
            fault = self.segment_rule(segment["source"]) if self.segment_rule else None
            if fault == "refuse":
                return self._chat(None, REFUSAL, prompt_tokens)
            if fault == "skip":
                continue
            text = self.translate(segment["source"], target)
            for term, rendering in glossary.items():
                text = text.replace(term, rendering)
            if fault == "lose-token":
                text = _TOKEN.sub("", text).strip() + " x"
            elif fault == "service":
                text = SERVICE_MESSAGE
            elif fault == "empty":
                text = ""
            elif fault == "long":
                text = " ".join([text] * 20)
            items.append({"id": segment["id"], "text": text})
        if action == "missing-id" and items:
            items.pop()
        elif action == "extra-id":
            items.append({"id": "999", "text": "<extra>"})
        elif action == "duplicate-id" and items:
            items.append(dict(items[0]))
        content = json.dumps({"translations": items}, ensure_ascii=False)
        finish = "stop"
        if action == "invalid-json":
            content = content[: len(content) // 2]
        elif action == "fenced":
            content = f"```json\n{content}\n```"
        elif action == "length":
            content, finish = content[: len(content) // 2], "length"
        elif action == "refusal":
            return self._chat(None, REFUSAL, prompt_tokens)
        elif action == "refusal-text":
            content = REFUSAL
        elif action == "content-filter":
            return self._chat(None, None, prompt_tokens, "content_filter")
        return self._chat(content, None, prompt_tokens, finish)

    def _request_fault(
        self, action: str | None, prompt_tokens: int
    ) -> tuple[int, Any, dict[str, str]] | None:
        if action == "429":
            error = _error(
                "Rate limit reached for test-model on requests per min (RPM): Limit 3, Used 3, "
                "Requested 1. Please try again in 20s.",
                "requests",
                "rate_limit_exceeded",
            )
            return 429, error, {"retry-after": self.retry_after}
        if action == "429-ms":
            error = _error("Rate limit reached.", "tokens", "rate_limit_exceeded")
            return 429, error, {"retry-after-ms": str(int(float(self.retry_after) * 1000))}
        if action == "quota":
            error = _error(
                "You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota",
                "insufficient_quota",
            )
            return 429, error, {}
        if action == "context":
            message = (
                "This model's maximum context length is 4096 tokens. However, your messages "
                f"resulted in {max(prompt_tokens, 5000)} tokens. Please reduce the length of "
                "the messages."
            )
            return 400, _error(message, "invalid_request_error", "context_length_exceeded"), {}
        if action in ("500", "503"):
            error = _error(
                "The server had an error while processing your request. Sorry about that!",
                "server_error",
                None,
            )
            return int(action), error, {}
        if action == "400":
            return 400, _error("Invalid request.", "invalid_request_error", None), {}
        if action == "unsupported":
            error = _error(
                "Unsupported value: 'temperature' does not support 0 with this model. Only the "
                "default (1) value is supported.",
                "invalid_request_error",
                "unsupported_value",
                "temperature",
            )
            return 400, error, {}
        if action == "html":
            page = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
            return 502, page, {"Content-Type": "text/html"}
        return None

    def _chat(
        self,
        content: str | None,
        refusal: str | None,
        prompt_tokens: int,
        finish: str = "stop",
    ) -> tuple[int, Any, dict[str, str]]:
        completion = len(content or refusal or "") // 4 + 1
        answer = {
            "id": f"chatcmpl-{self.requests:06d}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.models[0],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal},
                    "logprobs": None,
                    "finish_reason": finish,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion,
                "total_tokens": prompt_tokens + completion,
            },
            "system_fingerprint": "fp_fake",
        }
        return 200, answer, {}


class _Server(ThreadingHTTPServer):
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        return


class _Handler(BaseHTTPRequestHandler):
    state: FakeOpenAI
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        return

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        headers = dict(headers or {})
        kind = headers.pop("Content-Type", "application/json")
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def do_GET(self) -> None:
        fake = self.state
        path = urlparse(self.path).path.rstrip("/")
        if path == "/stats":
            with fake.lock:
                stats = {"requests": fake.requests, "max_in_flight": fake.max_in_flight}
            self._send(200, stats)
        elif path.endswith("/models"):
            data = [{"id": m, "object": "model", "owned_by": "fake"} for m in fake.models]
            self._send(200, {"object": "list", "data": data})
        else:
            self._send(404, _error("Not found", "invalid_request_error", None))

    def do_POST(self) -> None:
        fake = self.state
        parts = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        deployment = re.fullmatch(r"/openai/deployments/[^/]+/chat/completions", parts.path)
        if parts.path != "/v1/chat/completions" and deployment is None:
            self._send(
                404, _error(f"Invalid URL (POST {parts.path})", "invalid_request_error", None)
            )
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self._send(
                400, _error("We could not parse the JSON body.", "invalid_request_error", None)
            )
            return
        seen = {
            "authorization": self.headers.get("Authorization", ""),
            "api-key": self.headers.get("api-key", ""),
            "path": parts.path,
            "query": parts.query,
        }
        with fake.lock:
            fake.bodies.append(body)
            fake.headers.append(seen)
            fake.in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
        try:
            self._answer(fake, body, seen, parts.path, parse_qs(parts.query))
        finally:
            with fake.lock:
                fake.in_flight -= 1

    def _answer(
        self,
        fake: FakeOpenAI,
        body: dict[str, Any],
        seen: dict[str, str],
        path: str,
        query: dict[str, list[str]],
    ) -> None:
        if fake.latency:
            time.sleep(fake.latency)
        deployment = re.search(r"/openai/deployments/([^/]+)/", path)
        if fake.api_key is not None:
            given = seen["api-key"] or seen["authorization"].removeprefix("Bearer ")
            if given != fake.api_key:
                shown = (given[:3] + "***" + given[-2:]) if len(given) > 5 else "***"
                message = (
                    f"Incorrect API key provided: {shown}. You can find your API key at "
                    "https://platform.openai.com/account/api-keys."
                )
                fake.action(body)
                self._send(401, _error(message, "invalid_request_error", "invalid_api_key"))
                return
        if deployment is not None:
            if "api-version" not in query:
                fake.action(body)
                self._send(404, {"error": {"code": "404", "message": "Resource not found"}})
                return
            model = deployment.group(1)
        else:
            model = str(body.get("model", ""))
        if model not in fake.models:
            fake.action(body)
            if deployment is not None:
                error = {
                    "error": {
                        "code": "DeploymentNotFound",
                        "message": "The API deployment for this resource does not exist.",
                    }
                }
            else:
                error = _error(
                    f"The model `{model}` does not exist or you do not have access to it.",
                    "invalid_request_error",
                    "model_not_found",
                )
            self._send(404, error)
            return
        status, payload, headers = fake.answer(body, fake.action(body))
        self._send(status, payload, headers)


def bad_answers(
    share: float, kinds: str = "missing-id,invalid-json,extra-id,refusal"
) -> Callable[[int, dict[str, Any]], str | None]:
    """A rule that answers badly to ``share`` of the requests (chosen by a stable hash of the
    segments asked for, so that the smaller requests tmflow sends next are answered), the
    kinds in turn."""
    faults = kinds.split(",")

    def rule(n: int, body: dict[str, Any]) -> str | None:
        asked = [
            s["source"]
            for s in json.loads(body["messages"][1]["content"])["segments"]
            if "id" in s
        ]
        if len(asked) < 2:
            return None
        digest = int(hashlib.sha1("\n".join(asked).encode()).hexdigest()[:8], 16)
        return faults[digest % len(faults)] if digest % 10_000 < share * 10_000 else None

    return rule


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--model", default="test-model")
    parser.add_argument("--bad-answers", type=float, default=0.0, help="share of requests")
    args = parser.parse_args()
    rule = bad_answers(args.bad_answers) if args.bad_answers else None
    fake = FakeOpenAI(latency=args.latency, models=(args.model,), rule=rule).start()
    print(fake.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
