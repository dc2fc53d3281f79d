"""Where articles come from: a folder or a web feed now; HTTP APIs and WordPress later.

:func:`open_source` turns what the user typed (a path, a URL) into a source.
"""

from __future__ import annotations

from pathlib import Path

from zo_reader.core.errors import SourceError
from zo_reader.core.sanitize import clean_line
from zo_reader.core.settings import Settings, cache_dir
from zo_reader.core.sources.base import Source

BUNDLED_SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"
_REMOTE_PREFIXES = ("zo+", "wordpress+")
_NOT_YET = "zo-reader API and WordPress sources are not supported by this version yet"


def source_spec(given: str | None, settings: Settings) -> str:
    """The source to open: the one given, else the configured one, else the samples."""
    return given or settings.source or str(BUNDLED_SAMPLES)


def open_source(spec: str, settings: Settings) -> Source:
    """Open the source named by ``spec``: a folder path or a feed address.

    ``feed+https://...`` is always a feed. A plain ``http(s)://`` address is
    fetched once to see whether it is a feed (or recognised from an earlier
    sync, so an offline start still shows the copies).

    Raises:
        SourceError: The source does not exist or is of a kind not supported yet.
    """
    from zo_reader.core.sources.folder import FolderSource

    lowered = spec.lower()
    if lowered.startswith("feed+"):
        return _feed(spec[len("feed+") :])
    if lowered.startswith(("http://", "https://")):
        return _sniffed_feed(spec)
    if lowered.startswith(_REMOTE_PREFIXES):
        raise SourceError(f"{_NOT_YET}; give a folder or a feed instead of {clean_line(spec)}.")
    path = Path(spec).expanduser()
    if path.is_file():
        raise SourceError(f"{spec} is a file; give the folder that holds it.")
    return FolderSource(path, max_file_size=settings.max_file_size)


def _feed(url: str) -> Source:
    from zo_reader.core.sources.feed import FeedSource

    # Validators and items live beside the library indexes.
    return FeedSource(url, cache_dir=cache_dir() / "libraries")


def _sniffed_feed(url: str) -> Source:
    """A feed source for ``url`` if the server's answer is a feed."""
    from zo_reader.core.sources.feed import SNIFF_SIZE, fetch, looks_like_feed

    source = _feed(url)
    cache_file = getattr(source, "cache_file", None)
    if cache_file is not None and cache_file.exists():
        return source  # a feed at an earlier sync; sync itself handles being offline
    answer = fetch(url, 10.0, limit=SNIFF_SIZE, truncate=True)
    if looks_like_feed(answer.content_type, answer.body):
        return source
    raise SourceError(
        f"{clean_line(url)} is not a feed, and {_NOT_YET}; "
        "give a feed (or feed+URL) or a folder instead."
    )
