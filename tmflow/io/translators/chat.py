"""``openai``: any server that speaks the OpenAI chat-completions API, given passages of an
article rather than lone sentences.

The same request works with OpenAI, Azure OpenAI and the servers a newsroom can run itself
(Ollama, vLLM, llama.cpp's ``llama-server``, LM Studio): ``POST <url>/chat/completions`` with a
system message (the task, the glossary's rules for the terms in the passage, the style) and a
user message holding the passage as JSON; the answer is asked for as JSON
(``{"translations": [{"id": "1", "text": "…"}]}``, with a JSON schema where the server takes one)
and read from ``choices[0].message.content``.

* **URL.** ``url`` is the API's base (``https://api.openai.com/v1``, the default;
  ``http://localhost:11434/v1`` for Ollama…) or the full ``…/chat/completions`` address. An Azure
  OpenAI deployment (``https://RESOURCE.openai.azure.com/openai/deployments/NAME``) gets
  ``?api-version=`` (``options.api-version``, default :data:`AZURE_API_VERSION`); an Azure
  host, or such a deployment URL, gets the key in the ``api-key`` header; the deployment's name
  is the model unless ``options.model`` says otherwise.
* **Keys** come from the environment only: ``TMFLOW_OPENAI_API_KEY`` for any server;
  ``OPENAI_API_KEY`` is sent to api.openai.com only and ``AZURE_OPENAI_API_KEY`` to Azure hosts
  only, so a key kept for a hosted service never travels to a local or third-party server. A
  local server needs none.
* **Answers are checked here** for what only the wire shows: every id once and nothing else, no
  refusal (``message.refusal``, or a refusal written in place of the JSON), not cut off
  (``finish_reason``), not withheld by a content filter; a failure is one of the classes of
  :mod:`.failures` (a bad answer is :class:`~.failures.BadAnswer`: asked again smaller). What
  the texts say (tokens kept, no service message, a sane length) is checked by
  ``tmflow.steps.mt``, as for every engine.
* **Failures** by the API's error shapes: HTTP 429 is a rate limit (``Retry-After`` or
  ``retry-after-ms``), or a used-up quota when the code says ``insufficient_quota``; a request
  over the model's context size (OpenAI's ``context_length_exceeded``, vLLM's and llama.cpp's
  messages) lowers :attr:`token_budget` to what the server said it takes and is asked again
  smaller; an unknown model or deployment, and a parameter the model refuses, stop the engine as
  a configuration error.

Plain HTTP through :mod:`.http`, not the ``openai`` package: the request is one POST; tmflow's
own layer already gives time-outs, answers read only up to a size limit, keep-alive
connections per worker, proxies and the failure classes every other engine has, while the
client would add its own retries (to turn off), its own error types (to translate) and a
dozen dependencies (httpx, pydantic…).
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import requests

from tmflow.core.errors import ProviderError
from tmflow.core.languages import get_language, normalise_code
from tmflow.io.translators import http
from tmflow.io.translators.base import Limits, Provider
from tmflow.io.translators.failures import (
    BadAnswer,
    BadReply,
    ContextTooLong,
    EndpointError,
    EngineFailure,
    QuotaError,
    RateLimited,
    SegmentError,
    SettingsError,
)
from tmflow.io.translators.keys import api_key, redact, remember_secret
from tmflow.io.translators.passage import Passage, PassageReply, TermRule

OPENAI_URL = "https://api.openai.com/v1"
AZURE_API_VERSION = "2024-10-21"  # the GA version with structured outputs
AZURE_HOSTS = (".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com")
DEFAULT_BUDGET = 8000  # tokens a request may use (estimated): prompt, passage and answer
MIN_BUDGET = 256
PROMPT_VERSION = 1  # part of the cache key: a changed prompt is a different engine
RESPONSE_FORMATS = ("json_schema", "json_object", "none")

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "translations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
                "required": ["id", "text"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["translations"],
    "additionalProperties": False,
}

TASK = """\
You translate news articles from {source} into {target} for publication.
The user message is JSON: "segments" holds consecutive segments of one article, in order.
- A segment with an "id" is to be translated.
- A segment with a "translation" is translated already and reviewed: it is context; keep to \
its choice of words, names and register.
- A segment with neither is context only.
Translate each segment that has an id as part of the article: use the segments around it for \
pronouns, names, gender, tense and register. Translate every such segment on its own: never \
merge two segments, never split one, never leave one out.
Tokens such as {{1}} or {{2}} stand for links, markup, names and codes: write every token of a \
segment exactly once in its translation, unchanged, where it belongs in the sentence.
Write the translations only, with no notes or explanations.
Answer with one JSON object and nothing else: {{"translations": [{{"id": "<id>", "text": \
"<translation>"}}]}}, one item for every id of the request, in order, and no other ids."""

_CONTEXT_ERROR = re.compile(
    r"context[ _](?:length|size|window)|maximum context|too many tokens|prompt is too long"
    r"|exceeds? the (?:available )?context|input is too long",
    re.IGNORECASE,
)
_CONTEXT_LIMIT = re.compile(
    r"(?:maximum context length|context (?:size|length|window))(?: of| is)?\s+(\d{3,7})",
    re.IGNORECASE,
)
_REFUSAL = re.compile(
    r"^\W*(?:I(?:'|’)?m sorry|I am sorry|I can(?:not|'t|’t)|I(?:'|’)?m (?:not able|unable)"
    r"|I am (?:not able|unable)|Sorry, (?:but )?I)",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^\s*```[a-zA-Z]*\s*\n?(.*?)\n?```\s*$", re.DOTALL)


def is_azure(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(AZURE_HOSTS)


def is_openai(url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() == "api.openai.com"


def chat_key(url: str | None, env: Mapping[str, str] | None = None) -> str | None:
    """The key for the server at ``url``: ``TMFLOW_OPENAI_API_KEY`` for any server; the
    customary ``OPENAI_API_KEY`` and ``AZURE_OPENAI_API_KEY`` only for their own hosts."""
    key = api_key("openai", env)
    if key:
        return key
    env = os.environ if env is None else env
    target = url or OPENAI_URL
    variable = (
        "OPENAI_API_KEY"
        if is_openai(target)
        else "AZURE_OPENAI_API_KEY"
        if is_azure(target)
        else None
    )
    value = env.get(variable, "").strip() if variable else ""
    if value:
        remember_secret(value)
        return value
    return None


def key_hint_for(url: str) -> str:
    if is_openai(url):
        return "TMFLOW_OPENAI_API_KEY or OPENAI_API_KEY"
    if is_azure(url):
        return "TMFLOW_OPENAI_API_KEY or AZURE_OPENAI_API_KEY"
    return "TMFLOW_OPENAI_API_KEY"


def language_name(code: str) -> str:
    lang = get_language(code)
    return f"{lang.name} ({code})" if lang is not None else code


class ChatProvider(Provider):
    def __init__(self, offline_ok: bool = False, **kw: Any) -> None:
        super().__init__(
            name="openai",
            limits=Limits(texts=200, chars=400_000, text_bytes=16_000),
            default_concurrency=4,
            reads_context=True,
            **kw,
        )
        self.url = (self.url or OPENAI_URL).strip()
        parts = urlsplit(self.url)
        deployment = re.search(r"/openai/deployments/([^/?#]+)", parts.path)
        self.azure = is_azure(self.url) or deployment is not None  # key in ``api-key``
        model = self.options.get("model") or (deployment.group(1) if deployment else None)
        if not model:
            raise ProviderError(
                "openai needs a model: set model in [tool.tmflow.mt] options (for example "
                'options = { model = "gpt-4o-mini" }, or the name of a local model)'
            )
        self.model = str(model)
        if not self.key and (self.azure or is_openai(self.url)) and not offline_ok:
            raise ProviderError(
                f"openai needs an API key for {self.host}: set {key_hint_for(self.url)}"
            )
        path = parts.path.rstrip("/")
        if not path.endswith("/chat/completions"):
            path += "/chat/completions"
        self.params = dict(parse_qsl(parts.query))
        if deployment and "api-version" not in self.params:
            self.params["api-version"] = str(self.options.get("api-version") or AZURE_API_VERSION)
        self.endpoint = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        self.temperature = float(self.options.get("temperature", 0.0))
        self.response_format = str(self.options.get("response-format", "json_schema"))
        self.token_budget = int(self.options.get("token-budget", DEFAULT_BUDGET))
        http.proxies_for(self.endpoint)  # read once here, not by every worker at its start
        self.cache_key = f"openai:{self.model} prompt{PROMPT_VERSION}"
        if self.temperature:
            self.cache_key += f" temperature={self.temperature:g}"
        self._lock = threading.Lock()

    @property
    def label(self) -> str:
        """``openai:<model>``, one word (a provenance line is read word by word)."""
        return "openai:" + re.sub(r"\s+", "_", self.model.strip())

    def _default_url(self) -> str:
        return OPENAI_URL

    # the request ---------------------------------------------------------------------------
    def messages(self, passage: Passage, source: str, target: str) -> list[dict[str, str]]:
        system = TASK.format(source=language_name(source), target=language_name(target))
        rules = [_rule(term) for term in passage.terms]
        if rules:
            system += (
                "\nGlossary: the approved translations of terms in these segments (inflect "
                "them as the sentence requires):\n" + "\n".join(rules)
            )
        if passage.style.strip():
            system += "\nStyle:\n" + passage.style.strip()
        segments: list[dict[str, str]] = []
        for line in passage.lines:
            item: dict[str, str] = {}
            if line.id is not None:
                item["id"] = line.id
            item["source"] = line.source
            if line.id is None and line.translation:
                item["translation"] = line.translation
            segments.append(item)
        user = {
            "source_language": normalise_code(source),
            "target_language": normalise_code(target),
            "segments": segments,
        }
        return [
            {"role": "system", "content": system},
            {"role": "user", "content": json.dumps(user, ensure_ascii=False)},
        ]

    def request_text(self, passage: Passage, source: str, target: str) -> str:
        return "\n".join(m["content"] for m in self.messages(passage, source, target))

    def body(self, passage: Passage, source: str, target: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": self.messages(passage, source, target),
            "temperature": self.temperature,
        }
        if self.response_format == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "translations", "strict": True, "schema": ANSWER_SCHEMA},
            }
        elif self.response_format == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def headers(self) -> dict[str, str]:
        if not self.key:
            return {}
        if self.azure:
            return {"api-key": self.key}
        return {"Authorization": f"Bearer {self.key}"}

    def translate_passage(self, passage: Passage, source: str, target: str) -> PassageReply:
        ids = passage.ids
        response = http.send(
            "POST",
            self.endpoint,
            self.host,
            timeout=self.request_timeout(len(ids)),
            reply_cap=self.reply_cap([line.source for line in passage.lines]),
            params=self.params or None,
            headers=self.headers(),
            json=self.body(passage, source, target),
        )
        if response.status_code != 200:
            raise self._failure(response)
        return read_answer(http.read_json(response), ids)

    # failures ------------------------------------------------------------------------------
    def _failure(self, response: requests.Response) -> EngineFailure:
        status = response.status_code
        error = _error_object(response)
        code = str(error.get("code") or "")
        kind = str(error.get("type") or "")
        said = redact(http.error_text(response, 160))
        detail = f"HTTP {status}: {said}" if said else f"HTTP {status}"
        if status == 429:
            if "insufficient_quota" in (code, kind):
                return QuotaError(f"openai: quota used up ({detail})")
            return RateLimited(f"rate limited ({detail})", _retry_after(response))
        if status in (400, 413, 422) and (
            code == "context_length_exceeded"
            or kind == "exceed_context_size_error"
            or _CONTEXT_ERROR.search(said)
        ):
            limit = _context_limit(error, said)
            self._shrink(limit)
            return ContextTooLong(f"request over the model's context size ({detail})", limit)
        if status == 400 and (code == "content_filter" or "content management policy" in said):
            return SegmentError("withheld by the service's content filter (HTTP 400)")
        if status in (400, 422) and (
            code in ("unsupported_parameter", "unsupported_value")
            or "response_format" in said
            or "json_schema" in said
        ):
            return SettingsError(
                f"{self.host} refuses the request's settings ({detail}); see temperature and "
                "response-format in [tool.tmflow.mt] options"
            )
        if status == 404:
            if code in ("model_not_found", "DeploymentNotFound") or re.search(
                r"\b(?:model|deployment)\b", said, re.IGNORECASE
            ):
                return SettingsError(
                    f"the server at {self.host} has no model {self.model!r} ({detail})"
                )
            return EndpointError(
                f"{self.host} answers HTTP 404: no chat-completions API at this URL (the URL of "
                "an OpenAI-compatible server usually ends in /v1)"
            )
        return self._classify_status(response)

    def _refused(self, status: int) -> str:
        hint = key_hint_for(self.url or OPENAI_URL)
        if self.key:
            return f"openai refused the API key (HTTP {status}); check {hint}"
        return f"openai refused the request (HTTP {status}); it may need an API key: set {hint}"

    def _shrink(self, limit: int | None) -> None:
        """After a request over the model's context: ask for less from now on."""
        with self._lock:
            smaller = int(limit * 0.8) if limit else self.token_budget // 2
            self.token_budget = max(MIN_BUDGET, min(self.token_budget, smaller))


def _rule(term: TermRule) -> str:
    if term.keep:
        line = f"- {_q(term.source)}: keep as it is (do not translate)"
    else:
        line = f"- {_q(term.source)} → {_q(term.approved or '')}"
        if term.forms:
            line += f" (also: {', '.join(_q(f) for f in term.forms)})"
        if term.forbidden:
            line += f"; never {', '.join(_q(f) for f in term.forbidden)}"
    if term.note:
        line += f". Note: {term.note}"
    return line


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _error_object(response: requests.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        return dict(data["error"])
    return dict(data) if isinstance(data, dict) else {}


def _context_limit(error: Mapping[str, Any], said: str) -> int | None:
    n_ctx = error.get("n_ctx")
    if isinstance(n_ctx, int) and not isinstance(n_ctx, bool) and n_ctx > 0:
        return n_ctx
    match = _CONTEXT_LIMIT.search(said)
    return int(match.group(1)) if match else None


def _retry_after(response: requests.Response) -> float | None:
    millis = response.headers.get("retry-after-ms", "").strip()
    try:
        return max(0.0, float(millis) / 1000) if millis else http.retry_after(response)
    except ValueError:
        return http.retry_after(response)


# ---------------------------------------------------------------------------------------------
# the answer


def read_answer(data: Any, ids: Sequence[str]) -> PassageReply:
    """The translations in a chat-completions answer to a request for ``ids``: every id once,
    nothing else, or :class:`~.failures.BadAnswer` saying what is wrong."""
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise BadReply("unreadable answer (no choices)")
    choice = choices[0]
    message = choice.get("message")
    if not isinstance(message, dict):
        raise BadReply("unreadable answer (no message)")
    finish = choice.get("finish_reason")
    refusal = message.get("refusal")
    if isinstance(refusal, str) and refusal.strip():
        raise BadAnswer(f"the model refused ({_quote(refusal)})")
    if finish == "content_filter":
        raise SegmentError("withheld by the service's content filter")
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        if finish == "length":
            raise BadAnswer("answer cut off at the model's output limit")
        raise BadAnswer("empty answer")
    try:
        pairs = _pairs(content)
    except ValueError as err:
        if finish == "length":
            raise BadAnswer("answer cut off at the model's output limit") from None
        if _REFUSAL.match(content):
            raise BadAnswer(f"the model refused ({_quote(content)})") from None
        raise BadAnswer(f"answer is not the JSON asked for ({err})") from None
    texts: dict[str, str] = {}
    wanted = set(ids)
    extra: list[str] = []
    for key, text in pairs:
        if key in texts:
            raise BadAnswer(f"answer repeats id {key}")
        if key not in wanted:
            extra.append(key)
            continue
        texts[key] = text
    if extra:
        raise BadAnswer(f"answer has {_ids(extra)} not asked for")
    missing = [key for key in ids if key not in texts]
    if missing:
        raise BadAnswer(f"answer lacks {_ids(missing)} of {len(ids)}")
    usage = data.get("usage") if isinstance(data, dict) else None
    return PassageReply(texts, _count(usage, "prompt_tokens"), _count(usage, "completion_tokens"))


def _pairs(content: str) -> list[tuple[str, str]]:
    fenced = _FENCE.match(content)
    text = fenced.group(1) if fenced else content.strip()
    try:
        data = json.loads(text)
    except ValueError:
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end <= start:
            raise ValueError("no JSON object") from None
        try:
            data = json.loads(text[start : end + 1])
        except ValueError:
            raise ValueError("invalid JSON") from None
    items = data.get("translations") if isinstance(data, dict) else data
    if isinstance(items, dict):
        items = [{"id": k, "text": v} for k, v in items.items()]
    if not isinstance(items, list):
        raise ValueError('no "translations" list')
    out = []
    for item in items:
        if not isinstance(item, dict) or "id" not in item:
            raise ValueError("an item without an id")
        text_value = item.get("text", item.get("translation"))
        key = item["id"]
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            raise ValueError("an id that is not text")
        if not isinstance(text_value, str):
            raise ValueError(f"no text for id {key}")
        out.append((str(key), text_value))
    return out


def _ids(keys: Sequence[str]) -> str:
    shown = ", ".join(keys[:5]) + (", …" if len(keys) > 5 else "")
    return f"id {shown}" if len(keys) == 1 else f"{len(keys)} ids ({shown})"


def _quote(text: str, limit: int = 60) -> str:
    return '"' + http.one_line(text, limit) + '"'


def _count(usage: Any, key: str) -> int | None:
    value = usage.get(key) if isinstance(usage, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


__all__ = [
    "ANSWER_SCHEMA",
    "AZURE_API_VERSION",
    "DEFAULT_BUDGET",
    "OPENAI_URL",
    "RESPONSE_FORMATS",
    "ChatProvider",
    "chat_key",
    "read_answer",
]
