"""The reader on a served library: the same keys, bodies downloaded on open, offline mid-session.

The library is served by the real API (uvicorn on 127.0.0.1) and opened by
its address, as ``zo-reader http://host/`` would; the server is then stopped
while the app runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Static

from tests.served import serve_folder
from tests.ui.conftest import AppFactory
from tests.ui.test_browse import WIDE, settle, status
from zo_reader.core.sources import BUNDLED_SAMPLES
from zo_reader.core.sources.zo_api import ZoApiSource
from zo_reader.ui.widgets.article_list import ArticleList
from zo_reader.ui.widgets.reading_pane import ReadingPane
from zo_reader.ui.widgets.tag_sidebar import TagSidebar


async def test_browse_read_and_go_offline(reader_app: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "served"
    shutil.copytree(BUNDLED_SAMPLES, folder)
    with serve_folder(folder) as served:
        app = reader_app(served.url)  # type: ignore[arg-type]
        assert isinstance(app.context.source, ZoApiSource)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            articles = app.screen.query_one(ArticleList)
            assert articles.count == 12
            first = articles.highlighted
            assert first is not None
            await pilot.press("enter")
            await settle(pilot)
            pane = app.screen.query_one(ReadingPane)
            assert pane.article is not None and pane.article.id == first.id
            assert pane.article.body and f"Reading: {first.title}" in status(app)
            served.stop()
            await pilot.press("escape", "down", "enter")
            await settle(pilot)
            assert "has not been downloaded yet" in status(app)
            assert pane.article.id == first.id  # the article shown stays
            await pilot.press("escape", "up", "enter")
            await settle(pilot)
            assert f"Reading: {first.title}" in status(app)
            # Searching offline searches the stored copies instead of failing.
            await pilot.press("escape", "slash", *"sleep")
            await pilot.pause(0.3)
            await settle(pilot)
            shown = str(app.screen.query_one("#filter", Static).render())
            assert "results for sleep" in shown and articles.count >= 2


async def test_a_wordpress_site_reads_like_a_folder(
    reader_app: AppFactory, wordpress_url: str
) -> None:
    app = reader_app(wordpress_url)  # type: ignore[arg-type]
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.count == 21
        await pilot.press("enter")  # the newest post: the hostile one
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article is not None and pane.article.id == "hostile-escapes"
        assert "Reading: Escapes in a title" in status(app)
        assert "\x1b" not in pane.article.title
        labels = app.screen.query_one(TagSidebar).labels
        assert any("Rest & Recovery (2)" in label for label in labels)
        assert not any("Uncategorized" in label for label in labels)
