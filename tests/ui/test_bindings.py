"""Every action has a key and a description; every binding has an id and a tooltip."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import zo_reader.ui

# Actions Textual's base classes define that this app does not offer as its own.
INHERITED = {
    "App",
    "Screen",
    "ModalScreen",
    "Widget",
    "ScrollView",
    "ScrollableContainer",
    "Input",
    "OptionList",
    "Vertical",
    "Horizontal",
    "VerticalScroll",
    "Static",
    "Button",
    "DOMNode",
    "Container",
    "Footer",
}


def project_classes() -> list[type[DOMNode]]:
    """Every app, screen and widget class defined in ``zo_reader.ui``."""
    found: list[type[DOMNode]] = []
    for module_info in pkgutil.walk_packages(zo_reader.ui.__path__, "zo_reader.ui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def own_actions(cls: type[DOMNode]) -> set[str]:
    """``action_*`` methods defined by this class or its project-defined bases."""
    actions = set()
    for klass in cls.__mro__:
        if klass.__name__ in INHERITED or not klass.__module__.startswith("zo_reader"):
            continue
        actions |= {name[len("action_") :] for name in vars(klass) if name.startswith("action_")}
    return actions


def bindings_of(cls: type[DOMNode]) -> list[Binding]:
    """The project's bindings on a class: its own and its project-defined bases'."""
    bindings: list[Binding] = []
    for klass in cls.__mro__:
        if klass.__module__.startswith("zo_reader"):
            for item in vars(klass).get("BINDINGS", []):
                bindings.extend(Binding.make_bindings([item]))
        if vars(klass).get("_inherit_bindings", True) is False:
            break
    return bindings


def all_project_bindings() -> list[Binding]:
    return [b for cls in project_classes() for b in bindings_of(cls)]


def test_every_action_has_a_described_binding() -> None:
    bound = {}
    for binding in all_project_bindings():
        action = binding.action.split(".")[-1].split("(")[0]
        if binding.description:
            bound[action] = binding
    missing = {
        f"{cls.__name__}.action_{action}"
        for cls in project_classes()
        for action in own_actions(cls)
        if action not in bound
    }
    assert not missing, f"actions without a described binding: {sorted(missing)}"


def test_every_binding_has_an_id_a_description_and_a_tooltip() -> None:
    problems = [
        f"{b.key} -> {b.action}"
        for b in all_project_bindings()
        if not (b.id and b.description and b.tooltip)
    ]
    assert not problems, problems


def test_each_binding_id_names_one_action() -> None:
    seen: dict[str, str] = {}
    for binding in all_project_bindings():
        assert binding.id is not None
        previous = seen.setdefault(binding.id, binding.action)
        assert previous == binding.action, f"{binding.id}: {previous} and {binding.action}"


def test_the_walk_finds_the_main_classes() -> None:
    names = {cls.__name__ for cls in project_classes()}
    assert {
        "ZoReaderApp",
        "BrowseScreen",
        "HelpScreen",
        "ArticleList",
        "ArticleView",
        "TagSidebar",
        "ReadingPane",
    } <= names


# Each reading feature, by the TUI action that does it and the line-mode command
# that does it: both modes must offer all of them by keyboard.
FEATURES = {
    "search": ("search", "search"),
    "filter by tag": ("toggle_tag", "tag"),
    "list tags": ("focus_region", "tags"),
    "sort": ("toggle_sort", "sort"),
    "open an article": ("open_article", "open"),
    "page down": ("page_down", "next"),
    "page up": ("page_up", "prev"),
    "go to the top": ("scroll_home", "top"),
    "follow a link": ("follow_link", "follow"),
    "go back": ("go_back", "back"),
    "bookmark": ("toggle_bookmark", "bookmark"),
    "list bookmarks": ("show_bookmarks", "bookmarks"),
    "help": ("help", "help"),
    "quit": ("quit", "quit"),
}


def test_every_reading_feature_has_a_key_in_the_tui_and_a_command_in_line_mode() -> None:
    from zo_reader.cli.line_commands import COMMANDS

    tui_actions = {
        binding.action.split(".")[-1].split("(")[0]
        for binding in all_project_bindings()
        if binding.description
    }
    commands = {command.name for command in COMMANDS}
    missing = {
        feature: (
            action if action not in tui_actions else None,
            command if command not in commands else None,
        )
        for feature, (action, command) in FEATURES.items()
        if action not in tui_actions or command not in commands
    }
    assert not missing, missing
