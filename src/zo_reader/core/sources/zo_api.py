"""Articles from another zo-reader's API (``zo-reader serve``): summaries first, bodies on demand.

A sync asks the API root, ``/api/v1/``, whose ETag changes whenever anything
in the served library does; with the root's last ETag sent back, an
unchanged library costs one bodiless 304. When it changed, the list is read
in ``sort=changed`` order (latest change first) only up to the first article
whose ``version`` is already here; the whole list, a hundred summaries per
page, is read only the first time and when articles were removed. A body is fetched, in one
request, when its article is opened; searches with words run on the server.

Everything the server sends is untrusted: it goes through the guarded
:class:`~zo_reader.core.sources.http.HttpClient`, only values of the expected
types are used, and the output paths sanitise every text as usual.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from zo_reader.core.errors import SourceError, SourceOfflineError
from zo_reader.core.models import (
    Article,
    ArticleSummary,
    ScanWarning,
    Severity,
    SnippetPart,
    Tag,
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
from zo_reader.core.tags import normalise_tag

API = "/api/v1"
SERVICE_NAME = "zo-reader"
"""The ``name`` the API root answers with; how detection recognises a zo-reader."""
PAGE_SIZE = 100  # the API's largest page
_MAX_PAGES = 10_000  # a server promising more pages than this is not believed
_FIRST_PAGE = 20  # summaries asked for first on a refresh: most refreshes need fewer
_MARKED = re.compile(r"\[([^\[\]]+)\]")
_MAX_COUNT = 10**9  # words or articles: a larger count is not believed (nor fits SQLite)


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
        self._summaries: dict[str, Mapping[str, Any]] = {}
        self._total = 0

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
        known = self._state.get("versions")
        versions = self._changed_since(known) if isinstance(known, dict) else None
        if versions is None:
            self._summaries = self._list({"sort": "date"}, stop_at={})
            versions = {key: _text(item.get("version")) for key, item in self._summaries.items()}
        self._state = {"etag": root_answer.etag, "versions": versions}
        return iter([SourceEntry(key, version or "-") for key, version in versions.items()])

    def _changed_since(self, known: dict[str, Any]) -> dict[str, str] | None:
        """Every article's version, reading only those added or changed since the last sync.

        The list in ``sort=changed`` order is read until the first article
        whose version is already known: everything after it is older. ``None``
        when the count shows articles were removed; then the whole list is read.
        """
        versions = {str(key): str(value) for key, value in known.items()}
        self._summaries = self._list({"sort": "changed"}, stop_at=versions)
        versions.update({key: _text(item.get("version")) for key, item in self._summaries.items()})
        return versions if len(versions) == self._total else None

    def _list(
        self, params: Mapping[str, Any], stop_at: Mapping[str, str]
    ) -> dict[str, Mapping[str, Any]]:
        """Summaries page by page, up to the first one whose version is in ``stop_at``.

        A first page of twenty keeps a refresh after one edit small; later pages
        hold a hundred.
        """
        summaries: dict[str, Mapping[str, Any]] = {}
        per_page = _FIRST_PAGE if stop_at else PAGE_SIZE
        offset, self._total = 0, 0
        while True:
            _, document = self.http.get_json(
                f"{self.api}/articles",
                {**params, "per_page": per_page, "page": offset // per_page + 1},
            )
            items, self._total = _page_items(document, self.url)
            for item in items:
                if stop_at.get(item["id"]) == _text(item.get("version")):
                    return summaries
                summaries.setdefault(item["id"], item)
            offset += per_page
            if not items or offset >= min(self._total, per_page * _MAX_PAGES):
                return summaries
            if per_page != PAGE_SIZE and offset % PAGE_SIZE == 0:
                per_page = PAGE_SIZE

    def load(self, entry: SourceEntry) -> LoadResult:
        """The summary of one article from the last :meth:`entries` (no body yet)."""
        item = self._summaries.get(entry.path)
        if item is None:
            # Not in the pages read this time (the index missed an earlier change):
            # ask for the article itself.
            try:
                return self.fetch(entry.path)
            except SourceError as error:
                if isinstance(error, SourceOfflineError):
                    raise  # offline: the sync keeps its copies
                message = f"Skipped {entry.path}: it is no longer on the server."
                return LoadResult(None, (ScanWarning(entry.path, "remote-missing", message),))
        return LoadResult(Article(_summary(item), "", entry.path, complete=False))

    def fetch(self, key: str) -> LoadResult:
        """The whole article: one GET of ``/api/v1/articles/{id}``.

        Raises:
            SourceOfflineError: The server cannot be reached.
            SourceError: The server refused (the article was removed, say).
        """
        _, document = self.http.get_json(f"{self.api}/articles/{quote(key, safe='/')}")
        if not isinstance(document, dict) or not isinstance(document.get("body"), str):
            raise SourceError(f"{clean_line(self.url)} sent an article without a body.")
        warnings = _warnings(document.get("warnings"), key)
        article = Article(
            _summary(document),
            document["body"],
            key,
            body_line=_body_line(document.get("body_line")),
            warnings=warnings,
        )
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
        items, total = _page_items(document, self.url)
        snippets = {item["id"]: _snippet(item) for item in items}
        return RemoteMatches(total, tuple(item["id"] for item in items), snippets)


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


def _page_items(document: Any, url: str) -> tuple[list[dict[str, Any]], int]:
    """The usable summaries of one page and the total the server reports."""
    if not isinstance(document, dict) or not isinstance(document.get("articles"), list):
        raise SourceError(f"{clean_line(url)} sent a list of articles in an unknown shape.")
    total = _count(document.get("total"))
    if total is None:
        raise SourceError(f"{clean_line(url)} sent a list of articles without a total.")
    items = [
        item
        for item in document["articles"]
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]
    ]
    return items, total


def _snippet(item: Mapping[str, Any]) -> tuple[SnippetPart, ...]:
    """The server's snippet, matches marked ``[like this]``, back into marked parts."""
    text = _text(item.get("snippet"))
    matched = {w.casefold() for w in _strings(item.get("matched"))}
    parts: list[SnippetPart] = []
    position = 0
    for mark in _MARKED.finditer(text):
        if mark.group(1).casefold() not in matched:
            continue  # a bracket that was in the text itself
        if mark.start() > position:
            parts.append(SnippetPart(text[position : mark.start()]))
        parts.append(SnippetPart(mark.group(1), matched=True))
        position = mark.end()
    if position < len(text):
        parts.append(SnippetPart(text[position:]))
    return tuple(parts)


def _warnings(items: Any, key: str) -> tuple[ScanWarning, ...]:
    """The server's warnings about an article's file (front matter and such), kept as its own."""
    kept = []
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            continue
        severity = Severity.ERROR if item.get("severity") == "error" else Severity.WARNING
        kept.append(
            ScanWarning(
                key,
                item["code"],
                _text(item.get("message")) or item["code"],
                _line(item.get("line")),
                severity,
            )
        )
    return tuple(kept)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _strings(value: Any) -> list[str]:
    """The strings of a JSON list; nothing from any other type."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _count(value: Any) -> int | None:
    """A count from 0 to :data:`_MAX_COUNT` (larger ones are capped), else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return min(value, _MAX_COUNT)
    return None


def _summary(item: Mapping[str, Any]) -> ArticleSummary:
    """A summary from an API object, using only values of the documented types."""
    tags: list[Tag] = []
    seen: set[str] = set()
    for name in _strings(item.get("tags")):
        if (key := normalise_tag(name)) and key not in seen:
            seen.add(key)
            tags.append(Tag(key, name))
    words = _count(item.get("words"))
    return ArticleSummary(
        id=_text(item.get("id")),
        title=_text(item.get("title")) or _text(item.get("id")),
        tags=tuple(tags),
        date=_text(item.get("date")) or None,
        author=_text(item.get("author")) or None,
        summary=_text(item.get("summary")),
        words=words if words is not None and words < _MAX_COUNT else 0,
        slug=_text(item.get("slug")) or None,
        draft=False,
    )


_MAX_BODY_LINE = 10_000_000


def _body_line(value: object) -> int:
    """The body's first line in the server's file: a whole number from 1, else 1.

    Older servers send none; a float, a string, a huge or negative number is
    not a line number and counts as none.
    """
    return _line(value) or 1


def _line(value: object) -> int | None:
    """A line number: a whole number from 1 to :data:`_MAX_BODY_LINE`, else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= _MAX_BODY_LINE:
        return value
    return None
