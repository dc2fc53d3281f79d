"""Hugo's headless bundles: folders of snippets that are never pages, and the pages including them.

A bundle whose ``index.md`` says ``headless: true``, or whose ``_index.md`` (or
``index.md``) sets ``build.render: never`` for itself or, through ``cascade``,
for everything under it, holds Markdown that Hugo never renders as a page: the
Hugo docs keep 35 such snippets in ``_common/`` and include them into other
pages. ``check`` asks a page for a title; a snippet has none and needs none.
A page that includes one (``{{% include "/_common/locale.md" %}}``, the Hugo
docs' own shortcode and a common one) has the snippet's headings too, so a
link to ``#locale`` there leads somewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from zo_reader.core.frontmatter import split_front_matter

__all__ = ["headless_folders", "included_snippets"]

_BUNDLE_PAGES = ("_index.md", "index.md")
_HEAD_BYTES = 16_384
_MENTIONS = re.compile(rb"headless|render", re.IGNORECASE)
# {{% include "path" %}} or {{< include "path" >}}: one line, bounded.
_INCLUDE = re.compile(r"""\{\{[<%][ \t]*include[ \t]+["`]([^"`\n]{1,300})["`][ \t]*[>%]\}\}""")
_MAX_INCLUDES = 100


def included_snippets(body: str) -> tuple[str, ...]:
    """The article ids of the snippets ``body`` includes with an ``include`` shortcode.

    The shortcode's path counts from the content folder, ``.md`` or not.
    """
    if "include" not in body:
        return ()
    found: dict[str, None] = {}
    for match in _INCLUDE.finditer(body):
        path = match.group(1).strip().lstrip("/")
        path = path.removesuffix(".md")
        if path and ".." not in path.split("/"):
            found[path] = None
        if len(found) >= _MAX_INCLUDES:
            break
    return tuple(found)


def headless_folders(root: Path, paths: Iterable[str]) -> tuple[str, ...]:
    """The folders (``_common/``, with the slash) whose files Hugo never renders as pages.

    Args:
        root: The content folder.
        paths: The library's files, relative to ``root`` (POSIX separators).
    """
    found = []
    for path in paths:
        folder, _, name = path.rpartition("/")
        if name not in _BUNDLE_PAGES:
            continue
        try:
            with (root / path).open("rb") as handle:
                head = handle.read(_HEAD_BYTES)
        except OSError:
            continue
        if not _MENTIONS.search(head):
            continue  # most bundles: not worth parsing
        fields = split_front_matter(head.decode("utf-8", errors="replace")).fields
        if _is_headless(fields, leaf=name == "index.md"):
            found.append(f"{folder}/" if folder else "")
    return tuple(sorted(found))


def _is_headless(fields: Mapping[str, Any], *, leaf: bool) -> bool:
    if leaf and fields.get("headless") is True:
        return True
    cascade = fields.get("cascade")
    targets = [fields, *(cascade if isinstance(cascade, list) else [cascade])]
    for target in targets:
        if not isinstance(target, Mapping):
            continue
        for key in ("build", "_build"):
            build = target.get(key)
            if isinstance(build, Mapping) and build.get("render") in ("never", False):
                return True
    return False
