"""A small project for the review page's tests: a Markdown article with every kind of block
(front matter, headings of two levels, a paragraph of two sentences, a list with a nested
ordered list, a quote, a table), a glossary, and PO files in French and Arabic holding every
state (translated, MT draft, memory draft, source changed, other draft, untranslated, copied,
a segment the PO file does not have yet, an entry the source no longer has), a translator's
comment and a translation that the ``numbers`` check finds wrong."""

from __future__ import annotations

from pathlib import Path

import polib

from tmflow.io.config import load_config
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po
from tmflow.steps.extract import extract_project
from tmflow.steps.merge.update import update_project

SOURCE = """\
---
title: Campaign news
---

# Campaign news

The campaign was held in Moscow. It lasted 6 days.

## What it does

- It holds conferences.
- It publishes books.
  1. First book.

> No killings should be allowed in 2021.

| City | Year |
| --- | --- |
| Baku | 2012 |

Another paragraph about Khojaly.
"""

GLOSSARY = """\
terms:
  - term: Moscow
    fr: Moscou
    ar: موسكو
  - term: Khojaly
    fr: Khodjaly
    ar: خوجالي
  - term: Baku
    fr: Bakou
    ar: باكو
"""

# msgid -> (msgstr, flags, translator comment, previous msgid), per language; a msgid that is
# not here is removed from the PO file (the segment is "missing"), one that is not in the
# source is added (an entry the source no longer has)
FRENCH: dict[str, tuple[str, list[str], str, str | None]] = {
    "Campaign news": ("Nouvelles de la campagne", [], "", None),
    "The campaign was held in Moscow.": (
        "La campagne a eu lieu à Moscou.",
        ["fuzzy"],
        "tmflow: mt google 2026-11-27",
        None,
    ),
    "It lasted 6 days.": (
        "Elle a duré 5 jours.",
        ["fuzzy"],
        "tmflow: source changed: numbers (5 → 6)",
        "It lasted 5 days.",
    ),
    "What it does": (
        "Ce qu'elle faisait",
        ["fuzzy"],
        "tmflow: tm 80% fr/other.po",
        "What it did",
    ),
    "It holds conferences.": ("Elle tient des conférences.", ["fuzzy"], "", None),
    "It publishes books.": ("", [], "", None),
    "First book.": ("Premier livre.", [], "", None),
    "No killings should be allowed in 2021.": (
        "Aucun massacre ne doit être permis en 2020.",
        [],
        "checked with the editor",
        None,
    ),
    "City": ("Ville", [], "", None),
    "Year": ("Année", [], "", None),
    "Baku": ("Bakou", [], "", None),
    "2012": ("2012", [], "tmflow: copied", None),
    "An old sentence.": ("Une vieille phrase.", [], "", None),
}
ARABIC: dict[str, tuple[str, list[str], str, str | None]] = {
    "Campaign news": ("أخبار الحملة", [], "", None),
    "The campaign was held in Moscow.": ("أقيمت الحملة في موسكو.", [], "", None),
    "It lasted 6 days.": ("استمرت 6 أيام.", [], "", None),
    "What it does": ("ماذا تفعل", [], "", None),
    "It holds conferences.": ("تعقد مؤتمرات.", [], "", None),
    "It publishes books.": ("تنشر كتبا.", [], "", None),
    "First book.": ("الكتاب الأول.", [], "", None),
    "No killings should be allowed in 2021.": ("يجب ألا يسمح بأي قتل في 2021.", [], "", None),
    "City": ("المدينة", [], "", None),
    "Year": ("السنة", [], "", None),
    "Baku": ("باكو", [], "", None),
    "2012": ("2012", [], "", None),
    "Another paragraph about Khojaly.": ("فقرة أخرى عن خوجالي.", [], "", None),
}


def make_review_project(
    root: Path, source: str = SOURCE, name: str = "story", *, states: bool = True
) -> Path:
    """The project, its PO files written by extract and update, then (``states``) set to the
    states above."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "tmflow.toml").write_text(
        'source-language = "en"\nlanguages = ["fr", "ar"]\nglossary = "glossary.yml"\n', "utf-8"
    )
    (root / "glossary.yml").write_text(GLOSSARY, "utf-8")
    (root / "sources" / f"{name}.md").write_text(source, "utf-8")
    config = load_config(root)
    extract_project(config)
    update_project(config)
    if states:
        for lang, plan in (("fr", FRENCH), ("ar", ARABIC)):
            set_states(config.po_path(lang, name), plan)
    return root


def set_states(path: Path, plan: dict[str, tuple[str, list[str], str, str | None]]) -> None:
    po = load_po(path)
    for entry in list(po):
        if entry.obsolete:
            po.remove(entry)
            continue
        if entry.msgid not in plan:
            po.remove(entry)
            continue
        msgstr, flags, tcomment, previous = plan[entry.msgid]
        entry.msgstr = msgstr
        entry.flags = [f for f in entry.flags if f != "fuzzy"] + flags
        entry.tcomment = tcomment
        entry.previous_msgid = previous
    known = {e.msgid for e in po}
    for msgid, (msgstr, flags, tcomment, previous) in plan.items():
        if msgid not in known:
            po.append(
                polib.POEntry(
                    msgid=msgid,
                    msgstr=msgstr,
                    flags=flags,
                    tcomment=tcomment,
                    previous_msgid=previous,
                )
            )
    save_po(po, path)


def long_article(segments: int) -> str:
    """A Markdown article of ``segments`` segments: headings, paragraphs of three sentences,
    lists and quotes, about one in twelve segments a heading."""
    parts: list[str] = []
    n = 0
    block = 0
    while n < segments:
        block += 1
        if block % 5 == 1:
            parts.append(f"## Part {block} of the report")
            n += 1
        elif block % 5 == 3 and n + 2 <= segments:
            parts.append(
                f"- Item {n + 1} lists the events held in Moscow.\n"
                f"- Item {n + 2} names the 27 cities that joined."
            )
            n += 2
        elif block % 5 == 4:
            parts.append(f"> Quote number {n + 1}: no killings should be allowed.")
            n += 1
        else:
            count = min(3, segments - n)
            parts.append(
                " ".join(
                    f"Sentence {n + k + 1} tells of the {n + k + 1}th event in Baku "
                    "and what it meant for Khojaly."
                    for k in range(count)
                )
            )
            n += count
    return "\n\n".join(parts) + "\n"


def make_long_project(root: Path, segments: int) -> Path:
    """A project with one article of ``segments`` segments, in French: every fourth MT draft,
    every fifth untranslated, every seventh changed, the rest translated."""
    make_review_project(root, long_article(segments), name="long", states=False)
    config = load_config(root)
    path = config.po_path("fr", "long")
    po = load_po(path)
    for i, entry in enumerate(e for e in po if not e.obsolete):
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.tcomment = ""
        entry.previous_msgid = None
        entry.msgstr = "Traduction : " + entry.msgid
        if i % 4 == 1:
            entry.flags.append("fuzzy")
            entry.tcomment = "tmflow: mt google 2026-11-27"
        elif i % 5 == 2:
            entry.msgstr = ""
        elif i % 7 == 3:
            entry.flags.append("fuzzy")
            entry.previous_msgid = entry.msgid.replace("event", "meeting")
            entry.tcomment = "tmflow: source changed: text"
    save_po(po, path)
    return root
