"""Following a wikilink or a Hugo site link by keyboard lands on the article, at its heading."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.ui.conftest import AppFactory
from tests.ui.test_browse import WIDE, browse, settle, status
from zo_reader.ui.widgets.article_view import ArticleView
from zo_reader.ui.widgets.reading_pane import ReadingPane

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


async def select_link(view: ArticleView, pilot: Pilot[None], url: str) -> None:
    """Press ``.`` (next link) until the link to ``url`` is selected."""
    view.focus()
    for _ in range(20):
        if view.selected_link is not None and view.selected_link.url == url:
            return
        await pilot.press("full_stop")
        await pilot.pause()
    raise AssertionError(f"no link to {url}")


def assert_on_screen(view: ArticleView, line: int) -> None:
    """The line is at the top, or on screen when the article's end stops the scroll there."""
    height = view.scrollable_content_region.height
    at_end = view.top_line + height >= len(view.document.lines) if view.document else False
    assert view.top_line == line or (at_end and view.top_line < line < view.top_line + height)


async def test_a_wikilink_opens_the_note_at_its_heading(reader_app: AppFactory) -> None:
    app = reader_app(FIXTURES / "obsidian-vault")
    async with app.run_test(size=(100, 16)) as pilot:
        await settle(pilot)
        browse(app).open_article("Home")
        browse(app).show_reader()
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        view = app.screen.query_one(ArticleView)
        await select_link(view, pilot, "wiki:Beta#Details")
        await pilot.press("enter")
        await settle(pilot)
        assert pane.article is not None and pane.article.id == "Beta"
        assert view.document is not None
        heading = view.document.anchor_line("details")
        assert heading is not None and heading > 10 and view.top_line > 0
        assert_on_screen(view, heading)
        # Back, then a link to a heading of the same note and one to a note nowhere.
        await pilot.press("backspace")
        await settle(pilot)
        assert pane.article.id == "Home"
        await select_link(view, pilot, "wiki:#Local%20heading")
        await pilot.press("enter")
        await settle(pilot)
        local = view.document.anchor_line("local-heading")
        assert local is not None and view.top_line > 0
        assert_on_screen(view, local)
        await select_link(view, pilot, "wiki:Missing%20note")
        await pilot.press("enter")
        await settle(pilot)
        assert pane.article.id == "Home"
        assert status(app) == "There is no article 'Missing note'."


async def test_a_site_root_link_opens_the_page_it_names(reader_app: AppFactory) -> None:
    app = reader_app(FIXTURES / "hugo-site" / "content")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        browse(app).open_article("docs/guide/index")
        browse(app).show_reader()
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        view = app.screen.query_one(ArticleView)
        await select_link(view, pilot, "ref:docs/install.md#part")
        await pilot.press("enter")
        await settle(pilot)
        assert pane.article is not None and pane.article.id == "docs/install"
        await pilot.press("backspace")
        await settle(pilot)
        await select_link(view, pilot, "../config/")
        await pilot.press("enter")
        await settle(pilot)
        assert pane.article.id == "docs/Config"
