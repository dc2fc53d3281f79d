"""The values of a WordPress REST API's answers, typed where they enter.

A post becomes a :class:`~zo_reader.core.sources.remote_item.RemoteItem`
through :func:`~zo_reader.core.sources.remote_item.remote_item`: ``date_gmt``
and ``modified_gmt`` real dates (WordPress sends them without a zone: UTC),
``link`` a parsed http(s) address, the rendered title and excerpt plain
text, cleaned and capped, term and user names the same. Ids are whole
numbers in range, a slug one word. What fails is dropped and named in the
post's one ``remote-field-invalid`` warning; the post survives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

from zo_reader.core.html_markdown import html_to_text
from zo_reader.core.models import Article
from zo_reader.core.sanitize import clean_line
from zo_reader.core.sources.feed_items import article_from_item
from zo_reader.core.sources.remote_fields import (
    SUMMARY_CAP,
    TITLE_CAP,
    RemoteFields,
    as_list,
    remote_moment,
)
from zo_reader.core.sources.remote_item import RemoteItem, remote_item
from zo_reader.core.sources.remote_listing import note_controls

__all__ = [
    "SENDER",
    "TAXONOMIES",
    "Post",
    "article_of",
    "content_of",
    "known_fingerprints",
    "post_id",
    "rendered",
    "shifted",
    "term_names",
    "typed_post",
    "version_of",
]

SENDER: Final = "The WordPress site"
"""How a post's warning names the server."""
TAXONOMIES: Final = ("categories", "tags")
"""The term lists whose names become tags."""
_SKIPPED_CATEGORIES: Final = frozenset({"uncategorized"})
_MAX_ID: Final = 2**63 - 1
_SLUG_CAP: Final = 200
_HTML_CAP: Final = 64 * 1024
"""Characters of a rendered title or excerpt read (its text is capped after)."""


@dataclass(frozen=True, slots=True)
class Post:
    """One post, typed: the item its article is built from, its slug and its version."""

    item: RemoteItem
    slug: str | None
    modified: str
    """``modified_gmt`` as sent, when it is a date (compared, and sent back), else ``""``."""


def typed_post(
    post: Mapping[str, Any], key: str, terms: Mapping[str, Any], content: str | None
) -> Post:
    """A post object's values, each typed; ``content`` is its rendered body, if fetched."""
    fields = RemoteFields(key, SENDER)
    title = rendered(post.get("title"), fields, "a title")
    excerpt = rendered(post.get("excerpt"), fields, "an excerpt")
    slug = _slug(post.get("slug"), fields)
    _check_ids(post, fields)
    names = [
        _name(terms, taxonomy, term)
        for taxonomy in TAXONOMIES
        for term in as_list(post.get(taxonomy))[:200]
    ]
    item = remote_item(
        fields,
        title=html_to_text(title),
        link=post.get("link"),
        published=post.get("date_gmt"),
        updated=post.get("modified_gmt"),
        author=_name(terms, "users", post.get("author")) or None,
        summary=html_to_text(excerpt).removesuffix("[…]").strip(),
        tags=[name for name in names if name],
        content=content or "",
        html=True,
    )
    return Post(item, slug, version_of(post.get("modified_gmt")))


def _check_ids(post: Mapping[str, Any], fields: RemoteFields) -> None:
    """Name an author or term id that is not one (the post is kept without it)."""
    author = post.get("author")
    if author not in (None, 0) and post_id(author) is None:
        fields.drop("an author id that is not a number")
    for taxonomy in TAXONOMIES:
        terms = post.get(taxonomy)
        if terms is None:
            continue
        if not isinstance(terms, list) or any(post_id(term) is None for term in terms):
            fields.drop(f"{taxonomy} that are not a list of ids")


def _slug(value: object, fields: RemoteFields) -> str | None:
    """The slug, when it is one word as WordPress makes them (else dropped, and named)."""
    if value is None or value == "":
        return None
    if (
        isinstance(value, str)
        and len(value) <= _SLUG_CAP
        and clean_line(value) == value
        and not any(c.isspace() or c == "/" for c in value)
    ):
        return value
    fields.drop("a slug that is not one word")
    return None


def article_of(post: Post, key: str) -> Article:
    """The article of a typed post: id from the slug (``post-ID`` without one)."""
    article = article_from_item(post.item)
    summary = replace(article.summary, id=post.slug or f"post-{key}", slug=post.slug)
    return replace(article, summary=summary, warnings=post.item.warnings)


def version_of(value: object) -> str:
    """``modified_gmt`` as sent when it is a date WordPress would send, else ``""``."""
    if isinstance(value, str) and remote_moment(value) is not None:
        return value.strip()
    return ""


def rendered(value: Any, fields: RemoteFields, what: str) -> str:
    """The ``rendered`` HTML of a ``{"rendered": ...}`` object, or ``""`` (named when odd)."""
    if value is None:
        return ""
    html = value.get("rendered") if isinstance(value, dict) else None
    if not isinstance(html, str):
        fields.drop(f"{what} that is not rendered text")
        return ""
    note_controls(fields, html, what)
    return html[:_HTML_CAP]


def post_id(value: Any) -> int | None:
    """A post, term or user id: a whole number SQLite and WordPress could hold, else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _MAX_ID:
        return value
    return None


def term_names(document: Any, taxonomy: str) -> dict[str, str]:
    """Names by id from one page of a term list (or users): cleaned, capped, HTML decoded.

    Terms without a usable id or name are left out; so is "Uncategorized".
    """
    names: dict[str, str] = {}
    for term in as_list(document):
        if not isinstance(term, dict) or (number := post_id(term.get("id"))) is None:
            continue
        slug = term.get("slug")
        if taxonomy == "categories" and isinstance(slug, str) and slug in _SKIPPED_CATEGORIES:
            continue
        raw = term.get("name")
        if not isinstance(raw, str):
            continue
        name = html_to_text(raw[:_HTML_CAP])
        if len(name) > TITLE_CAP:
            name = name[: TITLE_CAP - 1].rstrip() + "…"
        if name:
            names[str(number)] = name
    return names


def _name(terms: Mapping[str, Any], taxonomy: str, term: object) -> str:
    """The stored name of a term or user id, or ``""``."""
    number = post_id(term)
    names = terms.get(taxonomy)
    if number is None or not isinstance(names, dict):
        return ""
    name = names.get(str(number))
    return name[:SUMMARY_CAP] if isinstance(name, str) else ""


def content_of(value: Any) -> str:
    """The rendered body (its text is typed when converted to Markdown)."""
    html = value.get("rendered") if isinstance(value, dict) else None
    return html if isinstance(html, str) else ""


def known_fingerprints(posts: Any, terms_version: Any) -> dict[str, str] | None:
    """The fingerprints kept from the last sync, by post id (``None`` when there are none).

    Older versions kept only the modification time; the fingerprint is that and
    the term names' version.
    """
    if not isinstance(posts, dict):
        return None
    return {
        str(key): value if "|" in str(value) else f"{value}|{terms_version}"
        for key, value in posts.items()
    }


def shifted(date_gmt: str, seconds: int) -> str | None:
    """A WordPress date moved by ``seconds``, in the form ``modified_after`` takes."""
    try:
        moment = dt.datetime.fromisoformat(date_gmt[:19])
    except ValueError:
        return None
    return (moment + dt.timedelta(seconds=seconds)).isoformat(timespec="seconds")
