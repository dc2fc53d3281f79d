"""No escape sequence or control character from content reaches the terminal, in any mode.

The TUI's raw bytes are checked in tests/ui/test_pty.py; here the same
hostile library goes through every CLI command (stdout and stderr, warnings
and error messages included) and through line mode in a real terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import home_only_env
from tests.terminal import Terminal
from tests.ui.test_pty import assert_nothing_injected, hostile_library

C0_OR_C1 = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")
PAYLOAD = "\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07\x9b2J\x08"


def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "zo_reader", *args],
        capture_output=True,
        timeout=60,
        check=False,
        env=dict(os.environ),
    )


def test_every_cli_command_prints_hostile_content_clean(tmp_path: Path) -> None:
    library = str(hostile_library(tmp_path / "hostile"))
    runs = [
        cli("list", "-s", library, "-v"),
        cli("list", "-s", library, "--json"),
        cli("tags", "-s", library),
        cli("search", "hostile", "-s", library),
        cli("search", "prose", "-s", library, "--json"),
        cli("read", "front-matter", "-s", library),
        cli("read", "front-matter", "-s", library, "--format", "markdown"),
        cli("read", "front-matter", "-s", library, "--format", "json"),
        cli("read", "heading-title", "-s", library),
        cli("read", f"no {PAYLOAD} such", "-s", library),  # the error quotes the input
        cli("search", PAYLOAD, "-s", library),
        cli("list", "-s", f"{tmp_path}/missing{PAYLOAD}"),
    ]
    for run in runs:
        for stream in (run.stdout, run.stderr):
            found = C0_OR_C1.search(stream)
            assert found is None, (
                f"{run.args[3:5]}: {stream[max(0, found.start() - 60) : found.end() + 60]!r}"
            )
            assert b"PWNED" not in stream and b"cHduZWQ" not in stream
        assert b"Traceback" not in run.stderr
    assert runs[0].returncode == 0 and b"Yaml" in runs[0].stdout
    assert runs[9].returncode == 1 and runs[9].stderr.count(b"\n") == 1


def test_line_mode_shows_hostile_content_clean(tmp_path: Path) -> None:
    library = hostile_library(tmp_path / "hostile")
    env = home_only_env(tmp_path / "home")
    argv = [sys.executable, "-m", "zo_reader", "--line", str(library)]
    with Terminal(argv, cols=80, rows=24, env=env, quit_keys=b"quit\r") as term:
        term.wait_for("zo-reader>")
        for command in ("list", "1", "next", "links", "tags", "search hostile", "2", "where"):
            term.send(command + "\r")
            term.settle(0.3)
        term.send("quit\r")
        assert term.wait_exit(10) == 0
        raw = term.raw
    assert b"Yaml" in raw and b"clickme" in raw
    assert_nothing_injected(raw)
