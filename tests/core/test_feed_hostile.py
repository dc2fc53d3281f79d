"""Feeds whose values are hostile or whose size is huge (issue 12).

Items are typed at the door (:class:`~zo_reader.core.sources.remote_item.RemoteItem`):
a link that is not a web address cannot add links of the server's choosing to
the ``Source:`` line or the Links list; what is dropped is named in one
warning; the cached items are checked again when read back; a feed keeps its
newest ``MAX_FEED_ITEMS``; an unchanged body is not parsed again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.faulty_server import FaultyServer, Reply, json_reply
from zo_reader.core.html_page import PageItem, page_article
from zo_reader.core.sources import feed as feed_module
from zo_reader.core.sources.feed import FeedSource
from zo_reader.core.sources.feed_items import MAX_FEED_ITEMS, article_from_item
from zo_reader.core.sources.remote_fields import RemoteFields
from zo_reader.core.sources.remote_item import RemoteItem, remote_item

JSON_FEED = "https://jsonfeed.org/version/1.1"
PHISH = "phish.example"
# Links that close the autolink and open one of their own (with no space: a link
# with spaces is no address at all).
HOSTILE_LINKS = [
    f"https://ok.example/b>[click](http://{PHISH}/login)",
    f"https://ok.example/c><http://{PHISH}/login>",
]


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with FaultyServer() as running:
        yield running


def rss(items: list[str]) -> Reply:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>T</title><link>https://ok.example/</link>" + "".join(items) + "</channel></rss>"
    )
    return Reply(200, body.encode(), {"Content-Type": "application/rss+xml"})


def rss_item(title: str, link: str, guid: str, date: str = "Mon, 05 Jan 2026 10:00:00 GMT") -> str:
    escaped = link.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f"<item><title>{title}</title><link>{escaped}</link><guid>{guid}</guid>"
        f"<pubDate>{date}</pubDate><description>Words of {title}.</description></item>"
    )


def links_of(text: str) -> list[str]:
    """The numbered Links list at the end of ``read --format text``."""
    if "\nLinks:\n" not in text:
        return []
    return [line for line in text.split("\nLinks:\n", 1)[1].splitlines() if line.strip()]


def assert_only_real_links(text: str) -> None:
    """At most the one link of the item, on ok.example, however the server wrote it."""
    links = links_of(text)
    assert len(links) <= 1, links
    assert all(re.fullmatch(r"\[1\] https://ok\.example/\S*", line) for line in links), links


def read_all(source: str) -> list[str]:
    listed = run_cli("list", "-s", source, "--json")
    assert listed.returncode == 0, listed.stderr
    outputs = []
    for article in json.loads(listed.stdout):
        result = run_cli("read", "-s", source, article["id"], "--format", "text")
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    return outputs


@pytest.mark.parametrize("link", HOSTILE_LINKS, ids=["markdown", "autolink"])
def test_a_hostile_rss_link_adds_no_link(server: FaultyServer, link: str) -> None:
    server.route(
        "/rss.xml",
        lambda _request: rss(
            [rss_item("Hostile", link, "h1"), rss_item("Fine", "https://ok.example/fine", "f1")]
        ),
    )
    outputs = read_all(f"feed+{server.url('/rss.xml')}")
    assert len(outputs) == 2
    for text in outputs:
        assert_only_real_links(text)
    assert any(links_of(text) == ["[1] https://ok.example/fine"] for text in outputs), outputs


@pytest.mark.parametrize("link", HOSTILE_LINKS, ids=["markdown", "autolink"])
def test_a_hostile_json_feed_link_adds_no_link(server: FaultyServer, link: str) -> None:
    items = [
        {"id": "h1", "title": "Hostile", "url": link, "content_text": "Words."},
        {"id": "f1", "title": "Fine", "url": "https://ok.example/fine", "content_text": "Words."},
    ]
    server.route("/feed.json", json_reply({"version": JSON_FEED, "items": items}))
    outputs = read_all(f"feed+{server.url('/feed.json')}")
    assert len(outputs) == 2
    for text in outputs:
        assert_only_real_links(text)
    assert any(links_of(text) == ["[1] https://ok.example/fine"] for text in outputs), outputs


def test_a_link_with_markdown_but_no_space_stays_one_link() -> None:
    fields = RemoteFields("k", "The feed")
    item = remote_item(fields, title="T", link="https://ok.example/a>[x](http://phish.example/)")
    body = article_from_item(item).body
    [source_line] = [line for line in body.splitlines() if line.startswith("Source:")]
    assert source_line.count("<") == 1 and source_line.count(">") == 1, source_line
    assert source_line.startswith("Source: <https://ok.example/a%3E"), source_line


def test_bad_values_are_dropped_with_one_warning_and_the_article_survives() -> None:
    fields = RemoteFields("k", "The feed")
    item = remote_item(
        fields,
        title="Kept",
        link="javascript:alert(1)",
        published="\x1b[2J-\x1b]0;XT00:00:00",
        author=["x"],
        tags=["fine", {"deep": 1}],
        content="<p>Body</p>",
    )
    article = article_from_item(item)
    assert article.title == "Kept" and article.summary.date is None
    assert [t.display for t in article.summary.tags] == ["fine"]
    assert "Source:" not in article.body
    [warning] = article.warnings
    assert warning.code == "remote-field-invalid"
    assert "a link that is not a web address" in warning.message


def test_the_old_item_dictionaries_are_still_accepted() -> None:
    """WordPress builds dictionaries until it moves to RemoteItem: they are checked too."""
    article = article_from_item(
        {
            "key": "7",
            "title": "Post",
            "link": f"https://ok.example/p> [2] http://{PHISH}/",
            "content": "<p>Hello</p>",
            "html": True,
            "tags": ["A"],
            "published": "2026-01-02T03:04:05+00:00",
            "author": "Me",
            "summary": "S",
        }
    )
    assert article.summary.date == "2026-01-02T03:04:05+00:00"
    assert PHISH not in article.body
    assert [w.code for w in article.warnings] == ["remote-field-invalid"]


def test_items_round_trip_through_json_and_are_checked_again() -> None:
    item = remote_item(
        RemoteFields("k", "The feed"),
        title="T",
        link="https://ok.example/x",
        published="2026-01-02",
        updated="2026-01-03T00:00:00Z",
        tags=["a", "b"],
        content="c",
    )
    assert RemoteItem.from_json(item.to_json()) == item
    stored = {**item.to_json(), "link": "javascript:x", "title": "A\x1b]0;X\x07", "tags": 5}
    again = RemoteItem.from_json(stored)
    assert again is not None and again.link is None and again.title == "A" and again.tags == ()
    assert [w.code for w in again.warnings] == ["remote-field-invalid"]
    assert RemoteItem.from_json({"key": ["no"]}) is None


def test_a_tampered_cache_is_checked_when_read_back(server: FaultyServer, tmp_path: Path) -> None:
    good = rss([rss_item("Fine", "https://ok.example/fine", "f1")])
    replies = iter([Reply(200, good.body, {**good.headers, "ETag": '"v1"'}), Reply(304)])
    server.route("/rss.xml", lambda _request: next(replies))
    FeedSource(server.url("/rss.xml"), cache_dir=tmp_path).entries()
    [cache] = tmp_path.glob("*feed.json")
    state = json.loads(cache.read_text())
    state["items"][0].update(link=f"https://ok.example/a> [2] http://{PHISH}/", published="\x1b")
    cache.write_text(json.dumps(state))
    source = FeedSource(server.url("/rss.xml"), cache_dir=tmp_path)
    [entry] = list(source.entries())
    result = source.load(entry)
    assert result.article is not None and PHISH not in result.article.body
    assert [w.code for w in result.warnings] == ["remote-field-invalid"]


def _dated_items(count: int) -> list[tuple[int, dt.datetime]]:
    """``count`` items in a shuffled order of dates (item n is n hours after the first)."""
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    order = sorted(range(count), key=lambda n: (n * 7919) % count)
    return [(n, start + dt.timedelta(hours=n)) for n in order]


def test_a_huge_rss_feed_keeps_its_newest_items_with_one_warning(
    server: FaultyServer,
) -> None:
    extra = 30
    items = [
        rss_item(
            f"Item {n}",
            f"https://ok.example/{n}",
            f"urn:g{n}",
            moment.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        )
        for n, moment in _dated_items(MAX_FEED_ITEMS + extra)
    ]
    server.route("/rss.xml", lambda _request: rss(items))
    source = FeedSource(server.url("/rss.xml"))
    entries = list(source.entries())
    assert len(entries) == MAX_FEED_ITEMS
    assert {entry.path for entry in entries} == {
        f"urn:g{n}" for n in range(extra, MAX_FEED_ITEMS + extra)
    }
    warnings = [w for e in entries for w in source.load(e).warnings]
    [warning] = warnings
    assert (
        warning.code == "feed-items-capped" and warning.path == f"urn:g{MAX_FEED_ITEMS + extra - 1}"
    )
    assert re.fullmatch(
        r"The feed sent 1,030 items; only the newest 1,000 are kept .*\.", warning.message
    )


def test_a_huge_json_feed_keeps_its_newest_items(server: FaultyServer) -> None:
    extra = 5
    items = [
        {
            "id": f"j{n}",
            "title": f"Item {n}",
            "date_published": moment.isoformat(),
            "content_text": "x",
        }
        for n, moment in _dated_items(MAX_FEED_ITEMS + extra)
    ]
    server.route("/feed.json", json_reply({"version": JSON_FEED, "items": items}))
    source = FeedSource(server.url("/feed.json"))
    entries = list(source.entries())
    assert {e.path for e in entries} == {f"j{n}" for n in range(extra, MAX_FEED_ITEMS + extra)}
    assert [w.code for e in entries for w in source.load(e).warnings] == ["feed-items-capped"]


def test_an_unchanged_body_is_not_parsed_again(
    server: FaultyServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No ETag, no Last-Modified: the body's digest tells it is the same feed."""
    server.route("/rss.xml", lambda _request: rss([rss_item("Fine", "https://ok.example/f", "f")]))
    first = list(FeedSource(server.url("/rss.xml"), cache_dir=tmp_path).entries())

    def refuse(*_args: Any) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(feed_module, "parse_feed", refuse)
    again = list(FeedSource(server.url("/rss.xml"), cache_dir=tmp_path).entries())
    assert again == first


@pytest.mark.parametrize("url", [*HOSTILE_LINKS, "javascript:alert(1)"])
def test_a_web_page_source_line_is_one_link(url: str) -> None:
    page = PageItem(title="T", date=None, author="", summary="", tags=(), html="<p>Words.</p>")
    body = page_article(page, "t", "t", url=url).body
    source_lines = [line for line in body.splitlines() if line.startswith("Source:")]
    assert all(line.count("<") == 1 and line.count(">") == 1 for line in source_lines), body
    assert all(line.startswith("Source: <https://ok.example/") for line in source_lines), body
