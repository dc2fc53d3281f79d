"""What the article list shows: pages of rows from the index or from a search.

Providers are thin adapters over :class:`~zo_reader.core.index.Library`; the
list asks them for a count and for rows by offset, so it never holds more
than a few pages however large the library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass
from typing import Protocol

from zo_reader.core.index import Library, SortOrder
from zo_reader.core.models import ArticleSummary, SnippetPart

PAGE_SIZE = 100
"""Rows per provider fetch: 2-13 ms from SQLite at 100k articles (deep offsets cost more)."""
_SCAN_LIMIT = 2_000  # rows LibraryPage.index_of reads (about 35 ms) before giving up


@dataclass(frozen=True, slots=True)
class ListRow:
    """One row of the list.

    Attributes:
        article: The article shown.
        snippet: For search results, the text around the match, shown on a third line.
    """

    article: ArticleSummary
    snippet: tuple[SnippetPart, ...] = ()


class ArticlePage(Protocol):
    """What the list shows: a count and rows fetched by offset.

    A provider may also define ``index_of(article_id) -> int | None``; the list
    then uses it to keep an article highlighted that is not in the pages it read.
    """

    def count(self) -> int:
        """How many rows there are."""
        ...

    def fetch(self, offset: int, limit: int) -> Sequence[ListRow]:
        """Up to ``limit`` rows starting at ``offset``."""
        ...


@dataclass(frozen=True, slots=True)
class LibraryPage:
    """The articles of a library carrying every tag in ``tags``, in ``sort`` order.

    Attributes:
        library: The library to read.
        tags: Tag keys that every article must carry.
        sort: ``"date"`` (newest first) or ``"title"``.
        drafts: Whether to include drafts.
    """

    library: Library
    _: KW_ONLY
    tags: Sequence[str] = ()
    sort: SortOrder = "date"
    drafts: bool = False

    def count(self) -> int:
        """How many articles match, asked afresh each time so that a sync shows up."""
        return self.library.count_articles(tags=self.tags, drafts=self.drafts)

    def fetch(self, offset: int, limit: int) -> Sequence[ListRow]:
        """Up to ``limit`` articles starting at ``offset``."""
        summaries = self.library.list_articles(
            tags=self.tags, sort=self.sort, limit=limit, offset=offset, drafts=self.drafts
        )
        return [ListRow(summary) for summary in summaries]

    def index_of(self, article_id: str) -> int | None:
        """The article's position if it is among the first rows.

        The core has no "position of an id" query, so this reads a bounded
        number of rows rather than stall the UI on a huge list.
        """
        for offset in range(0, _SCAN_LIMIT, PAGE_SIZE):
            rows = self.fetch(offset, PAGE_SIZE)
            for position, row in enumerate(rows, offset):
                if row.article.id == article_id:
                    return position
            if len(rows) < PAGE_SIZE:
                break
        return None


class SearchPage:
    """Search results: the first ``limit`` fetched on construction (build it inside a
    worker), later pages fetched from the index as the list reaches them.

    Args:
        library: The library to search.
        query: The user's query (see :mod:`zo_reader.core.query`).
        tags: Tag keys that every result must carry.
        drafts: Whether to include drafts.
        limit: The most results kept.

    Raises:
        QueryError: The query has nothing to search for.
    """

    def __init__(
        self,
        library: Library,
        query: str,
        *,
        tags: Sequence[str] = (),
        drafts: bool = False,
        limit: int = 500,
    ) -> None:
        self.query = query
        self._library = library
        self._tags = tuple(tags)
        self._drafts = drafts
        hits = library.search(query, tags=tags, limit=limit, drafts=drafts)
        self.rows: tuple[ListRow, ...] = tuple(ListRow(hit.article, hit.snippet) for hit in hits)
        self._positions = {row.article.id: i for i, row in enumerate(self.rows)}
        self._count = (
            len(self.rows)
            if len(self.rows) < limit
            else library.count_matches(query, tags=tags, drafts=drafts)
        )

    def count(self) -> int:
        """How many results there are (all of them, not only those fetched)."""
        return self._count

    def fetch(self, offset: int, limit: int) -> Sequence[ListRow]:
        """Up to ``limit`` results starting at ``offset``."""
        if offset + limit <= len(self.rows) or offset >= self._count:
            return self.rows[offset : offset + limit]
        hits = self._library.search(
            self.query, tags=self._tags, limit=limit, offset=offset, drafts=self._drafts
        )
        return [ListRow(hit.article, hit.snippet) for hit in hits]

    def index_of(self, article_id: str) -> int | None:
        """The position of the article among the results, if it is there."""
        return self._positions.get(article_id)
