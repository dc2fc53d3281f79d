"""What every screen with a reader does: open articles, follow links, go back, bookmark.

:class:`ReadingScreen` holds the reading region and the status line's voice;
the browse screen adds the tag list, the article list and search on top.
"""

from __future__ import annotations

from textual import on, work
from textual.screen import Screen

from zo_reader.core import link_names
from zo_reader.core.context import ReaderContext
from zo_reader.core.errors import ZoReaderError
from zo_reader.core.history import History
from zo_reader.core.links import not_followed, resolve_link
from zo_reader.core.models import Article
from zo_reader.core.sanitize import CleanText, ours, safe_line
from zo_reader.ui.widgets.article_view import ArticleView
from zo_reader.ui.widgets.reading_pane import ReadingPane
from zo_reader.ui.widgets.status_line import StatusLine


class ReadingScreen(Screen[None]):
    """A screen with a :class:`ReadingPane` (``self.reading``) and a :class:`StatusLine`.

    Args:
        context: The open source, its index and the reading state.
    """

    def __init__(self, context: ReaderContext) -> None:
        super().__init__()
        self.context = context
        self.library = context.library
        # Kept across sessions only with keep_history = true; otherwise it starts empty.
        remembered = context.state.history
        self.history = History(remembered, len(remembered) - 1)
        self.plain = context.settings.screen_reader
        # Kept as an attribute: it is read while the screen unmounts, after the
        # DOM can no longer be queried.
        self.reading = ReadingPane(context.settings.width, plain=self.plain, id="reading")

    def show_reader(self) -> None:
        """Focus the article (subclasses also bring its region into view)."""
        self.reading.view.focus()

    def on_unmount(self) -> None:
        """Remember where the reader was in the open article."""
        pane = self.reading
        if pane.article is not None:
            self.context.state.set_position(pane.article.id, pane.view.place)
        self.context.state.set_history(self.history.entries)

    def open_article(self, article_id: str, anchor: str | None = None, record: bool = True) -> None:
        """Show an article in the reader, at its saved position or at ``anchor``."""
        pane = self.reading
        if pane.article is not None:
            self.context.state.set_position(pane.article.id, pane.view.place)
        if not self.library.is_complete(article_id):
            # Only the summary is stored: fetch the body without freezing the keyboard.
            self.status(ours("Downloading the article…"))
            self._download(article_id, anchor, record)
            return
        try:
            article = self.library.get(article_id)
        except ZoReaderError as error:
            self.status(safe_line(str(error)))
            return
        self._show(article, anchor, record)

    @work(thread=True, exclusive=True, group="download")
    def _download(self, article_id: str, anchor: str | None, record: bool) -> None:
        try:
            article = self.library.get(article_id)
        except ZoReaderError as error:
            self.app.call_from_thread(self.status, safe_line(str(error)))
            return
        self.app.call_from_thread(self._show, article, anchor, record)

    def _show(self, article: Article, anchor: str | None, record: bool) -> None:
        pane = self.reading
        if record:
            self.history.visit(article.id)
        pane.show(article, position=0 if anchor else self.context.state.position(article.id))
        if anchor:
            self._scroll_to_anchor(anchor)
        self.status(ours(f"Reading: {safe_line(article.title)}{self._bookmark_note(article)}"))
        self.app.call_after_refresh(self._place_cursor)

    def _bookmark_note(self, article: Article) -> str:
        return " (bookmarked)" if self.context.state.is_bookmarked(article.id) else ""

    def _scroll_to_anchor(self, anchor: str) -> None:
        view = self.reading.view
        line = view.document.anchor_line(anchor) if view.document else None
        if line is None:
            self.status(ours(f"There is no heading '{safe_line(anchor)}' in this article."))
        else:
            view.scroll_to_line(line)

    @on(ArticleView.PositionChanged)
    def _position_changed(self, event: ArticleView.PositionChanged) -> None:
        article = self.reading.article
        if article is not None:
            self.context.state.set_position(article.id, event.place)

    @on(ArticleView.LinkActivated)
    def _link_activated(self, event: ArticleView.LinkActivated) -> None:
        article = self.reading.article
        names = link_names.for_library(self.library)  # wikilinks, site addresses
        target = resolve_link(event.link.url, article.path if article else "", names)
        if target.kind == "anchor" and target.anchor:
            self._scroll_to_anchor(target.anchor)
        elif target.kind == "article" and target.article_id:
            self.open_article(target.article_id, target.anchor)
        elif target.kind == "external":
            from zo_reader.ui.screens.link import ExternalLinkScreen

            self.app.push_screen(ExternalLinkScreen(target.url))
        else:
            self.status(safe_line(not_followed(target)))

    @on(ReadingPane.Status)
    def _pane_status(self, event: ReadingPane.Status) -> None:
        if event.text:
            self.status(event.text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Disable reading actions when nothing is being read, history at its ends."""
        reading = self.reading.article is not None
        if action in {"toggle_bookmark", "show_contents"}:
            return reading
        if action == "go_back":
            return self.history.can_go_back()
        if action == "go_forward":
            return self.history.can_go_forward()
        return True

    def action_go_back(self) -> None:
        """Open the previous article in the history."""
        article_id = self.history.back()
        if article_id:
            self.open_article(article_id, record=False)

    def action_go_forward(self) -> None:
        """Open the next article in the history."""
        article_id = self.history.forward()
        if article_id:
            self.open_article(article_id, record=False)

    def action_toggle_bookmark(self) -> None:
        """Bookmark the open article, or remove its bookmark."""
        article = self.reading.article
        if article is None:
            return
        try:
            added = self.context.state.toggle_bookmark(article.id)
        except OSError as error:
            reason = safe_line(str(error.strerror or error))
            self.status(ours(f"The bookmark could not be saved: {reason}."))
            return
        note = (
            " for this session (private mode saves nothing)"
            if self.context.state.path is None
            else ""
        )
        self.status(ours(("Bookmarked" if added else "Bookmark removed") + note))

    def action_show_contents(self) -> None:
        """List the article's headings; jump to the one chosen."""
        from zo_reader.ui.screens.contents import ContentsScreen

        view = self.reading.view
        if view.document is None:
            return
        if not view.document.headings:
            self.status(ours("This article has no headings."))
            return

        def jump(line: int | None) -> None:
            if line is not None:
                view.scroll_to_line(line)
                view.focus()

        self.app.push_screen(ContentsScreen(view.document.headings, view.top_line), jump)

    def action_show_bookmarks(self) -> None:
        """List bookmarked articles; open the one chosen."""
        from zo_reader.ui.screens.bookmarks import BookmarksScreen

        def open_chosen(article_id: str | None) -> None:
            if article_id:
                self.open_article(article_id)
                self.show_reader()

        self.app.push_screen(BookmarksScreen(self.context), open_chosen)

    def _place_cursor(self) -> None:
        place = getattr(self.app, "place_cursor", None)
        if callable(place):
            place()

    def status(self, text: CleanText) -> None:
        """Say ``text`` in the status line."""
        self.query_one(StatusLine).say(text)
