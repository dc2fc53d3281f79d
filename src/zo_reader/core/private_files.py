"""Small JSON files zo-reader keeps for itself: written privately and atomically, read forgivingly.

Bookmarks, remembered source kinds and feed validators may name private
things (what someone reads, a feed address with a token in it), so they are
written with mode 0600 in a 0700 folder. A missing or damaged file reads as
empty: each of them can be rebuilt, and none is worth an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_private(path: Path, text: str) -> None:
    """Write ``text`` atomically to ``path`` with mode 0600 in a 0700 folder.

    Raises:
        OSError: The folder or the file cannot be written.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_json_object(path: Path | None) -> dict[str, Any]:
    """The JSON object in ``path``, or an empty one when missing, unreadable or not an object."""
    if path is None:
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}
