"""The panic key in a real terminal, and line mode's hide: nothing of the reading stays visible.

The TUI runs in a pseudo-terminal (tests/terminal.py, pyte for the screen);
the window title is read from the raw bytes.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from tests.conftest import home_only_env
from tests.terminal import Terminal
from zo_reader.cli.line_mode import NEUTRAL_PROMPT, run_line_mode
from zo_reader.core.context import make_context
from zo_reader.core.settings import Settings
from zo_reader.core.sources import BUNDLED_SAMPLES

TITLE = "How do I sleep better when my mind won't stop racing?"


def test_f12_hides_everything_and_a_second_press_returns(tmp_path: Path) -> None:
    env = home_only_env(tmp_path / "home")
    argv = [sys.executable, "-m", "zo_reader", str(BUNDLED_SAMPLES)]
    with Terminal(argv, cols=80, rows=24, env=env) as term:
        term.wait_for("articles, newest first")
        term.settle()
        term.press("/")
        term.settle()
        term.send("racing")
        term.wait_for("results for racing")
        term.press("enter")  # from the search field to the results
        term.settle(0.3)
        term.press("enter")  # open the first result
        term.wait_for("Reading:")
        mark = term.mark()
        term.press("f12")
        term.wait_gone("Reading:")
        term.settle()
        shown = term.screen_text()
        assert shown.strip() == "$", shown
        assert term.window_title == "Terminal"
        assert b"\x1b[22;0t" in term.bytes_since(mark)  # the old title saved first
        # Keys other than F12 do nothing while hidden: not q, not help, not the palette.
        for key in ("q", "?", "ctrl+p", "escape", "enter"):
            term.press(key)
        term.settle()
        assert term.alive and term.screen_text().strip() == "$"
        mark = term.mark()
        term.press("f12")
        term.wait_for("Reading:")
        assert b"\x1b[23;0t" in term.bytes_since(mark)  # and restored
        term.send("q")


def test_line_mode_hide_clears_and_any_command_brings_it_back(tmp_path: Path) -> None:
    context = make_context(
        Settings(), str(BUNDLED_SAMPLES), cache_root=tmp_path / "c", data_root=tmp_path / "d"
    )
    out = io.StringIO()
    commands = io.StringIO("list\n1\nhide\nwhere\nquit\n")
    try:
        assert run_line_mode(context, commands, out, 80, 24) == 0
    finally:
        context.close()
    shown = out.getvalue()
    hidden_at = shown.index("\n" * 40)  # not a terminal: blank lines push it all away
    assert shown[hidden_at:].lstrip("\n").startswith(NEUTRAL_PROMPT)
    assert "You are reading" in shown[hidden_at:] or "page" in shown[hidden_at:]


def test_line_mode_hide_on_a_terminal_clears_the_scrollback(tmp_path: Path) -> None:
    env = home_only_env(tmp_path / "home")
    argv = [sys.executable, "-m", "zo_reader", "--line", str(BUNDLED_SAMPLES)]
    with Terminal(argv, cols=80, rows=24, env=env, quit_keys=b"quit\r") as term:
        term.wait_for("zo-reader>")
        term.send("list\r")
        term.wait_for("type next for more")
        term.settle()
        mark = term.mark()
        term.send("hide\r")
        term.wait_gone("type next for more")
        term.settle()
        raw = term.bytes_since(mark)
        assert b"\x1b[3J" in raw and b"\x1b]2;Terminal\x07" in raw
        assert term.screen_text().strip() == NEUTRAL_PROMPT.strip()
        term.send("quit\r")
        assert term.wait_exit(10) == 0
