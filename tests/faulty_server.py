"""A misbehaving HTTP server on loopback, scriptable per path, for the fault tests.

It answers on ``127.0.0.1`` (or another loopback address, such as ``127.0.0.2``
for "another host") on a free port, in threads, and records every request with
its headers. Each path gets a route: a :class:`Reply`, a list of replies given
in turn (the last one repeats), or a function of the request. A reply can wait
before its headers, send part of its body and then reset the connection (RST,
not a clean close), stall mid-body, stream a huge body from one small buffer,
drip its answer (headers too) one byte at a time, carry any headers
(Set-Cookie, Location, ETag, the same one many times) and a hostile reason phrase.

:class:`ZoApi` makes a server impersonate a small zo-reader API, so single
routes of it can then be broken::

    with FaultyServer() as server:
        api = ZoApi(server, make_articles(250))
        server.route("/api/v1/articles", Reply(500), query={"page": "2"})

Routes added later win over earlier ones for the same path; :meth:`FaultyServer.remove`
takes one back. :func:`other_host_server` listens on ``127.0.0.2``, "another
host" that can really answer; :func:`self_signed_tls` makes a server speak
HTTPS with a throwaway certificate. Stopping a server also drops its kept-alive
connections, so a client's pooled connection cannot outlive it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

_CHUNK = 64 * 1024
_FILLER = b" " * _CHUNK


@dataclass(frozen=True)
class Request:
    """One request as the server saw it; header names are lower-case."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float


@dataclass
class Reply:
    """What to answer.

    Attributes:
        status: The status code.
        body: The body, sent with a Content-Length unless ``chunked``.
        headers: Extra headers, sent as given (Set-Cookie, Location, ETag...).
        reason: The reason phrase; any text, control characters included.
        delay: Seconds to wait before sending anything.
        reset_after: Send this many body bytes, then reset the connection.
        stall_after: Send this many body bytes, then wait ``stall`` seconds.
        stall: See ``stall_after``.
        stream: Send this many filler bytes after ``body`` (never held in memory).
        chunked: Send the body chunked, without a length.
        raw_headers: More header lines, sent in order; a name may repeat.
        drip: Send the body one byte at a time, this many seconds apart.
        drip_head: Drip the status line and headers too, one byte each ``drip`` seconds.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None
    delay: float = 0.0
    reset_after: int | None = None
    stall_after: int | None = None
    stall: float = 0.0
    stream: int = 0
    chunked: bool = False
    raw_headers: list[tuple[str, str]] = field(default_factory=list)
    drip: float = 0.0
    drip_head: bool = False


Handler = Callable[[Request], Reply]


def json_reply(document: Any, status: int = 200, **headers: str) -> Reply:
    """A JSON answer; keyword arguments become headers (``ETag="..."``)."""
    body = json.dumps(document).encode()
    return Reply(status, body, {"Content-Type": "application/json", **_header_names(headers)})


def text_reply(text: str, content_type: str = "text/html", status: int = 200) -> Reply:
    """A text answer (an HTML page where JSON was expected, say)."""
    return Reply(status, text.encode(), {"Content-Type": f"{content_type}; charset=utf-8"})


def redirect(location: str, status: int = 302) -> Reply:
    """A redirect to ``location``."""
    return Reply(status, headers={"Location": location})


def gzip_bomb(size: int) -> Reply:
    """``size`` zero bytes, gzipped: a tiny answer that inflates about a thousandfold."""
    return Reply(
        body=_gzipped_zeros(size),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )


@functools.cache
def _gzipped_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(_CHUNK * 16)
    parts = [
        packer.compress(zeros[: min(len(zeros), size - done)])
        for done in range(0, size, len(zeros))
    ]
    return b"".join([*parts, packer.flush()])


class Sequenced:
    """Replies given in turn, the last one repeated; counts the calls."""

    def __init__(self, replies: Sequence[Reply]) -> None:
        self.replies = list(replies)
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Reply:
        with self._lock:
            index = min(self.calls, len(self.replies) - 1)
            self.calls += 1
        return self.replies[index]


def fail_then(times: int, failure: Reply, success: Reply) -> Sequenced:
    """``failure`` the first ``times`` requests, then ``success`` for good."""
    return Sequenced([failure] * times + [success])


@dataclass
class _Route:
    path: str
    query: dict[str, str]
    handler: Handler


class FaultyServer:
    """A threaded HTTP/1.1 server on a loopback address and a free port.

    Args:
        host: The loopback address to listen on.
        tls: Serve HTTPS with this context (see :func:`self_signed_tls`).
    """

    def __init__(self, host: str = "127.0.0.1", *, tls: ssl.SSLContext | None = None) -> None:
        self.host = host
        self.scheme = "https" if tls else "http"
        self.requests: list[Request] = []
        self.bytes_streamed = 0
        self._connections: set[socket.socket] = set()
        self._routes: list[_Route] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _Httpd((host, 0), _make_handler(self))
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base(self) -> str:
        """``http://host:port`` (or ``https``) without a trailing slash."""
        return f"{self.scheme}://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> FaultyServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and drop kept-alive connections; sleeping replies give up."""
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> FaultyServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def route(
        self,
        path: str,
        answer: Reply | Sequence[Reply] | Handler,
        *,
        query: Mapping[str, str] | None = None,
    ) -> _Route:
        """Answer requests for ``path`` (and, if given, carrying ``query``) with ``answer``."""
        if isinstance(answer, Reply):
            reply = answer
            handler: Handler = lambda _request: reply  # noqa: E731
        elif isinstance(answer, Sequence):
            handler = Sequenced(answer)
        else:
            handler = answer
        entry = _Route(path, dict(query or {}), handler)
        with self._lock:
            self._routes.append(entry)
        return entry

    def remove(self, entry: _Route) -> None:
        with self._lock:
            self._routes.remove(entry)

    def hits(self, path: str | None = None, **query: str) -> list[Request]:
        """The requests for ``path`` (every request without one), optionally by query."""
        with self._lock:
            seen = list(self.requests)
        return [
            request
            for request in seen
            if (path is None or request.path == path)
            and all(request.query.get(name) == value for name, value in query.items())
        ]

    def forget(self) -> None:
        """Clear the request log."""
        with self._lock:
            self.requests.clear()

    def wait(self, seconds: float) -> bool:
        """Sleep unless the server stops first; ``True`` when it stopped."""
        return self._stopping.wait(seconds)

    def _handler_for(self, request: Request) -> Handler | None:
        with self._lock:
            self.requests.append(request)
            for entry in reversed(self._routes):
                if entry.path == request.path and all(
                    request.query.get(name) == value for name, value in entry.query.items()
                ):
                    return entry.handler
        return None


class _Httpd(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the clients under test hang up on purpose


def _make_handler(server: FaultyServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            with server._lock:
                server._connections.add(self.connection)

        def finish(self) -> None:
            with server._lock:
                server._connections.discard(self.connection)
            super().finish()

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            request = Request(
                "GET",
                parts.path,
                dict(parse_qsl(parts.query, keep_blank_values=True)),
                {name.lower(): value for name, value in self.headers.items()},
                time.monotonic(),
            )
            handler = server._handler_for(request)
            reply = handler(request) if handler else json_reply({"error": "Not found."}, 404)
            try:
                self._answer(reply)
            except OSError:
                self.close_connection = True  # the client hung up

        def _answer(self, reply: Reply) -> None:
            if reply.delay and server.wait(reply.delay):
                self.close_connection = True
                return
            head = [f"{self.protocol_version} {reply.status} {reply.reason or 'Whatever'}\r\n"]
            headers = dict(reply.headers)
            bodiless = reply.status in (204, 304)
            length = len(reply.body) + reply.stream
            if reply.chunked:
                headers["Transfer-Encoding"] = "chunked"
            elif not bodiless:
                headers["Content-Length"] = str(length)
            headers.setdefault("Date", self.date_time_string())
            head += [f"{name}: {value}\r\n" for name, value in headers.items()]
            head += [f"{name}: {value}\r\n" for name, value in reply.raw_headers]
            encoded = "".join([*head, "\r\n"]).encode("latin-1", "replace")
            if reply.drip and reply.drip_head:
                if not self._drip(encoded, reply.drip):
                    return
            else:
                self.wfile.write(encoded)
            if bodiless:
                return
            if reply.drip:
                self._drip(reply.body, reply.drip)
                return
            cut = min(
                (n for n in (reply.reset_after, reply.stall_after) if n is not None),
                default=None,
            )
            self._send(reply.body[:cut] if cut is not None else reply.body, reply.chunked)
            if reply.reset_after is not None:
                self._reset()
                return
            if reply.stall_after is not None:
                if server.wait(reply.stall):
                    self.close_connection = True
                    return
                self._send(reply.body[reply.stall_after :], reply.chunked)
            sent = 0
            while sent < reply.stream and not server._stopping.is_set():
                piece = _FILLER[: min(_CHUNK, reply.stream - sent)]
                self._send(piece, reply.chunked)
                sent += len(piece)
                with server._lock:
                    server.bytes_streamed += len(piece)
            if reply.chunked:
                self.wfile.write(b"0\r\n\r\n")

        def _drip(self, data: bytes, pause: float) -> bool:
            """Send ``data`` a byte at a time; ``False`` when the server stopped meanwhile."""
            for index in range(len(data)):
                self.wfile.write(data[index : index + 1])
                self.wfile.flush()
                if server.wait(pause):
                    self.close_connection = True
                    return False
            return True

        def _send(self, data: bytes, chunked: bool) -> None:
            if not data:
                return
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            else:
                self.wfile.write(data)

        def _reset(self) -> None:
            """Abort the connection with a RST: SO_LINGER 0, then close."""
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            # The socket closes for real once the handler's file objects close,
            # before the server's graceful shutdown could send a FIN.
            self.connection.close()
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    return _Handler


def _header_names(headers: Mapping[str, str]) -> dict[str, str]:
    """``ETag``, ``Set_Cookie`` and ``Retry_After`` keyword names as header names."""
    return {name.replace("_", "-"): value for name, value in headers.items()}


# Impersonating a zo-reader API


def make_articles(count: int, prefix: str = "a") -> list[dict[str, Any]]:
    """``count`` article summaries in the API's shape, newest first."""
    return [
        {
            "id": f"{prefix}-{number:03d}",
            "title": f"Article {number}",
            "tags": ["Rest"] if number % 2 else ["Work", "Focus"],
            "date": f"2026-01-{1 + number % 28:02d}",
            "author": "Ana",
            "summary": f"Summary of article {number}.",
            "words": 100 + number,
            "slug": f"{prefix}-{number:03d}",
            "draft": False,
            "version": f"v1-{number}",
        }
        for number in range(1, count + 1)
    ]


class ZoApi:
    """Routes of a small zo-reader API on ``server``, under ``/api/v1``.

    The root has an ETag made from the articles' versions and answers a
    matching ``If-None-Match`` with 304. ``/api/v1/articles`` serves pages of
    ``per_page`` (at most 100) summaries; ``/api/v1/articles/{id}`` the whole
    article. Change :attr:`articles` and the ETag changes with it.
    """

    def __init__(self, server: FaultyServer, articles: list[dict[str, Any]]) -> None:
        self.server = server
        self.articles = articles
        server.route("/api/v1/", self._root)
        server.route("/api/v1/articles", self.page)
        for article in articles:
            self.serve_body(article)

    @property
    def etag(self) -> str:
        versions = "\n".join(f"{a['id']}={a['version']}" for a in self.articles)
        return '"' + hashlib.sha256(versions.encode()).hexdigest()[:16] + '"'

    def body_path(self, article_id: str) -> str:
        return f"/api/v1/articles/{article_id}"

    def serve_body(self, article: dict[str, Any]) -> None:
        whole = {
            **article,
            "path": f"{article['id']}.md",
            "body": f"# {article['title']}\n\nThe body of {article['id']}.\n",
            "warnings": [],
        }
        self.server.route(self.body_path(article["id"]), json_reply(whole))

    def _root(self, request: Request) -> Reply:
        etag = self.etag
        if request.headers.get("if-none-match") == etag:
            return Reply(304, headers={"ETag": etag})
        document = {"name": "zo-reader", "api": "v1", "version": "v1"}
        return json_reply({**document, "articles": len(self.articles)}, ETag=etag)

    def page(self, request: Request) -> Reply:
        """One page of summaries (a route handler, also for wrapping by a test)."""
        try:
            page = max(1, int(request.query.get("page", "1")))
            per_page = min(100, max(1, int(request.query.get("per_page", "20"))))
        except ValueError:
            return json_reply({"error": "Bad page."}, 400)
        start = (page - 1) * per_page
        return json_reply(
            {
                "total": len(self.articles),
                "page": page,
                "per_page": per_page,
                "articles": self.articles[start : start + per_page],
            }
        )


# Other hosts and TLS


def other_host_server(**options: Any) -> FaultyServer:
    """A server on 127.0.0.2: "another host" that can really answer (skips where it cannot)."""
    try:
        return FaultyServer("127.0.0.2", **options)
    except OSError as error:  # not every system routes all of 127/8 to loopback
        pytest.skip(f"cannot listen on 127.0.0.2 ({error})")


def self_signed_tls(folder: Path) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate for 127.0.0.1.

    Made with the ``openssl`` command (no Python package is needed); skips
    the test where it is missing.
    """
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a self-signed certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt"]
    command += ["ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"]
    command += ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)]
    made = subprocess.run(command, capture_output=True, check=False, timeout=30)
    if made.returncode != 0:
        pytest.skip(f"openssl could not make a certificate: {made.stderr.decode(errors='replace')}")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""A control byte (but TAB and LF), a C1 control or a bidi control: never printed."""


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    """No traceback and no control byte (but line breaks) on stdout or stderr."""
    assert "Traceback" not in result.stderr, result.stderr
    assert not CONTROL.search(result.stdout + result.stderr), repr(result.stdout + result.stderr)


def wordpress_post(number: int, title: str | None = None) -> dict[str, Any]:
    """A WordPress REST post object as WordPress 6 sends it (``_fields`` not applied)."""
    return {
        "id": number,
        "date_gmt": f"2026-01-0{number}T10:00:00",
        "modified_gmt": f"2026-01-0{number}T10:00:00",
        "slug": f"post-{number}",
        "title": {"rendered": title if title is not None else f"Post {number}"},
        "excerpt": {"rendered": f"<p>Excerpt {number}</p>"},
        "content": {"rendered": f"<p>Body of post {number}.</p>"},
        "tags": [1],
        "categories": [],
        "author": 1,
        "link": f"http://127.0.0.1/post-{number}",
    }
