"""Where articles come from: a folder, or a URL (a zo-reader API, a WordPress site, a feed, a page).

:func:`open_source` turns what the user typed (a path, a URL) into a source.
"""

from __future__ import annotations

import re
from pathlib import Path

from zo_reader.core.errors import SourceError
from zo_reader.core.sanitize import clean_line
from zo_reader.core.settings import Settings, cache_dir
from zo_reader.core.sources.base import Source
from zo_reader.core.sources.http import HttpOptions

BUNDLED_SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"
_FORCED = {"zo+": "zo", "wordpress+": "wordpress", "feed+": "feed", "page+": "page"}


def source_spec(given: str | None, settings: Settings) -> str:
    """The source to open: the one given, else the configured one, else the samples."""
    return given or settings.source or str(BUNDLED_SAMPLES)


def split_file(spec: str) -> tuple[str, str | None]:
    """A file's folder and the file's path in it; anything else as it is, with ``None``.

    ``zo-reader --folder notes/sleep.md`` reads the folder ``notes`` and opens
    ``sleep.md`` first (without ``--folder``, the file opens on its own).
    """
    if "://" in spec:
        return spec, None
    path = Path(spec).expanduser()
    if not path.is_file():
        return spec, None
    return str(path.resolve().parent), path.name


def http_options(settings: Settings) -> HttpOptions:
    """The network settings every remote source uses."""
    return HttpOptions(
        connect_timeout=float(settings.connect_timeout),
        read_timeout=float(settings.read_timeout),
        deadline=float(settings.request_deadline),
        sync_budget=float(settings.sync_budget),
        max_bytes=settings.max_download_size,
        other_hosts=settings.other_hosts,
        insecure=settings.insecure,
        offline=settings.offline,
        token=settings.token or None,
    )


def open_source(spec: str, settings: Settings) -> Source:
    """Open the source named by ``spec``: a folder, one file, or an address.

    ``zo+URL``, ``wordpress+URL``, ``feed+URL`` and ``page+URL`` force a kind. A plain
    ``http(s)://`` address is asked what it is once (see
    :mod:`zo_reader.core.sources.detect`); the answer is remembered, so later
    starts, offline ones too, ask nothing.

    Raises:
        SourceError: The source does not exist or nothing readable answers there.
    """
    lowered = spec.lower()
    options = http_options(settings)
    # Private mode remembers nothing on disk: not what a URL was, not a feed's answer.
    kept = None if settings.private else cache_dir() / "libraries"
    for prefix, kind in _FORCED.items():
        if lowered.startswith(prefix):
            return remote_source(kind, spec[len(prefix) :], options, kept)
    if lowered.startswith(("http://", "https://")):
        from zo_reader.core.sources.detect import detect

        found = detect(spec, options, kept / "sources.json" if kept else None)
        return remote_source(found.kind, found.url, options, kept)
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", spec) and not Path(spec).exists():
        raise SourceError(f"{clean_line(spec)} is not an http or https address or a folder.")
    path = Path(spec).expanduser()
    if path.exists() and not path.is_dir():
        # One file: that file (and the neighbours it links to), never the tree around it.
        from zo_reader.core.sources.single_file import SingleFileSource

        return SingleFileSource(path, max_file_size=settings.max_file_size)
    from zo_reader.core.sources.folder import FolderSource

    return FolderSource(path, max_file_size=settings.max_file_size)


def index_root(source: Source, settings: Settings) -> Path | None:
    """Where the index of ``source`` is kept: the cache, or ``None`` for in memory.

    In memory in private mode, and for one file opened on its own: its index
    is a few articles, quicker to build than to look up, and opening a file
    must write nothing about its neighbours.
    """
    from zo_reader.core.sources.single_file import SingleFileSource

    if settings.private or isinstance(source, SingleFileSource):
        return None
    return cache_dir()


def remote_source(kind: str, url: str, options: HttpOptions, kept: Path | None = None) -> Source:
    """The source of one kind at ``url``; a feed keeps its last answer in ``kept``.

    Raises:
        SourceError: ``url`` is not an http or https address.
    """
    if kind == "zo":
        from zo_reader.core.sources.zo_api import ZoApiSource

        return ZoApiSource(url, options=options)
    if kind == "wordpress":
        from zo_reader.core.sources.wordpress import WordPressSource

        return WordPressSource(url, options=options)
    if kind == "page":
        from zo_reader.core.sources.web_page import WebPageSource

        # One ordinary web page; what was read of it lives beside the indexes, like a feed's.
        return WebPageSource(url, options=options, cache_dir=kept)
    from zo_reader.core.sources.feed import FeedSource

    # Validators and items live beside the library indexes.
    return FeedSource(url, options=options, cache_dir=kept)
