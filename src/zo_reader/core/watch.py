"""Following edits in a folder source, for live preview.

:func:`watch_folder` blocks in a thread and calls back once per burst of
changes to article files (saved, added, renamed, deleted). It uses the
operating system's notifications through watchfiles (inotify on Linux) and
falls back to polling where those are missing or exhausted (some network
file systems, containers, a full ``max_user_watches``).

watchfiles is imported on first use: it costs about 100 ms, which a reader
that is not watching anything should not pay at start-up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from zo_reader.core.sources.folder import ARTICLE_SUFFIXES, SKIPPED_FOLDERS

DEBOUNCE_MS = 150
"""Changes this close together count as one save: editors write a file in several steps."""
POLL_MS = 300
"""How often the polling fallback looks at the folder."""


def is_article_change(path: str) -> bool:
    """Whether a changed path can affect the library: an article file outside hidden folders.

    Folders count too (a renamed or deleted folder takes its articles with it).
    """
    parts = Path(path).parts
    if any(part.startswith(".") or part in SKIPPED_FOLDERS for part in parts[:-1]):
        return False
    name = parts[-1] if parts else ""
    if name.startswith("."):
        return False  # editors' swap and backup files
    return name.lower().endswith(ARTICLE_SUFFIXES) or "." not in name


def watch_folder(
    root: Path,
    on_change: Callable[[set[str]], None],
    stop: threading.Event,
    *,
    force_polling: bool | None = None,
    recursive: bool = True,
) -> str:
    """Call ``on_change`` with the changed paths after each burst of edits, until ``stop`` is set.

    Args:
        root: The folder to follow, recursively.
        on_change: Called in this thread with the paths that changed.
        stop: Set it to end the watch (within about a tenth of a second).
        force_polling: ``True`` to poll, ``None`` to use notifications and
            fall back to polling if they cannot be set up.
        recursive: Also follow the folders inside (``False`` for one file's folder).

    Returns:
        How the folder was followed: ``"notifications"`` or ``"polling"``.
    """
    import watchfiles

    def relevant(change: watchfiles.Change, path: str) -> bool:
        return is_article_change(str(Path(path).relative_to(root)) if path != str(root) else "")

    polling = bool(force_polling)
    while not stop.is_set():
        try:
            for changes in watchfiles.watch(
                root,
                watch_filter=relevant,
                debounce=DEBOUNCE_MS,
                step=50,
                stop_event=stop,
                rust_timeout=100,
                yield_on_timeout=False,
                force_polling=True if polling else None,  # None: WATCHFILES_FORCE_POLLING decides
                poll_delay_ms=POLL_MS,
                raise_interrupt=False,
                recursive=recursive,
            ):
                on_change({path for _, path in changes})
        except (OSError, RuntimeError):
            if polling:
                raise
            polling = True  # no inotify here, or its watches are used up
            continue
        break
    return "polling" if polling else "notifications"
