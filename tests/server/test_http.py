"""HTTP around the documents: ETags and 304s, gzip, the token, resyncing and the log."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import pytest

from tests.conftest import write
from tests.server.conftest import FIXTURES, ClientFactory, TestClient
from zo_reader.core.errors import LibraryError
from zo_reader.core.index import Library
from zo_reader.core.sources.folder import FolderSource
from zo_reader.server.app import LibraryHolder, make_app
from zo_reader.server.middleware import logged_target
from zo_reader.server.responses import accepts_gzip, matches_any
from zo_reader.server.run import CleanFormatter

ARTICLES = "/api/v1/articles"
PLAIN = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip"}
ENDPOINTS = [ARTICLES, f"{ARTICLES}/evening-walks", "/api/v1/tags", "/api/v1/openapi.json"]

# Caching


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_200_has_a_strong_etag_and_revalidates_to_304(client: TestClient, path: str) -> None:
    first = client.get(path)
    etag = first.headers["etag"]
    assert first.status_code == 200 and etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["cache-control"] == "no-cache"
    assert first.headers["vary"] == "Accept-Encoding"
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["vary"] == "Accept-Encoding"
    assert "content-type" not in again.headers


def test_if_none_match_forms(client: TestClient) -> None:
    etag = client.get(ARTICLES, headers=PLAIN).headers["etag"]
    for header in [f'"nope", {etag}', f"W/{etag}", "*"]:
        assert client.get(ARTICLES, headers={**PLAIN, "If-None-Match": header}).status_code == 304
    for header in ['"nope"', etag.strip('"'), "", ","]:
        assert client.get(ARTICLES, headers={**PLAIN, "If-None-Match": header}).status_code == 200


def test_etag_follows_the_content_and_the_parameters(client: TestClient) -> None:
    one = client.get(ARTICLES, params={"per_page": 1}).headers["etag"]
    two = client.get(ARTICLES, params={"per_page": 2}).headers["etag"]
    assert one != two
    assert client.get(ARTICLES, params={"per_page": 1}).headers["etag"] == one


def test_an_edit_changes_the_etag_after_a_resync(
    make_client: ClientFactory, library_dir: Path
) -> None:
    client = make_client(resync_seconds=0)
    path = f"{ARTICLES}/nested/deeper/inner"
    before = client.get(path)
    write(library_dir, "nested/deeper/inner.md", "# Changed title\n\nNew words.\n")
    after = client.get(path, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.json()["title"] == "Changed title"
    write(library_dir, "new-one.md", "# A new article\n\nHello.\n")
    assert client.get(ARTICLES).json()["total"] == 4


# Compression


@pytest.fixture
def big_client(make_client: ClientFactory, library_dir: Path) -> TestClient:
    write(library_dir, "long.md", "# Long\n\n" + "A sentence about sleep and rest. " * 200)
    return make_client()


def test_large_bodies_are_gzipped_for_clients_that_accept_it(big_client: TestClient) -> None:
    plain = big_client.get(f"{ARTICLES}/long", headers=PLAIN)
    packed = big_client.get(f"{ARTICLES}/long", headers=GZIP)
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert int(packed.headers["content-length"]) < len(plain.content) / 5
    assert packed.json() == plain.json()
    # Each representation has its own strong tag; either revalidates the other.
    assert packed.headers["etag"] != plain.headers["etag"]
    assert plain.headers["vary"] == packed.headers["vary"] == "Accept-Encoding"
    revalidated = big_client.get(
        f"{ARTICLES}/long", headers={**GZIP, "If-None-Match": plain.headers["etag"]}
    )
    assert revalidated.status_code == 304
    assert revalidated.headers["etag"] == packed.headers["etag"]


def test_gzip_body_is_the_same_bytes_every_time(big_client: TestClient) -> None:
    """The same content must compress identically, or a strong ETag would lie."""
    request = big_client.build_request("GET", f"{ARTICLES}/long", headers=GZIP)
    first = big_client.send(request, stream=True)
    raw = b"".join(first.iter_raw())
    second = big_client.send(request, stream=True)
    assert b"".join(second.iter_raw()) == raw
    assert gzip.decompress(raw).startswith(b'{"id":"long"')


def test_small_bodies_are_not_compressed(client: TestClient) -> None:
    response = client.get(f"{ARTICLES}/evening-walks", headers=GZIP)
    assert len(response.content) < 1024
    assert "content-encoding" not in response.headers


def test_gzip_refused_with_q_zero_is_not_sent(big_client: TestClient) -> None:
    response = big_client.get(f"{ARTICLES}/long", headers={"Accept-Encoding": "gzip;q=0, br"})
    assert "content-encoding" not in response.headers


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", True),
        ("GZIP, deflate", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("x-gzip", True),
        ("*", True),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("*, gzip;q=0", False),
        ("identity", False),
        ("gzip;q=abc", False),
        ("", False),
        (None, False),
    ],
)
def test_accept_encoding_is_read_with_weights(header: str | None, expected: bool) -> None:
    assert accepts_gzip(header) is expected


def test_if_none_match_comparison() -> None:
    assert matches_any('"abc-gzip"', "abc")
    assert not matches_any('"abcd"', "abc")
    assert not matches_any(None, "abc")


# Token


def test_token_is_needed_everywhere(make_client: ClientFactory) -> None:
    client = make_client(token="s3cret-Token_1")
    for path in [*ENDPOINTS, "/nowhere"]:
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"] == 'Bearer realm="zo-reader"'
        assert "error" in response.json()
    assert client.post(ARTICLES).status_code == 401  # says nothing before the token


@pytest.mark.parametrize(
    "header",
    [
        "Bearer wrong",
        "Bearer s3cret",
        "Bearer s3cret-Token_12",
        "Basic s3cret-Token_1",
        "s3cret-Token_1",
    ],
)
def test_wrong_tokens_are_401(make_client: ClientFactory, header: str) -> None:
    client = make_client(token="s3cret-Token_1")
    response = client.get(ARTICLES, headers={"Authorization": header})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_right_token_is_200(make_client: ClientFactory, scheme: str) -> None:
    client = make_client(token="s3cret-Token_1")
    headers = {"Authorization": f"{scheme} s3cret-Token_1"}
    for path in ENDPOINTS:
        assert client.get(path, headers=headers).status_code == 200, path
    assert client.post(ARTICLES, headers=headers).status_code == 405


# Resyncing


class CountingLibrary(Library):
    """A library that counts its syncs and can be told to fail them."""

    syncs = 0
    fail = False

    def sync(self):  # type: ignore[no-untyped-def]
        self.syncs += 1
        if self.fail:
            raise LibraryError("The disk is full.")
        return super().sync()


def test_resync_at_most_every_interval(library_dir: Path) -> None:
    now = [100.0]
    library = CountingLibrary(FolderSource(library_dir), None)
    holder = LibraryHolder(lambda: library, resync_seconds=2.0, clock=lambda: now[0])
    for advance in [0.0, 0.5, 1.0, 0.6, 0.1, 5.0]:
        now[0] += advance
        with holder.reading():
            pass
    assert library.syncs == 3  # at 100, 102.1 and 107.2
    holder.close()


def test_a_failed_resync_keeps_serving_the_last_index(
    library_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    library = CountingLibrary(FolderSource(library_dir), None)
    holder = LibraryHolder(lambda: library, resync_seconds=0)
    with holder.reading() as reading:
        assert reading.count_articles() == 3
    library.fail = True
    with caplog.at_level(logging.WARNING, "zo_reader.server"), holder.reading() as reading:
        assert reading.count_articles() == 3
    assert "Could not update the index: The disk is full." in caplog.text
    holder.close()


# The log


def test_one_clean_log_line_per_request(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, "zo_reader.server"):
        client.get(f"{ARTICLES}?per_page=2")
        client.get(f"{ARTICLES}/%1b%5b2J%1b%5d0;pwned%07")
    lines = [r.getMessage() for r in caplog.records if r.name == "zo_reader.server"]
    assert lines[0].endswith(" GET /api/v1/articles?per_page=2 200 " + lines[0].split()[-2] + " ms")
    assert " 404 " in lines[1] and "%1b%5b2J" in lines[1]
    assert all("\x1b" not in line and "\x07" not in line for line in lines)


def test_logged_targets_lose_control_characters_and_length() -> None:
    scope = {"path": "/x", "raw_path": b"/a\x1b[31m\x9b1m" + b"b" * 1000, "query_string": b"q=\x07"}
    target = logged_target(scope)
    assert target.startswith("/a") and "\x1b" not in target and "\x9b" not in target
    assert len(target) <= 301


def test_log_formatter_removes_escape_sequences() -> None:
    formatter = CleanFormatter("zo-reader: %(message)s")
    record = logging.LogRecord(
        "x", logging.INFO, "f", 1, "got %s", ("\x1b]0;title\x07ok\x1b[2J",), None
    )
    assert formatter.format(record) == "zo-reader: got ok"


def test_an_empty_token_is_refused_when_the_app_is_built() -> None:
    with pytest.raises(ValueError, match="empty"):
        make_app(lambda: Library(FolderSource(FIXTURES), None), token="")


def test_json_answers_escape_c1_and_bidi_controls() -> None:
    """The same document for a client; nothing a terminal showing the answer would obey."""
    import json

    from zo_reader.server.responses import encode

    document = {"title": "Tide\u009b2J\u202eevil\u2028", "body": "caf\u00e9 \x1b"}
    body = encode(document)
    assert json.loads(body) == document
    text = body.decode("utf-8")
    assert "\u009b" not in text and "\u202e" not in text and "\u2028" not in text
    assert "\\u009b" in text and "\\u202e" in text and "café" in text
