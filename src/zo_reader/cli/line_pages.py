"""What line mode pages through: numbered lists, and article text with its positions.

A saved position (shared with the TUI through
:class:`~zo_reader.core.state.ReadingState`) is a line of the article body as
the TUI lays it out (:mod:`zo_reader.core.document`). Line mode's text is
different (headings are not underlined, tables are ``Header: value`` lines),
so :class:`Reading` translates positions through the headings both have in
common, and between two headings in proportion.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING

from zo_reader.cli.line_text import LongPositions, LongText
from zo_reader.core.document_paged import PAGED_SIZE, PIECE_SIZE
from zo_reader.core.render import Link, render_article_text, render_markdown
from zo_reader.core.sanitize import clean_line

if TYPE_CHECKING:
    from zo_reader.core.models import Article


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

    def __post_init__(self) -> None:
        if len(self.article.reading_body) > PAGED_SIZE:
            self._long = LongText(self.article, self.width, PIECE_SIZE)
            self.lines = []
        else:
            self.lines = render_article_text(self.article, self.width).split("\n")

    @cached_property
    def links(self) -> tuple[Link, ...]:
        """The links, numbered as in the text (rendered again, so only when asked for)."""
        if self._long is not None:
            return self._long.links()
        return render_markdown(self.article.reading_body, self.width).links

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

    # Translating positions to and from the TUI's layout

    @cached_property
    def _positions(self) -> LongPositions:
        """A long text's positions, translated a piece at a time."""
        assert self._long is not None
        return LongPositions(self._long, self.width, _find_heading)

    @cached_property
    def _mapping(self) -> tuple[list[tuple[int, int]], dict[str, int]]:
        """Pairs of (TUI body line, text line) that mark the same place, and anchor lines."""
        from zo_reader.core.document import layout, parse_markdown

        document = layout(parse_markdown(self.article.reading_body), self.width)
        body_start = self.lines.index("") + 1 if "" in self.lines else len(self.lines)
        body_end = _body_end(self.lines)
        points = [(0, body_start)]
        anchors: dict[str, int] = {}
        cursor = body_start
        for heading in document.headings:
            found = _find_heading(self.lines, heading.level, heading.text, cursor, body_end)
            if found is None:
                continue
            anchors[heading.anchor] = found
            cursor = found + 1
            if heading.line > points[-1][0] and found > points[-1][1]:
                points.append((heading.line, found))
        end = (len(document.lines), max(body_end, body_start))
        if end[0] > points[-1][0] and end[1] > points[-1][1]:
            points.append(end)
        for heading in document.headings:  # headings not found: by proportion
            anchors.setdefault(heading.anchor, _interpolate(points, heading.line))
        return points, anchors

    def line_for_position(self, position: int) -> int:
        """The text line at a saved position (a line of the TUI's layout)."""
        if self._long is not None:
            return self._positions.line_for_position(position)
        return _interpolate(self._mapping[0], position)

    def position(self) -> int:
        """The top of the page as a saved position; 0 at the start.

        The last position that maps back to this line or just above is
        chosen, so leaving and reopening never skips text.
        """
        if self.top == 0:
            return 0
        if self._long is not None:
            return self._positions.position(self.top)
        points = self._mapping[0]
        position = _interpolate([(b, a) for a, b in points], self.top)
        while position > 0 and self.line_for_position(position) > self.top:
            position -= 1
        while position < points[-1][0] and self.line_for_position(position + 1) <= self.top:
            position += 1
        return position

    def anchor_line(self, anchor: str) -> int | None:
        """The text line of the heading with this anchor, or ``None``."""
        anchor = anchor.removeprefix("#").lower()
        if self._long is not None:
            return self._positions.anchor_line(anchor)
        return self._mapping[1].get(anchor)


def _body_end(lines: Sequence[str]) -> int:
    """Where the text ends and the closing ``Links:`` list (if any) begins."""
    end = len(lines)
    while end > 0 and lines[end - 1].startswith("["):
        end -= 1
    if end < len(lines) and end > 0 and lines[end - 1] == "Links:":
        return max(end - 2, 0)  # the blank line before "Links:"
    return len(lines)


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


def _interpolate(points: Sequence[tuple[int, int]], x: int) -> int:
    """Map ``x`` through the increasing pairs ``points``, linearly between them."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in pairwise(points):
        if x < x1:
            return y0 + (x - x0) * (y1 - y0) // (x1 - x0)
    last_x, last_y = points[-1]
    return last_y + (x - last_x)
