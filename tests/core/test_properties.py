"""Hostile input, property by property (issue 6).

Every parser a file, a feed or a user's typing reaches is given input built
from what attackers and broken files contain: escape sequences, C0 and C1
controls, bidi overrides, Markdown, HTML, YAML and TOML fragments and query
syntax. For each, any input gives a result or a typed :class:`ZoReaderError`
within the hypothesis deadline (2 s, far above the milliseconds these take),
and whatever reaches a terminal is clean: no control character but LF and TAB.

Narrower properties of each module live in its own test file; these are the
cross-cutting ones, with the same hostile alphabet for all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zo_reader.core.article_text import article_from_text
from zo_reader.core.document import (
    Document,
    layout,
    parse_continuation,
    parse_markdown,
    split_for_progressive,
)
from zo_reader.core.errors import QueryError, ZoReaderError
from zo_reader.core.frontmatter import split_front_matter
from zo_reader.core.html_markdown import html_to_markdown, html_to_text, text_to_markdown
from zo_reader.core.models import Article
from zo_reader.core.query import MAX_QUERY_TERMS, ParsedQuery, describe_query, parse_query
from zo_reader.core.render import render_article_text, render_markdown
from zo_reader.core.sanitize import clean_line, clean_text, is_clean
from zo_reader.core.tags import MAX_TAGS, hashtags, make_tag, normalise_tag, unique_tags

T = TypeVar("T")

# Generous: each example takes milliseconds; a blow-up on a 200-character input does not.
DEADLINE = timedelta(seconds=2)
SETTINGS = {"deadline": DEADLINE, "suppress_health_check": [HealthCheck.too_slow]}

# --- the hostile alphabet -------------------------------------------------------------------

ESCAPES = [
    "\x1b[2J",
    "\x1b[31;1m",
    "\x1b]0;title\x07",
    "\x1b]8;;https://evil.test\x1b\\",
    "\x1b]52;c;cm0gLXJm\x07",
    "\x1bP1$qm\x1b\\",
    "\x1b_apc\x1b\\",
    "\x9b2J",
    "\x9d0;t\x9c",
    "\x1b",
    "\x1b[",
    "\x1b]",
]
CONTROLS = [chr(code) for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))]
# Bidi embeddings, overrides and isolates, marks, separators, joiners, a combining accent.
BIDI_AND_SPECIAL = list(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200e\u200f\u200b\u200d\ufeff\u2028\u2029\u00a0\u0301\u00df\u00e9"
)
WIDE = ["中文", "😀", "🏳️\u200d🌈", "Ｗｉｄｅ"]
MARKDOWN = [
    *("*", "**", "_", "__", "~~", "`", "``", "```", "~~~", "[", "]", "](", "(", ")", "![", "!"),
    *("|", "| --- |", "|---|:-:|", "#", "# ", "## ", ">", "> ", "-", "- ", "+ ", "1. ", "2) "),
    *("<", "</", "<b>", "</b>", "<!--", "-->", "<br>", "<div>", "&amp;", "&#", "&#x1b;", "\\"),
    *("[^1]", "[^1]: ", "[x]: /u", "[x]", "- [ ] ", "- [x] ", "    ", "\t", "\n", "\n\n"),
    *("***", "---", "===", "<http://a.test>", "https://a.test/#x", "#tag", "#a#b", "a", " "),
    *("[a](javascript:alert(1))", "![i](data:image/png;base64,AAAA)", "```python\n", "\r\n"),
]
FRONT_MATTER = [
    *("---\n", "+++\n", "...\n", "title: ", "tags: [", "]", "- ", "date: ", "2026-03-14"),
    *("2026-13-45", "draft: yes", "author:\n  name: ", "summary: ", "slug: ", "&a ", "*a"),
    *("!!python/object:os.system ", "{", "}", '"', "'", "= ", "[table]", 'key = "v"', "a.b = 1"),
    *("<<: *a", "? ", "|\n", ">-\n", "%YAML 1.2\n", ": ", "\n  ", "[[x]]", "1979-05-27T07:32Z"),
]
QUERY = [
    *("AND", "OR", "NOT", "NEAR", "NEAR(", '"', '""', "*", "-", ":", "(", ")", "^", "{", "}"),
    *("title:", "tag:", "Tag:", "body:", "+", ",", "sleep", "walk*", "café", "\x00", "\udcff"),
]
HTML = [
    *("<p>", "</p>", "<a href='", '<a href="', "'>", '">', "</a>", "<code>", "</code>", "<pre>"),
    *("</pre>", "<ul>", "<ol start='", "<li>", "</li>", "</ul>", "<table>", "<tr>", "<td>"),
    *("<td colspan='2'>", "<th>", "</table>", "<blockquote>", "</blockquote>", "<img src='"),
    *("' alt='", "<br>", "<hr>", "<h1>", "</h1>", "<em>", "<strong>", "<!--", "-->", "<!-->"),
    *("<![CDATA[", "]]>", "<![", "<!", "<?", "<script>", "</script>", "<style>", "&amp;", "&#"),
    *("&#x", ";", "<", ">", '"', "'", "=", "javascript:", "data:", "http://a.test/", "/", " "),
]

HOSTILE_CHARS = st.characters(codec="utf-8") | st.sampled_from(CONTROLS + BIDI_AND_SPECIAL)
FREE_TEXT = st.text(alphabet=HOSTILE_CHARS, max_size=8)


def made_of(fragments: list[str], max_size: int = 60) -> st.SearchStrategy[str]:
    """Text joined from hostile fragments, escapes and free text."""
    pieces = st.sampled_from(fragments) | st.sampled_from(ESCAPES + WIDE) | FREE_TEXT
    return st.lists(pieces, max_size=max_size).map("".join)


MARKDOWN_TEXT = made_of(MARKDOWN)
ARTICLE_TEXT = st.one_of(
    made_of(MARKDOWN),
    st.tuples(made_of(FRONT_MATTER, 30), made_of(MARKDOWN, 40)).map(
        lambda parts: f"---\n{parts[0]}\n---\n{parts[1]}"
    ),
    st.tuples(made_of(FRONT_MATTER, 30), made_of(MARKDOWN, 40)).map(
        lambda parts: f"+++\n{parts[0]}\n+++\n{parts[1]}"
    ),
)
QUERY_TEXT = (
    st.lists(
        st.tuples(st.sampled_from(QUERY) | FREE_TEXT, st.sampled_from(["", " ", "  ", "\t"])),
        max_size=40,
    ).map(lambda parts: "".join(token + gap for token, gap in parts))
    | st.text()
)
HTML_TEXT = made_of(HTML + MARKDOWN, 80)
WIDTHS = st.sampled_from([1, 20, 33, 80, 200])


def outcome(function: Callable[..., T], *args: object) -> T | ZoReaderError:
    """The function's result, or the typed error it raised; any other exception fails."""
    try:
        return function(*args)
    except ZoReaderError as error:
        assert is_clean(str(error)), error
        return error


def assert_document_clean(document: Document) -> None:
    for line in document.lines:
        for span in line.spans:
            assert is_clean(span.text) and "\n" not in span.text, span
    for link in document.links:
        assert is_clean(link.url) and is_clean(link.text), link
    for heading in document.headings:
        assert is_clean(heading.text) and is_clean(heading.anchor), heading


def assert_article_clean(article: Article) -> None:
    summary = article.summary
    for text in (summary.title, summary.author or "", summary.summary, summary.date or ""):
        assert is_clean(text) and "\n" not in text, text
    assert summary.title
    assert len(summary.tags) <= MAX_TAGS
    for tag in summary.tags:
        assert tag.key and is_clean(tag.display) and "\n" not in tag.display, tag
    for warning in article.warnings:
        assert is_clean(warning.message), warning


# --- front matter and articles -----------------------------------------------------------


@settings(max_examples=1000, **SETTINGS)
@given(text=ARTICLE_TEXT)
def test_front_matter_splits_any_text(text: str) -> None:
    front = outcome(split_front_matter, text)
    if isinstance(front, ZoReaderError):
        return
    assert isinstance(front.fields, dict)
    assert all(isinstance(key, str) for key in front.fields)
    assert isinstance(front.body, str) and front.body_line >= 1
    for code, message, line in front.problems:
        assert code.startswith("frontmatter-") and isinstance(message, str) and line >= 1


@settings(max_examples=1000, **SETTINGS)
@given(text=ARTICLE_TEXT)
def test_any_file_text_becomes_a_clean_article(text: str) -> None:
    article = outcome(article_from_text, "id", "folder/file.md", text)
    if not isinstance(article, ZoReaderError):
        assert_article_clean(article)


# --- tags ----------------------------------------------------------------------------------


@settings(max_examples=1200, **SETTINGS)
@given(text=made_of([*MARKDOWN, "#", "#a", "#Café", "#a/b-c", "#1", "##", "#\u202e"]))
def test_hashtags_of_any_body_are_clean_tags(text: str) -> None:
    found = hashtags(text)
    assert len(found) == len(set(found)) <= MAX_TAGS
    for tag in unique_tags(found):
        assert tag.key == normalise_tag(tag.display)
        assert is_clean(tag.display) and "\n" not in tag.display and tag.display.strip()


@settings(max_examples=1200, **SETTINGS)
@given(text=made_of([*MARKDOWN, "#", "  ", "Straße", "Cafe\u0301"], 10))
def test_normalised_tags_are_stable(text: str) -> None:
    key = normalise_tag(text)
    assert normalise_tag(key) == key
    assert is_clean(key) and "\n" not in key
    tag = make_tag(text)
    assert tag is None or (tag.key == key and normalise_tag(tag.display) == key)


# --- the sanitiser ---------------------------------------------------------------------------


@settings(max_examples=1600, **SETTINGS)
@given(text=made_of(ESCAPES + CONTROLS + BIDI_AND_SPECIAL + ["[", "]", "\\", "P", "\r", "\n"]))
def test_sanitised_text_holds_no_control_character(text: str) -> None:
    cleaned, line = clean_text(text), clean_line(text)
    assert is_clean(cleaned) and is_clean(line)
    assert "\n" not in line and "\t" not in line and line == line.strip()
    assert clean_text(cleaned) == cleaned and clean_line(line) == line
    if is_clean(text):
        assert clean_text(text) == text


# --- the query parser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    """An FTS5 table shaped like the index's, to run parsed queries against."""
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, tags, body, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    connection.executemany(
        "INSERT INTO t(title, tags, body) VALUES (?, ?, ?)",
        [("Sleep well", "sleep", "An evening walk."), ("Café", "food", "Coffee, no alcohol.")],
    )
    yield connection
    connection.close()


@settings(max_examples=1600, **SETTINGS)
@given(text=QUERY_TEXT)
def test_any_query_parses_to_something_fts5_runs(fts: sqlite3.Connection, text: str) -> None:
    query = outcome(parse_query, text)
    if isinstance(query, ZoReaderError):
        assert isinstance(query, QueryError)
        return
    assert isinstance(query, ParsedQuery)
    assert len(query.terms) + len(query.excluded) + len(query.tags) <= MAX_QUERY_TERMS
    for part in (*query.terms, *query.tags, describe_query(query)):
        assert is_clean(part) and "\n" not in part, part
        part.encode("utf-8")  # no lone surrogate reaches SQLite
    for expression in (query.match, query.exclude):
        if expression is not None:
            fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()


# --- Markdown to text and to the reader's document ---------------------------------------------


@settings(max_examples=800, **SETTINGS)
@given(text=ARTICLE_TEXT, width=WIDTHS)
def test_any_article_renders_as_clean_text(text: str, width: int) -> None:
    article = article_from_text("id", "a.md", text)
    rendered = outcome(render_article_text, article, width)
    if isinstance(rendered, str):
        assert is_clean(rendered) and "\t" not in rendered
        assert rendered.startswith("Heading 1:")
    plain = render_markdown(article.body, width)
    assert all(is_clean(link.url) and "\n" not in link.url for link in plain.links)


@settings(max_examples=800, **SETTINGS)
@given(text=MARKDOWN_TEXT, width=WIDTHS)
def test_any_markdown_lays_out_as_a_clean_document(text: str, width: int) -> None:
    document = outcome(lambda: layout(parse_markdown(text), width))
    if isinstance(document, Document):
        assert_document_clean(document)
    plain = outcome(lambda: layout(parse_markdown(text, plain=True), width))
    if isinstance(plain, Document):
        assert_document_clean(plain)


@settings(max_examples=400, **SETTINGS)
@given(text=MARKDOWN_TEXT, chunk=st.integers(min_value=1, max_value=80))
def test_progressive_parsing_of_any_markdown_is_clean(text: str, chunk: int) -> None:
    head, tail = split_for_progressive(text, chunk)
    assert head + tail == text
    whole = parse_continuation(parse_markdown(head), tail)
    assert_document_clean(layout(whole, 40))


# --- HTML from feeds and WordPress ----------------------------------------------------------


@settings(max_examples=1200, **SETTINGS)
@given(html=HTML_TEXT, base=st.sampled_from([None, "https://base.test/d/", "\x1b]0;x\x07"]))
def test_any_html_converts_to_clean_markdown(html: str, base: str | None) -> None:
    markdown = outcome(html_to_markdown, html, base)
    if isinstance(markdown, str):
        assert is_clean(markdown)
        assert is_clean(render_markdown(markdown).text)
    text = outcome(html_to_text, html)
    if isinstance(text, str):
        assert is_clean(text) and "\n" not in text
    converted = outcome(text_to_markdown, html)
    if isinstance(converted, str):
        assert is_clean(converted)
