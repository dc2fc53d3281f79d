"""One ordinary web page as a source of one article: ``zo-reader https://host/post.html``.

A sync costs one GET, conditional after the first (``If-None-Match``,
``If-Modified-Since``). What the extractor kept of the page (main content as
simplified HTML, title, date, author; see :mod:`zo_reader.core.html_page`) is
kept in a small JSON file beside the indexes, as a feed keeps its items, so a
``304 Not Modified`` reads nothing again and ``--offline`` shows the copy.
The raw page is never stored: it holds the scripts and trackers left behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from zo_reader.core.errors import SourceError
from zo_reader.core.html_page import (
    PageItem,
    UnreadablePage,
    extract_page,
    page_article,
    skipped,
)
from zo_reader.core.private_files import read_json_object, write_private
from zo_reader.core.sanitize import clean_line
from zo_reader.core.sources.base import LoadResult, SourceEntry, cache_path
from zo_reader.core.sources.feed_items import sniffed_head
from zo_reader.core.sources.http import HttpClient, HttpOptions

_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_BINARY_SNIFF = 8192  # bytes looked at for a zero byte: a binary file, not a page
# Byte order marks of the wide encodings, longest first: UTF-32LE's begins with UTF-16LE's.
_WIDE_MARKS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I)


class WebPageSource:
    """The main text of one HTML page, as one article.

    Args:
        url: The page's ``http`` or ``https`` address.
        options: Timeouts, limits and trust for the HTTP client.
        cache_dir: Where to keep the extracted page between runs; ``None``
            keeps it in memory for the life of this object.

    Raises:
        SourceError: ``url`` is not an http or https address.
    """

    def __init__(
        self, url: str, *, options: HttpOptions | None = None, cache_dir: Path | None = None
    ) -> None:
        self.http = HttpClient(url, f"The page at {url}", options)
        self.url = url
        self.cache_dir = cache_dir
        self._state: dict[str, Any] = {}

    @property
    def key(self) -> str:
        """``page:`` and the page's URL."""
        return f"page:{self.url}"

    @property
    def label(self) -> str:
        """The page's URL."""
        return self.url

    @property
    def cache_file(self) -> Path | None:
        """The JSON file holding the validators and the extracted page, or ``None``."""
        return cache_path(self.cache_dir, self.key, "page.json")

    def entries(self) -> Iterator[SourceEntry]:
        """Fetch the page (conditionally) and list its one article.

        Raises:
            SourceOfflineError: The server cannot be reached or did not answer in time.
            SourceError: The server refused, sent something that is not a web
                page, or a page with no main text.
        """
        state = self._state or self._read_cache()
        headers = {"Accept": _ACCEPT}
        if state.get("item") is not None:
            if state.get("etag"):
                headers["If-None-Match"] = state["etag"]
            if state.get("last_modified"):
                headers["If-Modified-Since"] = state["last_modified"]
        answer = self.http.get(self.url, headers=headers)
        if answer.status != 304 or PageItem.from_json(state.get("item")) is None:
            item = self._extracted(answer.body, answer.content_type, answer.url or self.url)
            state = {
                "url": self.url,
                "etag": answer.etag,
                "last_modified": answer.last_modified,
                "item": item.to_json(),
            }
            self._write_cache(state)
        self._state = state
        content = json.dumps(state["item"], sort_keys=True, ensure_ascii=False)
        fingerprint = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return iter([SourceEntry(self.url, fingerprint)])

    def load(self, entry: SourceEntry) -> LoadResult:
        """The article of the page fetched by the last :meth:`entries` call."""
        item = PageItem.from_json(self._state.get("item"))
        if item is None or entry.path != self.url:
            warning = skipped(entry.path, "remote-missing", "the page was not fetched.")
            return LoadResult(None, (warning,))
        article = page_article(item, page_id(self.url), entry.path, url=self.url)
        return LoadResult(article, article.warnings)

    def _extracted(self, body: bytes, content_type: str, url: str) -> PageItem:
        shown = clean_line(self.url)
        body = as_utf8(body)
        if not is_html(content_type, body):
            kind = clean_line(content_type.split(";")[0]) or "something else"
            raise SourceError(f"The address {shown} did not return a web page ({kind}).")
        try:
            return extract_page(body, url)
        except UnreadablePage as reason:
            raise SourceError(f"The page at {shown} was not read: {reason}") from None

    def _read_cache(self) -> dict[str, Any]:
        data = read_json_object(self.cache_file)
        if data.get("url") != self.url or PageItem.from_json(data.get("item")) is None:
            return {}  # missing, damaged or another page's: the next fetch starts afresh
        return data

    def _write_cache(self, state: dict[str, Any]) -> None:
        path = self.cache_file
        if path is None:
            return
        # Private: the address may carry a token, and the page what the reader chose to read.
        with contextlib.suppress(OSError):  # without it the next sync downloads it again
            write_private(path, json.dumps(state, ensure_ascii=False))


def is_html(content_type: str, body: bytes) -> bool:
    """Whether an answer is an HTML page, by its content type or how its body starts.

    A page in UTF-16 or UTF-32 is told by its bytes (see :func:`as_utf8`): its
    zero bytes do not make it binary.
    """
    kind = content_type.lower()
    body = sniffed_head(body[:_BINARY_SNIFF])
    if b"\x00" in body:
        return False  # binary, whatever the server calls it
    if "html" in kind:
        return True
    return _HTML_START.match(body.lstrip(b"\xef\xbb\xbf")[:4096]) is not None


def as_utf8(body: bytes) -> bytes:
    """A page sent in UTF-16 or UTF-32, as UTF-8 without its byte order mark; any other as sent.

    The encoding is told as :func:`~zo_reader.core.sources.feed_items.sniffed_head`
    tells a feed's: by the byte order mark or, without one, by where the
    zero bytes of the first character fall (``<`` is ``3C 00`` in UTF-16LE).
    A server need not name the charset, and the page's own ``<meta charset>``
    cannot be read before the encoding is known. Nothing is lost: a byte that
    does not decode becomes U+FFFD.
    """
    codec, mark = _wide_codec(body[:4])
    if codec is None:
        return body
    return body[mark:].decode(codec, "replace").encode("utf-8", "surrogatepass")


def _wide_codec(first: bytes) -> tuple[str | None, int]:
    """The UTF-16 or UTF-32 codec of a body by its first four bytes, and its mark's length."""
    for mark, codec in _WIDE_MARKS:
        if first.startswith(mark):
            return codec, len(mark)
    if len(first) < 4 or b"\x00" not in first:
        return None, 0
    if first[:3] == b"\x00\x00\x00":
        return "utf-32-be", 0
    if first[1:] == b"\x00\x00\x00":
        return "utf-32-le", 0
    return ("utf-16-be" if first[0] == 0 else "utf-16-le"), 0


def page_id(url: str) -> str:
    """A readable, stable article id: the last part of the page's path, as a slug.

    >>> page_id("https://example.test/2025/03/Slow-Bread.html")
    'slow-bread'
    """
    parts = urlsplit(url)
    name = PurePosixPath(unquote(parts.path)).name
    stem = name.rsplit(".", 1)[0] if name.lower().endswith((".html", ".htm", ".php")) else name
    slug = re.sub(r"[^a-z0-9]+", "-", (stem or parts.hostname or "").lower()).strip("-")
    return slug[:60].rstrip("-") or "page"
