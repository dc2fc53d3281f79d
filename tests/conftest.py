"""Shared fixtures: every test gets its own config, cache and data folders."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest

from tests.wordpress_site import wordpress_url  # noqa: F401  (fixture: the loopback WordPress)
from zo_reader.core.settings import Settings

# Every variable zo-reader reads: one per setting (ZO_READER_REQUEST_DEADLINE...), however
# many there come to be, and the config file's. The tests' own (ZO_READER_TEST_WORDPRESS_URL,
# ZO_READER_REQUIRE_WORDPRESS, ZO_READER_WP_*) are left as the shell set them.
_OVERRIDES = (
    *(f"ZO_READER_{setting.name.upper()}" for setting in fields(Settings)),
    "ZO_READER_CONFIG",
)


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point zo-reader's config, cache and data at a temporary folder; clear overrides."""
    home = tmp_path / "user"
    for name in (*_OVERRIDES, "NO_COLOR"):  # whatever the developer's shell holds
        monkeypatch.delenv(name, raising=False)
    for kind in ("config", "cache", "data"):
        monkeypatch.setenv(f"ZO_READER_{kind.upper()}_DIR", str(home / kind))
    yield home


def write(root: Path, relative: str, text: str | bytes) -> Path:
    """Write a file under ``root``, creating folders; bytes are written as they are."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m zo_reader ARGS`` as a user would, with this test's folders."""
    return subprocess.run(
        [sys.executable, "-m", "zo_reader", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=dict(os.environ),
    )


def home_only_env(home: Path) -> dict[str, str | None]:
    """For tests.terminal.Terminal: HOME set, every zo-reader, XDG and Textual override removed.

    The program then uses the folders a user gets (platformdirs under HOME).
    """
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith(("ZO_READER_", "XDG_", "TEXTUAL"))
    }
    env["HOME"] = str(home)
    return env
