"""The conventions of the places articles come from, read into plain Markdown.

People keep articles in shapes our parser does not know by itself: pages
saved from a website as plain text (:mod:`.scraped`), Obsidian vaults,
Jekyll and Hugo sites. Each convention is recognised here, from the text and
its path alone, and turned into the Markdown every view already reads: the
*reading body*. The file itself and ``read --format markdown`` keep the text
as written; the reader, the line mode, ``read --format text``, the search
index and ``check`` all read the reading body.

Every rewrite keeps each line where it was (a dropped line becomes blank), so
a line number means the same line of the file in every view.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from zo_reader.core.conventions import hugo, jekyll, obsidian, scraped


@dataclass(frozen=True, slots=True)
class Reading:
    """What the conventions made of an article's body.

    Attributes:
        markdown: The reading body, line for line with the original.
        title: A title the text's shape gives (a scraped page's), if any.
    """

    markdown: str
    title: str | None = None


@lru_cache(maxsize=8)
def read_conventions(body: str, *, front_matter: bool) -> Reading:
    """The reading body of ``body`` and the title its shape gives.

    Cached: the reader, the index and the link checks each ask for the same
    article's reading body, and a large article costs a pass over its text.

    Args:
        body: The Markdown body as written (without front matter).
        front_matter: Whether the file had front matter. A page with front
            matter or a Markdown heading is ordinary Markdown and is not read
            by its shape.
    """
    reading = _scraped(body, front_matter=front_matter)
    return Reading(_links(reading.markdown), reading.title)


def _scraped(body: str, *, front_matter: bool) -> Reading:
    """A page saved from a website: its chrome, title, questions and hashtag row."""
    if not front_matter and scraped.is_plain_page(body):
        shape = scraped.analyse(body)
        return Reading(scraped.rewrite(body, shape), shape.title)
    row = scraped.trailing_tag_row(body)
    if row is None:
        return Reading(body)
    return Reading(scraped.rewrite(body, scraped.PageShape(None, frozenset({row}), ())))


def _links(markdown: str) -> str:
    """Obsidian's wikilinks, embeds and callouts, Hugo's and Jekyll's link tags, as Markdown."""
    shortcodes = hugo.applies(markdown)
    code = hugo.code_lines(markdown) if shortcodes else frozenset()
    if obsidian.applies(markdown):
        markdown = obsidian.rewrite(markdown, code)
    if shortcodes:
        markdown = hugo.rewrite(markdown, code)
    if jekyll.applies(markdown):
        markdown = jekyll.rewrite(markdown)
    return markdown


def reading_markdown(body: str, *, front_matter: bool = False) -> str:
    """The reading body alone (see :func:`read_conventions`)."""
    return read_conventions(body, front_matter=front_matter).markdown
