"""The header entry's fields, kept as the translator's tools wrote them.

The header msgstr is a list of ``Key: value`` lines. tmflow reads it into ``POFile.metadata``
(key → value, stripped) and also keeps the lines themselves, so that writing the file back
changes nothing it did not mean to change: a field whose value is unchanged is written exactly
as it was read (``Key:value`` without a space, two spaces, a duplicate field), a line without a
colon (gettext accepts one: a value some tool broke in two, ``"Last-Translator: A <a@b.\\n"
"com>>\\n"``) stays right after the field before it, and the lines follow the order of
``metadata``. A field tmflow adds or changes is written ``Key: value``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polib

_ATTR = "_tmflow_header_text"


@dataclass
class HeaderText:
    """The raw lines of a header msgstr, grouped by the field they belong to."""

    fields: list[tuple[str, str]] = field(default_factory=list)  # (key, value) in order
    # key -> (the value as read, the raw lines: the field's own and keyless ones after it)
    lines: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    leading: list[str] = field(default_factory=list)  # raw lines before the first field
    odd: list[str] = field(default_factory=list)  # lines without a colon (for check)
    # the header entry's extracted comments, references and flags other than fuzzy
    entry_comment: str = ""
    entry_occurrences: list[tuple[str, str]] = field(default_factory=list)
    entry_flags: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, msgstr: str) -> HeaderText:
        text = cls()
        current: list[str] | None = None
        for raw in msgstr.splitlines(keepends=True):
            line = raw.rstrip("\n")
            key, sep, value = line.partition(":")
            if not line.strip() or not sep or not key.strip():
                if line.strip():
                    text.odd.append(line)
                (current if current is not None else text.leading).append(raw)
                continue
            key = key.strip()
            value = value.strip()
            if key in text.lines:
                # a field given twice: the value read is the last one (as the dict keeps it)
                first = text.lines[key][1]
                first.append(raw)
                text.lines[key] = (value, first)
                text.fields = [(k, value if k == key else v) for k, v in text.fields]
                current = first
                continue
            current = [raw]
            text.lines[key] = (value, current)
            text.fields.append((key, value))
        return text

    @staticmethod
    def attach(po: polib.POFile, text: HeaderText) -> None:
        setattr(po, _ATTR, text)

    @staticmethod
    def of(po: polib.POFile) -> HeaderText | None:
        found = getattr(po, _ATTR, None)
        return found if isinstance(found, HeaderText) else None

    def render(self, metadata: dict[str, str]) -> str:
        """The header msgstr for ``metadata``: unchanged fields as read, others new."""
        out = list(self.leading)
        for key, value in metadata.items():
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"  # the last line read had no line break; more follow
            known = self.lines.get(key)
            if known is not None and known[0] == value:
                out += known[1]
                continue
            out.append(f"{key}: {value}\n")
            if known is not None:  # keyless lines that followed the field stay with it
                out += [ln for ln in known[1][1:] if ":" not in ln or not ln.split(":")[0]]
        return "".join(out)


def copy_header(src: polib.POFile, dst: polib.POFile) -> None:
    """Give ``dst`` the header text of ``src`` (an update writes a new catalog object)."""
    text = HeaderText.of(src)
    if text is not None:
        HeaderText.attach(dst, text)


def odd_lines(po: polib.POFile) -> list[str]:
    """Header lines without ``Key: value`` (gettext accepts them; check warns)."""
    text = HeaderText.of(po)
    return list(text.odd) if text is not None else []
