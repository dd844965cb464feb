"""Property: no sequence of source edits and updates loses a translation.

After every update
* a segment that was translated (or a fuzzy draft with text) and is still in the source keeps
  exactly its translation;
* a translated segment that left the source is either obsolete with its translation, or its
  translation was carried over to an edited segment as fuzzy with ``#| msgid`` naming it.
Between updates a reviewer translates some untranslated entries and clears some fuzzy ones.
"""

from __future__ import annotations

import random

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.steps.merge.test_update_cases import EDITS, edit, sentence, translate
from tmflow.io.po.writer import new_template
from tmflow.steps.merge.memory import Memory, units_from_catalog
from tmflow.steps.merge.update import update_catalog

OPS = st.lists(
    st.tuples(
        st.sampled_from(["edit", "add", "remove", "restore", "review", "update"]),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=25,
)


def _template(texts: list[str]) -> polib.POFile:
    pot = new_template("news", "2026-11-01 10:00+0000")
    for i, text in enumerate(texts, 1):
        pot.append(polib.POEntry(msgid=text, msgstr="", occurrences=[("a.txt", str(i))]))
    return pot


def _check(before: polib.POFile | None, after: polib.POFile, texts: list[str]) -> None:
    if before is None:
        return
    now = {e.msgid: e for e in after if not e.obsolete}
    gone_to_fuzzy = {
        (e.previous_msgid, e.msgstr) for e in after if not e.obsolete and "fuzzy" in e.flags
    }
    obsolete = {e.msgid: e.msgstr for e in after if e.obsolete}
    for old in before:
        if old.obsolete or not old.msgstr:
            continue
        if old.msgid in texts:
            assert now[old.msgid].msgstr == old.msgstr, old.msgid
            assert ("fuzzy" in now[old.msgid].flags) == ("fuzzy" in old.flags)
        elif "fuzzy" not in old.flags:
            assert (
                obsolete.get(old.msgid) == old.msgstr or (old.msgid, old.msgstr) in gone_to_fuzzy
            ), old.msgid


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), ops=OPS)
def test_no_sequence_of_edits_and_updates_loses_a_translation(
    seed: int, ops: list[tuple[str, int]]
) -> None:
    rng = random.Random(seed)
    texts: list[str] = list(dict.fromkeys(sentence(rng) for _ in range(rng.randint(2, 8))))
    removed: list[str] = []
    po = update_catalog(_template(texts), None, "fr").catalog
    for e in po:  # a first round of translation
        if rng.random() < 0.7:
            e.msgstr = translate(e.msgid)
    for op, n in ops + [("update", 0)]:
        if op == "edit" and texts:
            i = n % len(texts)
            new = edit(rng, texts[i], EDITS[n % len(EDITS)])
            if new not in texts:
                texts[i] = new
        elif op == "add":
            new = sentence(rng)
            if new not in texts:
                texts.insert(n % (len(texts) + 1), new)
        elif op == "remove" and texts:
            removed.append(texts.pop(n % len(texts)))
        elif op == "restore" and removed:
            back = removed.pop(n % len(removed))
            if back not in texts:
                texts.insert(n % (len(texts) + 1), back)
        elif op == "review":
            for e in po:
                if e.obsolete:
                    continue
                if not e.msgstr and n % 2:
                    e.msgstr = translate(e.msgid)
                elif "fuzzy" in e.flags and n % 3 == 0:
                    e.flags.remove("fuzzy")
        else:
            memory = Memory("fr", units_from_catalog(po, "fr/a.po"))  # drafts never overwrite
            result = update_catalog(
                _template(texts),
                po,
                "fr",
                memory=memory,
                exact_policy=("fuzzy", "translated")[n % 2],
            )
            assert result.receipt.lost == []
            _check(po, result.catalog, texts)
            assert [e.msgid for e in result.catalog if not e.obsolete] == texts
            po = result.catalog
