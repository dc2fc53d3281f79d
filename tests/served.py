"""A real ``zo-reader serve`` API on 127.0.0.1, in a thread, for the client's tests.

The application is the one ``serve`` runs (Starlette under uvicorn, on a real
socket), over a folder the test controls; ``stop()`` takes it away mid-test,
which is how the offline behaviour is proved.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from zo_reader.core.index import Library
from zo_reader.core.sources.folder import FolderSource
from zo_reader.server.app import make_app


@dataclass
class Served:
    """A running server: its address, and a way to stop it."""

    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        """Stop serving and wait until the port is closed."""
        self.server.should_exit = True
        self.thread.join(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve_folder(folder: Path, *, token: str | None = None, port: int = 0) -> Iterator[Served]:
    """Serve ``folder`` as ``zo-reader serve`` would, syncing on every request."""
    app = make_app(lambda: Library(FolderSource(folder), None), token=token, resync_seconds=0.0)
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    served = Served(f"http://127.0.0.1:{port}/", server, thread)
    try:
        yield served
    finally:
        served.stop()
