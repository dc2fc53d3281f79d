"""What zo-reader leaves on disk: private mode, file modes, `forget`, and the history setting.

Every run here gets its own HOME with no ZO_READER_*_DIR overrides, so the
folders are the ones a user gets (platformdirs under HOME); the whole HOME is
compared before and after.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from zo_reader.core.sources import BUNDLED_SAMPLES


def home_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ZO_READER_", "XDG_"))
    }
    env.update(HOME=str(home), **extra)
    return env


def zo_reader(
    home: Path, *args: str, stdin: str = "", **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zo_reader", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        input=stdin,
        env=home_env(home, **extra),
    )


def tree(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every path under ``root`` with its mode, size and modification time."""
    found = {}
    for path in [root, *root.rglob("*")]:
        info = path.lstat()
        found[str(path.relative_to(root))] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return found


READING = (
    ("list", "-s", str(BUNDLED_SAMPLES)),
    ("search", "sleep", "-s", str(BUNDLED_SAMPLES)),
    ("read", "sleep-racing-mind", "-s", str(BUNDLED_SAMPLES)),
    ("tags", "-s", str(BUNDLED_SAMPLES)),
)


@pytest.mark.parametrize("how", ["flag", "environment", "config"])
def test_private_mode_writes_nothing_in_home(tmp_path: Path, how: str) -> None:
    home = tmp_path / "home"
    config = home / ".config" / "zo-reader" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("private = true\n" if how == "config" else "width = 70\n")
    before = tree(home)
    for command in READING:
        args = [*command, "--private"] if how == "flag" else list(command)
        extra = {"ZO_READER_PRIVATE": "1"} if how == "environment" else {}
        result = zo_reader(home, *args, **extra)
        assert result.returncode == 0, result.stderr
    line = zo_reader(
        home,
        "open",
        "--line",
        str(BUNDLED_SAMPLES),
        "--private",
        stdin="list\n1\nbookmark\nnext\nquit\n",
    )
    assert line.returncode == 0 and "Bookmarked" in line.stdout
    assert tree(home) == before


def test_without_private_mode_the_same_session_leaves_files(tmp_path: Path) -> None:
    """The check above can fail: a normal session writes the index and the bookmark."""
    home = tmp_path / "home"
    home.mkdir()
    zo_reader(home, "open", "--line", str(BUNDLED_SAMPLES), stdin="list\n1\nbookmark\nquit\n")
    written = {path.name for path in home.rglob("*") if path.is_file()}
    assert "state.json" in written
    assert any(name.endswith(".sqlite3") for name in written)


def test_files_are_0600_in_0700_folders(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = zo_reader(
        home, "open", "--line", str(BUNDLED_SAMPLES), stdin="list\n1\nbookmark\nquit\n"
    )
    assert result.returncode == 0, result.stderr
    ours = [home / ".cache" / "zo-reader", home / ".local" / "share" / "zo-reader"]
    checked = 0
    for root in ours:
        for path in [root, *root.rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"
            checked += 1
    assert checked >= 5


def test_forget_asks_then_deletes_everything_zo_reader_wrote(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    zo_reader(home, "open", "--line", str(BUNDLED_SAMPLES), stdin="list\n1\nbookmark\nquit\n")
    config = home / ".config" / "zo-reader" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("width = 70\n")
    neighbour = home / ".cache" / "zo-reader" / "notes.txt"
    neighbour.write_text("not zo-reader's")
    refused = zo_reader(home, "forget", stdin="n\n")
    assert refused.returncode == 0 and "Nothing was deleted." in refused.stdout
    assert "state.json" in refused.stdout and ".sqlite3" in refused.stdout
    assert (home / ".local" / "share" / "zo-reader" / "state.json").exists()
    done = zo_reader(home, "forget", "--yes")
    assert done.returncode == 0, done.stderr
    assert "Deleted" in done.stdout and "Kept your config file" in done.stdout
    left = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert left == [".cache/zo-reader/notes.txt", ".config/zo-reader/config.toml"]
    again = zo_reader(home, "forget", "--yes")
    assert "nothing stored" in again.stdout


def test_history_is_kept_across_sessions_only_when_asked(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    session = "open sleep-racing-mind\nopen evening\nquit\n"
    zo_reader(home, "open", "--line", str(BUNDLED_SAMPLES), stdin=session)
    state = (home / ".local" / "share" / "zo-reader" / "state.json").read_text()
    assert "history" not in state
    zo_reader(
        home, "open", "--line", str(BUNDLED_SAMPLES), stdin=session, ZO_READER_KEEP_HISTORY="1"
    )
    later = zo_reader(
        home,
        "open",
        "--line",
        str(BUNDLED_SAMPLES),
        stdin="back\nquit\n",
        ZO_READER_KEEP_HISTORY="1",
    )
    assert "sleep better" in later.stdout.lower()
    # Turned off again: the kept history is erased at the next save.
    zo_reader(home, "open", "--line", str(BUNDLED_SAMPLES), stdin="list\n1\nquit\n")
    assert "history" not in (home / ".local" / "share" / "zo-reader" / "state.json").read_text()


def test_a_private_reader_session_in_a_terminal_writes_nothing(tmp_path: Path) -> None:
    from tests.conftest import home_only_env
    from tests.terminal import Terminal

    home = tmp_path / "home"
    home.mkdir()
    env = home_only_env(home)
    env["ZO_READER_PRIVATE"] = "1"
    before = tree(home)
    argv = [sys.executable, "-m", "zo_reader", str(BUNDLED_SAMPLES)]
    with Terminal(argv, cols=80, rows=24, env=env) as term:
        term.wait_for("articles, newest first")
        term.settle()
        for key in ("enter", "pagedown", "b"):  # read, scroll, bookmark
            term.press(key)
            term.settle(0.2)
        term.wait_for("Bookmarked")
        term.press("escape")
        term.settle(0.4)
        term.send("q")
        assert term.wait_exit(10) == 0
    assert tree(home) == before
