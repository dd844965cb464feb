"""Integrity: the file is a PO file tmflow and gettext read the same way.

Parse errors come from ``tmflow.io.po.reader.load_po`` (``po-syntax``, ``duplicate-entry``,
``header-charset``); the others look at the parsed header, the plural entries and the layout.
What gettext rejects is an error; what only may be wrong is a warning that says why:

* ``header-language``: the language after aliases, and a script or region both codes state,
  must agree (``tmflow.core.languages.same_language``): ``de_DE`` in ``de/`` or ``sr@latin``
  in ``sr/`` are fine, ``de_DE`` in ``nds/`` is not;
* ``header-plural-forms``: gettext's own rules (a Plural-Forms is required once a translated
  entry has plural forms, and must parse with every form index below nplurals for n = 0-1000),
  then a comparison with CLDR's rule for the language by the forms both select
  (``tmflow.core.plurals``): ``(n > 1)`` for French agrees, Hebrew's two-form rule does not
  (a warning: conventions differ between platforms, and only a reviewer can judge);
* ``plural-count``: every plural entry has exactly nplurals ``msgstr[n]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polib

from tmflow.core.languages import get_language, plural_forms, same_language
from tmflow.core.plurals import (
    PROBE_MAX,
    PluralError,
    PluralRule,
    first_difference,
    parse_plural_forms,
    plural_rule,
)
from tmflow.io.po.header import odd_lines
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import encode_po
from tmflow.steps.qa.checks import FileContext, Hit, declare, register

declare(
    "po-syntax",
    "error",
    "The file is not valid PO (gettext would reject it).",
    kind="file",
    group="integrity",
)
declare(
    "duplicate-entry",
    "error",
    "Two entries with the same msgctxt and msgid.",
    kind="file",
    group="integrity",
)
declare(
    "header-charset",
    "error",
    "The file's bytes are not valid in the charset its header names (or tmflow cannot read "
    "that charset).",
    kind="file",
    group="integrity",
)


def _header_line(raw: bytes, key: str) -> int | None:
    """Line of ``"Key: …`` in the header (first occurrence), for precise findings."""
    marker = f'"{key}:'.encode()
    at = raw.find(marker)
    return raw.count(b"\n", 0, at) + 1 if at >= 0 else None


def _header_entry_line(raw: bytes) -> int:
    at = raw.find(b'msgid ""')
    return raw.count(b"\n", 0, at) + 1 if at >= 0 else 1


@register(
    "header-language",
    "error",
    "The header's Language is not the language of the folder (a regional or script variant "
    "of it is fine: de_DE in de, sr@latin in sr); a missing Language, or the language's name "
    "written for its code (Bosnian in bs), is a warning.",
    kind="file",
    group="integrity",
)
def header_language(ctx: FileContext) -> Iterator[Hit]:
    if ctx.po is None:
        return
    value = ctx.po.metadata.get("Language", "").strip()
    if not value:
        yield Hit(
            "header-language",
            f"no Language in the header (expected {ctx.language!r}; 'tmflow update' adds it)",
            _header_entry_line(ctx.raw),
            severity="warning",
        )
        return
    differs = same_language(ctx.language, value)
    if differs is not None:
        known = get_language(ctx.language)
        if known is not None and value.casefold() == known.name.casefold():
            # the language's name where its code belongs ("Language: Bosnian", as old editors
            # wrote it): the right language, written the wrong way
            yield Hit(
                "header-language",
                f"Language is {value!r}, the name of the {ctx.language!r} folder's language: "
                f"write its code ({ctx.language!r})",
                _header_line(ctx.raw, "Language"),
                severity="warning",
            )
            return
        yield Hit(
            "header-language",
            f"Language is {value!r} but the file is in the {ctx.language!r} folder ({differs})",
            _header_line(ctx.raw, "Language"),
        )


def _plural_entries(ctx: FileContext) -> list[Any]:
    return [e for e in ctx.live() if e.msgid_plural]


def _compiled(entry: Any) -> bool:
    """Would msgfmt compile this plural entry (translated and not fuzzy)?"""
    return "fuzzy" not in entry.flags and any((entry.msgstr_plural or {}).values())


def _language_rule(language: str) -> tuple[PluralRule | None, str]:
    """The CLDR rule for the folder's language (None when CLDR has none), and its text."""
    known = get_language(language)
    if known is None or not known.plural_known:
        return None, ""
    return plural_rule(known.plural_forms), known.plural_forms


def _describe(rule: PluralRule, n: int) -> str:
    form = rule.form(n)
    others = [m for m in range(PROBE_MAX + 1) if m != n and rule.form(m) == form][:3]
    shared = f"shared with n = {', '.join(map(str, others))}…" if others else "for n alone"
    return f"form {form} ({shared})"


@register(
    "header-plural-forms",
    "error",
    "Plural-Forms is missing where a translated entry has plural forms, or gettext rejects it "
    "(errors); it selects forms differently from CLDR's rule for the language, compared by "
    "value for n = 0-1000 (a warning).",
    kind="file",
    group="integrity",
)
def header_plural_forms(ctx: FileContext) -> Iterator[Hit]:
    if ctx.po is None:
        return
    value = ctx.po.metadata.get("Plural-Forms", "").strip()
    plurals = _plural_entries(ctx)
    if not value:
        if not plurals:
            return  # gettext needs a Plural-Forms only where an entry has plurals
        compiled = any(_compiled(e) for e in plurals)
        expected = plural_forms(ctx.language)
        yield Hit(
            "header-plural-forms",
            "no Plural-Forms in the header, and "
            + (
                "translated entries have plural forms (msgfmt rejects the file)"
                if compiled
                else "the file has plural entries (msgfmt will reject it once one is translated)"
            )
            + f"; for {ctx.language!r}: {expected!r}",
            _header_entry_line(ctx.raw),
            severity=None if compiled else "warning",
        )
        return
    line = _header_line(ctx.raw, "Plural-Forms")
    try:
        rule = parse_plural_forms(value)
    except PluralError as err:
        yield Hit("header-plural-forms", f"Plural-Forms {value!r}: {err}", line)
        return
    want, text = _language_rule(ctx.language)
    if want is None:
        return  # no CLDR rule for this language: nothing to compare with
    n = first_difference(rule, want)
    if n is None:
        return
    yield Hit(
        "header-plural-forms",
        f"Plural-Forms {value!r} does not select forms as CLDR's rule for {ctx.language!r} "
        f"({text!r}): for n = {n} it gives {_describe(rule, n)}, CLDR's rule "
        f"{_describe(want, n)}; check the rule (translations may need other forms)",
        line,
        severity="warning",
    )


@register(
    "plural-count",
    "error",
    "A plural entry has more or fewer msgstr[n] than the header's nplurals (msgfmt rejects it "
    "once the entry is translated and not fuzzy; a warning before).",
    kind="file",
    group="integrity",
)
def plural_count(ctx: FileContext) -> Iterator[Hit]:
    if ctx.po is None:
        return
    plurals = _plural_entries(ctx)
    if not plurals:
        return
    rule = plural_rule(ctx.po.metadata.get("Plural-Forms", "").strip())
    if rule is None:
        return  # header-plural-forms reports the header
    for entry in plurals:
        forms = len(entry.msgstr_plural or {})
        if forms == rule.nplurals:
            continue
        compiled = _compiled(entry)
        yield Hit(
            "plural-count",
            f"{forms} plural forms (msgstr[0]…msgstr[{forms - 1}]) but the header says "
            f"nplurals={rule.nplurals}"
            + ("" if compiled else "; msgfmt will reject it once it is translated and reviewed"),
            entry.linenum,
            entry.msgid,
            severity=None if compiled else "warning",
        )


@register(
    "header-format",
    "warning",
    "A header line is not 'Key: value' (gettext accepts it; a tool may have broken a value "
    "in two).",
    kind="file",
    group="integrity",
)
def header_format(ctx: FileContext) -> Iterator[Hit]:
    if ctx.po is None or not isinstance(ctx.po, polib.POFile):
        return
    for text in odd_lines(ctx.po):
        at = ctx.raw.find(f'"{text}'.encode("utf-8", "replace"))
        yield Hit(
            "header-format",
            f"header line {text[:60]!r} is not 'Key: value' (gettext accepts it; kept as it is)",
            ctx.raw.count(b"\n", 0, at) + 1 if at >= 0 else _header_entry_line(ctx.raw),
        )


@register(
    "canonical-layout",
    "warning",
    "The file is not in the canonical layout (run 'tmflow fmt'; msgcat --no-wrap form).",
    kind="file",
    group="integrity",
)
def canonical_layout(ctx: FileContext) -> Iterator[Hit]:
    if ctx.po is None:
        return
    po = ctx.po
    if getattr(po, "canonical", None) is True:
        return  # the light reader verified the layout line by line
    if not isinstance(po, polib.POFile):
        po = load_po(ctx.path)  # a light catalog cannot be written back: parse fully
    raw = ctx.raw[3:] if ctx.raw.startswith(b"\xef\xbb\xbf") else ctx.raw
    want = encode_po(po).data
    if want == raw:
        return
    have_lines = raw.split(b"\n")
    want_lines = want.split(b"\n")
    line = next(
        (i + 1 for i, (a, b) in enumerate(zip(have_lines, want_lines)) if a != b),
        min(len(have_lines), len(want_lines)),
    )
    yield Hit(
        "canonical-layout", "not in the canonical layout from here on (run 'tmflow fmt')", line
    )
