"""Segmentation speed: English news throughput and worst cases of up to 1 MB.

Run by hand (one core):  python bench/bench_segment.py [--repeat N]
(--repeat N: each worst case runs N times and the least CPU time is shown, which filters out
the noise of a shared machine; the default is one run.)
Targets (issue 3): >= 10,000 sentences/s on English news text; no input of up to 1 MB over 1 s
(runs of dots, unpunctuated text, long lines, deeply nested Markdown, which is refused with an
error naming the line once it is nested deeper than 20 levels: the time to refuse counts).
The news text repeats one article, whose paragraphs the segmenter splits once and reuses; the
"every line distinct" rows measure throughput without that reuse.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tmflow.core.errors import SourceError  # noqa: E402
from tmflow.steps.segment.segmenter import segment_text  # noqa: E402

MB = 1_000_000


def news_text() -> str:
    seed = (ROOT / "sources" / "khojaly-moscow-2014.txt").read_text("utf-8-sig")
    extra = (
        "Dr. Smith of the U.S. delegation said on Feb. 3 that talks would resume. "
        "Prices rose 3.5 percent, e.g. in energy. “Stop!” he shouted. Nobody stopped. "
        "Visit https://example.com/news.html or write to press@example.org for details."
    )
    body = seed + "\n\n" + extra + "\n\n"
    return body * (MB // len(body))


def distinct_news_text() -> str:
    """The news text with every line made unique (a lower-case tag at its end splits nothing),
    so no paragraph's pieces can be reused: the fair throughput figure."""
    seed = news_text().split("\n")
    return "\n".join(f"{line} q{i}" if line.strip() else line for i, line in enumerate(seed))


def timed(text: str, fmt: str) -> tuple[float, int]:
    """CPU time (the machine may be shared) and the number of segments; -1 segments when the
    input is refused (Markdown nested too deeply is an error naming the line)."""
    t0 = time.process_time()
    try:
        n = len(segment_text(text, fmt, "en"))
    except SourceError:
        n = -1
    return time.process_time() - t0, n


def best_of(repeat: int, text: str, fmt: str) -> tuple[float, bool]:
    """The least CPU time of ``repeat`` runs, and whether the input was refused."""
    runs = [timed(text, fmt) for _ in range(repeat)]
    return min(t for t, _ in runs), runs[0][1] < 0


def main() -> None:
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
    news = news_text()
    timed(news[:10_000], "text")  # warm up
    seconds, n = timed(news, "text")
    print(
        f"English news, plain text: {len(news) / MB:.2f} MB, {n} segments in {seconds:.2f} s "
        f"= {n / seconds:,.0f} segments/s"
    )
    distinct = distinct_news_text()
    seconds, n = timed(distinct, "text")
    print(
        f"  every line distinct:    {len(distinct) / MB:.2f} MB, {n} segments in {seconds:.2f} s "
        f"= {n / seconds:,.0f} segments/s"
    )
    md_news = news.replace("\n\n- ", "\n\n* ")
    seconds, n = timed(md_news, "markdown")
    print(
        f"English news, Markdown:   {len(md_news) / MB:.2f} MB, {n} segments in {seconds:.2f} s "
        f"= {n / seconds:,.0f} segments/s"
    )
    md_distinct = distinct.replace("\n\n- ", "\n\n* ")
    seconds, n = timed(md_distinct, "markdown")
    print(
        f"  every line distinct:    {len(md_distinct) / MB:.2f} MB, {n} segments in "
        f"{seconds:.2f} s = {n / seconds:,.0f} segments/s"
    )

    worst = {
        "run of dots": "." * MB,
        "dots and spaces": ". " * (MB // 2),
        "ellipses and capitals": "Wait... Then " * (MB // 13),
        "unpunctuated words": "word " * (MB // 5),
        "one long line of sentences": "A sentence here. " * (MB // 17),
        "abbreviations": "Dr. Mr. St. U.S. e.g. No. 5 " * (MB // 28),
        "no spaces at all": "x" * MB,
        "brackets": "[" * MB,
        "link-like": "[a. B](http://x.y " * (MB // 18),
        "backticks": "`a. B " * (MB // 6),
        "at signs": "a@b." * (MB // 4),
        "urls": "http://x.y/z. " * (MB // 14),
        "nested quotes": "> " * (MB // 2),
        "nested quote lines": "".join("> " * (i % 60) + "x. Y\n" for i in range(MB // 70)),
        "nested lists": "".join("  " * (i % 50) + "- item. Two\n" for i in range(MB // 60)),
        "emphasis": "*a. B* " * (MB // 7),
        "html comments": "<!-- tmflow: split --> a. " * (MB // 26),
        "blank lines": "\n" * MB,
        "crlf paragraphs": "One. Two.\r\n\r\n" * (MB // 13),
    }
    print(f"\n{'worst case (about 1 MB)':<28} {'text':>8} {'markdown':>9}")
    slowest = 0.0
    for name, text in worst.items():
        row = []
        for fmt in ("text", "markdown"):
            seconds, refused = best_of(repeat, text, fmt)
            slowest = max(slowest, seconds)
            row.append(f"{seconds:7.2f}s" + ("*" if refused else ""))
        print(f"{name:<28} {row[0]:>8} {row[1]:>9}")
    print(
        "\n* refused with an error naming the line (Markdown nested more than 20 levels deep)"
        f"\nslowest: {slowest:.2f} s ({'within' if slowest <= 1.0 else 'OVER'} the 1 s budget)"
    )


if __name__ == "__main__":
    main()
