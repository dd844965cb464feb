"""Bounded memos for the fast readers.

The files of a project repeat themselves: a handful of header blocks, and comment lines
(``#. paragraph``, ``#, fuzzy``, ``# tmflow: mt google 2026-11-27``) that come back in every
language's catalog of an article. The fast readers remember what they worked out about such a
piece of text, keyed by the text itself.

Invariant of every memo: the answer depends on the key alone (never on the file it came from),
and answers are immutable (tuples, strings), so a remembered answer is the answer. A memo holds
at most ``limit`` answers: when full it is emptied, which costs only the work of finding them
again (a worker process reading tens of thousands of files stays flat in memory).
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedMemo(dict[K, V], Generic[K, V]):
    """A named memo of at most ``limit`` answers.

    Reading is the dictionary's own ``get`` (no Python call on the hot path); ``remember``
    stores an answer, emptying the memo first when it is full."""

    __slots__ = ("name", "limit")

    def __init__(self, name: str, limit: int) -> None:
        super().__init__()
        self.name = name
        self.limit = limit

    def remember(self, key: K, value: V) -> V:
        """Store ``value`` for ``key`` and return it."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value

    def __repr__(self) -> str:
        return f"BoundedMemo({self.name!r}, {len(self)}/{self.limit})"
