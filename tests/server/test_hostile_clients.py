"""``zo-reader serve`` against clients that break HTTP, on a real socket.

One real ``zo-reader serve`` (a subprocess, as users run it) serves a copy of
the fixture articles for the whole module; beside the library sit a secret
file and a link to it from inside the library. Every test sends bytes as they
are (no HTTP client tidies them up), checks the server answers or refuses
cleanly, and then that a normal request still gets a 200 quickly. When the
module ends, the server must stop on Ctrl+C with status 0 and no traceback in
its log.

The application-level cases (ids that never become paths, 431 for big
heads, 405 for writes) are in ``test_api.py``; here they go through uvicorn,
h11 and the network, where the bytes are not yet what Starlette sees.
"""

from __future__ import annotations

import json
import os
import random
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import FIXTURES
from zo_reader.server.protocol import REQUEST_SECONDS

SECRET = "TOP-SECRET-7f3a9c"
"""In a file beside the library; no answer may ever contain it."""

QUICKLY = 2.0
"""Seconds a normal request may take after an abuse (generous for a busy 2-core CI)."""


@dataclass
class Server:
    """The running ``zo-reader serve`` and what surrounds it."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    library: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("hostile")
    library = root / "library"
    shutil.copytree(FIXTURES, library)
    (root / "secret.md").write_text(f"---\ntitle: Secret\n---\n\n{SECRET}\n", encoding="utf-8")
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    (library / "escape.md").symlink_to(root / "secret.md")  # a link that leaves the library
    env = {name: value for name, value in os.environ.items() if not name.startswith("ZO_READER_")}
    env.update(
        ZO_READER_CONFIG="/nonexistent",
        ZO_READER_CONFIG_DIR=str(root / "user" / "config"),
        ZO_READER_CACHE_DIR=str(root / "user" / "cache"),
        ZO_READER_DATA_DIR=str(root / "user" / "data"),
    )
    port = free_port()
    log = root / "server.log"
    with log.open("wb") as output:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            [sys.executable, "-m", "zo_reader", "serve", "-s", str(library), "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
        )
    served = Server(process, port, log, library)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"zo-reader serve ended early: {log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{served.base}/api/v1/tags", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("zo-reader serve did not answer within 30 seconds")
            time.sleep(0.05)
        yield served
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=15)
        text = log.read_text(encoding="utf-8", errors="replace")
        assert status == 0, text[-3000:]
        assert "Traceback" not in text and "Exception in ASGI" not in text, text[-3000:]
        assert "\x1b" not in text and "\x00" not in text
        assert "Unsupported upgrade" not in text and "WebSocket library" not in text
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# Talking to it byte by byte


def exchange(port: int, *chunks: bytes, timeout: float = 5.0, read: bool = True) -> bytes:
    """Send ``chunks`` as they are; everything the server sends until it closes or goes quiet.

    A server may refuse and close while the request is still being sent; what
    it sent before that is still read.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        try:
            for chunk in chunks:
                connection.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        if not read:
            return b""
        return read_all(connection)


def read_answer(connection: socket.socket) -> bytes:
    """Read exactly one answer to a GET (the connection stays usable)."""
    data = b""
    while True:
        head, separator, rest = data.partition(b"\r\n\r\n")
        if separator:
            answer = answers(head + separator)[0]
            length = 0 if answer.status == 304 else int(answer.headers["content-length"])
            if len(rest) >= length:
                assert len(rest) == length, "more than one answer arrived"
                return data
        chunk = connection.recv(65536)
        assert chunk, "the server closed before the answer was complete"
        data += chunk


def read_all(connection: socket.socket) -> bytes:
    received = b""
    while True:
        try:
            data = connection.recv(65536)
        except (TimeoutError, ConnectionResetError):
            return received
        if not data:
            return received
        received += data


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> dict[str, object]:
        document = json.loads(self.body)
        assert isinstance(document, dict)
        return document


def answers(data: bytes, *, bodiless: tuple[int, ...] = ()) -> list[Answer]:
    """Split what a connection received into responses (Content-Length framing, else to the end).

    ``bodiless``: positions of answers to HEAD requests, which have a length but no body.
    """
    found: list[Answer] = []
    while data:
        head, separator, rest = data.partition(b"\r\n\r\n")
        assert separator, f"an incomplete response: {data[:200]!r}"
        lines = head.decode("latin-1").split("\r\n")
        match = re.fullmatch(r"HTTP/1\.1 (\d{3}) ?.*", lines[0])
        assert match, f"not a status line: {lines[0]!r}"
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        status = int(match.group(1))
        if status == 304 or len(found) in bodiless:
            length = 0
        else:
            length = int(headers.get("content-length", len(rest)))
        found.append(Answer(status, headers, rest[:length]))
        data = rest[length:]
    return found


def only_answer(data: bytes) -> Answer:
    found = answers(data)
    assert len(found) == 1, found
    return found[0]


def get(port: int, target: str | bytes, *headers: str) -> Answer:
    """One raw GET of ``target`` (sent as it is, never normalised), on its own connection."""
    raw = target if isinstance(target, bytes) else target.encode("latin-1")
    head = "".join(f"{header}\r\n" for header in ("Host: x", *headers, "Connection: close"))
    return only_answer(exchange(port, b"GET " + raw + b" HTTP/1.1\r\n" + head.encode() + b"\r\n"))


def assert_error(answer: Answer, *statuses: int) -> str:
    """A JSON error with one of ``statuses``, never stored, its message free of controls."""
    assert answer.status in statuses, answer
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["cache-control"] == "no-store"
    message = answer.json()["error"]
    assert isinstance(message, str) and message
    assert not any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for char in message), message
    return message


def assert_serving(server: Server) -> None:
    """The server is alive and a normal request gets its 200 quickly."""
    assert server.process.poll() is None, "the server ended"
    started = time.perf_counter()
    response = httpx.get(f"{server.base}/api/v1/tags", timeout=10)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200 and response.json()["tags"]
    assert elapsed < QUICKLY, f"a normal request took {elapsed:.2f} s"


# Broken HTTP


HEAD = b"Host: x\r\n"
MALFORMED = {
    "no version": b"GET /api/v1/tags\r\n\r\n",
    "no target": b"GET HTTP/1.1\r\n" + HEAD + b"\r\n",
    "three spaces": b"GET /api/v1/tags HTTP/1.1 extra\r\n" + HEAD + b"\r\n",
    "double space": b"GET  /api/v1/tags HTTP/1.1\r\n" + HEAD + b"\r\n",
    "lowercase version": b"GET /api/v1/tags http/1.1\r\n" + HEAD + b"\r\n",
    "version without minor": b"GET /api/v1/tags HTTP/1\r\n" + HEAD + b"\r\n",
    "version with three parts": b"GET /api/v1/tags HTTP/1.1.1\r\n" + HEAD + b"\r\n",
    "empty method": b" /api/v1/tags HTTP/1.1\r\n" + HEAD + b"\r\n",
    "method with a slash": b"G/ET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"\r\n",
    "header without colon": b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"NoColonHere\r\n\r\n",
    "space in a header name": b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"Bad Name: x\r\n\r\n",
    "space before the colon": b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"X-A : x\r\n\r\n",
    "NUL in the target": b"GET /api/v1/articles/evening\x00walks HTTP/1.1\r\n" + HEAD + b"\r\n",
    "NUL in a header value": b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"X-A: a\x00b\r\n\r\n",
    "NUL in a header name": b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"X-\x00: a\r\n\r\n",
    "escape in the target": b"GET /\x1b[2J HTTP/1.1\r\n" + HEAD + b"\r\n",
    "raw UTF-8 in the target": "GET /api/v1/articles/été HTTP/1.1\r\n".encode() + HEAD + b"\r\n",
    "raw byte in the query": b"GET /api/v1/articles?q=\xff\xfe HTTP/1.1\r\n" + HEAD + b"\r\n",
    "no Host": b"GET /api/v1/tags HTTP/1.1\r\n\r\n",
    "two Hosts": b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + HEAD + b"\r\n",
    "two lengths": b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"Content-Length: 1\r\n"
    b"Content-Length: 2\r\n\r\n",
    "negative length": b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"Content-Length: -1\r\n\r\n",
    "unknown coding": b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"Transfer-Encoding: gzip\r\n\r\n",
    "bad chunk size": b"DELETE /api/v1/articles HTTP/1.1\r\n" + HEAD
    + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    "TLS ClientHello": bytes.fromhex("16030100c4010000c00303") + random.Random(1).randbytes(180),
    "binary garbage": random.Random(2).randbytes(4096) + b"\r\n\r\n",
    "garbage without a line end": bytes(range(32, 127)) * 200,  # 19 KB: past the head limit
}  # fmt: skip


@pytest.mark.parametrize("request_bytes", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_requests_get_a_json_400_and_the_connection_closes(
    server: Server, request_bytes: bytes
) -> None:
    started = time.monotonic()
    answer = only_answer(exchange(server.port, request_bytes))
    assert time.monotonic() - started < QUICKLY  # refused at once, not at a timeout
    assert_error(answer, 400)
    assert answer.headers["connection"] == "close"
    assert_serving(server)


def test_a_body_that_breaks_after_the_answer_began_is_not_answered_twice(server: Server) -> None:
    # The head is valid, so the application answers; then the chunked body turns out
    # broken. uvicorn used to send its 400 and then let the answer collide with it.
    data = exchange(
        server.port,
        b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"Transfer-Encoding: chunked\r\n\r\n",
        b"zz\r\n",
    )
    statuses = [answer.status for answer in answers(data)]
    assert statuses in ([400], [200]), statuses
    assert_serving(server)


@pytest.mark.parametrize(
    ("version", "status"),
    [
        ("HTTP/2.0", 505),
        ("HTTP/3.0", 505),
        ("HTTP/0.9", 505),
        ("HTTP/9.9", 505),
        ("HTTP/1.2", 200),  # RFC 9110, section 2.5: read as the highest 1.x known
        ("HTTP/1.0", 200),
    ],
)
def test_http_versions(server: Server, version: str, status: int) -> None:
    request = f"GET /api/v1/tags {version}\r\nHost: x\r\nConnection: close\r\n\r\n"
    answer = only_answer(exchange(server.port, request.encode()))
    assert answer.status == status
    if status == 505:
        assert_error(answer, 505)
    assert_serving(server)


def test_an_http2_preface_is_refused(server: Server) -> None:
    preface = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
    assert_error(only_answer(exchange(server.port, preface)), 505)
    assert_serving(server)


def test_upgrade_requests_are_answered_as_plain_requests(server: Server) -> None:
    for upgrade in ("websocket", "h2c"):
        answer = get(
            server.port,
            "/api/v1/tags",
            "Connection: Upgrade",
            f"Upgrade: {upgrade}",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version: 13",
        )
        assert answer.status == 200
    assert_serving(server)


# Sizes


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /api/v1/articles/" + b"a" * 20_000 + b" HTTP/1.1\r\n" + HEAD + b"\r\n",
        b"GET /api/v1/articles/" + b"a" * 300_000 + b" HTTP/1.1\r\n" + HEAD + b"\r\n",
        b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"X-Big: " + b"a" * 20_000 + b"\r\n\r\n",
        b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"X-Big: " + b"a" * 1_000_000 + b"\r\n\r\n",
        b"GET /api/v1/tags HTTP/1.1\r\n" + HEAD + b"X-A: b\r\n" * 5_000 + b"\r\n",
        b"GET /api/v1/articles?q=" + b"a" * 400_000 + b" HTTP/1.1\r\n" + HEAD + b"\r\n",
    ],
    ids=["20 KB target", "300 KB target", "20 KB header", "1 MB header", "5,000 headers",
         "400 KB query"],
)  # fmt: skip
def test_oversized_heads_are_refused_not_read(server: Server, request_bytes: bytes) -> None:
    data = exchange(server.port, request_bytes)
    if data:  # the server may also just close while such a head is still arriving
        assert_error(only_answer(data), 400, 414, 431)
    assert_serving(server)


@pytest.mark.parametrize(
    ("query", "statuses"),
    [
        ("q=" + "a" * 15_000, {400}),  # fits the head, not the 1,000-character q
        ("q=" + "%C3%A9" * 2_600, {400}),
        ("tag=x&" * 2_500, {400}),  # more tags than allowed
        ("per_page=1&" * 1_400, {400}),  # repeated
        ("a=1&" * 4_000, {200}),  # unknown parameters are ignored
        ("&" * 16_000, {200}),
        ("=" * 16_000, {200}),
        ("q=" + "a" * 17_000, {431}),  # past the 16 KiB head limit, in one read
    ],
    ids=["long q", "long encoded q", "many tags", "repeated", "unknown", "ampersands",
         "equals", "past the limit"],
)  # fmt: skip
def test_huge_query_strings(server: Server, query: str, statuses: set[int]) -> None:
    answer = get(server.port, f"/api/v1/articles?{query}")
    if statuses == {200}:
        assert answer.status == 200 and "articles" in answer.json()
    else:
        assert_error(answer, *statuses)
    assert_serving(server)


# Encodings


@pytest.mark.parametrize(
    "target",
    [
        "/api/v1/articles/%zz",
        "/api/v1/articles/%",
        "/api/v1/articles/%e",
        "/api/v1/articles/%%%",
        "/api/v1/articles/%c0%ae%c0%ae%c0%afsecret",  # overlong "../"
        "/api/v1/articles/%e0%80%ae%e0%80%ae%e0%80%afsecret",  # three-byte overlong "../"
        "/api/v1/articles/%f8%88%80%80%80",  # a five-byte sequence
        "/api/v1/articles/%ed%a0%80",  # a lone surrogate
        "/api/v1/articles/%ff%fe%fd",
        "/api/v1/articles/%1b%5b2J%1b%5d0;title%07",  # escape sequences
        "/api/v1/articles/%e2%80%ae%e2%80%8b",  # bidi override, zero-width space
        "/api/v1/articles?q=%zz",
        "/api/v1/articles?q=%c0%ae%c0%ae",
        "/api/v1/articles?q=%ff%fe",
        "/api/v1/articles?q=%ed%a0%80",
        "/api/v1/articles?q=%22%22%22%28%28*",  # unbalanced quotes and parentheses
        "/api/v1/articles?q=%00",
        "/api/v1/articles?tag=%00&tag=%c0%af",
        "/api/v1/articles?page=%31%00",
        "/api/v1/articles?page=%d9%a3",  # an Arabic-Indic digit three
        "/api/v1/articles?per_page=1e3",
        "/api/v1/articles?sort=%1b%5b31m",
        "/api/v1/articles?drafts=%ff",
        "/api/v1/articles?%zz=%zz&&&==&",
        "/api/v1/tags?tag=%c0%af&drafts=%e2%80%ae",
        "/api/v1/%2e%2e/%2e%2e/",
        "/api/v1/articles/evening-walks?drafts=tru%65%00",
    ],
)
def test_broken_percent_encoding_and_overlong_utf8(server: Server, target: str) -> None:
    answer = get(server.port, target)
    if answer.status == 200:
        assert answer.headers["content-type"] == "application/json"
        answer.json()
    else:
        assert_error(answer, 400, 404)
    assert SECRET.encode() not in answer.body
    assert_serving(server)


# Paths out of the library


TRAVERSALS = [
    "../secret", "../../secret", "../secret.md", "../secret.txt", "..%2fsecret", "..%2Fsecret.md",
    "%2e%2e/secret", "%2e%2e%2fsecret", "%2E%2E%2Fsecret.md", ".%2e/secret", "%2e./secret",
    "..%5csecret", "..\\secret", "..\\..\\secret.md", "....//secret", "..././secret",
    "..%252fsecret", "%252e%252e%252fsecret", "..%c0%afsecret", "..%e0%80%afsecret",
    "/etc/passwd", "//etc/passwd", "%2fetc%2fpasswd", "%2Fetc%2Fpasswd", "C:%5cWindows%5cwin.ini",
    "file:///etc/passwd", "secret%00", "secret.md%00.md", "..%00/secret", "%00../secret",
    "escape", "escape.md", "./escape", "evening-walks/../../secret",
    "nested/../../secret", "nested/deeper/../../../secret.md", "..;/secret", ";/../secret",
    "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "~/secret", "$HOME/secret",
]  # fmt: skip


@pytest.mark.parametrize("article_id", TRAVERSALS)
def test_ids_never_reach_a_file_outside_the_library(server: Server, article_id: str) -> None:
    assert (server.library.parent / "secret.md").read_text(encoding="utf-8").count(SECRET)
    for target in (f"/api/v1/articles/{article_id}", f"/api/v1/articles/{article_id}?drafts=true"):
        answer = get(server.port, target)
        assert_error(answer, 400, 404)
        assert SECRET.encode() not in answer.body and b"root:" not in answer.body
    assert_serving(server)


def test_absolute_form_targets_do_not_escape_either(server: Server) -> None:
    for target in (
        b"http://127.0.0.1/api/v1/articles/../../secret",
        b"http://127.0.0.1/../secret.md",
        b"file:///etc/passwd",
        b"*",
    ):
        answer = get(server.port, target)
        assert_error(answer, 400, 404, 405)
        assert SECRET.encode() not in answer.body
    assert_serving(server)


def test_nothing_served_anywhere_holds_the_secret(server: Server) -> None:
    """Every article listed, drafts included, read in full: none is the file beside the library."""
    with httpx.Client(base_url=server.base, timeout=10) as client:
        listing = client.get("/api/v1/articles", params={"drafts": "true", "per_page": 100})
        ids = [article["id"] for article in listing.json()["articles"]]
        assert ids and "escape" not in ids
        for article_id in ids:
            response = client.get(f"/api/v1/articles/{article_id}", params={"drafts": "true"})
            assert response.status_code == 200 and SECRET not in response.text
        found = client.get("/api/v1/articles", params={"q": SECRET.split("-")[-1]})
        assert found.json()["total"] == 0
    assert SECRET not in listing.text


# Slow, silent and vanishing clients


@dataclass
class Trickle:
    """What one slow client sent, what came back, and when the server hung up."""

    received: bytes = b""
    closed_after: float | None = None


def trickle(port: int, head: bytes, prefix: bytes, every: float, result: Trickle) -> None:
    """Send ``prefix`` at once, then ``head`` a byte every ``every`` s until the server speaks."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=REQUEST_SECONDS + 10) as connection:
        connection.sendall(prefix)
        if prefix:  # its answer comes before the trickle starts
            result.received += read_answer(connection)
        for byte in head:
            if select.select([connection], [], [], every)[0]:
                break  # an answer, or the end of the connection
            try:
                connection.sendall(bytes([byte]))
            except OSError:
                break
        result.received += read_all(connection)
        result.closed_after = time.monotonic() - started


def idle(port: int, result: Trickle) -> None:
    """Connect and send nothing at all."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=REQUEST_SECONDS + 10) as connection:
        result.received = read_all(connection)
        result.closed_after = time.monotonic() - started


def test_slow_and_silent_clients_are_cut_off_without_holding_up_others(server: Server) -> None:
    """Slowloris: heads sent a byte a second get a 408 at the deadline; silent ones are closed."""
    head = b"GET /api/v1/tags HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100 + b"\r\n\r\n"
    first = b"GET /api/v1/tags HTTP/1.1\r\nHost: x\r\n\r\n"
    body_head = b"POST /api/v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
    slow = [Trickle() for _ in range(50)]
    after_one = [Trickle() for _ in range(5)]  # keep-alive: a first request, then a slow head
    silent = [Trickle() for _ in range(20)]
    slow_body = [Trickle() for _ in range(5)]
    threads = [
        *(threading.Thread(target=trickle, args=(server.port, head, b"", 1.0, r)) for r in slow),
        *(
            threading.Thread(target=trickle, args=(server.port, head, first, 1.0, r))
            for r in after_one
        ),
        *(threading.Thread(target=idle, args=(server.port, r)) for r in silent),
        *(
            threading.Thread(target=trickle, args=(server.port, b"x" * 1000, body_head, 1.0, r))
            for r in slow_body
        ),
    ]
    for thread in threads:
        thread.start()
    # Meanwhile everyone else is served as usual.
    while any(thread.is_alive() for thread in threads[:55]):
        assert_serving(server)
        time.sleep(0.5)
    for thread in threads:
        thread.join(timeout=REQUEST_SECONDS + 15)
        assert not thread.is_alive()

    limit = REQUEST_SECONDS + 3
    for result in [*slow, *after_one]:
        assert result.closed_after is not None and result.closed_after < limit + REQUEST_SECONDS
        found = answers(result.received)
        assert found[-1].status == 408, found
        assert "did not arrive" in assert_error(found[-1], 408)
        assert found[-1].headers["connection"] == "close"
    for result in after_one:
        assert [answer.status for answer in answers(result.received)] == [200, 408]
    for result in slow:
        assert result.closed_after is not None
        assert REQUEST_SECONDS - 1 < result.closed_after < limit
    for result in silent:
        assert result.received == b""  # nothing was asked: nothing to answer, just closed
        assert result.closed_after is not None
        assert REQUEST_SECONDS - 1 < result.closed_after < limit
    for result in slow_body:
        # Refused on its head at once; the body it still trickles is not waited for.
        assert [answer.status for answer in answers(result.received)] == [405]
        assert result.closed_after is not None and result.closed_after < limit
    assert_serving(server)


def reset(connection: socket.socket) -> None:
    """Close with a TCP reset instead of a goodbye (SO_LINGER with a zero timeout)."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def test_clients_that_vanish_mid_request_or_mid_response(server: Server) -> None:
    request = b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n"  # the largest answer
    for _ in range(20):
        for cut in (5, len(request) // 2, len(request) - 2):
            with socket.create_connection(("127.0.0.1", server.port)) as connection:
                connection.sendall(request[:cut])  # then a plain close, mid-head
            connection = socket.create_connection(("127.0.0.1", server.port))
            connection.sendall(request[:cut])
            reset(connection)
        # The whole request, then gone before reading, or after one read.
        connection = socket.create_connection(("127.0.0.1", server.port))
        connection.sendall(request * 10)
        reset(connection)
        connection = socket.create_connection(("127.0.0.1", server.port))
        connection.sendall(request)
        connection.recv(100)
        reset(connection)
        with socket.create_connection(("127.0.0.1", server.port)) as connection:
            connection.sendall(request)
            connection.shutdown(socket.SHUT_WR)  # half-closed: still wants the answer
            assert only_answer(read_all(connection)).status == 200
    assert_serving(server)


# Methods, pipelining, versions and keep-alive


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_writes_with_bodies_are_405_and_the_connection_can_go_on(
    server: Server, method: str
) -> None:
    body = b'{"title": "Overwritten", "body": "' + b"x" * 5000 + b'"}'
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(
            f"{method} /api/v1/articles/evening-walks HTTP/1.1\r\nHost: x\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body
            + f"{method} /api/v1/articles HTTP/1.1\r\nHost: x\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
            + chunked
            + b"GET /api/v1/articles/evening-walks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        found = answers(read_all(connection))
    assert [answer.status for answer in found] == [405, 405, 200]
    for refused in found[:2]:
        assert_error(refused, 405)
        assert refused.headers["allow"] == "GET, HEAD"
    assert found[2].json()["title"] == "Do evening walks help me sleep?"
    assert_serving(server)


def test_a_write_expecting_100_continue_is_refused_without_waiting(server: Server) -> None:
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(
            b"POST /api/v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n"
            b"Expect: 100-continue\r\n\r\n"
        )
        data = connection.recv(65536)
    assert only_answer(data).status == 405  # no "100 Continue" first
    assert time.monotonic() - started < QUICKLY
    assert_serving(server)


def test_pipelined_requests_are_answered_in_order(server: Server) -> None:
    targets = ["/api/v1/tags", "/api/v1/articles/evening-walks", "/nowhere", "/api/v1/"] * 5
    pipeline = b"".join(f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode() for target in targets)
    pipeline += b"HEAD /api/v1/tags HTTP/1.1\r\nHost: x\r\n\r\n"
    pipeline += b"GET /api/v1/articles?per_page=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    found = answers(exchange(server.port, pipeline), bodiless=(20,))
    assert [answer.status for answer in found] == [200, 200, 404, 200] * 5 + [200, 200]
    assert found[1].json()["id"] == "evening-walks"
    assert found[20].body == b"" and found[21].json()["per_page"] == 1
    assert_serving(server)


def test_http_1_0_is_answered_then_closed(server: Server) -> None:
    # No Host (HTTP/1.0 needs none), and a keep-alive the server need not honour: the
    # answer comes, then the connection closes (exchange reads until it does).
    for extra in (b"", b"Connection: keep-alive\r\n"):
        started = time.monotonic()
        data = exchange(
            server.port, b"GET /api/v1/articles/evening-walks HTTP/1.0\r\n" + extra + b"\r\n"
        )
        answer = only_answer(data)
        assert answer.status == 200 and answer.json()["id"] == "evening-walks"
        assert time.monotonic() - started < QUICKLY
    assert_serving(server)


def test_keep_alive_serves_many_requests_on_one_connection(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        etag = ""
        for number in range(30):
            condition = f"If-None-Match: {etag}\r\n" if etag and number % 2 else ""
            connection.sendall(f"GET /api/v1/tags HTTP/1.1\r\nHost: x\r\n{condition}\r\n".encode())
            found = only_answer(read_answer(connection))
            assert found.status == (304 if condition else 200)
            etag = found.headers["etag"]
    assert_serving(server)
