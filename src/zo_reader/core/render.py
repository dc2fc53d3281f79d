"""Markdown to linear plain text, for pipes, ``TERM=dumb`` and screen readers.

The output is read aloud line by line or read as plain text, so structure is
given in words rather than drawn:

* Headings: ``Heading 2: Title``. Blocks are separated by one blank line.
* Paragraphs are wrapped to the width; words and URLs are never broken, so a
  long one may overflow. Emphasis markers are dropped; struck-through text
  reads ``[deleted: text]``; inline code keeps its text.
* Lists: ``- item`` and ``3. item`` (numbered from the list's start); nested
  items are indented by the width of their parent's marker (two spaces under
  ``- ``). Task items read ``- [done] text`` or ``- [not done] text``: words,
  because a screen reader says nothing at all for ``[ ]``.
* Block quotes: each line starts with ``> ``.
* Code: a ``Code (python):`` or ``Code:`` line, then the code indented by four
  spaces, tabs expanded, never wrapped.
* Tables: ``Table: 2 columns, 3 rows``, then one block per row, ``Row 1:`` and
  a ``Header: value`` line per cell (``(empty)`` for an empty one). No boxes.
* Links: ``text [1]``; an autolink prints its URL once, ``https://x.org [1]``.
  Images: ``Image: alt text [2]``; they are never fetched. A URL used twice
  keeps its first number. The numbered list itself is not part of
  :attr:`PlainText.text`; :func:`format_links` prints it.
* Footnotes: ``(note 1)`` where referenced, and a ``Notes:`` section at the end
  of the text with the notes numbered ``1.``, ``2.``.
* Thematic breaks: the word ``Separator``, which is seen and heard.
* Raw HTML: tags are removed and their text kept.

For example ``## Setup\\n\\nRun *this* [now](https://x.org).`` renders as::

    Heading 2: Setup

    Run this now [1].

Everything passes through :mod:`zo_reader.core.sanitize`, so nothing in an
article can put a control character or escape sequence into the output.
The parser is the reader's own (:mod:`zo_reader.core.markdown.parser`), so
both views read Markdown alike and share its bounds: blocks deeper than 20
levels are dropped, and past a budget of work the rest of a huge article is
plain text. The token stream is walked without recursion, so hostile input
cannot exhaust the stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zo_reader.core.markdown.parser import parser
from zo_reader.core.render_blocks import BlockRenderer, Link, plural, wrap
from zo_reader.core.sanitize import clean_line, clean_text

if TYPE_CHECKING:
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
    renderer = BlockRenderer(max(width, MIN_WIDTH))
    renderer.render(parser().parse(clean_text(markdown)))
    # Every piece was cleaned on the way; this last pass guards the whole against a missed path.
    text = clean_text("\n".join(renderer.lines).strip("\n"))
    return PlainText(text=text, links=tuple(renderer.links.values()))


def _display_url(url: str) -> str:
    """The URL as listed; an embedded ``data:`` URL shows only its media type.

    A wikilink or Hugo ``ref`` is listed as written (``[[Note#Heading]]``).
    """
    if url.startswith("data:") and len(url) > 80:
        return f"{url.partition(',')[0][:80]} (embedded data, {plural(len(url), 'character')})"
    from zo_reader.core.links import shown_link  # render stays import-light

    return shown_link(url)


def format_links(links: Sequence[Link]) -> str:
    """The numbered link list: ``Links:`` then ``[1] https://...`` lines, or ``""`` if none.

    Args:
        links: Links as returned in :attr:`PlainText.links`.

    Returns:
        The list as lines joined by ``\\n``; URLs are never wrapped.
    """
    if not links:
        return ""
    return "\n".join(["Links:", *(f"[{link.number}] {_display_url(link.url)}" for link in links)])


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
    width = max(width, MIN_WIDTH)
    header, heading = article_header(article, width)
    body = render_markdown(article.reading_body, width)
    text = body.text
    first_block, _, rest = text.partition("\n\n")
    if first_block.casefold() == "\n".join(heading).casefold():
        text = rest
    parts = ["\n".join(header), text, format_links(body.links)]
    return "\n\n".join(part for part in parts if part)
