"""The Moses toolkit's non-breaking prefixes per language, as maintained in ``sacremoses``.

sacremoses (MIT licence; the lists come from the Moses SMT toolkit's
``scripts/share/nonbreaking_prefixes``) keeps one list per language: words that do not end a
sentence when a dot follows them, and words marked ``#NUMERIC_ONLY#`` that do not end one
before a number only. Since sacremoses 0.2 the lists are stored in the module
``sacremoses/_data_nonbreaking_prefixes.py`` (one dictionary, file name → contents); earlier
releases ship them as files in ``sacremoses/data/nonbreaking_prefixes/``. Both are read as
data, without importing sacremoses (its import costs a quarter of a second and brings in
joblib and tqdm): each list is one line of the module, a string literal read with
``ast.literal_eval``; nothing of sacremoses is executed.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_MODULE = "_data_nonbreaking_prefixes.py"
_VARIABLE = "NONBREAKING_PREFIXES"
_NUMERIC = "#NUMERIC_ONLY#"


@dataclass(frozen=True)
class Prefixes:
    """One language's list: ``words`` never end a sentence before a capital; ``numeric``
    never before a number. Entries keep their case, as Moses compares them."""

    words: frozenset[str] = frozenset()
    numeric: frozenset[str] = frozenset()


def version() -> str:
    """The installed sacremoses version ("" when it is missing), part of the template cache key."""
    from importlib import metadata  # costly to import: only the template cache needs it

    try:
        return metadata.version("sacremoses")
    except metadata.PackageNotFoundError:
        return ""


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    """Where sacremoses is installed, found without importing it (None when it is missing)."""
    spec = importlib.util.find_spec("sacremoses")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def _module_entries() -> dict[str, str] | None:
    """File name → the source literal of its contents, one line each in the data module
    (``None`` when there is no such module). Only the lists asked for are evaluated."""
    folder = _folder()
    module = folder / _MODULE if folder is not None else None
    if module is None or not module.is_file():
        return None
    return {m.group(1): m.group(2) for m in _ENTRY.finditer(module.read_text("utf-8"))}


_ENTRY = re.compile(r"(?m)^\s*'(nonbreaking_prefix\.[\w-]+)':\s*(.+?),?\s*$")


def _contents(name: str) -> str | None:
    """The contents of one list file of sacremoses, or None."""
    entries = _module_entries()
    if entries is not None:
        literal = entries.get(name)
        if literal is not None:
            value = ast.literal_eval(literal)
            return value if isinstance(value, str) else None
        return _parsed_module().get(name)
    folder = _folder()
    path = folder / "data" / "nonbreaking_prefixes" / name if folder is not None else None
    if path is None or not path.is_file():
        return None
    return path.read_text("utf-8")


@lru_cache(maxsize=1)
def _parsed_module() -> dict[str, str]:
    """The whole data module, parsed (never executed): the slow way, for a layout whose
    entries are not one line each."""
    folder = _folder()
    if folder is None:
        return {}
    tree = ast.parse((folder / _MODULE).read_text("utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == _VARIABLE for t in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            data = ast.literal_eval(node.value)
            return {str(k): str(v) for k, v in data.items()}
    return {}


def parse(text: str) -> Prefixes:
    """A prefix list in Moses's format: one entry a line, ``#`` comments, ``#NUMERIC_ONLY#``."""
    words: set[str] = set()
    numeric: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if _NUMERIC in line:
            entry = line.split(_NUMERIC)[0].strip()
            if entry:
                numeric.add(entry)
            continue
        entry = line.split("#")[0].strip()
        if entry:
            words.add(entry)
    return Prefixes(frozenset(words), frozenset(numeric))


@lru_cache(maxsize=64)
def nonbreaking_prefixes(language: str) -> Prefixes:
    """The list for a base language code ("en", "de"); empty when Moses has none."""
    if not re.fullmatch(r"[a-z]{2,3}", language):
        return Prefixes()
    text = _contents(f"nonbreaking_prefix.{language}")
    return parse(text) if text is not None else Prefixes()


def clear_cache() -> None:
    """Forget what was read (for tests that install another sacremoses)."""
    for cached in (_folder, _module_entries, _parsed_module, nonbreaking_prefixes):
        cached.cache_clear()
