"""Run zo-reader with every network call it makes written to a log.

``python tests/privacy/connect_audit.py LOG ARGS...`` installs an audit hook
(PEP 578) that records each ``socket.connect``, ``socket.getaddrinfo``,
``socket.sendto`` and ``urllib.Request`` event with its address, then runs
``python -m zo_reader ARGS`` in the same process. The hook sees every
connection the interpreter makes, whichever library makes it.
"""

from __future__ import annotations

import runpy
import sys
from typing import Any

_WATCHED = ("socket.connect", "socket.getaddrinfo", "socket.sendto", "urllib.Request")


def main() -> None:
    log_path, *args = sys.argv[1:]
    log = open(log_path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives to the end

    def hook(event: str, details: tuple[Any, ...]) -> None:
        if event in _WATCHED:
            address = details[1] if event != "urllib.Request" else details[0]
            if event == "socket.getaddrinfo":
                address = (details[0], details[1])
            log.write(f"{event} {address!r}\n")

    sys.addaudithook(hook)
    sys.argv = ["zo-reader", *args]
    runpy.run_module("zo_reader", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
