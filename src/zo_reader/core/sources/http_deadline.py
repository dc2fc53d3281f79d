"""An overall deadline for each request: connecting, the status line, headers and body.

httpx's read timeout starts again with every byte, so a server dripping one
byte a second (in its headers or its body) kept a sync waiting for ever. The
deadline lives where the bytes are read: a network backend for httpcore's
connection pool whose streams give each read, write and connect at most the
time left before the calling thread's deadline. Once it is spent, the read
fails with :class:`DeadlinePassed` instead of waiting again; pooled
connections are covered too, as their streams came from the same backend.
"""

from __future__ import annotations

import contextlib
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import httpcore

if TYPE_CHECKING:
    import httpx


class DeadlinePassed(Exception):
    """The request's overall deadline passed while it was still being answered."""


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sockets, with every wait cut to the time left before the deadline.

    The deadline is per thread: each thread's request sets its own (see
    :meth:`deadline`), and outside one the timeouts are httpx's as they are.
    """

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()
        self._local = threading.local()

    @contextlib.contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Everything this thread reads or writes within the block ends by ``seconds`` from now."""
        self._local.at = time.monotonic() + seconds
        try:
            yield
        finally:
            self._local.at = None

    def wait(self, timeout: float | None) -> tuple[float | None, bool]:
        """The timeout to use for one wait, and whether the deadline cut it short.

        Raises:
            DeadlinePassed: No time is left.
        """
        at: float | None = getattr(self._local, "at", None)
        if at is None:
            return timeout, False
        left = at - time.monotonic()
        if left <= 0:
            raise DeadlinePassed
        if timeout is None or left < timeout:
            return left, True
        return timeout, False

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        limit, cut = self.wait(timeout)
        with _deadline_on_timeout(cut):
            stream = self._inner.connect_tcp(host, port, limit, local_address, socket_options)
        return _DeadlineStream(stream, self)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        limit, cut = self.wait(timeout)
        with _deadline_on_timeout(cut):
            stream = self._inner.connect_unix_socket(path, limit, socket_options)
        return _DeadlineStream(stream, self)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, backend: DeadlineBackend) -> None:
        self._stream = stream
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        limit, cut = self._backend.wait(timeout)
        with _deadline_on_timeout(cut):
            return self._stream.read(max_bytes, limit)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        limit, cut = self._backend.wait(timeout)
        with _deadline_on_timeout(cut):
            self._stream.write(buffer, limit)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        limit, cut = self._backend.wait(timeout)
        with _deadline_on_timeout(cut):
            stream = self._stream.start_tls(ssl_context, server_hostname, limit)
        return _DeadlineStream(stream, self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


@contextlib.contextmanager
def _deadline_on_timeout(cut: bool) -> Iterator[None]:
    """A timeout of a wait the deadline had shortened is the deadline passing."""
    try:
        yield
    except httpcore.TimeoutException:
        if cut:
            raise DeadlinePassed from None
        raise


def deadline_transport(backend: DeadlineBackend, *, verify: bool) -> httpx.HTTPTransport:
    """httpx's usual transport, its connections made by ``backend``."""
    import httpx

    transport = httpx.HTTPTransport(verify=verify, trust_env=False)
    # httpx takes no network backend, but httpcore's pool (public API) does; this
    # pool is the one httpx would build, with the same defaults.
    limits = httpx.Limits()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=backend,
    )
    return transport
