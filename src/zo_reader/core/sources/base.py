"""What every source of articles provides to the library index.

A source lists its entries with a fingerprint that changes whenever the entry
changes (size and modification time for files; an ETag or modified date for
remote articles). The index compares fingerprints with what it stored and
loads only what changed, so a re-sync of an unchanged source reads nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from zo_reader.core.models import Article, ScanWarning


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
