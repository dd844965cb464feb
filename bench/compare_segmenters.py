"""Measure candidate sentence segmenters on tmflow's own case sets (accuracy per language, speed).

Run by hand:  python bench/compare_segmenters.py
A case counts as right only when the whole split equals the expected list of sentences.
Case sets: cases.tsv (written with the rules), heldout.tsv (35 held-out cases) and the
paragraph cases of realtext.tsv (held-out cases from real text; its plain-text and Markdown
article cases need block structure, which only tmflow has: tmflow's figure on the whole file
is printed by tests/steps/segment/test_segment_realtext.py).
Speed: English news text (the sample press release repeated), sentences per second, one core.
"""

from __future__ import annotations

import re
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = ROOT / "tests" / "fixtures" / "segmentation" / "cases.tsv"
HELDOUT = ROOT / "tests" / "fixtures" / "segmentation" / "heldout.tsv"
LANGS = ("en", "ru", "tr", "fr", "de", "az", "ar")


def load_realtext() -> list[tuple[str, str, list[str]]]:
    from tests.steps.segment.realtext import load

    return [(c.lang, c.text, list(c.expected)) for c in load() if c.fmt == "p"]


def load_cases(path: Path = CASES) -> list[tuple[str, str, list[str]]]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, body = line.split("\t", 1)
        body = body.replace("\\n", "\n").replace("\\u00a0", "\u00a0").replace("\\u202f", "\u202f")
        parts = body.split(" || ")
        out.append((lang, " ".join(parts), [re.sub(r"\s+", " ", p).strip() for p in parts]))
    return out


def fold(parts: list[str]) -> list[str]:
    return [re.sub(r"\s+", " ", p).strip() for p in parts if p.strip()]


def make_pysbd() -> Callable[[str, str], list[str]]:
    import pysbd

    cache: dict[str, object] = {}
    supported = {"en", "ru", "fr", "de", "ar"}

    def run(lang: str, text: str) -> list[str]:
        code = lang if lang in supported else "en"
        seg = cache.get(code) or cache.setdefault(
            code, pysbd.Segmenter(language=code, clean=False)
        )
        return fold(seg.segment(text))  # type: ignore[attr-defined]

    return run


def make_sentencex() -> Callable[[str, str], list[str]]:
    import sentencex

    def run(lang: str, text: str) -> list[str]:
        return fold(list(sentencex.segment(lang, text)))

    return run


def make_yasbd() -> Callable[[str, str], list[str]]:
    from yasbd import BoundaryDetector

    cache: dict[str, object] = {}

    def run(lang: str, text: str) -> list[str]:
        code = "tr" if lang == "az" else lang
        det = cache.get(code) or cache.setdefault(code, BoundaryDetector(code))
        return fold(list(det.segment(text)))  # type: ignore[attr-defined]

    return run


def make_tmflow() -> Callable[[str, str], list[str]]:
    from tmflow.steps.segment.segmenter import split_sentences

    def run(lang: str, text: str) -> list[str]:
        return fold([text[s:e] for s, e in split_sentences(text, lang)])

    return run


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Timeout()


def accuracy(
    run: Callable[[str, str], list[str]], cases: list[tuple[str, str, list[str]]]
) -> tuple[dict[str, list[int]], float]:
    right: dict[str, list[int]] = {lang: [0, 0] for lang in LANGS}
    for lang, text, expected in cases:
        try:
            got = run(lang, text)
        except Exception:
            got = []
        right[lang][1] += 1
        right[lang][0] += got == expected
    total = sum(r[0] for r in right.values()) / sum(r[1] for r in right.values())
    return right, total


def main() -> None:
    cases = load_cases()
    heldout = load_cases(HELDOUT)
    realtext = load_realtext()
    news = (ROOT / "sources" / "khojaly-moscow-2014.txt").read_text("utf-8-sig")
    news = "\n\n".join(p for p in news.split("\n\n") if len(p) > 200)
    candidates = {
        "pysbd": make_pysbd,
        "sentencex": make_sentencex,
        "yasbd-lib": make_yasbd,
        "tmflow": make_tmflow,
    }
    signal.signal(signal.SIGALRM, _alarm)
    print(
        f"{'segmenter':<10} "
        + " ".join(f"{lang:>6}" for lang in LANGS)
        + "   all  sent/s  1MB-dots  1MB-noend"
    )
    for name, factory in candidates.items():
        run = factory()
        right, total = accuracy(run, cases)
        held, held_total = accuracy(run, heldout)
        real, real_total = accuracy(run, realtext)
        # speed on English news text
        body = "\n\n".join([news] * 20)
        n_sent = 0
        t0 = time.process_time()
        for para in body.split("\n\n"):
            n_sent += len(run("en", para))
        dt = time.process_time() - t0
        patho = []
        for text in ("." * 1_000_000, ("word " * 200_000)):
            signal.alarm(20)
            t0 = time.process_time()
            try:
                run("en", text)
                patho.append(f"{time.process_time() - t0:8.2f}s")
            except Timeout:
                patho.append("  >20s  ")
            finally:
                signal.alarm(0)
        print(
            f"{name:<10} "
            + " ".join(f"{100 * r[0] / r[1]:5.1f}%" for r in right.values())
            + f" {100 * total:5.1f}% {n_sent / dt:7.0f} "
            + " ".join(patho)
        )
        print(
            f"{'  held-out':<10} "
            + " ".join(f"{100 * r[0] / r[1]:5.1f}%" for r in held.values())
            + f" {100 * held_total:5.1f}%"
        )
        print(
            f"{'  realtext':<10} "
            + " ".join(f"{100 * r[0] / r[1]:5.1f}%" for r in real.values())
            + f" {100 * real_total:5.1f}%  ({len(realtext)} paragraph cases)"
        )


if __name__ == "__main__":
    main()
