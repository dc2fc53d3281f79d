"""Formatting for the CLI: plain text for people and screen readers, JSON for scripts.

Text output reads top to bottom with no box drawing and no colour unless
stdout is a terminal and ``NO_COLOR`` is unset. Everything that came from an
article passes through the core sanitiser here, at the last step before print.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from zo_reader.core.models import Article, ArticleSummary, ScanWarning, SearchHit, TagCount
from zo_reader.core.sanitize import clean_code, clean_line, clean_text, escape_json_controls


def use_colour() -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _bold(text: str) -> str:
    return f"\x1b[1m{text}\x1b[22m" if use_colour() else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def byline(article: ArticleSummary) -> list[str]:
    """Date, author, reading time and the word ``draft``, as far as they are known."""
    parts = []
    if article.date:
        parts.append(clean_line(article.date[:10]))
    if article.author:
        parts.append(f"by {clean_line(article.author)}")
    if article.words:  # 0: a remote summary, counted once the body comes
        parts.append(f"{article.reading_minutes} min read")
    if article.draft:
        parts.append("draft")
    return parts


def summary_line(article: ArticleSummary) -> str:
    """The details line under a title: id, date, author, reading time, tags."""
    parts = [clean_line(article.id), *byline(article)]
    line = ", ".join(parts)
    if article.tags:
        line += "; tags: " + ", ".join(clean_line(tag.display) for tag in article.tags)
    return line


def articles_text(articles: Sequence[ArticleSummary], total: int) -> str:
    """A list of articles: title on one line, details indented below."""
    lines: list[str] = []
    for article in articles:
        lines.append(_bold(clean_line(article.title)))
        lines.append(f"    {summary_line(article)}")
    shown = len(articles)
    if shown < total:
        lines.append(f"Showing {shown} of {_plural(total, 'article')}.")
    else:
        lines.append(f"{_plural(total, 'article')}.")
    return "\n".join(lines)


def hits_text(hits: Sequence[SearchHit], description: str) -> str:
    """Search results, numbered, each with its marked snippet."""
    count = "No results" if not hits else _plural(len(hits), "result")
    lines = [f"{count} for {clean_line(description)}."]
    for number, hit in enumerate(hits, start=1):
        lines.append(f"{number}. {_bold(clean_line(hit.article.title))}")
        lines.append(f"    {summary_line(hit.article)}")
        snippet = hit.snippet_text()
        if snippet:
            lines.append(f"    {clean_line(snippet)}")
    return "\n".join(lines)


def tags_text(tags: Sequence[TagCount]) -> str:
    """Tags with their article counts, most used first."""
    lines = [f"{_plural(len(tags), 'tag')}:"]
    lines.extend(
        f"{clean_line(item.tag.display)}: {_plural(item.count, 'article')}" for item in tags
    )
    return "\n".join(lines)


def warnings_text(warnings: Sequence[ScanWarning]) -> str:
    """One line per warning: ``path:line: message``."""
    return "\n".join(
        f"{clean_line(w.path)}{f':{w.line}' if w.line else ''}: {clean_line(w.message)}"
        for w in warnings
    )


def summary_json(article: ArticleSummary) -> dict[str, Any]:
    """The JSON object of an article summary (the documented ``--json`` fields)."""
    return {
        "id": clean_line(article.id),
        "title": clean_line(article.title),
        "tags": [clean_line(tag.display) for tag in article.tags],
        "date": clean_line(article.date) if article.date else None,
        "author": clean_line(article.author) if article.author else None,
        "summary": clean_line(article.summary),
        "words": article.words,
        "slug": clean_line(article.slug) if article.slug else None,
        "draft": article.draft,
    }


def hit_json(hit: SearchHit) -> dict[str, Any]:
    """A summary object plus ``snippet`` (matches in brackets) and ``score``."""
    return {
        **summary_json(hit.article),
        "snippet": clean_line(hit.snippet_text()),
        "matched": [clean_line(word) for word in hit.matched_words],
        "score": hit.score,
    }


def warning_json(warning: ScanWarning) -> dict[str, Any]:
    """A warning as a JSON object with a stable ``code``."""
    return {
        "path": clean_line(warning.path),
        "line": warning.line,
        "code": clean_code(warning.code),
        "severity": warning.severity.value,
        "message": clean_line(warning.message),
    }


def article_json(article: Article) -> dict[str, Any]:
    """A whole article: summary fields, the Markdown ``body`` and its ``warnings``."""
    return {
        **summary_json(article.summary),
        "path": clean_line(article.path),
        "body": clean_text(article.body),
        # Above 1 when the file had front matter: a reader then never reads the body
        # by a saved page's shape (see core.conventions), remotely as locally.
        "body_line": article.body_line,
        "warnings": [warning_json(w) for w in article.warnings],
    }


def dumps(document: object) -> str:
    """JSON text, UTF-8 kept readable, indented for people who read it too.

    Controls JSON leaves raw (C1, bidi) are escaped, so the output is inert in a terminal.
    """
    return escape_json_controls(json.dumps(document, ensure_ascii=False, indent=2))
