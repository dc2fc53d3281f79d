"""`zo-reader FILE.md` and live preview in line mode, with real files and a real terminal."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from tests.conftest import home_only_env, run_cli
from tests.terminal import Terminal

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def test_a_file_prints_as_text_when_output_is_not_a_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    shutil.copytree(FIXTURES, folder)
    result = run_cli(str(folder / "racing-thoughts.md"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Heading 1:")
    assert "racing" in result.stdout.lower()


def test_line_mode_opens_the_file_and_follows_edits(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    shutil.copytree(FIXTURES, folder)
    env = home_only_env(tmp_path / "home")
    target = folder / "racing-thoughts.md"
    argv = [sys.executable, "-m", "zo_reader", "--line", str(target)]
    with Terminal(argv, cols=80, rows=24, env=env, quit_keys=b"quit\r") as term:
        term.wait_for("zo-reader line mode: 1 article")  # the file alone, not its folder
        term.wait_for("page 1 of")  # the file's article is open
        term.settle()
        target.write_text(target.read_text() + "\nOne more line, written while reading.\n")
        time.sleep(1.0)  # the watcher and its sync run on their own, without a command
        term.send("where\r")
        term.wait_for("The open article changed")
        text = " ".join(term.screen_text().split())
        assert "Library updated: 0 new, 1 changed, 0 removed." in text
        term.send("quit\r")
        assert term.wait_exit(10) == 0
