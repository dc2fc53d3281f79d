"""Articles from a folder of Markdown and text files, and saved web pages.

The scan is recursive, skips hidden folders, ``node_modules`` and a Jekyll or
Hugo site's own folders (templates, data, build output), never
follows a symlink out of the root, and turns every bad file into a warning
rather than an error: one broken file never costs the rest of the library.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from stat import S_ISDIR, S_ISREG

from zo_reader.core.article_text import article_from_text
from zo_reader.core.errors import SourceError
from zo_reader.core.file_names import is_vault, site_tool_folders
from zo_reader.core.html_page import HTML_SUFFIXES, page_file_article
from zo_reader.core.models import Article, ScanWarning, Severity
from zo_reader.core.settings import DEFAULT_MAX_FILE_SIZE
from zo_reader.core.sources.base import LoadResult, SourceEntry

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", *HTML_SUFFIXES)
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})
# Fingerprints for entries that are reported but never read.
_OUTSIDE = "symlink-outside"
_UNREADABLE = "unreadable"
_NOT_A_FILE = "not-a-file"


class FolderSource:
    """A folder of ``.md``, ``.markdown`` and ``.txt`` articles and ``.html`` pages.

    Loading needs only the path and the size cap, so a large sync may parse
    files in a worker process (see :mod:`zo_reader.core.loading`).

    Args:
        root: The library folder.
        max_file_size: Files larger than this many bytes are skipped with a warning.

    Raises:
        SourceError: ``root`` does not exist or is not a folder.
    """

    def __init__(self, root: Path, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> None:
        try:
            resolved = root.expanduser().resolve(strict=True)
        except (OSError, RuntimeError) as error:
            raise SourceError(f"The folder {root} does not exist.") from error
        if not resolved.is_dir():
            raise SourceError(f"{root} is not a folder.")
        self.root = resolved
        self.max_file_size = max_file_size
        self.loads_in_processes = True
        # A plain flag, not a lookup at load time: loads run in worker processes.
        self.vault = is_vault(resolved)
        self._top_skipped = site_tool_folders(resolved)

    @property
    def key(self) -> str:
        """``folder:`` and the absolute, resolved path."""
        return f"folder:{self.root}"

    @property
    def label(self) -> str:
        """The folder path."""
        return str(self.root)

    def entries(self) -> Iterator[SourceEntry]:
        """Every article file under the root, with a size-and-mtime fingerprint."""
        yield from self._walk(str(self.root), "")

    def _walk(self, folder: str, prefix: str) -> Iterator[SourceEntry]:
        """Entries under ``folder``, whose paths start with ``prefix`` (``""`` or ``"a/b/"``).

        Paths are built as plain strings: at 100k files, ``PurePosixPath``
        joins took half of a re-sync that finds nothing changed.
        """
        try:
            with os.scandir(folder) as listing:
                children = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            yield SourceEntry(prefix or "./", _UNREADABLE)
            return
        for child in children:
            name = child.name
            relative = prefix + name
            if child.is_symlink():
                entry = self._symlink_entry(child, relative)
                if entry is not None:
                    yield entry
                continue
            try:
                if child.is_dir():
                    skipped = name in SKIPPED_FOLDERS or (not prefix and name in self._top_skipped)
                    if not name.startswith(".") and not skipped:
                        yield from self._walk(child.path, relative + "/")
                    continue
                if not name.lower().endswith(ARTICLE_SUFFIXES) or name.startswith("."):
                    continue
                stat = child.stat()
            except OSError:
                yield SourceEntry(relative, _UNREADABLE)
                continue
            if not S_ISREG(stat.st_mode):  # a FIFO or device would block or never end
                yield SourceEntry(relative, _NOT_A_FILE)
                continue
            yield SourceEntry(relative, f"{stat.st_size}:{stat.st_mtime_ns}")

    def _symlink_entry(self, link: os.DirEntry[str], relative: str) -> SourceEntry | None:
        """A linked article file inside the root, or a report of a link that leaves it.

        Linked folders are not followed even inside the root: their files are
        already scanned where they really are, and a link loop cannot start.
        """
        if not link.name.lower().endswith(ARTICLE_SUFFIXES):
            return None
        try:
            target = Path(link.path).resolve(strict=True)
        except (OSError, RuntimeError):
            return SourceEntry(relative, _UNREADABLE)
        if not target.is_relative_to(self.root):
            return SourceEntry(relative, _OUTSIDE)
        stat = target.stat()
        if not S_ISREG(stat.st_mode):
            return None if S_ISDIR(stat.st_mode) else SourceEntry(relative, _NOT_A_FILE)
        return SourceEntry(relative, f"{stat.st_size}:{stat.st_mtime_ns}")

    def load(self, entry: SourceEntry) -> LoadResult:
        """Read and parse one file; skipped files come back with a warning only."""
        path = entry.path
        if entry.fingerprint == _OUTSIDE:
            return _skipped(path, "symlink-outside", "it is a link to a file outside the library.")
        if entry.fingerprint == _NOT_A_FILE:
            return _skipped(path, "not-a-file", "it is a device or pipe, not a regular file.")
        if entry.fingerprint == _UNREADABLE:
            return _skipped(path, "unreadable", "it cannot be read.")
        try:
            data = self._read_bytes(self.root / path)
        except OSError as error:
            reason = error.strerror or "it cannot be read"
            return _skipped(path, "unreadable", f"it cannot be read ({reason.lower()}).")
        if data is None:
            limit = _megabytes(self.max_file_size)
            return _skipped(path, "file-too-large", f"it is larger than the {limit} limit.")
        if not data.strip():
            return _skipped(path, "file-empty", "it is empty.", Severity.WARNING)
        if b"\x00" in data:
            return _skipped(path, "file-binary", "it is a binary file, not text.")
        if path.lower().endswith(HTML_SUFFIXES):
            return _page(path, data)
        warnings: list[ScanWarning] = []
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            text = data.decode("utf-8", errors="replace")
            line = data.count(b"\n", 0, error.start) + 1
            warnings.append(
                ScanWarning(
                    path,
                    "encoding-invalid",
                    "It is not valid UTF-8; unreadable bytes are shown as \ufffd.",
                    line,
                )
            )
        article = article_from_text(article_id_for(path), path, text, vault=self.vault)
        if warnings:
            article = _with_warnings(article, warnings)
        return LoadResult(article=article, warnings=article.warnings)

    def _read_bytes(self, path: Path) -> bytes | None:
        """The file's bytes, or ``None`` when it is over the size cap (never read whole)."""
        with path.open("rb") as handle:
            data = handle.read(self.max_file_size + 1)
        return None if len(data) > self.max_file_size else data


def article_id_for(path: str) -> str:
    """The article id of a relative path: the path without its extension."""
    pure = PurePosixPath(path)
    return str(pure.with_suffix("")) if pure.suffix.lower() in ARTICLE_SUFFIXES else str(pure)


def _page(path: str, data: bytes) -> LoadResult:
    """A saved web page: its main text (the page finds its own encoding)."""
    article, reason = page_file_article(article_id_for(path), path, data)
    if article is None:
        return _skipped(path, "page-no-text", reason)
    return LoadResult(article=article, warnings=article.warnings)


def _skipped(path: str, code: str, reason: str, severity: Severity = Severity.ERROR) -> LoadResult:
    """A load that produced no article, only the reason it was skipped."""
    message = f"Skipped {path}: {reason}"
    return LoadResult(None, (ScanWarning(path, code, message, None, severity),))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"


def _with_warnings(article: Article, extra: list[ScanWarning]) -> Article:
    return replace(article, warnings=(*extra, *article.warnings))
