"""The HTML status page in a real browser (headless Chromium, installed by .ci/run).

The page is rendered from a project whose translations hold markup; Chromium's serialised DOM
after loading must show that markup as text (no <script> or <img> element created, the
script's side effect absent), Arabic cells must carry dir="rtl", and the page must load no
resource from the network.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from tmflow.io.config import load_config
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.steps.report.render import render_html
from tmflow.steps.report.status import status_project

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
EVIL = '<script>document.title="PWNED";document.body.innerHTML="PWNED"</script>'


def _dump_dom(page: Path, profile: Path) -> str:
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=2000",
        "--dump-dom",
        page.as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_page_in_chromium(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["fr", "ar"]\n', "utf-8"
    )
    fr = new_catalog("evil", "fr")
    fr.append(polib.POEntry(msgid="Headline " + EVIL, msgstr="Titre " + EVIL))
    fr.append(polib.POEntry(msgid="Second.", msgstr=""))
    save_po(fr, root / "locales" / "fr" / "evil.po")
    ar = new_catalog("evil", "ar")
    ar.append(
        polib.POEntry(msgid="Headline " + EVIL, msgstr="العنوان <img src=x onerror=alert(1)>")
    )
    ar.append(polib.POEntry(msgid="Second.", msgstr="ثانيا."))
    save_po(ar, root / "locales" / "ar" / "evil.po")

    page = tmp_path / "status.html"
    page.write_text(render_html(status_project(load_config(root)), project="<b>proj</b>"), "utf-8")
    dom = _dump_dom(page, tmp_path / "profile")

    assert "PWNED" not in dom.replace(EVIL.replace("<", "&lt;").replace(">", "&gt;"), "")
    assert "<title>Translation status: &lt;b&gt;proj&lt;/b&gt;</title>" in dom
    # the markup of the translation is text in the DOM, not elements
    assert "Titre &lt;script&gt;document.title=" in dom
    assert dom.count("<script") == 0
    assert "<img" not in dom and "&lt;img src=x onerror=alert(1)&gt;" in dom
    # Arabic cells and texts are right to left; French ones left to right
    assert '<td data-lang="ar" dir="rtl" lang="ar">' in dom
    assert 'class="title translation" lang="ar" dir="rtl">العنوان' in dom
    assert '<td data-lang="fr" dir="ltr" lang="fr">' in dom
    # progress bars per language and per article
    assert dom.count('class="bar"') == 2 + 2
    assert 'aria-label="100.0% translated"' in dom and 'aria-label="50.0% translated"' in dom
