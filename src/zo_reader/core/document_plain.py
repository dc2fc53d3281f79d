"""The plain form of a document: linear text with its structure said in words.

This is the screen-reader layout. It reuses :func:`zo_reader.core.render.render_markdown`
(``Heading 2: …``, list markers with nesting, tables as ``Header: value`` lines,
links as ``text [1]`` with a numbered list at the end), so the TUI in
screen-reader mode, line mode and ``zo-reader read`` all read the same way,
and wraps it in the :class:`~zo_reader.core.document.Document` model the
reader widget shows: headings for navigation, numbered links to follow.
"""

from __future__ import annotations

import re

from zo_reader.core.document import DocLink, Document, Heading, Line, Span, slugify

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
    numbers = {link.number: index for index, link in enumerate(rendered.links)}
    first_line: dict[int, int] = {}
    lines: list[Line] = []
    headings: list[Heading] = []
    for number, raw in enumerate(text.split("\n")):
        heading = _HEADING.fullmatch(raw)
        if heading:
            level, title = int(heading.group(1)), heading.group(2)
            headings.append(Heading(level, title, slugify(title), number))
            lines.append(Line((Span(raw, f"heading{level}"),)))
            continue
        spans: list[Span] = []
        position = 0
        for marker in _LINK_NUMBER.finditer(raw):
            index = numbers.get(int(marker.group(1)))
            if index is None:
                continue
            if marker.start() > position:
                spans.append(Span(raw[position : marker.start()]))
            spans.append(Span(marker.group(0), "link", index))
            first_line.setdefault(index, number)
            position = marker.end()
        if position < len(raw) or not spans:
            spans.append(Span(raw[position:]))
        lines.append(Line(tuple(spans)))
    links = tuple(
        DocLink(index, link.url, link.text, first_line.get(index, 0))
        for index, link in enumerate(rendered.links)
    )
    return Document(tuple(lines), tuple(headings), links, width, tuple(range(len(lines))))
