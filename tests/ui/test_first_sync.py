"""A first sync of a large folder inside the running reader (parsing in a worker process).

Textual replaces ``sys.stderr`` while it runs, with an object whose
``fileno()`` is -1; starting the worker process used to fail on it, so the
reader crashed on the first open of any folder of 400 articles or more.
"""

from __future__ import annotations

from pathlib import Path

from tests.ui.test_browse import settle
from tests.ui.test_live import until
from zo_reader.core.context import make_context
from zo_reader.core.loading import PARALLEL_FROM
from zo_reader.core.settings import Settings
from zo_reader.ui.app import make_app
from zo_reader.ui.widgets.article_list import ArticleList


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
