"""Links from outside, parsed: an absolute http(s) address or nothing.

Its own module, with nothing but the standard library, so that every place
that writes a link of its own (a feed's or a page's ``Source:`` line, the
remote sources) can use it without importing the sources package.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

__all__ = ["URL_CAP", "web_address"]

URL_CAP: Final = 4_096
"""The longest link kept; longer ones are not addresses anyone follows."""
# What a URI may hold unescaped (RFC 3986 reserved and unreserved, and ``%``);
# the rest (spaces, ``<>"{}|\\^```, non-ASCII) is percent-encoded, so a link
# can be written into Markdown as ``<address>`` and stay one link.
_URI_SAFE: Final = ":/?#[]@!$&'()*+,;=%~"
_WHITESPACE_OR_CONTROL: Final = re.compile(
    r"[\x00-\x20\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def web_address(value: object, base: str | None = None) -> str | None:
    """``value`` as an absolute http(s) address, or ``None`` when it is not one.

    Relative links are resolved against ``base``. Control characters or inner
    white space make it no address (a browser would not follow it as written);
    characters Markdown or a terminal could read otherwise are percent-encoded.
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > URL_CAP or _WHITESPACE_OR_CONTROL.search(value):
        return None
    try:
        joined = urljoin(base, value) if base else value
        parts = urlsplit(joined)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    address = quote(urlunsplit(parts), safe=_URI_SAFE)
    return address if len(address) <= URL_CAP else None
