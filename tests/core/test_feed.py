"""Feed sources against a real HTTP server on 127.0.0.1, and the HTML to Markdown converter.

The server serves fixture feeds from a dict, counts requests, honours
``If-None-Match`` with 304, and has routes that misbehave: an error status, a
slow answer, broken XML, an off-host redirect and a body over the size cap.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from zo_reader.core import sanitize
from zo_reader.core.errors import SourceError, SourceOfflineError
from zo_reader.core.html_markdown import html_to_markdown, html_to_text
from zo_reader.core.index import Library
from zo_reader.core.settings import load_settings
from zo_reader.core.sources import open_source
from zo_reader.core.sources.feed import FeedSource
from zo_reader.core.sources.http import DEFAULT_MAX_BYTES, HttpOptions
from zo_reader.core.sources.web_page import WebPageSource

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Rest notes</title><link>http://example.test/</link>
<item>
  <title>Sleep &amp;amp; rest</title>
  <link>http://example.test/sleep</link>
  <guid>http://example.test/?p=1</guid>
  <category>Health</category><category>Sleep hygiene</category>
  <pubDate>Sat, 14 Mar 2026 10:00:00 GMT</pubDate>
  <author>ana@example.test (Ana)</author>
  <description><![CDATA[<p>Dim the lights &amp; breathe &#8212; slowly.</p>
  <p><img src="/img/moon.png" alt="Moon"> See <a href="/guide">the guide</a>.</p>
  <script>alert(1)</script>]]></description>
</item>
<item>
  <title>Evening walks</title>
  <link>http://example.test/walks</link>
  <guid>http://example.test/?p=2</guid>
  <category>Health</category>
  <pubDate>Fri, 13 Mar 2026 09:00:00 GMT</pubDate>
  <description>&lt;p&gt;A short walk after dinner helps.&lt;/p&gt;</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom notes</title>
<id>urn:feed</id><updated>2026-03-14T10:00:00Z</updated>
<entry><id>urn:entry:1</id><title type="html">Focus &lt;em&gt;time&lt;/em&gt;</title>
<link href="http://example.test/focus"/><updated>2026-03-14T10:00:00Z</updated>
<author><name>Bo</name></author>
<category term="work" label="Deep work"/>
<content type="html">&lt;h2&gt;Plan&lt;/h2&gt;
&lt;ul&gt;&lt;li&gt;one&lt;/li&gt;&lt;li&gt;two&lt;/li&gt;&lt;/ul&gt;</content>
</entry></feed>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "JSON notes",
    "authors": [{"name": "Cy"}],
    "items": [
        {
            "id": "j1",
            "url": "http://example.test/j1",
            "title": "Quiet mornings",
            "content_html": "<p>Start <strong>slow</strong>.</p>",
            "date_published": "2026-03-12T08:00:00Z",
            "tags": ["Mornings", "mornings", "Calm"],
        },
        {"id": 2, "content_text": "Plain text only.\n\nSecond paragraph.", "title": "Plain"},
    ],
}

ESC = "\x1b"
HOSTILE_JSON = {
    "version": "https://jsonfeed.org/version/1",
    "items": [
        {
            "id": f"h1{ESC}[2J",
            "url": "http://example.test/h1",
            "title": f"Evil {ESC}]8;;http://evil.test{ESC}\\click{ESC}]8;;{ESC}\\ title\u202e",
            "content_html": f"<p>Body {ESC}[31mred{ESC}[0m \x07</p><a href='javascript:x'>x</a>",
            "summary": f"Sum{ESC}]0;pwned\x07mary",
            "author": {"name": f"Mal{ESC}[1mlory"},
            "tags": [f"ta{ESC}[5mg", "\x9b31mtag2"],
        }
    ],
}
HOSTILE_RSS = (
    f"<rss version='2.0'><channel><item><guid>r1</guid><title>Raw {ESC}[2J title</title>"
    f"<category>c{ESC}]0;x\x07at</category><description>&lt;p&gt;x{ESC}[31m&lt;/p&gt;"
    "</description></item></channel></rss>"
)


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes
    content_type: str = "application/xml"
    status: int = 200
    etag: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    stream_bytes: int = 0


@dataclass
class Server:
    """A running loopback server; ``routes`` may be changed while it runs."""

    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]]
    httpd: ThreadingHTTPServer

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.requests if seen == path]

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def make_handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers.items())))
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.stream_bytes:
                self.end_headers()  # no length: the client must stop reading itself
                chunk = b"<rss>" + b" " * 65_536
                sent = 0
                try:
                    while sent < route.stream_bytes:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except OSError:
                    pass  # the client hung up, as it should
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[Server]:
    routes = {
        "/rss.xml": Route(RSS.encode(), "application/rss+xml; charset=utf-8", etag='"v1"'),
        "/atom.xml": Route(ATOM.encode(), "application/atom+xml"),
        "/feed.json": Route(json.dumps(JSON_FEED).encode(), "application/feed+json"),
        "/plain-feed": Route(RSS.encode(), "text/plain"),
        "/page.html": Route(b"<!doctype html><html><body>Hi</body></html>", "text/html"),
        "/blog/": Route(
            b'<!doctype html><html><head><link rel="alternate" type="application/rss+xml" '
            b'href="../rss.xml"></head><body>A blog</body></html>',
            "text/html; charset=utf-8",
        ),
        "/hostile.json": Route(json.dumps(HOSTILE_JSON).encode(), "application/json"),
        "/hostile.xml": Route(HOSTILE_RSS.encode(), "application/rss+xml"),
        "/error": Route(b"boom", "text/plain", status=500),
        "/slow": Route(RSS.encode(), delay=2.0),
        "/broken.xml": Route(
            b"<?xml version='1.0'?><rss version='2.0'><channel><item><guid>b1</guid>"
            b"<title>Still & here</title><description>ok</description></item><item>",
            "application/rss+xml",
        ),
        "/away": Route(b"", status=302, headers={"Location": "http://127.0.0.2:1/feed"}),
        "/moved": Route(b"", status=301, headers={"Location": "/rss.xml"}),
        "/huge": Route(b"", "application/rss+xml", stream_bytes=DEFAULT_MAX_BYTES + 2 * 65_536),
    }
    running = Server(routes, [], ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler))
    running.httpd.RequestHandlerClass = make_handler(running)
    # Do not wait for the slow route's sleeping thread when the server closes.
    running.httpd.daemon_threads = True
    running.httpd.block_on_close = False
    running.routes["/away"].headers["Location"] = (
        f"http://127.0.0.2:{running.httpd.server_address[1]}/feed"
    )
    thread = threading.Thread(target=running.httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield running
    running.stop()


def library(url: str, tmp_path: Path) -> Library:
    return Library.for_source(FeedSource(url, cache_dir=tmp_path / "feeds"), tmp_path)


# End to end through the library


def test_rss_sync_lists_searches_and_reads(server: Server, tmp_path: Path) -> None:
    with library(server.base + "/rss.xml", tmp_path) as lib:
        report = lib.sync()
        assert report.added == 2
        titles = [s.title for s in lib.list_articles()]
        assert titles == ["Sleep & rest", "Evening walks"]  # newest first
        assert {c.tag.display: c.count for c in lib.tag_counts()} == {
            "Health": 2,
            "Sleep hygiene": 1,
        }
        assert [h.article.title for h in lib.search("breathe")] == ["Sleep & rest"]
        first = lib.list_articles()[0]
        assert first.id.startswith("sleep-rest-") and len(first.id) == len("sleep-rest-") + 6
        assert first.date == "2026-03-14T10:00:00+00:00"
        article = lib.get(first.id)
        assert "Dim the lights & breathe — slowly." in article.body
        # Relative addresses in a feed are relative to the feed itself.
        assert f"![Moon]({server.base}/img/moon.png)" in article.body
        assert f"[the guide]({server.base}/guide)" in article.body
        assert "alert" not in article.body
        assert article.body.endswith("Source: <http://example.test/sleep>")


def test_second_sync_sends_validator_and_reads_nothing(server: Server, tmp_path: Path) -> None:
    with library(server.base + "/rss.xml", tmp_path) as lib:
        lib.sync()
        report = lib.sync()
    assert (report.added, report.updated, report.unchanged) == (0, 0, 2)
    first, second = server.hits("/rss.xml")
    assert "If-None-Match" not in first
    assert second["If-None-Match"] == '"v1"'
    cache = next((tmp_path / "feeds").glob("*.feed.json"))
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o600


def test_validators_survive_a_new_process(server: Server, tmp_path: Path) -> None:
    """A fresh FeedSource reads the cache file, so a restart also gets a 304."""
    with library(server.base + "/rss.xml", tmp_path) as lib:
        lib.sync()
    with library(server.base + "/rss.xml", tmp_path) as lib:
        report = lib.sync()
        assert report.unchanged == 2 and report.added == 0
    assert server.hits("/rss.xml")[-1]["If-None-Match"] == '"v1"'


def test_changed_feed_updates_one_article(server: Server, tmp_path: Path) -> None:
    with library(server.base + "/rss.xml", tmp_path) as lib:
        lib.sync()
        changed = RSS.replace("A short walk after dinner helps.", "Walk after every meal.")
        server.routes["/rss.xml"] = Route(changed.encode(), "application/rss+xml", etag='"v2"')
        report = lib.sync()
        assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
        assert [h.article.title for h in lib.search("meal")] == ["Evening walks"]


def test_offline_sync_keeps_copies_with_notice(server: Server, tmp_path: Path) -> None:
    with library(server.base + "/rss.xml", tmp_path) as lib:
        lib.sync()
        server.stop()
        report = lib.sync()
        assert len(lib.list_articles()) == 2
    assert any(n.startswith("Offline: showing copies from 20") for n in report.notices)
    assert any("could not be reached" in n for n in report.notices)


def test_offline_without_copies_raises(tmp_path: Path, server: Server) -> None:
    url = server.base + "/rss.xml"
    server.stop()
    with library(url, tmp_path) as lib, pytest.raises(SourceOfflineError, match=r"^Offline: "):
        lib.sync()


def test_atom_and_json_feeds(server: Server, tmp_path: Path) -> None:
    with library(server.base + "/atom.xml", tmp_path / "a") as lib:
        lib.sync()
        (summary,) = lib.list_articles()
        assert summary.title == "Focus time"
        assert summary.author == "Bo"
        assert [t.display for t in summary.tags] == ["Deep work"]
        assert "## Plan\n\n- one\n- two" in lib.get(summary.id).body
    with library(server.base + "/feed.json", tmp_path / "j") as lib:
        lib.sync()
        by_title = {s.title: s for s in lib.list_articles()}
        quiet = by_title["Quiet mornings"]
        assert [t.display for t in quiet.tags] == ["Mornings", "Calm"]
        assert quiet.author == "Cy" and quiet.date == "2026-03-12T08:00:00+00:00"
        assert "Start **slow**." in lib.get(quiet.id).body
        assert "Second paragraph." in lib.get(by_title["Plain"].id).body


def test_hostile_content_is_cleaned(server: Server, tmp_path: Path) -> None:
    for path in ("/hostile.json", "/hostile.xml"):
        source = FeedSource(server.base + path)
        for entry in source.entries():
            article = source.load(entry).article
            assert article is not None
            summary = article.summary
            texts = [summary.id, summary.title, summary.summary, article.body, article.path]
            texts += [summary.author or ""] + [t.display for t in summary.tags]
            assert all(sanitize.is_clean(text) for text in texts), texts
            assert "javascript" not in article.body
            assert "/" not in summary.id and summary.id


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        ("/error", SourceError, "answered HTTP 500"),
        ("/away", SourceError, r"redirected to another host \(127\.0\.0\.2\); not following it"),
        ("/huge", SourceError, "larger than 20 MiB"),
        ("/slow", SourceOfflineError, "did not answer within 0.5 seconds"),
        ("/page.html", SourceError, "did not return an RSS, Atom or JSON feed"),
    ],
)
def test_misbehaving_servers(
    server: Server, path: str, error: type[Exception], message: str
) -> None:
    started = time.monotonic()
    with pytest.raises(error, match=message):
        quick = HttpOptions(connect_timeout=0.5, read_timeout=0.5, backoff=0.05)
        list(FeedSource(server.base + path, options=quick).entries())
    assert time.monotonic() - started < 1.9


def test_same_host_redirect_is_followed(server: Server) -> None:
    assert len(list(FeedSource(server.base + "/moved").entries())) == 2


def test_broken_xml_still_reads_items_with_a_warning(server: Server) -> None:
    source = FeedSource(server.base + "/broken.xml")
    entries = list(source.entries())
    assert entries
    result = source.load(entries[0])
    assert result.article is not None and "here" in result.article.title
    assert [w.code for w in result.warnings] == ["feed-invalid"]


def test_open_source_feed_urls(server: Server) -> None:
    settings = load_settings()
    assert isinstance(open_source("feed+" + server.base + "/rss.xml", settings), FeedSource)
    assert isinstance(open_source(server.base + "/plain-feed", settings), FeedSource)
    assert isinstance(open_source(server.base + "/feed.json", settings), FeedSource)
    # Any other HTML page is one article (see tests/core/test_web_page.py).
    assert isinstance(open_source(server.base + "/page.html", settings), WebPageSource)
    # An HTML page that links to its feed opens the feed; zo-reader's API was asked first.
    linked = open_source(server.base + "/blog/", settings)
    assert isinstance(linked, FeedSource) and linked.url == server.base + "/rss.xml"
    assert server.hits("/blog/api/v1/") and server.hits("/blog/wp-json/") == []


def test_cli_lists_a_feed(server: Server) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zo_reader", "list", "-s", f"feed+{server.base}/rss.xml", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    assert [a["title"] for a in json.loads(result.stdout)] == ["Sleep & rest", "Evening walks"]


# HTML to Markdown


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<h1>Title</h1><p>Text</p>", "# Title\n\nText"),
        ("<p>a<br>b</p>", "a\\\nb"),
        ("<p><em>x</em> and <strong>y</strong></p>", "*x* and **y**"),
        ("<p>&lt;tag&gt; &amp; &#8212; &eacute; &amp;amp;</p>", "\\<tag> & — é \\&amp;"),
        (
            "<p><a href='https://a.test/x'>A</a> <a href='javascript:x'>B</a></p>",
            "[A](https://a.test/x) B",
        ),
        ("<img src='p.png' alt='P'>", "![P](https://base.test/d/p.png)"),
        ("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>", "- a\n  - b\n- c"),
        ("<ol start='2'><li>a</li><li>b</li></ol>", "2. a\n3. b"),
        ("<blockquote><p>q</p><p>r</p></blockquote>", "> q\n>\n> r"),
        ("<pre><code class='language-py'>x = 1\n  y</code></pre>", "```py\nx = 1\n  y\n```"),
        ("<p>use <code>a*b</code></p>", "use `a*b`"),
        ("<p>a</p><hr><p>b</p>", "a\n\n---\n\nb"),
        ("<script>alert(1)</script><style>p{}</style><p>ok</p>", "ok"),
        ("<p>a \x1b]52;c;aGVsbG8=\x07 b \x1b[2Jc \x9b31md</p>", "a b c d"),
        ("<p># not a heading</p><p>1. not a list</p>", "\\# not a heading\n\n\\1. not a list"),
        (
            "<table><tr><th>A</th><th>B</th></tr><tr><td>1|2</td><td>3</td></tr></table>",
            "| A | B |\n| --- | --- |\n| 1\\|2 | 3 |",
        ),
        (
            "<table><tr><td colspan='2'>wide</td></tr><tr><td>a</td><td>b</td></tr></table>",
            "wide\n\na; b",
        ),
    ],
)
def test_html_to_markdown(html: str, markdown: str) -> None:
    assert html_to_markdown(html, "https://base.test/d/") == markdown


def test_html_to_markdown_strips_escapes_and_text_helper() -> None:
    assert sanitize.is_clean(html_to_markdown(f"<p>a{ESC}[31mb\x07</p>"))
    assert html_to_text("<b>Focus</b> &amp; <em>time</em><script>x</script>") == "Focus & time"
