"""The git merge driver through real ``git merge`` runs in temporary repositories: set-up by
``init --git``, clean merges of two translators' work where git's line merge conflicts, conflict
entries and git's exit status, the fallback for a file that is not PO, and a property test of
random edits on two branches (one of them also updating from an edited source with
``tmflow update``).

Property test settings: one fixed example (both branches translate the same entry, one also
updates from an edited source) and 2 random ones; each makes a repository with two PO files,
commits on two branches and merges them both ways, so git runs the driver four times
(measured: 8 s for the three on the 2-core development machine at a load average of 8; the
cost is process starts, not the merge). The same properties run on 150 examples in process in
``tests/steps/merge/test_threeway_property.py``.
"""

from __future__ import annotations

import os
import random
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.cli.gitrepo import Repo, isolate_git, make_project
from tests.conftest import invoke
from tests.steps.merge.merge_props import OPS, SENTENCES, apply_op, check_merge, normal
from tmflow.core import provenance
from tmflow.io.po.reader import parse_po
from tmflow.io.po.writer import dumps_po

isolate_git()

FR = "locales/fr/news.po"
RU = "locales/ru/news.po"


def edit_po(repo: Repo, rel: str, changes: dict[str, str], date: str | None = None) -> None:
    """Translate entries (msgid → msgstr) as a PO editor saves them (canonical layout)."""
    po = parse_po(repo.read(rel), rel)
    for e in po:
        if e.msgid in changes:
            e.msgstr = changes[e.msgid]
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
    if date is not None:
        po.metadata["PO-Revision-Date"] = date
    repo.write(rel, dumps_po(po))


def msgfmt_ok(path: Path) -> None:
    done = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------------------------------------
# set-up


def test_init_git_registers_the_driver_once_and_writes_gitattributes(tmp_path: Path) -> None:
    repo = make_project(tmp_path / "p", SENTENCES[:3])
    driver = repo.git("config", "--local", "--get", "merge.tmflow.driver").stdout.strip()
    assert driver.endswith("-m tmflow merge-driver %O %A %B %P")
    attributes = repo.read(".gitattributes")
    assert "*.po merge=tmflow\n" in attributes and "*.pot merge=tmflow\n" in attributes
    check = repo.git("check-attr", "merge", "--", FR).stdout
    assert check.strip().endswith("merge: tmflow")
    again = repo.tmflow("init", "--git")
    assert again.code == 0, again.output
    assert "already registered" in again.stdout and "nothing scaffolded" in again.stdout
    assert repo.read(".gitattributes") == attributes  # idempotent: nothing added twice


def test_init_git_adds_to_an_existing_gitattributes(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    repo.git("init", "-q", "-b", "main")
    repo.write(".gitattributes", "*.png binary")  # no final line break
    result = repo.tmflow("init", "--git", "-l", "fr")
    assert result.code == 0, result.output
    text = repo.read(".gitattributes")
    assert text.startswith("*.png binary\n") and text.endswith("*.pot merge=tmflow\n")


def test_init_git_outside_a_repository_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke("init", "--git", str(tmp_path / "p"), cwd=tmp_path)
    assert result.code == 2
    assert "is not inside a git repository" in result.stderr
    assert not (tmp_path / "p").exists()  # nothing scaffolded


def test_without_git_on_path_the_error_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = invoke("init", "--git", str(tmp_path), cwd=tmp_path)
    assert result.code == 2
    assert "git is not installed or not on PATH" in result.stderr


# ---------------------------------------------------------------------------------------------
# merges


def _two_translators(repo: Repo) -> None:
    """Two branches finish neighbouring sentences, each with their own revision date."""
    repo.git("checkout", "-q", "-b", "other")
    edit_po(repo, FR, {SENTENCES[1]: "Des centaines de personnes."}, "2026-03-02 11:00+0000")
    repo.commit("other: sentence 2")
    repo.git("checkout", "-q", "main")
    edit_po(repo, FR, {SENTENCES[0]: "La cérémonie a eu lieu."}, "2026-03-02 10:00+0000")
    repo.commit("main: sentence 1")


def test_git_s_line_merge_conflicts_where_the_driver_merges_cleanly(tmp_path: Path) -> None:
    plain = make_project(tmp_path / "plain", SENTENCES[:4], driver=False)
    _two_translators(plain)
    assert plain.git("merge", "-q", "other", check=False).returncode != 0
    assert "<<<<<<<" in plain.read(FR)

    repo = make_project(tmp_path / "driver", SENTENCES[:4])
    _two_translators(repo)
    done = repo.git("merge", "-q", "--no-edit", "other", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    po = parse_po(repo.read(FR), FR)
    assert {e.msgid: e.msgstr for e in po}[SENTENCES[0]] == "La cérémonie a eu lieu."
    assert {e.msgid: e.msgstr for e in po}[SENTENCES[1]] == "Des centaines de personnes."
    assert po.metadata["PO-Revision-Date"] == "2026-03-02 11:00+0000"
    assert dumps_po(po) == repo.read(FR)
    msgfmt_ok(repo.root / FR)


def test_differing_translations_are_conflict_entries_and_git_stops(tmp_path: Path) -> None:
    repo = make_project(tmp_path / "p", SENTENCES[:3])
    repo.git("checkout", "-q", "-b", "other")
    edit_po(repo, FR, {SENTENCES[0]: "Texte de l'autre branche."})
    repo.commit("other")
    repo.git("checkout", "-q", "main")
    edit_po(repo, FR, {SENTENCES[0]: "Notre texte."})
    repo.commit("main")
    done = repo.git("merge", "-q", "other", check=False)
    assert done.returncode != 0
    assert f"{FR}:" in done.stderr and "1 conflict entry to review" in done.stderr
    assert "<<<<<<<" not in repo.read(FR)  # the file parses: a conflict entry, no markers
    po = parse_po(repo.read(FR), FR)
    first = next(e for e in po if e.msgid == SENTENCES[0])
    assert first.msgstr == "Notre texte." and provenance.is_conflict(first)
    assert provenance.conflict_texts(first.tcomment) == [(None, "Texte de l'autre branche.")]
    msgfmt_ok(repo.root / FR)
    # the gate reports it until a reviewer chooses
    check = repo.tmflow("check", "--only", "merge-conflict")
    assert check.code == 1 and "error [merge-conflict]" in check.stdout
    edit_po(repo, FR, {SENTENCES[0]: "Texte de l'autre branche."})  # chosen, fuzzy cleared
    assert repo.tmflow("check", "--only", "merge-conflict").code == 0
    # and build never published the conflict entry's text meanwhile (it was fuzzy)


def test_a_version_that_is_not_po_is_left_to_git_s_line_merge(tmp_path: Path) -> None:
    repo = make_project(tmp_path / "p", SENTENCES[:2])
    repo.git("checkout", "-q", "-b", "other")
    repo.write(FR, repo.read(FR).replace('msgstr ""', 'msgstr "broken', 1))
    repo.commit("other: a broken file")
    repo.git("checkout", "-q", "main")
    edit_po(repo, FR, {SENTENCES[0]: "Texte."})
    repo.commit("main")
    done = repo.git("merge", "-q", "other", check=False)
    assert done.returncode != 0
    assert "news.po (theirs):2: unterminated string" in done.stderr
    assert "merged line by line by git instead" in done.stderr
    # git's line merge was clean, but its result carries the broken line: git stops
    assert f"{FR}:2: unterminated string: the merged file is not valid PO" in done.stderr
    assert 'msgstr "broken' in repo.read(FR) and "Texte." in repo.read(FR)


def test_the_driver_command_line_merges_files_outside_git(tmp_path: Path) -> None:
    base = (tmp_path / "base.po", 'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\n')
    ours = (tmp_path / "ours.po", 'msgid "a"\nmsgstr "A"\n\nmsgid "b"\nmsgstr ""\n')
    theirs = (tmp_path / "theirs.po", 'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr "B"\n')
    for path, text in (base, ours, theirs):
        path.write_text(text, "utf-8")
    result = invoke("merge-driver", base[0], ours[0], theirs[0], "x.po", cwd=tmp_path)
    assert result.code == 0, result.output
    merged = ours[0].read_text("utf-8")
    assert 'msgid "a"\nmsgstr "A"' in merged and 'msgid "b"\nmsgstr "B"' in merged


# ---------------------------------------------------------------------------------------------
# the property, through git


# few entries and several edits each: both branches often touch the same entry
EDITS = st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 3)), max_size=6)


def _edit(repo: Repo, rel: str, edits: list[tuple[str, int]], name: str, hour: str) -> None:
    po = parse_po(repo.read(rel), rel)
    for step, (op, n) in enumerate(edits):
        apply_op(po, op, n, f"{name}{step}")
    po.metadata["PO-Revision-Date"] = f"2026-03-02 {hour}:00+0000"
    po.metadata["Last-Translator"] = f"{name} <{name}@example.org>"
    repo.write(rel, dumps_po(po))


def _merge(repo: Repo, into: str, other: str) -> tuple[int, dict[str, str]]:
    repo.git("checkout", "-q", "-B", f"into-{into}", into)
    done = repo.git("merge", "-q", "--no-edit", other, check=False)
    texts = {rel: repo.read(rel) for rel in (FR, RU)}
    repo.git("reset", "-q", "--hard")
    return done.returncode, texts


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(0, 2**32 - 1),
    base_edits=EDITS,
    ours_edits=EDITS,
    theirs_edits=EDITS,
    source_update=st.booleans(),
)
@example(  # both translate the first entry; theirs also updates from an edited source
    seed=1,
    base_edits=[("translate", 1)],
    ours_edits=[("translate", 0), ("draft", 2), ("edit", 1)],
    theirs_edits=[("translate", 0), ("fuzzy", 1), ("translate", 2)],
    source_update=True,
)
def test_random_branches_merged_by_git_lose_no_translation(
    seed: int,
    base_edits: list[tuple[str, int]],
    ours_edits: list[tuple[str, int]],
    theirs_edits: list[tuple[str, int]],
    source_update: bool,
) -> None:
    rng = random.Random(seed)
    sentences = rng.sample(SENTENCES, rng.randint(3, 6))
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_project(Path(tmp) / "p", sentences)
        for rel in (FR, RU):
            _edit(repo, rel, base_edits, "base", "09")
        repo.commit("base translations")
        repo.git("checkout", "-q", "-b", "theirs")
        for rel in (FR, RU):
            _edit(repo, rel, theirs_edits, "theirs", "11")
        if source_update:  # an edited, a removed and an added sentence, then update
            edited = [
                s.replace(".", " yesterday.") if i == 0 else s for i, s in enumerate(sentences)
            ]
            edited = edited[:-1] + ["A new sentence was added."]
            repo.write("sources/news.txt", "\n\n".join(edited) + "\n")
            for command in ("extract", "update"):
                result = repo.tmflow(command)
                assert result.code == 0, result.output
        repo.commit("theirs")
        repo.git("checkout", "-q", "main")
        for rel in (FR, RU):
            _edit(repo, rel, ours_edits, "ours", "10")
        repo.commit("ours")

        code_ab, into_main = _merge(repo, "main", "theirs")
        code_ba, into_theirs = _merge(repo, "theirs", "main")
        for rel in (FR, RU):
            base = parse_po(repo.show("main~1", rel), rel)
            ours = parse_po(repo.show("main", rel), rel)
            theirs = parse_po(repo.show("theirs", rel), rel)
            one = check_merge(into_main[rel], base, ours, theirs)
            other = check_merge(into_theirs[rel], base, theirs, ours)
            assert normal(one) == normal(other), rel
            path = Path(tmp) / "merged.po"
            path.write_text(into_main[rel], "utf-8")
            msgfmt_ok(path)
        conflicts = [
            e
            for text in into_main.values()
            for e in parse_po(text, "m.po")
            if provenance.is_conflict(e)
        ]
        assert (code_ab != 0) == bool(conflicts) == (code_ba != 0)
