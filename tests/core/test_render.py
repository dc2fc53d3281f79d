"""Tests for the Markdown to plain-text renderer used by the CLI and screen readers."""

from __future__ import annotations

import subprocess
import sys
import time
from textwrap import dedent

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zo_reader.core.models import Article, ArticleSummary, Tag
from zo_reader.core.render import (
    Link,
    PlainText,
    format_links,
    render_article_text,
    render_markdown,
)
from zo_reader.core.sanitize import is_clean


def text_of(markdown: str, width: int = 80) -> str:
    """Render dedented Markdown and return only the text."""
    return render_markdown(dedent(markdown), width).text


# --- Blocks -------------------------------------------------------------------


def test_headings_are_announced_with_their_level() -> None:
    markdown = """\
        # Title

        Intro.

        ## Part *two*

        Setext
        ------
        """
    assert text_of(markdown) == (
        "Heading 1: Title\n\nIntro.\n\nHeading 2: Part two\n\nHeading 2: Setext"
    )


def test_paragraphs_wrap_at_the_width() -> None:
    markdown = "The quick brown fox jumps over the lazy dog and runs far away."
    assert text_of(markdown, width=25) == (
        "The quick brown fox jumps\nover the lazy dog and\nruns far away."
    )


def test_soft_breaks_join_and_hard_breaks_keep_lines() -> None:
    assert text_of("one\ntwo  \nthree\\\nfour") == "one two\nthree\nfour"


def test_long_words_and_urls_are_never_broken() -> None:
    url = "https://example.com/a-very-long-path-with-hyphens/" + "x" * 40
    assert text_of(f"see {url} now", width=20) == f"see\n{url}\nnow"


def test_width_is_clamped_to_twenty() -> None:
    markdown = "aaaa bbbb cccc dddd eeee ffff"
    assert (
        text_of(markdown, width=5)
        == text_of(markdown, width=20)
        == ("aaaa bbbb cccc dddd\neeee ffff")
    )


def test_emphasis_is_dropped_and_strikethrough_is_spoken() -> None:
    markdown = "Some *light*, **strong**, ***both*** and ~~old~~ text."
    assert text_of(markdown) == "Some light, strong, both and [deleted: old] text."


def test_inline_code_keeps_its_text() -> None:
    assert text_of("Run `zo-reader *show*` now.") == "Run zo-reader *show* now."


def test_separator_is_a_word() -> None:
    assert text_of("above\n\n***\n\nbelow") == "above\n\nSeparator\n\nbelow"


def test_tabs_are_expanded() -> None:
    result = text_of("a\tb\n\n```\n\tx\ty\n```\n\n| h\t|\n|-|\n| c\td |\n")
    assert "\t" not in result
    assert "    x   y" in result


# --- Links, images, notes ---------------------------------------------------


def test_links_are_numbered_and_a_url_keeps_its_number() -> None:
    markdown = """\
        Read [the guide](https://example.com/guide), then [the FAQ](https://example.com/faq).
        The [guide again](https://example.com/guide).
        """
    result = render_markdown(dedent(markdown))
    assert result.text == ("Read the guide [1], then the FAQ [2]. The guide again [1].")
    assert result.links == (
        Link(1, "https://example.com/guide", "the guide"),
        Link(2, "https://example.com/faq", "the FAQ"),
    )
    assert format_links(result.links) == (
        "Links:\n[1] https://example.com/guide\n[2] https://example.com/faq"
    )


def test_autolink_prints_its_url_once() -> None:
    result = render_markdown("Go to <https://example.com/x> or <me@example.com>.")
    assert result.text == "Go to https://example.com/x [1] or me@example.com [2]."
    assert [link.url for link in result.links] == [
        "https://example.com/x",
        "mailto:me@example.com",
    ]


def test_reference_links_and_empty_link_text() -> None:
    markdown = "See [docs][d] and [](https://example.com/e).\n\n[d]: https://example.com/d\n"
    assert text_of(markdown) == "See docs [1] and link [2]."


def test_link_number_stays_with_its_word_when_wrapping() -> None:
    markdown = "aaaa bbbb cccc [dddd](https://e.com) eeee"
    assert text_of(markdown, width=20) == "aaaa bbbb cccc\ndddd [1] eeee"


def test_images_are_described_and_listed_never_fetched() -> None:
    markdown = "![A *red* cat](https://img.example/cat.png) ![](https://img.example/x.png)"
    result = render_markdown(markdown)
    assert result.text == "Image: A red cat [1] Image [2]"
    assert result.links == (
        Link(1, "https://img.example/cat.png", "A red cat"),
        Link(2, "https://img.example/x.png", "Image"),
    )


def test_embedded_data_url_is_shortened_in_the_list() -> None:
    url = "data:image/png;base64," + "A" * 500
    result = render_markdown(f"![dot]({url})")
    assert result.links[0].url == url
    assert format_links(result.links) == (
        "Links:\n[1] data:image/png;base64 (embedded data, 522 characters)"
    )


def test_format_links_is_empty_without_links() -> None:
    assert format_links(()) == ""


def test_footnotes_become_notes_at_the_end() -> None:
    markdown = """\
        Claim[^a] and another[^b], again[^a].

        [^a]: First note.
        [^b]: Second note
            continues.

            Second paragraph.
        """
    assert text_of(markdown) == dedent(
        """\
        Claim (note 1) and another (note 2), again (note 1).

        Notes:
        1. First note.
        2. Second note continues.

           Second paragraph."""
    )


# --- Lists ------------------------------------------------------------------


def test_nested_lists_three_levels() -> None:
    markdown = """\
        - one
          - two
            - three
            - three b
          - two b
        - one b
        """
    assert text_of(markdown) == ("- one\n  - two\n    - three\n    - three b\n  - two b\n- one b")


def test_ordered_list_uses_its_start_number() -> None:
    markdown = """\
        7. seven
        1. eight
        1. nine
           - nested
        """
    assert text_of(markdown) == "7. seven\n8. eight\n9. nine\n   - nested"


def test_ordered_list_starting_at_zero() -> None:
    assert text_of("0. zero\n1. one") == "0. zero\n1. one"


def test_loose_list_keeps_blank_lines_and_wraps_under_the_marker() -> None:
    markdown = """\
        1. first item has quite a long text

        2. second

           more
        """
    assert text_of(markdown, width=20) == dedent(
        """\
        1. first item has
           quite a long text

        2. second

           more"""
    )


def test_list_after_paragraph_is_a_separate_block() -> None:
    assert text_of("Intro:\n\n- a\n- b\n\nAfter.") == "Intro:\n\n- a\n- b\n\nAfter."


def test_empty_list_item_still_shows_its_marker() -> None:
    assert text_of("- a\n-\n- c") == "- a\n-\n- c"


def test_task_list_items_say_done_or_not_done() -> None:
    markdown = """\
        - [x] write tests
        - [ ] ship it
        - plain item
        """
    assert text_of(markdown) == "- [done] write tests\n- [not done] ship it\n- plain item"


# --- Quotes and code ----------------------------------------------------------


def test_block_quotes_prefix_every_line() -> None:
    markdown = """\
        > Quoted text that wraps
        > onto more lines.
        >
        > > Nested.

        After.
        """
    assert text_of(markdown, width=20) == dedent(
        """\
        > Quoted text that
        > wraps onto more
        > lines.
        >
        > > Nested.

        After."""
    )


def test_fenced_code_is_labelled_indented_and_not_wrapped() -> None:
    long_line = "x = " + " + ".join(["value"] * 10)
    markdown = f"```python extra\ndef f():\n    return 1\n\n{long_line}\n```\n"
    assert text_of(markdown, width=20) == (
        f"Code (python):\n    def f():\n        return 1\n\n    {long_line}"
    )


def test_indented_code_block() -> None:
    assert text_of("Text.\n\n    a  =  1\n    b\n") == "Text.\n\nCode:\n    a  =  1\n    b"


def test_code_inside_list_and_quote_keeps_prefixes() -> None:
    markdown = "> - item\n>\n>   ```\n>   code\n>   ```\n"
    assert text_of(markdown) == "> - item\n>\n>   Code:\n>       code"


# --- Tables -----------------------------------------------------------------


def test_tables_become_header_value_lines_per_row() -> None:
    markdown = """\
        | Name  | Age | City |
        |-------|----:|------|
        | Alice | 30  | Oslo |
        | Bob   | 41  |
        """
    assert text_of(markdown) == dedent(
        """\
        Table: 3 columns, 2 rows

        Row 1:
          Name: Alice
          Age: 30
          City: Oslo

        Row 2:
          Name: Bob
          Age: 41
          City: (empty)"""
    )


def test_table_cells_wrap_and_keep_links() -> None:
    markdown = """\
        | | Notes |
        |-|-------|
        | 1 | a long note about [this](https://e.com/t) thing |
        """
    result = render_markdown(dedent(markdown), width=22)
    assert result.text == dedent(
        """\
        Table: 2 columns, 1 row

        Row 1:
          Column 1: 1
          Notes: a long note
            about this [1]
            thing"""
    )
    assert result.links == (Link(1, "https://e.com/t", "this"),)


def test_table_without_rows_lists_its_columns() -> None:
    assert text_of("| a | b |\n|---|---|\n") == "Table: 2 columns, 0 rows\n\nColumns: a, b"


def test_no_box_drawing_characters() -> None:
    result = text_of("| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\n> q\n")
    assert not any("\u2500" <= char <= "\u257f" for char in result)
    assert "|" not in result


# --- HTML ---------------------------------------------------------------------


def test_html_blocks_keep_text_only() -> None:
    markdown = """\
        <div class="note">
        <p>Hello <b>there</b> &amp; welcome</p>
        <!-- a comment -->
        <script>alert("x")</script>
        <p>Second</p>
        </div>

        After.
        """
    assert text_of(markdown) == "Hello there & welcome\nSecond\n\nAfter."


def test_inline_html_is_stripped_and_br_breaks() -> None:
    markdown = "A <span class='x'>styled</span> word <!-- hidden --> here<br>next line."
    assert text_of(markdown) == "A styled word here\nnext line."


def test_html_only_block_leaves_no_blank_lines() -> None:
    assert text_of("one\n\n<!-- nothing -->\n\ntwo") == "one\n\ntwo"


# --- Hostile input ------------------------------------------------------------

HOSTILE = [
    "\x1b]0;title\x07",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x1b[2J",
    "\x9b31m",
    "\x9d0;t\x9c",
    "\x07",
    "\u202e",
    "\r",
    "&#13;",
    "&#x9b;",
    "&#27;",
]


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_text_cannot_reach_the_output(bad: str) -> None:
    markdown = f"""\
# Head{bad}ing

Body {bad} text with `code{bad}` and [link{bad}](https://e.com/{bad}x "t{bad}").

![alt{bad}](https://i.example/{bad}.png)

<https://auto.example/{bad}>

| h{bad} | k |
|---|---|
| cell{bad} | {bad} |

```lang{bad}
code {bad} block
```

<div>html {bad} block</div>

- [x] task{bad}

> quote{bad}[^n]

[^n]: note{bad}
"""
    result = render_markdown(markdown)
    assert is_clean(result.text), repr(result.text)
    assert "\t" not in result.text
    assert "0;title" not in result.text
    assert "evil" not in result.text
    for link in result.links:
        assert is_clean(link.url) and is_clean(link.text), link
    assert is_clean(format_links(result.links))


def test_hostile_article_header_is_cleaned() -> None:
    summary = ArticleSummary(
        id="x",
        title="Ti\x1b]0;owned\x07tle\u202e",
        tags=(Tag("a", "a\x1b[2Jb"),),
        author="Eve\x9b1m",
        date="2024\r-01-01",
    )
    result = render_article_text(Article(summary=summary, body="Body."))
    assert is_clean(result)
    assert result.startswith("Heading 1: Title\nBy Eve\nDate: 2024 -01-01\nTags: ab")


# --- Resource safety ----------------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        pytest.param(">" * 5000 + " deep", id="5000-quotes"),
        pytest.param(">" * 10000 + " deep", id="10000-quotes"),
        pytest.param("- " * 5000 + "deep", id="5000-bullet-levels"),
        pytest.param("1. " * 5000 + "deep", id="5000-ordered-levels"),
        pytest.param("> - " * 2500 + "deep", id="quotes-and-lists"),
        pytest.param("".join("  " * i + "- x\n" for i in range(1000)), id="1000-indented-levels"),
        pytest.param("*a " * 30000 + "**", id="unclosed-emphasis"),
        pytest.param("word " * 40000, id="200k-line-of-words"),
        pytest.param("a" * 200_000, id="200k-word"),
        pytest.param("<div>\n" + "<a" * 100_000, id="200k-unclosed-tags"),
    ],
)
def test_hostile_shapes_finish_quickly(markdown: str) -> None:
    start = time.perf_counter()
    result = render_markdown(markdown)
    assert time.perf_counter() - start < 2.0
    assert isinstance(result, PlainText)
    assert is_clean(result.text)


def test_long_line_is_wrapped_without_losing_text() -> None:
    result = render_markdown("word " * 40000, width=80)
    lines = result.text.split("\n")
    assert all(len(line) <= 80 for line in lines)
    assert result.text.split() == ["word"] * 40000


def test_deep_nesting_is_bounded_not_an_error() -> None:
    text = render_markdown("- " * 5000 + "deep").text
    assert text.startswith("- - - ")
    assert len(text) < 200


# --- Whole articles -----------------------------------------------------------


def test_article_text_has_header_body_notes_and_links() -> None:
    summary = ArticleSummary(
        id="guides/setup",
        title="Setting up",
        tags=(Tag("python", "Python"), Tag("cli", "CLI")),
        date="2024-05-01",
        author="Ada",
        words=460,
    )
    body = "# Setting up\n\nInstall [it](https://e.com/i)[^1].\n\n[^1]: Really.\n"
    assert render_article_text(Article(summary=summary, body=body)) == dedent(
        """\
        Heading 1: Setting up
        By Ada
        Date: 2024-05-01
        Tags: Python, CLI
        Reading time: 2 minutes

        Install it [1] (note 1).

        Notes:
        1. Really.

        Links:
        [1] https://e.com/i"""
    )


def test_article_text_leaves_out_missing_fields() -> None:
    summary = ArticleSummary(id="a", title="Plain")
    article = Article(summary=summary, body="## Other heading\n\nText.")
    assert render_article_text(article) == "Heading 1: Plain\n\nHeading 2: Other heading\n\nText."


def test_article_text_reading_time_singular() -> None:
    summary = ArticleSummary(id="a", title="T", words=10)
    assert render_article_text(Article(summary=summary, body="")) == (
        "Heading 1: T\nReading time: 1 minute"
    )


# --- Properties and layering --------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_renders_clean(markdown: str) -> None:
    result = render_markdown(markdown)
    assert isinstance(result, PlainText)
    assert is_clean(result.text)
    assert not result.text.endswith("\n")
    assert all(is_clean(link.url) for link in result.links)


MARKDOWN_PIECES = (
    *("# ", "> ", "- ", "1. ", "[x](", ")", "*", "~~", "`", "|", "\n", "\n\n", "<b>", "a "),
    *("\x1b[", "\x9b", "\u202e", "[^1]", "[^1]: ", "    ", "```", "\t", "&#13;", "- [ ] "),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40).map("".join))
def test_markdown_shaped_text_renders_clean(markdown: str) -> None:
    result = render_markdown(markdown, width=30)
    assert is_clean(result.text)
    assert "\t" not in result.text


def test_render_does_not_import_textual_or_rich() -> None:
    code = (
        "import sys, zo_reader.core.render as r; r.render_markdown('# x');"
        "print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
