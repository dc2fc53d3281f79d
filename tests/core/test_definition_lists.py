"""Definition lists (Hugo, kramdown, Pandoc): a term, then its indented definition."""

from __future__ import annotations

from zo_reader.core.check_links import heading_anchors
from zo_reader.core.document import layout, parse_markdown
from zo_reader.core.render import render_markdown

OPTIONS = """## Options

`publishDir`
: (`bool`) Whether to remove files from the [publish folder](#publishdir).

staticDir
: The first paragraph.

  The second paragraph.
: Another definition.

## publishDir

After the list.
"""


def test_a_term_is_followed_by_its_indented_definition() -> None:
    document = layout(parse_markdown(OPTIONS), 60)
    lines = [line.text for line in document.lines]
    at = lines.index("publishDir")
    assert lines[at + 1] == "    (bool) Whether to remove files from the publish folder."
    assert lines[at - 1] == ""
    staticdir = lines.index("staticDir")
    assert lines[staticdir + 1 : staticdir + 6] == [
        "    The first paragraph.",
        "",
        "    The second paragraph.",
        "",
        "    Another definition.",
    ]
    assert not any(line.startswith(":") for line in lines)
    term_style = {span.style for span in document.lines[at].spans}
    assert "strong" in " ".join(term_style)


def test_the_plain_text_shows_the_same_list() -> None:
    text = render_markdown(OPTIONS, 80).text
    assert "publishDir\n    (bool) Whether to remove files from the publish folder [1]." in text
    assert "staticDir\n    The first paragraph.\n\n    The second paragraph." in text


def test_links_may_lead_to_a_term_and_check_agrees() -> None:
    """As Hugo's autoDefinitionTermID: terms and headings share one set of anchors."""
    document = layout(parse_markdown(OPTIONS), 60)
    assert document.terms == (("publishdir", 3), ("staticdir", 6))
    assert [h.anchor for h in document.headings] == ["options", "publishdir-1"]
    assert document.anchor_line("#publishdir") == 3
    assert document.anchor_line("#publishdir-1") == document.headings[1].line
    assert heading_anchors(OPTIONS) == {"options", "publishdir", "staticdir", "publishdir-1"}


def test_a_colon_line_without_a_term_stays_text() -> None:
    lines = [line.text for line in layout(parse_markdown(": no term here"), 60).lines]
    assert lines == [": no term here"]
