"""The commands of line mode: one table that runs them and is also their help.

A command is typed as its name or any unambiguous beginning of it, in any
case, followed by its argument (``sea racing`` searches). A number alone
opens that entry of the last numbered list; an empty line shows the next page.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zo_reader.cli.line_lists import (
    change_filter,
    change_sort,
    choose,
    either,
    number,
    sentence,
    show_articles,
    show_bookmarks,
    show_candidates,
    show_search,
    show_tags,
)
from zo_reader.core import link_names
from zo_reader.core.errors import AmbiguousArticleError, ZoReaderError
from zo_reader.core.links import not_followed, resolve_link, shown_link
from zo_reader.core.markdown.plain_layout import plural
from zo_reader.core.sanitize import clean_line, ours, safe_line

if TYPE_CHECKING:
    from zo_reader.cli.line_mode import LineSession
    from zo_reader.cli.line_pages import Reading


@dataclass(frozen=True, slots=True)
class Command:
    """One line-mode command.

    Attributes:
        name: What to type (any unambiguous beginning works).
        syntax: How to type it, as the help shows it.
        description: One sentence for the help.
        run: Carries it out, given the session and the text after the name.
        takes_argument: Whether text after the name is expected.
        aliases: Other names for it.
    """

    name: str
    syntax: str
    description: str
    run: Callable[[LineSession, str], None]
    takes_argument: bool = False
    aliases: tuple[str, ...] = ()


def run_command(session: LineSession, line: str) -> None:
    """Carry out one line of input; errors are told in a sentence, never raised."""
    text = clean_line(line)  # drops escape sequences typed without readline (arrow keys)
    session.show()  # any line ends `hide`
    session.catch_up()
    try:
        if not text and line.strip():
            session.say(
                ours("Arrow and function keys do nothing here; type help for the commands.")
            )
        elif not text:
            session.turn(1)
        elif (chosen := number(text)) is not None:
            choose(session, chosen)
        else:
            word, _, argument = text.partition(" ")
            command = find_command(session, word)
            if command is None:
                return
            argument = argument.strip()
            if argument and not command.takes_argument:
                session.say(
                    ours(f"{command.name} takes nothing after it; type help {command.name}.")
                )
                return
            command.run(session, argument)
    except ZoReaderError as error:
        session.say(safe_line(str(error)))
    except sqlite3.DatabaseError as error:
        session.say(ours(f"The search index could not be used ({clean_line(str(error))})."))


def find_command(session: LineSession, word: str) -> Command | None:
    """The command named by ``word`` or its beginning; says why when there is none."""
    word = word.lower()
    names = {name: command for command in COMMANDS for name in (command.name, *command.aliases)}
    if word in names:
        return names[word]
    matches = list(dict.fromkeys(names[name] for name in names if name.startswith(word)))
    if len(matches) == 1:
        return matches[0]
    shown = clean_line(word)
    if matches:
        session.say(
            ours(f"'{shown}' could be {either([c.name for c in matches])}; type more letters.")
        )
    else:
        session.say(ours(f"There is no command '{shown}'; type help for the commands."))
    return None


def _reading(session: LineSession) -> Reading | None:
    """The open article; when there is none, say so."""
    if session.reading is None:
        session.say(ours("No article is open; type open and a number, an id or a title."))
    return session.reading


def _open(session: LineSession, argument: str) -> None:
    if not argument:
        session.say(ours("Type open and a number from the last list, an article id or a title."))
    elif (chosen := number(argument)) is not None and session.listing and session.listing.total:
        choose(session, chosen)
    else:
        try:
            found = session.library.resolve(argument, drafts=session.drafts)
        except AmbiguousArticleError as error:
            show_candidates(session, error)
        else:
            session.open_article(found.id)


def _next(session: LineSession, argument: str) -> None:
    session.turn(1)


def _prev(session: LineSession, argument: str) -> None:
    session.turn(-1)


def _top(session: LineSession, argument: str) -> None:
    session.turn(None)


def _links(session: LineSession, argument: str) -> None:
    reading = _reading(session)
    if reading is None:
        return
    links = reading.links
    if not links:
        session.say(ours("This article has no links."))
        return
    session.say(ours(f"{plural(len(links), 'link')}; type follow and a number to follow one."))
    for link in links:
        text, url = clean_line(link.text), _shown_url(link.url)
        session.say(
            ours(f"[{link.number}] {text}: {url}")
            if text and text != url
            else ours(f"[{link.number}] {url}")
        )


def _shown_url(url: str) -> str:
    """The URL on one line; a long embedded ``data:`` URL shows only its media type."""
    url = clean_line(shown_link(url))  # a wikilink as written: [[Note#Heading]]
    if url.startswith("data:") and len(url) > 80:
        return f"{url.partition(',')[0][:80]} (embedded data)"
    return url


def _follow(session: LineSession, argument: str) -> None:
    reading = _reading(session)
    if reading is None:
        return
    count = len(reading.links)
    chosen = number(argument)
    if chosen is None or not 1 <= chosen <= count:
        if count:
            session.say(ours(f"Type follow and a link number from 1 to {count}; links lists them."))
        else:
            session.say(ours("This article has no links."))
        return
    link = reading.links[chosen - 1]
    names = link_names.for_library(session.library)  # wikilinks, site addresses
    target = resolve_link(link.url, reading.article.path, names)
    url = _shown_url(link.url)
    if target.kind == "anchor" and target.anchor:
        line = reading.anchor_line(target.anchor)
        if line is None:
            session.say(ours(f"There is no heading '{clean_line(target.anchor)}' in this article."))
        else:
            reading.go_to(line)
            session.show_page()
    elif target.kind == "article" and target.article_id:
        session.open_article(target.article_id, anchor=target.anchor)
    elif target.kind == "external":
        session.say(
            ours(
                f"Link {link.number} goes to {url}; line mode does not open browsers, "
                "so copy the address to visit it."
            )
        )
    else:
        session.say(safe_line(not_followed(target)))


def _back(session: LineSession, argument: str) -> None:
    history = session.history
    if session.reading is None and history.current is not None:
        session.open_article(history.current, record=False)  # the one a list closed
        return
    article_id = history.back()
    if article_id is None:
        session.say(ours("There is no earlier article in this session."))
    else:
        session.open_article(article_id, record=False)


def _bookmark(session: LineSession, argument: str) -> None:
    reading = _reading(session)
    if reading is None:
        return
    article = reading.article
    title = clean_line(article.title) or clean_line(article.id)
    if session.context.state.toggle_bookmark(article.id):
        note = (
            " for this session (private mode saves nothing)"
            if session.context.state.path is None
            else ""
        )
        session.say(ours(sentence(f"Bookmarked {title}{note}")))
    else:
        session.say(ours(sentence(f"Bookmark removed from {title}")))


def _where(session: LineSession, argument: str) -> None:
    reading, listing = session.reading, session.listing
    if reading is not None:
        article = reading.article
        title = clean_line(article.title) or clean_line(article.id)
        marked = ", bookmarked" if session.context.state.is_bookmarked(article.id) else ""
        session.say(
            ours(
                f"Reading {title} ({clean_line(article.id)}{marked}), "
                f"page {reading.page} of {reading.pages_said}."
            )
        )
    elif listing is not None and listing.total:
        session.say(
            ours(
                "No article is open; the last list is at page "
                f"{listing.page + 1} of {listing.pages}."
            )
        )
    else:
        session.say(ours("No article is open; type list to see the articles."))


def _help(session: LineSession, argument: str) -> None:
    if argument:
        command = find_command(session, argument.split()[0])
        if command is not None:
            session.say(ours(f"{command.syntax}: {command.description}"))
        return
    session.say(ours("Commands; any unambiguous beginning works, for example n for next:"))
    for command in COMMANDS:
        session.say(ours(f"{command.syntax}: {command.description}"))
    session.say(
        ours(
            "A number alone opens that entry of the last list, and Enter alone shows the next page."
        )
    )


def _hide(session: LineSession, argument: str) -> None:
    session.hide()


def _quit(session: LineSession, argument: str) -> None:
    session.running = False


COMMANDS: tuple[Command, ...] = (
    Command("list", "list", "List the articles that match the tag filter.", show_articles),
    Command("tags", "tags", "List the tags with how many articles carry each.", show_tags),
    Command(
        "tag",
        "tag NAME, tag -NAME, tag clear",
        "Add a tag to the filter, remove one, or clear it; tag alone says what the filter is.",
        change_filter,
        takes_argument=True,
    ),
    Command(
        "sort",
        "sort date, sort title",
        "List newest first or by title.",
        change_sort,
        takes_argument=True,
    ),
    Command(
        "search",
        "search WORDS",
        'Search titles, tags and text; "phrases", prefix*, -word and tag:NAME work.',
        show_search,
        takes_argument=True,
    ),
    Command(
        "open",
        "open N, ID or TITLE",
        "Read entry N of the last list, or the article with this id or title beginning.",
        _open,
        takes_argument=True,
    ),
    Command("next", "next, or Enter", "Show the next page of the article or list.", _next),
    Command("prev", "prev", "Show the previous page.", _prev),
    Command("top", "top", "Show the first page.", _top),
    Command("links", "links", "List the links of the open article.", _links),
    Command(
        "follow",
        "follow N",
        "Follow link N: articles open here, web addresses are only shown.",
        _follow,
        takes_argument=True,
    ),
    Command("back", "back", "Go back to the article read before.", _back),
    Command("bookmark", "bookmark", "Add or remove a bookmark on the open article.", _bookmark),
    Command("bookmarks", "bookmarks", "List the bookmarked articles.", show_bookmarks),
    Command("where", "where", "Say which article is open and at which page.", _where),
    Command(
        "help", "help, help COMMAND", "Show every command, or one.", _help, takes_argument=True
    ),
    Command(
        "hide",
        "hide",
        "Clear the screen and its scrollback at once; any command brings zo-reader back.",
        _hide,
    ),
    Command("quit", "quit, exit, or Ctrl+D", "Leave line mode.", _quit, aliases=("exit",)),
)
"""Every command, in the order the help lists them."""
