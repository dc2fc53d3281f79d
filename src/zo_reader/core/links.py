"""What a link in an article points at: another article, a heading, or the outside world.

Decided here, not in a widget, so the TUI, the line mode and ``check`` agree.
Besides ordinary relative links, three kinds of link need the whole library,
given as :class:`~zo_reader.core.link_names.LinkNames`:

* Obsidian's wikilinks, read as ``wiki:Note#Heading`` addresses (see
  :mod:`zo_reader.core.conventions.obsidian`): a note by its file name
  anywhere in the vault, a heading by its text.
* Hugo's ``ref`` and ``relref`` shortcodes, read as ``ref:docs/install.md#part``.
* Site-root links such as ``/docs/install/``: an article by its path, slug
  or front-matter address, as the site serves it.

Without the names, these resolve by path alone.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, unquote, urlsplit

from zo_reader.core.conventions.hugo import REF_SCHEME
from zo_reader.core.conventions.obsidian import WIKI_SCHEME
from zo_reader.core.sources.folder import ARTICLE_SUFFIXES

if TYPE_CHECKING:
    from zo_reader.core.link_names import LinkNames

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "gopher", "gemini", "tel"})
NAME_SCHEMES = frozenset({WIKI_SCHEME, REF_SCHEME})
"""Addresses that name an article the way a vault or a site does (resolved by name)."""


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a link leads.

    Attributes:
        kind: ``article`` (another article, maybe at a heading), ``anchor`` (a
            heading in the same article), ``file`` (a file in the library that
            is not an article, such as a picture), ``external`` (a URL for a
            browser), or ``unsupported`` (a scheme zo-reader will not hand to anything).
        article_id: The target article's id for ``article`` links (for a link
            that leads nowhere, the id it would have); the file's path for ``file``.
        anchor: The heading anchor (without ``#``), if any.
        url: The link as written.
    """

    kind: str
    url: str
    article_id: str | None = None
    anchor: str | None = None


def resolve_link(url: str, from_article_path: str, names: LinkNames | None = None) -> LinkTarget:
    """Classify ``url`` found in the article at ``from_article_path`` (relative POSIX path).

    Relative links resolve against the linking article's folder; the result
    must stay inside the library (``../`` past the root is not an article).

    Args:
        url: The link's address.
        from_article_path: The linking article's path in the library.
        names: What the library's articles answer to, for wikilinks, Hugo
            links and site-root links; ``None`` resolves by path alone.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in EXTERNAL_SCHEMES:
        return LinkTarget("external", url)
    if scheme in NAME_SCHEMES and not parts.netloc:
        return _by_name(url, parts, from_article_path, names)
    if scheme or parts.netloc:
        return LinkTarget("unsupported", url)
    anchor = unquote(parts.fragment) or None
    if not parts.path:
        return LinkTarget("anchor", url, anchor=anchor)
    path = unquote(parts.path)
    if path.startswith("/"):
        return _site_root(url, path, anchor, names)
    folder = posixpath.dirname(from_article_path)
    joined = posixpath.normpath(posixpath.join(folder, path))
    if joined.startswith("../") or joined == ".." or posixpath.isabs(joined):
        return LinkTarget("unsupported", url)
    stem, suffix = posixpath.splitext(joined)
    article_id = stem if suffix.lower() in ARTICLE_SUFFIXES else joined
    if names is not None and article_id not in names:
        from_id = posixpath.splitext(from_article_path)[0]
        found = None
        if _page_like(path):  # Hugo's GetPage: from the page's address, then from the root
            found = names.page_relative(from_id, path) or names.site_address(path)
        if found is None and names.vault:
            found = names.by_name(path, from_article_path)
        article_id = found or article_id
    return LinkTarget("article", url, article_id=article_id, anchor=anchor)


def _by_name(url: str, parts: SplitResult, from_path: str, names: LinkNames | None) -> LinkTarget:
    """A wikilink or a Hugo ``ref``: a note or page by path or by name, a heading by its text."""
    name = unquote(parts.path).strip()
    fragment = unquote(parts.fragment).strip()
    anchor = heading_anchor(fragment) if fragment else None
    if not name:
        return LinkTarget("anchor", url, anchor=anchor)
    if names is not None:
        found = names.by_name(name, from_path)
        if found is not None:
            return LinkTarget("article", url, article_id=found, anchor=anchor)
        file = names.file(name, from_path)
        if file is not None:
            return LinkTarget("file", url, article_id=file)
    stem, suffix = posixpath.splitext(posixpath.normpath(name.lstrip("/")))
    guess = stem if suffix.lower() in ARTICLE_SUFFIXES or not suffix else f"{stem}{suffix}"
    return LinkTarget("article", url, article_id=guess, anchor=anchor)


def _site_root(url: str, path: str, anchor: str | None, names: LinkNames | None) -> LinkTarget:
    """A link from the site's root (``/docs/install/``): the article the site serves there."""
    if names is not None:
        found = names.site_address(path)
        if found is not None:
            return LinkTarget("article", url, article_id=found, anchor=anchor)
    key = posixpath.normpath(path.strip("/")) if path.strip("/") else ""
    stem, suffix = posixpath.splitext(key)
    if suffix and suffix.lower() not in (*ARTICLE_SUFFIXES, ".html", ".htm"):
        return LinkTarget("file", url, article_id=key)  # a picture or feed the site serves
    return LinkTarget("article", url, article_id=stem if suffix else key, anchor=anchor)


def _page_like(path: str) -> bool:
    """Whether a relative address looks like a page's address (``../b/``) rather than a file."""
    base = path.rstrip("/").rsplit("/", 1)[-1]
    return path.endswith("/") or "." not in base


def heading_anchor(text: str) -> str:
    """The reader's anchor for a heading named by its text (Obsidian's ``#Heading``).

    An anchor already (``part-two``) stays as it is.
    """
    from zo_reader.core.document import slugify

    return slugify(" ".join(text.split())) or text


def shown_link(url: str) -> str:
    """A link as its author wrote it: ``[[Note#Heading]]``, ``ref "x"`` or the address."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in NAME_SCHEMES or parts.netloc:
        return url
    name = unquote(parts.path)
    if parts.fragment:
        name += "#" + unquote(parts.fragment)
    return f"[[{name}]]" if scheme == WIKI_SCHEME else f'ref "{name}"'


def not_followed(target: LinkTarget) -> str:
    """One sentence on why the reader does not follow ``target`` (a file, an odd scheme)."""
    from zo_reader.core.sanitize import clean_line

    shown = clean_line(shown_link(target.url))
    if target.kind == "file" and target.article_id:
        return (
            f"{shown} is a file in the library ({clean_line(target.article_id)}), "
            "not an article; zo-reader does not open files."
        )
    return f"zo-reader does not open links like {shown}."
