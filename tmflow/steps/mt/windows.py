"""Windows of an article, for engines that read context (``openai``): which segments go in one
request, and what they are sent with.

**A window** is a run of an article's segments to translate, in order, under a token budget
(the engine's ``token_budget``: prompt, passage and answer together). Its request carries:

* the segments to translate (masked, :mod:`.protect`), each with an id;
* the segments between them, and up to a quarter of the budget of neighbours before and after
  (two before for one after), as context: with their translation when a reviewer has
  translated them (not fuzzy), as source alone otherwise. The context is the article as it was
  when the run began (a snapshot: workers never read catalogs the run is changing);
* the glossary's rules for the terms of the segments to translate
  (:meth:`.protect.GlossaryGuard.rules`) and the style instruction of the language.

When a whole article fits, it is one request (and one window) per language. A window that no
longer fits (the server said its context is smaller, and the engine lowered its budget) is sent
in part, and the rest is asked for again by the scheduler; a window whose answer was refused is
split by the scheduler, down to one segment, still with its context.

**The cache key** of a segment adds its place in the article to the engine's key: a digest of
the sources of its two neighbours on each side, the rules of its terms and the style. A run
killed half-way finds what it was answered (the neighbours' sources do not change when drafts
land), while a segment moved elsewhere, a changed glossary rule or style asks again.

**Tokens are estimated** (:func:`estimate_tokens`), without a tokenizer: a weight per character
class, fitted to count at least what the ``cl100k_base`` encoding (GPT-4, GPT-3.5; a vocabulary
of 100,000 tokens, as many open models have; models with a smaller one, such as the 32,000 of
older Llama and Mistral models, count more tokens and want a lower budget) counts, so that
budgets err on the safe side and a model with a better tokenizer simply gets smaller windows
than it could take. On every sentence of
FLORES-200, NTREX-128 and WMT (en, ar, az, de, es, fr, ru, tr, uk) the estimate is 1.02–1.30×
cl100k_base in total and 1.29–2.52× the newer ``o200k_base`` (GPT-4o); on the 984 requests
tmflow makes of the NTREX-128 articles in eight languages, request and answer together are
estimated at 1.01× their cl100k_base count or more, and 1.14× their o200k_base count or more
(``bench/bench_llm.py --tokens DIR`` measures it again). The answer is expected to be
:data:`OUTPUT_FACTORS` times the estimate of its source (measured the same way). A request
counts its instructions (estimated as text) and, per segment, its text and :data:`LINE_COST`
for the JSON around it (tokenizers pack ``{"id": "3", "source": "`` into a few tokens;
estimated as text, its punctuation would count several times over).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tmflow.core import provenance
from tmflow.core.languages import normalise_code
from tmflow.core.model import EntryState
from tmflow.io.translators import Passage, PassageLine, Provider, TermRule
from tmflow.steps.mt.batching import Pending
from tmflow.steps.mt.catalogs import Catalog, Key
from tmflow.steps.mt.jobs import Job
from tmflow.steps.mt.protect import GlossaryGuard
from tmflow.steps.mt.scheduler import Item, Unit

# ---------------------------------------------------------------------------------------------
# token estimates

_ASCII_WORD = 0.22  # an ASCII letter or digit
_PUNCTUATION = 1.5  # any other visible character that is not a letter
_LATIN = 2.0  # a Latin letter outside ASCII (é, ə, ş): it splits the word it is in
_CYRILLIC = 0.62  # Cyrillic and Greek letters
_OTHER = 0.88  # letters of every other script (Arabic, Hebrew, Georgian, Devanagari…)
_CJK = 1.5  # Han, kana, Hangul
_PER_WORD = 0.3

OUTPUT_FACTORS: dict[str, float] = {
    # estimated tokens of a translation per estimated token of its English source, measured on
    # FLORES-200, NTREX-128 and WMT news references
    "en": 1.0,
    "ar": 2.8,
    "az": 2.3,
    "de": 1.3,
    "es": 1.35,
    "fr": 1.5,
    "ru": 2.5,
    "tr": 1.7,
    "uk": 2.4,
}
DEFAULT_OUTPUT_FACTOR = 2.5
LINE_COST = 8  # the JSON around one segment in the request ({"id": "3", "source": "…"})
ANSWER_LINE_COST = 12  # and in the answer ({"id": "3", "text": "…"}, with what models add)
CONTEXT_SHARE = 0.25  # of the budget, at most, for neighbours outside the window
PACK_SHARE = 0.85  # of the budget, at most, for a window as planned (the rest: its context)
KEY_NEIGHBOURS = 2  # neighbours on each side in a cache key

_CLASS: dict[str, float] = {}


def _weight(char: str) -> float:
    weight = _CLASS.get(char)
    if weight is not None:
        return weight
    code = ord(char)
    if char.isspace():
        weight = 0.0
    elif code < 128:
        weight = _ASCII_WORD if char.isalnum() else _PUNCTUATION
    elif not char.isalpha():
        weight = _PUNCTUATION
    elif code < 0x0370 or 0x1E00 <= code <= 0x1EFF:
        weight = _LATIN
    elif code < 0x0530 or 0x1F00 <= code <= 0x1FFF:
        weight = _CYRILLIC
    elif 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF:
        weight = _CJK
    else:
        weight = _OTHER
    if len(_CLASS) < 65536:
        _CLASS[char] = weight
    return weight


_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def estimate_tokens(text: str) -> int:
    """Tokens ``text`` takes, estimated on the safe side (see the module's docstring)."""
    words = len(text.split())
    if text.isascii():
        letters = len(_NOT_ALNUM.sub("", text))
        others = len(_SPACES.sub("", text)) - letters
        total = letters * _ASCII_WORD + others * _PUNCTUATION
    else:
        total = sum(map(_weight, text))
    return int(total + _PER_WORD * words) + 1


@lru_cache(maxsize=256)
def output_factor(source_language: str, target_language: str) -> float:
    def factor(lang: str) -> float:
        base = normalise_code(lang).split("_")[0].split("@")[0]
        return OUTPUT_FACTORS.get(base, DEFAULT_OUTPUT_FACTOR)

    return factor(target_language) / min(factor(source_language), DEFAULT_OUTPUT_FACTOR)


def style_for(options: Mapping[str, object], language: str) -> str:
    """The style instruction for ``language``: the project's, then the language's own."""
    by_language = options.get("style-by-language")
    own = by_language.get(language) if isinstance(by_language, dict) else None
    parts = [options.get("style"), own]
    return "\n".join(str(p).strip() for p in parts if isinstance(p, str) and p.strip())


# ---------------------------------------------------------------------------------------------
# articles as the run found them


@dataclass(frozen=True)
class Line:
    """One entry of an article: its source and, when a reviewer translated it, the
    translation; ``tokens``: the estimate of both, as context."""

    source: str
    translation: str | None
    tokens: int


@dataclass
class _Article:
    order: int
    lines: list[Line]
    positions: dict[Key, int]


@dataclass(frozen=True)
class Window:
    """What one request carries: ``passage``; ``ids``: passage id -> item; ``taken``: the
    items of the unit that are in it (the others did not fit and are asked for again);
    ``tokens_in``, ``tokens_out``: the request and its answer, estimated."""

    passage: Passage
    ids: dict[str, Item]
    taken: tuple[Item, ...]
    tokens_in: int = 0
    tokens_out: int = 0


@dataclass
class _Placed:
    article: Path
    position: int
    piece: int
    item: Item
    job: Job


@dataclass
class Windows:
    """The articles of a run and the windows of their segments (a :class:`~.batching.Packer`)."""

    engine: Provider
    source_language: str
    glossary: GlossaryGuard = field(default_factory=GlossaryGuard)
    styles: dict[str, str] = field(default_factory=dict)  # language -> instruction
    articles: dict[Path, _Article] = field(default_factory=dict)
    _rules: dict[tuple[str, str], tuple[TermRule, ...]] = field(default_factory=dict)
    _pending: Mapping[int, Pending] = field(default_factory=dict)
    _base: dict[str, int] = field(default_factory=dict)

    def add(self, catalogs: Iterable[Catalog]) -> None:
        """Take a snapshot of the articles of one language."""
        for catalog in catalogs:
            lines: list[Line] = []
            positions: dict[Key, int] = {}
            for entry in catalog.po:
                if entry.obsolete:
                    continue
                positions.setdefault((entry.msgctxt, entry.msgid), len(lines))
                reviewed = provenance.classify(entry) == EntryState.TRANSLATED
                translation = entry.msgstr if reviewed and not entry.msgid_plural else None
                tokens = estimate_tokens(entry.msgid) + LINE_COST
                if translation:
                    tokens += estimate_tokens(translation)
                lines.append(Line(entry.msgid, translation, tokens))
            self.articles[catalog.path] = _Article(len(self.articles), lines, positions)

    # the plan ------------------------------------------------------------------------------
    def rules(self, job: Job) -> tuple[TermRule, ...]:
        key = (job.language, job.source)
        found = self._rules.get(key)
        if found is None:
            found = self._rules[key] = tuple(self.glossary.rules(job.source, job.language))
        return found

    def cache_key(self, job: Job, base: str) -> str:
        where = self._where(job)
        neighbours: list[str] = []
        if where is not None:
            article, position = where
            lines = self.articles[article].lines
            low, high = max(0, position - KEY_NEIGHBOURS), position + KEY_NEIGHBOURS + 1
            neighbours = [line.source for line in lines[low:position] + lines[position + 1 : high]]
        rules = [[r.source, r.approved, r.forms, r.forbidden, r.keep] for r in self.rules(job)]
        context = [neighbours, rules, self.styles.get(job.language, "")]
        digest = hashlib.sha256(json.dumps(context, ensure_ascii=False).encode()).hexdigest()
        return f"{base} context:{digest[:16]}"

    def pack(
        self, language: str, items: Sequence[Item], pending: Mapping[int, Pending], texts: int
    ) -> list[tuple[Item, ...]]:
        """``items`` in windows: consecutive in their article, within the budget (less a share
        for the context around them), at most ``texts`` segments each."""
        self._pending = pending
        limit = int(self.engine.token_budget * PACK_SHARE)
        batches: list[tuple[Item, ...]] = []
        current: list[_Placed] = []
        cost = 0
        seen_rules: set[str] = set()
        for placed in self._placed(items):
            rules = [r for r in self.rules(placed.job) if r.source not in seen_rules]
            add = self._item_cost(placed, language) + sum(_rule_cost(r) for r in rules)
            if current and placed.article == current[-1].article:
                add += self._gap(placed.article, current[-1].position, placed.position)
            if current and (
                placed.article != current[-1].article
                or len(current) >= texts
                or cost + add > limit
            ):
                batches.append(tuple(p.item for p in current))
                current, seen_rules = [], set()
                rules = list(self.rules(placed.job))
                add = self._item_cost(placed, language) + sum(_rule_cost(r) for r in rules)
            if not current:
                cost = self._base_cost(language)
            current.append(placed)
            seen_rules.update(r.source for r in rules)
            cost += add
        if current:
            batches.append(tuple(p.item for p in current))
        return batches

    # a request -------------------------------------------------------------------------------
    def window(self, unit: Unit, budget: int | None = None) -> Window:
        """The passage for ``unit`` within ``budget`` (default: the engine's budget now)."""
        budget = self.engine.token_budget if budget is None else budget
        language = unit.lane
        placed = self._placed(unit.items)
        article = placed[0].article
        placed = [p for p in placed if p.article == article]
        lines = self.articles[article].lines
        # the segments to translate, and what lies between them, as long as it fits
        taken: list[_Placed] = []
        rules: dict[str, TermRule] = {}
        cost = self._base_cost(language)
        tokens_out = 0
        for p in placed:
            new_rules = [r for r in self.rules(p.job) if r.source not in rules]
            add = self._item_cost(p, language) + sum(_rule_cost(r) for r in new_rules)
            if taken:
                add += self._gap(article, taken[-1].position, p.position)
            if taken and cost + add > budget:
                break
            taken.append(p)
            rules.update((r.source, r) for r in new_rules)
            cost += add
            tokens_out += self._expected(p, language)
        first, last = taken[0].position, taken[-1].position
        # neighbours: two before for one after, within a share of the budget
        room = max(0, min(budget - cost, int(budget * CONTEXT_SHARE)))
        context = room
        before, after = first, last + 1
        done_before = done_after = False
        step = 0
        while not (done_before and done_after):
            if not done_before and (step % 3 < 2 or done_after):
                if before == 0 or lines[before - 1].tokens > room:
                    done_before = True
                else:
                    before -= 1
                    room -= lines[before].tokens
            elif after >= len(lines) or lines[after].tokens > room:
                done_after = True
            else:
                room -= lines[after].tokens
                after += 1
            step += 1
        ids: dict[str, Item] = {}
        out: list[PassageLine] = []
        by_position: dict[int, list[_Placed]] = {}
        for p in taken:
            by_position.setdefault(p.position, []).append(p)
        for index in range(before, after):
            here = by_position.get(index)
            if here is None:
                line = lines[index]
                out.append(PassageLine(line.source, line.translation))
                continue
            for p in here:
                key = str(len(ids) + 1)
                ids[key] = p.item
                out.append(PassageLine(p.item.text, id=key))
        passage = Passage(tuple(out), tuple(rules.values()), self.styles.get(language, ""))
        tokens_in = cost + (context - room) - tokens_out
        return Window(passage, ids, tuple(p.item for p in taken), tokens_in, tokens_out)

    def estimate(self, unit: Unit) -> tuple[int, int]:
        """Tokens a request for ``unit`` is estimated to send and to get back."""
        window = self.window(unit)
        return window.tokens_in, window.tokens_out

    # helpers -------------------------------------------------------------------------------
    def _where(self, job: Job) -> tuple[Path, int] | None:
        if not job.targets:
            return None
        catalog, key = job.targets[0]
        article = self.articles.get(catalog.path)
        if article is None or key not in article.positions:
            return None
        return catalog.path, article.positions[key]

    def _placed(self, items: Iterable[Item]) -> list[_Placed]:
        out = []
        for item in items:
            job, piece = self._pending[item.id].waiting[0]
            where = self._where(job)
            if where is None:  # (never: every job comes from a catalog of the run)
                raise ValueError(f"segment {job.source[:40]!r} is in no article of the run")
            out.append(_Placed(where[0], where[1], piece, item, job))
        out.sort(key=lambda p: (self.articles[p.article].order, p.position, p.piece))
        return out

    def _item_cost(self, placed: _Placed, language: str) -> int:
        """The segment in the request, and its translation in the answer."""
        return estimate_tokens(placed.item.text) + LINE_COST + self._expected(placed, language)

    def _expected(self, placed: _Placed, language: str) -> int:
        tokens = estimate_tokens(placed.item.text)
        return int(tokens * output_factor(self.source_language, language)) + ANSWER_LINE_COST

    def _gap(self, article: Path, before: int, after: int) -> int:
        """Tokens of the context lines strictly between two positions."""
        lines = self.articles[article].lines
        return sum(line.tokens for line in lines[before + 1 : after])

    def _base_cost(self, language: str) -> int:
        """The request without segments and rules: instructions, style, the JSON around."""
        cost = self._base.get(language)
        if cost is None:
            empty = Passage((), (), self.styles.get(language, ""))
            text = self.engine.request_text(empty, self.source_language, language)
            cost = self._base[language] = estimate_tokens(text) + LINE_COST
        return cost


def _rule_cost(rule: TermRule) -> int:
    parts = [rule.source, rule.approved or "", *rule.forms, *rule.forbidden, rule.note or ""]
    return estimate_tokens(" ".join(parts)) + 12


__all__ = ["Window", "Windows", "estimate_tokens", "output_factor", "style_for"]
