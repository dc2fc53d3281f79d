"""The values a server sends, typed and checked where they enter.

A feed, a WordPress site or a zo-reader API can send anything in any field: a
date that is an escape sequence, a link that is ``javascript:``, a title of a
megabyte. Every source builds its items through a :class:`RemoteFields`,
which turns each raw value into a typed one (dates to datetimes, links to
parsed http(s) addresses, codes to a short word, texts cleaned and capped) or
drops it, and remembers what it dropped so that the article carries one
warning (``remote-field-invalid``) that ``check`` and ``list -v`` show. The
article itself survives. The output sanitiser stays the second wall.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Final

from zo_reader.core.models import ScanWarning, Tag
from zo_reader.core.sanitize import clean_line, clean_text
from zo_reader.core.tags import unique_tags
from zo_reader.core.web_address import URL_CAP, web_address

__all__ = [
    "KEY_CAP",
    "SUMMARY_CAP",
    "TITLE_CAP",
    "URL_CAP",
    "RemoteFields",
    "as_list",
    "moment_text",
    "remote_moment",
    "web_address",
]

TITLE_CAP: Final = 500
"""Characters kept of a title, an author or a tag (a line on screen, never a page)."""
SUMMARY_CAP: Final = 2_000
"""Characters kept of a summary or a warning's message."""
KEY_CAP: Final = 500
"""Characters kept of an item's id or key."""
_TAG_CAP: Final = 100
"""Characters kept of one tag."""
_CODE: Final = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
# RFC 3339 and the ISO 8601 forms servers send: ASCII digits only (``²`` is a
# digit to str.isdigit), a date, optionally a time and a zone.
_DATE: Final = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)(?P<zone>Z|z|[+-]\d{2}:?\d{2})?)?",
    re.ASCII,
)


def remote_moment(value: object) -> dt.date | dt.datetime | None:
    """A server's date: a date alone, or an aware datetime (UTC when the zone is missing).

    Only ASCII ISO 8601 / RFC 3339 text is a date; anything else is ``None``.
    """
    if not isinstance(value, str):
        return None
    found = _DATE.fullmatch(value.strip())
    if found is None:
        return None
    try:
        if found["time"] is None:
            return dt.date.fromisoformat(found["date"])
        zone = found["zone"] or "+00:00"
        zone = "+00:00" if zone in ("Z", "z") else zone
        if len(zone) == 5:
            zone = f"{zone[:3]}:{zone[3:]}"
        moment = dt.datetime.fromisoformat(
            f"{found['date']}T{found['time'].replace(',', '.')}{zone}"
        )
    except ValueError:  # 2026-02-30, 25:00
        return None
    return moment


class RemoteFields:
    """Checks one remote item's values as they are read, and says which were dropped.

    Args:
        key: The item's key, for the warning's path.
        source: How the warning names the sender (``The feed``, ``The site``).
    """

    def __init__(self, key: str, source: str = "The server") -> None:
        self.key = key
        self._source = source
        self._dropped: list[str] = []

    def drop(self, what: str) -> None:
        """Note that a value was left out (``"a date that is not a date"``)."""
        if what not in self._dropped:
            self._dropped.append(what)

    def line(self, value: object, what: str, cap: int = TITLE_CAP) -> str:
        """One line of text: cleaned, at most ``cap`` characters; ``""`` for a non-string."""
        if value is None or value == "":
            return ""
        if not isinstance(value, str):
            self.drop(what)
            return ""
        text = clean_line(value[: cap * 4])
        if len(text) > cap:
            text = text[: cap - 1].rstrip() + "…"
        return text

    def text(self, value: object, what: str, cap: int) -> str:
        """Text of several lines (a message, a summary): cleaned and capped."""
        if value is None or value == "":
            return ""
        if not isinstance(value, str):
            self.drop(what)
            return ""
        text = clean_text(value[: cap * 4]).strip()
        return text if len(text) <= cap else text[: cap - 1].rstrip() + "…"

    def key_text(self, value: object) -> str:
        """An id or key: one clean line of at most :data:`KEY_CAP` characters."""
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**18:
            return str(value)
        return self.line(value, "an id that is not text", KEY_CAP)

    def moment(self, value: object, what: str = "a date") -> dt.date | dt.datetime | None:
        """A date or datetime; one that is not is dropped with a note."""
        if value is None or value == "":
            return None
        moment = remote_moment(value)
        if moment is None:
            self.drop(f"{what} that is not a date")
        return moment

    def address(self, value: object, base: str | None = None, what: str = "a link") -> str | None:
        """An http(s) address (relative ones resolved against ``base``); others dropped."""
        if value is None or value == "":
            return None
        address = web_address(value, base)
        if address is None:
            self.drop(f"{what} that is not a web address")
        return address

    def code(self, value: object) -> str | None:
        """A warning or finding code: a short ``[a-z0-9-]`` word, else dropped."""
        if isinstance(value, str) and _CODE.fullmatch(value):
            return value
        self.drop("a warning code of the wrong shape")
        return None

    def count(self, value: object, maximum: int, what: str = "a number") -> int | None:
        """A whole number from 0 to ``maximum``; anything else (a float, ``True``) dropped."""
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= maximum:
            return value
        self.drop(f"{what} out of range")
        return None

    def tags(self, values: object) -> tuple[Tag, ...]:
        """Tags from a list of texts, each cleaned and capped (at most ``tags.MAX_TAGS``)."""
        if values is None:
            return ()
        if not isinstance(values, list | tuple):
            self.drop("tags that are not a list")
            return ()
        texts: list[str] = []
        for value in values:
            if isinstance(value, str) and len(value) <= _TAG_CAP * 4:
                texts.append(value[:_TAG_CAP])
            elif value not in (None, ""):
                self.drop("a tag that is not a short text")
        return unique_tags(texts)

    def warnings(self) -> tuple[ScanWarning, ...]:
        """One warning naming every value left out, or none."""
        if not self._dropped:
            return ()
        listed = _listed(self._dropped)
        message = (
            f"{self._source} sent {listed}; those were cleaned or left out, and the rest kept."
        )
        return (ScanWarning(self.key, "remote-field-invalid", message),)


def _listed(things: Iterable[str]) -> str:
    items = list(things)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def moment_text(moment: dt.date | dt.datetime | None) -> str | None:
    """How a typed date is kept in an article's summary (ISO 8601)."""
    return moment.isoformat() if moment is not None else None


def as_list(value: Any) -> list[Any]:
    """A JSON list, or an empty one for any other type."""
    return value if isinstance(value, list) else []
