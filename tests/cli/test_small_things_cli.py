"""What a new user meets first: ``init`` shows the machine-translation settings, ``sync`` says
when it did not draft, languages come in the configured order, and every message names files
from the project folder."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.conftest import invoke
from tmflow.io.config import load_config


def test_init_writes_a_commented_mt_section_that_loads(tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path / "new"), "-l", "fr")
    assert result.code == 0, result.output
    text = (tmp_path / "new" / "tmflow.toml").read_text("utf-8")
    assert "\n[mt]\n" in text
    assert '# provider = "google"' in text and "libre" in text and "pseudo" in text
    assert "# max-retry-after = 120" in text
    # the commented keys are the real ones: uncommented, they load as they read
    live = text.replace("# provider = ", "provider = ").replace("# batch-size = ", "batch-size = ")
    data = tomllib.loads(live)
    assert data["mt"] == {"provider": "google", "batch-size": 16}
    (tmp_path / "new" / "tmflow.toml").write_text(live, "utf-8")
    config = load_config(tmp_path / "new")
    assert config.mt.provider == "google" and config.mt.batch_size == 16


def test_sync_says_when_drafting_is_off(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert invoke("init", str(project), "-l", "fr").code == 0
    (project / "sources" / "a.txt").write_text("Hello world.\n", "utf-8")
    result = invoke("sync", cwd=project)
    assert result.code == 0, result.output
    assert "draft: off: no provider in [mt] of tmflow.toml" in result.stdout
    skipped = invoke("sync", "--no-draft", cwd=project)
    assert "draft: skipped (--no-draft)" in skipped.stdout


def test_languages_come_in_the_configured_order_every_time(sample_project: Path) -> None:
    configured = ["az", "ru", "tr", "fr", "ar"]

    def receipt_order(stdout: str) -> list[str]:
        heads = {f"{lang}:" for lang in configured}
        return [ln.split(":")[0] for ln in stdout.splitlines() if ln[:3] in heads]

    assert receipt_order(invoke("sync", "--no-draft", cwd=sample_project).stdout) == configured
    # a reviewer saves one language: it is updated, the others come from the update cache
    for lang in ("fr", "az"):
        po = sample_project / "locales" / lang / "khojaly-moscow-2014.po"
        po.write_text(po.read_text("utf-8").replace("# ", "# Reviewed.\n# ", 1), "utf-8")
        result = invoke("sync", "--no-draft", cwd=sample_project)
        assert result.code == 0, result.output
        assert receipt_order(result.stdout) == configured
    # languages asked for in another order still come in the configured one
    status = invoke("status", "-l", "fr", "-l", "az", cwd=sample_project)
    header = status.stdout.splitlines()[0].split()
    assert header == ["article", "az", "fr"]
    update = invoke("update", "-l", "ar", "-l", "ru", cwd=sample_project)
    assert [ln.split(":")[0] for ln in update.stdout.splitlines()[:2]] == ["ru", "ar"]


def test_status_and_check_name_a_broken_file_alike_from_any_folder(
    sample_project: Path, tmp_path: Path
) -> None:
    broken = sample_project / "locales" / "fr" / "khojaly-moscow-2014.po"
    broken.write_text('msgid "x\n', "utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    status = invoke("--project", str(sample_project), "status", cwd=elsewhere)
    check = invoke("--project", str(sample_project), "check", cwd=elsewhere)
    named = "locales/fr/khojaly-moscow-2014.po:1"
    assert status.code == 2 and check.code == 1
    assert f"{named}: error [po-syntax]" in check.stdout
    assert f"tmflow: error: {named}: " in status.stderr
    assert f"\n{named}: error: " in status.stdout
    assert str(sample_project) not in status.output
    update = invoke("--project", str(sample_project), "update", cwd=elsewhere)
    assert update.code == 2
    assert update.stderr.startswith(f"tmflow: error: {named}: ")
