"""The publishing policy: with ``[tool.tmflow.build] require-check = true`` (or
``--require-check``) a language version whose PO file fails ``tmflow check`` is held back, with
the reason in the build table and the manifest."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import invoke

ARTICLE = "khojaly-moscow-2014"


def break_a_number(project: Path) -> None:
    po = project / "locales" / "az" / f"{ARTICLE}.po"
    text = po.read_text("utf-8")
    assert text.count("22-ci ildönümü") == 2
    # a number changed ("iyirmi ikinci", the number in words, would be right)
    po.write_text(text.replace("22-ci ildönümü", "23-cü ildönümü"), "utf-8")


def test_a_language_version_that_fails_check_is_held_back(sample_project: Path) -> None:
    break_a_number(sample_project)
    check = invoke("check", "-l", "az", cwd=sample_project)
    assert check.code == 1 and "error [numbers]" in check.stdout
    output = sample_project / "published" / "az" / f"{ARTICLE}.txt"

    config = sample_project / "pyproject.toml"
    config.write_text(
        config.read_text("utf-8").replace(
            "[tool.tmflow.build]\n", "[tool.tmflow.build]\nrequire-check = true\n"
        ),
        "utf-8",
    )
    held = invoke("build", cwd=sample_project)
    assert held.code == 0, held.output
    reason = f"check: 2 errors in locales/az/{ARTICLE}.po (numbers); require-check holds it back"
    line = next(ln for ln in held.stdout.splitlines() if ln.startswith(f"az     {ARTICLE}"))
    assert line.split()[2] == "skipped" and line.endswith(reason)
    assert not output.exists()
    assert (sample_project / "published" / "az" / "justice-for-khojaly-campaign.md").exists()
    assert (sample_project / "published" / "ru" / f"{ARTICLE}.txt").exists()
    assert "3 language versions published (3 written), 7 held back" in held.stdout
    manifest = json.loads((sample_project / "published" / "manifest.json").read_text("utf-8"))
    entry = manifest["languages"]["az"][ARTICLE]
    assert entry["status"] == "skipped" and entry["reason"] == reason
    assert entry["check_errors"] == 2 and "output" not in entry

    # the flag overrides the configuration, both ways
    published = invoke("build", "--no-require-check", "-l", "az", cwd=sample_project)
    assert published.code == 0 and output.exists()
    config.write_text(config.read_text("utf-8").replace("require-check = true\n", ""), "utf-8")
    kept = invoke("build", "--require-check", "-l", "az", cwd=sample_project)
    assert kept.code == 0
    assert f"az     {ARTICLE}" in kept.stdout and "stale" in kept.stdout
    assert "require-check holds it back; the earlier output is kept" in kept.stdout


def test_a_clean_project_builds_the_same_with_the_policy(sample_project: Path) -> None:
    plain = invoke("build", "-o", "plain", cwd=sample_project)
    gated = invoke("build", "--require-check", "-o", "gated", cwd=sample_project)
    assert plain.code == gated.code == 0
    assert plain.stdout.replace("plain/", "") == gated.stdout.replace("gated/", "")
    for path in (sample_project / "plain").rglob("*"):
        if path.is_file():
            twin = sample_project / "gated" / path.relative_to(sample_project / "plain")
            assert twin.read_bytes() == path.read_bytes()
