"""The plain form of a document: linear text with its structure said in words.

This is the screen-reader layout. It reuses :func:`zo_reader.core.render.render_markdown`
(``Heading 2: …``, list markers with nesting, tables as ``Header: value`` lines,
links as ``text [1]`` with a numbered list at the end), so the TUI in
screen-reader mode, line mode and ``zo-reader read`` all read the same way,
and wraps it in the :class:`~zo_reader.core.document.Document` model the
reader widget shows: headings for navigation, numbered links to follow.

A very long text (over :data:`~zo_reader.core.document_paged.PAGED_SIZE`) is
rendered a piece at a time by :func:`scan_plain`, as
:mod:`~zo_reader.core.render_pieces` renders it for a pipe: the same text
within the limits that module lists, with link numbers running on, notes and
the link list at the end. Its lines are made again from each piece's
compressed text when drawn, never from the Markdown.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from zo_reader.core.document import (
    MIN_WIDTH,
    DocLink,
    Document,
    Heading,
    Line,
    Span,
    unique_anchor,
)
from zo_reader.core.sanitize import part, safe_text

if TYPE_CHECKING:
    from zo_reader.core.document_paged import PagedText

__all__ = ["plain_layout", "scan_plain"]

_HEADING = re.compile(r"Heading ([1-6]): (.*)")
_LINK_NUMBER = re.compile(r"\[(\d{1,6})\]")


def plain_layout(markdown: str, width: int) -> Document:
    """Render ``markdown`` as linear text at ``width`` and index its headings and links.

    Args:
        markdown: Untrusted Markdown without front matter.
        width: Columns to wrap at.

    Returns:
        A document whose lines carry no decoration: headings are styled and
        named in words, and every ``[n]`` link marker is a link span.
    """
    from zo_reader.core.render import format_links, render_markdown

    rendered = render_markdown(markdown, width)
    text = rendered.text
    listing = format_links(rendered.links)
    if listing:
        text = f"{text}\n\n{listing}" if text else listing
    first_line: dict[int, int] = {}
    headings: list[Heading] = []
    lines = _lines(text.split("\n"), len(rendered.links), 0, headings, first_line, {})
    links = tuple(
        DocLink(index, link.url, link.text, first_line.get(index, 0))
        for index, link in enumerate(rendered.links)
    )
    return Document(tuple(lines), tuple(headings), links, width, tuple(range(len(lines))))


def _lines(
    texts: Sequence[str],
    link_count: int,
    base: int,
    headings: list[Heading] | None = None,
    first_line: dict[int, int] | None = None,
    anchors: dict[str, int] | None = None,
) -> list[Line]:
    """Lines for plain texts: headings styled (and listed), ``[n]`` markers made link spans.

    Links are numbered from 1 in order (render's :class:`~zo_reader.core.render_blocks.Link`),
    so link ``n`` is ``Document.links[n - 1]``; a marker past ``link_count`` stays text.

    Args:
        texts: The lines' texts.
        link_count: How many links there are.
        base: The line number of ``texts[0]`` in the document.
        headings: Collects the headings, if given.
        first_line: Collects each link's first line (by link index), if given.
        anchors: How often each heading anchor was given so far (with ``headings``):
            a repeated heading is ``faq-1``, as in the styled layout.
    """
    lines: list[Line] = []
    for offset, written in enumerate(texts):
        raw = safe_text(written)  # rendered from clean text: one search, typed for the spans
        heading = _HEADING.fullmatch(raw)
        if heading:
            level, title = int(heading.group(1)), heading.group(2)
            if headings is not None:
                anchor = unique_anchor({} if anchors is None else anchors, title)
                headings.append(Heading(level, title, anchor, base + offset))
            lines.append(Line((Span(raw, f"heading{level}"),)))
            continue
        spans: list[Span] = []
        position = 0
        for marker in _LINK_NUMBER.finditer(raw):
            index = int(marker.group(1)) - 1
            if not 0 <= index < link_count:
                continue
            if marker.start() > position:
                spans.append(Span(part(raw, position, marker.start())))
            spans.append(Span(part(raw, marker.start(), marker.end()), "link", index))
            if first_line is not None:
                first_line.setdefault(index, base + offset)
            position = marker.end()
        if position < len(raw) or not spans:
            spans.append(Span(part(raw, position)))
        lines.append(Line(tuple(spans)))
    return lines


def scan_plain(
    text: PagedText, width: int, cancelled: Callable[[], bool] = bool
) -> Document | None:
    """Render every piece of ``text`` in the plain form once, keeping what the reader needs.

    The pieces are rendered in order (:class:`~zo_reader.core.render_pieces.PlainPieces`),
    and only their headings, links and compressed texts are kept; the notes and
    the link list come last, as in :func:`plain_layout`.

    Args:
        text: The pieces.
        width: Columns to wrap at; values below :data:`MIN_WIDTH` are raised to it.
        cancelled: Called between pieces; when it returns true the scan stops.

    Returns:
        A document whose ``lines`` is a :class:`~zo_reader.core.document_paged.PagedLines`,
        or ``None`` if cancelled.
    """
    from zo_reader.core.document_paged import PagedLines, pack, unpack
    from zo_reader.core.render import format_links
    from zo_reader.core.render_pieces import PlainPieces

    width = max(width, MIN_WIDTH)
    bounds = zip(text.bounds, text.bounds[1:], strict=False)
    pieces = PlainPieces(text.markdown, width, bounds=bounds)
    line_starts = array("q", [0])
    texts: list[bytes] = []
    headings: list[Heading] = []
    first_line: dict[int, int] = {}
    anchors: dict[str, int] = {}  # one set across pieces, as in the whole text

    def add(chunk: str) -> None:
        # Chunks are joined by a blank line, as the whole text's blocks are.
        rows = (["", *chunk.split("\n")]) if texts else chunk.split("\n")
        base = line_starts[-1]
        _lines(rows, len(pieces.links), base, headings, first_line, anchors)
        texts.append(pack("\n".join(rows)))
        line_starts.append(base + len(rows))

    index = 0
    while True:
        if cancelled():
            return None
        chunk = pieces.render(index)
        if chunk is None:
            break
        if chunk:
            add(chunk)
        index += 1
    notes = pieces.notes()  # numbers the links in notes, after every link of the body
    if notes:
        add(notes)
    links = tuple(pieces.links.values())
    if listing := format_links(links):
        add(listing)
    count = len(links)

    def lay_out(piece: int) -> list[Line]:
        return _lines(unpack(texts[piece]).split("\n"), count, 0)

    doc_links = tuple(
        DocLink(index, link.url, link.text, first_line.get(index, 0))
        for index, link in enumerate(links)
    )
    lines = PagedLines(width, line_starts, texts, lay_out)
    return Document(lines, tuple(headings), doc_links, width, range(line_starts[-1]))
