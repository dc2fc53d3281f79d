"""A zo-reader API on loopback whose every field is hostile, for output-path tests.

It answers the four requests the client makes (the root, the list in pages,
search, one article) with well-formed JSON of the documented shape, but every
string the client may show carries escape sequences, C1 controls, bells,
backspaces and bidi overrides. Transport faults live in ``tests/faulty_server.py``;
this server is about values.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, unquote, urlsplit

# Window title (OSC 0), screen clear, an unterminated OSC, an 8-bit CSI, bell,
# backspaces, a right-to-left override: what a hostile server may put in any field.
P = "\x1b]0;PWNED\x07\x1b[2J\x1b]2;X\u009b2J\x07\x08\x08\u202e"


def hostile_articles() -> list[dict[str, Any]]:
    """Two articles whose every shown field is hostile (one also by its id)."""
    body = (
        f"# Heading {P} one\n\nBody {P} text with a [link {P}](https://example.com/{P}x).\n\n"
        f"## Second {P} part\n\n- item {P}\n\n| a {P} | b |\n| - | - |\n| c {P} | d |\n\n"
        f"```\ncode {P}\n```\n\n" + "".join(f"Paragraph {n} {P} of prose.\n\n" for n in range(30))
    )
    common = {
        "title": f"Hostile {P} title",
        "tags": [f"tag{P}", "rtl\u202eltr", "bell\x07"],
        "date": f"{P}2026-01-01",
        "author": f"Auth {P} or",
        "summary": f"Sum {P} mary",
        "words": 400,
        "slug": f"slug{P}",
        "draft": False,
        "path": f"path{P}.md",
        "body": body,
        "body_line": 1,
        "warnings": [
            {"code": f"code{P}", "severity": "warning", "message": f"Msg {P}", "line": 2},
            {"code": "x" * 5000, "severity": "error", "message": "long code"},
        ],
        "snippet": f"…a [hostile] {P} snippet",
        "matched": ["hostile"],
        "score": -1.0,
    }
    return [
        {**common, "id": "first", "version": "v1"},
        {**common, "id": f"second{P}", "title": f"Second {P} hostile", "version": "v2"},
    ]


class _Handler(BaseHTTPRequestHandler):
    articles: ClassVar[list[dict[str, Any]]] = []

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        path = unquote(parts.path)
        if path in ("/api/v1", "/api/v1/"):
            self._send({"name": "zo-reader", "api": "v1", "version": "1", "articles": 2})
        elif path == "/api/v1/articles":
            items = self.articles
            if query.get("q"):
                items = [a for a in items if "hostile" in query["q"][0].lower()] or items
            listed = [{k: v for k, v in a.items() if k not in ("body", "warnings")} for a in items]
            self._send({"total": len(listed), "page": 1, "per_page": 100, "articles": listed})
        elif path.startswith("/api/v1/articles/"):
            wanted = path.removeprefix("/api/v1/articles/")
            found = next((a for a in self.articles if a["id"] == wanted), None)
            if found is None:
                self._send({"error": f"No {P} such article"}, status=404)
            else:
                self._send(found)
        else:
            self._send({"error": "not found"}, status=404)

    def _send(
        self, document: object, status: int = 200, headers: dict[str, str] | None = None
    ) -> None:
        body = json.dumps(document).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the tests read the client's output, not the server's


class Scripted(BaseHTTPRequestHandler):
    """Answers every GET from :attr:`answers`, by path: ``(status, headers, body)``.

    A test changes the answers between requests (a property test, one example
    at a time); a path not there gets :attr:`fallback`.
    """

    answers: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}
    fallback: ClassVar[tuple[int, dict[str, str], bytes]] = (404, {}, b"{}")

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        status, headers, body = self.answers.get(path, self.fallback)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def scripted_server() -> Iterator[tuple[str, type[Scripted]]]:
    """A :class:`Scripted` server of its own; yields its URL and its handler class."""
    handler = type("ScriptedHandler", (Scripted,), {"answers": {}})
    with _serving(handler) as url:
        yield url, handler


def hostile_posts() -> list[dict[str, Any]]:
    """WordPress posts whose rendered HTML, dates, slugs and links are hostile.

    The ``date_gmt`` is the shape that once passed the date check and cleared
    the screen, then opened an OSC that swallowed what followed.
    """
    post = {
        "date_gmt": "\x1b[2J-\x1b]0;XT00:00:00",
        "modified_gmt": "2026-01-02T03:04:05",
        "link": f"https://wp.example/\x1b]0;PWNED\x07post{P}",
        "title": {"rendered": f"Hostile <b>{P}</b> post"},
        "excerpt": {"rendered": f"<p>Ex {P} cerpt</p>"},
        "content": {
            "rendered": f"<h2>Part {P} one</h2><p>Text {P} with <a href='https://x.example/{P}'>"
            f"a {P} link</a>.</p><ul><li>item {P}</li></ul><pre>code {P}</pre>"
            + "".join(f"<p>Paragraph {n} {P} of prose.</p>" for n in range(30))
        },
        "author": 1,
        "categories": [1],
        "tags": [2],
    }
    return [
        {**post, "id": 1, "slug": "hostile-post"},
        {**post, "id": 2, "slug": f"slug{P}", "title": {"rendered": f"Second {P} hostile"}},
    ]


_TERMS = {
    "categories": [{"id": 1, "name": f"Cat {P} egory", "slug": "cat"}],
    "tags": [{"id": 2, "name": f"tag{P}", "slug": "tag"}],
    "users": [{"id": 1, "name": f"Auth {P} or", "slug": "auth"}],
}


class _WordPressHandler(_Handler):
    posts: ClassVar[list[dict[str, Any]]] = []

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path).rstrip("/")
        if path == "":
            self._page()
        elif path == "/wp-json":
            self._send({"name": f"Site {P}", "namespaces": ["wp/v2"], "routes": {}})
        elif path == "/wp-json/wp/v2/posts":
            per_page = int(parse_qs(parts.query).get("per_page", ["100"])[0])
            listed = [{k: v for k, v in p.items() if k != "content"} for p in self.posts]
            self._send(listed[:per_page], headers={"X-WP-Total": "2", "X-WP-TotalPages": "1"})
        elif path.startswith("/wp-json/wp/v2/posts/"):
            wanted = path.rsplit("/", 1)[1]
            found = next((p for p in self.posts if str(p["id"]) == wanted), None)
            self._send(found if found else {"code": "rest_post_invalid_id"}, 200 if found else 404)
        elif path.removeprefix("/wp-json/wp/v2/") in _TERMS:
            terms = _TERMS[path.removeprefix("/wp-json/wp/v2/")]
            self._send(terms, headers={"X-WP-Total": "1", "X-WP-TotalPages": "1"})
        else:
            self._send({"code": "rest_no_route"}, status=404)

    def _page(self) -> None:
        body = f"<html><head><title>Site {P}</title></head><body>Home</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header(
            "Link", f'<http://{self.headers["Host"]}/wp-json/>; rel="https://api.w.org/"'
        )
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def hostile_wordpress() -> Iterator[str]:
    """Serve :func:`hostile_posts` as a WordPress REST API on 127.0.0.1; yields the site URL."""
    with _serving(type("Handler", (_WordPressHandler,), {"posts": hostile_posts()})) as url:
        yield url


@contextmanager
def hostile_api() -> Iterator[str]:
    """Serve :func:`hostile_articles` on 127.0.0.1; yields the base URL."""
    with _serving(type("Handler", (_Handler,), {"articles": hostile_articles()})) as url:
        yield url


@contextmanager
def _serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
