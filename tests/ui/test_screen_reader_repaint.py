"""Screen-reader mode writes only the rows a region switch changes (issue 13).

One region fills the screen at a time, and Textual repaints a shown widget's
whole region, blank rows included: Enter, Tab and Escape each rewrote all 24
rows of an 80x24 terminal where 9 or 10 changed. Through a real pty, each
switch here may write at most the rows whose text changed plus the status line.
"""

from __future__ import annotations

import re

from tests.terminal import Terminal
from tests.ui.conftest import FIXTURES, Launch

CURSOR_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")
SGR_RUN = re.compile(rb"^(?:\x1b\[[0-9;]*m)+")

# (key, what the status line says once the switch is done)
SWITCHES = [
    ("enter", "Reading: Do evening walks help me sleep?"),
    ("tab", "Tags: All articles (3)"),
    ("escape", "Article 1 of 3: Do evening walks help me sleep?"),
    ("enter", "Reading: Do evening walks help me sleep?"),
    ("shift+tab", "Article 1 of 3: Do evening walks help me sleep?"),
]


def written_rows(data: bytes) -> set[int]:
    """Rows (0-based) that ``data`` writes text on: a cursor move, colour codes, then text.

    A move with nothing after it only places the cursor, which writes no cell.
    """
    rows = set()
    for match in CURSOR_MOVE.finditer(data):
        rest = SGR_RUN.sub(b"", data[match.end() : match.end() + 200], count=1)
        if rest[:1] and rest[:1] != b"\x1b":
            rows.add(int(match.group(1)) - 1)
    return rows


def switch(term: Terminal, key: str, status: str) -> tuple[set[int], set[int]]:
    """Press ``key``; the rows written and the rows whose text changed."""
    before = term.lines()
    mark = term.mark()
    term.press(key)
    term.wait_for(status)
    term.settle(0.3)
    after = term.lines()
    changed = {row for row, (old, new) in enumerate(zip(before, after, strict=True)) if old != new}
    return written_rows(term.bytes_since(mark)), changed


def test_region_switches_write_only_the_rows_that_change(launch: Launch) -> None:
    term = launch(FIXTURES, ZO_READER_SCREEN_READER="1")
    term.wait_for("Article 1 of 3", timeout=30)
    term.settle(0.5)
    status_row = term.rows - 1
    for key, status in SWITCHES:
        written, changed = switch(term, key, status)
        assert changed, f"{key} changed nothing on the screen:\n{term.screen_text()}"
        extra = written - changed - {status_row}
        assert not extra, (
            f"{key} rewrote {len(written)} rows where {len(changed)} changed; "
            f"unchanged rows written: {sorted(extra)}"
        )
