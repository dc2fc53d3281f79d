"""Benchmark the zo-reader TUI on a real pseudo-terminal, as a user runs it.

Usage::

    python bench/tui.py                 # everything, about 2-3 minutes on 2 cores
    python bench/tui.py --runs 3        # quicker, noisier
    python bench/tui.py --no-10k        # skip the 10,000-article library

Every figure comes from the real program (``python -m zo_reader``) on an 80x24
pty driven by ``tests/terminal.py``, in the default environment: animations
on, TERM=xterm-256color, private cache, data and config folders under
``bench/.work/tui/``. Python bytecode is cached (under ``bench/.work/tui/pycache``)
as it is for an installed package; the sandbox sets PYTHONDONTWRITEBYTECODE,
which would make every start compile the project from source, so that is
measured separately as the "no bytecode" start.

Figures:

* launch to the first article title on screen: bundled samples and the 10k
  library, warm index (one run first), median of ``--runs``;
* Enter to the first body words of a ~5,000-word article, a fresh process each
  run (the first open), median; and Escape + Enter again in the same process;
* bytes written to the terminal: Enter + 10 PageDowns in zo-reader against
  ``less -R`` showing the same text (rendered by ``zo-reader read --format
  text``) plus 10 spaces, settling after every key; frogmouth and glow too when
  installed;
* bytes written over 5 s of idle, on the list and in the reader;
* peak RSS (VmHWM) of the app at 10k after opening an article.

Prints a Markdown table and writes it to ``bench/.work/tui-results.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from tests.terminal import Terminal  # noqa: E402  (the repository root is added above)

WORK = BENCH / ".work" / "tui"
OUT = BENCH / ".work" / "tui-results.md"
LIB_10K = BENCH / "libraries" / "10000"
COLS, ROWS = 80, 24
LIST_FOOTER = "⏎ Open"
READER_FOOTER = "b Bookmark"
LONG_TITLE = "A five thousand word walk along the tides"
LONG_FIRST_WORDS = "Opening words of the long read"
TITLE_CHARS = 30
"""Wait for this many leading characters of a title: the list column is about 48 wide."""

TARGETS = {
    "first_title_bundled_ms": 600.0,
    "first_title_10k_ms": 800.0,
    "open_ms": 150.0,
    "bytes_ratio": 3.0,
    "idle_bytes": 0.0,
    "peak_rss_10k_mib": 80.0,
}


@dataclass
class Results:
    """Every figure, raw samples included (also written as JSON)."""

    figures: dict[str, float] = field(default_factory=dict)
    samples: dict[str, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    viewers: dict[str, str] = field(default_factory=dict)


# -- environment --------------------------------------------------------------------------


def base_env(bytecode: bool = True) -> dict[str, str | None]:
    """The user's environment minus test and project overrides, with private folders."""
    env: dict[str, str | None] = {
        name: None
        for name in os.environ
        if name.startswith(("TEXTUAL", "ZO_READER_")) or name in ("NO_COLOR", "LESS", "LESSOPEN")
    }
    env.update(
        ZO_READER_CONFIG="/nonexistent",
        ZO_READER_CONFIG_DIR=str(WORK / "config"),
        ZO_READER_DATA_DIR=str(WORK / "data"),
    )
    if bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = None
        env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(WORK / "no-pycache")  # empty: nothing to read
    return env


def app_argv(source: Path | None) -> list[str]:
    argv = [sys.executable, "-m", "zo_reader"]
    return [*argv, str(source)] if source else argv


def cli(args: list[str], env: Mapping[str, str | None]) -> str:
    """Run a ``zo-reader`` command (not on a terminal) and return its output."""
    child = {k: v for k, v in os.environ.items() if k not in env or env[k] is not None}
    child.update({k: v for k, v in env.items() if v is not None})
    done = subprocess.run(
        [sys.executable, "-m", "zo_reader", *args],
        env=child,
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout


def first_title(source: Path | None, env: Mapping[str, str | None]) -> str:
    """The newest article's title: the first row of the TUI's list. Also syncs the index."""
    args = ["list", "--json", "--limit", "1"] + (["-s", str(source)] if source else [])
    title: str = json.loads(cli(args, env))[0]["title"]
    return title[:TITLE_CHARS].rstrip()


# -- the long article ---------------------------------------------------------------------

_VOCABULARY = """
tide sea shore wave sand moon water salt wind rock pool shell gull boat harbour
morning evening light grey blue slow quiet walk path cliff grass stone rope net
fish crab weed foam cold warm deep shallow turn rise fall pull push breath rest
the a of and to in on with for by from at as is was are were it this that
"""
WORDS = tuple(_VOCABULARY.split())


def long_article(words: int = 5000, seed: int = 0) -> str:
    """About ``words`` words of Markdown: front matter, ## sections, paragraphs, lists."""
    rng = random.Random(seed)

    def sentence() -> str:
        chosen = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
        return " ".join(chosen).capitalize() + "."

    out = [
        "---",
        f'title: "{LONG_TITLE}"',
        "date: 2030-01-01",
        "tags: [sea, long]",
        "---",
        "",
        f"{LONG_FIRST_WORDS}: " + " ".join(sentence() for _ in range(4)),
        "",
    ]
    count = len(out[6].split())
    section = 0
    while count < words:
        section += 1
        heading = f"Section {section}: the {rng.choice(WORDS)} and the {rng.choice(WORDS)}"
        out += [f"## {heading}", ""]
        count += len(heading.split())
        for _ in range(3):
            paragraph = " ".join(sentence() for _ in range(rng.randint(4, 7)))
            out += [paragraph, ""]
            count += len(paragraph.split())
        for _ in range(rng.randint(3, 5)):
            item = sentence()
            out.append(f"- {item}")
            count += len(item.split())
        out.append("")
    return "\n".join(out)


def make_long_library() -> tuple[Path, int]:
    library = WORK / "long-library"
    shutil.rmtree(library, ignore_errors=True)
    library.mkdir(parents=True)
    text = long_article()
    (library / "long-read.md").write_text(text, encoding="utf-8")
    for number in range(1, 4):
        (library / f"short-{number}.md").write_text(
            f"---\ntitle: Short note {number}\ndate: 2020-01-0{number}\n---\n\nA short note.\n",
            encoding="utf-8",
        )
    body = text.split("---", 2)[2]
    return library, len([word for word in body.split() if word not in ("-", "##")])


# -- measurements -------------------------------------------------------------------------


def launch(source: Path | None, cache: Path, *, bytecode: bool = True, **extra: str) -> Terminal:
    env = base_env(bytecode)
    env["ZO_READER_CACHE_DIR"] = str(cache)
    env.update(extra)
    return Terminal(app_argv(source), cols=COLS, rows=ROWS, env=env)


def quit_app(term: Terminal) -> None:
    term.send("q")
    code = term.wait_exit(15)
    if code != 0:
        raise RuntimeError(f"zo-reader exited with {code}:\n{term.screen_text()}")


def time_first_title(
    source: Path | None, cache: Path, title: str, runs: int, *, bytecode: bool = True
) -> list[float]:
    """Seconds from process start to the title on screen, one fresh process per run."""
    times = []
    for _ in range(runs):
        with launch(source, cache, bytecode=bytecode) as term:
            times.append(term.wait_for(title, 60, since=term.started_at))
            term.wait_for(LIST_FOOTER, 30)
            term.settle(0.3)
            quit_app(term)
    return times


def open_long(term: Terminal, settled: list[float] | None = None) -> float:
    """Press Enter on the highlighted (long) article; seconds until its first words show.

    With ``settled``, also wait for the output to stop and append the seconds
    from Enter to the last byte of that burst.
    """
    sent = term.send(b"\r")
    shown = term.wait_for(LONG_FIRST_WORDS, 30, since=sent)
    if settled is not None:
        term.settle(0.5)
        settled.append((term.last_output_at or sent) - sent)
    return shown


def time_open(
    library: Path, cache: Path, runs: int
) -> tuple[list[float], list[float], list[float]]:
    """First open in a fresh process (new data folder: no saved position), and a re-open.

    Returns:
        Seconds to the first body words (first open), to the end of that
        output burst, and to the first body words on opening it again.
    """
    first: list[float] = []
    settled: list[float] = []
    again: list[float] = []
    for run in range(runs):
        data = WORK / "data-open" / str(run)
        shutil.rmtree(data, ignore_errors=True)
        with launch(library, cache, ZO_READER_DATA_DIR=str(data)) as term:
            term.wait_for(LONG_TITLE[:TITLE_CHARS], 60)
            term.wait_for(LIST_FOOTER, 30)
            term.settle(0.5)
            first.append(open_long(term, settled))
            term.wait_for(READER_FOOTER)
            term.send(b"\x1b")
            term.wait_for(LIST_FOOTER)
            term.settle(0.5)
            again.append(open_long(term))
            term.settle(0.3)
            quit_app(term)
    return first, settled, again


def settle_after(term: Terminal, key: bytes, quiet: float) -> int:
    mark = term.mark()
    term.send(key)
    term.settle(quiet, timeout=20)
    return len(term.bytes_since(mark))


def zo_reader_bytes(library: Path, cache: Path, quiet: float) -> dict[str, float]:
    """Bytes for Enter and 10 PageDowns, then idle on the reader and on the list."""
    data = WORK / "data-bytes"
    shutil.rmtree(data, ignore_errors=True)
    with launch(library, cache, ZO_READER_DATA_DIR=str(data)) as term:
        term.wait_for(LONG_TITLE[:TITLE_CHARS], 60)
        term.wait_for(LIST_FOOTER, 30)
        term.settle(1.0)
        idle_list = term.idle_bytes(5.0)
        start = term.mark()
        open_bytes = settle_after(term, b"\r", quiet)
        pages = [settle_after(term, b"\x1b[6~", quiet) for _ in range(10)]
        total = len(term.bytes_since(start))
        term.settle(1.0)
        idle_reader = term.idle_bytes(5.0)
        bottom = term.screen_text()
        quit_app(term)
    if LONG_FIRST_WORDS in bottom:
        raise RuntimeError("PageDown did not move the article")
    return {
        "zo_open_bytes": open_bytes,
        "zo_page_bytes_median": statistics.median(pages),
        "zo_total_bytes": total,
        "idle_list_bytes": idle_list,
        "idle_reader_bytes": idle_reader,
    }


def viewer_bytes(
    argv: list[str],
    key: bytes,
    ready: Callable[[Terminal], None],
    quiet: float,
    quit_keys: bytes = b"q",
) -> tuple[int, int, float]:
    """Bytes from launch until the first page settles, plus 10 page keys.

    Returns:
        The total, the bytes before the first key, and the median per page key.
    """
    env = base_env()
    with Terminal(argv, cols=COLS, rows=ROWS, env=env, quit_keys=quit_keys) as term:
        ready(term)
        term.settle(quiet, timeout=20)
        first = term.mark()
        pages = [settle_after(term, key, quiet) for _ in range(10)]
        total = term.mark()
        # Closing types the viewer's own quit keys, then ends it if it lingers.
    return total, first, statistics.median(pages)


def peak_rss_10k(cache: Path, title: str) -> dict[str, float]:
    """VmHWM and VmRSS of the app at 10k after it has opened the first article."""
    with launch(LIB_10K, cache) as term:
        term.wait_for(title, 60)
        term.wait_for(LIST_FOOTER, 30)
        term.settle(1.0)
        term.send(b"\r")
        term.wait_for(READER_FOOTER, 30)
        term.settle(1.0)
        status = Path(f"/proc/{term.pid}/status").read_text()
        fields = {
            line.split(":")[0]: int(line.split()[1]) / 1024
            for line in status.splitlines()
            if line.startswith(("VmHWM", "VmRSS"))
        }
        quit_app(term)
    return {"peak_rss_10k_mib": fields["VmHWM"], "rss_10k_mib": fields["VmRSS"]}


# -- report -------------------------------------------------------------------------------


def machine() -> str:
    import textual
    from common import cpu_model, git_commit

    import zo_reader

    cpu, commit = cpu_model(), git_commit()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {cpu}, {os.cpu_count()} cores; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"Textual {textual.__version__}; zo-reader {zo_reader.__version__} ({commit}); "
        f"load average before the run {load}"
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(results: Results, runs: int, header: str) -> str:
    f = results.figures
    rows: list[tuple[str, str, str, str]] = []

    def row(label: str, value: str, target: str = "", ok: bool | None = None) -> None:
        rows.append((label, value, target, "" if ok is None else verdict(ok)))

    ms = 1000.0
    row(
        f"Launch → first title, bundled samples (median of {runs})",
        f"{f['first_title_bundled_s'] * ms:.0f} ms",
        "≤ 600 ms",
        f["first_title_bundled_s"] * ms <= TARGETS["first_title_bundled_ms"],
    )
    if "first_title_bundled_nobytecode_s" in f:
        row(
            "  same, no bytecode cache (PYTHONDONTWRITEBYTECODE=1, as in this sandbox)",
            f"{f['first_title_bundled_nobytecode_s'] * ms:.0f} ms",
        )
    if "first_title_10k_s" in f:
        row(
            f"Launch → first title, 10,000 articles (median of {runs})",
            f"{f['first_title_10k_s'] * ms:.0f} ms",
            "≤ 800 ms",
            f["first_title_10k_s"] * ms <= TARGETS["first_title_10k_ms"],
        )
    row(
        f"Enter → first body words, {f['long_words']:.0f}-word article, first open "
        f"(median of {runs})",
        f"{f['open_s'] * ms:.0f} ms",
        "≤ 150 ms",
        f["open_s"] * ms <= TARGETS["open_ms"],
    )
    row(
        "  same, until the output stops (the last repaint of that burst)",
        f"{f['open_settled_s'] * ms:.0f} ms",
    )
    row("  same article, Escape then Enter again", f"{f['reopen_s'] * ms:.0f} ms")
    ratio = f["zo_total_bytes"] / f["less_bytes"]
    row(
        "Bytes: Enter + 10 PageDowns (zo-reader) vs less -R + 10 spaces",
        f"{f['zo_total_bytes']:,.0f} vs {f['less_bytes']:,.0f} B ({ratio:.1f}×)",
        "≤ 3 × less",
        ratio <= TARGETS["bytes_ratio"],
    )
    row(
        "  zo-reader: Enter / median PageDown",
        f"{f['zo_open_bytes']:,.0f} / {f['zo_page_bytes_median']:,.0f} B",
    )
    row(
        "  less: start-up and first page / median space",
        f"{f['less_first_bytes']:,.0f} / {f['less_page_bytes_median']:,.0f} B",
    )
    for name, value in results.viewers.items():
        row(f"  {name} + 10 page keys", value)
    idle = f["idle_list_bytes"] + f["idle_reader_bytes"]
    row(
        "Idle 5 s: bytes written on the list / in the reader",
        f"{f['idle_list_bytes']:.0f} / {f['idle_reader_bytes']:.0f} B",
        "0 B",
        idle <= TARGETS["idle_bytes"],
    )
    if "peak_rss_10k_mib" in f:
        row(
            "Peak RSS (VmHWM), 10,000 articles, after opening an article",
            f"{f['peak_rss_10k_mib']:.1f} MiB (RSS now {f['rss_10k_mib']:.1f})",
            "≤ 80 MiB",
            f["peak_rss_10k_mib"] <= TARGETS["peak_rss_10k_mib"],
        )
    lines = [
        "# TUI benchmark (bench/tui.py)",
        "",
        header,
        "",
        "80x24 pty, TERM=xterm-256color, animations at their default, warm index and "
        "bytecode; the terminal answers no DECRQM queries (no synchronized output).",
        "",
        "| Figure | Value | Target | |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
    ]
    if results.notes:
        lines += ["Notes:", "", *(f"- {note}" for note in results.notes), ""]
    samples = {k: [round(v * 1000, 1) for v in vs] for k, vs in results.samples.items()}
    lines += ["Samples (ms):", "", "```", json.dumps(samples, indent=None), "```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-10k", action="store_true", help="skip the 10,000-article library")
    parser.add_argument("--quiet", type=float, default=0.3, help="settle time after a key (s)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    # Let the pty reader thread take the GIL back quickly, so read times are exact.
    sys.setswitchinterval(0.0005)
    WORK.mkdir(parents=True, exist_ok=True)
    header = machine()
    results = Results()
    runs = args.runs

    print("bundled samples: warm-up", flush=True)
    bundled_cache = WORK / "cache-bundled"
    title = first_title(None, {**base_env(), "ZO_READER_CACHE_DIR": str(bundled_cache)})
    time_first_title(None, bundled_cache, title, 1)
    samples = time_first_title(None, bundled_cache, title, runs)
    results.samples["first_title_bundled"] = samples
    results.figures["first_title_bundled_s"] = statistics.median(samples)
    nobc = time_first_title(None, bundled_cache, title, max(3, runs // 3), bytecode=False)
    results.samples["first_title_bundled_nobytecode"] = nobc
    results.figures["first_title_bundled_nobytecode_s"] = statistics.median(nobc)

    if not args.no_10k and (LIB_10K / ".complete").exists():
        print("10k: indexing once (about 10 s)", flush=True)
        cache_10k = WORK / "cache-10000"
        started = time.monotonic()
        title_10k = first_title(LIB_10K, {**base_env(), "ZO_READER_CACHE_DIR": str(cache_10k)})
        results.notes.append(
            f"10k index made or re-synced by `zo-reader list` in {time.monotonic() - started:.1f} s"
        )
        time_first_title(LIB_10K, cache_10k, title_10k, 1)
        samples = time_first_title(LIB_10K, cache_10k, title_10k, runs)
        results.samples["first_title_10k"] = samples
        results.figures["first_title_10k_s"] = statistics.median(samples)
        results.figures.update(peak_rss_10k(cache_10k, title_10k))
    elif not args.no_10k:
        results.notes.append(f"{LIB_10K} missing: run bench/run.py --sizes 10000 first")

    print("long article: open times", flush=True)
    library, words = make_long_library()
    results.figures["long_words"] = words
    long_cache = WORK / "cache-long"
    first_title(library, {**base_env(), "ZO_READER_CACHE_DIR": str(long_cache)})
    first, settled, again = time_open(library, long_cache, runs)
    results.samples["open_first"] = first
    results.samples["open_settled"] = settled
    results.samples["open_again"] = again
    results.figures["open_s"] = statistics.median(first)
    results.figures["open_settled_s"] = statistics.median(settled)
    results.figures["reopen_s"] = statistics.median(again)

    print("bytes: zo-reader, less and others", flush=True)
    results.figures.update(zo_reader_bytes(library, long_cache, args.quiet))
    text_file = WORK / "long-read.txt"
    text_file.write_text(
        cli(
            ["read", "long-read", "--format", "text", "-s", str(library)],
            {**base_env(), "ZO_READER_CACHE_DIR": str(long_cache)},
        ),
        encoding="utf-8",
    )
    width = max(len(line) for line in text_file.read_text(encoding="utf-8").splitlines())
    results.notes.append(f"less shows `zo-reader read --format text` output, widest line {width}")
    less = shutil.which("less")
    if less is None:
        raise SystemExit("less is not installed: apt-get install less")
    first_line = text_file.read_text(encoding="utf-8").splitlines()[0][:TITLE_CHARS]

    def less_ready(term: Terminal) -> None:
        term.wait_for(first_line, 20)

    less_total, less_first, less_page = viewer_bytes(
        [less, "-R", str(text_file)], b" ", less_ready, args.quiet
    )
    results.figures["less_bytes"] = less_total
    results.figures["less_first_bytes"] = less_first
    results.figures["less_page_bytes_median"] = less_page
    markdown = library / "long-read.md"
    # lynx reads HTML: the same article, converted by the same Markdown parser.
    from markdown_it import MarkdownIt

    html = WORK / "long-read.html"
    html.write_text(MarkdownIt("commonmark").render(markdown.read_text(encoding="utf-8")))
    for name, argv, page_key, quit_keys in (
        ("frogmouth", ["frogmouth", str(markdown)], b"\x1b[6~", b"\x11"),
        ("glow", ["glow", "-p", str(markdown)], b"\x1b[6~", b"q"),
        ("lynx", ["lynx", "-nopause", "-noreferer", str(html)], b" ", b"Q"),
    ):
        found = shutil.which(argv[0])
        if found is None:
            results.viewers[name] = "not installed, skipped"
            continue

        def ready(term: Terminal) -> None:
            term.wait_for("Opening words", 30)

        count, _, page = viewer_bytes([found, *argv[1:]], page_key, ready, args.quiet, quit_keys)
        results.viewers[name] = f"{count:,} B (median page {page:,.0f} B)"

    text = report(results, runs, header)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    (WORK / "results.json").write_text(
        json.dumps({"figures": results.figures, "samples": results.samples}, indent=1),
        encoding="utf-8",
    )
    print(f"wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
