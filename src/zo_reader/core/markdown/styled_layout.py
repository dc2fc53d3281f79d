"""The styled layout: the document model to the reader's lines at a width.

Bullets, numbers and quote bars are drawn from each block's containers, images
and note references from their :class:`~zo_reader.core.markdown.model.Ref`
items, and named code is coloured the first time it is laid out. Layout is
linear in the size of the text: words are placed greedily, a word longer than
the line is cut by cells, and table columns are sized with one sort. A resize
re-runs only this phase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from zo_reader.core.document import BREAK, DocLink, Document, Heading, Line, Span
from zo_reader.core.markdown.html_text import html_text
from zo_reader.core.markdown.model import Block, Container, Inline, ParsedMarkdown, Table
from zo_reader.core.markdown.wrap import MIN_TEXT_WIDTH, cell_width, clusters
from zo_reader.core.sanitize import (
    CleanText,
    clean_lines,
    joined,
    ours,
    part,
    safe_code,
    safe_inline,
    safe_line,
    spaces,
)

# Narrowest table column; a table that cannot fit at this lists its rows instead.
_MIN_COLUMN = 3
_CODE_INDENT = spaces(2)
_BAR = ours("│")
_WORDS = re.compile(r"[^ ]+")
_BULLETS = ("•", "◦", "▪")
_DEFINITION_INDENT = 4
_DATA_URL_SHOWN = 80
_QUOTE_BAR = (Span(ours("▌ "), "marker"),)


def display_url(url: str) -> str:
    """The URL as shown; an embedded ``data:`` URL shows only its media type and size."""
    if url.startswith("data:") and len(url) > _DATA_URL_SHOWN:
        head = url.partition(",")[0][:_DATA_URL_SHOWN]
        return f"{head} (embedded data, {len(url)} characters)"
    from zo_reader.core.links import shown_link  # wikilinks and refs as their author wrote them

    return shown_link(url)


def _marker(container: Container) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """What a container draws on its first line and on every later one."""
    match container.kind:
        case "quote":
            return _QUOTE_BAR, _QUOTE_BAR
        case "definition":
            indent = (Span(spaces(_DEFINITION_INDENT)),)
            return indent, indent
        case "note":
            marker = f"[{container.number}]"
            first = (Span(ours(marker), "footnote"), Span(spaces(1)))
            return first, (Span(spaces(len(marker) + 1)),)
    if container.ordered:
        spans = [Span(ours(f"{container.number:>{container.digits}}. "), "marker")]
    else:
        spans = [Span(ours(f"{_BULLETS[min(container.depth, len(_BULLETS) - 1)]} "), "marker")]
    if container.task is not None:
        box = Span(ours("☑"), "task-done") if container.task else Span(ours("☐"), "task-open")
        spans = [*spans, box, Span(spaces(1))] if container.ordered else [box, Span(spaces(1))]
    width = sum(len(span.text) for span in spans)
    return tuple(spans), (Span(spaces(width)),)


@lru_cache(maxsize=1024)
def prefixes(
    containers: tuple[Container, ...], fresh: int
) -> tuple[tuple[Span, ...], tuple[Span, ...], tuple[Span, ...]]:
    """A block's prefixes: of its first line, of later lines, of the blank line before it."""
    markers = [_marker(container) for container in containers]
    old = len(markers) - fresh
    first = tuple(s for n, (head, rest) in enumerate(markers) for s in (rest if n < old else head))
    rest = tuple(span for _, tail in markers for span in tail)
    gap = rstrip_spans([span for _, tail in markers[:old] for span in tail])
    return first, rest, gap


def styled_spans(items: Inline, links: Sequence[object]) -> list[Span]:
    """Inline content as the reader shows it: images, note numbers, bare links' targets.

    Args:
        items: The inline content.
        links: The parsed link targets (``url`` attributes), by the indices items carry.
    """
    out: list[Span] = []
    worded: set[int] = set()  # links with words of their own so far
    for item in items:
        if isinstance(item, Span):
            if item.link is not None:
                worded.add(item.link)
            out.append(item)
            continue
        style = " ".join(dict.fromkeys([*item.style.split(), "image"]))
        match item.kind:
            case "image":
                label = f"[Image: {item.text}]" if item.text else "[Image]"
                url = display_url(getattr(links[item.link or 0], "url", "")) or "(no address)"
                out += [
                    Span(safe_inline(label), style, item.link),
                    Span(spaces(1), style, item.link),
                    Span(safe_inline(url), style, item.link),
                ]
            case "html-image":
                label = f"[Image: {item.text}]" if item.text else "[Image]"
                out.append(Span(safe_inline(label), style))
            case "note":
                note = " ".join(dict.fromkeys([*item.style.split(), "footnote"]))
                out.append(Span(ours(f"[{item.number}]"), note, item.link))
            case "link-end" if item.link is not None and item.link not in worded:
                # No text of its own (empty, or only an image): show the target.
                shown = display_url(getattr(links[item.link], "url", "")) or "link"
                text = f" {shown}" if item.number else shown
                out.append(Span(safe_inline(text), item.style, item.link))
    return out


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


@dataclass(frozen=True, slots=True)
class SpanTable:
    """A table whose cells are the spans the reader shows (:func:`styled_table`)."""

    header: tuple[tuple[Span, ...], ...]
    rows: tuple[tuple[tuple[Span, ...], ...], ...]
    aligns: tuple[str, ...]


def styled_table(table: Table, links: Sequence[object]) -> SpanTable:
    """The table with its cells' :class:`Ref` items shown as the reader shows them."""
    header = tuple(tuple(styled_spans(cell, links)) for cell in table.header)
    rows = tuple(tuple(tuple(styled_spans(cell, links)) for cell in row) for row in table.rows)
    return SpanTable(header, rows, table.aligns)


def table_lines(table: SpanTable, width: int) -> list[list[Span]]:
    """Draw a table with box-drawing rules, or list its rows when it cannot fit ``width``.

    Args:
        table: The table, its cells plain spans (:func:`styled_table`).
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


def _table_as_list(table: SpanTable, width: int) -> list[list[Span]]:
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
        self, parsed: ParsedMarkdown, width: int, *, link_base: int = 0, lead: bool = False
    ) -> None:
        """Prepare a layout.

        Args:
            parsed: The parsed Markdown.
            width: The width, already clamped to :data:`MIN_WIDTH`.
            link_base: The number of the first link (a piece of a longer text numbers on).
            lead: The text continues an earlier one: start with the blank line
                that separates it from what came before.
        """
        self.parsed = parsed
        self.width = width
        self._link_base = link_base
        self._lead = lead
        self.lines: list[Line] = []
        self.headings: list[Heading] = []
        self.links: list[DocLink] = []
        self.starts: list[int] = []
        self.sources: list[int] = []
        self._link_numbers: dict[int, int] = {}
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
            tuple(self.sources),
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

    def _spans(self, block: Block) -> Sequence[Span]:
        if not block.refs:
            return block.spans  # type: ignore[return-value]  # no Ref: every item is a Span
        return styled_spans(block.spans, self.parsed.links)

    def _block(self, block: Block) -> None:
        first, rest, gap = prefixes(block.containers, block.fresh)
        if block.gap and self.lines:
            self.lines.append(Line(self._trim(gap)))
        elif self._lead and not self.lines:
            self.lines.append(Line(()))
        self.starts.append(len(self.lines))
        self.sources.append(block.source)
        first, rest = self._trim(first), self._trim(rest)
        room = self.width - sum(len(span.text) for span in rest)
        match block.kind:
            case "heading":
                self._heading(block, first, rest, room)
            case "term":
                self.terms.append((block.anchor, len(self.lines)))
                self._emit(first, rest, wrap_spans(self._spans(block), room))
            case "code":
                label = joined("", (_CODE_INDENT, safe_line(block.label)))
                label = part(label, 0, _cut(label, 0, len(label), room, label.isascii())[0])
                body = [[Span(label, "muted")]] if block.label else []
                indent = Span(_CODE_INDENT, "code-block")
                body += [_merge([indent, *line]) for line in self._code(block)]
                self._emit(first, rest, body or [[Span(_CODE_INDENT, "code-block")]])
            case "table" if block.table is not None:
                table = styled_table(block.table, self.parsed.links)
                self._emit(first, rest, table_lines(table, room))
            case "rule":
                self._emit(first, rest, [[Span(ours("─" * room), "rule")]])
            case "html":
                spans: list[Span] = []
                for segment in html_text(block.text, bracketed=True):
                    if spans:
                        spans.append(BREAK)
                    spans.append(Span(safe_inline(segment), block.style))
                self._emit(first, rest, wrap_spans(spans, room))
            case _:
                self._emit(first, rest, wrap_spans(self._spans(block), room))

    def _code(self, block: Block) -> tuple[tuple[Span, ...], ...]:
        """A code block's lines, coloured once per parse when its language is known."""
        cache = self.parsed.highlighted
        key = id(block)
        if key not in cache:
            from zo_reader.core.markdown.highlight import highlight

            body = safe_code(block.text.rstrip("\n").expandtabs(4))
            lines = highlight(body, block.label) if block.highlight else None
            if lines is None:
                lines = tuple((Span(line, "code-block"),) for line in clean_lines(body))
            cache[key] = lines
        return cache[key] or ()

    def _heading(
        self, block: Block, first: tuple[Span, ...], rest: tuple[Span, ...], room: int
    ) -> None:
        self.headings.append(Heading(block.level, block.title, block.anchor, len(self.lines)))
        body = wrap_spans(self._spans(block), room)
        if block.level <= 2:
            underline = max((cell_width("".join(s.text for s in line)) for line in body), default=0)
            body.append(
                [Span(ours(("═" if block.level == 1 else "─") * max(underline, 1)), "marker")]
            )
        self._emit(first, rest, body)
