"""The quality gate: run the registered checks over the catalogs of a project.

Design:

* The checks are small functions in ``tmflow.steps.qa.checks`` (a registry with id, default
  severity and one line of description). This module resolves which run, at which severity,
  per language, from ``[tool.tmflow.check]``: ``severity = {id = "warning" | "off" …}`` for all
  languages, ``languages.<lang> = {id = …}`` on top, ``min-translated.<lang> = PCT``.
* Each PO file is checked on its own, in worker processes when there are many, so both cores
  work; workers send back each file's findings as JSON text with their counts by severity.
  Memory stays flat as the tree grows: files are gone over article by article as a stream
  (``tmflow.steps.pool.ordered_map``), and the findings (tens of thousands on a large tree)
  go to one temporary spool per language, in report order, which the renderers read back
  (``CheckReport.iter_findings``). The findings cache (``check-cache.sqlite3``,
  ``tmflow.io.cache.StampedStore``) is read and written one file's row at a time. A file in the
  usual layout is read by ``tmflow.io.po.scan.read_light`` (its live entries, their states and
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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tmflow.core.errors import TmflowError, UsageError
from tmflow.core.model import Finding
from tmflow.io.config import Config

PARALLEL_MIN_FILES = 64
BATCH_MAX = 60
CACHE_NAME = "check-cache.sqlite3"
CACHE_VERSION = 2


def _stamp(job: _Job) -> list[int] | None:
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


def _settings_fingerprint(
    severities: dict[str, Any],
    glossary: tuple[Any, ...] | None,
    thresholds: dict[str, float | None],
) -> str:
    import hashlib

    from tmflow import __version__

    data = json.dumps(
        [__version__, severities, list(glossary or ()), sorted(thresholds.items()), _code_stamp()],
        sort_keys=True,
        default=str,
    )
    return hashlib.blake2b(data.encode("utf-8"), digest_size=16).hexdigest()


def _code_stamp() -> list[Any]:
    """Sizes and mtimes of the modules that produce findings: an edited check (an editable
    install, a patched release) invalidates cached findings even without a version bump."""
    import tmflow.io.po.scan
    import tmflow.steps.qa.checks

    files = [Path(__file__), Path(tmflow.io.po.scan.__file__)]
    files += sorted(Path(tmflow.steps.qa.checks.__file__).parent.glob("*.py"))
    out = []
    for path in files:
        try:
            st = path.stat()
            out.append([path.name, st.st_size, st.st_mtime_ns])
        except OSError:
            out.append([path.name])
    return out


def finding_order(f: Finding) -> tuple[str, int, str]:
    """The order of a report: by file, line, check."""
    return (f.path, f.line or 0, f.check)


class _Spool:
    """Findings in report order, in a temporary file: one line per PO file, the JSON list of
    its findings (field lists). Written as files are checked, read back as many times as a
    renderer needs; never held whole."""

    def __init__(self) -> None:
        import tempfile

        self._file = tempfile.TemporaryFile()

    def add(self, text: str) -> None:
        """One file's findings (JSON text of their field lists, on one line)."""
        # surrogates (file names that are not UTF-8) pass as they are: json.loads reads them
        self._file.write(text.encode("utf-8", "surrogatepass") + b"\n")

    def __iter__(self) -> Iterator[Finding]:
        """The findings, read a block at a time at an offset of this iteration's own (two
        iterations may run side by side)."""
        self._file.flush()
        fd = self._file.fileno()
        make = Finding._make
        loads = json.loads
        offset = 0
        rest = b""
        while True:
            block = os.pread(fd, 1 << 16, offset)
            if not block:
                break
            offset += len(block)
            *lines, rest = (rest + block).split(b"\n")
            for line in lines:
                for fields in loads(line):
                    yield make(fields)

    def close(self) -> None:
        self._file.close()


class CheckReport:
    """What the checks found, in report order (file, line, check), with counts by severity.

    A project's findings (tens of thousands on a large tree) are spooled to temporary files as
    the files are checked and read back by the renderers (``iter_findings``): memory stays
    flat however large the tree. ``findings`` gives them as a list, for small reports and
    tests; a report made from a list (``CheckReport(findings=[…])``) keeps it as it is."""

    def __init__(
        self,
        findings: Iterable[Finding] = (),
        *,
        files: int = 0,
        languages: tuple[str, ...] = (),
        notes: Iterable[str] = (),
    ) -> None:
        self.files = files
        self.languages = tuple(languages)
        self.notes = list(notes)
        self.elapsed = 0.0
        self.checked = 0  # files checked this run (the others came from the findings cache)
        self._counts: Counter[str] = Counter()
        self._runs: list[Iterable[Finding]] = []  # each in report order
        self.add_run(list(findings))

    def add_run(self, findings: list[Finding]) -> None:
        """A run of findings in report order (a report of one run keeps its order)."""
        if findings:
            self._runs.append(findings)
            self._counts.update(f.severity for f in findings)

    def _add_spool(self, spool: _Spool) -> None:
        """A spool in report order (its counts are the caller's to add)."""
        self._runs.append(spool)

    def iter_findings(self) -> Iterator[Finding]:
        if len(self._runs) == 1:
            return iter(self._runs[0])
        import heapq

        return heapq.merge(*self._runs, key=finding_order)

    @property
    def findings(self) -> list[Finding]:
        return list(self.iter_findings())

    def count(self, severity: str) -> int:
        return self._counts[severity]

    @property
    def total(self) -> int:
        return sum(self._counts.values())

    @property
    def failed(self) -> bool:
        return self.count("error") > 0

    def close(self) -> None:
        """Remove the temporary files (the report reads as empty afterwards)."""
        for run in self._runs:
            if isinstance(run, _Spool):
                run.close()
        self._runs = []
        self._counts.clear()


def resolve_severities(config: Config, language: str) -> dict[str, str]:
    """Check id → severity for ``language`` (checks turned off are absent)."""
    from tmflow.steps.qa.checks import all_checks

    out: dict[str, str] = {}
    overrides = dict(config.check.severity)
    overrides.update(config.check.languages.get(language, {}))
    for check_id, check in all_checks().items():
        severity = overrides.get(check_id, check.severity)
        if severity != "off":
            out[check_id] = severity
    return out


def _unknown_ids(config: Config) -> list[str]:
    from tmflow.steps.qa.checks import all_checks

    known = all_checks()
    names = set(config.check.severity)
    for table in config.check.languages.values():
        names.update(table)
    return sorted(n for n in names if n not in known)


# ---------------------------------------------------------------------------------------------
# per file (runs in workers)


_GLOSSARY_CACHE: dict[tuple[Any, ...], Any] = {}


def _matcher(glossary: tuple[Any, ...] | None) -> Any:
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


def _check_file(
    job: _Job, severities: dict[str, str], glossary: tuple[Any, ...] | None
) -> list[tuple[Any, ...]]:
    """The findings of one PO file, as ``Finding`` field tuples (what workers send back:
    plain tuples pickle much faster than dataclass instances)."""
    from tmflow.core.errors import CharsetError, DuplicateEntryError, InputError
    from tmflow.io.files import read_bytes
    from tmflow.steps.qa import checks as reg
    from tmflow.steps.qa.checks import completeness
    from tmflow.steps.qa.checks.glossary import GLOSSARY_IDS

    registry = reg.all_checks()
    found: list[tuple[Any, ...]] = []
    file_ignored: set[str] = set()

    def add(check_id: str, message: str, line: int | None, msgid: str | None = None) -> None:
        severity = severities.get(check_id)
        if severity is None or check_id in file_ignored:
            return
        found.append((check_id, severity, message, job.rel, line, job.language, msgid))

    path = Path(job.path)
    try:
        raw = read_bytes(path, "PO file")  # the path policy: no link out, no FIFO, bounded
    except InputError as err:
        add("po-syntax", err.message, None)
        return found
    po = None
    try:
        po = _read(raw, path)
    except DuplicateEntryError as err:
        add("duplicate-entry", err.message, err.line)
    except CharsetError as err:
        add("header-charset", err.message, err.line)
    except InputError as err:
        add("po-syntax", err.message, err.line)
    if po is not None:
        file_ignored = reg.ignored_ids(po.header)
    template = None
    if po is not None and job.template is not None and "po-outdated" in severities:
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
    if po is None:
        return found
    live = list(ctx.live())
    from tmflow.io.po.scan import LightCatalog

    if isinstance(po, LightCatalog):  # its entries know their states
        states = [entry.state for entry in po.entries]
    else:
        from tmflow.core.provenance import classify

        # a filled, non-fuzzy singular entry is translated (classify's first answer, without
        # the call: most entries of a project are)
        states = [
            "translated"
            if entry.msgstr and not entry.msgid_plural and "fuzzy" not in entry.flags
            else classify(entry).value
            for entry in live
        ]
    for hit in completeness.state_hits(ctx, states):
        add(hit.check, hit.message, hit.line, hit.msgid)
    for check in registry.values():
        if check.kind == "file" and check.func is not None and check.id in severities:
            for hit in check.func(ctx):
                add(hit.check, hit.message, hit.line, hit.msgid)

    pair_checks = [c for c in registry.values() if c.kind == "pair" and c.id in severities]
    matcher = (
        _matcher(glossary) if any(v[0] in severities for v in GLOSSARY_IDS.values()) else None
    )
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
                    issue.kind, (f"glossary-{issue.kind}", issue.severity, "")
                )
                if check_id in ignored:
                    continue
                add(check_id, issue.message, entry.linenum, entry.msgid)
    return found


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
USE_LIGHT = True  # tests turn the light reader off to compare with the full parser


def _read(raw: bytes, path: Path) -> Any:
    """The catalog: a light one (``tmflow.io.po.scan.read_light``) when the file has the usual
    layout, else the full ``load_po`` (which raises the exact errors)."""
    from tmflow.io.po.reader import load_po

    if USE_LIGHT:
        from tmflow.io.po.scan import read_light

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
            from tmflow.io.po.scan import read_keys

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


def _check_batch(
    jobs: list[_Job], severities: dict[str, dict[str, str]], glossary: tuple[Any, ...] | None
) -> list[tuple[tuple[int, int, int], str]]:
    """Per job: the counts of its findings by severity (error, warning, info) and the JSON
    text of their field lists in report order (line, check). What workers send back: one
    short string per file pickles faster than the findings, the parent writes it to its
    spool and its cache as is, and only a renderer decodes it."""
    out = []
    dumps = json.dumps
    for job in jobs:
        found = _check_file(job, severities[job.language], glossary)
        found.sort(key=_line_order)
        severities_found = [f[1] for f in found]
        out.append(
            (
                (
                    severities_found.count("error"),
                    severities_found.count("warning"),
                    severities_found.count("info"),
                ),
                dumps(found, ensure_ascii=False, separators=(",", ":")),
            )
        )
    return out


def _line_order(fields: tuple[Any, ...]) -> tuple[int, str]:
    return (fields[4] or 0, fields[0])


# ---------------------------------------------------------------------------------------------
# the step


def _glossary_key(config: Config) -> tuple[Any, ...]:
    from tmflow.steps.project import require_glossary

    require_glossary(config)  # a configured glossary that is missing is bad input
    path = config.glossary_path
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return (str(path), tuple(config.languages), config.source_language, mtime)


def check_project(
    config: Config,
    articles: Iterable[str] = (),
    languages: Iterable[str] = (),
    *,
    only: Iterable[str] = (),
    min_translated: float | None = None,
    use_cache: bool = True,
    workers: int | None = None,
) -> CheckReport:
    """Run the checks; ``only`` limits them to these ids; ``min_translated`` overrides the
    configured thresholds for every language; ``use_cache=False`` neither reads nor writes the
    findings cache (``<state_dir>/check-cache.sqlite3``: findings per PO file, keyed by the
    size and mtime of the file and of its template, valid while the settings, the glossary
    and tmflow's version are the same).

    Files are checked article by article (an article's languages share sources and a
    template); each file's findings go to the spool of its language as they come back, in
    article order, so each spool is in report order and the report merges them. Call
    ``close`` on the report when done with it (its spools are temporary files)."""
    started = time.perf_counter()
    from tmflow.steps.qa.checks import all_checks

    registry = all_checks()
    langs = tuple(languages) or tuple(config.languages)
    for lang in langs:
        if lang not in config.languages:
            raise UsageError(
                f"{lang!r} is not a target language of this project "
                f"({', '.join(config.languages)})"
            )
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

    from tmflow.io.files import list_names, presence

    names: dict[str, str] = {}  # every name listed, one string per name
    # the templates' names, then each language's
    listed = [list_names(config.templates_dir, ".pot", names)] + [
        list_names(config.locales_dir / lang, ".po", names) for lang in langs
    ]
    wanted = list(dict.fromkeys(articles))
    for name in wanted:
        if name not in names:
            raise UsageError(f"no article named {name!r} in {config.locales_dir}")
    # in the order of their PO files' paths (``a-b.po`` before ``a.po``), so that each
    # language's findings come in report order
    selected = sorted(wanted or names, key=lambda n: n + ".po")
    del names
    width = len(langs) + 1
    present = presence(listed, selected)  # a byte per article and folder
    any_template = bool(listed[0])
    del listed
    with_template = [a for i, a in enumerate(selected) if present[i * width]]
    root = str(config.root) + os.sep

    def rel(p: str) -> str:
        return p[len(root) :] if p.startswith(root) else p

    thresholds = {
        lang: min_translated
        if min_translated is not None
        else config.check.min_translated.get(lang)
        for lang in langs
    }
    template_dir = f"{config.templates_dir}{os.sep}"
    locale_dirs = [f"{config.locales_dir}{os.sep}{lang}{os.sep}" for lang in langs]

    def jobs() -> Iterator[_Job | Finding]:
        """A job per PO file, article by article; a finding where the PO file is missing."""
        for i, article in enumerate(selected):
            row = i * width
            template = f"{template_dir}{article}.pot" if present[row] else None
            for j, lang in enumerate(langs):
                if present[row + 1 + j]:
                    path = f"{locale_dirs[j]}{article}.po"
                    yield _Job(path, rel(path), lang, article, template, thresholds[lang])
                elif template is not None and "po-outdated" in severities[lang]:
                    yield Finding(
                        "po-outdated",
                        severities[lang]["po-outdated"],
                        f"no PO file for {article!r} in {lang!r} (run 'tmflow update')",
                        rel(str(config.po_path(lang, article))),
                        None,
                        lang,
                    )

    total = sum(present) - len(with_template)  # the PO files: every byte but the templates'
    report.files = total
    store = None
    if use_cache:
        from tmflow.io.cache import StampedStore

        store = StampedStore(
            config.state_dir / CACHE_NAME,
            CACHE_VERSION,
            _settings_fingerprint(severities, glossary, thresholds),
        )

    def with_cache() -> Iterator[tuple[tuple[Any, str, bool], Any]]:
        """(job, its stamp, whether it is to be checked) and its answer: the cached one when
        its files are as they were cached, else None (to be checked); a missing PO file's
        finding with its answer."""
        for job in jobs():
            if isinstance(job, Finding):
                yield (
                    (job, "", False),
                    (
                        (
                            int(job.severity == "error"),
                            int(job.severity == "warning"),
                            int(job.severity == "info"),
                        ),
                        json.dumps([list(job)], ensure_ascii=False),
                    ),
                )
                continue
            stamp = ""
            if store is not None:
                stamped = _stamp(job)
                stamp = "" if stamped is None else ":".join(map(str, stamped))
                hit = store.get(job.rel) if stamp and not store.empty else None
                if hit is not None and hit[0] == stamp:
                    counts, sep, text = hit[1].partition(";")
                    found = counts.split(",")
                    if sep and len(found) == 3 and all(c.isdigit() for c in found):
                        yield (
                            (job, "", False),
                            ((int(found[0]), int(found[1]), int(found[2])), text),
                        )
                        continue
            yield (job, stamp, True), None

    spools = {lang: _Spool() for lang in langs}
    counts: Counter[str] = Counter()
    cpus = workers if workers is not None else (os.cpu_count() or 1)
    # small batches (a fraction of a second each) keep both workers busy to the end
    size = min(BATCH_MAX, max(8, total // (max(cpus, 1) * 48)))
    from tmflow.steps.pool import ordered_map

    # template-outdated segments every source (an extract dry run): on many files it runs in
    # a worker beside the PO files' batches, else here after them
    template_args = (config, selected, with_template, any_template, severities, root)
    template_task: list[Any] = []

    def hand_over(pool: Any) -> None:
        template_task.append(pool.submit(_template_findings, *template_args))

    try:
        for (job, stamp, fresh), ((errors, warnings, infos), text) in ordered_map(
            _check_unit_batch,
            with_cache(),
            workers=cpus,
            batch_size=size,
            min_parallel=PARALLEL_MIN_FILES,
            extra=(severities, glossary),
            on_pool=hand_over if any_template else None,
        ):
            if fresh:
                report.checked += 1
                if stamp and store is not None:
                    store.put(job.rel, stamp, f"{errors},{warnings},{infos};{text}")
            if errors or warnings or infos:
                counts["error"] += errors
                counts["warning"] += warnings
                counts["info"] += infos
                spools[job.language].add(text)
    except BaseException:
        for spool in spools.values():
            spool.close()
        if store is not None:
            store.close(commit=False)
        raise
    if store is not None:
        store.close()
    for lang in sorted(langs, key=lambda code: code + "/"):  # in path order
        report._add_spool(spools[lang])
    report._counts.update(counts)
    found = template_task[0].result() if template_task else _template_findings(*template_args)
    report.add_run(sorted(found, key=finding_order))
    report.elapsed = time.perf_counter() - started
    return report


def _check_unit_batch(
    units: list[tuple[_Job, str, bool]],
    severities: dict[str, dict[str, str]],
    glossary: tuple[Any, ...] | None,
) -> list[tuple[tuple[int, int, int], str]]:
    return _check_batch([unit[0] for unit in units], severities, glossary)


def _template_findings(
    config: Config,
    articles: list[str],
    with_template: list[str],
    any_template: bool,
    severities: dict[str, dict[str, str]],
    root: str,
) -> list[Finding]:
    """``template-outdated``: the POT differs from what extract would write now.
    ``with_template``: the articles that have one; ``any_template``: whether the project has
    any (none: nothing was extracted yet, and there is nothing to compare with); ``root``:
    the project folder and a separator, cut from the paths. Picklable: a worker may run it."""

    def rel(p: str) -> str:
        return p[len(root) :] if p.startswith(root) else p

    severity = next(
        (t["template-outdated"] for t in severities.values() if "template-outdated" in t), None
    )
    if severity is None or not any_template:
        return []
    from tmflow.steps.extract import extract_project
    from tmflow.steps.project import find_articles

    try:
        sources = {a.name for a in find_articles(config)}
        names = [a for a in articles if a in sources]
        result = extract_project(config, names, dry_run=True, remember=True) if names else None
    except TmflowError as err:
        # a source that cannot be read cannot be published either: an error, not a note
        where = rel(str(err.path)) if err.path is not None else rel(str(config.sources_dir))
        return [
            Finding(
                "template-outdated",
                "error",
                f"cannot tell whether the template is up to date: {err.message}",
                where,
                err.line,
            )
        ]
    out: list[Finding] = []
    for article in with_template:
        if article not in sources:
            out.append(
                Finding(
                    "template-outdated",
                    severity,
                    "template without a source article (remove it or restore the source)",
                    rel(str(config.pot_path(article))),
                    None,
                )
            )
    for item in result.templates if result is not None else []:
        if item.status != "unchanged":
            pot = str(config.pot_path(item.article))
            out.append(
                Finding(
                    "template-outdated",
                    severity,
                    "template missing or out of date with its source (run 'tmflow extract')",
                    rel(pot),
                    None,
                )
            )
    return out
