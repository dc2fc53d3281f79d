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


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` and any missing parents with mode 0700 (``mkdir -p`` gives 0755 above).

    Raises:
        OSError: A folder cannot be created.
    """
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir(mode=0o700, exist_ok=True)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600, so whatever a library writes into it is private."""
    make_private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def write_private(path: Path, text: str) -> None:
    """Write ``text`` atomically to ``path`` with mode 0600 in a 0700 folder.

    Raises:
        OSError: The folder or the file cannot be written.
    """
    make_private_dir(path.parent)
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
