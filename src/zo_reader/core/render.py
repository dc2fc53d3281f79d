"""Markdown to linear plain text, for pipes, ``TERM=dumb`` and line mode.

The text is the plain layout of the one document model
(:mod:`~zo_reader.core.markdown.plain_layout`, which lists its conventions),
joined into lines: the screen-reader TUI, line mode and ``zo-reader read`` all
read alike. For example ``## Setup\\n\\nRun *this* [now](https://x.org).``
renders as::

    Heading 2: Setup

    Run this now [1].

Everything passes through :mod:`zo_reader.core.sanitize`, so nothing in an
article can put a control character or escape sequence into the output. The
parser's bounds hold (:mod:`~zo_reader.core.markdown.parser`): blocks deeper
than 20 levels are dropped, and past a budget of work the rest of a huge
article is plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from zo_reader.core.markdown.plain_layout import Link, format_links, plural
from zo_reader.core.markdown.wrap import wrap_text as wrap
from zo_reader.core.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    from zo_reader.core.document import Document
    from zo_reader.core.models import Article

__all__ = [
    "MIN_WIDTH",
    "Link",
    "PlainText",
    "article_header",
    "format_links",
    "render_article_text",
    "render_markdown",
]

MIN_WIDTH = 20
"""The narrowest width rendered; smaller requests are raised to this."""


@dataclass(frozen=True, slots=True)
class PlainText:
    """Rendered Markdown.

    Attributes:
        text: The body and any ``Notes:`` section, lines joined by ``\\n``,
            without trailing blank lines.
        links: The link targets in order of their numbers.
    """

    text: str
    links: tuple[Link, ...]


def render_markdown(markdown: str, width: int = 80) -> PlainText:
    """Render Markdown as linear plain text (see the module docstring for the conventions).

    Args:
        markdown: Untrusted Markdown; it is sanitised before parsing.
        width: Wrapping width in columns; values below :data:`MIN_WIDTH` are raised to it.

    Returns:
        The text, with its link targets numbered in order of first use.
    """
    from zo_reader.core.markdown.blocks import parse_blocks
    from zo_reader.core.markdown.plain_layout import PlainLayout, text_of

    layout = PlainLayout(parse_blocks(markdown), max(width, MIN_WIDTH))
    document = layout.run(listing=False)
    # Every piece was cleaned on the way; this last pass guards the whole against a missed path.
    return PlainText(clean_text(text_of(document.lines)), tuple(layout.numbers.values()))


def article_header(article: Article, width: int) -> tuple[list[str], list[str]]:
    """The header lines of :func:`render_article_text`, and the title's heading lines among them.

    Args:
        article: The article.
        width: Wrapping width, already raised to :data:`MIN_WIDTH`.

    Returns:
        ``(header, heading)``: a body's first block equal to ``heading`` is left out.
    """
    summary = article.summary
    title = clean_line(summary.title) or clean_line(summary.id) or "Untitled"
    heading = wrap(f"Heading 1: {title}", width)
    header = list(heading)
    if summary.author and (author := clean_line(summary.author)):
        header.extend(wrap(f"By {author}", width, rest="  "))
    if summary.date and (date := clean_line(summary.date)):
        header.append(f"Date: {date}")
    tags = [tag for tag in (clean_line(tag.display) for tag in summary.tags) if tag]
    if tags:
        header.extend(wrap("Tags: " + ", ".join(tags), width, rest="  "))
    if summary.words > 0:
        header.append(f"Reading time: {plural(summary.reading_minutes, 'minute')}")
    return header, heading


def render_article_text(article: Article, width: int = 80) -> str:
    """Render a whole article for the terminal: header, body, notes and links.

    The header holds ``Heading 1: <title>`` and, when known, ``By <author>``,
    ``Date: ...``, ``Tags: a, b`` and ``Reading time: N minutes``. A first
    heading in the body that repeats the title is left out, so it is not read twice.
    A long article can be rendered a piece at a time instead, with
    :func:`zo_reader.core.render_pieces.article_chunks`.

    Args:
        article: The article to render.
        width: Wrapping width in columns; values below :data:`MIN_WIDTH` are raised to it.

    Returns:
        The text, lines joined by ``\\n``, without a trailing newline.
    """
    return "\n".join(article_text(article, width).lines)


@dataclass(frozen=True)
class ArticleText:
    """:func:`render_article_text`'s lines, with the body's layout behind them.

    Attributes:
        lines: The text's lines.
        body: The body's plain layout (its notes included, its link list not).
        links: The link targets in order of their numbers.
        body_start: The text line of the first body line shown.
        dropped: Body lines left out at the top (a first block repeating the title).
    """

    lines: list[str]
    body: Document
    links: tuple[Link, ...]
    body_start: int
    dropped: int

    def text_line(self, body_line: int) -> int:
        """The text line showing line ``body_line`` of :attr:`body`."""
        return self.body_start + max(body_line - self.dropped, 0)

    def body_line(self, text_line: int) -> int:
        """The line of :attr:`body` shown on text line ``text_line`` (the header: the first)."""
        line = max(text_line - self.body_start, 0) + self.dropped
        return min(line, max(len(self.body.lines) - 1, 0))


def article_text(article: Article, width: int = 80) -> ArticleText:
    """Lay out a whole article as :func:`render_article_text` prints it, keeping its layout."""
    from zo_reader.core.markdown.blocks import parse_blocks
    from zo_reader.core.markdown.plain_layout import PlainLayout

    width = max(width, MIN_WIDTH)
    header, heading = article_header(article, width)
    layout = PlainLayout(parse_blocks(article.reading_body), width)
    body = layout.run(listing=False)
    rows = clean_text("\n".join(line.text for line in body.lines)).split("\n")
    start = next((n for n, row in enumerate(rows) if row), len(rows))
    blank = next((n for n in range(start, len(rows)) if not rows[n]), len(rows))
    dropped = start
    if "\n".join(rows[start:blank]).casefold() == "\n".join(heading).casefold():
        dropped = blank + 1
    text = rows[dropped:]
    while text and not text[-1]:
        text.pop()
    links = tuple(layout.numbers.values())
    lines = list(header)
    body_start = len(lines) + 1
    for part in (text, format_links(links).split("\n") if links else []):
        if part:
            lines += ["", *part] if lines else part
    return ArticleText(lines, body, links, body_start, dropped)
