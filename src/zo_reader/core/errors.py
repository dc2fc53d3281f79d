"""Typed errors raised by the core.

Every error a user can cause is a :class:`ZoReaderError` whose message is one
plain sentence; the CLI prints it and exits non-zero, the UI shows it.
"""

from __future__ import annotations


class ZoReaderError(Exception):
    """Base class for every error caused by input, configuration or sources."""


class SourceError(ZoReaderError):
    """The source cannot be opened or read (missing folder, bad URL...)."""


class SourceOfflineError(SourceError):
    """A remote source cannot be reached now; copies already in the index are still good."""


class ArticleNotFoundError(ZoReaderError):
    """No article matches the given id, slug or title."""


class ArticleUnavailableError(ZoReaderError):
    """A remote article whose body was never fetched, while its source cannot be reached."""


class AmbiguousArticleError(ZoReaderError):
    """Several articles match the given slug or title prefix.

    Attributes:
        candidates: ``(id, title)`` pairs of every match, for the user to pick from.
    """

    def __init__(self, reference: str, candidates: list[tuple[str, str]]) -> None:
        self.reference = reference
        self.candidates = candidates
        listing = "; ".join(f"{article_id} ({title})" for article_id, title in candidates)
        super().__init__(f"'{reference}' matches {len(candidates)} articles: {listing}.")


class QueryError(ZoReaderError):
    """A search query that cannot be run, explained in plain words."""


class SettingsError(ZoReaderError):
    """The configuration file or an environment variable is invalid."""


class LibraryError(ZoReaderError):
    """The library index could not be opened or written (disk full, read-only...)."""
