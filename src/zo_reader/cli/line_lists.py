"""The line-mode commands that print numbered lists: articles, tags, search results, bookmarks.

Every list becomes the session's last list, so a number alone (or ``open N``)
picks from it afterwards, and ``next`` and ``prev`` page through it. Article
entries read ``1. Title`` with ``date, by author, N min read, tags: a, b``
indented below; search results add their snippet with matches in brackets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from zo_reader.cli.line_pages import Entry, Listing
from zo_reader.cli.output import byline
from zo_reader.core.errors import AmbiguousArticleError, ZoReaderError
from zo_reader.core.markdown.plain_layout import plural
from zo_reader.core.sanitize import clean_line, ours
from zo_reader.core.tags import normalise_tag

if TYPE_CHECKING:
    from zo_reader.cli.line_mode import LineSession
    from zo_reader.core.models import ArticleSummary, SearchHit

SEARCH_LIMIT = 100
"""At most this many search results are listed."""


def either(words: Sequence[str], joiner: str = "or") -> str:
    """Words joined for a sentence: ``a``, ``a or b``, ``a, b or c``."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def sentence(text: str) -> str:
    """``text`` ending with a full stop, unless it already ends a sentence (a title with ``?``)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def number(text: str) -> int | None:
    """``text`` as a whole number, or ``None``; absurdly long numbers count as 0."""
    if not text.isdecimal():
        return None
    return int(text) if len(text) <= 12 else 0  # int() refuses over 4,300 digits


def details(article: ArticleSummary) -> str:
    """``date, by author, N min read, tags: a, b``: the line under a title."""
    parts: list[str] = [*byline(article)]
    if article.tags:
        parts.append("tags: " + ", ".join(clean_line(tag.display) for tag in article.tags))
    return ", ".join(parts)


def _article_entry(article: ArticleSummary, *extra: str) -> Entry:
    title = clean_line(article.title) or clean_line(article.id)
    return Entry(article.id, (title, f"    {details(article)}", *extra))


def _counted(noun: str, first: int, last: int, total: int, per_page: int) -> str:
    """``3 articles`` when they fit on one page, ``Articles 11 to 20 of 25`` otherwise."""
    if total <= per_page:
        return plural(total, noun)
    return f"{noun.capitalize()}s {first} to {last} of {total}"


def _tagged(tags: Sequence[str]) -> str:
    return f" tagged {either(list(tags), 'and')}" if tags else ""


def _fixed(
    entries: Sequence[Entry], per_page: int, describe: Callable[[int, int], str], empty: str
) -> Listing:
    """A listing of entries already in memory."""

    def fetch(offset: int, limit: int) -> Sequence[Entry]:
        return entries[offset : offset + limit]

    return Listing(len(entries), fetch, describe, per_page, empty)


def show_articles(session: LineSession, argument: str = "") -> None:
    """``list``: the articles matching the tag filter, in the current order, a page at a time."""
    tags, sort, drafts, library = list(session.tags), session.sort, session.drafts, session.library
    total = library.count_articles(tags=tags, drafts=drafts)
    per_page = session.per_page(2)
    order = "newest first" if sort == "date" else "by title"

    def fetch(offset: int, limit: int) -> list[Entry]:
        found = library.list_articles(
            tags=tags, sort=sort, limit=limit, offset=offset, drafts=drafts
        )
        return [_article_entry(article) for article in found]

    def describe(first: int, last: int) -> str:
        return f"{_counted('article', first, last, total, per_page)}{_tagged(tags)}, {order}."

    empty = f"No articles are{_tagged(tags)}." if tags else "There are no articles."
    session.show_listing(Listing(total, fetch, describe, per_page, empty))


def show_tags(session: LineSession, argument: str = "") -> None:
    """``tags``: every tag among the filtered articles, with its number of articles."""
    counts = session.library.tag_counts(within=session.tags, drafts=session.drafts)
    per_page = session.per_page(1)
    among = f" among articles{_tagged(session.tags)}" if session.tags else ""
    entries = [
        Entry(
            item.tag.display,
            (f"{clean_line(item.tag.display)}: {plural(item.count, 'article')}",),
            is_tag=True,
        )
        for item in counts
    ]

    def describe(first: int, last: int) -> str:
        counted = _counted("tag", first, last, len(entries), per_page)
        return f"{counted}{among}; type a number to list the articles with that tag."

    session.show_listing(_fixed(entries, per_page, describe, f"There are no tags{among}."))


def change_filter(session: LineSession, argument: str) -> None:
    """``tag NAME``, ``tag -NAME``, ``tag clear``, ``tag``: change or describe the tag filter."""
    tags = session.tags
    if not argument:
        if tags:
            session.say(ours(f"Only articles tagged {either(tags, 'and')} are listed."))
        else:
            session.say(ours("No tag filter is set, so every article is listed."))
        return
    if argument.lower() == "clear":
        if not tags:
            session.say(ours("The tag filter is already empty."))
            return
        tags.clear()
        session.say(ours("The tag filter is cleared."))
    elif argument.startswith("-"):
        key = normalise_tag(argument[1:])
        kept = [tag for tag in tags if normalise_tag(tag) != key]
        if len(kept) == len(tags):
            session.say(ours(f"The filter has no tag '{clean_line(argument[1:])}'."))
            return
        tags[:] = kept
    else:
        listing = session.listing
        chosen = number(argument)
        if chosen is not None and listing is not None:  # "tag 2" after "tags"
            entry = listing.entry(chosen)
            if entry is not None and entry.is_tag:
                argument = entry.target
        if not add_tag(session, argument):
            return
    show_articles(session)


def add_tag(session: LineSession, name: str) -> bool:
    """Add the tag ``name`` to the filter, or say why not and return ``False``."""
    key = normalise_tag(name)
    if key in {normalise_tag(tag) for tag in session.tags}:
        session.say(ours(f"The filter already has {clean_line(name)}."))
        return False
    known = {c.tag.key: c.tag.display for c in session.library.tag_counts(drafts=session.drafts)}
    if key not in known:
        session.say(ours(f"There is no tag '{clean_line(name)}'; type tags to see them all."))
        return False
    session.tags.append(clean_line(known[key]))
    return True


def change_sort(session: LineSession, argument: str) -> None:
    """``sort date`` or ``sort title``, then the list in that order."""
    order = argument.lower()
    if order not in {"date", "title"}:
        session.say(ours("Type sort date for newest first or sort title for alphabetical order."))
        return
    session.sort = "date" if order == "date" else "title"
    show_articles(session)


def show_search(session: LineSession, argument: str) -> None:
    """``search WORDS``: the best matches among the filtered articles, with snippets."""
    from zo_reader.core.query import describe_query, parse_query

    if not argument:
        session.say(ours("Type search and some words, for example search sleep."))
        return
    hits = session.library.search(
        argument, tags=session.tags, limit=SEARCH_LIMIT, drafts=session.drafts
    )
    query = clean_line(describe_query(parse_query(argument))) + _tagged(session.tags)
    entries = [_hit_entry(hit) for hit in hits]
    per_page = session.per_page(3)
    capped = ""
    if len(hits) == SEARCH_LIMIT:
        total = session.library.count_matches(argument, tags=session.tags, drafts=session.drafts)
        if total > SEARCH_LIMIT:
            capped = f"; {total} match, the best {SEARCH_LIMIT} are listed"

    def describe(first: int, last: int) -> str:
        counted = _counted("result", first, last, len(entries), per_page)
        return f"{counted} for {query}{capped}."

    session.show_listing(_fixed(entries, per_page, describe, sentence(f"No results for {query}")))


def _hit_entry(hit: SearchHit) -> Entry:
    snippet = clean_line(hit.snippet_text())
    return _article_entry(hit.article, *([f"    {snippet}"] if snippet else []))


def show_bookmarks(session: LineSession, argument: str = "") -> None:
    """``bookmarks``: the bookmarked articles, most recent first."""
    entries = []
    for article_id in session.context.state.bookmarks():
        try:
            summary = session.library.get(article_id).summary
        except ZoReaderError:
            gone = (clean_line(article_id), "    This article is no longer in the library.")
            entries.append(Entry(article_id, gone))
        else:
            entries.append(_article_entry(summary))
    per_page = session.per_page(2)

    def describe(first: int, last: int) -> str:
        return f"{_counted('bookmark', first, last, len(entries), per_page)}, most recent first."

    empty = "There are no bookmarks yet; type bookmark while reading to add one."
    session.show_listing(_fixed(entries, per_page, describe, empty))


def show_candidates(session: LineSession, error: AmbiguousArticleError) -> None:
    """The articles an ambiguous reference matches, numbered so that ``open N`` picks one."""
    entries = [
        Entry(article_id, (clean_line(title), f"    {clean_line(article_id)}"))
        for article_id, title in error.candidates
    ]
    reference, count = clean_line(error.reference), len(entries)

    def describe(first: int, last: int) -> str:
        return f"'{reference}' matches {count} articles; type open and a number to pick one."

    session.show_listing(_fixed(entries, session.per_page(2), describe, ""))


def choose(session: LineSession, wanted: int) -> None:
    """Open entry ``wanted`` of the last list; for a list of tags, filter by that tag."""
    listing = session.listing
    if listing is None or not listing.total:
        session.say(ours("There is no numbered list yet; type list to see the articles."))
        return
    entry = listing.entry(wanted)
    if entry is None:
        total = plural(listing.total, "entry").replace("entrys", "entries")
        session.say(ours(f"There is no number {wanted} in the last list, which has {total}."))
    elif entry.is_tag:
        if add_tag(session, entry.target):
            show_articles(session)
    else:
        session.open_article(entry.target)
