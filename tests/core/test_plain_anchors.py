"""Heading anchors in the plain (screen-reader) layout are the styled layout's.

A repeated heading is ``faq-1`` in both, so a link to ``#faq-1`` lands on the
second "FAQ" in screen-reader mode as it does in the styled reader (issue 13, bug 3).
"""

from __future__ import annotations

import pytest

from zo_reader.core.document import Document, layout, parse_markdown
from zo_reader.core.document_paged import PagedText, scan

REPEATED = "\n\n".join(
    [
        "# Guide",
        "[To the second FAQ](#faq-1)",
        "## FAQ",
        "First questions.",
        "## Setup",
        "Steps.",
        "## FAQ",
        "Second questions.",
        "## FAQ",
        "Third questions.",
    ]
)


def plain_layout(markdown: str, width: int) -> Document:
    """The screen-reader layout of ``markdown`` at ``width``."""
    return layout(parse_markdown(markdown, plain=True), width)


def _anchors(headings: object) -> list[str]:
    return [heading.anchor for heading in headings]  # type: ignore[attr-defined]


def test_repeated_headings_are_numbered_as_in_the_styled_layout() -> None:
    plain = plain_layout(REPEATED, 60)
    styled = layout(parse_markdown(REPEATED), 60)
    assert _anchors(plain.headings) == ["guide", "faq", "setup", "faq-1", "faq-2"]
    assert _anchors(plain.headings) == _anchors(styled.headings)


def test_a_link_to_the_second_faq_lands_on_it() -> None:
    plain = plain_layout(REPEATED, 60)
    line = plain.anchor_line("#faq-1")
    assert line is not None
    assert plain.lines[line].text == "Heading 2: FAQ"
    assert "Second questions." in plain.lines[line + 2].text


@pytest.mark.parametrize("piece", [40, 120])
def test_numbering_runs_on_across_the_pieces_of_a_long_text(piece: int) -> None:
    paged = scan(PagedText(REPEATED, piece=piece, plain=True), 60)
    assert paged is not None
    assert _anchors(paged.headings) == _anchors(plain_layout(REPEATED, 60).headings)
