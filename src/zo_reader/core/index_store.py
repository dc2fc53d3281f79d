"""Opening the SQLite file behind a library: schema, version and recovery.

One database per source lives in the user cache directory. It is a cache: the
source is the truth, so a file with another schema version, or one that is
truncated or not a database at all, is deleted and rebuilt with a notice
instead of failing.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
from pathlib import Path

from zo_reader.core.errors import LibraryError
from zo_reader.core.private_files import create_private_file, make_private_dir

SCHEMA_VERSION = 3
BUSY_TIMEOUT_MS = 10_000

# Title, tags and body are the FTS columns, and also the names snippet() reads
# back from the articles table (an external-content FTS5 table). ``body`` is
# the searchable words of the article, ``markdown`` what it was written in.
# bm25 weights titles 10x and tags 5x over bodies.
SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL
);
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL UNIQUE REFERENCES files(path),
    title TEXT NOT NULL,
    sort_title TEXT NOT NULL,
    slug TEXT,
    date TEXT,
    author TEXT,
    summary TEXT NOT NULL,
    words INTEGER NOT NULL,
    draft INTEGER NOT NULL,
    tags TEXT NOT NULL,
    markdown TEXT NOT NULL,
    body TEXT NOT NULL,
    body_line INTEGER NOT NULL,
    -- 0 for a remote summary whose body has not been fetched yet
    complete INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX articles_by_date ON articles(draft, date DESC, sort_title);
CREATE INDEX articles_by_title ON articles(draft, sort_title, date DESC);
CREATE INDEX articles_by_slug ON articles(slug COLLATE NOCASE);
-- A tag's display here is the first form seen; each article keeps its own in article_tags.
CREATE TABLE tags (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, display TEXT NOT NULL);
CREATE TABLE article_tags (
    article INTEGER NOT NULL REFERENCES articles(rowid),
    tag INTEGER NOT NULL REFERENCES tags(id),
    position INTEGER NOT NULL,
    display TEXT NOT NULL,
    PRIMARY KEY (article, tag)
) WITHOUT ROWID;
CREATE INDEX article_tags_by_tag ON article_tags(tag, article);
CREATE TABLE warnings (
    path TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    line INTEGER,
    severity TEXT NOT NULL
);
CREATE INDEX warnings_by_path ON warnings(path);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, tags, body,
    content='articles', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)');
PRAGMA user_version = {SCHEMA_VERSION};
"""


def index_path(cache_root: Path, source_key: str, label: str) -> Path:
    """The database file for a source: a readable stem plus a hash of its key."""
    digest = hashlib.sha256(source_key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    stem = re.sub(r"[^A-Za-z0-9]+", "-", Path(label).name or label).strip("-")[:40] or "library"
    return cache_root / "libraries" / f"{stem}-{digest}.sqlite3"


def open_database(path: Path | None, source_key: str) -> tuple[sqlite3.Connection, list[str]]:
    """Open (creating or rebuilding as needed) the index database.

    Args:
        path: The database file, or ``None`` for an in-memory index.
        source_key: Stored in the file; a file made for another source is rebuilt.

    Returns:
        The connection and notices for the user (for example, that a damaged
        index was rebuilt).

    Raises:
        LibraryError: The file cannot be created or written at all.
    """
    notices: list[str] = []
    if path is None:
        connection = _connect(":memory:")
        _create(connection, source_key)
        return connection, notices
    try:
        make_private_dir(path.parent)
    except OSError as error:
        raise LibraryError(
            f"Cannot create the index folder {path.parent}: {_why(error)}."
        ) from error
    problem = None
    if path.exists():
        problem = _problem_with(path, source_key)
        if problem is None:
            return _connect(str(path)), notices
        notices.append(f"The search index was rebuilt because {problem}.")
        remove_database(path)
    try:
        # Created 0600 before SQLite opens it: its WAL and shared-memory files
        # take the database file's mode.
        with contextlib.suppress(OSError):
            create_private_file(path)
        connection = _connect(str(path))
        _create(connection, source_key)
    except sqlite3.Error as error:
        raise LibraryError(f"Cannot write the search index at {path}: {error}.") from error
    return connection, notices


def remove_database(path: Path) -> None:
    """Delete a database file with its WAL and shared-memory companions."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _connect(target: str) -> sqlite3.Connection:
    connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if target != ":memory:":
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
    else:
        # An in-memory index (private mode) must not spill sorts to temporary files.
        connection.execute("PRAGMA temp_store = MEMORY")
    return connection


def _create(connection: sqlite3.Connection, source_key: str) -> None:
    connection.executescript(SCHEMA)
    connection.execute("INSERT INTO meta VALUES ('source', ?)", (source_key,))
    connection.commit()


def _problem_with(path: Path, source_key: str) -> str | None:
    """Why an existing file cannot be used as it is, or ``None`` if it can."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                return f"it was made by another version of zo-reader (schema {version})"
            row = connection.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
            if row is None or row[0] != source_key:
                return "it belonged to another source"
            connection.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'x'")
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return f"it was damaged ({error})"
    return None


def _why(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
