"""The reading region: the article's header, the article, and a find bar."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from zo_reader.core.models import Article
from zo_reader.core.sanitize import CleanText, joined, ours, safe_line
from zo_reader.core.state import Position
from zo_reader.ui.widgets.article_view import ArticleView

MIN_MEASURE, MAX_MEASURE, MEASURE_STEP = 40, 200, 4


class FindBar(Input):
    """The find-in-article field; Escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "close",
            "Close find",
            tooltip="Close the find bar and return to the article",
            id="find.close",
        ),
    ]

    class Closed(Message):
        """The user closed the find bar."""

    def action_close(self) -> None:
        """Ask the pane to close the bar."""
        self.post_message(self.Closed())


class ReadingPane(Vertical):
    """The article header, the :class:`ArticleView` and its find bar.

    Keys that act on the article as a whole (history, bookmarks, contents,
    find, text width) are bound here, so they are active whenever focus is in
    the reading region; history and bookmarks are the screen's business, so
    those bindings call the screen's actions.
    """

    DEFAULT_CSS = """
    ReadingPane { height: 1fr; }
    ReadingPane > #article-header {
        height: auto;
        max-height: 6;
        padding: 0 1;
        color: $text-muted;
        border-bottom: solid $primary 30%;
    }
    ReadingPane > ArticleView { height: 1fr; }
    ReadingPane > FindBar { dock: bottom; display: none; }
    ReadingPane.-finding > FindBar { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "backspace,alt+left",
            "screen.go_back",
            "Back",
            tooltip="Return to the previous article",
            id="reader.back",
        ),
        Binding(
            "alt+right",
            "screen.go_forward",
            "Forward",
            show=False,
            tooltip="Go forward again after going back",
            id="reader.forward",
        ),
        Binding(
            "b",
            "screen.toggle_bookmark",
            "Bookmark",
            tooltip="Add or remove a bookmark for this article",
            id="reader.bookmark",
        ),
        Binding(
            "o",
            "screen.show_contents",
            "Contents",
            tooltip="List the article's headings and jump to one",
            id="reader.contents",
        ),
        Binding(
            "ctrl+f,f",
            "open_find",
            "Find",
            tooltip="Find words in this article",
            id="reader.find",
        ),
        Binding(
            "plus",
            "widen",
            "Wider",
            show=False,
            tooltip="Make the text column wider",
            id="reader.widen",
        ),
        Binding(
            "minus",
            "narrow",
            "Narrower",
            show=False,
            tooltip="Make the text column narrower",
            id="reader.narrow",
        ),
    ]

    class Status(Message):
        """Something for the status line."""

        def __init__(self, text: CleanText) -> None:
            super().__init__()
            self.text = text

    def __init__(self, measure: int, *, plain: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        # Kept as attributes: they are read while the screen unmounts, after
        # the DOM can no longer be queried.
        self._view = ArticleView(measure=measure, plain=plain, id="article-view")

    def compose(self) -> ComposeResult:
        yield Static("", id="article-header", markup=False)
        yield self._view
        yield FindBar(placeholder="Find in article", id="find-bar")

    @property
    def view(self) -> ArticleView:
        """The article view."""
        return self._view

    def show(self, article: Article, position: Position = 0) -> None:
        """Show ``article`` from a saved ``position`` (a place, or an older version's line)."""
        self.article = article
        self._set_header(_header(article))
        self.view.show_markdown(article.reading_body, key=article.id, position=position)
        if self.has_class("-finding"):
            self.view.find(self.query_one(FindBar).value)

    def show_message(self, text: CleanText) -> None:
        """Show no article, only ``text`` (for example, that it was deleted)."""
        self.article = None
        self._set_header(ours(""))
        self.view.clear(text)

    def _set_header(self, text: CleanText) -> None:
        """The one writer of the header: clean text only (title and details)."""
        self.query_one("#article-header", Static).update(text)

    def action_open_find(self) -> None:
        """Show the find bar and focus it."""
        self.add_class("-finding")
        self.query_one(FindBar).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Find as the user types."""
        if event.input.id == "find-bar":
            event.stop()
            self.view.find(event.value)
            self.post_message(self.Status(self.view.match_status))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: go to the next match and back to reading."""
        if event.input.id == "find-bar":
            event.stop()
            if event.value:
                self.view.next_match()
                self.post_message(self.Status(self.view.match_status))
            self.view.focus()

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        """Hide the find bar, clear highlights, return to the article."""
        event.stop()
        bar = self.query_one(FindBar)
        bar.value = ""
        self.view.find("")
        self.remove_class("-finding")
        self.view.focus()

    def action_widen(self) -> None:
        """Widen the text column."""
        self._set_measure(self.view.measure + MEASURE_STEP)

    def action_narrow(self) -> None:
        """Narrow the text column."""
        self._set_measure(self.view.measure - MEASURE_STEP)

    def _set_measure(self, measure: int) -> None:
        measure = max(MIN_MEASURE, min(MAX_MEASURE, measure))
        self.view.measure = measure
        self.post_message(self.Status(ours(f"Text width: {measure} columns")))


def _header(article: Article) -> CleanText:
    """Title and details of an article, in words, for the header."""
    summary = article.summary
    details: list[CleanText] = []
    if summary.date:
        details.append(safe_line(summary.date[:10]))
    if summary.author:
        details.append(ours(f"by {safe_line(summary.author)}"))
    if summary.words:  # 0: a remote summary, counted once the body comes
        details.append(ours(f"{summary.reading_minutes} min read"))
    if summary.tags:
        tags = joined(", ", (safe_line(tag.display) for tag in summary.tags))
        details.append(ours(f"tags: {tags}"))
    if summary.draft:
        details.append(ours("draft"))
    return joined("\n", [safe_line(summary.title), safe_line(joined(", ", details))])
