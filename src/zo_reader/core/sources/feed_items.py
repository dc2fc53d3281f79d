"""Feed items: parsing RSS and Atom (feedparser) and JSON Feed 1.x, and building articles.

Every value of an item goes through
:class:`~zo_reader.core.sources.remote_fields.RemoteFields` into a
:class:`~zo_reader.core.sources.remote_item.RemoteItem` as it is read:
what fails is dropped and named in one warning, the item survives. A feed
keeps at most its newest :data:`MAX_FEED_ITEMS` (see
:mod:`~zo_reader.core.sources.feed_trim`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final
from urllib.parse import urlsplit

from zo_reader.core import markdown_text
from zo_reader.core.errors import SourceError
from zo_reader.core.html_markdown import html_to_markdown, html_to_text, text_to_markdown
from zo_reader.core.models import Article, ArticleSummary, ScanWarning
from zo_reader.core.sanitize import clean_line
from zo_reader.core.sources.feed_trim import (
    MAX_FEED_ITEMS,
    capped_message,
    item_date,
    newest_first,
    trimmed_xml,
)
from zo_reader.core.sources.http import load_json
from zo_reader.core.sources.remote_fields import KEY_CAP, RemoteFields, web_address
from zo_reader.core.sources.remote_item import RemoteItem, remote_item

__all__ = ["MAX_FEED_ITEMS", "article_from_item", "article_id", "parse_feed", "sniffed_head"]

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
_MAX_AUTHORS: Final = 20
"""Authors named of one item or feed."""
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


def parse_feed(body: bytes, content_type: str, url: str) -> list[RemoteItem]:
    """The items of a feed body, typed, at most the newest :data:`MAX_FEED_ITEMS`.

    Raises:
        SourceError: The body is not a feed at all.
    """
    head = sniffed_head(body).lstrip(b" \t\r\n")
    if head.startswith(b"{") or "json" in content_type.lower():
        # json.loads tells UTF-8, -16 and -32 apart itself (RFC 8259 names UTF-8 only).
        items, total = _json_feed_items(body, url)
    else:
        items, total = _xml_feed_items(body, content_type, url)
    unique: dict[str, RemoteItem] = {}
    for item in items:
        unique.setdefault(item.key, item)  # a repeated id would clash in the index
    kept = list(unique.values())
    if total > MAX_FEED_ITEMS and kept:
        newest = max(
            kept, key=lambda item: _sort_moment(item) or dt.datetime.min.replace(tzinfo=dt.UTC)
        )
        capped = ScanWarning(newest.key, "feed-items-capped", capped_message(total))
        kept = [
            replace(item, warnings=(*item.warnings, capped)) if item is newest else item
            for item in kept
        ]
    return kept


def _xml_feed_items(body: bytes, content_type: str, url: str) -> tuple[list[RemoteItem], int]:
    import feedparser

    trimmed = trimmed_xml(body)
    # Bytes in a stream, never a string: feedparser would fetch a URL or open
    # a local file named by a string.
    parsed = feedparser.parse(
        io.BytesIO(trimmed.body),
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
    items = [_feedparser_item(entry, url, problem) for entry in parsed.entries]
    return items, trimmed.total or len(items)


def _feedparser_item(entry: Any, url: str, problem: str | None) -> RemoteItem:
    title_detail = entry.get("title_detail") or {}
    title = _string(entry.get("title"))
    if "html" in str(title_detail.get("type", "")):
        title = html_to_text(title)
    content_html, is_html = "", True
    for content in entry.get("content") or []:
        content_html = _string(content.get("value"))
        is_html = "html" in str(content.get("type", "text/html"))
        if content_html:
            break
    summary = _string(entry.get("summary"))
    summary_is_html = "html" in str((entry.get("summary_detail") or {}).get("type", "text/html"))
    if not content_html:
        content_html, is_html = summary, summary_is_html
        summary = ""
    tags = [
        _string(tag.get("label") or tag.get("term"))
        for tag in entry.get("tags") or []
        if isinstance(tag, Mapping)
    ]
    # dict.get: feedparser's own get() maps a missing updated_parsed to
    # published_parsed with a DeprecationWarning (its issue 310).
    published = _struct_date(dict.get(entry, "published_parsed"))
    link = entry.get("link")
    if entry.get("guidislink") and web_address(link) is None:
        link = None  # feedparser's copy of an id that is no address (urn:...): not sent as a link
    fields = _fields(entry.get("id"), link, title, published)
    warnings: tuple[ScanWarning, ...] = ()
    if problem:
        message = f"The feed is not well-formed ({problem}); read as far as possible."
        warnings = (ScanWarning(fields.key, "feed-invalid", clean_line(message)),)
    return remote_item(
        fields,
        title=title,
        link=link,
        published=published,
        updated=_struct_date(dict.get(entry, "updated_parsed")),
        author=entry.get("author"),
        summary=html_to_text(summary) if summary_is_html else summary,
        tags=tags,
        content=content_html,
        html=is_html,
        base=url,
        warnings=warnings,
    )


def _json_feed_items(body: bytes, url: str) -> tuple[list[RemoteItem], int]:
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
    raws = [raw for raw in raws if isinstance(raw, dict)]
    total = len(raws)
    if total > MAX_FEED_ITEMS:  # the newest, before any other work on them
        dates = [_json_sort_moment(raw) for raw in raws]
        raws = [raws[i] for i in newest_first(dates)]
    feed_author = _json_authors(data)
    return [_json_item(raw, url, feed_author) for raw in raws], total


def _json_item(raw: Mapping[str, Any], url: str, feed_author: str) -> RemoteItem:
    link = raw.get("url")
    if link in (None, ""):
        link = raw.get("external_url")
    html, text, summary = raw.get("content_html"), raw.get("content_text"), raw.get("summary")
    fields = _fields(raw.get("id"), link, raw.get("title"), raw.get("date_published"))
    content: object = next((v for v in (html, text, summary) if isinstance(v, str) and v), "")
    if not content and any(v not in (None, "") for v in (html, text)):
        content = html if html not in (None, "") else text  # named in the warning
    return remote_item(
        fields,
        title=raw.get("title"),
        link=link,
        published=raw.get("date_published"),
        updated=raw.get("date_modified"),
        author=_json_authors(raw, fields) or feed_author,
        summary=summary,
        tags=raw.get("tags"),
        content=content,
        html=isinstance(html, str) and bool(html),
        base=url,
    )


def _json_authors(owner: Mapping[str, Any], fields: RemoteFields | None = None) -> str:
    """Names from JSON Feed 1.1 ``authors`` or 1.0 ``author``, comma-separated."""
    checked = fields or RemoteFields("")
    authors = owner.get("authors")
    if not isinstance(authors, list):
        authors = [owner.get("author")]
    names = [
        checked.line(a.get("name"), "an author that is not text")
        for a in authors[:_MAX_AUTHORS]
        if isinstance(a, dict)
    ]
    return ", ".join(name for name in names if name)


def _fields(raw_id: object, link: object, title: object, published: object) -> RemoteFields:
    """The checker of one item, named by its stable key (its id, link, or title and date).

    The key is what the old item dictionaries had, so articles keep their ids.
    """
    probe = RemoteFields("")
    key = probe.key_text(raw_id) or probe.line(link, "a link", KEY_CAP)
    if not key:
        when = published.isoformat() if isinstance(published, dt.date) else _string(published)
        key = "item-" + _digest(clean_line(_string(title)) + "\n" + when)
    fields = RemoteFields(key, "The feed")
    fields.key_text(raw_id)  # names an id of the wrong type in the item's warning
    return fields


# Building the article


def article_from_item(item: RemoteItem | Mapping[str, Any]) -> Article:
    """The article of one item: typed title, tags, date and Markdown body.

    A mapping (WordPress's item dictionaries, until they are a
    :class:`RemoteItem`) is checked through :meth:`RemoteItem.from_json`.
    """
    if not isinstance(item, RemoteItem):
        item = RemoteItem.from_json(item, "The site") or RemoteItem(key="item")
    base = item.link or item.base
    content = item.content
    body = html_to_markdown(content, base) if item.html else text_to_markdown(content)
    if item.link:  # parsed and percent-encoded: one link however the server wrote it
        body = f"{body}\n\nSource: <{item.link}>".lstrip()
    title = item.title or markdown_text.first_line(body) or "Untitled"
    title = clean_line(title)
    summary = ArticleSummary(
        id=article_id(title, item.key),
        title=title,
        tags=item.tags,
        date=item.date,
        author=item.author or None,
        summary=item.summary or markdown_text.first_paragraph(body),
        words=len(body.split()),
    )
    return Article(summary=summary, body=body, path=item.key, warnings=item.warnings)


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


def _struct_date(value: Any) -> dt.datetime | None:
    """feedparser's UTC ``time.struct_time`` as an aware datetime."""
    if value is None:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _sort_moment(item: RemoteItem) -> dt.datetime | None:
    moment = item.published or item.updated
    if moment is None or isinstance(moment, dt.datetime):
        return moment
    return dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)


def _json_sort_moment(raw: Mapping[str, Any]) -> dt.datetime | None:
    """A raw JSON Feed item's date, only to rank it (it is checked again when kept)."""
    value = raw.get("date_published") or raw.get("date_modified")
    return item_date(value) if isinstance(value, str) else None
