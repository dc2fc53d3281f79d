"""One item from a server (a feed entry, a WordPress post), typed where it enters.

Sources used to pass plain dictionaries around and patch them after the fact;
a :class:`RemoteItem` instead holds values that already went through
:class:`~zo_reader.core.sources.remote_fields.RemoteFields`: the link is a
parsed http(s) address or ``None``, dates are dates, texts are clean and
capped. What was dropped travels with the item as one warning.

:meth:`RemoteItem.to_json` and :meth:`RemoteItem.from_json` keep items between
runs (the feed's cache file). The file is outside data too, so reading it back
checks every value again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from zo_reader.core.models import ScanWarning, Tag
from zo_reader.core.sources.remote_fields import (
    SUMMARY_CAP,
    RemoteFields,
    as_list,
    moment_text,
)

__all__ = ["CONTENT_CAP", "RemoteItem", "remote_item"]

CONTENT_CAP: Final = 16 * 1024 * 1024
"""Characters kept of an item's body (the HTTP client caps the whole answer anyway)."""
_WARNINGS_CAP: Final = 8
"""Warnings kept per item: a feed's problem, what was dropped, items left out."""


@dataclass(frozen=True, slots=True)
class RemoteItem:
    """An item's checked values.

    Build one with :func:`remote_item` from raw values, or directly from
    values that already went through a :class:`RemoteFields`.

    Attributes:
        key: Stable key within its source (one clean line, at most ``KEY_CAP``).
        title: One clean line, maybe empty.
        link: The item's http(s) address (percent-encoded by ``web_address``), or ``None``.
        published: When it was first published, if the server said so validly.
        updated: When it last changed, likewise.
        author: One clean line, maybe empty.
        summary: Clean text, maybe empty.
        tags: Tags, cleaned and without duplicates.
        content: The body as the server sent it (HTML or plain text): it is
            converted to Markdown, and cleaned there, when the article is built.
        html: Whether ``content`` is HTML.
        base: Where relative links in ``content`` resolve when there is no ``link``.
        warnings: What went wrong reading it (``remote-field-invalid``, ``feed-invalid``).
    """

    key: str
    title: str = ""
    link: str | None = None
    published: dt.date | dt.datetime | None = None
    updated: dt.date | dt.datetime | None = None
    author: str = ""
    summary: str = ""
    tags: tuple[Tag, ...] = ()
    content: str = ""
    html: bool = True
    base: str | None = None
    warnings: tuple[ScanWarning, ...] = ()

    @property
    def date(self) -> str | None:
        """The article's date as ISO 8601: published, else updated."""
        return moment_text(self.published or self.updated)

    def to_json(self) -> dict[str, Any]:
        """A JSON-able form (the keys of the old item dictionaries, plus ``warnings``)."""
        return {
            "key": self.key,
            "title": self.title,
            "link": self.link,
            "published": moment_text(self.published),
            "updated": moment_text(self.updated),
            "author": self.author,
            "summary": self.summary,
            "tags": [tag.display for tag in self.tags],
            "content": self.content,
            "html": self.html,
            "base": self.base,
            "warnings": [[w.code, w.message] for w in self.warnings],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], source: str = "The feed") -> RemoteItem | None:
        """An item back from :meth:`to_json` (or an old item dictionary), checked again.

        Returns ``None`` when it has no usable key.
        """
        key = RemoteFields("").key_text(data.get("key"))
        if not key:
            return None
        fields = RemoteFields(key, source)
        kept: list[ScanWarning] = []
        for pair in as_list(data.get("warnings"))[:_WARNINGS_CAP]:
            if isinstance(pair, list) and len(pair) == 2:
                code = fields.code(pair[0])
                message = fields.text(pair[1], "a warning that is not text", SUMMARY_CAP)
                if code and message and code != "remote-field-invalid":
                    kept.append(ScanWarning(key, code, message))
                elif code == "remote-field-invalid" and message:
                    fields.drop(_dropped_again(message))
        return remote_item(
            fields,
            title=data.get("title"),
            link=data.get("link"),
            published=data.get("published"),
            updated=data.get("updated"),
            author=data.get("author"),
            summary=data.get("summary"),
            tags=data.get("tags"),
            content=data.get("content"),
            html=data.get("html", True),
            base=data.get("base"),
            warnings=tuple(kept),
        )

    def fingerprint(self) -> str:
        """Changes whenever anything the article is built from changes."""
        text = json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return f"{self.date or ''}:{digest}"


def remote_item(
    fields: RemoteFields,
    *,
    title: object = None,
    link: object = None,
    published: object = None,
    updated: object = None,
    author: object = None,
    summary: object = None,
    tags: object = None,
    content: object = None,
    html: object = True,
    base: object = None,
    warnings: tuple[ScanWarning, ...] = (),
) -> RemoteItem:
    """An item of raw values, each typed by ``fields``; what fails is dropped and named.

    ``fields.key`` is the item's key (check it with ``fields.key_text`` first).
    Dates may already be ``date``/``datetime`` values (feedparser parses its
    own) or ISO 8601 text. ``warnings`` are kept before the one naming what
    was dropped. This is the one constructor every source uses::

        fields = RemoteFields(key, "The site")
        item = remote_item(fields, title=..., link=post.get("link"), published=...)
    """
    base_address = fields.address(base, what="a base address") if base is not None else None
    link_address = fields.address(link, base_address)
    body = ""
    if isinstance(content, str):
        body = content[:CONTENT_CAP]
    elif content not in (None, ""):
        fields.drop("a body that is not text")
    if not isinstance(html, bool):
        fields.drop("a content type that is not a flag")
        html = True
    title_text = fields.line(title, "a title that is not text")
    published_at = _moment(fields, published, "a publication date")
    updated_at = _moment(fields, updated, "an update date")
    author_text = fields.line(author, "an author that is not text")
    summary_text = fields.text(summary, "a summary that is not text", SUMMARY_CAP)
    tag_values = fields.tags(tags)
    return RemoteItem(  # the warnings last: they name what the lines above dropped
        key=fields.key,
        title=title_text,
        link=link_address,
        published=published_at,
        updated=updated_at,
        author=author_text,
        summary=summary_text,
        tags=tag_values,
        content=body,
        html=html,
        base=base_address,
        warnings=(*warnings[:_WARNINGS_CAP], *fields.warnings()),
    )


def _moment(fields: RemoteFields, value: object, what: str) -> dt.date | dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return value
    return fields.moment(value, what)


def _dropped_again(message: str) -> str:
    """What a stored ``remote-field-invalid`` message said was dropped, to say it once more."""
    listed = message.split(" sent ", 1)[-1].split("; left out", 1)[0]
    return listed[:SUMMARY_CAP]
