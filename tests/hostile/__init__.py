"""The hostile-input suite: files, names, links, encodings and sizes an attacker or an unlucky
user can put in a project, tried against every command. Each test counts the inputs it tries
(``tried``); the pytest run prints the totals at its end (``tests/conftest.py``)."""

from __future__ import annotations

from collections import Counter

#: inputs tried, by kind ("links", "names", "encodings", "sizes", "reports", …)
TRIED: Counter[str] = Counter()


def tried(kind: str, n: int = 1) -> None:
    TRIED[kind] += n
