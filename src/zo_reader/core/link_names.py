"""The names a link may use for an article, beyond its path: what sites and vaults know.

A link in an Obsidian vault names a note by its file name anywhere in the
vault (``[[Note]]``); a Hugo or Jekyll site links to a page by the address
the site gives it (``/docs/install/``: its folder, its slug, or a
``url:``/``permalink:``/``aliases:`` field), or by Hugo's ``ref`` to a path or
file name. Only the whole library knows these, so :class:`LinkNames` is built
once per library (from the index, :func:`for_library`, or from ``check``'s
facts) and handed to :func:`zo_reader.core.links.resolve_link`.

Names are matched case-insensitively, as Obsidian and Hugo (which lower-cases
addresses) do; when several articles share a file name, the shortest path
wins, as in Obsidian.
"""

from __future__ import annotations

import os
import posixpath
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zo_reader.core.sources.folder import ARTICLE_SUFFIXES

if TYPE_CHECKING:
    from zo_reader.core.index import Library

# Front-matter fields that give a page another address (Hugo: url, aliases; Jekyll: permalink).
ADDRESS_FIELDS = ("url", "permalink", "aliases")
_ADDRESS_FIELD = re.compile(r"^[ \t]*[\"']?(?:url|permalink|aliases)[\"']?[ \t]*[:=]", re.M)
_PAGE_SUFFIXES = (*ARTICLE_SUFFIXES, ".html", ".htm")
_BUNDLE_NAMES = ("index", "_index")
_MAX_FRONT_MATTER = 64 * 1024
# A Jekyll post's file name, and the end of its default address.
_POST = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)")
_DATED = re.compile(r"(?:^|/)(\d{4})/(\d{2})/(\d{2})/([^/]+)$")
_PLACEHOLDER = re.compile(r":([a-z_]+)")


@dataclass(frozen=True, slots=True)
class Named:
    """One article as links may name it.

    Attributes:
        id: Its id.
        path: Its file path relative to the library root.
        slug: Its front-matter slug, if any.
        addresses: Site addresses from its front matter (``url``, ``permalink``, ``aliases``).
    """

    id: str
    path: str
    slug: str | None = None
    addresses: tuple[str, ...] = ()


def site_key(address: str) -> str:
    """A site address or content path in the one form both are compared in.

    ``/Docs/Install/``, ``docs/install.md``, ``docs/install/index.md`` and
    ``docs/install/_index`` all give ``docs/install``.
    """
    key = address.strip().strip("/").casefold()
    for suffix in _PAGE_SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)]
            break
    for bundle in _BUNDLE_NAMES:
        if key == bundle:
            return ""
        if key.endswith("/" + bundle):
            return key[: -len(bundle) - 1]
    return key


class LinkNames:
    """Every name the library's articles answer to, and the files beside them.

    Args:
        articles: The articles.
        root: The library folder, for files that are not articles (pictures,
            PDFs) and for ``.obsidian``; ``None`` for a remote source.
        addresses: Called once, when an address is not found otherwise, for the
            front-matter addresses of each article by id (read lazily: it costs
            a read of every file with front matter).
    """

    def __init__(
        self,
        articles: Iterable[Named],
        *,
        root: Path | None = None,
        addresses: Callable[[], Mapping[str, tuple[str, ...]]] | None = None,
    ) -> None:
        self.root = root
        self.vault = root is not None and (root / ".obsidian").is_dir()
        """Whether the library is an Obsidian vault (ordinary links then also resolve by name)."""
        self.ids: set[str] = set()
        self._folded: dict[str, str] = {}
        self._names: dict[str, list[str]] = {}
        self._sites: dict[str, str] = {}
        self._addresses: dict[str, str] | None = None
        self._load_addresses = addresses
        self._files: dict[str, list[str]] | None = None
        self._all_files: list[str] = []
        self._posts: dict[str, str] = {}  # "2023/07/14/title" -> a Jekyll post
        given: dict[str, tuple[str, ...]] = {}
        ranked = sorted(articles, key=lambda item: _rank(item.id))
        self._ranked = [item.id for item in ranked]
        for item in ranked:
            self.ids.add(item.id)
            self._folded.setdefault(item.id.casefold(), item.id)
            base = site_key(item.id)
            self._sites.setdefault(base, item.id)
            stem = posixpath.basename(item.id)
            if stem.casefold() in _BUNDLE_NAMES:  # a Hugo bundle answers to its folder's name
                stem = posixpath.basename(posixpath.dirname(item.id)) or stem
            self._names.setdefault(stem.casefold(), []).append(item.id)
            collection = _collection_address(base)
            if collection:  # Jekyll serves _docs/a.md at /docs/a/
                self._sites.setdefault(collection, item.id)
            if item.slug:
                parent = posixpath.dirname(base)
                self._sites.setdefault(site_key(posixpath.join(parent, item.slug)), item.id)
            if item.addresses:
                given[item.id] = item.addresses
            post = _POST.fullmatch(posixpath.basename(item.id))
            if post is not None and "_posts" in item.id.split("/"):
                self._posts.setdefault("/".join(post.groups()).casefold(), item.id)
        if given:
            self._addresses = _address_table(given)
            self._load_addresses = None

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.ids

    def article(self, path: str) -> str | None:
        """The article at a content path from the root (case-insensitive), or ``None``."""
        key = posixpath.normpath(path.strip().strip("/")) if path.strip("/") else ""
        stem, suffix = posixpath.splitext(key)
        if suffix.lower() in ARTICLE_SUFFIXES:
            key = stem
        if key in self.ids:
            return key
        return self._folded.get(key.casefold()) or self._sites.get(site_key(key))

    def site_address(self, address: str) -> str | None:
        """The article a site-root address such as ``/docs/install/`` names, or ``None``.

        A Jekyll post is also found at its default address,
        ``/CATEGORIES/2023/07/14/title.html``, whatever its categories.
        """
        key = site_key(address)
        found = self._sites.get(key) or self._address_table().get(key)
        if found is None and (dated := _DATED.search(key)) is not None:
            found = self._posts.get("/".join(dated.groups()))
        return found

    def page_relative(self, from_id: str, address: str) -> str | None:
        """A relative address read against the linking page's own site address.

        A site generator serves ``docs/a.md`` at ``/docs/a/``, so ``../b/`` in
        it means ``/docs/b/``, where the file system would read ``b/``.
        """
        base = site_key(from_id)
        joined = posixpath.normpath(posixpath.join(base, address))
        if joined.startswith(".."):
            return None
        return self.site_address(joined)

    def by_name(self, name: str, from_path: str) -> str | None:
        """The note or page ``name`` means, as Obsidian and Hugo's ``ref`` find it.

        A path is tried from the root, then from the linking file's folder, then
        as the end of a longer path; a bare name is a file name anywhere. The
        shortest path wins.
        """
        name = name.strip()
        if not name:
            return None
        if name.startswith("/"):
            return self.article(name)
        key = site_key(name)
        if "/" in key:
            folder = posixpath.dirname(from_path)
            relative = posixpath.normpath(posixpath.join(folder, name))
            found = self.article(name) or (
                None if relative.startswith("..") else self.article(relative)
            )
            if found is not None:
                return found
            tail = "/" + key
            return next((i for i in self._ranked if i.casefold().endswith(tail)), None)
        candidates = self._names.get(key)
        return candidates[0] if candidates else None

    def file(self, name: str, from_path: str) -> str | None:
        """A file that is not an article (a picture, a PDF), by path or by name anywhere.

        Returns its path relative to the root, or ``None`` (also for a remote source).
        """
        if self.root is None or not name.strip():
            return None
        name = name.strip()
        folder = posixpath.dirname(from_path)
        for candidate in (posixpath.join(folder, name), name.lstrip("/")):
            joined = posixpath.normpath(candidate)
            if not joined.startswith("..") and (self.root / joined).is_file():
                return joined
        if "/" in name.strip("/"):
            tail = "/" + name.strip("/").casefold()
            self._file_table()
            return next((p for p in self._all_files if f"/{p.casefold()}".endswith(tail)), None)
        found = self._file_table().get(name.casefold())
        return found[0] if found else None

    def _address_table(self) -> dict[str, str]:
        if self._addresses is None:
            loaded = self._load_addresses() if self._load_addresses is not None else {}
            self._addresses = _address_table(loaded)
        return self._addresses

    def _file_table(self) -> dict[str, list[str]]:
        """Every file under the root by lower-case name, shortest path first (read once)."""
        if self._files is None:
            self._files = {}
            if self.root is not None:
                found: list[str] = []
                for folder, folders, files in os.walk(self.root):
                    folders[:] = [f for f in folders if not f.startswith(".")]
                    relative = os.path.relpath(folder, self.root)
                    prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
                    found.extend(prefix + name for name in files)
                self._all_files = sorted(found, key=_rank)
                for path in self._all_files:
                    self._files.setdefault(posixpath.basename(path).casefold(), []).append(path)
        return self._files


def _collection_address(key: str) -> str:
    """The address a Jekyll collection serves a page at: ``_docs/a`` at ``docs/a``.

    Jekyll collections (``_docs``, ``_tutorials``) are folders named with an
    underscore, served by default at ``/:collection/:path/``. Posts have dated
    addresses of their own (:data:`_DATED`); other paths have no second name.
    """
    first, _, rest = key.partition("/")
    if len(first) < 2 or not first.startswith("_") or first in ("_posts", "_drafts") or not rest:
        return ""
    return f"{first[1:]}/{rest}"


def _rank(path: str) -> tuple[int, int, str]:
    """Shortest path first: fewest folders, then fewest characters."""
    return (path.count("/"), len(path), path)


def _address_table(given: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for article_id in sorted(given, key=_rank):
        for address in given[article_id]:
            key = site_key(_expanded(address, article_id))
            if key and ":" not in key:  # a pattern with parts this file cannot fill
                table.setdefault(key, article_id)
    return table


def _expanded(address: str, article_id: str) -> str:
    """A Jekyll permalink pattern (``/blog/:year/:title/``) filled from a post's file name.

    Parts the file name does not give (``:categories``) are left, so the
    address is not used.
    """
    if ":" not in address:
        return address
    post = _POST.fullmatch(posixpath.basename(article_id))
    if post is None:
        return address
    year, month, day, title = post.groups()
    parts = {
        "year": year,
        "month": month,
        "day": day,
        "i_month": str(int(month)),
        "i_day": str(int(day)),
        "short_year": year[2:],
        "title": title,
        "slug": title,
        "output_ext": "",
    }
    return _PLACEHOLDER.sub(lambda found: parts.get(found.group(1), found.group(0)), address)


def addresses_in(fields: Mapping[str, Any]) -> tuple[str, ...]:
    """The site addresses front-matter ``fields`` give (``url``, ``permalink``, ``aliases``)."""
    found: list[str] = []
    for name in ADDRESS_FIELDS:
        value = fields.get(name)
        values = value if isinstance(value, list | tuple) else [value]
        found.extend(item.strip() for item in values if isinstance(item, str) and item.strip())
    return tuple(dict.fromkeys(found))


def addresses_in_file(root: Path, path: str, body_line: int) -> tuple[str, ...]:
    """The site addresses in the front matter of the file at ``path`` (empty when unreadable).

    Only the front matter (the first ``body_line - 1`` lines) is read, and
    parsed only when a line of it names an address field.
    """
    if body_line <= 1:
        return ()
    from zo_reader.core.frontmatter import split_front_matter

    try:
        with (root / path).open("rb") as handle:
            head = b"".join(line for _, line in zip(range(body_line - 1), handle, strict=False))[
                :_MAX_FRONT_MATTER
            ]
    except OSError:
        return ()
    text = head.decode("utf-8", errors="replace")
    if _ADDRESS_FIELD.search(text) is None:
        return ()
    return addresses_in(split_front_matter(text + "\n").fields)


_CACHE: weakref.WeakKeyDictionary[Library, tuple[str, LinkNames]] = weakref.WeakKeyDictionary()


def for_library(library: Library) -> LinkNames:
    """The names of a library's articles, built once per version of its content."""
    from zo_reader.core.sources.folder import FolderSource

    version = library.content_version()
    cached = _CACHE.get(library)
    if cached is not None and cached[0] == version:
        return cached[1]
    rows = library.link_rows()
    source = library.source
    root = source.root if isinstance(source, FolderSource) else None

    def addresses() -> dict[str, tuple[str, ...]]:
        if root is None:
            return {}
        found = {}
        for article_id, path, _slug, body_line in rows:
            names = addresses_in_file(root, path, body_line)
            if names:
                found[article_id] = names
        return found

    names = LinkNames(
        (Named(article_id, path, slug) for article_id, path, slug, _ in rows),
        root=root,
        addresses=addresses,
    )
    _CACHE[library] = (version, names)
    return names
