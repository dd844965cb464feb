"""Language codes and the facts tmflow needs about a language: plural rule, script, direction.

**Codes.** tmflow accepts the language codes gettext and BCP 47 both accept, in either
spelling: ``ll`` or ``lll`` (any language subtag registered for ISO 639-1, -2 or -3, or an
alias of one such as ``iw`` or ``fre``; ``qaa``–``qtz`` for private use), then optionally a
script (``zh_Hans``, ``sr-Latn``), a region (``pt_BR``, ``es-419``), variants
(``ca-valencia``, ``de_DE_formal``), a POSIX codeset (``ja.euc-jp``) and a modifier
(``sr@latin``, ``ca@valencia``). ``normalise_code`` writes them the gettext way: language in
lower case, ``_Script``, ``_REGION``, variants in lower case, ``.codeset`` and ``@modifier`` as
given (``pt-br`` → ``pt_BR``, ``zh-hans`` → ``zh_Hans``). Anything else (``english``,
``tvll``, ``e``) is refused with the reason.

**Facts** come from Unicode CLDR through Babel, and the IANA Language Subtag Registry, copied
into the generated module ``tmflow.core.language_data`` (``tools/make_language_data.py``; a
test fails when the copy and its sources differ). Why a generated table and not Babel at run
time: every layer reads these facts (the configuration loader, the PO writer, the checks, the
build, the HTML report), and ``tmflow.core`` is the standard library only; the table costs a
few milliseconds to import instead of Babel's locale files, and there is one source of truth.
Why CLDR and not gettext's own table: gettext 0.21's table (what ``msginit`` writes) has about
35 languages and no Catalan, Basque, Arabic, Persian or Welsh; CLDR has plural rules for 214
languages and a script for thousands.

* Plural rule: CLDR's rule for integers, as Babel writes it into new catalogs. Real catalogs
  use other spellings and conventions (French ``(n > 1)`` with two forms where CLDR keeps a
  third for millions); ``tmflow.core.plurals`` compares rules by the forms they select, so
  those agree. A language CLDR has no rule for (Quechua, Kashubian…) gets none
  (``Language.plural_known`` is False); tmflow then writes gettext's own default,
  ``nplurals=2; plural=(n != 1);``, and the checks say that they cannot judge it.
* Script: the script subtag or gettext modifier when given (``@latin`` → Latn), else CLDR's
  likely script for the language and region (``zh_TW`` → Hant, ``pa_PK`` → Arab).
* Direction: right to left for scripts whose CLDR locales are written right to left (Arabic,
  Hebrew, Thaana, Syriac, N'Ko, Adlam, Hanifi Rohingya).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

#: gettext's default when a catalog has no usable Plural-Forms (libintl's germanic rule)
DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

# scripts written without spaces between sentences (build joins segments with nothing)
_NO_SPACE_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan", "Thai"})


# ---------------------------------------------------------------------------------------------
# the generated tables, parsed when first used


@cache
def _words(name: str) -> frozenset[str]:
    from tmflow.core import language_data

    return frozenset(getattr(language_data, name).split())


@cache
def _table(name: str) -> dict[str, str]:
    from tmflow.core import language_data

    out: dict[str, str] = {}
    for line in getattr(language_data, name).splitlines():
        key, _, value = line.partition("=")
        out[key] = value
    return out


# ---------------------------------------------------------------------------------------------
# codes


@dataclass(frozen=True)
class LanguageTag:
    """The parts of a language code (empty when not given)."""

    language: str
    script: str = ""
    region: str = ""
    variants: tuple[str, ...] = ()
    codeset: str = ""
    modifier: str = ""

    def code(self) -> str:
        """The gettext spelling: ``ll[_Script][_RR][_variant…][.codeset][@modifier]``."""
        out = self.language
        for part in (self.script, self.region, *self.variants):
            if part:
                out += "_" + part
        if self.codeset:
            out += "." + self.codeset
        if self.modifier:
            out += "@" + self.modifier
        return out


_CODE_RE = re.compile(
    r"^(?P<body>[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*)"
    r"(?:\.(?P<codeset>[A-Za-z0-9][A-Za-z0-9_-]*))?"
    r"(?:@(?P<modifier>[A-Za-z0-9]+))?$"
)


class CodeError(ValueError):
    """Why a string is not a language code tmflow accepts."""


def parse_code(code: str) -> LanguageTag:
    """Split a language code into its parts; raise CodeError saying what is wrong."""
    text = code.strip()
    match = _CODE_RE.match(text)
    if match is None:
        raise CodeError(f"{code!r} is not a language code (e.g. 'fr', 'pt_BR', 'sr@latin')")
    parts = re.split(r"[-_]", match.group("body"))
    language = parts[0].lower()
    if not language.isalpha() or not 2 <= len(language) <= 3:
        raise CodeError(
            f"{code!r} is not a language code: it must start with a 2- or 3-letter "
            "ISO 639 code (e.g. 'de', 'fil')"
        )
    if not is_registered_language(language):
        raise CodeError(f"{code!r}: {language!r} is not an ISO 639 language code")
    script = region = ""
    variants: list[str] = []
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha() and not script and not region and not variants:
            script = part.title()
            if script not in _words("SCRIPT_SUBTAGS"):
                raise CodeError(f"{code!r}: {part!r} is not an ISO 15924 script code")
        elif (
            ((len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()))
            and not region
            and not variants
        ):
            region = part.upper()
            if region not in _words("REGION_SUBTAGS"):
                raise CodeError(f"{code!r}: {part!r} is not a region code")
        elif (5 <= len(part) <= 8 and part.isalnum()) or (len(part) == 4 and part[0].isdigit()):
            variants.append(part.lower())
        else:
            raise CodeError(f"{code!r}: {part!r} is neither a script, a region nor a variant")
    return LanguageTag(
        language,
        script,
        region,
        tuple(variants),
        match.group("codeset") or "",
        (match.group("modifier") or "").lower(),
    )


def is_registered_language(language: str) -> bool:
    """A language subtag registered for BCP 47 (ISO 639), an alias of one, or private use."""
    return (
        language in _words("LANGUAGE_SUBTAGS")
        or language in _table("ALIASES")
        or (len(language) == 3 and "qaa" <= language <= "qtz")
    )


def normalise_code(code: str) -> str:
    """The gettext spelling of a code (``pt-br`` → ``pt_BR``, ``zh-hans`` → ``zh_Hans``);
    a string that is not a code comes back stripped, with ``-`` as ``_``."""
    try:
        return parse_code(code).code()
    except CodeError:
        return code.strip().replace("-", "_")


def is_valid_code(code: str) -> bool:
    try:
        parse_code(code)
    except CodeError:
        return False
    return True


def code_error(code: str) -> str | None:
    """Why ``code`` is refused, or None."""
    try:
        parse_code(code)
    except CodeError as err:
        return str(err)
    return None


# ---------------------------------------------------------------------------------------------
# facts


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    plural_forms: str
    rtl: bool = False
    # Text placed between two sentences of one paragraph when a build joins them.
    sentence_joiner: str = " "
    script: str = ""  # ISO 15924, "" when unknown
    plural_known: bool = True  # False: plural_forms is gettext's default, not the language's
    tag: LanguageTag = field(default_factory=lambda: LanguageTag(""))


def canonical_language(language: str) -> str:
    """The language subtag after aliases (``iw`` → ``he``, ``fre`` → ``fr``, ``tl`` →
    ``fil``); the script part of an alias (``sh`` → ``sr_Latn``) is dropped here."""
    target = _table("ALIASES").get(language)
    return target.split("_")[0] if target else language


def macrolanguage(language: str) -> str | None:
    return _table("MACROLANGUAGE").get(canonical_language(language))


def script_of(tag: LanguageTag) -> str:
    """The script: given, from the modifier (``@latin``), from an alias (``sh``), else CLDR's
    likely script for language and region; "" when unknown."""
    if tag.script:
        return tag.script
    if tag.modifier:
        named = _table("SCRIPT_NAMES").get(tag.modifier)
        if named:
            return named
    alias = _table("ALIASES").get(tag.language, "")
    if "_" in alias:
        return alias.split("_")[1]
    lang = canonical_language(tag.language)
    if tag.region:
        regional = _table("REGIONAL_SCRIPTS").get(f"{lang}_{tag.region}")
        if regional:
            return regional
    scripts = _table("SCRIPTS")
    return scripts.get(lang) or scripts.get(macrolanguage(lang) or "", "")


def _plural_rule(tag: LanguageTag) -> str | None:
    plurals = _table("PLURALS")
    lang = canonical_language(tag.language)
    for key in (f"{lang}_{tag.region}" if tag.region else "", lang, macrolanguage(lang) or ""):
        if key and key in plurals:
            return plurals[key]
    return None


@cache
def get_language(code: str) -> Language | None:
    """The facts for ``code``, or None when it is not a language code. Every accepted code
    has facts; ``plural_known`` and ``script`` say how much CLDR knows about it."""
    try:
        tag = parse_code(code)
    except CodeError:
        return None
    lang = canonical_language(tag.language)
    names = _table("NAMES")
    name = names.get(f"{lang}_{tag.script}") or names.get(lang) or tag.language
    rule = _plural_rule(tag)
    script = script_of(tag)
    return Language(
        code=tag.code(),
        name=name,
        plural_forms=rule or DEFAULT_PLURAL_FORMS,
        rtl=script in _words("RTL_SCRIPTS"),
        sentence_joiner="" if script in _NO_SPACE_SCRIPTS else " ",
        script=script,
        plural_known=rule is not None,
        tag=tag,
    )


def plural_locales() -> list[str]:
    """The locales CLDR has a plural rule for (sorted)."""
    return sorted(_table("PLURALS"))


def plural_forms(code: str) -> str:
    lang = get_language(code)
    return lang.plural_forms if lang else DEFAULT_PLURAL_FORMS


def nplurals(code: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms(code))
    return int(match.group(1)) if match else 2


def same_language(folder: str, header: str) -> str | None:
    """Whether a header's ``Language`` fits the folder's language; None when it does, else
    what differs. What matters: the language (after aliases; a member of a macrolanguage fits
    the macrolanguage, ``nb`` in ``no``), and a script or region both codes state (or imply:
    ``zh_CN`` is Simplified, ``zh_Hant`` Traditional). A code that is more specific than the
    other fits (``de_DE`` in ``de``, ``sr@latin`` in ``sr``, ``pt`` in ``pt_BR``)."""
    try:
        a = parse_code(folder)
    except CodeError:
        return None  # the folder's own code is the configuration's business
    try:
        b = parse_code(header)
    except CodeError as err:
        return str(err)
    la, lb = canonical_language(a.language), canonical_language(b.language)
    if la != lb and macrolanguage(la) != lb and macrolanguage(lb) != la:
        return "another language"
    if a.region and b.region and a.region != b.region:
        return f"the region is {b.region}, not {a.region}"
    sa, sb = _stated_script(a), _stated_script(b)
    if sa and sb and sa != sb:
        return f"the script is {sb}, not {sa}"
    if a.variants and b.variants and a.variants != b.variants:
        return f"the variant is {'_'.join(b.variants)}, not {'_'.join(a.variants)}"
    return None


def _stated_script(tag: LanguageTag) -> str:
    """A script the code states: a script subtag, a script modifier, or a region that implies
    a script other than the language's usual one (``zh_TW``)."""
    if tag.script:
        return tag.script
    if tag.modifier and tag.modifier in _table("SCRIPT_NAMES"):
        return _table("SCRIPT_NAMES")[tag.modifier]
    if tag.region:
        lang = canonical_language(tag.language)
        return _table("REGIONAL_SCRIPTS").get(f"{lang}_{tag.region}", "")
    return ""
