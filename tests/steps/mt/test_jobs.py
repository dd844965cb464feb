"""What a draft run translates, from catalogs held in memory (no files)."""

from __future__ import annotations

from pathlib import Path

import polib

from tmflow.core import provenance
from tmflow.steps.mt.catalogs import Catalog
from tmflow.steps.mt.jobs import collect_jobs
from tmflow.steps.mt.protect import protect
from tmflow.steps.mt.scheduler import Rejected


def catalog(name: str, *entries: polib.POEntry) -> Catalog:
    po = polib.POFile()
    for e in entries:
        po.append(e)
    return Catalog.of(Path(f"{name}.po"), po)


def e(msgid: str, msgstr: str = "", **kw: object) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **kw)


def mask(text: str) -> object:
    return protect(text)


def test_only_untranslated_entries_become_jobs() -> None:
    one = catalog(
        "one",
        e("Untranslated."),
        e("Translated.", "Traduit."),
        e("Fuzzy with text.", "Flou.", flags=["fuzzy"]),
        e("Fuzzy and empty.", "", flags=["fuzzy"]),
        e("Obsolete.", "", obsolete=True),
        e("One file", msgid_plural="{0} files", msgstr_plural={0: "", 1: ""}),
        e("https://example.org/a"),  # nothing left to translate once masked
    )
    found = collect_jobs("fr", [one], protect)
    assert [job.source for job in found.jobs] == ["Untranslated.", "Fuzzy and empty."]
    assert found.entries == 2 and found.skipped == 2  # the plural and the bare URL


def test_identical_texts_share_one_job_and_the_limit_counts_jobs() -> None:
    one = catalog("one", e("Same."), e("Other."), e("Third."))
    two = catalog("two", e("Same."), e("Third."))
    found = collect_jobs("fr", [one, two], protect)
    same = found.jobs[0]
    assert same.source == "Same." and [c.path.name for c, _ in same.targets] == [
        "one.po",
        "two.po",
    ]
    assert found.entries == 5 and len(found.jobs) == 3
    limited = collect_jobs("fr", [one, two], protect, limit=2)
    assert [j.source for j in limited.jobs] == ["Same.", "Other."] and limited.entries == 3


def test_a_finished_job_drafts_with_provenance_and_glossary_lines() -> None:
    one = catalog("one", e("Read **this** now."))
    (job,) = collect_jobs("fr", [one], protect).jobs
    job.pieces = [job.protected.text]
    job.results[0] = "Lisez {1}ceci{2} maintenant."
    change = job.change("libre", "2026-01-01", lambda s, t, lang: ['missing "now"'])
    assert change.msgstr == "Lisez **ceci** maintenant." and change.rejected is None
    assert change.lines == (
        provenance.line("mt", f"libre 2026-01-01 {provenance.text_digest(change.msgstr or '')}"),
        provenance.line("glossary:", 'missing "now"'),
    )
    job.apply(change)
    entry = one.po[0]
    assert entry.msgstr == "Lisez **ceci** maintenant." and entry.flags == ["fuzzy"]
    assert one.dirty and list(one.changes) == [(None, "Read **this** now.")]


def test_a_rejected_piece_rejects_the_job_and_the_entry_stays_empty() -> None:
    one = catalog("one", e("Long text. Two pieces."))
    (job,) = collect_jobs("fr", [one], protect).jobs
    job.pieces = ["Long text.", "Two pieces."]
    job.results = {
        0: "Texte long.",
        1: Rejected("reply in the wrong script (Cyrillic, expected Latin)"),
    }
    change = job.change("libre", "2026-01-01", None)
    assert change.msgstr is None
    assert change.rejected == "reply in the wrong script (Cyrillic, expected Latin)"
    job.apply(change)
    assert one.po[0].msgstr == "" and "fuzzy" not in one.po[0].flags
    assert provenance.lines(one.po[0].tcomment) == [f"mt rejected: {change.rejected}"]


def test_a_draft_never_lands_on_an_entry_that_got_text_meanwhile() -> None:
    one = catalog("one", e("Hello."))
    (job,) = collect_jobs("fr", [one], protect).jobs
    one.po[0].msgstr = "Bonjour."  # a person typed it in the meantime
    job.pieces = [job.protected.text]
    job.results[0] = "Salut."
    job.apply(job.change("libre", "2026-01-01", None))
    assert one.po[0].msgstr == "Bonjour." and not one.po[0].flags and not one.dirty
