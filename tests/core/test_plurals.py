"""Plural-Forms: parsed, evaluated and judged as msgfmt -c does; compared by value."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tmflow.core.plurals import (
    PluralError,
    first_difference,
    parse_plural_forms,
    plural_rule,
    same_partition,
)

# 1 to 6 forms: the usual rules, and the form each gives for n = 0, 1, 2, 3, 5, 11, 21, 101, 111
N = (0, 1, 2, 3, 5, 11, 21, 101, 111)
RULES = [
    ("nplurals=1; plural=0;", (0,) * 9),
    ("nplurals=2; plural=(n != 1);", (1, 0, 1, 1, 1, 1, 1, 1, 1)),
    ("nplurals=2; plural=(n > 1);", (0, 0, 1, 1, 1, 1, 1, 1, 1)),
    (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
        (2, 0, 1, 1, 2, 2, 0, 0, 2),
    ),
    ("nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;", (2, 0, 1, 2, 2, 2, 2, 2, 2)),
    (
        "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
        (3, 0, 1, 2, 3, 3, 3, 0, 3),
    ),
    (
        "nplurals=4; plural=(n==1 ? 0 : n==2 ? 1 : n>10 && n%10==0 ? 2 : 3);",
        (3, 0, 1, 3, 3, 3, 3, 3, 3),
    ),
    (
        "nplurals=5; plural=(n==1 ? 0 : n==2 ? 1 : n<7 ? 2 : n<11 ? 3 : 4);",
        (2, 0, 1, 2, 2, 4, 4, 4, 4),
    ),
    (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 ? 4 : 5);",
        (0, 1, 2, 3, 3, 4, 4, 5, 4),
    ),
    (
        "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;",
        (0, 1, 2, 3, 5, 5, 5, 5, 5),
    ),
    # spellings gettext accepts: reversed order, no final ';', blanks, !, unsigned wrap-around
    ("plural=(n != 1); nplurals=2", (1, 0, 1, 1, 1, 1, 1, 1, 1)),
    ("nplurals=2; plural=(n != 1)", (1, 0, 1, 1, 1, 1, 1, 1, 1)),
    ("nplurals= 2;   plural=!(n==1);", (1, 0, 1, 1, 1, 1, 1, 1, 1)),
    ("nplurals=2; plural=n-1 > 5;", (1, 0, 0, 0, 0, 1, 1, 1, 1)),
    ("nplurals=3; plural=n*2/4%3;", (0, 0, 1, 1, 2, 2, 1, 2, 1)),
]

BAD = [
    ("nplurals=3; plural=n%10;", "gives form 3"),
    ("nplurals=2; plural=n/0;", "divides by zero"),
    ("nplurals=2; plural=n%(n-n);", "divides by zero"),
    ("nplurals=x; plural=(n!=1);", "nplurals"),
    ("nplurals=0; plural=0;", "at least 1"),
    ("nplurals=2; plural=n ? ;", "plural expression"),
    ("nplurals=2; plural=-1+n;", "unexpected '-'"),
    ("nplurals=2; plural=(n != 1;", "ends too early"),
    ("nplurals=2; plural=n = 1;", "unexpected"),
    ("nplurals=2; plural=;", "empty"),
    ("nplurals=2;", "plural=EXPRESSION"),
    ("plural=(n != 1);", "nplurals=INTEGER"),
    ("nplurals=INTEGER; plural=EXPRESSION;", "nplurals"),
    ("nplurals=2; plural=(n != 1) x;", "unexpected"),
]


def _msgfmt_accepts(tmp_path: Path, value: str, forms: int) -> bool:
    po = tmp_path / "p.po"
    strings = "".join(f'msgstr[{i}] "x{i}"\n' for i in range(forms))
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {value}\\n"\n\nmsgid "a"\nmsgid_plural "b"\n{strings}',
        "utf-8",
    )
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True)
    return proc.returncode == 0


@pytest.mark.parametrize("value,expected", RULES)
def test_rules_of_one_to_six_forms(tmp_path: Path, value: str, expected: tuple[int, ...]) -> None:
    rule = parse_plural_forms(value)
    assert tuple(rule.form(n) for n in N) == expected
    assert len(rule.selections) == 1001
    assert _msgfmt_accepts(tmp_path, value, rule.nplurals)  # gettext agrees it is valid


@pytest.mark.parametrize("value,why", BAD)
def test_what_msgfmt_rejects_is_rejected(tmp_path: Path, value: str, why: str) -> None:
    with pytest.raises(PluralError, match=why.replace("(", r"\(")):
        parse_plural_forms(value)
    assert plural_rule(value) is None
    assert not _msgfmt_accepts(tmp_path, value, 2)


def test_rules_are_compared_by_the_forms_they_select() -> None:
    a = parse_plural_forms(
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=11 && n%100<=99 ? 4 : 5);"
    )
    b = parse_plural_forms(
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=11 ? 4 : 5);"
    )
    assert a.expression != b.expression and same_partition(a, b)
    # French: gettext's two forms and CLDR's three (the third only for millions) agree on 0..1000
    two = parse_plural_forms("nplurals=2; plural=(n > 1);")
    cldr = parse_plural_forms(
        "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
    )
    assert same_partition(two, cldr) and first_difference(two, cldr) is None
    # Russian written two ways: the same groups
    ru_gettext = parse_plural_forms(RULES[3][0])
    ru_cldr = parse_plural_forms(
        "nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
        "(n % 100 < 12 || n % 100 > 14) ? 1 : 2;"
    )
    assert same_partition(ru_gettext, ru_cldr)
    # Hebrew with two forms is not Hebrew with three: n = 2 is where they part
    he2 = parse_plural_forms("nplurals=2; plural=(n != 1);")
    he3 = parse_plural_forms("nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);")
    assert first_difference(he2, he3) == 2
    # German's rule is not French's: 0 takes the plural in German
    assert first_difference(parse_plural_forms(RULES[1][0]), two) == 1
