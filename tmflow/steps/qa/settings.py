"""The settings of a check run, resolved and validated before any PO file is read.

Which checks run, at which severity, per language, comes from ``[tool.tmflow.check]``:
``severity = {id = "warning" | "off" …}`` for all languages, ``languages.<lang> = {id = …}`` on
top, ``min-translated.<lang> = PCT``; the command line narrows it (``--only``, ``-l``) and may
set one threshold for every language (``--min-translated``). A language or check id the project
does not have is bad input (``UsageError``), as is a glossary that cannot be read; an unknown id
in the configuration is only a note in the report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tmflow.core.errors import UsageError
from tmflow.io.config import Config

GlossaryKey = tuple[str, tuple[str, ...], str, int]  # path, languages, source language, mtime


@dataclass(frozen=True)
class CheckSettings:
    """What a check run does: everything its findings depend on besides the files."""

    languages: tuple[str, ...]
    severities: dict[str, dict[str, str]]  # language → check id → severity (off: absent)
    thresholds: dict[str, float | None]  # language → required % translated
    glossary: GlossaryKey | None  # None when no glossary check runs
    notes: tuple[str, ...] = ()  # what the report says about the settings
    # what the pair checks read of the project: source language, markup, formats
    options: tuple[tuple[str, Any], ...] = ()

    def severity(self, check_id: str) -> str | None:
        """The severity of a project-wide check: its severity in the first language that
        runs it; None when no language does."""
        return next((t[check_id] for t in self.severities.values() if check_id in t), None)

    def fingerprint(self) -> str:
        """A digest of the settings, of tmflow's version and of the code that makes findings:
        a cached finding holds while it is the same."""
        import hashlib

        from tmflow import __version__

        data = json.dumps(
            [
                __version__,
                self.severities,
                list(self.glossary or ()),
                sorted(self.thresholds.items()),
                list(self.options),
                code_stamp(),
            ],
            sort_keys=True,
            default=str,
        )
        return hashlib.blake2b(data.encode("utf-8"), digest_size=16).hexdigest()


def code_stamp() -> list[list[Any]]:
    """Names, sizes and mtimes of the modules that make findings (the check step, the checks,
    the PO readers, the state rule, the glossary matcher): an edited check (an editable install, a patched
    release) invalidates cached findings even without a version bump."""
    import tmflow.core.provenance
    import tmflow.io.po
    import tmflow.steps.qa
    import tmflow.steps.qa.checks
    import tmflow.steps.terms
    from tmflow.io.files import list_names, stamp

    out: list[list[Any]] = []
    for package in (tmflow.steps.qa, tmflow.steps.qa.checks, tmflow.io.po):
        folder = Path(package.__file__ or "").parent
        for name in sorted(list_names(folder, ".py")):
            out.append(_module_stamp(folder / f"{name}.py", stamp))
    out.append(_module_stamp(Path(tmflow.steps.terms.__file__), stamp))
    out.append(_module_stamp(Path(tmflow.core.provenance.__file__), stamp))
    return out


def _module_stamp(path: Path, stamp: Any) -> list[Any]:
    found = stamp(path)
    return [path.name] if found is None else [path.name, found.size, found.mtime_ns]


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


def unknown_ids(config: Config) -> list[str]:
    """The check ids the configuration names that no check has."""
    from tmflow.steps.qa.checks import all_checks

    known = all_checks()
    names = set(config.check.severity)
    for table in config.check.languages.values():
        names.update(table)
    return sorted(n for n in names if n not in known)


def glossary_key(config: Config) -> GlossaryKey:
    """What identifies the glossary as it is now (its mtime included: an edited glossary is
    another). A configured glossary that is missing is bad input."""
    from tmflow.io.files import stamp
    from tmflow.steps.project import require_glossary

    require_glossary(config)
    path = config.glossary_path
    found = stamp(path)
    mtime = 0 if found is None else found.mtime_ns
    return (str(path), tuple(config.languages), config.source_language, mtime)


def resolve_settings(
    config: Config,
    languages: Iterable[str] = (),
    *,
    only: Iterable[str] = (),
    min_translated: float | None = None,
) -> CheckSettings:
    """The settings of a run on ``languages`` (all the project's when none), limited to the
    checks ``only`` names (all when none), with ``min_translated`` in place of the configured
    thresholds when given. Raises UsageError for a language or check id the project does not
    have, and the glossary's own error when a glossary check runs and it cannot be read."""
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
    notes = tuple(
        f"unknown check id {name!r} in [tool.tmflow.check] ignored" for name in unknown_ids(config)
    )
    severities: dict[str, dict[str, str]] = {}
    for lang in langs:
        table = resolve_severities(config, lang)
        if only_ids:
            table = {k: v for k, v in table.items() if k in only_ids}
        severities[lang] = table
    glossary = None
    if any(k.startswith("glossary-") for t in severities.values() for k in t):
        from tmflow.steps.qa.filecheck import matcher

        glossary = glossary_key(config)
        matcher(glossary)  # a glossary error is bad input: raise it here, once
    thresholds = {
        lang: min_translated
        if min_translated is not None
        else config.check.min_translated.get(lang)
        for lang in langs
    }
    options = (
        ("source-language", config.source_language),
        ("markup", config.check.markup),
        ("formats", config.check.formats),
    )
    return CheckSettings(langs, severities, thresholds, glossary, notes, options)
