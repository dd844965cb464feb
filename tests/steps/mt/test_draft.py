"""The draft step against the local LibreTranslate-compatible server, with injected faults."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import polib
import pytest

from tests.fakes.libre_server import FakeLibre
from tmflow.core import provenance
from tmflow.core.errors import ProviderError
from tmflow.io.config import load_config
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import new_catalog, save_po
from tmflow.steps.mt import draft as draft_mod
from tmflow.steps.mt import scheduler
from tmflow.steps.mt.draft import MtCache, ProgressEvent, draft_project
from tmflow.steps.mt.protect import GlossaryGuard

TODAY = draft_mod._today()


def mt_line(engine: str, entry: polib.POEntry) -> str:
    """The ``mt`` provenance line a draft of ``entry``'s text carries (without the prefix)."""
    return f"mt {engine} {TODAY} {provenance.text_digest(entry.msgstr)}"


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheduler, "BACKOFF_BASE", 0.01)


def make_project(
    root: Path,
    entries: dict[str, list[polib.POEntry]],
    languages: tuple[str, ...] = ("fr", "az"),
    mt: str = "",
    retries: int = 3,
    timeout: float = 1.0,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    langs = ", ".join(f'"{lang}"' for lang in languages)
    (root / "tmflow.toml").write_text(
        f'languages = [{langs}]\n[mt]\nprovider = "libre"\ntimeout = {timeout}\n'
        f"retries = {retries}\n"
        f"{mt}",
        "utf-8",
    )
    for lang in languages:
        for article, items in entries.items():
            po = new_catalog("test", lang)
            for item in items:
                po.append(
                    polib.POEntry(
                        msgid=item.msgid,
                        msgstr=item.msgstr,
                        flags=list(item.flags),
                        tcomment=item.tcomment,
                        msgctxt=item.msgctxt,
                    )
                )
            save_po(po, root / "locales" / lang / f"{article}.po")
    return root


def entry(
    msgid: str, msgstr: str = "", flags: tuple[str, ...] = (), tcomment: str = ""
) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags), tcomment=tcomment)


def po_entries(root: Path, lang: str, article: str) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in load_po(root / "locales" / lang / f"{article}.po")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(
        tmp_path / "p",
        {
            "one": [
                entry("Hello world."),
                entry("Shared sentence."),
                entry("Done already.", "Déjà fait."),
                entry("Edited by a human.", "Édité à la main", ("fuzzy",), "reviewer note"),
                entry("Empty fuzzy.", "", ("fuzzy",)),
            ],
            "two": [entry("Shared sentence."), entry("Only in two.")],
        },
    )


def test_drafts_only_untranslated_entries_with_provenance(project: Path) -> None:
    before = {
        lang: (project / "locales" / lang / "one.po").read_text("utf-8") for lang in ("fr", "az")
    }
    with FakeLibre() as fake:
        result = draft_project(load_config(project), url=fake.url)
    assert result.errors == []
    one = po_entries(project, "fr", "one")
    hello = one["Hello world."]
    assert hello.msgstr == "<fr> Hello world."
    assert "fuzzy" in hello.flags
    assert provenance.lines(hello.tcomment) == [mt_line("libre", hello)]
    assert provenance.classify(hello).value == "mt"
    # never touched: a translated entry, a human's fuzzy edit (with its comment)
    assert one["Done already."].msgstr == "Déjà fait." and not one["Done already."].flags
    human = one["Edited by a human."]
    assert human.msgstr == "Édité à la main" and human.tcomment == "reviewer note"
    assert one["Empty fuzzy."].msgstr == "<fr> Empty fuzzy."
    assert po_entries(project, "az", "two")["Only in two."].msgstr == "<az> Only in two."
    for lang in ("fr", "az"):
        text = (project / "locales" / lang / "one.po").read_text("utf-8")
        assert text != before[lang]
        kept = [b for b in before[lang].split("\n\n") if "Done already" in b or "human" in b]
        assert all(block in text for block in kept)


def test_identical_texts_across_articles_cost_one_request_per_language(project: Path) -> None:
    with FakeLibre() as fake:
        result = draft_project(load_config(project), url=fake.url)
    assert fake.by_text["Shared sentence."] == 2  # fr and az, not per article
    assert fake.texts == 8  # 4 unique texts x 2 languages
    assert fake.requests == 2 and result.requests == 2  # in one batch per language
    assert result.languages["fr"].entries == 5 and result.languages["fr"].unique == 4
    assert po_entries(project, "fr", "two")["Shared sentence."].msgstr == "<fr> Shared sentence."


def test_second_run_sends_nothing_thanks_to_the_cache(project: Path, tmp_path: Path) -> None:
    with FakeLibre() as fake:
        draft_project(load_config(project), url=fake.url)
        first = fake.requests
        # a copy of the untranslated project with the same cache: answered from the cache
        again = make_project(
            tmp_path / "again", {"x": [entry("Hello world."), entry("Only in two.")]}
        )
        (again / ".tmflow").mkdir()
        (again / ".tmflow" / "mt-cache.sqlite3").write_bytes(
            (project / ".tmflow" / "mt-cache.sqlite3").read_bytes()
        )
        result = draft_project(load_config(again), url=fake.url)
        assert fake.requests == first
        assert result.requests == 0 and result.drafted == 4
        assert result.languages["fr"].cached == 2
        # and a run over the drafted project has nothing left to do
        assert draft_project(load_config(project), url=fake.url).requests == 0
        assert fake.requests == first
    assert po_entries(again, "az", "x")["Hello world."].msgstr == "<az> Hello world."


def test_every_kind_of_fault_is_retried_until_drafted(tmp_path: Path) -> None:
    # one text may meet every fault in turn: allow more retries than faults
    project = make_project(
        tmp_path / "p",
        {
            "one": [entry("Hello world."), entry("Shared sentence."), entry("Empty fuzzy.")],
            "two": [entry("Shared sentence."), entry("Only in two."), entry("Done.", "Fait.")],
        },
        retries=8,
    )
    schedule = ["429", "500", "drop", "garbage", "html", "timeout", "503"]
    with FakeLibre(schedule=schedule, timeout_sleep=1.5, retry_after="0") as fake:
        config = load_config(project)
        result = draft_project(config, url=fake.url, concurrency=2)
    assert result.errors == []
    assert result.retries == len(schedule)  # one retry (or split) per failed request
    assert result.requests == fake.requests > len(schedule)
    assert result.drafted == 10 and result.left == 0 and result.failed == 0


def test_retry_after_pauses_the_provider(project: Path) -> None:
    with FakeLibre(schedule=["429"], retry_after="1") as fake:
        result = draft_project(load_config(project), url=fake.url, concurrency=1)
    assert result.drafted == 10
    assert result.elapsed >= 1.0  # the server asked for a second's pause, and got it


def test_gives_up_on_a_segment_and_goes_on(project: Path) -> None:
    def rule(n: int, text: str) -> str | None:
        return "500" if text == "Only in two." else None

    with FakeLibre(rule=rule) as fake:
        result = draft_project(load_config(project), url=fake.url)
    # the batch of four failed twice, was split, the half with the text twice, then the text
    # alone: 1 + 3 retries; per language
    assert fake.by_text["Only in two."] == 2 * (2 + 2 + 4)
    fr = result.languages["fr"]
    assert fr.failed == 1 and fr.drafted == 4 and fr.error is None
    reason = "server error (HTTP 500: internal error); gave up after 4 attempts"
    assert fr.failures == {reason: 1}
    assert result.errors == [
        f"libre {lang}: 1 segment not drafted: {reason}" for lang in ("fr", "az")
    ]
    assert po_entries(project, "fr", "two")["Only in two."].msgstr == ""
    assert po_entries(project, "fr", "two")["Shared sentence."].msgstr != ""


@pytest.mark.parametrize(
    "action, reason",
    [
        ("echo", "identical to the source"),
        ("empty", "empty result"),
    ],
)
def test_rejected_results_leave_the_entry_untranslated_with_a_reason(
    tmp_path: Path, action: str, reason: str
) -> None:
    root = make_project(
        tmp_path / "p", {"a": [entry("Hello **world**."), entry("Fine.")]}, languages=("fr",)
    )
    with FakeLibre(rule=lambda n, text: action if "world" in text else None) as fake:
        result = draft_project(load_config(root), url=fake.url)
    rejected = po_entries(root, "fr", "a")["Hello **world**."]
    assert rejected.msgstr == "" and "fuzzy" not in rejected.flags
    assert provenance.lines(rejected.tcomment) == [f"mt rejected: {reason}"]
    assert result.languages["fr"].rejected == 1
    assert po_entries(root, "fr", "a")["Fine."].msgstr == "<fr> Fine."


def test_lost_tokens_are_rejected_and_a_later_draft_replaces_the_reason(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p", {"a": [entry("See https://x.org now.")]}, languages=("fr",)
    )
    with FakeLibre(schedule=["lose-tokens"]) as fake:
        draft_project(load_config(root), url=fake.url)
        got = po_entries(root, "fr", "a")["See https://x.org now."]
        assert provenance.lines(got.tcomment) == ['mt rejected: lost a token ("https://x.org")']
        (root / ".tmflow" / "mt-cache.sqlite3").unlink()
        draft_project(load_config(root), url=fake.url)
    got = po_entries(root, "fr", "a")["See https://x.org now."]
    assert got.msgstr == "<fr> See https://x.org now."
    assert provenance.lines(got.tcomment) == [mt_line("libre", got)]


def test_masked_text_is_what_the_server_sees(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p", {"a": [entry("  Read [this](https://x.org/a) **now**")]}, languages=("fr",)
    )
    with FakeLibre() as fake:
        draft_project(load_config(root), url=fake.url)
    assert list(fake.by_text) == ["Read {1}this{2} {3}now{4}"]
    assert (
        po_entries(root, "fr", "a")["  Read [this](https://x.org/a) **now**"].msgstr
        == "  <fr> Read [this](https://x.org/a) **now**"
    )


def test_long_segments_are_split_under_the_provider_limit(tmp_path: Path) -> None:
    long = " ".join(
        f"This is sentence number {i} of a very long paragraph indeed." for i in range(100)
    )
    root = make_project(tmp_path / "p", {"a": [entry(long)]}, languages=("fr",))
    with FakeLibre() as fake:
        result = draft_project(load_config(root), url=fake.url)
    assert fake.texts == 2 and all(len(t.encode()) <= 4500 for t in fake.by_text)
    assert fake.requests == 1  # both pieces in one batch
    drafted = po_entries(root, "fr", "a")[long].msgstr
    assert drafted.count("<fr>") == 2 and "sentence number 99 " in drafted
    assert result.languages["fr"].drafted == 1


def test_unsupported_language_stops_only_that_language(project: Path) -> None:
    with FakeLibre(languages=("en", "fr")) as fake:
        host = fake.url.split("/")[2]
        result = draft_project(load_config(project), url=fake.url)
    assert result.errors == [f"libre az: the libre server at {host} does not translate into 'az'"]
    assert result.languages["fr"].drafted == 5
    assert result.languages["az"].drafted == 0 and result.languages["az"].failed == 5
    assert result.languages["az"].error_config and result.config_error
    assert fake.requests == 1 and fake.texts == 4  # nothing sent for az


def test_unreachable_server_gives_one_error_per_language_quickly(project: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = draft_project(load_config(project), url=f"http://127.0.0.1:{port}/")
    assert result.errors == [
        f"libre fr: cannot connect to 127.0.0.1:{port} (connection refused or no network)",
        f"libre az: cannot connect to 127.0.0.1:{port} (connection refused or no network)",
    ]
    assert result.drafted == 0 and result.failed == 10
    assert not result.config_error  # an outside service failed, not the configuration


def test_a_refused_key_stops_the_provider_and_never_leaks(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "sekret-LIBRE-9911"
    monkeypatch.setenv("TMFLOW_LIBRE_API_KEY", key)
    with FakeLibre(api_key="another") as fake:
        result = draft_project(load_config(project), url=fake.url, concurrency=1)
    assert key in fake.keys_seen
    assert len(result.errors) == 2 and all("refused the API key" in e for e in result.errors)
    assert fake.requests <= 2  # stops at once, no retries against a bad key
    for path in project.rglob("*"):
        if path.is_file():
            assert key.encode() not in path.read_bytes(), path
    assert key not in repr(result)


def test_limit_and_dry_run(project: Path) -> None:
    with FakeLibre() as fake:
        dry = draft_project(load_config(project), url=fake.url, dry_run=True)
        assert fake.requests == 0 and fake.language_requests == 0
        assert not (project / ".tmflow").exists()
        fr = dry.languages["fr"]
        assert (fr.entries, fr.unique, fr.cached, fr.requests) == (5, 4, 0, 1)
        assert fr.characters == sum(
            len(t) for t in ["Hello world.", "Shared sentence.", "Empty fuzzy.", "Only in two."]
        )
        limited = draft_project(load_config(project), url=fake.url, limit=1)
        assert fake.texts == 2 and limited.drafted == 2
        dry = draft_project(load_config(project), url=fake.url, dry_run=True)
        assert dry.languages["fr"].unique == 3


def test_concurrency_is_used_and_bounded(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p", {"a": [entry(f"Sentence {i}.") for i in range(24)]}, languages=("fr",)
    )
    with FakeLibre(latency=0.05) as fake:
        draft_project(load_config(root), url=fake.url, concurrency=6, batch_size=1)
    assert 2 <= fake.max_in_flight <= 6
    assert fake.requests == 24 and set(fake.batches) == {1}


def test_progress_events(project: Path) -> None:
    events: list[ProgressEvent] = []
    with FakeLibre() as fake:
        draft_project(load_config(project), url=fake.url, progress=events.append)
    for lang in ("fr", "az"):
        mine = [e for e in events if e.language == lang]
        assert mine[0].done == 0 and mine[0].total == 4
        assert [e.done for e in mine] == sorted(e.done for e in mine)
        assert mine[-1].finished and mine[-1].done == 4


def test_glossary_missing_renderings_and_dnt_masking(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.steps.mt.test_protect import _Matcher

    root = make_project(
        project.parent / "g", {"a": [entry("The Khojaly genocide.")]}, languages=("fr",)
    )
    monkeypatch.setattr(
        draft_mod, "load_glossary_guard", lambda config, langs: GlossaryGuard(_Matcher())
    )
    with FakeLibre() as fake:
        draft_project(load_config(root), url=fake.url)
    assert list(fake.by_text) == ["The {1} genocide."]
    got = po_entries(root, "fr", "a")["The Khojaly genocide."]
    assert got.msgstr == "<fr> The Khojaly genocide."
    assert provenance.lines(got.tcomment) == [
        mt_line("libre", got),
        'glossary: missing "génocide" for "genocide"',
    ]


def test_a_file_edited_during_the_run_keeps_the_human_edit(project: Path) -> None:
    path = load_config(project).po_path("fr", "two")

    def translate(text: str, target: str) -> str:
        if target == "fr" and text == "Only in two.":
            # a reviewer saves a translation of this very entry while the request is out
            po = load_po(path)
            for e in po:
                if e.msgid == "Only in two.":
                    e.msgstr = "Seulement dans deux."
            save_po(po, path)
        return f"<{target}> {text}"

    with FakeLibre(translate=translate) as fake:
        result = draft_project(load_config(project), url=fake.url, batch_size=1, concurrency=1)
    now = po_entries(project, "fr", "two")
    assert now["Only in two."].msgstr == "Seulement dans deux."
    assert not now["Only in two."].flags and not now["Only in two."].tcomment
    assert now["Shared sentence."].msgstr == "<fr> Shared sentence."  # the other draft: saved
    assert "fuzzy" in now["Shared sentence."].flags
    fr = result.languages["fr"]
    assert (fr.drafted, fr.superseded, fr.left) == (4, 1, 0)  # the human's text won


def test_no_provider_is_a_clear_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"a": [entry("x")]}, languages=("fr",))
    (root / "tmflow.toml").write_text('languages = ["fr"]\n', "utf-8")
    with pytest.raises(ProviderError, match="no MT provider"):
        draft_project(load_config(root))


def test_pseudo_fills_everything_offline(project: Path) -> None:
    result = draft_project(load_config(project), provider="pseudo")
    assert result.drafted == 10 and result.requests == 2
    got = po_entries(project, "az", "one")["Hello world."]
    assert got.msgstr.startswith("⟦Ĥéĺĺó ŵóŕĺđ.") and "fuzzy" in got.flags
    assert provenance.lines(got.tcomment) == [mt_line("pseudo", got)]
    assert not (project / ".tmflow" / "mt-cache.sqlite3").exists()  # nothing worth caching


def test_cache_survives_reopening(tmp_path: Path) -> None:
    cache = MtCache(tmp_path / "c.sqlite3")
    cache.put("libre", "en", "fr", "Hello {1}", "Bonjour {1}")
    cache.close()
    again = MtCache(tmp_path / "c.sqlite3", readonly=True)
    assert again.get("libre", "en", "fr", "Hello {1}") == "Bonjour {1}"
    assert again.get("libre", "en", "az", "Hello {1}") is None
    assert again.get("google", "en", "fr", "Hello {1}") is None
    again.close()
    rows = sqlite3.connect(tmp_path / "c.sqlite3").execute("SELECT count(*) FROM mt").fetchone()
    assert rows == (1,)


GLOSSARY = """\
terms:
  - term: genocide
    fr: génocide
  - term: Khojaly
    fr:
      approved: Khodjaly
      forbidden: [Khojaly]
  - term: AZIMUT Hotel
    case-sensitive: true
    do-not-translate: true
"""


def test_real_glossary_masks_dnt_terms_and_names_missing_renderings(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {
            "a": [
                entry("Guests of the AZIMUT Hotel remembered the genocide."),
                entry("Khojaly is a town."),
                entry("The genocide was remembered."),
            ]
        },
        languages=("fr",),
    )
    (root / "glossary.yml").write_text(GLOSSARY, "utf-8")

    def translate(text: str, target: str) -> str:
        if text.startswith("Guests"):
            return text.replace("genocide", "génocide")
        return f"<{target}> {text}"

    with FakeLibre(translate=translate) as fake:
        result = draft_project(load_config(root), url=fake.url)
    assert result.errors == []
    assert "Guests of the {1} remembered the genocide." in fake.by_text  # DNT masked
    got = po_entries(root, "fr", "a")
    guests = got["Guests of the AZIMUT Hotel remembered the genocide."]
    assert guests.msgstr == "Guests of the AZIMUT Hotel remembered the génocide."
    assert provenance.lines(guests.tcomment) == [mt_line("libre", guests)]
    town = got["Khojaly is a town."]
    assert "fuzzy" in town.flags
    assert provenance.lines(town.tcomment) == [
        mt_line("libre", town),
        'glossary: forbidden "Khojaly" for "Khojaly"',
    ]
    remembered = got["The genocide was remembered."]
    assert provenance.lines(remembered.tcomment) == [
        mt_line("libre", remembered),
        'glossary: missing "genocide" (approved: "génocide")',
    ]


def test_configured_url_serves_the_configured_provider_only(tmp_path: Path) -> None:
    with FakeLibre() as fake:
        root = make_project(
            tmp_path / "p", {"a": [entry("Hello.")]}, languages=("fr",), mt=f'url = "{fake.url}"\n'
        )
        result = draft_project(load_config(root), provider="pseudo")
        assert result.drafted == 1 and fake.requests == 0  # pseudo did not get libre's URL
    other = make_project(
        tmp_path / "q",
        {"a": [entry("Hello.")]},
        languages=("fr",),
        mt='url = "http://127.0.0.1:9/"\n',
    )
    with FakeLibre() as fake:
        assert draft_project(load_config(other)).errors  # configured libre URL is used
        assert draft_project(load_config(other), url=fake.url).drafted == 1  # --url wins


# --- batches --------------------------------------------------------------------------------


def _sentences(root: Path, count: int, **kwargs: object) -> Path:
    return make_project(
        root,
        {"news": [entry(f"Sentence number {i} of the report.") for i in range(count)]},
        languages=("fr",),
        **kwargs,  # type: ignore[arg-type]
    )


def test_batches_within_the_engines_limits(tmp_path: Path) -> None:
    root = _sentences(tmp_path / "p", 40)
    with FakeLibre() as fake:
        result = draft_project(load_config(root), url=fake.url)
    assert sorted(fake.batches) == [8, 16, 16] and result.requests == 3
    assert result.drafted == 40


def test_batch_size_from_the_configuration_and_the_call(tmp_path: Path) -> None:
    root = _sentences(tmp_path / "p", 20, mt="batch-size = 6\n")
    with FakeLibre() as fake:
        draft_project(load_config(root), url=fake.url)
        assert sorted(fake.batches) == [2, 6, 6, 6]  # concurrent: in any order
        (root / ".tmflow" / "mt-cache.sqlite3").unlink()
        other = _sentences(tmp_path / "q", 20, mt="batch-size = 6\n")
        draft_project(load_config(other), url=fake.url, batch_size=20)
    assert sorted(fake.batches[4:]) == [4, 16]  # never more than the engine takes


def test_a_server_with_a_smaller_batch_limit_gets_smaller_batches(tmp_path: Path) -> None:
    root = _sentences(tmp_path / "p", 16)
    with FakeLibre(batch_limit=5) as fake:
        result = draft_project(load_config(root), url=fake.url)
    assert result.drafted == 16 and result.failed == 0 and result.errors == []
    assert fake.batches[0] == 16 and max(fake.batches[1:]) <= 8
    accepted = [n for n in fake.batches if n <= 5]
    assert sum(accepted) == 16  # every text went through once the batches fitted


def test_the_servers_character_limit_cuts_long_texts(tmp_path: Path) -> None:
    long = " ".join(f"Clause number {i} of a long sentence, and more." for i in range(6))
    root = make_project(tmp_path / "p", {"a": [entry(long)]}, languages=("fr",))
    with FakeLibre(char_limit=100) as fake:
        result = draft_project(load_config(root), url=fake.url)
    assert result.drafted == 1 and result.failed == 0
    assert all(len(t) <= 100 for t in fake.by_text) and len(fake.by_text) >= 3


# --- failures: classified, bounded, reported once ---------------------------------------------


@pytest.mark.parametrize(
    "action, reason",
    [
        ("500", "server error (HTTP 500: internal error)"),
        ("html", "unreadable answer (an HTML page, not JSON)"),
        ("drop", "connection dropped"),
    ],
)
def test_when_every_request_fails_the_engine_is_stopped_after_a_few(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str, reason: str
) -> None:
    monkeypatch.setattr(scheduler, "BACKOFF_BASE", 0.5)  # the real backoff
    root = _sentences(tmp_path / "p", 137)
    with FakeLibre(rule=lambda n, text: action) as fake:
        result = draft_project(load_config(root), url=fake.url, batch_size=1, concurrency=4)
    assert fake.requests <= 6 + 2 * 4  # not 137 segments times their retries
    assert result.elapsed < 10
    fr = result.languages["fr"]
    assert fr.error == f"stopped after 6 failed requests in a row (last: {reason})"
    assert not fr.error_config and fr.failed == 137 and result.drafted == 0
    assert result.errors == [f"libre fr: {fr.error}"]


def test_a_url_that_answers_404_is_not_retried(tmp_path: Path) -> None:
    root = _sentences(tmp_path / "p", 3)
    with FakeLibre() as fake:
        host = fake.url.split("/")[2]
        result = draft_project(load_config(root), url=fake.url + "nothing-here/", batch_size=1)
    assert fake.requests == 0  # 404s for every path but the API's; the first one stopped it
    assert result.errors == [f"libre fr: {host} answers HTTP 404: no libre service at this URL"]
    assert result.failed == 3 and not result.config_error


def test_a_retry_after_over_the_maximum_ends_the_run_quickly(tmp_path: Path) -> None:
    root = _sentences(tmp_path / "p", 3, mt="max-retry-after = 60\n")
    with FakeLibre(rule=lambda n, text: "429", retry_after="3600") as fake:
        result = draft_project(load_config(root), url=fake.url, limit=3)
    assert result.elapsed < 10 and fake.requests == 1
    assert result.languages["fr"].error == (
        "the server asked to wait 1 h (rate limited (HTTP 429: Too many request limits "
        "violations)), longer than max-retry-after (60 s); run 'tmflow draft' again later"
    )


def test_a_short_retry_after_is_shown_as_progress(tmp_path: Path) -> None:
    root = _sentences(tmp_path / "p", 3)
    events: list[ProgressEvent] = []
    with FakeLibre(schedule=["429"], retry_after="1") as fake:
        result = draft_project(load_config(root), url=fake.url, progress=events.append)
    waits = [e for e in events if e.waiting]
    assert waits and waits[0].waiting == 1.0
    assert waits[0].why == "rate limited (HTTP 429: Too many request limits violations)"
    assert result.drafted == 3 and result.elapsed >= 1.0
    del fake


# --- replies that are no translation ----------------------------------------------------------


def test_service_messages_are_rejected_not_cached_and_stop_the_engine(tmp_path: Path) -> None:
    root = _sentences(tmp_path / "p", 126)
    with FakeLibre(rule=lambda n, text: "service") as fake:
        result = draft_project(load_config(root), url=fake.url, batch_size=1, concurrency=1)
    fr = result.languages["fr"]
    assert fake.requests == 6 and result.drafted == 0  # not 126 drafts of a quota message
    reason = (
        'service message instead of a translation ("Error: daily quota exceeded. Please upg…")'
    )
    assert fr.rejections == {reason: 6} and fr.failed == 120
    assert fr.error == f"stopped after 6 failed requests in a row (last: {reason})"
    entries = po_entries(root, "fr", "news")
    rejected = [e for e in entries.values() if e.tcomment]
    assert len(rejected) == 6
    assert all(provenance.lines(e.tcomment) == [f"mt rejected: {reason}"] for e in rejected)
    assert all(not e.msgstr and "fuzzy" not in e.flags for e in entries.values())
    rows = sqlite3.connect(root / ".tmflow" / "mt-cache.sqlite3").execute(
        "SELECT count(*) FROM mt"
    )
    assert rows.fetchone() == (0,)


@pytest.mark.parametrize(
    "action, reason",
    [
        ("huge", "answer too large (6.0 MB; at most 257 kB expected)"),
        ("long", "reply much longer than the source (679 characters for 28)"),
        ("cyrillic", "reply in the wrong script (Cyrillic, expected Latin)"),
    ],
)
def test_garbage_replies_are_rejected_with_the_reason(
    tmp_path: Path, action: str, reason: str
) -> None:
    root = make_project(
        tmp_path / "p",
        {"a": [entry("The delegation visited Baku."), entry("Fine."), entry("Also fine.")]},
        languages=("fr",),
    )
    rule = lambda n, text: action if "delegation" in text else None  # noqa: E731
    with FakeLibre(rule=rule) as fake:
        result = draft_project(load_config(root), url=fake.url)
    got = po_entries(root, "fr", "a")
    bad = got["The delegation visited Baku."]
    assert bad.msgstr == "" and provenance.lines(bad.tcomment) == [f"mt rejected: {reason}"]
    assert got["Fine."].msgstr == "<fr> Fine." and got["Also fine."].msgstr == "<fr> Also fine."
    assert result.languages["fr"].rejected == 1 and result.drafted == 2
    assert (root / "locales" / "fr" / "a.po").stat().st_size < 10_000
    del fake
