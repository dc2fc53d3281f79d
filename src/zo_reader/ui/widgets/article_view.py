"""The article reader: a virtualised view of a laid-out :class:`~zo_reader.core.document.Document`.

Only the visible lines are drawn (Textual's Line API), so a 5 MiB article
scrolls as cheaply as a short one. Parsing and layout are core functions;
this widget maps style names to theme colours, keeps the reading position,
and turns keys into movement. Scrolling never animates and nothing runs while
the reader is idle: over SSH every frame costs.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.worker import get_current_worker

from zo_reader.core.document import (
    MIN_WIDTH,
    STYLE_NAMES,
    DocLink,
    Document,
    Heading,
    Line,
    covers,
    equivalent_line,
    find_matches,
    layout,
    line_of,
    parse_markdown,
    parse_rest,
    place_of,
    split_for_progressive,
    split_point,
)
from zo_reader.core.document_paged import PAGED_SIZE, PIECE_SIZE, PagedText, scan
from zo_reader.core.markdown.model import ParsedMarkdown
from zo_reader.core.sanitize import NO_TEXT, CleanText, ours, safe_line
from zo_reader.core.state import Position

PROGRESSIVE_SIZE = PIECE_SIZE
"""Markdown longer than this is parsed in a worker, showing its head first.

The head is the first piece of a paged document (over :data:`PAGED_SIZE`), so
the lines on screen do not change when the whole arrives."""
_POSITION_DELAY = 0.5
_PREFIX = "article-view--"


def _component(name: str) -> str:
    return _PREFIX + name.replace(".", "-")


def _binding(keys: str, action: str, description: str, tooltip: str, show: bool = False) -> Binding:
    verb_noun = action.replace("_", "-")
    return Binding(keys, action, description, show=show, tooltip=tooltip, id=f"reader.{verb_noun}")


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows one article as a centred reading column, with find and link selection."""

    BINDINGS: ClassVar[list[BindingType]] = [
        _binding("down,j", "scroll_down", "Line down", "Scroll down one line"),
        _binding("up,k", "scroll_up", "Line up", "Scroll up one line"),
        _binding("pagedown,space", "page_down", "Page down", "Scroll down one screen"),
        _binding("pageup,shift+space", "page_up", "Page up", "Scroll up one screen"),
        _binding("home,g", "scroll_home", "Top", "Go to the start of the article"),
        _binding("end,G,shift+g", "scroll_end", "Bottom", "Go to the end of the article"),
        _binding(
            "right_square_bracket", "next_heading", "Next heading", "Jump to the next heading", True
        ),
        _binding(
            "left_square_bracket",
            "previous_heading",
            "Previous heading",
            "Jump to the previous heading",
        ),
        _binding("full_stop", "next_link", "Next link", "Select the next link or image", True),
        _binding("comma", "previous_link", "Previous link", "Select the previous link or image"),
        _binding("enter", "follow_link", "Open link", "Follow the selected link", True),
        _binding("n", "next_match", "Next match", "Go to the next search match", True),
        _binding("N,shift+n", "previous_match", "Previous match", "Go to the previous match"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(_component(name) for name in STYLE_NAMES),
        _component("match"),
        _component("match-current"),
        _component("selected-link"),
        _component("message"),
    }

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        overflow-x: hidden;
        scrollbar-gutter: stable;
        border-left: blank;
        &:focus { border-left: outer $accent; }
        & > .article-view--heading1 { color: $text-accent; text-style: bold; }
        & > .article-view--heading2 { color: $text-accent; text-style: bold; }
        & > .article-view--heading3 { color: $text-primary; text-style: bold; }
        & > .article-view--heading4 { color: $text-primary; text-style: bold italic; }
        & > .article-view--heading5 { color: $text-secondary; text-style: bold italic; }
        & > .article-view--heading6 { color: $text-secondary; text-style: italic; }
        & > .article-view--strong { text-style: bold; }
        & > .article-view--em { text-style: italic; }
        & > .article-view--strike { text-style: strike; }
        & > .article-view--code { color: $text-warning; background: $boost; }
        & > .article-view--code-block { background: $boost; }
        & > .article-view--code-keyword { color: $text-accent; text-style: bold; }
        & > .article-view--code-string { color: $text-success; }
        & > .article-view--code-comment { color: $text-muted; text-style: italic; }
        & > .article-view--code-name { color: $text-primary; }
        & > .article-view--code-number { color: $text-warning; }
        & > .article-view--code-operator { color: $text-secondary; }
        & > .article-view--link { color: $text-primary; text-style: underline; }
        & > .article-view--image { color: $text-secondary; text-style: italic underline; }
        & > .article-view--quote { color: $text-secondary; text-style: italic; }
        & > .article-view--marker { color: $text-muted; }
        & > .article-view--rule { color: $text-muted; }
        & > .article-view--table-header { color: $text-accent; text-style: bold; }
        & > .article-view--footnote { color: $text-secondary; }
        & > .article-view--task-done { color: $text-success; text-style: bold; }
        & > .article-view--task-open { color: $text-warning; text-style: bold; }
        & > .article-view--muted { color: $text-muted; text-style: italic; }
        & > .article-view--match { background: $warning-muted; text-style: underline; }
        & > .article-view--match-current { text-style: reverse bold; }
        & > .article-view--selected-link { text-style: reverse; }
        & > .article-view--message { color: $text-muted; text-style: italic; }
    }
    """

    class LinkActivated(Message):
        """The user followed a link (``enter`` on the selected link)."""

        def __init__(self, article_view: ArticleView, link: DocLink) -> None:
            """Create the message.

            Args:
                article_view: The view the link is in.
                link: The link; its URL is sanitised but untrusted, and never fetched here.
            """
            super().__init__()
            self.article_view = article_view
            self.link = link

        @property
        def control(self) -> ArticleView:
            """The view that posted the message."""
            return self.article_view

    class PositionChanged(Message):
        """The top line settled on a new value (debounced, for saving the reading position)."""

        def __init__(self, article_view: ArticleView, key: str, line: int) -> None:
            """Create the message.

            Args:
                article_view: The view that scrolled.
                key: The article's key, as given to :meth:`ArticleView.show_markdown`.
                line: The new top line.
            """
            super().__init__()
            self.article_view = article_view
            self.key = key
            self.line = line
            self.place: Position = 0
            """Where that is in the article, by source (0 at the top): what is saved."""

        @property
        def control(self) -> ArticleView:
            """The view that posted the message."""
            return self.article_view

    measure: reactive[int] = reactive(80)
    """Widest reading column in cells; the text is centred when the view is wider."""

    def __init__(
        self,
        *,
        measure: int = 80,
        plain: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create an empty view.

        Args:
            measure: Widest reading column in cells.
            plain: Show articles as linear text with their structure in words
                (``Heading 2: …``, ``Header: value`` table lines, ``[n]`` links):
                the screen-reader form, with no decorative glyph.
            name: Widget name.
            id: Widget id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(ArticleView.measure, max(measure, MIN_WIDTH))
        self.plain = plain
        self._digits = ""  # a link number being typed
        self._parsed: ParsedMarkdown | None = None
        self._document: Document | None = None
        self._large = False
        self._paged: PagedText | None = None  # set once a very long text is cut into pieces
        self._loading = False
        self._key = ""
        self._message = ""
        self._generation = 0
        self._pending: Position | None = None
        self._query = ""
        self._matches: list[tuple[int, int, int]] = []
        self._match_lines: dict[int, list[tuple[int, int, int]]] = {}
        self._match_index = -1
        self._selected: int | None = None
        self._heading_from: tuple[int, int] | None = None  # (top line, heading line) of last jump
        self._timer: Timer | None = None
        self._posted = -1
        self._styles: dict[str, Style] = {}

    # --- Public API ------------------------------------------------------------------------

    @property
    def document(self) -> Document | None:
        """The laid-out document, or ``None`` when nothing is shown."""
        return self._document

    @property
    def top_line(self) -> int:
        """Index of the document line at the top of the view."""
        return int(self.scroll_offset.y)

    @property
    def selected_link(self) -> DocLink | None:
        """The selected link, if any."""
        if self._document is None or self._selected is None:
            return None
        return self._document.links[self._selected]

    @property
    def match_status(self) -> CleanText:
        """``Match 2 of 7``, ``No matches for x``, or ``""`` when not searching."""
        if not self._query:
            return ours("")
        if not self._matches:
            return ours(f"No matches for {safe_line(self._query)}")
        return ours(f"Match {self._match_index + 1} of {len(self._matches)}")

    def show_markdown(self, markdown: str, *, key: str, position: Position = 0) -> None:
        """Show an article, restoring a reading position.

        Markdown over :data:`PROGRESSIVE_SIZE` characters shows its head at once
        while the rest is parsed in a thread; the view does not move when it arrives.
        Over :data:`PAGED_SIZE` the rest is laid out (in plain mode, rendered) a
        piece at a time and only the pieces drawn are kept (:mod:`~zo_reader.core.document_paged`).

        Args:
            markdown: Untrusted Markdown without front matter.
            key: Identifies the article in :class:`PositionChanged` messages.
            position: Where to restore: a place (:data:`~zo_reader.core.document.Place`),
                the same whatever the width or layout; or an older version's line.
        """
        self._reset(key)
        self._pending = position
        self._posted = position if isinstance(position, int) else -1
        self._large = len(markdown) > PROGRESSIVE_SIZE
        head, tail = (markdown, "")
        if len(markdown) > PAGED_SIZE:
            # No copy of the tail: the pieces are cut from the whole text in the worker.
            cut = split_point(markdown, 0, PROGRESSIVE_SIZE)
            if cut < len(markdown):
                self._loading = True
                self._parsed = parse_markdown(markdown[:cut], plain=self.plain)
                self._set_document(layout(self._parsed, self._width()), top=0)
                self._load_paged(self._generation, self._parsed, markdown, self._width())
                self.refresh()
                return
        if self._large:
            head, tail = split_for_progressive(markdown, PROGRESSIVE_SIZE)
        self._loading = self._large
        if self._large and not tail:
            self._message = "Loading…"
            self._load(self._generation, None, markdown, self._width())
        else:
            self._parsed = parse_markdown(head, plain=self.plain)
            self._set_document(layout(self._parsed, self._width()), top=0)
            if tail:
                self._load(self._generation, self._parsed, tail, self._width())
        self.refresh()

    def clear(self, message: CleanText = NO_TEXT) -> None:
        """Show nothing but an optional centred message."""
        self._reset("")
        self._message = safe_line(message)
        self.virtual_size = Size(self._region_width(), 0)
        self.refresh()

    def scroll_to_line(self, line: int) -> None:
        """Put ``line`` at the top of the view (or as near as the end allows), without animation."""
        # force: right after the document changes Textual has not yet decided that a
        # scrollbar is needed, and would ignore the scroll.
        self.scroll_to(y=max(line, 0), animate=False, force=True, immediate=True)

    def find(self, query: str) -> int:
        """Highlight every case-insensitive match of ``query`` and go to the first from the top.

        Args:
            query: Literal text; empty clears the search.

        Returns:
            The number of matches.
        """
        self._query = query
        self._set_matches(self.top_line)
        if self._matches:
            self._reveal(self._matches[self._match_index][0])
        self.refresh()
        self.refresh_bindings()
        return len(self._matches)

    def next_match(self) -> tuple[int, int]:
        """Go to the next match, wrapping around; returns (0-based index, count)."""
        return self._step_match(1)

    def previous_match(self) -> tuple[int, int]:
        """Go to the previous match, wrapping around; returns (0-based index, count)."""
        return self._step_match(-1)

    def next_heading(self) -> Heading | None:
        """Scroll the next heading below the top line to the top; returns it, if any."""
        headings = self._document.headings if self._document else ()
        after = self._heading_reference()
        target = next((h for h in headings if h.line > after), None)
        return self._go_heading(target)

    def previous_heading(self) -> Heading | None:
        """Scroll the previous heading above the top line to the top; returns it, if any."""
        headings = self._document.headings if self._document else ()
        before = self._heading_reference()
        target = next((h for h in reversed(headings) if h.line < before), None)
        return self._go_heading(target)

    def next_link(self) -> DocLink | None:
        """Select the next link (the first visible one if the selection is off screen)."""
        links = self._document.links if self._document else ()
        if not links:
            return None
        if self._selected is not None and self._visible(links[self._selected].line):
            index = (self._selected + 1) % len(links)
        else:
            index = bisect_left([link.line for link in links], self.top_line) % len(links)
        return self._select(index)

    def previous_link(self) -> DocLink | None:
        """Select the previous link (the last visible one if the selection is off screen)."""
        links = self._document.links if self._document else ()
        if not links:
            return None
        if self._selected is not None and self._visible(links[self._selected].line):
            index = (self._selected - 1) % len(links)
        else:
            bottom = self.top_line + self.scrollable_content_region.height
            index = (bisect_left([link.line for link in links], bottom) - 1) % len(links)
        return self._select(index)

    # --- Actions ---------------------------------------------------------------------------

    def action_scroll_down(self) -> None:
        """Scroll down one line."""
        self._pending = None  # the reader moved: a restore or End still due is dropped
        self.scroll_to_line(self.top_line + 1)

    def action_scroll_up(self) -> None:
        """Scroll up one line."""
        self._pending = None
        self.scroll_to_line(self.top_line - 1)

    def action_page_down(self) -> None:
        """Scroll down one screen."""
        self._pending = None
        self.scroll_to_line(self.top_line + self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        """Scroll up one screen."""
        self._pending = None
        self.scroll_to_line(self.top_line - self.scrollable_content_region.height)

    def action_scroll_home(self) -> None:
        """Go to the start."""
        self._pending = None
        self.scroll_to_line(0)

    def action_scroll_end(self) -> None:
        """Go to the end; while the rest of a large article loads, to its end once it is in."""
        self.scroll_to_line(len(self._document.lines) if self._document else 0)
        if self._loading:
            self._pending = sys.maxsize  # _apply_pending waits for the whole text

    # The navigation actions are the public methods (Textual ignores their return values).
    action_next_heading = next_heading
    action_previous_heading = previous_heading
    action_next_link = next_link
    action_previous_link = previous_link
    action_next_match = next_match
    action_previous_match = previous_match

    def action_follow_link(self) -> None:
        """Post :class:`LinkActivated` for the selected link."""
        self._digits = ""
        if (link := self.selected_link) is not None:
            self.post_message(self.LinkActivated(self, link))

    def on_key(self, event: events.Key) -> None:
        """Digits select a link by its number; any other key ends the number."""
        if event.character is None or not event.character.isdigit():
            if event.key != "enter":
                self._digits = ""
            return
        document = self._document
        if document is None or not document.links:
            return
        event.stop()
        digits = self._digits + event.character
        if not 1 <= int(digits) <= len(document.links):
            digits = event.character  # past the last link: start a new number
        self._digits = digits
        if 1 <= int(digits) <= len(document.links):
            self._select(int(digits) - 1)

    def cursor_cell(self) -> Offset:
        """Where the terminal cursor belongs: the start of the line being read.

        That is the selected link's line, else the current match's line, else
        the heading just jumped to, else the top line, so speech and braille
        follow what the keys just did.
        """
        document = self._document
        if document is None:
            return Offset(0, self.size.height // 2)
        line = self.top_line
        if (link := self.selected_link) is not None and self._visible(link.line):
            line = link.line
        elif self._match_index >= 0 and self._visible(self._matches[self._match_index][0]):
            line = self._matches[self._match_index][0]
        elif (jump := self._heading_from) is not None and jump[0] == self.top_line:
            # Near the end the heading cannot scroll to the top: the cursor goes to it.
            line = jump[1] if self._visible(jump[1]) else line
        left = self._left_margin(self._region_width(), document)
        return Offset(left, line - self.top_line)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide link, heading and match actions while there is nothing to act on."""
        document = self._document
        if action in ("next_link", "previous_link"):
            return document is not None and bool(document.links)
        if action == "follow_link":
            return self._selected is not None
        if action in ("next_heading", "previous_heading"):
            return document is not None and bool(document.headings)
        if action in ("next_match", "previous_match"):
            return bool(self._matches)
        return True

    # --- Rendering -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Draw one screen row: the document line at ``y`` below the top, centred."""
        width = self._region_width()
        base = self.rich_style
        document = self._document
        number = self.top_line + y
        if document is None or number >= len(document.lines):
            if document is None and self._message and y == self.size.height // 2:
                style = base + self._component_style("message")
                text = self._message[: max(width, 0)]
                return Strip([Segment(text.center(width), style)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        left = self._left_margin(width, document)
        segments = [Segment(" " * left, base)] if left else []
        link = self.selected_link
        if link is not None and link.line == number and left and not self.plain:
            selected = base + self._component_style("selected-link")
            segments[-1:] = [Segment(" " * (left - 1), base), Segment("▸", selected)]
        line = document.lines[number]
        segments.extend(self._segments(line, self._match_lines.get(number, ())))
        if any(span.style.startswith("code-block") for span in line.spans):
            pad = left + document.width - sum(segment.cell_length for segment in segments)
            if pad > 0:
                segments.append(Segment(" " * pad, self._style("code-block")))
        # Merging runs of one style saves a colour change per run on the wire:
        # about a quarter of the bytes of a page turn.
        return Strip(segments).crop_extend(0, width, base).simplify()

    def _left_margin(self, width: int, document: Document) -> int:
        """Columns before the text: centred, except in plain mode, where a braille
        line should start with the text rather than blank cells to pan over."""
        return 0 if self.plain else max((width - document.width) // 2, 0)

    def _segments(self, line: Line, ranges: Sequence[tuple[int, int, int]]) -> list[Segment]:
        """The line's segments, with matches (``(start, end, match index)``) highlighted."""
        out: list[Segment] = []
        offset = 0
        for span in line.spans:
            style = self._style(span.style)
            if span.link is not None and span.link == self._selected:
                style += self._component_style("selected-link")
            end = offset + len(span.text)
            position = offset
            for start, stop, index in ranges:
                if stop <= position or start >= end:
                    continue
                if start > position:
                    out.append(Segment(span.text[position - offset : start - offset], style))
                    position = start
                high = min(stop, end)
                name = "match-current" if index == self._match_index else "match"
                text = span.text[position - offset : high - offset]
                out.append(Segment(text, style + self._component_style(name)))
                position = high
            if position < end:
                out.append(Segment(span.text[position - offset :], style))
            offset = end
        return out

    def _component_style(self, name: str) -> Style:
        return self.get_component_rich_style(_component(name), partial=True, default=Style())

    def _style(self, names: str) -> Style:
        """The Rich style for a span's style names, cached until the theme changes."""
        style = self._styles.get(names)
        if style is None:
            style = self.rich_style
            for name in names.split():
                style += self._component_style(name)
            self._styles[names] = style
        return style

    def notify_style_update(self) -> None:
        """Forget cached styles when the theme or CSS changes."""
        self._styles.clear()
        super().notify_style_update()

    # --- Layout and loading ----------------------------------------------------------------

    def _region_width(self) -> int:
        return self.scrollable_content_region.width

    def _width(self) -> int:
        """The reading column: the measure, or the view less a margin when narrower."""
        region = self._region_width()
        return max(min(region - 2, self.measure) if region > 0 else self.measure, MIN_WIDTH)

    def validate_measure(self, measure: int) -> int:
        """Keep the measure at or above the narrowest layout width."""
        return max(measure, MIN_WIDTH)

    def watch_measure(self) -> None:
        """Re-wrap at the new measure."""
        self._relayout()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap when the reading column changes width."""
        self._relayout()

    def _relayout(self) -> None:
        """Lay the parsed text out again at the current width (in a thread when it is large)."""
        width = self._width()
        if self._parsed is None or self._document is None or self._document.width == width:
            if self._document is not None:
                self.virtual_size = Size(self._region_width(), len(self._document.lines))
            self._apply_pending()
            return
        if self._paged is not None:
            self._scan_in_thread(self._generation, self._paged, width)
        elif self._large:
            self._layout_in_thread(self._generation, self._parsed, width)
        else:
            self._replace(self._parsed, layout(self._parsed, width))

    @work(thread=True, exclusive=True, group="parse")
    def _load(self, generation: int, head: ParsedMarkdown | None, text: str, width: int) -> None:
        """Parse the rest of a large article (or all of it) and lay it out, off the UI thread."""
        if head is not None:
            parsed = parse_rest(head, text)
        else:
            parsed = parse_markdown(text, plain=self.plain)
        document = layout(parsed, width)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, generation, parsed, document)

    @work(thread=True, exclusive=True, group="parse")
    def _load_paged(self, generation: int, head: ParsedMarkdown, text: str, width: int) -> None:
        """Cut a very long text into pieces and scan them, off the UI thread."""
        worker = get_current_worker()
        paged = PagedText(text, plain=self.plain)
        document = scan(paged, width, lambda: worker.is_cancelled)
        if document is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._loaded_paged, generation, head, paged, document)

    def _loaded_paged(
        self, generation: int, head: ParsedMarkdown, paged: PagedText, document: Document
    ) -> None:
        if generation == self._generation:
            self._paged = paged
            self._loaded(generation, head, document)

    @work(thread=True, exclusive=True, group="layout")
    def _scan_in_thread(self, generation: int, paged: PagedText, width: int) -> None:
        worker = get_current_worker()
        document = scan(paged, width, lambda: worker.is_cancelled)
        if document is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._scanned, generation, paged, document)

    def _scanned(self, generation: int, paged: PagedText, document: Document) -> None:
        if generation == self._generation and paged is self._paged and self._parsed is not None:
            self._replace(self._parsed, document)
            self._relayout()

    @work(thread=True, exclusive=True, group="layout")
    def _layout_in_thread(self, generation: int, parsed: ParsedMarkdown, width: int) -> None:
        document = layout(parsed, width)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._laid_out, generation, parsed, document)

    def _loaded(self, generation: int, parsed: ParsedMarkdown, document: Document) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._message = ""
        self._parsed = parsed
        if self._document is None:
            self._set_document(document, top=0)
        else:
            # Same width: the head's lines are unchanged, so the top line stays put.
            self._replace(parsed, document, keep_top=document.width == self._document.width)
        self._relayout()

    def _laid_out(self, generation: int, parsed: ParsedMarkdown, document: Document) -> None:
        if generation == self._generation and parsed is self._parsed:
            self._replace(parsed, document)
            self._relayout()

    def _replace(self, parsed: ParsedMarkdown, document: Document, keep_top: bool = False) -> None:
        """Show a new layout of the same article, keeping the reading position."""
        old = self._document
        top = self.top_line
        near = self._matches[self._match_index][0] if self._match_index >= 0 else None
        if old is not None and not keep_top:
            top = equivalent_line(old, top, document)
            near = None if near is None else equivalent_line(old, near, document)
        link = self.selected_link
        self._parsed = parsed
        self._set_document(document, top=top, near=near)
        if link is not None:
            # Links are numbered in order of appearance, which a new width does not change;
            # a continuation may renumber notes, so fall back to finding the same link.
            same = [c.index for c in document.links if (c.url, c.text) == (link.url, link.text)]
            self._selected = link.index if link.index in same else (same[0] if same else None)

    def _set_document(self, document: Document, *, top: int, near: int | None = None) -> None:
        self._document = document
        self._selected = None
        self.virtual_size = Size(self._region_width(), len(document.lines))
        self._set_matches(near)
        self.scroll_to_line(top)
        self._apply_pending()
        self.refresh()
        self.refresh_bindings()

    def _apply_pending(self) -> None:
        """Restore the requested position once the view has a size and the line exists."""
        document, pending = self._document, self._pending
        if document is None or pending is None or self.scrollable_content_region.height <= 0:
            return
        if isinstance(pending, tuple):
            if covers(document, pending) or not self._loading:
                self.scroll_to_line(line_of(document, pending))
                self._pending = None
        elif pending < len(document.lines) or not self._loading:
            self.scroll_to_line(pending)
            self._pending = None

    def _reset(self, key: str) -> None:
        if self._timer is not None:
            # Report the last article's position now rather than under the next key.
            self._timer.stop()
            self._post_position()
        self._generation += 1
        self._loading = False
        self.workers.cancel_group(self, "parse")
        self.workers.cancel_group(self, "layout")
        self._key = key
        self._parsed = self._document = None
        self._paged = None
        self._message = ""
        self._pending = None
        self._query = ""
        self._matches, self._match_lines, self._match_index = [], {}, -1
        self._selected = None
        self._heading_from = None
        self.scroll_to_line(0)
        self.refresh_bindings()

    # --- Navigation helpers ----------------------------------------------------------------

    def _visible(self, line: int) -> bool:
        return self.top_line <= line < self.top_line + self.scrollable_content_region.height

    def _reveal(self, line: int) -> None:
        """Scroll ``line`` into view, a third of the way down, unless it is already visible."""
        if not self._visible(line):
            self.scroll_to_line(line - self.scrollable_content_region.height // 3)

    def _select(self, index: int) -> DocLink | None:
        self._selected = index
        link = self.selected_link
        if link is not None:
            self._reveal(link.line)
        self.refresh()
        self.refresh_bindings()
        return link

    def _heading_reference(self) -> int:
        """The line heading jumps count from: the last heading reached if the view has not moved.

        Near the end a heading cannot reach the top; without this the next jump
        would find the same heading again.
        """
        if self._heading_from is not None and self._heading_from[0] == self.top_line:
            return self._heading_from[1]
        return self.top_line

    def _go_heading(self, heading: Heading | None) -> Heading | None:
        if heading is not None:
            self.scroll_to_line(heading.line)
            self._heading_from = (self.top_line, heading.line)
        return heading

    def _set_matches(self, near: int | None = None) -> None:
        """Find the query in the document; the current match is the first at or after ``near``."""
        document = self._document
        self._matches = find_matches(document, self._query) if document and self._query else []
        self._match_lines = {}
        for index, (line, start, end) in enumerate(self._matches):
            self._match_lines.setdefault(line, []).append((start, end, index))
        self._match_index = -1
        if self._matches:
            self._match_index = bisect_left(self._matches, (near or 0, 0, 0)) % len(self._matches)

    def _step_match(self, step: int) -> tuple[int, int]:
        if not self._matches:
            return (-1, 0)
        self._match_index = (self._match_index + step) % len(self._matches)
        self._reveal(self._matches[self._match_index][0])
        self.refresh()
        return (self._match_index, len(self._matches))

    # --- Reading position ------------------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Schedule a :class:`PositionChanged` when the top line changes."""
        super().watch_scroll_y(old_value, new_value)
        if int(old_value) == int(new_value) or not self._key:
            return
        if self._timer is None:
            self._timer = self.set_timer(_POSITION_DELAY, self._post_position)
        else:
            self._timer.reset()

    @property
    def place(self) -> Position:
        """Where the reader is, by source (0 at the top): what a saved position holds."""
        line = self.top_line
        return place_of(self._document, line) if line and self._document is not None else 0

    def _post_position(self) -> None:
        # One-shot: once it has fired no timer is left, so an idle reader costs nothing.
        self._timer = None
        line = self.top_line
        if self._key and self._document is not None and line != self._posted:
            self._posted = line
            message = self.PositionChanged(self, self._key, line)
            message.place = self.place
            self.post_message(message)


__all__ = ["PROGRESSIVE_SIZE", "ArticleView"]
