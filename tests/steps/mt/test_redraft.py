"""Which machine drafts ``draft --replace`` replaces, and how a replacement lands."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tmflow.core import provenance
from tmflow.core.errors import UsageError
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.io.translators import pseudo_translate
from tmflow.steps.mt.catalogs import Catalog, Change
from tmflow.steps.mt.jobs import collect_jobs
from tmflow.steps.mt.protect import protect
from tmflow.steps.mt.redraft import EngineTexts, ReplaceRule, judge

ENGINES = ("google", "libre", "pseudo")


def draft(msgid: str, msgstr: str, line: str) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"], tcomment=line)


class Cache:
    def __init__(self, answers: dict[tuple[str, str, str, str], str]) -> None:
        self.answers = answers

    def get(self, provider: str, source: str, target: str, text: str) -> str | None:
        return self.answers.get((provider, source, target, text))


def test_the_rule_of_the_options() -> None:
    assert ReplaceRule.of("libre", None, ENGINES) == ReplaceRule("libre", None)
    assert ReplaceRule.of("all-mt", "2026-01-01", ENGINES) == ReplaceRule(None, "2026-01-01")
    assert ReplaceRule.of(None, "2026-01-01", ENGINES) == ReplaceRule(None, "2026-01-01")
    with pytest.raises(UsageError, match="name an engine"):
        ReplaceRule.of("bing", None, ENGINES)
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        ReplaceRule.of("libre", "1/1/2026", ENGINES)
    rule = ReplaceRule("libre", "2026-06-01")
    assert rule.selects(provenance.MtMark("libre", "2026-05-31"))
    assert not rule.selects(provenance.MtMark("libre", "2026-06-01"))
    assert not rule.selects(provenance.MtMark("google", "2026-05-31"))
    assert not rule.selects(provenance.MtMark("libre", ""))  # no date: not known to be older


def test_an_engine_that_names_its_model_is_replaced_by_engine_or_by_model() -> None:
    engines = (*ENGINES, "openai")
    assert ReplaceRule.of("openai:gpt-4o-mini", None, engines).engine == "openai:gpt-4o-mini"
    with pytest.raises(UsageError, match="name an engine"):
        ReplaceRule.of("opneai:gpt-4o-mini", None, engines)
    mini = provenance.MtMark("openai:gpt-4o-mini", "2026-05-31")
    local = provenance.MtMark("openai:qwen2.5:14b", "2026-05-31")
    assert ReplaceRule("openai").selects(mini) and ReplaceRule("openai").selects(local)
    assert ReplaceRule("openai:gpt-4o-mini").selects(mini)
    assert not ReplaceRule("openai:gpt-4o-mini").selects(local)
    assert not ReplaceRule("libre").selects(mini)


def test_how_an_unedited_draft_is_told() -> None:
    texts = EngineTexts(protect, Cache({("google", "en", "fr", "Hello."): "Bonjour."}), "en")
    rule = ReplaceRule()
    digest = provenance.mt_line("libre", "2026-01-01", "Salut.")
    assert judge(draft("Hi.", "Salut.", digest), rule, texts, "fr")[1] == "replace"
    assert judge(draft("Hi.", "Salut !", digest), rule, texts, "fr")[1] == "edited"
    cached = provenance.line("mt", "google 2026-01-01")  # made before digests: the cache
    assert judge(draft("Hello.", "Bonjour.", cached), rule, texts, "fr")[1] == "replace"
    assert judge(draft("Hello.", "Bonjour !", cached), rule, texts, "fr")[1] == "edited"
    assert judge(draft("Other.", "Autre.", cached), rule, texts, "fr")[1] == "unknown"
    pseudo = provenance.line("mt", "pseudo 2026-01-01")  # the offline engine, made again
    made = pseudo_translate("Hello.")
    assert judge(draft("Hello.", made, pseudo), rule, texts, "fr")[1] == "replace"
    assert judge(draft("Hello.", made + "!", pseudo), rule, texts, "fr")[1] == "edited"
    # never selected: a memory draft, a translated entry, a draft of another engine
    memory = provenance.line("tm", "100% fr/a.po") + "\n" + digest
    assert judge(draft("Hi.", "Salut.", memory), rule, texts, "fr") is None
    done = draft("Hi.", "Salut.", digest)
    done.flags = []
    assert judge(done, rule, texts, "fr") is None
    assert judge(draft("Hi.", "Salut.", digest), ReplaceRule("google"), texts, "fr") is None


def write(path: Path, *entries: polib.POEntry) -> Path:
    po = new_catalog("test", "fr")
    for entry in entries:
        po.append(entry)
    save_po(po, path)
    return path


def test_a_replacement_lands_only_on_the_draft_it_was_chosen_for(tmp_path: Path) -> None:
    line = provenance.mt_line("pseudo", "2026-01-01", "old")
    path = write(
        tmp_path / "a.po",
        draft("One.", "old", line),
        draft("Two.", "old", line),
        draft("Three.", "old", line),
    )
    catalog = Catalog.read(path)
    found = collect_jobs(
        "fr", [catalog], protect, replaces=lambda c, e: False if e.msgid != "Three." else None
    )
    assert found.replacing == 2 and found.entries == 0
    assert catalog.replacing == {(None, "One."): "old", (None, "Two."): "old"}
    new = Change("neu", (provenance.mt_line("libre", "2026-02-01", "neu"),))
    refused = Change(None, (provenance.line("mt rejected:", "empty result"),), rejected="empty")
    assert catalog.apply((None, "One."), new)
    assert not catalog.apply((None, "Two."), refused)  # a refused reply keeps the old draft
    assert catalog.apply((None, "Two."), new)
    assert not catalog.apply((None, "Three."), new)  # not chosen
    po = load_po(path)  # a reviewer edits "Two." while the run goes on
    po[1].msgstr = "edited"
    save_po(po, path)
    catalog.save()
    got = {e.msgid: e for e in load_po(path)}
    assert got["One."].msgstr == "neu" and "fuzzy" in got["One."].flags
    assert provenance.mt_mark(got["One."].tcomment) == provenance.MtMark(
        "libre", "2026-02-01", provenance.text_digest("neu")
    )
    assert got["Two."].msgstr == "edited" and list(catalog.superseded) == [(None, "Two.")]
    assert got["Three."].msgstr == "old"
