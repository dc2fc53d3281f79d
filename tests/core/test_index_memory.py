"""A very long article opened on its own: the in-memory index holds its words once, not its text."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sqlite3
import tracemalloc
from pathlib import Path

import pytest

from zo_reader.core.index import KEPT_TEXT_LIMIT, Library
from zo_reader.core.sources.folder import FolderSource
from zo_reader.core.sources.single_file import SingleFileSource

_WORDS = [
    "river",
    "mountain",
    "castle",
    "dragon",
    "wizard",
    "forest",
    "lantern",
    "harbour",
    "meadow",
]


def book(chapters: int, *, last: str = "zanzibar") -> str:
    """A Markdown book: front matter, then chapters of headings, paragraphs, lists and links."""
    parts = ["---\ntitle: The Long Book\ntags: [novel]\n---\n\n# The Long Book\n\n"]
    for number in range(chapters):
        prose = " ".join(_WORDS[(number + i) % len(_WORDS)] for i in range(120))
        parts.append(
            f"## Chapter {number}\n\nOpening of chapter {number}: {prose} and a "
            f"[link](https://example.com/{number}) with *emphasis*.\n\n"
            f"- first item {prose[:60]}\n- second item\n\n> quoted {prose[:80]}\n\n"
        )
    parts.append(f"The very last word is {last}.\n")
    return "".join(parts)


def _sqlite_bytes() -> int | None:
    """SQLite's own count of the memory it holds, where its library can be reached."""
    import _sqlite3

    with contextlib.suppress(OSError, AttributeError):
        used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
        used.restype = ctypes.c_int64
        return int(used())
    return None


def _held_after_sync(path: Path) -> tuple[int, int, Library]:
    """Python memory kept once the index of ``path`` is built, and the index's pages."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        library = Library(SingleFileSource(path), None)
        library.sync()
        gc.collect()
        python = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    db = library.connection
    pages = (
        db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
    )
    return python, pages, library


def test_a_book_twice_as_long_grows_the_index_by_much_less_than_its_text(tmp_path: Path) -> None:
    """Doubling a book adds well under its added text to the index (it added twice that)."""
    short, long = tmp_path / "short.md", tmp_path / "long.md"
    short.write_text(book(2_500), encoding="utf-8")
    long.write_text(book(5_000), encoding="utf-8")
    added = long.stat().st_size - short.stat().st_size
    assert short.stat().st_size > KEPT_TEXT_LIMIT

    sqlite_before = _sqlite_bytes()
    python_short, pages_short, first = _held_after_sync(short)
    sqlite_short = _sqlite_bytes()
    python_long, pages_long, second = _held_after_sync(long)
    sqlite_long = _sqlite_bytes()
    with first, second:
        # Markdown and words were both stored (2x the added text) and the body stayed
        # in a cache (1x more); now only the full-text index grows.
        assert pages_long - pages_short < added // 2
        assert python_long - python_short < added // 4
        assert python_long < added // 2
        if sqlite_before is not None and sqlite_short is not None and sqlite_long is not None:
            # The cached statements' last bindings held the book's words once more.
            assert (sqlite_long - sqlite_short) - (sqlite_short - sqlite_before) < added // 2


def test_a_long_book_is_listed_searched_and_read_from_its_file(tmp_path: Path) -> None:
    path = tmp_path / "book.md"
    text = book(3_000)
    path.write_text(text, encoding="utf-8")
    with Library(SingleFileSource(path), None) as library:
        library.sync()
        [summary] = library.list_articles()
        assert summary.title == "The Long Book"
        stored = library.connection.execute(
            "SELECT markdown, length(body) FROM articles"
        ).fetchone()
        assert stored[0] is None and stored[1] < 20_000

        article = library.get(summary.id)
        assert article.body == text.split("---\n", 2)[2].lstrip("\n")
        assert article.id == summary.id and article.body_line == 6

        [early] = library.search("opening")
        assert early.article.id == summary.id and "opening" in early.matched_words[0].lower()
        [late] = library.search("zanzibar")
        # The match is past the words kept for snippets: no snippet rather than a wrong one.
        assert late.article.id == summary.id and late.snippet == ()
        assert library.count_matches("zanzibar") == 1


def test_a_long_book_that_changes_is_indexed_afresh(tmp_path: Path) -> None:
    path = tmp_path / "book.md"
    neighbour = tmp_path / "notes.md"
    neighbour.write_text("# Notes\n\nSome pelican notes.\n", encoding="utf-8")
    path.write_text(book(3_000) + "\nSee [notes](notes.md).\n", encoding="utf-8")
    with Library(SingleFileSource(path), None) as library:
        first = library.sync()
        assert first.added == 2
        path.write_text(book(3_100, last="quokka"), encoding="utf-8")
        report = library.sync()
        assert (report.added, report.updated, report.removed) == (0, 1, 1)
        assert library.search("zanzibar") == [] and library.count_matches("quokka") == 1
        assert library.search("pelican") == []
        assert library.get(library.list_articles()[0].id).body.endswith("quokka.\n")
        db = library.connection
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == 1


def test_a_long_book_whose_file_went_away_says_so(tmp_path: Path) -> None:
    from zo_reader.core.errors import ArticleUnavailableError

    path = tmp_path / "book.md"
    path.write_text(book(3_000), encoding="utf-8")
    with Library(SingleFileSource(path), None) as library:
        library.sync()
        article_id = library.list_articles()[0].id
        path.unlink()
        with pytest.raises(ArticleUnavailableError, match="cannot be read from its file"):
            library.get(article_id)
        library.sync()
        assert library.list_articles() == []


def test_a_folder_index_on_disk_keeps_the_whole_text(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "book.md").write_text(book(3_000), encoding="utf-8")
    with Library(FolderSource(root), tmp_path / "index.sqlite3") as library:
        library.sync()
        assert library.keeps_text
        row = library.connection.execute("SELECT markdown IS NULL FROM articles").fetchone()
        assert row[0] == 0
        [hit] = library.search("zanzibar")
        assert hit.matched_words == ("zanzibar",)


def test_an_index_with_an_old_schema_is_rebuilt(tmp_path: Path) -> None:
    """Schema 5 lets ``markdown`` be NULL; an index of 4 is rebuilt, not read."""
    root = tmp_path / "lib"
    root.mkdir()
    (root / "a.md").write_text("# A\n\nAlpha.\n", encoding="utf-8")
    database = tmp_path / "index.sqlite3"
    Library(FolderSource(root), database).close()
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA user_version = 4")
    db.close()
    with Library(FolderSource(root), database) as library:
        assert any("another version" in notice for notice in library.notices)
