"""Building the real app for Pilot tests: the fixture library, private folders, no blink."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.terminal import Terminal
from zo_reader.core.context import make_context
from zo_reader.core.settings import Settings
from zo_reader.ui.app import ZoReaderApp, make_app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

AppFactory = Callable[..., ZoReaderApp]
Launch = Callable[..., Terminal]
COLS, ROWS = 80, 24


@pytest.fixture
def reader_app(tmp_path: Path) -> AppFactory:
    """A factory for the real app over a library (the fixtures by default)."""

    def build(source: Path = FIXTURES, **settings: object) -> ZoReaderApp:
        context = make_context(
            Settings(**settings),  # type: ignore[arg-type]
            str(source),
            cache_root=tmp_path / "cache",
            data_root=tmp_path / "data",
        )
        context.library.sync()  # tests start from an up-to-date index
        return make_app(context)

    return build


@pytest.fixture(autouse=True)
def no_animation(monkeypatch: pytest.MonkeyPatch) -> None:
    """No cursor blink or animation: screens are stable and idle means idle."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Launch]:
    """Start ``python -m zo_reader SOURCE`` on an 80x24 pty with private user folders.

    Any ``TEXTUAL_*``, ``ZO_READER_*`` and ``NO_COLOR`` set around the test run
    (the Pilot conftest sets ``TEXTUAL_ANIMATIONS=none``) are removed, so the
    app runs in its default environment plus what the test passes.
    """
    started: list[Terminal] = []

    def start(source: Path | str = FIXTURES, **extra: str) -> Terminal:
        env: dict[str, str | None] = {
            name: None
            for name in os.environ
            if name.startswith(("TEXTUAL", "ZO_READER_")) or name == "NO_COLOR"
        }
        home = tmp_path / "user"
        env.update(
            ZO_READER_CACHE_DIR=str(home / "cache"),
            ZO_READER_DATA_DIR=str(home / "data"),
            ZO_READER_CONFIG_DIR=str(home / "config"),
            ZO_READER_CONFIG="/nonexistent",
        )
        env.update(extra)
        term = Terminal(
            [sys.executable, "-m", "zo_reader", str(source)], cols=COLS, rows=ROWS, env=env
        )
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()
