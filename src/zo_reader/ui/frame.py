"""Write only the terminal rows whose cells change (screen-reader mode).

Textual repaints a widget's whole region whenever the widget is shown, hidden,
moved or restyled. In screen-reader mode one region fills the screen at a
time, so every region switch (Enter, Tab, Escape) rewrote all 24 rows of an
80x24 terminal, blank rows included, where 9 or 10 rows really change. A
terminal screen reader reviews what was written, and SSH users pay for every
byte, so this module keeps a copy of each row as last written and drops the
rows of an update that would write the same cells again: the row-level diff
that curses does, which Textual does not.

Only rows known in full are compared: a full-width row of a full update, or a
partial update's row whose fragments cover the whole width (a partial row that
changes is still written as Textual made it, span only). Anything else is
written as Textual made it, and that row is forgotten, so the next update
writes it whatever it holds. :meth:`Frame.forget` forgets every row; the app
calls it when the terminal's contents can no longer be trusted (a resize, a
resume after suspension).
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.strip import Strip


class RowsUpdate(CompositorUpdate):
    """An update already rendered to terminal data: the changed rows only."""

    def __init__(self, data: str) -> None:
        self.data = data

    def __rich_console__(self, console: Console, options: object) -> list[Segment]:
        """Textual writes ``render_segments``; this is for Rich's own rendering."""
        return [Segment(self.data)]

    def render_segments(self, console: Console) -> str:
        """The data as it goes to the terminal."""
        return self.data


class Frame:
    """What the terminal shows, row by row, as this program last wrote it."""

    def __init__(self) -> None:
        self._rows: dict[int, str] = {}

    def forget(self) -> None:
        """Trust nothing on the terminal: the next update writes every row it holds."""
        self._rows.clear()

    def trim(self, update: object, console: Console, width: int) -> RowsUpdate | None:
        """``update`` without the rows that would write what the terminal already shows.

        Args:
            update: A full (``LayoutUpdate``) or partial (``ChopsUpdate``) update.
            console: The app's console, which renders strips to terminal data.
            width: The screen's width in cells.

        Returns:
            The rows that change (possibly none, to carry only the cursor move),
            or ``None`` for an update of another kind, to be written unchanged.
        """
        if isinstance(update, LayoutUpdate):
            return self._trim_layout(update, console, width)
        if isinstance(update, ChopsUpdate):
            return self._trim_chops(update, console, width)
        self.forget()
        return None

    def _trim_layout(self, update: LayoutUpdate, console: Console, width: int) -> RowsUpdate:
        region = update.region
        if region.x != 0 or region.width != width:
            for y in range(region.y, region.bottom):
                self._rows.pop(y, None)
            return RowsUpdate(update.render_segments(console))
        parts = []
        for y, line in enumerate(update.strips, region.y):
            parts.append(self._row(y, "".join(strip.render(console) for strip in line)))
        return RowsUpdate("".join(parts))

    def _trim_chops(self, update: ChopsUpdate, console: Console, width: int) -> RowsUpdate:
        kept: list[tuple[int, int, int]] = []
        for span in update.spans:
            y = span[0]
            strips = list(update.chops[y].values())
            if all(strip is not None for strip in strips) and (
                sum(strip.cell_length for strip in strips if strip is not None) == width
            ):
                row = _render(strips, console)
                if self._rows.get(y) == row:
                    continue
                # Outside the span the terminal already shows the rest of the row
                # (Textual repaints only what changed), so the row is now known.
                self._rows[y] = row
            else:
                self._rows.pop(y, None)
            kept.append(span)
        if not kept:
            return RowsUpdate("")
        # Textual's own rendering of the spans kept: fewer bytes than whole rows.
        return RowsUpdate(
            ChopsUpdate(update.chops, kept, update.chop_ends).render_segments(console)
        )

    def _row(self, y: int, data: str) -> str:
        """The data to write row ``y`` whole (empty if the terminal already shows it)."""
        if self._rows.get(y) == data:
            return ""
        self._rows[y] = data
        return f"\x1b[{y + 1};1H{data}"


def _render(strips: list[Strip | None], console: Console) -> str:
    return "".join(strip.render(console) for strip in strips if strip is not None)
