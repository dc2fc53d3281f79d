"""Settings and the paths zo-reader reads and writes.

Settings are one frozen dataclass read from ``config.toml`` in the user config
directory and overridden by ``ZO_READER_*`` environment variables. Unknown keys
and wrong types are rejected with a sentence naming the key, so a typo never
silently does nothing. Paths come from platformdirs, in this module only.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from zo_reader.core.errors import SettingsError

APP_NAME = "zo-reader"
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024
"""Files over 64 MiB are skipped: room for a book or a long log, not for a disk image."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Every user setting, with its default.

    Attributes:
        source: The library opened when none is given (a folder path or URL).
        width: Maximum text width (the reading measure) in columns.
        max_file_size: Files larger than this many bytes are skipped with a warning.
        drafts: Whether draft articles are shown.
        theme: The reader's look: ``default``, ``light`` or ``high-contrast``.
        keymap: Key bindings to change, by binding id (``"reader.search" = "ctrl+s"``).
        screen_reader: One region at a time, no decoration, the terminal cursor on
            the focused item and structure in words, for screen readers and braille.
        offline: Never touch the network: remote sources show their stored copies.
        connect_timeout: Seconds to wait for a remote source to accept a connection.
        read_timeout: Seconds to wait for each part of a remote source's answer.
        request_deadline: Seconds one request to a remote source may take in all
            (connecting, headers and body); after it, the stored copies are shown.
        sync_budget: Seconds one sync may spend listing a remote library's pages;
            after it, what was read is listed and the copies of the rest kept.
        max_download_size: Remote answers larger than this many bytes are refused.
        other_hosts: Follow a remote source's redirects to other hosts.
        insecure: Do not verify TLS certificates (for a test server only).
        token: Sent as ``Authorization: Bearer`` to a zo-reader API that needs one.
        private: Write nothing to disk: index and copies in memory, no bookmarks,
            positions or history saved, nothing remembered about sources.
        keep_history: Keep the back/forward history of articles read across sessions.
        watch: Follow edits in a folder source while reading (live preview).
    """

    source: str | None = None
    width: int = 80
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    drafts: bool = False
    theme: str = "default"
    keymap: dict[str, str] = field(default_factory=dict)
    screen_reader: bool = False
    offline: bool = False
    connect_timeout: int = 10
    read_timeout: int = 30
    request_deadline: int = 30
    sync_budget: int = 60
    max_download_size: int = 20 * 1024 * 1024
    other_hosts: bool = False
    insecure: bool = False
    token: str | None = None
    private: bool = False
    keep_history: bool = False
    watch: bool = True


THEMES = ("default", "light", "high-contrast")


def _user_dir(kind: str) -> Path:
    """The user directory of one kind (config, cache or data), overridable for tests."""
    override = os.environ.get(f"ZO_READER_{kind.upper()}_DIR")
    if override:
        return Path(override)
    import platformdirs  # imported here: only paths need it, and it costs start-up time

    finder = {
        "config": platformdirs.user_config_dir,
        "cache": platformdirs.user_cache_dir,
        "data": platformdirs.user_data_dir,
    }[kind]
    return Path(finder(APP_NAME))


def config_dir() -> Path:
    """Where ``config.toml`` lives (``ZO_READER_CONFIG_DIR`` overrides)."""
    return _user_dir("config")


def cache_dir() -> Path:
    """Where library indexes and remote copies live (``ZO_READER_CACHE_DIR`` overrides)."""
    return _user_dir("cache")


def data_dir() -> Path:
    """Where bookmarks and reading positions live (``ZO_READER_DATA_DIR`` overrides)."""
    return _user_dir("data")


def config_path() -> Path:
    """The config file: ``ZO_READER_CONFIG`` if set, else ``config.toml`` in the config dir."""
    override = os.environ.get("ZO_READER_CONFIG")
    return Path(override) if override else config_dir() / "config.toml"


def _coerce(name: str, value: Any, expected: type, origin: str) -> Any:
    """Check or convert one value to the type of its field, or raise a readable error."""
    if expected is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in {"1", "true", "yes", "on"}:
            return True
        if isinstance(value, str) and value.strip().lower() in {"0", "false", "no", "off", ""}:
            return False
    elif expected is int:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        if isinstance(value, str) and value.strip().isdigit() and int(value) > 0:
            return int(value)
    elif expected is str and isinstance(value, str):
        if name == "theme" and value not in THEMES:
            raise SettingsError(f"{origin}: 'theme' must be one of {', '.join(THEMES)}.")
        return value
    elif (
        expected is dict
        and isinstance(value, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    ):
        return dict(value)
    raise SettingsError(f"{origin}: '{name}' must be {_TYPE_WORDS[expected]}, not {value!r}.")


_TYPE_WORDS = {
    bool: "true or false",
    int: "a positive whole number",
    str: "text",
    dict: 'a table of binding ids to keys, such as [keymap] "reader.search" = "ctrl+s"',
}
_FIELD_TYPES: dict[str, type] = {
    "source": str,
    "width": int,
    "max_file_size": int,
    "drafts": bool,
    "theme": str,
    "keymap": dict,
    "screen_reader": bool,
    "offline": bool,
    "connect_timeout": int,
    "read_timeout": int,
    "request_deadline": int,
    "sync_budget": int,
    "max_download_size": int,
    "other_hosts": bool,
    "insecure": bool,
    "token": str,
    "private": bool,
    "keep_history": bool,
    "watch": bool,
}


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from the config file, then apply environment overrides.

    Args:
        path: Config file to read; defaults to :func:`config_path`. A missing
            file means defaults.
        environ: Environment to read ``ZO_READER_*`` overrides from.

    Returns:
        The validated settings.

    Raises:
        SettingsError: The file is not valid TOML, has an unknown key or a
            value of the wrong type.
    """
    path = path or config_path()
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raw = ""
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"Cannot read the config file {path}: {error}.") from error
    if raw:
        try:
            document = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as error:
            raise SettingsError(f"The config file {path} is not valid TOML: {error}.") from error
        for key, value in document.items():
            if key not in _FIELD_TYPES:
                known = ", ".join(sorted(_FIELD_TYPES))
                raise SettingsError(f"{path}: unknown setting '{key}' (known settings: {known}).")
            values[key] = _coerce(key, value, _FIELD_TYPES[key], str(path))
    for setting in fields(Settings):
        env_name = f"ZO_READER_{setting.name.upper()}"
        if env_name in environ and _FIELD_TYPES[setting.name] is not dict:
            values[setting.name] = _coerce(
                setting.name, environ[env_name], _FIELD_TYPES[setting.name], env_name
            )
    return replace(Settings(), **values)
