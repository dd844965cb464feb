"""Glossary ids: the findings come from ``tmflow.steps.terms.TermMatcher.check_translation``;
they are declared here so that ``tmflow check --list`` shows them and the configuration can
change their severity."""

from __future__ import annotations

from tmflow.steps.qa.checks import declare

GLOSSARY_IDS = {
    "dnt-altered": (
        "glossary-dnt-altered",
        "error",
        "A do-not-translate term was changed in the translation.",
    ),
    "forbidden": (
        "glossary-forbidden",
        "error",
        "The translation uses a rendering the glossary forbids.",
    ),
    "missing": (
        "glossary-missing",
        "error",
        "A glossary term of the source lacks its approved rendering.",
    ),
    "unverified": (
        "glossary-unverified",
        "warning",
        "A glossary term's rendering was not found as written, in a language whose inflected "
        "forms tmflow cannot match (a warning, not an error).",
    ),
    "stem-only": (
        "glossary-stem-only",
        "info",
        "A term's rendering matches only by stem (check the inflection).",
    ),
}

for _kind, (_id, _severity, _text) in GLOSSARY_IDS.items():
    declare(_id, _severity, _text, kind="glossary", group="glossary")
