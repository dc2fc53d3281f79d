"""What answers at a URL: a zo-reader API, a WordPress site, a feed or a web page, in that order.

``zo-reader https://host/`` asks at most three small questions: the zo-reader
API root (``/api/v1/``), the page itself (a WordPress site names its REST API
in a ``Link: <...>; rel="https://api.w.org/"`` header; a feed is recognised
by its first bytes; an HTML page may link to its feed), and WordPress's
``/wp-json/`` root. Any other HTML page is read as one article (its main
text), and so is a page that says it is an article (``og:type`` article,
``article:published_time``, JSON-LD ``Article``) even when it links to its
site's feed: the reader asked for that article. The answer is remembered
beside the indexes, so the next start, online or offline, asks nothing.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from zo_reader.core.errors import SourceError, SourceOfflineError
from zo_reader.core.private_files import read_json_object, write_private
from zo_reader.core.sanitize import clean_line
from zo_reader.core.sources.feed import SNIFF_SIZE, looks_like_feed
from zo_reader.core.sources.http import HttpClient, HttpOptions, load_json
from zo_reader.core.sources.web_page import as_utf8, is_html
from zo_reader.core.sources.zo_api import API, is_zo_root

KINDS = ("zo", "wordpress", "feed", "page")
_ASKING = frozenset({400, 401, 403, 404, 405, 406, 410, 500, 501, 502, 503})
_WP_REL = re.compile(r'<([^>]+)>\s*;\s*rel="https://api\.w\.org/"')
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
# JSON-LD types of a page that is one article (schema.org's Article and its common kinds).
_JSON_LD_ARTICLE = re.compile(
    rb'"@type"\s*:\s*(?:\[[^\]]*)?"(?:Article|BlogPosting|NewsArticle|TechArticle|Report)"'
)


@dataclass(frozen=True, slots=True)
class Detected:
    """What a URL turned out to be, and the address to read it at."""

    kind: str
    url: str


def detect(url: str, options: HttpOptions, remembered: Path | None) -> Detected:
    """The kind of source at ``url``, asking the server only the first time.

    Args:
        url: What the user gave.
        options: Network settings (offline mode asks nothing).
        remembered: The file of earlier answers, or ``None`` to keep none.

    Raises:
        SourceOfflineError: Never seen before, and the server cannot be reached.
        SourceError: Nothing zo-reader can read answers there.
    """
    known = _recall(remembered, url)
    if known is not None:
        return known
    if options.offline:
        raise SourceOfflineError(
            f"Offline mode: {clean_line(url)} has not been opened before, so there are "
            "no copies to show; open it once while online."
        )
    found = _ask(url, HttpClient(url, f"The server at {url}", options))
    _remember(remembered, url, found)
    return found


def _ask(url: str, http: HttpClient) -> Detected:
    try:
        base = _base(url)
        answer = http.get(f"{base}{API}/", limit=SNIFF_SIZE, truncate=True, allowed=_ASKING)
        bearer = answer.headers.get("www-authenticate", "").startswith('Bearer realm="zo-reader"')
        if bearer or is_zo_root(_json(answer.body, http)):
            return Detected("zo", base + "/")
        page = http.get(url, limit=SNIFF_SIZE, truncate=True, allowed=_ASKING)
        wordpress = _WP_REL.search(page.headers.get("link", ""))
        if wordpress:
            return Detected("wordpress", urljoin(page.url, wordpress.group(1)))
        if _is_wordpress_root(_json(page.body, http)):
            return Detected("wordpress", page.url)
        if page.status < 400 and looks_like_feed(page.content_type, page.body):
            return Detected("feed", url)
        text = as_utf8(page.body)  # a page in UTF-16 or UTF-32 too
        html = page.status < 400 and is_html(page.content_type, text)
        head = _read_head(text) if html else None
        if head is not None and (head.article or _JSON_LD_ARTICLE.search(text)):
            return Detected("page", url)
        linked = _linked_feed(head, page.url) if head is not None else None
        if linked:
            return Detected("feed", linked)
        root = http.get(f"{base}/wp-json/", limit=SNIFF_SIZE, truncate=True, allowed=_ASKING)
        if _is_wordpress_root(_json(root.body, http)):
            return Detected("wordpress", f"{base}/wp-json/")
        if html:
            return Detected("page", url)
    finally:
        http.close()
    raise SourceError(
        f"Nothing zo-reader can read answers at {clean_line(url)}: it is not a zo-reader "
        "API, a WordPress site, a feed or a web page (zo+URL, wordpress+URL, feed+URL and "
        "page+URL force a kind)."
    )


def _base(url: str) -> str:
    """The address without a trailing slash, query or fragment: where APIs hang."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")


def _json(body: bytes, http: HttpClient) -> Any:
    """The JSON of an answer, ``None`` when it is not JSON (a page, a feed).

    Raises:
        SourceError: It is JSON nested too deeply to decode.
    """
    try:
        return load_json(body, http.host)
    except ValueError:
        return None


def _is_wordpress_root(document: Any) -> bool:
    namespaces = document.get("namespaces") if isinstance(document, dict) else None
    return isinstance(namespaces, list) and "wp/v2" in namespaces


class _PageHead(HTMLParser):
    """Collects feed links (``<link rel="alternate" type="application/rss+xml" href=...>``)
    and whether the page's meta tags say it is an article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.article = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "") for name, value in attrs}
        if tag == "meta":
            named = (values.get("property") or values.get("name") or "").lower()
            kind = values.get("content", "").strip().lower()
            if named == "article:published_time" or (named == "og:type" and kind == "article"):
                self.article = True
            return
        if tag != "link":
            return
        rels = values.get("rel", "").lower().split()
        is_feed = values.get("type", "").lower() in _FEED_TYPES
        if "alternate" in rels and is_feed and values.get("href"):
            self.found.append(values["href"])


def _read_head(body: bytes) -> _PageHead:
    """The feed links and article marks of an HTML page's first bytes."""
    parser = _PageHead()
    parser.feed(body.decode("utf-8", "replace"))
    return parser


def _linked_feed(head: _PageHead, page_url: str) -> str | None:
    """The first feed an HTML page links to, as an absolute http(s) address."""
    for href in head.found:
        target = urljoin(page_url, href)
        if urlsplit(target).scheme in ("http", "https"):
            return target
    return None


def _recall(path: Path | None, url: str) -> Detected | None:
    known = read_json_object(path).get(url)
    if isinstance(known, dict) and known.get("kind") in KINDS and isinstance(known.get("url"), str):
        return Detected(known["kind"], known["url"])
    return None


def _remember(path: Path | None, url: str, found: Detected) -> None:
    if path is None:
        return
    known = read_json_object(path)
    known[url] = {"kind": found.kind, "url": found.url}
    # Private: addresses of private sources may carry tokens.
    with contextlib.suppress(OSError):  # next time the server is asked again; no harm
        write_private(path, json.dumps(known, ensure_ascii=False))
