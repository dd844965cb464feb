"""Extraction: source articles → one gettext template per article (``locales/templates/<a>.pot``).

* msgid is the segment's folded text; identical segments of one article share one entry that
  lists every occurrence (``#: sources/<file>:<line>``, paths relative to the project root, in
  POSIX form so templates are the same on every system); entries are in document order (of
  their first occurrence).
* The ``#.`` comment names the block kind and position of the first occurrence: ``heading,
  block 1`` or ``paragraph, block 8, sentence 3 of 20``.
* msgctxt only when an override asks for one (``<!-- tmflow: context NAME -->``).
* Stable output: the POT is written in the canonical layout of ``tmflow.io.po.reader``; when the
  entries are the same as in the existing template, the old ``POT-Creation-Date`` is kept, so
  the bytes are the same and nothing is written (same mtime; git sees no change).
* Incremental: ``<state>/extract-cache.json`` records, per article, the source's size,
  mtime and SHA-256, a fingerprint of what affects segmentation (settings, source language and
  a digest of the segmentation code and abbreviation lists), and the size and
  mtime of the template written. When all of them still match, the article is neither read
  nor parsed. A changed mtime with the same content hash costs a read but no parse.
* Templates in ``locales/templates`` with no source article any more are reported as stale;
  they are not deleted (their PO files may still hold translations someone wants).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import polib

from tmflow import __version__
from tmflow.core.errors import InputError, SourceError
from tmflow.core.model import Segment
from tmflow.io.cache import load_json_cache, save_json_cache
from tmflow.io.config import Config
from tmflow.io.files import list_files, read_bytes, read_if_exists, stamp, write_atomic
from tmflow.io.po.writer import dumps_po, new_template, now_stamp
from tmflow.io.sources import decode_source
from tmflow.steps.project import Article, find_articles
from tmflow.steps.segment.segmenter import segment_text

_DATE_RE = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.M)
CACHE_NAME = "extract-cache.json"
CACHE_VERSION = 1
CACHE_KEY = "articles"
# bump when segmentation rules change, so cached "unchanged" verdicts are not trusted
RULES_VERSION = 1


@dataclass(frozen=True)
class ArticleExtract:
    """What extraction did for one article."""

    article: str
    source: Path
    template: Path
    status: str  # "written" | "unchanged" | "would write" (dry run)
    segments: int
    entries: int
    cached: bool = False  # not re-parsed: the cache said nothing changed

    def as_dict(self, root: Path | None = None) -> dict[str, Any]:
        def rel(p: Path) -> str:
            try:
                return p.relative_to(root).as_posix() if root else str(p)
            except ValueError:
                return str(p)

        return {
            "article": self.article,
            "source": rel(self.source),
            "template": rel(self.template),
            "status": self.status,
            "segments": self.segments,
            "entries": self.entries,
            "cached": self.cached,
        }


@dataclass
class ExtractResult:
    templates: list[ArticleExtract] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)  # templates of deleted articles
    dry_run: bool = False

    @property
    def written(self) -> list[Path]:
        return [a.template for a in self.templates if a.status != "unchanged"]

    @property
    def changed(self) -> list[Path]:
        return self.written

    @property
    def segments(self) -> int:
        return sum(a.segments for a in self.templates)


# ---------------------------------------------------------------------------------------------
# one template


def _position_comments(segments: list[Segment]) -> list[str]:
    per_block: dict[int, int] = {}
    for seg in segments:
        per_block[seg.block] = per_block.get(seg.block, 0) + 1
    seen: dict[int, int] = {}
    out = []
    for seg in segments:
        seen[seg.block] = seen.get(seg.block, 0) + 1
        total = per_block[seg.block]
        comment = f"{seg.kind.value}, block {seg.block}"
        if total > 1:
            comment += f", sentence {seen[seg.block]} of {total}"
        out.append(comment)
    return out


def source_reference(article: Article, config: Config) -> str:
    """The source file as templates name it: relative to the project, in POSIX form."""
    try:
        return article.path.relative_to(config.root).as_posix()
    except ValueError:
        return article.path.as_posix()


def build_template(
    article: Article,
    segments: list[Segment],
    config: Config,
    created: str | None = None,
    ref: str | None = None,
) -> polib.POFile:
    """The template of one article: one entry per distinct (context, text), document order.
    ``ref``: the article's ``source_reference``, when known."""
    pot = new_template(article.name, created)
    if ref is None:
        ref = source_reference(article, config)
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    for seg, comment in zip(segments, _position_comments(segments)):
        key = (seg.context, seg.text)
        entry = entries.get(key)
        if entry is None:
            entry = polib.POEntry(
                msgid=seg.text, msgstr="", msgctxt=seg.context, comment=comment, occurrences=[]
            )
            entries[key] = entry
            pot.append(entry)
        occurrence = (ref, str(seg.line))
        if occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
    return pot


def render_template(
    article: Article,
    segments: list[Segment],
    config: Config,
    template: Path,
    ref: str | None = None,
) -> tuple[str, int]:
    """The text to write for ``template`` (keeping its creation date when entries are equal)
    and the number of entries."""
    old_text: str | None = None
    old_date: str | None = None
    raw = read_if_exists(template, "template")
    try:
        old_text = raw.decode("utf-8") if raw is not None else None
    except UnicodeDecodeError:
        old_text = None  # a generated file someone broke: write it anew
    if old_text is not None:
        # the header's date is all we need from the old file: no full parse
        match = _DATE_RE.search(old_text)
        old_date = match.group(1) if match else None
    pot = build_template(article, segments, config, created=old_date, ref=ref)
    text = dumps_po(pot)
    if old_date is not None and text != old_text:
        pot.metadata["POT-Creation-Date"] = now_stamp()
        text = dumps_po(pot)
    return text, len(pot)


# ---------------------------------------------------------------------------------------------
# the project


@lru_cache(maxsize=1)
def _rules_digest() -> str:
    """A digest of the segmentation code itself and of the abbreviation data it reads (the
    sacremoses version), so a changed rule invalidates the cache."""
    from tmflow.io import prefixes
    from tmflow.steps.segment import abbreviations
    from tmflow.steps.segment import segmenter as segment

    digest = hashlib.sha256()
    for module in (segment, abbreviations, prefixes):
        try:
            digest.update(read_bytes(Path(module.__file__ or ""), "module"))
        except InputError:
            digest.update(module.__name__.encode())
    digest.update(prefixes.version().encode())
    return digest.hexdigest()[:16]


def _fingerprint(config: Config) -> str:
    seg = asdict(config.segmentation)
    data = json.dumps(
        {
            "rules": RULES_VERSION,
            "code": _rules_digest(),
            "tmflow": __version__,
            "language": config.source_language,
            "segmentation": seg,
            "root": str(config.root),
        },
        sort_keys=True,
        default=list,
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def extract_project(
    config: Config,
    articles: Iterable[str] = (),
    *,
    dry_run: bool = False,
    remember: bool = False,
    stop: Any = None,
) -> ExtractResult:
    """Write ``locales/templates/<article>.pot`` for the named articles (default: all).

    ``remember`` (with ``dry_run``: ``check`` asking whether templates are up to date) records
    in the extract cache the templates found up to date, as a real run would, so that the next
    check does not segment their sources again; a dry run on its own writes nothing.
    ``stop`` (a ``threading.Event``, for a run in a thread) ends the run between two articles
    when set; the result is then partial and nothing is saved."""
    everything = find_articles(config)
    names = list(articles)
    chosen = find_articles(config, names, among=everything) if names else everything
    cache_path = config.state_dir / CACHE_NAME
    cache = load_json_cache(cache_path, CACHE_VERSION, CACHE_KEY)
    fingerprint = _fingerprint(config)
    result = ExtractResult(dry_run=dry_run)
    new_cache = dict(cache)
    for article in chosen:
        if stop is not None and stop.is_set():
            return result
        template = config.pot_path(article.name)
        key = source_reference(article, config)
        entry = cache.get(key) if isinstance(cache.get(key), dict) else None
        src_stat = stamp(article.path)
        pot_stat = stamp(template)
        if (
            entry
            and src_stat
            and pot_stat
            and entry.get("fingerprint") == fingerprint
            and entry.get("article") == article.name
            and tuple(entry.get("source", ())) == src_stat
            and tuple(entry.get("template", ())) == pot_stat
        ):
            result.templates.append(
                ArticleExtract(
                    article.name,
                    article.path,
                    template,
                    "unchanged",
                    int(entry.get("segments", 0)),
                    int(entry.get("entries", 0)),
                    cached=True,
                )
            )
            continue
        raw = read_bytes(article.path, "source file", SourceError)
        digest = hashlib.sha256(raw).hexdigest()
        if (
            entry
            and pot_stat
            and entry.get("fingerprint") == fingerprint
            and entry.get("article") == article.name
            and entry.get("sha256") == digest
            and tuple(entry.get("template", ())) == pot_stat
        ):
            # touched but not changed: no parse needed
            result.templates.append(
                ArticleExtract(
                    article.name,
                    article.path,
                    template,
                    "unchanged",
                    int(entry.get("segments", 0)),
                    int(entry.get("entries", 0)),
                    cached=True,
                )
            )
            if src_stat:
                new_cache[key] = {**entry, "source": list(src_stat)}
            continue
        doc = decode_source(raw, article.path)
        segments = segment_text(
            doc.text,
            article.format,
            config.source_language,
            config.segmentation,
            article.name,
            path=article.path,
        )
        text, n_entries = render_template(article, segments, config, template, ref=key)
        if dry_run:
            old = read_if_exists(template, "template")
            status = "unchanged" if old == text.encode("utf-8") else "would write"
        else:
            status = "written" if write_atomic(template, text) else "unchanged"
        result.templates.append(
            ArticleExtract(article.name, article.path, template, status, len(segments), n_entries)
        )
        new_stat = stamp(template)
        if (
            src_stat
            and new_stat
            and (not dry_run or (remember and status == "unchanged" and new_stat == pot_stat))
        ):
            new_cache[key] = {
                "article": article.name,
                "source": list(src_stat),
                "sha256": digest,
                "fingerprint": fingerprint,
                "template": list(new_stat),
                "segments": len(segments),
                "entries": n_entries,
            }
    known = {a.name for a in everything}
    result.stale = [p for p in list_files(config.templates_dir, ".pot") if p.stem not in known]
    if (not dry_run or remember) and new_cache != cache:
        save_json_cache(cache_path, CACHE_VERSION, CACHE_KEY, new_cache)
    return result
