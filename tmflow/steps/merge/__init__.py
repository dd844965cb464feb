"""Steps 2 and 3: merge templates into catalogs (msgmerge semantics), the translation memory,
the kinds of source edits, and the leverage analysis."""
