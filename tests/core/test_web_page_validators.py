"""A web page's ETag and Last-Modified are stored and sent only when they are header values.

Feeds and the zo-reader API have their own tests (test_hostile_values); a web
page keeps its validators in its own cache file, so it is checked here too: a
``"café"`` once broke a source for good with a ``UnicodeEncodeError`` (issue 12).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faulty_server import FaultyServer, Reply
from zo_reader.core.index import Library
from zo_reader.core.sources.http import HttpOptions
from zo_reader.core.sources.web_page import WebPageSource

PAGE = (
    "<!doctype html><html><head><title>Rock pools</title></head><body><main><article>"
    "<h1>Rock pools</h1>"
    + "".join(
        f"<p>Paragraph {n}: the lowest tides leave pools full of anemones and crabs.</p>"
        for n in range(8)
    )
    + "</article></main></body></html>"
).encode()
BAD = ['"café"', '"' + "x" * 5000 + '"', "Mon, 05 Jan 2026 10:00:00 GMT\u00a0", '"a\x01b"']
BAD_IDS = ["non-ascii", "too-long", "nbsp", "control"]
VALIDATORS = ("if-none-match", "if-modified-since")


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with FaultyServer() as running:
        yield running


def page_source(server: FaultyServer, cache: Path) -> WebPageSource:
    return WebPageSource(server.url("/pools.html"), options=HttpOptions(), cache_dir=cache)


def sync_titles(server: FaultyServer, tmp_path: Path) -> list[str]:
    with Library(page_source(server, tmp_path / "cache"), tmp_path / "index.db") as library:
        library.sync()
        return [summary.title for summary in library.list_articles()]


@pytest.mark.parametrize("header", ["ETag", "Last-Modified"])
@pytest.mark.parametrize("value", BAD, ids=BAD_IDS)
def test_a_page_validator_that_is_not_a_header_value_breaks_nothing(
    server: FaultyServer, tmp_path: Path, header: str, value: str
) -> None:
    # Sent raw (latin-1 on the wire, as a hostile server may).
    server.route("/pools.html", Reply(body=PAGE, raw_headers=[(header, value)]))
    for _ in range(2):
        assert sync_titles(server, tmp_path) == ["Rock pools"]
    second = server.hits("/pools.html")[1]
    assert not any(name in second.headers for name in VALIDATORS)
    [cache] = (tmp_path / "cache").rglob("*.json")
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert stored["etag"] is None and stored["last_modified"] is None


STORED_BAD: list[Any] = ['"café"', '"a\x01b"', "x" * 5000, 5, ["x"]]


@pytest.mark.parametrize("value", STORED_BAD, ids=["non-ascii", "control", "too-long", "n", "list"])
def test_a_bad_page_validator_stored_by_an_older_version_is_not_sent(
    server: FaultyServer, tmp_path: Path, value: Any
) -> None:
    server.route("/pools.html", Reply(body=PAGE, headers={"ETag": '"v1"'}))
    assert sync_titles(server, tmp_path) == ["Rock pools"]
    [cache] = (tmp_path / "cache").rglob("*.json")
    state = json.loads(cache.read_text(encoding="utf-8"))
    cache.write_text(json.dumps({**state, "etag": value, "last_modified": value}), "utf-8")
    assert sync_titles(server, tmp_path) == ["Rock pools"]
    second = server.hits("/pools.html")[1]
    assert not any(name in second.headers for name in VALIDATORS)


def test_a_good_page_validator_is_kept_and_sent(server: FaultyServer, tmp_path: Path) -> None:
    server.route("/pools.html", Reply(body=PAGE, headers={"ETag": '"v1"'}))
    for _ in range(2):
        assert sync_titles(server, tmp_path) == ["Rock pools"]
    assert server.hits("/pools.html")[1].headers.get("if-none-match") == '"v1"'
