"""A one-line status bar that says what changed, in words."""

from __future__ import annotations

from textual.widgets import Static

from zo_reader.core.sanitize import NO_TEXT, CleanText, safe_line


class StatusLine(Static):
    """Announces context changes ("Article 3 of 12: Title", "12 results for sleep").

    It repaints only when its text really changes, so nothing is written to the
    terminal while the user is idle.
    """

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.text = NO_TEXT

    def say(self, text: CleanText) -> None:
        """Show ``text`` on one line if it differs from what is shown.

        It takes only ``CleanText`` (``safe_line`` of content, ``ours`` of our
        words), so mypy catches a raw title; it is made one line here too.
        """
        line = safe_line(text)
        if line != self.text:
            self.text = line
            self.update(line)
