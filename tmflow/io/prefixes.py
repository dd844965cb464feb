"""The Moses toolkit's non-breaking prefixes per language, as maintained in ``sacremoses``.

sacremoses (MIT licence; the lists come from the Moses SMT toolkit's
``scripts/share/nonbreaking_prefixes``) keeps one list per language: words that do not end a
sentence when a dot follows them, and words marked ``#NUMERIC_ONLY#`` that do not end one
before a number only. Since sacremoses 0.2 the lists are stored in the module
``sacremoses/_data_nonbreaking_prefixes.py`` (one dictionary, file name → contents); earlier
releases ship them as files in ``sacremoses/data/nonbreaking_prefixes/``. Both are read as
data, without importing sacremoses (its import costs a quarter of a second and brings in
joblib and tqdm): the module is parsed with ``ast.literal_eval``, never executed.
"""

from __future__ import annotations

import ast
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
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
    try:
        return metadata.version("sacremoses")
    except metadata.PackageNotFoundError:
        return ""


@lru_cache(maxsize=1)
def _files() -> dict[str, str]:
    """File name → contents of every prefix list sacremoses ships ({} when it is missing)."""
    spec = importlib.util.find_spec("sacremoses")
    if spec is None or not spec.submodule_search_locations:
        return {}
    folder = Path(next(iter(spec.submodule_search_locations)))
    module = folder / _MODULE
    if module.is_file():
        tree = ast.parse(module.read_text("utf-8"))
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == _VARIABLE for t in node.targets)
                and isinstance(node.value, ast.Dict)
            ):
                data = ast.literal_eval(node.value)
                return {str(k): str(v) for k, v in data.items()}
        return {}
    files = folder / "data" / "nonbreaking_prefixes"
    if not files.is_dir():
        return {}
    return {p.name: p.read_text("utf-8") for p in files.glob("nonbreaking_prefix.*")}


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
    text = _files().get(f"nonbreaking_prefix.{language}")
    return parse(text) if text is not None else Prefixes()
