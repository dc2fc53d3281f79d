"""Every dialog of the reader over a hostile server: not one control byte of its values shown.

tests/ui/test_hostile_remote.py walks the list, the reader, links, contents,
tags, search and help; here the rest: bookmarks (``b``, ``B``), find in the
article (``f``), history (Backspace and back again), the command palette,
sorting and themes, in the styled TUI and in screen-reader mode, whose
status line and cursor-following text are separate output paths.
"""

from __future__ import annotations

import pytest

from tests.hostile_api import hostile_api, hostile_wordpress
from tests.ui.conftest import Launch
from tests.ui.test_pty import (
    LIST_FOOTER,
    READER_FOOTER,
    START_TIMEOUT,
    assert_nothing_injected,
    press,
    quit_cleanly,
)

SERVERS = {"zo": hostile_api, "wordpress": hostile_wordpress}


@pytest.mark.slow
@pytest.mark.parametrize("screen_reader", [False, True], ids=["styled", "screen-reader"])
@pytest.mark.parametrize("kind", SERVERS)
def test_every_dialog_shows_a_hostile_servers_values_clean(
    launch: Launch, kind: str, screen_reader: bool
) -> None:
    extra = {"ZO_READER_SCREEN_READER": "1"} if screen_reader else {}
    # Screen-reader mode has no footer: its status line says where the cursor is.
    in_list, in_reader = ("Article ", "Reading:") if screen_reader else (LIST_FOOTER, READER_FOOTER)
    with SERVERS[kind]() as url:
        term = launch(url, **extra)
        term.wait_for(in_list, START_TIMEOUT)
        term.wait_for("Hostile")
        term.settle()
        press(term, "s")  # sort by title, then back by date
        press(term, "s")
        term.press("enter")
        term.wait_for(in_reader)
        term.settle(0.15)
        press(term, "b")  # bookmark it: the status line names the title
        press(term, "B")
        if screen_reader:  # the dialog alone on screen: its one bookmark, no status line
            term.wait_gone("Reading:")
        else:
            term.wait_for("Bookmarks")
        press(term, "escape")
        press(term, "f")  # find in the article: the match count names nothing of the server's
        term.send("hostile")
        press(term, "enter")
        press(term, "n")
        press(term, "escape")
        press(term, "escape")
        term.wait_for(in_list)
        press(term, "down")
        term.press("enter")
        term.wait_for(in_reader)
        press(term, "backspace")  # history: back to the first article, then forward
        press(term, "alt+right")
        press(term, "ctrl+p")  # the command palette lists commands with the article open
        term.send("book")
        press(term, "escape", quiet=0.3)
        press(term, "T")  # a theme change repaints everything
        press(term, "escape")
        term.wait_for(in_list)
        assert term.window_title == ""
        assert {number for number, _ in term.osc_sequences()} <= {22}  # pointer shape only
        quit_cleanly(term)
    assert b"Hostile" in term.raw
    assert_nothing_injected(term.raw)
