"""The zo-reader TUI: wiring only. Screens compose, widgets show, the core decides."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from zo_reader.core.sanitize import clean_line
from zo_reader.ui import themes
from zo_reader.ui.context import ReaderContext


class ZoReaderApp(App[None]):
    """An accessible reader for a library of articles.

    Args:
        context: The open source, index and reading state (see :func:`make_context`).
    """

    TITLE = "zo-reader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Leave zo-reader", id="app.quit"),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            tooltip="Show every key and what it does",
            id="app.help",
        ),
        Binding(
            "T",
            "cycle_theme",
            "Theme",
            show=False,
            tooltip="Switch between the default, light and high-contrast themes",
            id="app.theme",
        ),
    ]

    def __init__(self, context: ReaderContext) -> None:
        super().__init__()
        self.context = context
        self.register_theme(themes.HIGH_CONTRAST)
        self.theme_setting = context.settings.theme
        self.theme = themes.THEME_NAMES[self.theme_setting]
        if context.settings.keymap:
            self.set_keymap(context.settings.keymap)

    def on_mount(self) -> None:
        """Open the browse screen.

        Pushed rather than returned from ``get_default_screen``: Textual 8 loads
        a screen's ``CSS_PATH`` only for pushed screens.
        """
        from zo_reader.ui.screens.browse import BrowseScreen  # pulls in every widget

        self.push_screen(BrowseScreen(self.context))

    def action_help(self) -> None:
        """Open the help screen, listing the bindings active where the user is."""
        from zo_reader.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_cycle_theme(self) -> None:
        """Switch to the next theme and say which one it is."""
        self.theme_setting = themes.next_theme(self.theme_setting)
        self.theme = themes.THEME_NAMES[self.theme_setting]
        self.announce(f"Theme: {themes.describe(self.theme_setting)}")

    def announce(self, text: str) -> None:
        """Put a short message in the status line of the browse screen."""
        from zo_reader.ui.screens.browse import BrowseScreen

        for screen in self.screen_stack:
            if isinstance(screen, BrowseScreen):
                screen.status(clean_line(text))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: every enabled binding of the screen, then Textual's own."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            namespace = active.node

            def run(action: str = binding.action, node: object = namespace) -> None:
                self.call_later(self.run_action, action, node)

            yield SystemCommand(binding.description, binding.tooltip or binding.description, run)
        yield from super().get_system_commands(screen)

    def on_unmount(self) -> None:
        """Save positions and bookmarks and close the index."""
        self.context.close()


def make_app(context: ReaderContext) -> ZoReaderApp:
    """The app as the CLI, tests and the screenshot script build it."""
    return ZoReaderApp(context)
