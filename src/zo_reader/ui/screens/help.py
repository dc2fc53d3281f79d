"""The help screen, generated from the bindings: never a hand-written key table."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from zo_reader.core.sanitize import CleanText, joined, ours, safe_line


def binding_rows(screen: Screen[object]) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """Bindings of the app, the screen and every widget on it, grouped by owner.

    Returns:
        ``(group title, marker, [(keys, description, tooltip), ...])`` per owner,
        where the marker says whether the group is active where focus is.
    """
    app = screen.app
    active_nodes = {id(node) for node, _ in screen._modal_binding_chain}
    owners: list[tuple[str, object]] = [("Everywhere", app), ("This screen", screen)]
    seen_classes: set[type] = set()
    for widget in screen.walk_children(Widget):
        if type(widget).BINDINGS and type(widget) not in seen_classes:
            seen_classes.add(type(widget))
            owners.append((_title_of(widget), widget))
    groups = []
    keymap = app._keymap
    for title, owner in owners:
        by_action: dict[str, tuple[list[str], str, str]] = {}
        for binding in _bindings_of(owner):
            if not binding.description:
                continue
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            names, _, _ = by_action.setdefault(
                binding.action, ([], binding.description, binding.tooltip)
            )
            names.extend(name for name in _key_names(app, keys) if name not in names)
        rows = [
            (", ".join(names), description, tooltip)
            for names, description, tooltip in by_action.values()
        ]
        if rows:
            active = owner is app or id(owner) in active_nodes
            groups.append((title, "active now" if active else "when focused", rows))
    return groups


def _bindings_of(owner: object) -> list[Binding]:
    bindings: list[Binding] = []
    for item in getattr(type(owner), "BINDINGS", []):
        bindings.extend(Binding.make_bindings([item]))
    return bindings


def _title_of(widget: Widget) -> str:
    titles = {
        "TagSidebar": "Tag list",
        "ArticleList": "Article list",
        "ArticleView": "Reading an article",
        "ReadingPane": "The reading region",
        "SearchField": "Search field",
        "FindBar": "Find bar",
    }
    return titles.get(type(widget).__name__, type(widget).__name__)


# Words rather than symbols: a screen reader says "Enter", not "return symbol".
_KEY_WORDS = {
    "enter": "Enter",
    "escape": "Escape",
    "space": "Space",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "backspace": "Backspace",
    "delete": "Delete",
    "pageup": "Page Up",
    "pagedown": "Page Down",
    "home": "Home",
    "end": "End",
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
}


def _key_names(app: object, keys: str) -> list[str]:
    """Each key of a comma-separated binding, named for people."""
    get_display = getattr(app, "get_key_display")  # noqa: B009 - public App API
    names = []
    for key in (part.strip() for part in keys.split(",")):
        if key:
            names.append(_KEY_WORDS.get(key) or get_display(Binding(key, "")))
    return names


class HelpScreen(ModalScreen[None]):
    """Every key, what it does, and whether it applies where focus is now."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen .group { text-style: bold; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,question_mark,f1",
            "dismiss_help",
            "Close help",
            tooltip="Close the help screen",
            id="help.close",
        ),
    ]

    def __init__(self, behind: Screen[object]) -> None:
        super().__init__()
        self.groups = binding_rows(behind)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield _text(ours("Keys. Press Escape to close."), classes="group")
            for title, marker, rows in self.groups:
                yield _text(ours(f"{safe_line(title)} ({marker})"), classes="group")
                lines = [
                    safe_line(f"{keys}: {description}" + (f". {tooltip}" if tooltip else ""))
                    for keys, description, tooltip in rows
                ]
                yield _text(joined("\n", lines))

    def action_dismiss_help(self) -> None:
        """Close the help screen."""
        self.dismiss(None)


def _text(text: CleanText, *, classes: str = "") -> Static:
    """A paragraph of help: clean text only, shown as it is (no markup)."""
    return Static(text, classes=classes, markup=False)
