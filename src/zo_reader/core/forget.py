"""Everything zo-reader has written, found and removed on request (``zo-reader forget``).

Only files zo-reader itself makes are touched, by name: the indexes and
remote copies in the cache folder's ``libraries``, remembered source kinds,
feed answers, web pages read, and the reading state in the data folder. The
config file is the user's own and stays. A folder is removed only when nothing else is
left in it, so a cache folder shared with other programs loses nothing else.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

_CACHE_PATTERNS = (
    "*.sqlite3",
    "*.sqlite3-wal",
    "*.sqlite3-shm",
    "*.sqlite3-journal",
    "*.feed.json",
    "*.page.json",  # what was read of a web page (core/sources/web_page.py)
    "sources.json",
    ".*.tmp",
    "*.tmp",
)
_DATA_PATTERNS = ("state.json", ".state-*.tmp", ".state*.tmp")


@dataclass(frozen=True, slots=True)
class Stored:
    """One file zo-reader wrote, and its size."""

    path: Path
    size: int


def stored_files(cache_root: Path, data_root: Path) -> list[Stored]:
    """Every file zo-reader has written under these folders, in a stable order."""
    found: dict[Path, Stored] = {}
    places = ((cache_root / "libraries", _CACHE_PATTERNS), (data_root, _DATA_PATTERNS))
    for folder, patterns in places:
        if not folder.is_dir():
            continue
        for pattern in patterns:
            for path in folder.glob(pattern):
                if path.is_file() and not path.is_symlink():
                    found[path] = Stored(path, path.stat().st_size)
    return sorted(found.values(), key=lambda stored: str(stored.path))


def forget(files: list[Stored], cache_root: Path, data_root: Path) -> list[Path]:
    """Delete ``files``, then the folders they leave empty; the paths actually removed."""
    removed: list[Path] = []
    for stored in files:
        with contextlib.suppress(FileNotFoundError):
            stored.path.unlink()
            removed.append(stored.path)
    for folder in (cache_root / "libraries", cache_root, data_root):
        with contextlib.suppress(OSError):  # not empty, or never made: left alone
            folder.rmdir()
    return removed
