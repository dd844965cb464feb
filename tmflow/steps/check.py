"""The quality gate: run the registered checks over the catalogs of a project.

Design:

* The checks are small functions in ``tmflow.steps.checks`` (a registry with id, default
  severity and one line of description). This module resolves which run, at which severity,
  per language, from ``[tool.tmflow.check]``: ``severity = {id = "warning" | "off" …}`` for all
  languages, ``languages.<lang> = {id = …}`` on top, ``min-translated.<lang> = PCT``.
* Each PO file is checked on its own, in worker processes when there are many, so memory
  stays flat and both cores work; workers return findings only (plain tuples). A file in the
  usual layout is read by ``tmflow.io.poscan.read_light`` (its live entries, their states and
  whether the layout is surely canonical), anything else by ``load_po``, which reports the
  exact error. Then come the file checks, and the pair checks of all the file's translated
  entries in one call (``fidelity.pair_runner``: some pre-tests look at the file's
  translations at once), and the glossary checks. The template is read for its keys only
  (``poscan.read_keys``), once per article.
* A translator comment ``# tmflow-ignore: id[, id…]`` silences checks for one entry; in the
  file's header comment it silences them for the whole file.
* Glossary checks use ``tmflow.steps.terms`` and ``tmflow.io.glossary``; the "template out of
  date with its source" check uses ``tmflow.steps.extract``. Both are imported when needed;
  when a module is not there, those checks are skipped and the report says so (``notes``).
* Exit policy (the command's): any finding of severity ``error`` fails the gate (1); bad input
  (config, unknown language or article, unreadable glossary) is 2.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from tmflow.core.errors import TmflowError, UsageError
from tmflow.core.model import Finding
from tmflow.io.config import Config
from tmflow.io.files import write_atomic

PARALLEL_MIN_FILES = 64
CACHE_NAME = "check-cache.json"
CACHE_VERSION = 1


def _stamp(job: "_Job") -> list[int] | None:
    """Size and mtime of the PO file and of its template; None when racy (modified within
    the last two seconds on a file system with whole-second times) or unreadable."""
    out: list[int] = []
    now = time.time()
    for path in (job.path, job.template):
        if path is None:
            out += [-1, -1]
            continue
        try:
            st = os.stat(path)
        except OSError:
            return None
        if st.st_mtime_ns % 1_000_000_000 == 0 and now - st.st_mtime < 2.0:
            return None
        out += [st.st_size, st.st_mtime_ns]
    return out


def _settings_fingerprint(severities: dict, glossary: tuple | None, jobs: list) -> str:
    import hashlib

    from tmflow import __version__

    thresholds = sorted({(j.language, j.min_translated) for j in jobs}, key=str)
    data = json.dumps([__version__, severities, list(glossary or ()), thresholds, _code_stamp()],
                      sort_keys=True, default=str)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=16).hexdigest()


def _code_stamp() -> list:
    """Sizes and mtimes of the modules that produce findings: an edited check (an editable
    install, a patched release) invalidates cached findings even without a version bump."""
    import tmflow.io.poscan
    import tmflow.steps.checks

    files = [Path(__file__), Path(tmflow.io.poscan.__file__)]
    files += sorted(Path(tmflow.steps.checks.__file__).parent.glob("*.py"))
    out = []
    for path in files:
        try:
            st = path.stat()
            out.append([path.name, st.st_size, st.st_mtime_ns])
        except OSError:
            out.append([path.name])
    return out


def _load_cache(path: Path, fingerprint: str) -> dict[str, list]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION or \
            data.get("fingerprint") != fingerprint or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    languages: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    checked: int = 0  # files checked this run (the others came from the findings cache)
    # ((the findings list, its length), severity counts) when last counted: findings are
    # only added
    _counted: tuple[tuple[int, int], Counter] | None = field(default=None, repr=False,
                                                            compare=False)

    def count(self, severity: str) -> int:
        counted = self._counted
        key = (id(self.findings), len(self.findings))
        if counted is None or counted[0] != key:
            counted = self._counted = (key, Counter(f.severity for f in self.findings))
        return counted[1][severity]

    @property
    def failed(self) -> bool:
        return self.count("error") > 0


def resolve_severities(config: Config, language: str) -> dict[str, str]:
    """Check id → severity for ``language`` (checks turned off are absent)."""
    from tmflow.steps.checks import all_checks

    out: dict[str, str] = {}
    overrides = dict(config.check.severity)
    overrides.update(config.check.languages.get(language, {}))
    for check_id, check in all_checks().items():
        severity = overrides.get(check_id, check.severity)
        if severity != "off":
            out[check_id] = severity
    return out


def _unknown_ids(config: Config) -> list[str]:
    from tmflow.steps.checks import all_checks

    known = all_checks()
    names = set(config.check.severity)
    for table in config.check.languages.values():
        names.update(table)
    return sorted(n for n in names if n not in known)


# ---------------------------------------------------------------------------------------------
# per file (runs in workers)


_GLOSSARY_CACHE: dict[tuple, Any] = {}


def _matcher(glossary: tuple | None) -> Any:
    """A TermMatcher for (path, languages, source language, mtime), built once per process."""
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


@dataclass(frozen=True)
class _Job:
    path: str
    rel: str
    language: str
    article: str
    template: str | None
    min_translated: float | None


def _check_file(job: _Job, severities: dict[str, str], glossary: tuple | None
                ) -> list[tuple]:
    """The findings of one PO file, as ``Finding`` field tuples (what workers send back:
    plain tuples pickle much faster than dataclass instances)."""
    from tmflow.core.errors import InputError, PoSyntaxError
    from tmflow.steps import checks as reg
    from tmflow.steps.checks import completeness
    from tmflow.steps.checks.glossary import GLOSSARY_IDS

    registry = reg.all_checks()
    found: list[tuple] = []
    file_ignored: set[str] = set()

    def add(check_id: str, message: str, line: int | None, msgid: str | None = None) -> None:
        severity = severities.get(check_id)
        if severity is None or check_id in file_ignored:
            return
        found.append((check_id, severity, message, job.rel, line, job.language, msgid))

    path = Path(job.path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        add("po-syntax", f"cannot read: {err.strerror}", None)
        return found
    po = None
    try:
        po = _read(raw, path)
    except PoSyntaxError as err:
        check_id = "duplicate-entry" if err.message.startswith(("duplicate entry",
                                                                 "second header")) \
            else "po-syntax"
        add(check_id, err.message, err.line)
    except InputError as err:
        check_id = "header-charset" if ("UTF-8" in err.message or "charset" in err.message) \
            else "po-syntax"
        add(check_id, err.message, err.line)
    if po is not None:
        file_ignored = reg.ignored_ids(po.header)
    template = None
    if po is not None and job.template is not None and "po-outdated" in severities:
        template = _template(job.template)
    ctx = reg.FileContext(path=path, rel=job.rel, language=job.language, article=job.article,
                          raw=raw, po=po, template=template, min_translated=job.min_translated)
    if po is None:
        return found
    live = list(ctx.live())
    from tmflow.io.poscan import LightCatalog

    if isinstance(po, LightCatalog):  # its entries know their states
        states = [entry.state for entry in live]
    else:
        from tmflow.core.provenance import classify

        # a filled, non-fuzzy singular entry is translated (classify's first answer, without
        # the call: most entries of a project are)
        states = ["translated" if entry.msgstr and not entry.msgid_plural
                  and "fuzzy" not in entry.flags else classify(entry).value for entry in live]
    for hit in completeness.state_hits(ctx, states):
        add(hit.check, hit.message, hit.line, hit.msgid)
    for check in registry.values():
        if check.kind == "file" and check.func is not None and check.id in severities:
            for hit in check.func(ctx):
                add(hit.check, hit.message, hit.line, hit.msgid)

    pair_checks = [c for c in registry.values() if c.kind == "pair" and c.id in severities]
    matcher = _matcher(glossary) if any(v[0] in severities for v in GLOSSARY_IDS.values()) \
        else None
    if not pair_checks and matcher is None:
        return found
    runner = _pair_runner(pair_checks, job.language)
    no_ids: set[str] = set()
    prefix = reg.IGNORE_PREFIX
    pairs: list[tuple[str, str]] = []
    owners: list[tuple[Any, set[str]]] = []  # (entry, ignored ids) of each pair
    for entry, state in zip(live, states):
        if state != "translated":
            continue
        tcomment = entry.tcomment
        ignored = reg.ignored_ids(tcomment) if tcomment and prefix in tcomment else no_ids
        if "all" in ignored:
            continue
        if entry.msgid_plural:
            for pair in reg.entry_pairs(entry):
                pairs.append(pair)
                owners.append((entry, ignored))
        else:
            pairs.append((entry.msgid, entry.msgstr))
            owners.append((entry, ignored))
    results = runner(pairs) if pair_checks else [()] * len(pairs)
    for (source, target), (entry, ignored), hits in zip(pairs, owners, results):
        for check_id, message in hits:
            if check_id not in ignored:
                add(check_id, message, entry.linenum, entry.msgid)
        if matcher is not None:
            for issue in matcher.check_translation(source, target, job.language):
                check_id, default, _text = GLOSSARY_IDS.get(
                    issue.kind, (f"glossary-{issue.kind}", issue.severity, ""))
                if check_id in ignored:
                    continue
                add(check_id, issue.message, entry.linenum, entry.msgid)
    return found


_RUNNERS: dict[tuple, Any] = {}


def _pair_runner(pair_checks: list, language: str) -> Any:
    """``fidelity.pair_runner`` for these checks and language, built once per process (it
    memoises facts about the sources, which every language's catalog repeats)."""
    key = (tuple(c.id for c in pair_checks), language)
    runner = _RUNNERS.get(key)
    if runner is None:
        from tmflow.steps.checks.fidelity import pair_runner

        if len(_RUNNERS) > 64:
            _RUNNERS.clear()
        runner = _RUNNERS[key] = pair_runner(pair_checks, language)
    return runner


_TEMPLATE_CACHE: dict[str, set[tuple[str | None, str]] | None] = {}
USE_LIGHT = True  # tests turn the light reader off to compare with the full parser


def _read(raw: bytes, path: Path) -> Any:
    """The catalog: a light one (``tmflow.io.poscan.read_light``) when the file has the usual
    layout, else the full ``load_po`` (which raises the exact errors)."""
    from tmflow.io.pofile import load_po

    if USE_LIGHT:
        from tmflow.io.poscan import read_light

        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            light = read_light(text, path)
            if light is not None:
                return light
    return load_po(path)


def _template(path: str) -> set[tuple[str | None, str]] | None:
    """The (msgctxt, msgid) of the template's live entries, kept for the next languages of the
    same article (jobs come grouped by article); None for a template that cannot be read."""
    if path not in _TEMPLATE_CACHE:
        _TEMPLATE_CACHE.clear()
        _TEMPLATE_CACHE[path] = _template_keys(Path(path))
    return _TEMPLATE_CACHE[path]


def _template_keys(path: Path) -> set[tuple[str | None, str]] | None:
    from tmflow.io.files import read_bytes

    try:
        raw = read_bytes(path)
        if USE_LIGHT:
            from tmflow.io.poscan import read_keys

            try:
                keys = read_keys(raw.decode("utf-8"))
            except UnicodeDecodeError:
                keys = None
            if keys is not None:
                return keys
        catalog = _read(raw, path)
    except (TmflowError, OSError):
        return None  # a broken template: po-outdated cannot tell
    return {(e.msgctxt, e.msgid) for e in catalog if not e.obsolete}


def _check_batch(jobs: list[_Job], severities: dict[str, dict[str, str]],
                 glossary: tuple | None) -> list[list[tuple]]:
    return [_check_file(job, severities[job.language], glossary) for job in jobs]


# ---------------------------------------------------------------------------------------------
# the step


def _po_files(folder: Path, suffix: str) -> dict[str, str]:
    try:
        with os.scandir(folder) as it:
            return {e.name[:-len(suffix)]: e.path for e in it
                    if e.name.endswith(suffix) and not e.name.startswith(".")}
    except (FileNotFoundError, NotADirectoryError):
        return {}


def _glossary_key(config: Config) -> tuple:
    from tmflow.steps.project import require_glossary

    require_glossary(config)  # a configured glossary that is missing is bad input
    path = config.glossary_path
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return (str(path), tuple(config.languages), config.source_language, mtime)


def check_project(config: Config, articles: Iterable[str] = (), languages: Iterable[str] = (),
                  *, only: Iterable[str] = (), min_translated: float | None = None,
                  use_cache: bool = True, workers: int | None = None) -> CheckReport:
    """Run the checks; ``only`` limits them to these ids; ``min_translated`` overrides the
    configured thresholds for every language; ``use_cache=False`` neither reads nor writes the
    findings cache (``<state_dir>/check-cache.json``: findings per PO file, keyed by the size
    and mtime of the file and of its template, valid while the settings, the glossary and
    tmflow's version are the same)."""
    started = time.perf_counter()
    from tmflow.steps.checks import all_checks

    registry = all_checks()
    langs = tuple(languages) or tuple(config.languages)
    for lang in langs:
        if lang not in config.languages:
            raise UsageError(f"{lang!r} is not a target language of this project "
                             f"({', '.join(config.languages)})")
    only_ids = set(only)
    for check_id in only_ids:
        if check_id not in registry:
            raise UsageError(f"unknown check id {check_id!r} (see 'tmflow check --list')")
    report = CheckReport(languages=langs)
    for name in _unknown_ids(config):
        report.notes.append(f"unknown check id {name!r} in [tool.tmflow.check] ignored")

    severities: dict[str, dict[str, str]] = {}
    for lang in langs:
        table = resolve_severities(config, lang)
        if only_ids:
            table = {k: v for k, v in table.items() if k in only_ids}
        severities[lang] = table

    glossary = None
    wants_glossary = any(k.startswith("glossary-") for t in severities.values() for k in t)
    if wants_glossary:
        glossary = _glossary_key(config)
        _matcher(glossary)  # a glossary error is bad input: raise it here, once

    templates = _po_files(config.templates_dir, ".pot")
    per_lang = {lang: _po_files(config.locales_dir / lang, ".po") for lang in langs}
    names = set(templates)
    for found in per_lang.values():
        names.update(found)
    wanted = list(dict.fromkeys(articles))
    for name in wanted:
        if name not in names:
            raise UsageError(f"no article named {name!r} in {config.locales_dir}")
    selected = sorted(wanted) if wanted else sorted(names)
    root = str(config.root) + os.sep

    def rel(p: str) -> str:
        return p[len(root):] if p.startswith(root) else p

    jobs: list[_Job] = []
    for article in selected:
        for lang in langs:
            path = per_lang[lang].get(article)
            threshold = min_translated if min_translated is not None \
                else config.check.min_translated.get(lang)
            if path is None:
                if article in templates and "po-outdated" in severities[lang]:
                    report.findings.append(Finding(
                        "po-outdated", severities[lang]["po-outdated"],
                        f"no PO file for {article!r} in {lang!r} (run 'tmflow update')",
                        rel(str(config.po_path(lang, article))), None, lang))
                continue
            jobs.append(_Job(path, rel(path), lang, article, templates.get(article), threshold))
    report.files = len(jobs)
    fingerprint = _settings_fingerprint(severities, glossary, jobs)
    cache_path = config.state_dir / CACHE_NAME
    old = _load_cache(cache_path, fingerprint) if use_cache else {}
    stamps = {job.path: _stamp(job) for job in jobs} if use_cache else {}
    todo = []
    for job in jobs:
        hit = old.get(job.rel)
        if hit is not None and stamps[job.path] is not None and hit[0] == stamps[job.path]:
            report.findings.extend(map(Finding._make, hit[1]))
        else:
            todo.append(job)
    report.checked = len(todo)
    fresh = _run(todo, severities, glossary, workers)
    for findings in fresh:
        report.findings.extend(map(Finding._make, findings))
    if use_cache and todo:
        files = {job.rel: old[job.rel] for job in jobs if job.rel in old}
        for job, findings in zip(todo, fresh):
            if stamps[job.path] is not None:
                files[job.rel] = [stamps[job.path], [list(f) for f in findings]]
        try:
            write_atomic(cache_path, json.dumps({"version": CACHE_VERSION,
                                                 "fingerprint": fingerprint, "files": files},
                                                ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass  # the cache is an optimisation
    report.findings.extend(_template_findings(config, selected, templates, severities, report,
                                              rel))
    report.findings.sort(key=lambda f: (f.path, f.line or 0, f.check))
    report.elapsed = time.perf_counter() - started
    return report


def _run(jobs: list[_Job], severities: dict[str, dict[str, str]], glossary: tuple | None,
         workers: int | None) -> list[list[tuple]]:
    cpus = workers if workers is not None else (os.cpu_count() or 1)
    if cpus <= 1 or len(jobs) < PARALLEL_MIN_FILES:
        return _check_batch(jobs, severities, glossary)
    from concurrent.futures import ProcessPoolExecutor

    # small batches (a fraction of a second each) keep both workers busy to the end
    size = max(8, len(jobs) // (cpus * 48))
    batches = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    out: list[list[tuple]] = []
    with ProcessPoolExecutor(max_workers=cpus) as pool:
        for result in pool.map(_check_batch, batches, [severities] * len(batches),
                               [glossary] * len(batches)):
            out.extend(result)
    return out


def _template_findings(config: Config, articles: list[str], templates: dict[str, str],
                       severities: dict[str, dict[str, str]], report: CheckReport,
                       rel: Any) -> list[Finding]:
    """``template-outdated``: the POT differs from what extract would write now."""
    severity = next((t["template-outdated"] for t in severities.values()
                     if "template-outdated" in t), None)
    if severity is None or not templates:
        return []
    from tmflow.steps.extract import extract_project
    from tmflow.steps.project import find_articles

    try:
        sources = {a.name for a in find_articles(config)}
        names = [a for a in articles if a in sources]
        result = extract_project(config, names, dry_run=True) if names else None
    except TmflowError as err:
        # a source that cannot be read cannot be published either: an error, not a note
        where = rel(str(err.path)) if err.path is not None else rel(str(config.sources_dir))
        return [Finding("template-outdated", "error",
                        f"cannot tell whether the template is up to date: {err.message}",
                        where, err.line)]
    out: list[Finding] = []
    for article in articles:
        if article in templates and article not in sources:
            out.append(Finding("template-outdated", severity,
                               "template without a source article (remove it or restore the "
                               "source)", rel(templates[article]), None))
    for item in result.templates if result is not None else []:
        if item.status != "unchanged":
            pot = str(config.pot_path(item.article))
            out.append(Finding("template-outdated", severity,
                               "template missing or out of date with its source "
                               "(run 'tmflow extract')", rel(pot), None))
    return out
