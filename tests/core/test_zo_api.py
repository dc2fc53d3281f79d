"""Reading another zo-reader through its API: the real server on 127.0.0.1, the real client.

Each test serves a copy of the bundled sample library with the application
``zo-reader serve`` runs, under uvicorn on a real socket, and reads it with
:class:`ZoApiSource` through a :class:`Library`, as the reader and the CLI do.
Requests are counted by the client itself.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.served import Served, serve_folder
from zo_reader.core.errors import ArticleUnavailableError, SourceError
from zo_reader.core.index import Library
from zo_reader.core.settings import load_settings
from zo_reader.core.sources import BUNDLED_SAMPLES, open_source
from zo_reader.core.sources.folder import FolderSource
from zo_reader.core.sources.http import HttpOptions
from zo_reader.core.sources.zo_api import ZoApiSource

QUICK = HttpOptions(connect_timeout=1.0, read_timeout=2.0, backoff=0.01)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "served"
    shutil.copytree(BUNDLED_SAMPLES, target)
    return target


@pytest.fixture
def served(folder: Path) -> Iterator[Served]:
    with serve_folder(folder) as running:
        yield running


def remote(served: Served, tmp_path: Path, **options: object) -> tuple[Library, ZoApiSource]:
    """A library of the served API, in a database that outlives the object (like a process)."""
    source = ZoApiSource(served.url, options=replace(QUICK, **options))  # type: ignore[arg-type]
    return Library(source, tmp_path / "remote.sqlite3"), source


def local(folder: Path) -> Library:
    library = Library(FolderSource(folder), None)
    library.sync()
    return library


def test_first_sync_stores_summaries_only_in_a_few_requests(
    served: Served, folder: Path, tmp_path: Path
) -> None:
    library, source = remote(served, tmp_path)
    report = library.sync()
    expected = local(folder)
    assert report.added == expected.count_articles() == 12
    # The root, then one page of summaries: no bodies.
    assert source.http.stats.requests == 2
    assert [a.id for a in library.list_articles()] == [a.id for a in expected.list_articles()]
    assert library.tag_counts() == expected.tag_counts()
    assert not any(library.is_complete(a.id) for a in library.list_articles())


def test_opening_an_article_is_one_request_then_kept_for_offline(
    served: Served, folder: Path, tmp_path: Path
) -> None:
    library, source = remote(served, tmp_path)
    library.sync()
    first, second = library.list_articles()[:2]
    before = source.http.stats.requests
    article = library.get(first.id)
    assert source.http.stats.requests == before + 1
    assert article.body == local(folder).get(first.id).body
    library.get(first.id)
    assert source.http.stats.requests == before + 1  # stored now
    served.stop()
    assert library.get(first.id).body == article.body
    with pytest.raises(ArticleUnavailableError, match="has not been downloaded yet"):
        library.get(second.id)


def test_unchanged_refresh_is_one_bodiless_request(served: Served, tmp_path: Path) -> None:
    library, _ = remote(served, tmp_path)
    library.sync()
    library.close()
    again, source = remote(served, tmp_path)  # a new process: state comes from the database
    report = again.sync()
    assert (report.unchanged, report.added, report.updated) == (12, 0, 0)
    assert source.http.stats.requests == 1
    assert source.http.stats.bytes_received < 600


def test_an_edit_updates_one_article_and_drops_its_stale_body(
    served: Served, folder: Path, tmp_path: Path
) -> None:
    library, _ = remote(served, tmp_path)
    library.sync()
    target = library.list_articles()[0]
    library.get(target.id)
    path = next(folder.rglob(f"{target.id.rsplit('/', 1)[-1]}.md"))
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    library.close()
    again, source = remote(served, tmp_path)
    report = again.sync()
    assert (report.updated, report.unchanged) == (1, 11)
    # The root, then one short page in order of change, up to the first article known.
    assert source.http.stats.requests == 2
    assert not again.is_complete(target.id)
    assert "A new closing line." in again.get(target.id).body


def test_added_and_removed_articles_are_noticed(
    served: Served, folder: Path, tmp_path: Path
) -> None:
    library, source = remote(served, tmp_path)
    library.sync()
    (folder / "new-note.md").write_text("# A new note\n\nFresh words.\n", encoding="utf-8")
    before = source.http.stats.requests
    assert library.sync().added == 1
    assert source.http.stats.requests == before + 2
    assert library.resolve("new-note").title == "A new note"
    (folder / "new-note.md").unlink()
    report = library.sync()
    # The count gave the removal away, so the whole list was read again.
    assert (report.removed, report.unchanged) == (1, 12)
    assert library.count_articles() == 12


def test_search_runs_on_the_server_and_finds_words_only_in_bodies(
    served: Served, folder: Path, tmp_path: Path
) -> None:
    library, source = remote(served, tmp_path)
    library.sync()
    expected = local(folder)
    # "meeting" is in a body, not in any title, tag or summary stored here.
    for query in ("meeting", "sleep", '"evening walk"', "support -family"):
        hits = library.search(query, limit=20)
        assert [h.article.id for h in hits] == [h.article.id for h in expected.search(query)]
        assert library.count_matches(query) == expected.count_matches(query)
    # The body is only on the server; so is the snippet, and it marks the match.
    (hit,) = library.search('"message you never answered"')
    assert not library.is_complete(hit.article.id)
    assert [p.text for p in hit.snippet if p.matched] == ["message you never answered"]
    before = source.http.stats.requests
    assert library.search("sleep", tags=["anxiety"]) != []
    assert source.http.stats.requests == before + 1


def test_offline_mid_session_keeps_copies_and_searches_them(served: Served, tmp_path: Path) -> None:
    library, _ = remote(served, tmp_path)
    library.sync()
    served.stop()
    report = library.sync()
    assert any(n.startswith("Offline: showing copies from") for n in report.notices)
    assert library.count_articles() == 12
    # Offline, the stored titles, tags and summaries are searched instead.
    assert [h.article.id for h in library.search("sleep")] != []


def test_a_token_is_needed_and_sent(folder: Path, tmp_path: Path) -> None:
    with serve_folder(folder, token="s3cret") as served:
        library, _ = remote(served, tmp_path)
        with pytest.raises(SourceError, match=r"HTTP 401.*token"):
            library.sync()
        library.close()
        with_token, _ = remote(served, tmp_path, token="s3cret")
        assert with_token.sync().added == 12


def test_addresses_are_detected_and_remembered(served: Served) -> None:
    settings = load_settings()
    assert isinstance(open_source(served.url, settings), ZoApiSource)
    assert isinstance(open_source("zo+" + served.url + "api/v1", settings), ZoApiSource)
    served.stop()
    # Remembered: an offline start still knows what was there.
    assert isinstance(open_source(served.url, settings), ZoApiSource)


def test_every_cli_command_works_on_a_served_library(served: Served, folder: Path) -> None:
    url = served.url
    listed = run_cli("list", "-s", url, "--json")
    assert listed.returncode == 0, listed.stderr
    expected = [a.id for a in local(folder).list_articles()]
    assert [a["id"] for a in json.loads(listed.stdout)] == expected
    tags = run_cli("tags", "-s", url, "--json")
    assert json.loads(tags.stdout)[0] == {"tag": "support", "key": "support", "count": 6}
    found = run_cli("search", '"message you never answered"', "-s", url, "--json")
    assert [h["id"] for h in json.loads(found.stdout)] == ["sleep-racing-mind"]
    read = run_cli("read", "sleep-racing-mind", "-s", url)
    assert read.returncode == 0 and "Tomorrow's meeting" in read.stdout
    served.stop()
    offline = run_cli("read", "sleep-racing-mind", "-s", url, "--offline")
    assert offline.returncode == 0 and "Tomorrow's meeting" in offline.stdout
    assert "Offline mode: not contacting" in offline.stderr
    missing = run_cli("read", "grief-at-holidays", "-s", url, "--offline")
    assert missing.returncode == 1
    assert "has not been downloaded yet" in missing.stderr.splitlines()[-1]
    assert "Traceback" not in missing.stderr


def test_a_remote_article_is_read_by_the_same_conventions_as_the_local_one(
    served: Served, folder: Path, tmp_path: Path
) -> None:
    """The saved-page shape applies remotely exactly when it does locally (front matter known)."""
    (folder / "with-front-matter.md").write_text(
        "---\ntitle: Notes on rest\n---\nA short first line\n\n"
        "A paragraph of prose under it that is long enough to be read as the text.\n",
        encoding="utf-8",
    )
    (folder / "saved.txt").write_text(
        "Logo\n\nQuietSite\n\nHOW DO I REST WELL?\n\nHow do I rest well?\n\n"
        "Rest comes in many forms, and sleep is only one of them for most people.\n\n"
        "#rest#sleep\n",
        encoding="utf-8",
    )
    library, _ = remote(served, tmp_path)
    library.sync()
    here = local(folder)
    for article_id in ("with-front-matter", "saved"):
        fetched = library.get(article_id)
        assert fetched.reading_body == here.get(article_id).reading_body
        assert fetched.title == here.get(article_id).title
    assert "A short first line" in library.get("with-front-matter").reading_body
    assert "QuietSite" not in library.get("saved").reading_body
