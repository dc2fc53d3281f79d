"""How long ``zo-reader check`` takes on a large folder; writes its section of RESULTS.md.

Usage::

    python bench/check.py                  # 10,000 articles, median of 3
    python bench/check.py --size 1000 --runs 5

The library comes from ``bench/generate.py`` (``bench/libraries/SIZE``, made if
missing). Its links all go to the web, so ``check`` parses no article for links;
a second library, made beside it in ``bench/.work/check-links-SIZE``, adds to
every article a section with a link to a heading of the next article, a link
to its own heading and a local image, so that every article is parsed and is
the target of a heading link: the most work a check can have per article, a
stress case with no target of its own. Both should be found clean but for the
generator's few repeated titles.

Each run is the real command in a subprocess (``python -m zo_reader check -s
LIB --json``) after one warm-up run, with empty user folders; wall time is
the median, CPU time is user plus system of the command and its worker
processes (from ``wait4``), RSS the largest single process. The exit status is
1 when a target fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (a sibling script, not a package)
from common import cpu_model, git_commit, replace_section  # noqa: E402  (a sibling script)

SECTION = "## `zo-reader check` (`python bench/check.py`)"
TARGET_S = 10.0  # 10,000 articles on 2 cores
LINKS_VERSION = 1  # bump when the linked variant changes
APPENDIX = """
## See also

The [next question]({next}#see-also) answers a related one; [back to the top of this
section](#see-also). ![A picture of it]({image})
"""


@dataclass
class Run:
    """One timed run of the command."""

    wall: float
    cpu: float
    rss_mib: float
    status: int
    findings: dict[str, int]


def linked_library(source: Path, out: Path) -> Path:
    """A copy of ``source`` where every article links to the next one's heading and an image."""
    marker = out / ".complete"
    expected = {"source": str(source), "version": LINKS_VERSION}
    try:
        if json.loads(marker.read_text(encoding="utf-8")) == expected:
            return out
    except (OSError, ValueError):
        pass
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    (out / "picture.png").write_bytes(b"not really a PNG\n")
    files = sorted(path.relative_to(source) for path in source.rglob("*.md"))
    for number, relative in enumerate(files):
        following = files[(number + 1) % len(files)]
        up = "../" * (len(relative.parts) - 1)
        text = (source / relative).read_text(encoding="utf-8")
        extra = APPENDIX.format(next=up + following.as_posix(), image=up + "picture.png")
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.rstrip("\n") + "\n" + extra, encoding="utf-8")
    marker.write_text(json.dumps(expected), encoding="utf-8")
    return out


def run_check(library: Path, home: Path) -> Run:
    """Run ``zo-reader check`` once and measure it."""
    env = {
        **os.environ,
        "ZO_READER_CONFIG": "/nonexistent",
        "ZO_READER_CACHE_DIR": str(home / "cache"),
        "ZO_READER_DATA_DIR": str(home / "data"),
        "ZO_READER_CONFIG_DIR": str(home / "config"),
        "NO_COLOR": "1",
    }
    command = [sys.executable, "-m", "zo_reader", "check", "-s", str(library), "--json"]
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        document = json.loads(out.read() or b"[]")
    findings: dict[str, int] = {}
    for finding in document:
        findings[finding["code"]] = findings.get(finding["code"], 0) + 1
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        rss_mib=usage.ru_maxrss / 1024,
        status=process.returncode,
        findings=findings,
    )


def measure(library: Path, runs: int) -> list[Run]:
    """One warm-up run, then ``runs`` timed ones, each with empty user folders."""
    measured = []
    for number in range(runs + 1):
        with tempfile.TemporaryDirectory(prefix="zo-reader-check-bench-") as home:
            result = run_check(library, Path(home))
        if number:
            measured.append(result)
        print(f"  {library.name}: {result.wall:.2f} s, CPU {result.cpu:.2f} s", flush=True)
    return measured


def report(rows: list[tuple[str, int, list[Run]]], load_before: str, load_after: str) -> str:
    """The RESULTS.md section."""
    cpu, commit = cpu_model(), git_commit()
    lines = [
        SECTION,
        "",
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {cpu}, {os.cpu_count()} cores; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"zo-reader ({commit}); load average {load_before} before, {load_after} after",
        "",
        "The real command in a subprocess, after one warm-up run; library files in the OS "
        "page cache. CPU is user plus system time of the command and its workers: what the "
        "work costs, whatever else the machine runs. With both cores free, the two workers "
        "share it; with other jobs running (see the load average), wall time grows towards it.",
        "",
        "| Library | Articles | Wall, median | Wall, runs | CPU, median | Peak RSS | "
        "Exit | Findings | Target ≤ 10 s |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, size, runs in rows:
        median = statistics.median(run.wall for run in runs)
        found = runs[-1].findings
        listed = ", ".join(f"{code} {count}" for code, count in sorted(found.items())) or "none"
        lines.append(
            f"| {name} | {size:,} | {median:.2f} s | "
            f"{' / '.join(f'{run.wall:.2f}' for run in runs)} | "
            f"{statistics.median(run.cpu for run in runs):.2f} s | "
            f"{max(run.rss_mib for run in runs):.0f} MiB | {runs[-1].status} | {listed} | "
            f"{_verdict(name, median)} |"
        )
    lines += [
        "",
        "*generated* is `bench/generate.py`'s library, whose links all go to the web; "
        "*linked* adds to every article a link to a heading of the next article, a link "
        "to its own heading and a local image, so every article is parsed and every "
        "article's headings are looked up: an upper bound, for which CPU time says more "
        "than wall time on a shared machine.",
        "",
    ]
    return "\n".join(lines)


def _verdict(name: str, median: float) -> str:
    if name != "generated":
        return "– (stress case)"
    return "PASS" if median <= TARGET_S else "FAIL"


def write_section(text: str, out: Path) -> None:
    """Replace this script's section of ``out``, or append it."""
    replace_section(out, SECTION, text)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="library seed (default 0)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md", help="report file")
    args = parser.parse_args(argv)
    library = BENCH / "libraries" / str(args.size)
    if not generate.is_complete(library, args.size, args.seed):
        print(f"generating {args.size:,} articles into {library}", flush=True)
        generate.generate(args.size, library, args.seed)
    linked = linked_library(library, BENCH / ".work" / f"check-links-{args.size}")
    load_before = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    rows = [
        ("generated", args.size, measure(library, args.runs)),
        ("linked", args.size, measure(linked, args.runs)),
    ]
    load_after = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    write_section(report(rows, load_before, load_after), args.out)
    print(f"wrote the check section of {args.out}")
    failed = [
        name
        for name, _, runs in rows
        if _verdict(name, statistics.median(run.wall for run in runs)) == "FAIL"
        or runs[-1].status > 1
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
