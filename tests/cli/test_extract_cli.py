"""``tmflow extract``: the sample project end to end; reruns write nothing; stale templates."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from tests.conftest import REPO, invoke

DATE = re.compile(r'^"POT-Creation-Date: [^"]*"$', re.M)


def test_extract_sample_project_writes_both_templates(sample_project: Path) -> None:
    templates = sample_project / "locales" / "templates"
    for pot in templates.glob("*.pot"):
        pot.unlink()
    result = invoke("extract", cwd=sample_project)
    assert result.code == 0, result.output
    names = sorted(p.name for p in templates.glob("*.pot"))
    assert names == ["justice-for-khojaly-campaign.pot", "khojaly-moscow-2014.pot"]
    assert result.stdout.splitlines()[-1] == "2 templates: 2 written, 0 unchanged"
    for pot in templates.glob("*.pot"):
        check = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(pot)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        assert (
            subprocess.run(["msgcat", "--no-wrap", str(pot)], capture_output=True).stdout
            == pot.read_bytes()
        )
    mtimes = {p: p.stat().st_mtime_ns for p in templates.glob("*.pot")}
    again = invoke("extract", cwd=sample_project)
    assert again.code == 0
    assert again.stdout.splitlines()[-1] == "2 templates: 0 written, 2 unchanged"
    assert {p: p.stat().st_mtime_ns for p in templates.glob("*.pot")} == mtimes


def test_committed_templates_are_up_to_date(sample_project: Path) -> None:
    """The repository's locales/templates match what extract writes (date aside)."""
    committed = {
        p.name: p.read_text("utf-8") for p in (REPO / "locales" / "templates").glob("*.pot")
    }
    assert set(committed) >= {"justice-for-khojaly-campaign.pot", "khojaly-moscow-2014.pot"}
    templates = sample_project / "locales" / "templates"
    for pot in templates.glob("*.pot"):
        pot.unlink()
    assert invoke("extract", cwd=sample_project).code == 0
    for name in ("justice-for-khojaly-campaign.pot", "khojaly-moscow-2014.pot"):
        fresh = (templates / name).read_text("utf-8")
        assert DATE.sub("", fresh) == DATE.sub("", committed[name])


def test_extract_named_article_json_and_stale(sample_project: Path) -> None:
    stale = sample_project / "locales" / "templates" / "old-article.pot"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("", "utf-8")
    result = invoke("extract", "khojaly-moscow-2014", "--format", "json", cwd=sample_project)
    assert result.code == 0, result.output
    data = json.loads(result.stdout)
    assert [t["article"] for t in data["templates"]] == ["khojaly-moscow-2014"]
    assert data["templates"][0]["segments"] == 38
    assert data["stale"] == ["locales/templates/old-article.pot"]
    text = invoke("extract", cwd=sample_project)
    assert "old-article.pot has no source article" in text.stderr
    assert text.stdout.splitlines()[-1].endswith(", 1 stale")
    assert stale.exists()


def test_extract_dry_run_and_unknown_article(empty_project: Path) -> None:
    (empty_project / "sources" / "note.md").write_text("# Note\n\nOne. Two.\n", "utf-8")
    dry = invoke("extract", "--dry-run", cwd=empty_project)
    assert dry.code == 0, dry.output
    assert "would write" in dry.stdout
    assert not (empty_project / "locales").exists()
    unknown = invoke("extract", "nothing-here", cwd=empty_project)
    assert unknown.code == 2 and "nothing-here" in unknown.stderr
    real = invoke("extract", "note", cwd=empty_project)
    assert real.code == 0
    assert (empty_project / "locales" / "templates" / "note.pot").is_file()
