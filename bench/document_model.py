"""Parse and layout cost of long articles, styled and plain, and line mode's first page.

Usage: python bench/document_model.py [--sizes 1,5] [--runs 3] [--out bench/RESULTS.md]

The baseline for issue 13 (one document model, two layouts): today the styled
reader parses once and lays out per width, while the plain layout (screen-reader
mode, ``read --format text``, line mode) renders text and reads its structure
back. Each figure is the CPU time of one step in this process (median of
``--runs``), for a generated article of the given size in megabytes with the
mix of a long real one: headings, paragraphs with links and emphasis, lists,
quotes, code and tables. Line mode is timed as a user meets it: a fresh
``zo-reader --line FILE`` on an 80x24 pty, launch to its first page's prompt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, cpu_model, git_commit, private_env, replace_section
from tests.terminal import Terminal

from zo_reader.core.document import layout, parse_markdown
from zo_reader.core.render import render_markdown

HEADING = "## Document model: parse and layout (`python bench/document_model.py`)"
# The same steps before issue 13's one model (2026-12-03 16:25 UTC, commit 712caa8, this
# machine): the plain layout rendered text and read its structure back with regexes.
BEFORE = {
    ("1 MB", "styled: parse"): 1208,
    ("1 MB", "styled: layout at 80"): 364,
    ("1 MB", "styled: layout again at 120 (a resize)"): 257,
    ("1 MB", "plain: parse and layout at 80 (screen-reader mode)"): 1192,
    ("1 MB", "plain: layout again at 120 (a resize)"): 1192,
    ("1 MB", "plain: text at 80 (`read --format text`)"): 862,
    ("5 MB", "styled: parse"): 5701,
    ("5 MB", "styled: layout at 80"): 1976,
    ("5 MB", "styled: layout again at 120 (a resize)"): 1942,
    ("5 MB", "plain: parse and layout at 80 (screen-reader mode)"): 5993,
    ("5 MB", "plain: layout again at 120 (a resize)"): 5993,
    ("5 MB", "plain: text at 80 (`read --format text`)"): 3901,
    ("0.715 MB", "line mode: launch → first page (whole process, pty)"): 1092,
}
WIDTH = 80
_WORD_TEXT = """the sea comes in and goes out again while a reader keeps her place between
tides sleep worry kindness rest walking morning letters quiet"""
_WORDS = _WORD_TEXT.split()


def article(size: int, seed: int = 0) -> str:
    """About ``size`` bytes of Markdown shaped like a long real article."""
    rnd = random.Random(seed)
    parts: list[str] = []
    total = 0
    section = 0
    while total < size:
        section += 1
        words = " ".join(rnd.choices(_WORDS, k=90))
        block = [
            f"## Part {section}: about {rnd.choice(_WORDS)}",
            "",
            f"{words[:200]} [a link](https://example.org/{section}) and *some* **marks**.",
            "",
            f"- {words[200:260]}\n- {words[260:320]}\n  - nested {words[320:360]}",
            "",
            f"> {words[360:440]}",
            "",
            "```python\nfor tide in range(3):\n    print(tide)\n```",
            "",
            "| Tide | Time |\n|---|---|\n| high | 06:10 |\n| low | 12:25 |",
            "",
            "## FAQ" if section % 7 == 0 else f"{words[440:]}",
            "",
        ]
        text = "\n".join(block)
        parts.append(text)
        total += len(text.encode())
    return "\n".join(parts)


def cpu_ms(step: Callable[[], object], runs: int) -> float:
    """Median CPU milliseconds of ``step`` over ``runs``."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        step()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def line_mode_first_page(path: Path, runs: int) -> float:
    """Median milliseconds from launching ``zo-reader --line FILE`` to its first prompt."""
    times = []
    for run in range(runs):
        home = Path(tempfile.mkdtemp(prefix=f"zo-bench-line-{run}-"))
        env = private_env(home)
        argv = [sys.executable, "-m", "zo_reader", "--line", str(path)]
        with Terminal(argv, cols=80, rows=24, env=env, quit_keys=b"quit\r") as term:
            times.append(term.wait_for("-- page 1 of", 300, since=term.started_at) * 1000)
    return statistics.median(times)


def rows_for(size_mb: float, runs: int) -> list[str]:
    markdown = article(int(size_mb * 1_000_000))
    parsed = parse_markdown(markdown)
    plain = parse_markdown(markdown, plain=True)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("styled: parse", lambda: parse_markdown(markdown)),
        ("styled: layout at 80", lambda: layout(parsed, WIDTH)),
        ("styled: layout again at 120 (a resize)", lambda: layout(parsed, 120)),
        (
            "plain: parse and layout at 80 (screen-reader mode)",
            lambda: layout(parse_markdown(markdown, plain=True), WIDTH),
        ),
        ("plain: layout again at 120 (a resize)", lambda: layout(plain, 120)),
        ("plain: text at 80 (`read --format text`)", lambda: render_markdown(markdown, WIDTH)),
    ]
    label = f"{size_mb:g} MB"
    return [row(label, name, cpu_ms(step, runs)) for name, step in steps]


def row(label: str, name: str, now: float) -> str:
    """A table row: the figure now beside the one before the one model."""
    before = BEFORE.get((label, name))
    shown = f"{before:,} ms" if before is not None else "—"
    text = f"| {label} | {name} | {shown} | {now:,.0f} ms |"
    print(text, flush=True)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,5", help="article sizes in MB, comma-separated")
    parser.add_argument("--line-size", type=float, default=0.715, help="line mode article, MB")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    options = parser.parse_args()
    rows: list[str] = []
    for size in options.sizes.split(","):
        rows += rows_for(float(size), options.runs)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.md"
        path.write_text(article(int(options.line_size * 1_000_000)), encoding="utf-8")
        first_page = line_mode_first_page(path, options.runs)
    line_row = row(
        f"{options.line_size:g} MB",
        "line mode: launch → first page (whole process, pty)",
        first_page,
    )
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(
        [
            HEADING,
            "",
            f"{when}; {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
            f"zo-reader {git_commit()}; load average before the run "
            + ", ".join(f"{load:.2f}" for load in os.getloadavg()),
            "",
            "CPU time of each step in one process (median of "
            f"{options.runs}); generated articles mixing headings, linked paragraphs, lists, "
            "quotes, code and tables. Line mode: wall time of a fresh process on a pty.",
            "",
            "| Article | Step | Before (712caa8) | Now |",
            "|---|---|---:|---:|",
            *rows,
            line_row,
            "",
        ]
    )
    replace_section(options.out, HEADING, text)


if __name__ == "__main__":
    main()
