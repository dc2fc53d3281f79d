"""Read and parse a source's changed entries, on a second core when there are many.

A first sync of a large folder spends half its time parsing (Python) and half
writing SQLite. With many changed entries, parsing runs in one worker process
while this process writes, so a two-core machine uses both cores; a thread
would not help, because parsing holds the GIL (measured: a loader thread made
a 10k-article first sync 15% slower). Small syncs stay in-process: starting a
worker costs more than parsing a few files. Results arrive in the source's
order, in bounded batches, so memory stays flat however large the source.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from zo_reader.core.article_text import reading_of
from zo_reader.core.markdown_text import searchable_text
from zo_reader.core.sources.base import LoadResult, Source, SourceEntry

PARALLEL_FROM = 400  # changed entries from which a worker process pays for itself
_BATCH = 100  # entries per task sent to the worker
_IN_FLIGHT = 4  # batches queued ahead of the writer: bounds memory


@dataclass(frozen=True, slots=True)
class Loaded:
    """One changed entry, loaded, with the words the index will search."""

    entry: SourceEntry
    result: LoadResult
    text: str


@dataclass(slots=True)
class ScanTotals:
    """What the walk saw, complete once the iteration has ended."""

    seen: set[str] = field(default_factory=set)
    unchanged: int = 0


def load_changed(source: Source, stored: Mapping[str, str], totals: ScanTotals) -> Iterator[Loaded]:
    """Yield every entry whose fingerprint differs from ``stored``, loaded.

    Args:
        source: The source to walk. If it sets ``loads_in_processes`` (it can be
            pickled and loading needs nothing from this process), large syncs
            parse in a worker process.
        stored: Fingerprints the index already has, by entry path.
        totals: Filled with every path seen and the unchanged count.
    """
    changed: list[SourceEntry] = []
    for entry in source.entries():
        totals.seen.add(entry.path)
        if entry.path.endswith("/"):
            # A folder that could not be listed (a permission, or for a moment no
            # file handles left): what the index has from it is kept, not dropped.
            prefix = "" if entry.path == "./" else entry.path
            totals.seen.update(path for path in stored if path.startswith(prefix))
        if stored.get(entry.path) == entry.fingerprint:
            totals.unchanged += 1
        else:
            changed.append(entry)
    if len(changed) >= PARALLEL_FROM and getattr(source, "loads_in_processes", False):
        yield from _load_in_worker(source, changed)
    else:
        for entry in changed:
            yield load_one(source, entry)


def load_one(source: Source, entry: SourceEntry) -> Loaded:
    """Load one entry and extract its searchable words."""
    result = source.load(entry)
    return Loaded(entry, result, article_text(result))


def article_text(result: LoadResult) -> str:
    """The words the index searches: the body, or only the summary when the body is not here."""
    article = result.article
    if article is None:
        return ""
    if not article.complete:
        return searchable_text(article.summary.summary)
    # Not article.reading_body: that caches a long book's text for the rest of the run.
    return searchable_text(reading_of(article.body, front_matter=article.body_line > 1).markdown)


def load_batch(source: Source, entries: Sequence[SourceEntry]) -> list[Loaded]:
    """Load a batch of entries (runs in the worker process)."""
    return [load_one(source, entry) for entry in entries]


@contextlib.contextmanager
def _real_stderr() -> Iterator[None]:
    """A ``sys.stderr`` with a real file descriptor while a worker process starts.

    Starting one hands ``sys.stderr.fileno()`` to multiprocessing's resource
    tracker. Under the TUI, Textual has replaced ``sys.stderr`` with an object
    whose ``fileno()`` is -1, and the start failed ("bad value(s) in
    fds_to_keep"): a first sync of a large folder crashed the reader. The
    helpers get /dev/null instead; nothing they say belongs on the screen.
    """
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        yield
        return
    saved = sys.stderr
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        sys.stderr = devnull
        try:
            yield
        finally:
            sys.stderr = saved


def _load_in_worker(source: Source, changed: list[SourceEntry]) -> Iterator[Loaded]:
    """Parse batches in one worker process, yielding results in order."""
    # spawn, not fork: the TUI syncs from a thread, and forking a process that
    # has threads can copy a held lock into the child.
    context = multiprocessing.get_context("spawn")
    batches = (changed[start : start + _BATCH] for start in range(0, len(changed), _BATCH))
    with _real_stderr():  # the executor's queues start the resource tracker
        pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
    with pool:
        pending: deque[Future[list[Loaded]]] = deque()
        for batch in batches:
            if not pending:
                with _real_stderr():  # the worker process starts with the first batch
                    pending.append(pool.submit(load_batch, source, batch))
                continue
            pending.append(pool.submit(load_batch, source, batch))
            if len(pending) >= _IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
