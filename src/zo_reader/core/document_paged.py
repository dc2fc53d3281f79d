"""Very long articles laid out a piece at a time, so memory stays near the text's own size.

Parsed and laid out whole, a 50 MB book took some 18 times its size (blocks
and lines are small Python objects, a few per word). Here the text is cut
into pieces of about :data:`PIECE_SIZE` characters, where
:func:`~zo_reader.core.document.split_for_progressive` cuts (a blank line
before an unindented line, outside fenced code). One pass at a width,
:func:`scan`, parses and lays out each piece in turn and keeps only what the
reader needs of the whole: where each piece's lines start, the headings,
links and block starts, and each piece's line texts compressed (for find).
The lines on screen are laid out again from their piece when drawn, and only
the last few pieces drawn are kept (:class:`PagedLines`).

Two differences from a whole layout, both at piece boundaries (tens of
kilobytes apart): footnotes are listed at the end of the piece that defines
them, and reference definitions and footnotes do not resolve from one piece
to another. Heading anchors (``-1``, ``-2``) and link numbers run across the
whole text, as in a whole layout.

The plain (screen-reader) form is paged the same way (``PagedText(...,
plain=True)``; :func:`scan` hands it to
:func:`~zo_reader.core.plain_paged.scan_plain`): :class:`PagedLines` only
needs each piece's line starts, its compressed texts and a function that lays
a piece out again.
"""

from __future__ import annotations

import re
import threading
import zlib
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, overload

from zo_reader.core.document import MIN_WIDTH, DocLink, Document, Heading, Line, split_point

if TYPE_CHECKING:
    from zo_reader.core.markdown.model import ParsedMarkdown

__all__ = ["PAGED_SIZE", "PIECE_SIZE", "PagedLines", "PagedText", "Scanner", "pack", "scan"]

PAGED_SIZE = 2_000_000
"""Markdown longer than this is laid out a piece at a time."""
PIECE_SIZE = 64_000
"""Roughly how many characters make a piece (the same as the reader's first screen)."""
_KEPT_PIECES = 8
"""Laid-out pieces kept for drawing: a screen spans at most two, a jump back one more."""


class PagedText:
    """A long Markdown text cut into pieces; independent of the width.

    The text is cut as far as asked for (:meth:`has`, :meth:`parse`), so a
    reader that needs only its first pieces does not read the rest; cutting
    all of it (:attr:`bounds`, ``len()``) reads every line once, so do that
    off the UI thread.

    Args:
        markdown: Untrusted Markdown without front matter.
        piece: Roughly how many characters per piece.
        plain: Lay it out in the plain (screen-reader) form of
            :mod:`~zo_reader.core.markdown.plain_layout` rather than styled.
    """

    def __init__(self, markdown: str, piece: int = PIECE_SIZE, *, plain: bool = False) -> None:
        self.markdown = markdown
        self.plain = plain
        self.piece = piece
        self._bounds = array("q", [0])
        self._lock = threading.Lock()

    @property
    def bounds(self) -> array[int]:
        """Where each piece starts, then the text's length (cutting the whole text)."""
        self._cut(None)
        return self._bounds

    def __len__(self) -> int:
        """The number of pieces."""
        return len(self.bounds) - 1

    def has(self, index: int) -> bool:
        """Whether there is a piece ``index`` (cutting only as far as that)."""
        self._cut(index + 1)
        return index < len(self._bounds) - 1

    def parse(
        self, index: int, note_base: int, anchors: dict[str, int] | None = None, line_base: int = 0
    ) -> ParsedMarkdown:
        """Parse one piece, numbering its footnotes on from ``note_base``.

        Args:
            index: The piece.
            note_base: Footnotes numbered in the pieces before it.
            anchors: Anchors given in the pieces before it (updated), so that
                ``-1``, ``-2`` run across the whole text.
            line_base: The source line the piece starts on.
        """
        from zo_reader.core.markdown.blocks import parse_blocks

        self._cut(index + 1)
        piece = self.markdown[self._bounds[index] : self._bounds[index + 1]]
        return parse_blocks(piece, note_base=note_base, anchors=anchors, line_base=line_base)

    def _cut(self, pieces: int | None) -> None:
        """Cut until there are ``pieces`` pieces (``None``: all) or the text ends."""
        bounds, size = self._bounds, len(self.markdown)
        if bounds[-1] >= size or (pieces is not None and len(bounds) > pieces):
            return
        with self._lock:  # a scan in a worker and drawing may both ask
            while bounds[-1] < size and (pieces is None or len(bounds) <= pieces):
                bounds.append(split_point(self.markdown, bounds[-1], self.piece))


def _lay_out(parsed: ParsedMarkdown, index: int, width: int, link_base: int) -> Document:
    from zo_reader.core.markdown.styled_layout import Layout

    return Layout(parsed, width, link_base=link_base, lead=index > 0).run()


def pack(text: str) -> bytes:
    """A piece's line texts (joined by ``\n``), compressed as :class:`PagedLines` keeps them."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def unpack(packed: bytes) -> str:
    """The text that :func:`pack` compressed."""
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")


class PagedLines(Sequence[Line]):
    """The lines of a long text at one width, laid out a piece at a time when asked for.

    Made by :func:`scan`. Indexing lays out the piece holding the line (some
    tens of milliseconds) unless it is among the last few used. Safe to use
    from one thread at a time per object; :func:`scan` makes a new one per width.

    Args:
        width: The width laid out at.
        line_starts: Where each piece's lines start, then the number of lines.
        texts: Each piece's line texts, :func:`pack`-ed (for find).
        lay_out: Lays piece ``n`` out again; it must give the lines scanned.
    """

    def __init__(
        self,
        width: int,
        line_starts: array[int],
        texts: list[bytes],
        lay_out: Callable[[int], Sequence[Line]],
    ) -> None:
        self.width = width
        self._line_starts = line_starts
        self._texts = texts
        self._lay_out = lay_out
        self._cache: OrderedDict[int, Sequence[Line]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._line_starts[-1]

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | Sequence[Line]:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("line index out of range")
        piece = bisect_right(self._line_starts, index) - 1
        return self.piece_lines(piece)[index - self._line_starts[piece]]

    def __iter__(self) -> Iterator[Line]:
        for piece in range(len(self._texts)):
            yield from self.piece_lines(piece)

    def piece_lines(self, piece: int) -> Sequence[Line]:
        """The laid-out lines of one piece."""
        with self._lock:
            lines = self._cache.get(piece)
            if lines is not None:
                self._cache.move_to_end(piece)
                return lines
        lines = self._lay_out(piece)
        with self._lock:
            self._cache[piece] = lines
            while len(self._cache) > _KEPT_PIECES:
                self._cache.popitem(last=False)
        return lines

    def find(self, pattern: re.Pattern[str]) -> list[tuple[int, int, int]]:
        """Every match of ``pattern`` within one line, as ``(line, start, end)``, in order.

        Reads the compressed line texts kept by :func:`scan`: nothing is laid out again.
        """
        matches: list[tuple[int, int, int]] = []
        for piece, packed in enumerate(self._texts):
            text = unpack(packed)
            if pattern.search(text) is None:
                continue
            base = self._line_starts[piece]
            for number, line in enumerate(text.split("\n")):
                matches.extend((base + number, m.start(), m.end()) for m in pattern.finditer(line))
        return matches


class Scanner:
    """Lays out the pieces of a styled :class:`PagedText` in order, keeping what the reader needs.

    :func:`scan` runs it to the end; line mode runs it only as far as a
    reading position needs (:mod:`zo_reader.cli.line_pages`).

    Args:
        text: The pieces.
        width: The reading width; values below :data:`MIN_WIDTH` are raised to it.
        keep_texts: Keep each piece's line texts, compressed (for find).
    """

    def __init__(self, text: PagedText, width: int, *, keep_texts: bool = True) -> None:
        self.text = text
        self.width = max(width, MIN_WIDTH)
        self.line_starts, self.link_starts = array("q", [0]), array("q", [0])
        """Where each piece scanned so far starts (lines, links), then the totals."""
        self.note_bases = array("q", [0])
        self.line_bases = array("q", [0])
        """The source line each piece scanned so far starts on, then the next."""
        self.blocks: array[int] = array("q")
        self.sources: array[int] = array("q")
        self.headings: list[Heading] = []
        """The headings scanned so far, anchors unique across the whole text."""
        self.links: list[DocLink] = []
        self.terms: list[tuple[str, int]] = []
        """``(anchor, line)`` of each definition-list term scanned so far."""
        self.texts: list[bytes] = []
        self._keep_texts = keep_texts
        self._anchors: dict[str, int] = {}

    @property
    def done(self) -> int:
        """How many pieces have been scanned."""
        return len(self.line_starts) - 1

    def step(self) -> bool:
        """Scan the next piece; ``False`` when every piece has been scanned."""
        index = self.done
        if not self.text.has(index):
            return False
        # One count of anchors for every piece: ``-1``, ``-2`` run across the whole
        # text as in a whole layout, and the author's own ``{#id}`` is kept as given.
        parsed = self.text.parse(index, self.note_bases[-1], self._anchors, self.line_bases[-1])
        piece = _lay_out(parsed, index, self.width, self.link_starts[-1])
        base = self.line_starts[-1]
        self.headings.extend(
            replace(heading, line=base + heading.line) for heading in piece.headings
        )
        self.terms.extend((anchor, base + line) for anchor, line in piece.terms)
        self.links.extend(replace(link, line=base + link.line) for link in piece.links)
        self.blocks.extend(base + start for start in piece.blocks)
        self.sources.extend(piece.sources)
        if self._keep_texts:
            # A line's text holds no line break (spans are sanitised); the join is
            # split again by find, one line each.
            self.texts.append(pack("\n".join(line.text for line in piece.lines)))
        self.line_starts.append(base + len(piece.lines))
        self.link_starts.append(self.link_starts[-1] + len(piece.links))
        self.note_bases.append(self.note_bases[-1] + parsed.note_count)
        self.line_bases.append(parsed.source_lines)
        return True

    def lay_out(self, index: int) -> Sequence[Line]:
        """The lines of piece ``index`` (scanned already), laid out again."""
        parsed = self.text.parse(index, self.note_bases[index])
        return _lay_out(parsed, index, self.width, self.link_starts[index]).lines

    def document(self) -> Document:
        """The scanned text as a document whose ``lines`` is a :class:`PagedLines`."""
        lines = PagedLines(self.width, self.line_starts, self.texts, self.lay_out)
        return Document(
            lines,
            tuple(self.headings),
            tuple(self.links),
            self.width,
            self.blocks,
            tuple(self.terms),
            self.sources,
        )


def scan(text: PagedText, width: int, cancelled: Callable[[], bool] = bool) -> Document | None:
    """Lay out every piece at ``width`` once, keeping what the reader needs of the whole.

    Args:
        text: The pieces; plain ones go to :func:`~zo_reader.core.plain_paged.scan_plain`.
        width: The reading width; values below :data:`MIN_WIDTH` are raised to it.
        cancelled: Called between pieces; when it returns true the scan stops.

    Returns:
        A document whose ``lines`` is a :class:`PagedLines`, or ``None`` if cancelled.
    """
    if text.plain:
        from zo_reader.core.plain_paged import scan_plain

        return scan_plain(text, width, cancelled)
    scanner = Scanner(text, width)
    while True:
        if cancelled():
            return None
        if not scanner.step():
            return scanner.document()
