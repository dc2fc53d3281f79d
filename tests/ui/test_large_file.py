"""A large file opened on its own, in the real program on a pseudo-terminal (issue 11, part 4).

Its first screen comes from the file's head; the whole article follows once the
file is read, at the same place, and nothing is written to the cache.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.terminal import Terminal
from zo_reader.core.sources.single_file import PREVIEW_BYTES

FIRST = "First words of the heavy book"
LAST = "Closing words of the heavy book"


def heavy_book(path: Path, size: int) -> Path:
    """About ``size`` bytes of chapters, with known first and last words."""
    paragraph = " ".join(f"Stone {n} lay under the tide." for n in range(14)) + "\n\n"
    parts, total, chapter = [f"# The heavy book\n\n{FIRST}.\n\n"], 0, 0
    while total < size:
        chapter += 1
        text = f"## Chapter {chapter}\n\n" + paragraph * 10
        parts.append(text)
        total += len(text)
    parts.append(f"{LAST}.\n")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def test_a_large_file_shows_its_head_then_all_of_it(tmp_path: Path) -> None:
    book = heavy_book(tmp_path / "heavy.md", 40 * PREVIEW_BYTES)
    for index in range(50):  # neighbours it does not link to: never read
        (tmp_path / f"other-{index}.md").write_text(f"# Other {index}\n\nUnlinked.\n")
    home = tmp_path / "user"
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith(("TEXTUAL", "ZO_READER_"))
    }
    env.update(
        ZO_READER_CACHE_DIR=str(home / "cache"),
        ZO_READER_DATA_DIR=str(home / "data"),
        ZO_READER_CONFIG_DIR=str(home / "config"),
    )
    argv = [sys.executable, "-m", "zo_reader", str(book)]
    with Terminal(argv, cols=80, rows=24, env=env) as term:
        term.wait_for(FIRST, 60)
        term.wait_for("The heavy book", 10)
        # The whole file is read and shown again in place; then End reaches its last line.
        term.wait_for("Updated: The heavy book", 60)
        assert FIRST in term.screen_text()
        term.settle(0.3)
        term.press("end")
        term.wait_for(LAST, 60)
        term.press("home")
        term.wait_for(FIRST, 10)
        term.settle(0.3)
        term.send("q")
        assert term.wait_exit(15) == 0
    cache = home / "cache"
    assert not cache.exists() or not any(path.is_file() for path in cache.rglob("*"))
