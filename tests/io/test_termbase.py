"""TBX and CSV: round trips, what other tools read, imports from other tools, merging."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from translate.storage import tbx as tt_tbx

from tmflow.core.errors import GlossaryError, InputError
from tmflow.io.glossary import Rendering, Term, load_glossary, merge_terms
from tmflow.io.termbase import dumps_csv, dumps_tbx, parse_csv, parse_tbx, read_termbase

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "glossary"
LANGS = ("az", "ru", "tr", "fr", "ar")


@pytest.fixture(scope="module")
def sample():  # type: ignore[no-untyped-def]
    return load_glossary(REPO / "glossary.yml", LANGS)


def _strip_lines(terms):  # type: ignore[no-untyped-def]
    return [Term(**{**t.__dict__, "line": 0}) for t in terms]


def test_tbx_round_trip(sample) -> None:  # type: ignore[no-untyped-def]
    text = dumps_tbx(sample)
    back = parse_tbx(text, "x.tbx", "en", LANGS)
    assert back.skipped_languages == ()
    assert _strip_lines(back.terms) == _strip_lines(sample.terms)


def test_csv_round_trip(sample) -> None:  # type: ignore[no-untyped-def]
    text = dumps_csv(sample)
    assert text.splitlines()[0].startswith(
        "term,variants,case-sensitive,do-not-translate,pos,note,az,az forms,az forbidden,ru,"
    )
    back = parse_csv(text, "x.csv", "en", LANGS)
    # CSV has no column for a rendering's note; everything else survives
    expected = [
        Term(
            **{
                **t.__dict__,
                "line": 0,
                "renderings": {
                    k: Rendering(r.approved, r.forms, r.forbidden) for k, r in t.renderings.items()
                },
            }
        )
        for t in sample.terms
    ]
    assert _strip_lines(back.terms) == expected


def test_tbx_is_what_translate_toolkit_reads(sample) -> None:  # type: ignore[no-untyped-def]
    # Weblate imports TBX glossaries through Translate Toolkit
    data = dumps_tbx(sample, ["ru"]).encode("utf-8")
    store = tt_tbx.tbxfile(BytesIO(data), sourcelanguage="en", targetlanguage="ru")
    pairs = {unit.source: unit.target for unit in store.units}
    assert pairs["Khojaly"] == "Ходжалы"
    assert pairs["Heydar Aliyev Foundation"] == "Фонд Гейдара Алиева"
    assert pairs["AZIMUT Moscow Olympic"] == "AZIMUT Moscow Olympic"
    assert len(store.units) == len(sample)


def test_tbx_document_shape(sample) -> None:  # type: ignore[no-untyped-def]
    text = dumps_tbx(sample, ["tr"])
    assert text.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM '
        '"TBXBasiccoreStructV02.dtd">\n<martif type="TBX-Basic" '
        'xml:lang="en">'
    )
    assert "<term>Hocali</term>\n" in text
    assert "deprecatedTerm-admn-sts" in text and 'type="partOfSpeech">properNoun<' in text
    assert "<note>tmflow:do-not-translate</note>" in text
    assert 'xml:lang="ru"' not in text


def test_tbx3_from_another_tool() -> None:
    base = read_termbase(FIXTURES / "tbx3.tbx", "en", ("ru", "tr"))
    assert base.skipped_languages == ("de",)
    assert _strip_lines(base.terms) == [
        Term("Baku", renderings={"ru": Rendering("Баку", (), ("Бакы",))}),
        Term("Shusha", variants=("Shushi",), renderings={"tr": Rendering("Şuşa", ("Şuşa'da",))}),
    ]


def test_csv_from_another_tool() -> None:
    base = read_termbase(FIXTURES / "weblate.csv", "en", ("ru", "tr"))
    assert _strip_lines(base.terms) == [
        Term(
            "Baku",
            note="capital",
            renderings={"ru": Rendering("Баку", (), ("Бакы",)), "tr": Rendering("Bakü")},
        ),
        Term(
            "Shusha",
            renderings={"ru": Rendering("Шуша", ("Шуши", "Шуше")), "tr": Rendering("Şuşa")},
        ),
    ]


@pytest.mark.parametrize(
    "text,message,line,column",
    [
        ("term,colour\nBaku,red\n", "unknown column 'colour'", 1, 2),
        ("variants\nBaku\n", "no 'term' column", 1, None),
        ("term,case-sensitive\nBaku,maybe\n", "case-sensitive must be yes or no", 2, 2),
        ("term,ru\n,Баку\n", "row without a term", 2, None),
        ("term,ru forms\nBaku,Баку\n", "without an approved ru rendering", 2, None),
        ("term,pos\nBaku,place\n", "pos must be one of", 2, 2),
        ("term,ru\nBaku,Баку,extra\n", "more cells than header columns", 2, 3),
    ],
)
def test_csv_errors(text: str, message: str, line: int, column: int | None) -> None:
    with pytest.raises(InputError) as info:
        parse_csv(text, "in.csv", "en", ("ru",))
    assert message in info.value.message
    assert (info.value.line, info.value.column) == (line, column)


@pytest.mark.parametrize(
    "text,message",
    [
        ("<martif><text><body><termEntry>", "not valid TBX/XML"),
        ("<html/>", "not a TBX file"),
        (
            "<martif><text><body><termEntry><langSet xml:lang='ru'><tig><term>Баку</term></tig>"
            "</langSet></termEntry></body></text></martif>",
            "has no en term",
        ),
        (
            "<martif><text><body><termEntry><langSet><tig><term>Baku</term></tig>"
            "</langSet></termEntry></body></text></martif>",
            "missing or unknown language",
        ),
    ],
)
def test_tbx_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_tbx(text, "in.tbx", "en", ("ru",))


def test_merge_appends_and_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    original = (REPO / "glossary.yml").read_text("utf-8")
    path.write_text(original, "utf-8")
    base = read_termbase(FIXTURES / "weblate.csv", "en", LANGS)
    added = merge_terms(path, base.terms, LANGS, origin="weblate.csv")
    assert [t.source for t in added] == ["Baku", "Shusha"]
    text = path.read_text("utf-8")
    assert text.startswith(original.rstrip("\n"))
    glossary = load_glossary(path, LANGS)
    assert glossary.find("Shusha").renderings["ru"] == Rendering(  # type: ignore[union-attr]
        "Шуша", ("Шуши", "Шуше")
    )
    assert not list(tmp_path.glob(".*.tmp"))


def test_merge_refuses_duplicates_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text((REPO / "glossary.yml").read_text("utf-8"), "utf-8")
    before = path.read_bytes()
    terms = [
        Term("Baku", renderings={"ru": Rendering("Баку")}),
        Term("khojaly", renderings={"ru": Rendering("Ходжалы")}),
        Term("Hague", renderings={"ru": Rendering("Гаага")}),
    ]
    with pytest.raises(GlossaryError) as info:
        merge_terms(path, terms, LANGS, origin="new.csv")
    assert info.value.message == (
        "refusing to import: 2 term(s) already defined: 'khojaly' (already at line 6), "
        "'Hague' (already at line 171); edit them in the glossary or remove them from new.csv"
    )
    assert path.read_bytes() == before


def test_merge_refuses_a_term_twice_in_the_import(tmp_path: Path) -> None:
    terms = [Term("Baku"), Term("BAKU")]
    with pytest.raises(GlossaryError, match=r"'BAKU' \(twice in the import\)"):
        merge_terms(tmp_path / "glossary.yml", terms, LANGS)
    assert not (tmp_path / "glossary.yml").exists()


def test_merge_validates_the_result(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text(
        "terms:\n  - term: Khojaly\n    ru: {approved: Ходжалы, forbidden: [Ходжали]}\n", "utf-8"
    )
    with pytest.raises(GlossaryError, match="do not validate: .*forbidden ru form of"):
        merge_terms(path, [Term("Khojali", renderings={"ru": Rendering("Ходжали")})], ("ru",))


def test_merge_creates_a_missing_glossary(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    merge_terms(path, [Term("Baku", renderings={"ru": Rendering("Баку")})], ("ru",))
    assert path.read_text("utf-8") == "terms:\n  - term: Baku\n    ru: Баку\n"


def test_csv_with_an_unterminated_quote_is_an_error_not_a_term(tmp_path) -> None:
    from tmflow.core.errors import InputError
    from tmflow.io.termbase import parse_csv

    with pytest.raises(InputError, match=r"t\.csv:2: malformed CSV"):
        parse_csv('term,fr\n"unclosed,x\n', tmp_path / "t.csv", "en", ["fr"])
