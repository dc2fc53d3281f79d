"""Heading attribute lists (Hugo, kramdown, Pandoc): anchors of the author's choosing."""

from __future__ import annotations

import pytest

from zo_reader.core.check_links import heading_anchors
from zo_reader.core.document import layout, parse_markdown
from zo_reader.core.render import render_markdown

SITE_PAGE = """## Settings {#settings-asciidoc}

Text.

## 1.0.0 / 2013-05-06
{: #v1-0-0}

### Bug Fixes
{: #bug-fixes-v1-0-0 .minor}

A paragraph {: #not-a-heading} keeps its braces.

{: .note}

## Section 1 {class=foo}

## Plain {braces} here

## Settings
"""


def test_attribute_lists_give_anchors_and_are_not_shown() -> None:
    document = layout(parse_markdown(SITE_PAGE), 80)
    assert [(h.text, h.anchor) for h in document.headings] == [
        ("Settings", "settings-asciidoc"),
        ("1.0.0 / 2013-05-06", "v1-0-0"),
        ("Bug Fixes", "bug-fixes-v1-0-0"),
        ("Section 1", "section-1"),
        ("Plain {braces} here", "plain-braces-here"),
        ("Settings", "settings"),  # the first Settings has an anchor of its own
    ]
    shown = "\n".join(line.text for line in document.lines)
    assert "A paragraph {: #not-a-heading} keeps its braces." in shown
    shown = shown.replace("{: #not-a-heading}", "")
    assert "{:" not in shown and "{#" not in shown and "class=foo" not in shown
    assert document.anchor_line("#V1-0-0") == document.headings[1].line


def test_check_and_the_plain_text_agree_with_the_reader() -> None:
    anchors = heading_anchors(SITE_PAGE)
    reader = {h.anchor for h in layout(parse_markdown(SITE_PAGE), 80).headings}
    assert anchors == reader
    plain = render_markdown(SITE_PAGE, 80).text
    assert "Heading 2: 1.0.0 / 2013-05-06\n\nHeading 3: Bug Fixes" in plain
    assert "{:" not in plain.replace("{: #not-a-heading}", "")


@pytest.mark.parametrize(
    "text",
    [
        "## Heading {not an attribute list}",
        "## Heading{#glued}",  # no space before: text, as in Hugo
        "```\n## In code {#x}\n{: #y}\n```",
        "{: #first-thing}\n\n## After",  # no heading before: only hidden
    ],
)
def test_what_is_not_a_heading_attribute_list(text: str) -> None:
    document = layout(parse_markdown(text), 80)
    anchors = {h.anchor for h in document.headings}
    assert not anchors & {"glued", "x", "y", "first-thing"}
