"""uvicorn's HTTP/1.1 connection, with what it leaves open for a server facing any client.

:class:`GuardedH11Protocol` is uvicorn's h11 protocol with four changes:

- **A deadline for each request.** uvicorn times out a connection only while
  it is idle between requests, and any byte received stops that clock: a
  client that never sends, or sends its head a byte a second (slowloris),
  holds a connection and a file descriptor for ever. Here a whole request
  must arrive within :data:`REQUEST_SECONDS` of the connection opening or of
  the previous answer; a partial one is then answered 408, an idle
  connection closed.
- **Errors as JSON.** uvicorn's own 400 for a request it cannot parse is
  plain text framed by closing the connection; here it is ``{"error": ...}``
  with a length, like every other answer.
- **No answer after the 400.** When a request's head is valid but its body is
  not, the application may already be answering; its answer is dropped
  instead of colliding with the 400 (which logged a traceback).
- **No upgrades.** This server speaks HTTP/1.1 only; a request asking to
  switch to WebSocket or h2c is answered as a plain request, without uvicorn's
  two warnings, one advising to install a WebSocket library.

It relies on uvicorn's ``H11Protocol`` attributes (``conn``, ``cycle``,
``transport``, ``loop``); ``tests/server/test_hostile_clients.py`` checks
each behaviour against the real ``zo-reader serve``.
"""

from __future__ import annotations

import asyncio
import logging
from http import HTTPStatus

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from zo_reader.server.responses import JSON_TYPE, encode

REQUEST_SECONDS = 10.0
"""Time a client has to send a whole request, from connecting or from the previous answer."""

log = logging.getLogger("zo_reader.server")


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a request deadline and JSON errors; see the module."""

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_deadline()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_deadline()  # the next request, if any, has the same time

    def _should_upgrade(self) -> bool:
        return False

    def send_400_response(self, msg: str) -> None:
        self._send_error(400, "The request is not valid HTTP/1.1.")

    def _arm_deadline(self) -> None:
        self._disarm_deadline()
        self._deadline = self.loop.call_later(REQUEST_SECONDS, self._deadline_passed)

    def _disarm_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _deadline_passed(self) -> None:
        self._deadline = None
        if self.transport.is_closing() or self.conn.their_state in (h11.DONE, h11.MUST_CLOSE):
            return  # the request is in: answering it takes the time it takes
        started = self.conn.their_state is h11.SEND_BODY or bool(self.conn.trailing_data[0])
        # IDLE or SEND_RESPONSE: this request (not an earlier one) has no answer yet.
        if started and self.conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            log.info("%s request not received within %g s; 408", self._client(), REQUEST_SECONDS)
            self._send_error(408, f"The request did not arrive within {REQUEST_SECONDS:g} seconds.")
        else:
            self.transport.close()

    def _client(self) -> str:
        return self.client[0] if self.client else "-"

    def _send_error(self, status: int, message: str) -> None:
        """Answer ``{"error": message}`` with ``status``, then close the connection."""
        if self.cycle is not None and not self.cycle.response_complete:
            # The application may be answering this request: its answer must not follow.
            self.cycle.disconnected = True
        body = encode({"error": message})
        headers = [
            (b"content-type", JSON_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            (b"connection", b"close"),
        ]
        try:
            reason = HTTPStatus(status).phrase.encode()
            output = self.conn.send(
                h11.Response(status_code=status, headers=headers, reason=reason)
            )
            output = (output or b"") + (self.conn.send(h11.Data(data=body)) or b"")
            output += self.conn.send(h11.EndOfMessage()) or b""
        except h11.LocalProtocolError:
            output = b""  # an answer has already begun; closing is all that is left
        if output:
            self.transport.write(output)
        self.transport.close()
