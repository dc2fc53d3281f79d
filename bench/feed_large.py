"""A feed of 100,000 items, served on loopback: what a sync costs, the first time and the next.

Usage::

    python bench/feed_large.py                    # RSS (with and without an ETag), JSON Feed
    python bench/feed_large.py --items 20000
    python bench/feed_large.py --baseline /tmp/old/src   # also time another source tree

Each case runs ``zo-reader list -s feed+URL`` twice in a fresh process with its
own HOME: the first run fetches, parses and indexes; the second finds the
feed unchanged (``304 Not Modified`` when the server sends an ETag, the same
body's SHA-256 when it does not). Figures: wall time of the process and its
peak RSS (``RUSAGE_CHILDREN`` of a small wrapper), and items indexed.

Writes its section of ``bench/RESULTS.md`` (see ``bench/common.py``); the
feeds are generated under ``bench/.work/feed/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench.common import cpu_model, git_commit, replace_section  # noqa: E402

WORK = BENCH / ".work" / "feed"
HEADING = "## A feed of 100,000 items (`python bench/feed_large.py`)"
_WORDS = [
    "tide",
    "harbour",
    "lantern",
    "river",
    "morning",
    "quiet",
    "stone",
    "window",
    "garden",
    "letter",
]
# Runs one command and prints its peak RSS: RUSAGE_CHILDREN of this wrapper is that command's.
_PEAK_WRAPPER = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
    "stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)
_START = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def rss_feed(count: int) -> bytes:
    """An RSS 2.0 feed of ``count`` short items, newest first."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>A large feed</title><link>http://large.example/</link>\n"
    ]
    for n in range(count - 1, -1, -1):
        when = email.utils.format_datetime(_START + dt.timedelta(minutes=n), usegmt=True)
        parts.append(
            f"<item><title>Item {n} of the {_WORDS[n % 10]}</title>"
            f"<link>http://large.example/{n}</link><guid>urn:l:{n}</guid>"
            f"<pubDate>{when}</pubDate><description>By the {_WORDS[n % 9]}."
            "</description></item>\n"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def json_feed(count: int) -> bytes:
    """A JSON Feed 1.1 of ``count`` short items, newest first."""
    items = [
        {
            "id": f"urn:l:{n}",
            "url": f"http://large.example/{n}",
            "title": f"Item {n} of the {_WORDS[n % 10]}",
            "date_published": (_START + dt.timedelta(minutes=n)).isoformat(),
            "content_text": f"By the {_WORDS[n % 9]}.",
        }
        for n in range(count - 1, -1, -1)
    ]
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "Large", "items": items}
    return json.dumps(document).encode()


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[bytes, str, str | None]]] = {}

    def do_GET(self) -> None:
        body, kind, etag = self.routes[self.path]
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(routes: dict[str, tuple[bytes, str, str | None]]) -> Iterator[str]:
    """The routes served on 127.0.0.1; yields the base address."""
    _Handler.routes = routes
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def run_list(url: str, home: Path, pythonpath: str | None) -> tuple[float, int]:
    """One ``zo-reader list -s feed+URL``: seconds and peak RSS in KiB."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZO_READER_", "XDG_"))}
    env["HOME"] = str(home)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    command = [sys.executable, "-m", "zo_reader", "list", "-s", f"feed+{url}"]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_WRAPPER, *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started, int(done.stdout.strip().splitlines()[-1])


def articles_indexed(url: str, home: Path, pythonpath: str | None) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZO_READER_", "XDG_"))}
    env["HOME"] = str(home)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    done = subprocess.run(
        [sys.executable, "-m", "zo_reader", "list", "-s", f"feed+{url}", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return len(json.loads(done.stdout))


def measure(url: str, pythonpath: str | None) -> dict[str, Any]:
    """First and second run of one feed, in a HOME of its own."""
    home = Path(tempfile.mkdtemp(prefix="zo-feed-", dir=WORK))
    try:
        first = run_list(url, home, pythonpath)
        second = run_list(url, home, pythonpath)
        count = articles_indexed(url, home, pythonpath)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return {"first": first, "second": second, "articles": count}


def report(
    items: int, sizes: dict[str, int], rows: list[tuple[str, dict[str, Any]]], baseline: str | None
) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        HEADING,
        "",
        f"{now}, commit {git_commit()}, {cpu_model()} ({os.cpu_count()} cores), "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}.",
        "",
        f"A feed of {items:,} items served on loopback (RSS {sizes['rss'] / 1e6:.1f} MB, "
        f"JSON Feed {sizes['json'] / 1e6:.1f} MB); `zo-reader list -s feed+URL` run twice "
        "in a fresh process with its own HOME. Peak RSS is the process's (RUSAGE_CHILDREN).",
        "",
        "| case | 1st run | peak RSS | 2nd run | peak RSS | articles kept |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in rows:
        (t1, m1), (t2, m2) = row["first"], row["second"]
        lines.append(
            f"| {name} | {t1:.1f} s | {m1 / 1024:.0f} MiB | {t2:.1f} s | {m2 / 1024:.0f} MiB "
            f"| {row['articles']:,} |"
        )
    lines += [
        "",
        "The feed keeps its newest 1,000 items (`MAX_FEED_ITEMS`): expat walks the bytes to "
        "find each item's span and date, and feedparser reads only the chosen ones. The "
        "second run sends the ETag back (304) or, without one, finds the body's SHA-256 "
        "unchanged: nothing is parsed and nothing indexed again.",
    ]
    if baseline:
        lines += ["", f"Baseline rows: the same runs with {baseline}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--baseline", help="a src/ folder of an older zo-reader to time too")
    parser.add_argument("--baseline-name", help="how the section names the baseline")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rss, jsonf = rss_feed(args.items), json_feed(args.items)
    routes = {
        "/rss.xml": (rss, "application/rss+xml", None),
        "/etag.xml": (rss, "application/rss+xml", '"large-v1"'),
        "/feed.json": (jsonf, "application/feed+json", None),
    }
    rows: list[tuple[str, dict[str, Any]]] = []
    with serving(routes) as base:
        cases = [
            ("RSS, no validators", "/rss.xml"),
            ("RSS with ETag", "/etag.xml"),
            ("JSON Feed, no validators", "/feed.json"),
        ]
        for name, path in cases:
            rows.append((name, measure(base + path, None)))
            print(name, rows[-1], flush=True)
        if args.baseline:
            for name, path in cases[:2]:
                rows.append((f"{name} (baseline)", measure(base + path, args.baseline)))
                print(rows[-1], flush=True)
    name = args.baseline_name or args.baseline
    text = report(args.items, {"rss": len(rss), "json": len(jsonf)}, rows, name)
    print(text)
    if not args.no_write:
        replace_section(BENCH / "RESULTS.md", HEADING, text)


if __name__ == "__main__":
    main()
