"""PO and POT files: the only package that reads or writes them.

The full reader and the writer:

* ``reader``: the full parser (``load_po``, ``parse_po``) into polib's data types, with errors
  that name the file and line (files in the canonical layout read a block at a time);
* ``writer``: the canonical layout (``dumps_po``, ``save_po``) and new catalogs;
* ``escape``: the escape sequences every reader resolves.

The fast readers, which never build polib objects and agree with ``reader`` or hand the file
to it (an entry's state always comes from ``tmflow.core.provenance``):

* ``scan``: the status scanner (``scan_bytes``, ``scan_file``): segments and words by state,
  through ``count_blocks`` (the canonical layout: a run of entries matched by one regular
  expression, then blocks) and ``count_lines`` (any layout, line by line), into ``counts``
  (``FileStats``); words by pocount's rule in ``words``;
* ``light``: the checks' light catalogs (``read_light``);
* ``keys``: a template's (msgctxt, msgid) pairs (``read_keys``).

What they share:

* ``lexer``: quoted strings, entry patterns, comment text, and ``HandOff`` (how a fast reader
  gives a file to the next one);
* ``heads``: the facts of an entry's comment lines (flags, provenance, previous msgid);
* ``tiling``: the live entries of a usual file matched all at once, and its header's facts;
* ``canonical``: one-sided verdicts "surely what the writer writes";
* ``memo``: the bounded memos of text the files of a project repeat.
"""
