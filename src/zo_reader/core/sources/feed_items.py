"""Feed items: parsing RSS and Atom (feedparser) and JSON Feed 1.x, and building articles.

Items are plain dictionaries so :mod:`zo_reader.core.sources.feed` can keep
them as JSON between runs. Every text from the feed is cleaned before it
reaches an :class:`~zo_reader.core.models.Article`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from zo_reader.core import markdown_text
from zo_reader.core.errors import SourceError
from zo_reader.core.html_markdown import html_to_markdown, html_to_text, text_to_markdown
from zo_reader.core.models import Article, ArticleSummary, ScanWarning
from zo_reader.core.sanitize import clean_line
from zo_reader.core.sources.http import load_json
from zo_reader.core.tags import unique_tags

# bozo reasons that only say the server mislabelled the encoding or type;
# the feed parsed fine, so they are not worth a warning.
_HARMLESS_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")
# Byte order marks, longest first: UTF-32LE's begins with UTF-16LE's.
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xef\xbb\xbf", "utf-8"),
)
HEAD_SIZE = 64 * 1024
"""How much of a body :func:`sniffed_head` looks at (a multiple of four)."""


def sniffed_head(body: bytes) -> bytes:
    """The first bytes of a body as UTF-8 without a BOM, were they UTF-8, UTF-16 or UTF-32.

    Told by the byte order mark or, without one, by where the zero bytes of
    the first ASCII character fall (XML 1.0, appendix F): ``<`` is
    ``00 00 00 3C`` in UTF-32BE and ``3C 00`` in UTF-16LE. A server need not
    name the charset of a feed, so the bytes are all there is to go by.
    """
    head = body[:HEAD_SIZE]
    for mark, codec in _BOMS:
        if head.startswith(mark):
            return head[len(mark) :].decode(codec, "ignore").encode()
    first = head[:4]
    if len(first) < 4 or b"\x00" not in first:
        return head
    if first[:3] == b"\x00\x00\x00":
        codec = "utf-32-be"
    elif first[1:] == b"\x00\x00\x00":
        codec = "utf-32-le"
    elif first[0] == 0:
        codec = "utf-16-be"
    else:
        codec = "utf-16-le"
    return head.decode(codec, "ignore").encode()


def parse_feed(body: bytes, content_type: str, url: str) -> list[dict[str, Any]]:
    """The items of a feed body, as plain dictionaries ready to store as JSON.

    Raises:
        SourceError: The body is not a feed at all.
    """
    head = sniffed_head(body).lstrip(b" \t\r\n")
    if head.startswith(b"{") or "json" in content_type.lower():
        # json.loads tells UTF-8, -16 and -32 apart itself (RFC 8259 names UTF-8 only).
        items = _json_feed_items(body, url)
    else:
        items = _xml_feed_items(body, content_type, url)
    unique: dict[str, dict[str, Any]] = {}
    for item in items:
        unique.setdefault(item["key"], item)  # a repeated id would clash in the index
    return list(unique.values())


def _xml_feed_items(body: bytes, content_type: str, url: str) -> list[dict[str, Any]]:
    import feedparser

    # Bytes in a stream, never a string: feedparser would fetch a URL or open
    # a local file named by a string.
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-location": url, "content-type": content_type or "text/xml"},
    )
    problem = None
    if parsed.get("bozo"):
        exception = parsed.get("bozo_exception")
        if type(exception).__name__ not in _HARMLESS_BOZO:
            problem = clean_line(str(exception))[:200] or "it is not well-formed"
    if not parsed.entries and not parsed.get("version"):
        raise SourceError(
            f"The address {clean_line(url)} did not return an RSS, Atom or JSON feed."
        )
    items = []
    for entry in parsed.entries:
        item = _feedparser_item(entry, url)
        if problem:
            item["problem"] = problem
        items.append(_finish(item))
    return items


def _feedparser_item(entry: Any, url: str) -> dict[str, Any]:
    title_detail = entry.get("title_detail") or {}
    title = str(entry.get("title") or "")
    if "html" in str(title_detail.get("type", "")):
        title = html_to_text(title)
    content_html, is_html = "", True
    for content in entry.get("content") or []:
        content_html = str(content.get("value") or "")
        is_html = "html" in str(content.get("type", "text/html"))
        if content_html:
            break
    summary = str(entry.get("summary") or "")
    summary_is_html = "html" in str((entry.get("summary_detail") or {}).get("type", "text/html"))
    if not content_html:
        content_html, is_html = summary, summary_is_html
        summary = ""
    tags = [
        str(tag.get("label") or tag.get("term") or "")
        for tag in entry.get("tags") or []
        if isinstance(tag, Mapping)
    ]
    return {
        "id": str(entry.get("id") or ""),
        "link": str(entry.get("link") or ""),
        "title": title,
        "content": content_html,
        "html": is_html,
        "summary": html_to_text(summary) if summary_is_html else clean_line(summary),
        # dict.get: feedparser's own get() maps a missing updated_parsed to
        # published_parsed with a DeprecationWarning (its issue 310).
        "published": _struct_date(dict.get(entry, "published_parsed")),
        "updated": _struct_date(dict.get(entry, "updated_parsed")),
        "author": str(entry.get("author") or ""),
        "tags": tags,
        "base": url,
    }


def _json_feed_items(body: bytes, url: str) -> list[dict[str, Any]]:
    """Items of a JSON Feed 1.0 or 1.1 (which feedparser does not read)."""
    shown = clean_line(url)
    try:
        data = load_json(body, urlsplit(url).hostname or url)
    except ValueError as error:
        raise SourceError(f"The feed at {shown} is not valid JSON ({error}).") from error
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/1"):
        raise SourceError(f"The address {shown} did not return an RSS, Atom or JSON feed.")
    raws = data.get("items") or []
    if not isinstance(raws, list):
        raise SourceError(f"The feed at {shown} sent its items in an unknown shape.")
    feed_author = _json_authors(data)
    items = []
    for raw in raws:
        if not isinstance(raw, dict):
            continue
        html, text = _string(raw.get("content_html")), _string(raw.get("content_text"))
        tags = raw.get("tags")
        item = {
            "id": _json_id(raw.get("id")),
            "link": _string(raw.get("url")) or _string(raw.get("external_url")),
            "title": clean_line(_string(raw.get("title"))),
            "content": html or text or _string(raw.get("summary")),
            "html": bool(html),
            "summary": clean_line(_string(raw.get("summary"))),
            "published": _iso_date(_string(raw.get("date_published"))),
            "updated": _iso_date(_string(raw.get("date_modified"))),
            "author": _json_authors(raw) or feed_author,
            "tags": [str(tag) for tag in tags if isinstance(tag, str)]
            if isinstance(tags, list)
            else [],
            "base": url,
        }
        items.append(_finish(item))
    return items


def _json_authors(owner: Mapping[str, Any]) -> str:
    """Names from JSON Feed 1.1 ``authors`` or 1.0 ``author``, comma-separated."""
    authors = owner.get("authors")
    if not isinstance(authors, list):
        authors = [owner.get("author")]
    names = [clean_line(_string(a.get("name"))) for a in authors if isinstance(a, dict)]
    return ", ".join(name for name in names if name)


def _finish(item: dict[str, Any]) -> dict[str, Any]:
    """Give an item its stable key and its fingerprint."""
    raw_key = clean_line(item["id"]) or clean_line(item["link"])
    if not raw_key:
        raw_key = "item-" + _digest(item["title"] + "\n" + (item["published"] or ""))
    item["key"] = raw_key[:500]
    content = json.dumps(item, sort_keys=True, ensure_ascii=False)
    item["fingerprint"] = f"{item['updated'] or item['published'] or ''}:{_digest(content)}"
    return item


# Building the article


def article_from_item(item: Mapping[str, Any]) -> Article:
    """The article of one stored item: cleaned title, tags, date and Markdown body."""
    key = str(item["key"])
    link = str(item.get("link") or "")
    base = link or str(item.get("base") or "") or None
    content = str(item.get("content") or "")
    body = html_to_markdown(content, base) if item.get("html") else text_to_markdown(content)
    if urlsplit(link).scheme.lower() in ("http", "https") and " " not in link:
        body = f"{body}\n\nSource: <{clean_line(link)}>".lstrip()
    title = clean_line(str(item.get("title") or "")) or markdown_text.first_line(body) or "Untitled"
    title = clean_line(title)
    warnings: tuple[ScanWarning, ...] = ()
    if item.get("problem"):
        message = f"The feed is not well-formed ({item['problem']}); read as far as possible."
        warnings = (ScanWarning(key, "feed-invalid", clean_line(message)),)
    summary = ArticleSummary(
        id=article_id(title, key),
        title=title,
        tags=unique_tags(str(tag) for tag in item.get("tags") or []),
        date=item.get("published") or item.get("updated"),
        author=clean_line(str(item.get("author") or "")) or None,
        summary=clean_line(str(item.get("summary") or "")) or markdown_text.first_paragraph(body),
        words=len(body.split()),
    )
    return Article(summary=summary, body=body, path=key, warnings=warnings)


def article_id(title: str, key: str) -> str:
    """A readable, stable id: a slug of the title and a short hash of the item key.

    >>> article_id("How to sleep", "tag:example.com,2026:1")[:13]
    'how-to-sleep-'
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].rstrip("-")
    return f"{slug or 'item'}-{_digest(key)[:6]}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _json_id(value: Any) -> str:
    """A JSON Feed item id: a string, or a number as some feeds send it; else none.

    Never ``str()`` of a list or object: a deeply nested one is a ``RecursionError``.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**18:
        return str(value)
    return ""


def _struct_date(value: Any) -> str | None:
    """feedparser's UTC ``time.struct_time`` as ISO 8601."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError):
        return None
    return moment.isoformat()


def _iso_date(text: str) -> str | None:
    """A JSON Feed date (RFC 3339) as ISO 8601, or ``None`` when it is not one."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(clean_line(text).replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None
