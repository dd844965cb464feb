"""The review page as HTML: one self-contained file per article and language.

The article reads as an article, block by block in the source's order, the source on the left
and the translation on the right (in its language's direction). Every segment is coloured by
its state (``pages.STATES``), carries its PO file's line (a link to the file, or to its line in
the repository's web view), and shows its glossary terms (the approved rendering on hover).
Under a block come the notes of its segments that need more than a colour: the old and new
source of a changed segment with the difference marked, and the translation kept from the old
source; a memory match's source against this one; the translator's comment; the findings of
``tmflow check`` with their ids. Every text from a file is escaped (``pages.esc``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from tmflow.core.languages import get_language
from tmflow.core.model import BlockKind, Finding
from tmflow.steps.report.pages import (
    REVIEW_STATES,
    STATES,
    FileLinks,
    PageInfo,
    direction,
    esc,
    esc1,
    head,
    html_lang,
    legend,
    style_of,
    tail,
)
from tmflow.steps.report.review import Mark, Piece, ReviewBlock, ReviewPage, ReviewSegment

_CSS = """
.made,.files{margin:.2em 0}

table.counts td,table.counts th{font-size:.9em}
.findings{margin:.2em 0 .4em;padding-inline-start:1.2em;font-size:.9em}
.sev-error{color:#b71c1c}.sev-warning{color:#8a5a00}.sev-info{color:#455a64}
.notice{color:#6a1b9a}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);column-gap:2.5em;
border-bottom:2px solid #bbb;margin-top:1.2em;font-weight:600;color:#444}
.blk{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);column-gap:2.5em;
padding:.15em 0;border-bottom:1px solid #f0f0f0}
.blk>.notes{grid-column:1/-1}
.src,.tgt{min-width:0;overflow-wrap:anywhere}
.blk p,.blk blockquote,.blk .h,.blk .li,.blk .fm,.blk .aux{margin:.35em 0}
.h{font-weight:700;line-height:1.3}.h1{font-size:1.6em}.h2{font-size:1.35em}
.h3{font-size:1.15em}.h4,.h5,.h6{font-size:1em}
blockquote{border-inline-start:4px solid #ccc;padding-inline-start:.8em;margin-inline:0;
color:#333}
.li{display:flex;gap:.5em}.mk{color:#777;flex:none;min-width:1em}
.key{color:#777;font-size:.85em;margin-inline-end:.4em}
table.cells{margin:.35em 0;width:100%}table.cells td{border:1px solid #ddd}
.seg{background:var(--t);border-bottom:2px solid var(--c);border-radius:2px;
padding:0 .1em;white-space:pre-wrap;-webkit-box-decoration-break:clone;
box-decoration-break:clone}
.seg.s-changed{border-bottom-style:dashed;border-bottom-width:3px}
.seg.s-missing{border:1px dashed var(--c)}
.seg.hl{outline:2px solid #0b57d0;outline-offset:1px}
.ph{font-style:italic;color:#777}
.ln{font-size:.7em;color:#666;vertical-align:super;margin:0 .2em;text-decoration:none}
mark.term{background:none;color:inherit;text-decoration:underline dotted #333 1.5px;
text-underline-offset:3px;cursor:help}
.notes{font-size:.9em;margin:.2em 0 .5em}
.note{border-inline-start:4px solid var(--c);background:#fafafa;padding:.25em .6em;
margin:.3em 0}
.note .lbl{font-weight:600}
.diff{display:grid;grid-template-columns:max-content 1fr;gap:.1em .6em;margin:.2em 0}
.diff span.k{color:#777}
del{background:#ffd7d5;text-decoration:line-through}ins{background:#c8f0c8;text-decoration:none}
.extra h2{margin-top:1.5em}
@media print{.blk{border-bottom:none}.ln{color:#444}}
"""

# pairs a segment with its translation while the pointer is on either
_SCRIPT = """(function(){"use strict";
function pair(e,on){var t=e.target&&e.target.closest?e.target.closest("[data-n]"):null;
if(!t)return;var n=t.getAttribute("data-n"),b=t.closest(".blk")||document;
Array.prototype.forEach.call(b.querySelectorAll('[data-n="'+n+'"]'),function(x){
x.classList.toggle("hl",on);});}
document.addEventListener("mouseover",function(e){pair(e,true);});
document.addEventListener("mouseout",function(e){pair(e,false);});})();"""

_KIND_LABEL = {
    BlockKind.LINK_TITLE: "link title",
    BlockKind.IMAGE_ALT: "image description",
}


def write_review_html(
    page: ReviewPage,
    out: TextIO,
    *,
    project: str = "tmflow project",
    info: PageInfo | None = None,
    links: FileLinks | None = None,
    index: str | None = None,
) -> None:
    """The page of ``page``; ``links`` None links to no file; ``index`` is the href of the
    index page of ``--all``."""
    lang = page.language
    language = get_language(lang)
    name = f"{language.name} ({lang})" if language is not None else lang
    title = f"Review: {page.article} in {name}"
    view = _View(page, links)
    parts = [
        head(f"{title} · {project}", _CSS, _SCRIPT),
        f'<p class="noprint"><a href="{esc1(index)}">all pages</a></p>' if index else "",
        f"<h1>{esc1(title)}</h1>",
        f'<p class="made">{info.html()}</p>' if info is not None else "",
        view.files(),
        view.counts(),
        legend((*STATES, *REVIEW_STATES)),
        view.file_findings(),
        "".join(f'<p class="notice">{esc1(note)}</p>' for note in page.notes),
        f'<div class="cols"><div lang="{html_lang(page.source_language)}">source '
        f"({esc1(page.source_language)})</div>"
        f'<div lang="{html_lang(lang)}" dir="{direction(lang)}">{esc1(name)}</div></div>',
    ]
    out.write("\n".join(p for p in parts if p) + "\n")
    blocks = page.blocks
    i = 0
    while i < len(blocks):
        if blocks[i].kind is BlockKind.TABLE_CELL:
            j = i
            while j < len(blocks) and blocks[j].kind is BlockKind.TABLE_CELL:
                j += 1
            out.write(view.table(blocks[i:j]))
            i = j
        else:
            out.write(view.block(blocks[i]))
            i += 1
    if page.extra:
        out.write(
            '<section class="extra"><h2>In the PO file, not in the source</h2>'
            "<p>These entries are live in the PO file but the source no longer has them "
            "(the template is behind the source: run <code>tmflow extract</code> and "
            "<code>tmflow update</code>).</p>\n"
        )
        for seg in page.extra:
            out.write(view.row([seg]))
        out.write("</section>\n")
    out.write(tail(_SCRIPT))


class _View:
    """The parts of one page."""

    def __init__(self, page: ReviewPage, links: FileLinks | None) -> None:
        self.page = page
        self.links = links
        self.lang = page.language
        self.dir = direction(page.language)
        self.hl = html_lang(page.language)
        self.src_hl = html_lang(page.source_language)
        language = get_language(page.language)
        self.joiner = language.sentence_joiner if language is not None else " "
        self.po_shown = links.shown(page.po_path) if links is not None else page.po_path

    # header ---------------------------------------------------------------------------

    def files(self) -> str:
        page = self.page
        items = []
        for what, path in (("PO file", page.po_path), ("source", page.source_path)):
            if path is None:
                continue
            shown = esc1(self.links.shown(path) if self.links is not None else path)
            if self.links is None:
                items.append(f"{what} <code>{shown}</code>")
                continue
            item = f'{what} <a href="{esc1(self.links.href(path))}"><code>{shown}</code></a>'
            web = self.links.web(path)
            if web is not None:
                item += f' (<a href="{esc1(web)}">web</a>)'
            items.append(item)
        return f'<p class="files">{" · ".join(items)}</p>'

    def counts(self) -> str:
        cell = self.page.status
        if cell is None:
            return ""
        if cell.error is not None:
            return f'<p class="sev-error">the PO file is unreadable: {esc1(cell.error[0])}</p>'
        rows = []
        for unit, c in (("segments", cell.segments), ("words", cell.words)):
            cols = "".join(f'<td class="num s-{key}">{n}</td>' for key, n in c.by_state())
            rows.append(
                f'<tr><th>{unit}</th>{cols}<td class="num">{c.total}</td>'
                f'<td class="num">{c.percent:.1f}%</td></tr>'
            )
        heads = "".join(f"<th>{esc1(s.label)}</th>" for s in STATES)
        return (
            f'<table class="counts"><thead><tr><th></th>{heads}<th>total</th>'
            f"<th>% translated</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def file_findings(self) -> str:
        page = self.page
        if not page.checked:
            return '<p class="notice">checks not run (--no-check)</p>'
        if not page.file_findings:
            return ""
        return "<h2>Findings on the file</h2>" + _findings(page.file_findings)

    # blocks ---------------------------------------------------------------------------

    def block(self, block: ReviewBlock) -> str:
        """A block as a row: its source beside its translation, then its notes. What wraps
        the segments depends on the kind (the same on both sides)."""
        kind = block.kind
        if kind is BlockKind.HEADING:
            level = min(max(block.level, 1), 6)
            wrap = (f'<div class="h h{level}" role="heading" aria-level="{level}">', "</div>")
        elif kind is BlockKind.LIST_ITEM:
            marker = f'<span class="mk">{esc1(block.marker)}</span>'
            indent = (
                f' style="margin-inline-start:{1.5 * block.indent:g}em"' if block.indent else ""
            )
            wrap = (f'<div class="li"{indent}>{marker}<div>', "</div></div>")
        elif kind is BlockKind.QUOTE:
            depth = min(max(block.level, 1), 8)
            wrap = ("<blockquote>" * depth + "<p>", "</p>" + "</blockquote>" * depth)
        elif kind is BlockKind.FRONT_MATTER:
            key = f'<span class="key">{esc1(block.marker)}:</span>' if block.marker else ""
            wrap = (f'<div class="fm">{key}', "</div>")
        elif kind in _KIND_LABEL:
            wrap = (f'<p class="aux"><span class="key">{_KIND_LABEL[kind]}:</span>', "</p>")
        else:
            wrap = ("<p>", "</p>")
        return self.row(block.segments, wrap, kind)

    def row(
        self,
        segments: Sequence[ReviewSegment],
        wrap: tuple[str, str] = ("<p>", "</p>"),
        kind: BlockKind = BlockKind.PARAGRAPH,
    ) -> str:
        kind_class = kind.value.replace(" ", "-")
        source = " ".join(self._source(seg) for seg in segments)
        target = self.joiner.join(self._target(seg) for seg in segments)
        start, end = wrap
        return (
            f'<section class="blk k-{kind_class}">'
            f'<div class="src" lang="{self.src_hl}">{start}{source}{end}</div>'
            f'<div class="tgt" lang="{self.hl}" dir="{self.dir}">{start}{target}{end}</div>'
            f"{self._notes(segments)}</section>\n"
        )

    def table(self, blocks: Sequence[ReviewBlock]) -> str:
        rows = sorted({b.row for b in blocks})
        width = max(b.column for b in blocks) + 1
        grid: dict[tuple[int, int], ReviewBlock] = {}
        for b in blocks:
            grid.setdefault((b.row, b.column), b)
        segments = [seg for b in blocks for seg in b.segments]

        def side(render: str) -> str:
            body = []
            for r in rows:
                cells = []
                for c in range(width):
                    b = grid.get((r, c))
                    if b is None:
                        cells.append("<td></td>")
                    elif render == "src":
                        cells.append(f"<td>{' '.join(self._source(s) for s in b.segments)}</td>")
                    else:
                        cells.append(
                            f"<td>{self.joiner.join(self._target(s) for s in b.segments)}</td>"
                        )
                body.append(f"<tr>{''.join(cells)}</tr>")
            return f'<table class="cells">{"".join(body)}</table>'

        return (
            '<section class="blk k-table">'
            f'<div class="src" lang="{self.src_hl}">{side("src")}</div>'
            f'<div class="tgt" lang="{self.hl}" dir="{self.dir}">{side("tgt")}</div>'
            f"{self._notes(segments)}</section>\n"
        )

    # segments -------------------------------------------------------------------------

    def _source(self, seg: ReviewSegment) -> str:
        state = style_of(seg.state)
        where = f" · source line {seg.source_line}" if seg.source_line else ""
        return (
            f'<span class="seg s-{state.key}" data-n="{seg.number}" id="src-{seg.number}" '
            f'title="§{seg.number} · {esc1(state.label)}{where}">'
            f"{_marked(seg.source, seg.source_marks)}</span>"
        )

    def _target(self, seg: ReviewSegment) -> str:
        state = style_of(seg.state)
        tip = [f"§{seg.number}", state.label, *seg.provenance]
        if seg.po_line:
            tip.append(f"{self.po_shown}:{seg.po_line}")
        if seg.translation:
            text = _marked(seg.translation, seg.target_marks)
        else:
            empty = "not in the PO file yet" if seg.state == "missing" else "not translated yet"
            text = f'<span class="ph" lang="en" dir="ltr">{empty}</span>'
        return (
            f'<span class="seg s-{state.key}" data-n="{seg.number}" id="s{seg.number}" '
            f'title="{esc1(" · ".join(tip))}">{text}</span>{self._line_link(seg.po_line)}'
        )

    def _line_link(self, line: int | None) -> str:
        if not line:
            return ""
        where = f"{self.po_shown}:{line}"
        href = None
        if self.links is not None:
            href = self.links.web(self.page.po_path, line) or self.links.href(self.page.po_path)
        if href is None:
            return f'<span class="ln" dir="ltr" title="{esc1(where)}">{line}</span>'
        return f'<a class="ln" dir="ltr" href="{esc1(href)}" title="{esc1(where)}">{line}</a>'

    def _notes(self, segments: Sequence[ReviewSegment]) -> str:
        notes = [note for seg in segments if (note := self._note(seg))]
        return f'<div class="notes">{"".join(notes)}</div>' if notes else ""

    def _note(self, seg: ReviewSegment) -> str:
        """What a segment needs beyond its colour; empty when nothing."""
        parts = []
        difference = seg.difference()
        if seg.state == "changed":
            what = f"source changed: {seg.change}" if seg.change else "source changed"
            parts.append(f'<span class="lbl">{esc1(what)}</span>')
            if difference is not None:
                parts.append(_diff(difference, "old source", "new source", self.src_hl))
            if seg.translation:
                parts.append(
                    '<div class="diff"><span class="k">kept translation</span>'
                    f'<span lang="{self.hl}" dir="{self.dir}">{esc(seg.translation)}</span></div>'
                )
        elif seg.state == "tm" and difference is not None:
            origin = next((p for p in seg.provenance if p.startswith("tm ")), "tm")
            parts.append(f'<span class="lbl">memory draft ({esc1(origin[3:])})</span>')
            parts.append(_diff(difference, "memory source", "this source", self.src_hl))
        if seg.state == "conflict":
            parts.append('<span class="lbl">merge conflict: two branches translated it</span>')
            kept = seg.translation or "(empty)"
            rows = [("this branch", kept)] + [
                (f"other branch{f' (form {form})' if form is not None else ''}", text)
                for form, text in seg.others
            ]
            parts.append(
                '<div class="diff">'
                + "".join(
                    f'<span class="k">{esc1(label)}</span>'
                    f'<span lang="{self.hl}" dir="{self.dir}">{esc(text)}</span>'
                    for label, text in rows
                )
                + "</div>"
            )
        if seg.comment:
            parts.append(
                f'<div class="comment"><span class="k">translator comment:</span> '
                f'<span style="white-space:pre-wrap">{esc(seg.comment)}</span></div>'
            )
        if seg.findings:
            parts.append(_findings(seg.findings))
        if not parts:
            return ""
        state = style_of(seg.state)
        return (
            f'<div class="note s-{state.key}" id="n{seg.number}"><a href="#s{seg.number}">'
            f"§{seg.number}</a>{self._line_link(seg.po_line)} {''.join(parts)}</div>"
        )


def _marked(text: str, marks: Sequence[Mark]) -> str:
    """``text`` escaped, its glossary terms in ``<mark>`` with their hint on hover."""
    out = []
    pos = 0
    for m in marks:
        if m.start < pos or m.end > len(text):
            continue
        out.append(esc(text[pos : m.start]))
        tip = f"glossary: {m.term} — {m.hint}" if m.hint else f"glossary: {m.term}"
        out.append(f'<mark class="term" title="{esc1(tip)}">{esc(text[m.start : m.end])}</mark>')
        pos = m.end
    out.append(esc(text[pos:]))
    return "".join(out)


def _diff(difference: tuple[list[Piece], list[Piece]], old: str, new: str, lang: str) -> str:
    before, after = difference

    def run(pieces: list[Piece], tag: str) -> str:
        return "".join(
            f"<{tag}>{esc(p.text)}</{tag}>" if p.changed else esc(p.text) for p in pieces
        )

    return (
        f'<div class="diff" lang="{lang}"><span class="k">{old}</span><span>{run(before, "del")}'
        f'</span><span class="k">{new}</span><span>{run(after, "ins")}</span></div>'
    )


def _findings(findings: Sequence[Finding]) -> str:
    items = []
    for f in findings:
        severity = f.severity if f.severity in ("error", "warning", "info") else "info"
        where = f" (line {f.line})" if f.line and f.msgid is None else ""
        items.append(
            f'<li class="sev-{severity}"><code>{esc1(f.check)}</code> {esc1(f.severity)}: '
            f"{esc1(f.message)}{where}</li>"
        )
    return f'<ul class="findings">{"".join(items)}</ul>'
