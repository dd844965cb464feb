"""The checks of one PO file: what a worker process runs for each job of a check run.

A file in the usual layout is read by ``tmflow.io.po.light.read_light`` (its live entries, their
states and whether the layout is surely canonical), anything else by ``load_po``, which reports
the exact error; an error is a finding whose check id follows from the error's type
(``error_check``). Then come the completeness hits, the file checks, the pair checks of all the
file's translated entries in one call (``fidelity.pair_runner``: some pre-tests look at the
file's translations at once), and the glossary checks. The template is read for its keys only
(``tmflow.io.po.keys.read_keys``), once per article.

What is expensive to make and the same for many files (the glossary's matcher, a pair runner
per language, the template of the article being checked) is kept per process, bounded.

``check_batch`` is the entry point of worker processes: it returns each file's findings as a
``FileFindings`` (counts by severity and the JSON text of the findings): one short string per
file pickles faster than the findings, the parent writes it to its spool and its cache as it
is, and only a renderer decodes it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tmflow.core.errors import (
    CharsetError,
    DuplicateEntryError,
    InputError,
    TmflowError,
)
from tmflow.io.cache import FileFindings
from tmflow.steps.qa.jobs import Job

USE_LIGHT = True  # tests turn the light reader off to compare with the full parser

# the check that reports a PO file's read error, by the error's type (the first that fits);
# any other error is a ``po-syntax`` finding
ERROR_CHECKS: tuple[tuple[type[TmflowError], str], ...] = (
    (DuplicateEntryError, "duplicate-entry"),
    (CharsetError, "header-charset"),
)


def error_check(err: TmflowError) -> str:
    """The id of the check that reports ``err``, an error met reading a PO file."""
    for kind, check_id in ERROR_CHECKS:
        if isinstance(err, kind):
            return check_id
    return "po-syntax"


# ---------------------------------------------------------------------------------------------
# what a process keeps between files


_GLOSSARY_CACHE: dict[tuple[Any, ...], Any] = {}


def matcher(glossary: tuple[Any, ...] | None) -> Any:
    """A TermMatcher for (path, languages, source language, mtime), built once per process;
    None without a glossary or for an empty one. Raises the glossary's errors."""
    if glossary is None:
        return None
    if glossary not in _GLOSSARY_CACHE:
        from tmflow.io.glossary import load_glossary
        from tmflow.steps.terms import TermMatcher

        path, languages, source, _mtime = glossary
        _GLOSSARY_CACHE.clear()
        loaded = load_glossary(Path(path), languages, source)
        # an empty glossary has nothing to check: skip the matcher (it stems every word)
        _GLOSSARY_CACHE[glossary] = TermMatcher(loaded) if loaded.terms else None
    return _GLOSSARY_CACHE[glossary]


_RUNNERS: dict[tuple[Any, ...], Any] = {}


def _pair_runner(pair_checks: list[Any], language: str) -> Any:
    """``fidelity.pair_runner`` for these checks and language, built once per process (it
    memoises facts about the sources, which every language's catalog repeats)."""
    key = (tuple(c.id for c in pair_checks), language)
    runner = _RUNNERS.get(key)
    if runner is None:
        from tmflow.steps.qa.checks.fidelity import pair_runner

        if len(_RUNNERS) > 64:
            _RUNNERS.clear()
        runner = _RUNNERS[key] = pair_runner(pair_checks, language)
    return runner


_TEMPLATE_CACHE: dict[str, set[tuple[str | None, str]] | None] = {}


def _template(path: str) -> set[tuple[str | None, str]] | None:
    """The (msgctxt, msgid) of the template's live entries, kept for the next languages of the
    same article (jobs come grouped by article); None for a template that cannot be read."""
    if path not in _TEMPLATE_CACHE:
        _TEMPLATE_CACHE.clear()
        _TEMPLATE_CACHE[path] = template_keys(Path(path))
    return _TEMPLATE_CACHE[path]


# ---------------------------------------------------------------------------------------------
# reading


def read_catalog(raw: bytes, path: Path) -> Any:
    """The catalog: a light one (``tmflow.io.po.light.read_light``) when the file has the usual
    layout, else the full ``load_po`` (which raises the exact errors)."""
    from tmflow.io.po.reader import load_po

    if USE_LIGHT:
        from tmflow.io.po.light import read_light

        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            light = read_light(text, path)
            if light is not None:
                return light
    return load_po(path)


def template_keys(path: Path) -> set[tuple[str | None, str]] | None:
    """The (msgctxt, msgid) of a template's live entries; None when it cannot be read
    (``po-outdated`` cannot tell then)."""
    from tmflow.io.files import read_bytes

    try:
        raw = read_bytes(path)
        if USE_LIGHT:
            from tmflow.io.po.keys import read_keys

            try:
                keys = read_keys(raw.decode("utf-8"))
            except UnicodeDecodeError:
                keys = None
            if keys is not None:
                return keys
        catalog = read_catalog(raw, path)
    except (TmflowError, OSError):
        return None
    return {(e.msgctxt, e.msgid) for e in catalog if not e.obsolete}


def entry_states(po: Any, live: list[Any]) -> list[str]:
    """The state of each live entry (``classify(entry).value``)."""
    from tmflow.core.provenance import classify
    from tmflow.io.po.light import LightCatalog

    if isinstance(po, LightCatalog):  # its entries know their states
        return [entry.state for entry in po.entries]
    return [classify(entry).value for entry in live]


# ---------------------------------------------------------------------------------------------
# one file


Add = Callable[..., None]  # add(check_id, message, line, msgid=None)


def check_file(
    job: Job, severities: dict[str, str], glossary: tuple[Any, ...] | None
) -> list[tuple[Any, ...]]:
    """The findings of one PO file, as ``Finding`` field tuples in the order found (what
    workers send back: plain tuples pickle much faster than dataclass instances)."""
    from tmflow.io.files import read_bytes
    from tmflow.steps.qa import checks as reg

    found: list[tuple[Any, ...]] = []
    file_ignored: set[str] = set()

    def add(
        check_id: str,
        message: str,
        line: int | None,
        msgid: str | None = None,
        cap: str | None = None,
    ) -> None:
        severity = severities.get(check_id)
        if severity is None or check_id in file_ignored:
            return
        severity = reg.capped(severity, cap)
        found.append((check_id, severity, message, job.rel, line, job.language, msgid))

    path = Path(job.path)
    try:
        raw = read_bytes(path, "PO file")
    except InputError as err:
        add("po-syntax", err.message, None)
        return found
    try:
        po = read_catalog(raw, path)
    except InputError as err:
        add(error_check(err), err.message, err.line)
        return found
    file_ignored = reg.ignored_ids(po.header)
    template = None
    if job.template is not None and "po-outdated" in severities:
        template = _template(job.template)
    ctx = reg.FileContext(
        path=path,
        rel=job.rel,
        language=job.language,
        article=job.article,
        raw=raw,
        po=po,
        template=template,
        min_translated=job.min_translated,
    )
    live = list(ctx.live())
    states = entry_states(po, live)
    _file_hits(ctx, states, severities, add)
    facts = reg.file_facts(ctx, dict(job.options))
    _pair_hits(job.language, live, states, severities, glossary, add, facts)
    return found


def _file_hits(ctx: Any, states: list[str], severities: dict[str, str], add: Add) -> None:
    """Completeness (from the entries' states), then each file check, in registry order."""
    from tmflow.steps.qa import checks as reg
    from tmflow.steps.qa.checks import completeness

    for hit in completeness.state_hits(ctx, states):
        add(hit.check, hit.message, hit.line, hit.msgid)
    for check in reg.all_checks().values():
        if check.kind == "file" and check.func is not None and check.id in severities:
            for hit in check.func(ctx):
                add(hit.check, hit.message, hit.line, hit.msgid, hit.severity)


def _pair_hits(
    language: str,
    live: list[Any],
    states: list[str],
    severities: dict[str, str],
    glossary: tuple[Any, ...] | None,
    add: Add,
    facts: Any = None,
) -> None:
    """The pair checks and the glossary checks of every translated entry (each form of a
    plural entry), but those its ``# tmflow-ignore:`` comment silences; ``facts``: the
    catalog's ``FileFacts`` (Markdown or not, formats, plural forms) for the pair checks."""
    from tmflow.steps.qa import checks as reg
    from tmflow.steps.qa.checks.glossary import GLOSSARY_IDS

    registry = reg.all_checks()
    pair_checks = [c for c in registry.values() if c.kind == "pair" and c.id in severities]
    terms = matcher(glossary) if any(v[0] in severities for v in GLOSSARY_IDS.values()) else None
    if not pair_checks and terms is None:
        return
    facts = facts if facts is not None else reg.FileFacts()
    no_ids: set[str] = set()
    prefix = reg.IGNORE_PREFIX
    pairs: list[tuple[str, str, reg.PairContext]] = []
    owners: list[tuple[Any, set[str]]] = []  # (entry, ignored ids) of each pair
    for entry, state in zip(live, states):
        if state != "translated":
            continue
        tcomment = entry.tcomment
        ignored = (
            reg.ignored_ids(tcomment)
            if tcomment and (prefix in tcomment or reg.COPIED_PREFIX in tcomment)
            else no_ids
        )
        if "all" in ignored:
            continue
        if entry.msgid_plural:
            for pair in reg.entry_contexts(entry, facts):
                pairs.append(pair)
                owners.append((entry, ignored))
        else:
            context = reg.PairContext(facts, tuple(entry.flags), entry=entry)
            pairs.append((entry.msgid, entry.msgstr, context))
            owners.append((entry, ignored))
    results = _pair_runner(pair_checks, language)(pairs) if pair_checks else [()] * len(pairs)
    for (source, target, _context), (entry, ignored), hits in zip(pairs, owners, results):
        for check_id, message in hits:
            if check_id not in ignored:
                add(check_id, message, entry.linenum, entry.msgid)
        if terms is not None:
            for issue in terms.check_translation(source, target, language):
                check_id, _default, _text = GLOSSARY_IDS.get(
                    issue.kind, (f"glossary-{issue.kind}", issue.severity, "")
                )
                if check_id in ignored:
                    continue
                add(check_id, issue.message, entry.linenum, entry.msgid)


# ---------------------------------------------------------------------------------------------
# a batch of files (the entry point of worker processes)


def file_findings(found: list[tuple[Any, ...]]) -> FileFindings:
    """Findings (field tuples) as a ``FileFindings``, in report order (line, check)."""
    found.sort(key=_line_order)
    severities = [f[1] for f in found]
    return FileFindings(
        severities.count("error"),
        severities.count("warning"),
        severities.count("info"),
        json.dumps(found, ensure_ascii=False, separators=(",", ":")),
    )


def _line_order(fields: tuple[Any, ...]) -> tuple[int, str]:
    return (fields[4] or 0, fields[0])


def check_batch(
    jobs: list[Job], severities: dict[str, dict[str, str]], glossary: tuple[Any, ...] | None
) -> list[FileFindings]:
    """The findings of each job's PO file, in order. Picklable: workers run it."""
    return [file_findings(check_file(job, severities[job.language], glossary)) for job in jobs]
