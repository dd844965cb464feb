"""``tmflow draft --replace ENGINE|all-mt [--older-than DATE]``: the sample's offline ``pseudo``
drafts replaced by a real engine's (a LibreTranslate-compatible server on 127.0.0.1), never a
translated entry, a memory draft, or a draft a person edited; ``--dry-run`` lists them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import invoke
from tests.fakes.libre_server import FakeLibre
from tmflow.core import provenance
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po
from tmflow.steps.mt import draft as draft_mod
from tmflow.steps.mt import scheduler

ARTICLE = "justice-for-khojaly-campaign"
TODAY = draft_mod._today()


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheduler, "BACKOFF_BASE", 0.01)


def entries(path: Path) -> list[object]:
    return [e for e in load_po(path) if not e.obsolete]


def prepare(project: Path) -> tuple[Path, str, str, str]:
    """In the French article: a person edits one pseudo draft, reviews another, and one entry
    is a memory draft. Returns the file and the three msgids."""
    po_path = project / "locales" / "fr" / f"{ARTICLE}.po"
    po = load_po(po_path)
    drafts = [e for e in po if "mt" in provenance.kinds(e.tcomment)]
    edited, reviewed, memory = drafts[0], drafts[1], drafts[2]
    edited.msgstr = "Une traduction qu'une personne a corrigée."
    reviewed.msgstr = "Une traduction relue."
    reviewed.flags.remove("fuzzy")
    memory.tcomment = provenance.line("tm", "91% az/khojaly-moscow-2014.po")
    save_po(po, po_path)
    return po_path, edited.msgid, reviewed.msgid, memory.msgid


def test_replace_the_sample_pseudo_drafts_with_a_real_engine(sample_project: Path) -> None:
    po_path, edited, reviewed, memory = prepare(sample_project)
    tr_before = (sample_project / "locales" / "tr" / f"{ARTICLE}.po").read_bytes()
    pseudo = [e.msgid for e in entries(po_path) if "mt" in provenance.kinds(e.tcomment)]
    unedited = [m for m in pseudo if m not in (edited, reviewed)]
    with FakeLibre() as fake:
        dry = invoke(
            "draft", "--replace", "pseudo", "--provider", "libre", "--url", fake.url,
            "-l", "fr", ARTICLE, "--dry-run", cwd=sample_project,
        )  # fmt: skip
        assert fake.requests == 0
    assert dry.code == 0, dry.output
    listed = [ln for ln in dry.stdout.splitlines() if ln.startswith("would replace ")]
    assert len(listed) == len(unedited) == 11
    assert listed[0].startswith(f"would replace locales/fr/{ARTICLE}.po:")
    assert ": pseudo 2026-11-28: " in listed[0]
    assert not any(repr(edited)[:30] in ln for ln in listed)
    assert "1 pseudo drafts a person edited are kept" in dry.stdout
    assert "(11 replacing machine drafts)" in dry.stdout
    assert (
        po_path.read_bytes() == (sample_project / "locales" / "fr" / f"{ARTICLE}.po").read_bytes()
    )

    with FakeLibre() as fake:
        run = invoke(
            "draft", "--replace", "pseudo", "--provider", "libre", "--url", fake.url,
            "-l", "fr", ARTICLE, cwd=sample_project,
        )  # fmt: skip
    assert run.code == 0, run.output
    assert "fr: 11 drafted (11 replacing earlier machine drafts)" in run.stdout
    got = {e.msgid: e for e in entries(po_path)}
    for msgid in unedited:
        entry = got[msgid]
        assert entry.msgstr == f"<fr> {msgid}" and "fuzzy" in entry.flags
        assert provenance.mt_mark(entry.tcomment) == provenance.MtMark(
            "libre", TODAY, provenance.text_digest(entry.msgstr)
        )
        assert "pseudo" not in entry.tcomment
    assert got[edited].msgstr == "Une traduction qu'une personne a corrigée."  # a person's edit
    assert got[reviewed].msgstr == "Une traduction relue."  # translated: never touched
    assert got[memory].msgstr.startswith("⟦")  # a memory draft: never touched
    assert (sample_project / "locales" / "tr" / f"{ARTICLE}.po").read_bytes() == tr_before


def test_replace_an_engine_by_itself_asks_again_and_keeps_edits(sample_project: Path) -> None:
    po_path, _edited, _reviewed, _memory = prepare(sample_project)
    with FakeLibre() as fake:
        first = invoke(
            "draft", "--replace", "pseudo", "--provider", "libre", "--url", fake.url,
            "-l", "fr", ARTICLE, cwd=sample_project,
        )  # fmt: skip
    assert first.code == 0, first.output
    po = load_po(po_path)
    libre = [e for e in po if provenance.mt_mark(e.tcomment) is not None and not e.obsolete]
    libre = [e for e in libre if provenance.mt_mark(e.tcomment).engine == "libre"]
    libre[0].msgstr = "Corrigé à la main."
    save_po(po, po_path)

    nothing = invoke(
        "draft", "--replace", "libre", "--older-than", "2000-01-01", "--provider", "pseudo",
        "-l", "fr", cwd=sample_project,
    )  # fmt: skip
    assert nothing.code == 0 and "replacing" not in nothing.stdout

    with FakeLibre(translate=lambda text, target: f"<{target} v2> {text}") as fake:
        again = invoke(
            "draft", "--replace", "libre", "--provider", "libre", "--url", fake.url,
            "-l", "fr", ARTICLE, cwd=sample_project,
        )  # fmt: skip
        # the engine's own cached answers would give the same drafts: it is asked again
        assert fake.texts == len(libre) - 1
    assert again.code == 0, again.output
    assert "1 libre drafts a person edited are kept" in again.stdout
    got = {e.msgid: e for e in entries(po_path)}
    assert got[libre[0].msgid].msgstr == "Corrigé à la main."
    assert all(got[e.msgid].msgstr == f"<fr v2> {e.msgid}" for e in libre[1:])


def test_all_mt_and_older_than_select_by_date(sample_project: Path) -> None:
    with FakeLibre() as fake:
        newer = invoke(
            "draft", "--older-than", "2026-11-28", "--provider", "libre", "--url", fake.url,
            "--dry-run", cwd=sample_project,
        )  # fmt: skip
        older = invoke(
            "draft", "--replace", "all-mt", "--older-than", "2026-11-29", "--provider",
            "libre", "--url", fake.url, "--dry-run", cwd=sample_project,
        )  # fmt: skip
    assert newer.code == 0 and "would replace" not in newer.stdout  # made on 2026-11-28
    assert older.code == 0, older.output
    assert "(137 replacing machine drafts)" in older.stdout  # tr, fr and ar


def test_a_draft_whose_origin_cannot_be_told_is_kept(sample_project: Path) -> None:
    po_path = sample_project / "locales" / "fr" / f"{ARTICLE}.po"
    text = po_path.read_text("utf-8").replace("tmflow: mt pseudo", "tmflow: mt google")
    po_path.write_text(text, "utf-8")  # google drafts without a digest, and no MT cache
    with FakeLibre() as fake:
        result = invoke(
            "draft", "--replace", "google", "--provider", "libre", "--url", fake.url,
            "-l", "fr", cwd=sample_project,
        )  # fmt: skip
        assert fake.texts == 0
    assert result.code == 0, result.output
    assert "14 google drafts are kept: whether a person edited them cannot be told" in (
        result.stderr
    )
    assert po_path.read_text("utf-8") == text


def test_bad_replace_arguments_are_usage_errors(sample_project: Path) -> None:
    unknown = invoke("draft", "--replace", "bing", "--provider", "pseudo", cwd=sample_project)
    assert unknown.code == 2 and "--replace 'bing': name an engine" in unknown.stderr
    date = invoke("draft", "--older-than", "yesterday", "--provider", "pseudo", cwd=sample_project)
    assert date.code == 2 and "give a date as YYYY-MM-DD" in date.stderr
