"""A folder of pages saved from a website, read in the TUI: title, contents, heading keys."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.widgets import OptionList

from tests.terminal import Terminal
from tests.ui.conftest import AppFactory
from tests.ui.test_browse import settle, status
from zo_reader.ui.screens.contents import ContentsScreen
from zo_reader.ui.widgets.article_list import ArticleList
from zo_reader.ui.widgets.article_view import ArticleView
from zo_reader.ui.widgets.reading_pane import ReadingPane

SCRAPED = Path(__file__).resolve().parent.parent / "fixtures" / "scraped"
TITLE = "Why is it so hard to rest after losing someone?"


async def test_contents_lists_the_questions_and_brackets_move_between_them(
    reader_app: AppFactory,
) -> None:
    app = reader_app(SCRAPED)
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        titles = []
        for _ in range(articles.count):
            assert articles.highlighted is not None
            titles.append(articles.highlighted.title)
            if titles[-1] == TITLE:
                break
            await pilot.press("down")
            await pilot.pause()
        assert "Logo" not in titles and "Menu" not in titles and titles[-1] == TITLE
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article is not None and pane.article.title == TITLE
        header = str(pane.query_one("#article-header").render())
        assert "tags: grief, restfulsleep" in header
        view = app.screen.query_one(ArticleView)
        assert view.document is not None
        shown = "\n".join(line.text for line in view.document.lines)
        assert "CalmHaven" not in shown and "Subscribe" not in shown
        assert "#grief" not in shown and "WHY IS IT SO HARD" not in shown
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ContentsScreen)
        options = app.screen.query_one(OptionList)
        entries = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert entries == [
            "  Heading 2: What helps the body settle in the evening?",
            "  Heading 2: When should someone ask for more support?",
        ]
        await pilot.press("escape")
        await pilot.pause()
        first, second = view.document.headings
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert view.top_line == first.line
        await pilot.press("right_square_bracket")
        await pilot.pause()
        # At the end of the article the view cannot scroll the heading to the top.
        assert first.line < view.top_line <= second.line < view.top_line + view.size.height
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert view.top_line == first.line
        assert status(app)  # the status line speaks for every move


def test_screen_reader_mode_reads_the_questions_as_headings(tmp_path: Path) -> None:
    """The real program on a pseudo-terminal: the cursor lands on each question heading."""
    env: dict[str, str | None] = {
        "ZO_READER_CACHE_DIR": str(tmp_path / "cache"),
        "ZO_READER_DATA_DIR": str(tmp_path / "data"),
        "ZO_READER_CONFIG": str(tmp_path / "none.toml"),
    }
    argv = [sys.executable, "-m", "zo_reader", "--screen-reader", str(SCRAPED)]
    with Terminal(argv, cols=80, rows=24, env=env) as terminal:
        terminal.wait_for("Article 1 of 4", timeout=30)
        for _ in range(4):
            if any(f"Article {n} of 4: {TITLE}" in row for row in terminal.lines() for n in "1234"):
                break
            terminal.press("down")
            terminal.settle(0.3)
        terminal.press("enter")
        terminal.wait_for(f"Reading: {TITLE}", timeout=10)
        assert "CalmHaven" not in terminal.screen_text()
        for question in (
            "Heading 2: What helps the body settle in the evening?",
            "Heading 2: When should someone ask for more support?",
        ):
            terminal.send("]")

            def on_cursor(rows: list[str], question: str = question) -> bool:
                x, y = terminal.cursor
                return rows[y][x:].startswith(question)

            terminal.wait_until(on_cursor, 10, what=f"cursor on {question!r}")
