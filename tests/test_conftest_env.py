"""The shared fixtures clear every setting a developer's shell may hold."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
from zo_reader.core.settings import Settings, load_settings

def test_settings_are_the_defaults():
    assert load_settings() == Settings()
"""


def test_no_setting_from_the_shell_reaches_a_test(tmp_path: Path) -> None:
    probe = tmp_path / "test_probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    env = {
        **os.environ,
        "ZO_READER_REQUEST_DEADLINE": "1",
        "ZO_READER_THEME": "light",
        "ZO_READER_SCREEN_READER": "1",
        "ZO_READER_MAX_DOWNLOAD_SIZE": "5",
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "tests.conftest",
        "-p",
        "no:cacheprovider",
    ]
    result = subprocess.run(
        [*command, "--rootdir", str(tmp_path), str(probe)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
