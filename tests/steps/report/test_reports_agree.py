"""Reports that describe the same files agree with each other and with the exit code."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import invoke
from tmflow.io.config import load_config
from tmflow.steps.merge.leverage import analyse_project
from tmflow.steps.report.status import status_project


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
