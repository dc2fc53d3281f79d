"""The guarded HTTP client and the library against a misbehaving server on loopback.

Every server fault the issue names (slow answers, resets mid-body, 5xx, 4xx,
invalid JSON, huge and inflating bodies, redirects, cookies, TLS) is played by
:mod:`tests.faulty_server`; the first half checks :class:`HttpClient` alone,
the second that a library synced from an impersonated zo-reader API never
loses its copies when a page or an article fails.
"""

from __future__ import annotations

import gzip
import itertools
import json
import socket
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faulty_server import (
    FaultyServer,
    Reply,
    Request,
    ZoApi,
    fail_then,
    gzip_bomb,
    json_reply,
    make_articles,
    other_host_server,
    redirect,
    self_signed_tls,
    text_reply,
)
from zo_reader.core.errors import ArticleUnavailableError, SourceError, SourceOfflineError
from zo_reader.core.index import Library
from zo_reader.core.sanitize import is_clean
from zo_reader.core.sources.http import HttpClient, HttpOptions
from zo_reader.core.sources.zo_api import ZoApiSource

MiB = 1024 * 1024
ESC = "\x1b"
OK = {"ok": True}


def fast(**changes: Any) -> HttpOptions:
    """Options small enough for tests: short timeouts, almost no backoff."""
    values: dict[str, Any] = {
        "connect_timeout": 1.0,
        "read_timeout": 0.3,
        "retries": 2,
        "backoff": 0.01,
    }
    return HttpOptions(**{**values, **changes})


def client_for(server: FaultyServer, **changes: Any) -> HttpClient:
    return HttpClient(server.base + "/", "The test server", fast(**changes))


def one_line(message: str) -> bool:
    """A message fit for a status line: no line break, no control character."""
    return "\n" not in message and "\r" not in message and is_clean(message)


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with FaultyServer() as running:
        yield running


@pytest.fixture
def other() -> Iterator[FaultyServer]:
    with other_host_server() as running:
        yield running


# Slow servers


def test_a_slow_answer_is_offline_within_the_read_timeout(server: FaultyServer) -> None:
    server.route("/slow", Reply(body=b"{}", delay=5))
    client = client_for(server)
    started = time.monotonic()
    with pytest.raises(SourceOfflineError, match=r"did not answer within 0\.3 seconds") as caught:
        client.get_json(server.url("/slow"))
    assert time.monotonic() - started < 1.5
    assert len(server.hits("/slow")) == 1  # a server this slow is not asked again
    assert one_line(str(caught.value))


def test_a_body_that_stalls_is_offline_within_the_read_timeout(server: FaultyServer) -> None:
    server.route("/stall", Reply(body=b'{"ok": true}' * 100, stall_after=10, stall=5))
    started = time.monotonic()
    with pytest.raises(SourceOfflineError, match="did not answer within"):
        client_for(server).get(server.url("/stall"))
    assert time.monotonic() - started < 1.5


@pytest.mark.skipif(
    sys.platform != "linux", reason="relies on Linux dropping SYNs to a full backlog"
)
def test_a_server_that_never_accepts_is_offline_after_the_connect_timeout() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = [socket.socket() for _ in range(4)]
        for filler in fillers:  # fill the accept queue; later SYNs are dropped
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
        time.sleep(0.05)
        client = HttpClient(
            f"http://127.0.0.1:{port}/", "The test server", fast(connect_timeout=0.2)
        )
        started = time.monotonic()
        try:
            with pytest.raises(SourceOfflineError, match=r"connection within 0\.2 seconds"):
                client.get(f"http://127.0.0.1:{port}/")
        finally:
            for filler in fillers:
                filler.close()
    assert time.monotonic() - started < 3 * 0.2 + 1.0  # three attempts, nothing more


def test_nothing_listening_is_offline_after_the_retries() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound but not listening: connections are refused
        started = time.monotonic()
        with pytest.raises(SourceOfflineError, match="could not be reached") as caught:
            HttpClient(f"http://127.0.0.1:{port}/", "The test server", fast()).get(
                f"http://127.0.0.1:{port}/x"
            )
    assert time.monotonic() - started < 1.0
    assert one_line(str(caught.value))


# Resets and 5xx: retried with backoff


def test_a_reset_mid_body_is_retried_until_the_server_recovers(server: FaultyServer) -> None:
    document = {"items": list(range(5000))}
    whole = json_reply(document)
    broken = Reply(body=whole.body, headers=whole.headers, reset_after=2000)
    server.route("/flaky", fail_then(2, broken, whole))
    _, decoded = client_for(server).get_json(server.url("/flaky"))
    assert decoded == document
    assert len(server.hits("/flaky")) == 3


@pytest.mark.parametrize("retries", [0, 1, 3])
def test_a_reset_every_time_is_offline_after_retries_plus_one_attempts(
    server: FaultyServer, retries: int
) -> None:
    server.route("/reset", Reply(body=b"x" * 100_000, reset_after=1000))
    with pytest.raises(SourceOfflineError) as caught:
        client_for(server, retries=retries).get(server.url("/reset"))
    assert len(server.hits("/reset")) == retries + 1
    assert str(caught.value).startswith("Offline: the test server")
    assert one_line(str(caught.value))


def test_500_twice_then_200_succeeds_with_three_requests(server: FaultyServer) -> None:
    server.route("/wobbly", fail_then(2, json_reply({"error": "Busy"}, 500), json_reply(OK)))
    client = client_for(server)
    answer, document = client.get_json(server.url("/wobbly"))
    assert (answer.status, document) == (200, OK)
    assert len(server.hits("/wobbly")) == 3
    assert client.stats.requests == 3


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_forever_is_offline_after_retries_plus_one_attempts(
    server: FaultyServer, status: int
) -> None:
    server.route("/down", json_reply({"error": "Database is down."}, status))
    with pytest.raises(SourceOfflineError) as caught:
        client_for(server).get(server.url("/down"))
    message = str(caught.value)
    assert len(server.hits("/down")) == 3
    assert f"HTTP {status}: Database is down, even after 3 attempts" in message
    assert one_line(message)


def test_retries_wait_twice_as_long_each_time(server: FaultyServer) -> None:
    server.route("/down", Reply(503))
    with pytest.raises(SourceOfflineError):
        client_for(server, retries=3, backoff=0.05).get(server.url("/down"))
    times = [request.at for request in server.hits("/down")]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(gaps) == 3
    for gap, pause in zip(gaps, [0.05, 0.1, 0.2], strict=True):
        assert pause * 0.9 <= gap < pause + 0.25


# 4xx and answers that are not what was asked for: one clear line, no retry


def test_404_is_one_line_and_not_retried(server: FaultyServer) -> None:
    with pytest.raises(SourceError) as caught:
        client_for(server).get(server.url("/missing"))
    message = str(caught.value)
    assert not isinstance(caught.value, SourceOfflineError)
    assert "HTTP 404: Not found" in message and message.endswith(".")
    assert one_line(message)
    assert len(server.hits("/missing")) == 1


@pytest.mark.parametrize("status", [400, 403, 410, 429])
def test_other_4xx_are_not_retried(server: FaultyServer, status: int) -> None:
    server.route("/no", Reply(status))
    with pytest.raises(SourceError, match=f"HTTP {status}"):
        client_for(server).get(server.url("/no"))
    assert len(server.hits("/no")) == 1


def test_401_says_a_token_is_needed(server: FaultyServer) -> None:
    server.route("/private", json_reply({"error": "Unauthorized"}, 401))
    with pytest.raises(SourceError, match="token") as caught:
        client_for(server).get(server.url("/private"))
    assert one_line(str(caught.value))


@pytest.mark.parametrize(
    "reply",
    [
        Reply(body=b'{"articles": [1, 2', headers={"Content-Type": "application/json"}),
        text_reply("<!doctype html><html><body>Welcome</body></html>"),
        Reply(body=b"\xff\xfe\x00garbage"),
        Reply(body=b""),
    ],
    ids=["truncated-json", "html", "binary", "empty"],
)
def test_an_answer_that_is_not_json_is_a_source_error(server: FaultyServer, reply: Reply) -> None:
    server.route("/data", reply)
    with pytest.raises(SourceError, match="not JSON") as caught:
        client_for(server).get_json(server.url("/data"))
    assert not isinstance(caught.value, SourceOfflineError)
    assert one_line(str(caught.value))
    assert len(server.hits("/data")) == 1


def test_a_body_that_does_not_decompress_is_a_source_error(server: FaultyServer) -> None:
    server.route(
        "/bad-gzip",
        Reply(body=b"\x1f\x8b\x08\x00not really gzip", headers={"Content-Encoding": "gzip"}),
    )
    with pytest.raises(SourceError) as caught:
        client_for(server).get(server.url("/bad-gzip"))
    assert one_line(str(caught.value))


# Size cap


def wait_until_still(read: Any, seconds: float = 2.0) -> Any:
    """``read()`` once it stops changing (the server's sender has given up)."""
    value, deadline = read(), time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = read()
        if now == value:
            return now
        value = now
    return value


@pytest.mark.parametrize("chunked", [False, True], ids=["with-length", "chunked"])
def test_a_huge_body_is_refused_without_reading_it(server: FaultyServer, chunked: bool) -> None:
    server.route("/huge", Reply(stream=50 * MiB, chunked=chunked))
    client = client_for(server, max_bytes=1 * MiB, read_timeout=5.0)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(SourceError, match="larger than 1 MiB") as caught:
            client.get(server.url("/huge"))
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not isinstance(caught.value, SourceOfflineError)
    assert elapsed < 2.0
    assert peak < 8 * MiB
    # The client hung up: the server could only push what the socket buffers held.
    assert wait_until_still(lambda: server.bytes_streamed) < 20 * MiB
    assert client.stats.bytes_received < 20 * MiB
    assert len(server.hits("/huge")) == 1


@pytest.mark.parametrize("status", [200, 404, 500])
def test_a_gzip_bomb_is_refused_without_inflating_it(server: FaultyServer, status: int) -> None:
    bomb = gzip_bomb(200 * MiB)  # about 200 KB on the wire
    bomb.status = status
    server.route("/bomb", bomb)
    client = client_for(server, max_bytes=1 * MiB, retries=0)
    tracemalloc.start()
    try:
        with pytest.raises(SourceError):
            client.get(server.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * MiB, f"{peak / MiB:.0f} MiB in memory for a 1 MiB cap"


def test_a_gzipped_answer_under_the_cap_is_decoded(server: FaultyServer) -> None:
    document = {"words": ["rest"] * 20_000}
    plain = json_reply(document)
    server.route(
        "/gz",
        Reply(
            body=gzip.compress(plain.body), headers={**plain.headers, "Content-Encoding": "gzip"}
        ),
    )
    _, decoded = client_for(server).get_json(server.url("/gz"))
    assert decoded == document
    assert "gzip" in server.hits("/gz")[0].headers["accept-encoding"]


# Redirects


def test_a_same_host_redirect_is_followed(server: FaultyServer) -> None:
    server.route("/old", redirect("/new", 301))
    server.route("/older", redirect(server.url("/old"), 308))
    server.route("/new", json_reply(OK))
    answer, document = client_for(server).get_json(server.url("/older"))
    assert document == OK and answer.url == server.url("/new")
    assert [request.path for request in server.hits()] == ["/older", "/old", "/new"]


def test_an_off_host_redirect_is_refused(server: FaultyServer) -> None:
    server.route("/away", redirect(f"http://127.0.0.2:{server.port}/feed"))
    with pytest.raises(SourceError, match=r"another host \(127\.0\.0\.2\)") as caught:
        client_for(server).get(server.url("/away"))
    assert "other_hosts" in str(caught.value)
    assert not isinstance(caught.value, SourceOfflineError)
    assert len(server.hits()) == 1


def test_an_off_host_redirect_is_followed_when_allowed(
    server: FaultyServer, other: FaultyServer
) -> None:
    server.route("/away", redirect(other.url("/there")))
    other.route("/there", json_reply(OK))
    with pytest.raises(SourceError, match="another host"):
        client_for(server).get(server.url("/away"))
    assert other.hits() == []
    _, document = client_for(server, other_hosts=True).get_json(server.url("/away"))
    assert document == OK and len(other.hits("/there")) == 1


def test_a_redirect_loop_stops(server: FaultyServer) -> None:
    server.route("/loop", redirect("/loop"))
    with pytest.raises(SourceError, match="redirected more than 5 times"):
        client_for(server).get(server.url("/loop"))
    assert len(server.hits("/loop")) == 6


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/x"])
def test_a_redirect_to_another_scheme_is_refused(server: FaultyServer, location: str) -> None:
    server.route("/odd", redirect(location))
    with pytest.raises(SourceError) as caught:
        client_for(server, other_hosts=True).get(server.url("/odd"))
    assert one_line(str(caught.value))
    assert len(server.hits()) == 1


# Cookies and the token


def test_cookies_are_never_sent_back(server: FaultyServer) -> None:
    server.route(
        "/login",
        Reply(
            body=b"{}",
            headers={
                "Set-Cookie": "session=abc123; Path=/; Max-Age=3600",
                "Set-Cookie2": "legacy=1",
            },
        ),
    )
    server.route("/hop", Reply(302, headers={"Location": "/next", "Set-Cookie": "hop=1; Path=/"}))
    server.route("/next", json_reply(OK))
    client = client_for(server)
    client.get(server.url("/login"))
    client.get(server.url("/next"))
    client.get(server.url("/hop"))
    assert [request.path for request in server.hits()] == ["/login", "/next", "/hop", "/next"]
    assert all("cookie" not in request.headers for request in server.hits())


def test_the_token_goes_to_the_source_host_only(server: FaultyServer, other: FaultyServer) -> None:
    server.route("/mine", json_reply(OK))
    server.route("/away", redirect(other.url("/theirs")))
    other.route("/theirs", json_reply(OK))
    client = client_for(server, token="s3cret", other_hosts=True)
    client.get(server.url("/mine"))
    client.get(server.url("/away"))
    assert server.hits("/mine")[0].headers["authorization"] == "Bearer s3cret"
    assert server.hits("/away")[0].headers["authorization"] == "Bearer s3cret"
    assert "authorization" not in other.hits("/theirs")[0].headers


def test_the_token_is_not_sent_to_another_port_of_the_same_host(server: FaultyServer) -> None:
    """Another port is another service (curl's CVE-2022-27776): no token for it."""
    with FaultyServer() as neighbour:
        server.route("/next-door", redirect(neighbour.url("/theirs")))
        neighbour.route("/theirs", json_reply(OK))
        client_for(server, token="s3cret").get(server.url("/next-door"))
        assert server.hits("/next-door")[0].headers["authorization"] == "Bearer s3cret"
        assert "authorization" not in neighbour.hits("/theirs")[0].headers


def test_no_token_no_authorization_header(server: FaultyServer) -> None:
    server.route("/mine", json_reply(OK))
    client_for(server).get(server.url("/mine"))
    assert "authorization" not in server.hits("/mine")[0].headers


def test_offline_mode_makes_no_request(server: FaultyServer) -> None:
    client = client_for(server, offline=True)
    with pytest.raises(SourceOfflineError, match="Offline mode"):
        client.get_json(server.url("/anything"))
    assert server.hits() == []
    assert client.stats.requests == 0


# TLS


def test_https_to_a_plain_http_server_fails_clearly(server: FaultyServer) -> None:
    """No TLS handshake is possible, whether or not certificates are verified."""
    url = f"https://127.0.0.1:{server.port}/"
    for insecure in (False, True):
        with pytest.raises(SourceError) as caught:
            HttpClient(url, "The test server", fast(retries=0, insecure=insecure)).get(url)
        assert one_line(str(caught.value))


def test_a_self_signed_certificate_is_refused_unless_insecure(tmp_path: Path) -> None:
    with FaultyServer(tls=self_signed_tls(tmp_path)) as tls_server:
        tls_server.route("/", json_reply(OK))
        url = tls_server.url("/")
        with pytest.raises(SourceError) as caught:
            client_for(tls_server).get_json(url)
        message = str(caught.value)
        assert "certificate" in message and "--insecure" in message
        assert one_line(message)
        assert tls_server.hits() == []  # no request went over the unverified connection
        # The certificate will not get better by asking again.
        started = time.monotonic()
        with pytest.raises(SourceError):
            client_for(tls_server, retries=2, backoff=0.5).get_json(url)
        assert time.monotonic() - started < 0.5
        _, document = client_for(tls_server, insecure=True).get_json(url)
        assert document == OK and len(tls_server.hits("/")) == 1


def test_the_token_does_not_follow_a_downgrade_to_http(tmp_path: Path) -> None:
    with (
        FaultyServer(tls=self_signed_tls(tmp_path)) as tls_server,
        FaultyServer() as plain,
    ):
        tls_server.route("/", redirect(f"http://127.0.0.1:{plain.port}/"))
        plain.route("/", json_reply(OK))
        client = client_for(tls_server, insecure=True, token="s3cret")
        client.get(tls_server.url("/"))
        assert tls_server.hits("/")[0].headers["authorization"] == "Bearer s3cret"
        assert "authorization" not in plain.hits("/")[0].headers


# Hostile error texts


HOSTILE = f"Oops{ESC}]8;;http://evil.test{ESC}\\click{ESC}]8;;{ESC}\\ {ESC}[2J\x07\u202egone\x9b31m"


@pytest.mark.parametrize(
    "reply",
    [
        Reply(404, reason=HOSTILE),
        Reply(500, reason=HOSTILE),
        json_reply({"error": HOSTILE}, 404),
        json_reply({"message": HOSTILE + "\nsecond line"}, 401),
        json_reply({"error": HOSTILE}, 503),
        redirect(f"http://evil{ESC}[31m.test/"),
        redirect(f"http://127.0.0.2/{ESC}[2J"),
        Reply(body=b'{"a": 1', reason=HOSTILE),
    ],
    ids=[
        "404-reason",
        "500-reason",
        "404-json",
        "401-json",
        "503-json",
        "redirect-host",
        "redirect-path",
        "bad-json",
    ],
)
def test_error_messages_carry_no_control_characters(server: FaultyServer, reply: Reply) -> None:
    server.route("/hostile", reply)
    with pytest.raises(SourceError) as caught:
        client_for(server).get_json(server.url("/hostile"))
    message = str(caught.value)
    assert one_line(message), repr(message)
    assert ESC not in message and "\x9b" not in message and "\u202e" not in message


# Through the library, against an impersonated zo-reader API

ARTICLES = "/api/v1/articles"


@pytest.fixture
def api(server: FaultyServer) -> ZoApi:
    return ZoApi(server, make_articles(250))  # three pages of a hundred


def open_library(server: FaultyServer, tmp_path: Path, **changes: Any) -> Library:
    source = ZoApiSource(server.base + "/", options=fast(**changes))
    return Library(source, tmp_path / "zo.sqlite")


def listed_ids(library: Library) -> set[str]:
    return {summary.id for summary in library.list_articles()}


ALL_IDS = {f"a-{number:03d}" for number in range(1, 251)}


def test_a_first_sync_stores_every_summary(
    server: FaultyServer, api: ZoApi, tmp_path: Path
) -> None:
    with open_library(server, tmp_path) as library:
        report = library.sync()
        assert report.added == 250
        assert listed_ids(library) == ALL_IDS
        assert not library.is_complete("a-001")
    assert [request.query["page"] for request in server.hits(ARTICLES)] == ["1", "2", "3"]
    assert server.hits(api.body_path("a-001")) == []  # bodies wait until read


def test_a_reset_on_a_page_is_retried_and_the_sync_completes(
    server: FaultyServer, api: ZoApi, tmp_path: Path
) -> None:
    real = api.page
    calls: list[Request] = []

    def reset_once(request: Request) -> Reply:
        calls.append(request)
        page = real(request)
        if len(calls) == 1:
            return Reply(body=page.body, headers=page.headers, reset_after=100)
        return page

    server.route(ARTICLES, reset_once, query={"page": "2"})
    with open_library(server, tmp_path) as library:
        assert library.sync().added == 250
        assert listed_ids(library) == ALL_IDS
    assert len(server.hits(ARTICLES, page="2")) == 2


def test_a_first_sync_that_fails_midway_stores_nothing_half_done(
    server: FaultyServer, api: ZoApi, tmp_path: Path
) -> None:
    breakage = server.route(ARTICLES, Reply(503), query={"page": "3"})
    with open_library(server, tmp_path) as library:
        with pytest.raises(SourceOfflineError, match="HTTP 503") as caught:
            library.sync()  # no copies to fall back on: the error itself is the answer
        assert one_line(str(caught.value))
        assert library.list_articles() == []
        server.remove(breakage)
        assert library.sync().added == 250


BREAKS = {
    "500-forever": json_reply({"error": "Internal error"}, 500),
    "reset": Reply(body=b'{"total": 250, "articles": [' + b" " * 5000, reset_after=50),
    "invalid-json": Reply(body=b'{"total": 250, "articles": [{"id": "a-1', headers={}),
    "wrong-shape": json_reply({"total": "many", "articles": "none"}),
    "404": json_reply({"error": "Gone"}, 404),
}


@pytest.mark.parametrize("fault", list(BREAKS))
def test_a_broken_page_loses_no_stored_article(
    server: FaultyServer, api: ZoApi, tmp_path: Path, fault: str
) -> None:
    with open_library(server, tmp_path) as library:
        library.sync()
        assert library.get("a-007").body.startswith("# Article 7")
        # The library changes on the server (so the root's ETag does), and page 2 breaks.
        api.articles[0] = {**api.articles[0], "title": "Renamed", "version": "v2-1"}
        api.articles.pop()
        breakage = server.route(ARTICLES, BREAKS[fault], query={"page": "2"})
        server.forget()
        offline = fault in ("500-forever", "reset")
        if offline:
            report = library.sync()
            assert any(
                notice.startswith("Offline: showing copies from") for notice in report.notices
            )
            assert all(one_line(notice) for notice in report.notices)
            assert len(server.hits(ARTICLES, page="2")) == 3  # retried
        else:
            # A broken answer shows the copies too, with the source's own words first.
            report = library.sync()
            *_, reason, copies = report.notices
            assert not reason.startswith("Offline") and one_line(reason)
            assert copies.startswith(
                "The site at 127.0.0.1 sent an answer zo-reader cannot read; showing copies from"
            )
        # Nothing was lost, nothing half-changed, and the body read before is still here.
        assert listed_ids(library) == ALL_IDS
        assert library.resolve("a-001").title == "Article 1"
        server.forget()
        assert library.get("a-007").body.startswith("# Article 7")
        assert server.hits() == []
        # Once the page is back, the next sync catches up (the new ETag was not kept).
        server.remove(breakage)
        report = library.sync()
        assert (report.updated, report.removed) == (1, 1)
        assert listed_ids(library) == ALL_IDS - {"a-250"}
        assert library.resolve("a-001").title == "Renamed"


@pytest.mark.parametrize(
    "fault",
    [
        json_reply({"error": "Internal error"}, 500),
        Reply(body=b'{"body": "' + b"x" * 5000 + b'"}', reset_after=100),
    ],
    ids=["500-forever", "reset"],
)
def test_a_failed_body_fetch_keeps_the_summary_and_earlier_bodies(
    server: FaultyServer, api: ZoApi, tmp_path: Path, fault: Reply
) -> None:
    with open_library(server, tmp_path) as library:
        library.sync()
        first = library.get("a-001")
        server.route(api.body_path("a-002"), fault)
        with pytest.raises(ArticleUnavailableError) as caught:
            library.get("a-002")
        message = str(caught.value)
        assert "'Article 2' has not been downloaded yet" in message and one_line(message)
        assert len(server.hits(api.body_path("a-002"))) == 3
        assert not library.is_complete("a-002")
        assert library.resolve("a-002").summary == "Summary of article 2."
        server.forget()
        assert library.get("a-001") == first
        assert server.hits() == []


def test_a_body_that_is_not_json_is_a_source_error_and_keeps_the_summary(
    server: FaultyServer, api: ZoApi, tmp_path: Path
) -> None:
    with open_library(server, tmp_path) as library:
        library.sync()
        server.route(api.body_path("a-003"), text_reply("<html>Maintenance</html>"))
        with pytest.raises(SourceError, match="not JSON") as caught:
            library.get("a-003")
        assert not isinstance(caught.value, ArticleUnavailableError)
        assert one_line(str(caught.value))
        assert "a-003" in listed_ids(library) and not library.is_complete("a-003")
        server.route(api.body_path("a-003"), json_reply({"id": "a-003", "title": "No body"}))
        with pytest.raises(SourceError, match="without a body"):
            library.get("a-003")
        assert listed_ids(library) == ALL_IDS


def test_reading_an_unfetched_article_while_the_server_is_down(tmp_path: Path) -> None:
    with FaultyServer() as server:
        ZoApi(server, make_articles(5))
        library = open_library(server, tmp_path)
        library.sync()
        fetched = library.get("a-001")
    # The server is gone now.
    with library:
        with pytest.raises(ArticleUnavailableError) as caught:
            library.get("a-002")
        message = str(caught.value)
        assert message.startswith("'Article 2' has not been downloaded yet")
        assert "could not be reached" in message and one_line(message)
        assert library.get("a-001") == fetched
        report = library.sync()
        assert any(notice.startswith("Offline: showing copies from") for notice in report.notices)
        assert len(listed_ids(library)) == 5


def test_an_unchanged_root_costs_one_request(
    server: FaultyServer, api: ZoApi, tmp_path: Path
) -> None:
    with open_library(server, tmp_path) as library:
        library.sync()
        server.forget()
        report = library.sync()
        assert report.unchanged == 250 and report.added == report.updated == 0
    (root,) = server.hits()
    assert root.path == "/api/v1/" and root.headers["if-none-match"] == api.etag
    # A new process (a fresh source and library on the same file) also gets the 304.
    server.forget()
    with open_library(server, tmp_path) as library:
        assert library.sync().unchanged == 250
        assert listed_ids(library) == ALL_IDS
    assert [request.path for request in server.hits()] == ["/api/v1/"]


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        (text_reply("<!doctype html><html><body>Hello</body></html>"), "not JSON"),
        (json_reply({"name": "something-else", "api": "v1"}), "did not answer as a zo-reader API"),
        (json_reply(["zo-reader"]), "did not answer as a zo-reader API"),
    ],
    ids=["html", "other-json", "json-list"],
)
def test_an_invalid_root_is_a_clear_source_error(
    server: FaultyServer, api: ZoApi, tmp_path: Path, root: Reply, expected: str
) -> None:
    with open_library(server, tmp_path) as library:
        library.sync()
        api.articles.pop()  # so the root is asked in full, not answered 304
        server.route("/api/v1/", root)
        *_, reason, copies = library.sync().notices  # the copies, and why
        assert expected in reason and one_line(reason)
        assert "cannot read; showing copies from" in copies
        assert listed_ids(library) == ALL_IDS
    with (
        open_library(server, tmp_path / "fresh") as fresh,
        pytest.raises(SourceError, match=expected),
    ):
        fresh.sync()


def test_json_bodies_of_the_impersonated_api_have_the_documented_shape(
    server: FaultyServer, api: ZoApi
) -> None:
    client = client_for(server)
    _, root = client.get_json(server.url("/api/v1/"))
    assert root == {"name": "zo-reader", "api": "v1", "version": "v1", "articles": 250}
    _, page = client.get_json(server.url(ARTICLES), {"per_page": 100, "page": 3})
    assert (page["total"], page["page"], page["per_page"], len(page["articles"])) == (
        250,
        3,
        100,
        50,
    )
    _, whole = client.get_json(server.url(api.body_path("a-001")))
    assert {"path", "body", "warnings", "version", "slug"} <= set(whole)
    assert json.loads(json.dumps(whole)) == whole
