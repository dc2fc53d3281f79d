"""Settings: TOML file, environment overrides and readable errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from zo_reader.core.errors import SettingsError
from zo_reader.core.settings import Settings, cache_dir, load_settings


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "missing.toml", environ={}) == Settings()


def test_file_values_then_environment_overrides(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('source = "~/notes"\nwidth = 72\ndrafts = true\n')
    settings = load_settings(config, environ={"ZO_READER_WIDTH": "60"})
    assert settings == Settings(source="~/notes", width=60, drafts=True)


def test_unknown_keys_are_rejected_by_name(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("widht = 72\n")
    with pytest.raises(SettingsError, match="unknown setting 'widht'"):
        load_settings(config, environ={})


@pytest.mark.parametrize("text", ["width = 'wide'\n", "width = -3\n", "drafts = 'perhaps'\n"])
def test_wrong_types_are_rejected(tmp_path: Path, text: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text)
    with pytest.raises(SettingsError, match="must be"):
        load_settings(config, environ={})


def test_invalid_toml_is_one_sentence(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("width = = 3\n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(config, environ={})


def test_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="ZO_READER_MAX_FILE_SIZE"):
        load_settings(tmp_path / "none.toml", environ={"ZO_READER_MAX_FILE_SIZE": "big"})


def test_directories_can_be_redirected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZO_READER_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.delenv("ZO_READER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "zo-reader"


def test_the_sync_budget_reaches_every_remote_source(tmp_path: Path) -> None:
    from zo_reader.core.sources import http_options

    settings = load_settings(tmp_path / "none.toml", environ={"ZO_READER_SYNC_BUDGET": "5"})
    assert settings.sync_budget == 5
    assert http_options(settings).sync_budget == 5.0
    assert http_options(load_settings(tmp_path / "none.toml", environ={})).sync_budget == 60.0
