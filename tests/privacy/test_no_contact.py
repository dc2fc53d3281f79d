"""zo-reader contacts nothing but the source it was given: every connection attempt is logged.

The program runs under an audit hook (connect_audit.py) that records every
socket connection and name lookup the interpreter makes: a folder session in
a real terminal must make none at all, and a session on a served library
only connections to that server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import home_only_env
from tests.served import serve_folder
from tests.terminal import Terminal
from zo_reader.core.sources import BUNDLED_SAMPLES

AUDIT = Path(__file__).resolve().parent / "connect_audit.py"


def audited_events(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_a_folder_session_contacts_nothing(tmp_path: Path) -> None:
    log = tmp_path / "connections.log"
    argv = [sys.executable, str(AUDIT), str(log), str(BUNDLED_SAMPLES)]
    with Terminal(argv, cols=80, rows=24, env=home_only_env(tmp_path / "home")) as term:
        term.wait_for("Search")
        for key in ("enter", "pagedown", "tab", "escape", "t", "escape", "?"):
            term.press(key)
            term.settle(0.2)
        term.press("escape")
        term.wait_gone("Keys. Press Escape to close.")
        term.settle(0.3)
        term.send("q")
        assert term.wait_exit(10) == 0
    assert audited_events(log) == []


def test_the_hook_sees_connections(tmp_path: Path) -> None:
    """The check can fail: a remote source's connections are all logged."""
    log = tmp_path / "connections.log"
    folder = tmp_path / "served"
    shutil.copytree(BUNDLED_SAMPLES, folder)
    env = {k: v for k, v in home_only_env(tmp_path / "home").items() if v is not None}
    env.update(
        {
            k: v
            for k, v in os.environ.items()
            if k not in env and not k.startswith(("ZO_READER_", "XDG_"))
        }
    )
    with serve_folder(folder) as served:
        port = served.url.rsplit(":", 1)[1].strip("/")
        for args in (
            ["list", "-s", served.url],
            ["read", "sleep-racing-mind", "-s", served.url],
            ["search", "meeting", "-s", served.url],
        ):
            result = subprocess.run(
                [sys.executable, str(AUDIT), str(log), *args],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
                env=env,
            )
            assert result.returncode == 0, result.stderr
    events = audited_events(log)
    connects = [e for e in events if e.startswith("socket.connect")]
    assert connects, events
    assert all(f"'127.0.0.1', {port}" in event for event in connects), events
    lookups = [e for e in events if e.startswith("socket.getaddrinfo")]
    assert all("127.0.0.1" in event for event in lookups), events
