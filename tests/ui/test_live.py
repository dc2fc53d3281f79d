"""Live preview: real file changes in a temporary folder reach the running reader.

Files are written, renamed and deleted on disk while the app runs under
Pilot; the watcher (inotify, or polling) and the background sync do the rest.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import FIXTURES, AppFactory
from tests.ui.test_browse import WIDE, settle, status
from zo_reader.core.watch import watch_folder
from zo_reader.ui.widgets.article_list import ArticleList
from zo_reader.ui.widgets.reading_pane import ReadingPane


async def until(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 5.0) -> float:
    """Wait for ``condition`` while the app runs; the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            raise AssertionError("the reader did not catch up with the files")
        await asyncio.sleep(0.05)
        await pilot.pause()
    return time.monotonic() - started


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(FIXTURES, target)
    return target


async def test_edits_reach_the_open_article_in_place(reader_app: AppFactory, folder: Path) -> None:
    app = reader_app(folder)
    async with app.run_test(size=(100, 16)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "pagedown")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article is not None
        top = pane.view.top_line
        assert top > 0
        path = folder / "evening-walks.md"
        path.write_text(path.read_text() + "\nA sentence added while reading.\n")
        await until(
            pilot, lambda: "added while reading" in (pane.article.body if pane.article else "")
        )
        assert pane.view.top_line == top  # kept its place
        assert "Updated: Do evening walks help me sleep?" in status(app)


async def test_new_renamed_and_deleted_files_update_the_list(
    reader_app: AppFactory, folder: Path
) -> None:
    app = reader_app(folder)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.count == 3
        (folder / "new.md").write_text("---\ntitle: A new one\ndate: 2031-01-01\n---\n\nHi.\n")
        await until(pilot, lambda: articles.count == 4)
        await settle(pilot)
        assert articles.highlighted is not None
        # Said once the list has announced its row again, not replaced by it.
        said = status(app)
        assert said.startswith("Article") and said.endswith(
            "Library updated: 1 new, 0 changed, 0 removed."
        )
        (folder / "new.md").rename(folder / "renamed.md")

        def ids() -> set[str]:
            return {a.id for a in app.context.library.list_articles()}

        await until(pilot, lambda: "renamed" in ids() and "new" not in ids())
        await until(pilot, lambda: articles.count == 4)
        (folder / "renamed.md").unlink()
        await until(pilot, lambda: articles.count == 3 and "renamed" not in ids())


async def test_a_deleted_open_article_says_so(reader_app: AppFactory, folder: Path) -> None:
    app = reader_app(folder)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article is not None
        title = pane.article.title
        (folder / "evening-walks.md").unlink()
        await until(pilot, lambda: "was deleted from the library" in status(app))
        assert pane.article is not None and pane.article.title == title  # still readable


async def test_a_file_opens_straight_in_the_reader(reader_app: AppFactory, folder: Path) -> None:
    app = reader_app(folder / "racing-thoughts.md")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article is not None and pane.article.id == "racing-thoughts"
        # The file alone: its folder's other articles are not linked from it.
        assert app.screen.query_one(ArticleList).count == 1


@pytest.mark.parametrize("polling", [False, True], ids=["notifications", "polling"])
def test_the_watcher_reports_saves(tmp_path: Path, polling: bool) -> None:
    seen: list[set[str]] = []
    stop = threading.Event()
    kinds: list[str] = []
    thread = threading.Thread(
        target=lambda: kinds.append(
            watch_folder(tmp_path, seen.append, stop, force_polling=polling or None)
        ),
        daemon=True,
    )
    thread.start()
    time.sleep(0.5)  # the watch is set up
    (tmp_path / ".hidden.md").write_text("ignored")
    (tmp_path / "note.md").write_text("# Note\n")
    deadline = time.monotonic() + 5
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(5)
    assert seen and all(not Path(p).name.startswith(".") for batch in seen for p in batch)
    assert kinds == ["polling" if polling else "notifications"]
