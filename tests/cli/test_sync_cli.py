"""``tmflow sync`` on the sample project: the README's first command."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import invoke
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po


def test_sync_on_the_sample_prints_a_summary_and_then_does_nothing(sample_project: Path) -> None:
    first = invoke("sync", cwd=sample_project)
    assert first.code == 0, first.output
    assert first.stdout.startswith("extract: 2 templates, ")
    for lang in ("az", "ru", "tr", "fr", "ar"):
        assert f"\n{lang}: " in first.stdout
    assert "sync done: " in first.stdout
    for lang in ("az", "ru", "tr", "fr", "ar"):
        assert (sample_project / "locales" / lang / "khojaly-moscow-2014.po").is_file()
    second = invoke("sync", cwd=sample_project)
    assert second.code == 0, second.output
    assert "extract: 2 templates, 0 changed" in second.stdout
    assert "sync done: catalogs already up to date" in second.stdout


def test_edit_a_sentence_then_sync_shows_the_receipt_and_the_fuzzy_entry(
    sample_project: Path,
) -> None:
    assert invoke("sync", cwd=sample_project).code == 0
    po_path = sample_project / "locales" / "ru" / "khojaly-moscow-2014.po"
    po = load_po(po_path)
    speech = next(e for e in po if e.msgid == "Leyla Aliyeva delivered a speech at the ceremony.")
    speech.msgstr = "Лейла Алиева выступила на церемонии с речью."
    save_po(po, po_path)
    source = sample_project / "sources" / "khojaly-moscow-2014.txt"
    source.write_text(
        source.read_text("utf-8").replace(
            "Leyla Aliyeva delivered a speech at the ceremony.",
            "Leyla Aliyeva delivered a speech at the remembrance ceremony.",
        ),
        "utf-8",
    )
    result = invoke("sync", cwd=sample_project)
    assert result.code == 0, result.output
    assert "extract: 2 templates, 1 changed" in result.stdout
    assert re.search(r"^ru: \d+ translated, 1 became fuzzy", result.stdout, re.M)
    assert "source edits: text 1" in result.stdout
    text = po_path.read_text("utf-8")
    assert (
        '#, fuzzy\n#| msgid "Leyla Aliyeva delivered a speech at the ceremony."\n'
        'msgid "Leyla Aliyeva delivered a speech at the remembrance ceremony."\n'
        'msgstr "Лейла Алиева выступила на церемонии с речью."'
    ) in text


def test_sync_with_an_unknown_language_writes_nothing(sample_project: Path) -> None:
    (sample_project / "sources" / "extra.txt").write_text("One more article.\n", "utf-8")
    result = invoke("sync", "-l", "de", cwd=sample_project)
    assert result.code == 2 and "not a target language" in result.stderr
    assert not (sample_project / "locales" / "templates" / "extra.pot").exists()
