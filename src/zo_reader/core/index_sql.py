"""The SQL pieces the library's queries share: columns, orders, filters and snippet marks."""

from __future__ import annotations

from collections.abc import Sequence

from zo_reader.core.models import SnippetPart
from zo_reader.core.sanitize import clean_line
from zo_reader.core.tags import normalise_tag

# Private-use characters mark matches in snippets; they never survive into output.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


def snippet_sql(table: str) -> str:
    """The SQL of a snippet of the best column of ``table``'s matching row, matches marked."""
    return f"snippet({table}, -1, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 16)"


SNIPPET = snippet_sql("articles_fts")
SUMMARY_COLUMNS = "a.rowid, a.id, a.title, a.date, a.author, a.summary, a.words, a.slug, a.draft"
ORDER = {
    # SQLite sorts NULL lowest, so undated articles come last in DESC order, and
    # both orders match an index, so a page of a long list needs no sort.
    "date": "a.date DESC, a.sort_title",
    "title": "a.sort_title, a.date DESC",
    # Rows are inserted again when their entry changes, so the newest rowid is
    # the latest addition or change (the API's sort=changed).
    "changed": "a.rowid DESC",
}


def filters(tags: Sequence[str], drafts: bool, *, rare: bool = True) -> tuple[str, list[object]]:
    """SQL conditions on ``articles a`` for the draft flag and required tags.

    Args:
        tags: Tags every article must carry.
        drafts: Whether drafts are included.
        rare: The tags select few articles. Then ``+a.draft`` keeps SQLite from
            walking the date index through every article to find a rare tag's
            few: it fetches the tagged rows by rowid and sorts them. For a
            common tag the index walk is cheaper (see ``Library._is_rare``).
    """
    keys = tag_keys(tags)
    draft_clause = "+a.draft = 0" if keys and rare else "a.draft = 0"
    clauses = ["1"] if drafts else [draft_clause]
    params: list[object] = []
    if keys:
        marks = ",".join("?" * len(keys))
        clauses.append(
            "a.rowid IN (SELECT at.article FROM article_tags at JOIN tags t ON t.id = at.tag "
            f"WHERE t.key IN ({marks}) GROUP BY at.article HAVING count(*) = ?)"
        )
        params.extend([*keys, len(keys)])
    return " AND ".join(clauses), params


def tag_keys(tags: Sequence[str]) -> list[str]:
    return sorted({normalise_tag(tag) for tag in tags} - {""})


def like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def snippet_parts(snippet: str | None) -> tuple[SnippetPart, ...]:
    """Split an FTS5 snippet with private-use marks into plain and matched runs."""
    if not snippet:
        return ()
    first, *marked = clean_line(snippet).split(MARK_OPEN)
    parts = [SnippetPart(first)] if first else []
    for chunk in marked:
        matched, _, plain = chunk.partition(MARK_CLOSE)
        parts.append(SnippetPart(matched, matched=True))
        if plain:
            parts.append(SnippetPart(plain))
    return tuple(parts)
