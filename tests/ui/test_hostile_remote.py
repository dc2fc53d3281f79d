"""A hostile zo-reader API or WordPress site: not one control byte of its values is printed.

Every string the server sends (title, date, author, tags, summary, slug, id,
body, snippet, warning codes and messages) carries a window-title OSC, a
screen clear, an unterminated OSC, an 8-bit CSI, a bell, backspaces and a
right-to-left override. The TUI is walked on a real pseudo-terminal; every
command prints to pipes; all bytes are checked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile_api import hostile_api, hostile_wordpress
from tests.ui.conftest import Launch
from tests.ui.test_pty import (
    LIST_FOOTER,
    READER_FOOTER,
    START_TIMEOUT,
    assert_nothing_injected,
    press,
    quit_cleanly,
    walk_every_article,
)

# What no command may print when its output is a pipe: any C0 control but TAB and
# LF (ESC, BEL, BS, CR included), DEL, a C1 control, a bidi control, or the payload.
UNSAFE = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|PWNED"
)
# Each hostile server, and the id of an article it serves.
SERVERS = {"zo": (hostile_api, "first"), "wordpress": (hostile_wordpress, "hostile-post")}
COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["list", "-v"],
    ["tags"],
    ["tags", "--json"],
    ["search", "hostile"],
    ["search", "hostile", "--json"],
    ["read", "ID"],
    ["read", "ID", "--format", "markdown"],
    ["read", "ID", "--format", "json"],
    ["check"],
    ["check", "--json"],
]


def environment(home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("ZO_READER_", "TEXTUAL"))}
    return {
        **keep,
        "HOME": str(home),
        "ZO_READER_CACHE_DIR": str(home / "cache"),
        "ZO_READER_DATA_DIR": str(home / "data"),
        "ZO_READER_CONFIG_DIR": str(home / "config"),
        "ZO_READER_CONFIG": "/nonexistent",
    }


def run(arguments: list[str], home: Path, stdin: str = "") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "zo_reader", *arguments],
        input=stdin.encode(),
        capture_output=True,
        env=environment(home),
        timeout=120,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("kind", SERVERS)
def test_every_command_prints_no_control_byte_from_a_hostile_server(
    tmp_path: Path, kind: str
) -> None:
    serve, article = SERVERS[kind]
    with serve() as url:
        for command in COMMANDS:
            command = [article if word == "ID" else word for word in command]
            done = run([*command, "-s", url], tmp_path)
            output = done.stdout + done.stderr
            assert done.returncode in (0, 1), (command, output[-600:])  # check: 1 = findings
            assert b"Traceback" not in output, command
            found = UNSAFE.search(output)
            assert found is None, (command, output[max(0, found.start() - 80) : found.end() + 80])
            assert len(output.strip()) > 20, command  # it printed something: the check is real
        # Line mode, driven through its prompt: list, open, page, links, tags, search.
        script = "list\nopen 1\nnext\nlinks\ntags\nsearch hostile\nwhere\nquit\n"
        done = run(["--line", url], tmp_path, stdin=script)
        output = done.stdout + done.stderr
        assert done.returncode == 0, output[-600:]
        assert b"Heading 1: Hostile" in output
        assert UNSAFE.search(output) is None, output[-600:]


@pytest.mark.slow
@pytest.mark.parametrize("kind", SERVERS)
def test_the_tui_writes_no_escape_sequence_from_a_hostile_server(launch: Launch, kind: str) -> None:
    serve, _ = SERVERS[kind]
    with serve() as url:
        term = launch(url)
        term.wait_for(LIST_FOOTER, START_TIMEOUT)
        term.wait_for("Hostile")
        term.settle()
        assert walk_every_article(term, 2) >= 1
        press(term, "?")  # help lists the keys: nothing of the server's
        press(term, "escape")
        term.press("enter")
        term.wait_for(READER_FOOTER)
        press(term, "?")  # the reader's help, over the article
        press(term, "escape")
        press(term, "escape")
        assert term.window_title == ""
        assert {number for number, _ in term.osc_sequences()} <= {22}  # pointer shape only
        quit_cleanly(term)
    assert b"Hostile" in term.raw
    assert_nothing_injected(term.raw)
