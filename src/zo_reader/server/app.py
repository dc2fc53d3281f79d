"""The read-only JSON API as a Starlette application.

:func:`make_app` builds it around a library. Every answer is JSON: documents
shaped by :mod:`zo_reader.cli.output` (so ``zo-reader list --json`` and the
API agree), and errors as ``{"error": "one plain sentence"}``. Article ids
are only ever looked up in the index, never joined to a file path.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from zo_reader.cli.output import article_json, hit_json, summary_json
from zo_reader.core.errors import ArticleNotFoundError, ZoReaderError
from zo_reader.core.index import Library
from zo_reader.core.sanitize import clean_line
from zo_reader.server import openapi, responses
from zo_reader.server.middleware import AccessLog, Guard
from zo_reader.server.params import ListParams, ParamError, drafts_param, list_params, tag_params
from zo_reader.server.turns import NoTurn, Turns

LibraryFactory = Callable[[], Library]
"""Opens the library to serve; the application closes it when it shuts down."""

RESYNC_SECONDS = 2.0
"""The index is brought up to date on a request at most this often."""

LIBRARY_SLOTS = 4
"""Requests answered at once. The library reads for one at a time (one SQLite
connection); the other slots let answers be encoded, hashed and compressed,
and handed between threads, meanwhile. More would only wait on its lock."""

MAX_WAIT_SECONDS = 5.0
"""How long a request waits for a slot before it is refused with 503.

Under more load than the library can answer, requests would otherwise queue
without bound: with thousands of clients they wait longer than clients do,
and the server goes on working for clients that have gone. With this bound
every request is answered or refused within about five seconds, well inside
the 30 s zo-reader's client waits, and the refusal costs almost nothing.
"""

NEWEST_FIRST_AFTER = 0.5
"""Once the oldest waiting request has waited this long, the newest is served first
(see :mod:`zo_reader.server.turns`): under overload, answers stay quick."""

API = "/api/v1"
log = logging.getLogger("zo_reader.server")


class ApiError(Exception):
    """An answer other than 200, raised anywhere in a request and sent as JSON."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class LibraryHolder:
    """The served library: opened on first use, synced at most every ``resync_seconds``.

    A request reads under one lock, so the count and the page it returns come
    from the same state of the index. This costs no concurrency: the library
    serialises its calls on its own lock anyway (one SQLite connection).

    Args:
        factory: Opens the library.
        resync_seconds: Minimum time between two syncs.
        clock: Seconds from an arbitrary start (tests pass a fake).
    """

    def __init__(
        self,
        factory: LibraryFactory,
        resync_seconds: float = RESYNC_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._factory = factory
        self._resync_seconds = resync_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._library: Library | None = None
        self._synced_at: float | None = None
        self._notices_logged = 0

    @contextmanager
    def reading(self) -> Iterator[Library]:
        """The library, synced if it is due, locked for the caller's reads.

        Raises:
            ApiError: 503 when the library cannot be opened or has never synced.
        """
        with self._lock:
            yield self._fresh()

    def _fresh(self) -> Library:
        if self._library is None:
            try:
                self._library = self._factory()
            except ZoReaderError as failure:
                raise ApiError(503, clean_line(str(failure))) from failure
            # Notices from before (printed by whoever synced first) are not repeated.
            self._notices_logged = len(self._library.notices)
        library = self._library
        now = self._clock()
        if self._synced_at is None or now - self._synced_at >= self._resync_seconds:
            try:
                library.sync()
            except ZoReaderError as failure:
                if self._synced_at is None:
                    raise ApiError(503, clean_line(str(failure))) from failure
                # Edits may be half-written or a drive briefly gone: answer from the
                # last good index rather than fail every request until it is back.
                log.warning("Could not update the index: %s", clean_line(str(failure)))
            self._synced_at = now
            for notice in library.notices[self._notices_logged :]:
                log.info("%s", clean_line(notice))
            self._notices_logged = len(library.notices)
        return library

    def close(self) -> None:
        """Close the library if it was opened."""
        with self._lock:
            if self._library is not None:
                self._library.close()
                self._library = None


def page_links(path: str, items: Sequence[tuple[str, str]], page: int, last: int) -> str:
    """An RFC 8288 ``Link`` value with first, prev, next and last pages.

    Targets are relative references (path and query), so they stay right
    behind a proxy and never echo a ``Host`` header. The client's other
    parameters are kept in their order; ``urlencode`` escapes anything that
    could break out of the ``<...>``.
    """
    kept = [(name, value) for name, value in items if name != "page"]

    def link(number: int, rel: str) -> str:
        return f'<{path}?{urlencode([*kept, ("page", str(number))])}>; rel="{rel}"'

    links = [link(1, "first")]
    if page > 1:
        links.append(link(min(page - 1, last), "prev"))
    if page < last:
        links.append(link(page + 1, "next"))
    links.append(link(last, "last"))
    return ", ".join(links)


class _Api:
    """The endpoints, around one :class:`LibraryHolder`.

    Endpoints are async and hand the library work to Starlette's thread pool
    with ``run_in_threadpool``: a sync after an edit or a search with
    snippets can take a tenth of a second on a large library, and on the
    event loop that would also stall requests that never touch the library
    (401s, 304s of the OpenAPI document, slow clients still sending). At most
    :data:`LIBRARY_SLOTS` run at once; the others wait their turn, up to
    :data:`MAX_WAIT_SECONDS` (:class:`~zo_reader.server.turns.Turns`).
    """

    def __init__(self, holder: LibraryHolder) -> None:
        self.holder = holder
        self.openapi_document = openapi.document()
        self.turns = Turns(LIBRARY_SLOTS, MAX_WAIT_SECONDS, NEWEST_FIRST_AFTER)

    async def _in_turn(self, answer: Callable[[], Response]) -> Response:
        """Run ``answer`` in the thread pool in its turn; 503 if none comes in time."""
        try:
            async with self.turns.turn():
                return await run_in_threadpool(answer)
        except NoTurn:
            raise ApiError(
                503, "The server is busy; try again in a few seconds.", {"Retry-After": "2"}
            ) from None

    async def root(self, request: Request) -> Response:
        def answer() -> Response:
            with self.holder.reading() as library:
                document = {
                    "name": "zo-reader",
                    "api": "v1",
                    "version": library.content_version(),
                    "articles": library.count_articles(),
                }
            return responses.representation(request, document)

        return await self._in_turn(answer)

    async def articles(self, request: Request) -> Response:
        items = request.query_params.multi_items()
        params = _checked(list_params, items)
        path = request.scope.get("root_path", "") + f"{API}/articles"

        def answer() -> Response:
            document, last = self._articles(params)
            links = {"Link": page_links(path, items, params.page, last)}
            return responses.representation(request, document, links)

        return await self._in_turn(answer)

    def _articles(self, params: ListParams) -> tuple[dict[str, Any], int]:
        with self.holder.reading() as library:
            if params.query is None:
                total = library.count_articles(tags=params.tags, drafts=params.drafts)
                found = library.list_articles(
                    tags=params.tags,
                    sort=params.sort,
                    limit=params.per_page,
                    offset=params.offset,
                    drafts=params.drafts,
                )
                versions = library.versions([summary.id for summary in found])
                articles = [
                    {**summary_json(summary), "version": versions[summary.id]} for summary in found
                ]
            else:
                total = library.count_matches(params.query, tags=params.tags, drafts=params.drafts)
                hits = library.search(
                    params.query,
                    tags=params.tags,
                    limit=params.per_page,
                    offset=params.offset,
                    drafts=params.drafts,
                )
                versions = library.versions([hit.article.id for hit in hits])
                articles = [{**hit_json(hit), "version": versions[hit.article.id]} for hit in hits]
        document = {
            "total": total,
            "page": params.page,
            "per_page": params.per_page,
            "articles": articles,
        }
        return document, max(1, -(-total // params.per_page))

    async def article(self, request: Request) -> Response:
        drafts = _checked(drafts_param, request.query_params.multi_items())
        article_id: str = request.path_params["id"]

        def answer() -> Response:
            return responses.representation(request, self._article(article_id, drafts))

        return await self._in_turn(answer)

    def _article(self, article_id: str, drafts: bool) -> dict[str, Any]:
        shown = clean_line(article_id)
        if len(shown) > 200:
            shown = shown[:200] + "…"
        with self.holder.reading() as library:
            try:
                found = library.get(article_id)
            except ArticleNotFoundError:
                raise ApiError(404, f"There is no article '{shown}'.") from None
            version = library.versions([found.summary.id])[found.summary.id]
        if found.summary.draft and not drafts:
            raise ApiError(404, f"'{shown}' is a draft; add drafts=true to read drafts.")
        return {**article_json(found), "version": version}

    async def tags(self, request: Request) -> Response:
        within, drafts = _checked(tag_params, request.query_params.multi_items())

        def answer() -> Response:
            return responses.representation(request, self._tags(within, drafts))

        return await self._in_turn(answer)

    def _tags(self, within: Sequence[str], drafts: bool) -> dict[str, Any]:
        with self.holder.reading() as library:
            counts = library.tag_counts(within=within, drafts=drafts)
        # The objects of `zo-reader tags --json`.
        return {
            "tags": [
                {"tag": clean_line(c.tag.display), "key": c.tag.key, "count": c.count}
                for c in counts
            ]
        }

    async def openapi(self, request: Request) -> Response:
        return responses.representation(request, self.openapi_document)


def _checked(reader: Callable[[list[tuple[str, str]]], Any], items: list[tuple[str, str]]) -> Any:
    """Run a parameter reader, turning its complaint into a 400."""
    try:
        return reader(items)
    except ParamError as problem:
        raise ApiError(400, str(problem)) from None


# The handlers are async only so that Starlette calls them on the event loop: a sync
# one goes through the thread pool, and every 404 or busy 503 took a thread hop.


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return responses.error(exc.status, exc.message, exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return responses.error(404, f"There is nothing at this address; the API is under {API}/.")
    if exc.status_code == 405:
        return responses.error(405, "Only GET and HEAD are allowed here.", exc.headers)
    return responses.error(exc.status_code, "The request could not be answered.", exc.headers)


async def _server_error(request: Request, exc: Exception) -> Response:
    # The traceback goes to the log (uvicorn logs the exception); never to the client.
    return responses.error(500, "The server could not answer this request; see its log.")


def make_app(
    library_factory: LibraryFactory,
    *,
    token: str | None = None,
    resync_seconds: float = RESYNC_SECONDS,
) -> Starlette:
    """The API over the library ``library_factory`` opens.

    Args:
        library_factory: Opens the library to serve; called once, on the first
            request. The application closes the library when it shuts down.
        token: If given, every request needs ``Authorization: Bearer TOKEN``.
        resync_seconds: Minimum time between two syncs of the index with its source.

    Raises:
        ValueError: ``token`` is empty.

    Returns:
        The ASGI application; serve it with uvicorn or test it with
        Starlette's ``TestClient`` (as a context manager, so it shuts down).
    """
    if token is not None and not token:
        # An empty token would let "Authorization: Bearer" with nothing after it in.
        raise ValueError("The token must not be empty.")
    holder = LibraryHolder(library_factory, resync_seconds)
    api = _Api(holder)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            holder.close()

    routes = [
        Route(f"{API}/", api.root, methods=["GET"]),
        Route(f"{API}/articles", api.articles, methods=["GET"]),
        # {id:path}: ids contain slashes (relationships/setting-boundaries).
        Route(f"{API}/articles/{{id:path}}", api.article, methods=["GET"]),
        Route(f"{API}/tags", api.tags, methods=["GET"]),
        Route(f"{API}/openapi.json", api.openapi, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(AccessLog), Middleware(Guard, token=token)],
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
            Exception: _server_error,
        },
        lifespan=lifespan,
    )
    # "/api/v1/tags/" is a 404 like any unknown path, not a redirect with a text body.
    app.router.redirect_slashes = False
    return app
