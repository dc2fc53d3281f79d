"""A modal list to pick from, framed and centred: the shape of contents and bookmarks."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

Result = TypeVar("Result")


class ListDialog(ModalScreen[Result]):
    """A centred, framed :class:`~textual.widgets.OptionList`; subclasses fill it.

    In screen-reader mode the app's CSS makes it cover the whole screen instead.
    """

    DEFAULT_CSS = """
    ListDialog { align: center middle; }
    ListDialog > OptionList {
        width: 80%;
        max-width: 90;
        height: auto;
        max-height: 80%;
        border: thick $accent;
    }
    """
