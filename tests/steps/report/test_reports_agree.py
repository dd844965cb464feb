"""Reports that describe the same files agree with each other and with the exit code."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from tests.conftest import invoke
from tests.steps.report.review_project import make_review_project
from tests.steps.report.test_status import PLAN, make_project
from tmflow.io.config import load_config
from tmflow.steps.merge.leverage import analyse_project
from tmflow.steps.report.render import LANGUAGE_COLUMNS, render_html, render_markdown, to_json
from tmflow.steps.report.review import review_article
from tmflow.steps.report.review_html import write_review_html
from tmflow.steps.report.status import status_project
from tmflow.steps.writers import as_text


def test_leverage_words_equal_status_words_left(sample_project: Path) -> None:
    config = load_config(sample_project)
    status = status_project(config, use_cache=False)
    analysis = analyse_project(config)
    for lang in config.languages:
        words = status.language_words(lang)
        left = words.total - words.translated
        assert analysis.languages[lang].total_words == left, lang


def test_junit_failures_are_the_errors_only(sample_project: Path) -> None:
    result = invoke("check", "--format", "junit", cwd=sample_project)
    assert result.code == 0  # the sample has warnings (drafts) but no error
    suites = ET.fromstring(result.stdout)
    assert suites.get("failures") == "0"
    assert int(suites.get("tests") or 0) > 0


def test_markdown_html_and_review_pages_show_the_counts_of_the_json_report(
    tmp_path: Path,
) -> None:
    for root in (make_project(tmp_path / "a", PLAN), make_review_project(tmp_path / "b")):
        config = load_config(root)
        report = status_project(config, use_cache=False)
        data = to_json(report)

        def expected(counts: dict[str, Any], words: dict[str, Any]) -> list[str]:
            drafts = counts["drafts"]
            return [
                f"{counts['translated']}/{counts['total']}",
                *(str(drafts[k]) for k in ("mt", "tm", "source_changed", "other")),
                str(counts["untranslated"]),
                f"{words['translated']}/{words['total']}",
                str(words["total"] - words["translated"]),
            ]

        markdown = render_markdown(report)
        html = render_html(report)
        for lang, both in data["languages"].items():
            want = expected(both["segments"], both["words"])
            row = re.search(rf"^\| {lang} \| [\d.]+% \| (.*) \|$", markdown, re.M)
            assert row is not None and row.group(1).split(" | ") == want, lang
            cells = re.search(
                rf'<tr data-lang="{lang}"><th>{lang}</th><td>.*?</td>(.*?)</tr>', html
            )
            assert cells is not None
            assert re.findall(r"<td[^>]*>([^<]*)</td>", cells.group(1)) == want, lang
        assert len(want) == len(LANGUAGE_COLUMNS)
        for article, row in data["articles"].items():
            for lang, cell in row.items():
                match = re.search(
                    rf'<tr data-article="{article}" data-lang="{lang}".*?</tr>', html
                )
                assert match is not None
                numbers = re.findall(r'<td class="num[^"]*" data-v="(\d+)"', match.group(0))
                segments = cell["segments"]
                assert [int(n) for n in numbers[:6]] == [
                    segments["translated"],
                    segments["drafts"]["mt"],
                    segments["drafts"]["tm"],
                    segments["drafts"]["source_changed"],
                    segments["drafts"]["other"],
                    segments["untranslated"],
                ]
                assert int(numbers[6]) == cell["words"]["total"] - cell["words"]["translated"]
                if not (config.sources_dir / f"{article}.md").exists():
                    continue
                page = as_text(write_review_html)(review_article(config, article, lang))
                header = re.findall(r'<td class="num s-\w+">(\d+)</td>', page)
                assert [int(n) for n in header[:6]] == [int(n) for n in numbers[:6]]
