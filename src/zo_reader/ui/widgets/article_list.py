"""The article list: a virtualised list that stays fast with 100,000 articles.

Rows are drawn with Textual's Line API from pages fetched on demand through an
:class:`ArticlePage` provider, so the DOM holds one widget however long the
list is, and only the pages around what is on screen are ever read.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import ClassVar, LiteralString

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from zo_reader.core.models import ArticleSummary
from zo_reader.core.sanitize import NO_TEXT, CleanText, clip, joined, ours, safe_line
from zo_reader.ui.article_pages import PAGE_SIZE, ArticlePage, ListRow

_CACHED_PAGES = 8  # 800 rows: several screens either way, so scrolling back reads nothing
_MARKER, _NO_MARKER, _INDENT = ours("▶ "), ours("  "), ours("    ")
_NO_ARTICLES = ours("No articles")


class ArticleList(ScrollView, can_focus=True, inherit_bindings=False):
    """A keyboard-first list of articles: two lines each, three with a search snippet.

    Bindings are not inherited: ScrollView's sideways scrolling means nothing
    here, and every key the list answers to must have an id and a tooltip.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Previous", tooltip="Highlight the previous article",
                id="list.cursor-up", show=False),
        Binding("down,j", "cursor_down", "Next", tooltip="Highlight the next article",
                id="list.cursor-down", show=False),
        Binding("pageup", "page_up_rows", "Page up", tooltip="Move up one screen of articles",
                id="list.page-up", show=False),
        Binding("pagedown", "page_down_rows", "Page down",
                tooltip="Move down one screen of articles", id="list.page-down", show=False),
        Binding("home,g", "cursor_first", "First", tooltip="Highlight the first article",
                id="list.go-first", show=False),
        Binding("end,G", "cursor_last", "Last", tooltip="Highlight the last article",
                id="list.go-last", show=False),
        Binding("enter", "open_article", "Open", tooltip="Open the highlighted article",
                id="list.open-article"),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--highlight",
        "article-list--details",
        "article-list--match",
        "article-list--empty",
    }
    """The highlighted row, the details line, matched words, the empty message."""

    DEFAULT_CSS = """
    ArticleList {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        border: tall $border-blurred;
        &:focus { border: tall $border; }
        & > .article-list--highlight {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .article-list--highlight {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
        & > .article-list--details { color: $text-muted; }
        & > .article-list--match { text-style: bold underline; }
        & > .article-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    class _ArticleMessage(Message):
        """A message about one article of the list.

        Attributes:
            article_list: The list that posted it (also ``control``, for ``@on``).
            article: The article.
        """

        def __init__(self, article_list: ArticleList, article: ArticleSummary) -> None:
            super().__init__()
            self.article_list = article_list
            self.article = article

        @property
        def control(self) -> ArticleList:
            """The list that posted the message."""
            return self.article_list

    class Selected(_ArticleMessage):
        """The highlighted article was opened (Enter or a double click)."""

    class Highlighted(_ArticleMessage):
        """Another article was highlighted (the cursor moved or the data changed).

        Attributes:
            index: Its position in the list.
            count: How many rows the list has.
        """

        def __init__(
            self, article_list: ArticleList, article: ArticleSummary, index: int, count: int
        ) -> None:
            super().__init__(article_list, article)
            self.index = index
            self.count = count

    def __init__(
        self,
        *,
        plain: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create an empty list.

        Args:
            plain: No marker glyph or separator dots (screen-reader mode): the
                terminal cursor and the status line say which row is highlighted.
            name: Widget name.
            id: Widget id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.plain = plain
        self._page: ArticlePage | None = None
        self._pages: OrderedDict[int, Sequence[ListRow]] = OrderedDict()
        self._count = 0
        self._index = -1
        self._row_height = 2
        self._empty_message = NO_TEXT

    @property
    def count(self) -> int:
        """How many rows the list has."""
        return self._count

    @property
    def index(self) -> int:
        """Position of the highlighted row, or -1 when the list is empty."""
        return self._index

    @property
    def highlighted(self) -> ArticleSummary | None:
        """The highlighted article, if any."""
        row = self._row(self._index)
        return None if row is None else row.article

    def set_source(
        self, page: ArticlePage, *, keep: str | None = None, empty_message: CleanText = _NO_ARTICLES
    ) -> None:
        """Show new data (filter, sort or search changed) and post :class:`Highlighted`.

        Args:
            page: The provider of rows.
            keep: Id of an article to keep highlighted if it is in the new data.
            empty_message: What to show when there are no rows.
        """
        self._page = page
        self._empty_message = safe_line(empty_message)
        self._load(keep, near=0)
        self.scroll_to(y=max(self._index, 0) * self._row_height, animate=False, force=True)
        self.refresh()
        self._post_highlighted()

    def refresh_data(self) -> None:
        """Re-read the same provider after its data changed, keeping the highlighted article."""
        if self._page is None:
            return
        before, old_index = self.highlighted, self._index
        self._load(None if before is None else before.id, near=max(old_index, 0))
        self.scroll_to(y=min(self.scroll_offset.y, self.max_scroll_y), animate=False, force=True)
        self._reveal(self._index)
        self.refresh()
        after = self.highlighted
        if self._index != old_index or (after and (before is None or before.id != after.id)):
            self._post_highlighted()

    def select_index(self, index: int) -> None:
        """Highlight the row at ``index`` (clamped to the list) and scroll it into view."""
        index = max(0, min(index, self._count - 1))
        if self._count == 0 or index == self._index:
            return
        old, self._index = self._index, index
        if not self._reveal(index):
            # Repaint just the two rows: over SSH a full repaint per key press adds up.
            self._refresh_row(old)
            self._refresh_row(index)
        self._post_highlighted()

    def action_cursor_up(self) -> None:
        """Highlight the previous article."""
        self.select_index(self._index - 1)

    def action_cursor_down(self) -> None:
        """Highlight the next article."""
        self.select_index(self._index + 1)

    def action_page_up_rows(self) -> None:
        """Move the highlight up by one screen of rows."""
        self.select_index(self._index - self._rows_per_screen())

    def action_page_down_rows(self) -> None:
        """Move the highlight down by one screen of rows."""
        self.select_index(self._index + self._rows_per_screen())

    def action_cursor_first(self) -> None:
        """Highlight the first article."""
        self.select_index(0)

    def action_cursor_last(self) -> None:
        """Highlight the last article."""
        self.select_index(self._count - 1)

    def action_open_article(self) -> None:
        """Post :class:`Selected` for the highlighted article."""
        article = self.highlighted
        if article is not None:
            self.post_message(self.Selected(self, article))

    def on_click(self, event: events.Click) -> None:
        """Highlight the clicked row; a double click opens it."""
        offset = event.get_content_offset(self)
        if offset is not None and self._count:
            index = (offset.y + self.scroll_offset.y) // self._row_height
            if index < self._count:
                self.select_index(index)
                if event.chain >= 2:
                    self.action_open_article()

    def on_resize(self, event: events.Resize) -> None:
        """Follow the new width and keep the highlighted row in view."""
        self.virtual_size = Size(self.scrollable_content_region.width, self._lines())
        self._reveal(self._index)

    def notify_style_update(self) -> None:
        """Repaint when focus or the theme changes the component styles."""
        super().notify_style_update()
        self.refresh()

    # Data

    def _load(self, keep: str | None, *, near: int) -> None:
        """Count the rows, pick the row height and find the row to highlight."""
        assert self._page is not None
        self._pages.clear()
        self._count = max(0, self._page.count())
        first = self._row(0)
        # One height per source (3 lines when the first row has a snippet) keeps
        # the row <-> line arithmetic O(1) however long the list is.
        self._row_height = 3 if first is not None and first.snippet else 2
        found = None if keep is None else self._locate(keep, near)
        if self._count == 0:
            self._index = -1
        else:
            self._index = found if found is not None else min(near, self._count - 1)
        self.virtual_size = Size(self.scrollable_content_region.width, self._lines())

    def _locate(self, article_id: str, near: int) -> int | None:
        """Find an article in the first page and around ``near``, then ask the provider."""
        for page_no in dict.fromkeys((0, near // PAGE_SIZE, near // PAGE_SIZE + 1)):
            start = page_no * PAGE_SIZE
            for index in range(start, min(start + PAGE_SIZE, self._count)):
                row = self._row(index)
                if row is not None and row.article.id == article_id:
                    return index
        index_of = getattr(self._page, "index_of", None)
        found: object = None if index_of is None else index_of(article_id)
        return found if isinstance(found, int) and 0 <= found < self._count else None

    def _row(self, index: int) -> ListRow | None:
        """The row at ``index``, fetching its page on first use (LRU-cached)."""
        if self._page is None or not 0 <= index < self._count:
            return None
        page_no, offset = divmod(index, PAGE_SIZE)
        rows = self._pages.get(page_no)
        if rows is None:
            # Synchronous on purpose: a page costs a few ms, less than a frame.
            rows = self._pages[page_no] = self._page.fetch(page_no * PAGE_SIZE, PAGE_SIZE)
            if len(self._pages) > _CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return rows[offset] if offset < len(rows) else None

    # Geometry

    def _lines(self) -> int:
        return self._count * self._row_height

    def _rows_per_screen(self) -> int:
        return max(1, self.scrollable_content_region.height // self._row_height)

    def _reveal(self, index: int) -> bool:
        """Scroll just enough to show row ``index``; whether the view moved."""
        if index < 0:
            return False
        top, y = index * self._row_height, self.scroll_offset.y
        height = self.scrollable_content_region.height
        if top < y or height < self._row_height:
            target = top
        elif top + self._row_height > y + height:
            target = top + self._row_height - height
        else:
            return False
        self.scroll_to(y=target, animate=False, force=True)
        return self.scroll_offset.y != y

    def _refresh_row(self, index: int) -> None:
        if index >= 0:
            top = index * self._row_height - self.scroll_offset.y
            self.refresh(Region(0, top, self.size.width, self._row_height))

    def _post_highlighted(self) -> None:
        article = self.highlighted
        if article is not None:
            self.post_message(self.Highlighted(self, article, self._index, self._count))

    # Drawing

    def render_line(self, y: int) -> Strip:
        """Draw one line of the visible area (``y`` counts from the top of the view)."""
        width, base = self.scrollable_content_region.width, self.rich_style
        if self._count == 0:
            return self._empty_line(y, width, base)
        index, part = divmod(y + self.scroll_offset.y, self._row_height)
        row = self._row(index)
        if row is None:
            return Strip.blank(width, base)
        selected = index == self._index
        if selected:
            base += self.get_component_rich_style("article-list--highlight")
        if part == 0:
            title = safe_line(row.article.title) or safe_line(row.article.id)
            marker = NO_TEXT if self.plain else _MARKER if selected else _NO_MARKER
            spans = [(marker, base), (title, base + Style(bold=True))]
        elif part == 1:
            muted = self.get_component_rich_style("article-list--details", partial=True)
            details = _details(row.article, ", " if self.plain else " · ")
            spans = [(joined("", [_INDENT, details]), base if selected else base + muted)]
        else:
            # Brackets as well as bold and underline: a match must not be colour alone.
            match = base + self.get_component_rich_style("article-list--match", partial=True)
            spans = [(_INDENT, base)]
            spans += [
                (ours(f"[{safe_line(p.text)}]"), match) if p.matched else (_clean_run(p.text), base)
                for p in row.snippet
            ]
        return _fit(spans, width, base)

    def cursor_cell(self) -> Offset:
        """Where the terminal cursor belongs: the start of the highlighted title."""
        if self._index < 0:
            return Offset(0, self.scrollable_content_region.height // 2)
        x = 0 if self.plain else len(_MARKER)
        return Offset(x, self._index * self._row_height - self.scroll_offset.y)

    def _empty_line(self, y: int, width: int, base: Style) -> Strip:
        if y != self.scrollable_content_region.height // 2:
            return Strip.blank(width, base)
        style = base + self.get_component_rich_style("article-list--empty", partial=True)
        left = max(0, (width - cell_len(self._empty_message)) // 2)
        return _fit([(ours(" " * left), base), (self._empty_message, style)], width, base)


def _details(article: ArticleSummary, separator: LiteralString) -> CleanText:
    """The second line: date, reading time, tags and the word ``draft``."""
    parts = [clip(safe_line(article.date), 10)] if article.date else []
    if article.words:  # 0: a remote summary, counted once the body comes
        parts.append(ours(f"{article.reading_minutes} min"))
    if article.tags:
        parts.append(joined(" ", (ours(f"#{safe_line(tag.display)}") for tag in article.tags)))
    if article.draft:
        parts.append(ours("draft"))
    return joined(separator, parts)


def _clean_run(text: str) -> CleanText:
    """``safe_line`` for a run inside a line, keeping the spaces that separate words."""
    cleaned = safe_line(text)
    start = " " if text[:1].isspace() else ""
    end = " " if text[-1:].isspace() and cleaned else ""
    return ours(start + cleaned + end)


def _fit(spans: list[tuple[CleanText, Style]], width: int, pad: Style) -> Strip:
    """Join styled text into a strip of exactly ``width`` cells, cut with ``…`` if too long.

    The one builder of the list's lines: its text must be ``CleanText``.
    """
    strip = Strip([Segment(text, style) for text, style in spans if text])
    if strip.cell_length > width:
        head = list(strip.crop(0, max(0, width - 1)))
        style = head[-1].style if head else pad
        strip = Strip([*head, Segment("…", style)]) if width else Strip([])
    return strip.extend_cell_length(width, pad)
