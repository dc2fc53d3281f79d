"""Articles from a web feed: RSS 2.0, Atom (through feedparser) and JSON Feed 1.x.

A sync costs one GET. The ETag and Last-Modified of the last good answer are
sent back, and on ``304 Not Modified`` the items kept from that answer are
listed again with the same fingerprints, so the library reads nothing. The
items are kept in a small JSON file beside the index (or in memory), which
also lets :meth:`FeedSource.load` work after a 304.

Everything a server sends is untrusted: requests go through the guarded
:class:`~zo_reader.core.sources.http.HttpClient`, feedparser only ever gets
bytes (never a URL or a path it could open), and every text goes through
:mod:`zo_reader.core.sanitize`.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from zo_reader.core.models import ScanWarning
from zo_reader.core.private_files import read_json_object, write_private
from zo_reader.core.sources.base import LoadResult, SourceEntry, cache_path
from zo_reader.core.sources.feed_items import article_from_item, parse_feed, sniffed_head
from zo_reader.core.sources.http import HttpClient, HttpOptions

SNIFF_SIZE = 64 * 1024
"""How much of an answer :func:`looks_like_feed` reads to decide."""
_ACCEPT = (
    "application/feed+json, application/atom+xml, application/rss+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_FEED_TYPES = ("rss+xml", "atom+xml", "feed+json", "rdf+xml")
_XML_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_JSON_FEED = re.compile(rb'"version"\s*:\s*"https://jsonfeed\.org/version/1')


class FeedSource:
    """The items of one RSS, Atom or JSON feed.

    Loading needs the items fetched by :meth:`entries`, so it always runs in
    this process (no ``loads_in_processes``).

    Args:
        url: The feed's ``http`` or ``https`` address.
        options: Timeouts, limits and trust for the HTTP client.
        cache_dir: Where to keep validators and items between runs; ``None``
            keeps them in memory for the life of this object.

    Raises:
        SourceError: ``url`` is not an http or https address.
    """

    def __init__(
        self, url: str, *, options: HttpOptions | None = None, cache_dir: Path | None = None
    ) -> None:
        self.http = HttpClient(url, f"The feed at {url}", options)
        self.url = url
        self.cache_dir = cache_dir
        self._state: dict[str, Any] = {}
        self._items: dict[str, dict[str, Any]] = {}

    @property
    def key(self) -> str:
        """``feed:`` and the feed URL."""
        return f"feed:{self.url}"

    @property
    def label(self) -> str:
        """The feed URL."""
        return self.url

    @property
    def cache_file(self) -> Path | None:
        """The JSON file holding validators and items, or ``None`` when kept in memory."""
        return cache_path(self.cache_dir, self.key, "feed.json")

    def entries(self) -> Iterator[SourceEntry]:
        """Fetch the feed once and list its items, newest state first.

        Raises:
            SourceOfflineError: The server cannot be reached or did not answer in time.
            SourceError: The server refused, redirected off its host, sent too
                much or sent something that is not a feed.
        """
        state = self._state or self._read_cache()
        headers = {"Accept": _ACCEPT}
        if state.get("items") is not None:
            if state.get("etag"):
                headers["If-None-Match"] = state["etag"]
            if state.get("last_modified"):
                headers["If-Modified-Since"] = state["last_modified"]
        answer = self.http.get(self.url, headers=headers)
        if answer.status == 304 and state.get("items") is not None:
            items = state["items"]
        else:
            items = parse_feed(answer.body, answer.content_type, self.url)
            state = {
                "url": self.url,
                "etag": answer.etag,
                "last_modified": answer.last_modified,
                "items": items,
            }
            self._write_cache(state)
        self._state = state
        self._items = {item["key"]: item for item in items}
        return iter([SourceEntry(item["key"], item["fingerprint"]) for item in items])

    def load(self, entry: SourceEntry) -> LoadResult:
        """The article of one item from the last :meth:`entries` call."""
        item = self._items.get(entry.path)
        if item is None:
            message = f"Skipped {entry.path}: it is no longer in the feed."
            return LoadResult(None, (ScanWarning(entry.path, "feed-item-missing", message),))
        article = article_from_item(item)
        return LoadResult(article, article.warnings)

    def _read_cache(self) -> dict[str, Any]:
        data = read_json_object(self.cache_file)
        if data.get("url") != self.url or not isinstance(data.get("items"), list):
            return {}  # missing, damaged or another feed's: the next fetch starts afresh
        return data

    def _write_cache(self, state: dict[str, Any]) -> None:
        path = self.cache_file
        if path is None:
            return
        # Private: the items may come from a private feed URL with a token in it.
        with contextlib.suppress(OSError):  # without it the next sync downloads it all again
            write_private(path, json.dumps(state, ensure_ascii=False))


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """Whether an answer is a feed, by its content type or how its body starts."""
    kind = content_type.lower()
    if any(name in kind for name in _FEED_TYPES):
        return True
    head = sniffed_head(body).lstrip(b" \t\r\n")  # UTF-16 and -32 feeds too
    if head.startswith((b"<rss", b"<feed", b"<rdf:RDF")):
        return True
    if head.startswith(b"<?xml"):
        return _XML_ROOT.search(head[:SNIFF_SIZE]) is not None
    return head.startswith(b"{") and _JSON_FEED.search(head[:SNIFF_SIZE]) is not None
