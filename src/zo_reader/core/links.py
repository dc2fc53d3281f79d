"""What a link in an article points at: another article, a heading, or the outside world.

Decided here, not in a widget, so the TUI, the line mode and ``check`` agree.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from zo_reader.core.sources.folder import ARTICLE_SUFFIXES

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "gopher", "gemini", "tel"})


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a link leads.

    Attributes:
        kind: ``article`` (another article, maybe at a heading), ``anchor`` (a
            heading in the same article), ``external`` (a URL for a browser), or
            ``unsupported`` (a scheme zo-reader will not hand to anything).
        article_id: The target article's id for ``article`` links.
        anchor: The heading anchor (without ``#``), if any.
        url: The link as written.
    """

    kind: str
    url: str
    article_id: str | None = None
    anchor: str | None = None


def resolve_link(url: str, from_article_path: str) -> LinkTarget:
    """Classify ``url`` found in the article at ``from_article_path`` (relative POSIX path).

    Relative links resolve against the linking article's folder; the result
    must stay inside the library (``../`` past the root is not an article).
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in EXTERNAL_SCHEMES:
        return LinkTarget("external", url)
    if scheme or parts.netloc:
        return LinkTarget("unsupported", url)
    anchor = unquote(parts.fragment) or None
    if not parts.path:
        return LinkTarget("anchor", url, anchor=anchor)
    folder = posixpath.dirname(from_article_path)
    joined = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if joined.startswith("../") or joined == ".." or posixpath.isabs(joined):
        return LinkTarget("unsupported", url)
    stem, suffix = posixpath.splitext(joined)
    article_id = stem if suffix.lower() in ARTICLE_SUFFIXES else joined
    return LinkTarget("article", url, article_id=article_id, anchor=anchor)
