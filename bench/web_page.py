"""Web pages as articles: what trafilatura costs to import, and to read pages of growing size.

Usage::

    python bench/web_page.py            # 5 runs of each figure
    python bench/web_page.py --runs 3

Import time is ``python -X importtime -c "import trafilatura"`` (its cumulative
figure) in fresh processes, beside the same for the folder source, which must
not import it (it is imported only when a page is read). Each page size is read
in a fresh process by ``zo_reader.core.html_page.extract_page``: CPU time of the
extraction and the process's peak memory. Writes its section of ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from common import cpu_model, git_commit, replace_section  # noqa: E402  (a sibling script)

SECTION = "## Web pages as articles (`python bench/web_page.py`)"
SIZES_KIB = (100, 1024, 4096, 8192)
_MEASURE = """
import json, resource, sys, time
sys.setrecursionlimit(10000)
from zo_reader.core.html_page import extract_page
para = "<p>" + "Plain words of a long article keep going, sentence after sentence. " * 12 + "</p>"
nav = "<nav>" + "".join(f"<a href='/s{i}'>Section {i}</a>" for i in range(40)) + "</nav>"
size = int(sys.argv[1]) * 1024
body = para * (size // len(para))
head = "<html><head><title>Big page</title></head>"
page = f"{head}<body>{nav}<article>{body}</article></body></html>"
data = page.encode()
import trafilatura  # imported before the clock: its import is measured on its own
start = time.process_time()
item = extract_page(data, "http://127.0.0.1/big.html")
cpu = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"cpu": cpu, "peak": peak, "bytes": len(data), "ok": item is not None}))
"""


def import_us(module: str) -> int:
    """Cumulative microseconds of importing ``module`` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in reversed(done.stderr.splitlines()):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1])
    raise RuntimeError(f"no import time for {module}")


def lazy() -> bool:
    """Whether reading a folder of Markdown leaves trafilatura unimported."""
    code = (
        "import sys, zo_reader.core.sources.folder, zo_reader.core.sources.detect; "
        "print('trafilatura' in sys.modules or 'lxml' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip() == "False"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args()
    trafilatura = [import_us("trafilatura") for _ in range(args.runs)]
    folder = [import_us("zo_reader.core.sources.folder") for _ in range(args.runs)]
    rows = []
    for kib in SIZES_KIB:
        runs = []
        for _ in range(args.runs):
            done = subprocess.run(
                [sys.executable, "-c", _MEASURE, str(kib)],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(done.stdout))
        cpu = statistics.median(run["cpu"] for run in runs)
        peak = max(run["peak"] for run in runs)
        ok = all(run["ok"] for run in runs)
        rows.append(
            f"| {kib:,} KiB | {cpu:.2f} s | {peak / 2**20:.0f} MiB | {'yes' if ok else 'no'} |"
        )
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = "\n".join(rows)
    text = f"""{SECTION}

{when}; {cpu_model()}, commit {git_commit()}. {args.runs} runs of each figure, fresh processes.

- `import trafilatura` (with lxml, jusText, htmldate, courlan), from `python -X importtime`:
  median **{statistics.median(trafilatura) / 1000:.0f} ms** (min {min(trafilatura) / 1000:.0f},
  max {max(trafilatura) / 1000:.0f}). Paid only when a page is read: the folder source
  (`import zo_reader.core.sources.folder`, {statistics.median(folder) / 1000:.0f} ms) imports
  neither trafilatura nor lxml: {"yes" if lazy() else "NO"}.
- Reading one generated article page (a 40-link menu, then paragraphs): CPU time of the
  extraction and the reading process's peak memory. Pages over 8 MiB are not extracted
  (a 16 MiB page took 3.0 s and 469 MiB here).

| Page | CPU (median) | Peak memory (max) | Main text found |
|---|---:|---:|---|
{table}
"""
    print(text)
    replace_section(args.out, SECTION, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
