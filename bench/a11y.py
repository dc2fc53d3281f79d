"""Screen-reader mode, measured in a pseudo-terminal: what each key costs a screen reader.

For each key of a walk (down, down, enter, page down, tab, escape, a search)
at 80x24 in ``--screen-reader`` mode: the time from the key until the terminal
cursor reaches the newly focused item, the rows the program repainted against
the rows whose text changed, and the bytes written. Then the bytes written
during 5 s of idle. Prints a Markdown table (paste it into RESULTS.md).

Usage: python bench/a11y.py [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.terminal import Terminal  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "articles"
CURSOR_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")
SGR_RUN = re.compile(rb"^(?:\x1b\[[0-9;]*m)+")
# (key, text the cursor's row must start with once the key has taken effect)
WALK = [
    ("down", "Why does my mind race at bedtime?"),
    ("down", "How do I say no to family?"),
    ("enter", "Heading 1: How do I say no to family?"),
    ("pagedown", "Heading 1: How do I say no to family?"),
    ("tab", "All articles (3)"),
    ("escape", "How do I say no to family?"),
]


def repainted_rows(data: bytes) -> set[int]:
    """Rows the output wrote text on (0-based): a cursor move, any colour codes, then text.

    A move with no text after it is the cursor being placed, not a repaint.
    """
    rows = set()
    for match in CURSOR_MOVE.finditer(data):
        rest = SGR_RUN.sub(b"", data[match.end() : match.end() + 200], count=1)
        if rest[:1] and rest[:1] != b"\x1b":
            rows.add(int(match.group(1)) - 1)
    return rows


def cursor_latency(term: Terminal, expected: str, sent: float, timeout: float = 10.0) -> float:
    """Seconds from ``sent`` until the cursor's row starts with ``expected`` (5 ms polls)."""
    while time.monotonic() - sent < timeout:
        x, y = term.cursor
        if term.lines()[y][x:].startswith(expected):
            return time.monotonic() - sent
        time.sleep(0.005)
    raise TimeoutError(f"the cursor never reached {expected!r}")


def walk_once() -> dict[str, list[float]]:
    """One walk; per key: latency (ms), rows repainted, rows changed, bytes."""
    figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        env: dict[str, str | None] = {
            "ZO_READER_CACHE_DIR": f"{scratch}/cache",
            "ZO_READER_DATA_DIR": f"{scratch}/data",
            "ZO_READER_CONFIG": f"{scratch}/none.toml",
        }
        argv = [sys.executable, "-m", "zo_reader", "--screen-reader", str(FIXTURES)]
        with Terminal(argv, env=env) as term:
            term.wait_for("Article 1 of 3", timeout=30)
            term.settle(0.5)
            for key, expected in WALK:
                before = term.lines()
                mark = term.mark()
                sent = term.press(key)

                latency = cursor_latency(term, expected, sent)
                term.settle(0.4)
                after = term.lines()
                changed = sum(1 for old, new in zip(before, after, strict=True) if old != new)
                data = term.bytes_since(mark)
                figures.setdefault(f"{key} latency", []).append(latency * 1000)
                figures.setdefault(f"{key} repainted", []).append(len(repainted_rows(data)))
                figures.setdefault(f"{key} changed", []).append(changed)
                figures.setdefault(f"{key} bytes", []).append(len(data))
            figures.setdefault("idle 5 s bytes", []).append(term.idle_bytes(5.0))
    return figures


def main() -> None:
    """Run the walk several times and print medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    merged: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, values in walk_once().items():
            merged.setdefault(name, []).extend(values)
    print(f"Screen-reader mode, 80x24, median of {runs} walks ({time.strftime('%Y-%m-%d')})\n")
    print("| Key | Key to cursor (ms) | Rows repainted | Rows changed | Bytes |")
    print("|---|---:|---:|---:|---:|")
    for key, _ in WALK:
        cells = [
            statistics.median(merged[f"{key} {what}"])
            for what in ("latency", "repainted", "changed", "bytes")
        ]
        print(f"| {key} | {cells[0]:.0f} | {cells[1]:.0f} | {cells[2]:.0f} | {cells[3]:.0f} |")
    print(f"\nIdle 5 s: {statistics.median(merged['idle 5 s bytes']):.0f} bytes")


if __name__ == "__main__":
    main()
