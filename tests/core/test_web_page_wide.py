"""A web page sent in UTF-16 or UTF-32 without a charset is read as a page (issue 12).

Its zero bytes once made it "binary": the page source refused it and a plain
URL was not recognised. The encoding is told by the bytes, as for feeds
(the byte order mark, or where the zeros of the first character fall).
Served on loopback by :mod:`tests.faulty_server`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.faulty_server import FaultyServer, Reply
from zo_reader.core.index import Library
from zo_reader.core.sources.http import HttpOptions
from zo_reader.core.sources.web_page import WebPageSource, as_utf8, is_html

WIDE = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
PAGE = (
    "<!doctype html><html><head><title>Café ☕ pools</title>"
    '<meta property="og:type" content="article"></head><body><main><article>'
    "<h1>Café ☕ pools</h1>"
    + "".join(
        f"<p>Paragraph {n}: the lowest tides leave pools full of anemones and crabs, "
        "and the hour after sunrise is the quietest time to look into them.</p>"
        for n in range(8)
    )
    + "</article></main></body></html>"
)
CONTENT_TYPES = ["", "text/html", "application/xhtml+xml"]


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with FaultyServer() as running:
        yield running


def serve(server: FaultyServer, codec: str, content_type: str) -> str:
    headers = {"Content-Type": content_type} if content_type else {}
    server.route("/pools.html", Reply(body=PAGE.encode(codec), headers=headers))
    return server.url("/pools.html")


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
@pytest.mark.parametrize("codec", WIDE)
def test_a_wide_page_is_read_as_a_page(
    server: FaultyServer, tmp_path: Path, codec: str, content_type: str
) -> None:
    page = WebPageSource(
        serve(server, codec, content_type), options=HttpOptions(), cache_dir=tmp_path / "c"
    )
    with Library(page, tmp_path / "index.db") as library:
        library.sync()
        [summary] = library.list_articles()
        assert summary.title == "Café ☕ pools"
        body = library.get(summary.id).body
        assert "anemones and crabs" in body and "\ufffd" not in body


@pytest.mark.parametrize("codec", WIDE)
def test_a_plain_url_of_a_wide_page_is_detected_as_a_page(server: FaultyServer, codec: str) -> None:
    result = run_cli("list", "-s", serve(server, codec, ""), "--json")
    assert result.returncode == 0, result.stderr
    assert [row["title"] for row in json.loads(result.stdout)] == ["Café ☕ pools"]


@pytest.mark.parametrize("codec", WIDE)
def test_the_encoding_is_told_as_for_feeds(codec: str) -> None:
    assert as_utf8(PAGE.encode(codec)) == PAGE.encode()
    assert is_html("", PAGE.encode(codec))


def test_binary_and_utf8_are_left_as_they_are() -> None:
    binary = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    assert as_utf8(binary) == binary and not is_html("text/html", binary)
    assert as_utf8(PAGE.encode()) == PAGE.encode()
    assert as_utf8(b"\xef\xbb\xbf<html>") == b"\xef\xbb\xbf<html>"
