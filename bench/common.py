"""What the benchmark scripts share: their sections of RESULTS.md and how they name the machine.

Each script owns one section of ``bench/RESULTS.md`` and replaces only that.
"""

from __future__ import annotations

import os
import platform
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu_model() -> str:
    """The processor's name as Linux reports it (or what Python knows elsewhere)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return cpu


def git_commit() -> str:
    """The checked-out commit, ``-dirty`` when the tree has changes; ``unknown`` without git."""
    try:
        return (
            subprocess.run(
                ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            or "unknown"
        )
    except OSError:
        return "unknown"


def replace_section(out: Path, heading: str, text: str) -> None:
    """Put ``text`` (starting with ``heading``) in place of that section, or append it.

    A section runs from its ``## `` heading to the next one; other sections stay as they are.
    """
    old = out.read_text(encoding="utf-8") if out.exists() else "# zo-reader benchmark results\n"
    start = old.find(heading)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        following = old.find("\n## ", start + len(heading))
        rest = old[following + 1 :] if following >= 0 else ""
        new = old[:start] + text + ("\n" + rest if rest else "")
    out.write_text(new, encoding="utf-8")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def private_env(home: Path) -> dict[str, str | None]:
    """An environment for a zo-reader child: its folders under ``home``, no user settings.

    ``None`` removes a variable (as :class:`tests.terminal.Terminal` takes it): the
    user's ``TEXTUAL_*`` and ``ZO_READER_*`` must not change what is measured.
    """
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith(("TEXTUAL", "ZO_READER_"))
    }
    env.update(
        ZO_READER_CONFIG="/nonexistent",
        ZO_READER_CONFIG_DIR=str(home / "config"),
        ZO_READER_DATA_DIR=str(home / "data"),
        ZO_READER_CACHE_DIR=str(home / "cache"),
    )
    return env
