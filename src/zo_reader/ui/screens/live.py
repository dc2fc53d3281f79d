"""Live preview: a reading screen that follows edits in its folder.

While a folder source is open, saving, adding, renaming or deleting a file
brings the index up to date (the browse screen reloads its lists), and the
open article is shown again in place, at the same line. An article deleted
while open stays on screen, and the status line says it was deleted.
"""

from __future__ import annotations

import threading

from textual.message import Message

from zo_reader.core.context import ReaderContext
from zo_reader.core.errors import ArticleNotFoundError, ZoReaderError
from zo_reader.core.sanitize import ours, safe_line
from zo_reader.ui.screens.reading import ReadingScreen


class LivePreviewScreen(ReadingScreen):
    """A :class:`ReadingScreen` that watches its folder and posts :class:`FilesChanged`."""

    def __init__(self, context: ReaderContext) -> None:
        super().__init__(context)
        self._stop_watching = threading.Event()

    def start_watching(self) -> None:
        """Follow the folder in a thread, if the source is a folder and watching is on.

        A plain daemon thread rather than a Textual worker: it runs for the
        whole session, and waiting for workers to finish (as tests and
        shutdown do) must not wait for it.
        """
        if self.context.watch_root() is not None:
            threading.Thread(target=self._watch, name="zo-reader-watch", daemon=True).start()

    def on_unmount(self) -> None:
        """Stop following the folder."""
        self._stop_watching.set()
        super().on_unmount()

    def _watch(self) -> None:
        from zo_reader.core.watch import watch_folder

        root = self.context.watch_root()
        if root is None:
            return
        try:
            watch_folder(
                root,
                self._changed_in_thread,
                self._stop_watching,
                recursive=self.context.watch_recursive,
            )
        except Exception as error:
            reason = safe_line(str(error)) or type(error).__name__
            message = ours(f"Live preview stopped: {reason}.")
            if not self._stop_watching.is_set():
                self.app.call_from_thread(self.status, message)

    class FilesChanged(Message):
        """Files changed in the folder: whoever syncs the index should do it now."""

    def _changed_in_thread(self, paths: set[str]) -> None:
        if not self._stop_watching.is_set():
            self.post_message(self.FilesChanged())  # safe from another thread

    def refresh_open_article(self) -> None:
        """Show the open article again if its file changed; say so if it was deleted."""
        shown = self.reading.article
        if shown is None:
            return
        try:
            fresh = self.library.get(shown.id)
        except ArticleNotFoundError:
            self.status(
                ours(
                    f"{safe_line(shown.title)} was deleted from the library; "
                    "it stays here until you open another article."
                )
            )
            return
        except ZoReaderError:
            return
        if fresh != shown:
            self.reading.show(fresh, position=self.reading.view.top_line)
            self.status(ours(f"Updated: {safe_line(fresh.title)}"))
