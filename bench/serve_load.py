"""Thousands of concurrent connections against ``zo-reader serve``; writes a section of RESULTS.md.

Usage::

    python bench/serve_load.py                                  # 1,000, 2,000, 5,000 x 30 s
    python bench/serve_load.py --connections 2000 --duration 10 --no-write

For each number of connections a fresh ``zo-reader serve`` is started in a
subprocess on a free loopback port, serving a library from ``bench/generate.py``
(``bench/libraries/N``, generated when missing). That many clients then connect
at once, each on its own keep-alive connection, and send one request after
another for a fixed time: a mix of article lists, searches, articles, tag
counts, the API root and ``If-None-Match`` revalidations (304s). Clients are
raw asyncio sockets, so the client costs little next to the server; one more
client meanwhile asks for the tag list on a new connection every half second,
as a person would. Afterwards the server must still answer normally.

Every request ends as a response (counted by status) or an error of one kind:
refused, reset, closed (the server hung up before a whole response), timeout,
or client (this process ran out of something). Both processes need a file
descriptor per connection, so the soft ``RLIMIT_NOFILE`` of this process (and
so of the server it starts) is raised to what the run needs, up to the hard
limit. ``bench/README.md`` says what each figure means; ``tests/server/test_load.py``
runs the same code, small.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import json
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (a sibling script, not a package)
from common import free_port, replace_section  # noqa: E402  (a sibling script)

SECTION = "## Serving under load (`python bench/serve_load.py`)"
DEFAULT_CONNECTIONS = (1000, 2000, 5000)
MIX = {"list": 25, "search": 20, "article": 25, "tags": 10, "root": 5, "revalidate": 15}
"""The share of each kind of request, in percent."""

FD_RESERVE = 200
"""Descriptors beyond one per connection: the interpreter, the library, the probe."""

ERROR_KINDS = ("refused", "reset", "closed", "timeout", "client")


# The server


@dataclass
class Server:
    """A running ``zo-reader serve``: its process, address and log file."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    log: Path

    def stop(self) -> None:
        """Ctrl+C, as a person would; killed if it does not end within 15 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(
    library: Path, work: Path, *, open_files: int | None = None, ready_within: float = 120.0
) -> Server:
    """``zo-reader serve -s LIBRARY`` on a free loopback port, once its API root answers.

    Args:
        library: The folder to serve.
        work: Where its cache, config and log go.
        open_files: Start it with this soft limit on open files (as a login shell's
            1,024 would), rather than this process's.
        ready_within: Seconds it may take to answer.
    """
    port = free_port()

    def limit_open_files() -> None:
        if open_files is not None:
            hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
            resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, hard))

    env = dict(os.environ)
    env.update(
        ZO_READER_CACHE_DIR=str(work / "server-cache"),
        ZO_READER_CONFIG="/nonexistent",
        ZO_READER_CONFIG_DIR=str(work / "config"),
        ZO_READER_DATA_DIR=str(work / "data"),
    )
    log = work / f"server-{port}.log"
    command = [sys.executable, "-m", "zo_reader", "serve", "-s", str(library)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=limit_open_files,
        )
    server = Server(process, "127.0.0.1", port, log)
    deadline = time.monotonic() + ready_within
    while probe(server.host, server.port, "/api/v1/")[0] != 200:
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"zo-reader serve did not come up:\n{server.log_text()[-2000:]}")
        time.sleep(0.2)
    return server


def probe(host: str, port: int, target: str, timeout: float = 5.0) -> tuple[int, float]:
    """One GET on a new connection: the status (0 if none came) and the seconds it took."""
    started = time.perf_counter()
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(
                f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
            )
            answer = b""
            while data := connection.recv(65536):
                answer += data
    except OSError:
        return 0, time.perf_counter() - started
    match = re.match(rb"HTTP/1\.[01] (\d{3}) ", answer)
    return (int(match.group(1)) if match else 0), time.perf_counter() - started


def process_stats(pid: int) -> dict[str, int]:
    """Peak and current memory (KiB), open descriptors and CPU ticks of a process (Linux)."""
    stats: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS", "Threads"):
                stats[name] = int(value.split()[0])
        stats["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        stats["cpu_ticks"] = int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, ValueError, IndexError):
        pass
    return stats


def busy_seconds() -> float:
    """CPU seconds all processes of the machine have used since boot, idle and I/O wait left out."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU seconds this process (the clients) has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def raise_fd_limit(needed: int) -> int:
    """Raise this process's soft ``RLIMIT_NOFILE`` to ``needed`` (at most the hard limit).

    Returns:
        The soft limit now in force; children started later inherit it.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        soft = wanted
    return soft


# What the clients ask for


@dataclass
class Plan:
    """Targets learnt from the server before the load: ids, tags and words of titles."""

    ids: list[str]
    tags: list[str]
    words: list[str]
    etags: dict[str, str] = field(default_factory=dict)
    validated: list[str] = field(default_factory=list)

    def pick(self, rng: random.Random) -> tuple[str, str, str]:
        """A kind of request, its target and any extra header lines."""
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        if kind == "revalidate" and self.validated:
            target = rng.choice(self.validated)
            return kind, target, f'If-None-Match: "{self.etags[target]}"\r\n'
        if kind == "list":
            params = {"page": rng.randint(1, 10), "per_page": rng.choice((20, 50))}
            if rng.random() < 0.3 and self.tags:
                params["tag"] = rng.choice(self.tags)
            return kind, f"/api/v1/articles?{urlencode(params)}", ""
        if kind == "search":
            words = " ".join(rng.sample(self.words, rng.choice((1, 1, 2))))
            return kind, f"/api/v1/articles?{urlencode({'q': words})}", ""
        if kind == "tags":
            return kind, "/api/v1/tags", ""
        if kind == "root":
            return kind, "/api/v1/", ""
        return "article", f"/api/v1/articles/{quote(rng.choice(self.ids))}", ""

    def learn(self, target: str, etag: str | None) -> None:
        """Remember an ETag, so later requests can revalidate the target."""
        if etag and target not in self.etags:
            self.etags[target] = etag.strip('"').removesuffix("-gzip")
            self.validated.append(target)


def learn_plan(host: str, port: int) -> Plan:
    """Read the first pages of the list and the tags, as a client would, into a :class:`Plan`."""
    import httpx

    with httpx.Client(base_url=f"http://{host}:{port}", timeout=30) as client:
        ids: list[str] = []
        words: set[str] = set()
        for page in (1, 2, 3):
            listed = client.get("/api/v1/articles", params={"per_page": 100, "page": page})
            listed.raise_for_status()
            for article in listed.json()["articles"]:
                ids.append(article["id"])
                words.update(w for w in re.findall(r"[a-z]{4,}", article["title"].lower()))
        tags = [tag["key"] for tag in client.get("/api/v1/tags").json()["tags"][:200]]
    return Plan(ids=ids, tags=tags, words=sorted(words) or ["sleep"])


# The clients


@dataclass
class Tally:
    """What the clients saw, added up."""

    statuses: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    connects: list[float] = field(default_factory=list)
    other_latencies: list[float] = field(default_factory=list)
    in_window: int = 0
    others_in_window: int = 0
    connections_opened: int = 0
    # Per client: answered at least once / refused cleanly / neither.
    answered: int = 0
    refused_cleanly: int = 0
    unanswered: int = 0
    probes: list[tuple[int, float]] = field(default_factory=list)
    open_now: int = 0
    open_peak: int = 0


class ResponseError(Exception):
    """The server hung up before a whole response arrived."""


async def read_response(reader: asyncio.StreamReader, method: str) -> tuple[int, dict[str, str]]:
    """Read one response; its status and headers (the body is read and dropped)."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as short:
        raise ResponseError("no whole head") from short
    lines = head.decode("latin-1").split("\r\n")
    match = re.match(r"HTTP/1\.[01] (\d{3})", lines[0])
    if not match:
        raise ResponseError(f"not a status line: {lines[0][:60]!r}")
    status = int(match.group(1))
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    try:
        if method == "HEAD" or status in (204, 304) or status < 200:
            pass
        elif "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        else:
            await reader.read()  # the body ends when the connection does
    except asyncio.IncompleteReadError as short:
        raise ResponseError("body cut short") from short
    return status, headers


def error_kind(failure: BaseException) -> str:
    """Which of :data:`ERROR_KINDS` a failed connect or request counts as."""
    if isinstance(failure, ConnectionRefusedError):
        return "refused"
    if isinstance(failure, ConnectionResetError | BrokenPipeError | ConnectionAbortedError):
        return "reset"
    if isinstance(failure, ResponseError | asyncio.IncompleteReadError | EOFError):
        return "closed"
    if isinstance(failure, TimeoutError):
        return "timeout"
    if isinstance(failure, OSError) and failure.errno in (
        errno.EMFILE,
        errno.ENFILE,
        errno.ENOBUFS,
    ):
        return "client"
    if isinstance(failure, OSError) and failure.errno == errno.EADDRNOTAVAIL:
        return "client"  # out of ephemeral ports
    return "reset" if isinstance(failure, OSError) else "client"


class Client:
    """One virtual user: a keep-alive connection and one request after another until the end."""

    def __init__(
        self,
        number: int,
        host: str,
        port: int,
        plan: Plan,
        tally: Tally,
        *,
        started: float,
        deadline: float,
        timeout: float,
    ) -> None:
        self.rng = random.Random(number)
        self.host, self.port = host, port
        self.plan, self.tally = plan, tally
        self.started, self.deadline, self.timeout = started, deadline, timeout
        self.answered = self.refused = False
        self.pause = 0.0
        self.head = f"Host: {host}:{port}\r\nAccept-Encoding: gzip\r\nUser-Agent: zo-load\r\n"

    async def run(self) -> None:
        writer: asyncio.StreamWriter | None = None
        reader: asyncio.StreamReader | None = None
        try:
            while time.monotonic() < self.deadline:
                if writer is None:
                    try:
                        reader, writer = await self.connect()
                    except (OSError, TimeoutError) as failure:
                        self.failed(failure)
                        await asyncio.sleep(self.rng.uniform(0.05, 0.25))
                        continue
                assert reader is not None
                keep = await self.request(reader, writer)
                if not keep:
                    await self.close(writer)
                    writer = reader = None
                if self.pause:
                    await asyncio.sleep(min(self.pause, max(0.0, self.deadline - time.monotonic())))
                    self.pause = 0.0
        finally:
            if writer is not None:
                await self.close(writer)
            if self.answered:
                self.tally.answered += 1
            elif self.refused:
                self.tally.refused_cleanly += 1
            else:
                self.tally.unanswered += 1

    async def connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        began = time.perf_counter()
        opened = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), timeout=self.timeout
        )
        self.tally.connects.append(time.perf_counter() - began)
        self.tally.connections_opened += 1
        self.tally.open_now += 1
        self.tally.open_peak = max(self.tally.open_peak, self.tally.open_now)
        return opened

    async def close(self, writer: asyncio.StreamWriter) -> None:
        self.tally.open_now -= 1
        writer.close()
        with suppress(OSError, TimeoutError):
            await asyncio.wait_for(writer.wait_closed(), timeout=1)

    def failed(self, failure: BaseException) -> None:
        kind = error_kind(failure)
        self.tally.errors[kind] += 1
        if kind == "refused":
            self.refused = True

    async def request(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Send one request and read its answer; whether the connection can be used again."""
        kind, target, extra = self.plan.pick(self.rng)
        began = time.perf_counter()
        try:
            writer.write(f"GET {target} HTTP/1.1\r\n{self.head}{extra}\r\n".encode())
            status, headers = await asyncio.wait_for(
                read_response(reader, "GET"), timeout=self.timeout
            )
        except (OSError, TimeoutError, ResponseError) as failure:
            self.failed(failure)
            return False
        took = time.perf_counter() - began
        in_window = time.monotonic() <= self.deadline
        self.tally.statuses[status] += 1
        self.tally.kinds[kind] += 1
        if status in (200, 304):
            self.tally.latencies.append(took)
            self.tally.in_window += in_window
        else:
            self.tally.other_latencies.append(took)
            self.tally.others_in_window += in_window
        if status == 503:
            # As zo-reader's client does: wait as long as Retry-After says, up to 5 s.
            self.refused = True
            retry_after = headers.get("retry-after", "1")
            self.pause = min(5.0, float(retry_after)) if retry_after.isdigit() else 1.0
        else:
            self.answered = True
        if status == 200:
            self.plan.learn(target, headers.get("etag"))
        return headers.get("connection", "").lower() != "close"


async def probe_meanwhile(host: str, port: int, tally: Tally, deadline: float) -> None:
    """A person's request during the load: the tag list on a new connection every 0.5 s."""
    while time.monotonic() < deadline:
        tally.probes.append(await asyncio.to_thread(probe, host, port, "/api/v1/tags", 30.0))
        await asyncio.sleep(0.5)


async def drive(
    host: str, port: int, plan: Plan, *, connections: int, duration: float, timeout: float
) -> tuple[Tally, float]:
    """Run ``connections`` clients for ``duration`` seconds; the tally and the seconds it took."""
    tally = Tally()
    started = time.monotonic()
    deadline = started + duration
    clients = [
        Client(n, host, port, plan, tally, started=started, deadline=deadline, timeout=timeout)
        for n in range(connections)
    ]
    await asyncio.gather(
        probe_meanwhile(host, port, tally, deadline), *(client.run() for client in clients)
    )
    return tally, time.monotonic() - started


# One run, summed up


@dataclass
class LoadResult:
    """The figures of one run, as the report and the test read them."""

    connections: int
    duration_s: float
    timeout_s: float
    elapsed_s: float
    requests: int
    rps: float
    refused_rps: float
    latency_ms: dict[str, float]
    refusal_ms: dict[str, float]
    connect_ms: dict[str, float]
    statuses: dict[str, int]
    kinds: dict[str, int]
    errors: dict[str, int]
    five_xx: int
    connections_opened: int
    clients_answered: int
    clients_refused: int
    clients_unanswered: int
    open_peak: int
    probe_ms: dict[str, float]
    probe_failures: int
    after: list[tuple[int, float]]
    server_alive: bool
    server: dict[str, int]
    server_cpu_s: float
    client_cpu_s: float
    others_cpu_s: float
    tracebacks: int
    fd_limit: int

    @property
    def healthy_after(self) -> bool:
        """Whether the server still answered every request after the load with 200 within 1 s."""
        return self.server_alive and all(s == 200 and t < 1.0 for s, t in self.after)


def percentiles(values: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 and max of ``values`` (seconds), in milliseconds; empty when none."""
    if not values:
        return {}
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": ordered[-1] * 1000}


def run_load(
    server: Server, *, connections: int, duration: float, timeout: float = 30.0
) -> LoadResult:
    """Load a running server, then check it still answers; see the module's docstring."""
    fd_limit = raise_fd_limit(connections + FD_RESERVE)
    plan = learn_plan(server.host, server.port)
    pid = server.process.pid
    sampled: list[dict[str, int]] = []

    async def sample(until: float) -> None:
        while time.monotonic() < until:
            sampled.append(process_stats(pid))
            await asyncio.sleep(0.5)

    async def main() -> tuple[Tally, float]:
        sampler = asyncio.create_task(sample(time.monotonic() + duration + timeout))
        try:
            return await drive(
                server.host,
                server.port,
                plan,
                connections=connections,
                duration=duration,
                timeout=timeout,
            )
        finally:
            sampler.cancel()

    busy_before, client_before = busy_seconds(), own_cpu_seconds()
    before = process_stats(pid)
    tally, elapsed = asyncio.run(main())
    during = process_stats(pid)
    busy, client_cpu = busy_seconds() - busy_before, own_cpu_seconds() - client_before
    after = [probe(server.host, server.port, target) for target in _AFTER_TARGETS]
    final = process_stats(pid)
    alive = server.process.poll() is None
    ticks = os.sysconf("SC_CLK_TCK")
    server_cpu = (during.get("cpu_ticks", 0) - before.get("cpu_ticks", 0)) / ticks
    peaks = {
        name: max([s.get(name, 0) for s in (*sampled, final)], default=0)
        for name in ("VmRSS", "fds", "Threads")
    }
    peaks["VmHWM"] = final.get("VmHWM", 0)
    log = server.log_text()
    statuses = {str(code): count for code, count in sorted(tally.statuses.items())}
    return LoadResult(
        connections=connections,
        duration_s=duration,
        timeout_s=timeout,
        elapsed_s=elapsed,
        requests=sum(tally.statuses.values()),
        rps=tally.in_window / duration,
        refused_rps=tally.others_in_window / duration,
        refusal_ms=percentiles(tally.other_latencies),
        latency_ms=percentiles(tally.latencies),
        connect_ms=percentiles(tally.connects),
        statuses=statuses,
        kinds=dict(tally.kinds),
        errors={kind: tally.errors.get(kind, 0) for kind in ERROR_KINDS},
        five_xx=sum(count for code, count in tally.statuses.items() if code >= 500),
        connections_opened=tally.connections_opened,
        clients_answered=tally.answered,
        clients_refused=tally.refused_cleanly,
        clients_unanswered=tally.unanswered,
        open_peak=tally.open_peak,
        probe_ms=percentiles([t for s, t in tally.probes if s == 200]),
        probe_failures=sum(1 for s, _ in tally.probes if s != 200),
        after=after,
        server_alive=alive,
        server=peaks,
        server_cpu_s=server_cpu,
        client_cpu_s=client_cpu,
        others_cpu_s=max(0.0, busy - server_cpu - client_cpu),
        tracebacks=log.count("Traceback"),
        fd_limit=fd_limit,
    )


_AFTER_TARGETS = (
    "/api/v1/",
    "/api/v1/tags",
    "/api/v1/articles?per_page=20",
    "/api/v1/openapi.json",
)


# The report


def library_for(size: int, seed: int) -> Path:
    """``bench/libraries/SIZE``, generated first when it is missing or incomplete."""
    library = BENCH / "libraries" / str(size)
    if not generate.is_complete(library, size, seed):
        print(f"generating {size:,} articles into {library} ...", flush=True)
        generate.generate(size, library, seed)
    return library


@contextmanager
def served(library: Path, *, open_files: int | None = None) -> Iterator[Server]:
    """A fresh ``zo-reader serve`` of ``library`` in a temporary work folder, stopped after."""
    with tempfile.TemporaryDirectory(prefix="zo-reader-load-") as work:
        server = start_server(library, Path(work), open_files=open_files)
        try:
            yield server
        finally:
            server.stop()


def _ms(figures: dict[str, float], name: str) -> str:
    value = figures.get(name)
    return "–" if value is None else f"{value:,.0f}"


def table(results: Sequence[LoadResult]) -> str:
    """One row per run: throughput, latency, refusals, errors by kind and the state afterwards."""
    rows = [
        "| Connections | Answered/s | p50 ms | p95 ms | p99 ms | max ms | Busy 503/s "
        "| 503 p50 ms | Other 5xx | Refused | Reset | Closed | Timeout | Client "
        "| Unanswered clients | A person's request: p50 / max ms | After |",
        "|" + "---|" * 17,
    ]
    for r in results:
        errors = r.errors
        after = "200s within 1 s" if r.healthy_after else "NOT NORMAL"
        person = f"{_ms(r.probe_ms, 'p50')} / {_ms(r.probe_ms, 'max')}"
        if r.probe_failures:
            person += f" ({r.probe_failures} not 200)"
        other_5xx = r.five_xx - r.statuses.get("503", 0)
        rows.append(
            f"| {r.connections:,} | {r.rps:,.0f} | {_ms(r.latency_ms, 'p50')} "
            f"| {_ms(r.latency_ms, 'p95')} | {_ms(r.latency_ms, 'p99')} "
            f"| {_ms(r.latency_ms, 'max')} | {r.refused_rps:,.0f} | {_ms(r.refusal_ms, 'p50')} "
            f"| {other_5xx:,} | {errors['refused']:,} | {errors['reset']:,} "
            f"| {errors['closed']:,} | {errors['timeout']:,} | {errors['client']:,} "
            f"| {r.clients_unanswered:,} | {person} | {after} |"
        )
    return "\n".join(rows)


def server_table(results: Sequence[LoadResult]) -> str:
    """The server's side: connections, memory, descriptors, threads and CPU."""
    rows = [
        "| Connections | Opened (incl. reconnects) | Connect p50 / p99 ms | Server peak RSS "
        "| Peak open fds | Peak threads | CPU: server / clients / other processes "
        "| Statuses | Tracebacks in log |",
        "|" + "---|" * 9,
    ]
    for r in results:

        def cores(seconds: float, r: LoadResult = r) -> str:
            return f"{seconds / r.elapsed_s:.2f}"

        statuses = ", ".join(f"{code}: {count:,}" for code, count in r.statuses.items())
        rows.append(
            f"| {r.connections:,} | {r.connections_opened:,} "
            f"| {_ms(r.connect_ms, 'p50')} / {_ms(r.connect_ms, 'p99')} "
            f"| {r.server.get('VmHWM', 0) / 1024:,.0f} MiB | {r.server.get('fds', 0):,} "
            f"| {r.server.get('Threads', 0)} | {cores(r.server_cpu_s)} / {cores(r.client_cpu_s)} "
            f"/ {cores(r.others_cpu_s)} | {statuses} | {r.tracebacks} |"
        )
    return "\n".join(rows)


def section(info: dict[str, str], results: Sequence[LoadResult], size: int, command: str) -> str:
    """This script's section of RESULTS.md."""
    timeout = results[0].timeout_s if results else 0
    mix = ", ".join(f"{kind} {share} %" for kind, share in MIX.items())
    duration = results[0].duration_s if results else 0
    limits = ", ".join(sorted({f"{r.fd_limit:,}" for r in results}))
    return f"""{SECTION}

{info["date"]}; {info["machine"]}; {info["code"]}. Rerunning replaces this section only.

```
{command}
```

- `zo-reader serve` in a subprocess on 127.0.0.1, serving the {size:,}-article library
  from `bench/generate.py`; a fresh server for each row. The clients run in one process
  on the same machine: raw asyncio sockets, one keep-alive connection each, all opened at
  once, each sending its next request as soon as the last is answered, for {duration:.0f} s.
  A client answered 503 waits as its `Retry-After` says (up to 5 s), as zo-reader's does.
- The mix: {mix}. Lists are pages 1-10 (20 or 50 a page, a third within a tag), searches
  one or two words of titles, articles among the first 300 ids; revalidations send
  `If-None-Match` with an ETag seen earlier and get a 304. Every request asks for gzip.
- *Answered/s* counts 200s and 304s completed within the {duration:.0f} s; their latency is
  from sending the request to the end of the answer, on the client. *Busy 503/s* counts the
  server's refusals when a request waited 5 s for the library (`MAX_WAIT_SECONDS`; once
  the queue is 0.5 s old the newest request goes first, so those answered are answered
  quickly). "A person's request" is one more client asking for the tag list on a new
  connection every 0.5 s meanwhile.
- Errors by kind: *refused* (connection refused), *reset*, *closed* (the server hung up
  before a whole answer), *timeout* (no answer within {timeout:.0f} s), *client* (this process
  ran out of descriptors or ports). *Unanswered clients* got neither an answer nor a clean
  refusal (a refused connection or a 503) in the whole run. *After* is four requests on new
  connections once the load stopped: each must be a 200 within 1 s.
- Soft `RLIMIT_NOFILE` of the bench and so of the server: {limits} (the bench raises its
  own to at least connections + {FD_RESERVE} when the hard limit allows; the server raises
  its own in any case). "Other processes" is the CPU the rest of the machine used meanwhile:
  the figures are only as good as the machine was quiet.

{table(results)}

{server_table(results)}
"""


def write_section(text: str, out: Path) -> None:
    """Replace this script's section of ``out``, or append it."""
    replace_section(out, SECTION, text)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; the exit status is 1 when a run was not clean."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--connections",
        default=",".join(map(str, DEFAULT_CONNECTIONS)),
        help="comma-separated numbers of concurrent connections, one run each",
    )
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load per run")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for a connect/answer")
    parser.add_argument("--size", type=int, default=1000, help="articles in the served library")
    parser.add_argument("--seed", type=int, default=0, help="library seed (default 0)")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md", help="report file")
    parser.add_argument("--no-write", action="store_true", help="print the section only")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    library = library_for(args.size, args.seed)
    results: list[LoadResult] = []
    for connections in (int(n) for n in args.connections.split(",")):
        print(f"{connections:,} connections for {args.duration:.0f} s ...", flush=True)
        with served(library) as server:
            result = run_load(
                server, connections=connections, duration=args.duration, timeout=args.timeout
            )
        results.append(result)
        print(
            f"  {result.rps:,.0f} requests/s, p50 {_ms(result.latency_ms, 'p50')} ms, "
            f"p99 {_ms(result.latency_ms, 'p99')} ms, 5xx {result.five_xx}, "
            f"errors {result.errors}, unanswered clients {result.clients_unanswered}, "
            f"after: {'normal' if result.healthy_after else result.after}",
            flush=True,
        )
    import remote  # a sibling script; its machine() describes the host

    command = "python bench/serve_load.py " + " ".join(sys.argv[1:] if argv is None else argv)
    text = section(remote.machine(), results, args.size, command.strip())
    print()
    print(text)
    raw = BENCH / ".work" / "serve-load-results.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    if not args.no_write:
        write_section(text, args.out)
        print(f"wrote {args.out} (section) and {raw}")
    clean = all(
        r.healthy_after
        and r.five_xx == r.statuses.get("503", 0)  # only the clean "busy" refusals
        and not any(r.errors[kind] for kind in ("reset", "closed", "timeout"))
        and r.clients_unanswered == 0
        and not r.tracebacks
        for r in results
    )
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
