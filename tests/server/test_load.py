"""Many clients at once: the real ``zo-reader serve`` answers or refuses each of them cleanly.

The load is ``bench/serve_load.py``'s (raw asyncio clients, one keep-alive
connection each, a mix of lists, searches, articles, tags and revalidations),
sized for CI: 1,000 connections for 5 seconds against a 300-article library.
The server starts with a soft limit of 512 open files, below the number of
connections, as a login shell's usual 1,024 would be for a larger crowd: it
must raise its own limit to take them all. This process raises its own soft
limit too (to connections + 200, within the hard limit), or the test is skipped.

Then the parts, alone: the limit ``serve`` raises, the 503 for a request that
gets no turn at the library in time, and the order in which turns are given.
"""

from __future__ import annotations

import asyncio
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import FIXTURES
from zo_reader.core.index import Library
from zo_reader.core.sources.folder import FolderSource
from zo_reader.server import app as server_app
from zo_reader.server.app import make_app
from zo_reader.server.turns import NoTurn, Turns

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (bench/ scripts, not a package)
import serve_load  # noqa: E402

CONNECTIONS = 1_000
SECONDS = 5.0


def test_a_thousand_connections_are_all_answered_or_cleanly_refused(tmp_path: Path) -> None:
    needed = CONNECTIONS + serve_load.FD_RESERVE
    if serve_load.raise_fd_limit(needed) < needed:
        pytest.skip(f"the hard limit on open files is below the {needed} this test needs")
    library = tmp_path / "library"
    generate.generate(300, library, seed=0, jobs=1)
    with serve_load.served(library, open_files=512) as server:
        result = serve_load.run_load(
            server, connections=CONNECTIONS, duration=SECONDS, timeout=20.0
        )
        log = server.log_text()

    summary = f"{result}\n{log[-3000:]}"
    # Every request was answered; the only 5xx allowed is the clean "busy" 503.
    assert result.five_xx == result.statuses.get("503", 0), summary
    assert result.errors == dict.fromkeys(serve_load.ERROR_KINDS, 0), summary
    # Every client got an answer (or, at worst, a clean refusal) at least once.
    assert result.clients_unanswered == 0, summary
    assert result.clients_answered + result.clients_refused == CONNECTIONS
    assert result.open_peak == CONNECTIONS  # all of them were connected at once
    assert result.requests >= CONNECTIONS
    assert set(result.statuses) <= {"200", "304", "503"}, summary
    assert result.kinds.get("revalidate", 0) > 0 and result.statuses.get("304", 0) > 0
    # Afterwards it answers as if nothing had happened, with nothing alarming in its log.
    assert result.healthy_after, result.after
    assert result.tracebacks == 0 and "Too many open files" not in log, log[-3000:]


def test_serve_raises_its_own_limit_on_open_files() -> None:
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    wanted = 4096 if hard == resource.RLIM_INFINITY else min(4096, hard)
    if wanted <= 256:
        pytest.skip("the hard limit on open files leaves nothing to raise")

    def start_low() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))

    probe = (
        "import resource\n"
        "from zo_reader.server.run import raise_open_files_limit\n"
        "print(raise_open_files_limit(4096), resource.getrlimit(resource.RLIMIT_NOFILE)[0])\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe],
        preexec_fn=start_low,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert output.stdout.split() == [str(wanted), str(wanted)]


class HeldLibrary(Library):
    """A library whose count waits until the test lets it go."""

    entered = threading.Event()
    release = threading.Event()

    def count_articles(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.entered.set()
        self.release.wait(10)
        return super().count_articles(*args, **kwargs)


async def test_a_request_that_gets_no_turn_in_time_is_refused_with_503(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server_app, "LIBRARY_SLOTS", 1)
    monkeypatch.setattr(server_app, "MAX_WAIT_SECONDS", 0.3)
    app = make_app(lambda: HeldLibrary(FolderSource(FIXTURES), None))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        held = asyncio.create_task(client.get("/api/v1/"))  # takes the only slot
        assert await asyncio.to_thread(HeldLibrary.entered.wait, 10)
        started = time.monotonic()
        refused = await client.get("/api/v1/tags")
        waited = time.monotonic() - started
        # What needs no library is answered meanwhile.
        assert (await client.get("/api/v1/openapi.json")).status_code == 200
        assert (await client.post("/api/v1/articles")).status_code == 405
        HeldLibrary.release.set()
        assert (await held).status_code == 200
        again = await client.get("/api/v1/tags")  # the slot is free again
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "2"
    assert refused.headers["cache-control"] == "no-store"
    assert "busy" in refused.json()["error"]
    assert 0.25 < waited < 3
    assert again.status_code == 200


# Turns at the library: the order of waiters, the bound on waiting


async def _order_served(
    turns: Turns, count: int, before_release: float, clock: list[float]
) -> list[int]:
    """Hold the only turn, queue ``count`` waiters, move the clock, release: the order served."""
    served: list[int] = []
    release = asyncio.Event()

    async def holder() -> None:
        async with turns.turn():
            await release.wait()

    async def waiter(number: int) -> None:
        async with turns.turn():
            served.append(number)

    held = asyncio.create_task(holder())
    await asyncio.sleep(0)
    waiters = []
    for number in range(count):
        waiters.append(asyncio.create_task(waiter(number)))
        await asyncio.sleep(0)  # queued in this order
    clock[0] += before_release
    release.set()
    await asyncio.gather(held, *waiters)
    return served


async def test_turns_go_oldest_first_while_the_queue_moves() -> None:
    clock = [0.0]
    turns = Turns(1, max_wait=5, newest_after=0.5, clock=lambda: clock[0])
    assert await _order_served(turns, 4, before_release=0.1, clock=clock) == [0, 1, 2, 3]


async def test_turns_go_newest_first_once_the_oldest_has_waited_too_long() -> None:
    clock = [0.0]
    turns = Turns(1, max_wait=5, newest_after=0.5, clock=lambda: clock[0])
    # The first hand-over finds the oldest waiting 2 s: the newest goes; the clock stands
    # still, so every later hand-over also finds the queue old.
    assert await _order_served(turns, 4, before_release=2.0, clock=clock) == [3, 2, 1, 0]


async def test_a_waiter_past_its_wait_gets_no_turn_and_takes_none_with_it() -> None:
    turns = Turns(1, max_wait=0.05, newest_after=0.5)
    release = asyncio.Event()

    async def holder() -> None:
        async with turns.turn():
            await release.wait()

    held = asyncio.create_task(holder())
    await asyncio.sleep(0)
    with pytest.raises(NoTurn):
        async with turns.turn():
            pytest.fail("a turn was given while the only one was held")
    cancelled = asyncio.create_task(holder())  # a waiter whose client goes away
    await asyncio.sleep(0)
    cancelled.cancel()
    release.set()
    await held
    # The turn is free again, at once, for one holder at a time.
    async with asyncio.timeout(1), turns.turn():
        with pytest.raises(NoTurn):
            async with turns.turn():
                pass
    async with asyncio.timeout(1), turns.turn():
        pass
