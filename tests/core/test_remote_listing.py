"""Bounded listing of a zo-reader API and a WordPress site that claim huge totals (issue 12).

A zo API claiming a billion articles was paged 1,304 times in a minute with
nothing shown; a WordPress site of a thousand pages took a minute and 343 MB.
Here real servers on loopback claim a billion: the number of requests stays
bounded, the list shows what was read, the copies of an earlier sync are
kept, and one plain sentence (a warning, shown by ``list -v`` and ``check``)
says what was kept.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.faulty_server import FaultyServer, Reply, Request, ZoApi, json_reply, make_articles
from zo_reader.core.index import Library
from zo_reader.core.sources import wordpress, zo_api
from zo_reader.core.sources.http import HttpOptions
from zo_reader.core.sources.remote_listing import LISTING_CODE, LISTING_PATH
from zo_reader.core.sources.wordpress import WordPressSource
from zo_reader.core.sources.zo_api import ZoApiSource

QUICK = HttpOptions(connect_timeout=1.0, read_timeout=5.0, backoff=0.01)
BILLION = 10**9


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with FaultyServer() as running:
        yield running


def article(number: int, prefix: str = "big") -> dict[str, Any]:
    return {
        "id": f"{prefix}-{number}",
        "title": f"Big {number}",
        "date": "2026-01-01",
        "version": f"v{number}",
        "summary": "s",
        "words": 10,
    }


def claiming_a_billion(api: ZoApi, per_page: int = 1, repeat: bool = False) -> None:
    """The list claims a billion articles; each answer holds ``per_page`` new ones (or the same)."""

    served = itertools.count()

    def page(request: Request) -> Reply:
        number = 1 if repeat else next(served)
        items = [article(number * per_page + n) for n in range(per_page)]
        return json_reply({"total": BILLION, "page": number, "articles": items})

    api.server.route("/api/v1/articles", page)
    api.articles.append(make_articles(1, prefix="changed")[0])  # a new root ETag


def listing_warning(library: Library) -> str:
    [warning] = [w for w in library.warnings() if w.path == LISTING_PATH]
    assert warning.code == LISTING_CODE
    return warning.message


def test_a_zo_api_claiming_a_billion_articles_is_read_in_a_bounded_number_of_pages(
    server: FaultyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zo_api, "MAX_PAGES", 5)
    api = ZoApi(server, make_articles(3))
    library = Library(ZoApiSource(server.base + "/", options=QUICK), None)
    library.sync()
    assert library.count_articles() == 3
    claiming_a_billion(api)
    server.forget()
    library.sync()
    assert len(server.hits("/api/v1/articles")) == 5
    ids = {a.id for a in library.list_articles()}
    assert {"a-001", "a-002", "a-003"} <= ids  # the copies are kept
    assert len(ids - {"a-001", "a-002", "a-003"}) == 5  # and what was read is listed
    assert listing_warning(library) == (
        f"The zo-reader API at {server.base}/ lists 1,000,000,000 articles; this sync read 5 "
        "(at most 5 pages a sync), and the copies of the others are kept."
    )


def test_a_zo_api_repeating_one_page_is_read_once(server: FaultyServer) -> None:
    api = ZoApi(server, make_articles(1))
    claiming_a_billion(api, per_page=100, repeat=True)
    library = Library(ZoApiSource(server.base + "/", options=QUICK), None)
    library.sync()
    assert len(server.hits("/api/v1/articles")) == 2  # the page, then the same page again
    assert library.count_articles() == 100


def test_a_zo_api_page_holding_too_many_articles_is_cut_at_the_item_cap(
    server: FaultyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zo_api, "MAX_ITEMS", 150)
    api = ZoApi(server, make_articles(1))
    claiming_a_billion(api, per_page=1_000)
    library = Library(ZoApiSource(server.base + "/", options=QUICK), None)
    library.sync()
    assert library.count_articles() == 150
    assert len(server.hits("/api/v1/articles")) == 1
    assert "this sync read 150 (at most 150 articles a sync)" in listing_warning(library)


def test_a_listing_stops_when_its_time_is_spent(server: FaultyServer) -> None:
    """The ``sync_budget`` setting (here none at all) bounds the listing's time."""
    api = ZoApi(server, make_articles(1))
    claiming_a_billion(api)
    spent = replace(QUICK, sync_budget=0.0)
    library = Library(ZoApiSource(server.base + "/", options=spent), None)
    library.sync()
    assert len(server.hits("/api/v1/articles")) == 0
    assert "(at most 0 seconds a sync)" in listing_warning(library)


def test_the_listing_warning_goes_when_the_list_is_whole_again(
    server: FaultyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zo_api, "MAX_PAGES", 1)
    api = ZoApi(server, make_articles(150))  # two pages of a hundred
    library = Library(ZoApiSource(server.base + "/", options=QUICK), None)
    library.sync()
    assert library.count_articles() == 100
    assert "lists 150 articles; this sync read 100" in listing_warning(library)
    monkeypatch.setattr(zo_api, "MAX_PAGES", 10)
    api.articles.pop()  # a new ETag; the count shows a removal: the whole list is read
    library.sync()
    assert library.count_articles() == 149
    assert not [w for w in library.warnings() if w.path == LISTING_PATH]


def test_the_cli_shows_what_a_zo_api_claiming_a_billion_sent(server: FaultyServer) -> None:
    """The real caps: a hundred pages of one article, listed; one sentence; copies kept."""
    api = ZoApi(server, make_articles(3))
    source = f"zo+{server.base}/"
    assert run_cli("list", "-s", source, "--json").returncode == 0
    claiming_a_billion(api)
    server.forget()
    result = run_cli("list", "-s", source, "--json", "-v")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert len(server.hits("/api/v1/articles")) == zo_api.MAX_PAGES
    ids = {row["id"] for row in json.loads(result.stdout)}
    assert len(ids) == 3 + zo_api.MAX_PAGES
    [line] = [line for line in result.stderr.splitlines() if "1,000,000,000" in line]
    assert line == (
        f"(listing): The zo-reader API at {server.base}/ lists 1,000,000,000 articles; this "
        "sync read 100 (at most 100 pages a sync), and the copies of the others are kept."
    )
    check = run_cli("check", "-s", source, "--json", "--no-bodies")
    codes = [f["code"] for f in json.loads(check.stdout)]
    assert LISTING_CODE in codes, check.stdout[-400:]


# WordPress


def post(number: int) -> dict[str, Any]:
    return {
        "id": number,
        "date_gmt": "2026-01-01T10:00:00",
        "modified_gmt": "2026-01-01T10:00:00",
        "slug": f"post-{number}",
        "title": {"rendered": f"Post {number}"},
        "excerpt": {"rendered": "<p>Ex</p>"},
        "tags": [],
        "categories": [],
        "author": 1,
        "link": f"http://127.0.0.1/post-{number}",
    }


def huge_wordpress(server: FaultyServer, per_page: int = 1, terms_pages: str = "1") -> None:
    """A site claiming a billion posts on a billion pages; each page holds ``per_page`` new."""
    claimed = {"X-WP-Total": str(BILLION - 1), "X-WP-TotalPages": str(BILLION - 1)}

    def posts(request: Request) -> Reply:
        number = int(request.query.get("page", "1"))
        size = 1 if request.query.get("per_page") == "1" else per_page
        return json_reply([post(number * per_page + n) for n in range(size)], **claimed)

    def terms(request: Request) -> Reply:
        number = int(request.query.get("page", "1"))
        names = [{"id": number, "name": f"Term {number}", "slug": f"t{number}"}]
        return json_reply(names, **{"X-WP-Total": terms_pages, "X-WP-TotalPages": terms_pages})

    server.route("/wp-json/wp/v2/posts", posts)
    for taxonomy in ("tags", "categories", "users"):
        server.route(f"/wp-json/wp/v2/{taxonomy}", terms)


def test_a_wordpress_site_claiming_a_billion_pages_is_read_in_a_bounded_number(
    server: FaultyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wordpress, "MAX_PAGES", 4)
    huge_wordpress(server, terms_pages=str(BILLION - 1))
    library = Library(WordPressSource(server.base + "/wp-json/", options=QUICK), None)
    library.sync()
    listing = [hit for hit in server.hits("/wp-json/wp/v2/posts") if hit.query["per_page"] != "1"]
    assert len(listing) == 4
    assert library.count_articles() == 4
    for taxonomy in ("tags", "categories", "users"):
        assert len(server.hits(f"/wp-json/wp/v2/{taxonomy}")) == wordpress.TERM_PAGES
    assert listing_warning(library) == (
        f"The WordPress site at {server.base}/ lists 999,999,999 posts; this sync read 4 "
        "(at most 4 pages a sync), and the copies of the others are kept."
    )


def test_the_cli_shows_what_a_huge_wordpress_site_sent(server: FaultyServer) -> None:
    huge_wordpress(server, per_page=100)
    source = f"wordpress+{server.base}/"
    result = run_cli("list", "-s", source, "--json", "-v")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert len(json.loads(result.stdout)) == wordpress.MAX_ITEMS
    listing = [hit for hit in server.hits("/wp-json/wp/v2/posts") if hit.query["per_page"] != "1"]
    assert len(listing) == wordpress.MAX_PAGES
    assert any(
        "posts; this sync read 5,000 (at most 5,000 posts a sync)" in line
        for line in result.stderr.splitlines()
    )
