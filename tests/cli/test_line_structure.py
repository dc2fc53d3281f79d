"""Line mode takes headings, anchors and links from the document model (issue 13).

A paragraph that begins like a heading is not where a link to that heading
leads, and a literal ``[2]`` is not link 2.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from tests.cli.test_line_mode import open_context, replies
from tests.conftest import write

TRAPS = """# Guide

Jump to [the questions](#faq).

Heading 2: FAQ

See page [2] of the book and [the site](https://example.org/).

## FAQ

First answer.
"""


def test_a_link_to_a_heading_skips_a_paragraph_that_reads_like_it(tmp_path: Path) -> None:
    library = tmp_path / "library"
    write(library, "guide.md", TRAPS)
    with closing(open_context(tmp_path, library)) as opened:
        out = replies(opened, "open guide\nfollow 1\n", rows=10)
    page = [line for line in out[1] if line]
    assert page[:2] == ["Heading 2: FAQ", "First answer."], out[1]


def test_links_are_those_of_the_model_not_bracketed_numbers(tmp_path: Path) -> None:
    library = tmp_path / "library"
    write(library, "guide.md", TRAPS)
    with closing(open_context(tmp_path, library)) as opened:
        out = replies(opened, "open guide\nlinks\n", rows=30)
    text = "\n".join(out[0])
    assert "See page [2] of the book and the site [2]." in text  # "[2]" stays as written
    assert "[1] #faq" in text and "[2] https://example.org/" in text
    listing = "\n".join(out[1])
    assert "2 links" in listing and "example.org" in listing
