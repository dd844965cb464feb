"""``status --since REF``: what a pull request did to the progress, per article and language.

A thin layer over ``status_project``: the catalogs in scope come from git
(``tmflow.steps.scope``: changed PO files, and every language of an article whose template or
source changed); their counts now come from ``status_project`` on the work tree, and their counts
then from ``status_project`` on a temporary tree holding the same files as they were at the
commit where the branch left REF (read with ``git cat-file``). A catalog whose counts did not
change is left out (a file only reformatted, say).

Formats: ``text`` (one line per catalog), ``markdown`` (a table for a pull-request comment) and
``json``, schema ``version`` 1 (keys only ever added)::

    {"version": 1, "generator": "tmflow X.Y.Z", "since": "origin/main", "base": "<commit>",
     "catalogs": [{"article": str, "language": str, "path": str,
                   "status": "changed" | "added" | "removed" | "error",
                   "error": null | str (the catalog cannot be read now: "path:line: message"),
                   "before": null | {"segments": COUNTS, "words": COUNTS},
                   "after": null | {"segments": COUNTS, "words": COUNTS},
                   "delta": {"segments": DELTA, "words": DELTA}}],
     "total": {"segments": DELTA, "words": DELTA}}

with COUNTS as in ``status --format json`` and DELTA =
``{"translated", "fuzzy", "untranslated", "obsolete", "total": int}`` (after − before).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from tmflow import __version__
from tmflow.io import git
from tmflow.io.config import Config
from tmflow.io.files import is_file
from tmflow.steps.report.render import counts_json
from tmflow.steps.report.status import CatalogStatus, Counts, status_project
from tmflow.steps.scope import ChangedScope, changed_scope
from tmflow.steps.writers import as_text

SCHEMA_VERSION = 1
FORMATS = ("text", "json", "markdown")
FIELDS = ("translated", "fuzzy", "untranslated", "obsolete", "total")
MINUS = "\u2212"  # a real minus sign: "−3 untranslated"


@dataclass
class CatalogDelta:
    """One article in one language, before (at the base) and after (the work tree)."""

    article: str
    language: str
    path: str  # relative to the project
    before: tuple[Counts, Counts] | None  # (segments, words); None: no catalog then
    after: tuple[Counts, Counts] | None
    error: str | None = None  # the catalog cannot be read now ("file:line: message")

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"

    def delta(self, which: int) -> dict[str, int]:
        """after − before of each field (``which``: 0 segments, 1 words)."""
        zero = Counts()
        old = self.before[which] if self.before else zero
        new = self.after[which] if self.after else zero
        return {name: getattr(new, name) - getattr(old, name) for name in FIELDS}


@dataclass
class StatusDelta:
    since: str
    base: str
    catalogs: list[CatalogDelta] = field(default_factory=list)

    def total(self, which: int) -> dict[str, int]:
        out = dict.fromkeys(FIELDS, 0)
        for cat in self.catalogs:
            for name, value in cat.delta(which).items():
                out[name] += value
        return out


def _pair(cell: CatalogStatus | None) -> tuple[Counts, Counts] | None:
    if cell is None or cell.error is not None:
        return None
    return (cell.segments, cell.words)


def status_delta(
    config: Config,
    since: str,
    articles: Iterable[str] = (),
    languages: Iterable[str] = (),
    *,
    scope: ChangedScope | None = None,
) -> StatusDelta:
    """The progress of the catalogs changed since the revision ``since`` (within ``articles``
    and ``languages`` when given)."""
    scope = scope if scope is not None else changed_scope(config, since)
    wanted_articles = set(articles)
    wanted_languages = tuple(languages) or tuple(config.languages)
    pairs = [
        (a, lang)
        for a, lang in scope.pairs()
        if lang in wanted_languages and (not wanted_articles or a in wanted_articles)
    ]
    result = StatusDelta(since, scope.base)
    if not pairs:
        return result
    names = sorted({a for a, _ in pairs})
    langs = tuple(lang for lang in wanted_languages if any(lang == p[1] for p in pairs))
    root = config.root

    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    now_present = [a for a in names if _present(config, a, langs)]
    after = status_project(config, now_present, langs, titles=False) if now_present else None
    with tempfile.TemporaryDirectory(prefix="tmflow-since-") as tmp:
        old_root = Path(tmp)
        old = replace(
            config,
            root=old_root,
            locales_dir=old_root / config.locales_dir.relative_to(root),
            sources_dir=old_root / config.sources_dir.relative_to(root),
            glossary_path=old_root / config.glossary_path.relative_to(root),
            build_dir=old_root / config.build_dir.relative_to(root),
        )
        wanted = [rel(config.pot_path(a)) for a in names]
        wanted += [rel(config.po_path(lang, a)) for a, lang in pairs]
        written = set(git.write_tree(root, scope.base, wanted, old_root))
        then_present = [
            a
            for a in names
            if rel(config.pot_path(a)) in written
            or any(rel(config.po_path(lang, a)) in written for lang in langs)
        ]
        before = (
            status_project(old, then_present, langs, use_cache=False, titles=False, workers=1)
            if then_present
            else None
        )
    for article, lang in pairs:
        was = _pair(before.cell(article, lang)) if before is not None else None
        cell = after.cell(article, lang) if after is not None else None
        now = _pair(cell)
        path = rel(config.po_path(lang, article))
        if cell is not None and cell.error is not None:
            message, line = cell.error
            error = f"{path}:{line or 1}: {message}"
            result.catalogs.append(CatalogDelta(article, lang, path, was, None, error))
            continue
        if was is None and now is None:
            continue
        if was is not None and now is not None and was == now:
            continue  # the file changed, its progress did not
        result.catalogs.append(CatalogDelta(article, lang, path, was, now))
    return result


def _present(config: Config, article: str, languages: tuple[str, ...]) -> bool:
    if is_file(config.pot_path(article)):
        return True
    return any(is_file(config.po_path(lang, article)) for lang in languages)


# ---------------------------------------------------------------------------------------------
# formats


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else (f"{MINUS}{-n}" if n < 0 else "0")


def _phrase(delta: dict[str, int]) -> str:
    """``+12 translated, −3 untranslated`` (fields that did not move left out)."""
    parts = []
    for name, label in (
        ("translated", "translated"),
        ("fuzzy", "drafts"),
        ("untranslated", "untranslated"),
    ):
        if delta[name]:
            parts.append(f"{_signed(delta[name])} {label}")
    return ", ".join(parts) or "no change in translated, drafts or untranslated"


def _pct(pair: tuple[Counts, Counts] | None) -> str:
    return "–" if pair is None else f"{pair[0].percent:.1f}%"


def summary_line(report: StatusDelta) -> str:
    if not report.catalogs:
        return f"no change in translation progress since {report.since}"
    seg = report.total(0)
    words = report.total(1)
    return (
        f"since {report.since}: {_phrase(seg)} (segments), {_signed(words['translated'])} "
        f"translated words, in {len(report.catalogs)} catalog(s)"
    )


def write_text(report: StatusDelta, out: TextIO) -> None:
    width = max((len(c.article) for c in report.catalogs), default=0)
    for cat in report.catalogs:
        out.write(
            f"{cat.language:<6} {cat.article:<{width}}  {_phrase(cat.delta(0))}  "
            f"({_pct(cat.before)} → {_pct(cat.after)}){_status_note(cat)}\n"
        )


def _status_note(cat: CatalogDelta) -> str:
    if cat.error is not None:
        return f"; cannot be read now: {cat.error}"
    return {"added": ", new catalog", "removed": ", removed"}.get(cat.status, "")


def _md(text: str) -> str:
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|#":
        out = out.replace(ch, "\\" + ch)
    return out


def _md_cell(delta: int, now: int | None) -> str:
    shown = f"**{_signed(delta)}**" if delta else "0"
    return f"{shown} ({now})" if now is not None else shown


def write_markdown(report: StatusDelta, out: TextIO) -> None:
    """A table for a pull-request comment."""
    out.write(f"### Translation progress since `{_md(report.since)}` ({report.base[:10]})\n\n")
    if not report.catalogs:
        out.write("No change in translation progress.\n")
        return
    out.write(
        "| article | language | translated | drafts | untranslated | progress |\n"
        "| --- | --- | ---: | ---: | ---: | --- |\n"
    )
    for cat in report.catalogs:
        d = cat.delta(0)
        now = cat.after[0] if cat.after else None
        out.write(
            f"| {_md(cat.article)} | {_md(cat.language)} | "
            f"{_md_cell(d['translated'], now.translated if now else None)} | "
            f"{_md_cell(d['fuzzy'], now.fuzzy if now else None)} | "
            f"{_md_cell(d['untranslated'], now.untranslated if now else None)} | "
            f"{_pct(cat.before)} → {_pct(cat.after)}{_status_note(cat)} |\n"
        )
    seg, words = report.total(0), report.total(1)
    out.write(
        f"\n**Total:** {_phrase(seg)} (segments); {_signed(words['translated'])} translated "
        f"words, {_signed(words['untranslated'])} untranslated words.\n"
    )


def to_json(report: StatusDelta) -> dict[str, Any]:
    def counts(pair: tuple[Counts, Counts] | None) -> dict[str, Any] | None:
        if pair is None:
            return None
        return {"segments": counts_json(pair[0]), "words": counts_json(pair[1])}

    return {
        "version": SCHEMA_VERSION,
        "generator": f"tmflow {__version__}",
        "since": report.since,
        "base": report.base,
        "catalogs": [
            {
                "article": cat.article,
                "language": cat.language,
                "path": cat.path,
                "status": cat.status,
                "error": cat.error,
                "before": counts(cat.before),
                "after": counts(cat.after),
                "delta": {"segments": cat.delta(0), "words": cat.delta(1)},
            }
            for cat in report.catalogs
        ],
        "total": {"segments": report.total(0), "words": report.total(1)},
    }


def write_json(report: StatusDelta, out: TextIO) -> None:
    json.dump(to_json(report), out, ensure_ascii=False, indent=2)
    out.write("\n")


WRITERS: dict[str, Callable[..., None]] = {
    "text": write_text,
    "json": write_json,
    "markdown": write_markdown,
}
render_text = as_text(write_text)
render_json = as_text(write_json)
render_markdown = as_text(write_markdown)
