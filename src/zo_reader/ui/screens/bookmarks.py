"""The bookmarks list: open one, or remove it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from zo_reader.core.context import ReaderContext
from zo_reader.core.errors import ZoReaderError
from zo_reader.core.sanitize import ours, safe_line
from zo_reader.ui.screens.dialog import ListDialog, option


class BookmarksScreen(ListDialog[str | None]):
    """Bookmarked articles, newest first; returns the chosen id or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,B",
            "close",
            "Close bookmarks",
            tooltip="Close the bookmarks list",
            id="bookmarks.close",
        ),
        Binding(
            "d,delete",
            "remove",
            "Remove bookmark",
            tooltip="Remove the highlighted bookmark",
            id="bookmarks.remove",
        ),
    ]

    def __init__(self, context: ReaderContext) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        bookmarks = OptionList(id="bookmarks")
        bookmarks.border_title = "Bookmarks"
        yield bookmarks

    def on_mount(self) -> None:
        """List the bookmarks."""
        self._fill()

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for article_id in self.context.state.bookmarks():
            try:
                title = safe_line(self.context.library.get(article_id).title)
            except ZoReaderError:
                title = ours(f"{safe_line(article_id)} (no longer in the library)")
            options.add_option(option(title, id=article_id))
        if not options.option_count:
            options.add_option(
                option(ours("No bookmarks yet. Press b while reading to add one."), disabled=True)
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen article."""
        self.dismiss(event.option.id)

    def action_remove(self) -> None:
        """Remove the highlighted bookmark."""
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        article_id = options.get_option_at_index(options.highlighted).id
        if article_id:
            try:
                self.context.state.toggle_bookmark(article_id)
            except OSError as error:  # disk full, read-only: kept in memory, saved later
                announce = getattr(self.app, "announce", None)  # the browse screen's status line
                if announce is not None:
                    reason = safe_line(str(error.strerror or error))
                    announce(ours(f"The change could not be saved: {reason}."))
            self._fill()

    def action_close(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)
