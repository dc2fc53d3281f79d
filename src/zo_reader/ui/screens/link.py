"""Confirm what to do with a link that leaves the library."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from zo_reader.core.sanitize import CleanText, ours, safe_line


class ExternalLinkScreen(ModalScreen[None]):
    """Shows the full URL; copies it or opens the browser only when asked."""

    DEFAULT_CSS = """
    ExternalLinkScreen { align: center middle; }
    ExternalLinkScreen > Vertical {
        width: 80%;
        max-width: 90;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    ExternalLinkScreen Horizontal { height: auto; margin-top: 1; }
    ExternalLinkScreen Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c",
            "copy",
            "Copy link",
            tooltip="Copy the address to the clipboard (OSC 52)",
            id="link.copy",
        ),
        Binding(
            "o",
            "open",
            "Open in browser",
            tooltip="Open the address in the system browser",
            id="link.open",
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Do nothing with the link", id="link.cancel"),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = safe_line(url)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("This link leads outside the library:", markup=False)
            yield Static(self.url, id="url", markup=False)
            with Horizontal():
                yield Button("Copy (c)", id="copy")
                yield Button("Open in browser (o)", id="open")
                yield Button("Cancel (Esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Run the button's action."""
        {"copy": self.action_copy, "open": self.action_open, "cancel": self.action_cancel}[
            event.button.id or "cancel"
        ]()

    def action_copy(self) -> None:
        """Copy the URL with OSC 52 and close."""
        self.app.copy_to_clipboard(self.url)
        self._announce(ours("Link copied to the clipboard."))
        self.dismiss(None)

    def action_open(self) -> None:
        """Open the URL in the system browser and close.

        The app is suspended meanwhile: when the browser is a terminal one
        (lynx, w3m) it needs the terminal, and gets it back when it quits; a
        graphical browser returns at once.
        """
        import webbrowser

        self.dismiss(None)
        try:
            with self.app.suspend():
                opened = webbrowser.open(self.url)
        except (SuspendNotSupported, webbrowser.Error):
            opened = False
        self._announce(
            ours("Opened the link in the browser.")
            if opened
            else ours("No browser could open the link; press c on a link to copy it instead.")
        )

    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(None)

    def _announce(self, text: CleanText) -> None:
        announce = getattr(self.app, "announce", None)
        if callable(announce):
            announce(text)
