"""The API's behaviour through Starlette's TestClient, over the fixture articles.

The fixtures hold three published articles (evening-walks, racing-thoughts,
nested/deeper/inner) and one draft (draft-note).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write
from tests.server.conftest import ClientFactory, TestClient
from zo_reader.core.errors import SourceError
from zo_reader.core.index import Library

ARTICLES = "/api/v1/articles"
PUBLISHED = {"evening-walks", "racing-thoughts", "nested/deeper/inner"}


def ids(response: Any) -> list[str]:
    return [article["id"] for article in response.json()["articles"]]


def links(response: Any) -> dict[str, str]:
    """The Link header as {rel: target}."""
    found = re.findall(r'<([^>]*)>; rel="([a-z]+)"', response.headers.get("link", ""))
    return {rel: target for target, rel in found}


def assert_error(response: Any, status: int) -> str:
    """The response is a JSON error with this status and one plain sentence."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert list(body) == ["error"]
    message: str = body["error"]
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message
    return message


# Listing and pagination


def test_list_gives_the_cli_summary_objects_newest_first(client: TestClient) -> None:
    response = client.get(ARTICLES)
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["page"], body["per_page"]) == (3, 1, 20)
    assert ids(response) == ["evening-walks", "racing-thoughts", "nested/deeper/inner"]
    assert set(body["articles"][0]) == {
        "id", "title", "tags", "date", "author", "summary", "words", "slug", "draft", "version",
    }  # fmt: skip


def test_sort_by_title(client: TestClient) -> None:
    titles = [a["title"] for a in client.get(ARTICLES, params={"sort": "title"}).json()["articles"]]
    assert titles == sorted(titles, key=str.casefold)


def test_pages_and_their_link_header(client: TestClient) -> None:
    first = client.get(ARTICLES, params={"per_page": 1, "tag": "sleep"})
    assert first.json()["total"] == 2 and ids(first) == ["evening-walks"]
    assert links(first) == {
        "first": f"{ARTICLES}?per_page=1&tag=sleep&page=1",
        "next": f"{ARTICLES}?per_page=1&tag=sleep&page=2",
        "last": f"{ARTICLES}?per_page=1&tag=sleep&page=2",
    }
    second = client.get(links(first)["next"])
    assert ids(second) == ["racing-thoughts"]
    assert set(links(second)) == {"first", "prev", "last"}
    assert links(second)["prev"].endswith("page=1")


def test_middle_page_has_all_four_links(client: TestClient) -> None:
    response = client.get(ARTICLES, params={"per_page": 1, "page": 2})
    assert ids(response) == ["racing-thoughts"]
    assert set(links(response)) == {"first", "prev", "next", "last"}


def test_page_past_the_end_is_empty_and_points_back(client: TestClient) -> None:
    response = client.get(ARTICLES, params={"per_page": 2, "page": 9})
    assert response.status_code == 200
    assert response.json()["articles"] == [] and response.json()["total"] == 3
    assert links(response)["prev"].endswith("page=2") and "next" not in links(response)


def test_link_targets_escape_what_the_client_sent(client: TestClient) -> None:
    response = client.get(ARTICLES, params={"tag": 'a>b, <c>; rel="x"'})
    assert response.status_code == 200
    assert len(links(response)) == 2  # first and last, nothing injected
    assert "%3E" in links(response)["first"]


@pytest.mark.parametrize(
    "params",
    [
        {"per_page": "0"},
        {"per_page": "101"},
        {"per_page": "-1"},
        {"per_page": "1.5"},
        {"per_page": "ten"},
        {"per_page": "+5"},
        {"per_page": "٣"},  # an Arabic-Indic digit: str.isdigit() says yes
        {"page": "0"},
        {"page": "9" * 5000},
        {"page": ""},
        {"sort": "random"},
        {"drafts": "maybe"},
        {"q": "x" * 1001},
        {"tag": ["t"] * 21},
        {"tag": "t" * 201},
    ],
)
def test_bad_parameters_are_400(client: TestClient, params: dict[str, Any]) -> None:
    assert_error(client.get(ARTICLES, params=params), 400)


def test_a_single_value_parameter_given_twice_is_400(client: TestClient) -> None:
    message = assert_error(client.get(f"{ARTICLES}?page=1&page=2"), 400)
    assert "page" in message


def test_largest_page_size_and_unknown_parameters_are_accepted(client: TestClient) -> None:
    response = client.get(ARTICLES, params={"per_page": 100, "fields": "id"})
    assert response.status_code == 200 and response.json()["per_page"] == 100


# Tags, search and drafts


def test_tags_are_anded(client: TestClient) -> None:
    assert set(ids(client.get(ARTICLES, params={"tag": "sleep"}))) == {
        "evening-walks",
        "racing-thoughts",
    }
    assert ids(client.get(ARTICLES, params={"tag": ["SLEEP", "anxiety"]})) == ["racing-thoughts"]
    both = client.get(ARTICLES, params={"tag": ["sleep", "family"]})
    assert both.json() == {"total": 0, "page": 1, "per_page": 20, "articles": []}


def test_search_ranks_and_adds_snippets(client: TestClient) -> None:
    response = client.get(ARTICLES, params={"q": "walk*", "sort": "title"})
    assert response.status_code == 200
    hit = response.json()["articles"][0]
    assert hit["id"] == "evening-walks"
    assert "[" in hit["snippet"] and hit["matched"] and isinstance(hit["score"], float)


def test_search_with_tags_and_pages(client: TestClient) -> None:
    response = client.get(ARTICLES, params={"q": "sleep", "tag": "anxiety"})
    assert ids(response) == ["racing-thoughts"]
    paged = client.get(ARTICLES, params={"q": "sleep", "per_page": 1, "page": 2})
    assert paged.json()["total"] == 2 and len(ids(paged)) == 1
    assert links(paged)["first"] == f"{ARTICLES}?q=sleep&per_page=1&page=1"


def test_empty_query_lists_and_odd_query_does_not_fail(client: TestClient) -> None:
    assert set(ids(client.get(ARTICLES, params={"q": "  "}))) == PUBLISHED
    for query in ['"unbalanced', "AND OR NOT", "-", "title:", "*", "\x1b[31m", "x" * 1000]:
        assert client.get(ARTICLES, params={"q": query}).status_code == 200, query


def test_drafts_are_hidden_unless_asked_for(client: TestClient) -> None:
    assert "draft-note" not in ids(client.get(ARTICLES, params={"per_page": 100}))
    assert "draft-note" not in ids(client.get(ARTICLES, params={"q": "ready"}))
    with_drafts = client.get(ARTICLES, params={"drafts": "true"})
    assert "draft-note" in ids(with_drafts) and with_drafts.json()["total"] == 4
    assert_error(client.get(f"{ARTICLES}/draft-note"), 404)
    assert client.get(f"{ARTICLES}/draft-note", params={"drafts": "1"}).json()["draft"] is True


# One article


def test_article_by_id_with_slashes(client: TestClient) -> None:
    response = client.get(f"{ARTICLES}/nested/deeper/inner")
    assert response.status_code == 200
    article = response.json()
    assert article["id"] == "nested/deeper/inner"
    assert article["body"].startswith("# How do I say no to family?")
    assert article["path"] == "nested/deeper/inner.md" and article["warnings"] == []


@pytest.mark.parametrize(
    "reference",
    ["evening", "evening-walks.md", "EVENING-WALKS", "Do evening walks", "", "nested/deeper"],
)
def test_only_exact_ids_resolve(client: TestClient, reference: str) -> None:
    assert_error(client.get(f"{ARTICLES}/{reference}"), 404)


@pytest.mark.parametrize(
    "path",
    [
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "../../../etc/passwd",
        "/etc/passwd",
        "%2Fetc%2Fpasswd",
        "..%2Fsecret",
        "..%252F..%252Fetc%252Fpasswd",
        "evening-walks%00",
        "evening-walks%00.md",
        "%00",
        "%c0%ae%c0%ae%2f",
        "~%2F.bashrc",
        "C:%5CWindows%5Cwin.ini",
    ],
)
def test_ids_never_become_file_paths(
    make_client: ClientFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
) -> None:
    library = tmp_path / "library"
    write(tmp_path, "secret.md", "# Secret\n\nNot in the library.")
    client = make_client(root=library, resync_seconds=3600)
    assert client.get(f"{ARTICLES}/evening-walks").status_code == 200  # first sync done

    def no_file_reads(*args: object, **kwargs: object) -> object:
        raise AssertionError(f"a file was opened: {args!r}")

    monkeypatch.setattr("builtins.open", no_file_reads)
    monkeypatch.setattr("os.open", no_file_reads)
    monkeypatch.setattr("pathlib.Path.open", no_file_reads)
    response = client.get(f"{ARTICLES}/{path}")
    monkeypatch.undo()
    message = assert_error(response, 404)
    assert "root:" not in response.text and "Not in the library" not in response.text
    assert "\x00" not in message


# Tags endpoint


def test_tags_with_counts_like_the_cli(client: TestClient) -> None:
    tags = client.get("/api/v1/tags").json()["tags"]
    assert tags[0] == {"tag": "sleep", "key": "sleep", "count": 2}
    assert {t["key"] for t in tags} == {
        "sleep", "anxiety", "movement", "boundaries", "family", "communication",
    }  # fmt: skip


def test_tag_counts_within_tags_and_with_drafts(client: TestClient) -> None:
    within = client.get("/api/v1/tags", params={"tag": "anxiety"}).json()["tags"]
    assert {t["key"]: t["count"] for t in within} == {"sleep": 1, "anxiety": 1}
    drafts = client.get("/api/v1/tags", params={"drafts": "true"}).json()["tags"]
    assert drafts[0] == {"tag": "sleep", "key": "sleep", "count": 3}


# Errors, methods


@pytest.mark.parametrize(
    "path", ["/", "/api", "/api/v1", "/api/v2/articles", "/api/v1/tags/", "/x.php"]
)
def test_unknown_paths_are_json_404(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"])
@pytest.mark.parametrize("path", [ARTICLES, f"{ARTICLES}/evening-walks", "/nowhere"])
def test_the_server_is_read_only(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, content=b"{}")
    assert_error(response, 405)
    assert response.headers["allow"] == "GET, HEAD"


def test_huge_request_heads_are_refused(client: TestClient) -> None:
    assert_error(client.get(ARTICLES, headers={"X-Padding": "a" * 17_000}), 431)
    assert_error(client.get(f"{ARTICLES}/{'a' * 17_000}"), 431)
    assert client.get(ARTICLES, params={"q": "é" * 1000}).status_code == 200  # 9 KB encoded


def test_head_is_get_without_a_body(client: TestClient) -> None:
    get = client.get(f"{ARTICLES}/evening-walks")
    head = client.head(f"{ARTICLES}/evening-walks")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]


def test_failures_are_plain_json_without_tracebacks(make_client: ClientFactory) -> None:
    def broken() -> Library:
        raise RuntimeError("secret detail \x1b[31m")

    client = make_client(factory=broken, raise_server_exceptions=False)
    response = client.get(ARTICLES)
    message = assert_error(response, 500)
    assert "secret" not in response.text and "RuntimeError" not in response.text
    assert "log" in message


def test_a_source_that_cannot_open_is_503(make_client: ClientFactory) -> None:
    def missing() -> Library:
        raise SourceError("The folder /gone does not exist.")

    client = make_client(factory=missing)
    assert assert_error(client.get("/api/v1/tags"), 503) == "The folder /gone does not exist."


def test_root_names_the_service_and_changes_version_with_the_library(
    make_client: ClientFactory, library_dir: Path
) -> None:
    client = make_client(resync_seconds=0.0)
    first = client.get("/api/v1/")
    assert first.status_code == 200
    root = first.json()
    assert (root["name"], root["api"], root["articles"]) == ("zo-reader", "v1", 3)
    again = client.get("/api/v1/", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    versions = {a["id"]: a["version"] for a in client.get(ARTICLES).json()["articles"]}
    edited = next(library_dir.rglob("evening-walks.md"))
    edited.write_text(edited.read_text() + "\nOne more line.\n")
    changed = client.get("/api/v1/", headers={"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200 and changed.json()["version"] != root["version"]
    after = {a["id"]: a["version"] for a in client.get(ARTICLES).json()["articles"]}
    assert after["evening-walks"] != versions["evening-walks"]
    assert after["racing-thoughts"] == versions["racing-thoughts"]
