"""Read and parse a source's changed entries on a worker thread.

While the index writes one article into SQLite (which releases the GIL), the
worker reads and parses the next ones, so a first sync uses both cores of a
small machine. The queue is bounded: memory stays flat however large the
source, and results arrive in the source's order.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from zo_reader.core.markdown_text import searchable_text
from zo_reader.core.sources.base import LoadResult, Source, SourceEntry

_QUEUE_DEPTH = 64


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


class _Failure:
    """Carries an exception from the worker to the consumer."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


_DONE = object()


def load_changed(source: Source, stored: Mapping[str, str], totals: ScanTotals) -> Iterator[Loaded]:
    """Yield every entry whose fingerprint differs from ``stored``, loaded.

    Args:
        source: The source to walk.
        stored: Fingerprints the index already has, by entry path.
        totals: Filled with every path seen and the unchanged count.

    Raises:
        Whatever the source raised while walking or loading, re-raised here.
    """
    results: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_DEPTH)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                results.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for entry in source.entries():
                totals.seen.add(entry.path)
                if stored.get(entry.path) == entry.fingerprint:
                    totals.unchanged += 1
                    continue
                result = source.load(entry)
                text = searchable_text(result.article.body) if result.article else ""
                if not put(Loaded(entry, result, text)):
                    return
            put(_DONE)
        except BaseException as error:  # handed to the consumer, which re-raises it
            put(_Failure(error))

    worker = threading.Thread(target=work, name="zo-reader-loader", daemon=True)
    worker.start()
    try:
        while True:
            item = results.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.error
            assert isinstance(item, Loaded)
            yield item
    finally:
        stop.set()
        worker.join()
