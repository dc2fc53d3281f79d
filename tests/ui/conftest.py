"""Building the real app for Pilot tests: the fixture library, private folders, no blink."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from zo_reader.core.context import make_context
from zo_reader.core.settings import Settings
from zo_reader.ui.app import ZoReaderApp, make_app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

AppFactory = Callable[..., ZoReaderApp]


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
