"""Formats of a status report: text table, JSON, Markdown, CSV and a static HTML page.

Every writer ``write_x(report, out, …)`` writes its format to a text stream as it goes (a
large tree's report is never held whole); ``render_x(report, …)`` returns it as a string.
The command picks one.

JSON schema (``version`` 1; keys are only ever added, never renamed or removed)::

    {
      "version": 1,
      "generator": "tmflow 0.1.0",
      "states": ["translated", "mt", "tm", "changed", "fuzzy", "untranslated", "obsolete"],
      "languages": {"<lang>": {"segments": COUNTS, "words": COUNTS}},
      "articles": {"<article>": {"<lang>": CELL}},
      "total": {"segments": COUNTS, "words": COUNTS}
    }

    COUNTS = {
      "total": int,            live entries (translated + fuzzy + untranslated)
      "translated": int,
      "fuzzy": int,            every kind of draft together (= sum of "drafts")
      "drafts": {"mt": int, "tm": int, "source_changed": int, "other": int},
      "untranslated": int,
      "obsolete": int,         not part of "total"
      "percent": float         translated / total × 100, one decimal; 100 when total is 0
    }
    CELL = {"segments": COUNTS, "words": COUNTS, "path": str (relative to the project),
            "missing": bool (no PO file; counted from the template),
            "error": null | {"message": str, "line": int | null}}

Words are source words (see ``tmflow.io.po.words``); percentages in the table and HTML page are
of segments.

What comes from files (an error message quoting a PO file, a file name, a headline) cannot
make an output invalid or unsafe (``tmflow.core.display``): JSON and every other format are
valid UTF-8 (the bytes of a file name that is not UTF-8 as ``\\xNN``); the text table, the
Markdown table, CSV and the HTML page show control characters as ``\\x1b``-style escapes.
"""

from __future__ import annotations

import csv
import html
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO, cast

from tmflow import __version__
from tmflow.core.display import json_escapes, one_line, valid_unicode
from tmflow.steps.report.pages import (
    STATES,
    FileLinks,
    PageInfo,
    direction,
    esc1,
    head,
    html_lang,
    legend,
    tail,
)
from tmflow.steps.report.status import CatalogStatus, Counts, StatusReport
from tmflow.steps.writers import as_text

SCHEMA_VERSION = 1
FORMATS = ("text", "json", "markdown", "csv", "html")


def counts_json(counts: Counts) -> dict[str, Any]:
    return {
        "total": counts.total,
        "translated": counts.translated,
        "fuzzy": counts.fuzzy,
        "drafts": {
            "mt": counts.mt,
            "tm": counts.tm,
            "source_changed": counts.changed,
            "other": counts.fuzzy_other,
        },
        "untranslated": counts.untranslated,
        "obsolete": counts.obsolete,
        "percent": round(counts.percent, 1),
    }


def _rel(report_root: Path | None, path: str) -> str:
    if report_root is not None:
        prefix = str(report_root).rstrip("/") + "/"
        if path.startswith(prefix):
            return path[len(prefix) :]
    return path


def to_json(report: StatusReport, root: Path | None = None) -> dict[str, Any]:
    """The report as the documented JSON structure (see the module docstring)."""
    langs_out = {
        lang: {
            "segments": counts_json(report.language_segments(lang)),
            "words": counts_json(report.language_words(lang)),
        }
        for lang in report.languages
    }
    articles: dict[str, dict[str, Any]] = {}
    for article in report.articles:
        row: dict[str, dict[str, Any]] = {}
        for lang in report.languages:
            cell = report.cell(article, lang)
            if cell is None:
                continue
            row[lang] = {
                "segments": counts_json(cell.segments),
                "words": counts_json(cell.words),
                "path": valid_unicode(_rel(root, cell.path)),
                "missing": cell.missing,
                "error": (
                    {"message": valid_unicode(cell.error[0]), "line": cell.error[1]}
                    if cell.error
                    else None
                ),
            }
        articles[valid_unicode(article)] = row
    return {
        "version": SCHEMA_VERSION,
        "generator": f"tmflow {__version__}",
        "states": ["translated", "mt", "tm", "changed", "fuzzy", "untranslated", "obsolete"],
        "languages": langs_out,
        "articles": articles,
        "total": {
            "segments": counts_json(report.total_segments),
            "words": counts_json(report.total_words),
        },
    }


def _counts_text(c: Counts) -> str:
    """``json.dumps(counts_json(c), separators=(",", ":"))``, written directly: a large tree
    has tens of thousands of cells and this is the hot loop of a warm ``status``."""
    t = c.translated + c.mt + c.tm + c.changed + c.fuzzy_other + c.untranslated
    pct = 100.0 if t == 0 else round(100.0 * c.translated / t, 1)
    return (
        f'{{"total":{t},"translated":{c.translated},'
        f'"fuzzy":{c.mt + c.tm + c.changed + c.fuzzy_other},'
        f'"drafts":{{"mt":{c.mt},"tm":{c.tm},"source_changed":{c.changed},'
        f'"other":{c.fuzzy_other}}},"untranslated":{c.untranslated},'
        f'"obsolete":{c.obsolete},"percent":{pct!r}}}'
    )


def write_json(report: StatusReport, out: TextIO, root: Path | None = None) -> None:
    """The JSON document (compact; pretty-print with ``jq`` if needed), written article by
    article. Equal, once parsed, to ``to_json(report, root)``; built as text because encoding
    tens of thousands of small dictionaries dominated a warm run."""
    dumps = json.dumps
    # what json.dumps does for a str, without its per-call set-up (ensure_ascii=False, and the
    # default for the language codes)
    quote = json.encoder.encode_basestring
    lang_keys = {lang: json.encoder.encode_basestring_ascii(lang) for lang in report.languages}
    head = {
        k: v
        for k, v in to_json(cast(StatusReport, _Empty(report)), root).items()
        if k != "articles"
    }

    def write(text: str) -> None:
        out.write(json_escapes(text))

    write(dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"articles":{')
    first = True
    for article in report.articles:
        cells = []
        for lang in report.languages:
            cell = report.cell(article, lang)
            if cell is None:
                continue
            error = (
                "null"
                if cell.error is None
                else dumps(
                    {"message": valid_unicode(cell.error[0]), "line": cell.error[1]},
                    ensure_ascii=False,
                )
            )
            cells.append(
                f'{lang_keys[lang]}:{{"segments":{_counts_text(cell.segments)},'
                f'"words":{_counts_text(cell.words)},'
                f'"path":{quote(valid_unicode(_rel(root, cell.path)))},'
                f'"missing":{"true" if cell.missing else "false"},"error":{error}}}'
            )
        write(f"{'' if first else ','}{quote(valid_unicode(article))}:{{{','.join(cells)}}}")
        first = False
    write("}}\n")


class _Empty:
    """A view of a report without its article rows (for the head of ``render_json``)."""

    def __init__(self, report: StatusReport) -> None:
        self._report = report
        self.languages = report.languages
        self.articles = ()
        self.total_segments = report.total_segments
        self.total_words = report.total_words

    def language_segments(self, lang: str) -> Counts:
        return self._report.language_segments(lang)

    def language_words(self, lang: str) -> Counts:
        return self._report.language_words(lang)

    def cell(self, article: str, lang: str) -> None:
        return None


# ---------------------------------------------------------------------------------------------
# text


_GREEN, _YELLOW, _RED, _BOLD, _RESET = "\x1b[32m", "\x1b[33m", "\x1b[31m", "\x1b[1m", "\x1b[0m"


def _pct(counts: Counts) -> str:
    return f"{counts.percent:5.1f}%"


def _paint(text: str, counts: Counts | None, color: bool) -> str:
    if not color or counts is None:
        return text
    if counts.translated == counts.total:
        code = _GREEN
    elif counts.percent >= 50:
        code = _YELLOW
    else:
        code = _RED
    return f"{code}{text}{_RESET}"


def _cell_text(cell: CatalogStatus | None) -> tuple[str, Counts | None]:
    if cell is None:
        return "-", None
    if cell.error is not None:
        return "error", Counts(untranslated=1)
    mark = "*" if cell.missing else ""
    return f"{_pct(cell.segments)}{mark}", cell.segments


def write_text(
    report: StatusReport, out: TextIO, *, color: bool = False, root: Path | None = None
) -> None:
    """A matrix (articles × languages, % of segments translated), then a breakdown per
    language in segments and words; file names relative to ``root`` (the project), as every
    other message gives them."""
    langs = report.languages
    width = max([len("article"), len("total")] + [len(one_line(a)) for a in report.articles])
    col = 9
    write = out.write
    head = "article".ljust(width) + "".join(lang.rjust(col) for lang in langs)
    write((f"{_BOLD}{head}{_RESET}" if color else head) + "\n")
    any_missing = False
    for article in report.articles:
        line = one_line(article).ljust(width)
        for lang in langs:
            cell = report.cell(article, lang)
            any_missing = any_missing or bool(cell and cell.missing)
            text, counts = _cell_text(cell)
            line += _paint(text.rjust(col), counts, color)
        write(line + "\n")
    line = "total".ljust(width)
    for lang in langs:
        seg = report.language_segments(lang)
        line += _paint(_pct(seg).rjust(col), seg, color)
    write(line + "\n")
    if any_missing:
        write("* no PO file yet: counted from the template\n")
    cols = ("translated", "mt", "tm", "changed", "fuzzy", "untransl.", "obsolete", "total")
    for unit in ("segments", "words"):
        write("\n" + f"{unit:10s}" + "".join(c.rjust(11) for c in cols) + "\n")
        for lang in langs:
            c = (
                report.language_segments(lang)
                if unit == "segments"
                else report.language_words(lang)
            )
            values = (
                c.translated,
                c.mt,
                c.tm,
                c.changed,
                c.fuzzy_other,
                c.untranslated,
                c.obsolete,
                c.total,
            )
            write(f"{lang:10s}" + "".join(str(v).rjust(11) for v in values) + "\n")
    errors = report.errors
    if errors:
        write("\n")
    for cell in errors:
        write(
            f"{one_line(_rel(root, cell.path))}:{cell.error[1] or 1}: error: "  # type: ignore[index]
            f"{one_line(cell.error[0])}\n"  # type: ignore[index]
        )


def summary_line(report: StatusReport) -> str:
    seg = report.total_segments
    words = report.total_words
    text = (
        f"{seg.percent:.1f}% translated: {seg.translated}/{seg.total} segments, "
        f"{words.translated}/{words.total} words; {seg.fuzzy} drafts to review, "
        f"{seg.untranslated} untranslated; {report.complete_catalogs}/{report.catalogs} "
        "catalogs complete"
    )
    if report.errors:
        text += f"; {len(report.errors)} unreadable"
    return text


# ---------------------------------------------------------------------------------------------
# markdown and csv


def _md_escape(text: str) -> str:
    out = html.escape(text, quote=False)
    for ch in "\\`*_[]|#":
        out = out.replace(ch, "\\" + ch)
    return out


def write_markdown(report: StatusReport, out: TextIO) -> None:
    """A table for a pull-request comment: % translated per cell, with totals."""
    langs = report.languages
    out.write(
        "| article | " + " | ".join(langs) + " |\n"
        "| --- | " + " | ".join("---:" for _ in langs) + " |\n"
    )
    for article in report.articles:
        cells = []
        for lang in langs:
            cell = report.cell(article, lang)
            if cell is None:
                cells.append("–")
            elif cell.error:
                cells.append("⚠ error")
            else:
                mark = "✅ " if cell.complete else ""
                cells.append(f"{mark}{cell.segments.percent:.0f}%")
        out.write(f"| {_md_escape(one_line(article))} | " + " | ".join(cells) + " |\n")
    totals = [f"**{report.language_segments(lang).percent:.1f}%**" for lang in langs]
    out.write("| **total** | " + " | ".join(totals) + " |\n\n")
    out.write(
        "| language | % | "
        + " | ".join(LANGUAGE_COLUMNS)
        + " |\n| --- | ---: | "
        + " | ".join("---:" for _ in LANGUAGE_COLUMNS)
        + " |\n"
    )
    for lang in langs:
        s = report.language_segments(lang)
        values = language_values(s, report.language_words(lang))
        out.write(f"| {lang} | {s.percent:.1f}% | " + " | ".join(str(v) for v in values) + " |\n")
    out.write("\n" + summary_line(report) + "\n")


# the table per language of the Markdown report and of the HTML page: the same columns, from
# the same counts
LANGUAGE_COLUMNS = (
    "translated",
    "MT drafts",
    "memory drafts",
    "source changed",
    "other drafts",
    "untranslated",
    "words translated",
    "words left",
)


def language_values(s: Counts, w: Counts) -> tuple[str | int, ...]:
    """The ``LANGUAGE_COLUMNS`` of a language's segments ``s`` and words ``w``."""
    return (
        f"{s.translated}/{s.total}",
        *(n for _key, n in s.by_state()[1:]),
        f"{w.translated}/{w.total}",
        w.total - w.translated,
    )


CSV_COLUMNS = (
    "article",
    "language",
    "unit",
    "total",
    "translated",
    "fuzzy",
    "mt",
    "tm",
    "source_changed",
    "other_fuzzy",
    "untranslated",
    "obsolete",
    "percent",
    "missing",
    "error",
)


def write_csv(report: StatusReport, out: TextIO) -> None:
    """One row per article × language × unit (segments, words)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for article in report.articles:
        for lang in report.languages:
            cell = report.cell(article, lang)
            if cell is None:
                continue
            for unit, c in (("segments", cell.segments), ("words", cell.words)):
                writer.writerow(
                    [
                        one_line(article),
                        lang,
                        unit,
                        c.total,
                        c.translated,
                        c.fuzzy,
                        c.mt,
                        c.tm,
                        c.changed,
                        c.fuzzy_other,
                        c.untranslated,
                        c.obsolete,
                        f"{c.percent:.1f}",
                        int(cell.missing),
                        one_line(cell.error[0]) if cell.error else "",
                    ]
                )


# ---------------------------------------------------------------------------------------------
# html


_CSS = """
.lead{margin:.3em 0}
.title{color:#555;font-size:.85em;font-weight:normal}
th.article{min-width:14em;max-width:30em}
.note{font-size:.8em;color:#6a1b9a}
.controls{display:flex;flex-wrap:wrap;gap:.5em 1.2em;align-items:center;margin:.6em 0;
font-size:.95em}
.controls[hidden]{display:none}
.controls label{display:flex;gap:.35em;align-items:center}
#articles th button{all:unset;cursor:pointer;display:block;width:100%}
#articles th button:focus-visible{outline:2px solid #0b57d0}
#articles th[aria-sort=ascending] button::after{content:" \\25B2";font-size:.7em}
#articles th[aria-sort=descending] button::after{content:" \\25BC";font-size:.7em}
#articles td.lang{font-weight:600}
.pct{font-variant-numeric:tabular-nums;font-size:.85em}
.files{font-size:.85em;white-space:nowrap}
.zero{color:#aaa}
@media print{#articles th button::after{content:""!important}}
"""

# Sorting and filtering the articles table, without network: the page's only script (allowed
# by its hash). The state of the controls is kept in the address (#lang=ar&show=review&
# sort=left&dir=desc), so a filtered view can be bookmarked or sent. The page holds every row
# (read without the script, printed); once the script runs, the table holds the rows that
# match, in order, the first ROW_LIMIT of them until "show all" is asked for: laying out a
# table costs time in proportion to its rows, and a sort or a filter lays it out again.
ROW_LIMIT = 500
_SCRIPT = """(function(){"use strict";
var table=document.getElementById("articles");if(!table)return;
var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows),limit=LIMIT,all=false;
var heads=Array.prototype.slice.call(table.tHead.rows[0].cells);
var lang=document.getElementById("f-lang"),show=document.getElementById("f-show"),
find=document.getElementById("f-find"),count=document.getElementById("f-count"),
more=document.getElementById("f-all");
var keys=rows.map(function(r,i){return{row:r,i:i,lang:r.getAttribute("data-lang"),
k:" "+r.getAttribute("data-k")+" ",name:r.getAttribute("data-article").toLowerCase()};});
var order=keys.slice(),sorted=null,desc=false;
function value(key,col){if(!key.v)key.v={};if(!(col in key.v)){var c=key.row.cells[col],
v=c?c.getAttribute("data-v"):null;key.v[col]=v===null?(c?c.textContent.trim().toLowerCase():"")
:parseFloat(v);}return key.v[col];}
function render(){var l=lang.value,s=show.value,f=find.value.trim().toLowerCase();
var match=order.filter(function(k){return(!l||k.lang===l)&&(!s||k.k.indexOf(" "+s+" ")>=0)
&&(!f||k.name.indexOf(f)>=0);});var shown=all?match:match.slice(0,limit);
var part=document.createDocumentFragment();shown.forEach(function(k){part.appendChild(k.row);});
body.replaceChildren(part);more.hidden=shown.length>=match.length;
count.textContent=(shown.length<match.length?"first "+shown.length+" of ":"")+match.length+
" of "+rows.length+" shown";}
function sort(col,descending){sorted=col;desc=descending;
var numeric=heads[col].getAttribute("data-type")==="n";
order=keys.slice().sort(function(a,b){var x=value(a,col),y=value(b,col),d;
if(numeric){d=(isNaN(x)?-1:x)-(isNaN(y)?-1:y);}else{d=x<y?-1:x>y?1:0;}
if(descending)d=-d;return d||a.i-b.i;});
heads.forEach(function(h,i){if(h.querySelector("button"))h.setAttribute("aria-sort",
i===col?(descending?"descending":"ascending"):"none");});}
function save(){var p=new URLSearchParams();if(lang.value)p.set("lang",lang.value);
if(show.value)p.set("show",show.value);if(find.value)p.set("find",find.value);
if(sorted!==null){p.set("sort",heads[sorted].getAttribute("data-key"));
p.set("dir",desc?"desc":"asc");}var h=p.toString();
try{history.replaceState(null,"",h?"#"+h:location.pathname+location.search);}catch(e){}}
function load(){var p=new URLSearchParams(location.hash.slice(1));
if(p.has("lang"))lang.value=p.get("lang");if(lang.selectedIndex<0)lang.value="";
if(p.has("show"))show.value=p.get("show");if(show.selectedIndex<0)show.value="";
if(p.has("find"))find.value=p.get("find");
heads.forEach(function(h,i){if(h.getAttribute("data-key")===p.get("sort")&&h.querySelector("button"))
sort(i,p.get("dir")==="desc");});render();}
heads.forEach(function(h,i){var b=h.querySelector("button");if(!b)return;
b.addEventListener("click",function(){sort(i,sorted===i?!desc:h.getAttribute("data-type")==="n");
render();save();});});
[lang,show].forEach(function(c){c.addEventListener("change",function(){render();save();});});
find.addEventListener("input",function(){render();save();});
more.addEventListener("click",function(){all=true;render();});
document.getElementById("controls").hidden=false;load();
})();""".replace("LIMIT", str(ROW_LIMIT))

# what is left, as the "show" filter offers it: (word in a row's data-k, label)
SHOW_FILTERS = (
    ("incomplete", "not complete"),
    ("review", "drafts to review"),
    ("mt", "MT drafts"),
    ("tm", "memory drafts"),
    ("changed", "source changed"),
    ("untranslated", "untranslated segments"),
    ("missing", "no PO file yet"),
    ("error", "unreadable"),
    ("complete", "complete"),
)


def _bar(c: Counts) -> str:
    """Segments by state, in the order and colours of ``pages.STATES``."""
    label = f"{c.percent:.1f}% translated"
    if c.total == 0:
        return f'<div class="bar" role="img" aria-label="{label}"></div>'
    parts = "".join(
        f'<span class="s-{key}" style="width:{100.0 * n / c.total:.2f}%"></span>'
        for key, n in c.by_state()
        if n
    )
    return f'<div class="bar" role="img" aria-label="{label}">{parts}</div>'


def _row_kinds(cell: CatalogStatus) -> str:
    """The words of the "show" filter a row answers to."""
    if cell.error is not None:
        return "error incomplete"
    s = cell.segments
    kinds = ["complete" if cell.complete else "incomplete"]
    if s.fuzzy:
        kinds.append("review")
    kinds += [key for key, n in s.by_state()[1:] if n]
    if cell.missing:
        kinds.append("missing")
    return " ".join(kinds)


def _num(n: int, title: str = "") -> str:
    attr = f' title="{esc1(title)}"' if title else ""
    return f'<td class="num{"" if n else " zero"}" data-v="{n}"{attr}>{n}</td>'


def write_html(
    report: StatusReport,
    out: TextIO,
    *,
    project: str = "tmflow project",
    info: PageInfo | None = None,
    links: FileLinks | None = None,
    reviews: Mapping[tuple[str, str], str] | None = None,
    heading: str = "Translation status",
) -> None:
    """One self-contained page: a legend, when and from which commit it was made, a table
    per language, and a table of every article in every language (drafts by kind, words
    left, links to the PO files and, with ``reviews`` (hrefs by (article, language)), to the
    review pages) that sorts and filters in the browser (inline script, no network).

    Every text that comes from a file (article names, headlines, translations, error
    messages, paths) is escaped (``pages.esc1``); a translated headline carries the ``lang``
    and ``dir`` of its language (``rtl`` for Arabic, Hebrew, Persian, Urdu). ``info`` None
    leaves out the line saying when the page was made; ``links`` None links to no file."""
    langs = report.languages
    write = out.write
    title = f"{heading}: {project}"
    parts = [
        head(title, _CSS, _SCRIPT),
        f"<h1>{esc1(title)}</h1>",
        f'<p class="made">{info.html()}</p>' if info is not None else "",
        f'<p class="lead">{esc1(summary_line(report))}</p>',
        legend(STATES),
        "<h2>Languages</h2>",
        '<table id="languages"><thead><tr><th>language</th><th>progress</th>'
        "<th>translated</th><th>MT drafts</th><th>memory drafts</th><th>source changed</th>"
        "<th>other drafts</th><th>untranslated</th><th>words translated</th>"
        "<th>words left</th></tr></thead><tbody>",
    ]
    for lang in langs:
        s = report.language_segments(lang)
        w = report.language_words(lang)
        parts.append(
            f'<tr data-lang="{esc1(lang)}"><th>{esc1(lang)}</th><td>{_bar(s)}'
            f'<span class="pct">{s.percent:.1f}%</span></td>'
            + "".join(
                _num(v) if isinstance(v, int) else f'<td class="num">{v}</td>'
                for v in language_values(s, w)
            )
            + "</tr>"
        )
    parts.append("</tbody></table>")
    parts.append("<h2>Articles</h2>")
    options = "".join(f'<option value="{esc1(lang)}">{esc1(lang)}</option>' for lang in langs)
    shows = "".join(f'<option value="{key}">{esc1(label)}</option>' for key, label in SHOW_FILTERS)
    parts.append(
        '<div class="controls" id="controls" hidden>'
        f'<label>language <select id="f-lang"><option value="">all</option>{options}</select>'
        "</label>"
        f'<label>show <select id="f-show"><option value="">everything</option>{shows}</select>'
        "</label>"
        '<label>article <input id="f-find" type="search" placeholder="name contains…"></label>'
        '<span id="f-count" aria-live="polite"></span>'
        '<button type="button" id="f-all" hidden>show all</button>'
        "<span>click a column heading to sort, again to reverse</span></div>"
    )
    columns = [
        ("article", "article", "t"),
        ("lang", "language", "t"),
        ("pct", "progress", "n"),
        ("translated", "translated", "n"),
        ("mt", "MT drafts", "n"),
        ("tm", "memory drafts", "n"),
        ("changed", "source changed", "n"),
        ("fuzzy", "other drafts", "n"),
        ("untranslated", "untranslated", "n"),
        ("left", "words left / total", "n"),
    ]
    heads = "".join(
        f'<th data-key="{key}" data-type="{kind}" aria-sort="none">'
        f'<button type="button">{label}</button></th>'
        for key, label, kind in columns
    )
    heads += "<th>file</th>" + ("<th>review</th>" if reviews is not None else "")
    parts.append(f'<table id="articles"><thead><tr>{heads}</tr></thead><tbody>')
    write("\n".join(p for p in parts if p) + "\n")
    for article in report.articles:
        cells = [report.cell(article, lang) for lang in langs]
        source_title = next((c.title[0] for c in cells if c and c.title and c.title[0]), "")
        rows = []
        for lang, cell in zip(langs, cells):
            if cell is None:
                continue
            rows.append(
                f'<tr data-article="{esc1(article)}" data-lang="{esc1(lang)}" '
                f'data-k="{_row_kinds(cell)}">{_article_column(article, source_title, cell)}'
                f'<td class="lang">{esc1(lang)}</td>'
                + _cell_columns(cell, lang, links)
                + (_review_column(reviews.get((article, lang))) if reviews is not None else "")
                + "</tr>"
            )
        write("\n".join(rows) + ("\n" if rows else ""))
    write("</tbody></table>\n" + tail(_SCRIPT))


def _article_column(article: str, source_title: str, cell: CatalogStatus) -> str:
    """The article's name, and its headline: translated where it is (in the language's own
    direction), else the source's."""
    translated = cell.title[1] if cell.title and cell.error is None else ""
    if translated:
        lang = cell.language
        title = (
            f'<div class="title translation" lang="{html_lang(lang)}" dir="{direction(lang)}" '
            f'title="{esc1(source_title)}">{esc1(translated)}</div>'
        )
    elif source_title:
        title = f'<div class="title" lang="en" dir="ltr">{esc1(source_title)}</div>'
    else:
        title = ""
    return f'<th class="article">{esc1(article)}{title}</th>'


def _cell_columns(cell: CatalogStatus, lang: str, links: FileLinks | None) -> str:
    """Progress, the segments by state, the words left and the file of one article in one
    language."""
    s = cell.segments
    w = cell.words
    files = _file_links(cell, links)
    if cell.error is not None:
        where = f" (line {cell.error[1]})" if cell.error[1] else ""
        return (
            f'<td class="err" data-v="-1">unreadable{where}: {esc1(cell.error[0])}</td>'
            + '<td data-v="-1"></td>' * 7
            + f'<td class="files">{files}</td>'
        )
    missing = '<div class="note">no PO file yet</div>' if cell.missing else ""
    return (
        f'<td data-v="{s.percent:.3f}" data-lang="{esc1(lang)}">{_bar(s)}'
        f'<span class="pct">{s.percent:.1f}%</span>{missing}</td>'
        f'<td class="num" data-v="{s.translated}">{s.translated}/{s.total}</td>'
        + "".join(_num(n) for _key, n in s.by_state()[1:])
        + f'<td class="num" data-v="{w.total - w.translated}" '
        f'title="{w.translated} of {w.total} words translated">'
        f"{w.total - w.translated} / {w.total}</td>"
        f'<td class="files">{files}</td>'
    )


def _file_links(cell: CatalogStatus, links: FileLinks | None) -> str:
    """The PO file (or the template a cell was counted from): a relative link, and a link to
    the repository's web view where one is configured."""
    if links is None:
        return f"<code>{esc1(os.path.basename(cell.path))}</code>"
    what = "template" if cell.missing else "PO file"
    local = (
        f'<a href="{esc1(links.href(cell.path))}" title="{esc1(links.shown(cell.path))}">'
        f"{what}</a>"
    )
    web = links.web(cell.path)
    if web is None:
        return local
    return local + f' · <a href="{esc1(web)}" title="in the repository">web</a>'


def _review_column(href: str | None) -> str:
    if href is None:
        return "<td></td>"
    return f'<td><a href="{esc1(href)}">review</a></td>'


render_json = as_text(write_json)
render_text = as_text(write_text)
render_markdown = as_text(write_markdown)
render_csv = as_text(write_csv)
render_html = as_text(write_html)
WRITERS: dict[str, Callable[..., None]] = {
    "text": write_text,
    "json": write_json,
    "markdown": write_markdown,
    "csv": write_csv,
    "html": write_html,
}
