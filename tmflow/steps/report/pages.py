"""What the HTML pages share: the states and their colours, escaping, links to files, the
line saying when and from which commit a page was made, and the page's head.

Two pages are made: the status page (``tmflow status --format html``, ``render.write_html``)
and the bilingual review page of an article (``tmflow review``, ``review_html``). Both are one
self-contained file: inline CSS and at most one inline script, allowed by its hash in the
page's Content-Security-Policy (so no other script can run, whatever a file name or a
translation holds), no request to the network, printable (the controls are not printed and the
colours are).

Escaping follows ``tmflow.core.display``: control characters and the bytes of file names that
are not UTF-8 are shown as ``\\xNN`` escapes (``printable``, ``one_line``), then the text is
HTML-escaped (quotes too, so the same function serves text and attribute values). Links to
files are percent-encoded relative paths (a file name can never become a scheme such as
``javascript:``), or the configured web view's URL (``[tool.tmflow.report] file-url``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from tmflow import __version__
from tmflow.core.display import one_line, printable
from tmflow.core.languages import get_language
from tmflow.io.config import Config
from tmflow.io.git import Head


@dataclass(frozen=True)
class StateStyle:
    """How a state looks on every page: the same name, colour and order everywhere."""

    key: str  # the EntryState value (and the page's CSS class ``s-<key>``)
    label: str
    colour: str  # bars, swatches and the border of a segment
    tint: str  # the background of a segment of the review page
    description: str


STATES: tuple[StateStyle, ...] = (
    StateStyle("translated", "translated", "#2e7d32", "#e8f5e9", "reviewed by a person"),
    StateStyle("mt", "MT draft", "#f9a825", "#fff4cc", "machine translation, to review"),
    StateStyle("tm", "memory draft", "#1e88e5", "#e3f0fc", "translation memory match, to review"),
    StateStyle(
        "changed",
        "source changed",
        "#c2185b",
        "#fce4ec",
        "the source was edited; the old translation is kept, to review",
    ),
    StateStyle("fuzzy", "other draft", "#8d6e63", "#efebe9", "marked fuzzy, to review"),
    StateStyle("untranslated", "untranslated", "#9e9e9e", "#f4f4f4", "no translation yet"),
)
# states only the review page shows
REVIEW_STATES: tuple[StateStyle, ...] = (
    StateStyle(
        "copied", "copied", "#00897b", "#e0f2f1", "nothing to translate: the source is kept"
    ),
    StateStyle(
        "conflict",
        "merge conflict",
        "#d32f2f",
        "#ffebee",
        "two branches translated it differently: a reviewer chooses",
    ),
    StateStyle(
        "missing",
        "not in the PO file",
        "#6a1b9a",
        "#ffffff",
        "the source has it, the PO file not yet (run tmflow update)",
    ),
)
STYLE = {s.key: s for s in STATES + REVIEW_STATES}
OTHER = StateStyle("other", "other", "#546e7a", "#eceff1", "a state this page does not know")


def style_of(state: str) -> StateStyle:
    """The style of a state; an unknown one (a newer tmflow's) looks like ``OTHER``, with its
    own name."""
    found = STYLE.get(state)
    if found is not None:
        return found
    return StateStyle("other", state, OTHER.colour, OTHER.tint, OTHER.description)


def esc(text: str) -> str:
    """Text (or an attribute value) from a file, safe in HTML; line breaks kept."""
    return html.escape(printable(text), quote=True)


def esc1(text: str) -> str:
    """``esc`` for what must stay on one line (names, paths, messages)."""
    return html.escape(one_line(text), quote=True)


def html_lang(code: str) -> str:
    """A gettext language code as an HTML ``lang`` value (``pt_BR`` → ``pt-BR``)."""
    code = code.split(".", 1)[0].split("@", 1)[0].replace("_", "-")
    return code if code and all(c.isalnum() or c == "-" for c in code) else "und"


def direction(code: str) -> str:
    language = get_language(code)
    return "rtl" if language is not None and language.rtl else "ltr"


# ---------------------------------------------------------------------------------------------
# when and from what a page was made


@dataclass(frozen=True)
class PageInfo:
    """When a page was made, by which tmflow, from which commit."""

    generated: datetime
    head: Head | None = None
    generator: str = f"tmflow {__version__}"

    @property
    def date(self) -> str:
        return self.generated.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")

    def html(self) -> str:
        when = self.generated.astimezone(UTC).isoformat(timespec="seconds")
        text = f'Made <time datetime="{esc1(when)}">{esc1(self.date)}</time> by {esc1(self.generator)}'
        if self.head is None:
            return text + ", not from a git commit (no repository, or git is not installed)."
        commit = (
            f'<code class="commit" title="{esc1(self.head.commit)}">{esc1(self.head.short)}</code>'
        )
        if self.head.dirty:
            return text + f" from commit {commit} with uncommitted changes."
        return text + f" from commit {commit}."


def page_info(config: Config, now: datetime) -> PageInfo:
    """The page information of ``config``'s project at ``now`` (asks git for the commit)."""
    from tmflow.io.git import head

    return PageInfo(now, head(config.root))


def file_links(config: Config, base: Path, info: PageInfo) -> FileLinks:
    """Links from a page written into the folder ``base`` to ``config``'s files."""
    return FileLinks(base, config.root, config.report.file_url, info.head)


# ---------------------------------------------------------------------------------------------
# links to files


def _url_path(path: str) -> str:
    return quote(path.replace(os.sep, "/").encode("utf-8", "surrogateescape"), safe="/")


@dataclass(frozen=True)
class FileLinks:
    """How a page links to a project file: a relative link from the folder the page is
    written to, and a link to the repository's web view where one is configured (``{ref}``
    is the commit the page was made from: without one, no web link)."""

    base: Path  # the folder the page is in
    root: Path  # the project's folder (paths are shown relative to it)
    file_url: str | None = None
    head: Head | None = None

    def shown(self, path: str | Path) -> str:
        """``path`` as a page shows it: relative to the project."""
        where = os.path.abspath(path)
        root = os.path.abspath(self.root).rstrip(os.sep) + os.sep
        return where[len(root) :] if where.startswith(root) else where

    def href(self, path: str | Path) -> str:
        """A relative URL of ``path`` from the page."""
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.base))
        return "./" + _url_path(rel)

    def web(self, path: str | Path, line: int | None = None) -> str | None:
        """The URL of ``path`` (at ``line``) in the repository's web view, or None."""
        if self.file_url is None or self.head is None:
            return None
        where = os.path.abspath(path)
        top = os.path.abspath(self.head.toplevel)
        if not where.startswith(top.rstrip(os.sep) + os.sep):
            return None
        rel = where[len(top.rstrip(os.sep)) + 1 :]
        url = self.file_url.format(ref=quote(self.head.commit, safe=""), path=_url_path(rel))
        return f"{url}#L{line}" if line else url


# ---------------------------------------------------------------------------------------------
# the page


BASE_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;
margin:1.5em 2em;color:#222;line-height:1.45}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.2em 0 .4em}
.made{color:#555;font-size:.9em;margin:.2em 0 .8em}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.9em}
a{color:#0b57d0}
table{border-collapse:collapse}
th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
th{background:#f3f3f3;text-align:start}
.legend{display:flex;flex-wrap:wrap;gap:.3em 1.2em;margin:.5em 0 1em;padding:0;list-style:none;
font-size:.9em}
.legend li{display:flex;align-items:center;gap:.35em}
.sw{display:inline-block;width:1.1em;height:.9em;border-radius:2px;background:var(--c);
border:1px solid rgba(0,0,0,.25)}
.bar{display:flex;width:9em;height:.8em;background:#eee;border-radius:3px;overflow:hidden}
.bar span{display:block;height:100%;background:var(--c)}
.err{color:#b71c1c}
.num{text-align:end;font-variant-numeric:tabular-nums;white-space:nowrap}
@media print{
 body{margin:0;font-size:10pt}
 .controls,.noprint{display:none!important}
 a{color:inherit;text-decoration:none}
 tr,.blk{break-inside:avoid}
}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
"""


def state_css() -> str:
    """``--c`` (strong colour) and ``--t`` (tint) of every state's class; source changed
    striped, so that it differs from an MT draft without colour too."""
    rules = [f".s-{s.key}{{--c:{s.colour};--t:{s.tint}}}" for s in (*STATES, *REVIEW_STATES)]
    rules.append(f".s-other{{--c:{OTHER.colour};--t:{OTHER.tint}}}")
    rules.append(
        ".bar .s-changed,.sw.s-changed{background:repeating-linear-gradient("
        "135deg,#c2185b 0 3px,#f06292 3px 6px)}"
    )
    rules.append(".bar .s-untranslated{background:#e0e0e0}")
    return "\n".join(rules) + "\n"


def legend(states: Iterable[StateStyle]) -> str:
    items = "".join(
        f'<li title="{esc1(s.description)}"><span class="sw s-{s.key}"></span>{esc1(s.label)}</li>'
        for s in states
    )
    return f'<ul class="legend" aria-label="colours">{items}</ul>'


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def head(title: str, css: str, script: str | None = None) -> str:
    """``<!DOCTYPE html>`` to ``<body>``: a policy that allows inline styles and only this
    page's own script (by its hash), nothing from the network."""
    scripts = f" script-src '{script_hash(script)}';" if script else ""
    policy = (
        f"default-src 'none'; style-src 'unsafe-inline';{scripts} base-uri 'none'; "
        "form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc1(policy)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc1(title)}</title><style>{BASE_CSS}{state_css()}{css}</style></head>"
        "<body>\n"
    )


def tail(script: str | None = None) -> str:
    return (f"<script>{script}</script>" if script else "") + "</body></html>\n"
