"""Bookmarks and reading positions: kept per source, private, robust to bad files."""

from __future__ import annotations

import json
from pathlib import Path

from zo_reader.core.state import ReadingState


def test_bookmarks_toggle_and_persist(tmp_path: Path) -> None:
    path = tmp_path / "data" / "state.json"
    state = ReadingState(path, "folder:/a")
    assert state.toggle_bookmark("x") is True
    assert state.toggle_bookmark("y") is True
    assert state.toggle_bookmark("x") is False
    assert state.toggle_bookmark("z") is True
    again = ReadingState(path, "folder:/a")
    assert again.bookmarks() == ["z", "y"]
    assert again.is_bookmarked("y") and not again.is_bookmarked("x")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_positions_are_saved_on_request_only(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    state = ReadingState(path, "k")
    state.set_position("a", 42)
    assert not path.exists()
    state.save()
    assert ReadingState(path, "k").position("a") == 42
    assert ReadingState(path, "k").position("unknown") == 0


def test_sources_do_not_mix_or_overwrite_each_other(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    first, second = ReadingState(path, "one"), ReadingState(path, "two")
    first.toggle_bookmark("a")
    second.toggle_bookmark("b")
    assert ReadingState(path, "one").bookmarks() == ["a"]
    assert ReadingState(path, "two").bookmarks() == ["b"]


def test_a_damaged_file_is_ignored_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    for garbage in (
        "{not json",
        "[1, 2]",
        json.dumps({"sources": {"k": {"bookmarks": [1, "ok"]}}}),
    ):
        path.write_text(garbage)
        state = ReadingState(path, "k")
        assert state.bookmarks() in ([], ["ok"])
        state.toggle_bookmark("new")
        assert "new" in ReadingState(path, "k").bookmarks()


def test_memory_only_state_writes_nothing(tmp_path: Path) -> None:
    state = ReadingState(None, "k")
    state.toggle_bookmark("a")
    state.set_position("a", 3)
    state.save()
    assert state.bookmarks() == ["a"]
    assert list(tmp_path.iterdir()) == []


def test_positions_are_places_and_an_older_file_keeps_its_bookmarks_and_lines(
    tmp_path: Path,
) -> None:
    """A version-1 file held layout lines; they are read as such until replaced by places."""
    path = tmp_path / "state.json"
    old = {"bookmarks": ["b", "a"], "positions": {"a": 120, "b": 7, "bad": [1], "neg": -3}}
    path.write_text(json.dumps({"version": 1, "sources": {"k": old}}), encoding="utf-8")
    state = ReadingState(path, "k")
    assert state.bookmarks() == ["a", "b"]
    assert state.position("a") == 120  # a line, mapped by the reader as before
    assert state.position("bad") == 0 and state.position("neg") == 0
    state.set_position("a", (42, 500))  # read again: the place it was at
    state.save()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == 2
    assert saved["sources"]["k"]["positions"] == {"b": 7, "a": [42, 500]}
    assert saved["sources"]["k"]["bookmarks"] == ["b", "a"]
    again = ReadingState(path, "k")
    assert again.position("a") == (42, 500) and again.position("b") == 7
