"""Small JSON files zo-reader keeps for itself: written privately and atomically, read forgivingly.

Bookmarks, remembered source kinds and feed validators may name private
things (what someone reads, a feed address with a token in it), so they are
written with mode 0600 in a 0700 folder. A missing or damaged file reads as
empty: each of them can be rebuilt, and none is worth an error.

Two zo-reader processes may change the same file: :func:`exclusive` lets one
at a time read, change and write it, and every write replaces the file whole,
so a reader never sees half of one, even after a power cut.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if sys.platform == "win32":

    def _lock_folder(folder: Path) -> int | None:
        return None  # folders cannot be opened, so not locked either

else:
    import fcntl

    def _lock_folder(folder: Path) -> int | None:
        try:
            descriptor = os.open(folder, os.O_RDONLY)
        except OSError:
            return None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        except OSError:  # a network file system without flock
            os.close(descriptor)
            return None
        return descriptor


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


@contextlib.contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Keep other zo-reader processes from changing files in ``folder`` during the block.

    The lock is on the folder itself, so no lock file is left behind; it is
    advisory (taken only by zo-reader) and released when the block ends or the
    process dies. Where a folder cannot be locked (Windows, some network file
    systems) the block runs unlocked. Not reentrant: do not nest two blocks.
    """
    descriptor = _lock_folder(folder)
    try:
        yield
    finally:
        if descriptor is not None:
            os.close(descriptor)


def plain_reason(error: OSError) -> str:
    """Why a write failed, in a few plain words: "the disk is full", "read-only"..."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "read-only"
    return (error.strerror or str(error)).lower()


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
            stream.flush()
            # On disk before it takes the old file's place: after a power cut the
            # name holds the old text or the new, never an empty file.
            os.fsync(stream.fileno())
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
