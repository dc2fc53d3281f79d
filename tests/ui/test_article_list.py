"""ArticleList: a virtualised list driven from the keyboard, checked through Pilot.

Each test runs its scenario with ``asyncio.run`` so no async pytest plugin is needed.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from rich.style import Style
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip

from zo_reader.core.index import Library
from zo_reader.core.models import ArticleSummary, SnippetPart, Tag
from zo_reader.core.sources.folder import FolderSource
from zo_reader.ui.article_pages import PAGE_SIZE, ArticlePage, LibraryPage, ListRow, SearchPage
from zo_reader.ui.widgets.article_list import ArticleList

FIXTURES = Path(__file__).parent.parent / "fixtures" / "articles"
SIZE = (80, 24)


def summary(i: int, **changes: object) -> ArticleSummary:
    """A made-up article number ``i``."""
    fields: dict[str, object] = {
        "id": f"a{i:06d}",
        "title": f"Article {i}",
        "tags": (Tag("sleep", "sleep"), Tag("anxiety", "anxiety")),
        "date": "2026-03-02T08:00:00",
        "words": 920,
    }
    fields.update(changes)
    return ArticleSummary(**fields)  # type: ignore[arg-type]


class FakePage:
    """An in-memory provider that records how it is called."""

    def __init__(self, rows: int | Sequence[ListRow]) -> None:
        self.rows: Sequence[ListRow] | None = None if isinstance(rows, int) else rows
        self.size = rows if isinstance(rows, int) else len(rows)
        self.count_calls = 0
        self.fetches: list[tuple[int, int]] = []

    def count(self) -> int:
        self.count_calls += 1
        return self.size

    def fetch(self, offset: int, limit: int) -> Sequence[ListRow]:
        self.fetches.append((offset, limit))
        if self.rows is not None:
            return self.rows[offset : offset + limit]
        return [ListRow(summary(i)) for i in range(offset, min(offset + limit, self.size))]


class LocatingPage(FakePage):
    """A provider that can also find an article's position, as SearchPage can."""

    def index_of(self, article_id: str) -> int | None:
        return int(article_id[1:]) if int(article_id[1:]) < self.size else None


class ListApp(App[None]):
    """Just the list, given a provider on mount; records the messages it posts."""

    def __init__(self, page: ArticlePage, empty_message: str = "No articles") -> None:
        super().__init__()
        self.page = page
        self.empty_message = empty_message
        self.highlights: list[ArticleList.Highlighted] = []
        self.selections: list[ArticleList.Selected] = []

    def compose(self) -> ComposeResult:
        yield ArticleList(id="articles")

    def on_mount(self) -> None:
        self.query_one(ArticleList).set_source(self.page, empty_message=self.empty_message)

    def on_article_list_highlighted(self, message: ArticleList.Highlighted) -> None:
        self.highlights.append(message)

    def on_article_list_selected(self, message: ArticleList.Selected) -> None:
        self.selections.append(message)


Scenario = Callable[[ListApp, ArticleList, Pilot[None]], Awaitable[None]]


def run(page: ArticlePage, scenario: Scenario, empty_message: str = "No articles") -> ListApp:
    """Run ``scenario`` against a ListApp showing ``page``; return the app afterwards."""
    app = ListApp(page, empty_message)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await scenario(app, app.query_one(ArticleList), pilot)

    asyncio.run(main())
    return app


def lines(widget: ArticleList, count: int = 22) -> list[str]:
    """The text of the first ``count`` visible lines."""
    return [widget.render_line(y).text for y in range(count)]


def test_a_hundred_thousand_rows_mount_fast_as_one_widget() -> None:
    """The whole list is one widget and only the first page is read."""
    page = FakePage(100_000)

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        assert len(list(app.query("*"))) < 20
        assert widget.count == 100_000
        assert widget.virtual_size.height == 200_000
        assert page.count_calls == 1
        assert page.fetches == [(0, PAGE_SIZE)]
        assert widget.highlighted == summary(0)

    started = time.perf_counter()
    run(page, scenario)
    assert time.perf_counter() - started < 5


def test_keys_move_the_highlight_and_post_highlighted() -> None:
    """j, k, page down, end and home move the index; each move posts Highlighted."""
    page = FakePage(100_000)

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        widget.focus()
        await pilot.press("j", "j", "down", "k")
        assert widget.index == 2
        per_screen = widget.scrollable_content_region.height // 2
        await pilot.press("pagedown")
        assert widget.index == 2 + per_screen
        await pilot.press("pageup", "up")
        assert widget.index == 1
        await pilot.press("G")
        assert widget.index == 99_999
        assert widget.highlighted is not None and widget.highlighted.id == "a099999"
        assert widget.render_line(widget.scrollable_content_region.height - 2).text.startswith(
            "▶ Article 99999"
        )
        await pilot.press("g")
        assert widget.index == 0
        await pilot.press("end", "home")
        await pilot.pause()
        assert [m.index for m in app.highlights] == [
            0, 1, 2, 3, 2, 2 + per_screen, 2, 1, 99_999, 0, 99_999, 0,
        ]  # fmt: skip
        assert all(m.count == 100_000 for m in app.highlights)
        # Only the first and last pages were ever read, whatever the list's length.
        assert {offset for offset, _ in page.fetches} == {0, 99_900}

    run(page, scenario)


def test_enter_posts_selected_with_the_highlighted_article() -> None:
    """Enter opens the highlighted article; up at the top stays put and posts nothing."""

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        widget.focus()
        await pilot.press("up")
        await pilot.press("j", "j", "j", "enter")
        await pilot.pause()
        assert [m.article.id for m in app.selections] == ["a000003"]
        assert [m.index for m in app.highlights] == [0, 1, 2, 3]

    run(FakePage(50), scenario)


def test_marker_shows_the_highlighted_row_without_colour() -> None:
    """The highlighted row starts with ▶; other rows start with two spaces."""

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        assert lines(widget, 4) == [
            "▶ Article 0".ljust(76),
            "    2026-03-02 · 4 min · #sleep #anxiety".ljust(76),
            "  Article 1".ljust(76),
            "    2026-03-02 · 4 min · #sleep #anxiety".ljust(76),
        ]
        widget.focus()
        await pilot.press("j")
        await pilot.pause()
        assert lines(widget, 3)[0].startswith("  Article 0")
        assert lines(widget, 3)[2].startswith("▶ Article 1")

    run(FakePage(100), scenario)


def test_a_key_press_repaints_only_the_two_rows_involved() -> None:
    """Without scrolling, moving the highlight re-renders the old and new rows only."""
    rendered: list[int] = []

    class CountingList(ArticleList):
        def render_line(self, y: int) -> Strip:
            rendered.append(y)
            return super().render_line(y)

    class CountingApp(ListApp):
        def compose(self) -> ComposeResult:
            yield CountingList(id="articles")

    app = CountingApp(FakePage(100))

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            widget = app.query_one(ArticleList)
            widget.focus()
            await pilot.pause()
            rendered.clear()
            await pilot.press("j")
            await pilot.pause()
            assert sorted(set(rendered)) == [0, 1, 2, 3]
            rendered.clear()
            await pilot.pause()
            assert rendered == []  # nothing repaints while idle

    asyncio.run(main())


def test_details_line_tags_draft_and_truncation() -> None:
    """Details show date, minutes, tags and 'draft'; long titles end with an ellipsis."""
    rows = [
        ListRow(summary(0, title="A " * 60, draft=True)),
        ListRow(summary(1, date=None, tags=(), words=10)),
    ]

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        first, details, _, undated = lines(widget, 4)
        width = widget.scrollable_content_region.width
        assert first.startswith("▶ A A A") and first.endswith("…") and len(first) == width
        assert details.rstrip() == "    2026-03-02 · 4 min · #sleep #anxiety · draft"
        assert undated.rstrip() == "    1 min"

    run(FakePage(rows), scenario)


def test_snippets_show_matches_in_brackets_and_bold() -> None:
    """A snippet is a third line; matched words are bracketed, bold and underlined."""
    snippet = (SnippetPart("…when the "), SnippetPart("mind", matched=True), SnippetPart(" races…"))
    rows = [ListRow(summary(i), snippet) for i in range(5)]

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        assert widget.virtual_size.height == 15
        shown = lines(widget, 6)
        assert shown[2].rstrip() == "    …when the [mind] races…"
        assert shown[3].startswith("  Article 1")
        match = [seg for seg in widget.render_line(2) if seg.text == "[mind]"]
        style = match[0].style or Style()
        assert style.bold and style.underline

    run(FakePage(rows), scenario)


def test_set_source_keeps_the_highlighted_article_when_present() -> None:
    """A new source keeps the chosen article highlighted, or falls back to the first."""

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        widget.select_index(250)
        shifted = [ListRow(summary(i)) for i in range(240, 600)]
        widget.set_source(FakePage(shifted), keep="a000250")
        await pilot.pause()
        assert widget.index == 10 and widget.count == 360
        assert app.highlights[-1].article.id == "a000250"
        widget.set_source(FakePage(1000), keep="a000999")  # far away, and no index_of
        assert widget.index == 0
        widget.set_source(LocatingPage(1000), keep="a000999")
        assert widget.index == 999
        assert widget.scroll_offset.y > 0
        widget.set_source(FakePage(shifted), keep="gone")
        assert widget.index == 0

    run(FakePage(1000), scenario)


def test_refresh_data_keeps_the_article_after_rows_arrive() -> None:
    """After a sync adds rows above, the same article stays highlighted."""
    rows = [ListRow(summary(i)) for i in range(10, 50)]
    page = FakePage(rows)

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        widget.select_index(5)
        page.rows = [ListRow(summary(i)) for i in range(0, 50)]
        page.size = 50
        widget.refresh_data()
        await pilot.pause()
        assert widget.index == 15 and widget.count == 50
        assert widget.highlighted is not None and widget.highlighted.id == "a000015"
        assert app.highlights[-1].index == 15

    run(page, scenario)


def test_empty_list_shows_the_message() -> None:
    """With no rows, the message is centred and nothing is highlighted."""

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        assert widget.index == -1 and widget.highlighted is None
        shown = [line.strip() for line in lines(widget) if line.strip()]
        assert shown == ["No articles match"]
        widget.focus()
        await pilot.press("j", "enter")
        assert app.selections == [] and app.highlights == []

    run(FakePage(0), scenario, empty_message="No articles match")


def test_control_characters_in_titles_never_reach_the_screen() -> None:
    """ESC, OSC and BEL in a title, tag or snippet are removed before drawing."""
    evil = "Hi\x1b]8;;http://evil\x07there\x1b[31m red\x9b2J"
    rows = [
        ListRow(
            summary(0, title=evil, tags=(Tag("x", "x\x1b[1m"),)),
            (SnippetPart("a\x07b "), SnippetPart("m\x1b[0m", matched=True)),
        )
    ]

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        shown = lines(widget, 3)
        assert shown[0].rstrip() == "▶ Hithere red"
        assert "#x" in shown[1]
        assert shown[2].rstrip() == "    ab [m]"
        assert not any(ch in "".join(shown) for ch in "\x1b\x07\x9b")

    run(FakePage(rows), scenario)


def test_click_highlights_the_row() -> None:
    """A click on a row highlights it (the border takes the first line)."""

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        await pilot.click(ArticleList, offset=(5, 1 + 4))
        assert widget.index == 2

    run(FakePage(20), scenario)


def test_real_library_through_library_and_search_pages(tmp_path: Path) -> None:
    """The fixture library lists newest first, filters by tag and shows search snippets."""
    library = Library.for_source(FolderSource(FIXTURES), None)
    library.sync()
    everything = LibraryPage(library)
    by_title = LibraryPage(library, sort="title", drafts=True)
    sleep = LibraryPage(library, tags=["sleep"])
    search = SearchPage(library, "racing")

    async def scenario(app: ListApp, widget: ArticleList, pilot: Pilot[None]) -> None:
        expected = library.list_articles()
        assert widget.count == len(expected) > 2
        assert widget.highlighted == expected[0]
        assert lines(widget, 1)[0].startswith(f"▶ {expected[0].title}")
        widget.set_source(by_title, keep=expected[1].id)
        assert widget.highlighted == expected[1]
        assert widget.count == len(library.list_articles(drafts=True))
        widget.set_source(sleep)
        assert widget.count == library.count_articles(tags=["sleep"])
        widget.set_source(search, empty_message="No results")
        assert widget.count == search.count() >= 1
        assert widget.virtual_size.height == 3 * widget.count
        assert re.search(r"\[rac\w*\]", lines(widget, 3)[2].casefold())  # stemmed match
        widget.set_source(SearchPage(library, "zzzznothing"), empty_message="No results")
        assert "No results" in "".join(lines(widget))

    try:
        run(everything, scenario)
    finally:
        library.close()


def test_bindings_have_ids_descriptions_and_tooltips() -> None:
    """Every binding declared by the list can be remapped and explained; only Open is shown."""
    shown = []
    for binding in ArticleList.BINDINGS:
        assert not isinstance(binding, tuple)
        assert binding.id and binding.id.startswith("list.")
        assert binding.description and binding.tooltip
        if binding.show:
            shown.append(binding.id)
    assert shown == ["list.open-article"]
