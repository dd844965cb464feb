"""The checks of one PO file: read errors reported by the check their type names (never by
their wording), findings counted and in report order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tmflow.core.errors import (
    CharsetError,
    DuplicateEntryError,
    InputError,
    NotFoundError,
    PoSyntaxError,
    TmflowError,
)
from tmflow.io.po.reader import load_po
from tmflow.steps.qa.checks import all_checks
from tmflow.steps.qa.filecheck import check_batch, check_file, error_check
from tmflow.steps.qa.jobs import Job

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset={charset}\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n\n'
)
ENTRY = 'msgid "Hello."\nmsgstr "Привет."\n\n'

# a PO text (bytes), the error type load_po raises for it, and the check that reports it
BROKEN = {
    "duplicate entry": (
        (HEADER.format(charset="UTF-8") + ENTRY + ENTRY).encode("utf-8"),
        DuplicateEntryError,
        "duplicate-entry",
    ),
    "second header": (
        (HEADER.format(charset="UTF-8") * 2 + ENTRY).encode("utf-8"),
        DuplicateEntryError,
        "duplicate-entry",
    ),
    # a legacy charset is read (ISO-8859-5 is fine); one Python has no codec for is not
    "charset declared": (
        (HEADER.format(charset="EUC-TW") + ENTRY).encode("utf-8"),
        CharsetError,
        "header-charset",
    ),
    "bytes not UTF-8": (
        (HEADER.format(charset="UTF-8") + ENTRY).encode("utf-8").replace(b"\xd0\x9f", b"\xff"),
        CharsetError,
        "header-charset",
    ),
    "unterminated string": (
        (HEADER.format(charset="UTF-8") + 'msgid "Hello.\nmsgstr ""\n').encode("utf-8"),
        PoSyntaxError,
        "po-syntax",
    ),
}


@pytest.mark.parametrize(
    "err, check_id",
    [
        (DuplicateEntryError("twice"), "duplicate-entry"),
        (CharsetError("latin-1"), "header-charset"),
        (PoSyntaxError("unterminated string"), "po-syntax"),
        (NotFoundError("PO file not found"), "po-syntax"),
        # the wording of a message decides nothing
        (PoSyntaxError("duplicate entry: msgid 'x' first defined at line 3"), "po-syntax"),
        (PoSyntaxError('second header entry (duplicate msgid "")'), "po-syntax"),
        (InputError("charset is KOI8-R; not valid UTF-8"), "po-syntax"),
    ],
)
def test_error_check_follows_the_type(err: TmflowError, check_id: str) -> None:
    assert error_check(err) == check_id


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_is_one_finding_of_its_check(tmp_path: Path, case: str) -> None:
    raw, error_type, check_id = BROKEN[case]
    path = tmp_path / "a.po"
    path.write_bytes(raw)
    with pytest.raises(error_type) as raised:
        load_po(path)
    assert type(raised.value) is error_type  # the reader raises exactly this type
    job = Job(str(path), "locales/ru/a.po", "ru", "a", None, None)
    severities = {cid: c.severity for cid, c in all_checks().items()}
    found = check_file(job, severities, None)
    assert found == [
        (
            check_id,
            "error",
            raised.value.message,
            "locales/ru/a.po",
            raised.value.line,
            "ru",
            None,
        )
    ]
    # the check turned off: nothing at all (not a po-syntax finding in its place)
    del severities[check_id]
    assert check_file(job, severities, None) == []


def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "a.po").mkdir()  # a folder where the PO file should be
    job = Job(str(tmp_path / "a.po"), "locales/ru/a.po", "ru", "a", None, None)
    found = check_file(job, {"po-syntax": "error"}, None)
    assert [(f[0], f[2], f[4]) for f in found] == [
        ("po-syntax", "is a folder, not a PO file", None)
    ]


def test_a_batch_gives_each_file_its_counts_and_findings_in_report_order(
    tmp_path: Path,
) -> None:
    po = tmp_path / "b.po"
    po.write_text(
        HEADER.format(charset="UTF-8")
        + '#, fuzzy\nmsgid "One."\nmsgstr "Один."\n\n'
        + 'msgid "In 2014."\nmsgstr "В 2013 году."\n\n'
        + 'msgid "Two."\nmsgstr ""\n',
        "utf-8",
    )
    clean = tmp_path / "c.po"
    clean.write_text(HEADER.format(charset="UTF-8") + ENTRY, "utf-8")
    # checks whose findings come in another order than their lines: states, then pairs
    severities = {"fuzzy": "warning", "numbers": "error", "untranslated": "info"}
    jobs = [
        Job(str(po), "locales/ru/b.po", "ru", "b", None, None),
        Job(str(clean), "locales/ru/c.po", "ru", "c", None, None),
    ]
    first, second = check_batch(jobs, {"ru": severities}, None)
    assert [(f[4], f[0], f[1]) for f in json.loads(first.findings)] == [
        (9, "fuzzy", "warning"),
        (12, "numbers", "error"),
        (15, "untranslated", "info"),
    ]
    assert (first.errors, first.warnings, first.infos) == (1, 1, 1)
    assert (second.errors, second.warnings, second.infos, second.findings) == (0, 0, 0, "[]")
