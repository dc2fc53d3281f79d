"""Hostile answers of random shape against every remote source: one error type, clean output.

Hypothesis writes the server's answers (JSON of random shape and depth, random
headers, field values full of control characters) for a zo-reader API, a
WordPress site and a JSON Feed, served on loopback by a real HTTP server. For
each, a sync, the list, every article and every printer must

* raise nothing but :class:`~zo_reader.core.errors.ZoReaderError` (one plain
  sentence, never a traceback),
* print nothing the sanitiser would remove,
* finish in bounded CPU time.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile_api import Scripted, scripted_server
from zo_reader.cli.output import article_json, byline, dumps, summary_json
from zo_reader.core.errors import ZoReaderError
from zo_reader.core.index import Library
from zo_reader.core.render import render_article_text
from zo_reader.core.sanitize import is_clean
from zo_reader.core.sources.base import Source
from zo_reader.core.sources.feed import FeedSource
from zo_reader.core.sources.http import HttpOptions
from zo_reader.core.sources.wordpress import WordPressSource
from zo_reader.core.sources.zo_api import ZoApiSource

QUICK = HttpOptions(connect_timeout=1.0, read_timeout=2.0, retries=0, backoff=0.01, deadline=5.0)
CPU_SECONDS = 10.0
"""Most an example may cost: a real page of answers takes well under a second."""

# Text a server may send: escapes, C0 and C1 controls, bidi, digits of other scripts.
HOSTILE = st.text(
    alphabet=st.sampled_from(
        [*list("aZ09 -:T.#/<>&\"'[]()!*_`\n"), "\x1b", "\x07", "\x08", "\x9b", "\u202e", "²", "٣"]
    ),
    max_size=40,
) | st.sampled_from(
    ["\x1b]0;PWNED\x07", "\x1b[2J-\x1b]0;XT00:00:00", "2026-01-01T00:00:00", "javascript:x"]
)
NUMBERS = st.integers(-(2**70), 2**70) | st.floats(allow_nan=True, allow_infinity=True)
LEAVES = st.none() | st.booleans() | NUMBERS | HOSTILE
JSON = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE, inner, max_size=4),
    max_leaves=25,
)


def fields(
    names: list[str], required: dict[str, st.SearchStrategy[Any]] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """An object with documented field names and values of any type (often hostile text).

    ``required`` fields are there with values of their own, usually well-formed,
    so that most examples get past the list to the articles.
    """
    required = required or {}
    optional = {name: JSON | HOSTILE for name in names if name not in required}
    return st.fixed_dictionaries(required, optional=optional)


def mostly(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a well-formed value, sometimes anything."""
    return st.one_of(good, good, good, JSON)


def usually_shallow(draw: st.DrawFn, document: Any) -> bytes:
    """The document, or one time in five JSON nested up to 100,000 deep instead."""
    if draw(st.integers(0, 4)) < 4:  # hypothesis leans to small numbers: 0 is the document
        return body(document)
    return deep(draw(st.integers(1, 100_000)))


ZO_FIELDS = ["id", "title", "tags", "date", "author", "summary", "words", "slug", "version"]
ZO_FIELDS += ["body", "body_line", "warnings", "snippet", "matched", "path", "draft"]
WP_FIELDS = ["id", "date_gmt", "modified_gmt", "slug", "link", "title", "excerpt", "content"]
WP_FIELDS += ["author", "categories", "tags"]
FEED_FIELDS = ["id", "url", "title", "content_html", "content_text", "summary"]
FEED_FIELDS += ["date_published", "date_modified", "authors", "tags", "external_url"]
HEADER_NAMES = ["ETag", "Last-Modified", "X-WP-Total", "X-WP-TotalPages", "Retry-After"]
HEADER_VALUES = st.text(
    alphabet=st.sampled_from([*list('aZ09 "-/,;=²é'), "\x1b", "\x7f", "\x9b"]), max_size=30
)
HEADERS = st.dictionaries(st.sampled_from(HEADER_NAMES), HEADER_VALUES, max_size=3)


def body(document: Any) -> bytes:
    return json.dumps(document, allow_nan=True).encode()


def counts(total: int) -> dict[str, str]:
    """WordPress's count headers, right (random ones drawn after may replace them)."""
    return {"X-WP-Total": str(total), "X-WP-TotalPages": "1"}


def deep(depth: int) -> bytes:
    """JSON nested ``depth`` lists deep: the parser's recursion, not the server's size."""
    return b"[" * depth + b"]" * depth


@st.composite
def zo_answers(draw: st.DrawFn) -> dict[str, tuple[int, dict[str, str], bytes]]:
    ids = st.text(alphabet="abc-/é\x1b\u202e", min_size=1, max_size=8)
    item = fields(ZO_FIELDS, {"id": mostly(ids), "version": mostly(HOSTILE)})
    root = {"name": "zo-reader", "api": "v1", "version": draw(HOSTILE), "articles": 1}
    listed = draw(st.lists(item, max_size=4))
    total = len(listed) if draw(st.integers(0, 4)) < 4 else draw(JSON)
    page: Any = {"total": total, "articles": listed}
    raw_page = usually_shallow(draw, page)
    article = draw(item)
    return {
        "/api/v1/": (200, draw(HEADERS), body(root)),
        "/api/v1/articles": (200, draw(HEADERS), raw_page),
        **{
            f"/api/v1/articles/{entry.get('id')}": (200, {}, body({**article, **entry}))
            for entry in listed
            if isinstance(entry.get("id"), str)
        },
    }


@st.composite
def wordpress_answers(draw: st.DrawFn) -> dict[str, tuple[int, dict[str, str], bytes]]:
    ids = mostly(st.integers(1, 10**6))
    posts = draw(st.lists(fields(WP_FIELDS, {"id": ids}), max_size=4))
    terms = draw(st.lists(fields(["id", "name", "slug"], {"id": ids}), max_size=3))
    listing = usually_shallow(draw, posts)
    answers = {
        "/wp-json/wp/v2/posts": (200, {**counts(len(posts)), **draw(HEADERS)}, listing),
        "/wp-json/wp/v2/categories": (200, draw(HEADERS), body(terms)),
        "/wp-json/wp/v2/tags": (200, {}, body(terms)),
        "/wp-json/wp/v2/users": (200, {}, body(terms)),
    }
    for post in posts:
        answers[f"/wp-json/wp/v2/posts/{post.get('id')}"] = (200, {}, body(post))
    return answers


@st.composite
def feed_answers(draw: st.DrawFn) -> dict[str, tuple[int, dict[str, str], bytes]]:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": draw(HOSTILE),
        "items": draw(st.lists(fields(FEED_FIELDS, {"id": mostly(HOSTILE)}), max_size=5)),
    }
    headers = {"Content-Type": "application/feed+json", **draw(HEADERS)}
    raw = usually_shallow(draw, feed)
    return {"/feed.json": (200, headers, raw)}


SOURCES: dict[str, tuple[Callable[[str], Source], Any]] = {
    "zo": (lambda url: ZoApiSource(url, options=QUICK), zo_answers()),
    "wordpress": (
        lambda url: WordPressSource(url + "wp-json/", options=QUICK),
        wordpress_answers(),
    ),
    "feed": (lambda url: FeedSource(url + "feed.json", options=QUICK), feed_answers()),
}


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, type[Scripted]]]:
    with scripted_server() as running:
        yield running


def read_everything(source: Source) -> list[str]:
    """Sync, list, open every article and print it every way; the printed strings."""
    printed: list[str] = []
    with Library(source, None) as library:
        report = library.sync()
        printed += report.notices
        for summary in library.list_articles(drafts=True):
            printed += [dumps(summary_json(summary)), " · ".join(byline(summary))]
            try:
                article = library.get(summary.id)
            except ZoReaderError as error:
                printed.append(str(error))
                continue
            printed += [render_article_text(article, 60), dumps(article_json(article))]
            printed += [warning.message for warning in article.warnings]
    return printed


@pytest.mark.slow
@pytest.mark.parametrize("kind", SOURCES)
def test_hostile_answers_raise_one_error_type_and_print_clean(
    kind: str, server: tuple[str, type[Scripted]]
) -> None:
    url, handler = server
    make_source, answers = SOURCES[kind]

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(answers)
    def check(scripted: dict[str, tuple[int, dict[str, str], bytes]]) -> None:
        handler.answers = scripted
        started = time.process_time()
        try:
            printed = read_everything(make_source(url))
        except ZoReaderError as error:
            printed = [str(error)]
        for text in printed:
            assert is_clean(text.replace("\n", " ")), repr(text[:200])
            assert "PWNED" not in text and "Traceback" not in text
        assert time.process_time() - started < CPU_SECONDS

    check()


def test_the_scripted_server_answers_what_it_is_given(
    server: tuple[str, type[Scripted]], tmp_path: Path
) -> None:
    """The property test is real: a good answer gives articles (not only errors)."""
    url, handler = server
    article = {"id": "a", "title": "A", "version": "1", "body": "Hello.", "date": "2026-01-01"}
    handler.answers = {
        "/api/v1/": (200, {}, body({"name": "zo-reader", "api": "v1", "articles": 1})),
        "/api/v1/articles": (200, {}, body({"total": 1, "articles": [article]})),
        "/api/v1/articles/a": (200, {}, body(article)),
    }
    printed = read_everything(ZoApiSource(url, options=QUICK))
    assert any("Hello." in text for text in printed)
