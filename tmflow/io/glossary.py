"""The glossary file (``glossary.yml``): the only YAML reader in tmflow.

The glossary names the terms whose rendering must be the same in every article of every
language: people, organisations, places, campaigns. It is read once per run, validated
completely, and turned into frozen ``Glossary``/``Term``/``Rendering`` objects that the
matcher (``tmflow.steps.terms``) compiles.

Schema
------

.. code-block:: yaml

    # glossary.yml
    terms:
      - term: Khojaly                  # the source-language text (required, non-empty)
        variants: [Khodjaly]           # other source spellings matched like the term
        case-sensitive: false          # default false; true for acronyms (UN, USA)
        pos: proper noun               # noun | proper noun | verb | adjective | adverb | other
        note: town in Azerbaijan       # shown to nobody but the glossary's readers
        az: Xocalı                     # a language: just the approved rendering…
        ru:                            # …or a mapping
          approved: Ходжалы            # the approved rendering (required, non-empty)
          forms: [Ходжалинский]        # accepted inflected or alternative forms
          forbidden: [Ходжали]         # renderings that are an error wherever they occur
          note: indeclinable
      - term: AZIMUT Moscow Olympic
        do-not-translate: true         # must appear unchanged in every translation
        note: hotel

Keys of a term: ``term``, ``variants``, ``case-sensitive``, ``do-not-translate``, ``pos``,
``note`` and one key per target language of the project. A do-not-translate term takes no
``approved`` rendering (the term itself is the rendering) but may list ``forbidden`` ones.

Design decisions
----------------

* Positions. PyYAML's constructed objects forget where they came from, so the loader walks
  the *composed* node graph (``yaml.compose``, with libyaml when present: a 10,000-term file
  loads in well under a second) and every error names ``file:line:column`` of the offending
  key or value.
* Strictness. Unknown keys (with a "did you mean" suggestion), a language that is not a target
  of the project, duplicate terms (compared case-insensitively, variants included), duplicate
  keys in one mapping (PyYAML would silently keep the last), empty or whitespace-only terms and
  renderings, tabs in indentation, non-text values (``yes``, ``12``: quote them), and a
  rendering that is another term's forbidden form are all errors: a glossary that CI enforces
  must not be ambiguous.
* A missing ``glossary.yml`` is an empty glossary (a project need not have one); an empty
  file too. A missing file under another name is an error: that name was set on purpose (the
  configuration's ``glossary`` key), and a typo there would silently switch off every hint and
  term check and strip the glossary hints from every PO file at the next update.
* Languages are written directly under the term (``ru: Ходжалы``) rather than under a
  ``translations:`` key: the file is edited by hand and reads best flat.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tmflow.core.errors import GlossaryError, NotFoundError
from tmflow.core.languages import is_valid_code, normalise_code
from tmflow.io.files import (
    decode_utf8,
    exists,
    is_racy,
    read_if_exists,
    read_stamped,
    write_atomic,
)

try:  # libyaml is ~10x faster on large glossaries
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

TERM_KEYS = ("term", "variants", "case-sensitive", "do-not-translate", "pos", "note")
RENDERING_KEYS = ("approved", "forms", "forbidden", "note")
PARTS_OF_SPEECH = ("noun", "proper noun", "verb", "adjective", "adverb", "other")


@dataclass(frozen=True)
class Rendering:
    """How one term is rendered in one language."""

    approved: str
    forms: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Term:
    """One glossary entry. ``line`` is where it starts in the file (0 when not from a file)."""

    source: str
    variants: tuple[str, ...] = ()
    case_sensitive: bool = False
    dnt: bool = False
    note: str | None = None
    pos: str | None = None
    renderings: dict[str, Rendering] = field(default_factory=dict)
    line: int = 0

    def __hash__(self) -> int:  # renderings is a dict; a term is identified by its text
        return hash((self.source, self.variants, self.case_sensitive, self.dnt, self.line))

    @property
    def texts(self) -> tuple[str, ...]:
        """The term and its variants: every source text that matches this term."""
        return (self.source, *self.variants)

    def rendering(self, language: str) -> Rendering | None:
        """The rendering for ``language``; a do-not-translate term renders as itself."""
        found = self.renderings.get(language)
        if self.dnt:
            return Rendering(self.source, self.variants, found.forbidden if found else ())
        return found


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    path: Path | None = None
    languages: tuple[str, ...] = ()
    source_language: str = "en"

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def find(self, text: str) -> Term | None:
        """The term whose text or a variant is ``text`` (case-insensitive), or None."""
        key = fold_key(text)
        for term in self.terms:
            if any(fold_key(t) == key for t in term.texts):
                return term
        return None


_TURKIC_CASE = str.maketrans({"I": "ı", "İ": "i"})


def fold_key(text: str, language: str | None = None) -> str:
    """Comparison key for duplicate detection: NFC, white space folded, case-folded
    (Turkish and Azerbaijani fold ``I``→``ı`` and ``İ``→``i``)."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    if language is not None and language.split("_")[0] in ("tr", "az"):
        text = text.translate(_TURKIC_CASE)
    return text.casefold()


# ---------------------------------------------------------------------------------------------
# loading


DEFAULT_NAME = "glossary.yml"  # the file a project need not have


# the last glossary read: (path, stamp, languages, source language) -> the glossary; a step
# that validates the glossary first and reads it again later parses it once
_LAST: dict[tuple[object, ...], Glossary] = {}


def load_glossary(path: Path, languages: Sequence[str], source_language: str = "en") -> Glossary:
    """Read and validate ``path``; a missing ``glossary.yml`` is an empty glossary, a missing
    file of another name (set in the configuration) is an error."""
    path = Path(path)
    try:
        raw, st = read_stamped(path, "glossary file", GlossaryError)
    except NotFoundError:
        if path.name != DEFAULT_NAME:
            raise GlossaryError(
                "glossary file not found (named by the 'glossary' key of the "
                "configuration; create it, or fix or remove the key)",
                path,
            ) from None
        return Glossary((), path, tuple(languages), source_language)
    key = (str(path), st, tuple(languages), source_language)
    if key in _LAST:
        return _LAST[key]
    try:
        text = decode_utf8(raw, path)
    except Exception as err:  # InputError → the glossary's own error type, same location
        raise GlossaryError(
            getattr(err, "message", str(err)), path, getattr(err, "line", None)
        ) from None
    glossary = parse_glossary(text, path, languages, source_language)
    _LAST.clear()
    if not is_racy(st):
        _LAST[key] = glossary
    return glossary


def parse_glossary(
    text: str, path: Path | str, languages: Sequence[str], source_language: str = "en"
) -> Glossary:
    """Validate glossary ``text`` read from ``path`` (used by the loader and by tests)."""
    path = Path(path)
    langs = tuple(normalise_code(code) for code in languages)
    _check_tabs(text, path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = err.problem or err.context or "invalid YAML"
        if err.context and err.problem:
            where = ""
            if (
                err.context_mark is not None
                and mark is not None
                and err.context_mark.line != mark.line
            ):
                where = (
                    f" started at line {err.context_mark.line + 1}, "
                    f"column {err.context_mark.column + 1}"
                )
            problem = f"{err.problem} ({err.context}{where})"
        raise GlossaryError(
            f"invalid YAML: {problem}",
            path,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as err:
        raise GlossaryError(f"invalid YAML: {err}", path) from None
    reader = _Reader(path, langs, source_language)
    terms = reader.document(root)
    return Glossary(tuple(terms), path, langs, source_language)


def _check_tabs(text: str, path: Path) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" \t"))
        col = line.find("\t", 0, indent)
        if col >= 0:
            raise GlossaryError(
                "tab character in indentation; YAML indents with spaces", path, number, col + 1
            )


def _suggest(word: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag.endswith(":null"):
        return "nothing"
    if node.tag.endswith(":bool"):
        return f"true/false ({node.value!r})"
    if node.tag.endswith((":int", ":float")):
        return f"a number ({node.value})"
    return "text"


class _Reader:
    """Walks the composed YAML nodes and builds terms, failing at the first problem."""

    def __init__(self, path: Path, languages: tuple[str, ...], source_language: str) -> None:
        self.path = path
        self.languages = languages
        self.source_language = source_language

    def fail(self, node: yaml.Node, message: str) -> GlossaryError:
        mark = node.start_mark
        return GlossaryError(message, self.path, mark.line + 1, mark.column + 1)

    # helpers ----------------------------------------------------------------------------
    def mapping(self, node: yaml.Node, what: str) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping (key: value), got {_kind(node)}")
        seen: dict[str, int] = {}
        pairs = []
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise self.fail(key, "keys must be plain words")
            if key.value in seen:
                raise self.fail(
                    key, f"key {key.value!r} given twice (first at line {seen[key.value]})"
                )
            seen[key.value] = key.start_mark.line + 1
            pairs.append((key, value))
        return pairs

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith(":str"):
            hint = (
                " (quote it)"
                if isinstance(node, yaml.ScalarNode) and not node.tag.endswith(":null")
                else ""
            )
            raise self.fail(node, f"{what} must be text, got {_kind(node)}{hint}")
        value = unicodedata.normalize("NFC", node.value)
        if not value.strip():
            raise self.fail(node, f"{what} is empty")
        if value != value.strip() or "\n" in value:
            value = " ".join(value.split())
        return value

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            return (self.text(node, what),)
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list of text, got {_kind(node)}")
        out: list[str] = []
        for item in node.value:
            value = self.text(item, f"an item of {what}")
            if value not in out:
                out.append(value)
        return tuple(out)

    def flag(self, node: yaml.Node, what: str) -> bool:
        if not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool")):
            raise self.fail(node, f"{what} must be true or false, got {_kind(node)}")
        return node.value.lower() in ("true", "yes", "on", "y")

    # structure --------------------------------------------------------------------------
    def document(self, root: yaml.Node | None) -> list[Term]:
        if root is None:
            return []
        pairs = self.mapping(root, "the glossary")
        terms_node = None
        for key, value in pairs:
            if key.value == "terms":
                terms_node = value
            elif key.value != "version":
                raise self.fail(
                    key,
                    f"unknown top-level key {key.value!r}"
                    f"{_suggest(key.value, ['terms', 'version'])}; "
                    "the glossary is 'terms:' followed by a list",
                )
        if terms_node is None:
            raise self.fail(root, "no 'terms:' list")
        if isinstance(terms_node, yaml.ScalarNode) and terms_node.tag.endswith(":null"):
            return []
        if not isinstance(terms_node, yaml.SequenceNode):
            raise self.fail(terms_node, f"'terms' must be a list, got {_kind(terms_node)}")
        terms = [self.term(item) for item in terms_node.value]
        self.cross_check(terms)
        return terms

    def term(self, node: yaml.Node) -> Term:
        pairs = self.mapping(node, "a term")
        values: dict[str, Any] = {}
        renderings: dict[str, tuple[yaml.Node, Any]] = {}
        for key, value in pairs:
            name = key.value
            if name == "term":
                values["source"] = self.text(value, "the term")
            elif name == "variants":
                values["variants"] = self.texts(value, "variants")
            elif name == "case-sensitive":
                values["case_sensitive"] = self.flag(value, "case-sensitive")
            elif name == "do-not-translate":
                values["dnt"] = self.flag(value, "do-not-translate")
            elif name == "note":
                values["note"] = self.text(value, "note")
            elif name == "pos":
                pos = self.text(value, "pos")
                if pos not in PARTS_OF_SPEECH:
                    raise self.fail(
                        value,
                        f"pos must be one of {', '.join(PARTS_OF_SPEECH)}, "
                        f"got {pos!r}{_suggest(pos, PARTS_OF_SPEECH)}",
                    )
                values["pos"] = pos
            elif name in self.languages or (
                is_valid_code(name) and normalise_code(name) in self.languages
            ):
                renderings[normalise_code(name)] = (key, value)
            elif is_valid_code(name) and not (
                # every ISO 639-3 code is a language ("ruu" too): a near miss of a key or a
                # target language is more likely a typo
                len(name) == 3 and _suggest(name, [*TERM_KEYS, *self.languages])
            ):
                if normalise_code(name) == self.source_language:
                    raise self.fail(
                        key,
                        f"{name!r} is the source language; the source text is the 'term' itself",
                    )
                raise self.fail(
                    key,
                    f"language {name!r} is not a target language of this "
                    f"project ({', '.join(self.languages) or 'none'}); "
                    "remove it or add it to the project's languages",
                )
            else:
                options = [*TERM_KEYS, *self.languages]
                raise self.fail(key, f"unknown key {name!r}{_suggest(name, options)}")
        if "source" not in values:
            raise self.fail(node, "a term needs 'term: <source text>'")
        dnt = values.get("dnt", False)
        out: dict[str, Rendering] = {}
        for lang, (lang_key, value) in renderings.items():
            out[lang] = self.rendering(lang, lang_key, value, dnt)
        return Term(renderings=out, line=node.start_mark.line + 1, **values)

    def rendering(self, lang: str, key: yaml.Node, node: yaml.Node, dnt: bool) -> Rendering:
        what = f"the {lang} rendering"
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":null"):
                raise self.fail(
                    key, f"{what} is empty; give the approved text or remove '{lang}:'"
                )
            if dnt:
                raise self.fail(
                    node,
                    f"a do-not-translate term has no {lang} rendering "
                    "(it stays as it is); list only 'forbidden' forms",
                )
            return Rendering(self.text(node, what))
        values: dict[str, Any] = {}
        for k, v in self.mapping(node, what):
            if k.value == "approved":
                values["approved"] = self.text(v, what)
            elif k.value in ("forms", "forbidden"):
                values[k.value] = self.texts(v, f"{lang} {k.value}")
            elif k.value == "note":
                values["note"] = self.text(v, f"{lang} note")
            else:
                raise self.fail(
                    k, f"unknown key {k.value!r} in {what}{_suggest(k.value, RENDERING_KEYS)}"
                )
        if dnt:
            if "approved" in values or "forms" in values:
                raise self.fail(
                    node,
                    "a do-not-translate term has no approved rendering or "
                    "forms (it stays as it is); list only 'forbidden'",
                )
            values["approved"] = ""
        elif "approved" not in values:
            raise self.fail(node, f"{what} has no 'approved' text")
        rendering = Rendering(**values)
        own = {fold_key(t, lang) for t in (rendering.approved, *rendering.forms) if t}
        for bad in rendering.forbidden:
            if fold_key(bad, lang) in own:
                raise self.fail(node, f"{bad!r} is both accepted and forbidden in {what}")
        return rendering

    def cross_check(self, terms: list[Term]) -> None:
        seen: dict[str, Term] = {}
        for term in terms:
            for text in term.texts:
                key = fold_key(text)
                other = seen.get(key)
                if other is not None:
                    what = "term" if text == term.source else "variant"
                    raise GlossaryError(
                        f"duplicate {what} {text!r}: already defined by "
                        f"{other.source!r} at line {other.line}",
                        self.path,
                        term.line,
                    )
                seen[key] = term
        for lang in self.languages:
            forbidden: dict[str, Term] = {}
            for term in terms:
                rendering = term.renderings.get(lang)
                for bad in rendering.forbidden if rendering else ():
                    forbidden.setdefault(fold_key(bad, lang), term)
            if not forbidden:
                continue
            for term in terms:
                accepted = [term.source] if term.dnt else []
                rendering = term.renderings.get(lang)
                if rendering is not None:
                    accepted += [t for t in (rendering.approved, *rendering.forms) if t]
                for text in accepted:
                    owner = forbidden.get(fold_key(text, lang))
                    if owner is not None and owner is not term:
                        raise GlossaryError(
                            f"the {lang} rendering {text!r} of {term.source!r} is a forbidden "
                            f"{lang} form of {owner.source!r} (line {owner.line})",
                            self.path,
                            term.line,
                        )


# ---------------------------------------------------------------------------------------------
# writing (used by import)


def term_to_data(term: Term, languages: Sequence[str] | None = None) -> dict[str, Any]:
    """A term as plain data in the schema above (the shortest form of each rendering)."""
    data: dict[str, Any] = {"term": term.source}
    if term.variants:
        data["variants"] = list(term.variants)
    if term.case_sensitive:
        data["case-sensitive"] = True
    if term.dnt:
        data["do-not-translate"] = True
    if term.pos:
        data["pos"] = term.pos
    if term.note:
        data["note"] = term.note
    for lang, rendering in term.renderings.items():
        if languages is not None and lang not in languages:
            continue
        if term.dnt:
            if rendering.forbidden:
                data[lang] = {"forbidden": list(rendering.forbidden)}
            continue
        if not (rendering.forms or rendering.forbidden or rendering.note):
            data[lang] = rendering.approved
            continue
        item: dict[str, Any] = {"approved": rendering.approved}
        if rendering.forms:
            item["forms"] = list(rendering.forms)
        if rendering.forbidden:
            item["forbidden"] = list(rendering.forbidden)
        if rendering.note:
            item["note"] = rendering.note
        data[lang] = item
    return data


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists of text (``forms: [a, b]``): the layout of the sample."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(item, str) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump_terms(terms: Sequence[Term], indent: int = 2) -> str:
    """YAML text of ``terms`` as items of the ``terms:`` list, each line indented ``indent``."""
    if not terms:
        return ""
    text = yaml.dump(
        [term_to_data(t) for t in terms],
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def append_terms(text: str, terms: Sequence[Term], path: Path | str) -> str:
    """The glossary ``text`` with ``terms`` appended to its ``terms:`` list.

    Comments and layout of the existing text are kept when the list is a block list that
    ends the document (the usual shape); otherwise the file is rewritten from its data.
    """
    if not terms:
        return text
    try:
        root = yaml.compose(text, Loader=_Loader) if text.strip() else None
    except yaml.YAMLError as err:
        raise GlossaryError(f"invalid YAML: {err}", path) from None
    if root is None:
        return (text.rstrip("\n") + "\n" if text.strip() else "") + "terms:\n" + dump_terms(terms)
    terms_node = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "terms":
                terms_node = value
    last = root.value[-1][1] if isinstance(root, yaml.MappingNode) and root.value else None
    if (
        terms_node is last
        and isinstance(terms_node, yaml.SequenceNode)
        and not terms_node.flow_style
        and terms_node.value
    ):
        indent = terms_node.value[0].start_mark.column - 2
        body = text.rstrip()
        return body + "\n" + dump_terms(terms, max(indent, 0))
    data = yaml.load(text, Loader=_Loader) or {}
    existing = list(data.get("terms") or [])
    data["terms"] = existing + [term_to_data(t) for t in terms]
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )


def merge_terms(
    path: Path,
    new_terms: Sequence[Term],
    languages: Sequence[str],
    source_language: str = "en",
    *,
    origin: str = "the import",
    dry_run: bool = False,
) -> tuple[Term, ...]:
    """Append ``new_terms`` to the glossary at ``path`` (created when missing), atomically.

    Refuses, writing nothing, when any new term (or variant) is already in the glossary or
    twice among the new terms, and when the result would not validate.
    """
    path = Path(path)
    existing = (
        load_glossary(path, languages, source_language)
        if exists(path)
        else Glossary((), path, tuple(languages), source_language)
    )
    known: dict[str, Term] = {}
    for term in existing.terms:
        for text in term.texts:
            known[fold_key(text)] = term
    clashes: list[str] = []
    fresh: dict[str, Term] = {}
    for term in new_terms:
        for text in term.texts:
            key = fold_key(text)
            if key in known:
                clashes.append(f"{text!r} (already at line {known[key].line})")
            elif key in fresh and fresh[key] is not term:
                clashes.append(f"{text!r} (twice in {origin})")
            fresh[key] = term
    if clashes:
        shown = ", ".join(clashes[:10]) + (
            f" and {len(clashes) - 10} more" if len(clashes) > 10 else ""
        )
        raise GlossaryError(
            f"refusing to import: {len(clashes)} term(s) already defined: "
            f"{shown}; edit them in the glossary or remove them from {origin}",
            path,
        )
    raw = read_if_exists(path, "glossary file", GlossaryError)
    text = decode_utf8(raw, path) if raw is not None else ""
    merged = append_terms(text, new_terms, path)
    try:
        parse_glossary(merged, path, languages, source_language)
    except GlossaryError as err:
        raise GlossaryError(
            f"the imported terms do not validate: {err.message}", path, err.line, err.column
        ) from None
    if not dry_run:
        write_atomic(path, merged)
    return tuple(new_terms)
