"""Benchmark zo-reader's index on synthetic libraries and write ``bench/RESULTS.md``.

Usage::

    python bench/run.py --sizes 1000,10000            # quick, about a minute
    python bench/run.py --sizes 1000,10000,100000     # full, ten minutes or more

Libraries are generated into ``bench/libraries/N`` when missing (see
``bench/generate.py``); index caches live in ``bench/.work/``. Every figure
whose memory matters is taken in a fresh child process (this script run with
``--child TASK``), which reports its own peak RSS from ``getrusage``.
See ``bench/README.md`` for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import re
import resource
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (a sibling script, not a package)

LIBRARIES = BENCH / "libraries"
WORK = BENCH / ".work"
ENV_BIN = Path(sys.executable).parent
QUERY_KINDS = (
    "common",
    "rare",
    "and",
    "phrase",
    "prefix",
    "exclude",
    "or",
    "tag",
    "title",
    "nohit",
)
CLI_COMMON_WORD = "water"
"""A real word found in most articles: the CLI and grep must rank or scan many hits."""

TARGETS: list[tuple[str, int, str, float, str]] = [
    # (label, size, metric key, limit, unit)
    ("Cold index, 10k", 10_000, "cold_s", 10.0, "s"),
    ("Re-sync, nothing changed, 10k", 10_000, "resync_s", 0.5, "s"),
    ("Search p95, 100k", 100_000, "search_p95_ms", 50.0, "ms"),
    ("`zo-reader search` process, 10k", 10_000, "cli_search_common_s", 0.4, "s"),
    ("Peak RSS (cold index and search), 100k", 100_000, "peak_rss_mib", 300.0, "MiB"),
]


# Child tasks: each runs in a fresh process and returns a JSON-able dict.


def _library(lib: Path, cache: Path) -> Any:
    from zo_reader.core.index import Library
    from zo_reader.core.sources.folder import FolderSource

    return Library.for_source(FolderSource(lib), cache)


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_cold(lib: Path, cache: Path) -> dict[str, Any]:
    """Index ``lib`` into an empty cache directory."""
    shutil.rmtree(cache, ignore_errors=True)
    import zo_reader
    from zo_reader.core.index import Library  # noqa: F401  (imports are not timed)

    started = time.perf_counter()
    library = _library(lib, cache)
    report = library.sync()
    library.close()
    seconds = time.perf_counter() - started
    db_bytes = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    return {
        "cold_s": seconds,
        "added": report.added,
        "warnings": report.warnings,
        "db_bytes": db_bytes,
        "cold_rss_mib": _peak_rss_mib(),
        "package": str(Path(zo_reader.__file__).resolve().parent),
    }


def child_resync(lib: Path, cache: Path) -> dict[str, Any]:
    """Open and sync an up-to-date index five times."""
    opened_synced, synced = [], []
    for _ in range(5):
        started = time.perf_counter()
        library = _library(lib, cache)
        before_sync = time.perf_counter()
        report = library.sync()
        done = time.perf_counter()
        library.close()
        assert report.added == report.updated == report.removed == 0, report
        opened_synced.append(done - started)
        synced.append(done - before_sync)
    return {
        "resync_s": statistics.median(opened_synced),
        "resync_sync_only_s": statistics.median(synced),
        "resync_rss_mib": _peak_rss_mib(),
    }


def child_touch(lib: Path, cache: Path) -> dict[str, Any]:
    """Three rounds of: bump the mtime of 10 files, then open and sync."""
    files = sorted(lib.rglob("*.md"))
    times = []
    for round_number in range(3):
        stamp = time.time_ns() + round_number * 1_000_000
        step = max(1, len(files) // 30)
        for offset in range(10):
            path = files[(round_number * 10 + offset) * step % len(files)]
            os.utime(path, ns=(stamp, stamp))
        started = time.perf_counter()
        library = _library(lib, cache)
        report = library.sync()
        times.append(time.perf_counter() - started)
        library.close()
        assert report.updated == 10, report
    return {"touch10_s": statistics.median(times)}


def _words_of(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def make_queries(size: int, seed: int, per_kind: int) -> list[tuple[str, str]]:
    """``per_kind`` queries of each kind in :data:`QUERY_KINDS`, deterministic for a size."""
    vocab = generate.vocabulary(seed)
    words, real = vocab.words, vocab.real_count
    rng = random.Random(f"queries-{size}-{seed}")
    queries: list[tuple[str, str]] = []
    for _ in range(per_kind):
        _, text = generate.article_text(rng.randrange(size), seed)
        front, _, body = text.partition("\n---\n")
        title = re.search(r'title: "([^"]*)"', front)
        prose = [
            line for line in body.split("\n\n") if line and line[0].isalpha() and "[" not in line
        ]
        run = _words_of(rng.choice(prose))
        start = rng.randrange(max(1, len(run) - 3))
        phrase = " ".join(run[start : start + rng.randint(2, 3)])
        mid = words[rng.randrange(real, real + 3000)]
        queries += [
            ("common", rng.choice(words[:real])),
            ("rare", words[rng.randrange(15_000, len(words))]),
            ("and", f"{words[rng.randrange(300, 5000)]} {words[rng.randrange(300, 5000)]}"),
            ("phrase", f'"{phrase}"'),
            ("prefix", mid[: rng.randint(3, 5)] + "*"),
            ("exclude", f"{words[rng.randrange(300, 3000)]} -{rng.choice(words[:real])}"),
            ("or", f"{words[rng.randrange(300, 8000)]} OR {words[rng.randrange(300, 8000)]}"),
            ("tag", "tag:" + vocab.tags[min(int(rng.paretovariate(0.7)) - 1, len(vocab.tags) - 1)]),
            ("title", "title:" + rng.choice(_words_of(title.group(1) if title else "none"))),
            ("nohit", "zzq" + "".join(rng.choices("xqzj", k=6))),
        ]
    return queries


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _median_time(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def child_search(lib: Path, cache: Path, size: int, seed: int, per_kind: int) -> dict[str, Any]:
    """Search latency over varied queries, then tag counts and the article list."""
    library = _library(lib, cache)
    library.sync()
    warm_up = make_queries(size, seed + 1, 2)
    for _, query in warm_up:
        library.search(query, limit=20)
    latencies: dict[str, list[float]] = {kind: [] for kind in QUERY_KINDS}
    hits: dict[str, list[int]] = {kind: [] for kind in QUERY_KINDS}
    slowest = (0.0, "")
    for kind, query in make_queries(size, seed, per_kind):
        started = time.perf_counter()
        found = library.search(query, limit=20)
        elapsed = time.perf_counter() - started
        latencies[kind].append(elapsed * 1000)
        hits[kind].append(len(found))
        slowest = max(slowest, (elapsed * 1000, query))
    every = [ms for values in latencies.values() for ms in values]
    tag_counts = library.tag_counts()
    result = {
        "queries": len(every),
        "search_p50_ms": _percentile(every, 0.5),
        "search_p95_ms": _percentile(every, 0.95),
        "search_max_ms": max(every),
        "search_slowest": slowest[1],
        "by_kind": {
            kind: {
                "p50_ms": _percentile(values, 0.5),
                "max_ms": max(values),
                "with_hits": sum(1 for n in hits[kind] if n),
            }
            for kind, values in latencies.items()
        },
        "tag_counts_ms": _median_time(library.tag_counts, 20) * 1000,
        "tags": len(tag_counts),
        "list50_ms": _median_time(lambda: library.list_articles(limit=50), 20) * 1000,
        "search_rss_mib": _peak_rss_mib(),
    }
    library.close()
    return result


def child_porter(lib: Path, cache: Path) -> dict[str, Any]:
    """Compare an FTS5 index with and without porter stemming over the same rows."""
    from zo_reader.core import index_store
    from zo_reader.core.sources.folder import FolderSource

    source = FolderSource(lib)
    path = index_store.index_path(cache, source.key, source.label)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT rowid, title, tags, body FROM articles").fetchall()
    tokenizers = {
        "porter": "porter unicode61 remove_diacritics 2",
        "plain": "unicode61 remove_diacritics 2",
    }
    result: dict[str, Any] = {"rows": len(rows)}
    tables: dict[str, sqlite3.Connection] = {}
    for name, tokenizer in tokenizers.items():
        db = sqlite3.connect(":memory:")
        db.execute(
            f"CREATE VIRTUAL TABLE t USING fts5(title, tags, body, content='', "
            f"tokenize='{tokenizer}')"
        )
        started = time.perf_counter()
        db.executemany("INSERT INTO t (rowid, title, tags, body) VALUES (?, ?, ?, ?)", rows)
        db.commit()
        result[f"{name}_build_s"] = time.perf_counter() - started
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        result[f"{name}_bytes"] = pages * db.execute("PRAGMA page_size").fetchone()[0]
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
        result[f"{name}_terms"] = db.execute("SELECT count(*) FROM v").fetchone()[0]
        tables[name] = db
    counts = []
    for stem, forms in generate.STEMS.items():
        plain, porter = tables["plain"], tables["porter"]
        any_form = " OR ".join(f'"{word}"' for word in (stem, *forms))
        counts.append(
            {
                "word": stem,
                "forms": list(forms),
                "plain": _match_count(plain, f'"{stem}"'),
                "plain_any": _match_count(plain, any_form),
                "porter": _match_count(porter, f'"{stem}"'),
                "porter_any": _match_count(porter, any_form),
            }
        )
    result["counts"] = counts
    return result


def _match_count(db: sqlite3.Connection, match: str) -> int:
    return int(db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (match,)).fetchone()[0])


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "cold": child_cold,
    "resync": child_resync,
    "touch": child_touch,
    "porter": child_porter,
}


def run_child(task: str, lib: Path, cache: Path, *extra: str) -> dict[str, Any]:
    """Run one child task in a fresh interpreter and return its JSON result."""
    command = [sys.executable, __file__, "--child", task, str(lib), str(cache), *extra]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"child task {task} failed with status {done.returncode}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# Whole processes, timed from here.


def timed_process(
    command: str | list[str], env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Wall time in seconds and peak RSS in MiB of one process (or shell pipeline)."""
    shell = isinstance(command, str)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, shell=shell, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0 and not shell:
        raise SystemExit(f"{command} failed ({process.returncode}): {error}")
    return elapsed, usage.ru_maxrss / 1024


def median_process(
    command: str | list[str], runs: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Median wall time and the largest peak RSS over ``runs`` runs."""
    results = [timed_process(command, env) for _ in range(runs)]
    return {
        "s": statistics.median(r[0] for r in results),
        "rss_mib": max(r[1] for r in results),
    }


def cli_env(cache: Path) -> dict[str, str]:
    """Environment for ``zo-reader``: the bench cache, no user config, no colour."""
    env = dict(os.environ)
    env.update(
        ZO_READER_CACHE_DIR=str(cache),
        ZO_READER_CONFIG="/nonexistent",
        ZO_READER_CONFIG_DIR=str(WORK / "config"),
        ZO_READER_DATA_DIR=str(WORK / "data"),
        NO_COLOR="1",
    )
    return env


def measure_size(size: int, seed: int, per_kind: int) -> dict[str, Any]:
    """Every figure for one library size."""
    lib = LIBRARIES / str(size)
    cache = WORK / f"cache-{size}"
    figures: dict[str, Any] = {"size": size}
    if not generate.is_complete(lib, size, seed):
        print(f"[{size}] generating library in {lib} ...", flush=True)
        shutil.rmtree(lib, ignore_errors=True)
        started = time.perf_counter()
        generate.generate(size, lib, seed)
        figures["generate_s"] = time.perf_counter() - started
    files = [p for p in lib.rglob("*.md")]
    figures["library_bytes"] = sum(p.stat().st_size for p in files)
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("cold index", lambda: run_child("cold", lib, cache)),
        ("re-sync", lambda: run_child("resync", lib, cache)),
        ("touch 10", lambda: run_child("touch", lib, cache)),
        ("search", lambda: run_child("search", lib, cache, str(size), str(seed), str(per_kind))),
    ]
    for label, step in steps:
        print(f"[{size}] {label} ...", flush=True)
        figures.update(step())
    figures["peak_rss_mib"] = max(figures["cold_rss_mib"], figures["search_rss_mib"])

    print(f"[{size}] whole processes ...", flush=True)
    env = cli_env(cache)
    exe = str(ENV_BIN / "zo-reader")
    rare = generate.vocabulary(seed).words[-1]
    figures["rare_word"] = rare
    timed_process([exe, "list", "--limit", "1", "-s", str(lib)], env)  # sync after the touches
    for key, word in (("common", CLI_COMMON_WORD), ("rare", rare)):
        result = median_process([exe, "search", word, "-s", str(lib)], 10, env)
        figures[f"cli_search_{key}_s"], figures[f"cli_search_{key}_rss_mib"] = result.values()
        grep = median_process(f"grep -rli {word} {shlex.quote(str(lib))} | head -20", 5)
        figures[f"grep_{key}_s"] = grep["s"]
        if shutil.which("rg"):
            rg = median_process(f"rg -li {word} {shlex.quote(str(lib))} | head -20", 5)
            figures[f"rg_{key}_s"] = rg["s"]
    listing = median_process([exe, "list", "--limit", "20", "-s", str(lib)], 10, env)
    figures["cli_list_s"], figures["cli_list_rss_mib"] = listing.values()
    return figures


# Report.


def machine() -> dict[str, str]:
    """A short description of the machine and software versions."""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = re.search(r"Model name:\s*(.+)", lscpu)
        cpu = model.group(1).strip() if model else platform.processor()
    except OSError:
        cpu = platform.processor()
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            kib = int(handle.readline().split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    disk = "unknown"
    try:
        device = subprocess.run(
            ["df", "--output=source", str(BENCH)], capture_output=True, text=True, check=False
        ).stdout.split()[-1]
        name = Path(device).name.rstrip("0123456789")
        flag = Path(f"/sys/block/{name}/queue/rotational").read_text().strip()
        kind = "virtual disk" if name.startswith("vd") else "disk"
        disk = f"{device}, {kind}, rotational={flag}"
    except (OSError, IndexError):
        pass
    return {
        "CPU": f"{cpu}, {os.cpu_count()} logical cores",
        "RAM": memory,
        "Disk": disk,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "ripgrep": "installed" if shutil.which("rg") else "not installed",
    }


def package_root() -> Path:
    """The ``zo_reader`` package folder that a fresh interpreter would import."""
    import importlib.util

    spec = importlib.util.find_spec("zo_reader")
    if spec is None or spec.origin is None:
        raise SystemExit("zo_reader is not installed; activate the project's environment.")
    return Path(spec.origin).resolve().parent


def source_fingerprint(root: Path) -> str:
    """Which code was measured: the version, a hash of ``core`` and ``cli``, their newest change.

    The UI is left out: nothing here runs it.

    Args:
        root: The ``zo_reader`` package folder.
    """
    import hashlib

    version = re.search(r'__version__ = "([^"]+)"', (root / "__init__.py").read_text())
    digest = hashlib.sha256()
    newest = 0.0
    for path in sorted([*root.glob("core/**/*.py"), *root.glob("cli/**/*.py")]):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    changed = dt.datetime.fromtimestamp(newest).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    number = version.group(1) if version else "?"
    return f"{number}, sha256 {digest.hexdigest()[:12]}, last changed {changed}"


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "MB":
        return f"{value / 1e6:.0f} MB"
    return str(value)


ROWS: list[tuple[str, str, str]] = [
    ("Library on disk", "library_bytes", "MB"),
    ("Generated in (this run)", "generate_s", "s"),
    ("Cold index (empty cache → sync)", "cold_s", "s"),
    ("Index database size", "db_bytes", "MB"),
    ("Re-sync, nothing changed (open + sync, median of 5)", "resync_s", "s"),
    ("of which `sync()` alone", "resync_sync_only_s", "s"),
    ("Re-sync after touching 10 files (median of 3)", "touch10_s", "s"),
    ("Search p50 (in-process, limit 20)", "search_p50_ms", "ms"),
    ("Search p95", "search_p95_ms", "ms"),
    ("Search max", "search_max_ms", "ms"),
    ("`tag_counts()` (median of 20)", "tag_counts_ms", "ms"),
    ("`list_articles(limit=50)` (median of 20)", "list50_ms", "ms"),
    ("Peak RSS, cold-index process", "cold_rss_mib", "MiB"),
    ("Peak RSS, search process", "search_rss_mib", "MiB"),
    (f"`zo-reader search {CLI_COMMON_WORD}` process (median of 10)", "cli_search_common_s", "s"),
    ("`zo-reader search RAREWORD` process (median of 10)", "cli_search_rare_s", "s"),
    ("`zo-reader list --limit 20` process (median of 10)", "cli_list_s", "s"),
    ("Peak RSS, `zo-reader search` process", "cli_search_common_rss_mib", "MiB"),
    (f"`grep -rli {CLI_COMMON_WORD} LIB \\| head -20` (median of 5)", "grep_common_s", "s"),
    ("`grep -rli RAREWORD LIB \\| head -20`", "grep_rare_s", "s"),
    (f"`rg -li {CLI_COMMON_WORD} LIB \\| head -20` (median of 5)", "rg_common_s", "s"),
    ("`rg -li RAREWORD LIB \\| head -20`", "rg_rare_s", "s"),
]


def figures_table(results: Sequence[dict[str, Any]]) -> str:
    """The per-size table as Markdown."""
    head = "| Figure | " + " | ".join(f"{r['size']:,}" for r in results) + " |"
    lines = [head, "|---|" + "---:|" * len(results)]
    for label, key, unit in ROWS:
        if any(key in r for r in results):
            cells = " | ".join(_fmt(r.get(key), unit) for r in results)
            lines.append(f"| {label} | {cells} |")
    return "\n".join(lines)


def kinds_table(results: Sequence[dict[str, Any]]) -> str:
    """Search latency by query kind: p50 / max in ms, and how many queries had hits."""
    head = "| Query kind | " + " | ".join(f"{r['size']:,}: p50 / max (hits)" for r in results)
    lines = [head + " |", "|---|" + "---:|" * len(results)]
    for kind in QUERY_KINDS:
        cells = []
        for r in results:
            k = r["by_kind"][kind]
            total = r["queries"] // len(QUERY_KINDS)
            cells.append(f"{k['p50_ms']:.1f} / {k['max_ms']:.1f} ({k['with_hits']}/{total})")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets_table(results: Sequence[dict[str, Any]]) -> str:
    """The targets with PASS or FAIL (or not measured)."""
    by_size = {r["size"]: r for r in results}
    lines = ["| Target | Limit | Measured | Verdict |", "|---|---:|---:|---|"]
    for label, size, key, limit, unit in TARGETS:
        value = by_size.get(size, {}).get(key)
        if value is None:
            lines.append(f"| {label} | {_fmt(limit, unit)} | not measured | – |")
            continue
        verdict = "PASS" if value <= limit else "**FAIL**"
        lines.append(f"| {label} | ≤ {_fmt(limit, unit)} | {_fmt(value, unit)} | {verdict} |")
    return "\n".join(lines)


def porter_section(porter: dict[str, Any] | None, size: int | None) -> str:
    """The stemming comparison as Markdown."""
    if porter is None:
        return "Not measured (run with a size of 10,000 or less)."
    p, q = porter, "plain"
    lines = [
        f"Same {p['rows']:,} rows ({size:,}-article library) indexed into two contentless "
        "in-memory FTS5 tables, one with `porter unicode61 remove_diacritics 2` (as shipped), "
        "one with `unicode61 remove_diacritics 2`.",
        "",
        "| | porter | no porter | difference |",
        "|---|---:|---:|---:|",
        f"| Build time | {p['porter_build_s']:.2f} s | {p[f'{q}_build_s']:.2f} s | "
        f"{(p['porter_build_s'] / p[f'{q}_build_s'] - 1) * 100:+.0f} % |",
        f"| Index size | {p['porter_bytes'] / 1e6:.1f} MB | {p[f'{q}_bytes'] / 1e6:.1f} MB | "
        f"{(p['porter_bytes'] / p[f'{q}_bytes'] - 1) * 100:+.0f} % |",
        f"| Distinct terms | {p['porter_terms']:,} | {p[f'{q}_terms']:,} | "
        f"{(p['porter_terms'] / p[f'{q}_terms'] - 1) * 100:+.1f} % |",
        "",
        "Articles found when searching for a stem (the generator also writes its inflected "
        "forms, listed). *Any form* is the stem OR-ed with every listed form; porter finds "
        "that set from the bare stem, except irregular forms (slept, written) it cannot reach.",
        "",
        _porter_summary(p),
        "",
        "| Stem (forms) | no porter: stem | no porter: any form | porter: stem "
        "| porter: any form |",
        "|---|---:|---:|---:|---:|",
    ]
    for c in p["counts"]:
        lines.append(
            f"| {c['word']} ({', '.join(c['forms'])}) | {c['plain']:,} | {c['plain_any']:,} "
            f"| {c['porter']:,} | {c['porter_any']:,} |"
        )
    return "\n".join(lines)


def _porter_summary(p: dict[str, Any]) -> str:
    """One sentence: how much more a bare stem finds with porter, and at what cost."""
    counts = p["counts"]
    ratio = statistics.mean(c["porter"] / max(1, c["plain"]) for c in counts)
    complete = sum(1 for c in counts if c["porter"] == c["plain_any"])
    build = (p["porter_build_s"] / p["plain_build_s"] - 1) * 100
    size = (p["porter_bytes"] / p["plain_bytes"] - 1) * 100
    return (
        f"**Summary:** with porter a bare stem finds {ratio:.1f}x as many articles on average, "
        f"and exactly the stem-or-any-form set for {complete} of {len(counts)} stems, for "
        f"{build:+.0f} % build time and {size:+.0f} % index size. The generator gives each "
        "inflected form about its stem's frequency, so real text would show a smaller "
        "ratio; the pseudo-words have no inflections, so porter merges almost none of them."
    )


def _other_sections(out: Path, text: str) -> str:
    """Sections of ``out`` that other scripts wrote (bench/tui.py, a11y.py, remote.py), kept."""
    if not out.exists():
        return ""
    own = {line for line in text.splitlines() if line.startswith("## ")}
    kept = []
    for chunk in out.read_text(encoding="utf-8").split("\n## ")[1:]:
        if "## " + chunk.splitlines()[0] not in own:
            kept.append("\n## " + chunk.rstrip("\n") + "\n")
    return "".join(kept)


def write_report(
    results: Sequence[dict[str, Any]],
    porter: dict[str, Any] | None,
    porter_size: int | None,
    command: str,
    code: str,
    out: Path,
) -> None:
    """Write RESULTS.md."""
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    info = "\n".join(f"- **{k}**: {v}" for k, v in {**machine(), "zo-reader": code}.items())
    rare = results[0].get("rare_word", "")
    text = f"""# zo-reader benchmark results

Generated by `bench/run.py` on {now}; rerunning replaces these sections and
keeps those the other benchmark scripts wrote below.
See `bench/README.md` for what each figure means.

## Machine

{info}

## Command

```
{command}
```

## Figures

Library files were in the OS page cache (just generated or read), so "cold"
means an empty index, not a cold disk. RAREWORD is `{rare}`, the rarest
generated word.

{figures_table(results)}

## Targets

{targets_table(results)}

## Search latency by query kind (ms)

{kinds_table(results)}

## Porter stemming: with and without

{porter_section(porter, porter_size)}
"""
    out.write_text(text + _other_sections(out, text), encoding="utf-8")


def print_summary(results: Sequence[dict[str, Any]]) -> None:
    """The figures and targets on stdout."""
    print()
    print(figures_table(results))
    print()
    print(targets_table(results))


def take_snapshot(live: Path) -> Path:
    """Copy the package to ``bench/.work/snapshot`` and make every child import the copy.

    A full run takes many minutes; in a shared working tree the source may be
    edited meanwhile, and each child would import whatever is there when it starts.
    """
    snapshot = WORK / "snapshot"
    shutil.rmtree(snapshot, ignore_errors=True)
    shutil.copytree(live, snapshot / "zo_reader", ignore=shutil.ignore_patterns("__pycache__"))
    paths = [str(snapshot), os.environ.get("PYTHONPATH", "")]
    os.environ["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    return snapshot / "zo_reader"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        task, lib, cache, *extra = argv[1:]
        if task == "search":
            size, seed, per_kind = map(int, extra)
            result = child_search(Path(lib), Path(cache), size, seed, per_kind)
        else:
            result = CHILDREN[task](Path(lib), Path(cache))
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated sizes")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md", help="report file")
    parser.add_argument("--seed", type=int, default=0, help="library seed (default 0)")
    parser.add_argument(
        "--queries-per-kind", type=int, default=25, help="search queries per kind (10 kinds)"
    )
    parser.add_argument(
        "--no-snapshot",
        dest="snapshot",
        action="store_false",
        help="measure the live source tree instead of a copy taken at the start",
    )
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    WORK.mkdir(parents=True, exist_ok=True)
    measured = package_root()
    if args.snapshot:
        measured = take_snapshot(measured)
    source_before = source_fingerprint(measured)
    print(f"Measuring {measured} ({source_before})", flush=True)
    results = [measure_size(size, args.seed, args.queries_per_kind) for size in sizes]
    porter_size = 10_000 if 10_000 in sizes else min(sizes)
    print(f"[{porter_size}] porter comparison ...", flush=True)
    porter = run_child("porter", LIBRARIES / str(porter_size), WORK / f"cache-{porter_size}")
    command = "python bench/run.py " + " ".join(shlex.quote(a) for a in argv)
    if source_fingerprint(measured) != source_before:
        command += f"\n# WARNING: zo_reader core/CLI changed during the run (was {source_before})"
        print("WARNING: zo_reader core/CLI changed during the run; figures may mix versions.")
    imported = {r["package"] for r in results}
    if imported != {str(measured)}:
        raise SystemExit(f"children imported {imported}, not {measured}")
    code = f"core and CLI {source_before}" + (" (snapshot at start)" if args.snapshot else "")
    write_report(results, porter, porter_size, command.strip(), code, args.out)
    (WORK / "results.json").write_text(json.dumps({"results": results, "porter": porter}))
    print_summary(results)
    print(f"\nWrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
