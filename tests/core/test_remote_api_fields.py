"""Every field a zo-reader API or a WordPress site sends, typed at the door (issue 12).

Each hostile value (an escape sequence for a date, a title of control
characters, a ``javascript:`` link, a code of five thousand letters) is
dropped or cleaned where it enters; the article survives with one
``remote-field-invalid`` warning naming what was left out, which ``list -v``
and ``check`` show. Real servers on loopback play both kinds of site.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.faulty_server import (
    FaultyServer,
    Request,
    ZoApi,
    json_reply,
    make_articles,
    wordpress_post,
)
from tests.hostile_api import P, hostile_api, hostile_wordpress
from zo_reader.core.index import Library
from zo_reader.core.models import ArticleSummary, Tag
from zo_reader.core.sanitize import is_clean
from zo_reader.core.sources.http import HttpOptions
from zo_reader.core.sources.remote_listing import LISTING_PATH
from zo_reader.core.sources.wordpress import WordPressSource
from zo_reader.core.sources.zo_api import ZoApiSource

QUICK = HttpOptions(connect_timeout=1.0, read_timeout=5.0, backoff=0.01)
INVALID = "remote-field-invalid"


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with FaultyServer() as running:
        yield running


def field_warning(library: Library, path: str) -> str:
    """The one ``remote-field-invalid`` message of ``path`` (fails unless there is exactly one)."""
    [warning] = [w for w in library.warnings(path=path) if w.code == INVALID]
    assert is_clean(warning.message)
    return warning.message


def no_field_warning(library: Library, path: str) -> bool:
    return not [w for w in library.warnings(path=path) if w.code == INVALID]


def all_clean(summary: ArticleSummary) -> bool:
    texts = [summary.id, summary.title, summary.date or "", summary.author or "", summary.summary]
    texts += [summary.slug or "", *(tag.display for tag in summary.tags)]
    return all(is_clean(text) and "PWN" not in text for text in texts)


# A zo-reader API

ZO_CASES: dict[str, tuple[dict[str, Any], Callable[[ArticleSummary], bool], str]] = {
    "escape-date": ({"date": "\x1b]0;PWND\x07\u202e"}, lambda s: s.date is None, "a date"),
    "impossible-date": ({"date": "2026-02-30"}, lambda s: s.date is None, "a date"),
    "date-of-digits-of-another-script": ({"date": "²026-01-01"}, lambda s: s.date is None, "date"),
    "title": ({"title": f"Hostile {P} title"}, lambda s: s.title.startswith("Hostile"), "title"),
    "title-not-text": ({"title": ["x"]}, lambda s: s.title == "a-001", "a title that is not"),
    "author": ({"author": f"Auth {P}"}, lambda s: s.author is not None, "the author"),
    "summary": ({"summary": f"Sum {P}"}, lambda s: s.summary.startswith("Sum"), "the summary"),
    "tags": ({"tags": [f"tag{P}", 5]}, lambda s: len(s.tags) == 1, "a tag"),
    "slug": ({"slug": f"slug{P}"}, lambda s: s.slug is None, "a slug"),
    "slug-with-spaces": ({"slug": "two words"}, lambda s: s.slug is None, "a slug"),
    "words": ({"words": 10**30}, lambda s: s.words == 0, "a word count"),
    "long-title": ({"title": "t" * 100_000}, lambda s: len(s.title) <= 500, ""),
}


@pytest.mark.parametrize("case", ZO_CASES)
def test_a_hostile_zo_api_summary_field_is_dropped_or_cleaned_with_one_warning(
    server: FaultyServer, case: str
) -> None:
    changes, kept, named = ZO_CASES[case]
    articles = make_articles(2)
    articles[0].update(changes)
    ZoApi(server, articles)
    library = Library(ZoApiSource(server.base + "/", options=QUICK), None)
    library.sync()
    summary = library.resolve("a-001")
    assert kept(summary), summary
    assert all_clean(summary)
    if named:
        assert named in field_warning(library, "a-001")
    assert no_field_warning(library, "a-002")  # the other article is as it was sent


def test_a_valid_zo_api_date_becomes_an_iso_datetime_without_a_warning(
    server: FaultyServer,
) -> None:
    articles = make_articles(1)
    articles[0]["date"] = "2026-03-04T05:06:07Z"
    ZoApi(server, articles)
    library = Library(ZoApiSource(server.base + "/", options=QUICK), None)
    library.sync()
    assert library.resolve("a-001").date == "2026-03-04T05:06:07+00:00"
    assert no_field_warning(library, "a-001")


def test_a_hostile_zo_api_article_keeps_its_body_and_names_what_it_dropped(
    server: FaultyServer,
) -> None:
    articles = make_articles(1)
    ZoApi(server, articles)
    warnings = [
        {"code": "x" * 5000, "message": f"Msg {P}", "line": 10**30},
        {"code": f"code{P}", "severity": "error"},
        {"code": "front-matter", "message": "Fine.", "line": 3},
        7,
    ]
    whole = {**articles[0], "body": "# One\n\nThe body.\n", "warnings": warnings}
    whole |= {"body_line": "7", "date": f"{P}2026-01-01", "id": "another-id"}
    server.route("/api/v1/articles/a-001", json_reply(whole))
    library = Library(ZoApiSource(server.base + "/", options=QUICK), None)
    library.sync()
    article = library.get("a-001")
    assert article.id == "a-001"  # the id it was asked by, not the one the answer claims
    assert "The body." in article.body and article.body_line == 1
    assert article.summary.date is None
    codes = [w.code for w in article.warnings]
    assert codes == ["unknown", "unknown", "front-matter", INVALID]
    first = article.warnings[0]
    assert first.line is None and first.message.startswith("Msg") and is_clean(first.message)
    message = field_warning(library, "a-001")
    for named in ("a warning code", "a line number", "a body line", "a date", "not an object"):
        assert named in message, message
    assert all(is_clean(w.message) for w in library.warnings())


def test_a_zo_api_article_with_an_id_that_is_not_one_clean_line_is_left_out_and_counted(
    server: FaultyServer,
) -> None:
    articles = make_articles(3)
    articles[0]["id"] = f"bad{P}"
    articles[1]["id"] = LISTING_PATH
    ZoApi(server, articles)
    library = Library(ZoApiSource(server.base + "/", options=QUICK), None)
    library.sync()
    assert [a.id for a in library.list_articles()] == ["a-003"]
    [warning] = library.warnings(path=LISTING_PATH)
    assert warning.message == (
        f"The zo-reader API at {server.base}/ left out 2 articles whose id cannot be used."
    )


def test_a_hostile_zo_api_search_hit_is_cleaned(server: FaultyServer) -> None:
    articles = make_articles(1)
    ZoApi(server, articles)
    hit = {**articles[0], "snippet": f"…a [hostile] {P} snippet", "matched": ["hostile", 5, P]}
    server.route("/api/v1/articles", lambda _r: json_reply({"total": 1, "articles": [hit]}))
    matches = ZoApiSource(server.base + "/", options=QUICK).search("hostile", [], 10, 0)
    assert matches is not None and matches.keys == ("a-001",)
    parts = matches.snippets["a-001"]
    assert [p.text for p in parts if p.matched] == ["hostile"]
    assert all(is_clean(p.text) and "PWN" not in p.text for p in parts)


# A WordPress site


class Site:
    """A WordPress REST API of two posts, one tag and one author; change :attr:`posts`."""

    def __init__(self, server: FaultyServer) -> None:
        self.posts = [wordpress_post(1), wordpress_post(2)]
        self.terms = [{"id": 1, "name": "Rest", "slug": "rest"}]
        server.route("/wp-json/wp/v2/posts", self._list)
        for taxonomy in ("tags", "categories", "users"):
            server.route(f"/wp-json/wp/v2/{taxonomy}", self._terms)
        for number in (1, 2):
            server.route(f"/wp-json/wp/v2/posts/{number}", self._one(number))

    def _list(self, request: Request) -> Any:
        shown = self.posts[:1] if request.query.get("per_page") == "1" else self.posts
        listed = [{k: v for k, v in post.items() if k != "content"} for post in shown]
        total = str(len(self.posts))
        return json_reply(listed, **{"X-WP-Total": total, "X-WP-TotalPages": "1"})

    def _terms(self, _request: Request) -> Any:
        return json_reply(self.terms, **{"X-WP-Total": "1", "X-WP-TotalPages": "1"})

    def _one(self, number: int) -> Callable[[Request], Any]:
        return lambda _request: json_reply(self.posts[number - 1])


WP_CASES: dict[str, tuple[dict[str, Any], Callable[[ArticleSummary], bool], str]] = {
    # The shape that once passed the date check, cleared the screen and opened an OSC.
    # Without its date a post is dated by its last change.
    "escape-date": (
        {"date_gmt": "\x1b[2J-\x1b]0;XT00:00:00", "modified_gmt": "2026-05-06T07:08:09"},
        lambda s: s.date == "2026-05-06T07:08:09+00:00",
        "a publication date that is not a date",
    ),
    "modified": ({"modified_gmt": f"{P}"}, lambda s: s.date is not None, "an update date"),
    "title": ({"title": {"rendered": f"Hostile <b>{P}</b>"}}, lambda s: "Hostile" in s.title, "a"),
    "title-not-rendered": ({"title": "plain"}, lambda s: s.title != "plain", "a title"),
    "excerpt": ({"excerpt": {"rendered": f"<p>Ex {P}</p>"}}, lambda s: "Ex" in s.summary, "an"),
    "slug": ({"slug": f"slug{P}"}, lambda s: s.id == "post-1" and s.slug is None, "a slug"),
    "author": ({"author": "1"}, lambda s: s.author is None, "an author id"),
    "tags": ({"tags": [1, "x"]}, lambda s: [t.display for t in s.tags] == ["Rest"], "tags"),
    "link": ({"link": f"https://wp.example/\x1b]0;PWNED\x07{P}"}, lambda s: True, "a link"),
    "javascript-link": ({"link": "javascript:alert(1)"}, lambda s: True, "a link"),
}


@pytest.mark.parametrize("case", WP_CASES)
def test_a_hostile_wordpress_post_field_is_dropped_or_cleaned_with_one_warning(
    server: FaultyServer, case: str
) -> None:
    changes, kept, named = WP_CASES[case]
    site = Site(server)
    site.posts[0].update(changes)
    library = Library(WordPressSource(server.base + "/wp-json/", options=QUICK), None)
    library.sync()
    summary = next(a for a in library.list_articles() if a.id in ("post-1", "post-post-1"))
    assert kept(summary), summary
    assert all_clean(summary)
    assert named in field_warning(library, "1")
    assert no_field_warning(library, "2")
    article = library.get(summary.id)  # the whole post: the same rules, one warning again
    assert "Body of post 1." in article.body
    assert "PWN" not in article.body and "javascript" not in article.body
    assert [w.code for w in article.warnings] == [INVALID]


# What the commands show


@pytest.mark.parametrize("serve", [hostile_api, hostile_wordpress], ids=["zo", "wordpress"])
def test_check_and_list_show_the_one_warning_of_a_hostile_article(
    serve: Callable[[], Any],
) -> None:
    with serve() as url:
        check = run_cli("check", "-s", url, "--json")
        listed = run_cli("list", "-s", url, "--json", "-v")
    assert "Traceback" not in check.stderr + listed.stderr
    assert check.returncode in (0, 1), check.stderr
    findings = json.loads(check.stdout)
    invalid = [f for f in findings if f["code"] == INVALID]
    assert invalid and all(is_clean(f["message"]) for f in findings)
    per_article = [f["path"] for f in invalid]
    assert len(per_article) == len(set(per_article))  # one per article
    assert listed.returncode == 0, listed.stderr
    assert "those were cleaned or left out, and the rest kept." in listed.stderr
    assert is_clean(listed.stdout + listed.stderr)
    assert all(all_clean(ArticleSummary(**_summary(row))) for row in json.loads(listed.stdout))


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "tags": tuple(Tag(tag.casefold(), tag) for tag in row["tags"])}
