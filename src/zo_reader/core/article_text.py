"""Turn the text of one article file into an :class:`Article`.

Shared by every source that has Markdown text (a folder now; the HTTP API and
converted WordPress or feed HTML later), so titles, tags, dates and summaries
are derived the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zo_reader.core import markdown_text
from zo_reader.core.conventions import Reading, obsidian, read_conventions
from zo_reader.core.file_names import name_date, name_title
from zo_reader.core.frontmatter import split_front_matter
from zo_reader.core.models import Article, ArticleSummary, ScanWarning
from zo_reader.core.sanitize import clean_line
from zo_reader.core.tags import hashtags, unique_tags

# Jekyll's "category" and "categories" are tags too (Hugo's "categories" always were).
_TAG_FIELDS = ("tags", "tag", "category", "categories", "keywords")
_TRUE_WORDS = {"true", "yes", "on", "1"}
UNCACHED_BODY = 1 << 20
"""Characters above which a body's reading is not put in :func:`read_conventions`'s cache."""


def reading_of(body: str, *, front_matter: bool) -> Reading:
    """What the conventions make of ``body`` (:func:`read_conventions`), cached unless it is long.

    The cache's key is the body itself: indexing a 50 MB book left a copy of it
    there for as long as the reader ran, beside the one read again to show it.
    The reader's own request (``Article.reading_body``) still fills the cache.
    """
    if len(body) > UNCACHED_BODY:
        return read_conventions.__wrapped__(body, front_matter=front_matter)
    return read_conventions(body, front_matter=front_matter)


def article_from_text(article_id: str, path: str, text: str, *, vault: bool = False) -> Article:
    """Build an article from the whole text of a file.

    Args:
        article_id: The id to give the article.
        path: The file's path relative to the source root, for warnings.
        text: The decoded file text (front matter included).
        vault: Whether the file is in an Obsidian vault, where a note's
            title is its file name (a note with ``[[links]]`` is one anyway).

    Returns:
        The article; problems with its front matter are in ``warnings``.
    """
    front = split_front_matter(text)
    warnings = [
        ScanWarning(path=path, code=code, message=message, line=line)
        for code, message, line in front.problems
    ]
    fields = front.fields
    body = front.body
    reading = reading_of(body, front_matter=front.body_line > 1)
    title = _text_field(fields.get("title"))
    derived = (
        None
        if title
        else body_title(body, path, front_matter=front.body_line > 1, vault=vault, reading=reading)
    )
    if derived is not None:
        title = derived.title
    date, date_problem = _date_field(fields.get("date"))
    if date_problem:
        warnings.append(ScanWarning(path=path, code="date-invalid", message=date_problem, line=1))
    if date is None and not date_problem:
        date = name_date(path)  # a Jekyll post's date is in its name
    tag_texts = [text for name in _TAG_FIELDS for text in _tag_field(name, fields.get(name))]
    summary_text = _text_field(fields.get("summary")) or _text_field(fields.get("description"))
    summary = ArticleSummary(
        id=article_id,
        title=title,
        tags=unique_tags([*tag_texts, *hashtags(body)]),
        date=date,
        author=_author_field(fields.get("author") or fields.get("authors")),
        summary=clean_line(summary_text or markdown_text.first_paragraph(reading.markdown)),
        words=count_words(body),
        slug=_text_field(fields.get("slug")) or None,
        draft=_bool_field(fields.get("draft")),
    )
    return Article(
        summary=summary,
        body=body,
        path=path,
        body_line=front.body_line,
        warnings=tuple(warnings),
        title_from_name=derived is not None and derived.from_name,
    )


@dataclass(frozen=True, slots=True)
class BodyTitle:
    """The title an article has without a title field.

    Attributes:
        title: The title.
        from_name: Whether it is only the file name made readable (or
            "Untitled"): the article has no title of its own.
    """

    title: str
    from_name: bool


def body_title(
    body: str, path: str, *, front_matter: bool, vault: bool = False, reading: Reading | None = None
) -> BodyTitle:
    """The title of an article whose front matter sets none.

    In order: the title a saved web page's shape gives, an Obsidian note's
    file name, a Hugo section's folder name, the heading that opens the
    document, then the file name made readable (a Jekyll post's without its date).

    Args:
        body: The body as written, without front matter.
        path: The file's path relative to the library root.
        front_matter: Whether the file had front matter.
        vault: Whether the file is in an Obsidian vault.
        reading: What the conventions made of ``body``, if the caller has it already.
    """
    if reading is None:
        reading = reading_of(body, front_matter=front_matter)
    shaped = clean_line(reading.title or "")
    if shaped:
        return BodyTitle(shaped, from_name=False)
    # A note that links with [[Note]] is an Obsidian note, vault folder or not.
    linked = f"]({obsidian.WIKI_SCHEME}:" in reading.markdown
    named = name_title(path, vault=vault or linked)
    if named.first and named.title:
        return BodyTitle(named.title, from_name=False)
    heading = clean_line(markdown_text.opening_heading(body) or "")
    if heading:
        return BodyTitle(heading, from_name=False)
    if named.title:
        return BodyTitle(named.title, from_name=not named.conventional)
    return BodyTitle("Untitled", from_name=True)


def _tag_field(name: str, value: Any) -> list[str]:
    """The tags of one field: a list, or a comma-separated string.

    Jekyll's ``categories: team community`` (no comma) is a list of words.
    """
    if name == "categories" and isinstance(value, str) and "," not in value:
        return value.split()
    return _list_field(value)


def count_words(text: str, chunk: int = 1 << 20) -> int:
    """The number of words in ``text`` (``len(text.split())``), counted a megabyte at a time.

    A 50 MB book's 9 million words as one list took 600 MB, and three times as long.
    """
    count, start = 0, 0
    while start < len(text):
        end = min(start + chunk, len(text))
        while end < len(text) and not text[end].isspace():  # never cut a word in two
            end += 1
        count += len(text[start:end].split())
        start = end
    return count


def _text_field(value: Any) -> str:
    """A scalar front-matter value as clean text; anything else as empty text."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return clean_line(_str(value))
    return ""


def _str(value: str | int | float) -> str:
    """``str(value)``, but empty for an integer too long to print (YAML's ``0x`` + 4,000 digits)."""
    try:
        return str(value)
    except ValueError:  # Python refuses to print integers of more than 4,300 digits
        return ""


def _list_field(value: Any) -> list[str]:
    """A list, or a comma-separated string, as a list of texts."""
    if isinstance(value, str):
        return [part for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [_str(item) for item in value if isinstance(item, str | int | float)]
    return []


def _author_field(value: Any) -> str | None:
    """The author: a string, a list of names, or a mapping with a ``name``."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list | tuple):
        names = [
            _text_field(item.get("name") if isinstance(item, dict) else item) for item in value
        ]
        return ", ".join(name for name in names if name) or None
    return _text_field(value) or None


def _bool_field(value: Any) -> bool:
    """``draft: true`` and its spellings (``"yes"``, ``1``)."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str | int) and _str(value).strip().lower() in _TRUE_WORDS


def _date_field(value: Any) -> tuple[str | None, str | None]:
    """The date as ISO 8601 text, or ``None`` and a problem sentence."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    text = clean_line(_str(value) if isinstance(value, str | int | float) else str(value))
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None, f"The date '{text[:60]}' is not an ISO date such as 2026-03-14."
    if len(text) <= 10:
        return parsed.date().isoformat(), None
    return parsed.isoformat(), None
