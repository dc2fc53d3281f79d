"""A first sync of a large folder inside the running reader (parsing in a worker process).

Textual replaces ``sys.stderr`` while it runs, with an object whose
``fileno()`` is -1; starting the worker process used to fail on it, so the
reader crashed on the first open of any folder of 400 articles or more.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.ui.test_browse import settle
from tests.ui.test_live import until
from zo_reader.core.context import make_context
from zo_reader.core.index import SyncReport
from zo_reader.core.loading import PARALLEL_FROM
from zo_reader.core.settings import Settings
from zo_reader.ui.app import make_app
from zo_reader.ui.screens.browse import BrowseScreen
from zo_reader.ui.widgets.article_list import ArticleList
from zo_reader.ui.widgets.article_view import ArticleView


async def test_a_first_sync_of_a_large_folder_in_the_reader(tmp_path: Path) -> None:
    folder = tmp_path / "large"
    folder.mkdir()
    count = PARALLEL_FROM + 50
    for number in range(count):
        (folder / f"note-{number:04d}.md").write_text(f"# Note {number}\n\nWords {number}.\n")
    context = make_context(
        Settings(watch=False), str(folder), cache_root=tmp_path / "cache", data_root=tmp_path / "d"
    )
    app = make_app(context)  # no sync before: the app's own background sync does the first one
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        await until(pilot, lambda: articles.count == count, seconds=60)


async def test_a_file_the_index_learns_of_later_opens_and_keeps_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``zo-reader FILE`` when the background sync finds the file after the list has focus.

    Opening it hides the focused list; Textual then hands the focus to the list's
    search field, which used to pull the layout back to the list, with nothing open.
    The sync is held (not faked) so the order is the one a slow disk gives.
    """
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "note.md").write_text("# Small note\n\nA body line about gardening.\n")
    context = make_context(
        Settings(watch=False),
        str(folder / "note.md"),
        cache_root=tmp_path / "cache",
        data_root=tmp_path / "d",
    )
    release = threading.Event()
    real_sync = context.sync

    def held_sync() -> SyncReport:
        release.wait(30)
        return real_sync()

    monkeypatch.setattr(context, "sync", held_sync)
    app = make_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await until(pilot, lambda: isinstance(app.focused, ArticleList))
        release.set()
        await until(pilot, lambda: isinstance(app.focused, ArticleView))
        await settle(pilot)
        assert screen.current_region == "reader"
        assert isinstance(app.focused, ArticleView)
        assert screen.reading.article is not None
        assert screen.reading.article.title == "Small note"
