"""Plural-Forms: parse, evaluate and compare gettext plural rules.

A ``Plural-Forms`` header value is ``nplurals=N; plural=EXPRESSION;``. The expression is C as
GNU gettext's grammar (``plural.y``) defines it: the variable ``n``, unsigned decimal numbers,
``?:``, ``||``, ``&&``, ``== !=``, ``< > <= >=``, ``+ -``, ``* / %``, ``!`` and parentheses,
evaluated in unsigned long arithmetic (so ``n-1`` wraps instead of going negative).
``nplurals=`` and ``plural=`` are found by their literal text, in either order, as gettext
finds them; the expression ends at ``;`` or at the end of the header line. Whatever ``msgfmt
-c`` rejects (no ``nplurals=``, a bad expression, a form index ≥ nplurals for some n, a division
by zero) raises ``PluralError`` here too.

Two rules are compared by the forms they select, not by their text:
``n%100>=11 && n%100<=99`` and ``n%100>=11`` give the same form for every n. ``selections``
evaluates an expression for n = 0…``PROBE_MAX`` (the range ``msgfmt -c`` itself evaluates), and
``same_partition`` says whether two rules split those numbers into the same groups, whatever
the index each group gets: ``(n > 1)`` with two forms and the CLDR rule for French (which keeps
a third form for millions, beyond the range) split 0…1000 the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

#: msgfmt -c evaluates a plural expression for n = 0..1000 (check_plural_eval)
PROBE_MAX = 1000
_MASK = (1 << 64) - 1  # unsigned long on the platforms gettext runs on

Expr = Callable[[int], int]


class PluralError(ValueError):
    """A Plural-Forms value gettext would reject; the message says why."""


_TOKEN_RE = re.compile(r"[ \t]*(?:(\d+)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!?:()n;])|(\S))")


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if m is None:  # trailing blanks
            break
        pos = m.end()
        if m.group(3) is not None:
            raise PluralError(f"unexpected {m.group(3)!r} in the plural expression")
        token = m.group(1) or m.group(2)
        if token == ";":
            break
        out.append(token)
    return out


class _Parser:
    """Recursive descent over gettext's grammar; builds a closure tree."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise PluralError("the plural expression ends too early")
        self.pos += 1
        return token

    def parse(self) -> Expr:
        if not self.tokens:
            raise PluralError("the plural expression is empty")
        expr = self.conditional()
        if self.peek() is not None:
            raise PluralError(f"unexpected {self.peek()!r} in the plural expression")
        return expr

    def conditional(self) -> Expr:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.take()
        yes = self.conditional()
        if self.take() != ":":
            raise PluralError("'?' without ':' in the plural expression")
        no = self.conditional()
        return lambda n: yes(n) if cond(n) else no(n)

    _LEVELS: tuple[tuple[str, ...], ...] = (
        ("||",),
        ("&&",),
        ("==", "!="),
        ("<", ">", "<=", ">="),
        ("+", "-"),
        ("*", "/", "%"),
    )

    def binary(self, level: int) -> Expr:
        if level == len(self._LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in self._LEVELS[level]:
            op = self.take()
            right = self.binary(level + 1)
            left = _combine(op, left, right)
        return left

    def unary(self) -> Expr:
        token = self.take()
        if token == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token) & _MASK
            return lambda n: value
        if token == "(":
            inner = self.conditional()
            if self.take() != ")":
                raise PluralError("unbalanced '(' in the plural expression")
            return inner
        raise PluralError(f"unexpected {token!r} in the plural expression")


def _combine(op: str, a: Expr, b: Expr) -> Expr:
    if op == "||":
        return lambda n: int(bool(a(n)) or bool(b(n)))
    if op == "&&":
        return lambda n: int(bool(a(n)) and bool(b(n)))
    if op == "==":
        return lambda n: int(a(n) == b(n))
    if op == "!=":
        return lambda n: int(a(n) != b(n))
    if op == "<":
        return lambda n: int(a(n) < b(n))
    if op == ">":
        return lambda n: int(a(n) > b(n))
    if op == "<=":
        return lambda n: int(a(n) <= b(n))
    if op == ">=":
        return lambda n: int(a(n) >= b(n))
    if op == "+":
        return lambda n: (a(n) + b(n)) & _MASK
    if op == "-":
        return lambda n: (a(n) - b(n)) & _MASK
    if op == "*":
        return lambda n: (a(n) * b(n)) & _MASK
    if op == "/":
        return lambda n: _divide(a(n), b(n))
    return lambda n: _modulo(a(n), b(n))


def _divide(x: int, y: int) -> int:
    if y == 0:
        raise ZeroDivisionError
    return x // y


def _modulo(x: int, y: int) -> int:
    if y == 0:
        raise ZeroDivisionError
    return x % y


def compile_expression(text: str) -> Expr:
    """The function ``n -> form`` of a plural expression (the text after ``plural=``)."""
    return _Parser(_tokens(text)).parse()


@dataclass(frozen=True)
class PluralRule:
    """A parsed ``Plural-Forms`` value and the forms it selects for n = 0…PROBE_MAX."""

    nplurals: int
    expression: str
    selections: tuple[int, ...]

    def form(self, n: int) -> int:
        return self.selections[n]

    def partition_key(self) -> tuple[int, ...]:
        """The selections with forms renumbered in order of first use: equal keys mean the
        rules put the same numbers together."""
        first: dict[int, int] = {}
        return tuple(first.setdefault(f, len(first)) for f in self.selections)

    def groups(self) -> int:
        """How many different forms the rule uses for n = 0…PROBE_MAX."""
        return len(set(self.selections))


_NPLURALS_RE = re.compile(r"nplurals=[ \t]*(\d+)")


@lru_cache(maxsize=512)
def parse_plural_forms(value: str) -> PluralRule:
    """Parse a ``Plural-Forms`` header value as ``msgfmt -c`` does; PluralError says why it
    would be rejected (no ``nplurals=``, no ``plural=``, a bad expression, a form index
    ≥ nplurals, a division by zero)."""
    count = _NPLURALS_RE.search(value)
    if count is None:
        raise PluralError("Plural-Forms has no 'nplurals=INTEGER'")
    nplurals = int(count.group(1))
    if nplurals < 1:
        raise PluralError("nplurals must be at least 1")
    at = value.find("plural=")
    while at > 0 and value[at - 1] == "n":  # "nplurals=" is not "plural="
        at = value.find("plural=", at + 1)
    if at < 0:
        raise PluralError("Plural-Forms has no 'plural=EXPRESSION'")
    rest = value[at + len("plural=") :]
    func = compile_expression(rest)
    text = rest.split(";", 1)[0].strip()
    selections = []
    for n in range(PROBE_MAX + 1):
        try:
            form = func(n)
        except ZeroDivisionError:
            raise PluralError(f"the plural expression divides by zero (n = {n})") from None
        if form >= nplurals:
            raise PluralError(
                f"nplurals = {nplurals} but the plural expression gives form {form} for n = {n}"
            )
        selections.append(form)
    return PluralRule(nplurals, text, tuple(selections))


def plural_rule(value: str) -> PluralRule | None:
    """``parse_plural_forms`` or None for a value gettext would reject."""
    try:
        return parse_plural_forms(value)
    except PluralError:
        return None


@lru_cache(maxsize=1024)
def first_difference(a: PluralRule, b: PluralRule) -> int | None:
    """The smallest n whose grouping differs between the two rules (None: the same).

    n differs when it shares a form with some smaller m under one rule and not the other.
    Remembered: the files of a project share a few rules, and each comparison goes over
    every n up to ``PROBE_MAX`` (it was a fifth of ``check``'s time on a tree of small
    catalogs)."""
    ka, kb = a.partition_key(), b.partition_key()
    for n, (x, y) in enumerate(zip(ka, kb)):
        if x != y:
            return n
    return None


@lru_cache(maxsize=1024)
def same_partition(a: PluralRule, b: PluralRule) -> bool:
    return a.partition_key() == b.partition_key()


def format_plural_forms(nplurals: int, expression: str) -> str:
    """A header value in the usual spelling: ``nplurals=2; plural=(n != 1);``."""
    return f"nplurals={nplurals}; plural={expression};"
