"""ASGI middleware of the API: refusing early, and logging one clean line per request.

Both run before routing, on every request: :class:`Guard` answers what this
server never does (no token, a write, an absurd request head) without
touching the library; :class:`AccessLog` replaces uvicorn's access log.
"""

from __future__ import annotations

import hmac
import logging
import time

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zo_reader.core.sanitize import clean_line
from zo_reader.server import responses

MAX_REQUEST_HEAD_BYTES = 16 * 1024
"""Longest request target plus headers accepted; more is refused with 431.

A ``q`` of 1000 characters percent-encodes to at most 9000 bytes, so every
valid request fits.
"""

HTTP_MAJOR_VERSION = "1"
"""h11 parses any ``HTTP/d.d``; other major versions get 505. A later 1.x is read as
1.1, as RFC 9110 (section 2.5) asks."""

log = logging.getLogger("zo_reader.server")
_LOGGED_TARGET_CHARS = 300


class Guard:
    """Refuses what this server never does: oversized heads, requests without the token, writes.

    The token is checked before the method and the path, so without it
    nothing, not even which paths exist, is revealed.

    Args:
        app: The application behind the guard.
        token: The bearer token every request must carry, or ``None`` for none.
    """

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token.encode("utf-8") if token is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope) -> Response | None:
        # h11 limits only a head that arrives in pieces; one that arrives in a single
        # read (up to 256 KiB) reaches us whole, so its size is checked here.
        size = len(scope.get("raw_path", b"")) + len(scope.get("query_string", b""))
        size += sum(len(name) + len(value) for name, value in scope["headers"])
        if size > MAX_REQUEST_HEAD_BYTES:
            # Closed after: a client that sends such heads is not worth keeping a connection for.
            return responses.error(
                431, "The request's address and headers are too long.", {"Connection": "close"}
            )
        names = {name for name, _ in scope["headers"]}
        if b"content-length" in names and b"transfer-encoding" in names:
            # Two framings: a proxy in front may have read another request boundary here.
            return responses.error(
                400,
                "The request has both Content-Length and Transfer-Encoding.",
                {"Connection": "close"},
            )
        if scope.get("http_version", "1.1").partition(".")[0] != HTTP_MAJOR_VERSION:
            return responses.error(
                505, "This server speaks HTTP/1.1 and HTTP/1.0 only.", {"Connection": "close"}
            )
        if self.token is not None:
            given = Headers(scope=scope).get("authorization")
            if given is None:
                return responses.error(
                    401,
                    "This server needs a token: send the header 'Authorization: Bearer TOKEN'.",
                    {"WWW-Authenticate": 'Bearer realm="zo-reader"'},
                )
            scheme, _, credentials = given.partition(" ")
            # compare_digest: the time taken must not tell how much of a guess was right.
            valid = scheme.lower() == "bearer" and hmac.compare_digest(
                credentials.strip().encode("latin-1"), self.token
            )
            if not valid:
                return responses.error(
                    401,
                    "The token is wrong.",
                    {"WWW-Authenticate": 'Bearer realm="zo-reader", error="invalid_token"'},
                )
        if scope["method"] not in ("GET", "HEAD"):
            return responses.error(
                405,
                "This server is read-only: only GET and HEAD are allowed.",
                {"Allow": "GET, HEAD"},
            )
        return None


class AccessLog:
    """One line per request on the ``zo_reader.server`` logger, safe for a terminal.

    Replaces uvicorn's access log, which prints the decoded path: ``%1b``
    there would reach the operator's terminal as a real escape sequence.
    Here the target is logged as received (still percent-encoded), cleaned
    and cut short.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            log.info(
                "%s %s %s %d %.1f ms",
                logged_client(scope),
                clean_line(scope["method"]),
                logged_target(scope),
                status,
                elapsed,
            )


def logged_client(scope: Scope) -> str:
    """The client's address for the log, or ``-`` when the server does not know it."""
    client = scope.get("client")
    return clean_line(str(client[0])) if client else "-"


def logged_target(scope: Scope) -> str:
    """The request target as the client sent it: percent-encoded, cleaned, at most 300 chars."""
    raw = scope.get("raw_path") or scope["path"].encode("utf-8", "replace")
    query = scope.get("query_string", b"")
    target = (raw + (b"?" + query if query else b"")).decode("latin-1")
    target = clean_line(target)
    if len(target) > _LOGGED_TARGET_CHARS:
        target = target[:_LOGGED_TARGET_CHARS] + "…"
    return target
