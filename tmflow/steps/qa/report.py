"""A check report: what the checks found, in report order (file, line, check), with counts by
severity, and what the renderers (``tmflow.steps.qa.render``) need to say about the run.

A project's findings (tens of thousands on a large tree) are not held in memory: each PO file's
findings are written, as the file is checked, to a spool of its language
(``tmflow.io.spool.Spool``), and ``iter_findings`` merges the spools and the findings given as
lists back into report order, as many times as a renderer asks.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterable, Iterator

from tmflow.core.model import Finding
from tmflow.io.cache import FileFindings
from tmflow.io.spool import Spool

SEVERITIES = ("error", "warning", "info")


def finding_order(f: Finding) -> tuple[str, int, str]:
    """The order of a report: by file, line, check."""
    return (f.path, f.line or 0, f.check)


class CheckReport:
    """What the checks found. Public interface:

    * ``files`` (PO files checked or taken from the cache), ``checked`` (those checked this
      run), ``languages``, ``languages_without_files`` (selected languages that have no PO
      file at all), ``notes`` (about the settings and the run), ``elapsed`` (seconds);
    * ``iter_findings()`` (report order, read back as often as needed), ``findings`` (the same
      as a list, for small reports and tests), ``count(severity)``, ``total``, ``failed``;
    * ``add_run(findings)`` and ``add_file(language, found)`` to fill it, ``close()`` to
      remove its temporary files.

    A report made from a list (``CheckReport(findings=[…])``) keeps the list's order."""

    def __init__(
        self,
        findings: Iterable[Finding] = (),
        *,
        files: int = 0,
        languages: tuple[str, ...] = (),
        notes: Iterable[str] = (),
        languages_without_files: tuple[str, ...] = (),
    ) -> None:
        self.files = files
        self.languages = tuple(languages)
        self.languages_without_files = tuple(languages_without_files)
        self.notes = list(notes)
        self.elapsed = 0.0
        self.checked = 0  # files checked this run (the others came from the findings cache)
        self._counts: Counter[str] = Counter()
        self._lists: list[list[Finding]] = []  # each in report order
        self._spools: dict[str, Spool] = {}  # language → its files' findings, in path order
        self.add_run(list(findings))

    def add_run(self, findings: list[Finding]) -> None:
        """A run of findings in report order (a report of one run keeps its order)."""
        if findings:
            self._lists.append(findings)
            self._counts.update(f.severity for f in findings)

    def add_file(self, language: str, found: FileFindings) -> None:
        """One PO file's findings (in report order). The files of a language are added in
        the order of their paths."""
        if not (found.errors or found.warnings or found.infos):
            return
        self._counts["error"] += found.errors
        self._counts["warning"] += found.warnings
        self._counts["info"] += found.infos
        spool = self._spools.get(language)
        if spool is None:
            spool = self._spools[language] = Spool()
        spool.add(found.findings)

    def iter_findings(self) -> Iterator[Finding]:
        runs: list[Iterable[Finding]] = list(self._lists)
        for language in sorted(self._spools, key=lambda code: code + "/"):  # in path order
            runs.append(_spooled(self._spools[language]))
        if len(runs) == 1:
            return iter(runs[0])
        return heapq.merge(*runs, key=finding_order)

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
        for spool in self._spools.values():
            spool.close()
        self._spools = {}
        self._lists = []
        self._counts.clear()


def _spooled(spool: Spool) -> Iterator[Finding]:
    """The findings of a spool (a line per file: the JSON list of its findings' fields)."""
    make = Finding._make
    loads = json.loads
    for line in spool:
        for fields in loads(line):
            yield make(fields)
