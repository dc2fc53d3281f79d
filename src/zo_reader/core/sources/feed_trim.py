"""Keeping a huge feed's newest items before feedparser sees it.

feedparser builds every entry of a document in memory, at about 300 µs and
4 KB each: a feed of 100,000 items costs half a minute and 400 MB before a
single one is kept. :func:`trimmed_xml` first walks the bytes with expat
(streaming, a few offsets per item, no tree), picks the newest
:data:`MAX_FEED_ITEMS` by their dates and hands feedparser a document of
only those: the feed's head and tail with the chosen items' own bytes
between. Feeds of fewer items are passed through untouched.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.parsers.expat
from dataclasses import dataclass, field
from typing import Final

from zo_reader.core.sources.remote_fields import remote_moment

__all__ = ["MAX_FEED_ITEMS", "Trimmed", "capped_message", "newest_first", "trimmed_xml"]

MAX_FEED_ITEMS: Final = 1_000
"""Items kept of one feed, the newest by date: more than any reader scrolls back
through, and a sync of them costs about a second."""
_ITEM_START: Final = re.compile(rb"<(?:[A-Za-z0-9_.-]+:)?(?:item|entry)[\s>/]")
_ITEMS: Final = frozenset({"item", "entry"})
_DATES: Final = frozenset({"pubDate", "published", "updated", "date", "modified", "issued"})
_OLDEST: Final = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass
class Trimmed:
    """A feed document and how many items it held before trimming."""

    body: bytes
    total: int = 0

    @property
    def dropped(self) -> int:
        """Items left out (0 when the feed was short enough)."""
        return max(0, self.total - MAX_FEED_ITEMS)


def capped_message(total: int) -> str:
    """The one sentence saying a feed was cut to its newest items."""
    return (
        f"The feed sent {total:,} items; only the newest {MAX_FEED_ITEMS:,} are kept "
        "(older ones are left out)."
    )


def newest_first(dates: list[dt.datetime | None], cap: int = MAX_FEED_ITEMS) -> list[int]:
    """The positions of the ``cap`` newest dates, in their original order.

    Undated items rank after dated ones; ties keep the document's order
    (feeds list their newest first).
    """
    order = sorted(range(len(dates)), key=lambda i: (dates[i] is None, _neg(dates[i]), i))
    return sorted(order[:cap])


def trimmed_xml(body: bytes) -> Trimmed:
    """``body`` with only its newest :data:`MAX_FEED_ITEMS` items, when it holds more.

    A document expat cannot read to the end (feedparser reads broken feeds
    as far as it can) keeps the items expat read, when they are enough;
    otherwise it is returned whole.
    """
    if sum(1 for _ in _ITEM_START.finditer(body)) <= MAX_FEED_ITEMS:
        return Trimmed(body)
    walk = _Walk(body)
    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = walk.start
    parser.EndElementHandler = walk.end
    parser.CharacterDataHandler = walk.text
    walk.parser = parser
    try:
        parser.Parse(body, True)
    except (xml.parsers.expat.ExpatError, LookupError):  # LookupError: an unknown encoding
        if len(walk.spans) <= MAX_FEED_ITEMS:
            return Trimmed(body)
        broken = True  # what follows the last whole item is not read: it may be half an item
    else:
        broken = False
    if len(walk.spans) <= MAX_FEED_ITEMS:
        return Trimmed(body, len(walk.spans))
    kept = newest_first(walk.dates)
    head = body[: walk.spans[0][0]]
    tail = b"" if broken else body[walk.spans[-1][1] :]
    parts = [head, *(body[walk.spans[i][0] : walk.spans[i][1]] for i in kept), tail]
    return Trimmed(b"".join(parts), len(walk.spans))


def item_date(text: str) -> dt.datetime | None:
    """An RSS (RFC 822) or Atom (RFC 3339) date as an aware datetime, or ``None``."""
    text = text.strip()
    moment = remote_moment(text)
    if moment is None:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if not isinstance(moment, dt.datetime):
        return dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


@dataclass
class _Walk:
    """expat handlers: byte spans and dates of the top-level items."""

    body: bytes
    parser: xml.parsers.expat.XMLParserType | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    dates: list[dt.datetime | None] = field(default_factory=list)
    _depth: int = 0  # inside an item: its depth; else 0
    _level: int = 0
    _start: int = 0
    _date_text: list[str] | None = None
    _date: dt.datetime | None = None

    def start(self, name: str, _attributes: dict[str, str]) -> None:
        self._level += 1
        local = name.rsplit(":", 1)[-1]
        if not self._depth and local in _ITEMS and self.parser is not None:
            self._depth, self._start, self._date = self._level, self.parser.CurrentByteIndex, None
        elif self._depth and self._level == self._depth + 1 and local in _DATES:
            self._date_text = []

    def end(self, name: str) -> None:
        if self._date_text is not None and self._level == self._depth + 1:
            moment = item_date("".join(self._date_text)[:100])
            if moment is not None and (self._date is None or moment > self._date):
                self._date = moment
            self._date_text = None
        if self._depth and self._level == self._depth and self.parser is not None:
            close = self.parser.CurrentByteIndex
            # expat points at the end tag's "<" (at the start tag's for <item/>).
            end = self.body.find(b">", close) + 1 or len(self.body)
            self.spans.append((self._start, end))
            self.dates.append(self._date)
            self._depth = 0
        self._level -= 1

    def text(self, data: str) -> None:
        if self._date_text is not None and len(self._date_text) < 64:
            self._date_text.append(data)


def _neg(moment: dt.datetime | None) -> float:
    return -(moment or _OLDEST).timestamp()
