"""The table of contents: the article's headings, indented by level."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from zo_reader.core.document import Heading
from zo_reader.core.sanitize import ours, safe_line
from zo_reader.ui.screens.dialog import ListDialog, option


class ContentsScreen(ListDialog[int | None]):
    """Pick a heading; the screen returns its line, or ``None`` on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,o",
            "close",
            "Close contents",
            tooltip="Close the contents without moving",
            id="contents.close",
        ),
    ]

    def __init__(self, headings: Sequence[Heading], top_line: int) -> None:
        super().__init__()
        self.headings = list(headings)
        self.top_line = top_line

    def compose(self) -> ComposeResult:
        options = [
            option(ours(f"{'  ' * (h.level - 1)}Heading {h.level}: {safe_line(h.text)}"), str(i))
            for i, h in enumerate(self.headings)
        ]
        contents = OptionList(*options, id="contents")
        contents.border_title = "Contents"
        yield contents

    def on_mount(self) -> None:
        """Highlight the heading of the section being read."""
        current = 0
        for index, heading in enumerate(self.headings):
            if heading.line <= self.top_line:
                current = index
        self.query_one(OptionList).highlighted = current

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen heading's line."""
        self.dismiss(self.headings[event.option_index].line)

    def action_close(self) -> None:
        """Close without moving."""
        self.dismiss(None)
