"""Where articles come from: a folder now; HTTP APIs, WordPress and feeds later.

:func:`open_source` turns what the user typed (a path, a URL) into a source.
"""

from __future__ import annotations

from pathlib import Path

from zo_reader.core.errors import SourceError
from zo_reader.core.settings import Settings
from zo_reader.core.sources.base import Source

BUNDLED_SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"
_REMOTE_PREFIXES = ("http://", "https://", "zo+", "wordpress+", "feed+")


def source_spec(given: str | None, settings: Settings) -> str:
    """The source to open: the one given, else the configured one, else the samples."""
    return given or settings.source or str(BUNDLED_SAMPLES)


def open_source(spec: str, settings: Settings) -> Source:
    """Open the source named by ``spec`` (a folder path).

    Raises:
        SourceError: The source does not exist or is of a kind not supported yet.
    """
    from zo_reader.core.sources.folder import FolderSource

    if spec.lower().startswith(_REMOTE_PREFIXES):
        raise SourceError(
            f"Remote sources such as {spec} are not supported by this version yet; "
            "give a folder instead."
        )
    path = Path(spec).expanduser()
    if path.is_file():
        raise SourceError(f"{spec} is a file; give the folder that holds it.")
    return FolderSource(path, max_file_size=settings.max_file_size)
