"""Merge conflicts: entries two branches translated differently, left for a reviewer.

tmflow's git merge driver (and ``tmflow resolve``) keeps one side's text as a fuzzy entry and
writes the other side's beside it as ``# tmflow: conflict: other branch: "…"``
(``tmflow.core.provenance.is_conflict``). Until a reviewer chooses and clears the fuzzy flag,
each such entry is an error: one finding per entry, at its line, so annotations land on it.
"""

from __future__ import annotations

from collections.abc import Iterator

from tmflow.core import provenance
from tmflow.steps.qa.checks import IGNORE_PREFIX, FileContext, Hit, ignored_ids, register


@register(
    "merge-conflict",
    "error",
    "Two branches translated an entry differently (a '# tmflow: conflict' entry left by a "
    "merge); choose one text and clear the fuzzy flag.",
    kind="file",
    group="integrity",
)
def merge_conflict(ctx: FileContext) -> Iterator[Hit]:
    for entry in ctx.live():
        tcomment = entry.tcomment
        if not tcomment or provenance.CONFLICT not in tcomment:
            continue
        if not provenance.is_conflict(entry):
            continue
        if IGNORE_PREFIX in tcomment and ignored_ids(tcomment) & {"merge-conflict", "all"}:
            continue
        others = provenance.conflict_texts(tcomment)
        other = others[0][1] if others else ""
        shown = other if len(other) <= 60 else other[:59] + "…"
        yield Hit(
            "merge-conflict",
            f"merge conflict: the other branch has {shown!r}; choose one text and clear the "
            "fuzzy flag",
            entry.linenum,
            entry.msgid,
        )
