"""Fidelity: does a translation keep what must survive translation?

Each check compares one source text with one translation (translated entries only) and returns
a one-line message or None. The principle: an error is a defect a reviewer would agree is one;
what a check cannot be sure of is a warning that says why. Checks apply where they make sense:
Markdown and tag checks to catalogs whose source is Markdown or HTML, format-string checks to
entries whose flags (or the project) name a format (``PairContext``), and one mistake gives one
finding (digits in a URL are the URL's business; a removed link is one ``markdown`` finding).

Every check reads its texts with patterns that cannot backtrack: the time grows linearly with
the length of the text (``tests/steps/qa/test_linear.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from tmflow.steps.qa.checks import DEFAULT_CONTEXT, PairContext, length, register, structure
from tmflow.steps.qa.checks import formats as fmt
from tmflow.steps.qa.checks.numbers import compare_numbers

# ---------------------------------------------------------------------------------------------
# numbers

_DIGIT_CHARS_RE = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]")


@register(
    "numbers",
    "error",
    "Every number of the source is in the translation, in some form a translator may give it "
    "(locale digit groups, digits of other scripts, number words, scale words, Roman numerals, "
    "12/24-hour times, decades, ranges); a number changed or missing is an error.",
    kind="pair",
    group="fidelity",
)
def numbers(source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT) -> str | None:
    errors = _numbers_found(source, target, lang, ctx, "errors")
    return "numbers differ from the source: " + errors if errors else None


def _numbers_found(source: str, target: str, lang: str, ctx: PairContext, kind: str) -> str | None:
    """The findings of one kind ("errors", "warnings", "notes") of the number comparison
    (computed once per pair and cached), joined; None when there are none."""
    if _DIGIT_CHARS_RE.search(source) is None:
        return None
    found = compare_numbers(source, target, lang, ctx.file.source_language, qt=_has_format(ctx))
    items: list[str] = getattr(found, kind)
    return "; ".join(items) if items else None


def _has_format(ctx: PairContext) -> bool:
    return bool((ctx.flags or ctx.file.formats) and fmt.formats_of(ctx.flags, ctx.file.formats))


@register(
    "numbers-uncertain",
    "warning",
    "A number the translation may give otherwise, worth a look, not surely wrong: a figure "
    "near a unit the translation converts, a quantity said with a word (100 years → a "
    "century), a game clock as the minute of play, a number added, a 1 or 2 said with a word "
    "(a correct conversion is numbers-converted, info; it was this warning).",
    kind="pair",
    group="fidelity",
)
def numbers_uncertain(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    return _numbers_found(source, target, lang, ctx, "warnings")


@register(
    "numbers-converted",
    "info",
    "A number of the source with an imperial unit given converted in the translation (40 miles "
    "→ 64 km, within rounding), a metric figure added next to it, or an equivalent in brackets "
    "left out: right, noted for the reviewer.",
    kind="pair",
    group="fidelity",
)
def numbers_converted(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    return _numbers_found(source, target, lang, ctx, "notes")


# ---------------------------------------------------------------------------------------------
# urls, e-mails, markdown, placeholders

_URL_RE = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'»“”)\]]+[^\s<>\"'»“”)\].,;:!?]")
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_LINK_TARGET_RE = re.compile(r"\]\([^()\s]*")


@register(
    "urls",
    "error",
    "URLs and e-mail addresses of the source are kept unchanged (a Markdown link's target is "
    "the markdown check's).",
    kind="pair",
    group="fidelity",
)
def urls(source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT) -> str | None:
    if "@" not in source and "://" not in source and "www." not in source:
        return None
    missing, _replaced = _urls_missing(source, target, lang, ctx)
    if missing:
        return "URL or e-mail changed or missing: " + ", ".join(missing)
    return None


@register(
    "urls-uncertain",
    "warning",
    "A URL of the source replaced by another page in the reader's language (a language "
    "subdomain or path segment: fr.wikipedia.org, /fr/): often a translator's choice, worth "
    "a look.",
    kind="pair",
    group="fidelity",
)
def urls_uncertain(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    if "@" not in source and "://" not in source and "www." not in source:
        return None
    missing, replaced = _urls_missing(source, target, lang, ctx)
    if missing or not replaced:
        return None
    return "URL replaced by a page in the translation's language: " + ", ".join(replaced)


def _urls_missing(
    source: str, target: str, lang: str, ctx: PairContext
) -> tuple[list[str], list[str]]:
    """The source's URLs and e-mail addresses the translation lacks, and those of them it
    gives as another page in its own language (``fr.wikipedia.org/…``, ``…/fr/…``): these are
    left out of the first list when every missing one is so replaced."""
    if ctx.file.markup and "](" in source:
        source = _LINK_TARGET_RE.sub("]", source)
        target = _LINK_TARGET_RE.sub("]", target)
    want = Counter(_URL_RE.findall(source)) + Counter(_EMAIL_RE.findall(source))
    have = Counter(_URL_RE.findall(target)) + Counter(_EMAIL_RE.findall(target))
    missing = sorted((want - have).elements())
    if not missing:
        return [], []
    # a link to the same page in the reader's language, or over https, is no mistake
    extra = list((have - want).elements())
    localised = Counter(_url_key(u) for u in extra)
    missing = [u for u in missing if not _take(localised, _url_key(u))]
    unmatched = [u for u in extra if _take(localised, _url_key(u))]
    if (
        missing
        and len(missing) == len(unmatched)
        and all(_url_language(u) == _base(lang) for u in unmatched)
        and not any(_domain_changed(m, u) for m in missing for u in unmatched)
    ):
        return [], missing
    return missing, []


def _host_of(url: str) -> str:
    host = url.lower().split("://", 1)[-1].partition("/")[0].removeprefix("www.")
    labels = host.split(".")
    if len(labels) > 2 and re.fullmatch(r"[a-z]{2}(?:-[a-z]{2,4})?", labels[0]):
        labels = labels[1:]
    return ".".join(labels)


def _domain_changed(old: str, new: str) -> bool:
    """Whether ``new`` is on the same site name as ``old`` under another domain
    (``example.org`` → ``example.com``): an altered link, not another page."""
    old_host, new_host = _host_of(old), _host_of(new)
    old_name, new_name = old_host.split("."), new_host.split(".")
    return (
        old_host != new_host
        and len(old_name) > 1
        and len(new_name) > 1
        and old_name[-2] == new_name[-2]
    )


def _url_language(url: str) -> str | None:
    """The language code a URL names as its first host label or a path segment, if any."""
    url = url.lower().split("://", 1)[-1]
    host, _, path = url.partition("/")
    labels = host.split(".")
    if len(labels) > 2 and re.fullmatch(r"[a-z]{2}(?:-[a-z]{2,4})?", labels[0]):
        return labels[0][:2]
    for segment in path.split("/"):
        if re.fullmatch(r"[a-z]{2}(?:[-_][a-z]{2,4})?", segment):
            return segment[:2]
    return None


_URL_LANG_RE = re.compile(r"(?<=[/.])[a-z]{2}(?:[-_][a-zA-Z]{2,4})?(?=[/.])")


def _url_key(url: str) -> str:
    """A URL with what a translation may localise left out: the scheme, ``www.``, letter
    case, a final slash, a language code as a path segment or a subdomain (``/en/`` and
    ``/fr/``, ``en.wikipedia.org`` and ``fr.wikipedia.org``; the path of a page localised
    that way may differ too)."""
    url = url.lower()
    url = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    host, _, path = url.partition("/")
    labels = host.split(".")
    if len(labels) > 2 and re.fullmatch(r"[a-z]{2}(?:-[a-z]{2,4})?", labels[0]):
        return "*." + ".".join(labels[1:])  # a language subdomain: the page's name may differ
    # a language segment added or taken out ("docs.python.org" → "docs.python.org/fr/")
    return host + "/" + re.sub("/+", "/", _URL_LANG_RE.sub("", "/" + path + "/")).strip("/")


def _take(counter: Counter[str], key: str) -> bool:
    if counter[key] > 0:
        counter[key] -= 1
        return True
    return False


_MD_CHARS_RE = re.compile(r"[\[`*_~<|\n]")


@register(
    "markdown",
    "error",
    "Markdown catalogs: the translation keeps the inline markup of its segment (links and their "
    "targets, images, emphasis, inline code), starts no new block and splits no table cell: "
    "what build refuses to publish.",
    kind="pair",
    group="fidelity",
)
def markdown(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    if not ctx.file.markup:
        return None
    if not _MD_CHARS_RE.search(source) and not _MD_CHARS_RE.search(target):
        return None
    table_cell = False
    if "|" in target and structure.unescaped_pipes(target) > structure.unescaped_pipes(source):
        table_cell = _is_table_cell(ctx.entry)
    return structure.translation_problem(source, target, table_cell=table_cell)


def _is_table_cell(entry: Any) -> bool:
    """Whether the entry's extracted comment says it is a table cell (tmflow's extract)."""
    comment = getattr(entry, "comment", None) or ""
    return any(line.startswith("table cell") for line in comment.split("\n"))


_MASKED_RE = re.compile("\u27e6[^\u27e6\u27e7]{0,200}\u27e7")
_TAG_RE = re.compile(r"</?[A-Za-z][\w:-]{0,40}(?:\s[^<>]{0,500})?/?>|\{\{[^{}]{0,200}\}\}")


@register(
    "placeholders",
    "error",
    "Format directives where the entry's flags (c-format, python-format…) or the project's "
    "formats say a format applies, compared as gettext does (positional arguments, named "
    "arguments, the single-value plural form); masked tokens; in Markdown and HTML catalogs, "
    "tags and {{variables}}.",
    kind="pair",
    group="fidelity",
)
def placeholders(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    if "\u27e6" in source or "\u27e6" in target:
        want = Counter(_MASKED_RE.findall(source))
        have = Counter(_MASKED_RE.findall(target))
        if want != have:
            return "masked tokens differ: " + _difference(want, have, " ")
    if ctx.file.markup and ("<" in source or "<" in target or "{{" in source or "{{" in target):
        want = Counter(_TAG_RE.findall(source))
        have = Counter(_TAG_RE.findall(target))
        if want != have:
            return "tags differ: " + _difference(want, have, " ")
    kinds = fmt.formats_of(ctx.flags, ctx.file.formats)
    if not kinds:
        return None
    compared = ctx.plural if ctx.plural is not None else source
    may_omit = ctx.form is not None and ctx.form in ctx.file.single_forms
    for kind in kinds:
        why = fmt.compare(compared, target, kind, may_omit=may_omit)
        if why is not None:
            return why
    return None


def _difference(want: Counter[str], have: Counter[str], sep: str) -> str:
    """``missing a, b; extra c``: what the translation lacks and adds, in sorted order."""
    missing = sorted((want - have).elements())
    extra = sorted((have - want).elements())
    parts = []
    if missing:
        parts.append("missing " + sep.join(missing))
    if extra:
        parts.append("extra " + sep.join(extra))
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------
# brackets and quotes

_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


_BRACKET_RE = re.compile(r"[()\[\]{}]")
_QUOTE_CHARS_RE = re.compile('[«»“”„‹›"]')


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for ch in _BRACKET_RE.findall(text):
        if ch in _PAIRS:
            stack.append(ch)
        elif ch in _CLOSERS:
            if not stack or stack.pop() != _CLOSERS[ch]:
                return False
    return not stack


_QUOTE_PAIRS = (("«", "»"), ("“", "”"), ("„", "“"), ("‹", "›"))


def _nested_close(text: str) -> bool:
    """Whether a quotation in guillemets holds another that closes where it closes: Russian
    typography writes the two closing marks once ("«Они сказали: «Нет», — ответил он.")."""
    depth = 0
    for ch in text:
        if ch == "«":
            depth += 1
            if depth == 2:
                return True
        elif ch == "»":
            depth = max(0, depth - 1)
    return False


def _quotes_ok(text: str) -> bool:
    """Whether every quotation closes. Guillemets pair by direction; the double quotes („ “ ”
    and the straight one) are counted as one family: a quotation opened with one and closed
    with another ("“…"", "„…“", Arabic "”…"") is closed, if not neatly."""
    if text.count("‹") != text.count("›"):
        return False
    opened = text.count("«") - text.count("»")
    if opened and not (opened == 1 and _nested_close(text)):
        return False
    return (text.count('"') + text.count("“") + text.count("”") + text.count("„")) % 2 == 0


@register(
    "brackets",
    "warning",
    "Brackets and quotation marks are balanced (in Arabic, Persian and Urdu a quotation may run "
    "to the end of the sentence without its closing mark).",
    kind="pair",
    group="fidelity",
)
def brackets(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    if not _BRACKET_RE.search(target) and not _QUOTE_CHARS_RE.search(target):
        return None  # nothing to unbalance
    if _balanced(source) and not _balanced(target):
        return "unbalanced brackets in the translation"
    # a quotation that spans sentences opens in one segment and closes in another: quotes
    # are compared only where the source quotes, and is balanced
    if (
        _QUOTE_CHARS_RE.search(source)
        and _quotes_ok(source)
        and not _quotes_ok(target)
        and not _quotation_spans(source, target)
        and not (_base(lang) in _STOP_OPTIONAL and _quoted_to_the_end(target))
    ):
        return "unbalanced quotation marks in the translation"
    return None


def _quoted_to_the_end(text: str) -> bool:
    """Whether the only odd quotation mark of ``text`` opens a quotation that runs to its end
    (قال "أعتقد أن …): in Arabic prose the quotation closes with the sentence, its mark often
    left out, as a final full stop is."""
    at = max(text.rfind(mark) for mark in '"“”«»')
    if at < 0:
        return False
    rest = text[at + 1 :]
    return _quotes_ok(text[:at] + rest) and len(_WORDS_RE.findall(rest)) >= 3


_QUOTE_MARKS = "«»“”„‹›\"'‘’‚"
_AFTER_QUOTE = " .,;:!?…—–-"


def _quotation_spans(source: str, target: str) -> bool:
    """Whether a source that is quoted speech ("…," he said.) has a translation whose only odd
    mark opens it or closes it: the quotation goes on into the next segment ("«…, — сказал
    он. —") or began in the one before ("…»."), as translators into Russian, Ukrainian and
    other languages join the quoted sentences of a paragraph."""
    text = target.strip()
    if not source.lstrip()[:1] or source.lstrip()[0] not in _QUOTE_MARKS or not text:
        return False
    if text[0] in _QUOTE_MARKS and _quotes_ok(text[1:]):
        # it goes on after the author's words ("— сказал он. —"), or the segment is all
        # quotation; "«Мост закрыт, — сказал он." forgot to close it
        return text[-1] in "—–" or not any(dash in text for dash in (" — ", " – "))
    end = text.rstrip(_AFTER_QUOTE)
    return bool(end) and end[-1] in _QUOTE_MARKS and _quotes_ok(end[:-1])


# ---------------------------------------------------------------------------------------------
# punctuation and spacing

_TRAILING_CLOSERS = "\"'»”’)]›“"
_END_CLASS = {
    ".": ".",
    "。": ".",
    "۔": ".",
    "?": "?",
    "؟": "?",
    "？": "?",
    "!": "!",
    "！": "!",
    ":": ":",
    "：": ":",
    "…": "…",
}


def _end(text: str) -> str | None:
    if text.rstrip()[-1:] in _TRAILING_CLOSERS or text.rstrip()[-1:] in "–—":
        # the mark before a closing quote belongs to the quotation; a dash goes on with a
        # quotation in the next sentence ("— сказал он. —")
        return "quoted"
    stripped = text.rstrip()
    if stripped.endswith("..."):
        return "…"
    return _END_CLASS.get(stripped[-1:]) if stripped else None


def _last_mark(text: str) -> str:
    return text.rstrip().rstrip(_TRAILING_CLOSERS).rstrip()[-1:]


# languages whose news and prose often end a sentence without a full stop where English has
# one (Arabic style: the paragraph ends the sentence): a missing final "." is no finding there
_STOP_OPTIONAL = frozenset({"ar", "fa", "ur"})
# a translation that ends with a comma or semicolon goes on in the next segment (translators
# join two sentences of a paragraph): the paragraph reads as one
_JOINED_MARKS = frozenset({",", ";", "،", "؛"})


@register(
    "end-punctuation",
    "warning",
    "The translation ends like the source (. ? ! : …), with the language's marks "
    "(Arabic ؟ and ،). Not reported: a final full stop left out in Arabic, Persian and Urdu "
    "(their house style), a translation ending with a comma or semicolon where the source ends "
    "a sentence (joined with the next segment).",
    kind="pair",
    group="fidelity",
)
def end_punctuation(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    want = _end(source)
    have = _end(target)
    base = lang.split("_")[0]
    if base in ("ar", "fa", "ur") and _last_mark(target) == "?":
        return "Arabic-script question mark should be '؟', not '?'"
    if want == have or "quoted" in (want, have):
        return None
    if want is None:
        return None  # a final mark added to a headline is no defect
    if have is None:
        if want == "." and (base in _STOP_OPTIONAL or _last_mark(target) in _JOINED_MARKS):
            return None
        return f"the source ends with '{_last_mark(source)}' but the translation does not"
    return (
        f"the source ends with '{_last_mark(source)}', the translation with '{_last_mark(target)}'"
    )


_FR_BAD_RE = re.compile(
    r"(?<=[\w»\)])([?!:;])(?=\s|$)|«(?=[^\s\u00a0\u202f])|(?<=[^\s\u00a0\u202f])»"
)


@register(
    "french-spacing",
    "info",
    "French: a (no-break) space before ? ! : ; » and after « (default severity info; it was a "
    "warning: a typographic convention, not a defect of meaning).",
    kind="pair",
    group="fidelity",
)
def french_spacing(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    if lang.split("_")[0] != "fr":
        return None
    clean = _URL_RE.sub("", target)
    clean = re.sub(r"\d:\d", "", clean)
    match = _FR_BAD_RE.search(clean)
    if match:
        return f"French typography: no space at '{match.group(0)}' (use a no-break space)"
    return None


@register(
    "whitespace",
    "warning",
    "Leading and trailing white space of the translation matches the source.",
    kind="pair",
    group="fidelity",
)
def whitespace(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    def lead(t: str) -> str:
        return t[: len(t) - len(t.lstrip())]

    def trail(t: str) -> str:
        return t[len(t.rstrip()) :]

    if lead(source) != lead(target):
        return "leading white space differs from the source"
    if trail(source) != trail(target):
        return "trailing white space differs from the source"
    return None


@register(
    "double-space",
    "info",
    "No double spaces inside the translation (default severity info; it was a warning in "
    "0.1.0: a typographic nit, not a defect of meaning).",
    kind="pair",
    group="fidelity",
)
def double_space(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    if "  " in target.strip() and "  " not in source.strip():
        return "double space in the translation"
    return None


# a word, white space and the same word (case aside), as "(?<!\w)(\w+)\s+\1(?!\w)" finds it in
# the text, found in " " + the text: the word after a non-word character is a word that
# starts there. A pattern that starts with a character class lets the engine skip to the next
# non-word character (a try at a few places rather than at every one); the runs are
# possessive (a shorter word or space run could never be followed by what comes next, so no
# backtracking is lost).
_REPEAT_GATE_RE = re.compile(r"\W(\w++)\s++\1\b", re.IGNORECASE)


@register(
    "repeated-word",
    "warning",
    'No word repeated twice in a row ("the the").',
    kind="pair",
    group="fidelity",
)
def repeated_word(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    base = _base(lang)
    allowed = _REPEATS_ALLOWED.get(base, frozenset())
    for match in _REPEAT_GATE_RE.finditer(" " + target):  # see _REPEAT_GATE_RE
        word = match.group(1)
        if word.isdigit() or word.lower() in allowed:
            continue
        after = target[match.end() - 1 : match.end() + 1]  # the repeat's end and what follows
        if after[1:2] in ("-", "‐", "'", "’"):
            continue  # "что что-то": the second is part of another word
        if base in ("ar", "fa") and len(word) <= 2:
            continue  # a transliterated syllable ("سي إن إن", CNN)
        if re.search(
            rf"(?<!\w){re.escape(word)}\s+{re.escape(word)}(?!\w)", source, re.IGNORECASE
        ):
            continue
        return f"repeated word: '{match.group(0)[1:]}'"
    return None


_LETTERS_RE = re.compile(r"[^\W\d_]{2,}")
# words a language repeats by its grammar ("die die Nachrichten", "vous vous sentez") or by
# reduplication (Turkish "yavaş yavaş", "sık sık")
_REPEATS_ALLOWED = {
    "de": frozenset({"die", "der", "das", "den", "dem", "des", "sie", "was"}),
    "fr": frozenset({"vous", "nous", "ha"}),
    "es": frozenset({"no", "ja"}),
    "tr": frozenset(
        "sık yavaş bol diri ara yan ağır hızlı tek güle gide ayrı kat sıra sıcak soğuk dere "
        "tepe yer yer zaman için iyi".split()
    ),
    "az": frozenset("tez yavaş bol diri ara yan ağır tək ayrı sıra qat yer zaman".split()),
    "ru": frozenset({"ха", "да", "нет", "так"}),
    "uk": frozenset({"ха", "так", "ні"}),
}


_WORDS_RE = re.compile(r"[^\W\d_]{2,}")
# markup, a format string, a synopsis ("for (( exp1; exp2 ))"), a keyword list written
# without spaces ("inch,inches,in")
_KEYWORD_LIST_RE = re.compile(r"[^\W\d],[^\W\d\s]")
_CODE_LIKE_RE = re.compile(r"[\[\]{}|=<>`%$\\#_@]|--|\w\(\)|\(\(|[^\W\d],[^\W\d\s]")
# a list of single tokens ("utf-8, utf-16, utf-32"): at least three, none of several words
_TOKEN_LIST_RE = re.compile(r"\s*\S+(?:\s*,\s*\S+){2,}\s*")
# licence and warranty notices, which projects often keep in their original language
_LICENCE_RE = re.compile(
    r"\b(?:licen[cs]ed?|GNU|GPL|LGPL|warranty|merchantability|free software|copyright|"
    r"redistribute)\b",
    re.IGNORECASE,
)
# the commonest words of a source language: a source without any is not in that language
_FUNCTION_WORDS = {
    "en": frozenset(
        "the of and to in is was for on that with as by at from it be are this an or has "
        "have had not but his her their they we you he she will would can which who".split()
    ),
}


@register(
    "identical",
    "error",
    "The translation is not the source sentence itself: several words of the source "
    "language, not a name, a synopsis or a format string (default severity error; it was a "
    "warning in 0.1.0). Not checked where the target language is the source language.",
    kind="pair",
    group="fidelity",
)
def identical(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    if not _untranslated_sentence(source, target, lang, ctx):
        return None
    if _LICENCE_RE.search(source):
        return None  # identical-uncertain: licence text may be kept in its language
    return "translation is the source text itself (untranslated)"


@register(
    "identical-uncertain",
    "warning",
    "The translation is the source text itself where a project may keep it so on purpose: "
    "licence and warranty notices (the GPL's are often left in English, the only binding "
    "text).",
    kind="pair",
    group="fidelity",
)
def identical_uncertain(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    if not _LICENCE_RE.search(source) or not _untranslated_sentence(source, target, lang, ctx):
        return None
    return "translation is the source text itself: licence text, often kept in its language"


def _untranslated_sentence(source: str, target: str, lang: str, ctx: PairContext) -> bool:
    """Whether ``target`` is ``source`` itself and the source is a sentence of several words of
    the source language (not a name, a synopsis, a list or a format string)."""
    if source.strip() != target.strip():
        return False
    if _base(lang) == _base(ctx.file.source_language):
        return False
    if _CODE_LIKE_RE.search(source) or _TOKEN_LIST_RE.fullmatch(source):
        return False  # a synopsis, a format string, markup, a list: often kept on purpose
    words = _WORDS_RE.findall(source)
    if len({w.lower() for w in words}) < 3:
        return False
    # a name or a title ("Heydar Aliyev Foundation") has few lower-case words
    if sum(1 for w in words if w[0].islower()) < 2:
        return False
    function_words = _FUNCTION_WORDS.get(_base(ctx.file.source_language))
    if function_words is not None and not any(w.lower() in function_words for w in words):
        return False  # no word of the source language: a quotation kept in its language
    return True


@register(
    "truncated",
    "error",
    "The translation is not cut short: much shorter than translations into the language "
    "usually are (calibrated per language on professional translations), or shorter and "
    "without the end of sentence the source has.",
    kind="pair",
    group="fidelity",
)
def truncated(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    return _judge_length(length.truncated, source, target, lang)


def _judge_length(
    judge: Callable[..., str | None], source: str, target: str, lang: str
) -> str | None:
    """``judge`` (``length.truncated`` or ``length.shortened``) told whether the source ends a
    sentence and the translation does not (``ends_short``), or both do (``complete``)."""
    if len(source) < length.MIN_SOURCE or not target.strip():
        return None
    if _KEYWORD_LIST_RE.search(source):
        return None  # "kilogram,kilograms,kg": a list of keywords, as many as the language has
    ends = _end(source) in (".", "?", "!", "…", "quoted")
    has_end = _end(target) is not None
    return judge(
        source,
        target,
        lang,
        ends_short=ends and not has_end,
        complete=ends and has_end,
        label=not ends,
    )


@register(
    "truncated-uncertain",
    "warning",
    "A translation that may be cut short, where a reviewer has to judge: much shorter than "
    "usual but ending its sentence like the source (a loose rendering or a clause left out), "
    "or somewhat shorter without the end of sentence.",
    kind="pair",
    group="fidelity",
)
def truncated_uncertain(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    return _judge_length(length.shortened, source, target, lang)


@register(
    "length-ratio",
    "info",
    "The translation's length is within 1/3 and 3 times the source's (sources of 20+ "
    "characters; a translation cut short is the truncated check's when the source has "
    f"{length.MIN_SOURCE}+).",
    kind="pair",
    group="fidelity",
)
def length_ratio(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    if len(source) < 20:
        return None
    ratio = len(target) / len(source)
    if ratio > 3 or (ratio < 1 / 3 and len(source.strip()) < length.MIN_SOURCE):
        return f"translation is {ratio:.2f}× the length of the source"
    return None


def _base(language: str) -> str:
    return language.split("_")[0].split("@")[0].split("-")[0].lower()


# what is Latin in every language: stripped before the letters of a translation are counted
_MD_CODE_RE = re.compile(r"`[^`\n]+`")
_PLACEHOLDER_RE = re.compile(
    r"%(?:\([\w.]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifuxXeEgGcr%]|\{\{[^{}]*\}\}|\{[\w.:!]*\}"
    r"|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|\u27e6[^\u27e7]*\u27e7"
)

_SCRIPT_RANGES = {
    "Cyrillic": "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f",
    "Arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "Greek": "\u0370-\u03ff\u1f00-\u1fff",
    "Hebrew": "\u0590-\u05ff\ufb1d-\ufb4f",
    "Georgian": "\u10a0-\u10ff\u2d00-\u2d2f",
    "Armenian": "\u0530-\u058f",
    "Latin": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
}
_SCRIPT_LANGS = {
    "Cyrillic": ("ru", "uk", "be", "bg", "kk", "ky", "sr", "mk", "mn", "tg"),
    "Arabic": ("ar", "fa", "ur", "ps"),
    "Greek": ("el",),
    "Hebrew": ("he", "yi"),
    "Georgian": ("ka",),
    "Armenian": ("hy",),
    "Latin": (
        "az",
        "tr",
        "fr",
        "de",
        "es",
        "it",
        "pt",
        "nl",
        "sv",
        "da",
        "nb",
        "fi",
        "et",
        "hu",
        "pl",
        "cs",
        "sk",
        "ro",
        "lt",
        "lv",
        "sl",
        "hr",
        "bs",
        "uz",
        "tk",
        "id",
        "ms",
        "vi",
        "en",
    ),
}
_ASCII_LETTER_RE = re.compile("[A-Za-z]")
_OTHER_SCRIPT_RE = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f"
    "\u08a0-\u08ff\u10a0-\u10ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\ufb1d-\ufdff"
    "\ufe70-\ufeff]"
)
_SCRIPT_OF = {lang: script for script, langs in _SCRIPT_LANGS.items() for lang in langs}
_SCRIPT_RE = {script: re.compile(f"[{chars}]") for script, chars in _SCRIPT_RANGES.items()}
_LETTER_RE = re.compile(r"[^\W\d_]")


@register(
    "script",
    "warning",
    "Most letters of the translation are in the language's script (a Russian text "
    "that is mostly Latin is wrong).",
    kind="pair",
    group="fidelity",
)
def script(source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT) -> str | None:
    expected = _SCRIPT_OF.get(lang.split("_")[0])
    if expected is None:
        return None
    if expected == "Latin" and (target.isascii() or not _OTHER_SCRIPT_RE.search(target)):
        return None  # no letter of the scripts that get mixed into Latin text
    if expected != "Latin" and not _ASCII_LETTER_RE.search(target):
        return None  # no Latin letter at all (other scripts are rare in news text)
    # URLs, e-mails, code and placeholders are Latin in every language
    target = _PLACEHOLDER_RE.sub(
        "", _MD_CODE_RE.sub("", _EMAIL_RE.sub("", _URL_RE.sub("", target)))
    )
    letters = len(_LETTER_RE.findall(target))
    if letters < 8:
        return None
    own = len(_SCRIPT_RE[expected].findall(target))
    if own * 2 < letters:
        return f"only {100 * own // letters}% of the letters are {expected}"
    return None


_PROVIDER_WARNINGS = re.compile(
    r"MYMEMORY WARNING|YOU USED ALL AVAILABLE FREE TRANSLATIONS|QUERY LENGTH LIMIT EXCEED"
    r"|PLEASE SELECT TWO DISTINCT LANGUAGES|INVALID LANGUAGE PAIR|IS AN INVALID TARGET LANGUAGE"
    r"|NO QUERY SPECIFIED|TOO MANY REQUESTS|Quota Exceeded|Error 429",
    re.IGNORECASE,
)


def _provider_words(text: str) -> bool:
    """``provider_warning``'s own pre-test: a word of one of the warnings is in ``text``."""
    upper = text.upper()
    return (
        "MYMEMORY" in upper
        or "FREE TRANSLATIONS" in upper
        or "QUERY LENGTH" in upper
        or "DISTINCT LANGUAGES" in upper
        or "LANGUAGE PAIR" in upper
        or "INVALID TARGET" in upper
        or "NO QUERY" in upper
        or "TOO MANY REQUESTS" in upper
        or "QUOTA" in upper
        or "ERROR 429" in upper
    )


@register(
    "provider-warning",
    "error",
    "No warning text of a translation provider (e.g. MyMemory's quota notice) left in "
    "a translation.",
    kind="pair",
    group="fidelity",
)
def provider_warning(
    source: str, target: str, lang: str, ctx: PairContext = DEFAULT_CONTEXT
) -> str | None:
    if not _provider_words(target):
        return None  # none of the words of the warnings
    match = _PROVIDER_WARNINGS.search(target)
    if match and not _PROVIDER_WARNINGS.search(source):
        return f"provider warning left in the translation: '{match.group(0)}'"
    return None


# ---------------------------------------------------------------------------------------------
# running the pair checks of one language over many entries

_SOURCE_MEMO_MAX = 5_000  # articles come one by one: their languages repeat the sources
_SOURCE_MEMO: dict[str, tuple[Any, ...]] = {}  # shared by the runners of every language

# the characters that one of the pre-tests below looks for in a translation (one scan of the
# target instead of one per check)
_DIGIT_CHARS = frozenset("0123456789\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
_MD_CHARS = frozenset("[`*_~<|\n")  # _MD_CHARS_RE
_PH_CHARS = frozenset("%{<$\u27e6")
_BRACKET_CHARS = frozenset('()[]{}«»“”„‹›"')  # _BRACKET_RE and _QUOTE_CHARS_RE
_FR_CHARS = frozenset("?!:;«»")  # what _FR_BAD_RE needs
_MARKS_RE = re.compile(
    "["
    + re.escape("".join(sorted(_DIGIT_CHARS | _MD_CHARS | _PH_CHARS | _BRACKET_CHARS | _FR_CHARS)))
    + "]"
)


def _source_facts(source: str) -> tuple[Any, ...]:
    """What the pre-tests need of a source text (the same source comes once per language)."""
    return (
        _DIGIT_CHARS_RE.search(source) is not None,
        "@" in source or "://" in source or "www." in source,
        _MD_CHARS_RE.search(source) is not None,
        _end(source),
        source[:1].isspace() or source[-1:].isspace(),
        source.strip(),
        len(source),
        "\u27e6" in source or "<" in source or "{{" in source,
    )


Pair = tuple[str, str] | tuple[str, str, PairContext]
Runner = Callable[[list[Any]], list[list[tuple[str, str]]]]


def pair_runner(checks: list[Any], lang: str) -> Runner:
    """A function ``[(source, target[, ctx]), …] -> [[(check id, message), …], …]`` that runs
    ``checks`` (pair checks, in their order) for ``lang`` on each pair, giving for each what
    calling every ``check.func`` gives.

    The checks of this module are called only when a cheap pre-test cannot rule a finding out
    (each pre-test is implied by the check's own first return of None); facts about the
    source are memoised, as every language's catalog repeats the same sources. Other pair
    checks are always called. (An earlier version generated this loop as source text and ran
    it with ``exec``. Profiled on ``bench/bench_qa.py``'s 1,368 catalogs, this loop and its
    pre-tests take 1.4 s of 25 s, the checks themselves the rest: generated code could save a
    part of that 5 %, not worth code that cannot be read or stepped through.)"""
    base = _base(lang)
    expected_script = _SCRIPT_OF.get(base)
    arabic = base in ("ar", "fa", "ur")
    latin = expected_script == "Latin"

    def gate_of(
        check_id: str,
    ) -> Callable[[tuple[Any, ...], str, set[str], PairContext], bool] | None:
        """The pre-test of one of this module's checks: False only when the check is silent."""
        if check_id in ("numbers", "numbers-uncertain", "numbers-converted"):
            return lambda f, t, m, c: f[0]
        if check_id in ("urls", "urls-uncertain"):
            return lambda f, t, m, c: f[1]
        if check_id == "markdown":
            return lambda f, t, m, c: c.file.markup and (f[2] or not m.isdisjoint(_MD_CHARS))
        if check_id == "placeholders":
            return lambda f, t, m, c: (
                f[7] or bool(c.flags) or bool(c.file.formats) or not m.isdisjoint(_PH_CHARS)
            )
        if check_id == "brackets":
            return lambda f, t, m, c: not m.isdisjoint(_BRACKET_CHARS)
        if check_id == "end-punctuation":
            return lambda f, t, m, c: (
                arabic or (f[3] != "quoted" and _end(t) not in (f[3], "quoted"))
            )
        if check_id == "french-spacing":
            return lambda f, t, m, c: not m.isdisjoint(_FR_CHARS)
        if check_id == "whitespace":
            return lambda f, t, m, c: f[4] or t[:1].isspace() or t[-1:].isspace()
        if check_id == "double-space":
            return lambda f, t, m, c: "  " in t
        if check_id == "repeated-word":
            return lambda f, t, m, c: _REPEAT_GATE_RE.search(" " + t) is not None
        if check_id == "identical":
            return lambda f, t, m, c: t.strip() == f[5]
        if check_id in ("truncated", "truncated-uncertain"):
            return lambda f, t, m, c: f[6] >= length.MIN_SOURCE and len(t) < f[6] * 1.2
        if check_id == "length-ratio":
            return lambda f, t, m, c: f[6] >= 20 and not (1 / 3 <= len(t) / f[6] <= 3)
        if check_id == "script":
            return lambda f, t, m, c: not (latin and t.isascii())
        if check_id == "provider-warning":
            return lambda f, t, m, c: _provider_words(t)
        return None

    plan: list[tuple[str, Callable[..., str | None], Any]] = []
    for check in checks:
        own = _KNOWN.get(check.id) is check.func
        if own and check.id == "french-spacing" and base != "fr":
            continue  # the check says nothing outside French
        if own and check.id == "script" and expected_script is None:
            continue
        if (
            own
            and check.id in ("truncated", "truncated-uncertain")
            and length.MEAN.get(length._base(lang)) is None
        ):
            continue  # the usual length of the language's translations is not known
        plan.append((check.id, check.func, gate_of(check.id) if own else None))

    memo = _SOURCE_MEMO
    marks_of = _MARKS_RE.findall

    def run(pairs: list[Any]) -> list[list[tuple[str, str]]]:
        results: list[list[tuple[str, str]]] = []
        for pair in pairs:
            source, target = pair[0], pair[1]
            ctx = pair[2] if len(pair) > 2 else DEFAULT_CONTEXT
            facts = memo.get(source)
            if facts is None:
                if len(memo) >= _SOURCE_MEMO_MAX:
                    memo.clear()
                facts = memo[source] = _source_facts(source)
            marks = set(marks_of(target))
            out: list[tuple[str, str]] = []
            for check_id, func, gate in plan:
                if gate is not None and not gate(facts, target, marks, ctx):
                    continue
                message = func(source, target, lang, ctx)
                if message:
                    out.append((check_id, message))
            results.append(out)
        return results

    return run


_KNOWN: dict[str, Callable[..., str | None]] = {
    "numbers": numbers,
    "numbers-uncertain": numbers_uncertain,
    "numbers-converted": numbers_converted,
    "urls": urls,
    "urls-uncertain": urls_uncertain,
    "markdown": markdown,
    "placeholders": placeholders,
    "brackets": brackets,
    "end-punctuation": end_punctuation,
    "french-spacing": french_spacing,
    "whitespace": whitespace,
    "double-space": double_space,
    "repeated-word": repeated_word,
    "identical": identical,
    "truncated": truncated,
    "truncated-uncertain": truncated_uncertain,
    "length-ratio": length_ratio,
    "script": script,
    "provider-warning": provider_warning,
}
