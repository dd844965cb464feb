"""The files of a merge: git's merge driver (``tmflow merge-driver``) and the recovery of a file
git already merged line by line (``tmflow resolve``). The rules are those of
``tmflow.steps.merge.threeway``; this module reads the versions, writes the result atomically
and, for a version that is not a PO file at all, leaves the file to git's own line merge (what
git does without a driver), so the driver never does worse than git.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tmflow.core.errors import InputError, PoSyntaxError
from tmflow.io import git
from tmflow.io.files import decode_utf8, read_bytes, write_atomic
from tmflow.io.po.reader import load_po
from tmflow.steps.merge.threeway import Conflict, merge_texts, split_conflicted

SIDES = ("base", "ours", "theirs")


@dataclass
class DriverResult:
    """What the merge driver did to one file."""

    conflicts: list[Conflict] = field(default_factory=list)  # conflict entries written
    fallback: str | None = None  # why git's line merge was used instead (a version's error)
    line_conflicts: int = 0  # conflicts git's line merge left (fallback only)
    broken: str | None = None  # git's line merge is clean but its result does not parse

    @property
    def unresolved(self) -> int:
        return len([c for c in self.conflicts if not c.obsolete]) + self.line_conflicts

    @property
    def clean(self) -> bool:
        """git's contract: exit 0 for a clean merge, non-zero when something is left to do
        (conflicts, or a result that is not a valid PO file)."""
        return self.unresolved == 0 and self.broken is None


def merge_files(base: Path, ours: Path, theirs: Path, name: str | None = None) -> DriverResult:
    """Merge ``theirs`` into ``ours`` with ``base`` as their common ancestor, writing the result
    to ``ours`` (git's ``%O %A %B``; ``name``, git's ``%P``, names the file in messages)."""
    label = name or str(ours)
    labels = (f"{label} (base)", f"{label} (ours)", f"{label} (theirs)")
    try:
        texts = [
            decode_utf8(read_bytes(path, "PO file"), lab)
            for path, lab in zip((base, ours, theirs), labels)
        ]
        merged = merge_texts(texts[0], texts[1], texts[2], labels)
    except InputError as err:  # not PO (or not UTF-8): git's own line merge, as without us
        left = git.merge_file(
            ours.resolve(), base.resolve(), theirs.resolve(), ("ours", "base", "theirs")
        )
        broken = None
        if not left:
            try:
                load_po(ours, require_header=False)
            except InputError as still:
                broken = f"{label}:{still.line or 1}: {still.message}"
        return DriverResult(fallback=str(err), line_conflicts=left, broken=broken)
    write_atomic(ours, merged.text)
    return DriverResult(merged.conflicts)


@dataclass
class ResolveResult:
    path: Path
    regions: int = 0  # git conflicts found in the file (0: nothing to resolve)
    conflicts: list[Conflict] = field(default_factory=list)  # conflict entries written
    with_base: bool = False  # every region showed the base (diff3 style)


def resolve_file(path: Path) -> ResolveResult:
    """Turn a PO/POT file with git conflict markers into a valid file by the entry-level rules:
    ours and theirs are the two versions the markers show (with the base when every region
    shows it), merged as the driver merges them. A file without markers is left alone."""
    text = decode_utf8(read_bytes(path, "PO file"), path)
    split = split_conflicted(text, path)
    if split is None:
        return ResolveResult(path)
    base = split.base
    while True:
        try:
            merged = merge_texts(base, split.ours, split.theirs, SIDES)
            break
        except PoSyntaxError as err:
            side = str(err.path) if err.path is not None else ""
            if side == "base" and base is not None:
                base = None  # the base pieces alone do not make a file: merge without it
                continue
            where = split.lines.get(side, [])
            line = where[err.line - 1] if err.line and 0 < err.line <= len(where) else err.line
            version = {"ours": "our version", "theirs": "their version"}.get(side, side)
            raise PoSyntaxError(
                f"{err.message} (in {version} of the conflicted lines; fix it by hand, then "
                "run 'tmflow resolve' again)",
                path,
                line,
            ) from None
    write_atomic(path, merged.text)
    return ResolveResult(path, split.conflicts, merged.conflicts, base is not None)


def has_markers(path: Path) -> bool:
    """Whether a file holds git conflict markers (cheap: a byte search first)."""
    raw = read_bytes(path, "PO file")
    if b"<<<<<<<" not in raw:
        return False
    try:
        return split_conflicted(decode_utf8(raw, path), path) is not None
    except PoSyntaxError:
        return True
