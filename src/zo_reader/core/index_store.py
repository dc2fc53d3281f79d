"""Opening the SQLite file behind a library: schema, version and recovery.

One database per source lives in the user cache directory. It is a cache: the
source is the truth, so a file with another schema version, or one that is
truncated or not a database at all, is deleted and rebuilt with a notice
instead of failing. A folder that cannot be written gives an index in memory
for the run, also with a notice: the reader works without its cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
from pathlib import Path
from typing import NamedTuple

from zo_reader.core import private_files
from zo_reader.core.private_files import create_private_file, exclusive, make_private_dir

# 4: titles, summaries and searchable words come from the reading body (scraped pages,
# vaults and sites read by their conventions), so indexes of 3 are rebuilt.
# 5: ``markdown`` may be NULL: a very long article of an index in memory is read
# again from its file instead of being kept (see ``Library.keeps_text``).
SCHEMA_VERSION = 5
BUSY_TIMEOUT_MS = 10_000
TOKENIZE = "porter unicode61 remove_diacritics 2"
"""How FTS5 splits text into words, for every full-text table of the index."""

# Title, tags and body are the FTS columns, and also the names snippet() reads
# back from the articles table (an external-content FTS5 table). ``body`` is
# the searchable words of the article, ``markdown`` what it was written in.
# A NULL ``markdown`` means the text is not kept: the article is read again
# from its file, and ``body`` holds only the start of its words, for snippets
# (the full-text index has them all). bm25 weights titles 10x and tags 5x over bodies.
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
    markdown TEXT,
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
    tokenize='{TOKENIZE}'
);
INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)');
PRAGMA user_version = {SCHEMA_VERSION};
"""


def index_path(cache_root: Path, source_key: str, label: str) -> Path:
    """The database file for a source: a readable stem plus a hash of its key."""
    digest = hashlib.sha256(source_key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    stem = re.sub(r"[^A-Za-z0-9]+", "-", Path(label).name or label).strip("-")[:40] or "library"
    return cache_root / "libraries" / f"{stem}-{digest}.sqlite3"


class OpenedIndex(NamedTuple):
    """An open index, what the user should be told about it, and where it lives."""

    connection: sqlite3.Connection
    notices: list[str]
    path: Path | None
    """The file, or ``None`` when the index is in memory (asked for, or as a fallback)."""


def open_database(path: Path | None, source_key: str, *, discard: bool = False) -> OpenedIndex:
    """Open (creating or rebuilding as needed) the index database.

    Checking, removing and creating the file happen under a lock on its folder, so
    two processes starting at once never see each other's half-made file as
    damaged. When the folder cannot be written (read-only, disk full, a folder
    where the file should be), the index is kept in memory for this run, with
    a notice; a good index found there is copied in, so only changes are read.

    Args:
        path: The database file, or ``None`` for an in-memory index.
        source_key: Stored in the file; a file made for another source is rebuilt.
        discard: Remove the existing file first (it was found damaged in use).

    Returns:
        The connection, notices for the user (for example, that a damaged index
        was rebuilt) and the file actually used.
    """
    if path is None:
        return OpenedIndex(_in_memory(source_key), [], None)
    try:
        make_private_dir(path.parent)
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise _Unusable("read-only")
        with exclusive(path.parent):
            return _open_file(path, source_key, discard)
    except _Unusable as error:
        return _temporary(path, source_key, str(error), copy=not discard)
    except (OSError, sqlite3.Error) as error:
        return _temporary(path, source_key, plain_reason(error), copy=not discard)


def plain_reason(error: OSError | sqlite3.Error) -> str:
    """Why the index could not be written, in a few words ("the disk is full")."""
    if isinstance(error, OSError):
        return private_files.plain_reason(error)
    extended = getattr(error, "sqlite_errorcode", 0) or 0
    if extended == sqlite3.SQLITE_READONLY_DBMOVED:  # removed while open
        return "another zo-reader process rebuilt it meanwhile; run again"
    code = extended & 0xFF
    if code == sqlite3.SQLITE_FULL:
        return "the disk is full"
    if code == sqlite3.SQLITE_READONLY:
        return "read-only"
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return "another zo-reader process kept it busy for too long"
    return str(error)


def remove_database(path: Path) -> None:
    """Delete a database file with its WAL and shared-memory companions.

    Raises:
        OSError: A file cannot be removed (read-only folder...).
    """
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


class _Unusable(Exception):
    """The folder cannot hold the index; the message says why in a few words."""


def _open_file(path: Path, source_key: str, discard: bool) -> OpenedIndex:
    """Open or make the index at ``path``; the caller holds its lock."""
    notices: list[str] = []
    if discard:
        remove_database(path)
    elif path.is_dir():
        try:
            path.rmdir()
        except OSError:
            raise _Unusable("a folder is where its file should be") from None
        notices.append("The search index was rebuilt because a folder was in its place.")
    elif path.exists():
        problem = _problem_with(path, source_key)
        if problem is None:
            return OpenedIndex(_connect(str(path)), notices, path)
        notices.append(f"The search index was rebuilt because {problem}.")
        remove_database(path)
    connection = None
    try:
        # Created 0600 before SQLite opens it: its WAL and shared-memory files
        # take the database file's mode.
        create_private_file(path)
        connection = _connect(str(path))
        _create(connection, source_key)
    except BaseException:
        # A half-made file (disk full) would only be found damaged next time.
        if connection is not None:
            connection.close()
        with contextlib.suppress(OSError):
            remove_database(path)
        raise
    return OpenedIndex(connection, notices, path)


def _temporary(path: Path, source_key: str, reason: str, *, copy: bool) -> OpenedIndex:
    """An in-memory index for this run, starting from a copy of a good file at ``path``."""
    notices = [f"Cannot write the search index in {path.parent} ({reason}); using a temporary one."]
    connection = _connect(":memory:")
    if copy and path.is_file() and _problem_with(path, source_key) is None:
        try:
            with contextlib.closing(_read_only(path)) as stored:
                stored.backup(connection)
            return OpenedIndex(connection, notices, None)
        except sqlite3.Error:
            connection.close()
            connection = _connect(":memory:")
    _create(connection, source_key)
    return OpenedIndex(connection, notices, None)


def _in_memory(source_key: str) -> sqlite3.Connection:
    connection = _connect(":memory:")
    _create(connection, source_key)
    return connection


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to ``path``, also in a folder that cannot be written.

    SQLite needs to create the WAL's companion files to read a WAL database;
    where it cannot, the file is read as it is (``immutable``), which is what
    it held when it was last closed.
    """
    uri = path.absolute().as_uri()
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=5)
    try:
        connection.execute("PRAGMA user_version").fetchone()
    except sqlite3.Error as error:
        connection.close()
        if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_CANTOPEN or not path.is_file():
            raise
        connection = sqlite3.connect(f"{uri}?immutable=1", uri=True)
    return connection


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
    """Why an existing file cannot be used as it is, or ``None`` if it can.

    A file another process is busy writing is not damaged: it is used, and
    SQLite makes this process wait its turn.
    """
    if _cut_short(path):
        # SQLite reads the missing end as zeros: wrong rows, not an error.
        return "it was cut short"
    try:
        with contextlib.closing(_read_only(path)) as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                return "it was empty or incomplete"
            if version != SCHEMA_VERSION:
                return f"it was made by another version of zo-reader (schema {version})"
            row = connection.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
            if row is None or row[0] != source_key:
                return "it belonged to another source"
            connection.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'x'")
    except sqlite3.DatabaseError as error:
        code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return None
        return f"it was damaged ({error})"
    return None


def _cut_short(path: Path) -> bool:
    """Whether the file is shorter than its own header says, with no WAL holding the rest."""
    wal = Path(f"{path}-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return False  # a checkpoint cut off by a crash: SQLite finishes it from the WAL
        with path.open("rb") as stream:
            header = stream.read(100)
        size = path.stat().st_size
    except OSError:
        return False  # SQLite says what is wrong
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        return False
    if header[24:28] != header[92:96]:
        return False  # the page count in the header is not kept up to date
    page_size = int.from_bytes(header[16:18], "big")
    pages = int.from_bytes(header[28:32], "big")
    return size < pages * (65536 if page_size == 1 else page_size)
