"""PO and POT files: the only package that reads or writes them.

* ``reader``: the full parser (``load_po``, ``parse_po``) into polib's data types, with errors
  that name the file and line;
* ``writer``: the canonical layout (``dumps_po``, ``save_po``) and new catalogs;
* ``escape``: the escape sequences both readers resolve;
* ``scan``: the fast readers that never build polib objects (status counts, the checks' light
  catalogs, a template's keys); each agrees with ``reader`` or hands the file to it.
"""
