"""A very long text in the plain (screen-reader) form, laid out a piece at a time.

The pieces are laid out in order once by :class:`~zo_reader.core.render_pieces.PlainPieces`
(link numbers run on, notes and the link list come last), keeping only what the
reader needs of the whole: each piece's headings, links, blocks and source
lines, and its line texts compressed (for find). The lines on screen are laid
out again from their piece when drawn (:class:`~zo_reader.core.document_paged.PagedLines`).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from zo_reader.core.document import MIN_WIDTH, DocLink, Document, Heading, Line

if TYPE_CHECKING:
    from zo_reader.core.document_paged import PagedText

__all__ = ["scan_plain"]


def scan_plain(
    text: PagedText, width: int, cancelled: Callable[[], bool] = bool
) -> Document | None:
    """Lay out every piece of ``text`` in the plain form once, keeping what the reader needs.

    Args:
        text: The pieces.
        width: Columns to wrap at; values below :data:`MIN_WIDTH` are raised to it.
        cancelled: Called between pieces; when it returns true the scan stops.

    Returns:
        A document whose ``lines`` is a :class:`~zo_reader.core.document_paged.PagedLines`,
        or ``None`` if cancelled.
    """
    from zo_reader.core.document_paged import PagedLines, pack
    from zo_reader.core.markdown.model import ParsedMarkdown
    from zo_reader.core.markdown.plain_layout import PlainLayout
    from zo_reader.core.render_pieces import PlainPieces

    width = max(width, MIN_WIDTH)
    pieces = PlainPieces(
        text.markdown, width, bounds=zip(text.bounds, text.bounds[1:], strict=False)
    )
    line_starts = array("q", [0])
    texts: list[bytes] = []
    again: list[Callable[[], Sequence[Line]]] = []  # lays each kept part out again
    headings: list[Heading] = []
    links: list[DocLink] = []
    terms: list[tuple[str, int]] = []
    blocks: array[int] = array("q")
    sources: array[int] = array("q")

    def add(document: Document, lay_out: Callable[[], Document]) -> None:
        # Parts are joined by a blank line, as the whole text's blocks are.
        lead = 1 if texts else 0
        base = line_starts[-1] + lead
        headings.extend(replace(heading, line=base + heading.line) for heading in document.headings)
        links.extend(replace(link, line=base + link.line) for link in document.links)
        terms.extend((anchor, base + line) for anchor, line in document.terms)
        blocks.extend(base + start for start in document.blocks)
        sources.extend(document.sources)
        rows = [""] * lead + [line.text for line in document.lines]
        texts.append(pack("\n".join(rows)))
        line_starts.append(line_starts[-1] + len(rows))

        def lines() -> Sequence[Line]:
            return [Line(())] * lead + list(lay_out().lines)

        again.append(lines)

    def listing() -> Document:
        layout = PlainLayout(ParsedMarkdown(), width, pieces.links)
        layout.listing()
        return layout.document()

    def piece(index: int) -> Callable[[], Document]:
        return lambda: pieces.layout(index) or Document((), (), (), width)

    index = 0
    while True:
        if cancelled():
            return None
        document = pieces.layout(index)
        if document is None:
            break
        if document.lines:
            add(document, piece(index))
        index += 1
    notes = pieces.notes_layout()  # numbers the links in notes, after every link of the body
    if notes.lines:
        add(notes, pieces.notes_layout)
    if pieces.links:
        add(listing(), listing)
    paged = PagedLines(width, line_starts, texts, lambda piece: again[piece]())
    return Document(paged, tuple(headings), tuple(links), width, blocks, tuple(terms), sources)
