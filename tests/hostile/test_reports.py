"""Every report format, fed arbitrary strings and file names (control characters, ESC, lone
surrogates from names that are not UTF-8, non-characters, line breaks, ``%``, ``:``, ``,``),
stays valid: parsed back by an XML parser, ``json``, the SARIF 2.1.0 shape, the GitHub
runner's rules, ``csv``; every output is valid UTF-8 and carries no raw control character."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from typing import Any
from xml.etree import ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import tried
from tmflow.core.model import Finding
from tmflow.steps.qa import render as check_render
from tmflow.steps.qa.check import CheckReport
from tmflow.steps.report import render as status_render
from tmflow.steps.report.status import StatusReport

# any character at all, lone surrogates and non-characters included
ANY = st.text(st.characters(exclude_categories=()), max_size=30)
HOSTILE = st.sampled_from(
    [
        "\x1b[31mred\x1b[0m",
        "a\x01b",
        "line\nbreak\r\nand\rcr",
        "100% done: a,b::c",
        "\ufffe\uffff",
        "\x7f\x85\x9b",
        "\u2028\u2029",
        "tab\there",
        "",
    ]
)
# file names as the file system hands them over: bytes that need not be UTF-8 (PEP 383)
NAMES = st.binary(min_size=1, max_size=24).map(lambda b: os.fsdecode(b.replace(b"\0", b"_")))
TEXT = st.one_of(ANY, HOSTILE, NAMES)
SEVERITY = st.sampled_from(["error", "warning", "info"])
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# characters a URI may hold (RFC 3986: unreserved, reserved, and % of a %XX escape)
URI = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$")


# the documented escapes, written again here as the oracle: the bytes of a name that is not
# UTF-8 as \xNN, other lone surrogates and U+FFFE/U+FFFF as \uNNNN, control characters as \xNN


def _esc(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def valid_unicode(text: str) -> str:
    return "".join(_esc(c) if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def printable(text: str) -> str:
    """Control characters but tab and line breaks, and what XML 1.0 cannot hold, escaped."""
    bad = set(range(0x20)) - {0x09, 0x0A, 0x0D} | set(range(0x7F, 0xA0)) | {0xFFFE, 0xFFFF}
    return "".join(_esc(c) if ord(c) in bad or 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def one_line(text: str) -> str:
    return printable(text).replace("\t", "\\x09").replace("\n", "\\x0a").replace("\r", "\\x0d")


@st.composite
def findings(draw: Any) -> Finding:
    return Finding(
        draw(st.sampled_from(["numbers", "po-syntax", "urls", "glossary-missing"])),
        draw(SEVERITY),
        draw(TEXT),
        draw(st.one_of(NAMES, TEXT)),
        draw(st.one_of(st.none(), st.integers(1, 10**6))),
        draw(st.one_of(st.none(), st.sampled_from(["ru", "az", "ar"]))),
        draw(st.one_of(st.none(), TEXT)),
    )


def _check_report(items: list[Finding], notes: list[str]) -> CheckReport:
    items = sorted(items, key=lambda f: (f.path, f.line or 0, f.check))
    return CheckReport(findings=items, files=len(items) + 1, languages=("ru",), notes=notes)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")  # strict: a lone surrogate left in would raise here


settings_ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings_
@given(st.lists(findings(), max_size=6), st.lists(TEXT, max_size=2))
def test_every_check_format_parses_whatever_the_findings_hold(
    items: list[Finding], notes: list[str]
) -> None:
    tried("reports", 5)
    report = _check_report(items, notes)
    outputs = {fmt: check_render.WRITERS[fmt] for fmt in check_render.FORMATS}
    for fmt, writer in outputs.items():
        buf = io.StringIO()
        writer(report, buf)
        text = buf.getvalue()
        _utf8(text)
        assert not RAW_CONTROL.search(text), (fmt, text)
    # JSON: parses, and keeps every finding, its texts as valid Unicode
    doc = json.loads(_utf8(check_render.render_json(report)).decode("utf-8"))
    assert len(doc["findings"]) == len(items)
    for got, want in zip(doc["findings"], report.iter_findings()):
        assert got["check"] == want.check and got["line"] == want.line
        # every character kept as it is, but the bytes of names that are not UTF-8
        assert got["message"] == valid_unicode(want.message)
        assert got["path"] == valid_unicode(want.path)
    # JUnit: an XML parser reads it; a test case per file and check
    root = ET.fromstring(_utf8(check_render.render_junit(report)))
    cases = root.findall("./testsuite/testcase")
    assert int(root.get("tests", "-1")) == len(cases)
    # SARIF 2.1.0: the shape code scanning reads
    _assert_sarif(json.loads(_utf8(check_render.render_sarif(report))), len(items))
    # GitHub: the runner's parse gives back every message and file name, made printable
    lines = check_render.render_github(report).rstrip("\n").split("\n") if items or notes else []
    assert len(lines) == len(items) + len(notes)
    for line, f in zip(lines, report.iter_findings()):
        command, props, data = _parse_annotation(line)
        assert command == {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
        assert props["file"] == printable(f.path)
        assert data == printable(f"[{f.check}] {f.message}")
    # text: one line per finding (no line break from a message)
    text = check_render.render_text(report)
    assert sum(1 for line in text.split("\n") if "] " in line) >= len(items)


def _assert_sarif(doc: dict[str, Any], n: int) -> None:
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "tmflow" and isinstance(driver["rules"], list)
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(run["results"]) == n
    for result in run["results"]:
        assert result["level"] in ("error", "warning", "note", "none")
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert isinstance(result["message"]["text"], str)
        location = result["locations"][0]["physicalLocation"]
        assert URI.match(location["artifactLocation"]["uri"]), location
        if "region" in location:
            assert location["region"]["startLine"] >= 1


_PROPERTY_ESCAPES = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
_DATA_ESCAPES = {"%25": "%", "%0D": "\r", "%0A": "\n"}


def _unescape(text: str, table: dict[str, str]) -> str:
    return re.sub("%25|%0D|%0A|%3A|%2C", lambda m: table.get(m.group(), m.group()), text)


def _parse_annotation(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner parses it: ``::name k=v,k=v::data``."""
    assert line.startswith("::"), line
    head, sep, data = line[2:].partition("::")
    assert sep, line
    command, _, rest = head.partition(" ")
    props = {}
    for pair in rest.split(",") if rest else ():
        key, eq, value = pair.partition("=")
        assert eq, line
        props[key] = _unescape(value, _PROPERTY_ESCAPES)
    return command, props, _unescape(data, _DATA_ESCAPES)


@st.composite
def status_reports(draw: Any) -> StatusReport:
    langs = ("ru", "ar")
    # article names come from file names: anything a file system holds
    articles = tuple(
        draw(
            st.lists(
                st.one_of(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), NAMES),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
    )
    folder = draw(st.one_of(NAMES, TEXT))
    report = StatusReport(
        langs, articles, locales_dir=f"/p/{folder}/locales", templates_dir=f"/p/{folder}/t"
    )
    for slot in range(len(articles) * len(langs)):
        segs = draw(st.lists(st.integers(0, 50), min_size=7, max_size=7))
        words = draw(st.lists(st.integers(0, 500), min_size=7, max_size=7))
        error = draw(
            st.one_of(st.none(), st.tuples(TEXT, st.one_of(st.none(), st.integers(1, 99))))
        )
        title = draw(st.one_of(st.none(), st.tuples(TEXT, TEXT)))
        report._fill(
            (slot,),
            draw(st.booleans()),
            [segs, words, None, list(error) if error else None, list(title) if title else None],
            100,
            1,
            True,
        )
    return report


@settings_
@given(status_reports(), st.one_of(ANY, NAMES))
def test_every_status_format_parses_whatever_the_report_holds(
    report: StatusReport, project: str
) -> None:
    tried("reports", 5)
    for fmt in status_render.FORMATS:
        buf = io.StringIO()
        options: dict[str, Any] = {"project": project} if fmt == "html" else {}
        status_render.WRITERS[fmt](report, buf, **options)
        text = buf.getvalue()
        _utf8(text)
        assert not RAW_CONTROL.search(text), (fmt, text)
    doc = json.loads(_utf8(status_render.render_json(report)))
    assert doc == json.loads(json.dumps(status_render.to_json(report)))
    for cell in report.errors:
        assert cell.error is not None
        shown = doc["articles"][valid_unicode(cell.article)][cell.language]
        assert shown["error"]["message"] == valid_unicode(cell.error[0])
        assert shown["path"] == valid_unicode(cell.path)
    rows = list(csv.reader(io.StringIO(status_render.render_csv(report))))
    assert rows[0][0] == "article" and all(len(row) == len(rows[0]) for row in rows)
    expected = [
        (one_line(article), lang, one_line(cell.error[0]) if cell.error else "")
        for article in report.articles
        for lang in report.languages
        if (cell := report.cell(article, lang)) is not None
        for _unit in ("segments", "words")
    ]
    assert [(row[0], row[1], row[-1]) for row in rows[1:]] == expected
    assert set(doc["articles"]) == {valid_unicode(a) for a in report.articles}


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes() -> None:
    tried("names")
    name = os.fsdecode(b"locales/ru/caf\xe9\xff.po")
    report = _check_report([Finding("po-syntax", "error", "bad", name, 3)], [])
    renders = {
        "text": check_render.render_text,
        "json": check_render.render_json,
        "github": check_render.render_github,
        "junit": check_render.render_junit,
    }
    for fmt, render in renders.items():
        out = render(report)
        _utf8(out)
        shown = json.loads(out)["findings"][0]["path"] if fmt == "json" else out
        assert "caf\\xe9\\xff.po" in shown, (fmt, out)
    sarif = json.loads(check_render.render_sarif(report))
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == "locales/ru/caf%E9%FF.po"  # the file's own bytes, percent-encoded
