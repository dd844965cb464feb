"""Formats of a check report: text, JSON, GitHub workflow annotations, JUnit XML, SARIF 2.1.0.

Every renderer returns the whole output; ``summary_line`` is the line that always ends it
(the command prints it last: on stdout for ``text`` and ``github``, on stderr for the formats
a machine parses — ``json``, ``junit``, ``sarif`` — so that stdout stays valid JSON/XML).

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
from itertools import groupby
from xml.etree import ElementTree as ET

from tmflow import __version__
from tmflow.steps.check import CheckReport

FORMATS = ("text", "json", "github", "junit", "sarif")
SCHEMA_VERSION = 1


def summary_line(report: CheckReport) -> str:
    errors, warnings, infos = (report.count(s) for s in ("error", "warning", "info"))
    verdict = "check failed" if report.failed else "check passed"
    return (f"{verdict}: {errors} error{'s' * (errors != 1)}, {warnings} "
            f"warning{'s' * (warnings != 1)}, {infos} info in {report.files} "
            f"file{'s' * (report.files != 1)}")


def _loc(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line else path


def render_text(report: CheckReport, *, color: bool = False) -> str:
    colors = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
    out: list[str] = []
    for path, group in groupby(report.findings, key=lambda f: f.path):
        for f in group:
            severity = f"{colors[f.severity]}{f.severity}\x1b[0m" if color else f.severity
            out.append(f"{_loc(path, f.line)}: {severity} [{f.check}] {f.message}")
        out.append("")
    for note in report.notes:
        out.append(f"note: {note}")
    return "\n".join(out).strip("\n") + ("\n" if out else "")


def _json_head(report: CheckReport) -> dict:
    """Everything of ``to_json`` but the findings (an empty list, the last key)."""
    return {
        "version": SCHEMA_VERSION,
        "generator": f"tmflow {__version__}",
        "summary": {"files": report.files, "errors": report.count("error"),
                    "warnings": report.count("warning"), "infos": report.count("info"),
                    "failed": report.failed, "text": summary_line(report)},
        "notes": list(report.notes),
        "findings": [],
    }


def to_json(report: CheckReport) -> dict:
    out = _json_head(report)
    out["findings"] = [{"check": f.check, "severity": f.severity, "message": f.message,
                        "path": f.path, "line": f.line, "language": f.language,
                        "msgid": f.msgid} for f in report.findings]
    return out


def render_json(report: CheckReport) -> str:
    """``json.dumps(to_json(report), ensure_ascii=False, indent=1)`` and a newline, byte for
    byte; the findings are written as text (the indenting encoder is pure Python and costs
    seconds on a large project's tens of thousands of findings; strings still go through
    json's C string encoder)."""
    text = json.dumps(_json_head(report), ensure_ascii=False, indent=1)
    if not report.findings:
        return text + "\n"
    enc = _c_encode
    rows: list[str] = []
    append = rows.append
    for f in report.findings:
        check, severity, message, path, line, language, msgid = f
        try:
            append(_ROW % (enc(check), enc(severity), enc(message), enc(path),
                           "null" if line is None else _encode_int(line),
                           "null" if language is None else enc(language),
                           "null" if msgid is None else enc(msgid)))
        except TypeError:  # a field of another type: json's own encoding of it
            opt = _encode_optional
            append(_ROW % (_encode_string(check), _encode_string(severity),
                           _encode_string(message), _encode_string(path),
                           "null" if line is None else _encode_int(line), opt(language),
                           opt(msgid)))
    return text[:-len("[]\n}")] + "[\n" + ",\n".join(rows) + "\n ]\n}\n"


_ROW = ('  {\n   "check": %s,\n   "severity": %s,\n   "message": %s,\n   "path": %s,\n'
        '   "line": %s,\n   "language": %s,\n   "msgid": %s\n  }')


def _encode_string(value: object) -> str:
    if type(value) is str:
        return _c_encode(value)
    return json.dumps(value, ensure_ascii=False)


def _encode_optional(value: object) -> str:
    return "null" if value is None else _encode_string(value)


def _encode_int(value: object) -> str:
    return int.__repr__(value) if type(value) is int else json.dumps(value)  # type: ignore


_c_encode = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for f in report.findings:
        props = f"file={_gh_prop(f.path)}"
        if f.line:
            props += f",line={f.line}"
        props += f",title={_gh_prop('tmflow ' + f.check)}"
        out.append(f"::{level[f.severity]} {props}::{_gh_data(f'[{f.check}] {f.message}')}")
    for note in report.notes:
        out.append(f"::notice title=tmflow::{_gh_data(note)}")
    return "\n".join(out) + ("\n" if out else "")


def render_junit(report: CheckReport) -> str:
    """JUnit XML: one test case per file and check; a case with an error is a failure (as
    the exit code says), warnings and infos go to its system-out; one passing case when
    every file is clean."""
    suites = ET.Element("testsuites", name="tmflow check")
    suite = ET.SubElement(suites, "testsuite", name="tmflow check")
    failures = 0
    tests = 0
    by_path: dict[str, list] = {}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    for path in sorted(by_path):
        items = by_path[path]
        for check_id, grouped in groupby(sorted(items, key=lambda f: f.check),
                                         key=lambda f: f.check):
            group = list(grouped)
            tests += 1
            case = ET.SubElement(suite, "testcase", classname=path, name=check_id)
            serious = [f for f in group if f.severity == "error"]
            text = "\n".join(f"{_loc(f.path, f.line)}: {f.severity} [{f.check}] {f.message}"
                             for f in group)
            if serious:
                failures += 1
                failure = ET.SubElement(case, "failure", type="error",
                                        message=f"{len(serious)} error finding(s)")
                failure.text = text
            else:
                ET.SubElement(case, "system-out").text = text
    if report.files and not report.findings:
        tests += 1
        ET.SubElement(suite, "testcase", classname="tmflow", name="all checks")
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites.set("tests", str(tests))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def render_sarif(report: CheckReport) -> str:
    """SARIF 2.1.0 for code scanning: one run, the registry as rules."""
    from tmflow.steps.checks import all_checks

    registry = all_checks()
    used = sorted({f.check for f in report.findings})
    rule_ids = sorted(registry) if not used else sorted(set(registry) | set(used))
    index = {rid: i for i, rid in enumerate(rule_ids)}
    level = {"error": "error", "warning": "warning", "info": "note"}
    rules = []
    for rid in rule_ids:
        check = registry.get(rid)
        rules.append({
            "id": rid,
            "name": rid,
            "shortDescription": {"text": check.description if check else rid},
            "defaultConfiguration": {"level": level[check.severity] if check else "warning"},
            "properties": {"group": check.group if check else "other"},
        })
    results = []
    for f in report.findings:
        location: dict = {"physicalLocation": {"artifactLocation": {"uri": f.path}}}
        if f.line:
            location["physicalLocation"]["region"] = {"startLine": f.line}
        results.append({"ruleId": f.check, "ruleIndex": index[f.check], "level": level[f.severity],
                        "message": {"text": f.message}, "locations": [location]})
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tmflow", "version": __version__,
                                "informationUri": "https://pypi.org/project/tmflow/",
                                "rules": rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def render_list(color: bool = False) -> str:
    """``tmflow check --list``: id, default severity, group and description of every check."""
    from tmflow.steps.checks import all_checks

    registry = all_checks()
    width = max(len(c) for c in registry)
    out = []
    order = ("completeness", "integrity", "fidelity", "glossary")
    for group in order:
        out.append(f"{group}:")
        for check in sorted((c for c in registry.values() if c.group == group),
                            key=lambda c: c.id):
            out.append(f"  {check.id:{width}}  {check.severity:7}  {check.description}")
        out.append("")
    return "\n".join(out)
