"""Everything a reader needs from the core, built once by :func:`make_context`.

The TUI and line mode both read through it: the app receives it through its
constructor (no globals, nothing read at import time), so the CLI, the tests
and the screenshot script build the same reader the same way. It lives in the
core because line mode (the CLI layer) must not depend on the UI package.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from zo_reader.core.errors import ZoReaderError
from zo_reader.core.index import Library, SyncReport
from zo_reader.core.models import Article
from zo_reader.core.settings import Settings, data_dir
from zo_reader.core.sources import index_root, open_source, source_spec, split_file
from zo_reader.core.sources.base import Source
from zo_reader.core.state import ReadingState


@dataclass
class ReaderContext:
    """The open source, its index and what the reader remembers about it.

    Attributes:
        settings: The user's settings.
        source: Where the articles come from.
        library: The index the UI reads from.
        state: Bookmarks and reading positions.
        cache_root: Where indexes live; ``None`` keeps the index in memory.
        drafts: Whether drafts are shown.
        initial_file: A file of the folder to open first (``zo-reader FILE.md``).
    """

    settings: Settings
    source: Source
    library: Library
    state: ReadingState
    cache_root: Path | None
    drafts: bool = False
    initial_file: str | None = None
    # One sync at a time: two at once could each scan before the other commits,
    # and the later commit would bring back what the earlier one removed.
    _sync_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def watch_root(self) -> Path | None:
        """The folder to follow for live preview, or ``None`` (a remote source, or watch off)."""
        from zo_reader.core.sources.folder import FolderSource
        from zo_reader.core.sources.single_file import SingleFileSource

        if not self.settings.watch or not isinstance(self.source, FolderSource | SingleFileSource):
            return None
        return self.source.root

    @property
    def watch_recursive(self) -> bool:
        """Whether to follow the folders inside :meth:`watch_root` (not for one file's folder)."""
        from zo_reader.core.sources.single_file import SingleFileSource

        return not isinstance(self.source, SingleFileSource)

    def initial_article(self) -> str | None:
        """The id of :attr:`initial_file`'s article, once the index has it."""
        if self.initial_file is None:
            return None
        try:
            return self.library.resolve(self.initial_file, drafts=True).id
        except ZoReaderError:
            return None

    def initial_preview(self) -> Article | None:
        """The start of :attr:`initial_file`'s article, to show before the index has it.

        Only a large file opened on its own has one: reading and indexing all
        of a 50 MB book takes seconds, its first screen needs its first lines.
        """
        from zo_reader.core.sources.single_file import SingleFileSource

        if self.initial_file is None or not isinstance(self.source, SingleFileSource):
            return None
        return self.source.preview()

    def sync(self) -> SyncReport:
        """Bring the index up to date; safe to call from a worker thread.

        A file index is synced through a second connection so the UI keeps
        reading (SQLite's WAL lets readers and one writer work at once); an
        in-memory index can only be synced through the one connection.
        """
        with self._sync_lock:
            # In memory (private mode, or a cache folder that cannot be written):
            # a second connection would fill an index of its own, lost at once.
            if self.cache_root is None or self.library.database is None:
                return self.library.sync()
            with Library.for_source(self.source, self.cache_root) as writer:
                return writer.sync()

    def close(self) -> None:
        """Save what the reader remembers and close the index."""
        try:
            self.state.save()
        finally:
            self.library.close()


def make_context(
    settings: Settings,
    source: str | None = None,
    *,
    drafts: bool = False,
    folder: bool = False,
    cache_root: Path | None = None,
    data_root: Path | None = None,
) -> ReaderContext:
    """Open ``source`` (or the configured one, or the samples) for the reader.

    A file opens on its own (with the neighbours it links to), its index in
    memory; with ``folder``, its whole folder is the library, that file first.

    Raises:
        ZoReaderError: The source cannot be opened.
    """
    from zo_reader.core.sources.single_file import SingleFileSource

    spec, initial_file = source_spec(source, settings), None
    if folder:
        spec, initial_file = split_file(spec)
    opened = open_source(spec, settings)
    if isinstance(opened, SingleFileSource):
        initial_file = opened.name
    kept = index_root(opened, settings)
    # Private mode writes nothing, not even bookmarks and positions; a file opened
    # on its own keeps its index in memory but still remembers where the reader was.
    state_path = None if settings.private else (data_root or data_dir()) / "state.json"
    if kept is not None and cache_root is not None:
        kept = cache_root
    return ReaderContext(
        settings=settings,
        source=opened,
        library=Library.for_source(opened, kept),
        state=ReadingState(
            state_path, opened.key, keep_history=settings.keep_history and state_path is not None
        ),
        cache_root=kept,
        drafts=drafts or settings.drafts,
        initial_file=initial_file,
    )
