"""Line mode: a prompt-based reader that prints plain lines and never moves the cursor.

For teletype-style use, Emacs shells (``M-x shell``, where ``TERM=dumb``) and
the Linux console with Speakup or BRLTTY, in the spirit of offpunk, edbrowse
and ``lynx -dump``: every answer is whole lines of text, read top to bottom.
Nothing here writes an escape sequence, colour or cursor movement; a last
pass through :func:`~zo_reader.core.sanitize.clean_text` guards every write.

Articles are printed as :func:`~zo_reader.core.render.render_article_text`
renders them (a very long one a piece at a time, as the pages reach it:
:mod:`zo_reader.cli.line_text`) and paged like ``more``: one page of
``rows - 2`` lines, then a prompt naming the page. Lists are paged too, and numbered across pages so
that ``open 12`` works after ``next``. Commands live in
:mod:`zo_reader.cli.line_commands`, whose table is also the help text.

Bookmarks and reading positions are shared with the TUI through
:class:`~zo_reader.core.state.ReadingState` (see :mod:`zo_reader.cli.line_pages`
for how positions are translated); the history of articles read lives only in
memory, as in the TUI.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, TextIO

from zo_reader.cli.line_pages import Listing, Reading
from zo_reader.core.errors import ArticleNotFoundError, ZoReaderError
from zo_reader.core.history import History
from zo_reader.core.index import SortOrder
from zo_reader.core.sanitize import CleanText, clean_line, clean_text, ours, safe_line, safe_text

if TYPE_CHECKING:
    from zo_reader.core.context import ReaderContext

PROMPT = "zo-reader> "
"""The prompt while no article is open."""


def _readline() -> ModuleType | None:
    """The readline module, or ``None`` on Windows or a Python built without it."""
    try:
        import readline
    except ImportError:
        return None
    return readline


NEUTRAL_PROMPT = "$ "
"""The prompt after ``hide``: what an idle shell shows."""
NEUTRAL_TITLE = "Terminal"


def _can_clear(out: TextIO) -> bool:
    """Whether ``out`` is a terminal that understands clearing sequences."""
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM", "dumb") != "dumb"


def run_line_mode(
    context: ReaderContext, stdin: TextIO, stdout: TextIO, width: int, rows: int
) -> int:
    """Sync the index, then read commands from ``stdin`` until ``quit`` or end of input.

    Args:
        context: The open source, index and reading state; the caller closes it.
        stdin: Where commands come from, one a line (a terminal, a pipe, a ``StringIO``).
        stdout: Where everything is written.
        width: Wrapping width of article text.
        rows: Terminal height; a page is ``rows - 2`` lines.

    Returns:
        The exit status: 0, or 130 after Ctrl+C.
    """
    from zo_reader.cli.line_commands import run_command

    session = LineSession(context, stdout, width, rows)
    read = _line_reader(stdin, stdout)
    try:
        session.start()
        while session.running:
            line = read(session.prompt())
            if line is None:  # end of input (Ctrl+D)
                stdout.write("\n")
                break
            run_command(session, line)
    except KeyboardInterrupt:
        stdout.write("\n")
        return 130
    finally:
        session.finish()
        stdout.flush()
    return 0


def _line_reader(stdin: TextIO, stdout: TextIO) -> Callable[[str], str | None]:
    """A function that shows a prompt and returns the next line, or ``None`` at the end.

    On the process's own terminal (and not ``TERM=dumb``) it uses ``input()``
    with readline for editing and history with the arrow keys. Elsewhere it
    writes the prompt itself and reads the stream, echoing nothing, so a pipe
    gives the same output every time.
    """
    interactive = stdin is sys.stdin and stdout is sys.stdout and stdin.isatty()
    if interactive and os.environ.get("TERM", "dumb") != "dumb":
        readline = _readline()
        if readline is not None:
            if "libedit" not in (readline.__doc__ or ""):  # macOS's libedit has other syntax
                # Readline 8.1 turns bracketed paste on, writing an escape sequence at
                # every prompt; the meta key setting can write another at start-up.
                readline.parse_and_bind("set enable-bracketed-paste off")
                readline.parse_and_bind("set enable-meta-key off")

            def read_with_readline(prompt: str) -> str | None:
                try:
                    return input(prompt)
                except EOFError:
                    return None

            return read_with_readline

    def read_stream(prompt: str) -> str | None:
        stdout.write(prompt)
        stdout.flush()
        line = stdin.readline()
        return None if line == "" else line.rstrip("\r\n")

    return read_stream


class LineSession:
    """What line mode knows between commands, and how it prints.

    Args:
        context: The open source, index and reading state.
        out: Where everything is written.
        width: Wrapping width of article text.
        rows: Terminal height.
    """

    def __init__(self, context: ReaderContext, out: TextIO, width: int, rows: int) -> None:
        self.context = context
        self.library = context.library
        self.drafts = context.drafts
        self.out = out
        self.width = max(width, 20)
        self.rows = max(rows, 3)
        self.page_size = self.rows - 2
        self.tags: list[str] = []
        self.sort: SortOrder = "date"
        self.listing: Listing | None = None
        self.reading: Reading | None = None
        remembered = context.state.history  # empty unless keep_history = true
        self.history = History(remembered, len(remembered) - 1)
        self.hidden = False  # after `hide`: a neutral prompt until the next command
        self.running = True
        self._stop_watching = threading.Event()
        self._library_changed = threading.Event()
        self._pending_notes: list[CleanText] = []

    # Output

    def say(self, *lines: CleanText) -> None:
        """Write lines; the sanitiser runs once more so nothing can address the terminal.

        Only ``CleanText`` (``ours`` of our sentences, ``safe_line`` of content),
        so mypy catches a raw title handed here; the pass below is the backstop.
        """
        for line in lines:
            self.out.write(clean_text(line).expandtabs() + "\n")

    def prompt(self) -> str:
        """The page prompt while reading, ``zo-reader>`` otherwise, ``$`` while hidden."""
        if self.hidden:
            return NEUTRAL_PROMPT
        reading = self.reading
        if reading is None:
            return PROMPT
        where = f"page {reading.page} of {reading.pages_said}"
        if reading.at_end:
            return f"-- {where}, end of article, help for commands -- "
        return f"-- {where}, Enter or next for more, help for commands -- "

    # Start and finish

    def start(self) -> None:
        """Bring the index up to date, print its notices and the opening line."""
        report = self.context.sync()
        for notice in report.notices:
            self.say(safe_line(notice))
        count = self.library.count_articles(drafts=self.drafts)
        noun = "article" if count == 1 else "articles"
        label = clean_line(self.context.source.label)
        self.say(ours(f"zo-reader line mode: {count} {noun} in {label}. Type help for commands."))
        initial = self.context.initial_article()
        if initial is not None:
            self.open_article(initial)
        if self.context.watch_root() is not None:
            threading.Thread(target=self._watch, name="zo-reader-watch", daemon=True).start()

    # Live preview

    def _watch(self) -> None:
        """Follow the folder; each change syncs the index here, in this thread."""
        from zo_reader.core.watch import watch_folder

        root = self.context.watch_root()
        if root is None:
            return
        try:
            watch_folder(
                root,
                self._files_changed,
                self._stop_watching,
                recursive=self.context.watch_recursive,
            )
        except Exception as error:
            self._pending_notes.append(ours(f"Live preview stopped: {clean_line(str(error))}."))

    def _files_changed(self, paths: set[str]) -> None:
        try:
            report = self.context.sync()
        except ZoReaderError as error:
            self._pending_notes.append(safe_line(str(error)))
            return
        if report.added or report.updated or report.removed:
            self._pending_notes.append(
                ours(
                    f"Library updated: {report.added} new, {report.updated} changed, "
                    f"{report.removed} removed."
                )
            )
            self._library_changed.set()

    def catch_up(self) -> None:
        """Before a command: tell what changed in the folder, and renew the open article.

        Line mode never prints on its own between commands (a screen reader
        would read it in the middle of whatever the user is doing).
        """
        while self._pending_notes:
            self.say(self._pending_notes.pop(0))
        if not self._library_changed.is_set():
            return
        self._library_changed.clear()
        reading = self.reading
        if reading is None:
            return
        try:
            fresh = self.library.get(reading.article.id)
        except ArticleNotFoundError:
            self.say(ours(f"{clean_line(reading.article.title)} was deleted from the library."))
            return
        if fresh != reading.article:
            renewed = Reading(fresh, self.width, self.page_size)
            renewed.go_to(reading.top)  # the same place, as near as the new text allows
            self.reading = renewed
            self.say(
                ours(
                    "The open article changed; you are on page "
                    f"{renewed.page} of {renewed.pages_said}."
                )
            )

    def finish(self) -> None:
        """Remember the open article's page and save the reading state."""
        self.close_article()
        self._stop_watching.set()
        self.context.state.set_history(self.history.entries)
        self.context.state.save()
        self.show()

    # Hiding

    def hide(self) -> None:
        """Clear the screen and the scrollback, give the window a neutral title.

        A terminal that cannot clear (TERM=dumb, a pipe) gets enough blank
        lines to push everything out of view. The prompt stays neutral until
        the next command.
        """
        if _can_clear(self.out):
            # Push the title (XTWINOPS 22) to restore it later, then a neutral one.
            self.out.write(f"\x1b[22;0t\x1b]2;{NEUTRAL_TITLE}\x07\x1b[H\x1b[2J\x1b[3J")
        else:
            self.out.write("\n" * (self.rows * 2))
        self.out.flush()
        self.hidden = True

    def show(self) -> None:
        """Back from :meth:`hide`: the window's own title again."""
        if self.hidden and _can_clear(self.out):
            self.out.write("\x1b[23;0t")
        self.hidden = False

    # Lists

    def show_listing(self, listing: Listing, page: int = 0) -> None:
        """Close any open article, make ``listing`` the last list and print one page."""
        self.close_article()
        self.listing = listing
        listing.page = min(max(page, 0), listing.pages - 1)
        if listing.total == 0:
            self.say(safe_text(listing.empty))
            return
        first = listing.page * listing.per_page
        entries = listing.fetch(first, listing.per_page)
        # Entries and their headings are built of cleaned parts (line_lists); checked here.
        self.say(safe_text(listing.describe(first + 1, first + len(entries))))
        for number, entry in enumerate(entries, start=first + 1):
            head, *details = entry.lines
            self.say(ours(f"{number}. {head}"), *map(safe_text, details))
        if listing.pages > 1:
            more = "; type next for more" if listing.page + 1 < listing.pages else ""
            self.say(ours(f"Page {listing.page + 1} of {listing.pages} of the list{more}."))

    def per_page(self, lines_each: int) -> int:
        """How many entries of ``lines_each`` lines fit on a page with a heading and a footer."""
        return max(1, (self.rows - 4) // lines_each)

    # Articles

    def open_article(
        self, article_id: str, *, anchor: str | None = None, record: bool = True
    ) -> None:
        """Read an article from its saved page, or from the heading ``anchor``.

        Raises:
            ArticleNotFoundError: There is no article ``article_id``.
        """
        article = self.library.get(article_id)
        self.close_article()
        reading = Reading(article, self.width, self.page_size)
        if record:
            self.history.visit(article.id)
        notes: list[CleanText] = []
        if anchor:
            line = reading.anchor_line(anchor)
            if line is None:
                notes.append(ours(f"There is no heading '{clean_line(anchor)}' in this article."))
            else:
                reading.go_to(line)
        elif position := self.context.state.position(article.id):
            reading.go_to(reading.line_for_position(position))
            if reading.top:
                notes.append(
                    ours(
                        f"Resuming at page {reading.page} of {reading.pages_said}; "
                        "type top for the first page."
                    )
                )
        self.reading = reading
        self.say(*notes)
        self.show_page()

    def close_article(self) -> None:
        """Remember the open article's page and close it."""
        if self.reading is not None:
            self.context.state.set_position(self.reading.article.id, self.reading.position())
            self.reading = None

    def show_page(self) -> None:
        """Print the current page of the open article."""
        if self.reading is not None:
            # Rendered and cleaned in core; typed here (say checks every line again anyway).
            self.say(*map(safe_text, self.reading.page_lines()))

    def turn(self, step: int | None) -> None:
        """Page the open article, or else the last list.

        Args:
            step: ``1`` forward, ``-1`` back, ``None`` to the first page.
        """
        reading, listing = self.reading, self.listing
        if reading is not None:
            if step is None:
                reading.go_to(0)
            elif step > 0 and reading.at_end:
                self.say(ours("That was the last page; type top, links or list."))
                return
            elif step < 0 and reading.top == 0:
                self.say(ours("This is the first page."))
                return
            else:
                reading.go_to(reading.top + step * self.page_size)
            self.show_page()
        elif listing is not None and listing.total:
            target = 0 if step is None else listing.page + step
            if target >= listing.pages:
                self.say(ours("That was the end of the list; type open and a number to read one."))
            elif target < 0:
                self.say(ours("This is the first page of the list."))
            else:
                self.show_listing(listing, target)
        else:
            self.say(ours("There is nothing to page through; type list to see the articles."))
