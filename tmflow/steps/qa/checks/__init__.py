"""The registry of checks: small functions, each with an id, a default severity and a line.

Three kinds, by what they look at:

* ``pair`` checks compare one source text with its translation (``fn(source, target, lang,
  ctx) -> message | None``, ``ctx`` a ``PairContext``: the entry's flags and plural form, and
  facts about its catalog); they run on translated entries only (drafts are not published);
* ``file`` checks look at one catalog as a whole (``fn(ctx: FileContext) -> Iterable[Hit]``);
* ``glossary`` ids are reported through ``tmflow.steps.terms`` (registered here so that
  ``--list`` shows them and config can tune them).

Checks are plain functions registered by a decorator in the modules of this package (no
discovery by reflection). Severity is ``error`` | ``warning`` | ``info``; the project can change
it or turn a check ``off`` in ``[tool.tmflow.check]`` (``severity`` for all languages,
``languages.<lang>`` per language). A translator comment ``# tmflow-ignore: id[, id…]`` on an
entry silences those checks for that entry (``all`` silences every entry check).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

SEVERITIES = ("error", "warning", "info")
IGNORE_PREFIX = "tmflow-ignore:"


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    description: str
    kind: str  # "pair" | "file" | "glossary" | "project"
    group: str  # "completeness" | "integrity" | "fidelity" | "glossary"
    func: Callable[..., Any] | None = None
    # language-specific checks: for which languages the check can judge anything (None: all)
    applies: Callable[[str], bool] | None = None
    scope: str = ""  # what decides it, for --list ("French", "a Snowball stemmer")


@dataclass(frozen=True)
class Hit:
    """What a file check reports: a message at a line (1-based), optionally for an entry."""

    check: str
    message: str
    line: int | None = None
    msgid: str | None = None
    # at most this severity (a check that is sure of some findings and not of others reports
    # the unsure ones as warnings); None: the check's configured severity
    severity: str | None = None


def capped(configured: str, cap: str | None) -> str:
    """The severity of a finding: the configured one, lowered to the hit's cap if it has one."""
    if cap is None or SEVERITIES.index(cap) <= SEVERITIES.index(configured):
        return configured
    return cap


@dataclass
class FileContext:
    """What a file check may look at."""

    path: Path
    rel: str
    language: str
    article: str
    raw: bytes
    po: polib.POFile | None  # None when the file could not be parsed
    template: set[tuple[str | None, str]] | None = None  # (msgctxt, msgid) of the template
    min_translated: float | None = None
    options: dict[str, Any] = field(default_factory=dict[str, Any])

    def live(self) -> Iterator[polib.POEntry]:
        if self.po is not None:
            for entry in self.po:
                if not entry.obsolete:
                    yield entry


@dataclass(frozen=True)
class FileFacts:
    """What the pair checks need to know of a catalog and its project.

    ``markup``: the catalog's source is Markdown or HTML (tmflow's own articles, or a project
    that says so), so Markdown and tag checks apply; ``formats``: format-string kinds the
    project configures for every entry (an entry's own ``…-format`` flags add to them);
    ``single_forms``: the plural forms the catalog's ``Plural-Forms`` uses for a single n."""

    source_language: str = "en"
    markup: bool = True
    formats: tuple[str, ...] = ()
    single_forms: frozenset[int] = frozenset()


@dataclass(frozen=True)
class PairContext:
    """One (source, translation) pair's entry: its flags, and for a plural entry its
    ``msgid_plural`` and which ``msgstr[n]`` the translation is; ``entry`` is the entry
    itself (a ``polib.POEntry`` or a light entry), for checks that need more of it."""

    file: FileFacts = FileFacts()
    flags: tuple[str, ...] = ()
    plural: str | None = None
    form: int | None = None
    entry: Any = None


DEFAULT_CONTEXT = PairContext()

_REFERENCE_MARKUP_RE = re.compile(
    rb"^#:[^\n]*?\.(?:md|markdown|mdown|mkd|mdx|html?|xhtml)(?::\d+)?(?=[ \t\r\n]|$)",
    re.MULTILINE | re.IGNORECASE,
)
# the extension alone: a search that starts at each "." (the one above starts at every
# position of the file); ``names_markup`` looks at the line of each match
_MARKUP_EXTENSION_RE = re.compile(
    rb"\.(?:md|markdown|mdown|mkd|mdx|html?|xhtml)(?::\d+)?(?=[ \t\r\n]|$)",
    re.MULTILINE | re.IGNORECASE,
)


def names_markup(raw: bytes) -> bool:
    """Whether a reference line (``#:``) of a PO file names a Markdown or HTML file: what
    ``_REFERENCE_MARKUP_RE.search(raw)`` tells, several times faster."""
    for match in _MARKUP_EXTENSION_RE.finditer(raw):
        at = match.start()
        line = raw.rfind(b"\n", 0, at) + 1
        if at >= line + 2 and raw.startswith(b"#:", line):
            return True
    return False


def file_facts(ctx: FileContext, options: dict[str, Any] | None = None) -> FileFacts:
    """The ``FileFacts`` of a catalog: ``options`` are the project's (``source-language``,
    ``markup`` = ``auto`` | ``markdown`` | ``html`` | ``none``, ``formats``). With ``auto``, a
    catalog is markup when its references name Markdown or HTML files (tmflow's articles)."""
    options = options or {}
    markup_option = options.get("markup", "auto")
    if markup_option == "auto":
        markup = names_markup(ctx.raw)
    else:
        markup = markup_option != "none"
    single: frozenset[int] = frozenset()
    if ctx.po is not None:
        from tmflow.steps.qa.checks.formats import single_value_forms

        single = single_value_forms(ctx.po.metadata.get("Plural-Forms", ""))
    return FileFacts(
        source_language=str(options.get("source-language", "en")),
        markup=markup,
        formats=tuple(options.get("formats", ())),
        single_forms=single,
    )


REGISTRY: dict[str, Check] = {}


def register(
    id: str, severity: str, description: str, *, kind: str, group: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        if id in REGISTRY:
            raise ValueError(f"check id {id!r} registered twice")
        REGISTRY[id] = Check(id, severity, description, kind, group, func)
        return func

    return decorate


def declare(id: str, severity: str, description: str, *, kind: str, group: str) -> None:
    """Register an id whose findings are produced elsewhere (project and glossary checks)."""
    REGISTRY[id] = Check(id, severity, description, kind, group, None)


def all_checks() -> dict[str, Check]:
    """Every registered check (imports the modules of this package once)."""
    from tmflow.steps.qa.checks import (  # noqa: F401
        completeness,
        conflicts,
        fidelity,
        glossary,
        integrity,
    )

    if not _SCOPED:
        _SCOPED.append(True)
        _language_scopes()
    return REGISTRY


#: the provenance line of tmflow's copy of a source with nothing to translate
COPIED_PREFIX = "tmflow: copied"
#: the checks a copy fails by being one (the copy is deliberate: tmflow made it)
COPY_EXEMPT = frozenset({"identical", "identical-uncertain", "script"})


_SCOPED: list[bool] = []


def scope(check_id: str, applies: Callable[[str], bool], what: str) -> None:
    """Say which languages a language-specific check can judge (``check --list`` shows it);
    elsewhere it is simply absent, never a false finding."""
    check = REGISTRY.get(check_id)
    if check is not None:
        from dataclasses import replace

        REGISTRY[check_id] = replace(check, applies=applies, scope=what)


def _language_scopes() -> None:
    """The language-specific checks and what decides where they apply."""
    from tmflow.core.languages import get_language
    from tmflow.steps.qa.checks import fidelity

    def base(lang: str) -> str:
        return lang.split("_")[0].split("@")[0].split(".")[0]

    scope("french-spacing", lambda lang: base(lang) == "fr", "French")
    script_of = getattr(fidelity, "_SCRIPT_OF", {})
    scope("script", lambda lang: base(lang) in script_of, "a script the check knows")

    def plural_known(lang: str) -> bool:
        known = get_language(lang)
        return known is not None and known.plural_known

    scope("header-plural-forms", plural_known, "a CLDR plural rule (to compare with)")
    try:
        from tmflow.steps.terms import _stemmer
    except ImportError:  # the glossary step is not installed
        return
    scope("glossary-stem-only", lambda lang: _stemmer(lang) is not None, "a Snowball stemmer")


def ignored_ids(tcomment: str | None) -> set[str]:
    """Check ids silenced by ``# tmflow-ignore: a, b`` translator comment lines, and for
    tmflow's copy of a source with nothing to translate (``# tmflow: copied: …``) the
    checks a copy cannot pass (``COPY_EXEMPT``)."""
    out: set[str] = set()
    if not tcomment or (IGNORE_PREFIX not in tcomment and COPIED_PREFIX not in tcomment):
        return out
    for line in tcomment.split("\n"):
        line = line.strip()
        if line.startswith(COPIED_PREFIX):
            out.update(COPY_EXEMPT)
        elif line.startswith(IGNORE_PREFIX):
            out.update(
                p.strip()
                for p in line[len(IGNORE_PREFIX) :].replace(",", " ").split()
                if p.strip()
            )
    return out


def entry_contexts(entry: polib.POEntry, facts: FileFacts) -> list[tuple[str, str, PairContext]]:
    """``entry_pairs`` with the ``PairContext`` of each pair."""
    flags = tuple(entry.flags)
    if entry.msgid_plural:
        out = []
        for index, text in sorted(entry.msgstr_plural.items(), key=lambda kv: int(kv[0])):
            n = int(index)
            source = entry.msgid if n == 0 else entry.msgid_plural
            out.append((source, text, PairContext(facts, flags, entry.msgid_plural, n, entry)))
        return out
    return [(entry.msgid, entry.msgstr, PairContext(facts, flags, None, None, entry))]


def entry_pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs of an entry: msgid/msgstr, or for plurals msgid/msgstr[0]
    and msgid_plural/msgstr[n ≥ 1]."""
    if entry.msgid_plural:
        out = []
        for index, text in sorted(entry.msgstr_plural.items(), key=lambda kv: int(kv[0])):
            out.append((entry.msgid if int(index) == 0 else entry.msgid_plural, text))
        return out
    return [(entry.msgid, entry.msgstr)]
