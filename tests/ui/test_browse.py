"""The browse screen by keyboard alone: list, reader, tags, search, sort, help."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Footer, Input, Static

from tests.ui.conftest import AppFactory
from zo_reader.ui.app import ZoReaderApp
from zo_reader.ui.screens.browse import BrowseScreen
from zo_reader.ui.screens.help import HelpScreen
from zo_reader.ui.widgets.article_list import ArticleList
from zo_reader.ui.widgets.article_view import ArticleView
from zo_reader.ui.widgets.reading_pane import ReadingPane
from zo_reader.ui.widgets.status_line import StatusLine
from zo_reader.ui.widgets.tag_sidebar import TagSidebar

WIDE = (130, 36)


async def settle(pilot: Pilot[None]) -> None:
    """Let workers (sync, search) finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def status(app: ZoReaderApp) -> str:
    return app.screen.query_one(StatusLine).text


def browse(app: ZoReaderApp) -> BrowseScreen:
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    return screen


async def test_starts_on_the_list_with_the_newest_article(reader_app: AppFactory) -> None:
    app = reader_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert app.focused is articles
        assert articles.highlighted is not None
        assert articles.highlighted.id == "evening-walks"
        assert articles.count == 3
        assert "3 articles, newest first" in str(app.screen.query_one("#filter", Static).render())


async def test_enter_reads_pagedown_pages_and_escape_returns(reader_app: AppFactory) -> None:
    app = reader_app()
    async with app.run_test(size=(100, 16)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert app.focused is view
        assert app.screen.query_one(ReadingPane).article is not None
        assert "Reading: Do evening walks help me sleep?" in status(app)
        before = view.scroll_y
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y > before  # moved at once: no animation
        await pilot.press("pageup")
        await pilot.pause()
        assert view.scroll_y == before
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.screen.query_one(ArticleList)


async def test_tags_combine_with_and_and_are_described(reader_app: AppFactory) -> None:
    app = reader_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        sidebar = app.screen.query_one(TagSidebar)
        assert app.focused is sidebar
        sleep_line = next(i for i, label in enumerate(sidebar.labels) if " sleep " in label)
        sidebar.select_index(sleep_line)
        await pilot.press("enter")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.count == 2
        anxiety = next(i for i, label in enumerate(sidebar.labels) if " anxiety " in label)
        sidebar.select_index(anxiety)
        await pilot.press("space")
        await settle(pilot)
        assert articles.count == 1
        assert articles.highlighted is not None and articles.highlighted.id == "racing-thoughts"
        described = str(app.screen.query_one("#filter", Static).render())
        assert "tags anxiety and sleep" in described or "tags sleep and anxiety" in described
        assert any(label.startswith(("[x]", "▶ [x]")) or "[x]" in label for label in sidebar.labels)
        await pilot.press("c")
        await settle(pilot)
        assert articles.count == 3


async def test_search_as_you_type_then_escape(reader_app: AppFactory) -> None:
    app = reader_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"racing")
        await pilot.pause(0.3)
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.count == 2
        assert "2 results for racing" in status(app)
        assert app.focused is app.screen.query_one("#search")  # typing was never blocked
        await pilot.press("escape")
        await settle(pilot)
        assert articles.count == 3
        assert app.focused is articles


async def test_odd_search_input_never_breaks(reader_app: AppFactory) -> None:
    app = reader_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'"unbalanced (OR) -', "enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)


async def test_sort_by_title_is_shown(reader_app: AppFactory) -> None:
    app = reader_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.highlighted is not None
        assert "by title" in str(app.screen.query_one("#filter", Static).render())
        articles.select_index(0)
        await pilot.pause()
        assert articles.highlighted is not None
        assert articles.highlighted.title == "Do evening walks help me sleep?"


async def test_help_is_generated_from_bindings(reader_app: AppFactory) -> None:
    app = reader_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(
            " ".join(str(static.render()) for static in app.screen.query(Static)) for _ in [0]
        )
        for expected in ("Search", "Bookmark", "Next heading", "Toggle tag", "Quit"):
            assert expected in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_links_to_articles_history_and_external_links(reader_app: AppFactory) -> None:
    app = reader_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        await pilot.press("full_stop")
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        assert view.selected_link is not None and view.selected_link.url == "racing-thoughts.md"
        await pilot.press("enter")
        await settle(pilot)
        assert pane.article is not None and pane.article.id == "racing-thoughts"
        await pilot.press("backspace")
        await settle(pilot)
        assert pane.article is not None and pane.article.id == "evening-walks"
        await pilot.press("alt+right")
        await settle(pilot)
        assert pane.article is not None and pane.article.id == "racing-thoughts"
        await pilot.press("backspace")
        await settle(pilot)
        await pilot.press("full_stop", "full_stop", "enter")
        await pilot.pause()
        from zo_reader.ui.screens.link import ExternalLinkScreen

        assert isinstance(app.screen, ExternalLinkScreen)
        assert app.screen.url == "https://www.who.int/"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("o")  # a headless test cannot hand the terminal to a browser
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert status(app).startswith("No browser could open the link")


async def test_bookmarks_and_positions_are_kept(reader_app: AppFactory, tmp_path: Path) -> None:
    app = reader_app()
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert status(app) == "Bookmarked"
        await pilot.press("pagedown")
        await pilot.pause()
        top = app.screen.query_one(ArticleView).top_line
        assert top > 0
        await pilot.press("B")
        await pilot.pause()
        from zo_reader.ui.screens.bookmarks import BookmarksScreen

        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("escape")
    state = (tmp_path / "data" / "state.json").read_text()
    assert '"evening-walks"' in state
    again = reader_app()
    async with again.run_test(size=(100, 12)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert again.screen.query_one(ArticleView).top_line == top
        assert "(bookmarked)" in status(again)


async def test_contents_find_and_width(reader_app: AppFactory) -> None:
    app = reader_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        from zo_reader.ui.screens.contents import ContentsScreen

        assert isinstance(app.screen, ContentsScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("ctrl+f", *"walk")
        await pilot.pause()
        assert status(app).startswith("Match 1 of")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.screen.query_one(ArticleView)
        view = app.screen.query_one(ArticleView)
        before = view.measure
        await pilot.press("minus")
        await pilot.pause()
        assert view.measure == before - 4
        assert status(app) == f"Text width: {before - 4} columns"


async def test_regions_collapse_on_small_terminals(reader_app: AppFactory) -> None:
    app = reader_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        screen = browse(app)
        assert screen.has_class("-narrow")
        assert screen.query_one("#list-column").display
        assert not screen.query_one("#tags").display
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#reading").display
        assert not screen.query_one("#list-column").display
        await pilot.press("tab")
        await pilot.pause()
        assert screen.query_one("#tags").display  # reader -> tags in reading order
        await pilot.press("tab")
        await pilot.pause()
        assert screen.query_one("#list-column").display
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = browse(app)
        assert screen.has_class("-medium")
        assert screen.query_one("#tags").display and screen.query_one("#list-column").display
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.query_one("#list-column").display


async def test_themes_cycle_and_keymap_remaps(reader_app: AppFactory) -> None:
    app = reader_app(theme="high-contrast", keymap={"browse.search": "ctrl+s"})
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.theme == "zo-high-contrast"
        await pilot.press("T")
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert status(app) == "Theme: default (dark)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#search")


async def test_hostile_articles_open_without_control_characters(
    reader_app: AppFactory, tmp_path: Path
) -> None:
    from tests.conftest import write

    library = tmp_path / "hostile"
    evil = "\x1b]0;owned\x07\x1b[2J\x9b31m\x07\u202e\x1bP1$q\x1b\\"
    write(
        library,
        "evil.md",
        f'---\ntitle: "T\\e]2;x\\a"\n---\n# H {evil}\n\nBody {evil}\n\n'
        f"| a{evil} | b |\n|---|---|\n| {evil} | [l](https://x/{evil}) |\n",
    )
    write(library, "deep.md", "> " * 3000 + "deep\n\n" + "- " * 3000 + "x\n\n" + "[" * 100_000)
    write(library, "long.md", "word " * 40_000 + "\n\n" + "x" * 200_000)
    app = reader_app(library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        for index in range(articles.count):
            articles.select_index(index)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("pagedown", "end", "escape")
            await pilot.pause()
            screenshot = app.export_screenshot()
            assert "\x1b" not in screenshot and "\x9b" not in screenshot
            assert "\u202e" not in screenshot


async def test_region_switch_restyles_once_and_screen_reader_mode_has_no_footer(
    reader_app: AppFactory,
) -> None:
    """What a region switch costs: one restyle of the screen, and no footer rebuilt.

    A hidden Footer still unmounts and mounts a widget per key whenever focus moves,
    and a restyle per class toggled made a region switch several restyles long.
    """
    app = reader_app(screen_reader=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = browse(app)
        assert not screen.query(Footer)
        restyled: list[object] = []
        real_update = app.update_styles

        def counted(node: object = None, animate: bool = True) -> None:
            if node is screen:
                restyled.append(node)
            real_update(node, animate=animate)  # type: ignore[arg-type]

        app.update_styles = counted  # type: ignore[method-assign]
        await pilot.press("enter")
        await settle(pilot)
        assert screen.current_region == "reader"
        assert len(restyled) == 1
