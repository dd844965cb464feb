"""JSON caches under the state folder (``.tmflow/``): one loader and one saver for all of them.

A cache file is one JSON object ``{"version": N, "<key>": {...}}``. Each step owns its file
name, its version (bumped when the meaning of an entry changes) and the key of its payload;
this module owns how such a file is read and written.

Design:

* A cache is an optimisation, never an input. Reading one never fails: a missing, unreadable
  or corrupt file, a file of another version, or a payload that is not a JSON object all read
  as an empty cache, and the step simply does the work again.
* Writing one never fails either: a read-only state folder means no cache, not an error
  (``save_json_cache`` says whether the file now holds the data). Writes go through
  ``tmflow.io.files.write_atomic``, so a crash mid-write leaves the old cache whole, and saving
  the same data again does not touch the file.
* One compact layout for every cache (no indentation, ASCII-only escapes so file names that
  are not valid UTF-8 still round-trip). Loading accepts any JSON layout, so caches written by
  earlier versions of tmflow stay valid.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tmflow.core.errors import InputError
from tmflow.io.files import write_atomic


def load_json_cache(path: Path, version: int, key: str) -> dict[str, Any]:
    """The payload stored under ``key`` in the cache file ``path``, or {} when the file is
    missing, unreadable, corrupt, of another ``version``, or its payload is not an object."""
    try:
        data = json.loads(Path(path).read_bytes())
    except (OSError, ValueError):  # ValueError covers bad JSON and bad UTF-8
        return {}
    if not isinstance(data, dict) or data.get("version") != version:
        return {}
    payload = data.get(key)
    return payload if isinstance(payload, dict) else {}


def save_json_cache(path: Path, version: int, key: str, data: dict[str, Any]) -> bool:
    """Write ``{"version": version, key: data}`` to ``path`` atomically. Returns True when the
    file now holds it (written, or already the same bytes), False when it could not be
    written (a file already there is then left as it was)."""
    payload = json.dumps({"version": version, key: data}, separators=(",", ":"))
    try:
        write_atomic(Path(path), payload + "\n")
    except (OSError, InputError):  # a cache that cannot be written is only slower next time
        return False
    return True
