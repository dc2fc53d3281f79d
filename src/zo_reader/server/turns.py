"""Turns at the library: a few at once, a bounded wait, the newest first when the queue is old.

The library answers one request at a time, so under more requests than it
can answer they must wait; :class:`Turns` decides how. Oldest first while the
queue moves quickly. Once the oldest waiter has waited past ``newest_after``
the queue is not draining, and serving it in order would make every request
wait nearly the whole ``max_wait`` only for most to be refused anyway; so the
newest is served first, the way "adaptive LIFO" serves overloaded services
(Facebook's "Fail at Scale", 2015): those served are served quickly, and the
ones left over are refused when their ``max_wait`` runs out. Nothing here
knows about HTTP; :mod:`zo_reader.server.app` turns :class:`NoTurn` into 503.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class NoTurn(Exception):
    """No turn came within the wait allowed."""


class Turns:
    """At most ``slots`` holders at once; others wait their turn, up to ``max_wait`` seconds.

    Only for one event loop (every request of the server runs on it), so no
    lock is needed.

    Args:
        slots: Holders at once.
        max_wait: Seconds a waiter waits before :class:`NoTurn` is raised.
        newest_after: Once the oldest waiter has waited this long, the newest goes first.
        clock: Seconds from an arbitrary start (tests pass a fake).
    """

    def __init__(
        self,
        slots: int,
        max_wait: float,
        newest_after: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_wait = max_wait
        self.newest_after = newest_after
        self._clock = clock
        self._free = slots
        # (when it began waiting, its future); cancelled futures are dropped lazily.
        self._waiting: deque[tuple[float, asyncio.Future[None]]] = deque()

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold a turn for the ``async with`` block.

        Raises:
            NoTurn: None came within ``max_wait`` seconds.
        """
        await self._acquire()
        try:
            yield
        finally:
            self._pass_on()

    async def _acquire(self) -> None:
        self._drop_cancelled()
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return
        handed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((self._clock(), handed))
        try:
            async with asyncio.timeout(self.max_wait):
                await handed
        except (TimeoutError, asyncio.CancelledError) as stopped:
            if handed.done() and not handed.cancelled():
                self._pass_on()  # handed a turn just as the wait ended: give it on
            else:
                handed.cancel()
            if isinstance(stopped, TimeoutError):
                raise NoTurn from None
            raise

    def _pass_on(self) -> None:
        """Hand the turn just given back to a waiter, or keep it free."""
        self._drop_cancelled()
        if self._waiting:
            oldest_since = self._waiting[0][0]
            if self._clock() - oldest_since > self.newest_after:
                _, handed = self._waiting.pop()
            else:
                _, handed = self._waiting.popleft()
            handed.set_result(None)
        else:
            self._free += 1

    def _drop_cancelled(self) -> None:
        waiting = self._waiting
        while waiting and waiting[0][1].done():
            waiting.popleft()
        while waiting and waiting[-1][1].done():
            waiting.pop()
