"""Project configuration: ``[tool.tmflow]`` in pyproject.toml, or a standalone tmflow.toml.

One loader validates everything: wrong types, unknown keys (with a "did you mean"
suggestion), unknown or duplicate language codes, a target equal to the source, paths that
lead outside the project, URLs that cannot be one. Every error names the file, the line of
the key where it can be found, and the dotted key. A configuration registers its project with
the path policy (``tmflow.io.paths``) as it is made.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tmflow.core.errors import ConfigError, InputError
from tmflow.core.languages import is_valid_code, normalise_code
from tmflow.io import paths

# the machine-translation providers tmflow.io.translators knows (kept equal by a test)
PROVIDERS = (
    "google",
    "google-cloud",
    "mymemory",
    "libre",
    "microsoft",
    "deepl",
    "yandex",
    "openai",
    "pseudo",
)


@dataclass(frozen=True)
class SegmentationConfig:
    # language -> abbreviations that never end a sentence ("Dr.", "Mr.")
    never_ends: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # language -> abbreviations that may end a sentence when a capital follows ("etc.", "Inc.")
    may_end: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # article -> list of paragraph prefixes to keep whole (plain-text override)
    keep_whole: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # article -> text fragments after which a segment boundary is forced (plain-text override)
    split_after: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Markdown front-matter keys whose values are translatable
    front_matter_keys: tuple[str, ...] = ("title", "description", "summary")


@dataclass(frozen=True)
class MtConfig:
    provider: str | None = None
    url: str | None = None
    concurrency: int | None = None
    timeout: float = 20.0
    retries: int = 4
    batch_size: int | None = None  # texts per request (None: the engine's limit; 1: no lists)
    max_retry_after: float = 120.0  # a longer Retry-After ends the run for the engine
    max_failures: int = 6  # failed requests in a row after which the engine is given up
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MemoryConfig:
    threshold: int = 75
    # "fuzzy": exact matches land as fuzzy drafts; "translated": a consistent exact match
    # (every memory unit agrees) lands translated.
    exact: str = "fuzzy"
    tmx: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckConfig:
    # check id -> severity or "off"
    severity: dict[str, str] = field(default_factory=dict)
    # language -> {check id -> severity}
    languages: dict[str, dict[str, str]] = field(default_factory=dict)
    min_translated: dict[str, float] = field(default_factory=dict)
    # which catalogs get Markdown and tag checks: "auto" (those whose references name
    # Markdown or HTML files), "markdown", "html" (all), "none"
    markup: str = "auto"
    # format-string kinds checked in every entry (an entry's own "…-format" flags add to these)
    formats: tuple[str, ...] = ()


@dataclass(frozen=True)
class UpdateConfig:
    # segments with no words to translate (numbers, URLs, do-not-translate terms only) land
    # translated as a copy of their source: True, False, or the languages that copy
    copy_untranslatable: bool | tuple[str, ...] = True
    # remove the templates and PO files of articles whose source is gone (their translations
    # are kept in the memory folder first), as ``--prune`` does
    prune: bool = False

    def copies(self, language: str) -> bool:
        """Does ``language`` get copies of untranslatable segments?"""
        if isinstance(self.copy_untranslatable, bool):
            return self.copy_untranslatable
        return language in self.copy_untranslatable


@dataclass(frozen=True)
class BuildConfig:
    min_translated: float = 100.0
    fallback: str = "none"  # "none" | "source"
    require_check: bool = False  # hold back a language version whose PO file fails 'check'


@dataclass(frozen=True)
class FilesConfig:
    # the largest file tmflow reads, in MB (a larger one is refused with a message)
    max_size: int = paths.DEFAULT_MAX_BYTES // 1_000_000
    # folders outside the project that links inside it may lead into, for reading only
    links_outside: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportConfig:
    # a link to a file in the repository's web view: "https://host/org/repo/blob/{ref}/{path}"
    # ({ref}: the commit a page was made from; {path}: the file's path in the repository)
    file_url: str | None = None


@dataclass(frozen=True)
class Config:
    root: Path
    path: Path | None
    source_language: str = "en"
    languages: tuple[str, ...] = ()
    sources_dir: Path = Path("sources")
    locales_dir: Path = Path("locales")
    glossary_path: Path = Path("glossary.yml")
    build_dir: Path = Path("published")
    segmentation: SegmentationConfig = field(default_factory=SegmentationConfig)
    mt: MtConfig = field(default_factory=MtConfig)
    memory: MemoryConfig = field(default_factory=MemoryConfig)
    check: CheckConfig = field(default_factory=CheckConfig)
    update: UpdateConfig = field(default_factory=UpdateConfig)
    build: BuildConfig = field(default_factory=BuildConfig)
    files: FilesConfig = field(default_factory=FilesConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    # the glossary was named by the configuration (then it must exist)
    glossary_configured: bool = False

    def __post_init__(self) -> None:
        # every path under ``root`` is read and written by the path policy's rules
        paths.confine(
            self.root,
            links_outside=tuple(
                os.path.join(self.root, folder) for folder in self.files.links_outside
            ),
            max_bytes=self.files.max_size * 1_000_000,
        )

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir / "templates"

    @property
    def state_dir(self) -> Path:
        return self.root / ".tmflow"

    def po_path(self, language: str, article: str) -> Path:
        return self.locales_dir / language / f"{article}.po"

    def pot_path(self, article: str) -> Path:
        return self.templates_dir / f"{article}.pot"


# ---------------------------------------------------------------------------------------------
# schema


Validator = Callable[[Any, "_Ctx"], Any]


class _Ctx:
    def __init__(self, path: Path, text: str, prefix: str) -> None:
        self.path = path
        self.text = text
        self.prefix = prefix

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.prefix}{key}: {message}", self.path, _line_of(self.text, key))


def _line_of(text: str, dotted: str) -> int | None:
    """Best-effort line of a key in TOML text (tomllib keeps no positions)."""
    last = dotted.split(".")[-1].split("[")[0]
    pattern = re.compile(rf"^[ \t]*\"?{re.escape(last)}\"?[ \t]*=", re.M)
    match = pattern.search(text)
    if match is None:
        pattern = re.compile(rf"^[ \t]*\[[^\]]*\b{re.escape(last)}\]", re.M)
        match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _type_name(value: Any) -> str:
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _str(value: Any, ctx: _Ctx, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail(key, f"expected a non-empty string, got {_type_name(value)}")
    return value


def _int(lo: int, hi: int) -> Callable[[Any, _Ctx, str], int]:
    def check(value: Any, ctx: _Ctx, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ctx.fail(key, f"expected an integer, got {_type_name(value)}")
        if not lo <= value <= hi:
            raise ctx.fail(key, f"must be between {lo} and {hi}, got {value}")
        return value

    return check


def _num(lo: float, hi: float) -> Callable[[Any, _Ctx, str], float]:
    def check(value: Any, ctx: _Ctx, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ctx.fail(key, f"expected a number, got {_type_name(value)}")
        if not lo <= value <= hi:
            raise ctx.fail(key, f"must be between {lo:g} and {hi:g}, got {value}")
        return float(value)

    return check


def _choice(*choices: str) -> Callable[[Any, _Ctx, str], str]:
    def check(value: Any, ctx: _Ctx, key: str) -> str:
        if value not in choices:
            hint = _suggest(str(value), choices)
            raise ctx.fail(key, f"must be one of {', '.join(choices)}, got {value!r}{hint}")
        return str(value)

    return check


def _str_list(value: Any, ctx: _Ctx, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ctx.fail(key, f"expected a list of non-empty strings, got {_type_name(value)}")
    return tuple(value)


def url_problem(value: str) -> str | None:
    """Why ``value`` cannot be an http(s) endpoint, or None when it can."""
    from urllib.parse import urlsplit

    if any(not c.isprintable() or c.isspace() for c in value):
        return "contains spaces or control characters"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - parses the port: "http://host:x/" raises here
    except ValueError as err:
        return f"not a valid URL ({err})"
    if parts.scheme not in ("http", "https"):
        return "must start with http:// or https://"
    if not parts.hostname:
        return "has no host name"
    return None


def _url(value: Any, ctx: _Ctx, key: str) -> str:
    _str(value, ctx, key)
    problem = url_problem(value)
    if problem:
        raise ctx.fail(key, f"{value!r}: {problem}")
    return str(value)


FILE_URL_FIELDS = ("ref", "path")


def file_url_problem(value: str) -> str | None:
    """Why ``value`` cannot be a pattern of links to files in a repository's web view, or
    None when it can: an http(s) URL with ``{path}`` (and optionally ``{ref}``) in it, and
    no other replacement field."""
    import string

    try:
        fields = [
            (name, spec, conversion)
            for _text, name, spec, conversion in string.Formatter().parse(value)
            if name is not None
        ]
    except ValueError as err:
        return f"not a valid pattern ({err}; write a literal brace as {{{{ or }}}})"
    for name, spec, conversion in fields:
        if name not in FILE_URL_FIELDS:
            return f"unknown field {{{name}}} (use {{ref}} and {{path}})"
        if spec or conversion:
            return f"the field {{{name}}} takes no format or conversion"
    if "path" not in {name for name, _spec, _conversion in fields}:
        return "has no {path} field (where the file's path in the repository goes)"
    return url_problem(value.format(ref="0123abc", path="locales/fr/article.po"))


def _file_url(value: Any, ctx: _Ctx, key: str) -> str:
    _str(value, ctx, key)
    problem = file_url_problem(value)
    if problem:
        raise ctx.fail(key, f"{value!r}: {problem}")
    return str(value)


def _language(value: Any, ctx: _Ctx, key: str) -> str:
    _str(value, ctx, key)
    if not is_valid_code(value):
        raise ctx.fail(key, f"unknown language code {value!r}")
    return normalise_code(value)


def _languages(value: Any, ctx: _Ctx, key: str) -> tuple[str, ...]:
    codes = _str_list(value, ctx, key)
    if not codes:
        raise ctx.fail(key, "name at least one target language")
    seen: list[str] = []
    for code in codes:
        if not is_valid_code(code):
            raise ctx.fail(key, f"unknown language code {code!r}")
        code = normalise_code(code)
        if code in seen:
            raise ctx.fail(key, f"language {code!r} is listed twice")
        seen.append(code)
    return tuple(seen)


def _lang_table(
    inner: Callable[[Any, _Ctx, str], Any],
) -> Callable[[Any, _Ctx, str], dict[str, Any]]:
    def check(value: Any, ctx: _Ctx, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ctx.fail(key, f"expected a table keyed by language, got {_type_name(value)}")
        out = {}
        for lang, item in value.items():
            if not is_valid_code(lang):
                raise ctx.fail(f"{key}.{lang}", f"unknown language code {lang!r}")
            out[normalise_code(lang)] = inner(item, ctx, f"{key}.{lang}")
        return out

    return check


def _str_table(
    inner: Callable[[Any, _Ctx, str], Any],
) -> Callable[[Any, _Ctx, str], dict[str, Any]]:
    def check(value: Any, ctx: _Ctx, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ctx.fail(key, f"expected a table, got {_type_name(value)}")
        return {k: inner(v, ctx, f"{key}.{k}") for k, v in value.items()}

    return check


def _bool(value: Any, ctx: _Ctx, key: str) -> bool:
    if not isinstance(value, bool):
        raise ctx.fail(key, f"expected true or false, got {_type_name(value)}")
    return value


def _bool_or_languages(value: Any, ctx: _Ctx, key: str) -> bool | tuple[str, ...]:
    """true, false, or a list of language codes (each a target language: checked later)."""
    if isinstance(value, bool):
        return value
    if not isinstance(value, list):
        raise ctx.fail(
            key, f"expected true, false or a list of languages, got {_type_name(value)}"
        )
    out = []
    for code in _str_list(value, ctx, key):
        if not is_valid_code(code):
            raise ctx.fail(key, f"unknown language code {code!r}")
        out.append(normalise_code(code))
    return tuple(out)


def _price(value: Any, ctx: _Ctx, key: str) -> dict[str, float]:
    if not isinstance(value, dict):
        raise ctx.fail(
            key, f"expected a table {{ input = N, output = N }}, got {_type_name(value)}"
        )
    out = {}
    for name, item in value.items():
        if name not in ("input", "output"):
            raise ctx.fail(f"{key}.{name}", f"unknown key{_suggest(name, ('input', 'output'))}")
        out[name] = _num(0, 1_000_000)(item, ctx, f"{key}.{name}")
    return out


# [tool.tmflow.mt] options: the engines' own settings (the engines that read them in comments)
MT_OPTIONS: dict[str, Callable[[Any, _Ctx, str], Any]] = {
    "email": _str,  # mymemory: the larger quota of a registered e-mail address
    "region": _str,  # microsoft: the resource's region
    "formality": _str,  # deepl
    "glossary_ids": _lang_table(_str),  # deepl: native glossaries by language
    "model": _str,  # openai: the model (or the server's name for it)
    "api-version": _str,  # openai on Azure
    "token-budget": _int(256, 10_000_000),  # openai: tokens one request may use (estimated)
    "temperature": _num(0, 2),  # openai
    "response-format": _choice("json_schema", "json_object", "none"),  # openai
    "price": _price,  # openai: per million tokens, input and output, for --dry-run
    "style": _str,  # openai: an instruction for every language
    "style-by-language": _lang_table(_str),  # openai: an instruction per language
}


def _mt_options(value: Any, ctx: _Ctx, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ctx.fail(key, f"expected a table, got {_type_name(value)}")
    out = {}
    for name, item in value.items():
        check = MT_OPTIONS.get(name)
        if check is None:
            raise ctx.fail(f"{key}.{name}", f"unknown option{_suggest(name, MT_OPTIONS)}")
        out[name] = check(item, ctx, f"{key}.{name}")
    return out


SEVERITIES = ("error", "warning", "info", "off")
_severity = _choice(*SEVERITIES)
_percent = _num(0, 100)


def _severity_table(value: Any, ctx: _Ctx, key: str) -> dict[str, Any]:
    return _str_table(_severity)(value, ctx, key)


FORMATS = (
    "c",
    "objc",
    "php",
    "python",
    "python-brace",
    "qt",
    "kde",
    "csharp",
    "java",
    "sh",
    "perl-brace",
    "javascript",
)


def _formats(value: Any, ctx: _Ctx, key: str) -> tuple[str, ...]:
    names = _str_list(value, ctx, key)
    for name in names:
        if name.removesuffix("-format") not in FORMATS:
            raise ctx.fail(
                key,
                f"unknown format {name!r} (one of {', '.join(FORMATS)}){_suggest(name, FORMATS)}",
            )
    return tuple(name.removesuffix("-format") for name in names)


# section -> key -> (attribute, validator)
SCHEMA: dict[str, dict[str, tuple[str, Callable[[Any, _Ctx, str], Any]]]] = {
    "": {
        "source-language": ("source_language", _language),
        "languages": ("languages", _languages),
        "sources": ("sources_dir", _str),
        "locales": ("locales_dir", _str),
        "glossary": ("glossary_path", _str),
        "build-dir": ("build_dir", _str),
    },
    "segmentation": {
        "never-ends": ("never_ends", _lang_table(_str_list)),
        "may-end": ("may_end", _lang_table(_str_list)),
        "keep-whole": ("keep_whole", _str_table(_str_list)),
        "split-after": ("split_after", _str_table(_str_list)),
        "front-matter-keys": ("front_matter_keys", _str_list),
    },
    "mt": {
        "provider": ("provider", _choice(*PROVIDERS)),
        "url": ("url", _url),
        "concurrency": ("concurrency", _int(1, 256)),
        "timeout": ("timeout", _num(0.1, 600)),
        "retries": ("retries", _int(0, 20)),
        "batch-size": ("batch_size", _int(1, 1000)),
        "max-retry-after": ("max_retry_after", _num(0, 86400)),
        "max-failures": ("max_failures", _int(1, 1000)),
        "options": ("options", _mt_options),
    },
    "memory": {
        "threshold": ("threshold", _int(50, 100)),
        "exact": ("exact", _choice("fuzzy", "translated")),
        "tmx": ("tmx", _str_list),
    },
    "check": {
        "severity": ("severity", _severity_table),
        "languages": ("languages", _lang_table(_severity_table)),
        "min-translated": ("min_translated", _lang_table(_percent)),
        "markup": ("markup", _choice("auto", "markdown", "html", "none")),
        "formats": ("formats", _formats),
    },
    "update": {
        "copy-untranslatable": ("copy_untranslatable", _bool_or_languages),
        "prune": ("prune", _bool),
    },
    "build": {
        "min-translated": ("min_translated", _percent),
        "fallback": ("fallback", _choice("none", "source")),
        "require-check": ("require_check", _bool),
    },
    "files": {
        "max-size": ("max_size", _int(1, 100_000)),
        "links-outside": ("links_outside", _str_list),
    },
    "report": {
        "file-url": ("file_url", _file_url),
    },
}

_SECTION_TYPES = {
    "segmentation": SegmentationConfig,
    "mt": MtConfig,
    "memory": MemoryConfig,
    "check": CheckConfig,
    "update": UpdateConfig,
    "build": BuildConfig,
    "files": FilesConfig,
    "report": ReportConfig,
}


def _suggest(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _validate_section(name: str, table: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    schema = SCHEMA[name]
    out: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{name}.{key}" if name else key
        if name == "" and key in SCHEMA and key:
            continue  # a sub-table, validated on its own
        if key not in schema:
            options = list(schema) + ([s for s in SCHEMA if s] if name == "" else [])
            raise ctx.fail(dotted, f"unknown key{_suggest(key, options)}")
        attr, check = schema[key]
        out[attr] = check(value, ctx, dotted)
    return out


def parse_config(text: str, path: Path) -> Config:
    """Validate the text of a config file at ``path``; ``Config.root`` is its folder."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(
            "invalid TOML: arrays or tables nested too deeply to read", path
        ) from None
    except tomllib.TOMLDecodeError as err:
        msg = str(err)
        match = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(match.group(1)) if match else None
        col = int(match.group(2)) if match else None
        reason = re.sub(r" \(at line.*", "", msg)
        raise ConfigError(f"invalid TOML: {reason}", path, line, col) from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("tmflow")
        prefix = "tool.tmflow."
        if table is None:
            raise ConfigError("no [tool.tmflow] table", path)
    else:
        table = data
        prefix = ""
    if not isinstance(table, dict):
        raise ConfigError(f"{prefix.rstrip('.')} must be a table", path)
    ctx = _Ctx(path, text, prefix)
    values = _validate_section("", table, ctx)
    if "languages" not in values:
        raise ctx.fail("languages", 'missing: list the target languages, e.g. ["fr", "de"]')
    source = values.get("source_language", "en")
    if source in values["languages"]:
        raise ctx.fail("languages", f"target language {source!r} is the source language")
    sections: dict[str, Any] = {}
    for name, cls in _SECTION_TYPES.items():
        sub = table.get(name, {})
        if not isinstance(sub, dict):
            raise ctx.fail(name, f"expected a table [{prefix}{name}], got {_type_name(sub)}")
        sections[name] = cls(**_validate_section(name, sub, ctx))
    for lang in sections["check"].languages:
        if lang not in values["languages"]:
            raise ctx.fail(f"check.languages.{lang}", f"{lang!r} is not a target language")
    copying = sections["update"].copy_untranslatable
    for lang in copying if isinstance(copying, tuple) else ():
        if lang not in values["languages"]:
            raise ctx.fail("update.copy-untranslatable", f"{lang!r} is not a target language")
    for lang in sections["mt"].options.get("style-by-language", {}):
        if lang not in values["languages"]:
            raise ctx.fail(
                f"mt.options.style-by-language.{lang}", f"{lang!r} is not a target language"
            )
    root = path.parent.resolve()
    outside = tuple(
        os.path.realpath(os.path.join(root, folder)) for folder in sections["files"].links_outside
    )
    for attr in ("sources_dir", "locales_dir", "glossary_path", "build_dir"):
        key = next(k for k, (a, _) in SCHEMA[""].items() if a == attr)
        value = values.get(attr, str(Config.__dataclass_fields__[attr].default))
        # read-only paths may lead into a links-outside folder; written ones never leave
        reads = outside if attr in ("sources_dir", "glossary_path") else ()
        values[attr] = _inside(root, value, ctx, key, reads, configured=attr in values)
    values["glossary_configured"] = "glossary" in table
    for item in sections["memory"].tmx:
        _inside(root, item, ctx, "memory.tmx", outside, configured=True)
    folders = [("sources", "sources_dir"), ("locales", "locales_dir"), ("build-dir", "build_dir")]
    for i, (key, attr) in enumerate(folders):
        for other_key, other in folders[i + 1 :]:
            a, b = values[attr].resolve(), values[other].resolve()
            if a == b or a in b.parents or b in a.parents:
                raise ctx.fail(
                    other_key,
                    f"folder {values[other].relative_to(root)} overlaps {key} "
                    f"({values[attr].relative_to(root)}); give each its own folder",
                )
    return Config(root=root, path=path, **values, **sections)


def _inside(
    root: Path,
    value: str,
    ctx: _Ctx,
    key: str,
    outside: tuple[str, ...] = (),
    *,
    configured: bool,
) -> Path:
    """``root / value``, lexically: it must be inside the project, and so must the place it
    leads to through links (or inside one of the ``outside`` folders, for what is only read).
    A default path whose link leads out is left for the path policy to refuse when used."""
    lexical = Path(os.path.normpath(root / value))
    if lexical != root and root not in lexical.parents:
        raise ctx.fail(key, f"path {value!r} points outside the project")
    real = os.path.realpath(lexical)
    if configured and not (
        paths.Confinement(str(root)).allows(real, writing=False)
        or any(real == f or real.startswith(f + os.sep) for f in outside)
    ):
        raise ctx.fail(
            key,
            f"path {value!r} is a link that leads outside the project (to {real}); list "
            "the folder in [tool.tmflow.files] links-outside to read through it",
        )
    return lexical


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``: tmflow.toml, or a pyproject.toml with
    a [tool.tmflow] table."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        standalone = folder / "tmflow.toml"
        if standalone.is_file():
            return standalone
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                text = _read_config(pyproject).decode("utf-8")
            except (ConfigError, UnicodeDecodeError):
                continue
            if re.search(r"^\[tool\.tmflow[\].]", text, re.M):
                return pyproject
    return None


def load_config(project: Path | None = None) -> Config:
    """Load the configuration of the project at (or above) ``project``, default: the cwd."""
    start = Path.cwd() if project is None else Path(project)
    if project is not None and not start.exists():
        raise ConfigError(f"project folder {start} does not exist")
    if start.is_file():
        path: Path | None = start
    else:
        path = find_config(start)
    if path is None:
        raise ConfigError(
            f"no tmflow project at or above {start.resolve()} "
            "(no tmflow.toml, no [tool.tmflow] in pyproject.toml); "
            "run 'tmflow init' to create one"
        )
    raw = _read_config(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise ConfigError("not UTF-8 text", path, line) from None
    return parse_config(text, path)


def _read_config(path: Path) -> bytes:
    """The bytes of a configuration file (a regular file, bounded), errors as ConfigError."""
    from tmflow.io.files import read_bytes

    try:
        return read_bytes(path, "configuration file", confined=False)
    except InputError as err:
        raise ConfigError(err.message, path) from None
