"""Source edits through ``tmflow sync``: a typo is ``spelling``, the receipt's summary reads
``class count``, an entry fuzzy already is not counted again, and a source edited back loses
its ``#|`` line."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import invoke
from tmflow.core import provenance
from tmflow.io.po.reader import load_po
from tmflow.io.po.writer import save_po

ARTICLE = """The talks resume on Tuesday in Geneva.

The delegation arrived in Moskow on 3 March.

Officials expect 40 delegates and 12 observers.

The ministers met the press.
"""


def make_project(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "tmflow.toml").write_text('source-language = "en"\nlanguages = ["fr"]\n', "utf-8")
    (root / "sources" / "talks.txt").write_text(ARTICLE, "utf-8")
    return root


def review_everything(path: Path) -> None:
    po = load_po(path)
    for entry in po:
        entry.msgstr = "FR " + entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    save_po(po, path)


def entries(path: Path) -> dict[str, object]:
    return {e.msgid: e for e in load_po(path) if not e.obsolete}


def test_a_typo_is_spelling_and_fixing_it_again_is_not_a_second_fuzzy(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert invoke("sync", "--no-draft", cwd=project).code == 0
    po_path = project / "locales" / "fr" / "talks.po"
    review_everything(po_path)
    source = project / "sources" / "talks.txt"
    source.write_text(ARTICLE.replace("Tuesday", "Tuesdy"), "utf-8")

    typo = invoke("sync", "--no-draft", cwd=project)
    assert typo.code == 0, typo.output
    assert "fr: 3 translated, 1 became fuzzy" in typo.stdout
    assert "source edits: spelling 1" in typo.stdout
    entry = entries(po_path)["The talks resume on Tuesdy in Geneva."]
    assert provenance.lines(entry.tcomment) == ["source changed: spelling (Tuesday → Tuesdy)"]
    assert entry.previous_msgid == "The talks resume on Tuesday in Geneva."

    source.write_text(ARTICLE, "utf-8")  # the typo fixed again
    fixed = invoke("sync", "--no-draft", cwd=project)
    assert fixed.code == 0, fixed.output
    assert "became fuzzy" not in fixed.stdout  # it was fuzzy already
    assert "fr: 3 translated, 1 still fuzzy" in fixed.stdout
    assert "source edits: reverted 1" in fixed.stdout
    entry = entries(po_path)["The talks resume on Tuesday in Geneva."]
    assert "fuzzy" in entry.flags  # a reviewer confirms it
    assert entry.previous_msgid is None  # no "#|" equal to the msgid
    assert "#| msgid" not in po_path.read_text("utf-8")
    assert provenance.lines(entry.tcomment) == ["source changed: reverted"]


def test_the_summary_gives_each_class_with_its_count(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert invoke("sync", "--no-draft", cwd=project).code == 0
    po_path = project / "locales" / "fr" / "talks.po"
    review_everything(po_path)
    edited = (
        ARTICLE.replace("Moskow on 3 March", "Moscow on 4 March")
        .replace("40 delegates and 12", "41 delegates and 13")
        .replace("met the press", "met Leyla Aliyeva")
    )
    (project / "sources" / "talks.txt").write_text(edited, "utf-8")
    result = invoke("sync", "--no-draft", cwd=project)
    assert result.code == 0, result.output
    assert "fr: 1 translated, 3 became fuzzy" in result.stdout
    # counts apart from labels, one unambiguous name per class, in the order of the names
    assert "source edits: names 1, numbers 2, spelling 1" in result.stdout
    got = entries(po_path)
    assert provenance.lines(got["The delegation arrived in Moscow on 4 March."].tcomment) == [
        "source changed: spelling, numbers (Moskow → Moscow; 3 → 4)"
    ]
