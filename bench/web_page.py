"""Web pages as articles: what trafilatura costs to import, and to read pages of growing size.

Usage::

    python bench/web_page.py            # 5 runs of each figure
    python bench/web_page.py --runs 3
    # and real pages: trafilatura's tests/cache and tests/evaldata.json, fetched apart
    python bench/web_page.py --real CACHE_FOLDER --expected evaldata.json

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
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from common import cpu_model, git_commit, replace_section  # noqa: E402  (a sibling script)

SECTION = "## Web pages as articles (`python bench/web_page.py`)"
PAGES = (
    ("paragraphs", 100, "100 KiB of paragraphs"),
    ("paragraphs", 1024, "1 MiB of paragraphs"),
    ("paragraphs", 4096, "4 MiB of paragraphs"),
    ("paragraphs", 8000, "8,000 KiB of paragraphs"),
    ("elements", 3_000, "3,000 elements (with fallbacks)"),
    ("elements", 25_000, "25,000 elements (fast)"),
    ("elements", 49_000, "49,000 elements (fast)"),
)
_MEASURE = """
import json, resource, sys, time
sys.setrecursionlimit(10000)
from zo_reader.core.html_page import extract_page
para = "<p>" + "Plain words of a long article keep going, sentence after sentence. " * 12 + "</p>"
nav = "<nav>" + "".join(f"<a href='/s{i}'>Section {i}</a>" for i in range(40)) + "</nav>"
shape, amount = sys.argv[1], int(sys.argv[2])
if shape == "paragraphs":  # amount: KiB of long paragraphs
    body = para * (amount * 1024 // len(para))
else:  # amount: elements, as short sibling paragraphs in divs (the most costly shape found)
    body = "<div><p>Short para with words.</p></div>" * (amount // 2)
head = "<html><head><title>Big page</title></head>"
page = f"{head}<body>{nav}<article>{body}</article></body></html>"
data = page.encode()
import trafilatura  # imported before the clock: its import is measured on its own
start = time.process_time()
try:
    extract_page(data, "http://127.0.0.1/big.html")
    ok = True
except Exception:
    ok = False
cpu = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"cpu": cpu, "peak": peak, "bytes": len(data), "ok": ok}))
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


def real_pages(folder: Path, expected: Path) -> str:
    """How much of what should (and should not) be in real pages' text is, ours against
    ``trafilatura.extract`` with its defaults (which keeps readers' comments, drops links).

    ``expected`` is trafilatura's own ``tests/evaldata.json``: for each saved page of its
    ``tests/cache``, phrases the main text must contain and phrases it must not.
    """
    import re

    import trafilatura

    from zo_reader.core.markdown_text import searchable_text
    from zo_reader.core.sources.folder import FolderSource

    cases = json.loads(expected.read_text(encoding="utf-8"))
    source = FolderSource(folder)
    entries = {entry.path: entry for entry in source.entries()}
    counts = {"ours": [0, 0, 0, 0], "trafilatura.extract": [0, 0, 0, 0]}
    read = cpu = 0.0
    seen = 0

    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", text)

    for case in cases.values():
        entry = entries.get(case["file"])
        if entry is None:
            continue
        seen += 1
        start = time.process_time()
        result = source.load(entry)
        cpu += time.process_time() - start
        read += result.article is not None
        ours = norm(searchable_text(result.article.body)) if result.article else ""
        theirs = norm(trafilatura.extract((folder / case["file"]).read_bytes()) or "")
        for name, text in (("ours", ours), ("trafilatura.extract", theirs)):
            for phrase in case.get("with", []):
                counts[name][0] += norm(phrase) in text
                counts[name][1] += 1
            for phrase in case.get("without", []):
                counts[name][2] += norm(phrase) not in text
                counts[name][3] += 1
    rows = "\n".join(
        f"| {name} | {w}/{nw} ({w / nw:.1%}) | {wo}/{nwo} ({wo / nwo:.1%}) |"
        for name, (w, nw, wo, nwo) in counts.items()
    )
    return f"""
Real pages: the {len(entries)} saved pages of trafilatura's `tests/cache` (fetched for this
measurement, not kept in the repository), read as a folder: {read:.0f} of the {seen} with
expected phrases read as articles, in {cpu:.1f} s of CPU. Phrases of its
`tests/evaldata.json` found in the text:

| Extraction | Wanted phrases present | Unwanted phrases absent |
|---|---:|---:|
{rows}

Ours drops readers' comments (some wanted phrases are in them) and keeps links, which
changes trafilatura's choice of paragraphs (`include_links=True` alone costs it 9 phrases).
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--real", type=Path, help="trafilatura's tests/cache, saved pages")
    parser.add_argument("--expected", type=Path, help="trafilatura's tests/evaldata.json")
    args = parser.parse_args()
    trafilatura = [import_us("trafilatura") for _ in range(args.runs)]
    folder = [import_us("zo_reader.core.sources.folder") for _ in range(args.runs)]
    rows = []
    for shape, amount, label in PAGES:
        runs = []
        for _ in range(args.runs):
            done = subprocess.run(
                [sys.executable, "-c", _MEASURE, shape, str(amount)],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(done.stdout))
        cpu = statistics.median(run["cpu"] for run in runs)
        peak = max(run["peak"] for run in runs)
        ok = all(run["ok"] for run in runs)
        rows.append(f"| {label} | {cpu:.2f} s | {peak / 2**20:.0f} MiB | {'yes' if ok else 'no'} |")
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = "\n".join(rows)
    text = f"""{SECTION}

{when}; {cpu_model()}, commit {git_commit()}. {args.runs} runs of each figure, fresh processes.

- `import trafilatura` (with lxml, jusText, htmldate, courlan), from `python -X importtime`:
  median **{statistics.median(trafilatura) / 1000:.0f} ms** (min {min(trafilatura) / 1000:.0f},
  max {max(trafilatura) / 1000:.0f}). Paid only when a page is read: the folder source
  (`import zo_reader.core.sources.folder`, {statistics.median(folder) / 1000:.0f} ms) imports
  neither trafilatura nor lxml: {"yes" if lazy() else "NO"}.
- Reading one generated page (a 40-link menu, then long paragraphs, or many short sibling
  paragraphs in divs): CPU time of the extraction and the reading process's peak memory.
  Pages over 8 MiB or 50,000 elements are not extracted (a 16 MiB page took 3.0 s and
  469 MiB; 700,000 small elements took 40 s and 2 GiB). Past 3,000 elements trafilatura
  runs without its fallbacks: jusText's is quadratic (8,000 sibling paragraphs: 12 s of 15).

| Page | CPU (median) | Peak memory (max) | Main text found |
|---|---:|---:|---|
{table}
"""
    if args.real and args.expected:
        text += real_pages(args.real, args.expected)
    print(text)
    replace_section(args.out, SECTION, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
