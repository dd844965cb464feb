"""Leverage analysis: the remaining work of each language in words, by match band.

CAT tools (Trados, memoQ, Phrase) price and plan a job from such a table. For every entry that
still needs a translator (untranslated, or fuzzy: a draft or a changed source) the analysis looks
up the project's translation memory of that language and files the entry's words under

    repetitions   the same source text already counted earlier in this analysis
    100%          an exact memory match (another article has it translated)
    95–99%, 85–94%, 75–84%, 50–74%   the best fuzzy match
    no match      nothing ≥ 50%

Entries are visited in article order, then file order, so the first occurrence of a repeated
sentence carries its band and the later ones count as repetitions, as CAT tools do. Words are
counted as ``tmflow status`` and pocount count them (``tmflow.io.po.words.count_words``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tmflow.core import provenance
from tmflow.core.model import EntryState
from tmflow.io.config import Config
from tmflow.io.files import list_files
from tmflow.io.po.reader import load_po
from tmflow.io.po.words import count_words
from tmflow.steps.merge.memory import Memory, build_memory

BANDS = ("repetitions", "100%", "95-99%", "85-94%", "75-84%", "50-74%", "no match")
_LOWER = ((100, "100%"), (95, "95-99%"), (85, "85-94%"), (75, "75-84%"), (50, "50-74%"))


def band_of(score: float | None) -> str:
    if score is None:
        return "no match"
    for low, name in _LOWER:
        if score >= low:
            return name
    return "no match"


def words(text: str) -> int:
    return count_words(text)


@dataclass
class LanguageLeverage:
    language: str
    segments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    translated_words: int = 0

    def add(self, band: str, n_words: int) -> None:
        self.segments[band] += 1
        self.words[band] += n_words

    @property
    def total_words(self) -> int:
        return sum(self.words.values())


@dataclass
class LeverageReport:
    languages: dict[str, LanguageLeverage] = field(default_factory=dict)


def analyse_language(
    config: Config, language: str, articles: Iterable[str] = (), memory: Memory | None = None
) -> LanguageLeverage:
    """The leverage table of one language (all articles, or those named)."""
    paths = list_files(config.locales_dir / language, ".po")
    catalogs = {p: load_po(p) for p in paths}
    if memory is None:
        memory = build_memory(config, language, catalogs)
    wanted = set(articles)
    out = LanguageLeverage(language)
    seen: set[str] = set()
    for path, po in catalogs.items():
        if wanted and path.stem not in wanted:
            continue
        for entry in po:
            if entry.obsolete or not entry.msgid:
                continue
            n = words(entry.msgid)
            if provenance.classify(entry) is EntryState.TRANSLATED:
                out.translated_words += n
                continue
            if entry.msgid in seen:
                out.add("repetitions", n)
                continue
            seen.add(entry.msgid)
            match = memory.lookup(entry.msgid, 50)
            out.add(band_of(match.score if match else None), n)
    return out


def analyse_project(
    config: Config, articles: Iterable[str] = (), languages: Iterable[str] = ()
) -> LeverageReport:
    from tmflow.steps.project import select_languages

    report = LeverageReport()
    names = tuple(articles)
    for language in select_languages(config, languages):
        report.languages[language] = analyse_language(config, language, names)
    return report
