"""The plain text of :mod:`zo_reader.core.render`, a piece of the article at a time.

Rendering a 50 MB book whole took 26 s and some 600 MB before its first line
could be printed. Here the Markdown is cut where
:func:`~zo_reader.core.document.split_for_progressive` cuts it, as the
styled reader's pages are (:mod:`zo_reader.core.document_paged`) (a blank line
before an unindented line, outside fences), each piece is parsed and rendered
on its own, and its tokens are dropped before the next. A pipe gets the text
as it comes (:func:`article_chunks`); line mode renders only the pieces it
shows (:class:`PlainPieces` renders any piece again on demand).

The text is the same as rendering the whole at once, with these limits, all
across pieces, so only for articles longer than one piece:

* Link numbers run on across pieces; a URL keeps its first number.
* A reference definition (``[label]: url``) serves the pieces after it, not
  those before; a footnote resolves only inside its piece (an unresolved
  ``[^1]`` stays literal text). Notes still number on across pieces and are
  printed together at the end, after the body's links are numbered.
* An HTML block that runs over a blank line (``<pre>``, ``<script>``) may be
  cut in two.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from zo_reader.core.document import Document, split_point
from zo_reader.core.markdown.blocks import parse_blocks
from zo_reader.core.markdown.model import Block, LinkTarget, ParsedMarkdown
from zo_reader.core.markdown.plain_layout import Link, PlainLayout, text_of
from zo_reader.core.render import MIN_WIDTH, article_header, format_links

if TYPE_CHECKING:
    from zo_reader.core.models import Article

__all__ = ["PIECE_SIZE", "ArticleChunks", "PlainPieces", "article_chunks", "piece_bounds"]

PIECE_SIZE = 64_000
"""Markdown characters rendered at a time, as the styled reader's pages (within parse budget)."""


def piece_bounds(markdown: str, piece: int = PIECE_SIZE) -> Iterator[tuple[int, int]]:
    """``(start, end)`` offsets of the pieces, cut where :func:`split_for_progressive` cuts.

    By offsets (:func:`~zo_reader.core.document.split_point`), so that a 50 MB
    text is not copied once per piece.
    """
    size, start = len(markdown), 0
    while start < size:
        end = split_point(markdown, start, piece)
        yield start, end
        start = end


@dataclass(slots=True)
class _Piece:
    """What rendering a piece the first time settled, so that it renders alike again."""

    start: int
    end: int
    note_base: int
    line_base: int
    link_base: int
    references: int = 0  # how many definitions the pieces before it made


class PlainPieces:
    """Markdown rendered as plain lines one piece at a time, in order or again later.

    The first rendering of each piece must come in order (link and note
    numbers run on); :meth:`render` does that as far as asked. Link targets
    and footnotes accumulate; :meth:`notes` renders the notes once all is done.

    Args:
        markdown: Untrusted Markdown (each piece is sanitised before parsing).
        width: Wrapping width in columns; values below :data:`MIN_WIDTH` are raised to it.
        piece: Roughly how many characters to render at a time.
        bounds: The pieces' ``(start, end)`` offsets, when already cut
            (:class:`~zo_reader.core.document_paged.PagedText`); else :func:`piece_bounds`.
    """

    def __init__(
        self,
        markdown: str,
        width: int,
        piece: int = PIECE_SIZE,
        *,
        bounds: Iterable[tuple[int, int]] | None = None,
    ) -> None:
        self.markdown = markdown
        self.width = max(width, MIN_WIDTH)
        self.links: dict[str, Link] = {}
        """Link targets by URL, in order of their numbers, as far as rendered."""
        self._pieces: list[_Piece] = []
        self._bounds = iter(piece_bounds(markdown, piece) if bounds is None else bounds)
        self._next = next(self._bounds, None)  # one ahead, so the last piece is known as last
        self._note_count = 0
        self._line_count = 0
        self._references: dict[str, Any] = {}  # every definition so far, in order made
        # Each piece's footnotes, kept to lay out after the whole body, as the whole
        # text does: links in notes are numbered after every link of the body.
        self._notes: list[Block] = []
        self._targets: list[LinkTarget] = []  # every piece's parse-time links (notes use them)
        self._anchors: dict[str, int] = {}
        self._laid_out = 0  # pieces laid out once (their numbers and notes are known)

    @property
    def complete(self) -> bool:
        """Whether every piece has been rendered once (its count and links are final)."""
        return self._next is None

    @property
    def known(self) -> int:
        """How many pieces have been rendered at least once."""
        return len(self._pieces)

    @property
    def rendered_characters(self) -> int:
        """How much of the Markdown the pieces rendered so far cover."""
        return self._pieces[-1].end if self._pieces else 0

    def markdown_of(self, index: int) -> str:
        """The Markdown of piece ``index``, one already rendered."""
        piece = self._pieces[index]
        return self.markdown[piece.start : piece.end]

    def render(self, index: int) -> str | None:
        """Piece ``index`` as text (lines joined by ``\\n``, no blank line at either end).

        Returns:
            The text, ``""`` for a piece with nothing to show (only definitions),
            ``None`` past the last piece.
        """
        document = self.layout(index)
        return None if document is None else text_of(document.lines)

    def layout(self, index: int) -> Document | None:
        """Piece ``index`` laid out, or ``None`` past the last piece.

        Its headings, links and blocks count from the piece's own first line, its
        source lines from the whole text's; its links are those it numbered first.
        """
        while len(self._pieces) <= index:
            bounds = self._next
            if bounds is None:
                return None
            self._next = next(self._bounds, None)
            self._pieces.append(
                _Piece(*bounds, self._note_count, self._line_count, len(self._targets))
            )
            document = self._lay_out(len(self._pieces) - 1)
            if len(self._pieces) > index:
                return document
        return self._lay_out(index)

    def finish(self) -> None:
        """Render every piece not yet rendered (numbering links and notes to the end)."""
        index = len(self._pieces)
        while self.render(index) is not None:
            index += 1

    def notes_layout(self) -> Document:
        """The ``Notes:`` section of every piece; call :meth:`finish` first."""
        layout = PlainLayout(ParsedMarkdown(links=tuple(self._targets)), self.width, self.links)
        layout.notes(self._notes)
        return layout.document()

    def notes(self) -> str:
        """The ``Notes:`` section of every piece, as text; call :meth:`finish` first."""
        return text_of(self.notes_layout().lines)

    def _lay_out(self, index: int) -> Document:
        """Piece ``index`` laid out; the first time (in order), its numbers and notes are kept."""
        piece = self._pieces[index]
        first = index >= self._laid_out
        # Definitions of the pieces before this one, never of those after, so that
        # rendering a piece again gives the same text and the same numbers. The
        # first time, the running dictionary itself: the parser adds this piece's
        # definitions to it (the first of a label wins, so none is replaced), and
        # a book with a hundred thousand definitions is not copied once per piece.
        if first:
            piece.references = len(self._references)
            references = self._references
        else:
            references = dict(islice(self._references.items(), piece.references))
        parsed = parse_blocks(
            self.markdown[piece.start : piece.end],
            note_base=piece.note_base,
            link_base=piece.link_base,
            line_base=piece.line_base,
            references=references,
            # Anchors count on across pieces the first time; laid out again, only lines are kept.
            anchors=self._anchors if first else None,
        )
        layout = PlainLayout(parsed, self.width, self.links, piece.link_base)
        layout.body(parsed.blocks)
        if first:
            self._note_count = piece.note_base + parsed.note_count
            self._line_count = parsed.source_lines
            self._notes.extend(parsed.notes)
            self._targets.extend(parsed.links)
            self._laid_out = index + 1
        return layout.document()


class ArticleChunks:
    """:func:`~zo_reader.core.render.render_article_text`'s text as chunks, a piece at a time.

    Joined by one blank line, the chunks (:attr:`header`, each non-empty
    :meth:`piece`, then :meth:`tail`) are the whole text, the body's first block
    left out when it repeats the title, as there.

    Args:
        article: The article.
        width: Wrapping width in columns; values below :data:`MIN_WIDTH` are raised to it.
        piece: Roughly how many characters of Markdown to render at a time.
    """

    def __init__(self, article: Article, width: int, piece: int = PIECE_SIZE) -> None:
        self.width = max(width, MIN_WIDTH)
        header, heading = article_header(article, self.width)
        self.header = "\n".join(header)
        """The header: title, byline, date, tags, reading time."""
        self.body = PlainPieces(article.reading_body, self.width, piece)
        """The body's pieces."""
        self._heading = "\n".join(heading).casefold()
        self._checked = 0  # pieces looked at for a first block repeating the title
        self._title_open = True  # no body text yet: the next block may repeat the title
        self._strip: int | None = None  # the piece whose first block is left out

    def piece(self, index: int) -> str | None:
        """Body piece ``index`` as text (maybe ``""``), or ``None`` past the last."""
        text = self.body.render(index)
        if text is None:
            return None
        if index >= self._checked:
            self._checked = index + 1
            if self._title_open and text:
                self._title_open = False
                if self._repeats_title(text):
                    self._strip = index
        return self._without_title(text) if index == self._strip else text

    def tail(self) -> list[str]:
        """The chunks after the body: its notes and the numbered links (each if any).

        Renders whatever of the body is not yet rendered, which numbers the links.
        """
        while self.piece(self._checked) is not None:  # the rest, in order
            pass
        notes = self.body.notes()
        if self._title_open and notes and self._repeats_title(notes):
            notes = self._without_title(notes)
        return [chunk for chunk in (notes, format_links(tuple(self.body.links.values()))) if chunk]

    def _repeats_title(self, text: str) -> bool:
        return text.partition("\n\n")[0].casefold() == self._heading

    @staticmethod
    def _without_title(text: str) -> str:
        return text.partition("\n\n")[2]


def article_chunks(article: Article, width: int = 80, piece: int = PIECE_SIZE) -> Iterator[str]:
    """:func:`~zo_reader.core.render.render_article_text` as it comes, for a pipe.

    Joined with ``"\\n\\n"``, the chunks are its text (see the module docstring
    for what differs in an article longer than one piece); only one piece's
    tokens and lines are held at a time.

    Args:
        article: The article.
        width: Wrapping width in columns.
        piece: Roughly how many characters of Markdown to render at a time.

    Yields:
        Non-empty chunks of text, without blank lines at either end.
    """
    chunks = ArticleChunks(article, width, piece)
    yield chunks.header
    index = 0
    while (text := chunks.piece(index)) is not None:
        if text:
            yield text
        index += 1
    yield from chunks.tail()
