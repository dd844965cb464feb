"""Formats of a check report: text, JSON, GitHub workflow annotations, JUnit XML, SARIF 2.1.0.

Every writer ``write_x(report, out)`` writes its format to a text stream finding by finding (a
large project's findings are never held whole); ``render_x(report)`` returns it as a string.
``summary_line`` is the line that always ends the output
(the command prints it last: on stdout for ``text`` and ``github``, on stderr for the formats
a machine parses — ``json``, ``junit``, ``sarif`` — so that stdout stays valid JSON/XML).

No format can be made invalid by what a finding carries (a message quoting a file, a file
name with control characters or bytes that are not UTF-8), see ``tmflow.core.display``:

* ``text``: control characters and line breaks as ``\\x1b``-style escapes (nothing a
  terminal would act on); file names that are not UTF-8 with ``\\xNN`` for their bytes;
* ``json``, ``sarif``: valid UTF-8 always (the bytes of a file name that is not UTF-8 as
  ``\\xNN`` text); every other character as it is, JSON escapes control characters;
* ``github``: the runner's escapes (``%25``, ``%0D``, ``%0A``; in properties also ``%3A``
  and ``%2C``), and no raw control character (``\\x1b``-style escapes);
* ``junit``: XML 1.0 characters only: what XML 1.0 cannot hold (C0 controls but tab and line
  breaks, U+FFFE, U+FFFF) and DEL and C1 controls are written as ``\\xNN`` / ``\\uNNNN``
  text.

JSON schema (``version`` 1, keys only ever added)::

    {"version": 1, "generator": "tmflow X.Y.Z",
     "summary": {"files": int, "errors": int, "warnings": int, "infos": int,
                 "failed": bool, "text": str},
     "notes": [str],
     "findings": [{"check": str, "severity": "error"|"warning"|"info", "message": str,
                   "path": str, "line": int|null, "language": str|null, "msgid": str|null}]}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import groupby
from typing import Any, TextIO
from xml.etree import ElementTree as ET

from tmflow import __version__
from tmflow.core.display import json_escapes, one_line, printable, valid_unicode
from tmflow.core.model import Finding
from tmflow.steps.qa.report import CheckReport
from tmflow.steps.writers import as_text

FORMATS = ("text", "json", "github", "junit", "sarif")
SCHEMA_VERSION = 1


def summary_line(report: CheckReport) -> str:
    errors, warnings, infos = (report.count(s) for s in ("error", "warning", "info"))
    verdict = "check failed" if report.failed else "check passed"
    missing = report.languages_without_files
    return (
        f"{verdict}: {errors} error{'s' * (errors != 1)}, {warnings} "
        f"warning{'s' * (warnings != 1)}, {infos} info in {report.files} "
        f"file{'s' * (report.files != 1)}"
        + (f" (no PO files for {', '.join(missing)})" if missing else "")
    )


def _loc(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line else path


def _safe(f: Finding) -> Finding:
    """A finding whose texts hold no control character and no undecodable byte."""
    return Finding(
        one_line(f.check),
        f.severity,
        one_line(f.message),
        one_line(f.path),
        f.line,
        None if f.language is None else one_line(f.language),
        None if f.msgid is None else one_line(f.msgid),
    )


def write_text(report: CheckReport, out: TextIO, *, color: bool = False) -> None:
    """Findings grouped by file (a blank line between files), then the notes."""
    colors = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
    write = out.write
    first = True
    for path, group in groupby(report.iter_findings(), key=lambda f: f.path):
        if not first:
            write("\n")
        first = False
        shown = one_line(path)
        for f in group:
            severity = f"{colors[f.severity]}{f.severity}\x1b[0m" if color else f.severity
            write(
                f"{_loc(shown, f.line)}: {severity} [{one_line(f.check)}] {one_line(f.message)}\n"
            )
    for i, note in enumerate(report.notes):
        write(f"{'' if first or i else chr(10)}note: {one_line(note)}\n")


def _json_head(report: CheckReport) -> dict[str, Any]:
    """Everything of ``to_json`` but the findings (an empty list, the last key)."""
    return {
        "version": SCHEMA_VERSION,
        "generator": f"tmflow {__version__}",
        "summary": {
            "files": report.files,
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "infos": report.count("info"),
            "failed": report.failed,
            "text": summary_line(report),
        },
        "notes": [valid_unicode(note) for note in report.notes],
        "findings": [],
    }


def to_json(report: CheckReport) -> dict[str, Any]:
    out = _json_head(report)
    v = _valid
    out["findings"] = [
        {
            "check": v(f.check),
            "severity": f.severity,
            "message": v(f.message),
            "path": v(f.path),
            "line": f.line,
            "language": v(f.language),
            "msgid": v(f.msgid),
        }
        for f in report.iter_findings()
    ]
    return out


def write_json(report: CheckReport, out: TextIO) -> None:
    """``json.dumps(to_json(report), ensure_ascii=False, indent=1)`` and a newline, byte for
    byte (DEL and C1 controls as ``\\u00XX``: ``json_escapes``), written finding by finding (the indenting encoder is pure Python and costs seconds
    on a large project's tens of thousands of findings; strings still go through json's C
    string encoder)."""
    text = json_escapes(json.dumps(_json_head(report), ensure_ascii=False, indent=1))
    if not report.total:
        out.write(text + "\n")
        return
    write = out.write
    write(text[: -len("[]\n}")] + "[\n")
    enc = _c_encode
    v = _valid
    sep = ""
    for f in report.iter_findings():
        check, severity, message, path, line, language, msgid = f
        check, message, path, language, msgid = (
            v(check),
            v(message),
            v(path),
            v(language),
            v(msgid),
        )
        try:
            row = _ROW % (
                enc(check),
                enc(severity),
                enc(message),
                enc(path),
                "null" if line is None else _encode_int(line),
                "null" if language is None else enc(language),
                "null" if msgid is None else enc(msgid),
            )
        except TypeError:  # a field of another type: json's own encoding of it
            opt = _encode_optional
            row = _ROW % (
                _encode_string(check),
                _encode_string(severity),
                _encode_string(message),
                _encode_string(path),
                "null" if line is None else _encode_int(line),
                opt(language),
                opt(msgid),
            )
        write(sep + json_escapes(row))
        sep = ",\n"
    write("\n ]\n}\n")


_ROW = (
    '  {\n   "check": %s,\n   "severity": %s,\n   "message": %s,\n   "path": %s,\n'
    '   "line": %s,\n   "language": %s,\n   "msgid": %s\n  }'
)


def _valid(value: Any) -> Any:
    """A string as valid Unicode (``valid_unicode``); other values as they are."""
    return valid_unicode(value) if type(value) is str else value


def _encode_string(value: object) -> str:
    if type(value) is str:
        return _c_encode(value)
    return json.dumps(value, ensure_ascii=False)


def _encode_optional(value: object) -> str:
    return "null" if value is None else _encode_string(value)


def _encode_int(value: object) -> str:
    return int.__repr__(value) if type(value) is int else json.dumps(value)


_c_encode = json.encoder.encode_basestring


def _gh_data(text: str) -> str:
    """A workflow command's message, escaped as the runner unescapes it (``%``, CR, LF);
    other control characters (ESC…) and undecodable bytes as visible ``\\xNN`` text."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(report: CheckReport, out: TextIO) -> None:
    """GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    write = out.write
    for f in report.iter_findings():
        props = f"file={_gh_prop(f.path)}"
        if f.line:
            props += f",line={f.line}"
        props += f",title={_gh_prop('tmflow ' + f.check)}"
        write(f"::{level[f.severity]} {props}::{_gh_data(f'[{f.check}] {f.message}')}\n")
    for note in report.notes:
        write(f"::notice title=tmflow::{_gh_data(note)}\n")


def _cases(report: CheckReport) -> Iterator[tuple[str, str, list[Finding]]]:
    """(path, check id, its findings) per test case, in path then check order (the findings
    of one file are together in a report, so one file is held at a time)."""
    for path, in_file in groupby(report.iter_findings(), key=lambda f: f.path):
        by_check = sorted(in_file, key=lambda f: f.check)
        for check_id, grouped in groupby(by_check, key=lambda f: f.check):
            yield path, check_id, list(grouped)


def write_junit(report: CheckReport, out: TextIO) -> None:
    """JUnit XML: one test case per file and check; a case with an error is a failure (as
    the exit code says), warnings and infos go to its system-out; one passing case when
    every file is clean. Two passes over the findings: the counts come first in the
    file."""
    tests = failures = 0
    for _path, _check, group in _cases(report):
        tests += 1
        failures += any(f.severity == "error" for f in group)
    clean = bool(report.files and not report.total)
    tests += clean
    write = out.write
    write('<?xml version="1.0" encoding="UTF-8"?>\n')
    write(f'<testsuites name="tmflow check" tests="{tests}" failures="{failures}">\n')
    head = f'<testsuite name="tmflow check" tests="{tests}" failures="{failures}" errors="0"'
    if not tests:
        write(f"  {head} />\n</testsuites>\n")
        return
    write(f"  {head}>\n")
    for path, check_id, group in _cases(report):
        case = ET.Element("testcase", classname=one_line(path), name=one_line(check_id))
        serious = [f for f in group if f.severity == "error"]
        text = "\n".join(
            f"{_loc(one_line(f.path), f.line)}: {f.severity} [{one_line(f.check)}] "
            f"{one_line(f.message)}"
            for f in group
        )
        if serious:
            failure = ET.SubElement(
                case, "failure", type="error", message=f"{len(serious)} error finding(s)"
            )
            failure.text = text
        else:
            ET.SubElement(case, "system-out").text = text
        ET.indent(case, level=2)
        write(f"    {ET.tostring(case, 'unicode')}\n")
    if clean:
        write('    <testcase classname="tmflow" name="all checks" />\n')
    write("  </testsuite>\n</testsuites>\n")


_RESULTS = "\0results\0"


def _uri(path: str) -> str:
    """A file name as a SARIF ``artifactLocation.uri``: a relative URI reference, its
    characters percent-encoded where a URI cannot hold them (RFC 3986; the bytes of a name
    that is not UTF-8 as themselves), ``/`` kept."""
    from urllib.parse import quote

    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate no file name can hold: shown escaped
        raw = valid_unicode(path).encode("utf-8")
    return quote(raw, safe="/@:!$&'()*+,;=")


def write_sarif(report: CheckReport, out: TextIO) -> None:
    """SARIF 2.1.0 for code scanning: one run, the registry as rules; the results written
    one by one."""
    from tmflow.steps.qa.checks import all_checks

    registry = all_checks()
    used = {f.check for f in report.iter_findings()}
    rule_ids = sorted(set(registry) | used)
    index = {rid: i for i, rid in enumerate(rule_ids)}
    level = {"error": "error", "warning": "warning", "info": "note"}
    rules = []
    for rid in rule_ids:
        check = registry.get(rid)
        rules.append(
            {
                "id": rid,
                "name": rid,
                "shortDescription": {"text": check.description if check else rid},
                "defaultConfiguration": {"level": level[check.severity] if check else "warning"},
                "properties": {"group": check.group if check else "other"},
            }
        )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tmflow",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/tmflow/",
                        "rules": rules,
                    }
                },
                "results": _RESULTS,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    head, tail = json_escapes(json.dumps(doc, ensure_ascii=False, indent=1)).split(
        json.dumps(_RESULTS)
    )
    write = out.write
    write(head)
    sep = "[\n"
    for f in report.iter_findings():
        location: dict[str, Any] = {
            "physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}}
        }
        if f.line:
            location["physicalLocation"]["region"] = {"startLine": f.line}
        result = {
            "ruleId": valid_unicode(f.check),
            "ruleIndex": index[f.check],
            "level": level[f.severity],
            "message": {"text": valid_unicode(f.message)},
            "locations": [location],
        }
        # the results list is four levels deep in the document (indent=1 per level)
        text = json_escapes(json.dumps(result, ensure_ascii=False, indent=1))
        write(sep + "    " + text.replace("\n", "\n    "))
        sep = ",\n"
    write("[]" if sep == "[\n" else "\n   ]")
    write(tail + "\n")


render_text = as_text(write_text)
render_json = as_text(write_json)
render_github = as_text(write_github)
render_junit = as_text(write_junit)
render_sarif = as_text(write_sarif)
WRITERS: dict[str, Callable[..., None]] = {
    "text": write_text,
    "json": write_json,
    "github": write_github,
    "junit": write_junit,
    "sarif": write_sarif,
}


def render_list(color: bool = False, languages: tuple[str, ...] | list[str] = ()) -> str:
    """``tmflow check --list``: id, default severity, group and description of every check;
    with ``languages``, which language-specific checks apply to which of them."""
    from tmflow.steps.qa.checks import all_checks

    registry = all_checks()
    width = max(len(c) for c in registry)
    out = []
    order = ("completeness", "integrity", "fidelity", "glossary")
    for group in order:
        out.append(f"{group}:")
        for check in sorted(
            (c for c in registry.values() if c.group == group), key=lambda c: c.id
        ):
            out.append(f"  {check.id:{width}}  {check.severity:7}  {check.description}")
        out.append("")
    scoped = sorted((c for c in registry.values() if c.applies is not None), key=lambda c: c.id)
    if scoped and languages:
        out.append("language-specific (elsewhere absent, never a false finding):")
        for check in scoped:
            assert check.applies is not None
            yes = [lang for lang in languages if check.applies(lang)]
            no = [lang for lang in languages if lang not in yes]
            line = f"  {check.id:{width}}  {' '.join(yes) or '-'}"
            if no:
                line += f"  (not {' '.join(no)}: needs {check.scope})"
            out.append(line)
        out.append("")
    return "\n".join(out)
