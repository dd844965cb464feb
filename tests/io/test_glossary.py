"""glossary.yml: schema, error corpus (file:line:column), the sample glossary, a huge file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tmflow.core.errors import GlossaryError
from tmflow.io.glossary import (
    Glossary,
    Rendering,
    Term,
    append_terms,
    dump_terms,
    load_glossary,
    parse_glossary,
)

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "glossary"
LANGS = ("az", "ru", "tr", "fr", "ar")
BAD = sorted((FIXTURES / "bad").glob("*.yml"))


def test_corpus_is_there() -> None:
    assert len(BAD) >= 20


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_glossary_names_file_line_column(path: Path) -> None:
    first = path.read_text("utf-8").split("\n", 1)[0]
    match = re.fullmatch(r"# expect: (\d+):(\d+): (.+)", first)
    assert match, f"{path.name}: first line must be '# expect: LINE:COL: message'"
    line, column, message = int(match.group(1)), int(match.group(2)), match.group(3)
    with pytest.raises(GlossaryError) as info:
        load_glossary(path, LANGS)
    err = info.value
    assert err.path == path
    assert message in err.message
    assert (err.line, err.column or 0) == (line, column) or (
        err.line == line and err.column is None
    )
    assert str(err).startswith(f"{path}:{line}")
    assert err.exit_code == 2


def test_errors_without_column_still_name_the_line() -> None:
    err = _fail("terms:\n  - term: A\n    ru: Б\n  - term: a\n")
    assert (err.line, err.column) == (4, None)
    assert "duplicate term 'a'" in err.message


def _fail(text: str, langs: tuple[str, ...] = LANGS) -> GlossaryError:
    with pytest.raises(GlossaryError) as info:
        parse_glossary(text, Path("g.yml"), langs)
    return info.value


def test_missing_file_is_an_empty_glossary(tmp_path: Path) -> None:
    glossary = load_glossary(tmp_path / "glossary.yml", LANGS)
    assert glossary.terms == () and len(glossary) == 0
    assert glossary.path == tmp_path / "glossary.yml"


@pytest.mark.parametrize(
    "text", ["", "\n# only a comment\n", "terms:\n", "terms: []\n", "version: 1\nterms: []\n"]
)
def test_empty_glossaries(text: str) -> None:
    assert parse_glossary(text, Path("g.yml"), LANGS).terms == ()


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_bytes(b"terms:\n  - term: Caf\xe9\n")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path, LANGS)
    assert info.value.line == 2 and "UTF-8" in info.value.message


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="is a folder"):
        load_glossary(tmp_path, LANGS)


def test_full_schema() -> None:
    text = """\
terms:
  - term: Khojaly
    variants: [Khodjaly, Hodjali]
    pos: proper noun
    note: town
    az: Xocalı
    ru:
      approved: Ходжалы
      forms: [Ходжалинский]
      forbidden: Ходжали
      note: indeclinable
  - term: AZIMUT Moscow Olympic
    case-sensitive: yes
    do-not-translate: true
    ru:
      forbidden: [Азимут Москва Олимпик]
"""
    glossary = parse_glossary(text, Path("g.yml"), ["az", "ru"])
    khojaly, hotel = glossary.terms
    assert khojaly == Term(
        source="Khojaly",
        variants=("Khodjaly", "Hodjali"),
        pos="proper noun",
        note="town",
        renderings={
            "az": Rendering("Xocalı"),
            "ru": Rendering("Ходжалы", ("Ходжалинский",), ("Ходжали",), "indeclinable"),
        },
        line=2,
    )
    assert khojaly.texts == ("Khojaly", "Khodjaly", "Hodjali")
    assert hotel.dnt and hotel.case_sensitive and hotel.line == 12
    # a do-not-translate term renders as itself, keeping its forbidden forms
    assert hotel.rendering("ru") == Rendering(
        "AZIMUT Moscow Olympic", (), ("Азимут Москва Олимпик",)
    )
    assert hotel.rendering("az") == Rendering("AZIMUT Moscow Olympic")
    assert khojaly.rendering("tr") is None
    assert glossary.find("khodjaly") is khojaly
    assert glossary.find("Nowhere") is None
    assert isinstance(hash(khojaly), int)


def test_text_is_normalised() -> None:
    # NFD input (e + combining acute) and folded white space
    text = 'terms:\n  - term: "Heydar   Aliyev\\nFoundation "\n    fr: "Fonde\u0301"\n'
    term = parse_glossary(text, Path("g.yml"), ["fr"]).terms[0]
    assert term.source == "Heydar Aliyev Foundation"
    assert term.renderings["fr"].approved == "Fondé"


def test_language_codes_are_normalised() -> None:
    text = "terms:\n  - term: Lisbon\n    pt-br: Lisboa\n"
    assert parse_glossary(text, Path("g.yml"), ["pt_BR"]).terms[0].renderings == {
        "pt_BR": Rendering("Lisboa")
    }


def test_turkish_capitals_clash_with_their_small_letters() -> None:
    err = _fail("terms:\n  - term: Khojaly\n    tr: {approved: Hocalı, forbidden: [HOCALI]}\n")
    assert "'HOCALI' is both accepted and forbidden in the tr rendering" in err.message
    ok = "terms:\n  - term: Khojaly\n    tr: {approved: Hocalı, forbidden: [HOCALİ, Hocali]}\n"
    assert parse_glossary(ok, Path("g.yml"), LANGS).terms[0].renderings["tr"].forbidden == (
        "HOCALİ",
        "Hocali",
    )


def test_unknown_key_suggests_a_project_language() -> None:
    err = _fail("terms:\n  - term: Baku\n    ruu: Баку\n")
    assert "unknown key 'ruu' (did you mean 'ru'?)" in err.message


def test_unknown_key_without_suggestion() -> None:
    err = _fail("terms:\n  - term: Baku\n    colour: red\n")
    assert err.message == "unknown key 'colour'" and (err.line, err.column) == (3, 5)


def test_rendering_may_not_be_its_own_variant_forbidden_across_terms_only() -> None:
    # the same forbidden form in two terms is fine; only accepted-vs-forbidden clashes fail
    text = (
        "terms:\n  - term: A\n    ru: {approved: Аа, forbidden: [Ббб]}\n"
        "  - term: B\n    ru: {approved: Вв, forbidden: [Ббб]}\n"
    )
    assert len(parse_glossary(text, Path("g.yml"), ["ru"])) == 2


def test_the_sample_glossary() -> None:
    glossary = load_glossary(REPO / "glossary.yml", LANGS)
    assert len(glossary) >= 15
    for term in glossary:
        if not term.dnt:
            assert set(term.renderings) == set(LANGS), term.source
    khojaly = glossary.find("Khojaly")
    assert khojaly is not None
    assert {lang: r.approved for lang, r in khojaly.renderings.items()} == {
        "az": "Xocalı",
        "ru": "Ходжалы",
        "tr": "Hocalı",
        "fr": "Khodjaly",
        "ar": "خوجالي",
    }
    assert "Ходжали" in khojaly.renderings["ru"].forbidden
    assert glossary.find("AZIMUT Moscow Olympic").dnt  # type: ignore[union-attr]
    assert glossary.find("Organization of Islamic Cooperation") is glossary.find(
        "Islamic Cooperation Organization"
    )
    assert glossary.find("Hague") is glossary.find("The Hague")


def test_sample_glossary_rejects_a_language_outside_the_project() -> None:
    with pytest.raises(GlossaryError, match="not a target language"):
        load_glossary(REPO / "glossary.yml", ["ru"])


def _big_glossary(n: int) -> str:
    lines = ["terms:"]
    for i in range(n):
        lines += [
            f"  - term: Term{i} alpha",
            "    ru:",
            f"      approved: Термин{i}",
            f"      forbidden: [Плохо{i}]",
            f"    tr: Terim{i}",
        ]
    return "\n".join(lines) + "\n"


def test_ten_thousand_terms_load() -> None:
    glossary = parse_glossary(_big_glossary(10_000), Path("big.yml"), ["ru", "tr"])
    assert len(glossary) == 10_000
    assert glossary.terms[9_999].renderings["ru"] == Rendering("Термин9999", (), ("Плохо9999",))
    assert glossary.terms[9_999].line == 1 + 5 * 9_999 + 1


def test_duplicate_in_a_huge_glossary_is_found_with_its_line() -> None:
    text = _big_glossary(2_000) + "  - term: TERM5 ALPHA\n"
    err = _fail(text, ("ru", "tr"))
    assert err.line == 1 + 5 * 2_000 + 1
    assert "already defined by 'Term5 alpha' at line 27" in err.message


def test_dump_and_append_keep_comments(tmp_path: Path) -> None:
    original = (REPO / "glossary.yml").read_text("utf-8")
    new = Term(
        "Baku",
        pos="proper noun",
        renderings={"ru": Rendering("Баку"), "tr": Rendering("Bakü", ("Bakü'de",))},
    )
    text = append_terms(original, [new], tmp_path / "g.yml")
    assert text.startswith(original.rstrip())
    assert "# Terminology of the sample project" in text
    glossary = parse_glossary(text, tmp_path / "g.yml", LANGS)
    assert glossary.terms[-1] == Term(
        "Baku", pos="proper noun", renderings=new.renderings, line=glossary.terms[-1].line
    )
    assert len(glossary) == len(load_glossary(REPO / "glossary.yml", LANGS)) + 1


@pytest.mark.parametrize(
    "existing",
    ["", "terms: []\n", "# c\nterms:\n- term: A\n  ru: Аа\n", "terms:\n  - term: A\nversion: 1\n"],
)
def test_append_to_other_shapes(existing: str) -> None:
    new = [Term("Baku", renderings={"ru": Rendering("Баку")})]
    text = append_terms(existing, new, Path("g.yml"))
    sources = [t.source for t in parse_glossary(text, Path("g.yml"), ["ru"]).terms]
    assert sources[-1] == "Baku" and len(sources) == (2 if "term: A" in existing else 1)


def test_dump_terms_is_yaml_of_the_schema() -> None:
    term = Term(
        "AZIMUT",
        case_sensitive=True,
        dnt=True,
        note="hotel",
        renderings={"ru": Rendering("", (), ("Азимут",))},
    )
    data = yaml.safe_load("terms:\n" + dump_terms([term]))
    assert data == {
        "terms": [
            {
                "term": "AZIMUT",
                "case-sensitive": True,
                "do-not-translate": True,
                "note": "hotel",
                "ru": {"forbidden": ["Азимут"]},
            }
        ]
    }


def test_glossary_is_frozen() -> None:
    glossary = Glossary()
    with pytest.raises(AttributeError):
        glossary.terms = ()  # type: ignore[misc]
