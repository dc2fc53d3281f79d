"""Posts of a WordPress site, through its REST API (``/wp-json/wp/v2/``).

Only published posts are read (not pages, not drafts: the public API shows
neither). Tags and categories both become tags, with names HTML-unescaped;
"Uncategorized" is left out. ``_fields`` asks for exactly what a list needs,
a hundred posts per page, pages counted by ``X-WP-TotalPages``.

WordPress sends no validators for REST answers, so a refresh asks one small
question instead: the number of posts and the latest modification time
(``orderby=modified``, one post, one field). If those are as before, nothing
changed (term names are read again once a day, see :data:`TERMS_MAX_AGE`).
If they differ, only posts modified since (``modified_after``) are listed,
unless the count shows posts were removed; then the whole list is read.
Bodies (``content.rendered``) are fetched one post at a time when opened,
and converted from HTML to Markdown.

Everything the server sends is untrusted: requests go through the guarded
:class:`~zo_reader.core.sources.http.HttpClient`, each value is typed as it
enters (:mod:`~zo_reader.core.sources.wordpress_posts`), HTML is converted to
text by a parser, never shown raw, and a sync reads at most :data:`MAX_PAGES`
pages (:mod:`~zo_reader.core.sources.remote_listing`), whatever the site claims.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from zo_reader.core.errors import SourceError
from zo_reader.core.models import ScanWarning
from zo_reader.core.query import parse_query
from zo_reader.core.sanitize import clean_line
from zo_reader.core.sources.base import (
    LoadResult,
    RemembersState,
    RemoteMatches,
    SourceEntry,
    SourceUnchanged,
)
from zo_reader.core.sources.http import Answer, HttpClient, HttpOptions, load_json, plain_number
from zo_reader.core.sources.remote_listing import LISTING_PATH, ListingBudget, listing_result
from zo_reader.core.sources.wordpress_posts import (
    TAXONOMIES,
    Post,
    article_of,
    content_of,
    known_fingerprints,
    post_id,
    shifted,
    term_names,
    typed_post,
    version_of,
)
from zo_reader.core.tags import normalise_tag

PAGE_SIZE = 100  # the REST API's largest page
MAX_PAGES: Final = 50
"""Pages of posts one sync asks for, however many ``X-WP-TotalPages`` claims."""
MAX_ITEMS: Final = 5_000
"""Posts one sync keeps (a page may hold more than it should)."""
TERM_PAGES: Final = 20
"""Pages of each term list (categories, tags, users) read: 2,000 names each."""
_LIST_FIELDS = "id,date_gmt,modified_gmt,slug,title,excerpt,tags,categories,author,link"
_POST_FIELDS = _LIST_FIELDS + ",content"
_PAST_THE_END = frozenset({400})  # WordPress answers a page past the last with 400
TERMS_MAX_AGE = 24 * 3600.0
"""Seconds term names are trusted while no post changed: a site with a thousand
tags would otherwise spend most of an unchanged refresh re-reading their names;
a renamed tag shows at once when any post changes, or after a day."""


class WordPressSource(RemembersState):
    """The published posts of one WordPress site.

    Args:
        url: The site's address, or its REST API root (``.../wp-json/`` or
            ``...?rest_route=/``).
        options: Timeouts, limits and trust.

    Raises:
        SourceError: ``url`` is not an http or https address.
    """

    def __init__(self, url: str, *, options: HttpOptions | None = None) -> None:
        self.api_root = api_root(url)
        self.url = url
        self.http = HttpClient(url, f"The WordPress site at {site_of(self.api_root)}", options)
        self._state: dict[str, Any] = {}
        self._posts: dict[str, Post] = {}
        self._listing: str | None = None

    @property
    def key(self) -> str:
        """``wordpress:`` and the REST API root."""
        return f"wordpress:{self.api_root}"

    @property
    def label(self) -> str:
        """The site's address."""
        return site_of(self.api_root)

    def entries(self) -> Iterator[SourceEntry]:
        """Every published post with a fingerprint, or :class:`SourceUnchanged`.

        At most :data:`MAX_PAGES` pages and :data:`MAX_ITEMS` posts are read
        per sync, within the ``sync_budget`` setting; when that
        cuts the list, the posts known from earlier syncs are kept and the
        entry :data:`~.remote_listing.LISTING_PATH` says so.

        Raises:
            SourceUnchanged: Post count, latest change and term names are as before.
            SourceOfflineError: The site cannot be reached.
            SourceError: The site refused or is not a WordPress REST API.
        """
        budget = ListingBudget(MAX_PAGES, MAX_ITEMS, self.http.options.sync_budget)
        probe = self._probe()
        now = time.time()
        same_posts = self._state.get("probe") == probe
        terms_age = now - _number(self._state.get("terms_at"))
        if same_posts and 0 <= terms_age < TERMS_MAX_AGE:
            raise SourceUnchanged  # one small request: the usual refresh
        terms = self._terms(budget)
        terms_version = _digest(json.dumps(terms, sort_keys=True))
        before = self._state.get("terms_version")
        if same_posts and before == terms_version:
            self._state["terms_at"] = now
            raise SourceUnchanged
        known = known_fingerprints(self._state.get("posts"), before)
        posts = None
        if known is not None and before == terms_version:
            posts = self._changed_since(known, probe, terms, terms_version, budget)
        if posts is None:
            self._posts = self._list_posts({}, terms, budget)
            posts = {key: f"{post.modified}|{terms_version}" for key, post in self._posts.items()}
            if budget.cut_by is not None and known is not None:
                for key, fingerprint in known.items():  # not read this time: keep the copies
                    posts.setdefault(key, fingerprint)
        self._state = {
            "probe": probe,
            "terms": terms,
            "terms_version": terms_version,
            "terms_at": now,
            "posts": posts,
        }
        self._listing = budget.warning(f"The WordPress site at {self.label}", probe[0], "posts")
        listed = [SourceEntry(key, fingerprint) for key, fingerprint in posts.items()]
        return iter([*listed, *budget.entry(self._listing)])

    def _changed_since(
        self,
        known: dict[str, str],
        probe: list[Any],
        terms: Mapping[str, Any],
        terms_version: str,
        budget: ListingBudget,
    ) -> dict[str, str] | None:
        """Every post's fingerprint, asking only for posts changed since the last sync.

        ``None`` when that cannot tell the whole story: posts were deleted or
        unpublished (the count does not add up), so the full list is needed
        (unless the budget is spent: then what is known is kept).
        """
        before = self._state.get("probe")
        if not isinstance(before, list) or len(before) != 2 or not before[1]:
            return None
        # A day's margin: ``modified_after`` compares with the site's local time.
        since = shifted(str(before[1]), -86_400)
        if since is None:
            return None
        params = {"modified_after": since, "orderby": "modified"}
        self._posts = self._list_posts(params, terms, budget)
        posts = dict(known)
        posts.update({key: f"{post.modified}|{terms_version}" for key, post in self._posts.items()})
        if budget.cut_by is not None:
            return posts
        return posts if len(posts) == probe[0] else None

    def _list_posts(
        self, params: Mapping[str, Any], terms: Mapping[str, Any], budget: ListingBudget
    ) -> dict[str, Post]:
        """Every post matching ``params``, typed, a hundred per request, within ``budget``.

        The list ends early when a page brings nothing new (a server repeating itself).
        """
        posts: dict[str, Post] = {}
        page, last = 1, 1
        while page <= last and budget.page():
            answer, document = self._get(
                "posts",
                {**params, "per_page": PAGE_SIZE, "page": page, "_fields": _LIST_FIELDS},
                allowed=_PAST_THE_END,
            )
            if answer.status in _PAST_THE_END:
                break  # the posts shrank between two pages
            before = len(posts)
            for post in _posts_of(document, self.label, budget):
                key = str(post["id"])
                if key not in posts:
                    if not budget.item():
                        return posts
                    posts[key] = typed_post(post, key, terms, content=None)
            if len(posts) == before:
                break
            last = _total_pages(answer)
            page += 1
        return posts

    def load(self, entry: SourceEntry) -> LoadResult:
        """The summary of one post from the last :meth:`entries` (no body yet).

        A post the last listing did not carry (the index missed an earlier
        change) is asked for on its own.
        """
        if entry.path == LISTING_PATH:
            return listing_result(self._listing)
        post = self._posts.get(entry.path)
        if post is None and entry.path.isdigit():
            answer, found = self._get(
                f"posts/{entry.path}", {"_fields": _LIST_FIELDS}, allowed=frozenset({401, 404, 410})
            )
            if isinstance(found, dict) and answer.status == 200:
                post = typed_post(found, entry.path, self._state.get("terms") or {}, None)
        if post is None:
            message = f"Skipped post {entry.path}: it is no longer on the site."
            return LoadResult(None, (ScanWarning(entry.path, "remote-missing", message),))
        article = article_of(post, entry.path)
        # Words are counted when the body comes; the excerpt's count would mislead.
        summary = replace(article.summary, words=0)
        article = replace(article, summary=summary, body="", complete=False)
        return LoadResult(article, article.warnings)

    def fetch(self, key: str) -> LoadResult:
        """One whole post: one GET of ``/wp/v2/posts/{id}``.

        Raises:
            SourceOfflineError: The site cannot be reached.
            SourceError: The post is gone or the answer is unusable.
        """
        if not key.isdigit():
            raise SourceError(f"'{clean_line(key)}' is not a WordPress post id.")
        _, post = self._get(f"posts/{key}", {"_fields": _POST_FIELDS})
        if not isinstance(post, dict) or not isinstance(post.get("content"), dict):
            raise SourceError(f"{self.label} sent a post without its content.")
        terms = self._state.get("terms") or {}
        typed = typed_post(post, key, terms, content=content_of(post.get("content")))
        article = article_of(typed, key)
        return LoadResult(article, article.warnings)

    def search(
        self, query: str, tags: Sequence[str], limit: int, offset: int
    ) -> RemoteMatches | None:
        """WordPress's own search, when it can express the query.

        It understands words (all of them), quoted phrases and -exclusions;
        OR, prefix* and title: are searched in the stored copies instead.
        """
        parsed = parse_query(query)
        terms = [term for group in parsed.groups for term in group]
        if any(len(group) > 1 for group in parsed.groups) or any(
            term.prefix or term.column for term in [*terms, *parsed.excluded]
        ):
            return None
        per_page = max(1, min(limit, PAGE_SIZE))
        if offset % per_page:
            return None
        words = [f'"{t.text}"' if t.phrase else t.text for t in terms]
        words += [f"-{t.text}" for t in parsed.excluded if not t.phrase]
        params: dict[str, Any] = {
            "search": " ".join(words),
            "per_page": per_page,
            "page": offset // per_page + 1,
            "orderby": "relevance",
            "_fields": "id",
        }
        for taxonomy, ids in self._term_filters([*tags, *parsed.tags]).items():
            if not ids:
                return RemoteMatches(0, ())  # a tag the site does not have matches nothing
            params[f"{taxonomy}[terms]"] = ",".join(str(i) for i in sorted(ids))
            params[f"{taxonomy}[operator]"] = "AND"
        answer, document = self._get("posts", params, allowed=_PAST_THE_END)
        total = _header_int(answer, "x-wp-total")
        if answer.status in _PAST_THE_END:
            return RemoteMatches(total, ())
        keys = tuple(str(post["id"]) for post in _posts_of(document, self.label))
        return RemoteMatches(max(total, offset + len(keys)), keys)

    # Requests

    def _get(
        self, route: str, params: Mapping[str, Any], *, allowed: frozenset[int] = frozenset()
    ) -> tuple[Answer, Any]:
        """GET a ``wp/v2`` route, in whichever URL style the site's API root uses."""
        url, routed = endpoint(self.api_root, f"wp/v2/{route}")
        answer = self.http.get(
            url, {**routed, **params}, {"Accept": "application/json"}, allowed=allowed
        )
        if answer.status >= 400:
            return answer, None
        try:
            return answer, load_json(answer.body, self.http.host)
        except ValueError:
            raise SourceError(
                f"{self.label} answered {clean_line(route)} with something that is not JSON; "
                "is it a WordPress site?"
            ) from None

    def _probe(self) -> list[Any]:
        """The number of posts and the latest modification time: one post, one field."""
        answer, document = self._get(
            "posts",
            {"per_page": 1, "orderby": "modified", "order": "desc", "_fields": "id,modified_gmt"},
        )
        latest = _posts_of(document, self.label)
        return [
            _header_int(answer, "x-wp-total"),
            version_of(latest[0].get("modified_gmt")) if latest else "",
        ]

    def _terms(self, budget: ListingBudget) -> dict[str, dict[str, str]]:
        """Names of categories, tags and authors, by id (HTML entities decoded, cleaned).

        At most :data:`TERM_PAGES` pages of each, while the sync's time lasts.
        """
        terms: dict[str, dict[str, str]] = {}
        for taxonomy in (*TAXONOMIES, "users"):
            names: dict[str, str] = {}
            page, last = 1, 1
            while page <= min(last, TERM_PAGES) and budget.in_time():
                answer, document = self._get(
                    taxonomy,
                    {"per_page": PAGE_SIZE, "page": page, "_fields": "id,name,slug"},
                    # A site may hide its users; posts are still readable.
                    allowed=_PAST_THE_END | ({401, 403, 404} if taxonomy == "users" else set()),
                )
                found = term_names(document, taxonomy)
                if not found.keys() - names.keys():
                    break  # nothing new: the end, or a server repeating itself
                names.update(found)
                last = _total_pages(answer) if answer.status < 400 else 0
                page += 1
            terms[taxonomy] = names
        return terms

    def _term_filters(self, tags: Sequence[str]) -> dict[str, set[int]]:
        """Term ids per taxonomy for tags the user asked for (by normalised name)."""
        filters: dict[str, set[int]] = {}
        terms = self._state.get("terms") or {}
        for tag in tags:
            key = normalise_tag(tag)
            for taxonomy in TAXONOMIES:
                names = terms.get(taxonomy) or {}
                ids = {int(i) for i, name in names.items() if normalise_tag(name) == key}
                if ids:
                    filters.setdefault(taxonomy, set()).update(ids)
                    break
            else:
                return {"tags": set()}  # not a tag of this site: nothing can match
        return filters


def api_root(url: str) -> str:
    """The REST API root for a site address or an API root given by the user."""
    parts = urlsplit(url)
    if "rest_route=" in parts.query:
        return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "rest_route=/", ""))
    path = parts.path
    if "/wp-json" in path:
        path = path[: path.index("/wp-json")]
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/") + "/wp-json/", "", ""))


def site_of(root: str) -> str:
    """The site's address, from its API root."""
    parts = urlsplit(root)
    path = parts.path.split("/wp-json", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/") + "/", "", ""))


def endpoint(root: str, route: str) -> tuple[str, dict[str, str]]:
    """The URL and parameters of ``route`` (such as ``wp/v2/posts``) under ``root``."""
    parts = urlsplit(root)
    if parts.query.startswith("rest_route="):
        bare = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        return bare, {"rest_route": f"/{route}"}
    return root.rstrip("/") + "/" + route, {}


def _posts_of(
    document: Any, label: str, budget: ListingBudget | None = None
) -> list[Mapping[str, Any]]:
    """The posts of a page with a usable id (the others counted in ``budget``)."""
    if not isinstance(document, list):
        raise SourceError(f"{label} sent a list of posts in an unknown shape.")
    posts: list[Mapping[str, Any]] = []
    for post in document[: budget.items if budget else None]:
        if isinstance(post, dict) and post_id(post.get("id")):
            posts.append(post)
        elif budget is not None:
            budget.unusable += 1
    return posts


def _total_pages(answer: Answer) -> int:
    return _header_int(answer, "x-wp-totalpages")


def _header_int(answer: Answer, name: str) -> int:
    """A count in a header (``X-WP-Total``): plain ASCII digits, up to nine, else 0."""
    return plain_number(answer.headers.get(name, "")) or 0


def _number(value: Any) -> float:
    """A number kept in the state (a time), or 0."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
