"""``tmflow sync`` runs the draft step when a provider is configured, and survives its failure."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

from tests.conftest import invoke
from tmflow.core import provenance
from tmflow.io.po.reader import load_po


def _reset_drafts(root: Path) -> None:
    for lang in ("fr", "ar"):
        shutil.rmtree(root / "locales" / lang)


def test_sync_drafts_what_is_untranslated_and_leaves_reviewed_work(sample_project: Path) -> None:
    _reset_drafts(sample_project)
    ru = sample_project / "locales" / "ru" / "khojaly-moscow-2014.po"
    reviewed = ru.read_bytes()
    result = invoke("sync", cwd=sample_project)
    assert result.code == 0, result.output
    assert "draft: 104 drafts from pseudo, 0 segments left untranslated" in result.stdout
    assert "khojaly-moscow-2014" in result.stdout and "total" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("sync done: 4 PO files written")
    assert ru.read_bytes() == reviewed
    fr = load_po(sample_project / "locales" / "fr" / "khojaly-moscow-2014.po")
    assert {provenance.classify(e).value for e in fr} == {"mt"}
    # nothing left to do: a second sync writes nothing and sends nothing
    again = invoke("sync", cwd=sample_project)
    assert "draft: 0 drafts from pseudo" in again.stdout
    assert again.stdout.strip().splitlines()[-1] == "sync done: catalogs already up to date"


def test_sync_with_an_unreachable_provider_still_extracts_and_updates(
    sample_project: Path,
) -> None:
    _reset_drafts(sample_project)
    with socket.socket() as sock:  # a port on this machine that nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = sample_project / "pyproject.toml"
    text = config.read_text("utf-8").replace(
        'provider = "pseudo"', f'provider = "libre"\nurl = "http://127.0.0.1:{port}/"'
    )
    config.write_text(text, "utf-8")
    result = invoke("sync", cwd=sample_project, env={"TMFLOW_LIBRE_API_KEY": "k"})
    assert result.code == 4, result.output  # CI learns that the engine failed
    assert (sample_project / "locales" / "fr" / "khojaly-moscow-2014.po").is_file()
    assert "drafting did not finish; extract and update are done" in result.stderr
    assert "segments are left for drafting" in result.stderr
    assert f"cannot connect to 127.0.0.1:{port}" in result.stderr
    assert "sync done:" in result.stdout and "total" in result.stdout  # status still ran
    fr = load_po(sample_project / "locales" / "fr" / "khojaly-moscow-2014.po")
    assert {provenance.classify(e).value for e in fr} == {"untranslated"}
    again = invoke(
        "sync", "--allow-partial", cwd=sample_project, env={"TMFLOW_LIBRE_API_KEY": "k"}
    )
    assert again.code == 0, again.output
    assert "segments are left for drafting" in again.stderr


def test_sync_keeps_the_drafts_made_before_the_engine_failed(sample_project: Path) -> None:
    from tests.fakes.libre_server import FakeLibre

    _reset_drafts(sample_project)
    config = sample_project / "pyproject.toml"
    with FakeLibre(rule=lambda n, text: "400" if "Moscow" in text else None) as fake:
        text = config.read_text("utf-8").replace(
            'provider = "pseudo"', f'provider = "libre"\nurl = "{fake.url}"'
        )
        config.write_text(text, "utf-8")
        result = invoke("sync", cwd=sample_project, env={"TMFLOW_LIBRE_API_KEY": None})
    assert result.code == 4, result.output
    assert "segments not drafted: refused by libre (HTTP 400: bad request)" in result.stderr
    fr = load_po(sample_project / "locales" / "fr" / "khojaly-moscow-2014.po")
    states = {provenance.classify(e).value for e in fr}
    assert states == {"mt", "untranslated"}  # the drafts made are kept
    assert all("Moscow" in e.msgid for e in fr if not e.msgstr)
