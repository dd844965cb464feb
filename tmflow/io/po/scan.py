"""The status scanner: segments and source words of a PO file by state, without polib objects.

``status`` must be fast on trees of tens of thousands of PO files, and a full parse into
``polib.POEntry`` objects costs far more than reading the bytes. ``scan_bytes`` tries four
readers, each exact on what it accepts and handing the rest on (``lexer.HandOff``):

0. ``count_tiles.count_tiles``: the usual file, its live entries matched all at once (plural
   ones too), then ``count_blocks.count_blocks`` for the obsolete entries;
1. ``count_blocks.count_run``: the run of canonical live entries, one regular expression;
   then ``count_blocks.count_blocks`` for the blocks after it (the obsolete entries);
2. ``count_lines.count_lines``: any layout within a strict subset of PO syntax;
3. the full parser (``load_po``) and ``provenance.classify`` (``full_counts``): the reference
   the others agree with, and the reporter of every error.

Every reader gathers the facts of an entry's state and looks the state up in
``provenance.STATE_BY_FACTS``. Words are counted by pocount's rule (``words.count_words``).
The tests compare the readers with ``full_counts`` on corpora of normal and malformed files.
"""

from __future__ import annotations

from pathlib import Path

from tmflow.io.po.count_blocks import count_run
from tmflow.io.po.count_lines import count_lines
from tmflow.io.po.count_tiles import count_tiles
from tmflow.io.po.counts import TITLE_MAX, FileStats, NeedsCharset
from tmflow.io.po.lexer import HandOff, NeedsFullParse, NeedsLineReader
from tmflow.io.po.words import count_words


def full_counts(path: Path) -> FileStats:
    """Counts through the full parser (the reference the fast readers agree with); a file it
    cannot read gives its error."""
    # imported here: the status workers never load polib unless a file needs it
    from tmflow.core.errors import TmflowError
    from tmflow.core.provenance import classify
    from tmflow.io.po.reader import load_po

    stats = FileStats()
    try:
        po = load_po(path)
    except TmflowError as err:
        stats.error = (err.message, err.line)
        return stats
    stats.language = po.metadata.get("Language")
    for entry in po:
        words = count_words(entry.msgid)
        if entry.msgid_plural:
            words += count_words(entry.msgid_plural)
        state = classify(entry).value
        stats.add(state, words)
        if stats.title is None and state != "obsolete":
            target = (
                entry.msgstr_plural[min(entry.msgstr_plural)]
                if entry.msgid_plural
                else entry.msgstr
            )
            stats.title = (
                entry.msgid[:TITLE_MAX],
                target[:TITLE_MAX] if state == "translated" else "",
            )
    return stats


def scan_bytes(
    raw: bytes, path: Path | str, words_cache: dict[str, int] | None = None
) -> FileStats:
    """Counts of the PO file ``path`` whose bytes are ``raw``. ``words_cache`` (raw msgid →
    words) may be shared by the files of an article."""
    cache = words_cache if words_cache is not None else {}
    try:
        try:
            text = (raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw).decode("utf-8")
        except UnicodeDecodeError:
            return _other_charset(raw, path, cache)
        try:
            return count_tiles(text, cache)
        except NeedsLineReader:
            pass
        try:
            return count_run(text, cache)
        except NeedsLineReader:
            return count_lines(text, cache)
    except NeedsCharset:
        return _other_charset(raw, path, cache)
    except (NeedsFullParse, ValueError):
        return full_counts(Path(path))


def _other_charset(raw: bytes, path: Path | str, words_cache: dict[str, int]) -> FileStats:
    """Counts of a file whose header names a charset other than UTF-8: its text decoded as
    ``load_po`` decodes it (``charset.decode_po``), read by the fastest reader (which checks
    that the header names that charset), else by the full parser."""
    from tmflow.core.errors import TmflowError
    from tmflow.io.po.charset import codec_name, declared_charset, decode_po

    try:
        text = decode_po(raw, path)
        codec = codec_name(declared_charset(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw))
    except (TmflowError, LookupError):
        return full_counts(Path(path))  # the error, as load_po gives it
    if codec == "utf-8":
        return full_counts(Path(path))
    try:
        return count_tiles(text, words_cache, codec)
    except (HandOff, ValueError):
        return full_counts(Path(path))


def scan_file(path: Path | str, words_cache: dict[str, int] | None = None) -> FileStats:
    """Counts of one PO file; never raises for bad content (see ``FileStats.error``)."""
    from tmflow.core.errors import InputError
    from tmflow.io.files import read_bytes

    try:
        raw = read_bytes(path, "PO file")
    except InputError:  # missing, a link out of the project, a FIFO…: the error, as counts
        return full_counts(Path(path))
    return scan_bytes(raw, path, words_cache)
