"""No server can crash the reader with what it sends: parsing and transport faults (issue 12).

Each answer here once ended in a traceback (or broke a source for good): JSON
nested too deeply, values of the wrong JSON type, integers too large for
SQLite, non-ASCII digits in headers, a redirect to ``javascript:``, a
thousand ``Content-Encoding`` layers, a validator that is not a header value.
Each is played by :mod:`tests.faulty_server`, through the command line where
it matters: one plain sentence on stderr, a sensible exit code, no control
byte, and the copies of an earlier good run still there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.faulty_server import (
    CONTROL,
    FaultyServer,
    Reply,
    Request,
    ZoApi,
    assert_clean,
    fail_then,
    json_reply,
    make_articles,
    redirect,
    wordpress_post,
)
from zo_reader.core.errors import SourceError, SourceOfflineError
from zo_reader.core.index import Library
from zo_reader.core.sources.feed import FeedSource
from zo_reader.core.sources.http import HttpClient, HttpOptions
from zo_reader.core.sources.zo_api import ZoApiSource

DEEP = b"[" * 100_000 + b"]" * 100_000
JSON_FEED = "https://jsonfeed.org/version/1.1"


def fast(**changes: Any) -> HttpOptions:
    values: dict[str, Any] = {"connect_timeout": 1.0, "read_timeout": 2.0, "backoff": 0.01}
    return HttpOptions(**{**values, **changes})


def client_for(server: FaultyServer, **changes: Any) -> HttpClient:
    return HttpClient(server.base + "/", "The test server", fast(**changes))


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with FaultyServer() as running:
        yield running


def assert_one_sentence(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert_clean(result)
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("zo-reader: ") and line.endswith("."), line
    assert words in line, line


def titles(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    return sorted(row["title"] for row in json.loads(result.stdout))


def survives(source: str, break_it: Callable[[], None], words: str) -> None:
    """A good run, then the fault: its sentence, the copies shown, and all there offline."""
    good = run_cli("list", "-s", source, "--json")
    before = titles(good)
    assert before
    break_it()
    broken = run_cli("list", "-s", source, "--json")
    assert_clean(broken)
    assert titles(broken) == before  # exit 0, as offline: the copies are shown
    reason, copies = broken.stderr.splitlines()
    assert reason.startswith("zo-reader: ") and words in reason, reason
    assert copies.startswith(
        "zo-reader: The site at 127.0.0.1 sent an answer zo-reader cannot read; "
        "showing copies from 20"
    ), copies
    offline = run_cli("list", "-s", source, "--json", "--offline")
    assert_clean(offline)
    assert titles(offline) == before


# Deeply nested JSON, in every JSON source and in the detection of a plain URL

TOO_DEEP = "sent JSON nested too deeply"


def test_get_json_refuses_json_nested_too_deeply(server: FaultyServer) -> None:
    server.route("/deep", Reply(body=DEEP, headers={"Content-Type": "application/json"}))
    with pytest.raises(SourceError, match=f"The site at 127.0.0.1 {TOO_DEEP}") as caught:
        client_for(server).get_json(server.url("/deep"))
    assert not isinstance(caught.value, SourceOfflineError)


def test_a_zo_api_sending_deep_json_keeps_its_copies(server: FaultyServer) -> None:
    api = ZoApi(server, make_articles(3))

    def break_it() -> None:
        api.articles.pop()  # a new root ETag: the pages are read again
        server.route("/api/v1/articles", Reply(body=DEEP))

    survives(f"zo+{server.base}/", break_it, TOO_DEEP)


def test_a_json_feed_nested_too_deeply_keeps_its_copies(server: FaultyServer) -> None:
    server.route("/feed.json", json_feed([{"id": "1", "title": "One", "content_text": "x"}]))
    deep = b'{"version": "' + JSON_FEED.encode() + b'", "items": ' + DEEP + b"}"
    survives(
        server.url("/feed.json"),
        lambda: server.route("/feed.json", Reply(body=deep)),
        TOO_DEEP,
    )


def test_a_wordpress_site_sending_deep_json_keeps_its_copies(server: FaultyServer) -> None:
    WordPress(server)
    survives(
        f"wordpress+{server.base}/",
        lambda: server.route("/wp-json/wp/v2/posts", Reply(body=DEEP)),
        TOO_DEEP,
    )


@pytest.mark.parametrize("path", ["/site/api/v1/", "/site/", "/site/wp-json/"])
def test_detecting_a_url_that_answers_deep_json_is_one_sentence(
    server: FaultyServer, path: str
) -> None:
    server.route(path, Reply(body=DEEP, headers={"Content-Type": "application/json"}))
    result = run_cli("list", "-s", server.url("/site/"))
    assert_one_sentence(result, TOO_DEEP)


# Values of the wrong JSON type, and integers SQLite cannot hold: dropped, the article kept


@pytest.mark.parametrize(
    "changes",
    [
        {"tags": 5},
        {"tags": True},
        {"words": 10**30},
        {"words": -(10**30)},
        {"title": ["x"], "date": {"a": 1}, "summary": 1.5, "slug": 7},
    ],
    ids=["tags-int", "tags-bool", "huge-words", "huge-negative-words", "others"],
)
def test_a_zo_api_summary_of_wrong_types_is_kept_without_them(
    server: FaultyServer, changes: dict[str, Any]
) -> None:
    articles = make_articles(3)
    articles[0].update(changes)
    ZoApi(server, articles)
    result = run_cli("list", "-s", f"zo+{server.base}/", "--json")
    assert_clean(result)
    listed = titles(result)
    assert len(listed) == 3 and "Article 2" in listed


@pytest.mark.parametrize(
    "changes",
    [
        {"tags": 5},
        {"warnings": [{"code": "x", "message": "m", "line": 10**30}]},
        {"warnings": [{"code": "x", "line": -5}, 7, None]},
        {"body_line": 10**30},
    ],
    ids=["tags-int", "huge-warning-line", "odd-warnings", "huge-body-line"],
)
def test_a_zo_api_article_of_wrong_types_reads(
    server: FaultyServer, changes: dict[str, Any]
) -> None:
    articles = make_articles(2)
    ZoApi(server, articles)
    whole = {**articles[0], "body": "# Article 1\n\nThe body.\n", "warnings": [], **changes}
    server.route("/api/v1/articles/a-001", json_reply(whole))
    result = run_cli("read", "-s", f"zo+{server.base}/", "a-001", "--format", "text")
    assert_clean(result)
    assert result.returncode == 0, result.stderr
    assert "The body." in result.stdout


def test_a_zo_api_search_with_wrong_types_is_kept(server: FaultyServer) -> None:
    articles = make_articles(2)
    ZoApi(server, articles)
    source = ZoApiSource(server.base + "/", options=fast())
    hostile = {**articles[0], "matched": 5, "snippet": ["x"]}
    server.route("/api/v1/articles", json_reply({"total": 10**40, "articles": [hostile]}))
    matches = source.search("article", [], 10, 0)
    assert matches is not None and matches.keys == ("a-001",)
    assert 0 <= matches.total < 2**63


@pytest.mark.parametrize("items", [5, True, 1.5, "items", {"a": 1}])
def test_a_json_feed_whose_items_are_not_a_list_is_one_sentence(
    server: FaultyServer, items: Any
) -> None:
    server.route("/feed.json", json_reply({"version": JSON_FEED, "items": items}))
    result = run_cli("list", "-s", f"feed+{server.url('/feed.json')}")
    assert_one_sentence(result, "sent its items in an unknown shape")


def test_json_feed_items_of_wrong_types_are_kept_without_them(server: FaultyServer) -> None:
    items = [
        {"id": ["deep", ["list"]], "title": "Listed id", "content_text": "a"},
        {"id": 10**30, "title": "Huge id", "tags": 5, "authors": 3, "content_text": "b"},
        {"id": True, "title": {"t": 1}, "url": 5, "date_published": 3, "content_html": 4},
        {"id": "ok", "title": "Fine", "author": "x", "content_text": "c"},
    ]
    server.route("/feed.json", json_feed(items))
    result = run_cli("list", "-s", f"feed+{server.url('/feed.json')}", "--json")
    assert_clean(result)
    assert "Fine" in titles(result)


@pytest.mark.parametrize(
    "changes",
    [{"tags": 5}, {"categories": True}, {"author": [1]}, {"id": 10**30}],
    ids=["tags-int", "categories-bool", "author-list", "huge-id"],
)
def test_a_wordpress_post_of_wrong_types_is_kept_without_them(
    server: FaultyServer, changes: dict[str, Any]
) -> None:
    site = WordPress(server)
    site.posts[0].update(changes)
    result = run_cli("list", "-s", f"wordpress+{server.base}/", "--json")
    assert_clean(result)
    assert "Second post" in titles(result)


@pytest.mark.parametrize("slug", [[], {}, 5])
def test_a_wordpress_term_of_wrong_types_is_skipped(server: FaultyServer, slug: Any) -> None:
    site = WordPress(server)
    site.terms[0]["slug"] = slug
    result = run_cli("list", "-s", f"wordpress+{server.base}/", "--json")
    assert_clean(result)
    assert titles(result) == ["First post", "Second post"]


# Non-ASCII digits and huge numbers in headers


@pytest.mark.parametrize(
    "value",
    ["²", "٣", "9" * 5000, "99999999999999999999", "-1", " 1 "],
    ids=["superscript", "arabic-indic", "5000-digits", "20-digits", "negative", "spaces"],
)
@pytest.mark.parametrize("header", ["X-WP-Total", "X-WP-TotalPages"])
def test_wordpress_counts_that_are_not_plain_numbers_are_not_believed(
    server: FaultyServer, header: str, value: str
) -> None:
    site = WordPress(server)
    site.headers[header] = value
    result = run_cli("list", "-s", f"wordpress+{server.base}/", "--json")
    assert_clean(result)
    assert titles(result) == ["First post", "Second post"]


@pytest.mark.parametrize(
    "value",
    ["²", "٣", "9" * 5000, "1e9", "-3"],
    ids=["superscript", "arabic-indic", "5000-digits", "float", "negative"],
)
def test_a_retry_after_that_is_not_a_plain_number_waits_the_usual_pause(
    server: FaultyServer, value: str
) -> None:
    server.route("/busy", fail_then(1, Reply(503, headers={"Retry-After": value}), json_reply({})))
    _, document = client_for(server).get_json(server.url("/busy"))
    assert document == {}
    first, second = server.hits("/busy")
    assert second.at - first.at < 4.0  # not the three seconds "٣" would be, nor more


# Redirects to addresses that are not http(s), and a thousand encodings


@pytest.mark.parametrize(
    "location",
    ["javascript:alert(1)", "javascript://x/%0aalert(1)", "http://[::zz]/", "data:text/html,x"],
)
def test_a_redirect_to_an_unusable_address_is_refused(server: FaultyServer, location: str) -> None:
    server.route("/odd", redirect(location))
    with pytest.raises(SourceError, match="redirected to") as caught:
        client_for(server, other_hosts=True).get(server.url("/odd"))
    assert not isinstance(caught.value, SourceOfflineError)  # not worth asking again
    assert len(server.hits("/odd")) == 1
    assert not CONTROL.search(str(caught.value))


def test_a_zo_api_redirecting_to_javascript_keeps_its_copies(server: FaultyServer) -> None:
    api = ZoApi(server, make_articles(3))

    def break_it() -> None:
        api.articles.pop()
        server.route("/api/v1/articles", redirect("javascript:alert(1)"))

    survives(f"zo+{server.base}/", break_it, "redirected to")


@pytest.mark.parametrize("lines", [False, True], ids=["one-line", "a-thousand-lines"])
def test_a_thousand_content_encodings_are_refused(server: FaultyServer, lines: bool) -> None:
    reply = json_reply({"ok": True})
    if lines:
        reply.raw_headers = [("Content-Encoding", "gzip")] * 1000
    else:
        reply.headers["Content-Encoding"] = ", ".join(["gzip"] * 1000)
    server.route("/onion", reply)
    with pytest.raises(SourceError, match="compressed") as caught:
        client_for(server).get(server.url("/onion"))
    assert not CONTROL.search(str(caught.value))


# A fake WordPress and a JSON feed


def json_feed(items: list[dict[str, Any]], **headers: str) -> Reply:
    return json_reply({"version": JSON_FEED, "title": "Feed", "items": items}, **headers)


class WordPress:
    """Just enough of a WordPress REST API at ``/wp-json/wp/v2/`` for a sync and a read."""

    def __init__(self, server: FaultyServer) -> None:
        self.posts: list[dict[str, Any]] = [
            wordpress_post(1, "First post"),
            wordpress_post(2, "Second post"),
        ]
        self.terms: list[dict[str, Any]] = [{"id": 1, "name": "Rest", "slug": "rest"}]
        self.headers: dict[str, str] = {}
        server.route("/wp-json/wp/v2/posts", self._list(lambda: self.posts))
        for taxonomy in ("tags", "categories", "users"):
            server.route(f"/wp-json/wp/v2/{taxonomy}", self._list(lambda: self.terms))
        for number in (1, 2):
            server.route(f"/wp-json/wp/v2/posts/{number}", self._one(number))

    def _list(self, items: Callable[[], list[dict[str, Any]]]) -> Callable[[Request], Reply]:
        def answer(request: Request) -> Reply:
            shown = items()
            if request.query.get("per_page") == "1":
                shown = shown[:1]
            headers = {"X-WP-Total": str(len(items())), "X-WP-TotalPages": "1", **self.headers}
            return json_reply(shown, **headers)

        return answer

    def _one(self, number: int) -> Callable[[Request], Reply]:
        return lambda _request: json_reply(self.posts[number - 1])


def library_of(source: Any, tmp_path: Path) -> Library:
    return Library(source, tmp_path / "index.sqlite")


def feed_source(server: FaultyServer, path: str, tmp_path: Path) -> FeedSource:
    return FeedSource(server.url(path), options=fast(), cache_dir=tmp_path)


# Validators that are not header values: never stored, never sent


BAD_VALIDATORS = ['"café"', '"' + "x" * 5000 + '"', "Mon, 05 Jan 2026 10:00:00 GMT\u00a0"]
BAD_IDS = ["non-ascii", "too-long", "nbsp"]


@pytest.mark.parametrize("header", ["ETag", "Last-Modified"])
@pytest.mark.parametrize("value", BAD_VALIDATORS, ids=BAD_IDS)
def test_a_feed_validator_that_is_not_a_header_value_breaks_nothing(
    server: FaultyServer, header: str, value: str
) -> None:
    feed = json_feed([{"id": "1", "title": "One", "content_text": "x"}])
    feed.headers[header] = value
    server.route("/feed.json", feed)
    url = f"feed+{server.url('/feed.json')}"
    for _ in range(2):
        result = run_cli("list", "-s", url, "--json")
        assert_clean(result)
        assert titles(result) == ["One"]
    second = server.hits("/feed.json")[1]
    assert "if-none-match" not in second.headers and "if-modified-since" not in second.headers


@pytest.mark.parametrize("value", BAD_VALIDATORS, ids=BAD_IDS)
def test_a_zo_api_root_etag_that_is_not_a_header_value_breaks_nothing(
    server: FaultyServer, value: str
) -> None:
    api = ZoApi(server, make_articles(2))
    root = server.route("/api/v1/", lambda _request: json_reply({"name": "zo-reader"}, ETag=value))
    for _ in range(2):
        result = run_cli("list", "-s", f"zo+{server.base}/", "--json")
        assert_clean(result)
        assert titles(result) == ["Article 1", "Article 2"]
    assert all("if-none-match" not in hit.headers for hit in server.hits("/api/v1/"))
    server.remove(root)
    assert api.etag  # the usual root again: a valid ETag is kept and sent
    for _ in range(2):
        assert run_cli("list", "-s", f"zo+{server.base}/").returncode == 0
    assert server.hits("/api/v1/")[-1].headers["if-none-match"] == api.etag


STORED_BAD = ['"café"', '"a\x01b"', "x" * 5000, 5, ["x"]]
STORED_IDS = ["non-ascii", "control", "too-long", "number", "list"]


@pytest.mark.parametrize("value", STORED_BAD, ids=STORED_IDS)
def test_a_bad_feed_validator_stored_by_an_older_version_is_not_sent(
    server: FaultyServer, tmp_path: Path, value: Any
) -> None:
    server.route("/feed.json", json_feed([{"id": "1", "title": "One", "content_text": "x"}]))
    source = feed_source(server, "/feed.json", tmp_path)
    assert source.cache_file is not None
    state = {"url": source.url, "etag": value, "last_modified": value, "items": []}
    source.cache_file.write_text(json.dumps(state), encoding="utf-8")
    with library_of(source, tmp_path) as library:
        library.sync()
        assert [summary.title for summary in library.list_articles()] == ["One"]
    [hit] = server.hits("/feed.json")
    assert "if-none-match" not in hit.headers and "if-modified-since" not in hit.headers


@pytest.mark.parametrize("value", STORED_BAD, ids=STORED_IDS)
def test_a_bad_zo_api_etag_stored_by_an_older_version_is_not_sent(
    server: FaultyServer, tmp_path: Path, value: Any
) -> None:
    ZoApi(server, make_articles(2))
    source = ZoApiSource(server.base + "/", options=fast())
    source.restore({"etag": value})
    with library_of(source, tmp_path) as library:
        library.sync()
        assert len(library.list_articles()) == 2
    assert "if-none-match" not in server.hits("/api/v1/")[0].headers


# An overall deadline per request: a server dripping its answer is cut off

DEADLINE = 2.0
SLOWLY = "sent its answer too slowly"


def finishes(call: Callable[[], Any], within: float) -> BaseException | None:
    """Run ``call`` in a thread; fail unless it ends within ``within`` seconds. Its error."""
    outcome: list[BaseException | None] = []

    def target() -> None:
        try:
            call()
        except BaseException as error:  # handed to the test
            outcome.append(error)
        else:
            outcome.append(None)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(within)
    assert not worker.is_alive(), f"still reading after {within:g} seconds"
    return outcome[0]


DRIPS = {
    "body": Reply(body=b'{"ok": true}' * 100, drip=0.2),
    "status-and-headers": Reply(body=b"{}", headers={"X-Pad": "x" * 200}, drip=0.2, drip_head=True),
}


@pytest.mark.parametrize("reused", [False, True], ids=["new-connection", "kept-alive"])
@pytest.mark.parametrize("part", list(DRIPS))
def test_an_answer_dripping_a_byte_at_a_time_is_cut_off_at_the_deadline(
    server: FaultyServer, part: str, reused: bool
) -> None:
    server.route("/quick", json_reply({"ok": True}))
    server.route("/drip", DRIPS[part])
    # The read timeout never fires: a byte comes every 0.2 seconds.
    client = client_for(server, read_timeout=5.0, deadline=DEADLINE, retries=2)
    if reused:
        client.get(server.url("/quick"))  # the drip comes on the pooled connection
    error = finishes(lambda: client.get(server.url("/drip")), DEADLINE + 5)
    assert isinstance(error, SourceOfflineError), error
    assert str(error) == f"The site at 127.0.0.1 {SLOWLY} (over 2 seconds)."
    assert len(server.hits("/drip")) == 1  # a server this slow is not asked again


def test_a_quick_answer_is_read_whatever_the_deadline(server: FaultyServer) -> None:
    server.route("/quick", json_reply({"ok": True}))
    client = client_for(server, deadline=DEADLINE)
    for _ in range(3):
        assert client.get_json(server.url("/quick"))[1] == {"ok": True}


def test_a_zo_api_dripping_its_root_shows_the_copies_after_the_deadline(
    server: FaultyServer,
) -> None:
    api = ZoApi(server, make_articles(3))
    source = f"zo+{server.base}/"
    before = titles(run_cli("list", "-s", source, "--json"))
    api.articles.pop()
    server.route("/api/v1/", DRIPS["status-and-headers"])
    server.route("/api/v1/articles", DRIPS["body"])
    env = {**os.environ, "ZO_READER_REQUEST_DEADLINE": "2", "ZO_READER_READ_TIMEOUT": "30"}
    command = [sys.executable, "-m", "zo_reader", "list", "-s", source, "--json"]
    started = time.monotonic()
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=DEADLINE + 5, check=False
    )
    assert time.monotonic() - started < DEADLINE + 5
    assert_clean(result)
    assert titles(result) == before
    notices = result.stderr.splitlines()
    [notice] = notices
    assert notice.startswith(f"zo-reader: The site at 127.0.0.1 {SLOWLY}; showing copies from 20")


# Feeds in UTF-16 and UTF-32, told by their bytes (no charset, or no Content-Type at all)

RSS = (
    '<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>T</title>'
    "<item><title>Café ☕</title><link>http://127.0.0.1/1</link>"
    "<description>Tea.</description></item></channel></rss>"
)
ATOM = (
    '<?xml version="1.0" encoding="{encoding}"?><feed xmlns="http://www.w3.org/2005/Atom">'
    "<title>T</title><id>urn:t</id><updated>2026-01-01T00:00:00Z</updated><entry>"
    "<title>Café ☕</title><id>urn:t:1</id><updated>2026-01-01T00:00:00Z</updated>"
    "<content>Tea.</content></entry></feed>"
)
WIDE = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]


@pytest.mark.parametrize("content_type", ["", "text/xml", "application/xml"])
@pytest.mark.parametrize("codec", WIDE)
@pytest.mark.parametrize("template", [RSS, ATOM], ids=["rss", "atom"])
def test_a_wide_feed_without_a_charset_is_detected_and_read(
    server: FaultyServer, template: str, codec: str, content_type: str
) -> None:
    body = template.format(encoding=codec[:6].upper()).encode(codec)
    headers = {"Content-Type": content_type} if content_type else {}
    server.route("/feed", Reply(body=body, headers=headers))
    result = run_cli("list", "-s", server.url("/feed"), "--json")
    assert_clean(result)
    assert titles(result) == ["Café ☕"]


@pytest.mark.parametrize("codec", WIDE)
def test_a_wide_json_feed_is_detected_and_read(server: FaultyServer, codec: str) -> None:
    document = {
        "version": JSON_FEED,
        "items": [{"id": "1", "title": "Café ☕", "content_text": "x"}],
    }
    server.route("/feed", Reply(body=json.dumps(document, ensure_ascii=False).encode(codec)))
    result = run_cli("list", "-s", server.url("/feed"), "--json")
    assert_clean(result)
    assert titles(result) == ["Café ☕"]
