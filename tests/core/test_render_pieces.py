"""Tests for plain text rendered a piece at a time (pipes, ``read --format text``)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from zo_reader.core import render_pieces
from zo_reader.core.article_text import article_from_text
from zo_reader.core.document import split_for_progressive
from zo_reader.core.markdown import blocks
from zo_reader.core.markdown.parser import parser
from zo_reader.core.models import Article
from zo_reader.core.render import render_article_text
from zo_reader.core.render_pieces import article_chunks, piece_bounds


def chapter(number: int) -> str:
    """A chapter with links, an image, lists, a quote, a table, code and a footnote.

    The footnote's and the reference's definitions are indented (as CommonMark
    allows), so no piece can start between a use and its definition.
    """
    return f"""
## Chapter {number}

Text of chapter {number} with [link {number}](https://x.org/{number % 7}),
![a picture](p{number}.png), [a reference][r{number}], a footnote[^f{number}] and [the top][top].

  [r{number}]: https://ref.org/{number}

  [^f{number}]: The note of chapter {number}, with a [link](https://note.org/{number}).

- item one, [again](https://a.org)
- item two
  - nested *em*

3. third
4. fourth

> a quote
> with [a quoted link](https://q.org/{number})

| a | b |
|---|---|
| {number} | two |

```python
print({number})
```
"""


BOOK = (
    "# A book\n\nIntro with [a link](https://a.org) and a note[^first].\n\n"
    "[^first]: The first note, see [b](https://b.org).\n\n[top]: https://top.org\n"
    + "".join(chapter(number) for number in range(1, 41))
)


def book_article(text: str = BOOK) -> Article:
    return article_from_text("book", "book.md", text)


@pytest.mark.parametrize("piece", [300, 700, 2_000, 5_000])
def test_pieced_text_is_the_whole_text(piece: int) -> None:
    """Headings, lists, tables, link numbers and footnotes come out as rendered whole."""
    article = book_article()
    assert len(list(piece_bounds(article.reading_body, piece))) > 3
    whole = render_article_text(article, 60)
    assert "(note 41)" in whole and "41. The note of chapter 40" in whole
    assert "Heading 1: A book" in whole and whole.count("Heading 1") == 1  # title once
    assert "\n\n".join(article_chunks(article, 60, piece)) == whole


def test_pieces_are_cut_where_the_splitter_cuts() -> None:
    body = book_article().reading_body
    for piece in (100, 700, 5_000):
        tail, expected = body, []
        while tail:
            head, tail = split_for_progressive(tail, piece)
            expected.append(len(head))
        assert [end - start for start, end in piece_bounds(body, piece)] == expected


def test_a_reference_defined_later_in_another_piece_stays_unresolved() -> None:
    """The documented limit: definitions serve the pieces after them only."""
    text = "Use [it][r] here.\n\n" + "Filler paragraph.\n\n" * 50 + "[r]: https://r.org\n"
    article = book_article(text)
    assert "it [1]" in render_article_text(article)
    assert "[it][r]" in "\n\n".join(article_chunks(article, 80, 200))


def test_the_first_chunk_of_a_long_article_renders_only_its_first_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 3.5 MB book's start is printed after parsing a piece or two, not the whole text."""
    article = book_article(BOOK * 200)
    parsed: list[int] = []
    parse = parser

    def counting_parser() -> object:
        real = parse()

        class Counting:
            def parse(self, text: str, env: dict[str, object]) -> object:
                parsed.append(len(text))
                return real.parse(text, env)

        return Counting()

    monkeypatch.setattr(blocks, "parser", counting_parser)
    chunks = article_chunks(article, 80)
    assert next(chunks).startswith("Heading 1: A book")
    assert "Chapter 1" in next(chunks)
    assert sum(parsed) <= 2 * render_pieces.PIECE_SIZE < len(article.reading_body) // 4


def prose_book(chapters: int) -> Article:
    paragraph = "Some *plain* prose of a long book, with **strong** words and `code`. " * 6
    chapter = "".join(f"{paragraph}\n\n" for _ in range(8))
    text = "# A book\n\n" + "".join(f"## Chapter {n}\n\n{chapter}" for n in range(chapters))
    return book_article(text)


def streamed_peak(article: Article) -> int:
    tracemalloc.start()
    try:
        for _chunk in article_chunks(article, 80):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streaming_a_long_article_holds_a_piece_at_a_time() -> None:
    """Twice the book, the same peak: a piece's tokens at a time, never the whole text's."""
    short, long = prose_book(300), prose_book(600)
    assert len(long.reading_body) > 2_000_000
    short_peak, long_peak = streamed_peak(short), streamed_peak(long)
    assert long_peak < 1.3 * short_peak
    tracemalloc.start()
    try:
        render_article_text(short, 80)
        whole_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert 2 * long_peak < whole_peak  # half the book, rendered whole


def test_a_piped_long_file_prints_the_pieced_text(tmp_path: Path) -> None:
    """``zo-reader FILE | cat`` and ``read --format text`` print the chunks as they come."""
    from zo_reader.cli.main import cli

    path = tmp_path / "book.md"
    path.write_text(BOOK * 20, encoding="utf-8")
    article = article_from_text("book", "book.md", BOOK * 20)
    expected = "\n\n".join(article_chunks(article, 70)) + "\n"
    runner = CliRunner()
    env = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    piped = runner.invoke(cli, ["open", str(path), "--width", "70"], env=env)
    assert piped.exit_code == 0, piped.output
    read = runner.invoke(
        cli, ["read", "book", "-s", str(path), "--width", "70", "--private"], env=env
    )
    assert read.exit_code == 0, read.output
    assert piped.output.count("Heading 2: Chapter 40") == 20
    assert read.output.endswith(expected.split("\n\n", 1)[1])


def test_a_piece_rendered_again_reads_as_the_first_time() -> None:
    """References serve later pieces only, also when a piece is rendered again out of order."""
    from zo_reader.core.render_pieces import PlainPieces

    text = "Use [it][r] here.\n\n[r]: https://r.org\n\n" + BOOK
    pieces = PlainPieces(text, 60, 700)
    first: list[str] = []
    while (chunk := pieces.render(len(first))) is not None:
        first.append(chunk)
    assert len(first) > 10 and "it [1]" in first[0]
    for index in (len(first) - 1, 0, 5, 3):
        assert pieces.render(index) == first[index]
