"""What line mode pages through: numbered lists, and article text with its positions.

A saved position (shared with the TUI through
:class:`~zo_reader.core.state.ReadingState`) is a place in the article's
source (:data:`~zo_reader.core.document.Place`): line mode's text is the plain
layout of the same blocks the TUI lays out, so a place maps to the same block
in both. An article over :data:`~zo_reader.core.document_paged.PAGED_SIZE` is
still translated through the styled layout's headings
(:class:`~zo_reader.cli.line_text.LongPositions`), as is a line saved by an
older version.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from zo_reader.cli.line_text import LongPositions, LongText
from zo_reader.core.document import line_of, place_of
from zo_reader.core.document_paged import PAGED_SIZE, PIECE_SIZE
from zo_reader.core.render import ArticleText, Link, article_text
from zo_reader.core.sanitize import clean_line

if TYPE_CHECKING:
    from zo_reader.core.models import Article
    from zo_reader.core.state import Position


@dataclass(frozen=True, slots=True)
class Entry:
    """One numbered item of a list.

    Attributes:
        target: The article id, or the tag's name for a list of tags.
        lines: The text after the number, then indented detail lines.
        is_tag: Whether choosing it filters by a tag rather than opening an article.
    """

    target: str
    lines: tuple[str, ...]
    is_tag: bool = False


@dataclass
class Listing:
    """A numbered list, fetched a page at a time and paged with next and prev.

    Attributes:
        total: How many entries there are.
        fetch: Entries from an offset, at most a limit of them.
        describe: The sentence above a page, given its first and last numbers.
        per_page: Entries shown per page.
        empty: The sentence shown when there are no entries.
        page: The page shown last, from 0.
    """

    total: int
    fetch: Callable[[int, int], Sequence[Entry]]
    describe: Callable[[int, int], str]
    per_page: int
    empty: str
    page: int = 0

    @property
    def pages(self) -> int:
        """The number of pages, at least one."""
        return max(1, -(-self.total // self.per_page))

    def entry(self, number: int) -> Entry | None:
        """Entry ``number`` (from 1), or ``None`` when out of range."""
        if not 1 <= number <= self.total:
            return None
        found = self.fetch(number - 1, 1)
        return found[0] if found else None


@dataclass
class Reading:
    """An open article as line-mode text, shown a page at a time.

    A page starts at any line (a heading that a link leads to, a saved
    position), so "page 2 of 5" counts pages of ``page_size`` lines from the top.
    An article whose body is over :data:`~zo_reader.core.document_paged.PAGED_SIZE`
    is rendered a piece at a time as the pages reach it (:mod:`zo_reader.cli.line_text`);
    until its end is reached the number of pages is an estimate, said as "about".

    Attributes:
        article: The article.
        width: The wrapping width.
        page_size: Lines per page.
        top: The first line of the page shown last, from 0.
        lines: The text, as :func:`~zo_reader.core.render.render_article_text` renders
            it, for an article rendered whole; empty for a long one.
    """

    article: Article
    width: int
    page_size: int
    top: int = 0
    lines: list[str] = field(init=False)
    _long: LongText | None = field(init=False, default=None)
    _text: ArticleText | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if len(self.article.reading_body) > PAGED_SIZE:
            self._long = LongText(self.article, self.width, PIECE_SIZE)
            self.lines = []
        else:
            self._text = article_text(self.article, self.width)
            self.lines = self._text.lines

    @cached_property
    def links(self) -> tuple[Link, ...]:
        """The links, numbered as in the text."""
        if self._long is not None:
            return self._long.links()
        assert self._text is not None
        return self._text.links

    def _count(self) -> int:
        """The lines rendered so far (all of them unless the article is long)."""
        return len(self.lines) if self._long is None else self._long.known

    def _reach(self, line: int) -> None:
        if self._long is not None:
            self._long.reach(line)

    @property
    def pages(self) -> int:
        """The number of pages, at least one (an estimate until a long text's end is reached)."""
        if self._long is None or self._long.complete:
            return max(1, -(-self._count() // self.page_size))
        estimate = -(-self._long.estimate // self.page_size)
        return max(estimate, self.top // self.page_size + 2)

    @property
    def pages_said(self) -> str:
        """:attr:`pages` as the prompt says it: ``5``, or ``about 5`` while an estimate."""
        exact = self._long is None or self._long.complete
        return str(self.pages) if exact else f"about {self.pages}"

    @property
    def at_end(self) -> bool:
        """Whether the page shown reaches the end of the text."""
        self._reach(self.top + self.page_size)
        return self.top + self.page_size >= self._count()

    @property
    def page(self) -> int:
        """The number of the page shown, from 1; the last page when it reaches the end."""
        return self.pages if self.at_end else min(self.top // self.page_size + 1, self.pages)

    def page_lines(self) -> list[str]:
        """The lines of the page shown."""
        if self._long is not None:
            return self._long.lines(self.top, self.top + self.page_size)
        return self.lines[self.top : self.top + self.page_size]

    def go_to(self, line: int) -> None:
        """Start the page at ``line``, kept within the text."""
        self._reach(line)
        self.top = min(max(line, 0), max(self._count() - 1, 0))

    # Positions, shared with the TUI

    @cached_property
    def _positions(self) -> LongPositions:
        """A long text's positions, translated a piece at a time."""
        assert self._long is not None
        return LongPositions(self._long, self.width, _find_heading)

    def line_for_position(self, position: Position) -> int:
        """The text line at a saved position: a place, or an older version's styled line."""
        if self._long is not None:
            if isinstance(position, tuple):
                return self._positions.line_for_place(position)
            return self._positions.line_for_position(position)
        text = self._text
        assert text is not None
        if not isinstance(position, tuple):
            if position <= 0:
                return 0
            from zo_reader.core.document import layout, parse_markdown

            styled = layout(parse_markdown(self.article.reading_body), self.width)
            position = place_of(styled, position)
        return text.text_line(line_of(text.body, position))

    def position(self) -> Position:
        """The top of the page as a saved place; 0 at the start."""
        if self.top == 0:
            return 0
        if self._long is not None:
            return self._positions.place(self.top)
        text = self._text
        assert text is not None
        return place_of(text.body, text.body_line(self.top))

    def anchor_line(self, anchor: str) -> int | None:
        """The text line of the heading with this anchor, or ``None``."""
        anchor = anchor.removeprefix("#").lower()
        if self._long is not None:
            return self._positions.anchor_line(anchor)
        text = self._text
        assert text is not None
        line = text.body.anchor_line(anchor)
        return None if line is None else text.text_line(line)


def _find_heading(lines: Sequence[str], level: int, text: str, start: int, end: int) -> int | None:
    """The line where the rendered heading ``text`` starts, searching ``lines[start:end]``.

    Only the beginning is compared: rendering may wrap the heading or add link numbers.
    """
    marker = f"Heading {level}: "
    wanted = (marker + clean_line(text))[: len(marker) + 24]
    for number in range(start, end):
        line = lines[number]
        found = line.find(marker)
        if found >= 0:
            shown = line[found:].rstrip()
            size = min(len(shown), len(wanted))
            if shown[:size] == wanted[:size]:
                return number
    return None
