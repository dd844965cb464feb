"""The check's shortcuts give the answers of the plain computation: the numbers check's
remembered source readings, its digit and scale-word shortcuts, and the search for Markdown
references, compared finding for finding with the reference path (every shortcut replaced by
what it stands for, nothing remembered) on varied catalogs: plural entries, format flags,
numbers in digits and in words, Markdown, several languages sharing their sources."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tmflow.io.config import load_config
from tmflow.steps.qa import checks as reg
from tmflow.steps.qa.check import check_project
from tmflow.steps.qa.checks import numbers as num

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CASES = FIXTURES / "numbers" / "cases.tsv"


def _plain_source_mentions(
    text: str, language: str, qt: bool, split: dict[str, list[str]]
) -> list[num.Mention]:
    return num.mentions(text, language, source=True, words=False, qt=qt, split=split)


def _plain_scale_power(word: str, facts: object, base: str) -> int | None:
    num._SCALE_POWERS.clear()
    return _REMEMBERED_SCALE_POWER(word, facts, base)  # type: ignore[arg-type]


_REMEMBERED_SCALE_POWER = num._scale_power


def _plain(patch: pytest.MonkeyPatch) -> None:
    """Every shortcut replaced by the plain computation, nothing remembered."""
    patch.setattr(num, "_source_mentions", _plain_source_mentions)
    patch.setattr(num, "_any_digit", lambda text: any(c.isdigit() for c in text))
    patch.setattr(num, "_scale_power", _plain_scale_power)
    patch.setattr(num, "_NATIVE_DIGIT_RE", re.compile(""))  # always translate the digits
    patch.setattr(
        reg, "names_markup", lambda raw: reg._REFERENCE_MARKUP_RE.search(raw) is not None
    )
    num._LAST.clear()


def _pairs() -> list[tuple[str, str, str]]:
    """The number cases, and every source of them beside every translation of another
    language (numbers changed, missing, added, in words): a source met again in each
    language, as in a project."""
    cases = []
    for line in CASES.read_text("utf-8").splitlines():
        if line.strip():
            lang, _kind, _want, source, target = line.split("\t")
            cases.append((source, target, lang))
    sources = sorted({s for s, _t, _l in cases})[:40]
    targets = sorted({(t, lang) for _s, t, lang in cases})[:40]
    return cases + [(s, t, lang) for s in sources for t, lang in targets]


def _compare_all(pairs: list[tuple[str, str, str]]) -> list[object]:
    out: list[object] = []
    for source, target, lang in pairs:
        for qt in (False, True):
            num._LAST.clear()
            out.append(num.compare_numbers(source, target, lang, qt=qt))
    return out


def test_numbers_shortcuts_give_the_plain_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = _pairs()
    fast = _compare_all(pairs) + _compare_all(pairs)  # remembered the second time
    with monkeypatch.context() as patch:
        _plain(patch)
        plain = _compare_all(pairs)
    assert len(pairs) > 1000
    assert fast == plain + plain
    # the comparison is not trivially empty: errors, warnings and notes all occur
    assert any(getattr(f, "errors", ()) for f in plain)
    assert any(getattr(f, "warnings", ()) for f in plain)


def test_remembered_source_mentions_are_fresh_objects() -> None:
    split: dict[str, list[str]] = {}
    first = num._source_mentions("2 to 4 inches on 25.12.2009", "en", False, split)
    first[0].unit = "changed"
    first[0].values.add("changed")
    again = num._source_mentions("2 to 4 inches on 25.12.2009", "en", False, {})
    assert again[0].unit != "changed"
    assert "changed" not in again[0].values
    assert split  # the date read as several numbers, as the reading fills it


@pytest.mark.parametrize(
    ("raw", "markup"),
    [
        (b"#: a.md", True),
        (b'msgid ""\n#: docs/a.MD:3 b.txt\nmsgid "x"', True),
        (b"#: a.txt\n#: b.html", True),
        (b"#:a.mdx", True),
        (b"#:.md", True),
        (b"\r\n#: a.md", True),
        (b"#: a.md\r\n", True),
        (b"#: a.md5", False),
        (b"x.md\n#: y.txt", False),
        (b"#: x.txt\n.md", False),
        (b"#. see a.md", False),
        (b'msgid "read a.md"\n#: a.po', False),
    ],
)
def test_markup_references(raw: bytes, markup: bool) -> None:
    assert reg.names_markup(raw) is markup
    assert (reg._REFERENCE_MARKUP_RE.search(raw) is not None) is markup


def _varied_tree(root: Path) -> Path:
    """The defects corpus (plurals, format flags, Markdown, every check's defect) and a
    news article in six languages sharing their sources: numbers in digits, in words, in
    other digit groups, changed and missing, in plural entries and formats."""
    shutil.copytree(FIXTURES / "check" / "defects", root)
    header = (
        'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    )
    sources = [
        "The delegation of 12 officials arrived on 25 March 2014 at 8:30 p.m.",
        "Prices rose by 3.5% to $2.4 billion, about 380,000 manat.",
        "The road is 40 miles (64 km) long and was built in the 1980s.",
        "**Bold** claims about 1,500 visitors: see [the report](https://example.org/r-2020).",
    ]
    targets = {
        "ru": [
            "Делегация из двенадцати чиновников прибыла 25 марта 2014 года в 20:30.",
            "Цены выросли на 3,5% до 2,4 млрд долларов, около 380 тысяч манатов.",
            "Дорога длиной 64 км была построена в 80-х годах.",
            "**Смелые** заявления о 1 600 посетителях: см. [отчёт](https://example.org/r-2020).",
        ],
        "fr": [
            "La délégation de douze responsables est arrivée le 25 mars 2014 à 20 h 30.",
            "Les prix ont augmenté de 3,5 % pour atteindre 2,4 Mrd $, environ 380 000 manats.",
            "La route fait 64 km et a été construite dans les années 1980.",
            "Des affirmations **audacieuses** sur 1 500 visiteurs : voir [le rapport](https://example.org/r-2020).",
        ],
        "de": [
            "Die Delegation aus 12 Beamten kam am 25. März 2015 um 20:30 Uhr an.",
            "Die Preise stiegen um 3,5 % auf 2,4 Mrd. $, etwa 380.000 Manat.",
            "Die Straße ist 40 Meilen lang und wurde in den 1980er Jahren gebaut.",
            "**Kühne** Behauptungen über 1.500 Besucher: siehe [Bericht](https://example.org/r-2020).",
        ],
        "ar": [
            "وصل وفد من ١٢ مسؤولا في ٢٥ مارس ٢٠١٤ الساعة ٨:٣٠ مساء.",
            "ارتفعت الأسعار بنسبة ٣٫٥٪ إلى ٢٫٤ مليار دولار.",
            "يبلغ طول الطريق 64 كم وقد بني في الثمانينيات.",
            "**ادعاءات** حول 1500 زائر: انظر [التقرير](https://example.org/r-2020).",
        ],
        "tr": [
            "On iki yetkiliden oluşan heyet 25 Mart 2014'te saat 20.30'da geldi.",
            "Fiyatlar %3,5 artarak 2,4 milyar dolara, yaklaşık 380 bin manata ulaştı.",
            "Yol 64 km uzunluğunda ve 1980'lerde inşa edildi.",
            "1500 ziyaretçi hakkında **cesur** iddialar: [rapor](https://example.org/r-2020).",
        ],
        "az": [
            "12 nəfərlik nümayəndə heyəti 2014-cü il martın 25-də axşam saat 8:30-da gəldi.",
            "Qiymətlər 3,5% artaraq 2,4 milyard dollara, təxminən 380 min manata çatdı.",
            "Yol 40 mil uzunluğundadır və 1980-ci illərdə tikilib.",
            "1 500 ziyarətçi haqqında **cəsarətli** iddialar: [hesabat](https://example.org/r-2020).",
        ],
    }
    for lang, texts in targets.items():
        entries = []
        for i, (source, target) in enumerate(zip(sources, texts)):
            src = source.replace('"', '\\"')
            tgt = target.replace('"', '\\"')
            entries.append(f'#: sources/varied.md:{2 * i + 1}\nmsgid "{src}"\nmsgstr "{tgt}"\n')
        entries.append(
            "#, c-format\n"
            'msgid "%d file of 20 copied"\nmsgid_plural "%d files of 20 copied"\n'
            f'msgstr[0] "{texts[0][:12]} %d 20"\nmsgstr[1] "{texts[0][:12]} %d 21"\n'
        )
        folder = root / "locales" / lang
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "varied.po").write_text(header.format(lang=lang) + "\n".join(entries), "utf-8")
    config = root / "tmflow.toml"
    text = config.read_text("utf-8")
    for lang in targets:
        if f'"{lang}"' not in text:
            text = text.replace("languages = [", f'languages = ["{lang}", ', 1)
    config.write_text(text, "utf-8")
    return root


def test_check_findings_are_those_of_the_reference_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _varied_tree(tmp_path / "varied")
    config = load_config(root)
    fast = check_project(config, use_cache=False, workers=1).findings
    fast_again = check_project(config, use_cache=False, workers=1).findings  # remembered
    with monkeypatch.context() as patch:
        _plain(patch)
        plain = check_project(config, use_cache=False, workers=1).findings
    assert fast == plain
    assert fast_again == plain
    varied = [f for f in plain if f.path.endswith("varied.po")]
    checks = {f.check for f in varied}
    # the varied article is read as intended: numbers found changed, Markdown judged
    assert "numbers" in checks
    assert len({f.language for f in varied}) >= 4
