"""What the reader remembers per source: bookmarks and reading positions.

Kept in ``state.json`` in the user data directory, written atomically with
mode 0600, one section per source so two libraries never mix. Reading history
(back and forward) lives only in memory for the session: nothing about what
was read is written unless the user asked for it (a bookmark) or it is needed
to resume (the position in an article).

Two readers may save at once (two terminals): each save reads the file,
replaces its own source's section and writes it back under a lock, so another
source's section is never lost; for the same source the last to save wins,
whole (its bookmarks and positions as that reader knew them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from zo_reader.core.errors import ZoReaderError
from zo_reader.core.private_files import (
    exclusive,
    make_private_dir,
    plain_reason,
    read_json_object,
    write_private,
)

_VERSION = 2  # 2: positions are places, [source line, per mille]; 1 held layout lines
_MAX_POSITIONS = 5_000  # oldest positions are dropped beyond this, keeping the file small
_MAX_HISTORY = 200  # articles of back/forward history kept across sessions, when asked for


class StateError(ZoReaderError, OSError):
    """Bookmarks and positions could not be saved; the file on disk is as it was.

    Also an :class:`OSError`, whose ``strerror`` is the reason in a few words,
    for callers that catch that.
    """

    def __init__(self, path: Path, error: OSError) -> None:
        reason = plain_reason(error)
        super().__init__(error.errno, reason)
        self.message = f"Cannot save bookmarks and reading positions in {path.parent}: {reason}."

    def __str__(self) -> str:
        return self.message


class ReadingState:
    """Bookmarks and reading positions for one source.

    Args:
        path: The state file, or ``None`` to keep everything in memory only.
        source_key: The source's key (see :class:`~zo_reader.core.sources.base.Source`).
    """

    def __init__(self, path: Path | None, source_key: str, *, keep_history: bool = False) -> None:
        self.path = path
        self.source_key = source_key
        self.keep_history = keep_history
        # Any part of the file may be damaged or of the wrong shape: what is not
        # as expected reads as empty.
        section = _object(_object(read_json_object(path).get("sources")).get(source_key))
        bookmarks = _list(section.get("bookmarks"))
        positions = _object(section.get("positions"))
        history = _list(section.get("history")) if keep_history else []
        self._bookmarks: list[str] = [b for b in bookmarks if isinstance(b, str)]
        self._positions: dict[str, Position] = {
            k: p for k, v in positions.items() if isinstance(k, str) and (p := _position(v))
        }
        self._history = [h for h in history if isinstance(h, str)][-_MAX_HISTORY:]
        # A history kept by an earlier setting is erased at the next save.
        self._dirty = "history" in section and not keep_history

    # Bookmarks

    def bookmarks(self) -> list[str]:
        """Bookmarked article ids, most recent first."""
        return list(reversed(self._bookmarks))

    def is_bookmarked(self, article_id: str) -> bool:
        """Whether ``article_id`` is bookmarked."""
        return article_id in self._bookmarks

    def toggle_bookmark(self, article_id: str) -> bool:
        """Add or remove a bookmark, save, and return whether it is now bookmarked.

        Raises:
            StateError: It could not be saved; it is kept here and saved again
                with the next change or on :meth:`save`.
        """
        if article_id in self._bookmarks:
            self._bookmarks.remove(article_id)
            added = False
        else:
            self._bookmarks.append(article_id)
            added = True
        self._dirty = True
        self.save()
        return added

    # History of articles read (kept across sessions only when asked for)

    @property
    def history(self) -> list[str]:
        """Article ids read in earlier sessions, oldest first (empty unless kept)."""
        return list(self._history)

    def set_history(self, entries: list[str]) -> None:
        """Remember the session's history, if ``keep_history``; written on :meth:`save`."""
        if not self.keep_history or entries[-_MAX_HISTORY:] == self._history:
            return
        self._history = entries[-_MAX_HISTORY:]
        self._dirty = True

    # Reading positions

    def position(self, article_id: str) -> Position:
        """Where the reader was in ``article_id``: a place, or 0 if never read (or at the top).

        A file written before places were kept holds a line of the styled
        layout (an ``int``); the reader maps it as before, once, and the next
        save writes a place instead.
        """
        return self._positions.get(article_id, 0)

    def set_position(self, article_id: str, position: Position) -> None:
        """Remember a place (0: the top); written on :meth:`save`, not on every scroll."""
        if self._positions.get(article_id) == position:
            return
        self._positions.pop(article_id, None)  # re-insert so the newest is last
        if position:
            self._positions[article_id] = position
        while len(self._positions) > _MAX_POSITIONS:
            del self._positions[next(iter(self._positions))]
        self._dirty = True

    def save(self) -> None:
        """Write this source's section if anything changed (other sources are kept).

        Raises:
            StateError: The file cannot be written (disk full, read-only folder);
                the file on disk is left whole, as it was.
        """
        if self.path is None or not self._dirty:
            return
        positions = {k: list(v) if isinstance(v, tuple) else v for k, v in self._positions.items()}
        section: dict[str, object] = {"bookmarks": self._bookmarks, "positions": positions}
        if self.keep_history:
            section["history"] = self._history
        try:
            make_private_dir(self.path.parent)
            with exclusive(self.path.parent):
                document = read_json_object(self.path)
                document["version"] = _VERSION
                sources = _object(document.get("sources"))
                sources[self.source_key] = section
                document["sources"] = sources
                write_private(self.path, json.dumps(document, ensure_ascii=False, indent=1))
        except OSError as error:
            raise StateError(self.path, error) from error
        self._dirty = False


Position = int | tuple[int, int]
"""A place, ``(source line, per mille)`` (:data:`~zo_reader.core.document.Place`), or
an ``int``: 0 for the top, else a styled-layout line saved by an older version."""


def _position(value: object) -> Position:
    """A stored position, checked: ``[line, per mille]`` or a legacy line; else 0."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(value, 0)
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in value)
    ):
        return (value[0], min(value[1], 999))
    return 0


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
