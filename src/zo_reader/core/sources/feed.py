"""Articles from a web feed: RSS 2.0, Atom (through feedparser) and JSON Feed 1.x.

A sync costs one GET. The ETag and Last-Modified of the last good answer are
sent back (when they are valid header values), and on ``304 Not Modified``,
or a body identical to the last one (its SHA-256), the items kept from that
answer are listed again with the same fingerprints: nothing is parsed and the
library reads nothing. The items (at most the newest ``MAX_FEED_ITEMS``) are
kept in a JSON file beside the index (or in memory), which also lets
:meth:`FeedSource.load` work after a 304.

Everything a server sends is untrusted: requests go through the guarded
:class:`~zo_reader.core.sources.http.HttpClient`, feedparser only ever gets
bytes (never a URL or a path it could open), and every text goes through
:mod:`zo_reader.core.sanitize`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from zo_reader.core.models import ScanWarning
from zo_reader.core.private_files import read_json_object, write_private
from zo_reader.core.sources.base import LoadResult, SourceEntry, cache_path
from zo_reader.core.sources.feed_items import (
    MAX_FEED_ITEMS,
    article_from_item,
    parse_feed,
    sniffed_head,
)
from zo_reader.core.sources.http import HttpClient, HttpOptions
from zo_reader.core.sources.remote_item import RemoteItem

SNIFF_SIZE = 64 * 1024
"""How much of an answer :func:`looks_like_feed` reads to decide."""
_ACCEPT = (
    "application/feed+json, application/atom+xml, application/rss+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_FEED_TYPES = ("rss+xml", "atom+xml", "feed+json", "rdf+xml")
_XML_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_HEADER_VALUE = re.compile(r"[\x20-\x7e]+")
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
        self._items: dict[str, RemoteItem] = {}
        self._kept: list[RemoteItem] | None = None

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
        stored = self._stored_items(state)
        state = {name: value for name, value in state.items() if name != "items"}
        headers = {"Accept": _ACCEPT}
        if stored is not None:
            if valid_validator(state.get("etag")):
                headers["If-None-Match"] = state["etag"]
            if valid_validator(state.get("last_modified")):
                headers["If-Modified-Since"] = state["last_modified"]
        answer = self.http.get(self.url, headers=headers)
        digest = hashlib.sha256(answer.body).hexdigest() if answer.status != 304 else None
        if stored is not None and (answer.status == 304 or digest == state.get("digest")):
            items = stored  # the same feed as last time: nothing to parse
            validators = {"etag": answer.etag, "last_modified": answer.last_modified}
            if answer.status != 304 and validators.items() - state.items():
                state = {**state, **validators}
                self._write_cache(state, items)
        else:
            items = parse_feed(answer.body, answer.content_type, self.url)
            state = {
                "url": self.url,
                "etag": answer.etag,
                "last_modified": answer.last_modified,
                "digest": digest,
            }
            self._write_cache(state, items)
        self._state = state
        self._kept = items
        self._items = {item.key: item for item in items}
        return iter([SourceEntry(item.key, item.fingerprint()) for item in items])

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

    def _stored_items(self, state: dict[str, Any]) -> list[RemoteItem] | None:
        """The items kept from the last answer, checked again (the file is outside data too)."""
        if self._kept is not None:
            return self._kept
        raws = state.get("items")
        if not isinstance(raws, list):
            return None
        items = [
            RemoteItem.from_json(raw) for raw in raws[:MAX_FEED_ITEMS] if isinstance(raw, dict)
        ]
        return [item for item in items if item is not None]

    def _write_cache(self, state: dict[str, Any], items: list[RemoteItem]) -> None:
        path = self.cache_file
        if path is None:
            return
        # Private: the items may come from a private feed URL with a token in it.
        text = json.dumps(
            {**state, "items": [item.to_json() for item in items]}, ensure_ascii=False
        )
        with contextlib.suppress(OSError):  # without it the next sync downloads it all again
            write_private(path, text)


def valid_validator(value: object) -> bool:
    """Whether a stored ETag or Last-Modified can be sent back as a header (printable ASCII)."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= 1024
        and _HEADER_VALUE.fullmatch(value) is not None
    )


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
