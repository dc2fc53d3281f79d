"""What the reader remembers per source: bookmarks and reading positions.

Kept in ``state.json`` in the user data directory, written atomically with
mode 0600, one section per source so two libraries never mix. Reading history
(back and forward) lives only in memory for the session: nothing about what
was read is written unless the user asked for it (a bookmark) or it is needed
to resume (the position in an article).
"""

from __future__ import annotations

import json
from pathlib import Path

from zo_reader.core.private_files import read_json_object, write_private

_VERSION = 1
_MAX_POSITIONS = 5_000  # oldest positions are dropped beyond this, keeping the file small
_MAX_HISTORY = 200  # articles of back/forward history kept across sessions, when asked for


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
        section = read_json_object(path).get("sources", {}).get(source_key, {}) if path else {}
        bookmarks = section.get("bookmarks", [])
        positions = section.get("positions", {})
        history = section.get("history", []) if keep_history else []
        self._bookmarks: list[str] = [b for b in bookmarks if isinstance(b, str)]
        self._positions: dict[str, int] = {
            k: v for k, v in positions.items() if isinstance(k, str) and isinstance(v, int)
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
        """Add or remove a bookmark, save, and return whether it is now bookmarked."""
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

    def position(self, article_id: str) -> int:
        """The line the reader was at in ``article_id`` (0 if never read)."""
        return self._positions.get(article_id, 0)

    def set_position(self, article_id: str, line: int) -> None:
        """Remember a position; written on :meth:`save`, not on every scroll."""
        if self._positions.get(article_id) == line:
            return
        self._positions.pop(article_id, None)  # re-insert so the newest is last
        if line > 0:
            self._positions[article_id] = line
        while len(self._positions) > _MAX_POSITIONS:
            del self._positions[next(iter(self._positions))]
        self._dirty = True

    def save(self) -> None:
        """Write this source's section if anything changed (other sources are kept)."""
        if self.path is None or not self._dirty:
            return
        document = read_json_object(self.path)
        document["version"] = _VERSION
        sources = document.setdefault("sources", {})
        section: dict[str, object] = {"bookmarks": self._bookmarks, "positions": self._positions}
        if self.keep_history:
            section["history"] = self._history
        sources[self.source_key] = section
        write_private(self.path, json.dumps(document, ensure_ascii=False, indent=1))
        self._dirty = False
