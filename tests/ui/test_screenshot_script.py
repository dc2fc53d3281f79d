"""The README's screenshots come from a script; running it here keeps it from rotting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_screenshots.py"


def test_make_screenshots_writes_every_scenario(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    names = sorted(path.stem for path in tmp_path.glob("*.svg"))
    assert names == [
        "article",
        "browse",
        "help",
        "high-contrast",
        "saved-page",
        "search",
        "tag-filter",
    ]
    article = (tmp_path / "article.svg").read_text()
    assert article.startswith("<svg")
    assert "\x1b" not in article
    saved = (tmp_path / "saved-page.svg").read_text()
    assert "Heading&#160;2:&#160;Why&#160;does&#160;it&#160;feel" in saved or (
        "Why does it feel so hard to say sorry?" in saved.replace("&#160;", " ")
    )
    assert "HeartSpace" not in saved
