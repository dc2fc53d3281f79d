"""The screen-reader reader takes headings, links and anchors from the document model.

Issue 13's bugs, under Pilot: a paragraph that begins "Heading 2: " is not a
heading stop, a literal ``[2]`` is not a link, ``#faq-1`` leads to the second
"FAQ", and a resize or a new measure keeps the same heading at the top.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.pilot import Pilot

from tests.terminal import Terminal
from tests.ui.test_article_view import SECTIONS, ViewApp, run, screen_text, shown

TRAPS = (
    """# Guide

Heading 2: this paragraph only starts like a heading.

See page [2] of the book and [the site](https://example.org/).

## FAQ

First answer.

## FAQ

Second answer, [back to the first](#faq).

"""
    + "More words to read in the second answer. " * 60
    + "\n"
)


def test_heading_keys_skip_a_paragraph_that_starts_like_a_heading() -> None:
    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, TRAPS)
        await pilot.press("right_square_bracket")
        assert screen_text(view)[0].rstrip() == "Heading 2: FAQ"
        assert view.top_line == view.document.headings[1].line  # type: ignore[union-attr]

    run(check, size=(80, 24), plain=True)


def test_the_first_link_is_the_real_one_not_a_bracketed_number() -> None:
    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, TRAPS)
        await pilot.press("full_stop")
        assert view.selected_link is not None
        assert view.selected_link.url == "https://example.org/"
        await pilot.press("full_stop")
        link = view.selected_link
        assert link is not None and link.url == "#faq"
        assert view.document is not None
        assert "back to the first [2]" in view.document.lines[link.line].text
        await pilot.press("enter")
        await pilot.pause()
        app = pilot.app
        assert isinstance(app, ViewApp)
        assert [message.link.url for message in app.activated] == ["#faq"]

    run(check, size=(80, 24), plain=True)


def test_a_link_to_the_second_of_two_headings_reaches_it() -> None:
    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, TRAPS)
        document = view.document
        assert document is not None
        assert [h.anchor for h in document.headings] == ["guide", "faq", "faq-1"]
        line = document.anchor_line("#faq-1")  # what the reading screen scrolls to
        assert line is not None
        view.scroll_to_line(line)
        await pilot.pause()
        assert view.top_line == document.headings[2].line
        assert screen_text(view)[0].rstrip() == "Heading 2: FAQ"
        assert "Second answer" in "\n".join(screen_text(view)[:3])

    run(check, size=(80, 24), plain=True)


def test_a_resize_and_a_new_measure_keep_the_heading_at_the_top() -> None:
    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, SECTIONS)
        assert view.document is not None
        view.scroll_to_line(view.document.headings[10].line)
        await pilot.pause()
        assert screen_text(view)[0].rstrip() == "Heading 2: Part 10"
        for step in ("resize 40", "resize 120", "measure 50", "measure 90"):
            action, value = step.split()
            if action == "resize":
                await pilot.resize_terminal(int(value), 24)
            else:
                view.measure = int(value)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert screen_text(view)[0].rstrip() == "Heading 2: Part 10", step

    run(check, size=(80, 24), plain=True)


def test_the_real_program_on_a_pty_reads_structure_from_the_model(tmp_path: Path) -> None:
    """The same traps, walked in the real program: ``]`` and a link number land right."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "guide.md").write_text(TRAPS, encoding="utf-8")
    env: dict[str, str | None] = {
        "ZO_READER_CACHE_DIR": str(tmp_path / "cache"),
        "ZO_READER_DATA_DIR": str(tmp_path / "data"),
        "ZO_READER_CONFIG": str(tmp_path / "none.toml"),
    }
    argv = [sys.executable, "-m", "zo_reader", "--screen-reader", str(folder)]
    with Terminal(argv, cols=80, rows=24, env=env) as terminal:
        terminal.wait_for("Article 1 of 1", timeout=30)
        terminal.press("enter")
        terminal.wait_for("Heading 2: this paragraph only starts like a heading.")
        terminal.send("]")
        terminal.wait_until(lambda rows: cursor_row(terminal, rows) == "Heading 2: FAQ")
        terminal.send("2")
        terminal.wait_until(
            lambda rows: cursor_row(terminal, rows).startswith(
                "Second answer, back to the first [2]"
            )
        )


def cursor_row(terminal: Terminal, rows: list[str]) -> str:
    """The text from the terminal cursor to the end of its row (where speech follows)."""
    x, y = terminal.cursor
    return rows[y][x:].rstrip()
