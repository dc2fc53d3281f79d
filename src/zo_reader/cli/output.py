"""Formatting for the CLI: plain text for people and screen readers, JSON for scripts.

Text output reads top to bottom with no box drawing and no colour unless
stdout is a terminal and ``NO_COLOR`` is unset. Everything that came from an
article passes through the core sanitiser here, at the last step before print.

The commands print only through :func:`echo`, which takes
:data:`~zo_reader.core.sanitize.CleanText`, and :func:`dumps`, which takes
:data:`JsonValue` (whose strings are ``CleanText``): handing either a raw
``str`` from content is a mypy error, not a hole found later.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import TypeAlias

import click

from zo_reader.core.models import Article, ArticleSummary, ScanWarning, SearchHit, TagCount
from zo_reader.core.sanitize import (
    CleanText,
    clean_code,
    escape_json_controls,
    joined,
    ours,
    safe_line,
    safe_text,
)

JsonValue: TypeAlias = (
    CleanText | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None
)
"""What :func:`dumps` encodes: its strings must be ``CleanText`` (keys are ours).

Lists and dicts, not ``Sequence`` and ``Mapping``: a ``str`` is a sequence of
``str``, which mypy would then accept as a JSON array of clean text.
"""
JsonObject: TypeAlias = dict[str, JsonValue]


def echo(text: CleanText, *, err: bool = False) -> None:
    """Print one clean text and a newline, on stdout or (``err``) stderr.

    The one writer of the commands' text: it takes only ``CleanText``.
    """
    click.echo(text, err=err)


def use_colour() -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _bold(text: CleanText) -> CleanText:
    # Our own SGR escapes around clean text: the one place besides the sanitiser
    # that builds CleanText by hand (tests/core/test_clean_text_type.py keeps it so).
    return CleanText(f"\x1b[1m{text}\x1b[22m") if use_colour() else text


def _plural(count: int, word: str) -> CleanText:
    return ours(f"{count} {word}" if count == 1 else f"{count} {word}s")


def byline(article: ArticleSummary) -> list[CleanText]:
    """Date, author, reading time and the word ``draft``, as far as they are known."""
    parts = []
    if article.date:
        parts.append(safe_line(article.date[:10]))
    if article.author:
        parts.append(ours(f"by {safe_line(article.author)}"))
    if article.words:  # 0: a remote summary, counted once the body comes
        parts.append(ours(f"{article.reading_minutes} min read"))
    if article.draft:
        parts.append(ours("draft"))
    return parts


def summary_line(article: ArticleSummary) -> CleanText:
    """The details line under a title: id, date, author, reading time, tags."""
    line = joined(", ", [safe_line(article.id), *byline(article)])
    if article.tags:
        tags = joined(", ", (safe_line(tag.display) for tag in article.tags))
        line = ours(f"{line}; tags: {tags}")
    return line


def articles_text(articles: Sequence[ArticleSummary], total: int) -> CleanText:
    """A list of articles: title on one line, details indented below."""
    lines: list[CleanText] = []
    for article in articles:
        lines.append(_bold(safe_line(article.title)))
        lines.append(ours(f"    {summary_line(article)}"))
    shown = len(articles)
    if shown < total:
        lines.append(ours(f"Showing {shown} of {_plural(total, 'article')}."))
    else:
        lines.append(ours(f"{_plural(total, 'article')}."))
    return joined("\n", lines)


def hits_text(hits: Sequence[SearchHit], description: str) -> CleanText:
    """Search results, numbered, each with its marked snippet."""
    count = ours("No results") if not hits else _plural(len(hits), "result")
    lines = [ours(f"{count} for {safe_line(description)}.")]
    for number, hit in enumerate(hits, start=1):
        # The title is bold (our escapes), so it is joined, not run through ours() again.
        lines.append(joined("", [ours(f"{number}. "), _bold(safe_line(hit.article.title))]))
        lines.append(ours(f"    {summary_line(hit.article)}"))
        snippet = hit.snippet_text()
        if snippet:
            lines.append(ours(f"    {safe_line(snippet)}"))
    return joined("\n", lines)


def tags_text(tags: Sequence[TagCount]) -> CleanText:
    """Tags with their article counts, most used first."""
    lines = [ours(f"{_plural(len(tags), 'tag')}:")]
    lines.extend(
        ours(f"{safe_line(item.tag.display)}: {_plural(item.count, 'article')}") for item in tags
    )
    return joined("\n", lines)


def warnings_text(warnings: Sequence[ScanWarning]) -> CleanText:
    """One line per warning: ``path:line: message``."""
    return joined(
        "\n",
        (
            ours(f"{safe_line(w.path)}{f':{w.line}' if w.line else ''}: {safe_line(w.message)}")
            for w in warnings
        ),
    )


def summary_json(article: ArticleSummary) -> JsonObject:
    """The JSON object of an article summary (the documented ``--json`` fields)."""
    return {
        "id": safe_line(article.id),
        "title": safe_line(article.title),
        "tags": [safe_line(tag.display) for tag in article.tags],
        "date": safe_line(article.date) if article.date else None,
        "author": safe_line(article.author) if article.author else None,
        "summary": safe_line(article.summary),
        "words": article.words,
        "slug": safe_line(article.slug) if article.slug else None,
        "draft": article.draft,
    }


def hit_json(hit: SearchHit) -> JsonObject:
    """A summary object plus ``snippet`` (matches in brackets) and ``score``."""
    return {
        **summary_json(hit.article),
        "snippet": safe_line(hit.snippet_text()),
        "matched": [safe_line(word) for word in hit.matched_words],
        "score": hit.score,
    }


def warning_json(warning: ScanWarning) -> JsonObject:
    """A warning as a JSON object with a stable ``code``."""
    return {
        "path": safe_line(warning.path),
        "line": warning.line,
        "code": clean_code(warning.code),
        "severity": ours(warning.severity.value),
        "message": safe_line(warning.message),
    }


def article_json(article: Article) -> JsonObject:
    """A whole article: summary fields, the Markdown ``body`` and its ``warnings``."""
    return {
        **summary_json(article.summary),
        "path": safe_line(article.path),
        "body": safe_text(article.body),
        # Above 1 when the file had front matter: a reader then never reads the body
        # by a saved page's shape (see core.conventions), remotely as locally.
        "body_line": article.body_line,
        "warnings": [warning_json(w) for w in article.warnings],
    }


def dumps(document: JsonValue) -> CleanText:
    """JSON text, UTF-8 kept readable, indented for people who read it too.

    Its strings are clean already; controls JSON would leave raw (C1, bidi) are
    escaped as well, so the output is inert in a terminal whatever it holds.
    """
    return CleanText(escape_json_controls(json.dumps(document, ensure_ascii=False, indent=2)))
