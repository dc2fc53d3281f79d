"""The values of a zo-reader API's answers, typed where they enter.

Every field of a summary, an article, a warning and a search hit goes
through a :class:`~zo_reader.core.sources.remote_fields.RemoteFields`: ids
must be one clean line (an id is how an article is asked for, so it is
never cleaned into another one), dates become dates, codes a short word,
counts and line numbers whole numbers in range, texts are cleaned and
capped. What fails is dropped and named in the article's one
``remote-field-invalid`` warning; the article survives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from zo_reader.core.models import ArticleSummary, ScanWarning, Severity, SnippetPart
from zo_reader.core.sanitize import UNKNOWN_CODE, clean_line
from zo_reader.core.sources.remote_fields import (
    KEY_CAP,
    SUMMARY_CAP,
    TITLE_CAP,
    RemoteFields,
    as_list,
    moment_text,
)
from zo_reader.core.sources.remote_listing import LISTING_PATH, note_controls

__all__ = [
    "MAX_COUNT",
    "SENDER",
    "Listed",
    "article_id",
    "body_line",
    "listed",
    "server_warnings",
    "snippet",
    "summary_of",
    "version_of",
]

SENDER: Final = "The zo-reader API"
"""How an article's warning names the server."""
MAX_COUNT: Final = 10**9
"""Words or articles: a larger count is not believed (nor fits SQLite)."""
_MARKED = re.compile(r"\[([^\[\]]+)\]")
_MAX_WARNINGS: Final = 100
"""The server's warnings kept per article."""
_MAX_MATCHED: Final = 50
"""Matched words of a search hit kept."""
_MAX_BODY_LINE: Final = 10_000_000


@dataclass(frozen=True, slots=True)
class Listed:
    """One summary of the list, typed as it arrived, with what its fields dropped."""

    summary: ArticleSummary
    version: str
    warnings: tuple[ScanWarning, ...]


def article_id(value: object) -> str | None:
    """An article id: one clean line of at most :data:`KEY_CAP` characters, else ``None``.

    Never cleaned into another one: the id is how the article is asked for.
    """
    if (
        isinstance(value, str)
        and 0 < len(value) <= KEY_CAP
        and clean_line(value) == value
        and value != LISTING_PATH
    ):
        return value
    return None


def listed(key: str, item: Mapping[str, Any]) -> Listed:
    """A summary of the list, typed: its values checked, what was dropped named once."""
    fields = RemoteFields(key, SENDER)
    summary = summary_of(key, item, fields)
    return Listed(summary, version_of(item.get("version")), fields.warnings())


def version_of(value: object) -> str:
    """The server's version token (only compared): text of at most :data:`KEY_CAP`, else none."""
    return value if isinstance(value, str) and len(value) <= KEY_CAP else ""


def snippet(item: Mapping[str, Any], fields: RemoteFields) -> tuple[SnippetPart, ...]:
    """The server's snippet, matches marked ``[like this]``, back into marked parts."""
    text = fields.line(item.get("snippet"), "a snippet that is not text", SUMMARY_CAP)
    words = as_list(item.get("matched"))[:_MAX_MATCHED]
    matched = {fields.line(w, "a matched word that is not text").casefold() for w in words}
    parts: list[SnippetPart] = []
    position = 0
    for mark in _MARKED.finditer(text):
        if mark.group(1).casefold() not in matched:
            continue  # a bracket that was in the text itself
        if mark.start() > position:
            parts.append(SnippetPart(text[position : mark.start()]))
        parts.append(SnippetPart(mark.group(1), matched=True))
        position = mark.end()
    if position < len(text):
        parts.append(SnippetPart(text[position:]))
    return tuple(parts)


def server_warnings(items: Any, key: str, fields: RemoteFields) -> tuple[ScanWarning, ...]:
    """The server's warnings about an article's file (front matter and such), kept as its own.

    A code of the wrong shape becomes ``unknown`` (the message is kept); at most
    :data:`_MAX_WARNINGS` are kept.
    """
    kept = []
    listed = as_list(items)
    if len(listed) > _MAX_WARNINGS:
        fields.drop(f"more than {_MAX_WARNINGS} warnings")
    for item in listed[:_MAX_WARNINGS]:
        if not isinstance(item, dict):
            fields.drop("a warning that is not an object")
            continue
        code = fields.code(item.get("code")) or UNKNOWN_CODE
        note_controls(fields, item.get("message"), "a warning's message")
        message = fields.line(
            item.get("message"), "a warning message that is not text", SUMMARY_CAP
        )
        severity = Severity.ERROR if item.get("severity") == "error" else Severity.WARNING
        line = item.get("line")
        number = _line(line)
        if line is not None and number is None:
            fields.drop("a line number out of range")
        kept.append(ScanWarning(key, code, message or code, number, severity))
    return tuple(kept)


def summary_of(key: str, item: Mapping[str, Any], fields: RemoteFields) -> ArticleSummary:
    """A summary from an API object, each value typed by ``fields`` (what fails is dropped).

    The id is the one the article was listed or asked for by, whatever the object says.
    """
    for name, what in (
        ("title", "the title"),
        ("author", "the author"),
        ("summary", "the summary"),
    ):
        note_controls(fields, item.get(name), what)
    for tag in as_list(item.get("tags")):
        note_controls(fields, tag, "a tag")
    words = fields.count(item.get("words"), MAX_COUNT - 1, "a word count")
    return ArticleSummary(
        id=key,
        title=fields.line(item.get("title"), "a title that is not text") or clean_line(key),
        tags=fields.tags(item.get("tags")),
        date=moment_text(fields.moment(item.get("date"))),
        author=fields.line(item.get("author"), "an author that is not text") or None,
        summary=fields.line(item.get("summary"), "a summary that is not text", SUMMARY_CAP),
        words=words or 0,
        slug=_slug(item.get("slug"), fields),
        draft=False,
    )


def _slug(value: object, fields: RemoteFields) -> str | None:
    """A slug: one clean line without white space, at most :data:`TITLE_CAP`; else dropped."""
    if value is None or value == "":
        return None
    if (
        isinstance(value, str)
        and len(value) <= TITLE_CAP
        and clean_line(value) == value
        and not any(c.isspace() for c in value)
    ):
        return value
    fields.drop("a slug that is not one word")
    return None


def body_line(value: object, fields: RemoteFields) -> int:
    """The body's first line in the server's file: a whole number from 1, else 1.

    Older servers send none; a float, a string, a huge or negative number is
    not a line number and counts as none (and is named in the warning).
    """
    number = _line(value)
    if value is not None and number is None:
        fields.drop("a body line that is not a line number")
    return number or 1


def _line(value: object) -> int | None:
    """A line number: a whole number from 1 to :data:`_MAX_BODY_LINE`, else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= _MAX_BODY_LINE:
        return value
    return None
