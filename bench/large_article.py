"""Large articles and single files, on a real pseudo-terminal, against ``less`` in the same run.

Usage::

    python bench/large_article.py              # 6 MB and 50 MB books, 1,000 neighbours
    python bench/large_article.py --runs 1 --sizes 6

Figures (each the median of ``--runs``, a fresh process every run):

* launch to the first words of the article on screen: ``zo-reader BOOK.md`` on an
  80x24 pty, against ``less BOOK.md``, and ``zo-reader`` on a three-line file
  (what starting the program costs whatever the file);
* peak memory (VmHWM from ``/proc``) at the first screen, and once the whole
  book is parsed (End shows its last words), against ``less`` after ``G``;
* line mode (``--line``) to its first page, ``zo-reader BOOK.md | cat`` and
  ``zo-reader read`` to the end of the text (peak RSS of the child);
* opening one three-line file beside 1,000 articles: time to its first words
  and bytes written under the cache and data folders, alone and with ``--folder``.

Writes its sections of ``bench/RESULTS.md`` (see ``bench/common.py``); the
books are generated under ``bench/.work/large/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench.common import cpu_model, git_commit, private_env, replace_section  # noqa: E402
from tests.terminal import Terminal  # noqa: E402

WORK = BENCH / ".work" / "large"
COLS, ROWS = 80, 24
FIRST_WORDS = "Opening words of the long book"
LAST_WORDS = "The last words of the long book"
SMALL_WORDS = "A note of three lines"
READER_FOOTER = "b Bookmark"
HEADING_LARGE = "## Large articles (`python bench/large_article.py`)"
HEADING_SINGLE = "## Opening one file beside 1,000 others (`python bench/large_article.py`)"
_VOCABULARY = (
    "tide harbour lantern river morning quiet stone window garden letter winter sailor "
    "island bridge meadow candle shadow road orchard valley north wind salt the a of and "
    "to in was with that for on as by it at from"
)
_WORDS = _VOCABULARY.split()
# Runs one command and prints its peak RSS: RUSAGE_CHILDREN of this wrapper is that command's.
_PEAK_WRAPPER = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
    "stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def book(size: int, seed: int = 0) -> str:
    """A Markdown book of about ``size`` bytes: chapters of paragraphs, lists, code and links."""
    rnd = random.Random(seed)
    parts = [f"# A long book of tides\n\n{FIRST_WORDS}, set down for the reader.\n"]
    total, chapter = len(parts[0]), 0
    while total < size:
        chapter += 1
        chunk = [f"\n## Chapter {chapter}: the {rnd.choice(_WORDS)} and the {rnd.choice(_WORDS)}\n"]
        for _ in range(rnd.randint(8, 20)):
            kind = rnd.random()
            if kind < 0.08:
                items = (" ".join(rnd.choices(_WORDS, k=rnd.randint(3, 9))) for _ in range(4))
                chunk.append("\n" + "".join(f"- {item}\n" for item in items))
            elif kind < 0.11:
                lines = (f"x{i} = {i} * 2  # {rnd.choice(_WORDS)}\n" for i in range(5))
                chunk.append("\n```python\n" + "".join(lines) + "```\n")
            else:
                sentences = []
                for _ in range(rnd.randint(3, 9)):
                    words = " ".join(rnd.choices(_WORDS, k=rnd.randint(6, 18)))
                    if rnd.random() < 0.05:
                        words += f" [see {rnd.choice(_WORDS)}](https://example.org/{chapter})"
                    sentences.append(words[0].upper() + words[1:] + ".")
                chunk.append("\n" + " ".join(sentences) + "\n")
        text = "".join(chunk)
        parts.append(text)
        total += len(text)
    parts.append(f"\n{LAST_WORDS}.\n")
    return "".join(parts)


def make_book(megabytes: int) -> Path:
    path = WORK / f"book-{megabytes}mb.md"
    if not path.exists() or path.stat().st_size < megabytes * 1_000_000:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(book(megabytes * 1_000_000), encoding="utf-8")
    return path


def make_neighbours(count: int) -> Path:
    """A folder of ``count`` articles of about 6 KB and a three-line ``start.md``."""
    folder = WORK / f"neighbours-{count}"
    if not (folder / "start.md").exists():
        folder.mkdir(parents=True, exist_ok=True)
        rnd = random.Random(1)
        for number in range(count):
            body = " ".join(rnd.choices(_WORDS, k=1000))
            (folder / f"note-{number:04}.md").write_text(f"# Note {number}\n\n{body}.\n")
        (folder / "start.md").write_text(f"# Start\n\n{SMALL_WORDS}.\n")
    return folder


# -- running ------------------------------------------------------------------------------


def env_for(home: Path) -> dict[str, str | None]:
    """Private folders under ``home``; the user's zo-reader, Textual and less settings removed."""
    env = private_env(home)
    env.update(
        {name: None for name in os.environ if name in ("NO_COLOR", "LESS", "LESSOPEN")},
        PYTHONDONTWRITEBYTECODE=None,
        PYTHONPYCACHEPREFIX=str(WORK / "pycache"),
    )
    return env


def fresh_env() -> dict[str, str | None]:
    """:func:`env_for` a new, empty home: no saved reading position carries over between runs."""
    home = WORK / "home-large"
    shutil.rmtree(home, ignore_errors=True)
    return env_for(home)


def peak_mib(pid: int) -> float:
    """VmHWM (peak resident memory) of a running process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def zo_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "zo_reader", *args]


def first_screen(
    argv: list[str],
    words: str,
    env: Mapping[str, str | None],
    *,
    full: str | None = None,
    reading: bool = False,
) -> dict[str, float]:
    """Launch to ``words`` on screen and the peak memory then; with ``full``, also after End.

    With ``reading``, the words count only once the reader's footer is shown with
    them: a list row or a preview line with the same words is not the article open.
    """
    quit_keys = b"quit\r" if "--line" in argv else b"q"
    with Terminal(argv, cols=COLS, rows=ROWS, env=env, quit_keys=quit_keys) as term:
        shown = term.wait_until(
            lambda rows: (
                any(words in row for row in rows)
                and (not reading or any(READER_FOOTER in row for row in rows))
            ),
            120,
            since=term.started_at,
            what=f"{words!r} in the reader" if reading else f"{words!r} on screen",
        )
        if reading:
            term.settle(0.5, timeout=60)
            if not any(READER_FOOTER in row for row in term.lines()):
                raise RuntimeError(f"the reader closed again:\n{term.screen_text()}")
        figures = {"first_ms": shown * 1000, "first_mib": peak_mib(term.pid)}
        if full is not None:
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                term.send(b"G" if argv[0] == "less" else b"\x1b[F")  # End
                try:
                    term.wait_for(full, 2.0)
                    break
                except TimeoutError:
                    continue
            figures["full_s"] = time.monotonic() - term.started_at
            term.settle(0.5, timeout=60)
            figures["full_mib"] = peak_mib(term.pid)
        term.settle(0.3, timeout=60)  # a key typed before focus reaches the reader would search
        term.send(quit_keys)
        term.wait_exit(30)
    return figures


def child_run(argv: list[str], env: Mapping[str, str | None]) -> tuple[float, float]:
    """Run a command with output to a pipe, read to the end: seconds and its peak RSS in MiB."""
    child = {k: v for k, v in os.environ.items() if k not in env or env[k] is not None}
    child.update({k: v for k, v in env.items() if v is not None})
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_WRAPPER, *argv],
        env=child,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.monotonic() - started, int(done.stdout.split()[-1]) / 1024


# The in-memory index of one file, synced in a process of its own: seconds, then peak and
# resident MiB after the sync (what the TUI and line mode hold for the library).
_SYNC_ONLY = """
import sys, time
from pathlib import Path
from zo_reader.core.index import Library
from zo_reader.core.sources.single_file import SingleFileSource
start = time.monotonic()
library = Library.for_source(SingleFileSource(Path(sys.argv[1]), 1 << 30), None)
library.sync()
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(time.monotonic() - start, int(status["VmHWM"].split()[0]), int(status["VmRSS"].split()[0]))
"""


def sync_only(path: Path, env: Mapping[str, str | None]) -> tuple[float, float, float]:
    """Seconds, peak MiB and resident MiB of syncing ``path``'s in-memory index alone."""
    child = {k: v for k, v in os.environ.items() if k not in env or env[k] is not None}
    child.update({k: v for k, v in env.items() if v is not None})
    done = subprocess.run(
        [sys.executable, "-c", _SYNC_ONLY, str(path)],
        env=child,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak, resident = done.stdout.split()
    return float(seconds), int(peak) / 1024, int(resident) / 1024


def stored_bytes(home: Path) -> int:
    return sum(
        p.stat().st_size
        for kind in ("cache", "data")
        if (home / kind).exists()
        for p in (home / kind).rglob("*")
        if p.is_file()
    )


def median_of(runs: int, measure: Callable[[], dict[str, float]]) -> dict[str, float]:
    samples = [measure() for _ in range(runs)]
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


# -- the figures --------------------------------------------------------------------------


def large_rows(sizes: list[int], runs: int) -> list[str]:
    """The table rows of the large-article figures."""
    WORK.mkdir(parents=True, exist_ok=True)
    small = WORK / "small.md"
    small.write_text(f"# Small\n\n{SMALL_WORDS}.\n")
    start = median_of(runs, lambda: first_screen(zo_argv(str(small)), SMALL_WORDS, fresh_env()))
    rows = [
        f"| three-line file (start-up alone) | {start['first_ms']:.0f} ms | "
        f"{start['first_mib']:.0f} MiB | | | |"
    ]
    for megabytes in sizes:
        path = make_book(megabytes)
        mib = path.stat().st_size / (1024 * 1024)
        print(f"{megabytes} MB book: {mib:.1f} MiB", flush=True)

        def screen(argv: list[str], full: str | None = None) -> dict[str, float]:
            return first_screen(argv, FIRST_WORDS, fresh_env(), full=full)

        zo = median_of(runs, lambda p=path: screen(zo_argv(str(p))))
        full = screen(zo_argv(str(path)), LAST_WORDS)
        less = median_of(runs, lambda p=path: screen(["less", str(p)]))
        less_full = screen(["less", str(path)], LAST_WORDS)
        line = median_of(runs, lambda p=path: screen(zo_argv("--line", str(p))))
        piped = child_run(zo_argv(str(path)), fresh_env())
        read = child_run(zo_argv("read", path.stem, "-s", str(path)), fresh_env())
        synced = sync_only(path, fresh_env())
        rows += [
            f"| {megabytes} MB book, zo-reader TUI | {zo['first_ms']:.0f} ms | "
            f"{zo['first_mib']:.0f} MiB ({zo['first_mib'] / mib:.1f}×) | {full['full_s']:.1f} s | "
            f"{full['full_mib']:.0f} MiB ({full['full_mib'] / mib:.1f}×) | |",
            f"| {megabytes} MB book, less | {less['first_ms']:.0f} ms | "
            f"{less['first_mib']:.0f} MiB | {less_full['full_s']:.1f} s | "
            f"{less_full['full_mib']:.0f} MiB | |",
            f"| {megabytes} MB book, zo-reader --line | {line['first_ms']:.0f} ms | "
            f"{line['first_mib']:.0f} MiB | | | |",
            f"| {megabytes} MB book, `zo-reader FILE \\| cat` | | | {piped[0]:.1f} s | "
            f"{piped[1]:.0f} MiB | |",
            f"| {megabytes} MB book, `zo-reader read` | | | {read[0]:.1f} s | "
            f"{read[1]:.0f} MiB | |",
            f"| {megabytes} MB book, its in-memory index synced alone | | | {synced[0]:.1f} s | "
            f"{synced[1]:.0f} MiB ({synced[2]:.0f} MiB kept) | |",
        ]
        print("\n".join(rows[-6:]), flush=True)
    return rows


def single_rows(count: int, runs: int) -> list[str]:
    """Opening ``start.md`` beside ``count`` articles: alone, then with ``--folder``."""
    folder = make_neighbours(count)
    start = folder / "start.md"
    rows = []
    for label, args in (
        ("`zo-reader start.md`", []),
        ("`zo-reader --folder start.md`", ["--folder"]),
    ):
        times, written = [], []
        for run in range(runs):
            home = WORK / f"home-single-{run}"
            shutil.rmtree(home, ignore_errors=True)
            env = env_for(home)
            shown = first_screen(zo_argv(*args, str(start)), SMALL_WORDS, env, reading=True)
            times.append(shown["first_ms"])
            written.append(stored_bytes(home))
        rows.append(
            f"| {label} | {statistics.median(times):.0f} ms | {statistics.median(written):,.0f} B |"
        )
        print(rows[-1], flush=True)
    return rows


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{now}; {cpu_model()}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; zo-reader {git_commit()}; load average before "
        f"the run {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="6,50", help="book sizes in MB, comma-separated")
    parser.add_argument("--neighbours", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--no-large", action="store_true")
    parser.add_argument("--no-single", action="store_true")
    options = parser.parse_args()
    header = machine()
    if not options.no_large:
        sizes = [int(size) for size in options.sizes.split(",")]
        rows = large_rows(sizes, options.runs)
        text = "\n".join(
            [
                HEADING_LARGE,
                "",
                header,
                "",
                "80x24 pty, TERM=xterm-256color; launch → the book's first words on screen "
                f"(median of {options.runs}, a fresh process each); peak memory is VmHWM. "
                "'Whole' is launch → its last words after End (once), and the peak by then. "
                "Targets: first screen ≤ 300 ms after start-up, memory < 3 × the file.",
                "",
                "| Figure | First screen | Peak then | Whole | Peak by then | |",
                "|---|---:|---:|---:|---:|---|",
                *rows,
                "",
            ]
        )
        replace_section(options.out, HEADING_LARGE, text)
    if not options.no_single:
        rows = single_rows(options.neighbours, options.runs)
        text = "\n".join(
            [
                HEADING_SINGLE,
                "",
                header,
                "",
                f"A three-line `start.md` beside {options.neighbours:,} articles of about 6 KB, "
                "an empty cache each run; launch → its words open in the reader (its footer shown, "
                "still there half a second later) on an 80x24 pty, then bytes "
                f"under the cache and data folders after quitting (median of {options.runs}).",
                "",
                "| Command | First screen | Bytes written |",
                "|---|---:|---:|",
                *rows,
                "",
            ]
        )
        replace_section(options.out, HEADING_SINGLE, text)


if __name__ == "__main__":
    main()
