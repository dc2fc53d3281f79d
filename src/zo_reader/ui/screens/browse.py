"""The main screen: tags, the article list with search, and the reader.

It routes messages between the regions and calls the core from workers; it
decides nothing that a core function could decide.
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from zo_reader.core.context import ReaderContext
from zo_reader.core.errors import ZoReaderError
from zo_reader.core.index import SortOrder, SyncReport
from zo_reader.core.query import describe_query, parse_query
from zo_reader.core.sanitize import CleanText, ours, safe_line
from zo_reader.ui.article_pages import LibraryPage, SearchPage
from zo_reader.ui.screens.live import LivePreviewScreen
from zo_reader.ui.widgets.article_list import ArticleList
from zo_reader.ui.widgets.article_view import ArticleView
from zo_reader.ui.widgets.reading_pane import ReadingPane
from zo_reader.ui.widgets.status_line import StatusLine
from zo_reader.ui.widgets.tag_sidebar import TagSidebar

REGIONS = ("tags", "list", "reader")
SEARCH_DELAY = 0.15  # seconds of quiet typing before a search runs
_NOTE_SECONDS = 1.0  # a sync's note joins the list's announcement this soon after
WIDE, MEDIUM = 120, 80  # at least WIDE columns: three regions; at least MEDIUM: two


class SearchField(Input):
    """The search field above the list; Escape clears it.

    Its cursor does not blink: a blinking cursor writes to the terminal twice
    a second while the user does nothing, which costs SSH users bytes and makes
    screen readers chatter.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "screen.clear_search",
            "Clear search",
            tooltip="Clear the search and return to the list",
            id="search.clear",
        ),
    ]


class BrowseScreen(LivePreviewScreen):
    """Tags, articles and the reader, with one region focused at a time."""

    CSS_PATH = "browse.tcss"
    AUTO_FOCUS = "#articles"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", tooltip="Search all articles", id="browse.search"),
        Binding(
            "tab,l",
            "next_region",
            "Next region",
            show=False,
            tooltip="Move to the next region: tags, articles, reader",
            id="browse.next-region",
        ),
        Binding(
            "shift+tab,h",
            "previous_region",
            "Previous region",
            show=False,
            tooltip="Move to the previous region",
            id="browse.previous-region",
        ),
        Binding(
            "t", "focus_region('tags')", "Tags", tooltip="Jump to the tag list", id="browse.tags"
        ),
        Binding(
            "a",
            "focus_region('list')",
            "Articles",
            show=False,
            tooltip="Jump to the article list",
            id="browse.articles",
        ),
        Binding(
            "r",
            "focus_region('reader')",
            "Reader",
            show=False,
            tooltip="Jump to the article being read",
            id="browse.reader",
        ),
        Binding(
            "s",
            "toggle_sort",
            "Sort",
            tooltip="Sort by date or by title",
            id="browse.sort",
        ),
        Binding(
            "B",
            "show_bookmarks",
            "Bookmarks",
            show=False,
            tooltip="List bookmarked articles",
            id="browse.bookmarks",
        ),
        Binding(
            "escape", "back", "Back", show=False, tooltip="Go back one level", id="browse.back"
        ),
    ]

    def __init__(self, context: ReaderContext) -> None:
        super().__init__(context)
        self.sort: SortOrder = "date"
        self.query_text = ""
        self.current_region = "list"
        self._search_timer: Timer | None = None
        self._announced_mode = False
        self._said_region = "list"  # the region the status line last spoke about
        self._sync_note: tuple[str, float] = ("", 0.0)  # "Library updated", and when

    # Composition and layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="regions"):
            yield TagSidebar(plain=self.plain, id="tags")
            with Vertical(id="list-column"):
                yield SearchField(
                    placeholder='Search: press / (words, "phrase", -not)',
                    id="search",
                    compact=True,
                )
                yield Static("", id="filter", markup=False)
                yield ArticleList(plain=self.plain, id="articles")
            yield self.reading
        yield StatusLine(id="status")
        if not self.plain:
            # Screen-reader mode hides the footer (F1 lists the keys), and a hidden
            # Footer still rebuilds a widget per key on every focus change: half
            # the time of a region switch.
            yield Footer()

    def on_mount(self) -> None:
        """Show the index as it is at once, then bring it up to date in the background."""
        for field in self.query(Input):
            field.cursor_blink = False
        self._apply_layout(self.size.width)
        self._reload(keep=None)
        self.query_one(ReadingPane).show_message(
            ours("Choose an article and press Enter to read it.")
        )
        if self._open_initial():
            # A large file's first screen is up: read all of it once that is painted.
            self.call_after_refresh(self._sync)
        else:
            self._sync()
        self.start_watching()

    def _open_initial(self) -> bool:
        """``zo-reader FILE.md``: open that file's article once the index has it.

        Returns:
            Whether only a preview (the start of a large file) was shown.
        """
        article_id = self.context.initial_article()
        if article_id is not None:
            self.context.initial_file = None
            self.open_article(article_id)
            self.show_reader()
        elif (preview := self.context.initial_preview()) is not None:
            # A large file on its own: its first lines now, the whole once indexed.
            self.context.initial_file = None
            self._show(preview, None, True)
            self.show_reader()
            return True
        return False

    @on(LivePreviewScreen.FilesChanged)
    def _files_changed(self) -> None:
        """Files changed in the folder: bring the index up to date."""
        self._sync()

    def on_resize(self) -> None:
        """Collapse regions on narrow terminals."""
        self._apply_layout(self.size.width)

    def _apply_layout(self, width: int) -> None:
        # Screen-reader mode shows one region at a time at any width: side-by-side
        # columns are read row by row across both, as interleaved nonsense.
        mode = "-wide" if width >= WIDE else "-medium" if width >= MEDIUM else "-narrow"
        if self.plain:
            mode = "-narrow"
        # One batch, one restyle of the screen: a restyle per class was most of
        # the CPU time of a region switch.
        classes = {name: name == mode for name in ("-wide", "-medium", "-narrow")}
        classes.update({f"-region-{name}": self.current_region == name for name in REGIONS})
        self.update_classes(classes)

    # Regions and focus

    def _region_widget(self, region: str) -> Widget:
        if region == "tags":
            return self.query_one(TagSidebar)
        if region == "list":
            return self.query_one(ArticleList)
        return self.query_one(ArticleView)

    def action_focus_region(self, region: str) -> None:
        """Show and focus one region."""
        self.current_region = region
        self._apply_layout(self.size.width)
        # Focus now, not after the refresh: the refresh hides the region that had
        # focus, and Textual hands a hidden widget's focus to a sibling, which
        # would pull the layout back to the region being left.
        self._region_widget(region).focus()

    def action_next_region(self) -> None:
        """Focus the next region in reading order."""
        self.action_focus_region(REGIONS[(REGIONS.index(self.current_region) + 1) % len(REGIONS)])

    def action_previous_region(self) -> None:
        """Focus the previous region in reading order."""
        self.action_focus_region(REGIONS[(REGIONS.index(self.current_region) - 1) % len(REGIONS)])

    def on_descendant_focus(self, event: object) -> None:
        """Keep ``current_region`` in step when focus moves, and say where focus went."""
        self.app.call_after_refresh(self._place_cursor)
        focused = self.focused
        if focused is None:
            return
        region = next(
            (
                name
                for name in REGIONS
                if focused is (widget := self._region_widget(name)) or widget in focused.ancestors
            ),
            "list" if focused.id == "search" else None,
        )
        if region is None:
            return
        if not _shown(focused):
            # Textual moved focus off a widget the layout just hid: keep the region.
            self._region_widget(self.current_region).focus()
            return
        if region != self.current_region:
            self.current_region = region
            self._apply_layout(self.size.width)
        if region != self._said_region and focused.id != "search":
            self._said_region = region
            self.status(self._where())

    def _where(self) -> CleanText:
        """The focused region and its current item, in words, for the status line."""
        if self.current_region == "tags":
            sidebar = self.query_one(TagSidebar)
            return ours(f"Tags: {sidebar.labels[sidebar.highlighted]}")
        if self.current_region == "reader":
            article = self.reading.article
            if article is None:
                return ours("No article open")
            return ours(f"Reading: {safe_line(article.title)}{self._bookmark_note(article)}")
        articles = self.query_one(ArticleList)
        if articles.highlighted is None:
            return ours("No articles to show")
        title = safe_line(articles.highlighted.title)
        return ours(f"Article {articles.index + 1} of {articles.count}: {title}")

    def action_back(self) -> None:
        """Escape: reader and tags go back to the list; in the list, clear a search."""
        if self.current_region != "list":
            self.action_focus_region("list")
        elif self.query_text:
            self.action_clear_search()

    # The list: tags, sort, search

    def _reload(self, keep: str | None) -> None:
        """Refill the tag list and article list for the current filter and sort."""
        tags = self.query_one(TagSidebar).active
        drafts = self.context.drafts
        # Counts are facets: how many of the articles shown also carry each tag.
        self.query_one(TagSidebar).set_tags(
            self.library.tag_counts(within=tags, drafts=drafts),
            self.library.count_articles(drafts=drafts),
        )
        if self.query_text:
            self._run_search(self.query_text, tags)
            return
        page = LibraryPage(self.library, tags=tags, sort=self.sort, drafts=drafts)
        articles = self.query_one(ArticleList)
        articles.set_source(page, keep=keep, empty_message=self._empty_message())
        self._describe_filter(articles.count)
        self.app.call_after_refresh(self._place_cursor)

    def _empty_message(self) -> CleanText:
        if self.query_text:
            return ours("No articles match this search.")
        if self.query_one(TagSidebar).active:
            return ours("No articles carry all these tags.")
        return ours("No articles yet.")

    def _describe_filter(self, count: int) -> None:
        tags = self.query_one(TagSidebar).active
        parts = []
        if self.query_text:
            results = "result" if count == 1 else "results"
            parts.append(f"{count} {results} for {describe_query(parse_query(self.query_text))}")
        else:
            parts.append(f"{count} {'article' if count == 1 else 'articles'}")
        if tags:
            parts.append("tags " + " and ".join(tags))
        if not self.query_text:
            parts.append("newest first" if self.sort == "date" else "by title")
        text = safe_line(", ".join(parts))  # the query and tag keys are the user's
        self.query_one("#filter", Static).update(text)
        self.status(ours(text[0].upper() + text[1:]))

    @on(TagSidebar.Changed)
    def _tags_changed(self, event: TagSidebar.Changed) -> None:
        highlighted = self.query_one(ArticleList).highlighted
        self._reload(keep=highlighted.id if highlighted else None)

    def action_toggle_sort(self) -> None:
        """Sort by title instead of date, or back."""
        self.sort = "title" if self.sort == "date" else "date"
        highlighted = self.query_one(ArticleList).highlighted
        self._reload(keep=highlighted.id if highlighted else None)

    def action_search(self) -> None:
        """Focus the search field."""
        self.current_region = "list"
        self._apply_layout(self.size.width)
        self.query_one(SearchField).focus()

    def action_clear_search(self) -> None:
        """Empty the search field and show the whole list again."""
        field = self.query_one(SearchField)
        if field.value:
            field.value = ""
        self.query_text = ""
        self._reload(keep=None)
        self.query_one(ArticleList).focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        """Search as the user types, once typing pauses."""
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(
            SEARCH_DELAY, lambda: self._search_now(event.value), name="search-debounce"
        )

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search field: search now and move to the results."""
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_now(event.value)
        self.query_one(ArticleList).focus()

    def _search_now(self, text: str) -> None:
        self._search_timer = None
        self.query_text = text.strip()
        if not self.query_text:
            self._reload(keep=None)
            return
        self._run_search(self.query_text, self.query_one(TagSidebar).active)

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, text: str, tags: tuple[str, ...]) -> None:
        """Run a search off the UI thread; only the newest one is shown."""
        page = SearchPage(self.library, text, tags=tags, drafts=self.context.drafts)
        self.app.call_from_thread(self._show_results, text, page)

    def _show_results(self, text: str, page: SearchPage) -> None:
        if text != self.query_text:
            return  # a newer search is on its way
        articles = self.query_one(ArticleList)
        articles.set_source(page, empty_message=self._empty_message())
        self._describe_filter(articles.count)
        self.app.call_after_refresh(self._place_cursor)

    # Reading

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, event: ArticleList.Highlighted) -> None:
        # Only when the user moves in the list: a new search's first result must
        # not replace "12 results for sleep" while they are still typing.
        if self.focused is event.article_list:
            title = safe_line(event.article.title)
            said = f"Article {event.index + 1} of {event.count}: {title}"
            note, noted_at = self._sync_note
            if note and time.monotonic() - noted_at < _NOTE_SECONDS:
                said = f"{said}. {note}"  # the focused row first, as a screen reader wants
            self._sync_note = ("", 0.0)
            if self.plain and not self._announced_mode:
                self._announced_mode = True
                said = f"Screen-reader mode, press F1 for keys. {said}"
            self.status(ours(said))

    @on(ArticleList.Selected)
    def _article_selected(self, event: ArticleList.Selected) -> None:
        self.open_article(event.article.id)
        self.show_reader()

    def show_reader(self) -> None:
        """Show the reading region and focus the article."""
        self.action_focus_region("reader")

    # Background sync and status

    @work(thread=True, exclusive=True, group="sync")
    def _sync(self) -> None:
        """Bring the index up to date without blocking the keyboard."""
        try:
            report = self.context.sync()
        except ZoReaderError as error:
            self.app.call_from_thread(self.status, safe_line(str(error)))
            return
        self.app.call_from_thread(self._synced, report)

    def _synced(self, report: SyncReport) -> None:
        for notice in report.notices:
            self.status(safe_line(notice))
        if report.added or report.updated or report.removed:
            note = (
                f"Library updated: {report.added} new, {report.updated} changed, "
                f"{report.removed} removed."
            )
            # The reloaded list announces its highlighted row a moment later; the
            # note rides along instead of being replaced before anyone reads it.
            self._sync_note = (note, time.monotonic())
            highlighted = self.query_one(ArticleList).highlighted
            self._reload(keep=highlighted.id if highlighted else None)
            self.status(ours(note))
            self.refresh_open_article()
        self._open_initial()


def _shown(widget: Widget) -> bool:
    """Whether the layout shows ``widget``: neither it nor a container is hidden."""
    return all(node.display for node in (widget, *widget.ancestors) if isinstance(node, Widget))
