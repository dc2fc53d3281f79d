"""Articles from another zo-reader's API (``zo-reader serve``): summaries first, bodies on demand.

A sync asks the API root, ``/api/v1/``, whose ETag changes whenever anything
in the served library does; with the root's last ETag sent back, an
unchanged library costs one bodiless 304. When it changed, the list is read
in ``sort=changed`` order (latest change first) only up to the first article
whose ``version`` is already here; the whole list, a hundred summaries per
page, is read only the first time and when articles were removed. A body is fetched, in one
request, when its article is opened; searches with words run on the server.

Everything the server sends is untrusted: it goes through the guarded
:class:`~zo_reader.core.sources.http.HttpClient`, each value is typed as it
enters (:mod:`~zo_reader.core.sources.zo_api_fields`), the output paths
sanitise every text as usual, and a sync reads at most :data:`MAX_PAGES` pages
(:mod:`~zo_reader.core.sources.remote_listing`), whatever total the server claims.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final
from urllib.parse import quote

from zo_reader.core.errors import SourceError, SourceOfflineError
from zo_reader.core.models import (
    Article,
    ScanWarning,
)
from zo_reader.core.sanitize import clean_line
from zo_reader.core.sources.base import (
    LoadResult,
    RemembersState,
    RemoteMatches,
    SourceEntry,
    SourceUnchanged,
)
from zo_reader.core.sources.http import HttpClient, HttpOptions
from zo_reader.core.sources.remote_fields import (
    RemoteFields,
)
from zo_reader.core.sources.remote_listing import LISTING_PATH, ListingBudget, listing_result
from zo_reader.core.sources.zo_api_fields import (
    MAX_COUNT,
    SENDER,
    Listed,
    article_id,
    body_line,
    listed,
    server_warnings,
    snippet,
    summary_of,
)

API = "/api/v1"
SERVICE_NAME = "zo-reader"
"""The ``name`` the API root answers with; how detection recognises a zo-reader."""
PAGE_SIZE = 100  # the API's largest page
MAX_PAGES: Final = 100
"""Pages of summaries one sync asks for, however many the server claims."""
MAX_ITEMS: Final = 10_000
"""Summaries one sync keeps (a page may hold more than it should)."""
_FIRST_PAGE = 20  # summaries asked for first on a refresh: most refreshes need fewer


class ZoApiSource(RemembersState):
    """The library another zo-reader serves.

    Args:
        url: The server's address (``https://host/`` or ``https://host/api/v1/``).
        options: Timeouts, limits, trust and the bearer token.

    Raises:
        SourceError: ``url`` is not an http or https address.
    """

    def __init__(self, url: str, *, options: HttpOptions | None = None) -> None:
        base = url.rstrip("/")
        base = base.removesuffix(API)
        self.url = base + "/"
        self.api = base + API
        self.http = HttpClient(self.url, f"The zo-reader API at {self.url}", options)
        self._state: dict[str, Any] = {}
        self._summaries: dict[str, Listed] = {}
        self._total = 0
        self._listing: str | None = None

    @property
    def key(self) -> str:
        """``zo:`` and the server's address."""
        return f"zo:{self.url}"

    @property
    def label(self) -> str:
        """The server's address."""
        return self.url

    def entries(self) -> Iterator[SourceEntry]:
        """Every article's id and version, or :class:`SourceUnchanged` on a 304.

        At most :data:`MAX_PAGES` pages and :data:`MAX_ITEMS` summaries are
        read per sync, within the ``sync_budget`` setting; when
        that cuts the list, the articles known from earlier syncs are kept
        and the entry :data:`~.remote_listing.LISTING_PATH` says so.

        Raises:
            SourceUnchanged: The library is as it was at the last good sync.
            SourceOfflineError: The server cannot be reached.
            SourceError: The server is not a zo-reader API or refused.
        """
        headers = {}
        if self._state.get("etag"):
            headers["If-None-Match"] = self._state["etag"]
        root_answer, root = self.http.get_json(f"{self.api}/", headers=headers)
        if root_answer.status == 304:
            raise SourceUnchanged
        if not is_zo_root(root):
            raise SourceError(f"{clean_line(self.url)} did not answer as a zo-reader API.")
        budget = ListingBudget(MAX_PAGES, MAX_ITEMS, self.http.options.sync_budget)
        known = self._state.get("versions")
        known = _known_versions(known) if isinstance(known, dict) else None
        versions = self._changed_since(known, budget) if known is not None else None
        if versions is None:
            self._summaries = self._list({"sort": "date"}, {}, budget)
            versions = {key: listed.version for key, listed in self._summaries.items()}
            if budget.cut_by is not None and known is not None:
                for key, version in known.items():  # not read this time: keep the copies
                    versions.setdefault(key, version)
        self._state = {"etag": root_answer.etag, "versions": versions}
        sender = f"{SENDER} at {clean_line(self.url)}"
        self._listing = budget.warning(sender, self._total, "articles")
        listed = [SourceEntry(key, version or "-") for key, version in versions.items()]
        return iter([*listed, *budget.entry(self._listing)])

    def _changed_since(self, known: dict[str, str], budget: ListingBudget) -> dict[str, str] | None:
        """Every article's version, reading only those added or changed since the last sync.

        The list in ``sort=changed`` order is read until the first article
        whose version is already known: everything after it is older. ``None``
        when the count shows articles were removed; then the whole list is read
        (unless the budget is spent: then what is known is kept).
        """
        versions = dict(known)
        self._summaries = self._list({"sort": "changed"}, known, budget)
        versions.update({key: listed.version for key, listed in self._summaries.items()})
        if budget.cut_by is not None:
            return versions
        return versions if len(versions) == self._total else None

    def _list(
        self, params: Mapping[str, Any], stop_at: Mapping[str, str], budget: ListingBudget
    ) -> dict[str, Listed]:
        """Summaries page by page, up to the first one whose version is in ``stop_at``.

        A first page of twenty keeps a refresh after one edit small; later pages
        hold a hundred. The list ends early when ``budget`` is spent, and when a
        page brings nothing new (a server repeating itself).
        """
        summaries: dict[str, Listed] = {}
        per_page = _FIRST_PAGE if stop_at else PAGE_SIZE
        offset, self._total = 0, 0
        while budget.page():
            _, document = self.http.get_json(
                f"{self.api}/articles",
                {**params, "per_page": per_page, "page": offset // per_page + 1},
            )
            items, self._total = _page_items(document, self.url, budget)
            before = len(summaries)
            for key, item in items:
                typed = listed(key, item)
                if stop_at.get(key) == typed.version:
                    return summaries
                if key not in summaries:
                    if not budget.item():
                        return summaries
                    summaries[key] = typed
            offset += per_page
            if len(summaries) == before or offset >= self._total:
                return summaries
            if per_page != PAGE_SIZE and offset % PAGE_SIZE == 0:
                per_page = PAGE_SIZE
        return summaries

    def load(self, entry: SourceEntry) -> LoadResult:
        """The summary of one article from the last :meth:`entries` (no body yet)."""
        if entry.path == LISTING_PATH:
            return listing_result(self._listing)
        listed = self._summaries.get(entry.path)
        if listed is None:
            # Not in the pages read this time (the index missed an earlier change):
            # ask for the article itself.
            try:
                return self.fetch(entry.path)
            except SourceError as error:
                if isinstance(error, SourceOfflineError):
                    raise  # offline: the sync keeps its copies
                message = f"Skipped {entry.path}: it is no longer on the server."
                return LoadResult(None, (ScanWarning(entry.path, "remote-missing", message),))
        article = Article(listed.summary, "", entry.path, complete=False, warnings=listed.warnings)
        return LoadResult(article, listed.warnings)

    def fetch(self, key: str) -> LoadResult:
        """The whole article: one GET of ``/api/v1/articles/{id}``.

        Raises:
            SourceOfflineError: The server cannot be reached.
            SourceError: The server refused (the article was removed, say).
        """
        _, document = self.http.get_json(f"{self.api}/articles/{quote(key, safe='/')}")
        if not isinstance(document, dict) or not isinstance(document.get("body"), str):
            raise SourceError(f"{clean_line(self.url)} sent an article without a body.")
        fields = RemoteFields(key, SENDER)
        summary = summary_of(key, document, fields)
        own = server_warnings(document.get("warnings"), key, fields)
        first_line = body_line(document.get("body_line"), fields)
        warnings = (*own, *fields.warnings())
        article = Article(summary, document["body"], key, body_line=first_line, warnings=warnings)
        return LoadResult(article, warnings)

    def search(
        self, query: str, tags: Sequence[str], limit: int, offset: int
    ) -> RemoteMatches | None:
        """The server's matches: it speaks the same query language as the local index."""
        per_page = max(1, min(limit, PAGE_SIZE))
        if offset % per_page:
            return None  # pages of the server cannot start there; search the copies
        params: list[tuple[str, str | int]] = [("q", query), ("per_page", per_page)]
        params += [("page", offset // per_page + 1)]
        params += [("tag", tag) for tag in tags]
        _, document = self.http.get_json(f"{self.api}/articles", _Params(params))
        items, total = _page_items(document, self.url, ListingBudget(1, per_page))
        snippets = {key: snippet(item, RemoteFields(key, SENDER)) for key, item in items}
        return RemoteMatches(total, tuple(key for key, _ in items), snippets)


class _Params(dict[str, Any]):
    """Repeated query parameters (``tag=a&tag=b``) in the mapping httpx takes."""

    def __init__(self, pairs: list[tuple[str, str | int]]) -> None:
        grouped: dict[str, list[str | int]] = {}
        for name, value in pairs:
            grouped.setdefault(name, []).append(value)
        super().__init__(grouped)


def is_zo_root(document: Any) -> bool:
    """Whether a JSON document is a zo-reader API root."""
    return isinstance(document, dict) and document.get("name") == SERVICE_NAME


def _page_items(
    document: Any, url: str, budget: ListingBudget
) -> tuple[list[tuple[str, Mapping[str, Any]]], int]:
    """The summaries of one page with a usable id, and the total the server reports.

    Items without one are counted in ``budget``; at most ``budget.items`` are looked at.
    """
    if not isinstance(document, dict) or not isinstance(document.get("articles"), list):
        raise SourceError(f"{clean_line(url)} sent a list of articles in an unknown shape.")
    total = _count(document.get("total"))
    if total is None:
        raise SourceError(f"{clean_line(url)} sent a list of articles without a total.")
    items: list[tuple[str, Mapping[str, Any]]] = []
    for item in document["articles"][: budget.items]:
        key = article_id(item.get("id")) if isinstance(item, dict) else None
        if key is None or not isinstance(item, dict):
            budget.unusable += 1
            continue
        items.append((key, item))
    return items, total


def _known_versions(known: dict[Any, Any]) -> dict[str, str]:
    """The versions kept from the last sync (the database's copy, read back)."""
    return {str(key): str(value) for key, value in known.items()}


def _count(value: Any) -> int | None:
    """A count from 0 to :data:`MAX_COUNT` (larger ones are capped), else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return min(value, MAX_COUNT)
    return None
