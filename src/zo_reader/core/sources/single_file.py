"""One file opened on its own: ``zo-reader notes/sleep.md`` or ``zo-reader /etc/hostname``.

The library is the file itself and, beside it, only the articles of the same
folder that it links to (``[text](other.md)``, ``[[Other]]``): enough to
follow its links, never a scan of the tree around it. Its index is kept in
memory (see :func:`zo_reader.core.sources.index_root`), so opening one file
writes no index of anything. ``--folder`` opens the whole folder instead.

A file that is not an article (a device, a binary file, an empty file, one
over the size cap) is refused with one sentence before anything is read
beyond its first block.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from stat import S_ISREG
from typing import BinaryIO
from urllib.parse import unquote

from zo_reader.core.article_text import article_from_text
from zo_reader.core.errors import SourceError
from zo_reader.core.html_page import HTML_SUFFIXES
from zo_reader.core.models import Article
from zo_reader.core.sanitize import clean_line
from zo_reader.core.settings import DEFAULT_MAX_FILE_SIZE
from zo_reader.core.sources.base import LoadResult, SourceEntry
from zo_reader.core.sources.folder import ARTICLE_SUFFIXES, FolderSource, article_id_for

SNIFF_BYTES = 8192
"""How much of the file is read to decide whether it is text at all."""
PREVIEW_BYTES = 32 * 1024
"""How much of the file the first screen is made from, before the whole file is read."""

# Markdown links and images, reference definitions and wikilinks: the targets
# that may name a neighbour. Anything else in the text is left alone.
_LINKS = re.compile(
    r"\]\(\s*<?([^)\s>]+)"  # [text](target) and ![alt](target)
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?[ \t]*$"  # [label]: target
    r"|\[\[([^\]|#\n]+)",  # [[Note]], [[Note|alias]], [[Note#Heading]]
    re.MULTILINE,
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class SingleFileSource:
    """One article file, with the neighbours in its folder that it links to.

    Args:
        path: The file.
        max_file_size: The size cap, as for a folder.

    Raises:
        SourceError: The file does not exist or is not an article (see :func:`check_article_file`).
    """

    def __init__(self, path: Path, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> None:
        self.path = check_article_file(path, max_file_size)
        self.name = self.path.name
        # Loading is the folder's: same size cap, same warnings, same ids.
        self._folder = FolderSource(self.path.parent, max_file_size=max_file_size)
        self.max_file_size = max_file_size
        self.loads_in_processes = False  # a handful of files: a pool would cost more
        self._linked: tuple[str, tuple[str, ...]] = ("", ())  # (fingerprint, neighbour names)

    @property
    def key(self) -> str:
        """``file:`` and the absolute, resolved path."""
        return f"file:{self.path}"

    @property
    def label(self) -> str:
        """The file's path."""
        return str(self.path)

    @property
    def root(self) -> Path:
        """The folder holding the file (links resolve against it)."""
        return self._folder.root

    def entries(self) -> Iterator[SourceEntry]:
        """The file, then the neighbours it links to, in name order."""
        own = _fingerprint(self.path)
        if own is None:
            yield SourceEntry(self.name, "unreadable")
            return
        yield SourceEntry(self.name, own)
        if self._linked[0] != own:
            self._linked = (own, self._neighbours())
        for name in self._linked[1]:
            fingerprint = _fingerprint(self.root / name)
            if fingerprint is not None:
                yield SourceEntry(name, fingerprint)

    def load(self, entry: SourceEntry) -> LoadResult:
        """Read and parse one file, as a folder source does."""
        return self._folder.load(entry)

    def article(self) -> Article:
        """The file's whole article, read now (for printing it without an index).

        Raises:
            SourceError: It cannot be read as an article any more (the reason in words).
        """
        own = _fingerprint(self.path)
        loaded = self.load(SourceEntry(self.name, own or "unreadable"))
        if loaded.article is None:
            reason = loaded.warnings[0].message if loaded.warnings else "it cannot be read."
            raise SourceError(clean_line(reason))
        return loaded.article

    def preview(self) -> Article | None:
        """The article made from the file's first :data:`PREVIEW_BYTES`, to show at once.

        ``None`` when the whole file is no bigger than that (reading it all is as quick),
        and for a web page, whose head is markup, not the start of its article.
        """
        if self.name.lower().endswith(HTML_SUFFIXES):
            return None
        try:
            with self.path.open("rb") as handle:
                data = handle.read(PREVIEW_BYTES + 1)
        except OSError:
            return None
        if len(data) <= PREVIEW_BYTES:
            return None
        # Cut at the last line end, so no line (or UTF-8 character) is cut in two.
        head = data[: data.rfind(b"\n") + 1] or data[:PREVIEW_BYTES]
        text = head.decode("utf-8", errors="replace")
        return article_from_text(article_id_for(self.name), self.name, text)

    def _neighbours(self) -> tuple[str, ...]:
        """Article files directly in the folder that the file links to.

        Read a megabyte at a time, each name looked up once: a 50 MB book with
        120,000 links held its bytes and its text at once, and stat'ed each link.
        """
        found: set[str] = set()
        asked: set[tuple[str, bool]] = set()
        try:
            with self.path.open("rb") as handle:
                for text in _paragraph_chunks(handle, self.max_file_size):
                    for match in _LINKS.finditer(text):
                        target, definition, wiki = match.groups()
                        is_wiki = wiki is not None
                        name = _same_folder_name(wiki or target or definition or "", is_wiki)
                        if name is not None and (name, is_wiki) not in asked:
                            asked.add((name, is_wiki))
                            found.update(self._existing(name, is_wiki))
        except OSError:
            return ()
        found.discard(self.name)
        return tuple(sorted(found))

    def _existing(self, name: str, wiki: bool) -> list[str]:
        """The article files in the folder that ``name`` may mean (``x``, ``x.md``, ...)."""
        candidates = [name] if name.lower().endswith(ARTICLE_SUFFIXES) and not wiki else []
        candidates += [name + suffix for suffix in ARTICLE_SUFFIXES]
        return [c for c in candidates if _is_neighbour(self.root, c)]


def check_article_file(path: Path, max_file_size: int) -> Path:
    """The resolved path of ``path`` if it can be read as an article.

    Only the first :data:`SNIFF_BYTES` are read.

    Raises:
        SourceError: One sentence: it does not exist, is not a regular file,
            is empty, is larger than the cap, or is binary.
    """
    shown = clean_line(str(path))
    try:
        resolved = path.expanduser().resolve(strict=True)
        stat = resolved.stat()
    except (OSError, RuntimeError) as error:
        raise SourceError(f"The file {shown} does not exist or cannot be read.") from error
    if not S_ISREG(stat.st_mode):
        raise SourceError(f"{shown} is a device or pipe, not an article or a folder.")
    if stat.st_size > max_file_size:
        limit = f"{max_file_size / (1024 * 1024):g} MiB"
        raise SourceError(
            f"{shown} is larger than the {limit} limit (max_file_size in the config raises it)."
        )
    try:
        with resolved.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        reason = (error.strerror or "it cannot be read").lower()
        raise SourceError(f"{shown} cannot be read ({reason}).") from error
    if not head.strip():
        raise SourceError(f"{shown} is empty: there is nothing to read.")
    if b"\x00" in head:
        raise SourceError(f"{shown} is a binary file, not an article.")
    return resolved


_CHUNK = 1 << 20


def _paragraph_chunks(handle: BinaryIO, limit: int) -> Iterator[str]:
    """The file's text about a megabyte at a time, cut after a blank line where there is one.

    A link does not cross a paragraph, so no link is cut in two (a paragraph
    longer than a chunk is cut at a line's end).
    """
    carry, left = b"", limit
    while left > 0:
        data = handle.read(min(_CHUNK, left))
        left -= len(data)
        if not data:
            break
        data, carry = carry + data, b""
        cut = data.rfind(b"\n\n")
        cut = data.rfind(b"\n") if cut < 0 else cut + 2
        if 0 < cut < len(data):
            data, carry = data[:cut], data[cut:]
        yield data.decode("utf-8", errors="replace")
    if carry:
        yield carry.decode("utf-8", errors="replace")


def _same_folder_name(target: str, wiki: bool) -> str | None:
    """The file name a link target names in the same folder, or ``None``."""
    target = target.split("#", 1)[0] if not wiki else target
    target = unquote(target.split("?", 1)[0]).strip()
    if not target or _SCHEME.match(target) or target.startswith(("/", "\\")):
        return None
    target = target.removeprefix("./")
    if "/" in target or "\\" in target or target in (".", ".."):
        return None  # another folder: not opened without --folder
    return target


def _is_neighbour(folder: Path, name: str) -> bool:
    """``name`` is a regular file directly in ``folder`` (a link may not lead out of it)."""
    candidate = folder / name
    try:
        return candidate.resolve(strict=True).parent == folder and candidate.is_file()
    except (OSError, RuntimeError):
        return False


def _fingerprint(path: Path) -> str | None:
    """Size and modification time, as a folder source fingerprints its files."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}" if S_ISREG(stat.st_mode) else None
