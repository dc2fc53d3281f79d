"""Very long articles laid out a piece at a time (issue 11, part 4).

A paged document must read exactly like the whole layout (lines, styles,
headings and their anchors, link numbers, find), while keeping only a few
pieces of laid-out lines in memory.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable

import pytest

from zo_reader.core.document import Document, find_matches, layout, parse_markdown
from zo_reader.core.document_paged import _KEPT_PIECES, PagedLines, PagedText, scan


def plain_layout(markdown: str, width: int) -> Document:
    """The screen-reader layout of ``markdown`` at ``width``."""
    return layout(parse_markdown(markdown, plain=True), width)


def chapter(number: int) -> str:
    """A chapter with the blocks a book has: lists, code with blank lines, a table, a quote."""
    return (
        f"## FAQ\n\nChapter {number} opens with a [map {number}](https://maps.example/{number})"
        " and *some* **marked** words that wrap across the reading column of the test.\n\n"
        f"- first item of chapter {number}\n- second item\n  with a second line\n\n"
        "```python\ndef tide():\n\nreturn 1\n```\n\n"
        "| Port | Depth |\n|---|---:|\n| North | 12 |\n\n"
        f"> A quoted line from chapter {number}, with ![a chart](chart-{number}.png).\n\n"
        "Lantern words close the chapter.\n\n"
    )


BOOK = "# The book\n\nOpening words.\n\n" + "".join(chapter(n) for n in range(60))


def test_the_book_is_cut_into_many_pieces_outside_code() -> None:
    text = PagedText(BOOK, piece=1_500)
    assert len(text) > 10
    pieces = [BOOK[a:b] for a, b in zip(text.bounds, text.bounds[1:], strict=False)]
    assert "".join(pieces) == BOOK
    # No piece starts inside a fenced block (the fence's blank line is followed by "return").
    assert not any(piece.startswith("return") for piece in pieces)


def test_a_paged_layout_reads_exactly_like_the_whole_one() -> None:
    whole = layout(parse_markdown(BOOK), 60)
    paged = scan(PagedText(BOOK, piece=1_500), 60)
    assert paged is not None
    assert isinstance(paged.lines, PagedLines)
    assert len(paged.lines) == len(whole.lines)
    assert list(paged.lines) == list(whole.lines)
    assert paged.headings == whole.headings
    assert [h.anchor for h in paged.headings[1:4]] == ["faq", "faq-1", "faq-2"]
    assert paged.links == whole.links
    assert tuple(paged.blocks) == tuple(whole.blocks)
    assert paged.anchor_line("faq-59") == whole.anchor_line("faq-59")
    for query in ("lantern", "chapter 42", "→", "map 7"):
        assert find_matches(paged, query) == find_matches(whole, query)
    # Any line can be asked for, in any order, including from the end.
    assert paged.lines[-1] == whole.lines[-1]
    assert paged.lines[5:9] == list(whole.lines[5:9])


def test_author_anchors_and_terms_are_kept_across_pieces() -> None:
    """``{#id}`` on headings and definition-list terms lead where a whole layout puts them."""
    glossary = "".join(
        f"## Part {n} {{#part-{n}-own}}\n\nTide\n: The sea rising, part {n}.\n\n" for n in range(80)
    )
    text = "# Glossary\n\nOpening words.\n\n" + glossary
    whole = layout(parse_markdown(text), 60)
    paged = scan(PagedText(text, piece=500), 60)
    assert paged is not None and isinstance(paged.lines, PagedLines)
    assert len(paged.lines._line_starts) > 10  # really in pieces
    assert paged.headings == whole.headings
    assert paged.headings[40].anchor == "part-39-own"
    assert paged.terms == whole.terms
    assert paged.anchor_line("tide-79") == whole.anchor_line("tide-79") is not None


def test_only_a_few_pieces_stay_laid_out() -> None:
    paged = scan(PagedText(BOOK, piece=1_500), 60)
    assert paged is not None and isinstance(paged.lines, PagedLines)
    for _ in paged.lines:
        pass
    assert len(paged.lines._cache) == _KEPT_PIECES


def test_footnotes_number_on_across_pieces_and_are_listed_in_their_piece() -> None:
    part = "Words with a note.[^{n}]\n\n[^{n}]: The note numbered {n}.\n\n"
    text = "".join(part.format(n=n) for n in range(30))
    paged = scan(PagedText(text, piece=200), 60)
    assert paged is not None
    lines = [line.text for line in paged.lines]
    assert sum("The note numbered" in line for line in lines) == 30
    # Numbering runs on from piece to piece, as in the whole layout.
    whole = [line.text for line in layout(parse_markdown(text), 60).lines]
    assert [line for line in lines if "[30]" in line] == [line for line in whole if "[30]" in line]


def test_a_cancelled_scan_stops() -> None:
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3

    assert scan(PagedText(BOOK, piece=1_500), 60, cancelled) is None
    assert calls == 4


def kept_bytes(make: Callable[[], object]) -> tuple[int, object]:
    """Bytes still allocated after ``make()``, with its result alive."""
    gc.collect()
    tracemalloc.start()
    try:
        result = make()
        gc.collect()
        return tracemalloc.get_traced_memory()[0], result
    finally:
        tracemalloc.stop()


def test_a_paged_layout_keeps_a_fraction_of_a_whole_one() -> None:
    """A whole layout keeps several times the text in blocks and lines; a paged one, little."""
    prose = "Lantern words of a long chapter, set down one after another for the reader. " * 8
    book = "".join(f"## Part {n}\n\n{prose}\n\n{prose}\n\n" for n in range(300))
    text = PagedText(book)
    scan(PagedText(BOOK[:5_000]), 78)  # imports and caches warmed outside the measure
    whole_kept, whole = kept_bytes(lambda: layout(parse_markdown(book), 78))
    paged_kept, paged = kept_bytes(lambda: scan(text, 78))
    assert isinstance(paged, Document) and isinstance(whole, Document)
    assert len(paged.lines) == len(whole.lines) > 5_000
    assert whole_kept > 3 * len(book)
    assert paged_kept < whole_kept / 4


# Indented definitions: no piece starts between a note's use and its definition
# (footnotes do not resolve across pieces, as documented).
NOTED = BOOK + "".join(
    f"A closing word with a note.[^n{n}]\n\n"
    f"  [^n{n}]: Note {n}, see [the port](https://port.example/{n}).\n\n"
    for n in range(5)
)


@pytest.mark.parametrize("piece", [400, 1_500, 6_000])
def test_a_paged_plain_layout_reads_exactly_like_the_whole_one(piece: int) -> None:
    """The screen-reader form, paged: the same lines, headings, anchors, link numbers and find."""
    whole = plain_layout(NOTED, 60)
    paged = scan(PagedText(NOTED, piece=piece, plain=True), 60)
    assert paged is not None and isinstance(paged.lines, PagedLines)
    assert len(paged.lines._line_starts) > 4  # really in pieces
    assert len(paged.lines) == len(whole.lines)
    assert list(paged.lines) == list(whole.lines)
    assert paged.headings == whole.headings
    assert paged.links == whole.links
    assert tuple(paged.blocks) == tuple(whole.blocks)
    assert paged.anchor_line("faq") == whole.anchor_line("faq")
    for query in ("lantern", "chapter 42", "Heading 2", "[130]", "note 3"):
        assert find_matches(paged, query) == find_matches(whole, query)
    assert paged.lines[-1] == whole.lines[-1]
    assert paged.lines[5:9] == list(whole.lines[5:9])


def test_a_paged_plain_layout_keeps_only_a_few_pieces() -> None:
    paged = scan(PagedText(BOOK, piece=600, plain=True), 60)
    assert paged is not None and isinstance(paged.lines, PagedLines)
    assert len(paged.lines._texts) > _KEPT_PIECES
    for _ in paged.lines:
        pass
    assert len(paged.lines._cache) == _KEPT_PIECES
    assert scan(PagedText(BOOK, piece=600, plain=True), 60, lambda: True) is None
