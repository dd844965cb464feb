"""A streaming PO scanner: counts entries and words by state without building polib objects.

``status`` must be fast on trees of tens of thousands of PO files, and a full parse into
``polib.POEntry`` objects costs far more than reading the bytes. This module walks the lines
of a file once, keeps only what the state of an entry depends on (fuzzy flag, provenance kinds
in translator comments, ``#| msgid``, whether every msgstr is filled, obsolete) and the msgid
for the word count, and adds the entry to a :class:`FileStats`.

Exactness by construction: the fast path accepts only a strict subset of the PO syntax that
``tmflow.io.po.reader.parse_po`` accepts — the usual order of comment lines, ``msgctxt``,
``msgid``, ``msgid_plural``, ``msgstr``/``msgstr[N]`` and continuation strings. On anything
else (an unknown line, a keyword out of order, a duplicate, a missing header, a charset other
than UTF-8, an odd escape) it gives up on the file and counts it with ``load_po`` +
``tmflow.core.provenance.classify``, which either yields the exact same counts or raises the
exact same error. The tests compare both paths on corpora of normal and malformed files.

The checks read files with ``read_light``: the same strict subset, all live entries matched
at once by one regular expression (strings matched loosely, the rare ones with a backslash or
a quote inside checked exactly), into ``LightEntry`` objects that carry what the checks read,
the entry's state, and a line number worked out only when asked. ``read_keys`` gives only the
(msgctxt, msgid) pairs, for a template. Whatever they do not take goes to ``load_po``.

Word counting rule (Translate Toolkit's ``pocount``, so the figures agree with it): words are
counted in the source text (msgid, plus msgid_plural for plural entries) whatever the state —
"words to translate". Before counting, ``<br>``/``<br/>`` become a line break, XML/HTML tags
are removed, and every ``X.Y`` where neither X nor Y is a digit becomes a space (so "U.S." and
"example.com" count as pocount counts them). The words are then the Unicode (UAX #29) word
segments that hold at least one letter or digit, from the same segmentation library pocount
uses (``unicode_segmentation_rs``): "don't", "3.14" and "1,000" are one word each, "e-mail"
two, and every Han ideograph is a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unicode_segmentation_rs import unicode_words

from tmflow.core.model import EntryState
from tmflow.core.provenance import draft_state
from tmflow.io.po.escape import InvalidEscape, unescape

STATES: tuple[str, ...] = (
    EntryState.TRANSLATED.value,
    EntryState.DRAFT_MT.value,
    EntryState.DRAFT_TM.value,
    EntryState.SOURCE_CHANGED.value,
    EntryState.FUZZY.value,
    EntryState.UNTRANSLATED.value,
    EntryState.OBSOLETE.value,
)

_BR_RE = re.compile(r"<br\s*?/?>")
_XMLTAG_RE = re.compile(
    r"""
        <([\w.:]+)(\s([\w.:]+=((".*?")|('.*?')))?)*/?>
        |</([\w.]+)>
    """,
    re.VERBOSE,
)
_NUMBER_RE = re.compile(r"\D\.\D")
_VALID_STRING_RE = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*$')
TITLE_MAX = 100
_CHARSET_RE = re.compile(r"charset=([^\s;\\]+)")


def count_words(text: str) -> int:
    """Words in ``text`` by pocount's rule (see the module docstring)."""
    if not text:
        return 0
    if "<" in text:
        text = _BR_RE.sub("\n", text)
        text = _XMLTAG_RE.sub("", text)
    if "." in text[:-1]:  # a final "." has nothing after it: no match (sentences end so)
        text = _NUMBER_RE.sub(" ", text)
    return len(unicode_words(text))


@dataclass
class FileStats:
    """Counts of one PO file: segments and source words per state (see ``STATES``).

    ``error`` is set (and the counts empty) when the file cannot be read as PO; it holds
    ``(message, line)``.
    """

    segments: dict[str, int] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)
    language: str | None = None
    error: tuple[str, int | None] | None = None
    # the first live entry: its source and, when translated, its translation (the headline of
    # an article, shown by status reports); cut to TITLE_MAX characters
    title: tuple[str, str] | None = None

    def add(self, state: str, words: int) -> None:
        self.segments[state] = self.segments.get(state, 0) + 1
        self.words[state] = self.words.get(state, 0) + words

    def to_json(self) -> list[Any]:
        """A compact JSON form (the stats cache holds one per file)."""
        return [
            [self.segments.get(s, 0) for s in STATES],
            [self.words.get(s, 0) for s in STATES],
            self.language,
            list(self.error) if self.error else None,
            list(self.title) if self.title else None,
        ]

    @classmethod
    def from_json(cls, data: list[Any]) -> FileStats:
        segs, words, language, err, title = data
        return cls(
            {s: n for s, n in zip(STATES, segs) if n},
            {s: n for s, n, k in zip(STATES, words, segs) if k},
            language,
            (err[0], err[1]) if err else None,
            (title[0], title[1]) if title else None,
        )


class _Fallback(Exception):
    """The fast path met something it does not handle; parse the file fully instead."""


def _unescape(body: str) -> str:
    """``poescape.unescape``, but an escape ``parse_po`` rejects sends the file to the full
    parse, which reports it."""
    if "\\" not in body:
        return body  # the common case, without the call
    try:
        return unescape(body)
    except InvalidEscape:
        raise _Fallback from None


def _body(s: str) -> str:
    """The raw (escaped) body of a quoted string ``s`` (already stripped)."""
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise _Fallback
    body = s[1:-1]
    if '"' in body or "\\" in body:
        match = _VALID_STRING_RE.match(s)
        if match is None:
            raise _Fallback
        body = match.group(1)
        if "\\" in body:
            _unescape(body)  # validates the escapes
    return body


# entry stages
_COMMENTS, _CTXT, _ID, _PLURAL, _STR = 0, 1, 2, 3, 4


def _scan_text(text: str, words_cache: dict[str, int]) -> FileStats:
    stats = FileStats()
    seen: set[tuple[str | None, str]] = set()
    header_seen = False

    # state of the current entry
    stage = _COMMENTS
    has_comment = False
    fuzzy = False
    tm = mt = changed = False
    previous = False
    obsolete: bool | None = None
    ctxt: list[str] | None = None
    msgid: list[str] = []
    plural: list[str] | None = None
    strs: dict[int, list[str]] = {}
    current: list[str] | None = None
    plain_msgstr = False

    def finish() -> None:
        nonlocal header_seen
        if stage == _COMMENTS:
            if has_comment:
                raise _Fallback
            return
        if stage != _STR:
            raise _Fallback
        raw_id = "".join(msgid)
        raw_ctxt = "".join(ctxt) if ctxt is not None else None
        if raw_id == "" and raw_ctxt is None and not obsolete:
            if header_seen:
                raise _Fallback
            header_seen = True
            _header(stats, "".join(strs[-1]) if plain_msgstr else "")
            return
        if not obsolete:
            # duplicates are told apart by the text (escapes written differently are equal)
            key = (_unescape(raw_ctxt) if raw_ctxt is not None else None, _unescape(raw_id))
            if key in seen:
                raise _Fallback
            seen.add(key)
        cache_key = raw_id if plural is None else raw_id + "\x00" + "".join(plural)
        words = words_cache.get(cache_key)
        if words is None:
            words = count_words(_unescape(raw_id))
            if plural is not None:
                words += count_words(_unescape("".join(plural)))
            words_cache[cache_key] = words
        if obsolete:
            stats.add("obsolete", words)
            return
        if plural is not None:
            translated = bool(strs) and all(any(parts) for parts in strs.values())
        else:
            translated = any(strs[-1])
        state = _state(translated, fuzzy, tm, mt, previous or changed)
        stats.add(state, words)
        if stats.title is None:
            target = _unescape("".join(strs[-1] if plural is None else strs[min(strs)]))
            stats.title = (
                _unescape(raw_id)[:TITLE_MAX],
                target[:TITLE_MAX] if state == "translated" else "",
            )

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for raw in lines:
        s = raw.strip()
        if not s:
            if stage != _COMMENTS:
                finish()
                stage = _COMMENTS
                has_comment = fuzzy = tm = mt = changed = previous = plain_msgstr = False
                obsolete = None
                ctxt = plural = current = None
                msgid = []
                strs = {}
            continue
        first = s[0]
        line_obsolete = False
        if first == "#":
            second = s[1:2]
            if second == "~":
                rest = s[2:]
                if rest.startswith("|"):
                    body = rest[1:].strip()
                    if stage == _STR:
                        raise _Fallback  # parse_po does not start a new entry here
                    if body.startswith(("msgid ", 'msgid"')):
                        previous = True
                    elif not (body.startswith(("msgctxt", "msgid_plural", '"'))):
                        raise _Fallback
                    has_comment = True
                    continue
                s = rest.strip()
                if not s:
                    continue
                first = s[0]
                line_obsolete = True
            else:
                if stage != _COMMENTS:
                    if stage != _STR:
                        raise _Fallback
                    finish()
                    stage = _COMMENTS
                    fuzzy = tm = mt = changed = previous = plain_msgstr = False
                    obsolete = None
                    ctxt = plural = current = None
                    msgid = []
                    strs = {}
                has_comment = True
                if second == ",":
                    if "fuzzy" in s:
                        for flag in s[2:].split(","):
                            if flag.strip() == "fuzzy":
                                fuzzy = True
                elif second == "|":
                    body = s[2:].strip()
                    if body.startswith(("msgid ", 'msgid"')):
                        previous = True
                    elif not (body.startswith(("msgctxt", "msgid_plural", '"'))):
                        raise _Fallback
                elif second == "." or second == ":":
                    pass
                else:
                    t = raw.lstrip()[1:]
                    if t.startswith(" "):
                        t = t[1:]
                    if t.startswith("tmflow: "):
                        head = t[8:].split(" ", 1)[0].rstrip(":")
                        if head == "tm":
                            tm = True
                        elif head == "mt":
                            mt = True
                        elif head == "source":
                            changed = True
                continue
        if first == '"':
            if current is None:
                raise _Fallback
            if line_obsolete != bool(obsolete):
                raise _Fallback
            current.append(_body(s))
            continue
        if first != "m":
            raise _Fallback
        # a keyword line
        starts_entry = s.startswith("msgctxt") or (
            s.startswith("msgid") and not s.startswith("msgid_plural")
        )
        if starts_entry and stage == _STR:
            finish()
            stage = _COMMENTS
            has_comment = fuzzy = tm = mt = changed = previous = plain_msgstr = False
            obsolete = None
            ctxt = plural = current = None
            msgid = []
            strs = {}
        if line_obsolete:
            if obsolete is None:
                obsolete = True
            elif not obsolete:
                raise _Fallback
        elif obsolete is None:
            obsolete = False
        elif obsolete:
            raise _Fallback
        if s.startswith("msgid"):
            if s.startswith("msgid_plural"):
                if stage != _ID:
                    raise _Fallback
                stage = _PLURAL
                plural = [_body(s[12:].lstrip())]
                current = plural
                continue
            if stage not in (_COMMENTS, _CTXT):
                raise _Fallback
            stage = _ID
            msgid = [_body(s[5:].lstrip())]
            current = msgid
            continue
        if s.startswith("msgstr"):
            if stage not in (_ID, _PLURAL, _STR):
                raise _Fallback
            rest = s[6:]
            if rest.startswith("["):
                close = rest.find("]")
                index_text = rest[1:close]
                if close < 0 or not index_text.isdigit() or not index_text.isascii():
                    raise _Fallback
                index = int(index_text)
                if plural is None or plain_msgstr or index in strs:
                    raise _Fallback
                rest = rest[close + 1 :]
            else:
                index = -1
                if plural is not None or strs:
                    raise _Fallback
                plain_msgstr = True
            stage = _STR
            current = [_body(rest.lstrip())]
            strs[index] = current
            continue
        if s.startswith("msgctxt"):
            if stage != _COMMENTS:
                raise _Fallback
            stage = _CTXT
            ctxt = [_body(s[7:].lstrip())]
            current = ctxt
            continue
        raise _Fallback
    finish()
    if not header_seen:
        raise _Fallback
    return stats


_QSTR = r'"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"'
_MULTI = rf"{_QSTR}(?:\n{_QSTR})*"
_SIMPLE_RE = re.compile(rf"(?:msgctxt ({_MULTI})\n)?msgid ({_MULTI})\nmsgstr ({_MULTI})")
_PREVIOUS_RE = re.compile(rf"#\| (msgctxt|msgid|msgid_plural) {_QSTR}")


class _Slow(Exception):
    """The block scanner met a layout it does not handle; use the line scanner."""


def _joined(group: str) -> str:
    """The raw body of a multi-line string as matched by ``_MULTI``."""
    return group[1:-1].replace('"\n"', "") if "\n" in group else group[1:-1]


_ENTRY_RE = re.compile(
    rf"((?:#(?!~)[^\n]*\n)*)(?:msgctxt ({_MULTI})\n)?msgid ({_MULTI})\nmsgstr ({_MULTI})"
    r"(?:\n\n|\n\Z)"
)
_EMPTY_STR = '""'


def _scan_fast(text: str, words_cache: dict[str, int]) -> FileStats:
    """The fastest path: a run of canonical live entries without plurals, matched one by one
    with a single regular expression; whatever follows (usually the obsolete entries) goes to
    ``_scan_blocks``."""
    if "\r" in text or not text.endswith("\n"):
        raise _Slow
    stats = FileStats()
    seen: set[tuple[str | None, str]] = set()
    header_seen = False
    get_words = words_cache.get
    seg = [0, 0, 0, 0, 0, 0]
    wds = [0, 0, 0, 0, 0, 0]
    pos = 0
    end = len(text)
    title_id: str | None = None
    title_str = ""
    # one C-level iteration over the matches; the run ends at the first gap (where a match at
    # ``pos`` would have failed), as a loop of ``match`` at each position would end
    for m in _ENTRY_RE.finditer(text):
        start, stop = m.span()
        if start != pos:
            break
        pos = stop
        head, ctxt, mid, mstr = m.groups()
        if "\\" in mid or "\\" in mstr or (ctxt is not None and "\\" in ctxt):
            for part in (ctxt, mid, mstr):
                if part is not None:
                    _unescape(_joined(part))  # invalid escapes → _Fallback
        mid = mid[1:-1].replace('"\n"', "") if "\n" in mid else mid[1:-1]
        if ctxt is None and not mid:
            if header_seen:
                raise _Fallback
            header_seen = True
            _header(stats, _joined(mstr))
            continue
        if ctxt is not None:
            ctxt = _joined(ctxt)
        key = (
            (ctxt, mid)
            if "\\" not in mid and (ctxt is None or "\\" not in ctxt)
            else (_unescape(ctxt) if ctxt is not None else None, _unescape(mid))
        )
        if key in seen:
            raise _Fallback
        seen.add(key)
        words = get_words(mid)
        if words is None:
            words = words_cache[mid] = count_words(_unescape(mid))
        if mstr == _EMPTY_STR or ("\n" in mstr and mstr.replace('"\n"', "") == _EMPTY_STR):
            state = 5
        elif not head or "#," not in head:
            state = 0
        else:
            state = _head_state(head)
        seg[state] += 1
        wds[state] += words
        if title_id is None:
            title_id = mid
            title_str = _joined(mstr) if state == 0 else ""
    for i, name in enumerate(_FAST_STATES):
        if seg[i]:
            stats.segments[name] = seg[i]
            stats.words[name] = wds[i]
    if title_id is not None:
        stats.title = (_unescape(title_id)[:TITLE_MAX], _unescape(title_str)[:TITLE_MAX])
    if pos < end:
        return _scan_blocks(text[pos:], words_cache, stats, seen, header_seen)
    if not header_seen:
        raise _Fallback
    return stats


_FAST_STATES = ("translated", "mt", "tm", "changed", "fuzzy", "untranslated")


def _state(filled: bool, fuzzy: bool, tm: bool, mt: bool, changed: bool) -> str:
    """The state name of a live entry (the rules of ``tmflow.core.provenance.classify``)."""
    if not filled:
        return "untranslated"
    if not fuzzy:
        return "translated"
    if tm:
        return "tm"
    if mt:
        return "mt"
    return "changed" if changed else "fuzzy"


def _comment_facts(head: str) -> tuple[bool, bool, bool, bool, bool]:
    """(fuzzy, tm, mt, source changed, has #| msgid) from the comment lines of an entry."""
    fuzzy = tm = mt = changed = previous = False
    for ln in head.split("\n"):
        second = ln[1:2]
        if second == ",":
            for flag in ln[2:].split(","):
                if flag.strip() == "fuzzy":
                    fuzzy = True
        elif second == "|":
            match = _PREVIOUS_RE.fullmatch(ln)
            if match is None or "\\" in ln:
                raise _Slow
            if match.group(1) == "msgid":
                previous = True
        elif second not in (".", ":"):
            t = ln[2:] if second == " " else ln[1:]
            if t.startswith("tmflow: "):
                kind = t[8:].split(" ", 1)[0].rstrip(":")
                if kind == "tm":
                    tm = True
                elif kind == "mt":
                    mt = True
                elif kind == "source":
                    changed = True
    return fuzzy, tm, mt, changed, previous


def _head_state(head: str) -> int:
    """State index (see ``_FAST_STATES``) of a filled entry from its comment lines.

    The usual draft heads are answered from substring tests alone: exactly one flag line and
    it is ``#, fuzzy``, no ``#|`` line, and at most one ``tmflow: `` anywhere, on a translator
    comment line of the plain form ``# tmflow: KIND ``. Everything else takes the line by line
    reading (``_comment_facts``), which the tests compare against the full parser."""
    h = "\n" + head
    if "\n#|" not in h and "\n#, fuzzy\n" in h and h.count("\n#,") == 1:
        n = h.count("tmflow: ")
        if n == 0:
            return 4
        if n == 1:
            if "\n# tmflow: mt " in h:
                return 1
            if "\n# tmflow: tm " in h:
                return 2
            if "\n# tmflow: source " in h:
                return 3
    fuzzy, tm, mt, changed, previous = _comment_facts(head[:-1])
    if not fuzzy:
        return 0
    if tm:
        return 2
    if mt:
        return 1
    if previous or changed:
        return 3
    return 4


def _scan_blocks(
    text: str,
    words_cache: dict[str, int],
    stats: FileStats | None = None,
    seen: set[tuple[str | None, str]] | None = None,
    header_seen: bool = False,
) -> FileStats:
    """The fast path for files in the canonical layout (what tmflow and msgcat write): one
    blank line between entries, no plural entries, no multi-line previous msgids. Anything
    else raises ``_Slow``."""
    if "\r" in text or not text.endswith("\n"):
        raise _Slow
    stats = stats if stats is not None else FileStats()
    seen = seen if seen is not None else set()
    simple = _SIMPLE_RE.fullmatch
    for block in text[:-1].split("\n\n"):
        if not block:
            raise _Slow
        fuzzy = tm = mt = changed = previous = obsolete = False
        if block[0] == "m":
            kw = block
        else:
            cut = block.find("\nm")
            if "#~" in block:
                cut = block.find("\n#~ m") if block[:4] != "#~ m" else -1
                if cut < 0 and block[:4] != "#~ m":
                    raise _Slow
                head = block[:cut] if cut >= 0 else ""
                lines = block[cut + 1 :].split("\n")
                if not all(ln.startswith("#~ ") for ln in lines) or "#~|" in block:
                    raise _Slow
                kw = "\n".join(ln[3:] for ln in lines)
                obsolete = True
            elif cut < 0:
                raise _Slow
            else:
                head = block[:cut]
                kw = block[cut + 1 :]
            if head:
                nl = "\n" + head
                if nl.count("\n#") != nl.count("\n") or "#~" in head:
                    raise _Slow
                if "#," in head or "#|" in head or "tmflow: " in head:
                    fuzzy, tm, mt, changed, previous = _comment_facts(head)
        match = simple(kw)
        if match is None:
            raise _Slow
        if "\\" in kw:
            for part in match.groups():
                if part is not None:
                    _unescape(_joined(part))  # invalid escapes → _Fallback
        raw_ctxt, raw_id, raw_str = match.groups()
        raw_id = _joined(raw_id)
        raw_str = _joined(raw_str)
        if raw_ctxt is None and raw_id == "" and not obsolete:
            if header_seen:
                raise _Fallback
            header_seen = True
            _header(stats, raw_str)
            continue
        if raw_ctxt is not None:
            raw_ctxt = _joined(raw_ctxt)
        if not obsolete:
            key = (_unescape(raw_ctxt) if raw_ctxt is not None else None, _unescape(raw_id))
            if key in seen:
                raise _Fallback
            seen.add(key)
        words = words_cache.get(raw_id)
        if words is None:
            words = words_cache[raw_id] = count_words(_unescape(raw_id))
        state = (
            "obsolete" if obsolete else _state(raw_str != "", fuzzy, tm, mt, previous or changed)
        )
        seg = stats.segments
        seg[state] = seg.get(state, 0) + 1
        wd = stats.words
        wd[state] = wd.get(state, 0) + words
        if stats.title is None and not obsolete:
            stats.title = (
                _unescape(raw_id)[:TITLE_MAX],
                _unescape(raw_str)[:TITLE_MAX] if state == "translated" else "",
            )
    if not header_seen:
        raise _Fallback
    return stats


def _header(stats: FileStats, raw: str) -> None:
    """Language and charset from the raw header msgstr; anything unusual → full parse. The
    files of a project share a few headers: the language of each one read is remembered."""
    known = _HEADER_LANGUAGE.get(raw, _UNKNOWN)
    if known is not _UNKNOWN:
        stats.language = known  # type: ignore[assignment]
        return
    text = _unescape(raw)
    language: str | None = None
    for line in text.split("\n"):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise _Fallback
        key = key.strip()
        if key == "Language":
            language = value.strip()
        elif key == "Content-Type":
            charset = _CHARSET_RE.search(value)
            if charset and charset.group(1).lower() not in ("utf-8", "utf8", "charset"):
                raise _Fallback
    if len(_HEADER_LANGUAGE) > 10_000:
        _HEADER_LANGUAGE.clear()
    _HEADER_LANGUAGE[raw] = language
    stats.language = language


_UNKNOWN = object()
_HEADER_LANGUAGE: dict[str, str | None] = {}  # raw header msgstr → its Language (read before)


def _full(path: Path) -> FileStats:
    """Counts through the full parser (the reference the fast path agrees with)."""
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
    """Counts of the PO file ``path`` whose bytes are ``raw``."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
        cache = words_cache if words_cache is not None else {}
        try:
            return _scan_fast(text, cache)
        except _Slow:
            return _scan_text(text, cache)
    except (_Fallback, UnicodeDecodeError, ValueError):
        return _full(Path(path))


def scan_file(path: Path | str, words_cache: dict[str, int] | None = None) -> FileStats:
    """Counts of one PO file; never raises for bad content (see ``FileStats.error``)."""
    from tmflow.core.errors import InputError
    from tmflow.io.files import read_bytes

    try:
        raw = read_bytes(path, "PO file")
    except InputError:  # missing, a link out of the project, a FIFO…: the error, as counts
        return _full(Path(path))
    return scan_bytes(raw, path, words_cache)


# ---------------------------------------------------------------------------------------------
# light catalogs for the checks


class LightEntry:
    """The fields of a ``polib.POEntry`` the checks read (duck-typed: ``classify`` accepts it).

    ``flags`` is a tuple; ``linenum`` (the line of ``msgid``) is worked out when asked, from the
    file's text and where the entry starts in it (most entries are never asked)."""

    __slots__ = (
        "msgid",
        "msgstr",
        "msgctxt",
        "flags",
        "tcomment",
        "previous_msgid",
        "state",
        "_text",
        "_start",
    )
    # what a light catalog never holds (those files take the full parser)
    obsolete = False
    msgid_plural = ""
    msgstr_plural: dict[str, Any] = {}

    def __init__(
        self,
        msgid: str,
        msgstr: str,
        msgctxt: str | None,
        flags: tuple[str, ...],
        tcomment: str,
        previous_msgid: str | None,
        text: str,
        start: int,
        draft: str,
    ) -> None:
        self.msgid = msgid
        self.msgstr = msgstr
        self.msgctxt = msgctxt
        self.flags = flags
        self.tcomment = tcomment
        self.previous_msgid = previous_msgid
        # ``classify(entry).value``: ``draft`` is its answer for a filled fuzzy entry
        self.state = (
            "untranslated" if msgstr == "" else draft if "fuzzy" in flags else "translated"
        )
        self._text = text
        self._start = start  # where the entry's first line starts in ``text``

    @property
    def linenum(self) -> int:
        """The line of the ``msgid`` keyword (1-based), as polib numbers it."""
        text = self._text
        start = self._start
        at = start if text.startswith('msgid "', start) else text.find('\nmsgid "', start) + 1
        return text.count("\n", 0, at) + 1


class LightCatalog:
    """What ``read_light`` returns: live entries, header metadata and comment, and whether the
    file is known to be in the canonical layout (True) or that is not known (None)."""

    def __init__(
        self,
        entries: list[LightEntry],
        metadata: dict[str, str],
        header: str,
        canonical: bool | None,
        keys: set[tuple[str | None, str]],
    ) -> None:
        self.entries = entries
        self.keys = keys  # the (msgctxt, msgid) of the entries
        self.metadata = metadata
        self.header = header
        self.metadata_is_fuzzy = False
        self.canonical = canonical

    def __iter__(self) -> Iterator[LightEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


_RAW_CONTROL_RE = re.compile("[\t\x07\x08\x0b\x0c]")
_HEAD_RANK = {",": 3, "|": 4, ".": 1, ":": 2}


def _canonical_string(keyword: str, group: str) -> bool:
    """Is this matched string written as the canonical writer writes it?"""
    if "\n" not in group and "\\" not in group:
        return _RAW_CONTROL_RE.search(group) is None
    from tmflow.io.po.writer import _string_lines

    text = _unescape(_joined(group))
    return "\n".join(_string_lines("", keyword, text)) == f"{keyword} {group}"


def _canonical_head(lines: list[str]) -> bool:
    """One-sided: True only when the comment lines are surely what the writer writes."""
    from tmflow.io.po.writer import _sorted_flags

    rank = 0
    seen_flags = seen_refs = False
    for ln in lines:
        second = ln[1:2]
        r = _HEAD_RANK.get(second, 0)
        if r < rank:
            return False
        rank = r
        if r == 0:
            if not ln.startswith("# "):
                return False
        elif r == 1:
            if len(ln) < 4 or ln[2] != " " or ln != ln.rstrip():
                return False
        elif r == 2:
            if seen_refs:
                return False
            seen_refs = True
            refs = ln[2:].split()
            if (
                ln != "#: " + " ".join(refs)
                or len(set(refs)) != len(refs)
                or (len(refs) > 1 and len(ln) > 79)
            ):
                return False
        elif r == 3:
            if seen_flags:
                return False
            seen_flags = True
            flags = [f.strip() for f in ln[2:].split(",")]
            if ln != "#, " + ", ".join(_sorted_flags(flags)) or "" in flags:
                return False
        else:
            if not ln.startswith('#| msgid "') or "\n" in ln:
                return False
            if not _canonical_string("#| msgid", ln[9:]):
                return False
    return True


_UNUSUAL_HEAD = ("unusual",)
# header blocks read before (whole matched text → metadata, comment, layout verdict): the
# files of a project share a few headers, and their escapes are the costly part to read
_HEADER_FACTS: dict[str, tuple[Any, ...]] = {}
_HEAD_FACTS: dict[str | tuple[str, str], tuple[Any, ...]] = {}  # a head, or (before, after) refs


def _head_facts(head: str) -> tuple[Any, ...]:
    """(flags, translator comment, previous msgid, whether the lines are surely canonical,
    the state of a filled fuzzy entry with them) of the comment lines of a live entry, or
    ``_UNUSUAL_HEAD`` when the full parser must read them. Memoised by ``read_light``: the template and every language's PO file repeat them;
    each line's facts are memoised too (``_line_facts``), as most lines recur everywhere."""
    flags: list[str] = []
    tcomment: list[str] = []
    previous: str | None = None
    canonical = True
    rank = 0
    seen_flags = seen_refs = False
    memo = _LINE_FACTS
    if len(memo) > 200_000:
        memo.clear()
    for ln in head[:-1].split("\n"):
        facts = memo.get(ln)
        if facts is None:
            facts = memo[ln] = _line_facts(ln)
        r, ok, payload = facts
        if r == -1:
            return _UNUSUAL_HEAD
        if canonical:
            if not ok or r < rank or (r == 2 and seen_refs) or (r == 3 and seen_flags):
                canonical = False
            rank = r
            seen_refs = seen_refs or r == 2
            seen_flags = seen_flags or r == 3
        if r == 3:
            for flag in payload:
                if flag not in flags:
                    flags.append(flag)
        elif r == 4:
            if payload is not None:
                previous = payload
        elif r == 0:
            tcomment.append(payload)
    comment = "\n".join(tcomment)
    return tuple(flags), comment, previous, canonical, draft_state(comment, previous).value


_LINE_FACTS: dict[str, tuple[Any, ...]] = {}


def _line_facts(ln: str) -> tuple[Any, ...]:
    """(rank as in ``_canonical_head``, whether the line alone is canonical, payload) of one
    comment line of a live entry; rank -1 for a line the full parser must read. The payload is
    the flags of ``#,``, the previous msgid of ``#| msgid`` (else None) and the translator
    comment text of ``#`` lines. ``_canonical_head`` on a list of lines is True exactly when
    every line is canonical alone, the ranks never decrease and ``#:`` and ``#,`` come once."""
    from tmflow.io.po.writer import _sorted_flags

    second = ln[1:2]
    r = _HEAD_RANK.get(second, 0)
    if r == 4:
        found = _PREVIOUS_RE.fullmatch(ln)
        if found is None or "\\" in ln:
            return -1, False, None
        previous = _joined(ln[ln.index('"') :]) if found.group(1) == "msgid" else None
        ok = ln.startswith('#| msgid "') and _canonical_string("#| msgid", ln[9:])
        return 4, ok, previous
    if r == 3:
        flags: list[str] = []
        for flag in ln[2:].split(","):
            flag = flag.strip()
            if flag and flag not in flags:
                flags.append(flag)
        parts = [f.strip() for f in ln[2:].split(",")]
        ok = ln == "#, " + ", ".join(_sorted_flags(parts)) and "" not in parts
        return 3, ok, tuple(flags)
    if r == 2:
        refs = ln[2:].split()
        ok = (
            ln == "#: " + " ".join(refs)
            and len(set(refs)) == len(refs)
            and not (len(refs) > 1 and len(ln) > 79)
        )
        return 2, ok, None
    if r == 1:
        return 1, len(ln) >= 4 and ln[2] == " " and ln == ln.rstrip(), None
    t = ln[1:]
    return 0, ln.startswith("# "), t[1:] if t.startswith(" ") else t


class _HeaderView:
    """What ``tmflow.io.po.reader.header_lines`` reads of a catalog."""

    def __init__(self, metadata: dict[str, str], header: str) -> None:
        self.metadata = metadata
        self.header = header
        self.metadata_is_fuzzy = False


def _light_header(head: str, text: str) -> tuple[dict[str, str], str] | None:
    """Metadata and comment of a header entry as ``load_po`` reads them; None for anything
    unusual (a fuzzy header, other comment kinds, a line without a colon, a charset other than
    UTF-8): those files take the full parser."""
    comment: list[str] = []
    for ln in head[:-1].split("\n") if head else ():
        if ln[1:2] in (",", ".", ":", "|", "~"):
            return None
        t = ln[1:]
        comment.append(t[1:] if t.startswith(" ") else t)
    metadata: dict[str, str] = {}
    for line in text.split("\n"):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            return None
        metadata[key.strip()] = value.strip()
    charset = re.search(r"charset=([^\s;]+)", metadata.get("Content-Type", ""))
    if charset and charset.group(1).lower() not in ("utf-8", "utf8", "charset"):
        return None
    return metadata, "\n".join(comment)


def _obsolete_tail(rest: str) -> bool | None:
    """For the blocks after the live entries: None when one is not an obsolete entry, else
    whether they are surely in the canonical layout."""
    canonical = True
    for block in rest[:-1].split("\n\n"):
        lines = block.split("\n")
        first = next((i for i, ln in enumerate(lines) if ln.startswith("#~")), None)
        if first is None:
            return None
        keyword_lines = lines[first:]
        if not all(ln.startswith("#~ ") for ln in keyword_lines):
            return None if any(not ln.startswith("#~") for ln in keyword_lines) else False
        head = lines[:first]
        match = _SIMPLE_RE.fullmatch("\n".join(ln[3:] for ln in keyword_lines))
        if match is None:
            return None
        if canonical and head and not _canonical_head(head):
            canonical = False
        ctxt, mid, mstr = match.groups()
        if canonical and not (
            _canonical_string("msgid", mid)
            and _canonical_string("msgstr", mstr)
            and (ctxt is None or _canonical_string("msgctxt", ctxt))
        ):
            canonical = False
    return canonical


def read_light(text: str, path: Path | str) -> LightCatalog | None:
    """A light catalog of a file in the usual layout, or None when the file needs the full
    parser (``load_po``). Agrees with ``load_po`` on every field it fills; ``canonical`` is
    True only when the file is surely byte for byte what ``dumps_po`` writes."""
    if "\r" in text or not text.endswith("\n") or text.startswith("\ufeff"):
        return None
    try:
        fast = _read_light_fast(text)
    except (_Fallback, _Slow):
        return None
    return fast if fast is not None else _read_light_walk(text)


def _read_light_walk(text: str) -> LightCatalog | None:
    """``read_light`` entry by entry: for what ``_read_light_fast`` does not take (live entries
    after obsolete ones, odd blank lines, a second header, a duplicate). ``text`` has passed
    ``read_light``'s first test (no CR, a final line break, no BOM)."""
    match_at = _ENTRY_RE.match
    # a string without a line break, a backslash or one of these controls is written as the
    # canonical writer writes it: one search of the whole text spares one per string
    controls = (
        "\t" in text or "\x07" in text or "\x08" in text or "\x0b" in text or "\x0c" in text
    )  # _RAW_CONTROL_RE's characters (str.__contains__ beats a search)
    head_memo = _HEAD_FACTS
    entries: list[LightEntry] = []
    seen: set[tuple[str | None, str]] = set()
    canonical: bool | None = not text.endswith("\n\n")
    metadata: dict[str, str] | None = None
    header = ""
    pos = 0
    end = len(text)
    try:
        while pos < end:
            m = match_at(text, pos)
            if m is None:
                break
            whole = m.group(0)
            if metadata is None and not entries:
                known = _HEADER_FACTS.get(whole)
                if known is not None:  # the header block of an earlier file, byte for byte
                    metadata = dict(known[0])
                    header = known[1]
                    if canonical and not known[2]:
                        canonical = None
                    pos = m.end()
                    continue
            head, ctxt, mid, mstr = m.groups()
            if "\\" in whole:
                for part in (ctxt, mid, mstr):
                    if part is not None:
                        _unescape(_joined(part))  # invalid escapes → _Fallback
            msgid = _unescape(_joined(mid))
            msgctxt = _unescape(_joined(ctxt)) if ctxt is not None else None
            if msgctxt is None and msgid == "":
                if metadata is not None:
                    return None  # a second header: load_po reports it
                facts = _header_block(whole, head, mstr, remember=not entries)
                if facts is None:
                    return None
                metadata, header, block_ok = dict(facts[0]), facts[1], facts[2]
                if canonical and (not block_ok or entries):
                    canonical = None
            else:
                key = (msgctxt, msgid)
                if key in seen:
                    return None  # a duplicate: load_po reports it
                seen.add(key)
                if head:
                    facts = head_memo.get(head)
                    if facts is None:
                        if len(head_memo) > 200_000:
                            head_memo.clear()
                        facts = head_memo[head] = _head_facts(head)
                    if facts is _UNUSUAL_HEAD:
                        return None
                    flags, tcomment, previous, head_ok, draft = facts
                    if canonical and not head_ok:
                        canonical = None
                else:
                    flags, tcomment, previous, draft = (), "", None, "fuzzy"
                if canonical:
                    if (
                        controls
                        or "\\" in whole
                        or "\n" in mid
                        or "\n" in mstr
                        or (ctxt is not None and "\n" in ctxt)
                    ):
                        # the fast test below does not apply: the exact one
                        if not (
                            _canonical_string("msgid", mid)
                            and _canonical_string("msgstr", mstr)
                            and (ctxt is None or _canonical_string("msgctxt", ctxt))
                        ):
                            canonical = None
                entries.append(
                    LightEntry(
                        msgid,
                        _unescape(_joined(mstr)),
                        msgctxt,
                        flags,
                        tcomment,
                        previous,
                        text,
                        pos,
                        draft,
                    )
                )
            pos = m.end()
        if pos < end:
            tail = _light_tail(text[pos:], metadata is not None)
            if tail is None:
                return None
            if not tail:
                canonical = None
    except (_Fallback, _Slow):
        return None
    if metadata is None:
        return None
    return LightCatalog(entries, metadata, header, canonical, seen)


def _header_block(
    whole: str, head: str, mstr: str, remember: bool = True
) -> tuple[Any, ...] | None:
    """(metadata, comment, whether the block is what the writer writes) of a header entry
    (``whole`` its matched text, ``head`` its comment lines, ``mstr`` its quoted msgstr), or
    None when the full parser must read it; remembered by ``whole`` when ``remember``."""
    from tmflow.io.po.writer import header_lines

    if not _strings_ok(mstr):
        return None
    light_header = _light_header(head, _unescape(_joined(mstr)))
    if light_header is None:
        return None
    metadata, header = light_header
    view: Any = _HeaderView(metadata, header)  # header_lines reads only .metadata and .header
    block_ok = "\n".join(header_lines(view)) == whole.rstrip("\n")
    if remember:
        if len(_HEADER_FACTS) > 10_000:
            _HEADER_FACTS.clear()
        _HEADER_FACTS[whole] = (dict(metadata), header, block_ok)
    return metadata, header, block_ok


def _light_tail(rest: str, header_seen: bool) -> bool | None:
    """What follows the live entries must be obsolete entries (ignored by the checks): validate
    it exactly as the status scanner does; None when it is not that (live entries after
    obsolete ones: the full parser keeps their order), else whether it is surely canonical.
    Raises ``_Fallback`` or ``_Slow`` as the scanner does."""
    _scan_blocks(rest, {}, FileStats(), set(), header_seen)
    return _obsolete_tail(rest)


# the live entries of ``_ENTRY_RE`` whose ``#|`` lines come last (as the writer puts them),
# with the comment lines in five groups: those before the references (``#`` and ``#.``); the
# usual reference line (one ``#:`` line, one reference: surely canonical); other ``#:`` lines;
# the rest but ``#|``; and the ``#|`` lines. The first group is the whole match, then come those
# five and the strings (``""`` for an absent msgctxt).
_LOOSE = r'"[^\n]*"(?:\n"[^\n]*")*'
_LIGHT_RE = re.compile(
    rf"(((?:#(?![~:,|])[^\n]*\n)*)((?:#: \S+\n(?!#:))?+)((?:#:[^\n]*\n)*)"
    rf"((?:#(?![~|])[^\n]*\n)*)((?:#\|[^\n]*\n)*)"
    rf"(?:msgctxt ({_LOOSE})\n)?msgid ({_LOOSE})\nmsgstr ({_LOOSE})(?:\n\n|\n\Z))"
)
# the strings are matched loosely (each line from its first to its last quote: twice as fast
# as the exact form); a string with a backslash or a quote inside is checked with this
_STRING_RE = re.compile(_MULTI)


def _strings_ok(*parts: str) -> bool:
    """Are these loosely matched strings PO strings (``_MULTI``) with valid escapes?"""
    for part in parts:
        if part:
            if _STRING_RE.fullmatch(part) is None:
                return False
            _unescape(_joined(part))  # invalid escapes → _Fallback
    return True


_NO_HEAD = ((), "", None, True, "fuzzy")


def _refs_canonical(refs: str) -> bool:
    """Is a run of ``#:`` lines (each ending with a line break) what the writer writes, as far
    as ``_head_facts`` can tell (one line, references apart by single spaces)?"""
    if refs.count("\n") != 1:
        return False  # _head_facts: a second ``#:`` line is not surely canonical
    return bool(_line_facts(refs[:-1])[1])


def _tiled(text: str) -> tuple[list[tuple[str, ...]], int, tuple[Any, ...]] | None:
    """The live entries of a file in the usual layout, all at once: (the ``_LIGHT_RE`` groups
    of every entry, header first; the length of the live part; the header's facts as
    ``_header_block`` gives them), or None when some block before the first obsolete one is not
    a live entry or the file does not start with a header the light reader reads."""
    cut = text.find("\n#~")
    if cut >= 0:
        start = text.rfind("\n\n", 0, cut + 1)  # the blank line before that block
        if start < 0:
            return None
        live = text[: start + 2]
    else:
        live = text
    items = _LIGHT_RE.findall(live)
    if not items or sum([len(item[0]) for item in items]) != len(live):
        return None
    first = items[0]
    known = _HEADER_FACTS.get(first[0])
    if known is None:
        if first[6] or first[7] != '""':
            return None  # no header first: load_po decides
        known = _header_block(first[0], "".join(first[1:6]), first[8])
        if known is None:
            return None
    return items, len(live), known


def read_keys(text: str) -> set[tuple[str | None, str]] | None:
    """The (msgctxt, msgid) of the live entries of a file in the usual layout (what
    ``load_po`` gives for it), without reading the rest; None when ``read_light`` or
    ``load_po`` must read the file (which may then report an error)."""
    if "\r" in text or not text.endswith("\n") or text.startswith("\ufeff"):
        return None
    try:
        tiled = _tiled(text)
        if tiled is None:
            return None
        items, live_len, _header = tiled
        keys: set[tuple[str | None, str]] = set()
        for whole, _before, _one_ref, _refs, _after, _previous, ctxt, mid, mstr in items[1:]:
            if "#|" in whole:
                return None  # previous msgids: read_light or load_po judges them
            if (
                "\\" in whole or mid.count('"') > 2 or mstr.count('"') > 2 or ctxt
            ) and not _strings_ok(ctxt, mid, mstr):
                return None  # not PO strings: load_po reports them
            msgid = _unescape(_joined(mid))
            if not ctxt and not msgid:
                return None  # a second header: load_po reports it
            keys.add((_unescape(_joined(ctxt)) if ctxt else None, msgid))
        if len(keys) != len(items) - 1:
            return None  # a duplicate: load_po reports it
        if live_len < len(text) and _light_tail(text[live_len:], True) is None:
            return None
    except (_Fallback, _Slow):
        return None
    return keys


def _read_light_fast(text: str) -> LightCatalog | None:
    """``read_light`` for the usual file: every block before the first obsolete one a live
    entry (matched all at once), a header first. None when the file is not that;
    ``read_light`` then walks it entry by entry (same answers, slower)."""
    tiled = _tiled(text)
    if tiled is None:
        return None
    items, live_len, (metadata, header, header_ok) = tiled
    canonical: bool | None = header_ok and not text.endswith("\n\n")
    controls = "\t" in text or "\x07" in text or "\x08" in text or "\x0b" in text or "\x0c" in text
    head_memo = _HEAD_FACTS
    entries: list[LightEntry] = []
    append = entries.append
    seen: set[tuple[str | None, str]] = set()
    add_key = seen.add
    start = len(items[0][0])
    for whole, before, one_ref, refs, after, previous_line, ctxt, mid, mstr in items[1:]:
        if "\\" in whole or ctxt:
            if not _strings_ok(ctxt, mid, mstr):
                return None  # not PO strings: load_po reports them
        msgid = mid[1:-1].replace('"\n"', "") if "\n" in mid else mid[1:-1]
        if ctxt:
            msgctxt: str | None = _joined(ctxt)
        elif not msgid:
            return None  # a second header: load_po reports it
        else:
            msgctxt = None
        if "\\" in whole:
            if "\\" in msgid:
                msgid = _unescape(msgid)
            if msgctxt is not None and "\\" in msgctxt:
                msgctxt = _unescape(msgctxt)
        key = (msgctxt, msgid)
        if key in seen:
            return None  # a duplicate: load_po reports it
        add_key(key)
        if before or after:
            memo_key = (before, after)
            facts = head_memo.get(memo_key)
            if facts is None:
                if len(head_memo) > 200_000:
                    head_memo.clear()
                facts = head_memo[memo_key] = _head_facts(before + after)
            if facts is _UNUSUAL_HEAD:
                return None
        else:
            facts = _NO_HEAD
        flags, tcomment, previous, head_ok, draft = facts
        if previous_line:
            # one ``#| msgid "…"`` line without escapes or quotes inside (the usual one);
            # anything else is read with the other comment lines
            body = previous_line[10:-2]
            if (
                previous_line[:10] != '#| msgid "'
                or previous_line[-2:] != '"\n'
                or '"' in body
                or "\\" in body
                or "\n" in body
            ):
                facts = _head_facts(before + after + previous_line)
                if facts is _UNUSUAL_HEAD:
                    return None
                flags, tcomment, previous, head_ok, draft = facts
            else:
                previous = body
                if draft == "fuzzy":
                    draft = "changed"  # classify: a previous msgid is a changed source
                if controls and _RAW_CONTROL_RE.search(body):
                    head_ok = False
        if canonical:
            if (
                not head_ok
                or ((one_ref or refs) and after and after[1] not in ",|")
                or (refs and not _refs_canonical(refs))
            ):
                canonical = None
            elif controls or "\\" in whole or "\n" in mid or "\n" in mstr or "\n" in ctxt:
                if not (
                    _canonical_string("msgid", mid)
                    and _canonical_string("msgstr", mstr)
                    and (not ctxt or _canonical_string("msgctxt", ctxt))
                ):
                    canonical = None
        msgstr = mstr[1:-1].replace('"\n"', "") if "\n" in mstr else mstr[1:-1]
        if "\\" in msgstr:
            msgstr = _unescape(msgstr)
        elif '"' in msgstr or '"' in msgid:
            return None  # a quote inside a string, not escaped: load_po reports it
        append(LightEntry(msgid, msgstr, msgctxt, flags, tcomment, previous, text, start, draft))
        start += len(whole)
    if live_len < len(text):
        tail = _light_tail(text[live_len:], True)
        if tail is None:
            return None
        if not tail:
            canonical = None
    return LightCatalog(entries, dict(metadata), header, canonical, seen)
