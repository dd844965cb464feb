"""The bilingual review of an article in one language (``tmflow review``): what the page
shows, gathered from the source, its PO file, the glossary and the checks.

The article is gone over in the source's order, block by block, as the segmenter cuts it
(``tmflow.steps.segment``): each block keeps its kind (heading and its level, paragraph, list
item and its marker, quote, table cell and its row and column, front-matter value), and each
segment is matched with its PO entry by msgctxt and msgid. For each segment: its state (the
one rule of ``tmflow.core.provenance``; "copied" where the entry says so, "conflict" for an
unresolved merge conflict with the other branch's text; "missing" where the PO file does not
have the segment yet), the translation, the PO file's line, the old source
of a segment whose source changed (``#|``, with the difference marked word by word), the
translator's comment, the glossary terms in both languages, and the findings of ``tmflow
check`` on that entry. Live entries of the PO file that the source no longer has come after
the article.

The counts of a page are not computed here: they are the status report's cell for the
article and language (``tmflow.steps.report.status``), the model the JSON, Markdown and HTML
status reports are made from, so the review page and every status format always agree.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tmflow.core.model import BlockKind, Finding, Segment
from tmflow.core.provenance import classify, conflict_texts, is_conflict, kinds, lines, strip
from tmflow.io.config import Config
from tmflow.io.files import exists

if TYPE_CHECKING:
    from tmflow.steps.report.status import CatalogStatus, StatusReport
    from tmflow.steps.terms import TermMatcher

# check ids that judge a whole file (one finding per state and file, a threshold, a file
# behind its template): shown in the page's header, not at the entry they point at
FILE_CHECKS = frozenset(
    {
        "untranslated",
        "fuzzy-mt",
        "fuzzy-tm",
        "fuzzy-changed",
        "fuzzy",
        "min-translated",
        "po-outdated",
        "template-outdated",
    }
)
DIFF_LIMIT = 4_000_000  # tokens × tokens above which a difference is the whole text


@dataclass(frozen=True)
class Mark:
    """A glossary term in a text: ``text[start:end]``, with what a reader is told of it."""

    start: int
    end: int
    term: str  # the term as the glossary writes it
    hint: str  # "approved: Moscou", "do not translate", …


@dataclass(frozen=True)
class Piece:
    """A run of text of a difference: ``changed`` where the other text differs."""

    text: str
    changed: bool


@dataclass
class ReviewSegment:
    number: int  # 1, 2, … in the order of the page
    source: str  # the msgid (the source segment, white space folded)
    context: str | None
    state: str  # an EntryState value, "copied", "conflict" or "missing"
    translation: str = ""
    po_line: int | None = None
    source_line: int | None = None
    previous: str | None = None  # the source the translation was made for (``#|``)
    change: str = ""  # the kind of source edit ("numbers, dates (27 → 26)")
    provenance: tuple[str, ...] = ()  # the ``# tmflow:`` lines, without the prefix
    comment: str = ""  # the translator's comment (tmflow's lines left out)
    source_marks: tuple[Mark, ...] = ()
    target_marks: tuple[Mark, ...] = ()
    findings: tuple[Finding, ...] = ()
    # a merge conflict: the other branch's translations (plural form or None, text)
    others: tuple[tuple[int | None, str], ...] = ()

    def difference(self) -> tuple[list[Piece], list[Piece]] | None:
        """The old source and the new one with their differences marked, where the entry
        keeps the source its translation (or memory match) was made for."""
        if self.previous is None or self.previous == self.source:
            return None
        return diff_words(self.previous, self.source)


@dataclass
class ReviewBlock:
    """A block of the source: its kind and where it sits."""

    kind: BlockKind
    segments: list[ReviewSegment]
    level: int = 0  # heading level 1–6; quote depth
    marker: str = ""  # list marker ("-", "3."), front-matter key
    indent: int = 0  # list nesting
    row: int = 0  # table cell: the source line of its row
    column: int = 0  # table cell: its column, from 0


@dataclass
class ReviewPage:
    article: str
    language: str
    source_language: str
    po_path: str  # absolute
    source_path: str | None  # absolute; None when the article has no source file
    po_exists: bool
    blocks: list[ReviewBlock] = field(default_factory=list)
    extra: list[ReviewSegment] = field(default_factory=list)  # in the PO file, not the source
    status: CatalogStatus | None = None
    file_findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked: bool = True  # the checks ran

    def segments(self) -> Iterator[ReviewSegment]:
        for block in self.blocks:
            yield from block.segments
        yield from self.extra

    def state_counts(self) -> dict[str, int]:
        """Segments on the page by state (a segment the source repeats counts once per
        place; the header's counts are the status report's)."""
        out: dict[str, int] = {}
        for seg in self.segments():
            out[seg.state] = out.get(seg.state, 0) + 1
        return out


# ---------------------------------------------------------------------------------------------
# differences


_WORDS = re.compile(r"\w+|\s+|[^\w\s]")


def diff_words(old: str, new: str) -> tuple[list[Piece], list[Piece]]:
    """``old`` and ``new`` cut into runs, the runs that differ marked: words, white space and
    signs are compared as units (an edit of one number marks that number)."""
    a = _WORDS.findall(old)
    b = _WORDS.findall(new)
    if len(a) * len(b) > DIFF_LIMIT:
        return [Piece(old, True)], [Piece(new, True)]
    before: list[Piece] = []
    after: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        if i2 > i1:
            _add(before, "".join(a[i1:i2]), changed)
        if j2 > j1:
            _add(after, "".join(b[j1:j2]), changed)
    return before, after


def _add(pieces: list[Piece], text: str, changed: bool) -> None:
    if pieces and pieces[-1].changed == changed:
        pieces[-1] = Piece(pieces[-1].text + text, changed)
    else:
        pieces.append(Piece(text, changed))


# ---------------------------------------------------------------------------------------------
# blocks


_LIST_MARKER = re.compile(r"(?:[-*+•‣◦·]|\d{1,9}[.)])(?:\s+\[[ xX]\])?")
_ATX = re.compile(r"[ \t>]*(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(r"[ \t>]*(=+|-+)[ \t]*\r?$")


def _line_prefix(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1 : pos]


def _block(kind: BlockKind, segments: list[Segment], text: str, markdown: bool) -> ReviewBlock:
    """Where a block sits, read from the source around its first segment."""
    first = segments[0]
    prefix = _line_prefix(text, first.start)
    block = ReviewBlock(kind, [])
    if kind is BlockKind.HEADING:
        block.level = 2
        if markdown:
            atx = _ATX.match(prefix)
            if atx:
                block.level = len(atx.group(1))
            else:
                end = text.find("\n", segments[-1].end)
                nxt = text[end + 1 : text.find("\n", end + 1)] if end >= 0 else ""
                underline = _SETEXT.match(nxt)
                if underline:
                    block.level = 1 if underline.group(1)[0] == "=" else 2
    elif kind is BlockKind.LIST_ITEM:
        bare = prefix.replace(">", " ")
        marker = bare.strip()
        block.marker = marker if _LIST_MARKER.fullmatch(marker) else "•"
        block.indent = min((len(bare) - len(bare.lstrip())) // 2, 8)
    elif kind is BlockKind.QUOTE:
        block.level = max(1, prefix.count(">"))
    elif kind is BlockKind.TABLE_CELL:
        block.row = first.line
        pipes = len(re.findall(r"(?<!\\)\|", prefix))
        block.column = max(0, pipes - 1 if prefix.lstrip().startswith("|") else pipes)
    elif kind is BlockKind.FRONT_MATTER:
        block.marker = prefix.split(":", 1)[0].strip()[:60]
    return block


# ---------------------------------------------------------------------------------------------
# the pages


class Reviewer:
    """Makes the review pages of a project: the status counts, the glossary and the check
    findings are gathered once for every page it makes.

    ``articles`` and ``languages`` select (as ``tmflow status`` does; unknown names are a
    UsageError); ``checks=False`` leaves the findings out (the checks are not run)."""

    def __init__(
        self,
        config: Config,
        articles: Iterable[str] = (),
        languages: Iterable[str] = (),
        *,
        checks: bool = True,
    ) -> None:
        from tmflow.steps.project import find_articles
        from tmflow.steps.report.status import status_project
        from tmflow.steps.terms import TermMatcher, load_project_glossary

        self.config = config
        self.report: StatusReport = status_project(config, articles, languages, titles=True)
        glossary = load_project_glossary(config)
        self.matcher: TermMatcher | None = TermMatcher(glossary) if glossary.terms else None
        self.sources = {a.name: a for a in find_articles(config)} if _has_sources(config) else {}
        self.checked = checks
        self.findings: dict[str, list[Finding]] = {}
        if checks:
            self._run_checks()

    def _run_checks(self) -> None:
        """``tmflow check`` on the selected catalogs (its findings cache makes a second run
        cheap), findings kept by file."""
        from tmflow.steps.qa.check import check_project

        articles = self.report.articles
        if not articles:
            return
        report = check_project(self.config, articles, self.report.languages)
        try:
            for finding in report.iter_findings():
                self.findings.setdefault(finding.path, []).append(finding)
        finally:
            report.close()

    def cells(self) -> Iterator[tuple[str, str]]:
        """(article, language) of every page there is to make, in report order."""
        for article in self.report.articles:
            for lang in self.report.languages:
                if self.report.cell(article, lang) is not None:
                    yield article, lang

    def page(self, article: str, language: str) -> ReviewPage:
        from tmflow.io.po.reader import load_po
        from tmflow.steps.segment.segmenter import segment_article

        config = self.config
        po_path = str(config.po_path(language, article))
        source = self.sources.get(article)
        cell = self.report.cell(article, language)
        page = ReviewPage(
            article,
            language,
            config.source_language,
            po_path,
            str(source.path) if source is not None else None,
            exists(po_path),  # a FIFO or a link out is there: reading it says what is wrong
            status=cell,
            checked=self.checked,
        )
        entries: dict[tuple[str | None, str], Any] = {}
        if page.po_exists:
            for entry in load_po(po_path):
                if not entry.obsolete:
                    entries.setdefault((entry.msgctxt, entry.msgid), entry)
        else:
            page.notes.append("no PO file yet: every segment is untranslated (run tmflow update)")
        findings = self._findings_of(po_path)
        by_line: dict[int, list[Finding]] = {}
        lines_of_entries = {e.linenum for e in entries.values()}
        for f in findings:
            if f.line is not None and f.line in lines_of_entries and f.check not in FILE_CHECKS:
                by_line.setdefault(f.line, []).append(f)
            else:
                page.file_findings.append(f)
        used: set[tuple[str | None, str]] = set()
        number = 0
        if source is None:
            page.notes.append("the article has no source file: its PO entries are shown in order")
        else:
            doc, segments = segment_article(source, config)
            markdown = source.format == "markdown"
            groups: list[list[Segment]] = []
            for seg in segments:
                if groups and groups[-1][0].block == seg.block:
                    groups[-1].append(seg)
                else:
                    groups.append([seg])
            for group in groups:
                block = _block(group[0].kind, group, doc.text, markdown)
                for seg in group:
                    number += 1
                    key = (seg.context, seg.text)
                    found = entries.get(key)
                    used.add(key)
                    block.segments.append(
                        self._segment(
                            number,
                            seg.text,
                            seg.context,
                            found,
                            language,
                            by_line,
                            page.po_exists,
                            seg.line,
                        )
                    )
                page.blocks.append(block)
        for key, entry in entries.items():
            if key in used:
                continue
            number += 1
            page.extra.append(
                self._segment(
                    number, entry.msgid, entry.msgctxt, entry, language, by_line, True, None
                )
            )
        return page

    def _findings_of(self, po_path: str) -> list[Finding]:
        root = str(self.config.root) + os.sep
        rel = po_path[len(root) :] if po_path.startswith(root) else po_path
        return self.findings.get(rel, [])

    def _segment(
        self,
        number: int,
        source: str,
        context: str | None,
        entry: Any,
        language: str,
        by_line: dict[int, list[Finding]],
        po_exists: bool,
        source_line: int | None,
    ) -> ReviewSegment:
        if entry is None:
            state = "missing" if po_exists else "untranslated"
            return ReviewSegment(
                number,
                source,
                context,
                state,
                source_line=source_line,
                source_marks=self._source_marks(source, language),
            )
        state = classify(entry).value
        comment = entry.tcomment or ""
        provenance = tuple(lines(comment))
        others: tuple[tuple[int | None, str], ...] = ()
        if state == "translated" and "copied" in kinds(comment):
            state = "copied"
        elif is_conflict(entry):
            state = "conflict"
            others = tuple(conflict_texts(comment))
        change = ""
        for line in provenance:
            if line.startswith("source changed:"):
                change = line[len("source changed:") :].strip()
        translation = entry.msgstr
        if entry.msgid_plural:
            forms = entry.msgstr_plural or {}
            translation = "\n".join(forms[k] for k in sorted(forms, key=int))
        seg = ReviewSegment(
            number,
            source,
            context,
            state,
            translation,
            entry.linenum or None,
            source_line,
            entry.previous_msgid,
            change,
            provenance,
            strip(comment).strip("\n"),
            self._source_marks(source, language),
            self._target_marks(source, translation, language),
            tuple(by_line.get(entry.linenum, ())) if entry.linenum else (),
            others,
        )
        return seg

    def _source_marks(self, text: str, language: str) -> tuple[Mark, ...]:
        if self.matcher is None or not _nfc(text):
            return ()
        out = []
        for match in self.matcher.match_source(text):
            term = match.term
            if term.dnt:
                hint = "do not translate"
            else:
                rendering = term.renderings.get(language)
                hint = (
                    f"approved: {rendering.approved}"
                    if rendering is not None
                    else f"no {language} rendering in the glossary yet"
                )
            if term.note:
                hint += f" ({term.note})"
            out.append(Mark(match.start, match.end, term.source, hint))
        return tuple(out)

    def _target_marks(self, source: str, target: str, language: str) -> tuple[Mark, ...]:
        if self.matcher is None or not target or not _nfc(target):
            return ()
        out = []
        for match in self.matcher.find_renderings(source, target, language):
            term = match.term
            rendering = term.rendering(language)
            hint = (
                "do not translate"
                if term.dnt
                else f"approved: {rendering.approved}"
                if rendering is not None
                else ""
            )
            out.append(Mark(match.start, match.end, term.source, hint))
        return tuple(out)


def _nfc(text: str) -> bool:
    """Offsets of glossary matches are into the NFC form: marks only where that is the text."""
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def _has_sources(config: Config) -> bool:
    from tmflow.io.files import is_folder

    return is_folder(config.sources_dir)


def review_article(
    config: Config, article: str, language: str, *, checks: bool = True
) -> ReviewPage:
    """The review page of one article in one language."""
    return Reviewer(config, [article], [language], checks=checks).page(article, language)


def page_name(article: str, language: str) -> Path:
    """Where ``--all`` writes the page of ``article`` in ``language``, in its folder."""
    return Path(language) / f"{article}.html"
