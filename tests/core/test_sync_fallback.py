"""A site that answered well once and then badly: the reader sees the copies (issue 12).

A broken or hostile later answer (not a feed, the wrong JSON shape, a
refusal, a body dripping past the overall deadline) leaves the index as the
last good sync made it. ``list`` then shows those copies with a sentence
saying why and from when they date, and exits 0 as it does offline; nothing
is lost from the cache. Played on loopback by :mod:`tests.faulty_server`, the
command run as a user runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli, write
from tests.faulty_server import (
    FaultyServer,
    Reply,
    assert_clean,
    json_reply,
    text_reply,
)
from zo_reader.core.errors import SourceError
from zo_reader.core.index import Library
from zo_reader.core.sources.base import SourceEntry
from zo_reader.core.sources.feed import FeedSource
from zo_reader.core.sources.folder import FolderSource
from zo_reader.core.sources.http import HttpOptions

CANNOT_READ = "zo-reader: The site at 127.0.0.1 sent an answer zo-reader cannot read; "
TOO_SLOW = "zo-reader: The site at 127.0.0.1 sent its answer too slowly; "
DEADLINE = 2
RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
    + "".join(
        f"<item><title>Item {n}</title><link>http://127.0.0.1/{n}</link><guid>g{n}</guid>"
        f"<description>Text of item {n}.</description></item>"
        for n in range(1, 4)
    )
    + "</channel></rss>"
)
PAGE = (
    "<!doctype html><html><head><title>Rock pools</title></head><body><main><article>"
    "<h1>Rock pools</h1>"
    + "".join(
        f"<p>Paragraph {n}: the lowest tides leave pools full of anemones and crabs, "
        "and the hour after sunrise is the quietest time to look into them.</p>"
        for n in range(8)
    )
    + "</article></main></body></html>"
)
JSON_FEED = "https://jsonfeed.org/version/1.1"


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with FaultyServer() as running:
        yield running


def titles(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    return sorted(row["title"] for row in json.loads(result.stdout))


def first_good_run(source: str) -> list[str]:
    before = titles(run_cli("list", "-s", source, "--json"))
    assert before
    return before


def assert_copies_kept(source: str, before: list[str]) -> None:
    """Offline, every copy of the good run is still there."""
    offline = run_cli("list", "-s", source, "--json", "--offline")
    assert_clean(offline)
    assert titles(offline) == before


BAD_FEEDS = {
    "not-a-feed": Reply(body=b"\x89PNG\r\n\x1a\n" + bytes(200), headers={"Content-Type": "x/y"}),
    "html-instead": text_reply("<html><body><p>Maintenance</p></body></html>"),
    "json-wrong-shape": json_reply({"version": JSON_FEED, "items": {"a": 1}}),
    "json-not-json": Reply(body=b'{"version": "', headers={"Content-Type": "application/json"}),
    "refused": json_reply({"error": "Gone \x1b]0;PWND\x07 away"}, status=403),
    "broken-gzip": Reply(
        body=b"\x1f\x8b\x08\x00garbage",
        headers={"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"},
    ),
}


@pytest.mark.parametrize("answer", list(BAD_FEEDS))
def test_a_feed_answering_badly_the_second_time_shows_its_copies(
    server: FaultyServer, answer: str
) -> None:
    server.route("/feed.xml", text_reply(RSS, "application/rss+xml"))
    source = f"feed+{server.url('/feed.xml')}"
    before = first_good_run(source)
    server.route("/feed.xml", BAD_FEEDS[answer])
    broken = run_cli("list", "-s", source, "--json")
    assert_clean(broken)
    assert titles(broken) == before  # exit 0, as offline
    reason, copies = broken.stderr.splitlines()
    assert reason.startswith("zo-reader: ") and reason.endswith("."), reason
    assert copies.startswith(CANNOT_READ + "showing copies from 20") and copies.endswith(" UTC.")
    assert_copies_kept(source, before)
    server.route("/feed.xml", text_reply(RSS, "application/rss+xml"))
    assert titles(run_cli("list", "-s", source, "--json")) == before  # and reads well again


@pytest.mark.parametrize(
    "answer",
    [
        Reply(body=bytes(range(256)) * 4, headers={"Content-Type": "application/octet-stream"}),
        text_reply("<html><body><nav><a href='/'>Home</a></nav></body></html>"),
        Reply(404, b"Not here"),
    ],
    ids=["binary", "no-main-text", "not-found"],
)
def test_a_web_page_answering_badly_the_second_time_shows_its_copy(
    server: FaultyServer, answer: Reply
) -> None:
    server.route("/pools.html", text_reply(PAGE))
    source = f"page+{server.url('/pools.html')}"
    before = first_good_run(source)
    assert before == ["Rock pools"]
    server.route("/pools.html", answer)
    broken = run_cli("list", "-s", source, "--json")
    assert_clean(broken)
    assert titles(broken) == before
    assert broken.stderr.splitlines()[-1].startswith(CANNOT_READ + "showing copies from 20")
    assert_copies_kept(source, before)


def test_a_bad_first_answer_is_still_one_sentence_and_exit_1(server: FaultyServer) -> None:
    server.route("/feed.xml", BAD_FEEDS["json-wrong-shape"])
    result = run_cli("list", "-s", f"feed+{server.url('/feed.xml')}")
    assert_clean(result)
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("zo-reader: The feed at ") and "cannot read" not in line


def test_the_library_reports_the_copies_and_keeps_the_validators(
    server: FaultyServer, tmp_path: Path
) -> None:
    good = Reply(body=RSS.encode(), headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})
    server.route("/feed.xml", good)
    options = HttpOptions(connect_timeout=1.0, read_timeout=2.0, backoff=0.01)
    feed = FeedSource(server.url("/feed.xml"), options=options, cache_dir=tmp_path / "cache")
    with Library(feed, tmp_path / "index.db") as library:
        library.sync()
        server.route("/feed.xml", BAD_FEEDS["json-wrong-shape"])
        report = library.sync()
        assert report.notices[-1].startswith(CANNOT_READ.removeprefix("zo-reader: "))
        assert len(library.list_articles()) == 3
    server.route("/feed.xml", good)
    again = FeedSource(server.url("/feed.xml"), options=options, cache_dir=tmp_path / "cache")
    with Library(again, tmp_path / "index.db") as library:
        library.sync()
        assert len(library.list_articles()) == 3
    assert server.hits("/feed.xml")[-1].headers.get("if-none-match") == '"v1"'


class FailingFolder(FolderSource):
    """A folder whose listing fails from the second time on, as a local source may."""

    listed = 0

    def entries(self) -> Iterator[SourceEntry]:
        self.listed += 1
        if self.listed > 1:
            raise SourceError("The folder cannot be listed.")
        return super().entries()


def test_a_local_source_failing_is_not_hidden_behind_its_copies(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    write(root, "one.md", "# One\n\nText.\n")
    with Library(FailingFolder(root), tmp_path / "index.db") as library:
        library.sync()
        with pytest.raises(SourceError, match=r"^The folder cannot be listed"):
            library.sync()
        assert len(library.list_articles()) == 1


# The overall deadline on a later run: one sentence, and the copies

DRIPS = {
    "body": Reply(body=RSS.encode(), headers={"Content-Type": "application/rss+xml"}, drip=0.2),
    "status-and-headers": Reply(
        body=RSS.encode(),
        headers={"Content-Type": "application/rss+xml", "X-Pad": "x" * 200},
        drip=0.2,
        drip_head=True,
    ),
}


@pytest.mark.parametrize("part", list(DRIPS))
@pytest.mark.parametrize("kind", ["feed", "page"])
def test_a_site_dripping_its_answer_is_cut_off_and_the_copies_shown(
    server: FaultyServer, part: str, kind: str
) -> None:
    if kind == "feed":
        server.route("/it", text_reply(RSS, "application/rss+xml"))
    else:
        server.route("/it", text_reply(PAGE))
    source = f"{kind}+{server.url('/it')}"
    before = first_good_run(source)
    drip = DRIPS[part]
    if kind == "page":
        drip = Reply(
            body=PAGE.encode(), headers={"X-Pad": "x" * 200}, drip=0.2, drip_head=part != "body"
        )
    server.route("/it", drip)
    # A byte every 0.2 seconds: the read timeout never fires, only the deadline does.
    env = {
        **os.environ,
        "ZO_READER_REQUEST_DEADLINE": str(DEADLINE),
        "ZO_READER_READ_TIMEOUT": "30",
    }
    command = [sys.executable, "-m", "zo_reader", "list", "-s", source, "--json"]
    started = time.monotonic()
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=DEADLINE + 30, check=False
    )
    assert time.monotonic() - started < DEADLINE + 5  # the issue's own bound
    assert_clean(result)
    assert titles(result) == before
    [notice] = result.stderr.splitlines()
    assert notice.startswith(TOO_SLOW + "showing copies from 20") and notice.endswith(" UTC.")
    assert_copies_kept(source, before)
