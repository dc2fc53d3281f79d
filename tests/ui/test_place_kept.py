"""A reading place survives every change of width, layout and mode (issue 13).

The real program on a pseudo-terminal: open a long article, go to a heading
deep inside, resize 80 -> 40 -> 120 columns, press ``+`` and ``-``, quit, reopen
in screen-reader mode, then in line mode, then in the styled reader again: the
same heading is at the top each time. Positions are kept by source place
(:func:`zo_reader.core.document.place_of`), not by a line of one layout.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tests.terminal import Terminal

BODY = "".join(
    f"## Part {n}\n\nSection {n} words. " + "Filler words to read here. " * 25 + "\n\n"
    for n in range(40)
)
# At the end of a row: the reader is the rightmost pane when the list is beside it.
HEADING = re.compile(r"(?:Heading 2: )?Part \d+(?=\s*$)")


def top_heading(rows: list[str]) -> str:
    """The first heading in the top rows of a screen: the one at the top of the reader."""
    for row in rows[:8]:
        if found := HEADING.search(row):
            return found.group(0)
    return ""


def launch(tmp_path: Path, *options: str, cols: int = 80) -> Terminal:
    env: dict[str, str | None] = {
        "ZO_READER_CACHE_DIR": str(tmp_path / "cache"),
        "ZO_READER_DATA_DIR": str(tmp_path / "data"),
        "ZO_READER_CONFIG": str(tmp_path / "none.toml"),
    }
    argv = [sys.executable, "-m", "zo_reader", *options, str(tmp_path / "library")]
    return Terminal(argv, cols=cols, rows=24, env=env)


def wait_top(terminal: Terminal, expected: str) -> None:
    terminal.wait_until(lambda rows: top_heading(rows) == expected, timeout=15)


def open_article(terminal: Terminal, ready: str) -> None:
    """Wait until the list is ready for keys (its footer or status says so), then Enter."""
    terminal.wait_for(ready, timeout=30)
    terminal.settle(0.3)
    terminal.press("enter")


def quit_reader(terminal: Terminal) -> None:
    terminal.send("q")
    assert terminal.wait_exit(timeout=15) == 0


def test_a_heading_stays_at_the_top_across_widths_modes_and_sessions(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "long.md").write_text(f"---\ntitle: Long one\n---\n{BODY}", encoding="utf-8")

    with launch(tmp_path) as styled:
        open_article(styled, "⏎ Open")
        wait_top(styled, "Part 0")
        for _ in range(25):
            styled.send("]")
        wait_top(styled, "Part 25")
        for cols in (40, 120):
            styled.resize(cols, 24)
            styled.settle(0.3)
            wait_top(styled, "Part 25")
        for key in ("-", "-", "+"):
            styled.send(key)
            styled.settle(0.3)
            wait_top(styled, "Part 25")
        styled.settle(1.5)  # the place is saved once the view has settled
        quit_reader(styled)

    with launch(tmp_path, "--screen-reader", cols=120) as plain:
        open_article(plain, "Article 1 of 1")
        wait_top(plain, "Heading 2: Part 25")
        plain.send("[")  # one heading up, then down again: the place moves with the reader
        wait_top(plain, "Heading 2: Part 24")
        plain.send("]")
        wait_top(plain, "Heading 2: Part 25")
        plain.settle(1.5)
        quit_reader(plain)

    with launch(tmp_path, "--line", "--width", "60") as line:
        line.wait_for("zo-reader", timeout=30)
        line.send("open long\n")
        line.wait_for("Resuming at page", timeout=15)
        line.wait_until(
            lambda rows: any(row.strip() == "Heading 2: Part 25" for row in rows), timeout=15
        )
        rows = line.lines()
        resumed = next(n for n, row in enumerate(rows) if "Resuming at page" in row)
        assert rows[resumed + 1].strip() == "Heading 2: Part 25", rows[resumed : resumed + 3]
        line.send("quit\n")
        assert line.wait_exit(timeout=15) == 0

    with launch(tmp_path) as again:
        open_article(again, "⏎ Open")
        wait_top(again, "Part 25")
        quit_reader(again)
