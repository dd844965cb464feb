"""Build the finished language versions of every article (``tmflow build``).

Each segment's span in the source is replaced by its reviewed translation; everything between
spans (Markdown markup, blank lines, line structure, code blocks, front matter keys) is kept
byte for byte. With every msgstr equal to its msgid the output equals the source.

Policy:

* only translated entries are used; fuzzy text (MT or memory drafts, changed sources) is never
  published;
* below ``min_translated`` percent (default 100) a language version is not written; an output
  that exists from an earlier build is kept and reported *stale*;
* ``fallback="source"`` publishes anyway, with the source text in the gaps, and says how many;
* with ``require_check`` (``[tool.tmflow.build] require-check = true`` or ``--require-check``)
  a language version whose PO file has an error finding of ``tmflow check`` is not written
  either (a threshold, a broken placeholder, a forbidden term…); the build table and the
  manifest say which checks (``check_errors`` in the manifest);
* Markdown: each translation must keep the inline markup of its segment (emphasis, strong,
  links and their targets, images, inline code), start no new block and split no table cell
  (``tmflow.steps.qa.checks.structure``, the rules ``check`` applies entry by entry); a
  translation that starts with what CommonMark reads as a block marker ("26. Februar") is
  escaped ("26\\. Februar"). The output must still parse to the block structure of the
  source; otherwise the article is not published in that language and the PO entry is named;
* sentences of one paragraph are joined the way the target language joins them
  (``Language.sentence_joiner``: a space for most languages, nothing for Chinese or Japanese).

A manifest (``<build>/manifest.json``, deterministic: no timestamps) lists per language what
was written, skipped or stale and why. ``check=True`` writes nothing and reports outputs that are
missing or out of date.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tmflow.core.errors import InputError, NotFoundError, UsageError
from tmflow.core.languages import get_language
from tmflow.core.model import BlockKind, EntryState, Segment
from tmflow.core.provenance import classify
from tmflow.io.config import Config
from tmflow.io.files import exists, is_file, read_if_exists, write_atomic
from tmflow.io.po.reader import load_po
from tmflow.steps.project import Article, find_articles, select_languages
from tmflow.steps.project import lock as project_lock

MANIFEST_VERSION = 1


@dataclass
class Problem:
    """Why a translation cannot be published: names the PO entry."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.message}"
            if self.line
            else f"{self.path}: {self.message}"
        )


@dataclass
class ArticleBuild:
    article: str
    language: str
    status: str  # written | unchanged | fallback | skipped | stale | would-write | missing-po
    output: Path
    translated: int = 0
    total: int = 0
    reason: str = ""
    problems: list[Problem] = field(default_factory=list)
    check_errors: int = 0  # error findings of 'check' in its PO file (with require_check)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def published(self) -> bool:
        return self.status in ("written", "unchanged", "fallback")


@dataclass
class BuildResult:
    items: list[ArticleBuild] = field(default_factory=list)
    manifest: Path | None = None
    out_of_date: list[ArticleBuild] = field(default_factory=list)  # with check=True
    # outputs of an earlier build whose source article is gone: still published, never
    # deleted by tmflow (a person decides), reported by every build until removed
    orphans: list[Path] = field(default_factory=list)

    def by_status(self, *statuses: str) -> list[ArticleBuild]:
        return [i for i in self.items if i.status in statuses]


# ---------------------------------------------------------------------------------------------


def translations_from(
    po_path: Path,
) -> tuple[dict[tuple[str | None, str], str], dict[tuple[str | None, str], int]]:
    """Reviewed translations of a PO file, and the line of every live entry."""
    po = load_po(po_path)
    reviewed: dict[tuple[str | None, str], str] = {}
    lines: dict[tuple[str | None, str], int] = {}
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        lines[key] = entry.linenum or 0
        if classify(entry) is EntryState.TRANSLATED:
            reviewed[key] = entry.msgstr
    return reviewed, lines


def render(
    text: str,
    segments: list[Segment],
    translations: dict[tuple[str | None, str], str],
    *,
    joiner: str = " ",
    fallback: bool = True,
    markdown: bool = False,
    positions: list[int] | None = None,
) -> tuple[str, list[Segment]]:
    """Replace each segment's span by its translation; return the text and untranslated
    segments (left in the source language when ``fallback``). ``markdown``: escape what
    CommonMark would read as a block marker at a line start of a translation (see
    ``structure.escape_block_starts``); ``positions`` receives where each segment starts in
    the output."""
    from tmflow.steps.qa.checks.structure import escape_block_starts

    out: list[str] = []
    size = 0
    missing: list[Segment] = []
    pos = 0
    previous: Segment | None = None
    for seg in segments:
        between = text[pos : seg.start]
        if (
            previous is not None
            and previous.block == seg.block
            and joiner != " "
            and between
            and between.strip(" \t") == ""
        ):
            between = joiner
        out.append(between)
        size += len(between)
        if positions is not None:
            positions.append(size)
        translated = translations.get((seg.context, seg.text))
        if translated is None:
            missing.append(seg)
            translated = text[seg.start : seg.end] if fallback else ""
        elif translated == seg.text:
            translated = text[seg.start : seg.end]  # identical: keep the source bytes
        elif seg.kind is BlockKind.FRONT_MATTER:
            translated = yaml_scalar(translated, text[seg.start - 1 : seg.start])
        elif markdown:
            translated = escape_block_starts(seg.text, translated)
        out.append(translated)
        size += len(translated)
        pos = seg.end
        previous = seg
    out.append(text[pos:])
    return "".join(out), missing


_YAML_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: |\s#|:$|\s$")


def yaml_scalar(value: str, quote: str) -> str:
    """A translated front-matter value that keeps the YAML valid.

    Inside the source's quotes the value is escaped for them; an unquoted value that a YAML
    reader would misread (``key: a: b``, a leading ``-`` or ``#``…) becomes double-quoted.
    """
    if quote == '"':
        return value.replace("\\", "\\\\").replace('"', '\\"')
    if quote == "'":
        return value.replace("'", "''")
    if _YAML_PLAIN_UNSAFE.search(value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def markdown_problems(
    source: str,
    output: str,
    segments: list[Segment],
    translations: dict[tuple[str | None, str], str],
    lines: dict[tuple[str | None, str], int],
    po_path: Path,
    positions: list[int] | None = None,
) -> list[Problem]:
    """Translations that would break the Markdown structure of the article: each entry that
    ``structure.translation_problem`` refuses, else (a last net) the entry at the first block
    where the output's structure departs from the source's. ``positions``: where each segment
    starts in ``output`` (from ``render``)."""
    from tmflow.steps.qa.checks.structure import block_signature, parser, translation_problem

    problems: list[Problem] = []
    seen: set[tuple[str | None, str]] = set()
    for seg in segments:
        key = (seg.context, seg.text)
        if key in seen or key not in translations:
            continue
        seen.add(key)
        if seg.kind is BlockKind.FRONT_MATTER:
            continue
        why = translation_problem(
            seg.text, translations[key], table_cell=seg.kind is BlockKind.TABLE_CELL
        )
        if why is not None:
            problems.append(Problem(po_path, lines.get(key), f"{why} in {seg.text[:50]!r}"))
    if problems or block_signature(source) == block_signature(output):
        return problems
    line: int | None = None
    want = [t for t in parser().parse(source) if t.type != "inline"]
    got = [t for t in parser().parse(output) if t.type != "inline"]
    at = next(
        (i for i, (a, b) in enumerate(zip(want, got)) if (a.type, a.level) != (b.type, b.level)),
        min(len(want), len(got)),
    )
    token = got[at] if at < len(got) else (got[-1] if got else None)
    if token is not None and token.map and positions is not None:
        first_line = token.map[0]
        chosen = None
        for seg, pos in zip(segments, positions):
            if output.count("\n", 0, pos) <= first_line:
                chosen = seg
            else:
                break
        if chosen is not None:
            line = lines.get((chosen.context, chosen.text))
    problems.append(
        Problem(
            po_path,
            line,
            "translated article does not parse to the block structure of its source",
        )
    )
    return problems


def _output_path(out_dir: Path, language: str, article: Article) -> Path:
    path = (out_dir / language / f"{article.name}{article.path.suffix}").resolve()
    if out_dir.resolve() not in path.parents:
        raise UsageError(f"output path {path} would leave the build folder {out_dir}")
    return path


def build_project(
    config: Config,
    articles: Iterable[str] = (),
    languages: Iterable[str] = (),
    *,
    out_dir: Path | None = None,
    min_translated: float | None = None,
    fallback: str | None = None,
    check: bool = False,
    require_check: bool | None = None,
) -> BuildResult:
    """Build (or with ``check``, verify) the language versions of the project's articles.

    ``require_check`` (None: ``[tool.tmflow.build] require-check``): a language version whose
    PO file has an error finding of ``tmflow check`` is held back, the reason naming the
    checks."""
    from tmflow.io.sources import encode_source
    from tmflow.steps.segment.segmenter import segment_article

    out_dir = Path(out_dir) if out_dir is not None else config.build_dir
    threshold = config.build.min_translated if min_translated is None else min_translated
    policy = config.build.fallback if fallback is None else fallback
    langs = select_languages(config, languages)
    chosen = find_articles(config, articles)
    result = BuildResult(manifest=out_dir / "manifest.json")
    pending: list[tuple[Path, bytes]] = []
    parsed = {a.name: segment_article(a, config) for a in chosen}
    gate = config.build.require_check if require_check is None else require_check
    failing = _check_errors(config, [a.name for a in chosen], langs) if gate else {}
    for lang in langs:
        language = get_language(lang)
        joiner = language.sentence_joiner if language else " "
        for article in chosen:
            doc, segments = parsed[article.name]
            output = _output_path(out_dir, lang, article)
            po_path = config.po_path(lang, article.name)
            item = ArticleBuild(article.name, lang, "skipped", output)
            result.items.append(item)
            unique = {(s.context, s.text) for s in segments}
            item.total = len(unique)
            try:
                reviewed, lines = translations_from(po_path)
            except NotFoundError:
                reviewed, lines = {}, {}
                item.reason = f"no PO file {po_path.relative_to(config.root)}"
            item.translated = sum(1 for key in unique if key in reviewed)
            is_markdown = doc.path.suffix.lower() in (".md", ".markdown")
            positions: list[int] = []
            text, missing = render(
                doc.text,
                segments,
                reviewed,
                joiner=joiner,
                fallback=True,
                markdown=is_markdown,
                positions=positions,
            )
            if is_markdown:
                item.problems = markdown_problems(
                    doc.text, text, segments, reviewed, lines, po_path, positions
                )
            errors = failing.get((lang, article.name))
            if errors:
                item.check_errors = sum(errors.values())
                rel = po_path.relative_to(config.root).as_posix()
                item.reason = (
                    f"check: {_count(item.check_errors, 'error')} in {rel} "
                    f"({', '.join(sorted(errors))}); require-check holds it back"
                )
            elif item.problems:
                item.reason = f"{len(item.problems)} translation(s) break the Markdown structure"
            elif missing and item.percent < threshold and policy != "source":
                item.reason = item.reason or (
                    f"{item.percent:.0f}% translated, below the {threshold:g}% threshold "
                    f"({_count(len({(s.context, s.text) for s in missing}), 'segment')} left)"
                )
            else:
                data = encode_source(doc, text)
                if missing:
                    item.status = "fallback"
                    item.reason = (
                        f"{len({(s.context, s.text) for s in missing})} segments "
                        "published in the source language"
                    )
                else:
                    item.status = "written"
                current = read_if_exists(output, "published file")
                if current == data and item.status == "written":
                    item.status = "unchanged"
                if current != data:
                    pending.append((output, data))
                    if check:
                        result.out_of_date.append(item)
                continue
            if exists(output):
                item.status = "stale"
                item.reason += "; the earlier output is kept"
                if check:
                    result.out_of_date.append(item)
    orphaned = _orphaned(out_dir, config, langs)
    result.orphans = sorted(
        out_dir / entry["output"] for per in orphaned.values() for entry in per.values()
    )
    manifest = _manifest(result, config, out_dir, orphaned)
    if check:
        return result
    with project_lock(config):
        for path, data in pending:
            write_atomic(path, data)
        write_atomic(out_dir / "manifest.json", manifest)
    return result


def _check_errors(
    config: Config, articles: list[str], languages: list[str]
) -> dict[tuple[str, str], Counter[str]]:
    """The error findings of ``tmflow check`` per (language, article) PO file, by check id.

    Through the check step's public entry point, with its findings cache: a second build
    costs what a second check costs."""
    from tmflow.steps.qa.check import check_project

    by_path = {
        config.po_path(lang, name).relative_to(config.root).as_posix(): (lang, name)
        for lang in languages
        for name in articles
    }
    out: dict[tuple[str, str], Counter[str]] = {}
    report = check_project(config, [], languages)
    try:
        for finding in report.iter_findings():
            if finding.severity != "error":
                continue
            key = by_path.get(finding.path.replace(os.sep, "/"))
            if key is not None:
                out.setdefault(key, Counter())[finding.check] += 1
    finally:
        report.close()
    return out


def _previous_manifest(out_dir: Path, config: Config, articles: set[str]) -> dict[str, Any]:
    """Entries of the manifest on disk for languages and articles that still exist (a build
    of some articles or languages keeps the others' entries)."""
    try:
        data = _read_manifest(out_dir)
        languages = data["languages"]
        return {
            lang: {name: entry for name, entry in per.items() if name in articles}
            for lang, per in languages.items()
            if lang in config.languages
        }
    except (InputError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _read_manifest(out_dir: Path) -> Any:
    """The manifest on disk, parsed (a ValueError when it is not JSON, an InputError when it
    cannot be read)."""
    raw = read_if_exists(out_dir / "manifest.json", "manifest")
    if raw is None:
        raise ValueError("no manifest")
    return json.loads(raw)


def _relative(text: str, root: Path) -> str:
    """A problem's text with the project folder cut from its file name: a manifest is the
    same on every machine."""
    prefix = str(root).rstrip(os.sep) + os.sep
    return text[len(prefix) :] if text.startswith(prefix) else text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _orphaned(
    out_dir: Path, config: Config, langs: Iterable[str]
) -> dict[str, dict[str, dict[str, Any]]]:
    """Manifest entries (of ``langs``) whose article is gone but whose output is still on disk."""
    from tmflow.steps.project import find_articles

    try:
        data = _read_manifest(out_dir)
        languages = data["languages"]
        existing = {a.name for a in find_articles(config)}
        found: dict[str, dict[str, dict[str, Any]]] = {}
        for lang in langs:
            for name, entry in (languages.get(lang) or {}).items():
                output = entry.get("output") if isinstance(entry, dict) else None
                if name in existing or not isinstance(output, str):
                    continue
                path = out_dir / output
                if out_dir.resolve() in path.resolve().parents and is_file(path):
                    found.setdefault(lang, {})[name] = {
                        "status": "orphaned",
                        "output": output,
                        "reason": "the source article is gone; delete the output to unpublish it",
                    }
        return found
    except (InputError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _manifest(
    result: BuildResult,
    config: Config,
    out_dir: Path,
    orphaned: dict[str, dict[str, dict[str, Any]]] | None = None,
) -> str:
    from tmflow.steps.project import find_articles

    languages: dict[str, dict[str, dict[str, object]]] = _previous_manifest(
        out_dir, config, {a.name for a in find_articles(config)}
    )
    for lang, per in (orphaned or {}).items():
        languages.setdefault(lang, {}).update(per)
    for item in result.items:
        entry: dict[str, object] = {
            "status": "unchanged" if item.status == "unchanged" else item.status,
            "translated": round(item.percent, 1),
            "segments": item.total,
        }
        if item.published or item.status == "stale":
            entry["output"] = (
                str(item.output.relative_to(out_dir.resolve()))
                if out_dir.resolve() in item.output.parents
                else str(item.output)
            )
        if item.reason:
            entry["reason"] = item.reason
        if item.problems:
            entry["problems"] = [_relative(str(p), config.root) for p in item.problems]
        if item.check_errors:
            entry["check_errors"] = item.check_errors
        languages.setdefault(item.language, {})[item.article] = entry
    for per_lang in languages.values():
        for entry in per_lang.values():
            if entry["status"] == "unchanged":
                entry["status"] = "written"
    return (
        json.dumps(
            {"version": MANIFEST_VERSION, "languages": languages},
            indent=2,
            ensure_ascii=False,
            sort_keys=True,
        )
        + "\n"
    )
