"""Tests for the search query parser, checked against a real SQLite FTS5 table."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zo_reader.core.errors import QueryError
from zo_reader.core.query import (
    MAX_QUERY_TERMS,
    ParsedQuery,
    Term,
    describe_query,
    parse_query,
)

# Same columns and tokenizer as the library index.
_SCHEMA = (
    "CREATE VIRTUAL TABLE t USING fts5(title, tags, body, "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
_ROWS = [
    (1, "Sleep well", "sleep", "An evening walk helps you sleep. Avoid alcohol."),
    (2, "Walking in the city", "walk", "Walk in the evening or morning; the walk is short."),
    (3, "Café culture", "food", "Coffee at the café, no alcohol."),
    (4, "Rest days", "rest", "Rest is as important as training."),
    (5, "C++ for writers", "code", "Don't fear the compiler."),
    (6, "Night owls", "sleep", "Some people sleep late and walk at night."),
]
_ALL = frozenset(row[0] for row in _ROWS)


@pytest.fixture(scope="module")
def db() -> Iterator[sqlite3.Connection]:
    """An in-memory FTS5 table with six small articles (module-scoped for hypothesis)."""
    connection = sqlite3.connect(":memory:")
    connection.execute(_SCHEMA)
    connection.executemany("INSERT INTO t(rowid, title, tags, body) VALUES (?, ?, ?, ?)", _ROWS)
    yield connection
    connection.close()


def run(db: sqlite3.Connection, query: ParsedQuery) -> set[int]:
    """Row ids the index would return, using the same SQL shape as the index.

    Each clause is left out when its expression is ``None``: FTS5 rejects
    ``MATCH NULL`` with a syntax error rather than matching nothing.
    """
    clauses = ["1"]
    if query.match is not None:
        clauses.append("t MATCH :match")
    if query.exclude is not None:
        clauses.append("rowid NOT IN (SELECT rowid FROM t WHERE t MATCH :exclude)")
    sql = f"SELECT rowid FROM t WHERE {' AND '.join(clauses)}"
    params = {"match": query.match, "exclude": query.exclude}
    return {row[0] for row in db.execute(sql, params)}


def search(db: sqlite3.Connection, text: str) -> set[int]:
    """Parse ``text`` and run it."""
    return run(db, parse_query(text))


# --- exact expressions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "match", "exclude"),
    [
        ("sleep walk", '"sleep" AND "walk"', None),
        ('"evening walk"', '"evening walk"', None),
        ("walk*", '"walk" *', None),
        ('"evening wal"*', '"evening wal" *', None),
        ("-alcohol", None, '"alcohol"'),
        ('-"evening walk"', None, '"evening walk"'),
        ("NOT alcohol", None, '"alcohol"'),
        ("-a -b", None, '"a" OR "b"'),
        ("sleep OR rest", '("sleep" OR "rest")', None),
        ("a b OR c", '"a" AND ("b" OR "c")', None),
        ("a OR b c", '("a" OR "b") AND "c"', None),
        ("a OR b OR c", '("a" OR "b" OR "c")', None),
        ("a AND b", '"a" AND "b"', None),
        ("a and or not b", '"a" AND "and" AND "or" AND "not" AND "b"', None),
        ("title:sleep", 'title : "sleep"', None),
        ('title:"sleep well"', 'title : "sleep well"', None),
        ("title:walk*", 'title : "walk" *', None),
        ("Title:sleep", 'title : "sleep"', None),
        ("-title:sleep", None, 'title : "sleep"'),
        ("title:sleep OR rest", '(title : "sleep" OR "rest")', None),
        ("don't", '"don\'t"', None),
        ('say"hi"', '"say" AND "hi"', None),
        ("c++", '"c++"', None),
        ('"unbalanced phrase', '"unbalanced phrase"', None),
        ('a "b  c', '"a" AND "b c"', None),
        ("NEAR(a b)", '"NEAR(a" AND "b)"', None),
        ("NEAR", '"NEAR"', None),
        ("walk -", '"walk"', None),
        ("sleep -alcohol -coffee", '"sleep"', '"alcohol" OR "coffee"'),
    ],
)
def test_expressions(text: str, match: str | None, exclude: str | None) -> None:
    """Each syntax element becomes the expected FTS5 expression."""
    query = parse_query(text)
    assert (query.match, query.exclude) == (match, exclude)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("AND sleep", '"sleep"'),
        ("sleep AND", '"sleep"'),
        ("OR sleep", '"sleep"'),
        ("sleep OR", '"sleep"'),
        ("sleep OR OR rest", '("sleep" OR "rest")'),
        ("sleep AND OR rest", '"sleep" AND "rest"'),
        ("sleep OR -alcohol", '"sleep"'),
        ("sleep OR tag:x rest", '"sleep" AND "rest"'),
        ("sleep NOT", '"sleep"'),
        ("sleep NOT OR rest", '"sleep" AND "rest"'),
    ],
)
def test_dangling_operators_are_dropped(text: str, match: str) -> None:
    """Operators with nothing to apply to disappear instead of reaching FTS5."""
    assert parse_query(text).match == match


def test_not_not_excludes() -> None:
    """A NOT followed by another NOT is dropped; the second still applies."""
    query = parse_query("NOT NOT alcohol")
    assert (query.match, query.exclude) == (None, '"alcohol"')


def test_quotes_inside_terms_are_doubled() -> None:
    """An internal quote cannot end the FTS5 string literal early."""
    term = Term(text='say "hi"', phrase=True)
    assert term.to_fts() == '"say ""hi"""'


@pytest.mark.parametrize(
    "text", ["", "   ", '"', '""', "*", "-", ":", "()", "^", "{}", "AND", "OR", "NOT", "- * :"]
)
def test_nothing_searchable_is_empty(text: str) -> None:
    """Input with no letter or digit in any term gives an empty query."""
    query = parse_query(text)
    assert query.is_empty
    assert query == ParsedQuery()
    assert describe_query(query) == "everything"


def test_control_characters_are_removed() -> None:
    """NUL bytes, escapes and lone surrogates never reach SQLite."""
    query = parse_query("sle\x00ep \x1b[31mwalk\udcff")
    assert query.match == '"sleep" AND "walk"'


# --- tags and terms ------------------------------------------------------------------------


def test_tags_are_normalised_and_deduplicated() -> None:
    """Tag filters are returned separately as keys, in order, once each."""
    query = parse_query('sleep tag:Sleep tag:"Evening  Walk" TAG:#sleep')
    assert query.tags == ("sleep", "evening walk")
    assert query.match == '"sleep"'
    assert not query.is_empty


def test_tag_only_query_has_no_match() -> None:
    """A tag alone is a filter, not an FTS5 query."""
    query = parse_query("tag:rest")
    assert (query.match, query.exclude, query.tags) == (None, None, ("rest",))


def test_excluded_tag_is_dropped() -> None:
    """Tags can only be required, so ``-tag:x`` and ``NOT tag:x`` are ignored."""
    assert parse_query("-tag:rest NOT tag:food sleep") == parse_query("sleep")


def test_terms_are_the_positive_words_and_phrases() -> None:
    """``terms`` lists what the user searched for, without syntax or exclusions."""
    query = parse_query('sleep "evening walk" walk* -alcohol title:rest tag:x')
    assert query.terms == ("sleep", "evening walk", "walk", "rest")


def test_describe_query() -> None:
    """The description reads as plain words."""
    query = parse_query('sleep "evening walk" -alcohol tag:sleep')
    assert describe_query(query) == 'sleep and "evening walk", not alcohol, tag sleep'
    query = parse_query('a b OR c* title:d tag:x tag:"y z"')
    assert describe_query(query) == (
        'a and (b or words starting with c) and d in the title, tags x and "y z"'
    )


def test_describe_hand_built_query() -> None:
    """A query built without the structured fields is described from ``terms``."""
    query = ParsedQuery(match='"sleep"', exclude=None, tags=("rest",), terms=("sleep",))
    assert describe_query(query) == "sleep, tag rest"


# --- against real FTS5 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("sleep walk", {1, 6}),
        ("evening walk", {1, 2}),
        ('"evening walk"', {1}),
        ("walk*", {1, 2, 6}),
        ("compil*", {5}),
        ("caf*", {3}),
        ("-alcohol", {2, 4, 5, 6}),
        ("sleep -alcohol", {6}),
        ('sleep -"evening walk"', {6}),
        ("sleep NOT alcohol", {6}),
        ("alcohol -café", {1}),
        ("sleep OR rest", {1, 4, 6}),
        ("walk sleep OR rest", {1, 6}),
        ("sleep OR rest walk", {1, 6}),
        ("sleep", {1, 6}),
        ("title:sleep", {1}),
        ("title:walk*", {2}),
        ('title:"night owls"', {6}),
        ('title:"owls night"', set()),
        ("-title:sleep sleep", {6}),
        ("cafe", {3}),
        ("café", {3}),
        ("CAFÉ", {3}),
        ("don't", {5}),
        ("c++", {5}),
        ("NEAR", set()),
        ("tag:sleep", _ALL),
        ("", _ALL),
    ],
)
def test_rows_found(db: sqlite3.Connection, text: str, rows: set[int]) -> None:
    """The parsed query finds the right articles in a real FTS5 table (tags are filtered in SQL)."""
    assert search(db, text) == rows


def test_very_long_input_is_capped(db: sqlite3.Connection) -> None:
    """Thousands of terms or characters are cut down quietly and still run."""
    query = parse_query(" ".join(f"w{i}" for i in range(5000)))
    assert len(query.terms) <= MAX_QUERY_TERMS
    run(db, query)
    query = parse_query(" OR ".join(["sleep"] * 5000) + " -x" * 500)
    assert len(query.terms) + len(query.excluded) <= MAX_QUERY_TERMS
    assert search(db, " OR ".join(["sleep"] * 5000)) == {1, 6}
    assert search(db, '"' + "sleep " * 1000) == set()
    assert search(db, "x" * 100_000) == set()


# --- properties ----------------------------------------------------------------------------

_SYNTAX = st.sampled_from(
    [
        "AND", "OR", "NOT", "NEAR", "NEAR(", "and", "or", '"', '""', "*", "-", ":", "(", ")",
        "^", "{", "}", "{title}", "title:", "tag:", "Title:", "body:", "+", ",", "'", "\x00",
        "\x1b", "\udcff", "\u202e", "walk", "café", "sleep", "c++", "é", "😀", "🏳️‍🌈", "ß",
    ]
)  # fmt: skip
_QUERIES = st.one_of(
    st.text(),
    st.lists(
        st.tuples(st.one_of(_SYNTAX, st.text(max_size=4)), st.sampled_from(["", " ", "  "]))
    ).map(lambda parts: "".join(token + gap for token, gap in parts)),
)


@settings(max_examples=500, deadline=None)
@given(text=_QUERIES)
def test_any_input_runs(db: sqlite3.Connection, text: str) -> None:
    """Whatever is typed, parsing does not raise and FTS5 accepts the result."""
    try:
        query = parse_query(text)
    except QueryError:  # Allowed by the contract, though the parser never raises it.
        return
    try:
        run(db, query)
        if query.match is not None:
            db.execute("SELECT rowid FROM t WHERE t MATCH ?", (query.match,)).fetchall()
        if query.exclude is not None:
            db.execute("SELECT rowid FROM t WHERE t MATCH ?", (query.exclude,)).fetchall()
    except sqlite3.Error as error:
        pytest.fail(f"{text!r} -> {query!r} raised {error}")
    assert query.is_empty == (query.match is None and query.exclude is None and not query.tags)
    assert len(query.terms) + len(query.excluded) + len(query.tags) <= MAX_QUERY_TERMS
    assert isinstance(describe_query(query), str)
