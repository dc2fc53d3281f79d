"""The OpenAPI document is valid, and real responses of every endpoint match it.

Every (path, status) pair the document lists is produced here for real and
checked against its schema and headers; a status the document does not list
fails the check. The schemas forbid unknown fields, so a new field in the
CLI's JSON fails here until the document describes it.
"""

from __future__ import annotations

from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_document

from tests.server.conftest import ClientFactory, TestClient
from zo_reader.core.errors import SourceError
from zo_reader.core.index import Library
from zo_reader.server.openapi import document

DOC = document()
ARTICLES = "/api/v1/articles"
ARTICLE = "/api/v1/articles/{id}"
TAGS = "/api/v1/tags"
OPENAPI = "/api/v1/openapi.json"
ROOT = "/api/v1/"
TOKEN = {"Authorization": "Bearer t0ken"}


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (``#/components/...``) if ``node`` is one."""
    if "$ref" not in node:
        return node
    target: Any = DOC
    for part in node["$ref"].removeprefix("#/").split("/"):
        target = target[part]
    return resolve(target)


def validate_body(schema: dict[str, Any], body: object) -> None:
    """Validate ``body`` against a schema of the document, with its ``$ref``s resolvable."""
    OAS31Validator({**schema, "components": DOC["components"]}).validate(body)


def check(template: str, response: Any) -> tuple[str, str]:
    """Check ``response`` against what the document says for ``template``; return the pair."""
    status = str(response.status_code)
    answers = DOC["paths"][template]["get"]["responses"]
    assert status in answers, f"{template} answered {status}, which the document does not list"
    answer = resolve(answers[status])
    content = answer.get("content")
    if content is None:
        assert response.content == b""
    else:
        assert response.headers["content-type"] == "application/json"
        validate_body(content["application/json"]["schema"], response.json())
    for name, header in answer.get("headers", {}).items():
        assert name.lower() in response.headers, f"{template} {status} lacks {name}"
        validate_body(header["schema"], response.headers[name])
    return template, status


def test_the_document_is_valid_openapi_3_1() -> None:
    validate_document(DOC)
    assert DOC["openapi"].startswith("3.1")


def test_the_server_serves_the_document(client: TestClient) -> None:
    assert client.get(OPENAPI).json() == DOC


@pytest.fixture
def plain(make_client: ClientFactory) -> TestClient:
    return make_client()


@pytest.fixture
def guarded(make_client: ClientFactory) -> TestClient:
    return make_client(token="t0ken")


def test_every_documented_response_is_real_and_matches(
    plain: TestClient, guarded: TestClient, make_client: ClientFactory
) -> None:
    def broken() -> Library:
        raise RuntimeError("boom")

    def unavailable() -> Library:
        raise SourceError("The folder /gone does not exist.")

    failing = make_client(factory=broken, raise_server_exceptions=False)
    gone = make_client(factory=unavailable)
    seen: set[tuple[str, str]] = set()
    for template, url in [
        (ARTICLES, ARTICLES),
        (ARTICLES, f"{ARTICLES}?q=sleep&per_page=1"),
        (ARTICLES, f"{ARTICLES}?q=-sleep&drafts=true"),
        (ARTICLE, f"{ARTICLES}/nested/deeper/inner"),
        (TAGS, TAGS),
        (OPENAPI, OPENAPI),
        (ROOT, ROOT),
    ]:
        first = plain.get(url)
        seen.add(check(template, first))
        etag = first.headers["etag"]
        seen.add(check(template, plain.get(url, headers={"If-None-Match": etag})))
        seen.add(check(template, guarded.get(url)))
        seen.add(check(template, guarded.get(url, headers=TOKEN)))
        seen.add(check(template, plain.get(url, headers={"X-Padding": "a" * 17_000})))
        if template != OPENAPI:
            seen.add(check(template, failing.get(url)))
            seen.add(check(template, gone.get(url)))
    for template, url in [
        (ARTICLES, f"{ARTICLES}?per_page=500"),
        (ARTICLE, f"{ARTICLES}/draft-note?drafts=perhaps"),
        (TAGS, f"{TAGS}?drafts=2"),
        (ARTICLE, f"{ARTICLES}/..%2F..%2Fetc%2Fpasswd"),
    ]:
        seen.add(check(template, plain.get(url)))
    documented = {
        (template, status)
        for template, item in DOC["paths"].items()
        for status in item["get"]["responses"]
    }
    # The document itself touches no library, so nothing in it can fail that way.
    assert documented - seen == {(OPENAPI, "500")}


def test_refusals_outside_the_paths_are_error_documents(plain: TestClient) -> None:
    error = DOC["components"]["schemas"]["Error"]
    for response in [plain.get("/nowhere"), plain.delete(ARTICLES), plain.post("/nowhere")]:
        assert response.status_code in (404, 405)
        validate_body(error, response.json())


def test_search_results_and_summaries_are_told_apart(plain: TestClient) -> None:
    schemas = DOC["components"]["schemas"]
    listed = plain.get(ARTICLES).json()["articles"][0]
    found = plain.get(ARTICLES, params={"q": "sleep"}).json()["articles"][0]
    validate_body(schemas["ArticleSummary"], listed)
    validate_body(schemas["SearchResult"], found)
    with pytest.raises(Exception, match="snippet"):
        validate_body(schemas["SearchResult"], listed)
