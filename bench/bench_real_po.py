"""tmflow on real PO files from public projects, side by side with GNU gettext.

    python bench/bench_real_po.py DATA [--work DIR] [--json OUT.json] [--skip-msgmerge]
    python bench/bench_real_po.py DATA --only status [--rounds 3]

DATA is a folder of real catalogs at two releases per project (see
``bench/arrange_real_po.py``, which this script runs first). Measured:

* **languages**: how many of the corpus's language codes tmflow accepts;
* **fmt**: ``tmflow fmt`` on every PO and POT file, compared byte for byte with
  ``msgcat --no-wrap`` on the same file; every difference is put in a class;
* **update**: ``tmflow update`` (older release's PO files merged with the newer release's
  template) beside ``msgmerge --previous --no-wrap`` on the same pairs: ``msgfmt -c`` on every
  output of both (a file accepted before must be accepted after), every header value kept,
  and the entries compared one by one (same translation, same state, same previous msgid),
  each disagreement put in a class;
* **status** and **check** on every file: time, files that cannot be read, findings by check
  and severity, and the files ``check`` fails beside those ``msgfmt -c`` rejects.

Times are wall-clock on this machine, with its load average printed beside them; the peer
tool runs in the same script on the same files (one process per file, as a shell loop would).

``--only status`` times only cold ``status`` (no state folder), warm ``status`` and the
``msgfmt --statistics`` loop, alternating, ``--rounds`` times, with the CPU time (user +
system, of the process and its children) beside the wall time of each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from arrange_real_po import arrange

from tmflow.core.errors import TmflowError
from tmflow.io.po.reader import load_po

TMFLOW = [sys.executable, "-m", "tmflow"]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpu() -> float:
    """CPU seconds (user and system) of the child processes waited for so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(
    cmd: list[str], cwd: Path | None = None
) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True)
    return time.perf_counter() - start, proc


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _msgfmt_ok(path: Path) -> bool:
    return (
        subprocess.run(
            ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True
        ).returncode
        == 0
    )


def _catalogs(root: Path) -> list[Path]:
    locales = root / "locales"
    return sorted(locales.glob("templates/*.pot")) + sorted(
        p for p in locales.glob("*/*.po") if p.parent.name != "templates"
    )


# ---------------------------------------------------------------------------------------------
# fmt


def _diff_class(want: list[str], have: list[str]) -> str:
    """The kind of the first difference between msgcat's lines and tmflow's."""
    import difflib

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, want, have, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            continue
        lines = want[i1:i2] + have[j1:j2]
        first = lines[0] if lines else ""
        if i1 < want.index("") if "" in want else False:
            return "header"
        for prefix, kind in (
            ("#~|", "obsolete previous msgid (#~|)"),
            ("#|", "previous msgid (#|)"),
            ("#~", "obsolete entry"),
            ("#,", "flags (#,)"),
            ("#:", "references (#:)"),
            ("#.", "extracted comment (#.)"),
            ("#", "translator comment (#)"),
            ("msgctxt", "msgctxt string"),
            ("msgid", "msgid string"),
            ("msgstr", "msgstr string"),
            ('"', "string continuation"),
        ):
            if first.startswith(prefix):
                return kind
        return f"other ({first[:20]!r})"
    return "line endings or final newline"


def bench_fmt(project: Path) -> dict[str, Any]:
    files = _catalogs(project)
    originals = {p: p.read_bytes() for p in files}
    # msgcat --no-wrap on every file (the reference), one process per file
    start = time.perf_counter()
    reference: dict[Path, bytes | None] = {}
    for path in files:
        proc = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True)
        reference[path] = proc.stdout if proc.returncode == 0 else None
    msgcat_time = time.perf_counter() - start
    # fmt --check: cold (no state folder, as in a fresh clone), then warm (nothing changed)
    shutil.rmtree(project / ".tmflow", ignore_errors=True)
    check_cold, cold_proc = _run([*TMFLOW, "fmt", "--check"], cwd=project)
    check_warm, warm_proc = _run([*TMFLOW, "fmt", "--check"], cwd=project)
    tm_time, proc = _run([*TMFLOW, "fmt"], cwd=project)
    errors = [ln for ln in proc.stderr.decode().splitlines() if ln.startswith("tmflow: error:")]
    classes: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    identical = 0
    for path in files:
        have = path.read_bytes()
        want = reference[path]
        rel = str(path.relative_to(project))
        if want is None:
            kind = "msgcat rejects the file" + (
                " (tmflow too)" if any(rel in e for e in errors) else " (tmflow reads it)"
            )
        elif any(rel in e for e in errors):
            kind = "tmflow rejects the file (msgcat reads it)"
        elif have == want:
            identical += 1
            continue
        else:
            kind = _diff_class(
                want.decode("latin-1").split("\n"), have.decode("latin-1").split("\n")
            )
        classes[kind] += 1
        examples.setdefault(kind, []).append(rel)
        path.write_bytes(originals[path])  # put the original back for status and check
    return {
        "files": len(files),
        "identical_to_msgcat": identical,
        "differences": dict(classes.most_common()),
        "examples": {k: v[:5] for k, v in examples.items()},
        "tmflow_errors": errors,
        "exit": proc.returncode,
        "tmflow_s": round(tm_time, 2),
        "check_cold_s": round(check_cold, 2),
        "check_warm_s": round(check_warm, 2),
        "check_same_verdicts": cold_proc.stdout == warm_proc.stdout
        and cold_proc.returncode == warm_proc.returncode,
        "msgcat_loop_s": round(msgcat_time, 2),
        "check_cold_speedup": round(msgcat_time / check_cold, 2) if check_cold else None,
        "load": _load(),
    }


# ---------------------------------------------------------------------------------------------
# update


def _entries(path: Path) -> dict[tuple[str | None, str], Any] | None:
    try:
        po = load_po(path)
    except TmflowError:
        return None
    return {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}


def _state(entry: Any) -> str:
    filled = any(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
    if not filled:
        return "untranslated"
    return "fuzzy" if "fuzzy" in entry.flags else "translated"


def _text(entry: Any) -> Any:
    return dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr


def _compare(ours: Any, theirs: Any, tmpl: Any) -> str | None:
    """None when both tools agree on the entry, else the kind of disagreement."""
    a, b = _state(ours), _state(theirs)
    same_text = _text(ours) == _text(theirs)
    if a == b and same_text and (a != "fuzzy" or ours.previous_msgid == theirs.previous_msgid):
        return None
    if tmpl is not None and (tmpl.msgstr or any((tmpl.msgstr_plural or {}).values())):
        return "the template holds a msgstr: msgmerge copies it as a translation, tmflow does not"
    if (
        a == b
        and ours.msgid_plural
        and ours.previous_msgid == theirs.previous_msgid
        and set(_text(ours).values()) == set(_text(theirs).values())
    ):
        return "same old entry; as many plural forms as the catalog's Plural-Forms asks for"
    if a == b == "fuzzy" and same_text:
        if theirs.previous_msgid is None:
            return "same carried translation; tmflow writes the #| msgid msgmerge leaves out"
        return "same carried translation, another #| msgid"
    if a == "fuzzy" and b == "untranslated":
        return (
            "tmflow carries a similar entry's translation (ratio > 60), msgmerge none "
            "(its candidate search is narrower)"
        )
    if a == "untranslated" and b == "fuzzy":
        return "msgmerge carries a similar entry's translation, tmflow none"
    if a == b == "fuzzy":
        from rapidfuzz import fuzz

        from tmflow.steps.merge.update import _anchors

        if (
            ours.previous_msgid
            and _anchors(ours.msgid)
            and _anchors(ours.msgid) <= _anchors(ours.previous_msgid)
        ):
            return "both carry: tmflow's old entry has the same options or message code"
        mine = fuzz.ratio(ours.msgid, ours.previous_msgid or "")
        other = fuzz.ratio(ours.msgid, theirs.previous_msgid or "")
        if mine >= other:
            return (
                "both carry: near ties, tmflow's old entry scores at least as high by "
                "rapidfuzz's ratio (gettext's fstrcmp ranks them otherwise)"
            )
        return "both carry: msgmerge's old entry scores higher by rapidfuzz's ratio"
    if a == b == "untranslated":
        return "both untranslated: other number of plural forms"
    return f"tmflow {a}, msgmerge {b}"


def bench_update(project: Path, arranged: dict[str, Any], skip_msgmerge: bool) -> dict[str, Any]:
    pos = sorted(p for p in (project / "locales").glob("*/*.po"))
    before = {p: p.read_bytes() for p in pos}
    headers_before = {}
    for p in pos:
        try:
            headers_before[p] = dict(load_po(p).metadata)
        except TmflowError:
            headers_before[p] = None
    accepted_before = {p: _msgfmt_ok(p) for p in pos}
    work = Path(tempfile.mkdtemp(prefix="msgmerge-"))
    mm_out: dict[Path, Path] = {}
    mm_time = 0.0
    if not skip_msgmerge:
        for p in pos:
            pot = project / "locales" / "templates" / f"{p.stem}.pot"
            out = work / p.parent.name / p.name
            out.parent.mkdir(parents=True, exist_ok=True)
            took, proc = _run(
                ["msgmerge", "--previous", "--no-wrap", "-q", "-o", str(out), str(p), str(pot)]
            )
            mm_time += took
            if proc.returncode == 0:
                mm_out[p] = out
    tm_time, proc = _run([*TMFLOW, "update"], cwd=project)
    errors = [ln for ln in proc.stderr.decode().splitlines() if ln.startswith("tmflow: error:")]
    result: dict[str, Any] = {
        "files": len(pos),
        "tmflow_s": round(tm_time, 2),
        "msgmerge_loop_s": round(mm_time, 2),
        "exit": proc.returncode,
        "tmflow_errors": errors,
        "load": _load(),
    }
    accepted_after = {p: _msgfmt_ok(p) for p in pos}
    result["msgfmt_accepted_before"] = sum(accepted_before.values())
    result["msgfmt_accepted_after"] = sum(accepted_after.values())
    result["accepted_before_rejected_after"] = [
        str(p.relative_to(project)) for p in pos if accepted_before[p] and not accepted_after[p]
    ]
    result["rejected_before_accepted_after"] = sum(
        1 for p in pos if not accepted_before[p] and accepted_after[p]
    )
    if mm_out:
        result["msgmerge_outputs_accepted"] = sum(_msgfmt_ok(p) for p in mm_out.values())
        result["msgmerge_accepted_before_rejected_after"] = sum(
            1 for p, out in mm_out.items() if accepted_before[p] and not _msgfmt_ok(out)
        )
    # headers: every value the translator set is kept (POT-Creation-Date and
    # Report-Msgid-Bugs-To come from the template, as msgmerge takes them)
    changed_values: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for p in pos:
        old = headers_before[p]
        if old is None:
            continue
        try:
            new = load_po(p).metadata
        except TmflowError:
            continue
        for key, value in old.items():
            if key in ("POT-Creation-Date", "Report-Msgid-Bugs-To"):
                continue
            placeholder = not value.strip() or any(
                p in value for p in ("CHARSET", "INTEGER", "EXPRESSION")
            )
            if new.get(key) != value:
                changed_values[f"{key} (was a placeholder or empty)" if placeholder else key] += 1
        for key, value in new.items():
            if value.strip() and (key not in old or not old[key].strip()):
                added[key] += 1
    result["header_values_changed"] = dict(changed_values)
    result["header_fields_filled"] = dict(added)
    for p, data in before.items():  # leave the project as it was
        p.write_bytes(data)
    # entries beside msgmerge's: the merge itself (update_catalog without a memory, so that
    # memory drafts, a tmflow feature msgmerge has not, do not count)
    from tmflow.steps.merge.update import update_catalog

    agree = total = 0
    kinds: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for p, out in mm_out.items():
        theirs = _entries(out)
        try:
            template = load_po(project / "locales" / "templates" / f"{p.stem}.pot")
            old_po = load_po(p)  # the original: the project was put back above
        except TmflowError:
            continue
        if theirs is None:
            continue
        merged = update_catalog(template, old_po, p.parent.name).catalog
        ours = {(e.msgctxt, e.msgid): e for e in merged if not e.obsolete}
        tmpl_by_key = {(e.msgctxt, e.msgid): e for e in template}
        for key, theirs_entry in theirs.items():
            ours_entry = ours.get(key)
            if ours_entry is None:
                kinds["entry missing in tmflow's output"] += 1
                continue
            total += 1
            kind = _compare(ours_entry, theirs_entry, tmpl_by_key.get(key))
            if kind is None:
                agree += 1
            else:
                kinds[kind] += 1
                if len(examples.setdefault(kind, [])) < 12:
                    examples[kind].append(
                        f"{p.relative_to(project)}: {key[1][:70]!r}: tmflow from "
                        f"{(ours_entry.previous_msgid or '')[:70]!r}, msgmerge from "
                        f"{(theirs_entry.previous_msgid or '')[:70]!r}"
                    )
    result["entries_compared"] = total
    result["entries_agree"] = agree
    result["disagreements"] = dict(kinds.most_common())
    result["disagreement_examples"] = examples
    shutil.rmtree(work, ignore_errors=True)
    return result


# ---------------------------------------------------------------------------------------------
# status and check


def bench_status_check(project: Path, arranged: dict[str, Any]) -> dict[str, Any]:
    shutil.rmtree(project / ".tmflow", ignore_errors=True)
    st_time, st = _run([*TMFLOW, "status", "--format", "json", "--no-cache"], cwd=project)
    if st.returncode not in (0, 2) or not st.stdout:
        st_time, st = _run([*TMFLOW, "status", "--format", "json"], cwd=project)
    _run([*TMFLOW, "status", "--format", "json"], cwd=project)  # fills the cache
    st_warm, _warm = _run([*TMFLOW, "status", "--format", "json"], cwd=project)
    status_errors = [
        ln for ln in st.stderr.decode().splitlines() if ln.startswith("tmflow: error:")
    ]
    pos = [p for p in _catalogs(project) if p.suffix == ".po"]
    start = time.perf_counter()
    for p in pos:
        subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(p)], capture_output=True)
    stats_loop = time.perf_counter() - start
    start, cpu = time.perf_counter(), _cpu()
    rejected = {str(p.relative_to(project)) for p in pos if not _msgfmt_ok(p)}
    msgfmt_c_loop, msgfmt_c_cpu = time.perf_counter() - start, _cpu() - cpu
    cpu = _cpu()
    ck_time, ck = _run([*TMFLOW, "check", "--format", "json", "--no-cache"], cwd=project)
    ck_cpu = _cpu() - cpu
    if not ck.stdout:
        ck_time, ck = _run([*TMFLOW, "check", "--format", "json"], cwd=project)
    _run([*TMFLOW, "check", "--format", "json"], cwd=project)  # fills the cache
    cpu = _cpu()
    ck_warm, _ck_warm = _run([*TMFLOW, "check", "--format", "json"], cwd=project)
    ck_warm_cpu = _cpu() - cpu
    report = json.loads(ck.stdout.decode() or "{}")
    findings = report.get("findings", [])
    by_check: Counter[str] = Counter(f"{f['check']} {f['severity']}" for f in findings)
    integrity = {
        "po-syntax",
        "duplicate-entry",
        "header-charset",
        "header-language",
        "header-plural-forms",
        "plural-count",
    }
    integrity_failed = {
        f["path"] for f in findings if f["severity"] == "error" and f["check"] in integrity
    }
    return {
        "po_files": len(pos),
        "status_s": round(st_time, 2),
        "status_warm_s": round(st_warm, 2),
        "status_speedup": round(stats_loop / st_time, 2) if st_time else None,
        "status_exit": st.returncode,
        "status_unreadable": len(status_errors),
        "msgfmt_statistics_loop_s": round(stats_loop, 2),
        "check_s": round(ck_time, 2),
        "check_cpu_s": round(ck_cpu, 2),
        "check_warm_s": round(ck_warm, 2),
        "check_warm_cpu_s": round(ck_warm_cpu, 2),
        "check_vs_msgfmt_c": round(ck_time / msgfmt_c_loop, 2) if msgfmt_c_loop else None,
        "check_exit": ck.returncode,
        "msgfmt_c_loop_s": round(msgfmt_c_loop, 2),
        "msgfmt_c_loop_cpu_s": round(msgfmt_c_cpu, 2),
        "msgfmt_c_rejects": len(rejected),
        "findings": dict(sorted(by_check.items())),
        "files_with_integrity_errors": len(integrity_failed),
        "integrity_errors_msgfmt_accepts": sorted(integrity_failed - rejected)[:40],
        "integrity_errors_msgfmt_accepts_count": len(integrity_failed - rejected),
        "msgfmt_rejects_without_integrity_error": sorted(rejected - integrity_failed)[:40],
        "load": _load(),
    }


def bench_status(project: Path, rounds: int) -> dict[str, Any]:
    """Cold status, warm status and the ``msgfmt --statistics`` loop, alternating: (wall, CPU)
    of each, every round, and the ratio of each round's pair."""
    pos = [p for p in _catalogs(project) if p.suffix == ".po"]
    out: dict[str, Any] = {"po_files": len(pos), "rounds": []}
    for _ in range(rounds):
        cpu = _children_cpu()
        start = time.perf_counter()
        for p in pos:
            subprocess.run(
                ["msgfmt", "--statistics", "-o", os.devnull, str(p)], capture_output=True
            )
        loop = (time.perf_counter() - start, _children_cpu() - cpu)
        shutil.rmtree(project / ".tmflow", ignore_errors=True)
        cpu = _children_cpu()
        cold_s, cold = _run([*TMFLOW, "status", "--format", "json"], cwd=project)
        cold_cpu = _children_cpu() - cpu
        cpu = _children_cpu()
        warm_s, warm = _run([*TMFLOW, "status", "--format", "json"], cwd=project)
        warm_cpu = _children_cpu() - cpu
        row = {
            "msgfmt_statistics_loop": [round(loop[0], 2), round(loop[1], 2)],
            "status_cold": [round(cold_s, 2), round(cold_cpu, 2)],
            "status_warm": [round(warm_s, 3), round(warm_cpu, 3)],
            "cold_speedup_wall": round(loop[0] / cold_s, 2),
            "cold_speedup_cpu": round(loop[1] / cold_cpu, 2),
            "same_output": cold.stdout == warm.stdout,
            "status_exit": cold.returncode,
            "load": _load(),
        }
        out["rounds"].append(row)
        print("status:", json.dumps(row), flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the real-catalog folder (with MANIFEST.json)")
    parser.add_argument("--work", type=Path, help="where to arrange the projects (kept)")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--skip-msgmerge", action="store_true")
    parser.add_argument("--only", choices=["fmt", "update", "check", "status"], action="append")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --only status")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="tmflow-real-"))
    arranged = arrange(args.data.resolve(), work)
    from tmflow.core.languages import is_valid_code

    codes = arranged["codes"]
    out: dict[str, Any] = {
        "languages": {
            "codes": len(codes),
            "accepted": sum(is_valid_code(c) for c in codes),
            "refused": arranged["refused"],
        },
        "cpus": os.cpu_count(),
    }
    print(
        f"languages: {out['languages']['accepted']} of {len(codes)} codes accepted; "
        f"refused: {arranged['refused']}",
        flush=True,
    )
    only = set(args.only or ["fmt", "update", "check"])
    if "update" in only:
        out["update"] = bench_update(work / "update", arranged, args.skip_msgmerge)
        print("update:", json.dumps(out["update"], indent=1, ensure_ascii=False), flush=True)
    if "fmt" in only:
        out["fmt"] = bench_fmt(work / "all")
        print("fmt:", json.dumps(out["fmt"], indent=1, ensure_ascii=False), flush=True)
    if "check" in only:
        out["status_check"] = bench_status_check(work / "all", arranged)
        print("status/check:", json.dumps(out["status_check"], indent=1, ensure_ascii=False))
    if "status" in only:
        out["status"] = bench_status(work / "all", args.rounds)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
