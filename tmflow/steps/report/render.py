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

Words are source words (see ``tmflow.io.po.scan``); percentages in the table and HTML page are
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
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, cast

from tmflow import __version__
from tmflow.core.display import json_escapes, one_line, valid_unicode
from tmflow.core.languages import get_language
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


def write_text(report: StatusReport, out: TextIO, *, color: bool = False) -> None:
    """A matrix (articles × languages, % of segments translated), then a breakdown per
    language in segments and words."""
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
            f"{one_line(cell.path)}:{cell.error[1] or 1}: error: "  # type: ignore[index]
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
        "| language | translated | drafts (MT / memory / source changed / other) "
        "| untranslated | words translated |\n"
    )
    out.write("| --- | ---: | ---: | ---: | ---: |\n")
    for lang in langs:
        s = report.language_segments(lang)
        w = report.language_words(lang)
        out.write(
            f"| {lang} | {s.translated}/{s.total} | {s.fuzzy} ({s.mt} / {s.tm} / "
            f"{s.changed} / {s.fuzzy_other}) | {s.untranslated} | "
            f"{w.translated}/{w.total} |\n"
        )
    out.write("\n" + summary_line(report) + "\n")


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
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin-bottom:2em}
th,td{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}
th{background:#f3f3f3;text-align:left}
.bar{display:flex;width:10em;height:.8em;background:#eee;border-radius:3px;overflow:hidden}
.bar span{display:block;height:100%}
.t{background:#2e7d32}.d{background:#f9a825}.u{background:#e0e0e0}
.pct{font-variant-numeric:tabular-nums}
.title{color:#555;font-size:.85em;max-width:22em}
.err{color:#b71c1c}
"""


def _bar(c: Counts) -> str:
    if c.total == 0:
        return '<div class="bar"></div>'
    t = 100.0 * c.translated / c.total
    d = 100.0 * c.fuzzy / c.total
    u = max(0.0, 100.0 - t - d)
    return (
        f'<div class="bar" role="img" aria-label="{c.percent:.1f}% translated">'
        f'<span class="t" style="width:{t:.2f}%"></span>'
        f'<span class="d" style="width:{d:.2f}%"></span>'
        f'<span class="u" style="width:{u:.2f}%"></span></div>'
    )


def write_html(report: StatusReport, out: TextIO, *, project: str = "tmflow project") -> None:
    """One self-contained page (inline CSS, no scripts, no external resources).

    Every text that comes from a file (article names, headlines, translations, error
    messages) is HTML-escaped; a translated headline carries ``lang`` and ``dir`` attributes
    of its language (``rtl`` for Arabic, Hebrew, Persian, Urdu)."""

    def e(text: str, quote: bool = True) -> str:
        return html.escape(one_line(text), quote)

    langs = report.languages
    write = out.write
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>Translation status: {e(project)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Translation status: {e(project)}</h1>",
        f"<p>{e(summary_line(report))}</p>",
        "<h2>Languages</h2>",
        '<table id="languages"><thead><tr><th>language</th><th>progress</th>'
        "<th>translated</th><th>drafts</th><th>untranslated</th><th>words translated</th>"
        "</tr></thead><tbody>",
    ]
    for lang in langs:
        s = report.language_segments(lang)
        w = report.language_words(lang)
        parts.append(
            f'<tr data-lang="{e(lang)}"><th>{e(lang)}</th><td>{_bar(s)}'
            f'<span class="pct">{s.percent:.1f}%</span></td><td>{s.translated}/{s.total}</td>'
            f"<td>{s.fuzzy} (MT {s.mt}, memory {s.tm}, source changed {s.changed}, "
            f"other {s.fuzzy_other})</td><td>{s.untranslated}</td>"
            f"<td>{w.translated}/{w.total}</td></tr>"
        )
    parts.append("</tbody></table>")
    parts.append("<h2>Articles</h2>")
    parts.append(
        '<table id="articles"><thead><tr><th>article</th>'
        + "".join(f"<th>{e(lang)}</th>" for lang in langs)
        + "</tr></thead><tbody>"
    )
    write("\n".join(parts) + "\n")
    for article in report.articles:
        cells = [report.cell(article, lang) for lang in langs]
        source_title = next((c.title[0] for c in cells if c and c.title and c.title[0]), "")
        row = [
            f'<tr data-article="{e(article)}"><th>{e(article)}'
            + (
                f'<div class="title" lang="en" dir="ltr">{e(source_title)}</div>'
                if source_title
                else ""
            )
            + "</th>"
        ]
        for lang, cell in zip(langs, cells):
            if cell is None:
                row.append("<td>–</td>")
                continue
            language = get_language(lang)
            direction = "rtl" if language and language.rtl else "ltr"
            if cell.error:
                row.append(f'<td class="err">error: {e(cell.error[0])}</td>')
                continue
            translated_title = cell.title[1] if cell.title else ""
            title_html = (
                (
                    f'<div class="title translation" lang="{e(lang)}" dir="{direction}">'
                    f"{e(translated_title)}</div>"
                )
                if translated_title
                else ""
            )
            missing = " (no PO file)" if cell.missing else ""
            row.append(
                f'<td data-lang="{e(lang)}" dir="{direction}" lang="{e(lang)}">'
                f'{_bar(cell.segments)}<span class="pct" dir="ltr">'
                f"{cell.segments.percent:.1f}%{missing}</span>{title_html}</td>"
            )
        write("".join(row) + "</tr>\n")
    write("</tbody></table></body></html>\n")


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
