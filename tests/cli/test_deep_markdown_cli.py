"""Markdown nested deeper than the parser reads is never left out of the segments unseen:
extract, sync and build stop with an error naming the file and the line, and build publishes
nothing for it (no language is called complete while part of its text would stay English)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import invoke

DEEP = "# Guide\n\nIntro.\n\n" + "".join("  " * i + f"- step {i}. Do it.\n" for i in range(11))


def _project(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text('source-language = "en"\nlanguages = ["fr"]\n', "utf-8")
    (root / "sources" / "guide.md").write_text("# Guide\n\nIntro.\n\n- step 0. Do it.\n", "utf-8")
    return root


def test_extract_sync_and_build_refuse_deep_nesting(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    assert invoke("sync", cwd=root).code == 0
    po = root / "locales" / "fr" / "guide.po"
    # a translator finishes the file
    text = po.read_text("utf-8")
    text = text.replace('msgid "Guide"\nmsgstr ""', 'msgid "Guide"\nmsgstr "Guide"')
    text = text.replace('msgid "Intro."\nmsgstr ""', 'msgid "Intro."\nmsgstr "Intro."')
    text = text.replace('msgid "step 0."\nmsgstr ""', 'msgid "step 0."\nmsgstr "étape 0."')
    text = text.replace('msgid "Do it."\nmsgstr ""', 'msgid "Do it."\nmsgstr "Faites-le."')
    po.write_text(text, "utf-8")
    built = invoke("build", cwd=root)
    assert built.code == 0, built.output
    assert "written" in built.stdout and "100.0%" in built.stdout
    published = root / "published" / "fr" / "guide.md"
    before = published.read_bytes()

    # the source gains a list nested ten levels deep: its text would be left out
    (root / "sources" / "guide.md").write_text(DEEP, "utf-8")
    for command in ("extract", "sync", "build"):
        result = invoke(command, cwd=root)
        assert result.code == 2, (command, result.output)
        assert "guide.md:14:" in result.stderr, result.stderr  # "step 9", ten levels deep
        assert "nested more than 20 levels" in result.stderr
        assert "100.0%" not in result.stdout
    assert published.read_bytes() == before
    template = root / "locales" / "templates" / "guide.pot"
    assert "step 8" not in template.read_text("utf-8")
