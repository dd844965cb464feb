"""Benchmark: how often ``tmflow check`` is wrong on real, professional translations, and how
often it catches mistakes planted into them.

Two corpora, read from folders given on the command line (nothing is downloaded):

``parallel DIR``
    Professional EN→X translations of news and encyclopedic text, JSONL files
    ``<lang>.jsonl`` (FLORES-200 dev+devtest) and ``<lang>.ntrex.jsonl`` (NTREX-128), one
    object per line with ``en`` and ``tgt``. The segments are arranged as articles of about 30
    sentences, one PO file per article and language (no glossary, no sources), every entry
    translated, and checked by ``check_project`` as CI would run it. Every error on these files
    is a false error (the translations are correct). Printed: errors per 1,000 segments per
    language and check, warnings per 1,000 segments, and the recall of planted mistakes: copies
    of entries with one mistake each (a number changed, a number dropped, a percentage changed,
    a URL changed, a year's digits swapped, the second half cut off, the source left
    untranslated, a word doubled) in files of their own, and how many of them fail the gate
    (an error on the entry) or get any finding.

``po-real DIR``
    Real PO files of software and documentation projects (``<project>/<release>/po/<lang>/…``).
    Each file is checked in a project of its own language; the figures are errors per 1,000
    translated entries, by check, and the files that ``msgfmt -c --check-format`` accepts but
    ``check`` fails, with the check ids responsible.

Usage::

    python bench/bench_qa.py parallel /path/to/parallel [--langs az,ru,tr,fr,ar,de,uk,es]
        [--show CHECK] [--show-lang LANG] [-n 20] [--seed 1]
    python bench/bench_qa.py po-real /path/to/po-real [--show CHECK] [-n 20]

``--show`` prints samples of the findings of one check (source, translation, message) for
reading them and classifying what remains.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmflow.core.languages import is_valid_code, normalise_code, plural_forms
from tmflow.io.config import load_config
from tmflow.io.po.writer import dumps_po
from tmflow.steps.qa.check import check_project

ARTICLE_SIZE = 30
PLANTED = (
    "number-changed",
    "number-dropped",
    "percent",
    "url",
    "year-swapped",
    "truncation",
    "untranslated",
    "doubled-word",
)
# what must fail the gate (an error), and the target for each
TARGETS = {
    "number-changed": 0.95,
    "number-dropped": 0.90,
    "percent": 0.95,
    "url": 0.95,
    "year-swapped": 0.95,
    "truncation": 0.60,
    "untranslated": 0.90,
    "doubled-word": None,  # a warning is the right answer: "die die" is German
}


def _load(folder: Path, lang: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in (f"{lang}.jsonl", f"{lang}.ntrex.jsonl"):
        path = folder / name
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                rows += [json.loads(line) for line in handle if line.strip()]
    return rows


def _catalog(lang: str, pairs: list[tuple[str, str]]) -> str:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "bench",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
    }
    seen: Counter[str] = Counter()
    for source, target in pairs:
        seen[source] += 1
        context = None if seen[source] == 1 else f"copy {seen[source]}"
        po.append(polib.POEntry(msgid=source, msgstr=target, msgctxt=context))
    return dumps_po(po)


# ---------------------------------------------------------------------------------------------
# planted mistakes

_NUM_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|20[0-4]\d)(?!\d)")
_PERCENT_RE = re.compile(r"(\d+(?:[.,]\d+)?)(\s?%|\s?(?:per ?cent|percent))")
_WORD_RE = re.compile(r"[^\W\d_]{3,}")


def _shared_numbers(source: str, target: str) -> list[re.Match[str]]:
    """Digit tokens of the target that are also in the source."""
    want = set(re.findall(r"\d+", source))
    return [
        m for m in _NUM_RE.finditer(target) if m.group(0).replace(",", ".").split(".")[0] in want
    ]


def plant(kind: str, source: str, target: str, rnd: random.Random) -> tuple[str, str] | None:
    """(source, target) with one mistake of ``kind``, or None when the pair does not allow it."""
    if kind == "number-changed":
        found = _shared_numbers(source, target)
        if not found:
            return None
        m = rnd.choice(found)
        token = m.group(0)
        positions = [i for i, c in enumerate(token) if c.isdigit()]
        i = rnd.choice(positions)
        digit = str((int(token[i]) + rnd.randint(1, 8)) % 10)
        if i == 0 and digit == "0" and len(positions) > 1:
            digit = "9"
        new = token[:i] + digit + token[i + 1 :]
        return source, target[: m.start()] + new + target[m.end() :]
    if kind == "number-dropped":
        found = _shared_numbers(source, target)
        if not found:
            return None
        m = rnd.choice(found)
        cut = target[: m.start()].rstrip() + " " + target[m.end() :].lstrip()
        return source, cut.strip()
    if kind == "percent":
        m_s = _PERCENT_RE.search(source)
        if m_s is None:
            return None
        m_t = re.search(re.escape(m_s.group(1).split(".")[0].split(",")[0]), target)
        if m_t is None:
            return None
        value = m_t.group(0)
        new = str(int(value) + rnd.choice((1, 2, 5, 10)))
        return source, target[: m_t.start()] + new + target[m_t.end() :]
    if kind == "url":
        page = rnd.choice(("report", "news", "story", "data"))
        url = f"https://www.example.org/{page}/{rnd.randint(10, 99)}.html"
        bad = url.replace(page, page[:-1], 1)
        return f"{source} ({url})", f"{target} ({bad})"
    if kind == "year-swapped":
        ms = {m.group(0) for m in _YEAR_RE.finditer(source)}
        found = [m for m in _YEAR_RE.finditer(target) if m.group(0) in ms]
        if not found:
            return None
        m = rnd.choice(found)
        y = m.group(0)
        new = y[:2] + y[3] + y[2]
        if new == y:
            return None
        return source, target[: m.start()] + new + target[m.end() :]
    if kind == "truncation":
        words = target.split(" ")
        if len(words) < 6:
            return None
        return source, " ".join(words[: len(words) // 2])
    if kind == "untranslated":
        if len(_WORD_RE.findall(source)) < 3:
            return None
        return source, source
    if kind == "doubled-word":
        words = list(_WORD_RE.finditer(target))
        if not words:
            return None
        m = rnd.choice(words)
        return source, target[: m.end()] + " " + m.group(0) + target[m.end() :]
    raise ValueError(kind)


# ---------------------------------------------------------------------------------------------


def _project(root: Path, langs: list[str], extra: str = "") -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "locales").mkdir(parents=True)
    (root / "sources").mkdir()
    codes = ", ".join(f'"{code}"' for code in langs)
    (root / "tmflow.toml").write_text(
        f'source-language = "en"\nlanguages = [{codes}]\n{extra}',
        "utf-8",
    )


def _run_check(root: Path) -> tuple[list[Any], float]:
    config = load_config(root)
    started = time.perf_counter()
    report = check_project(config, use_cache=False)
    elapsed = time.perf_counter() - started
    findings = report.findings
    report.close()
    return findings, elapsed


def bench_parallel(args: argparse.Namespace) -> None:
    folder = Path(args.data)
    langs = args.langs.split(",")
    rnd = random.Random(args.seed)
    root = Path(args.root)
    _project(root, langs)
    # (lang, rel path) -> {msgid: (source, target, kind)}
    index: dict[tuple[str, str], dict[str, tuple[str, str, str]]] = {}
    segments: Counter[str] = Counter()
    planted_count: Counter[tuple[str, str]] = Counter()
    for lang in langs:
        rows = _load(folder, lang)
        if not rows:
            sys.exit(f"no data for {lang!r} in {folder}")
        pairs = [(r["en"], r["tgt"]) for r in rows]
        segments[lang] = len(pairs)
        (root / "locales" / lang).mkdir()
        for n in range(0, len(pairs), ARTICLE_SIZE):
            chunk = pairs[n : n + ARTICLE_SIZE]
            rel = f"locales/{lang}/article-{n // ARTICLE_SIZE:04d}.po"
            (root / rel).write_text(_catalog(lang, chunk), "utf-8")
            index[(lang, rel)] = {s: (s, t, "clean") for s, t in chunk}
        for kind in PLANTED:
            made: list[tuple[str, str]] = []
            order = list(range(len(pairs)))
            rnd.shuffle(order)
            for i in order:
                if len(made) >= args.planted:
                    break
                mutated = plant(kind, *pairs[i], rnd)
                if mutated is not None and mutated[1] != pairs[i][1]:
                    made.append(mutated)
            planted_count[(lang, kind)] = len(made)
            for n in range(0, len(made), ARTICLE_SIZE):
                chunk = made[n : n + ARTICLE_SIZE]
                rel = f"locales/{lang}/planted-{kind}-{n // ARTICLE_SIZE:03d}.po"
                (root / rel).write_text(_catalog(lang, chunk), "utf-8")
                index[(lang, rel)] = {s: (s, t, kind) for s, t in chunk}
    findings, elapsed = _run_check(root)
    by_entry: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for f in findings:
        by_entry[(f.language or "", f.path, f.msgid or "")].append(f)
    errors: Counter[tuple[str, str]] = Counter()
    warnings: Counter[tuple[str, str]] = Counter()
    clean_error_keys: set[tuple[str, str]] = set()  # (lang, source) with a false error
    caught: Counter[tuple[str, str]] = Counter()
    seen_any: Counter[tuple[str, str]] = Counter()
    eligible: Counter[tuple[str, str]] = Counter()
    samples: list[tuple[str, str, str, str]] = []
    for (lang, rel), entries in index.items():
        for msgid, (source, target, kind) in entries.items():
            found = by_entry.get((lang, rel, msgid), [])
            if kind == "clean":
                for f in found:
                    if f.severity == "error":
                        errors[(lang, f.check)] += 1
                        clean_error_keys.add((lang, source))
                    elif f.severity == "warning":
                        warnings[(lang, f.check)] += 1
                    if (
                        args.show
                        and f.check == args.show
                        and (not args.show_lang or args.show_lang == lang)
                    ):
                        samples.append((lang, f.severity + ": " + f.message, source, target))
    for (lang, rel), entries in index.items():
        for msgid, (source, target, kind) in entries.items():
            if kind == "clean":
                continue
            original_source = source
            if kind == "url":
                original_source = source.rsplit(" (", 1)[0]
            if (lang, original_source) in clean_error_keys:
                continue  # the correct translation already fails: not a fair test
            eligible[(lang, kind)] += 1
            found = by_entry.get((lang, rel, msgid), [])
            if any(f.severity == "error" for f in found):
                caught[(lang, kind)] += 1
            if found:
                seen_any[(lang, kind)] += 1
            if args.show_planted == kind and not any(f.severity == "error" for f in found):
                samples.append(
                    (lang, "missed: " + "; ".join(f.message for f in found), source, target)
                )

    total = sum(segments.values())
    print(
        f"# tmflow check on professional translations: {total} segments, "
        f"{len(index)} PO files, {elapsed:.1f} s, load {os.getloadavg()[0]:.2f}"
    )
    print()
    checks = sorted({c for _, c in errors})
    print("False errors per 1,000 segments (every translation is correct):")
    print()
    header = "| lang | segments | errors/1k | warnings/1k | " + " | ".join(checks) + " |"
    print(header)
    print("|" + " --- |" * (header.count("|") - 1))
    for lang in langs:
        n = segments[lang]
        e = sum(v for (lg, _), v in errors.items() if lg == lang)
        w = sum(v for (lg, _), v in warnings.items() if lg == lang)
        cells = [f"{1000 * errors[(lang, c)] / n:.2f}" for c in checks]
        print(
            f"| {lang} | {n} | {1000 * e / n:.2f} | {1000 * w / n:.1f} | "
            + " | ".join(cells)
            + " |"
        )
    print()
    wchecks = sorted({c for _, c in warnings})
    print("Warnings per 1,000 segments, by check:")
    print()
    print("| lang | " + " | ".join(wchecks) + " |")
    print("|" + " --- |" * (len(wchecks) + 1))
    for lang in langs:
        n = segments[lang]
        print(
            f"| {lang} | "
            + " | ".join(f"{1000 * warnings[(lang, c)] / n:.1f}" for c in wchecks)
            + " |"
        )
    print()
    print("Planted mistakes: share failing the gate (error) / with any finding (n):")
    print()
    print("| mistake | target | " + " | ".join(langs) + " |")
    print("|" + " --- |" * (len(langs) + 2))
    for kind in PLANTED:
        cells = []
        for lang in langs:
            n = eligible[(lang, kind)]
            if not n:
                cells.append("–")
                continue
            cells.append(
                f"{100 * caught[(lang, kind)] / n:.0f}% / {100 * seen_any[(lang, kind)] / n:.0f}% ({n})"
            )
        target = TARGETS[kind]
        print(
            f"| {kind} | {f'≥ {100 * target:.0f}%' if target else 'warning'} | "
            + " | ".join(cells)
            + " |"
        )
    if samples:
        print()
        rnd.shuffle(samples)
        for lang, message, source, target in samples[: args.n]:
            print(f"[{lang}] {message}\n    EN: {source}\n    TG: {target}\n")


# ---------------------------------------------------------------------------------------------


def _msgfmt_ok(path: Path) -> bool:
    done = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
        capture_output=True,
    )
    return done.returncode == 0


def bench_po_real(args: argparse.Namespace) -> None:
    folder = Path(args.data)
    files: list[tuple[str, Path]] = []
    for path in sorted(folder.glob("*/*/po/**/*.po")):
        parts = path.relative_to(folder).parts
        code = parts[3].split(".")[0]
        if not is_valid_code(code):
            continue
        files.append((normalise_code(code), path))
    if args.limit:
        rnd = random.Random(args.seed)
        rnd.shuffle(files)
        files = files[: args.limit]
    root = Path(args.root)
    langs = sorted({lang for lang, _ in files if lang != "en"})
    origin: dict[str, Path] = {}
    if not (args.reuse and root.exists()):
        _project(root, langs)
    for lang, path in files if not (args.reuse and root.exists()) else ():
        if lang == "en":
            continue
        rel_parts = path.relative_to(folder).parts
        name = "-".join([rel_parts[0], rel_parts[1], *rel_parts[4:]])[: -len(".po")]
        name = re.sub(r"[^\w.-]", "_", name)
        target = root / "locales" / lang / f"{name}.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
        origin[f"locales/{lang}/{name}.po"] = path
    if args.reuse and root.exists():
        origin = json.loads((root / "origin.json").read_text("utf-8"))
        origin = {k: Path(v) for k, v in origin.items()}
    findings, elapsed = _run_check(root)
    (root / "origin.json").write_text(json.dumps({k: str(v) for k, v in origin.items()}), "utf-8")
    entries = 0
    for rel in origin:
        try:
            po = polib.pofile(str(root / rel))
            entries += sum(1 for e in po if e.translated() and not e.obsolete)
        except (OSError, ValueError, UnicodeError):
            pass
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    failing: dict[str, Counter[str]] = defaultdict(Counter)
    for f in findings:
        if f.severity == "error":
            errors[f.check] += 1
            failing[f.path][f.check] += 1
        elif f.severity == "warning":
            warnings[f.check] += 1
    accepted_but_failed: Counter[str] = Counter()
    accepted = 0
    failed_files = 0
    accepted_files: set[str] = set()
    for rel, path in origin.items():
        ok = _msgfmt_ok(path)
        accepted += ok
        if ok:
            accepted_files.add(rel)
        if rel in failing:
            failed_files += 1
            if ok:
                for check in failing[rel]:
                    accepted_but_failed[check] += 1
    print(
        f"# tmflow check on real PO files: {len(origin)} files, {entries} translated entries, "
        f"{elapsed:.1f} s, load {os.getloadavg()[0]:.2f}"
    )
    print(f"msgfmt -c --check-format accepts {accepted}; check fails {failed_files}")
    print()
    print("| check | errors | per 1,000 entries | files msgfmt accepts that it fails |")
    print("| --- | --- | --- | --- |")
    for check, count in errors.most_common():
        print(
            f"| {check} | {count} | {1000 * count / max(entries, 1):.2f} | {accepted_but_failed[check]} |"
        )
    print()
    print("warnings:", ", ".join(f"{c} {n}" for c, n in warnings.most_common()))
    if args.dump:
        _dump_errors(Path(args.dump), root, findings, origin, accepted_files)
    if args.show:
        rnd = random.Random(args.seed)
        chosen = [f for f in findings if f.check == args.show and f.severity == "error"]
        if args.accepted:
            ok_files = {rel for rel, path in origin.items() if _msgfmt_ok(path)}
            chosen = [f for f in chosen if f.path in ok_files]
        rnd.shuffle(chosen)
        catalogs: dict[str, Any] = {}
        for f in chosen[: args.n]:
            if f.path not in catalogs:
                try:
                    catalogs[f.path] = {e.msgid: e for e in polib.pofile(str(root / f.path))}
                except (OSError, ValueError, UnicodeError):
                    catalogs[f.path] = {}
            entry = catalogs[f.path].get(f.msgid)
            shown = ""
            if entry is not None:
                shown = entry.msgstr or " | ".join(entry.msgstr_plural.values())
            print(
                f"\n{origin.get(f.path, f.path)}:{f.line}: {f.severity}: {f.message}"
                f"\n    {f.msgid!r}\n    {shown!r} {list(entry.flags) if entry else ''}"
            )


def _dump_errors(
    out: Path, root: Path, findings: list[Any], origin: dict[str, Path], accepted: set[str]
) -> None:
    """Every error as one JSON line (file, msgfmt's verdict, entry, translation, flags), for
    reading the remaining classes by project and language."""
    catalogs: dict[str, dict[str, Any]] = {}
    with out.open("w", encoding="utf-8") as handle:
        for f in findings:
            if f.severity != "error":
                continue
            if f.path not in catalogs:
                try:
                    catalogs[f.path] = {e.msgid: e for e in polib.pofile(str(root / f.path))}
                except (OSError, ValueError, UnicodeError):
                    catalogs[f.path] = {}
            entry = catalogs[f.path].get(f.msgid)
            shown = ""
            if entry is not None:
                shown = entry.msgstr or " | ".join(entry.msgstr_plural.values())
            row = {
                "check": f.check,
                "path": f.path,
                "origin": str(origin.get(f.path, f.path)),
                "language": f.language,
                "msgfmt_ok": f.path in accepted,
                "message": f.message,
                "msgid": f.msgid,
                "msgstr": shown,
                "flags": list(entry.flags) if entry is not None else [],
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", choices=("parallel", "po-real"))
    parser.add_argument("data", help="folder of the corpus")
    parser.add_argument("--langs", default="az,ru,tr,fr,ar,de,uk,es")
    parser.add_argument("--root", default=os.path.join(tempfile.gettempdir(), "tmflow-bench-qa"))
    parser.add_argument(
        "--planted", type=int, default=150, help="planted mistakes per kind and language"
    )
    parser.add_argument("--show", help="print samples of this check's findings")
    parser.add_argument("--show-lang")
    parser.add_argument("--show-planted", help="print planted mistakes of this kind that pass")
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="po-real: at most this many files")
    parser.add_argument("--reuse", action="store_true", help="po-real: check the tree made before")
    parser.add_argument("--dump", help="po-real: write every error as a JSON line to this file")
    parser.add_argument(
        "--accepted", action="store_true", help="po-real: --show only files msgfmt -c accepts"
    )
    args = parser.parse_args()
    if args.corpus == "parallel":
        bench_parallel(args)
    else:
        bench_po_real(args)


if __name__ == "__main__":
    main()
