"""Live preview on a 10,000-article library: from saving a file to seeing it in the reader.

Usage::

    python bench/live.py               # 5 runs of each change, notifications and polling
    python bench/live.py --runs 3

The real program runs on an 80x24 pseudo-terminal (tests/terminal.py) over a
copy of the 10k benchmark library (bench/generate.py), with a warm index. For
each change the clock starts just before the file is written and stops when
the pty screen shows the result:

* a new article (the count above the list shows 10,001);
* an edit of the open article (a marked word in its first paragraph shows);
* a deletion (the count above the list is back to 10,000).

Then the same with ``WATCHFILES_FORCE_POLLING=1``, the fallback where there
are no file notifications. Writes its section of ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (a sibling script, not a package)
from common import cpu_model, git_commit, replace_section  # noqa: E402  (a sibling script)
from tests.terminal import Terminal  # noqa: E402  (the repository root is added above)

SECTION = "## Live preview (`python bench/live.py`)"
WORK = BENCH / ".work" / "live"
SIZE = 10_000
TARGET_S = 1.0
NEW_FILE = "zz-live-preview-note.md"


def environment(polling: bool) -> dict[str, str | None]:
    env: dict[str, str | None] = {
        name: None
        for name in os.environ
        if name.startswith(("TEXTUAL", "ZO_READER_", "WATCHFILES")) or name == "NO_COLOR"
    }
    env.update(
        ZO_READER_CONFIG="/nonexistent",
        ZO_READER_CACHE_DIR=str(WORK / "cache"),
        ZO_READER_DATA_DIR=str(WORK / "data"),
        PYTHONDONTWRITEBYTECODE=None,
        PYTHONPYCACHEPREFIX=str(WORK / "pycache"),
    )
    if polling:
        env["WATCHFILES_FORCE_POLLING"] = "1"
    return env


def library() -> Path:
    """A private copy of the 10k library (edited by the runs), generated if missing."""
    source = BENCH / "libraries" / str(SIZE)
    if not source.exists():
        generate.generate(SIZE, source)
    target = WORK / "library"
    if not target.exists():
        shutil.copytree(source, target)
    (target / NEW_FILE).unlink(missing_ok=True)
    return target


def note(run: int) -> str:
    return f"---\ntitle: Live note {run}\ndate: 2099-01-01\n---\n\nFirst words of note {run}.\n"


def measure(folder: Path, runs: int, polling: bool) -> dict[str, list[float]]:
    """Seconds from each write to the screen showing it."""
    times: dict[str, list[float]] = {
        "new article": [],
        "edit of the open article": [],
        "deletion": [],
    }
    argv = [sys.executable, "-m", "zo_reader", str(folder)]
    with Terminal(argv, cols=80, rows=24, env=environment(polling)) as term:
        term.wait_for("articles, newest first", 120)
        term.settle(1.0)  # the start-up sync of 10k files is done
        for run in range(1, runs + 1):
            path = folder / NEW_FILE
            started = time.monotonic()
            path.write_text(note(run), encoding="utf-8")
            # The list keeps the highlighted row where it was; the count above it changes.
            shown = term.wait_for(f"{SIZE + 1} articles, newest first", 10, since=started)
            times["new article"].append(shown)
            term.settle(0.5)
            term.press("home")
            term.press("enter")
            term.wait_for(f"First words of note {run}", 10)
            term.settle(0.5)
            started = time.monotonic()
            path.write_text(note(run).replace("First words", "Edited words"), encoding="utf-8")
            edited = term.wait_for(f"Edited words of note {run}", 10, since=started)
            times["edit of the open article"].append(edited)
            term.press("escape")
            term.settle(0.5)
            started = time.monotonic()
            path.unlink()
            gone = term.wait_for(f"{SIZE} articles, newest first", 10, since=started)
            times["deletion"].append(gone)
            term.settle(0.5)
        term.send("q")
        term.wait_exit(20)
    return times


def machine() -> str:
    return (
        f"{cpu_model()}, {os.cpu_count()} logical cores; Python {platform.python_version()}; "
        f"zo-reader {git_commit()}"
    )


def section(results: dict[str, dict[str, list[float]]], runs: int) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = []
    for mode, times in results.items():
        for change, seconds in times.items():
            median = statistics.median(seconds)
            verdict = "PASS" if median <= TARGET_S else "FAIL"
            rows.append(
                f"| {mode} | {change} | {median * 1000:.0f} ms | {max(seconds) * 1000:.0f} ms "
                f"| {verdict} |"
            )
    table = "\n".join(rows)
    return f"""{SECTION}

{when}; {machine()}. {runs} runs of each change; the reader on an 80x24 pty over a copy
of the {SIZE:,}-article library with a warm index. The clock starts before the file is
written and stops when the screen shows the change (target: within {TARGET_S:g} s).

| Watching by | Change | Median | Max | Target |
|---|---|---:|---:|---|
{table}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    folder = library()
    results = {}
    for polling in (False, True):
        mode = "polling (WATCHFILES_FORCE_POLLING=1)" if polling else "inotify"
        print(f"measuring with {mode} ...", flush=True)
        results[mode] = measure(folder, args.runs, polling)
    text = section(results, args.runs)
    print(text)
    replace_section(args.out, SECTION, text)
    failed = any(
        statistics.median(seconds) > TARGET_S
        for times in results.values()
        for seconds in times.values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
