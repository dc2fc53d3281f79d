"""What a sync says when it shows the stored copies instead of what the site sent.

A site that cannot be reached, that answers too slowly, or that sends
something zo-reader cannot read (not JSON, the wrong shape, a refusal) on a
later run leaves the index as the last good sync made it: the reader sees
those copies, with a sentence saying why and how old they are, rather than
an error and nothing. Only a remote source falls back so: a local folder's
error is the reader's own to fix, and its files are right there.
"""

from __future__ import annotations

import datetime as dt

from zo_reader.core.errors import SourceError, SourceOfflineError
from zo_reader.core.sanitize import clean_line
from zo_reader.core.sources.base import Source
from zo_reader.core.sources.http import AnswerTooSlow, HttpClient


def site_host(source: Source) -> str | None:
    """The host of a source read over HTTP, ``None`` for a local one."""
    http = getattr(source, "http", None)
    return http.host if isinstance(http, HttpClient) else None


def copies_notices(error: SourceError, host: str, synced_at: str) -> list[str]:
    """The notices of a sync that shows copies from ``synced_at`` (ISO) because of ``error``.

    Offline keeps its two sentences (why, then how old the copies are). Too
    slow is one sentence: the site is up, and how slow it was is no help.
    Anything else the site sent is named first, as the source worded it (a
    refusal may say a token is needed), then the copies.
    """
    when = dt.datetime.fromisoformat(synced_at).strftime("%Y-%m-%d %H:%M UTC")
    site = clean_line(host)
    if isinstance(error, AnswerTooSlow):
        return [f"The site at {site} sent its answer too slowly; showing copies from {when}."]
    if isinstance(error, SourceOfflineError):
        return [str(error), f"Offline: showing copies from {when}."]
    return [
        str(error),
        f"The site at {site} sent an answer zo-reader cannot read; showing copies from {when}.",
    ]
