"""The zo-reader TUI: wiring only. Screens compose, widgets show, the core decides."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import ClassVar

from rich.console import RenderableType
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Region
from textual.screen import Screen

from zo_reader.core.context import ReaderContext
from zo_reader.core.sanitize import CleanText, ours
from zo_reader.ui import themes
from zo_reader.ui.cursor import cursor_target
from zo_reader.ui.frame import Frame


class ZoReaderApp(App[None]):
    """An accessible reader for a library of articles.

    Args:
        context: The open source, index and reading state (see :func:`make_context`).
    """

    TITLE = "zo-reader"
    # Screen-reader mode: nothing decorative may reach the character grid, and
    # dialogs cover the whole screen so no text from below shows beside them.
    CSS = """
    ZoReaderApp.-screen-reader Widget {
        border: none;
        scrollbar-size: 0 0;
    }
    ZoReaderApp.-screen-reader ModalScreen {
        background: $background;
        align: left top;
    }
    ZoReaderApp.-screen-reader ModalScreen > * {
        width: 100%;
        height: 100%;
        max-width: 100%;
        max-height: 100%;
        padding: 0;
    }
    """
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
            "f12",
            "panic",
            "Hide",
            show=False,
            priority=True,
            tooltip="Hide everything at once behind a blank screen; press again to come back",
            id="app.panic",
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
        # Under NO_COLOR, Textual only turns colours grey and still writes them;
        # ANSI colours let the terminal's own (colourless) defaults show.
        super().__init__(ansi_color=bool(os.environ.get("NO_COLOR")))
        self.context = context
        self.screen_reader = context.settings.screen_reader
        if self.screen_reader:
            self.animation_level = "none"
            self.set_class(True, "-screen-reader")
        self._frame = Frame()  # screen-reader mode writes only the rows that change
        self._written_cursor: Offset | None = None
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

        # Back from a suspension (an editor, a shell): the terminal showed other things.
        self.app_resume_signal.subscribe(self, lambda _app: self._frame.forget())
        self.push_screen(BrowseScreen(self.context))

    async def on_event(self, event: events.Event) -> None:
        """In screen-reader mode, move the cursor to the focused item after every key."""
        await super().on_event(event)
        if self.screen_reader and isinstance(event, events.Key):
            self.call_after_refresh(self.place_cursor)

    def on_resize(self) -> None:
        """A resized terminal may have reflowed or cleared what it showed."""
        self._frame.forget()

    def _display(self, screen: Screen[object], renderable: RenderableType | None) -> None:
        """In screen-reader mode, write only the rows that change (see :mod:`.frame`)."""
        if self.screen_reader and renderable is not None and not self.is_inline:
            # The layout is settled by now: the cursor can ride on this frame
            # rather than wait for place_cursor's refresh a frame later.
            target = cursor_target(self.focused) if self.focused is not None else None
            if target is not None:
                self.cursor_position = target
            rows = self._frame.trim(renderable, self.console, self.size.width)
            if rows is not None:
                if not rows.data and self.cursor_position == self._written_cursor:
                    return  # nothing changes on the terminal
                self._written_cursor = self.cursor_position
                renderable = rows
        super()._display(screen, renderable)

    def place_cursor(self, again: bool = True) -> None:
        """Put the hidden terminal cursor where the focused item's text starts.

        Checked once more after the next repaint: a key's effects (a scroll, a
        new list) may land a frame later. Only one cell is repainted to carry
        the move, so the cost on the wire is a few bytes.
        """
        if not self.screen_reader or self.focused is None:
            return
        target = cursor_target(self.focused)
        if target is not None and target != self.cursor_position:
            self.cursor_position = target
            self.screen.refresh(Region(target.x, target.y, 1, 1))
        if again:
            self.call_after_refresh(self.place_cursor, False)

    def action_panic(self) -> None:
        """Hide everything behind a blank screen and a neutral window title, or come back."""
        from zo_reader.ui.screens.hidden import NEUTRAL_TITLE, HiddenScreen

        if isinstance(self.screen, HiddenScreen):
            self.pop_screen()
            self._write_terminal("\x1b[23;0t")  # the window's own title again (XTWINOPS)
            return
        # Save the title on the terminal's stack (XTWINOPS 22), then a neutral one.
        self._write_terminal(f"\x1b[22;0t\x1b]2;{NEUTRAL_TITLE}\x07")
        self.push_screen(HiddenScreen())

    def _write_terminal(self, sequence: str) -> None:
        """Send a fixed control sequence of our own (never content) to the terminal."""
        if self._driver is not None and not self.is_headless:
            self._driver.write(sequence)
            self._driver.flush()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While hidden, every action but the panic key's is off."""
        from zo_reader.ui.screens.hidden import HiddenScreen

        if isinstance(self.screen, HiddenScreen) and action != "panic":
            return False
        return super().check_action(action, parameters)

    def action_help(self) -> None:
        """Open the help screen, listing the bindings active where the user is."""
        from zo_reader.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_cycle_theme(self) -> None:
        """Switch to the next theme and say which one it is."""
        self.theme_setting = themes.next_theme(self.theme_setting)
        self.theme = themes.THEME_NAMES[self.theme_setting]
        self.announce(ours(f"Theme: {themes.describe(self.theme_setting)}"))

    def announce(self, text: CleanText) -> None:
        """Put a short message in the status line of the browse screen."""
        from zo_reader.ui.screens.browse import BrowseScreen

        for screen in self.screen_stack:
            if isinstance(screen, BrowseScreen):
                screen.status(text)

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
        from zo_reader.ui.screens.hidden import HiddenScreen

        if any(isinstance(screen, HiddenScreen) for screen in self.screen_stack):
            self._write_terminal("\x1b[23;0t")
        self.context.close()


def make_app(context: ReaderContext) -> ZoReaderApp:
    """The app as the CLI, tests and the screenshot script build it."""
    return ZoReaderApp(context)
