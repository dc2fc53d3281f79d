"""A very long article's line-mode text, rendered a piece at a time as the reader reaches it.

Rendered whole, a 50 MB book took some 30 s and 900 MB before its first page
could be printed. Over :data:`~zo_reader.core.document_paged.PAGED_SIZE`,
:class:`LongText` renders the body's pieces in order
(:class:`~zo_reader.core.render_pieces.ArticleChunks`, the text a pipe gets)
only as far as a page needs, and keeps each rendered piece's lines compressed,
so paging back never parses again and no piece's tokens outlive it.
:class:`LongPositions` translates reading positions (lines of the TUI's paged
layout, :mod:`~zo_reader.core.document_paged`) piece by piece, scanning the
styled layout only as far as the position asked for.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from zo_reader.core.document import Place, line_in, place_in
from zo_reader.core.document_paged import PIECE_SIZE, PagedText, Scanner, pack, unpack
from zo_reader.core.render_pieces import ArticleChunks

if TYPE_CHECKING:
    from zo_reader.core.models import Article
    from zo_reader.core.render import Link

__all__ = ["LongPositions", "LongText"]

_KEPT_CHUNKS = 4
"""Chunks kept split into lines: a page spans at most two, paging back one more."""


class LongText:
    """:func:`~zo_reader.core.render.render_article_text`'s lines, rendered as far as asked.

    The lines are the chunks of :class:`~zo_reader.core.render_pieces.ArticleChunks`
    joined by a blank line: the header, each body piece with text, then the
    notes and the numbered links once the body is done.

    Args:
        article: The article.
        width: Wrapping width in columns.
        piece: Roughly how many characters of Markdown to render at a time.
    """

    def __init__(self, article: Article, width: int, piece: int = PIECE_SIZE) -> None:
        self.piece = piece
        """The piece size; the TUI's paged layout must cut at the same size for positions."""
        self.chunks = ArticleChunks(article, width, piece)
        self.complete = False
        """Whether every piece and the tail have been rendered (:attr:`known` is the total)."""
        self._starts = array("q", [0])  # the first line of each chunk, then the lines known
        self._texts: list[bytes] = []
        self._chunk_of: dict[int, int] = {}  # body piece -> its chunk (pieces with text only)
        self._next = 0  # the next body piece to render
        self._cache: OrderedDict[int, list[str]] = OrderedDict()
        self._add(self.chunks.header)

    @property
    def known(self) -> int:
        """How many lines have been rendered so far."""
        return self._starts[-1]

    @property
    def estimate(self) -> int:
        """The number of lines: exact once complete, else guessed from the share rendered."""
        rendered = self.chunks.body.rendered_characters
        if self.complete or not rendered:
            return self.known
        return max(self.known * len(self.chunks.body.markdown) // rendered, self.known)

    def reach(self, line: int) -> None:
        """Render on until line ``line`` exists or the text ends."""
        while not self.complete and self.known <= line:
            self._advance()

    def finish(self) -> None:
        """Render every piece and the tail (numbering every link)."""
        while not self.complete:
            self._advance()

    def lines(self, start: int, stop: int) -> list[str]:
        """Lines ``start`` to ``stop`` (rendering as far as needed), fewer at the end."""
        self.reach(stop - 1)
        stop = min(stop, self.known)
        out: list[str] = []
        line = max(start, 0)
        while line < stop:
            chunk = bisect_right(self._starts, line) - 1
            rows = self._rows(chunk)
            base = self._starts[chunk]
            taken = rows[line - base : stop - base]
            out.extend(taken)
            line += len(taken)
        return out

    def piece_span(self, piece: int) -> tuple[int, int] | None:
        """The lines of body piece ``piece`` (without the blank line before), or ``None``.

        ``None`` when the piece shows nothing (only definitions) or there is no such piece.
        """
        while not self.complete and self._next <= piece:
            self._advance()
        chunk = self._chunk_of.get(piece)
        if chunk is None:
            return None
        return self._starts[chunk] + 1, self._starts[chunk + 1]

    @property
    def body_start(self) -> int:
        """The first line of the body (after the header and a blank line)."""
        return self._starts[1] + 1

    @property
    def body_end(self) -> int:
        """Where the last body piece ends, as far as rendered."""
        if not self._chunk_of:
            return self.body_start
        return self._starts[max(self._chunk_of.values()) + 1]

    def links(self) -> tuple[Link, ...]:
        """Every link, numbered as in the text (renders the rest of the text)."""
        self.finish()
        return tuple(self.chunks.body.links.values())

    def _advance(self) -> None:
        text = self.chunks.piece(self._next)
        if text is None:
            for chunk in self.chunks.tail():
                self._add(chunk)
            self.complete = True
            return
        if text:
            self._chunk_of[self._next] = len(self._texts)
            self._add(text)
        self._next += 1

    def _add(self, text: str) -> None:
        rows = ["", *text.split("\n")] if self._texts else text.split("\n")
        self._texts.append(pack("\n".join(rows)))
        self._starts.append(self._starts[-1] + len(rows))

    def _rows(self, chunk: int) -> list[str]:
        rows = self._cache.get(chunk)
        if rows is None:
            rows = unpack(self._texts[chunk]).split("\n")
            self._cache[chunk] = rows
            while len(self._cache) > _KEPT_CHUNKS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(chunk)
        return rows


Finder = Callable[[Sequence[str], int, str, int, int], "int | None"]
"""Finds a rendered heading: ``(lines, level, text, start, end)`` to its line in ``lines``."""


class LongPositions:
    """Positions in the TUI's paged layout to and from lines of a :class:`LongText`.

    Both cut the body into the same pieces, so a piece's first line in one
    marks the same place as in the other; between them, the headings both
    have mark more, and between those positions go in proportion. The styled
    pieces are laid out (and dropped) only as far as a position needs.

    Args:
        text: The line-mode text.
        width: The width the TUI lays out at.
        find_heading: Finds a rendered heading in lines (``lines, level, text, start, end``).
    """

    def __init__(self, text: LongText, width: int, find_heading: Finder) -> None:
        self.text = text
        self._scanner = Scanner(
            PagedText(text.chunks.body.markdown, text.piece), width, keep_texts=False
        )
        self._find = find_heading
        self.points: list[tuple[int, int]] = [(0, text.body_start)]
        """Pairs of (TUI line, text line) that mark the same place, as far as scanned."""
        self.anchors: dict[str, int] = {}
        """The text line of each heading anchor scanned so far."""
        self._ended = False

    def line_for_position(self, position: int) -> int:
        """The text line at a saved position (a line of the TUI's layout)."""
        while not self._ended and self.points[-1][0] <= position:  # a point past it
            self._step()
        return _interpolate(self.points, position)

    def position(self, line: int) -> int:
        """The TUI line for a text line: the last that maps back to it or just above."""
        if line <= 0:
            return 0
        while not self._ended and self.points[-1][1] <= line:
            self._step()
        points = self.points
        position = _interpolate([(b, a) for a, b in points], line)
        while position > 0 and self.line_for_position(position) > line:
            position -= 1
        while position < points[-1][0] and self.line_for_position(position + 1) <= line:
            position += 1
        return position

    def line_for_place(self, place: Place) -> int:
        """The text line at a saved place: its line in the styled layout, translated."""
        scanner = self._scanner
        while not self._ended and not any(source >= place[0] for source in scanner.sources):
            self._step()
        styled = line_in(scanner.blocks, scanner.sources, scanner.line_starts[-1], place)
        return self.line_for_position(styled)

    def place(self, line: int) -> Place:
        """The place shown on a text line (through the styled layout's line for it)."""
        styled = self.position(line)
        scanner = self._scanner
        return place_in(scanner.blocks, scanner.sources, scanner.line_starts[-1], styled)

    def anchor_line(self, anchor: str) -> int | None:
        """The text line of the heading with this anchor (scanning on until found), or ``None``."""
        while anchor not in self.anchors and not self._ended:
            self._step()
        return self.anchors.get(anchor)

    def _step(self) -> None:
        """Lay out the next styled piece and pair its start and headings with the text's."""
        scanner = self._scanner
        piece, seen = scanner.done, len(scanner.headings)
        if not scanner.step():
            end = (scanner.line_starts[-1], max(self.text.body_end, self.text.body_start))
            self._add(end)
            self._ended = True
            return
        start, stop = scanner.line_starts[piece], scanner.line_starts[piece + 1]
        span = self.text.piece_span(piece)
        if span is None:
            return
        first, last = span
        self._add((start, first))
        rows = self.text.lines(first, last)
        cursor = 0
        for heading in scanner.headings[seen:]:
            found = self._find(rows, heading.level, heading.text, cursor, len(rows))
            if found is None:  # not found: by proportion within the piece
                share = (heading.line - start) * (last - first) // max(stop - start, 1)
                self.anchors.setdefault(heading.anchor, first + share)
                continue
            cursor = found + 1
            self.anchors.setdefault(heading.anchor, first + found)
            self._add((heading.line, first + found))

    def _add(self, point: tuple[int, int]) -> None:
        last = self.points[-1]
        if point[0] > last[0] and point[1] > last[1]:
            self.points.append(point)


def _interpolate(points: Sequence[tuple[int, int]], x: int) -> int:
    """Map ``x`` through the increasing pairs ``points``, linearly between them."""
    # Bisection rather than a walk: a long book has thousands of points.
    index = bisect_right(points, (x, -1)) - 1
    if index < 0:
        return points[0][1]
    x0, y0 = points[index]
    if index + 1 < len(points) and x > x0:
        x1, y1 = points[index + 1]
        return y0 + (x - x0) * (y1 - y0) // (x1 - x0)
    return y0 + (x - x0)
