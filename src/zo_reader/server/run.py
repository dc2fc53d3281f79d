"""Serving the API with uvicorn: address checks, request limits and a clean log.

Only ``zo-reader serve`` imports this module, so Starlette and uvicorn never
load on the start-up path of other commands.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
from typing import Any

import uvicorn

from zo_reader.core.sanitize import clean_text
from zo_reader.server.app import LibraryFactory, make_app
from zo_reader.server.middleware import MAX_REQUEST_HEAD_BYTES
from zo_reader.server.protocol import GuardedH11Protocol

OPEN_FILES_WANTED = 65_536
"""The soft limit on open files ``serve`` raises itself to, if the hard limit allows.

Every connection holds a descriptor. At the usual soft limit of 1,024, a
thousand clients leave none for the library, which opens folders and files to
sync: in the load test (``tests/server/test_load.py``), started at 512, folders
it could not list dropped their articles from the index (404s) until the next
sync, while clients past the limit waited for ``accept``.
"""


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name other than localhost may resolve to anything


def exposure_warning(host: str, token: str | None) -> str | None:
    """The one-line warning for serving beyond this machine without a token, if due."""
    if token or is_loopback(host):
        return None
    return (
        f"zo-reader: warning: serving on {host} without --token; "
        "anyone who can reach this address can read the whole library."
    )


class CleanFormatter(logging.Formatter):
    """Formats log records, then removes escape sequences and control characters.

    Messages can quote what a client sent or what a file holds; neither may
    reach the operator's terminal as a control sequence. Line feeds stay, so
    a traceback still reads as one.
    """

    def format(self, record: logging.LogRecord) -> str:
        return clean_text(super().format(record))


def log_config() -> dict[str, Any]:
    """Logging for uvicorn and the server: plain lines on stderr, no access log of uvicorn's."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"clean": {"()": CleanFormatter, "fmt": "zo-reader: %(message)s"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "clean",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            # Replaced by zo_reader.server.app's own line, which cannot carry escapes.
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "zo_reader.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        },
    }


def raise_open_files_limit(wanted: int = OPEN_FILES_WANTED) -> int | None:
    """Raise the soft limit on open files towards ``wanted``, within the hard limit.

    Returns:
        The soft limit now in force, or ``None`` where there is none to read
        (Windows).
    """
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        with contextlib.suppress(ValueError, OSError):  # macOS caps below some hard limits
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
    return int(soft)


def serve(library_factory: LibraryFactory, *, host: str, port: int, token: str | None) -> None:
    """Serve the library until Ctrl+C (returns) or SIGTERM (ends the process, as expected).

    Args:
        library_factory: Opens the library (see :func:`zo_reader.server.app.make_app`).
        host: Address to listen on.
        port: Port to listen on.
        token: If given, every request needs ``Authorization: Bearer TOKEN``.
    """
    raise_open_files_limit()
    config = uvicorn.Config(
        make_app(library_factory, token=token),
        host=host,
        port=port,
        # h11 explicitly: its limit on the request head applies (httptools, if
        # installed, has none to set), and "auto" could pick either. The subclass
        # adds a deadline for each request and JSON errors (see its module).
        http=GuardedH11Protocol,
        ws="none",
        loop="asyncio",
        lifespan="on",
        log_config=log_config(),
        access_log=False,
        server_header=False,
        # Nothing sits in front of us by default; do not let X-Forwarded-For rewrite the log.
        proxy_headers=False,
        # A head still incomplete past this size is refused with 400 before the app sees it.
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,
        timeout_graceful_shutdown=5,
    )
    # uvicorn shuts down cleanly on Ctrl+C, then re-raises the SIGINT it caught.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run()
