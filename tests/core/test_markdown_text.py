"""Scanning helpers stay linear on hostile lines, and read headings and prose right."""

from __future__ import annotations

import time

import pytest

from zo_reader.core.article_text import article_from_text
from zo_reader.core.markdown_text import first_paragraph, searchable_text

# Each is 200k characters on one line, shaped to trip a backtracking regex.
PATHOLOGICAL = {
    "spaces in a heading": "# a" + " " * 200_000 + "b",
    "pipe then spaces": "|" + " " * 200_000 + "x",
    "open brackets": "[" * 200_000,
    "link openers": "](" * 100_000,
    "angle brackets": "<" * 200_000,
    "backticks": "`" * 200_000,
    "hashes": "#" * 200_000,
    "run-together hashtags": "#a" * 100_000,
    "tabs": "\t" * 200_000 + "x",
    "quote markers": "> " * 100_000,
    "list markers": "- " * 100_000,
    "stars": "*" * 200_000,
    "links": "[a](b)" * 33_000,
    "urls": "http://" * 28_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_scanning_a_hostile_line_is_linear(text: str) -> None:
    # A guard against quadratic regexes (which take tens of seconds here), not a
    # speed target: those live in bench/.
    started = time.perf_counter()
    article = article_from_text("x", "x.md", text)
    searchable_text(text)
    assert article.title
    assert time.perf_counter() - started < 3.0


def test_searchable_text_drops_markup_and_keeps_words() -> None:
    text = searchable_text(
        "## Heading\n\n> A *quote* with a [link](https://x.org/page.md) and "
        "![alt text](img.png).\n\n| a | b |\n|---|---|\n| c | d |\n\n<b>bold</b> <https://y.org>\n"
    )
    assert "https" not in text and "page.md" not in text and "img.png" not in text
    for word in ("Heading", "quote", "link", "alt text", "bold", "c", "d"):
        assert word in text
    assert "|" not in text and "*" not in text and "<b>" not in text


def test_first_paragraph_skips_headings_code_tables_and_hashtags() -> None:
    body = "# T\n\n```\ncode\n```\n\n| a |\n|---|\n\n#tag#row\n\nThe *real* [first](x) words.\n"
    assert first_paragraph(body) == "The real first words."
