"""The ``mt`` mark of a machine draft and the ``copied`` kind (``tmflow.core.provenance``)."""

from __future__ import annotations

import polib

from tmflow.core import provenance


def test_the_mt_mark_of_a_draft() -> None:
    line = provenance.mt_line("libre", "2026-12-04", "Bonjour.")
    assert line == f"tmflow: mt libre 2026-12-04 {provenance.text_digest('Bonjour.')}"
    assert provenance.text_digest("Bonjour.").startswith("sha256:")
    assert len(provenance.text_digest("Bonjour.")) == len("sha256:") + 12
    assert provenance.mt_mark("A note\n" + line) == provenance.MtMark(
        "libre", "2026-12-04", provenance.text_digest("Bonjour.")
    )
    assert provenance.mt_mark("tmflow: mt google 2026-11-27") == provenance.MtMark(
        "google", "2026-11-27", None
    )  # made before digests
    assert provenance.mt_mark("tmflow: mt rejected: lost a token") is None
    assert provenance.mt_mark("tmflow: tm 92% ru/a.po") is None
    assert provenance.mt_mark(None) is None


def test_a_copy_is_tmflows_until_someone_changes_it() -> None:
    copied = "tmflow: copied: numbers"
    entry = polib.POEntry(msgid="2024", msgstr="2024", tcomment=copied)
    assert provenance.is_copy(entry)
    assert provenance.classify(entry).value == "translated"
    assert provenance.kinds(entry.tcomment) == {"copied"}
    assert not provenance.is_copy(polib.POEntry(msgid="2024", msgstr="٢٠٢٤", tcomment=copied))
    flagged = polib.POEntry(msgid="2024", msgstr="2024", tcomment=copied, flags=["fuzzy"])
    assert not provenance.is_copy(flagged)
    assert not provenance.is_copy(polib.POEntry(msgid="2024", msgstr="2024"))
