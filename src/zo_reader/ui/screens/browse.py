"""The main screen: tags, the article list with search, and the reader.

It routes messages between the regions and calls the core from workers; it
decides nothing that a core function could decide.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from zo_reader.core.errors import ZoReaderError
from zo_reader.core.history import History
from zo_reader.core.index import SortOrder, SyncReport
from zo_reader.core.links import resolve_link
from zo_reader.core.models import Article
from zo_reader.core.query import describe_query, parse_query
from zo_reader.core.sanitize import clean_line
from zo_reader.ui.article_pages import LibraryPage, SearchPage
from zo_reader.ui.context import ReaderContext
from zo_reader.ui.widgets.article_list import ArticleList
from zo_reader.ui.widgets.article_view import ArticleView
from zo_reader.ui.widgets.reading_pane import ReadingPane
from zo_reader.ui.widgets.status_line import StatusLine
from zo_reader.ui.widgets.tag_sidebar import TagSidebar

REGIONS = ("tags", "list", "reader")
SEARCH_DELAY = 0.15  # seconds of quiet typing before a search runs
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


class BrowseScreen(Screen[None]):
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
        super().__init__()
        self.context = context
        self.library = context.library
        self.history = History()
        self.sort: SortOrder = "date"
        self.query_text = ""
        self.current_region = "list"
        self._search_timer: Timer | None = None
        self.plain = context.settings.screen_reader
        self.reading = ReadingPane(context.settings.width, plain=self.plain, id="reading")
        self._announced_mode = False
        self._said_region = "list"  # the region the status line last spoke about

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
        yield Footer()

    def on_mount(self) -> None:
        """Show the index as it is at once, then bring it up to date in the background."""
        for field in self.query(Input):
            field.cursor_blink = False
        self._apply_layout(self.size.width)
        self._reload(keep=None)
        self.query_one(ReadingPane).show_message("Choose an article and press Enter to read it.")
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
        for name in ("-wide", "-medium", "-narrow"):
            self.set_class(name == mode, name)
        for name in REGIONS:
            self.set_class(self.current_region == name, f"-region-{name}")

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
        widget = self._region_widget(region)
        self.call_after_refresh(widget.focus)

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
        if region != self.current_region:
            self.current_region = region
            self._apply_layout(self.size.width)
        if region != self._said_region and focused.id != "search":
            self._said_region = region
            self.status(self._where())

    def _where(self) -> str:
        """The focused region and its current item, in words, for the status line."""
        if self.current_region == "tags":
            sidebar = self.query_one(TagSidebar)
            return f"Tags: {sidebar.labels[sidebar.highlighted]}"
        if self.current_region == "reader":
            article = self.reading.article
            if article is None:
                return "No article open"
            return f"Reading: {article.title}{self._bookmark_note(article)}"
        articles = self.query_one(ArticleList)
        if articles.highlighted is None:
            return "No articles to show"
        return f"Article {articles.index + 1} of {articles.count}: {articles.highlighted.title}"

    def on_unmount(self) -> None:
        """Remember where the reader was in the open article."""
        pane = self.reading
        if pane.article is not None:
            self.context.state.set_position(pane.article.id, pane.view.top_line)

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

    def _empty_message(self) -> str:
        if self.query_text:
            return "No articles match this search."
        if self.query_one(TagSidebar).active:
            return "No articles carry all these tags."
        return "No articles yet."

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
        text = clean_line(", ".join(parts))
        self.query_one("#filter", Static).update(text)
        self.status(text[0].upper() + text[1:])

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
            said = f"Article {event.index + 1} of {event.count}: {event.article.title}"
            if self.plain and not self._announced_mode:
                self._announced_mode = True
                said = f"Screen-reader mode, press F1 for keys. {said}"
            self.status(said)

    @on(ArticleList.Selected)
    def _article_selected(self, event: ArticleList.Selected) -> None:
        self.open_article(event.article.id)
        self.action_focus_region("reader")

    def open_article(self, article_id: str, anchor: str | None = None, record: bool = True) -> None:
        """Show an article in the reader, at its saved position or at ``anchor``."""
        pane = self.query_one(ReadingPane)
        if pane.article is not None:
            self.context.state.set_position(pane.article.id, pane.view.top_line)
        try:
            article = self.library.get(article_id)
        except ZoReaderError as error:
            self.status(str(error))
            return
        if record:
            self.history.visit(article.id)
        pane.show(article, position=0 if anchor else self.context.state.position(article.id))
        if anchor:
            self._scroll_to_anchor(anchor)
        self.status(f"Reading: {article.title}{self._bookmark_note(article)}")
        self.app.call_after_refresh(self._place_cursor)

    def _bookmark_note(self, article: Article) -> str:
        return " (bookmarked)" if self.context.state.is_bookmarked(article.id) else ""

    def _scroll_to_anchor(self, anchor: str) -> None:
        view = self.query_one(ArticleView)
        document = view.document
        if document is None:
            return
        for heading in document.headings:
            if heading.anchor == anchor.lower():
                view.scroll_to_line(heading.line)
                return
        self.status(f"There is no heading '{anchor}' in this article.")

    @on(ArticleView.PositionChanged)
    def _position_changed(self, event: ArticleView.PositionChanged) -> None:
        article = self.query_one(ReadingPane).article
        if article is not None:
            self.context.state.set_position(article.id, event.line)

    @on(ArticleView.LinkActivated)
    def _link_activated(self, event: ArticleView.LinkActivated) -> None:
        article = self.query_one(ReadingPane).article
        target = resolve_link(event.link.url, article.path if article else "")
        if target.kind == "anchor" and target.anchor:
            self._scroll_to_anchor(target.anchor)
        elif target.kind == "article" and target.article_id:
            self.open_article(target.article_id, target.anchor)
        elif target.kind == "external":
            from zo_reader.ui.screens.link import ExternalLinkScreen

            self.app.push_screen(ExternalLinkScreen(target.url))
        else:
            self.status(f"zo-reader does not open links like {target.url}.")

    @on(ReadingPane.Status)
    def _pane_status(self, event: ReadingPane.Status) -> None:
        if event.text:
            self.status(event.text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Disable reading actions when nothing is being read, history at its ends."""
        reading = self.query_one(ReadingPane).article is not None
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
        article = self.query_one(ReadingPane).article
        if article is None:
            return
        try:
            added = self.context.state.toggle_bookmark(article.id)
        except OSError as error:
            self.status(f"The bookmark could not be saved: {error.strerror or error}.")
            return
        self.status("Bookmarked" if added else "Bookmark removed")

    def action_show_contents(self) -> None:
        """List the article's headings; jump to the one chosen."""
        from zo_reader.ui.screens.contents import ContentsScreen

        view = self.query_one(ArticleView)
        if view.document is None:
            return
        if not view.document.headings:
            self.status("This article has no headings.")
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
                self.action_focus_region("reader")

        self.app.push_screen(BookmarksScreen(self.context), open_chosen)

    # Background sync and status

    @work(thread=True, exclusive=True, group="sync")
    def _sync(self) -> None:
        """Bring the index up to date without blocking the keyboard."""
        try:
            report = self.context.sync()
        except ZoReaderError as error:
            self.app.call_from_thread(self.status, str(error))
            return
        self.app.call_from_thread(self._synced, report)

    def _synced(self, report: SyncReport) -> None:
        for notice in report.notices:
            self.status(notice)
        if report.added or report.updated or report.removed:
            highlighted = self.query_one(ArticleList).highlighted
            self._reload(keep=highlighted.id if highlighted else None)
            self.status(
                f"Library updated: {report.added} new, {report.updated} changed, "
                f"{report.removed} removed."
            )

    def _place_cursor(self) -> None:
        place = getattr(self.app, "place_cursor", None)
        if callable(place):
            place()

    def status(self, text: str) -> None:
        """Say ``text`` in the status line."""
        self.query_one(StatusLine).say(text)
