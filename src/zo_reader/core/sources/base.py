"""What every source of articles provides to the library index.

A source lists its entries with a fingerprint that changes whenever the entry
changes (size and modification time for files; an ETag or modified date for
remote articles). The index compares fingerprints with what it stored and
loads only what changed, so a re-sync of an unchanged source reads nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from zo_reader.core.models import Article, ScanWarning, SnippetPart

if TYPE_CHECKING:
    from zo_reader.core.sources.http import HttpClient


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One item a source offers.

    Attributes:
        path: Stable key of the entry within the source (a relative POSIX path).
        fingerprint: Changes whenever the entry's content may have changed.
    """

    path: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading one entry gave: an article, or only the reasons it was skipped."""

    article: Article | None
    warnings: tuple[ScanWarning, ...] = ()


class Source(Protocol):
    """A place articles come from."""

    @property
    def key(self) -> str:
        """Identifies the source across runs; names its index file."""
        ...

    @property
    def label(self) -> str:
        """A short human name for messages, such as the folder path or host."""
        ...

    def entries(self) -> Iterator[SourceEntry]:
        """Every entry, with a fingerprint, in a stable order."""
        ...

    def load(self, entry: SourceEntry) -> LoadResult:
        """Read one entry; never raises for bad content, only reports it."""
        ...


class SourceUnchanged(Exception):
    """Raised by a remote source's ``entries`` when nothing changed since its saved state."""


@dataclass(frozen=True, slots=True)
class RemoteMatches:
    """A page of a server-side search: entry keys in the server's order, and the total.

    ``snippets`` holds the server's own snippets, by key, where it sends them:
    it has every body, while the copies here may hold only summaries.
    """

    total: int
    keys: tuple[str, ...]
    snippets: Mapping[str, tuple[SnippetPart, ...]] = field(default_factory=dict)


class RemembersState:
    """``restore`` and ``saved_state`` for a remote source keeping its validators in ``_state``.

    The state lives in the library's database between runs; a source that
    already holds state from a sync in this process keeps its own, newer one.
    """

    _state: dict[str, Any]

    def restore(self, state: dict[str, Any]) -> None:
        """Adopt the state of the last good sync, unless a newer one is here."""
        if not self._state:
            self._state = dict(state)

    def saved_state(self) -> dict[str, Any]:
        """What to compare with at the next sync (JSON-able)."""
        return dict(self._state)


@runtime_checkable
class RemoteSource(Source, Protocol):
    """A source behind an HTTP API that lists summaries first and bodies on demand.

    Its ``load`` gives summary-only articles (``complete=False``); ``fetch``
    gets one whole article when it is opened. The library keeps the source's
    validators in its own database (``restore``/``saved_state``), so an
    unchanged source costs one small conditional request per sync.
    """

    http: HttpClient

    def restore(self, state: dict[str, Any]) -> None:
        """Adopt what :meth:`saved_state` gave after the last good sync.

        Called before each sync and before a fetch; a source that already
        holds state from a sync in this process keeps its own, newer one.
        """
        ...

    def saved_state(self) -> dict[str, Any]:
        """Validators and anything else worth keeping until the next sync (JSON-able)."""
        ...

    def fetch(self, key: str) -> LoadResult:
        """The whole article of one entry, in one request.

        Raises:
            SourceOfflineError: The server cannot be reached.
            SourceError: The server refused or sent something unusable.
        """
        ...

    def search(
        self, query: str, tags: Sequence[str], limit: int, offset: int
    ) -> RemoteMatches | None:
        """Search on the server; ``None`` when the server cannot run this query.

        Raises:
            SourceOfflineError: The server cannot be reached.
            SourceError: The server refused the search.
        """
        ...


def cache_path(cache_dir: Path | None, key: str, suffix: str) -> Path | None:
    """Where a remote source keeps what it fetched: ``DIGEST.SUFFIX`` in ``cache_dir``.

    The name is a digest of the source's key, so no URL becomes a file name;
    ``None`` when the source keeps everything in memory (private mode).
    """
    if cache_dir is None:
        return None
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return cache_dir / f"{digest}.{suffix}"
