"""Screen-reader mode, proved the way a screen reader meets it: through a real terminal.

The real ``zo-reader --screen-reader`` runs on a pseudo-terminal at 80x24. After
each key the test reads the character grid and the cursor, as a terminal
screen reader does, and checks: the cursor's row holds the focused item's
text; no decorative glyph is on screen; no row holds two columns of text; the
status line says what changed in words; nothing is written while idle.
"""

from __future__ import annotations

import re
import sys
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.terminal import Terminal

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

# Box drawing, block elements, geometric shapes (▶ ▸ ◦ ▪), arrows, misc
# technical (⏎), dingbats, braille patterns (spinners) and emoji.
DECORATIVE = re.compile(
    "[\u2190-\u21ff\u2300-\u23ff\u2500-\u257f\u2580-\u259f\u25a0-\u25ff\u2700-\u27bf"
    "\u2800-\u28ff\U0001f300-\U0001faff]"
)
TWO_COLUMNS = re.compile(r"\S {4,}\S")  # text, a wide gap, more text: a second column


def glyphs(screen: str) -> list[str]:
    return sorted({f"{ch} {unicodedata.name(ch, '?')}" for ch in DECORATIVE.findall(screen)})


@pytest.fixture(params=["xterm-256color", "no-color", "linux"])
def reader(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Terminal]:
    """The real program in screen-reader mode, in three kinds of terminal."""
    env: dict[str, str | None] = {
        "ZO_READER_CACHE_DIR": str(tmp_path / "cache"),
        "ZO_READER_DATA_DIR": str(tmp_path / "data"),
        "ZO_READER_CONFIG": str(tmp_path / "none.toml"),
        "NO_COLOR": "1" if request.param == "no-color" else None,
    }
    term = "linux" if request.param == "linux" else "xterm-256color"
    argv = [sys.executable, "-m", "zo_reader", "--screen-reader", str(FIXTURES)]
    with Terminal(argv, cols=80, rows=24, env=env, term=term) as terminal:
        terminal.wait_for("Article 1 of 3", timeout=30)
        terminal.settle(0.5)
        yield terminal


def check_screen(terminal: Terminal, *, status: str, cursor_text: str) -> None:
    """The properties that must hold after every key.

    The status and the cursor are waited for (up to 10 s, for a loaded CI
    machine); the screen is then read once the output has gone quiet.
    """
    deadline = time.monotonic() + 10
    while True:
        terminal.settle(0.3)
        rows = terminal.lines()
        status_row = next((row for row in reversed(rows) if row.strip()), "")
        x, y = terminal.cursor
        if (status in status_row and rows[y][x:].startswith(cursor_text)) or (
            time.monotonic() > deadline
        ):
            break
        time.sleep(0.1)
    screen = "\n".join(rows)
    assert not glyphs(screen), glyphs(screen)
    columns = [row.rstrip() for row in rows if TWO_COLUMNS.search(row.strip())]
    assert not columns, columns
    assert status in status_row, (status, status_row)
    assert rows[y][x:].startswith(cursor_text), (cursor_text, x, y, rows[y])


def test_screen_reader_walk(reader: Terminal) -> None:
    check_screen(
        reader,
        status="Screen-reader mode, press F1 for keys. Article 1 of 3",
        cursor_text="Do evening walks help me sleep?",
    )
    assert reader.idle_bytes(2.0) == 0

    reader.press("down")
    check_screen(
        reader,
        status="Article 2 of 3: Why does my mind race at bedtime?",
        cursor_text="Why does my mind race at bedtime?",
    )
    reader.press("down")
    check_screen(
        reader,
        status="Article 3 of 3: How do I say no to family?",
        cursor_text="How do I say no to family?",
    )

    reader.press("enter")
    reader.wait_for("Saying no kindly")
    check_screen(
        reader,
        status="Reading: How do I say no to family?",
        cursor_text="Heading 1: How do I say no to family?",
    )
    assert "Heading 1: How do I say no to family?" in reader.screen_text()
    assert "1. Thank them for asking." in reader.screen_text()
    assert reader.idle_bytes(2.0) == 0

    reader.press("pagedown")
    check_screen(
        reader,
        status="Reading: How do I say no to family?",
        cursor_text="Heading 1: How do I say no to family?",
    )

    reader.press("tab")
    check_screen(reader, status="Tags: All articles (3)", cursor_text="All articles (3)")
    reader.press("down")
    check_screen(reader, status="Tags: All articles (3)", cursor_text="sleep, 2 articles")

    reader.press("escape")
    check_screen(
        reader,
        status="Article 3 of 3: How do I say no to family?",
        cursor_text="How do I say no to family?",
    )

    reader.send("/")
    time.sleep(0.2)
    reader.send("walk")
    reader.wait_for("1 result for walk")
    check_screen(reader, status="1 result for walk", cursor_text="")
    x, y = reader.cursor
    # The caret of the search field, just after what was typed.
    end = reader.line(y).index("walk") + len("walk")
    assert reader.line(y).strip() == "walk" and end <= x <= end + 1
    assert reader.idle_bytes(2.0) == 0


def test_links_are_numbered_and_followed_by_number(reader: Terminal) -> None:
    reader.press("enter")
    reader.wait_for("Heading 2: The short answer")
    screen = reader.screen_text()
    assert "racing thoughts [1]" in screen and "the WHO [2]" in screen
    assert "[1] racing-thoughts.md" in screen
    reader.send("1")
    check_screen(
        reader, status="Reading: Do evening walks", cursor_text="See also racing thoughts [1]"
    )
    started = time.monotonic()
    reader.press("enter")
    reader.wait_for("Reading: Why does my mind race at bedtime?")
    assert time.monotonic() - started < 5
    check_screen(
        reader,
        status="Reading: Why does my mind race at bedtime?",
        cursor_text="Racing thoughts at bedtime are common",
    )
