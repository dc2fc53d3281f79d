"""Markdown to styled, wrapped lines: exact layouts, safety, bounds and the progressive split."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zo_reader.core.document import (
    STYLE_NAMES,
    Document,
    Line,
    equivalent_line,
    find_matches,
    layout,
    parse_continuation,
    parse_markdown,
    parse_rest,
    slugify,
    split_for_progressive,
)
from zo_reader.core.markdown.wrap import cell_width
from zo_reader.core.sanitize import is_clean


def doc(markdown: str, width: int = 40) -> Document:
    return layout(parse_markdown(markdown), width)


def texts(markdown: str, width: int = 40) -> list[str]:
    return [line.text for line in doc(markdown, width).lines]


def styles(line: Line) -> list[tuple[str, str]]:
    return [(span.text, span.style) for span in line.spans]


# --- Headings and paragraphs --------------------------------------------------


def test_headings_are_underlined_by_level_without_hashes() -> None:
    document = doc("# Hello, World!\n\nIntro.\n\n## Part two\n\n### Third\n\nText.")
    assert [line.text for line in document.lines] == [
        "Hello, World!",
        "═════════════",
        "",
        "Intro.",
        "",
        "Part two",
        "────────",
        "",
        "Third",
        "",
        "Text.",
    ]
    assert styles(document.lines[0]) == [("Hello, World!", "heading1")]
    assert styles(document.lines[1]) == [("═════════════", "marker")]
    assert styles(document.lines[8]) == [("Third", "heading3")]
    assert [(h.level, h.text, h.anchor, h.line) for h in document.headings] == [
        (1, "Hello, World!", "hello-world", 0),
        (2, "Part two", "part-two", 5),
        (3, "Third", "third", 8),
    ]


def test_heading_anchors_are_github_slugs_and_unique() -> None:
    assert slugify("Hello, World!") == "hello-world"
    assert slugify("Über `code` & more") == "über-code--more"
    document = doc("## Setup\n\n## Setup\n\n## Setup")
    assert [h.anchor for h in document.headings] == ["setup", "setup-1", "setup-2"]
    assert document.anchor_line("#setup-1") == document.headings[1].line


def test_paragraphs_wrap_on_words_and_cut_only_overlong_words() -> None:
    assert texts("The quick brown fox jumps over the lazy dog and keeps running far.", 20) == [
        "The quick brown fox",
        "jumps over the lazy",
        "dog and keeps",
        "running far.",
    ]
    assert texts("see " + "x" * 45 + " end", 20) == ["see", "x" * 20, "x" * 20, "x" * 5 + " end"]


def test_soft_breaks_join_and_hard_breaks_keep_lines() -> None:
    assert texts("one\ntwo  \nthree<br>four") == ["one two", "three", "four"]


def test_inline_styles() -> None:
    line = doc("a *em* **strong** ~~gone~~ `code` ***both***").lines[0]
    assert styles(line) == [
        ("a ", ""),
        ("em", "em"),
        (" ", ""),
        ("strong", "strong"),
        (" ", ""),
        ("gone", "strike"),
        (" ", ""),
        ("code", "code"),
        (" ", ""),
        ("both", "em strong"),
    ]


# --- Lists, tasks, quotes -----------------------------------------------------


def test_nested_lists_use_three_bullets_and_hanging_indent() -> None:
    markdown = (
        "- one\n- two that is long enough to wrap past the width of forty\n"
        "  - nested\n    - deeper\n      - deepest\n"
    )
    assert texts(markdown) == [
        "• one",
        "• two that is long enough to wrap past",
        "  the width of forty",
        "  ◦ nested",
        "    ▪ deeper",
        "      ▪ deepest",
    ]
    assert styles(doc(markdown).lines[0]) == [("• ", "marker"), ("one", "")]


def test_ordered_lists_respect_start_and_right_align_numbers() -> None:
    assert texts("7. seven\n8. eight\n9. nine\n10. ten that wraps onto the next line, okay") == [
        " 7. seven",
        " 8. eight",
        " 9. nine",
        "10. ten that wraps onto the next line,",
        "    okay",
    ]
    assert texts("0. zero\n1. one") == ["0. zero", "1. one"]


def test_loose_list_items_are_separated_by_blank_lines() -> None:
    assert texts("- a\n\n- b\n\n  second paragraph") == ["• a", "", "• b", "", "  second paragraph"]


def test_task_items_show_checkboxes_with_styles() -> None:
    document = doc("- [x] done\n- [ ] open\n\n1. [x] first")
    assert [line.text for line in document.lines] == ["☑ done", "☐ open", "", "1. ☑ first"]
    assert styles(document.lines[0])[0] == ("☑", "task-done")
    assert styles(document.lines[1])[0] == ("☐", "task-open")


def test_block_quotes_draw_bars_and_nest() -> None:
    document = doc("> Quote text long enough to wrap around the width here.\n>\n> > Nested quote.")
    assert [line.text for line in document.lines] == [
        "▌ Quote text long enough to wrap around",
        "▌ the width here.",
        "▌",
        "▌ ▌ Nested quote.",
    ]
    assert styles(document.lines[0]) == [
        ("▌ ", "marker"),
        ("Quote text long enough to wrap around", "quote"),
    ]


def test_deep_nesting_keeps_room_for_text() -> None:
    for width in (20, 40):
        document = doc("> " * 19 + "deep words here", width)
        assert document.lines
        assert all(cell_width(line.text) <= width for line in document.lines)
        assert "deep" in document.lines[0].text


# --- Code -----------------------------------------------------------------------


def test_fenced_code_is_labelled_indented_highlighted_and_never_wrapped() -> None:
    long = "    return x + 1  # a comment that is much longer than the reading width"
    document = doc(f"```python\ndef f(x):\n{long}\n```")
    assert [line.text for line in document.lines] == ["  python", "  def f(x):", "  " + long]
    assert styles(document.lines[0]) == [("  python", "muted")]
    names = {
        name for line in document.lines[1:] for span in line.spans for name in span.style.split()
    }
    assert {"code-block", "code.keyword", "code.name", "code.comment", "code.number"} <= names
    assert all(
        span.style.startswith("code-block") for line in document.lines[1:] for span in line.spans
    )


def test_unknown_language_and_indented_code_are_plain_code_blocks() -> None:
    document = doc("```nosuchlanguage\nx\tb\n```\n\n    indented")
    assert [line.text for line in document.lines] == [
        "  nosuchlanguage",
        "  x   b",
        "",
        "  indented",
    ]
    assert styles(document.lines[1]) == [("  x   b", "code-block")]


# --- Tables ---------------------------------------------------------------------


def test_tables_are_box_drawn_and_wrap_cells_in_shrunk_columns() -> None:
    markdown = (
        "| Name | Notes |\n|---|---|\n"
        "| Alpha | A long cell that must wrap inside its column |\n| B | Short |"
    )
    document = doc(markdown)
    assert [line.text for line in document.lines] == [
        "┌───────┬──────────────────────────────┐",
        "│ Name  │ Notes                        │",
        "├───────┼──────────────────────────────┤",
        "│ Alpha │ A long cell that must wrap   │",
        "│       │ inside its column            │",
        "│ B     │ Short                        │",
        "└───────┴──────────────────────────────┘",
    ]
    assert ("Name", "table-header") in styles(document.lines[1])
    assert styles(document.lines[0]) == [(document.lines[0].text, "marker")]


def test_table_fits_content_and_aligns_columns() -> None:
    assert texts("| a | b | c |\n|---|--:|:-:|\n| 1 | 22 | 3 |") == [
        "┌───┬────┬───┐",
        "│ a │  b │ c │",
        "├───┼────┼───┤",
        "│ 1 │ 22 │ 3 │",
        "└───┴────┴───┘",
    ]


def test_table_too_wide_to_draw_lists_header_value_lines() -> None:
    header = "| " + " | ".join(f"h{i}" for i in range(8)) + " |"
    rows = "|" + "---|" * 8 + "\n| " + " | ".join(f"v{i}" for i in range(8)) + " |"
    lines = texts(f"{header}\n{rows}\n| " + " | ".join("w" for _ in range(8)) + " |", 20)
    assert lines[:3] == ["h0: v0", "h1: v1", "h2: v2"]
    assert "───" in lines


# --- Links, images, footnotes, rules, HTML ---------------------------------------


def test_link_spans_keep_one_index_across_a_wrap() -> None:
    document = doc(
        "Read [a long link text that wraps](https://x.org/a) and [b](https://y.org).", 20
    )
    assert [line.text for line in document.lines] == [
        "Read a long link",
        "text that wraps and",
        "b.",
    ]
    parts = [span for line in document.lines for span in line.spans if span.link == 0]
    assert [span.text for span in parts] == ["a long link", "text that wraps"]
    assert all(span.style == "link" for span in parts)
    first, second = document.links
    assert (first.index, first.url, first.text, first.line) == (
        0,
        "https://x.org/a",
        "a long link text that wraps",
        0,
    )
    assert (second.index, second.url, second.line) == (1, "https://y.org", 2)


def test_images_show_alt_and_url_and_are_links() -> None:
    document = doc("![A cat](https://img.example/cat.png)")
    assert [line.text for line in document.lines] == [
        "[Image: A cat]",
        "https://img.example/cat.png",
    ]
    assert {span.style for line in document.lines for span in line.spans} == {"image"}
    assert document.links[0].url == "https://img.example/cat.png"
    assert document.links[0].text == "A cat"


def test_embedded_data_images_are_shortened() -> None:
    text = " ".join(texts("![x](data:image/png;base64," + "A" * 500 + ")", 80))
    assert text.startswith("[Image: x] data:image/png;base64 (embedded data, 522 characters)")


def test_empty_link_text_shows_the_url() -> None:
    assert texts("[](https://e.example)") == ["https://e.example"]


def test_footnotes_are_referenced_by_number_and_listed_under_a_rule() -> None:
    document = doc("Text[^a] more^[inline note].\n\n[^a]: The first note.", 30)
    assert [line.text for line in document.lines] == [
        "Text[1] more[2].",
        "",
        "─" * 30,
        "[1] The first note.",
        "[2] inline note",
    ]
    assert ("[1]", "footnote") in styles(document.lines[0])
    assert styles(document.lines[2]) == [("─" * 30, "rule")]


def test_horizontal_rule_spans_the_width() -> None:
    document = doc("above\n\n---\n\nbelow", 25)
    assert [line.text for line in document.lines] == ["above", "", "─" * 25, "", "below"]
    assert styles(document.lines[2]) == [("─" * 25, "rule")]


def test_html_tags_are_stripped_and_text_kept() -> None:
    assert texts('<div class="x">html <b>block</b></div>\n\ninline <span>tag</span> here') == [
        "html block",
        "",
        "inline tag here",
    ]


# --- Wide characters -------------------------------------------------------------


def test_cell_width_counts_wide_and_zero_width_characters() -> None:
    assert cell_width("abc") == 3
    assert cell_width("中文") == 4
    assert cell_width("e\u0301") == 1
    assert cell_width("a\u200bb") == 2


def test_wide_characters_wrap_by_cells() -> None:
    document = doc("# 中文标题\n\n" + "中文" * 15, 21)
    assert [line.text for line in document.lines] == [
        "中文标题",
        "════════",
        "",
        "中文中文中文中文中文",
        "中文中文中文中文中文",
        "中文中文中文中文中文",
    ]
    assert all(cell_width(line.text) <= 21 for line in document.lines)


# --- Hostile content -------------------------------------------------------------

HOSTILE = [
    "\x1b[31m",
    "\x1b]8;;https://evil.example\x07",
    "\x1b]0;title\x1b\\",
    "\x9b31m",
    "\x9d0;t\x9c",
    "\x07",
    "\u202e",
    "\u2066",
    "\r",
    "\x0b",
    "&#27;",
    "&#x9b;",
    "&#x202e;",
    "&#x2028;",
]


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_text_never_reaches_a_span(bad: str) -> None:
    markdown = f"""\
# Head{bad}ing

Body {bad} text `code{bad}` [link{bad}](https://e.com/{bad}x "t{bad}") <https://a.example/{bad}>

![alt{bad}](https://i.example/{bad}.png)

| h{bad} | k |
|---|---|
| cell{bad} | {bad} |

```python{bad}
code = "{bad}"  # {bad}
```

<div>html {bad} block</div>

- [x] task{bad}

> quote{bad}[^n]

[^n]: note{bad}
"""
    document = doc(markdown)
    for line in document.lines:
        for span in line.spans:
            assert is_clean(span.text) and "\t" not in span.text and "\n" not in span.text, span
    for link in document.links:
        assert is_clean(link.url) and is_clean(link.text), link
    for heading in document.headings:
        assert is_clean(heading.text)
    assert "evil" not in "".join(line.text for line in document.lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(
        st.one_of(
            st.text(max_size=12),
            st.sampled_from(
                [
                    "#",
                    "> ",
                    "- ",
                    "1. ",
                    "*",
                    "_",
                    "`",
                    "```",
                    "[",
                    "](",
                    ")",
                    "![",
                    "|",
                    "| --- |",
                    "~~",
                    "\n",
                    "\n\n",
                    "  ",
                    "\t",
                    "\x1b[",
                    "\x1b]0;",
                    "中文",
                    "[^1]",
                    "<b>",
                    "    ",
                ]
            ),
        ),
        max_size=60,
    ).map("".join),
    width=st.integers(min_value=20, max_value=120),
)
def test_any_text_lays_out_within_the_width_and_clean(text: str, width: int) -> None:
    document = doc(text, width)
    assert document.width == width
    for line in document.lines:
        for span in line.spans:
            assert (
                span.text
                and is_clean(span.text)
                and "\n" not in span.text
                and "\t" not in span.text
            )
            assert all(name in STYLE_NAMES for name in span.style.split())
        if not any(span.style.startswith("code-block") for span in line.spans):
            assert cell_width(line.text) <= width, (line.text, width)
    for link in document.links:
        assert is_clean(link.url) and 0 <= link.line < len(document.lines)
        assert any(span.link == link.index for span in document.lines[link.line].spans)


# --- Resource bounds -------------------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        pytest.param("word " * 40000, id="200k-line-of-words"),
        pytest.param("a" * 200_000, id="200k-word"),
        pytest.param("中" * 200_000, id="200k-wide-word"),
        pytest.param("[" * 200_000, id="200k-brackets"),
        pytest.param("![" * 100_000, id="200k-image-openers"),
        pytest.param("[a](" * 50_000, id="200k-link-openers"),
        pytest.param("*a " * 60_000 + "**", id="unclosed-emphasis"),
        pytest.param(">" * 5000 + " deep", id="5000-quotes"),
        pytest.param("- " * 5000 + "deep", id="5000-bullets"),
        pytest.param("> - " * 2500 + "deep", id="quotes-and-lists"),
        pytest.param("<div>\n" + "<a" * 100_000, id="200k-unclosed-tags"),
        pytest.param(
            "|a" * 100_000 + "\n|" + "-|" * 100_000 + "\n" + "|b" * 100_000, id="wide-table"
        ),
        pytest.param("```python\n" + "x = 'a' + 1\n" * 20_000 + "```", id="240k-code"),
    ],
)
def test_pathological_input_lays_out_in_bounded_time(markdown: str) -> None:
    start = time.perf_counter()
    document = doc(markdown)
    assert time.perf_counter() - start < 2.5
    assert all(is_clean(line.text) for line in document.lines)


def test_relayout_does_not_reparse_and_keeps_text() -> None:
    parsed = parse_markdown("word " * 40000)
    narrow, wide = layout(parsed, 20), layout(parsed, 120)
    assert " ".join(line.text for line in narrow.lines).split() == ["word"] * 40000
    assert len(narrow.lines) > len(wide.lines)


# --- Progressive loading and reading position ------------------------------------


def test_split_never_cuts_inside_a_fence() -> None:
    fence = "```\n" + "code\n\nmore code\n" * 200 + "```\n"
    markdown = "Intro paragraph.\n\n" + fence + "\nAfter the fence.\n\n" + "Tail text.\n\n" * 50
    head, tail = split_for_progressive(markdown, first_chunk=100)
    assert head + tail == markdown
    assert head.count("```") % 2 == 0
    assert tail.startswith("After the fence.") or head == "Intro paragraph.\n\n"


def test_split_is_near_the_chunk_and_at_a_blank_line() -> None:
    markdown = "".join(f"Paragraph {n} with some words.\n\n" for n in range(5000))
    head, tail = split_for_progressive(markdown, first_chunk=1000)
    assert head + tail == markdown
    assert 1000 <= len(head) < 1100 and head.endswith("\n\n") and tail.startswith("Paragraph")
    assert split_for_progressive("short") == ("short", "")
    assert split_for_progressive("x" * 5000, first_chunk=100) == ("x" * 5000, "")


def test_continuation_lays_out_like_the_whole() -> None:
    markdown = "".join(
        f"## Part {n}\n\nSee [link {n}](https://e.example/{n}).\n\n" for n in range(300)
    )
    head, tail = split_for_progressive(markdown, first_chunk=2000)
    assert tail
    joined = layout(parse_continuation(parse_markdown(head), tail), 40)
    whole = doc(markdown)
    assert joined.lines == whole.lines
    assert joined.links == whole.links and joined.headings == whole.headings


def test_a_tail_parsed_in_pieces_lays_out_like_the_whole() -> None:
    """A book's tail is parsed a piece at a time: same lines, links, headings and code."""
    markdown = "".join(
        f"## Part {n}\n\nSee [link {n}](https://e.example/{n}).\n\n"
        + ("```\ncode line\n\nstill code\n```\n\n" if n % 7 == 0 else "")
        for n in range(300)
    )
    head, tail = split_for_progressive(markdown, first_chunk=2000)
    pieces = parse_rest(parse_markdown(head), tail, piece=500)
    whole = doc(markdown)
    joined = layout(pieces, 40)
    assert joined.lines == whole.lines
    assert joined.links == whole.links and joined.headings == whole.headings
    assert parse_rest(parse_markdown(head), "") == parse_markdown(head)


def test_equivalent_line_keeps_the_block_across_widths() -> None:
    parsed = parse_markdown("".join(f"## Part {n}\n\n" + "words " * 60 + "\n\n" for n in range(20)))
    narrow, wide = layout(parsed, 20), layout(parsed, 100)
    heading = narrow.headings[10]
    assert equivalent_line(narrow, heading.line, wide) == wide.headings[10].line
    middle = heading.line + 6
    assert wide.headings[10].line < equivalent_line(narrow, middle, wide) < wide.headings[11].line


def test_find_matches_is_case_insensitive_per_line() -> None:
    document = doc("Alpha beta ALPHA\n\nalphabet")
    assert find_matches(document, "alpha") == [(0, 0, 5), (0, 11, 16), (2, 0, 5)]
    assert find_matches(document, "") == []
    assert find_matches(document, "a.b") == []
