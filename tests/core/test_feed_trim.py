"""Trimming a huge feed to its newest items before feedparser reads it (issue 12)."""

from __future__ import annotations

import datetime as dt

from zo_reader.core.sources.feed_items import parse_feed
from zo_reader.core.sources.feed_trim import MAX_FEED_ITEMS, item_date, newest_first, trimmed_xml

START = dt.datetime(2021, 3, 1, tzinfo=dt.UTC)
COUNT = MAX_FEED_ITEMS + 10


def atom(count: int) -> bytes:
    entries = "".join(
        f"<entry><id>urn:e{n}</id><title>E{n}</title>"
        f"<updated>{(START + dt.timedelta(days=(n * 37) % count)).isoformat()}</updated>"
        f"<content type='html'>&lt;p&gt;Body {n}&lt;/p&gt;</content></entry>"
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>A</title><id>urn:feed</id>{entries}</feed>"
    ).encode()


def test_an_atom_feed_keeps_its_newest_entries() -> None:
    body = atom(COUNT)
    trimmed = trimmed_xml(body)
    assert trimmed.total == COUNT and trimmed.dropped == 10 and len(trimmed.body) < len(body)
    items = parse_feed(body, "application/atom+xml", "https://ok.example/feed")
    assert len(items) == MAX_FEED_ITEMS
    oldest_kept = min(item.updated for item in items if isinstance(item.updated, dt.datetime))
    assert oldest_kept == START + dt.timedelta(days=10)
    assert [w.code for item in items for w in item.warnings] == ["feed-items-capped"]


def test_a_short_feed_is_passed_through_untouched() -> None:
    body = atom(20)
    assert trimmed_xml(body).body is body


def test_a_broken_huge_feed_keeps_what_expat_read() -> None:
    body = atom(COUNT)[:-200]  # cut inside the last entry: not well-formed
    trimmed = trimmed_xml(body)
    assert MAX_FEED_ITEMS < trimmed.total < COUNT
    items = parse_feed(body, "application/atom+xml", "https://ok.example/feed")
    assert len(items) == MAX_FEED_ITEMS


def test_an_encoding_expat_does_not_know_is_read_whole() -> None:
    body = atom(COUNT).replace(b'encoding="utf-8"', b'encoding="x-unknown-9"')
    assert trimmed_xml(body).body is body


def test_dates_of_both_kinds_rank_items() -> None:
    rfc822 = item_date("Tue, 02 Mar 2021 10:00:00 +0100")
    assert rfc822 == dt.datetime(2021, 3, 2, 9, tzinfo=dt.UTC)
    assert item_date("2021-03-02") == dt.datetime(2021, 3, 2, tzinfo=dt.UTC)
    assert item_date("\x1b[2J") is None
    dates = [None, START, START + dt.timedelta(days=1), None]
    assert newest_first(dates, 2) == [1, 2]
    assert newest_first(dates, 3) == [0, 1, 2]
