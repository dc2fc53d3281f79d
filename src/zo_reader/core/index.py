"""The library: a SQLite FTS5 index of one source, kept in step incrementally.

:class:`Library` is what the CLI and the UI talk to. ``sync`` brings the index
up to date with its source (reading only what changed); ``list_articles``,
``search``, ``tag_counts``, ``get`` and ``resolve`` answer from the index.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from zo_reader.core import index_store
from zo_reader.core.errors import (
    AmbiguousArticleError,
    ArticleNotFoundError,
    ArticleUnavailableError,
    LibraryError,
    SourceError,
    SourceOfflineError,
)
from zo_reader.core.index_copies import copies_notices, site_host
from zo_reader.core.index_sql import (
    ORDER,
    SNIPPET,
    SUMMARY_COLUMNS,
    filters,
    like_prefix,
    snippet_parts,
    snippet_sql,
    tag_keys,
)
from zo_reader.core.loading import Loaded, ScanTotals, article_text, load_changed
from zo_reader.core.memory import release_freed_memory
from zo_reader.core.models import (
    Article,
    ArticleSummary,
    ScanWarning,
    SearchHit,
    Severity,
    SnippetPart,
    Tag,
    TagCount,
)
from zo_reader.core.query import parse_query
from zo_reader.core.sanitize import clean_line
from zo_reader.core.sources.base import (
    RemoteMatches,
    RemoteSource,
    Source,
    SourceEntry,
    SourceUnchanged,
)
from zo_reader.core.sources.folder import ARTICLE_SUFFIXES, FolderSource
from zo_reader.core.sources.single_file import SingleFileSource

SortOrder = Literal["date", "title", "changed"]
_Method = TypeVar("_Method", bound=Callable[..., Any])


def _locked(method: _Method) -> _Method:
    """Run a :class:`Library` method while holding the library's lock."""

    @functools.wraps(method)
    def wrapper(self: Library, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return cast(_Method, wrapper)


_COMMIT_EVERY = 500
_REMOTE_PAUSE = 30.0  # seconds without server-side searches after one failed
# A tag on at most this many articles is "rare": sorting its articles beats walking
# the date index (measured at 100k: a 40,000-article tag sorted on every page took 70 ms).
_RARE_TAG = 5_000  # bounded transactions keep memory flat on a 100k-article first sync
KEPT_TEXT_LIMIT = 1 << 20
"""Characters of Markdown above which an index in memory keeps an article's file, not its text.

A 50 MB book opened on its own was held four times in memory: its Markdown and
its searchable words in the articles table, their copies bound to cached
statements, and the full-text index (610 MiB once read to the end). Such an
article is read again from its file when opened; its words are in the
full-text index, and the start of them in ``body`` for snippets.
"""
SNIPPET_TEXT = 16 * 1024
"""Characters of searchable words kept for the snippets of an article whose text is not kept."""


@dataclass(slots=True)
class SyncReport:
    """What a sync changed, for messages and benchmarks."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    warnings: int = 0
    notices: list[str] = field(default_factory=list)


class _TextNotKept(Exception):
    """An article whose text is not kept must be forgotten: its words cannot be taken out.

    An external-content FTS5 table removes a row by tokenising the text it was
    given; without that text the only clean way is to index everything afresh.
    """


class Library:
    """The index of one source.

    Args:
        source: Where the articles come from.
        database: The index file, or ``None`` to keep the index in memory.

    Attributes:
        database: The file in use: ``None`` in memory, also when the file's
            folder could not be written (``notices`` then says so).
    """

    unranked_matches = 5_000
    """Matches above this, and above a quarter of the library, come newest first."""

    def __init__(self, source: Source, database: Path | None) -> None:
        self.source = source
        self.connection, self.notices, self.database = index_store.open_database(
            database, source.key
        )
        self._fts_pending: list[tuple[int | None, str, str, str]] = []
        self._read_long = False  # a sync read an article over KEPT_TEXT_LIMIT
        self._prepare(self.connection)
        self.remote = source if isinstance(source, RemoteSource) else None
        # Totals of recent server-side searches, so a count after a search costs nothing.
        self._remote_totals: dict[tuple[str, tuple[str, ...]], int] = {}
        self._content_version: str | None = None
        self._remote_failed_at = -_REMOTE_PAUSE
        # One connection serves the UI thread and its workers; SQLite would
        # serialise the calls anyway, but a Python-level lock also keeps one
        # call's statements and cursor together.
        self._lock = threading.RLock()

    @classmethod
    def for_source(cls, source: Source, cache_root: Path | None) -> Library:
        """The library of ``source`` in ``cache_root`` (``None`` keeps it in memory)."""
        if cache_root is None:
            return cls(source, None)
        return cls(source, index_store.index_path(cache_root, source.key, source.label))

    def _prepare(self, connection: sqlite3.Connection) -> None:
        # Texts reach FTS5 through a function, not as bound parameters: SQLite
        # keeps a cached statement's last bindings, which held a copy of a 50 MB
        # book's words for as long as the index was open.
        connection.create_function("zo_pending_text", 1, self._pending_text)
        # The start of each article whose text is not kept, for its snippets. FTS5
        # scores a window around every match to choose one, which for a word on
        # every page of a 50 MB book took minutes; in this small table it is instant.
        # A temporary table: such articles are only in indexes in memory.
        connection.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_heads "
            f"USING fts5(title, tags, body, tokenize='{index_store.TOKENIZE}')"
        )

    def _pending_text(self, position: int) -> str:
        return self._fts_pending[position][3]

    @property
    def keeps_text(self) -> bool:
        """Whether every article's whole text is in the index.

        ``False`` for an index in memory of local files: there, an article over
        :data:`KEPT_TEXT_LIMIT` is read again from its file when opened. A file
        index keeps everything (a disk holds it cheaply, and readers in other
        processes share it).
        """
        return self.database is not None or not isinstance(
            self.source, FolderSource | SingleFileSource
        )

    def close(self) -> None:
        """Close the database."""
        self.connection.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Keeping in step with the source

    @_locked
    def sync(self) -> SyncReport:
        """Bring the index up to date: load new and changed entries, drop deleted ones.

        A damaged index found during the sync is rebuilt from scratch once. A
        source that is offline leaves the index as it is, with a notice saying
        how old the copies are. When the index cannot be written, what earlier
        syncs committed stays as it was (batches are whole transactions).

        Another process may sync the same library at once: each batch is one
        write transaction that reads what it replaces inside it, so the two
        take turns and neither trips on rows the other added.

        A remote source that answers too slowly, or sends something that
        cannot be read, leaves the index as it is too (see :mod:`index_copies`):
        a hostile or broken answer costs the reader nothing already stored.

        Raises:
            LibraryError: The index cannot be written (disk full, read-only...).
            SourceOfflineError: The source is offline and was never synced.
            SourceError: The source failed and there are no copies to show: it
                was never synced, or it is local (its files are the copies).
        """
        try:
            return self._sync()
        except SourceError as error:
            return self._from_copies(error)
        except sqlite3.DatabaseError as error:
            self._abandon()
            if not _is_corruption(error):
                raise _cannot_update(error) from error
            self._rebuild(f"it was damaged ({error})")
            try:
                return self._sync()
            except sqlite3.DatabaseError as again:
                self._abandon()
                raise _cannot_update(again) from again

    def _abandon(self) -> None:
        """Drop the failed batch; what earlier batches committed stays."""
        self._fts_pending.clear()
        with contextlib.suppress(sqlite3.Error):
            self.connection.rollback()

    def _from_copies(self, error: SourceError) -> SyncReport:
        """Keep the index as it was and say why, and from when its copies date.

        Raises:
            SourceError: ``error`` itself, when there are no copies to show, or
                when a local source failed (not offline: its files are the copies).
        """
        host = site_host(self.source)
        if host is None and not isinstance(error, SourceOfflineError):
            raise error
        self._fts_pending.clear()
        self.connection.rollback()
        row = self.connection.execute("SELECT value FROM meta WHERE key = 'synced_at'").fetchone()
        if row is None:
            raise error  # nothing was ever fetched: there are no copies to show
        notices = [*self.notices, *copies_notices(error, host or "", row[0])]
        return SyncReport(warnings=self.warning_count(), notices=notices)

    def _rebuild(self, reason: str) -> None:
        self._fts_pending.clear()
        self.connection.close()
        self.connection, notices, self.database = index_store.open_database(
            self.database, self.source.key, discard=True
        )
        self._prepare(self.connection)
        self._content_version = None
        self.notices.extend([*notices, f"The search index was rebuilt because {reason}."])

    def _sync(self) -> SyncReport:
        self._read_long = False
        try:
            return self._sync_from(None)
        except _TextNotKept:
            self._abandon()
            return self._sync_from(self._wipe())
        finally:
            if self._read_long:
                release_freed_memory()

    def _wipe(self) -> dict[str, bool]:
        """Empty the index (in one transaction, kept open); what it had, by path.

        Returns:
            Every entry path it had, and whether that entry had an article.
        """
        db = self.connection
        self._begin()
        had = {path: False for (path,) in db.execute("SELECT path FROM files")}
        had.update((path, True) for (path,) in db.execute("SELECT path FROM articles"))
        db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
        db.execute("DELETE FROM temp.article_heads")
        for table in ("article_tags", "tags", "articles", "warnings", "files"):
            db.execute(f"DELETE FROM {table}")
        return had

    def _sync_from(self, wiped: dict[str, bool] | None) -> SyncReport:
        """Sync; ``wiped`` is what the index had before :meth:`_wipe` emptied it, if it did."""
        report = SyncReport(notices=self.notices)
        db = self.connection
        stored = dict(db.execute("SELECT path, fingerprint FROM files").fetchall())
        totals = ScanTotals()
        pending = 0
        if self.remote is not None:
            self.remote.restore(self._source_state())
        try:
            for loaded in load_changed(self.source, stored, totals):
                added = report.added
                self._replace(loaded, existed=loaded.entry.path in stored, report=report)
                if wiped and wiped.get(loaded.entry.path) and report.added > added:
                    report.added, report.updated = added, report.updated + 1
                pending += 1
                if pending >= _COMMIT_EVERY:
                    self._commit()
                    pending = 0
        except SourceUnchanged:
            totals.seen, totals.unchanged = set(stored), len(stored)
        if self.remote is not None:
            state = json.dumps(self.remote.saved_state())
            db.execute("INSERT OR REPLACE INTO meta VALUES ('source_state', ?)", (state,))
        self._remote_totals.clear()
        report.unchanged = totals.unchanged
        self._begin()
        for path in stored.keys() - totals.seen:
            self._forget(path)
            report.removed += 1
        if wiped:
            report.removed += len(wiped.keys() - totals.seen)
        if len(totals.seen) != totals.unchanged or report.removed:
            self._content_version = None
        self._begin()
        if report.removed:
            db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag FROM article_tags)")
        synced_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('synced_at', ?)", (synced_at,))
        self._commit()
        report.warnings = self.warning_count()
        return report

    def _source_state(self) -> dict[str, Any]:
        row = self.connection.execute(
            "SELECT value FROM meta WHERE key = 'source_state'"
        ).fetchone()
        try:
            state = json.loads(row[0]) if row else {}
        except ValueError:
            state = {}
        return state if isinstance(state, dict) else {}

    def _begin(self) -> None:
        """Start a write transaction unless one is open, waiting for another writer's turn.

        Taking the write lock first (``IMMEDIATE``) means every row read in the
        batch is the latest: a transaction that read first could not write
        after another process's commit ("database is locked" at once).
        """
        if not self.connection.in_transaction:
            self.connection.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        """Write the batch of full-text rows, then commit.

        FTS5 flushes its in-memory terms to disk whenever another statement
        opens a savepoint (as INSERT ... SELECT does), so inserting each
        article's text between the other rows wrote one tiny index segment per
        article. Writing the batch's texts back to back keeps them in memory
        until the commit and made a first index about twice as fast.
        """
        if self._fts_pending:
            self.connection.executemany(
                "INSERT INTO articles_fts (rowid, title, tags, body) "
                "VALUES (?, ?, ?, zo_pending_text(?))",
                [(row[0], row[1], row[2], at) for at, row in enumerate(self._fts_pending)],
            )
            self._fts_pending.clear()
        self.connection.commit()

    def _replace(self, loaded: Loaded, existed: bool, report: SyncReport) -> None:
        db = self.connection
        entry, result = loaded.entry, loaded.result
        self._begin()
        had_article = existed and self._forget(entry.path)
        row = (entry.path, entry.fingerprint)
        if not db.execute("INSERT INTO files VALUES (?, ?) ON CONFLICT DO NOTHING", row).rowcount:
            # Another process added it since this sync began.
            had_article = self._forget(entry.path)
            db.execute("INSERT INTO files VALUES (?, ?)", row)
        warnings = list(result.warnings)
        if result.article is not None:
            duplicate = self._insert(result.article, loaded.text)
            if duplicate is not None:
                warnings.append(duplicate)
            if had_article:
                report.updated += 1
            else:
                report.added += 1
        db.executemany(
            "INSERT INTO warnings VALUES (?, ?, ?, ?, ?)",
            [(w.path, w.code, w.message, w.line, w.severity.value) for w in warnings],
        )

    def _insert(self, article: Article, text: str) -> ScanWarning | None:
        """Insert an article; on an id clash keep both, the newcomer under its path."""
        db = self.connection
        summary = article.summary
        article_id, clash = summary.id, None
        if db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
            clash = ScanWarning(
                article.path,
                "duplicate-id",
                f"Its id '{article_id}' is already used by another file, so it is "
                f"listed as '{article.path}'.",
            )
            article_id = article.path
        tags_text = "\n".join(tag.display for tag in summary.tags)
        markdown: str | None = article.body
        kept = text
        if len(article.body) > KEPT_TEXT_LIMIT:
            self._read_long = True
            if article.complete and not self.keeps_text:
                markdown, kept = None, _head(text, SNIPPET_TEXT)
        cursor = db.execute(
            "INSERT INTO articles (id, path, title, sort_title, slug, date, author, summary, "
            "words, draft, tags, markdown, body, body_line, complete) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article_id,
                article.path,
                summary.title,
                summary.title.casefold(),
                summary.slug,
                summary.date,
                summary.author,
                summary.summary,
                summary.words,
                int(summary.draft),
                tags_text,
                markdown,
                kept,
                article.body_line,
                int(article.complete),
            ),
        )
        rowid = cursor.lastrowid
        self._fts_pending.append((rowid, summary.title, tags_text, text))
        if markdown is None:
            db.execute(
                "INSERT INTO temp.article_heads (rowid, title, tags, body) VALUES (?, ?, ?, ?)",
                (rowid, summary.title, tags_text, kept),
            )
        for position, tag in enumerate(summary.tags):
            db.execute(
                "INSERT INTO tags (key, display) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                (tag.key, tag.display),
            )
            db.execute(
                "INSERT INTO article_tags SELECT ?, id, ?, ? FROM tags WHERE key = ?",
                (rowid, position, tag.display, tag.key),
            )
        return clash

    def _forget(self, path: str) -> bool:
        """Remove everything stored for ``path``; whether it had an article."""
        db = self.connection
        row = db.execute(
            "SELECT rowid, title, tags, body, markdown IS NULL AS cut FROM articles WHERE path = ?",
            (path,),
        ).fetchone()
        if row is not None and row["cut"]:
            raise _TextNotKept(path)
        if row is not None:
            db.execute(
                "INSERT INTO articles_fts (articles_fts, rowid, title, tags, body) "
                "VALUES ('delete', ?, ?, ?, ?)",
                (row["rowid"], row["title"], row["tags"], row["body"]),
            )
            db.execute("DELETE FROM article_tags WHERE article = ?", (row["rowid"],))
            db.execute("DELETE FROM articles WHERE rowid = ?", (row["rowid"],))
        db.execute("DELETE FROM warnings WHERE path = ?", (path,))
        db.execute("DELETE FROM files WHERE path = ?", (path,))
        return row is not None

    # Answers

    @_locked
    def list_articles(
        self,
        *,
        tags: Sequence[str] = (),
        sort: SortOrder = "date",
        limit: int | None = None,
        offset: int = 0,
        drafts: bool = False,
    ) -> list[ArticleSummary]:
        """Articles carrying every tag in ``tags``, newest first or by title."""
        where, params = filters(tags, drafts, rare=self._is_rare(tags))
        sql = f"SELECT {SUMMARY_COLUMNS} FROM articles a WHERE {where} ORDER BY {ORDER[sort]}"
        sql += " LIMIT ? OFFSET ?"
        rows = self.connection.execute(sql, [*params, -1 if limit is None else limit, offset])
        return self._summaries(rows.fetchall())

    def _is_rare(self, tags: Sequence[str]) -> bool:
        """Whether the rarest of ``tags`` is on few enough articles to sort them all."""
        keys = tag_keys(tags)
        if not keys:
            return False
        marks = ",".join("?" * len(keys))
        row = self.connection.execute(
            "SELECT min(n) FROM (SELECT count(*) AS n FROM article_tags at "
            f"JOIN tags t ON t.id = at.tag WHERE t.key IN ({marks}) GROUP BY t.id)",
            keys,
        ).fetchone()
        smallest = row[0] if row and row[0] is not None else 0
        # A tag missing from the index matches nothing: any plan is instant.
        return smallest <= _RARE_TAG

    @_locked
    def count_articles(self, *, tags: Sequence[str] = (), drafts: bool = False) -> int:
        """How many articles carry every tag in ``tags``."""
        where, params = filters(tags, drafts)
        row = self.connection.execute(f"SELECT count(*) FROM articles a WHERE {where}", params)
        return int(row.fetchone()[0])

    def search(
        self,
        query: str,
        *,
        tags: Sequence[str] = (),
        limit: int | None = 20,
        offset: int = 0,
        drafts: bool = False,
    ) -> list[SearchHit]:
        """Articles matching ``query`` (see :mod:`zo_reader.core.query`), best first.

        Args:
            query: The user's query.
            tags: Tags every result must carry as well.
            limit: The most results to return (``None`` for all).
            offset: Results to skip, for pages after the first.
            drafts: Whether drafts can match.

        A remote source searches on its server, where every body is, while it
        can be reached; offline, the stored copies are searched.
        """
        remote = self._remote_search(query, tags, limit, offset, drafts)
        if remote is not None:
            return self._remote_hits(remote, query)
        with self._lock:
            return self._local_search(query, tags, limit, offset, drafts)

    def _local_search(
        self, query: str, tags: Sequence[str], limit: int | None, offset: int, drafts: bool
    ) -> list[SearchHit]:
        parsed = parse_query(query)
        wanted = [*tags, *parsed.tags]
        where, params = filters(wanted, drafts, rare=self._is_rare(wanted))
        row_limit = -1 if limit is None else limit
        offset = max(offset, 0)
        match = parsed.match
        if match is None:
            where = _excluding(where, params, parsed.exclude)
            return self._unranked_hits(where, params, row_limit, offset)
        if parsed.exclude:
            # Inside MATCH, FTS5 drops excluded rows while it walks the doclists;
            # a NOT IN subquery first listed every row of the excluded word.
            match = f"({match}) NOT ({parsed.exclude})"
        # FTS5 walks rowids in descending order without ranking anything, and
        # stops as soon as the page is full.
        order = "f.rowid DESC" if self._matches_too_many(match) else "f.rank"
        rows = self.connection.execute(
            f"SELECT {SUMMARY_COLUMNS}, f.rank AS score, a.markdown IS NULL AS cut, "
            f"CASE WHEN a.markdown IS NULL THEN NULL ELSE {SNIPPET} END AS snippet "
            f"FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            f"WHERE articles_fts MATCH ? AND {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [match, *params, row_limit, offset],
        ).fetchall()
        summaries = self._summaries(rows)
        heads = self._head_snippets([row["rowid"] for row in rows if row["cut"]], match)
        return [
            SearchHit(
                article=summary,
                score=row["score"],
                snippet=heads.get(row["rowid"], ())
                if row["cut"]
                else snippet_parts(row["snippet"]),
            )
            for summary, row in zip(summaries, rows, strict=True)
        ]

    def _head_snippets(
        self, rowids: Sequence[int], match: str
    ) -> dict[int, tuple[SnippetPart, ...]]:
        """Snippets of articles whose text is not kept, where the match is in their start.

        Past it there is no snippet rather than a wrong one.
        """
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        rows = self.connection.execute(
            f"SELECT rowid, {snippet_sql('article_heads')} AS snippet FROM temp.article_heads "
            f"WHERE article_heads MATCH ? AND rowid IN ({marks})",
            [match, *rowids],
        ).fetchall()
        return {row["rowid"]: snippet_parts(row["snippet"]) for row in rows}

    def count_matches(self, query: str, *, tags: Sequence[str] = (), drafts: bool = False) -> int:
        """How many articles :meth:`search` would find with no limit.

        Counting needs no ranking, so it stays cheap on large libraries.
        """
        total = self._remote_totals.get((query, tuple(tags)))
        if total is None and self._remote_search(query, tags, 1, 0, drafts) is not None:
            total = self._remote_totals.get((query, tuple(tags)))
        if total is not None:
            return total
        with self._lock:
            return self._count_local(query, tags, drafts)

    def _count_local(self, query: str, tags: Sequence[str], drafts: bool) -> int:
        parsed = parse_query(query)
        wanted = [*tags, *parsed.tags]
        where, params = filters(wanted, drafts)
        match = parsed.match
        if match is None:
            where = _excluding(where, params, parsed.exclude)
            sql = f"SELECT count(*) FROM articles a WHERE {where}"
            return int(self.connection.execute(sql, params).fetchone()[0])
        if parsed.exclude:
            match = f"({match}) NOT ({parsed.exclude})"
        row = self.connection.execute(
            # A subquery, not a join: with many OR'd prefixes SQLite chose to walk
            # the articles and run the MATCH once per row (28 s at 3,000 articles).
            "SELECT count(*) FROM articles a WHERE a.rowid IN "
            f"(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) AND {where}",
            [match, *params],
        ).fetchone()
        return int(row[0])

    def _remote_search(
        self, query: str, tags: Sequence[str], limit: int | None, offset: int, drafts: bool
    ) -> RemoteMatches | None:
        """The server's answer to a search with words in it, or ``None`` to search here.

        Lists by tag need no server: every summary is stored. Offline, or when
        the server cannot run the query, the stored copies are searched.
        """
        if self.remote is None or drafts or parse_query(query).match is None:
            return None
        if time.monotonic() - self._remote_failed_at < _REMOTE_PAUSE:
            return None  # it just failed: search-as-you-type should not wait on it per key
        try:
            found = self.remote.search(query, tags, 100 if limit is None else limit, offset)
        except SourceError:
            self._remote_failed_at = time.monotonic()
            return None
        if found is not None:
            if len(self._remote_totals) > 100:
                self._remote_totals.clear()
            self._remote_totals[(query, tuple(tags))] = found.total
        return found

    def _remote_hits(self, found: RemoteMatches, query: str) -> list[SearchHit]:
        """Stored summaries of the server's matches in its order, with local snippets."""
        if not found.keys:
            return []
        with self._lock:
            marks = ",".join("?" * len(found.keys))
            rows = self.connection.execute(
                f"SELECT {SUMMARY_COLUMNS}, a.path FROM articles a WHERE a.path IN ({marks})",
                found.keys,
            ).fetchall()
            by_path = {row["path"]: row for row in rows}
            ordered = [by_path[key] for key in found.keys if key in by_path]
            snippets = self._snippets([row["rowid"] for row in ordered], query)
            return [
                SearchHit(
                    article=summary,
                    score=float(position),
                    snippet=found.snippets.get(row["path"]) or snippets.get(row["rowid"], ()),
                )
                for position, (summary, row) in enumerate(
                    zip(self._summaries(ordered), ordered, strict=True)
                )
            ]

    def _snippets(self, rowids: Sequence[int], query: str) -> dict[int, tuple[SnippetPart, ...]]:
        """Snippets from the stored text for those of ``rowids`` it matches."""
        match = parse_query(query).match
        if not rowids or match is None:
            return {}
        marks = ",".join("?" * len(rowids))
        rows = self.connection.execute(
            f"SELECT rowid, {SNIPPET} AS snippet FROM articles_fts "
            f"WHERE articles_fts MATCH ? AND rowid IN ({marks})",
            [match, *rowids],
        ).fetchall()
        return {row["rowid"]: snippet_parts(row["snippet"]) for row in rows}

    def _matches_too_many(self, match: str) -> bool:
        """Whether ``match`` is in so many articles that ranking them means nothing.

        BM25 weighs a word by how rare it is; a word in a quarter of a large
        library has almost no weight, and ranking tens of thousands of rows
        took FTS5 200-300 ms at 100k articles. Such results come in the order
        the articles joined the library, latest first.
        """
        total = self.connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        enough = max(self.unranked_matches, total // 4)
        if total <= enough:
            return False
        counted = self.connection.execute(
            "SELECT count(*) FROM (SELECT rowid FROM articles_fts "
            "WHERE articles_fts MATCH ? LIMIT ?)",
            (match, enough + 1),
        ).fetchone()[0]
        return bool(counted > enough)

    def _unranked_hits(
        self, where: str, params: list[object], limit: int, offset: int
    ) -> list[SearchHit]:
        """Hits for a query with nothing to rank (only tags or exclusions), newest first."""
        rows = self.connection.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM articles a WHERE {where} "
            f"ORDER BY {ORDER['date']} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return [SearchHit(article=summary, score=0.0) for summary in self._summaries(rows)]

    @_locked
    def tag_counts(self, *, within: Sequence[str] = (), drafts: bool = False) -> list[TagCount]:
        """Every tag with its article count, most used first.

        Args:
            within: Count only articles that also carry all these tags (facets).
            drafts: Count drafts too.
        """
        if within:
            where, params = filters(within, drafts)
            scope = f"at.article IN (SELECT a.rowid FROM articles a WHERE {where})"
        else:
            # Drafts are few: excluding them beats joining every tag row to its
            # article (40 ms instead of 410 ms at 100k articles).
            scope = "1" if drafts else "at.article NOT IN (SELECT rowid FROM articles WHERE draft)"
            params = []
        rows = self.connection.execute(
            "SELECT t.key, t.display, count(*) AS n FROM article_tags at "
            f"JOIN tags t ON t.id = at.tag WHERE {scope} "
            "GROUP BY t.id ORDER BY n DESC, t.key",
            params,
        ).fetchall()
        return [TagCount(Tag(row["key"], row["display"]), row["n"]) for row in rows]

    @_locked
    def is_complete(self, article_id: str) -> bool:
        """Whether the article's body is stored (``True`` for an unknown id too)."""
        row = self.connection.execute(
            "SELECT complete FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return row is None or bool(row[0])

    def get(self, article_id: str) -> Article:
        """The whole article with this exact id, fetched first if only its summary is here.

        A remote article's body is fetched in one request the first time it is
        read and stored, so it can be read offline afterwards. The network is
        used without holding the library's lock, so other readers go on.

        Raises:
            ArticleNotFoundError: No article has this id.
            ArticleUnavailableError: Only the summary is stored and the source
                cannot be reached, or the text is not kept and its file cannot
                be read any more.
        """
        with self._lock:
            row = self.connection.execute(
                f"SELECT {SUMMARY_COLUMNS}, a.markdown, a.path, a.body_line, a.complete, "
                "f.fingerprint FROM articles a JOIN files f ON f.path = a.path WHERE a.id = ?",
                (article_id,),
            ).fetchone()
            if row is None:
                raise ArticleNotFoundError(f"There is no article '{article_id}'.")
            summary = self._summaries([row])[0]
            if row["markdown"] is not None:
                stored = Article(
                    summary=summary,
                    body=row["markdown"],
                    path=row["path"],
                    body_line=row["body_line"],
                    warnings=tuple(self.warnings(path=row["path"])),
                    complete=bool(row["complete"]),
                )
        if row["markdown"] is None:
            # Read outside the lock: a long book takes a moment, and searches go on.
            return self._read_again(summary, SourceEntry(row["path"], row["fingerprint"]))
        if stored.complete or self.remote is None:
            return stored
        return self._fetch_whole(stored, row["fingerprint"])

    def _read_again(self, summary: ArticleSummary, entry: SourceEntry) -> Article:
        """An article whose text the index does not keep, read from its file now.

        The file may have changed since it was indexed: what it holds now is
        shown (the watch brings the index up to date), under the same id.

        Raises:
            ArticleUnavailableError: The file cannot be read as an article any more.
        """
        result = self.source.load(entry)
        release_freed_memory()  # what parsing it made and dropped
        fresh = result.article
        if fresh is None:
            reasons = " ".join(warning.message for warning in result.warnings)
            raise ArticleUnavailableError(
                f"'{clean_line(summary.title)}' cannot be read from its file any more. {reasons}"
            )
        return replace(fresh, summary=replace(fresh.summary, id=summary.id), path=entry.path)

    def _fetch_whole(self, stored: Article, fingerprint: str) -> Article:
        """Fetch a remote article's body, keep it in the index and return it."""
        assert self.remote is not None
        with self._lock:
            self.remote.restore(self._source_state())  # term names, when no sync ran yet
        try:
            result = self.remote.fetch(stored.path)
        except SourceOfflineError as error:
            raise ArticleUnavailableError(
                f"'{clean_line(stored.summary.title)}' has not been downloaded yet, "
                f"so it cannot be read offline. {error}"
            ) from error
        fetched = result.article
        if fetched is None:
            reasons = " ".join(warning.message for warning in result.warnings)
            raise SourceError(reasons or f"'{stored.summary.title}' could not be fetched.")
        with self._lock:
            try:
                loaded = Loaded(SourceEntry(stored.path, fingerprint), result, article_text(result))
                self._replace(loaded, existed=True, report=SyncReport())
                self._commit()
            except sqlite3.Error:
                # Shown all the same; it is fetched again next time.
                self._fts_pending.clear()
                self.connection.rollback()
        return Article(
            summary=fetched.summary,
            body=fetched.body,
            path=stored.path,
            body_line=fetched.body_line,
            warnings=fetched.warnings,
        )

    @_locked
    def versions(self, article_ids: Sequence[str]) -> dict[str, str]:
        """A short token per article that changes whenever the article does (for the API)."""
        found: dict[str, str] = {}
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for article_id, path, fingerprint in self.connection.execute(
                "SELECT a.id, a.path, f.fingerprint FROM articles a "
                f"JOIN files f ON f.path = a.path WHERE a.id IN ({marks})",
                chunk,
            ):
                found[article_id] = _digest(f"{path}\0{fingerprint}")
        return found

    @_locked
    def content_version(self) -> str:
        """A token that changes whenever any entry of the library changes.

        Kept until a sync changes something: hashing every entry took tens of
        milliseconds at 100k articles, too much for each request of the API root.
        """
        if self._content_version is not None:
            return self._content_version
        digest = hashlib.sha256()
        for path, fingerprint in self.connection.execute(
            "SELECT path, fingerprint FROM files ORDER BY path"
        ):
            digest.update(f"{path}\0{fingerprint}\n".encode("utf-8", "surrogatepass"))
        self._content_version = digest.hexdigest()[:24]
        return self._content_version

    @_locked
    def resolve(self, reference: str, *, drafts: bool = False) -> ArticleSummary:
        """Find one article by id, slug, the start of its title, or the start of its slug or id.

        Each way is tried in that order; the first that finds anything decides.

        Raises:
            ArticleNotFoundError: Nothing matches.
            AmbiguousArticleError: Several articles match a slug or title prefix.
        """
        db = self.connection
        reference = reference.strip()
        if reference.lower().endswith(ARTICLE_SUFFIXES):
            reference = reference.rsplit(".", 1)[0]
        prefix = like_prefix(reference.casefold())
        tiers: tuple[tuple[str, tuple[str, ...]], ...] = (
            ("a.id = ?", (reference,)),
            ("a.id = ? COLLATE NOCASE", (reference,)),
            ("a.slug = ? COLLATE NOCASE", (reference,)),
            ("a.sort_title LIKE ? ESCAPE '\\'", (prefix,)),
            ("(a.slug LIKE ? ESCAPE '\\' OR a.id LIKE ? ESCAPE '\\')", (prefix, prefix)),
        )
        for sql, values in tiers:
            rows = db.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM articles a WHERE {sql} "
                f"ORDER BY {ORDER['title']} LIMIT 21",
                values,
            ).fetchall()
            found = self._summaries(rows)
            visible = [s for s in found if drafts or not s.draft]
            if len(visible) == 1:
                return visible[0]
            if len(visible) > 1:
                raise AmbiguousArticleError(reference, [(s.id, s.title) for s in visible])
            if found and not drafts:
                raise ArticleNotFoundError(
                    f"'{reference}' is a draft; add --drafts to show drafts."
                )
        raise ArticleNotFoundError(f"No article matches '{reference}'.")

    @_locked
    def link_rows(self) -> list[tuple[str, str, str | None, int]]:
        """``(id, path, slug, body_line)`` of every article, drafts too: what links may name."""
        rows = self.connection.execute("SELECT id, path, slug, body_line FROM articles")
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    @_locked
    def warnings(self, *, path: str | None = None) -> list[ScanWarning]:
        """Warnings kept from the scans, for one file or all of them."""
        sql = "SELECT path, code, message, line, severity FROM warnings"
        params: tuple[str, ...] = ()
        if path is not None:
            sql += " WHERE path = ?"
            params = (path,)
        rows = self.connection.execute(sql + " ORDER BY path, line", params).fetchall()
        return [ScanWarning(row[0], row[1], row[2], row[3], Severity(row[4])) for row in rows]

    @_locked
    def warning_count(self) -> int:
        """How many warnings the scans have kept."""
        return int(self.connection.execute("SELECT count(*) FROM warnings").fetchone()[0])

    def _summaries(self, rows: Sequence[sqlite3.Row]) -> list[ArticleSummary]:
        """Summaries for rows holding ``SUMMARY_COLUMNS``, tags fetched in one query."""
        if not rows:
            return []
        rowids = [row["rowid"] for row in rows]
        tags: dict[int, list[Tag]] = {rowid: [] for rowid in rowids}
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for article, key, display in self.connection.execute(
                "SELECT at.article, t.key, at.display FROM article_tags at "
                f"JOIN tags t ON t.id = at.tag WHERE at.article IN ({marks}) "
                "ORDER BY at.article, at.position",
                chunk,
            ):
                tags[article].append(Tag(key, display))
        return [
            ArticleSummary(
                id=row["id"],
                title=row["title"],
                tags=tuple(tags[row["rowid"]]),
                date=row["date"],
                author=row["author"],
                summary=row["summary"],
                words=row["words"],
                slug=row["slug"],
                draft=bool(row["draft"]),
            )
            for row in rows
        ]


def _head(text: str, size: int) -> str:
    """The start of ``text``, at most ``size`` characters, not cutting a word in two."""
    if len(text) <= size:
        return text
    cut = max(text.rfind(" ", 0, size), text.rfind("\n", 0, size))
    return text[: cut if cut > 0 else size]


def _excluding(where: str, params: list[object], exclude: str | None) -> str:
    """``where`` also leaving out articles matching ``exclude`` (a query of exclusions only)."""
    if not exclude:
        return where
    params.append(exclude)
    return where + " AND a.rowid NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _is_corruption(error: sqlite3.Error) -> bool:
    """Whether ``error`` says the file is damaged (not full, busy or read-only)."""
    code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return True
    text = str(error).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _cannot_update(error: sqlite3.Error) -> LibraryError:
    """The one sentence for a sync that could not write the index."""
    reason = index_store.plain_reason(error)
    if reason == "read-only":
        reason = "its folder is read-only"
    return LibraryError(f"Cannot update the search index: {reason}.")
