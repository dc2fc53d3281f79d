"""A modal list to pick from, framed and centred: the shape of contents and bookmarks."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from zo_reader.core.sanitize import CleanText

Result = TypeVar("Result")


def option(label: CleanText, id: str | None = None, *, disabled: bool = False) -> Option:
    """An entry of a dialog's list: its label must be clean text (a title, a heading).

    The dialogs build their options here, not with ``Option`` itself, so a raw
    title from an article is a mypy error rather than an escape in the terminal.
    """
    return Option(label, id=id, disabled=disabled)


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
