"""The article view on its own: drawing, keys, find, links, measure and progressive loading."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from zo_reader.core.document import layout, parse_markdown
from zo_reader.core.document_paged import PagedLines
from zo_reader.core.markdown.parser import parser
from zo_reader.ui.widgets.article_view import ArticleView

SAMPLE = (
    Path(__file__).resolve().parents[2] / "src" / "zo_reader" / "samples" / "burnout-at-work.md"
)
SECTIONS = "".join(
    f"## Part {n}\n\nSection {n} text with a [link {n}](https://e.example/{n}) in it. "
    + "Filler words to read. " * 12
    + "\n\n"
    for n in range(40)
)


class ViewApp(App[None]):
    """Just an article view, recording what it posts."""

    def __init__(self, measure: int = 80, plain: bool = False) -> None:
        super().__init__()
        self.measure = measure
        self.plain = plain
        self.activated: list[ArticleView.LinkActivated] = []
        self.positions: list[ArticleView.PositionChanged] = []

    def compose(self) -> ComposeResult:
        yield ArticleView(measure=self.measure, plain=self.plain)

    def on_article_view_link_activated(self, message: ArticleView.LinkActivated) -> None:
        self.activated.append(message)

    def on_article_view_position_changed(self, message: ArticleView.PositionChanged) -> None:
        self.positions.append(message)


def run(
    check: Callable[[Pilot[None]], Awaitable[None]],
    size: tuple[int, int] = (80, 24),
    *,
    plain: bool = False,
) -> None:
    """Run one scenario against a fresh app (no async pytest plugin needed)."""

    async def main() -> None:
        async with ViewApp(plain=plain).run_test(size=size) as pilot:
            await check(pilot)

    asyncio.run(main())


def screen_text(view: ArticleView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


async def shown(pilot: Pilot[None], markdown: str, position: int = 0) -> ArticleView:
    view = pilot.app.query_one(ArticleView)
    view.focus()
    view.show_markdown(markdown, key="article", position=position)
    await pilot.pause()
    return view


def test_shows_the_article_text() -> None:
    """The first lines of the article are drawn, with a one-column margin at width 80."""

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, "# Title\n\nHello *reader*.")
        lines = screen_text(view)
        assert lines[0].strip() == "Title"
        assert lines[1].strip() == "═════"
        assert lines[3].strip() == "Hello reader."
        assert lines[0].startswith(" Title")
        assert view.document is not None and view.document.width <= 78

    run(check, size=(80, 24))


def test_page_down_moves_a_page_without_animation() -> None:
    """pagedown, space and pageup jump a whole screen at once; j/k move one line."""

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, SECTIONS)
        page = view.scrollable_content_region.height
        await pilot.press("pagedown")
        assert view.scroll_y == page
        assert not pilot.app.animator.is_being_animated(view, "scroll_y")
        await pilot.press("space")
        assert view.scroll_y == 2 * page
        await pilot.press("pageup", "j", "j", "k")
        assert view.top_line == page + 1
        await pilot.press("G")
        assert view.top_line == view.max_scroll_y > 0
        await pilot.press("g")
        assert view.top_line == 0

    run(check, size=(80, 24))


def test_heading_navigation() -> None:
    """] and [ put the next and previous heading at the top."""

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, SECTIONS)
        assert view.document is not None
        headings = view.document.headings
        await pilot.press("right_square_bracket")
        assert view.top_line == headings[1].line
        await pilot.press("right_square_bracket")
        assert view.top_line == headings[2].line
        await pilot.press("left_square_bracket")
        assert view.top_line == headings[1].line
        assert screen_text(view)[0].strip() == "Part 1"

    run(check, size=(80, 24))


def test_find_highlights_and_steps_through_matches() -> None:
    """find jumps to the first match from the top; n and N wrap around; status says where."""

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, SECTIONS)
        assert view.find("SECTION 3") == 1 + 10  # "Section 3" and "Section 30".."39"
        assert view.match_status == "Match 1 of 11"
        assert view.document is not None
        first = view.document.headings[3].line
        assert view.top_line <= first + 2 < view.top_line + 24
        await pilot.press("n")
        assert view.match_status == "Match 2 of 11"
        await pilot.press("N", "N")
        assert view.match_status == "Match 11 of 11"
        assert view.next_match() == (0, 11)
        assert view.find("no such words") == 0
        assert view.match_status == "No matches for no such words"
        assert view.check_action("next_match", ()) is False
        view.find("")
        assert view.match_status == ""

    run(check, size=(80, 24))


def test_link_selection_and_enter_posts_link_activated() -> None:
    """. and , select links (marked with ▸, not by colour alone); enter follows the selection."""

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, SECTIONS)
        assert view.check_action("follow_link", ()) is False
        await pilot.press("full_stop")
        assert view.selected_link is not None and view.selected_link.url == "https://e.example/0"
        row = view.selected_link.line - view.top_line
        assert view.render_line(row).text.startswith("▸")
        await pilot.press("full_stop", "comma", "full_stop")
        assert view.selected_link.url == "https://e.example/1"
        await pilot.press("enter")
        await pilot.pause()
        app = pilot.app
        assert isinstance(app, ViewApp)
        assert [message.link.url for message in app.activated] == ["https://e.example/1"]

    run(check, size=(80, 24))


def test_link_actions_are_disabled_without_links() -> None:

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, "No links here.")
        assert view.check_action("next_link", ()) is False
        assert view.next_link() is None
        assert view.check_action("next_heading", ()) is False

    run(check, size=(80, 24))


def test_measure_centres_the_reading_column() -> None:
    """At 120 columns the 80-column measure is centred; changing the measure re-wraps."""

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, "word " * 200)
        assert view.document is not None and view.document.width == 80
        first = screen_text(view)[0]
        margin = len(first) - len(first.lstrip(" "))
        assert margin == (view.scrollable_content_region.width - 80) // 2
        assert 17 <= margin <= 20
        view.measure = 40
        await pilot.pause()
        assert view.document.width == 40
        assert max(len(line.strip()) for line in screen_text(view)) <= 40

    run(check, size=(120, 24))


def test_resize_keeps_the_reading_position() -> None:
    """After a resize the same heading stays at the top."""

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, SECTIONS)
        assert view.document is not None
        view.scroll_to_line(view.document.headings[20].line)
        await pilot.resize_terminal(50, 24)
        await pilot.pause()
        assert view.document.width < 80
        assert screen_text(view)[0].strip() == "Part 20"

    run(check, size=(120, 24))


def test_position_is_restored_and_reported_once_settled() -> None:
    """show_markdown(position=...) restores the top line; scrolling posts one debounced event."""

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, SECTIONS, position=50)
        assert view.top_line == 50
        await pilot.press("j", "j", "j")
        app = pilot.app
        assert isinstance(app, ViewApp)
        assert app.positions == []
        await pilot.pause(0.8)
        assert [(m.key, m.line) for m in app.positions] == [("article", 53)]
        # Idle afterwards: no timer left, nothing redrawn.
        assert view._timer is None
        calls = 0
        original = view.render_line

        def counting(y: int):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            return original(y)

        view.render_line = counting  # type: ignore[method-assign]
        await pilot.pause(0.7)
        assert calls == 0

    run(check, size=(80, 24))


def test_clear_shows_a_centred_message() -> None:

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, SECTIONS)
        view.clear("Nothing selected")
        await pilot.pause()
        assert view.document is None
        lines = screen_text(view)
        assert [line.strip() for line in lines if line.strip()] == ["Nothing selected"]
        assert view.check_action("next_link", ()) is False

    run(check, size=(80, 24))


def test_large_article_shows_its_head_at_once_and_loads_the_rest() -> None:
    """A 5 MiB article: the first screen appears quickly, the full text after the worker."""
    body = SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2]
    copies = 5 * 1024 * 1024 // len(body) + 1
    big = (body + "\n\n") * copies

    async def check(pilot: Pilot[None]) -> None:
        view = pilot.app.query_one(ArticleView)
        view.show_markdown(big, key="big")
        await pilot.pause()
        assert view.document is not None
        assert screen_text(view)[0].strip().startswith("You used to care about your work.")
        # Only the head is laid out at first (its first piece: tens of kilobytes).
        head_lines = len(view.document.lines)
        assert head_lines < len(layout(parse_markdown(body), view.document.width).lines) * 40
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        single = layout(parse_markdown(body), view.document.width)
        # Over PAGED_SIZE the whole is laid out a piece at a time, a few pieces kept.
        assert isinstance(view.document.lines, PagedLines)
        assert len(view.document.lines) > head_lines
        assert len(view.document.headings) == copies * len(single.headings)
        assert view.document.lines[-1] == single.lines[-1]
        assert view.top_line == 0
        # End, find and heading jumps reach the far end of the text.
        await pilot.press("end")
        assert screen_text(view)[-1].strip() == single.lines[-1].text.strip()
        assert view.find(single.headings[-1].text) >= copies
        view.scroll_to_line(0)
        middle = view.document.headings[len(view.document.headings) // 2]
        view.scroll_to_line(middle.line - 1)
        assert view.next_heading() == middle
        assert screen_text(view)[0].strip() == middle.text

    run(check, size=(80, 24))


def test_hostile_article_puts_no_escape_on_screen() -> None:
    hostile = (
        "# Ti\x1b]0;owned\x07tle\n\nText \x1b[2J\x1b[31mred\x9b1m \u202eevil\n\n"
        "[li\x1bnk](https://e.example/\x1b[0m)\n\n```\ncode \x1b]8;;x\x07\n```\n\n"
        "| a\x1b[1m | b |\n|---|---|\n| \x07 | \x1b |\n"
    )

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, hostile)
        for y in range(24):
            for segment in view.render_line(y):
                assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in segment.text)
                assert "\u202e" not in segment.text
        assert "\x1b" not in "".join(screen_text(view))
        svg = pilot.app.export_screenshot()
        assert "owned" not in svg and "\x1b" not in svg

    run(check, size=(80, 24))


def test_meaning_survives_without_colour() -> None:
    """Headings are bold, links underlined, the selected link reversed: visible under NO_COLOR."""

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, "# Title\n\nA [link](https://e.example) here.")
        heading = next(s for s in view.render_line(0) if s.text.strip() == "Title")
        assert heading.style is not None and heading.style.bold
        link = next(s for s in view.render_line(3) if s.text == "link")
        assert link.style is not None and link.style.underline
        await pilot.press("full_stop")
        selected = next(s for s in view.render_line(3) if s.text == "link")
        assert selected.style is not None and selected.style.reverse

    run(check)


def test_switching_article_reports_the_last_position_at_once() -> None:
    """A scroll not yet reported is posted under the old key when another article is shown."""

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, SECTIONS)
        await pilot.press("pagedown")
        view.show_markdown("Other article.", key="other")
        await pilot.pause(0.8)
        app = pilot.app
        assert isinstance(app, ViewApp)
        assert [(m.key, m.line) for m in app.positions] == [("article", 24)]

    run(check)


def test_a_paged_article_keeps_its_place_across_a_resize(monkeypatch: pytest.MonkeyPatch) -> None:
    """A resize lays a paged article out again in a thread; the same heading stays on top."""
    monkeypatch.setattr("zo_reader.ui.widgets.article_view.PAGED_SIZE", 100_000)
    text = SECTIONS * 12

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, text)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert view.document is not None and isinstance(view.document.lines, PagedLines)
        target = view.document.headings[300]
        view.scroll_to_line(target.line)
        await pilot.resize_terminal(50, 24)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert view.document.width < 80 and isinstance(view.document.lines, PagedLines)
        assert view.document.headings[300].line == view.top_line
        assert screen_text(view)[0].strip() == target.text
        # Link numbers run on across pieces: link 300 is the 300th link of the text.
        assert view.document.links[299].url == f"https://e.example/{299 % 40}"

    run(check, size=(120, 24))


def test_a_long_article_in_screen_reader_mode_is_paged(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain mode over PAGED_SIZE: the first screen from the first piece, then End and headings."""
    monkeypatch.setattr("zo_reader.ui.widgets.article_view.PAGED_SIZE", 100_000)
    text = SECTIONS * 12
    parsed_here: list[int] = []  # Markdown parsed on the UI thread, in characters

    def counting_parser() -> object:
        real = parser()

        class Counting:
            def parse(self, markdown: str, env: dict[str, Any] | None = None) -> object:
                if threading.current_thread() is threading.main_thread():
                    parsed_here.append(len(markdown))
                return real.parse(markdown, env)

        return Counting()

    monkeypatch.setattr("zo_reader.core.markdown.blocks.parser", counting_parser)

    async def check(pilot: Pilot[None]) -> None:
        view = await shown(pilot, text)
        assert screen_text(view)[0].rstrip() == "Heading 2: Part 0"
        # The first piece only: for the first screen, and again to draw it once scanned.
        assert 0 < sum(parsed_here) <= 130_000 < len(text)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        document = view.document
        assert document is not None and isinstance(document.lines, PagedLines)
        whole = layout(parse_markdown(text, plain=True), document.width)
        assert list(document.lines) == list(whole.lines)
        assert document.headings == whole.headings and document.links == whole.links
        assert view.top_line == 0
        await pilot.press("end")
        assert screen_text(view)[-1].rstrip() == whole.lines[-1].text
        middle = document.headings[len(document.headings) // 2]
        view.scroll_to_line(middle.line - 1)
        await pilot.press("right_square_bracket")
        assert view.top_line == middle.line
        assert screen_text(view)[0].rstrip() == f"Heading 2: {middle.text}"

    run(check, size=(80, 24), plain=True)
