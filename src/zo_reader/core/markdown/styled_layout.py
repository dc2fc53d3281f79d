"""The layout phase of :mod:`zo_reader.core.document`: blocks to lines at a width.

Layout is linear in the size of the text: words are placed greedily, a word
longer than the line is cut by cells, and table columns are sized with one
sort. A resize re-runs only this phase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from zo_reader.core.document import (
    BREAK,
    Block,
    DocLink,
    Document,
    Heading,
    Line,
    ParsedMarkdown,
    Span,
    Table,
    unique_anchor,
)
from zo_reader.core.markdown.wrap import MIN_TEXT_WIDTH, cell_width, clusters
from zo_reader.core.sanitize import CleanText, clean_line, joined, ours, part, safe_line, spaces

# Narrowest table column; a table that cannot fit at this lists its rows instead.
_MIN_COLUMN = 3
_CODE_INDENT = spaces(2)
_BAR = ours("│")
_WORDS = re.compile(r"[^ ]+")


def rstrip_spans(spans: Sequence[Span]) -> tuple[Span, ...]:
    """The spans without trailing spaces (a blank line inside a quote shows only its bars)."""
    if spans and spans[-1].text[-1:] not in (" ", ""):
        return tuple(spans)
    out = list(spans)
    while out:
        text = out[-1].text
        kept = len(text.rstrip(" "))
        if kept:
            out[-1] = Span(part(text, 0, kept), out[-1].style, out[-1].link)
            break
        out.pop()
    return tuple(out)


def _merge(spans: Sequence[Span]) -> list[Span]:
    """Join neighbouring spans of the same style and link, dropping empty ones."""
    out: list[Span] = []
    parts: list[CleanText] = []
    last: Span | None = None
    for span in spans:
        if not span.text:
            continue
        if last is not None and span.style == last.style and span.link == last.link:
            parts.append(span.text)
            continue
        if last is not None:
            out.append(last if len(parts) == 1 else Span(joined("", parts), last.style, last.link))
        last, parts = span, [span.text]
    if last is not None:
        out.append(last if len(parts) == 1 else Span(joined("", parts), last.style, last.link))
    return out


def _cut(text: str, start: int, end: int, width: int, ascii: bool) -> tuple[int, int]:
    """Where to cut ``text[start:end]`` to fit ``width`` cells: (index, cells); one char or more."""
    if ascii:
        cut = min(start + width, end)
        return cut, cut - start
    window = 2 * width + 16  # look only near the cut: a long word is cut many times
    while True:
        stop = min(end, start + window)
        found = clusters(text[start:stop])  # never cut inside an accent or emoji sequence
        if stop < end:
            found.pop()  # it may go on past the window
        used, index = 0, start
        for cluster in found:
            size = cell_width(cluster)
            if used + size > width and index > start:
                return index, used
            used, index = used + size, index + len(cluster)
        if stop >= end:
            return end, used
        window *= 2


def _line_ranges(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy line breaks for one segment of text: (start, end) offsets of each line's words."""
    ascii = text.isascii()
    ranges: list[tuple[int, int]] = []
    line_start = line_end = -1  # line_end < 0: the line is empty
    used = 0
    for match in _WORDS.finditer(text):
        start, end = match.span()
        word_width = end - start if ascii else cell_width(text[start:end])
        if line_end >= 0:
            gap = start - line_end  # spaces: one cell each
            if used + gap + word_width <= width:
                line_end, used = end, used + gap + word_width
                continue
            ranges.append((line_start, line_end))
            line_end = -1
        if word_width <= width:
            line_start, line_end, used = start, end, word_width
            continue
        # Longer than a line: it starts a line of its own and is cut by cells.
        while True:
            cut, cut_width = _cut(text, start, end, width, ascii)
            if cut >= end:
                line_start, line_end, used = start, end, cut_width
                break
            ranges.append((start, cut))
            start = cut
    if line_end >= 0:
        ranges.append((line_start, line_end))
    return ranges or [(0, 0)]


def _wrap_segment(spans: list[Span], width: int) -> list[list[Span]]:
    """Wrap spans holding no line break: break the plain text, then cut the spans to match."""
    merged = _merge(spans)
    text = "".join(span.text for span in merged)
    starts: list[int] = []
    offset = 0
    for span in merged:
        starts.append(offset)
        offset += len(span.text)
    lines: list[list[Span]] = []
    first = 0
    for begin, end in _line_ranges(text, width):
        line: list[Span] = []
        while first < len(merged) and starts[first] + len(merged[first].text) <= begin:
            first += 1
        index = first
        while index < len(merged) and starts[index] < end:
            span, start = merged[index], starts[index]
            low, high = max(begin, start) - start, min(end, start + len(span.text)) - start
            whole = low == 0 and high == len(span.text)
            line.append(span if whole else Span(part(span.text, low, high), span.style, span.link))
            index += 1
        lines.append(line)
    return lines


def wrap_spans(spans: Sequence[Span], width: int) -> list[list[Span]]:
    """Wrap inline spans at ``width`` cells on spaces; a longer word is cut by cells.

    Args:
        spans: Inline spans; :data:`BREAK` forces a new line.
        width: Cells available per line (at least 1).

    Returns:
        At least one line; each a list of merged spans, without leading or trailing spaces.
    """
    width = max(width, 1)
    lines: list[list[Span]] = []
    segment: list[Span] = []
    for span in spans:
        if span is BREAK:
            lines.extend(_wrap_segment(segment, width))
            segment = []
        else:
            segment.append(span)
    if segment or not lines:
        lines.extend(_wrap_segment(segment, width))
    return lines


def _column_widths(natural: list[int], budget: int) -> list[int] | None:
    """Column widths fitting ``budget`` cells, the widest shrunk first; ``None`` if impossible."""
    if sum(natural) <= budget:
        return natural
    floors = [min(width, _MIN_COLUMN) for width in natural]
    if sum(floors) > budget:
        return None
    # The largest cap c with sum(min(w, c)) <= budget, found over the sorted widths.
    ordered = sorted(natural)
    below = 0
    cap = _MIN_COLUMN
    for position, width in enumerate(ordered):
        remaining = len(ordered) - position
        candidate = (budget - below) // remaining
        if candidate < width:
            cap = max(candidate, _MIN_COLUMN)
            break
        below += width
    widths = [min(width, cap) for width in natural]
    spare = budget - sum(widths)
    for column, width in enumerate(natural):
        if spare <= 0:
            break
        if width > widths[column]:
            widths[column] += 1
            spare -= 1
    return widths


def _cell_width(spans: Sequence[Span]) -> int:
    widest = current = 0
    for span in spans:
        if span is BREAK:
            current = 0
        else:
            current += cell_width(span.text)
            widest = max(widest, current)
    return widest


def _padded(spans: list[Span], width: int, align: str) -> list[Span]:
    room = width - sum(cell_width(span.text) for span in spans)
    if room <= 0:
        return spans
    if align == "right":
        return [Span(spaces(room)), *spans]
    if align == "center":
        return [Span(spaces(room // 2)), *spans, Span(spaces(room - room // 2))]
    return [*spans, Span(spaces(room))]


def table_lines(table: Table, width: int) -> list[list[Span]]:
    """Draw a table with box-drawing rules, or list its rows when it cannot fit ``width``.

    Args:
        table: The table.
        width: Cells available.

    Returns:
        The lines of the table.
    """
    columns = len(table.header)
    natural = [
        max([_cell_width(table.header[c]), *(_cell_width(row[c]) for row in table.rows), 1])
        for c in range(columns)
    ]
    widths = _column_widths(natural, width - 3 * columns - 1)
    if widths is None:
        return _table_as_list(table, width)

    def rule(left: str, middle: str, right: str) -> list[Span]:
        return [Span(ours(left + middle.join("─" * (w + 2) for w in widths) + right), "marker")]

    def row_lines(cells: Sequence[tuple[Span, ...]]) -> list[list[Span]]:
        wrapped = [wrap_spans(cell, w) for cell, w in zip(cells, widths, strict=True)]
        out = []
        for number in range(max(len(cell) for cell in wrapped)):
            spans = [Span(_BAR, "marker")]
            for cell, w, align in zip(wrapped, widths, table.aligns, strict=True):
                content = cell[number] if number < len(cell) else []
                spans += [
                    Span(spaces(1)),
                    *_padded(content, w, align),
                    Span(spaces(1)),
                    Span(_BAR, "marker"),
                ]
            out.append(_merge(spans))
        return out

    lines = [rule("┌", "┬", "┐"), *row_lines(table.header), rule("├", "┼", "┤")]
    for row in table.rows:
        lines.extend(row_lines(row))
    lines.append(rule("└", "┴", "┘"))
    return lines


def _table_as_list(table: Table, width: int) -> list[list[Span]]:
    """A table too wide to draw: ``Header: value`` lines per row, rows split by a short rule."""
    labels = [[span for span in header if span is not BREAK] for header in table.header]
    if not table.rows:
        names = [span for label in labels for span in (*label, Span(spaces(1)))]
        return wrap_spans([Span(ours("Columns: "), "table-header"), *names], width)
    lines: list[list[Span]] = []
    for number, row in enumerate(table.rows):
        if number:
            lines.append([Span(ours("─" * min(width, 3)), "marker")])
        for label, cell in zip(labels, row, strict=True):
            lines.extend(wrap_spans([*label, Span(ours(": "), "table-header"), *cell], width))
    return lines


class Layout:
    """Lays blocks out line by line, numbering links in order of appearance."""

    def __init__(
        self,
        parsed: ParsedMarkdown,
        width: int,
        *,
        link_base: int = 0,
        lead: bool = False,
        anchors: dict[str, int] | None = None,
    ) -> None:
        """Prepare a layout.

        Args:
            parsed: The parsed Markdown.
            width: The width, already clamped to :data:`MIN_WIDTH`.
            link_base: The number of the first link (a piece of a longer text numbers on).
            lead: The text continues an earlier one: start with the blank line
                that separates it from what came before.
            anchors: How often each anchor has been used so far, shared by the
                pieces of a longer text so that ``-1``, ``-2`` run across it all.
        """
        self.parsed = parsed
        self.width = width
        self._link_base = link_base
        self._lead = lead
        self.lines: list[Line] = []
        self.headings: list[Heading] = []
        self.links: list[DocLink] = []
        self.starts: list[int] = []
        self._link_numbers: dict[int, int] = {}
        self._anchors = {} if anchors is None else anchors
        self.terms: list[tuple[str, int]] = []

    def run(self) -> Document:
        """Lay out every block, then the footnotes under a rule."""
        for block in self.parsed.blocks:
            self._block(block)
        if self.parsed.notes:
            if self.lines:
                self.lines.append(Line(()))
            self.lines.append(Line((Span(ours("─" * self.width), "rule"),)))
            for block in self.parsed.notes:
                self._block(block)
        return Document(
            tuple(self.lines),
            tuple(self.headings),
            tuple(self.links),
            self.width,
            tuple(self.starts),
            tuple(self.terms),
        )

    def _trim(self, prefix: tuple[Span, ...]) -> tuple[Span, ...]:
        """Keep the right-hand end of a prefix too deep to leave room for text."""
        limit = self.width - MIN_TEXT_WIDTH
        total = sum(len(span.text) for span in prefix)  # prefixes are ours: one cell a char
        if total <= limit:
            return prefix
        out: list[Span] = []
        for span in reversed(prefix):
            if limit <= 0:
                break
            text = part(span.text, -limit)
            out.append(Span(text, span.style))
            limit -= len(text)
        return tuple(reversed(out))

    def _emit(
        self, first: tuple[Span, ...], rest: tuple[Span, ...], body: list[list[Span]]
    ) -> None:
        for number, content in enumerate(body):
            spans = [*(rest if number else first), *content]
            if any(span.link is not None for span in content):
                spans = [self._numbered(span) for span in spans]
            self.lines.append(Line(tuple(rstrip_spans(spans))))

    def _numbered(self, span: Span) -> Span:
        """The span with its parse-time link index replaced by the document's."""
        if span.link is None:
            return span
        number = self._link_numbers.get(span.link)
        if number is None:
            number = self._link_numbers[span.link] = self._link_base + len(self.links)
            target = self.parsed.links[span.link]
            self.links.append(DocLink(number, target.url, target.text, len(self.lines)))
        return Span(span.text, span.style, number)

    def _block(self, block: Block) -> None:
        if block.gap is not None and self.lines:
            self.lines.append(Line(self._trim(block.gap)))
        elif self._lead and not self.lines:
            self.lines.append(Line(()))
        self.starts.append(len(self.lines))
        first, rest = self._trim(block.first), self._trim(block.rest)
        room = self.width - sum(len(span.text) for span in rest)
        match block.kind:
            case "heading":
                self._heading(block, first, rest, room)
            case "term":
                text = clean_line("".join(span.text for span in block.spans if span is not BREAK))
                self.terms.append((self._unique_anchor(text), len(self.lines)))
                self._emit(first, rest, wrap_spans(block.spans, room))
            case "code":
                label = joined("", (_CODE_INDENT, safe_line(block.label)))
                label = part(label, 0, _cut(label, 0, len(label), room, label.isascii())[0])
                body = [[Span(label, "muted")]] if block.label else []
                body += [_merge([Span(_CODE_INDENT, "code-block"), *line]) for line in block.code]
                self._emit(first, rest, body or [[Span(_CODE_INDENT, "code-block")]])
            case "table" if block.table is not None:
                self._emit(first, rest, table_lines(block.table, room))
            case "rule":
                self._emit(first, rest, [[Span(ours("─" * room), "rule")]])
            case _:
                self._emit(first, rest, wrap_spans(block.spans, room))

    def _unique_anchor(self, text: str) -> str:
        """The next free anchor for ``text``; headings and terms share one set, as in Hugo."""
        return unique_anchor(self._anchors, text)

    def _heading(
        self, block: Block, first: tuple[Span, ...], rest: tuple[Span, ...], room: int
    ) -> None:
        text = clean_line("".join(span.text for span in block.spans if span is not BREAK))
        anchor = block.anchor or self._unique_anchor(text)  # the author's own, as given
        self.headings.append(Heading(block.level, text, anchor, len(self.lines)))
        body = wrap_spans(block.spans, room)
        if block.level <= 2:
            underline = max((cell_width("".join(s.text for s in line)) for line in body), default=0)
            body.append(
                [Span(ours(("═" if block.level == 1 else "─") * max(underline, 1)), "marker")]
            )
        self._emit(first, rest, body)
