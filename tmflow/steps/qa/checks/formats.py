"""Format strings as gettext defines them.

A format is checked only where the entry says one applies (a ``c-format``, ``python-format``…
flag) or the project configures one (``[tool.tmflow.check] formats``); a ``no-…-format`` flag
turns the configured one off for that entry. A percent sign in prose is never a directive.

The rules are msgfmt's (``msgfmt -c --check-format``):

* arguments are compared by position: ``%2$s … %1$d`` is the same as ``%d … %s`` of a source
  ``%d … %s``; each argument keeps its type (``%d`` and ``%i`` are alike, ``%d`` and ``%s`` are
  not);
* named arguments (``%(name)s``, ``{name}``) are compared by name, whatever their order;
* every form of a plural entry is compared with ``msgid_plural``; a form the language uses for
  few values of n (fewer than 5 of 0…1000, msgfmt's own measure: English and French "one",
  none of Russian's forms) may leave the number out, but may not add or change an argument.

Formats understood: c (and objc, php, gcc-internal, gfc-internal), python, python-brace,
qt and kde (``%1``), csharp and java (``{0}``), sh (``$VAR``), perl-brace (``{name}``).
"""

from __future__ import annotations

import re
from functools import cache

# c: %[position$][flags][width][.precision][length]conversion
_C_RE = re.compile(
    r"%(?:(\d+)\$)?[-+ #0'I]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?)?)?"
    r"(hh|h|ll|l|L|q|j|z|Z|t)?([diouxXeEfFgGaAcCsSpnm%])"
)
_C_TYPES = {
    **dict.fromkeys("di", "int"),
    **dict.fromkeys("ouxX", "unsigned"),
    **dict.fromkeys("eEfFgGaA", "double"),
    "c": "char",
    "C": "wchar",
    "s": "string",
    "S": "wstring",
    "p": "pointer",
    "n": "count",
}
_PY_RE = re.compile(
    r"%(?:\(([^()]*)\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?([diouxXeEfFgGcrsa%])"
)
_PY_TYPES = {
    **dict.fromkeys("diouxXc", "int"),
    **dict.fromkeys("eEfFgG", "float"),
    **dict.fromkeys("rsa", "any"),
}
_BRACE_RE = re.compile(r"\{\{|\}\}|\{([^{}:!]*)(?:![rsa])?(?::[^{}]*)?\}")
_QT_RE = re.compile(r"%L?(\d{1,2})")
_NUMBERED_BRACE_RE = re.compile(r"\{\{|\}\}|\{(\d+)(?:,[-+]?\d+)?(?::[^{}]*)?\}")
_SH_RE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")

C_LIKE = frozenset({"c", "objc", "php", "gcc-internal", "gfc-internal", "awk", "javascript"})
KNOWN = frozenset(
    C_LIKE | {"python", "python-brace", "qt", "kde", "csharp", "java", "sh", "perl-brace"}
)


class Invalid(ValueError):
    """The text is not a valid format string of that kind."""


def _c_args(text: str) -> dict[str, str]:
    """Argument position → type of a C format string."""
    out: dict[str, str] = {}
    pos = 0
    at = text.find("%")
    while at >= 0:
        m = _C_RE.match(text, at)
        if m is None:
            raise Invalid(f"invalid directive at {text[at : at + 4]!r}")
        conversion = m.group(3)
        if conversion != "%" and conversion != "m":
            if m.group(1) is not None:
                key = m.group(1)
            else:
                pos += 1
                key = str(pos)
            out[key] = (m.group(2) or "") + _C_TYPES[conversion]
        at = text.find("%", m.end())
    return out


def _python_args(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    pos = 0
    named = False
    at = text.find("%")
    while at >= 0:
        m = _PY_RE.match(text, at)
        if m is None:
            raise Invalid("the string ends in the middle of a directive or has an unknown one")
        if m.group(2) != "%":
            if m.group(1) is not None:
                named = True
                out[m.group(1)] = _PY_TYPES[m.group(2)]
            else:
                pos += 1
                out[f"#{pos}"] = _PY_TYPES[m.group(2)]
        at = text.find("%", m.end())
    if named and any(k.startswith("#") for k in out):
        raise Invalid("named and unnamed directives mixed")
    return out


def _brace_args(text: str, pattern: re.Pattern[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    auto = 0
    for m in pattern.finditer(text):
        if m.group(0) in ("{{", "}}"):
            continue
        name = m.group(1)
        if name == "":
            name = str(auto)
            auto += 1
        out[name] = "any"
    return out


def arguments(text: str, kind: str) -> dict[str, str]:
    """The arguments a format string of ``kind`` refers to (key → type); raises ``Invalid``."""
    if kind in C_LIKE:
        return _c_args(text)
    if kind == "python":
        return _python_args(text)
    if kind in ("python-brace", "perl-brace"):
        return _brace_args(text, _BRACE_RE)
    if kind in ("csharp", "java"):
        return _brace_args(text, _NUMBERED_BRACE_RE)
    if kind in ("qt", "kde"):
        return {m.group(1): "any" for m in _QT_RE.finditer(text)}
    if kind == "sh":
        return {(m.group(1) or m.group(2)): "any" for m in _SH_RE.finditer(text)}
    return {}


def formats_of(flags: tuple[str, ...] | list[str], configured: tuple[str, ...] = ()) -> list[str]:
    """The formats that apply to an entry with these flags in a project that configures
    ``configured`` (names without ``-format``)."""
    out: list[str] = []
    negated: set[str] = set()
    for flag in flags:
        if flag.endswith("-format"):
            name = flag[: -len("-format")]
            if name.startswith("no-"):
                negated.add(name[3:])
            elif name.startswith("possible-"):
                continue  # xgettext's guess, as msgfmt treats it: not checked
            elif name in KNOWN and name not in out:
                out.append(name)
    for name in configured:
        if name in KNOWN and name not in negated and name not in out:
            out.append(name)
    return out


def _show(key: str, kind: str) -> str:
    if key.startswith("#"):
        return f"argument {key[1:]}"
    if kind in C_LIKE or kind in ("qt", "kde", "csharp", "java") or key.isdigit():
        return f"argument {key}"
    return f"'{key}'"


def compare(source: str, target: str, kind: str, *, may_omit: bool = False) -> str | None:
    """Why ``target`` is not a valid translation of the format string ``source``, or None.
    ``may_omit``: a plural form used for a single value of n (its arguments may be left out)."""
    try:
        want = arguments(source, kind)
    except Invalid:
        return None  # not a format string of this kind: msgfmt does not compare it either
    try:
        have = arguments(target, kind)
    except Invalid as err:
        return f"the translation is not a valid {kind} format string, unlike the source ({err})"
    extra = [k for k in have if k not in want]
    if extra:
        return f"{kind}-format: {', '.join(_show(k, kind) for k in extra)} not in the source"
    missing = [k for k in want if k not in have]
    if missing and not may_omit:
        return f"{kind}-format: {', '.join(_show(k, kind) for k in missing)} missing"
    for key, kind_of in have.items():
        if want[key] != kind_of:
            return f"{kind}-format: {_show(key, kind)} has another type than in the source"
    return None


@cache
def single_value_forms(plural_forms: str) -> frozenset[int]:
    """The plural forms that a ``Plural-Forms`` expression gives for fewer than 5 values of n
    in 0…1000, as msgfmt counts them (empty when the expression cannot be read)."""
    import gettext

    m = re.search(r"plural\s*=\s*([^;]+)", plural_forms or "")
    if m is None:
        return frozenset()
    try:
        func = gettext.c2py(m.group(1).strip())
        counts: dict[int, int] = {}
        for n in range(1001):
            form = func(n)
            counts[form] = counts.get(form, 0) + 1
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError, TypeError):
        return frozenset()
    return frozenset(form for form, count in counts.items() if count < 5)
