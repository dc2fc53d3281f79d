"""Line mode on a very long article: rendered a piece at a time as the pages reach it.

The sizes are made small (``PAGED_SIZE``, ``PIECE_SIZE``) so that a text of
some tens of kilobytes is cut into many pieces; it must page exactly as the
whole text does, and translate positions and anchors as the whole does.
"""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_line_mode import open_context, transcript
from tests.conftest import write
from tests.core.test_render_pieces import BOOK, book_article
from zo_reader.cli import line_pages
from zo_reader.cli.line_pages import Reading
from zo_reader.core import render_pieces
from zo_reader.core.document import layout, parse_markdown
from zo_reader.core.document_paged import PagedText, scan
from zo_reader.core.markdown import blocks
from zo_reader.core.markdown.parser import parser
from zo_reader.core.models import Article
from zo_reader.core.render import render_article_text, render_markdown
from zo_reader.core.state import ReadingState

PAGE = 20


def readings(monkeypatch: pytest.MonkeyPatch, article: Article) -> tuple[Reading, Reading]:
    """The article read whole, and read a piece of 700 characters at a time."""
    whole = Reading(article, 60, PAGE)
    monkeypatch.setattr(line_pages, "PAGED_SIZE", 1_000)
    monkeypatch.setattr(line_pages, "PIECE_SIZE", 700)
    long = Reading(article, 60, PAGE)
    assert whole.lines and not long.lines  # one whole, one in pieces
    return whole, long


def pages(reading: Reading) -> list[str]:
    shown: list[str] = []
    reading.go_to(0)
    while True:
        shown.extend(reading.page_lines())
        if reading.at_end:
            return shown
        reading.go_to(reading.top + PAGE)


def test_a_long_article_pages_exactly_like_the_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    article = book_article()
    whole, long = readings(monkeypatch, article)
    first = long.page_lines()
    assert first == whole.page_lines()
    assert long.pages_said.startswith("about ")  # the end is not reached yet
    assert pages(long) == pages(whole) == render_article_text(article, 60).split("\n")
    assert long.pages == whole.pages and long.pages_said == str(whole.pages)
    assert long.links == whole.links == render_markdown(article.reading_body, 60).links


def test_a_long_article_finds_anchors_and_positions_as_the_whole_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = book_article()
    whole, long = readings(monkeypatch, article)
    anchors = layout(parse_markdown(article.reading_body), 60).headings
    # A long article's positions are lines of the TUI's paged layout (notes close each piece).
    paged = scan(PagedText(article.reading_body, 700), 60)
    assert paged is not None and len(paged.headings) == len(anchors) > 30
    for heading, anchor in zip(paged.headings[1:], anchors[1:], strict=True):
        # The title is in the header, not the body.
        assert heading.anchor == anchor.anchor
        line = long.anchor_line(heading.anchor)
        assert line == whole.anchor_line(heading.anchor), heading
        assert line is not None and long.lines == [] and line > 0
        assert long.line_for_position(heading.line) == line
    assert long.anchor_line("#no-such-heading") is None
    # Every page's position reopens on that page, or just above it, never below.
    for top in range(PAGE, 600, PAGE):
        long.go_to(top)
        position = long.position()
        assert top - PAGE < long.line_for_position(position) <= top


def test_the_first_page_of_a_long_article_renders_only_its_first_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 3.5 MB book over a lowered PAGED_SIZE: its first page parses a piece or two."""
    monkeypatch.setattr(line_pages, "PAGED_SIZE", 100_000)
    library = tmp_path / "library"
    write(library, "book.md", BOOK * 200)
    parsed: list[int] = []

    def counting_parser() -> object:
        real = parser()

        class Counting:
            def parse(self, text: str, env: dict[str, Any] | None = None) -> object:
                parsed.append(len(text))
                return real.parse(text, env)

        return Counting()

    monkeypatch.setattr(blocks, "parser", counting_parser)
    with closing(open_context(tmp_path, library)) as opened:
        text = transcript(opened, "open book\nnext\nquit\n")
    assert "Heading 2: Chapter 1" in text
    assert re.search(r"-- page 1 of about \d+, Enter or next for more", text)
    # The first piece, for its text and for the styled layout positions are kept in.
    assert 0 < sum(parsed) <= 3 * render_pieces.PIECE_SIZE < len(BOOK * 200) // 10


def test_a_long_article_resumes_where_it_was_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(line_pages, "PAGED_SIZE", 1_000)
    monkeypatch.setattr(line_pages, "PIECE_SIZE", 700)
    library = tmp_path / "library"
    write(library, "book.md", BOOK)
    with closing(open_context(tmp_path, library)) as opened:
        left = transcript(opened, "open book\n" + "next\n" * 9 + "quit\n", rows=12)
        key = opened.source.key
    assert ReadingState(tmp_path / "data" / "state.json", key).position("book")
    page = left.split(" -- ")[-2].rpartition("\n--")[0]  # the last page shown, after its prompt
    assert page.count("\n") == 9 and page.strip()
    with closing(open_context(tmp_path, library)) as opened:
        again = transcript(opened, "open book\nlinks\nfollow 1\nquit\n", rows=12)
    assert "Resuming at page 10 of about " in again
    assert page.strip() in again
    # Listing the links renders the rest: every link is numbered, the page count is exact.
    assert "170 links; type follow and a number to follow one." in again
    assert "[170] link: https://note.org/40" in again
    assert "Link 1 goes to https://a.org" in again
    assert again.endswith("-- page 10 of 114, Enter or next for more, help for commands -- ")
