"""Completeness: what is still to do before a catalog can be published.

Entry states are counted per file (one finding per state and file, at the first entry in that
state), so a large project gets a readable report rather than one line per segment.
"""

from __future__ import annotations

from collections.abc import Iterator

import polib

from tmflow.core.provenance import classify
from tmflow.io.po.light import LightCatalog
from tmflow.steps.qa.checks import IGNORE_PREFIX, FileContext, Hit, declare, ignored_ids, register

_STATE_CHECKS = {
    "untranslated": ("untranslated", "untranslated segment(s)"),
    "mt": ("fuzzy-mt", "machine-translation draft(s) to review"),
    "tm": ("fuzzy-tm", "translation-memory draft(s) to review"),
    "changed": ("fuzzy-changed", "segment(s) whose source changed, to review"),
    "fuzzy": ("fuzzy", "other fuzzy segment(s) to review"),
}

declare(
    "untranslated", "warning", "Segments with no translation.", kind="file", group="completeness"
)
declare(
    "fuzzy-mt",
    "warning",
    "Machine-translation drafts not yet reviewed.",
    kind="file",
    group="completeness",
)
declare(
    "fuzzy-tm",
    "warning",
    "Translation-memory drafts not yet reviewed.",
    kind="file",
    group="completeness",
)
declare(
    "fuzzy-changed",
    "warning",
    "Translations whose source changed (fuzzy with #|).",
    kind="file",
    group="completeness",
)
declare(
    "fuzzy",
    "warning",
    "Other fuzzy entries (no tmflow provenance).",
    kind="file",
    group="completeness",
)


def state_hits(ctx: FileContext, states: list[str] | None = None) -> Iterator[Hit]:
    """The completeness hits of a catalog; ``states`` are the ``classify(entry).value`` of
    ``ctx.live()`` when the caller has them already."""
    found: dict[str, int] = {}  # state → how many
    first: dict[str, polib.POEntry] = {}  # state → its first entry
    if states is None:
        states = [classify(entry).value for entry in ctx.live()]
    total = len(states)
    translated = states.count("translated")
    if translated < total:
        for entry, state in zip(ctx.live(), states):
            if state == "translated":
                continue
            tcomment = entry.tcomment
            if tcomment and IGNORE_PREFIX in tcomment:
                ignored = ignored_ids(tcomment)
                if _STATE_CHECKS[state][0] in ignored or "all" in ignored:
                    continue
            if state in found:
                found[state] += 1
            else:
                found[state] = 1
                first[state] = entry
    for state, (check_id, what) in _STATE_CHECKS.items():
        count = found.get(state)
        if count:
            yield Hit(check_id, f"{count} {what}", first[state].linenum, first[state].msgid)
    if ctx.min_translated is not None and ctx.po is not None:
        percent = 100.0 if total == 0 else 100.0 * translated / total
        if percent + 1e-9 < ctx.min_translated:
            yield Hit(
                "min-translated",
                f"{percent:.1f}% translated ({translated}/{total}), "
                f"below the required {ctx.min_translated:g}%",
                1,
            )


declare(
    "min-translated",
    "error",
    "A catalog is less translated than [tool.tmflow.check] min-translated requires.",
    kind="file",
    group="completeness",
)


@register(
    "po-outdated",
    "error",
    "The PO file does not hold the segments of its template (run 'tmflow update').",
    kind="file",
    group="completeness",
)
def po_outdated(ctx: FileContext) -> Iterator[Hit]:
    if ctx.po is None or ctx.template is None:
        return
    want = ctx.template
    have = (
        ctx.po.keys
        if isinstance(ctx.po, LightCatalog)
        else {(e.msgctxt, e.msgid) for e in ctx.live()}
    )
    missing = want - have
    extra = have - want
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{len(missing)} template segment(s) missing")
        if extra:
            parts.append(f"{len(extra)} segment(s) no longer in the template")
        line = next((e.linenum for e in ctx.live() if (e.msgctxt, e.msgid) in extra), 1)
        yield Hit(
            "po-outdated",
            "out of date with its template: " + ", ".join(parts) + " (run 'tmflow update')",
            line,
        )


declare(
    "template-outdated",
    "error",
    "The template (POT) is out of date with its source article (run 'tmflow extract').",
    kind="project",
    group="completeness",
)
