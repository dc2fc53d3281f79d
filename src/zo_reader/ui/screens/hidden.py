"""The panic screen: one key replaces everything with what an idle shell looks like.

Nothing of the library shows: no title, no status, no footer, no colours of
the app. While it is up, every key but the panic key does nothing, so a
stray key cannot bring anything back into view.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

NEUTRAL_TITLE = "Terminal"
"""The terminal window's title while hidden."""


class HiddenScreen(Screen[None]):
    """A blank terminal with a shell prompt."""

    DEFAULT_CSS = """
    HiddenScreen {
        background: ansi_default;
        color: ansi_default;
    }
    HiddenScreen Static {
        background: ansi_default;
        color: ansi_default;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("$ ", id="prompt")
