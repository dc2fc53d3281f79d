"""The plain layout takes its structure from the document model, never from its own text.

Issue 13's bugs 1 to 3: a paragraph that begins "Heading 2: " was a heading, a
literal ``[2]`` was link 2, a repeated heading had no ``-1`` anchor.
"""

from __future__ import annotations

from zo_reader.core.document import Document, layout, parse_markdown
from zo_reader.core.render import render_markdown

TRAPS = """# Guide

Heading 2: this paragraph only starts like a heading.

See page [2] of the book, [the site](https://example.org/) and [the shop](https://shop.example/).

## FAQ

First answer.

## FAQ

Second answer, [back to the first](#faq).
"""


def plain(markdown: str, width: int = 60) -> Document:
    return layout(parse_markdown(markdown, plain=True), width)


def test_a_paragraph_that_starts_like_a_heading_is_a_paragraph() -> None:
    document = plain(TRAPS)
    assert [(h.level, h.text) for h in document.headings] == [(1, "Guide"), (2, "FAQ"), (2, "FAQ")]
    line = next(line for line in document.lines if line.text.startswith("Heading 2: this"))
    assert all("heading" not in span.style for span in line.spans)


def test_a_literal_bracketed_number_is_text_and_the_links_are_numbered_by_the_model() -> None:
    document = plain(TRAPS)
    assert [link.url for link in document.links] == [
        "https://example.org/",
        "https://shop.example/",
        "#faq",
    ]
    see = next(n for n, line in enumerate(document.lines) if line.text.startswith("See page"))
    linked = [
        (span.text, span.link)
        for line in document.lines[see : see + 3]
        for span in line.spans
        if span.link is not None
    ]
    assert linked == [("[1]", 0), ("[2]", 1)]  # "page [2]" is text
    shop = document.lines[document.links[1].line]
    assert any(span.link == 1 for span in shop.spans)  # where link 2 is, not "page [2]"
    assert "page [2] of the book" in render_markdown(TRAPS, 60).text


def test_repeated_headings_are_numbered_on_and_a_link_reaches_the_second() -> None:
    document = plain(TRAPS)
    assert [h.anchor for h in document.headings] == ["guide", "faq", "faq-1"]
    second = document.anchor_line("faq-1")
    assert second is not None and second == document.headings[2].line
    assert document.lines[second].text == "Heading 2: FAQ"


def test_both_layouts_agree_on_headings_anchors_and_blocks() -> None:
    styled = layout(parse_markdown(TRAPS), 60)
    document = plain(TRAPS)
    assert [(h.text, h.anchor) for h in styled.headings] == [
        (h.text, h.anchor) for h in document.headings
    ]
    assert document.sources == styled.sources  # one block list, one source line each
    assert len(document.blocks) == len(styled.blocks)
