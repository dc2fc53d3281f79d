"""The tag sidebar: every tag with its article count, several chosen at once (AND).

Each tag reads ``[x] sleep (12)`` or ``[ ] sleep (12)`` and the highlighted
line starts with ``▶``, so neither state rests on colour alone.

Drawn with the Line API rather than on Textual's OptionList: OptionList
re-measures every option whenever one prompt changes, which cost about 100 ms
per toggle at 2,000 tags; here a toggle repaints one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from zo_reader.core.models import Tag, TagCount
from zo_reader.core.sanitize import NO_TEXT, CleanText, joined, ours, safe_line
from zo_reader.core.tags import normalise_tag

_MARKER, _NO_MARKER = ours("▶ "), ours("  ")


class TagSidebar(ScrollView, can_focus=True, inherit_bindings=False):
    """A list of tags with counts; Enter or Space adds or removes the highlighted one.

    Bindings are not inherited, so every key has an id and a tooltip.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "toggle_tag", "Toggle tag", id="tags.toggle",
                tooltip="Add or remove the highlighted tag; on All articles, clear the filter"),
        Binding("c", "clear_tags", "Clear tags", id="tags.clear",
                tooltip="Remove every tag from the filter and show all articles"),
        Binding("up,k", "cursor_up", "Previous tag", tooltip="Highlight the previous tag",
                id="tags.cursor-up", show=False),
        Binding("down,j", "cursor_down", "Next tag", tooltip="Highlight the next tag",
                id="tags.cursor-down", show=False),
        Binding("pageup", "page_up_rows", "Page up", tooltip="Move up one screen of tags",
                id="tags.page-up", show=False),
        Binding("pagedown", "page_down_rows", "Page down",
                tooltip="Move down one screen of tags", id="tags.page-down", show=False),
        Binding("home,g", "cursor_first", "First tag", tooltip="Highlight All articles",
                id="tags.go-first", show=False),
        Binding("end,G", "cursor_last", "Last tag", tooltip="Highlight the last tag",
                id="tags.go-last", show=False),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {"tag-sidebar--highlight"}
    """The highlighted line."""

    DEFAULT_CSS = """
    TagSidebar {
        width: 28;
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        border: tall $border-blurred;
        &:focus { border: tall $border; }
        & > .tag-sidebar--highlight {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .tag-sidebar--highlight {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class Changed(Message):
        """The chosen tags changed.

        Attributes:
            tag_sidebar: The sidebar that posted it (also ``control``, for ``@on``).
            active: The chosen tag keys, in the order they were chosen.
        """

        def __init__(self, tag_sidebar: TagSidebar, active: tuple[str, ...]) -> None:
            super().__init__()
            self.tag_sidebar = tag_sidebar
            self.active = active

        @property
        def control(self) -> TagSidebar:
            """The sidebar that posted the message."""
            return self.tag_sidebar

    def __init__(
        self,
        *,
        plain: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create an empty tag list.

        Args:
            plain: Say state in words with no marker glyph (screen-reader mode):
                ``sleep, 12 articles, chosen``.
            name: Widget name.
            id: Widget id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.plain = plain
        self._active: list[str] = []
        self._keys: list[str | None] = [None]  # per line: a tag key, None for All articles
        self._counts: dict[str, int] = {}
        self._displays: dict[str, str] = {}
        self._total = 0
        self._index = 0

    @property
    def active(self) -> tuple[str, ...]:
        """The chosen tag keys, in the order they were chosen."""
        return tuple(self._active)

    @property
    def highlighted(self) -> int:
        """Index of the highlighted line; 0 is All articles."""
        return self._index

    @property
    def highlighted_key(self) -> str | None:
        """Key of the highlighted tag, or ``None`` on All articles."""
        return self._keys[self._index]

    @property
    def labels(self) -> tuple[CleanText, ...]:
        """The text of every line, without the highlight marker."""
        return tuple(self._label(key) for key in self._keys)

    def set_tags(self, counts: Sequence[TagCount], total: int) -> None:
        """Show these tags and counts, keeping the chosen tags and the highlighted one.

        A chosen tag missing from ``counts`` stays listed (with 0) so it can be removed.

        Args:
            counts: Tags with their article counts, in the order to show.
            total: The number shown on "All articles".
        """
        highlighted = self.highlighted_key
        self._total = total
        self._counts = {item.tag.key: item.count for item in counts}
        self._displays.update({item.tag.key: item.tag.display for item in counts})
        missing = [key for key in self._active if key not in self._counts]
        self._keys = [None, *missing, *self._counts]
        self._index = self._keys.index(highlighted) if highlighted in self._keys else 0
        width = max((len(label) for label in self.labels), default=0) + len(_MARKER)
        self.virtual_size = Size(width, len(self._keys))
        self._reveal()
        self.refresh()

    def set_active(self, keys: Iterable[str]) -> None:
        """Choose exactly these tags; posts :class:`Changed` if that changes anything."""
        self._apply([key for key in dict.fromkeys(normalise_tag(key) for key in keys) if key])

    def clear(self) -> None:
        """Remove every tag from the filter; posts :class:`Changed` if any was chosen."""
        self._apply([])

    def select_index(self, index: int) -> None:
        """Highlight line ``index`` (clamped) and scroll it into view."""
        index = max(0, min(index, len(self._keys) - 1))
        if index != self._index:
            old, self._index = self._index, index
            if not self._reveal():
                self._refresh_line(old)  # only the two lines involved: cheap over SSH
                self._refresh_line(index)

    def action_toggle_tag(self) -> None:
        """Add or remove the highlighted tag; on All articles, clear the filter."""
        key = self.highlighted_key
        if key is None:
            self.clear()
        elif key in self._active:
            self._apply([k for k in self._active if k != key])
        else:
            self._apply([*self._active, key])

    def action_clear_tags(self) -> None:
        """Remove every tag from the filter."""
        self.clear()

    def action_cursor_up(self) -> None:
        """Highlight the previous tag."""
        self.select_index(self._index - 1)

    def action_cursor_down(self) -> None:
        """Highlight the next tag."""
        self.select_index(self._index + 1)

    def action_page_up_rows(self) -> None:
        """Move the highlight up one screen."""
        self.select_index(self._index - max(1, self.scrollable_content_region.height))

    def action_page_down_rows(self) -> None:
        """Move the highlight down one screen."""
        self.select_index(self._index + max(1, self.scrollable_content_region.height))

    def action_cursor_first(self) -> None:
        """Highlight All articles."""
        self.select_index(0)

    def action_cursor_last(self) -> None:
        """Highlight the last tag."""
        self.select_index(len(self._keys) - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out "Clear tags" while no tag is chosen."""
        if action == "clear_tags" and not self._active:
            return None
        return super().check_action(action, parameters)

    def on_click(self, event: events.Click) -> None:
        """A click highlights a line and toggles it, as Enter would."""
        offset = event.get_content_offset(self)
        if offset is not None and 0 <= offset.y + self.scroll_offset.y < len(self._keys):
            self.select_index(offset.y + self.scroll_offset.y)
            self.action_toggle_tag()

    def on_resize(self, event: events.Resize) -> None:
        """Keep the highlighted line in view."""
        self._reveal()

    def notify_style_update(self) -> None:
        """Repaint when focus or the theme changes the highlight style."""
        super().notify_style_update()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """Draw one line of the visible area (``y`` counts from the top of the view)."""
        width, style = self.scrollable_content_region.width, self.rich_style
        index = y + self.scroll_offset.y
        if index >= len(self._keys):
            return Strip.blank(width, style)
        marker = NO_TEXT if self.plain else _NO_MARKER
        if index == self._index:
            style += self.get_component_rich_style("tag-sidebar--highlight")
            marker = NO_TEXT if self.plain else _MARKER
        strip = _strip(joined("", [marker, self._label(self._keys[index])]), style)
        if strip.cell_length > width:
            strip = Strip([*strip.crop(0, max(0, width - 1)), Segment("…", style)])
        return strip.extend_cell_length(width, style)

    def _apply(self, chosen: list[str]) -> None:
        """Set the chosen tags, repaint the lines that changed and post :class:`Changed`."""
        if chosen == self._active:
            return
        changed = set(chosen) ^ set(self._active)
        self._active = chosen
        if any(key not in self._keys for key in chosen):
            # Chosen from outside (a tag link in an article) and not listed yet.
            self.set_tags(self._listed_counts(), self._total)
        else:
            for index, key in enumerate(self._keys):
                if key in changed:
                    self._refresh_line(index)
        self.refresh_bindings()
        self.post_message(self.Changed(self, self.active))

    def _listed_counts(self) -> list[TagCount]:
        return [TagCount(Tag(k, self._displays.get(k, k)), n) for k, n in self._counts.items()]

    def _label(self, key: str | None) -> CleanText:
        """``All articles (N)`` or ``[x] name (N)``: the state is in the text."""
        if key is None:
            return ours(f"All articles ({self._total})")
        name = safe_line(self._displays.get(key, key)) or safe_line(key)
        count = self._counts.get(key, 0)
        if self.plain:
            articles = "article" if count == 1 else "articles"
            chosen = ", chosen" if key in self._active else ""
            return ours(f"{name}, {count} {articles}{chosen}")
        box = "[x]" if key in self._active else "[ ]"
        return ours(f"{box} {name} ({count})")

    def cursor_cell(self) -> Offset:
        """Where the terminal cursor belongs: the start of the highlighted tag's text."""
        x = 0 if self.plain else len(_MARKER)
        return Offset(x, self._index - self.scroll_offset.y)

    def _reveal(self) -> bool:
        """Scroll just enough to show the highlighted line; whether the view moved."""
        y, height = self.scroll_offset.y, self.scrollable_content_region.height
        if height <= 0:
            return False  # not laid out yet; on_resize reveals it later
        if self._index < y:
            target = self._index
        elif self._index >= y + height:
            target = self._index - height + 1
        else:
            return False
        self.scroll_to(y=target, animate=False, force=True)
        return self.scroll_offset.y != y

    def _refresh_line(self, index: int) -> None:
        self.refresh(Region(0, index - self.scroll_offset.y, self.size.width, 1))


def _strip(text: CleanText, style: Style) -> Strip:
    """The one builder of the sidebar's lines: clean text only."""
    return Strip([Segment(text, style)])
