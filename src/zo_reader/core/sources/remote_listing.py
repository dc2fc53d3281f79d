"""What the paged remote sources (a zo-reader API, WordPress) share: a bounded listing.

A server decides how many pages its list has. One claiming a billion
articles was paged 1,304 times in a minute with nothing shown; a WordPress
site of a thousand pages took a minute and 343 MB. A :class:`ListingBudget`
gives one sync a number of pages, of items and of seconds; when any is spent,
the listing stops, what was read is listed, the copies of the rest are kept,
and one warning on the pseudo-entry :data:`LISTING_PATH` says what was kept
(``list -v`` and ``check`` show it). Items left out for an unusable id are
counted there too.

It also notes text that had control characters, so the warning of the
article names them: the sanitiser removes them either way.
"""

from __future__ import annotations

import hashlib
import time
from typing import Final

from zo_reader.core.models import ScanWarning
from zo_reader.core.sanitize import is_clean
from zo_reader.core.sources.base import LoadResult, SourceEntry
from zo_reader.core.sources.remote_fields import RemoteFields

__all__ = [
    "LISTING_CODE",
    "LISTING_PATH",
    "LISTING_SECONDS",
    "ListingBudget",
    "listing_result",
    "note_controls",
]

LISTING_PATH: Final = "(listing)"
"""The entry that carries the listing's warning; no server's item may use this key."""
LISTING_CODE: Final = "remote-list-cut"
"""The warning's code."""
LISTING_SECONDS: Final = 60.0
"""Seconds one sync may spend listing when not told (the ``sync_budget`` setting's default;
each request also has its own deadline)."""


class ListingBudget:
    """How much one sync may list, and what the cut left out.

    Args:
        pages: Requests for pages of the list, all listings of the sync together.
        items: Items kept, likewise.
        seconds: Time from now after which no further page is asked for
            (:data:`LISTING_SECONDS` by default).
    """

    def __init__(self, pages: int, items: int, seconds: float | None = None) -> None:
        self.pages = pages
        self.items = items
        self._pages_left = pages
        self._items_left = items
        self.seconds = LISTING_SECONDS if seconds is None else seconds
        self._until = time.monotonic() + self.seconds
        self.cut_by: str | None = None
        """Why the listing stopped early (``"pages"``, ``"items"``, ``"time"``), or ``None``."""
        self.unusable = 0
        """Items left out because their id could not be used."""

    @property
    def kept(self) -> int:
        """Items kept so far."""
        return self.items - self._items_left

    def page(self) -> bool:
        """Whether another page may be asked for; spends one.

        ``False`` once items, pages or time are spent (and the cut is remembered).
        """
        if self.cut_by is not None:
            return False
        if self._items_left <= 0:
            self.cut_by = "items"
            return False
        if self._pages_left <= 0:
            self.cut_by = "pages"
            return False
        if time.monotonic() >= self._until:
            self.cut_by = "time"
            return False
        self._pages_left -= 1
        return True

    def in_time(self) -> bool:
        """Whether the listing's time is not spent yet (spends nothing)."""
        return time.monotonic() < self._until

    def item(self) -> bool:
        """Whether another item may be kept; spends one. ``False`` once items are spent."""
        if self._items_left <= 0:
            self.cut_by = self.cut_by or "items"
            return False
        self._items_left -= 1
        return True

    def warning(self, sender: str, claimed: int, things: str) -> str | None:
        """One sentence on what the cut kept and what was left out, or ``None``.

        Args:
            sender: How the sentence names the server (``The zo-reader API at URL``).
            claimed: How many items the server said it has.
            things: What the items are, in the plural (``articles``, ``posts``).
        """
        parts: list[str] = []
        if self.cut_by is not None:
            limit = {
                "pages": f"at most {self.pages:,} pages",
                "items": f"at most {self.items:,} {things}",
                "time": f"at most {self.seconds:g} seconds",
            }[self.cut_by]
            parts.append(
                f"{sender} lists {claimed:,} {things}; this sync read {self.kept:,} "
                f"({limit} a sync), and the copies of the others are kept"
            )
        if self.unusable:
            named = things if self.unusable != 1 else things.removesuffix("s")
            left = f"left out {self.unusable:,} {named} whose id cannot be used"
            parts.append(left if parts else f"{sender} {left}")
        return "; ".join(parts) + "." if parts else None

    def entry(self, message: str | None) -> list[SourceEntry]:
        """The pseudo-entry carrying ``message``, or none (its fingerprint is the message)."""
        if message is None:
            return []
        digest = hashlib.sha256(message.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return [SourceEntry(LISTING_PATH, digest)]


def listing_result(message: str | None) -> LoadResult:
    """What loading :data:`LISTING_PATH` gives: no article, the listing's warning."""
    if message is None:
        return LoadResult(None)
    return LoadResult(None, (ScanWarning(LISTING_PATH, LISTING_CODE, message),))


def note_controls(fields: RemoteFields, value: object, what: str) -> None:
    """Note, for the article's warning, that a text had control characters (removed later).

    Line breaks and tabs are not counted: they are white space in a line.
    """
    if isinstance(value, str) and not is_clean(value.replace("\r", " ")):
        fields.drop(f"control characters in {what}")
