"""TagSidebar: tags with counts, chosen from the keyboard (AND), checked through Pilot.

Each test runs its scenario with ``asyncio.run`` so no async pytest plugin is needed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip

from zo_reader.core.models import Tag, TagCount
from zo_reader.ui.widgets.tag_sidebar import TagSidebar

COUNTS = [
    TagCount(Tag("sleep", "Sleep"), 12),
    TagCount(Tag("anxiety", "anxiety"), 7),
    TagCount(Tag("movement", "movement"), 3),
]


class SidebarApp(App[None]):
    """Just the sidebar with three tags; records the Changed messages."""

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[tuple[str, ...]] = []

    def compose(self) -> ComposeResult:
        yield TagSidebar(id="tags")

    def on_mount(self) -> None:
        sidebar = self.query_one(TagSidebar)
        sidebar.set_tags(COUNTS, total=20)
        sidebar.focus()

    def on_tag_sidebar_changed(self, message: TagSidebar.Changed) -> None:
        self.changes.append(message.active)


Scenario = Callable[[SidebarApp, TagSidebar, Pilot[None]], Awaitable[None]]


def run(scenario: Scenario) -> SidebarApp:
    """Run ``scenario`` against a SidebarApp; return the app afterwards."""
    app = SidebarApp()

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await scenario(app, app.query_one(TagSidebar), pilot)

    asyncio.run(main())
    return app


def prompts(sidebar: TagSidebar) -> list[str]:
    """The text of every line, without the highlight marker."""
    return list(sidebar.labels)


def test_set_tags_lists_all_then_tags_with_checkboxes() -> None:
    """The first option is All articles; each tag shows an empty checkbox and its count."""

    async def scenario(app: SidebarApp, sidebar: TagSidebar, pilot: Pilot[None]) -> None:
        assert prompts(sidebar) == [
            "All articles (20)",
            "[ ] Sleep (12)",
            "[ ] anxiety (7)",
            "[ ] movement (3)",
        ]
        assert sidebar.active == ()
        assert sidebar.highlighted == 0

    run(scenario)


def test_enter_and_space_toggle_tags_in_the_order_chosen() -> None:
    """Enter and Space add tags (AND, in order) and remove them again; j/k move."""

    async def scenario(app: SidebarApp, sidebar: TagSidebar, pilot: Pilot[None]) -> None:
        await pilot.press("j", "j", "enter", "k", "space")
        assert sidebar.active == ("anxiety", "sleep")
        assert prompts(sidebar)[1:3] == ["[x] Sleep (12)", "[x] anxiety (7)"]
        await pilot.press("down", "enter")
        assert list(sidebar.active) == ["sleep"]  # a list: mypy narrowed the tuple above
        await pilot.pause()
        assert app.changes == [("anxiety",), ("anxiety", "sleep"), ("sleep",)]

    run(scenario)


def test_all_articles_and_c_clear_every_tag() -> None:
    """Enter on All articles clears the filter, and so does c; clearing nothing posts nothing."""

    async def scenario(app: SidebarApp, sidebar: TagSidebar, pilot: Pilot[None]) -> None:
        await pilot.press("j", "enter", "j", "enter", "home", "enter")
        assert sidebar.active == ()
        assert all(prompt.startswith(("All", "[ ]")) for prompt in prompts(sidebar))
        await pilot.press("j", "space", "c")
        assert sidebar.active == ()
        await pilot.press("c")
        await pilot.pause()
        assert app.changes == [("sleep",), ("sleep", "anxiety"), (), ("sleep",), ()]

    run(scenario)


def test_refreshed_counts_keep_active_tags_and_the_highlight() -> None:
    """New counts keep chosen tags checked, even one no longer counted, and the highlight."""

    async def scenario(app: SidebarApp, sidebar: TagSidebar, pilot: Pilot[None]) -> None:
        await pilot.press("j", "j", "j", "enter", "k")  # choose movement, highlight anxiety
        assert sidebar.active == ("movement",)
        facets = [TagCount(Tag("anxiety", "anxiety"), 2), TagCount(Tag("sleep", "Sleep"), 1)]
        sidebar.set_tags(facets, total=3)
        await pilot.pause()
        assert prompts(sidebar) == [
            "All articles (3)",
            "[x] movement (0)",
            "[ ] anxiety (2)",
            "[ ] Sleep (1)",
        ]
        assert sidebar.active == ("movement",)
        assert sidebar.highlighted == 2  # still anxiety
        assert app.changes == [("movement",)]  # a refresh is not a change

    run(scenario)


def test_set_active_from_outside_posts_changed_and_lists_the_tag() -> None:
    """set_active normalises keys, checks them, and lists a tag it did not know."""

    async def scenario(app: SidebarApp, sidebar: TagSidebar, pilot: Pilot[None]) -> None:
        sidebar.set_active(["#Sleep", "grief", "sleep"])
        await pilot.pause()
        assert sidebar.active == ("sleep", "grief")
        assert "[x] Sleep (12)" in prompts(sidebar)
        assert "[x] grief (0)" in prompts(sidebar)
        sidebar.set_active(["sleep", "grief"])  # the same: no message
        await pilot.pause()
        assert app.changes == [("sleep", "grief")]

    run(scenario)


def test_tag_names_are_shown_as_written_not_as_markup() -> None:
    """Brackets in a tag are text, and control characters are removed."""

    async def scenario(app: SidebarApp, sidebar: TagSidebar, pilot: Pilot[None]) -> None:
        sidebar.set_tags([TagCount(Tag("[b]x", "[b]x\x1b[31m"), 1)], total=1)
        assert prompts(sidebar)[1] == "[ ] [b]x (1)"
        assert "\x1b" not in sidebar.render_line(1).text

    run(scenario)


def test_bindings_have_ids_descriptions_and_tooltips() -> None:
    """Every binding declared by the sidebar can be remapped and explained."""
    for binding in TagSidebar.BINDINGS:
        assert not isinstance(binding, tuple)
        assert binding.id and binding.id.startswith("tags.")
        assert binding.description and binding.tooltip


def test_highlight_has_a_marker_and_long_names_are_cut() -> None:
    """The highlighted line starts with ▶; a name too long for the width ends with …."""

    async def scenario(app: SidebarApp, sidebar: TagSidebar, pilot: Pilot[None]) -> None:
        assert sidebar.render_line(0).text.startswith("▶ All articles (20)")
        assert sidebar.render_line(1).text.startswith("  [ ] Sleep (12)")
        await pilot.press("j")
        assert sidebar.render_line(1).text.startswith("▶ [ ] Sleep (12)")
        sidebar.set_tags([TagCount(Tag("long", "x" * 200), 1)], total=1)
        line = sidebar.render_line(1).text
        assert line.endswith("…") and len(line) == sidebar.scrollable_content_region.width

    run(scenario)


def test_two_thousand_tags_toggle_by_repainting_one_line() -> None:
    """With 2,000 tags a toggle repaints one line, and a click toggles too."""
    many = [TagCount(Tag(f"t{i}", f"tag {i}"), 2000 - i) for i in range(2000)]
    rendered: list[int] = []

    class CountingSidebar(TagSidebar):
        def render_line(self, y: int) -> Strip:
            rendered.append(y)
            return super().render_line(y)

    class CountingApp(SidebarApp):
        def compose(self) -> ComposeResult:
            yield CountingSidebar(id="tags")

    app = CountingApp()

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            sidebar = app.query_one(TagSidebar)
            sidebar.set_tags(many, total=5000)
            await pilot.press("end")
            assert sidebar.highlighted_key == "t1999"
            await pilot.pause()
            rendered.clear()
            await pilot.press("enter")
            await pilot.pause()
            assert sidebar.active == ("t1999",)
            assert set(rendered) == {sidebar.highlighted - sidebar.scroll_offset.y}
            await pilot.click(TagSidebar, offset=(5, 1 + 2))  # the border takes a line
            assert sidebar.highlighted == sidebar.scroll_offset.y + 2
            assert sidebar.active == ("t1999", sidebar.highlighted_key)

    asyncio.run(main())
