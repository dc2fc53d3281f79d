"""The WordPress test site serves the fixture a WordPress source is tested against.

These tests pin what the real REST API returns for the seeded fixture (see
``scripts/wordpress/seed-data.php``), including the post with terminal escape sequences,
and check that the ``wordpress_url`` fixture skips or fails as documented.
"""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

from tests import wordpress_site

wordpress_url = wordpress_site.wordpress_url
"""The site's base URL, a fixture (``tests/conftest.py`` may also provide it to every module)."""

FIXTURE_SLUGS = (
    "how-to-set-boundaries-without-feeling-guilty",
    "sleep-and-mood",
    "rest-is-productive",
    "cafe-conversations-talking-with-teens",
    "hostile-escapes",
)


def get_json(base: str, route: str, **params: str | int) -> tuple[httpx.Response, Any]:
    """GET ``/wp-json/wp/v2/ROUTE`` and return the response with its decoded body."""
    response = httpx.get(f"{base}/wp-json/wp/v2/{route}", params=params, timeout=10)
    return response, response.json()


def test_rest_api_lists_the_seeded_posts(wordpress_url: str) -> None:
    """Seeded posts are published, found by slug, and their titles arrive as HTML."""
    response, posts = get_json(
        wordpress_url, "posts", slug=",".join(FIXTURE_SLUGS), per_page=100, _fields="slug,title"
    )
    assert response.status_code == 200
    assert response.headers["X-WP-Total"] == str(len(FIXTURE_SLUGS))
    titles = {post["slug"]: post["title"]["rendered"] for post in posts}
    assert set(titles) == set(FIXTURE_SLUGS)
    assert titles["rest-is-productive"] == "Rest Is Productive &#8212; Here&#8217;s Why&#8230;"
    assert titles["cafe-conversations-talking-with-teens"].startswith("Café Conversations")

    response, _ = get_json(wordpress_url, "posts", per_page=1)
    assert int(response.headers["X-WP-Total"]) >= 21  # the fixture, plus any generated posts


def test_hostile_post_reaches_clients_with_its_escapes(wordpress_url: str) -> None:
    """WordPress hands terminal control sequences to clients unchanged, in title and body."""
    _, posts = get_json(wordpress_url, "posts", slug="hostile-escapes")
    assert len(posts) == 1
    post = posts[0]
    assert post["title"]["rendered"] == "Escapes \x1b]0;pwned\x07 in a title"
    content = post["content"]["rendered"]
    for sequence in ("\x1b[2J", "\x1b]52;c;aGVsbG8=\x07", "\x9b31m", "back\x08space"):
        assert sequence in content
    assert content.startswith("<p>This post looks ordinary")

    _, tags = get_json(wordpress_url, "tags", slug="hostile")
    assert [(tag["name"], tag["count"]) for tag in tags] == [("hostile", 1)]
    assert post["tags"] == [tags[0]["id"]]


def test_drafts_and_pages_are_not_posts(wordpress_url: str) -> None:
    """The draft is hidden from the public API and the page lives under /pages only."""
    _, drafts = get_json(wordpress_url, "posts", slug="notes-on-forgiveness")
    assert drafts == []
    _, as_post = get_json(wordpress_url, "posts", slug="about")
    assert as_post == []
    _, pages = get_json(wordpress_url, "pages", slug="about", _fields="slug,title")
    assert [page["title"]["rendered"] for page in pages] == ["About Steady Ground"]


def test_page_after_the_last_is_an_error(wordpress_url: str) -> None:
    """Paging past the end answers HTTP 400, not an empty list: clients must stop first."""
    response, _ = get_json(wordpress_url, "posts", per_page=100)
    last = int(response.headers["X-WP-TotalPages"])
    response, body = get_json(wordpress_url, "posts", per_page=100, page=last + 1)
    assert response.status_code == 400
    assert body["code"] == "rest_post_invalid_page_number"


def closed_port_url() -> str:
    """Return the URL of a loopback port that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_missing_site_skips_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the site, tests are skipped and the reason says how to start it."""
    monkeypatch.setenv(wordpress_site.URL_VARIABLE, closed_port_url())
    monkeypatch.delenv(wordpress_site.REQUIRE_VARIABLE, raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"scripts/wordpress/up\.sh"):
        wordpress_site.wordpress_base_url()


def test_missing_site_fails_when_required(monkeypatch: pytest.MonkeyPatch) -> None:
    """With ZO_READER_REQUIRE_WORDPRESS=1 (as in CI), a missing site is a failure."""
    monkeypatch.setenv(wordpress_site.URL_VARIABLE, closed_port_url())
    monkeypatch.setenv(wordpress_site.REQUIRE_VARIABLE, "1")
    with pytest.raises(pytest.fail.Exception, match="WordPress is not running"):
        wordpress_site.wordpress_base_url()
