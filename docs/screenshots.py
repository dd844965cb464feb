"""Make the README's screenshots of the HTML pages (docs/*.png) with headless Chromium.

A copy of the sample project is made in a temporary folder and committed to a new git
repository; then one article is edited as an editor would (two numbers changed, a sentence,
a list item and a table added) and ``tmflow extract`` and ``tmflow update`` are run, so that
the pages show sources that changed and segments still to translate beside the reviewed and
machine-drafted ones. The status page links to a (made-up) web view of the repository.

Usage::

    python docs/screenshots.py [--out docs]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
EDITS = [
    ("Parliaments of 6 countries and 14 states", "Parliaments of 7 countries and 15 states"),
    (
        "Sarajevo\nand The Hague.",
        "Sarajevo\nand The Hague. A new monument was opened in Berlin in 2024.",
    ),
    (
        "- a website in *five languages*.",
        "- a website in *five languages*;\n- a touring exhibition about Khojaly.\n\n"
        "| City | Year |\n| --- | --- |\n| Ankara | 2012 |\n| The Hague | 2008 |",
    ),
]


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> None:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))}: {done.stderr}")


def shoot(page: Path, png: Path, width: int, height: int) -> None:
    profile = tempfile.mkdtemp(prefix="tmflow-shot-")
    try:
        run(
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--screenshot={png}",
            page.as_uri(),
            cwd=page.parent,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    out: Path = parser.parse_args().out.resolve()
    work = Path(tempfile.mkdtemp(prefix="tmflow-screenshots-"))
    project = work / "press-office"
    project.mkdir()
    for name in ("sources", "locales"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "glossary.yml", project / "glossary.yml")
    text = (REPO / "pyproject.toml").read_text("utf-8")
    config = text[text.index("[tool.tmflow]") : text.index("# ----", text.index("[tool.tmflow]"))]
    config += (
        "\n[tool.tmflow.report]\n"
        'file-url = "https://github.com/press-office/translations/blob/{ref}/{path}"\n'
    )
    (project / "pyproject.toml").write_text(config, "utf-8")
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Press office",
        GIT_AUTHOR_EMAIL="press@example.org",
        GIT_COMMITTER_NAME="Press office",
        GIT_COMMITTER_EMAIL="press@example.org",
        SOURCE_DATE_EPOCH="1772193600",  # 2026-02-27 12:00 UTC
    )
    run("git", "init", "-q", cwd=project, env=env)
    article = project / "sources" / "justice-for-khojaly-campaign.md"
    source = article.read_text("utf-8")
    for old, new in EDITS:
        source = source.replace(old, new)
    article.write_text(source, "utf-8")
    tmflow = [sys.executable, "-m", "tmflow"]
    run(*tmflow, "extract", cwd=project, env=env)
    run(*tmflow, "update", cwd=project, env=env)
    run("git", "add", "-A", cwd=project, env=env)
    run("git", "commit", "-qm", "Source edits of the campaign article", cwd=project, env=env)
    site = work / "site"
    run(*tmflow, "status", "--format", "html", "-o", site / "status.html", cwd=project, env=env)
    run(*tmflow, "review", "--all", "-o", site / "review", cwd=project, env=env)
    out.mkdir(parents=True, exist_ok=True)
    shoot(site / "status.html", out / "status-page.png", 1280, 1180)
    shoot(
        site / "review" / "ru" / "justice-for-khojaly-campaign.html",
        out / "review-page.png",
        1280,
        1700,
    )
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {out}/status-page.png and review-page.png")


if __name__ == "__main__":
    main()
