"""Requests and bytes on the wire of zo-reader's remote sources; writes a section of RESULTS.md.

Usage::

    python bench/remote.py                                    # WordPress at :8090 if it answers
    python bench/remote.py --wordpress http://127.0.0.1:8090/ --wait-wordpress 600
    python bench/remote.py --no-wordpress

For the zo-reader API, a 1,000-article library is generated (``bench/generate.py``)
into a temporary folder and served by the real ``zo-reader serve`` in a
subprocess. For WordPress, a site must already answer (``scripts/wordpress/up.sh``
with ``ZO_READER_WP_EXTRA_POSTS=1000`` makes one); without one that part is
skipped. Each source is read through the real client (``open_source`` and
``Library``) in an empty cache folder, and every request is counted by the
client's own ``TransferStats``: response head plus body as sent (compressed when
gzip). Run ``--help`` for the options; ``bench/README.md`` says what each figure
means. The exit status is 1 when a target fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (a sibling script, not a package)
from common import free_port, replace_section  # noqa: E402  (a sibling script)

from zo_reader.core.index import Library  # noqa: E402
from zo_reader.core.sources.http import Answer, HttpClient  # noqa: E402

SECTION = "## Remote sources (`python bench/remote.py`)"
DEFAULT_WORDPRESS = "http://127.0.0.1:8090/"
SEARCH_WORD = "sleep"
OPENED = 10
REFRESH_SHARE_LIMIT = 0.05
SERVER_RESYNC_S = 2.0  # zo_reader.server.app.RESYNC_SECONDS
KindOf = Callable[[str, Mapping[str, Any] | None], str]


# Counting: every request of a source's HttpClient, grouped into phases.


@dataclass(slots=True)
class Call:
    """One ``HttpClient.get``: what it was, and what it cost (retries and redirects included)."""

    kind: str
    status: int
    requests: int
    received: int
    sent: int
    body: int  # decoded body bytes
    gzipped: int  # the decoded body gzip-compressed here (what a gzip host would send)
    encoded: bool  # the server sent the body compressed


@dataclass(slots=True)
class Phase:
    """The calls made during one measured step."""

    name: str
    calls: list[Call] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return sum(c.requests for c in self.calls)

    @property
    def received(self) -> int:
        return sum(c.received for c in self.calls)

    @property
    def as_if_gzip(self) -> int:
        """Bytes received had the server gzipped bodies of 1 KiB or more (an estimate)."""
        return sum(
            c.received - c.body + c.gzipped if not c.encoded and c.body >= 1024 else c.received
            for c in self.calls
        )

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """Requests and bytes received per kind of request."""
        kinds: dict[str, tuple[int, int]] = {}
        for call in self.calls:
            count, size = kinds.get(call.kind, (0, 0))
            kinds[call.kind] = (count + call.requests, size + call.received)
        return kinds


class Meter:
    """Records each request of the HttpClients it watches into every open phase."""

    def __init__(self, kind_of: KindOf) -> None:
        self.kind_of = kind_of
        self.open: list[Phase] = []

    def watch(self, http: HttpClient) -> None:
        """Wrap ``http.get`` (which ``get_json`` and the sources call) to record each call."""
        inner, stats = http.get, http.stats

        def get(
            url: str,
            params: Mapping[str, Any] | None = None,
            headers: Mapping[str, str] | None = None,
            **options: Any,
        ) -> Answer:
            before = (stats.requests, stats.bytes_received, stats.bytes_sent)
            answer: Answer | None = None
            try:
                answer = inner(url, params, headers, **options)
                return answer
            finally:
                body = answer.body if answer is not None else b""
                call = Call(
                    kind=self.kind_of(url, params),
                    status=answer.status if answer is not None else 0,
                    requests=stats.requests - before[0],
                    received=stats.bytes_received - before[1],
                    sent=stats.bytes_sent - before[2],
                    body=len(body),
                    gzipped=len(gzip.compress(body, 6, mtime=0)) if body else 0,
                    encoded=answer is not None and "content-encoding" in answer.headers,
                )
                for phase in self.open:
                    phase.calls.append(call)

        http.get = get  # type: ignore[method-assign]

    @contextmanager
    def phase(self, name: str) -> Iterator[Phase]:
        """Record the calls made inside the block (phases nest)."""
        phase = Phase(name)
        self.open.append(phase)
        started = time.perf_counter()
        try:
            yield phase
        finally:
            phase.seconds = time.perf_counter() - started
            self.open.remove(phase)


def zo_kind(url: str, params: Mapping[str, Any] | None) -> str:
    path = urlsplit(url).path
    if path.endswith("/api/v1/"):
        return "API root"
    if path.endswith("/api/v1/articles"):
        return "search page" if params and "q" in params else "list page (100 summaries)"
    return "article body"


def wp_kind(url: str, params: Mapping[str, Any] | None) -> str:
    given = dict(params or {})
    route = str(given.get("rest_route") or urlsplit(url).path).split("wp/v2/", 1)[-1]
    if route == "posts":
        if "search" in given:
            return "search page"
        if given.get("per_page") == 1:
            return "probe (post count, latest change)"
        return "list page (100 summaries)"
    if route.startswith("posts/"):
        return "post body"
    return f"term names: {route}"


# The measured steps.


@dataclass(slots=True)
class Result:
    """Every phase measured for one source, and facts about it."""

    source: str
    phases: dict[str, Phase] = field(default_factory=dict)
    per_article: list[Phase] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    skipped: str = ""


def client_library(spec: str, cache: Path, meter: Meter) -> Library:
    """A new source and Library on ``cache``, as a new process would open them."""
    from zo_reader.core.settings import load_settings
    from zo_reader.core.sources import open_source

    source = open_source(spec, load_settings())
    http = getattr(source, "http", None)
    if not isinstance(http, HttpClient):
        raise SystemExit(f"{spec} did not open as a remote source")
    meter.watch(http)
    return Library.for_source(source, cache)


def close_library(library: Library) -> None:
    library.close()
    http = getattr(library.source, "http", None)
    if isinstance(http, HttpClient):
        http.close()


def measure_source(result: Result, spec: str, cache: Path, meter: Meter) -> Library:
    """First open, opening articles, a refresh with nothing changed and a search.

    Returns the library of the refresh (still open), for more steps.
    """
    library = client_library(spec, cache, meter)
    try:
        with meter.phase("first open") as phase:
            report = library.sync()
            first_page = library.list_articles(limit=50)
            tags = library.tag_counts()
        result.phases[phase.name] = phase
        result.facts.update(articles=report.added, tags=len(tags), first_page=len(first_page))
        every = library.list_articles()
        step = max(1, len(every) // OPENED)
        ids = [summary.id for summary in every[::step][:OPENED]]
        with meter.phase("open articles") as phase:
            for article_id in ids:
                with meter.phase(article_id) as one:
                    body = library.get(article_id).body
                    if not body:
                        raise SystemExit(f"{result.source}: article {article_id} has no body")
                result.per_article.append(one)
        result.phases[phase.name] = phase
        with meter.phase("open again") as phase:
            library.get(ids[0])
        result.phases[phase.name] = phase
    finally:
        close_library(library)
    library = client_library(spec, cache, meter)
    try:
        with meter.phase("refresh") as phase:
            report = library.sync()
        result.phases[phase.name] = phase
        result.facts["refresh_changed"] = report.added + report.updated + report.removed
        with meter.phase("search") as phase:
            hits = library.search(SEARCH_WORD, limit=20)
            with meter.phase("count") as counted:
                total = library.count_matches(SEARCH_WORD)
        result.phases[phase.name] = phase
        result.phases[counted.name] = counted
        with_snippet = sum(1 for hit in hits if hit.snippet)
        result.facts.update(hits=len(hits), matches=total, hits_with_snippet=with_snippet)
    except BaseException:
        close_library(library)
        raise
    return library


def plain_gets(
    urls: Callable[[int], tuple[str, dict[str, Any]]], headers: dict[str, str], last: str
) -> Phase:
    """GET pages 1, 2, ... with a bare client (no validators) until header ``last`` says stop."""
    client = HttpClient(urls(1)[0], "The baseline server")
    meter = Meter(lambda url, params: "plain GET")
    meter.watch(client)
    try:
        with meter.phase("baseline") as phase:
            page, pages = 1, 1
            while page <= pages:
                url, params = urls(page)
                answer = client.get(url, params, headers)
                if last == "total":
                    pages = -(-json.loads(answer.body)["total"] // 100)
                else:
                    pages = int(answer.headers.get(last, "1"))
                page += 1
    finally:
        client.close()
    return phase


def measure_zo(size: int, seed: int, work: Path) -> Result:
    """The zo-reader API: a generated library, served by ``zo-reader serve``."""
    result = Result("zo-reader API")
    library_dir = work / "library"
    print(f"generating {size:,} articles ...", flush=True)
    generate.generate(size, library_dir, seed)
    process, url = start_server(library_dir, work)
    try:
        meter = Meter(zo_kind)
        cache = work / "client-cache-zo"
        library = measure_source(result, f"zo+{url}", cache, meter)
        try:
            # One article changes: its file is touched, the server resyncs on the next request.
            target = sorted(library_dir.rglob("*.md"))[size // 2]
            stamp = time.time_ns()
            os.utime(target, ns=(stamp, stamp))
            time.sleep(SERVER_RESYNC_S + 0.5)
            with meter.phase("refresh, one changed") as phase:
                report = library.sync()
            result.phases[phase.name] = phase
            result.facts["changed_refresh_updated"] = report.updated
        finally:
            close_library(library)

        def page(number: int) -> tuple[str, dict[str, Any]]:
            return f"{url}api/v1/articles", {"per_page": 100, "page": number}

        baseline = plain_gets(page, {"Accept-Encoding": "identity"}, "total")
        result.phases["baseline"] = baseline
        result.facts["url"] = url
    finally:
        stop_server(process)
    return result


def measure_wordpress(url: str, work: Path, credentials: Path) -> Result:
    """A WordPress site that already answers at ``url``."""
    result = Result("WordPress")
    meter = Meter(wp_kind)
    library = measure_source(result, f"wordpress+{url}", work / "client-cache-wp", meter)
    try:
        auth = wordpress_auth(credentials)
        if auth is not None:
            with edited_post(url, auth), meter.phase("refresh, one changed") as phase:
                report = library.sync()
            result.phases[phase.name] = phase
            result.facts["changed_refresh_updated"] = report.updated
    finally:
        close_library(library)
    posts = url.rstrip("/") + "/wp-json/wp/v2/posts"
    result.phases["baseline"] = plain_gets(
        lambda number: (posts, {"per_page": 100, "page": number}), {}, "x-wp-totalpages"
    )
    result.facts.update(url=url, gzip=any(c.encoded for c in result.phases["first open"].calls))
    result.facts.update(wordpress_facts(url))
    return result


# The server and the WordPress site.


def wordpress_auth(env_file: Path) -> tuple[str, str] | None:
    """The admin's Application Password from the env file ``up.sh`` writes, if there is one."""
    try:
        lines = env_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    values = dict(line.split("=", 1) for line in lines if "=" in line)
    password = values.get("WP_APP_PASSWORD")
    return (values.get("WP_ADMIN_USER", "admin"), password) if password else None


@contextmanager
def edited_post(url: str, auth: tuple[str, str]) -> Iterator[None]:
    """One post in the middle of the site gets a new title, and its old one back afterwards."""
    import httpx

    posts = url.rstrip("/") + "/wp-json/wp/v2/posts"
    middle = httpx.get(posts, params={"per_page": 1, "page": 500, "_fields": "id,title"}).json()
    post_id, title = middle[0]["id"], middle[0]["title"]["rendered"]
    httpx.post(
        f"{posts}/{post_id}", auth=auth, json={"title": f"{title} (edited)"}
    ).raise_for_status()
    try:
        yield
    finally:
        httpx.post(f"{posts}/{post_id}", auth=auth, json={"title": title})


def wordpress_facts(url: str) -> dict[str, str]:
    """The WordPress version (from its feed's generator) and the server's own name, unmeasured."""
    facts = {"version": "unknown", "server": "unknown"}
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/?feed=rss2", timeout=10) as response:
            server = response.headers.get("Server") or response.headers.get("X-Powered-By")
            found = re.search(rb"<generator>[^<]*\?v=([^<]+)</generator>", response.read())
    except OSError:
        return facts
    facts["server"] = server or "unknown"
    if found:
        facts["version"] = found.group(1).decode("ascii", "replace")
    return facts


def answers(url: str, timeout: float = 5.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


def start_server(library_dir: Path, work: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``zo-reader serve`` on a free loopback port, once its API root answers."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        ZO_READER_CACHE_DIR=str(work / "server-cache"),
        ZO_READER_CONFIG="/nonexistent",
        ZO_READER_CONFIG_DIR=str(work / "config"),
        ZO_READER_DATA_DIR=str(work / "data"),
    )
    log = (work / "server.log").open("wb")
    command = [sys.executable, "-m", "zo_reader", "serve", "-s", str(library_dir)]
    process = subprocess.Popen(
        [*command, "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    log.close()
    url = f"http://127.0.0.1:{port}/"
    print(f"starting zo-reader serve on {url} ...", flush=True)
    deadline = time.monotonic() + 120
    while not answers(url + "api/v1/", timeout=2):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_server(process)
            tail = (work / "server.log").read_text(errors="replace")[-2000:]
            raise SystemExit(f"zo-reader serve did not come up:\n{tail}")
        time.sleep(0.2)
    return process, url


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(url: str, seconds: float) -> bool:
    """Whether WordPress's REST API answers at ``url``, polling every 30 s up to ``seconds``."""
    probe = url.rstrip("/") + "/wp-json/wp/v2/posts?per_page=1&_fields=id"
    deadline = time.monotonic() + seconds
    while not answers(probe):
        if time.monotonic() >= deadline:
            return False
        print(f"no WordPress at {url} yet; waiting ...", flush=True)
        time.sleep(min(30.0, max(0.0, deadline - time.monotonic())))
    return True


# Report.


def machine() -> dict[str, str]:
    import httpx

    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    model = re.search(r"Model name:\s*(.+)", lscpu)
    cpu = model.group(1).strip() if model else platform.processor() or "unknown CPU"
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "src"], capture_output=True, text=True, check=False
    ).stdout.strip()
    from zo_reader import __version__

    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{cpu}, {os.cpu_count()} logical cores; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; httpx {httpx.__version__}",
        "code": f"zo-reader {__version__} ({commit}{', src/ modified' if dirty else ''})",
    }


def _b(value: int) -> str:
    return f"{value:,} B"


def _cells(result: Result | None, fill: Callable[[Result], tuple[str, str, str]]) -> str:
    if result is None or result.skipped:
        return "– | – | –"
    return " | ".join(fill(result))


def _phase_cells(name: str) -> Callable[[Result], tuple[str, str, str]]:
    def fill(result: Result) -> tuple[str, str, str]:
        phase = result.phases.get(name)
        if phase is None:
            return "not measured", "", ""
        return str(phase.requests), _b(phase.received), f"{phase.seconds * 1000:.0f} ms"

    return fill


def _share(result: Result) -> float:
    return result.phases["refresh"].received / max(1, result.phases["first open"].received)


def figures_table(zo: Result | None, wp: Result | None) -> str:
    def per_article(result: Result) -> tuple[str, str, str]:
        counts = sorted({p.requests for p in result.per_article})
        sizes = [p.received for p in result.per_article]
        times = [p.seconds * 1000 for p in result.per_article]
        each = " or ".join(map(str, counts))
        return (
            f"{each} each",
            f"{_b(int(statistics.median(sizes)))} (max {max(sizes):,})",
            f"{statistics.median(times):.0f} ms",
        )

    def share(result: Result) -> tuple[str, str, str]:
        return "", f"{_share(result) * 100:.2f} %", ""

    def as_if(result: Result) -> tuple[str, str, str]:
        first, refresh = result.phases["first open"], result.phases["refresh"]
        if any(c.encoded for c in first.calls):
            return "", "(server sends gzip)", ""
        ratio = refresh.as_if_gzip / max(1, first.as_if_gzip)
        return "", f"{_b(first.as_if_gzip)} / {_b(refresh.as_if_gzip)} ({ratio * 100:.1f} %)", ""

    rows: list[tuple[str, Callable[[Result], tuple[str, str, str]]]] = [
        ("First open: sync, first 50 of the list, tag counts", _phase_cells("first open")),
        (f"Open {OPENED} articles (total)", _phase_cells("open articles")),
        ("  per article (median)", per_article),
        ("  an article already opened, again", _phase_cells("open again")),
        ("Refresh, nothing changed (new source and Library)", _phase_cells("refresh")),
        ("  as a share of the first open's bytes", share),
        (f"Search `{SEARCH_WORD}` (limit 20) and `count_matches`", _phase_cells("search")),
        ("  of which `count_matches`", _phase_cells("count")),
        ("Refresh after one article changed", _phase_cells("refresh, one changed")),
        ("Baseline: every summary by plain GETs (see below)", _phase_cells("baseline")),
        ("If the host gzipped: first open / no-change refresh (estimate)", as_if),
    ]
    head = "| Step | API: requests | API: bytes received | API: time "
    head += "| WordPress: requests | WordPress: bytes received | WordPress: time |"
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|"]
    for label, fill in rows:
        lines.append(f"| {label} | {_cells(zo, fill)} | {_cells(wp, fill)} |")
    return "\n".join(lines)


def verdicts(results: Sequence[Result]) -> list[tuple[str, str, str, str, bool]]:
    """(target, source, limit, measured, passed) for each measured source."""
    found = []
    for result in results:
        if result.skipped:
            continue
        share = _share(result)
        found.append(
            (
                "No-change refresh, bytes",
                result.source,
                "≤ 5 % of first open",
                f"{share * 100:.2f} % ({_b(result.phases['refresh'].received)})",
                share <= REFRESH_SHARE_LIMIT,
            )
        )
        counts = [p.requests for p in result.per_article]
        found.append(
            (
                "Opening an article, requests",
                result.source,
                "1",
                ", ".join(map(str, counts)),
                all(count == 1 for count in counts),
            )
        )
    return found


def targets_table(results: Sequence[Result]) -> str:
    lines = ["| Target | Source | Limit | Measured | Verdict |", "|---|---|---|---|---|"]
    for target, source, limit, measured, passed in verdicts(results):
        verdict = "PASS" if passed else "**FAIL**"
        lines.append(f"| {target} | {source} | {limit} | {measured} | {verdict} |")
    return "\n".join(lines)


def breakdown_table(results: Sequence[Result]) -> str:
    lines = ["| Source | Step | Request | Count | Bytes received |", "|---|---|---|---:|---:|"]
    names = ("first open", "open articles", "refresh", "search", "refresh, one changed")
    for result in results:
        for name in names:
            phase = result.phases.get(name)
            for kind, (count, size) in (phase.by_kind() if phase else {}).items():
                lines.append(f"| {result.source} | {name} | {kind} | {count} | {_b(size)} |")
    return "\n".join(lines)


def notes(zo: Result, wp: Result) -> list[str]:
    """What was measured, and how, as Markdown bullets (one line each)."""
    facts, wpf = zo.facts, wp.facts
    if wp.skipped:
        wp_line = f"not measured: {wp.skipped}."
    else:
        wp_line = (
            f"WordPress {wpf['version']} at {wpf['url']} ({wpf['server']}; it sends "
            f"{'gzip' if wpf['gzip'] else 'no gzip'}), {wpf['articles']:,} published posts "
            f"with {wpf['tags']:,} tags and categories in use. The default address is the "
            "site that `ZO_READER_WP_PORT=8090 ZO_READER_WP_EXTRA_POSTS=1000 bash "
            "scripts/wordpress/up.sh` starts (Debian's WordPress and MariaDB, PHP's "
            "built-in server)."
        )
    return [
        f"**zo-reader API**: `zo-reader serve` in a subprocess on 127.0.0.1, serving a "
        f"{facts['articles']:,}-article library from `bench/generate.py` (seed 0, "
        f"{facts['tags']:,} tags); it gzips bodies of 1 KiB or more and answers "
        "`If-None-Match` with 304.",
        f"**WordPress**: {wp_line}",
        "Each source is read by the real client (`open_source`, then `Library`) into an "
        "empty cache folder. Bytes received are each response's status line and headers "
        "plus its body as sent (compressed when gzip), as `HttpClient.stats` counts them. "
        "The first open is `sync()`, `list_articles(limit=50)` and `tag_counts()` (the "
        f"last two read the local index only). {OPENED} articles spread over the list are "
        "opened with `Library.get`. The refresh opens a new source and `Library` on the "
        "same database, as a new process would.",
        f"Search: the API found {facts['matches']:,} matches"
        + ("" if wp.skipped else f", WordPress {wpf['matches']:,}")
        + "; the count comes from the search's total, without a request. The API sends "
        "its own snippets (it has every body); WordPress's hits get snippets from the "
        "copies here, which hold summaries until an article is opened: "
        f"{facts['hits_with_snippet']} of {facts['hits']} hits on the API"
        + ("" if wp.skipped else f" and {wpf['hits_with_snippet']} of {wpf['hits']} on WordPress")
        + " had one.",
        '"Refresh after one article changed": on the API, one served file is touched and '
        "the server's 2 s resync waited out; the client reads the list in `sort=changed` "
        "order up to the first article it has. On WordPress, one post's title is edited "
        "through the REST API (with up.sh's Application Password) and put back after; the "
        "client asks for the count and latest change, re-reads the term names, and lists "
        "only posts modified since (`modified_after`).",
        "WordPress term names are read on a first open, after a post changed, and once a "
        "day otherwise, so an unchanged refresh is the probe alone.",
        "Baselines, as a naive client would fetch the whole list: the API's pages (100 "
        "summaries each) without gzip or ETag; WordPress's `/wp/v2/posts?per_page=100` "
        "pages without `_fields` (whole posts, bodies included). Such a client refreshes "
        "by fetching it all again.",
        '"If the host gzipped" re-compresses each uncompressed body of 1 KiB or more with '
        "gzip level 6 here: what WordPress behind a web server that compresses JSON would send.",
    ]


def section(info: dict[str, str], zo: Result, wp: Result, command: str) -> str:
    bullets = "\n".join(f"- {note}" for note in notes(zo, wp))
    return f"""{SECTION}

{info["date"]}; {info["machine"]}; {info["code"]}. Rerunning replaces this section only.

```
{command}
```

{bullets}

{figures_table(zo, None if wp.skipped else wp)}

### Targets

{targets_table([zo, wp])}

### Where the bytes go

{breakdown_table([zo, wp])}
"""


def write_section(text: str, out: Path) -> None:
    """Replace this script's section of ``out``, or append it."""
    replace_section(out, SECTION, text)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wordpress", default=DEFAULT_WORDPRESS, help="WordPress site address")
    parser.add_argument("--no-wordpress", action="store_true", help="measure the API only")
    parser.add_argument(
        "--wordpress-env",
        type=Path,
        default=Path("/tmp/zo-reader-wp-bench/env"),
        help="up.sh's env file, whose Application Password lets the bench edit one post",
    )
    parser.add_argument(
        "--wait-wordpress", type=float, default=0, help="seconds to wait for WordPress to answer"
    )
    parser.add_argument("--size", type=int, default=1000, help="articles served by the API")
    parser.add_argument("--seed", type=int, default=0, help="library seed (default 0)")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md", help="report file")
    args = parser.parse_args(argv)
    # A SIGTERM must still run the clean-up below.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    work = Path(tempfile.mkdtemp(prefix="zo-reader-remote-bench-"))
    os.environ.update(
        ZO_READER_CACHE_DIR=str(work / "client-cache"),
        ZO_READER_CONFIG="/nonexistent",
        ZO_READER_CONFIG_DIR=str(work / "config"),
        ZO_READER_DATA_DIR=str(work / "data"),
    )
    try:
        zo = measure_zo(args.size, args.seed, work)
        wp = Result("WordPress")
        if args.no_wordpress:
            wp.skipped = "--no-wordpress given"
        elif not wait_for(args.wordpress, args.wait_wordpress):
            wp.skipped = f"no WordPress REST API answered at {args.wordpress}"
            print(f"skipping WordPress: {wp.skipped}", flush=True)
        else:
            print(f"measuring WordPress at {args.wordpress} ...", flush=True)
            wp = measure_wordpress(args.wordpress, work, args.wordpress_env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    command = "python bench/remote.py " + " ".join(sys.argv[1:] if argv is None else argv)
    text = section(machine(), zo, wp, command.strip())
    print()
    print(text)
    write_section(text, args.out)
    raw = BENCH / ".work" / "remote-results.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps([asdict(zo), asdict(wp)], indent=1), encoding="utf-8")
    print(f"wrote {args.out} (section) and {raw}")
    return 0 if all(v[4] for v in verdicts([zo, wp])) else 1


if __name__ == "__main__":
    sys.exit(main())
