"""Where the terminal cursor belongs, so screen readers and braille follow focus.

Terminal screen readers speak the line the cursor is on. Textual keeps the
cursor hidden at the top-left cell unless a text input moves it, so every key
would make a screen reader read the first row again. In screen-reader mode
the app moves the (still hidden) cursor to the start of the focused item's
text after every key: the highlighted title, the highlighted tag, the line
being read.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import Input, OptionList


@runtime_checkable
class HasCursorCell(Protocol):
    """A widget that knows where its focused item's text starts."""

    def cursor_cell(self) -> Offset:
        """The cell, relative to the widget's content region."""
        ...


def cursor_target(widget: Widget) -> Offset | None:
    """The screen cell for the cursor when ``widget`` has focus, or ``None`` to leave it.

    Text inputs place the cursor at the caret themselves.
    """
    if isinstance(widget, Input):
        return None
    if isinstance(widget, HasCursorCell):
        cell = widget.cursor_cell()
    elif isinstance(widget, OptionList) and widget.highlighted is not None:
        # Options here are one line each (titles and headings, not wrapped blocks).
        cell = Offset(0, widget.highlighted - int(widget.scroll_offset.y))
    else:
        cell = Offset(0, 0)
    region = widget.content_region
    if not region.width or not region.height:
        return None
    x = region.x + max(0, min(cell.x, region.width - 1))
    y = region.y + max(0, min(cell.y, region.height - 1))
    return Offset(x, y)
