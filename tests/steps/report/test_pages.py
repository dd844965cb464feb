"""What the HTML pages share: states, escaping, links to files, the line saying when and from
which commit a page was made, the policy that lets only the page's own script run."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from tmflow.io.git import Head
from tmflow.steps.report import pages
from tmflow.steps.report.status import Counts

HEAD = Head("0123456789abcdef" * 2 + "01234567", False, Path("/repo"))


def test_states_are_the_report_states_in_the_order_of_the_counts() -> None:
    c = Counts(translated=1, mt=2, tm=3, changed=4, fuzzy_other=5, untranslated=6)
    assert [s.key for s in pages.STATES] == [key for key, _n in c.by_state()]
    assert [n for _key, n in c.by_state()] == [1, 2, 3, 4, 5, 6]
    colours = [s.colour for s in pages.STATES]
    assert len(set(colours)) == len(colours)  # "source changed" is not the MT orange
    assert pages.STYLE["changed"].colour != pages.STYLE["mt"].colour
    assert "repeating-linear-gradient" in pages.state_css()  # and striped, for print and eyes


def test_an_unknown_state_gets_a_style_with_its_own_name() -> None:
    style = pages.style_of("retired")
    assert style.key == "other" and style.label == "retired"
    assert pages.style_of("copied").label == "copied"
    assert pages.style_of("conflict").label == "merge conflict"


def test_escaping_follows_the_display_rules() -> None:
    assert pages.esc1('<a href="x">\x1b[31m\n') == "&lt;a href=&quot;x&quot;&gt;\\x1b[31m\\x0a"
    assert pages.esc("line\nbreak & 'q'") == "line\nbreak &amp; &#x27;q&#x27;"
    name = os.fsdecode(b"caf\xe9")  # a file name that is not UTF-8
    assert pages.esc1(name) == "caf\\xe9"
    assert pages.html_lang("pt_BR") == "pt-BR"
    assert pages.html_lang("sr@latin") == "sr"
    assert pages.html_lang('x"><script>') == "und"
    assert pages.direction("ar") == "rtl" and pages.direction("fr") == "ltr"


def test_made_line_says_when_by_what_and_from_which_commit() -> None:
    when = datetime(2026, 2, 27, 9, 30, tzinfo=UTC)
    clean = pages.PageInfo(when, HEAD).html()
    assert "2026-02-27 09:30 UTC" in clean and 'datetime="2026-02-27T09:30:00+00:00"' in clean
    assert f'title="{HEAD.commit}">{HEAD.commit[:12]}</code>' in clean
    assert "uncommitted" not in clean
    dirty = pages.PageInfo(when, Head(HEAD.commit, True, HEAD.toplevel)).html()
    assert "with uncommitted changes" in dirty
    assert "not from a git commit" in pages.PageInfo(when, None).html()


def test_file_links_are_relative_encoded_and_never_a_scheme(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    links = pages.FileLinks(root / "review" / "fr", root)
    assert links.href(root / "locales" / "fr" / "a b.po") == "./../../locales/fr/a%20b.po"
    assert links.shown(root / "locales" / "fr" / "a.po") == "locales/fr/a.po"
    same = pages.FileLinks(root / "locales" / "fr", root)
    href = same.href(root / "locales" / "fr" / "javascript:alert(1).po")
    assert href == "./javascript%3Aalert%281%29.po"
    odd = root / "locales" / "fr" / os.fsdecode(b"caf\xe9.po")
    assert same.href(odd) == "./caf%E9.po"  # the bytes of the name on disk
    assert links.web(root / "locales" / "fr" / "a.po") is None  # no pattern configured


def test_web_links_fill_ref_and_the_path_in_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    head = Head(HEAD.commit, False, repo)
    links = pages.FileLinks(
        repo / "site", repo / "site", "https://git.example/o/r/blob/{ref}/{path}", head
    )
    po = repo / "site" / "locales" / "ar" / "news #1.po"
    assert links.web(po) == (
        f"https://git.example/o/r/blob/{HEAD.commit}/site/locales/ar/news%20%231.po"
    )
    assert links.web(po, 17).endswith("news%20%231.po#L17")  # type: ignore[union-attr]
    assert links.web(tmp_path / "elsewhere.po") is None  # not in the repository
    without_commit = pages.FileLinks(repo, repo, "https://h/{ref}/{path}", None)
    assert without_commit.web(po) is None


def test_only_the_pages_own_script_is_allowed() -> None:
    script = "document.body.dataset.ran='1';"
    page = pages.head("t", "", script) + pages.tail(script)
    policy = re.search(r'Content-Security-Policy" content="([^"]*)"', page).group(1)  # type: ignore[union-attr]
    assert "default-src &#x27;none&#x27;" in policy
    assert f"script-src &#x27;{pages.script_hash(script)}&#x27;" in policy
    assert "unsafe-inline&#x27;; " in policy and "script-src &#x27;unsafe" not in policy
    assert page.count("<script>") == 1
    assert "script-src" not in pages.head("t", "")  # no script: none allowed at all
