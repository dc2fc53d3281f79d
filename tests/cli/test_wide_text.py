"""Wide text in the plain layout: Japanese never runs past the width, in ``read`` and line mode.

Issue 13, bug 5: the plain wrapper counted characters, so Japanese text wrapped
at 30 columns reached 51 cells.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from tests.conftest import write
from zo_reader.cli.line_mode import run_line_mode
from zo_reader.core.context import make_context
from zo_reader.core.markdown.wrap import cell_width
from zo_reader.core.settings import Settings

JAPANESE = (
    "---\ntitle: 夜の散歩\n---\n\n"
    "夕食の後に軽く散歩をすると、多くの人はよく眠れるようになります。"
    "体温が少し上がり、その後ゆっくり下がることが眠りを助けるからです。\n\n"
    "## 注意すること\n\n"
    "- 寝る直前の激しい運動は避けてください。明るい画面も同じです。\n"
    "- 家族👨\u200d👩\u200d👧と一緒に歩くのも良い方法です。\n"
)


def _library(root: Path) -> Path:
    write(root, "walks.md", JAPANESE)
    return root


def test_read_text_keeps_japanese_within_the_width(tmp_path: Path) -> None:
    source = _library(tmp_path / "articles")
    args = ["read", "walks", "-s", str(source), "--format", "text", "--width", "30"]
    result = subprocess.run(
        [sys.executable, "-m", "zo_reader", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "散歩" in result.stdout
    assert max(cell_width(line) for line in lines) <= 30, lines
    # No word is lost or split by wrapping: the paragraph comes back whole.
    assert "".join(lines).count("眠りを助けるからです。") == 1
    assert "👨\u200d👩\u200d👧" in result.stdout


def test_line_mode_keeps_japanese_within_the_width(tmp_path: Path) -> None:
    source = _library(tmp_path / "articles")
    context = make_context(
        Settings(), str(source), cache_root=tmp_path / "cache", data_root=tmp_path / "data"
    )
    try:
        out = io.StringIO()
        assert run_line_mode(context, io.StringIO("open walks\n"), out, 30, 40) == 0
    finally:
        context.close()
    body = out.getvalue().split("zo-reader> ", 1)[1]
    assert "散歩" in body
    lines = [line for line in body.splitlines() if not line.startswith("--")]
    assert max(cell_width(line) for line in lines) <= 30, lines
