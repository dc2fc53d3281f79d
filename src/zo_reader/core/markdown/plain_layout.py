"""The plain layout: the document model as linear text with its structure said in words.

For screen readers (the TUI's screen-reader mode), line mode, ``zo-reader read``
and pipes. Lines are read aloud one by one, so nothing is drawn:

* Headings: ``Heading 2: Title``. Blocks are separated by one blank line.
* Paragraphs wrap to the width in cells (:func:`~zo_reader.core.markdown.wrap.wrap_ranges`);
  words and URLs are never broken. Emphasis is dropped; struck-through text
  reads ``[deleted: text]``; inline code keeps its text.
* Lists: ``- item`` and ``3. item``; nested items are indented by their parent's
  marker. Task items read ``- [done] text`` or ``- [not done] text``.
* Block quotes: ``> `` on each line. Definitions: indented four spaces.
* Code: ``Code (python):`` or ``Code:``, then the code indented four spaces, never wrapped.
* Tables: ``Table: 2 columns, 3 rows``, then per row ``Row 1:`` and ``Header: value`` lines.
* Links: ``text [1]``; images ``Image: alt [2]``, never fetched. A URL used twice
  keeps its first number; ``Links:`` lists them at the end.
* Footnotes: ``(note 1)`` where referenced, then ``Notes:`` with ``1.``, ``2.``.
* Thematic breaks: the word ``Separator``. Raw HTML: its text.

Headings, anchors and links are recorded as the lines are made, from the model:
a paragraph that begins "Heading 2:" is a paragraph, and a literal ``[1]`` is text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from zo_reader.core.document import BREAK, DocLink, Document, Heading, Line, Span
from zo_reader.core.markdown.html_text import html_text
from zo_reader.core.markdown.model import Block, Container, Inline, ParsedMarkdown, Ref
from zo_reader.core.markdown.wrap import GLUE, cell_width, wrap_ranges
from zo_reader.core.sanitize import clean_line, ours, part, safe_inline

__all__ = ["Link", "PlainLayout", "format_links", "plural"]

_CODE_INDENT = "    "
_DATA_URL_SHOWN = 80

# A run of plain text before wrapping: text (GLUE may join it to the word before),
# style, and the index of the link it is the number of.
_Piece = tuple[str, str, int | None]


@dataclass(frozen=True, slots=True)
class Link:
    """One numbered link or image target.

    Attributes:
        number: The number shown in the text as ``[n]``, from 1.
        url: The target, sanitised to one line.
        text: The text of the first link to it (or the image's alt text).
    """

    number: int
    url: str
    text: str


def plural(number: int, noun: str) -> str:
    """``1 row``, ``2 rows``: the count and the noun, plural unless the count is one."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _display_url(url: str) -> str:
    """The URL as listed: an embedded ``data:`` URL by its type; a wikilink as written."""
    if url.startswith("data:") and len(url) > _DATA_URL_SHOWN:
        head = url.partition(",")[0][:_DATA_URL_SHOWN]
        return f"{head} (embedded data, {plural(len(url), 'character')})"
    from zo_reader.core.links import shown_link

    return shown_link(url)


def format_links(links: Sequence[Link]) -> str:
    """The numbered link list: ``Links:`` then ``[1] https://...`` lines, or ``""`` if none."""
    if not links:
        return ""
    return "\n".join(["Links:", *(f"[{link.number}] {_display_url(link.url)}" for link in links)])


def _marker(container: Container) -> tuple[str, str]:
    match container.kind:
        case "quote":
            return "> ", "> "
        case "definition":
            return "    ", "    "
        case "note":
            marker = f"{container.number}. "
        case _:
            marker = f"{container.number}. " if container.ordered else "- "
    return marker, " " * len(marker)


@lru_cache(maxsize=1024)
def _prefixes(containers: tuple[Container, ...], fresh: int) -> tuple[str, str, str]:
    """A block's prefixes: of its first line, of later lines, of the blank line before it."""
    markers = [_marker(container) for container in containers]
    old = len(markers) - fresh
    first = "".join(rest if n < old else head for n, (head, rest) in enumerate(markers))
    rest = "".join(tail for _, tail in markers)
    return first, rest, "".join(tail for _, tail in markers[:old]).rstrip()


def _line(spans: Iterable[Span]) -> Line:
    """A line without trailing whitespace and without empty spans."""
    kept = [span for span in spans if span.text]
    while kept:
        text = kept[-1].text
        stripped = text.rstrip()
        if stripped == text:
            break
        if stripped:
            kept[-1] = Span(part(text, 0, len(stripped)), kept[-1].style, kept[-1].link)
            break
        kept.pop()
    return Line(tuple(kept))


def _wrap(pieces: Sequence[_Piece], width: int, first: str = "", rest: str = "") -> list[Line]:
    """Wrap pieces as :func:`~zo_reader.core.markdown.wrap.wrap_text` wraps their text."""
    text = "".join(piece[0] for piece in pieces)
    starts: list[int] = []
    offset = 0
    for piece in pieces:
        starts.append(offset)
        offset += len(piece[0])
    lines: list[Line] = []
    segment_start = 0
    first_piece = 0  # lines come in order: pieces wholly before this line are done
    for segment in text.split("\n"):
        for number, (begin, end) in enumerate(wrap_ranges(segment, width, first, rest)):
            low, high = segment_start + begin, segment_start + end
            spans = [Span(ours(rest if number else first))]
            while (
                first_piece < len(pieces)
                and starts[first_piece] + len(pieces[first_piece][0]) <= low
            ):
                first_piece += 1
            index = first_piece
            while index < len(pieces) and starts[index] < high:
                piece_text, style, link = pieces[index]
                start = starts[index]
                cut = piece_text[max(low - start, 0) : high - start].replace(GLUE, " ")
                spans.append(Span(safe_inline(cut), style, link))
                index += 1
            lines.append(_line(spans))
        segment_start += len(segment) + 1
    return lines


def _heading_style(style: str, span: Span) -> str:
    return f"{style} link" if span.link is not None else style


def _flat(pieces: list[_Piece]) -> list[_Piece]:
    """Pieces on one line, without spaces at either end (a table cell, a heading)."""
    out = [(text.replace("\n", " "), style, link) for text, style, link in pieces]
    while out and not out[0][0].strip():
        out.pop(0)
    while out and not out[-1][0].strip():
        out.pop()
    if out:
        out[0] = (out[0][0].lstrip(), *out[0][1:])
        out[-1] = (out[-1][0].rstrip(), *out[-1][1:])
    return out


class PlainLayout:
    """Lays the model out as plain lines, numbering links by URL in order of first use.

    Args:
        parsed: The parsed Markdown.
        width: The width, already raised to :data:`~zo_reader.core.document.MIN_WIDTH`.
        numbers: Link numbers by URL, shared by the pieces of a long text; updated.
        link_base: The parse-time index of ``parsed.links[0]`` (a piece of a longer text).
    """

    def __init__(
        self,
        parsed: ParsedMarkdown,
        width: int,
        numbers: dict[str, Link] | None = None,
        link_base: int = 0,
    ) -> None:
        self.parsed = parsed
        self.link_base = link_base
        self.width = width
        self.numbers: dict[str, Link] = {} if numbers is None else numbers
        self.lines: list[Line] = []
        self.headings: list[Heading] = []
        self.terms: list[tuple[str, int]] = []
        self.starts: list[int] = []
        self.sources: list[int] = []
        self._first_line: dict[int, int] = {}  # link index -> the first line showing it
        self._known = len(self.numbers)

    def run(self, *, listing: bool = True) -> Document:
        """Lay out the body, the notes and (with ``listing``) the numbered links."""
        self.body(self.parsed.blocks)
        self.notes(self.parsed.notes)
        if listing:
            self.listing()
        return self.document()

    def body(self, blocks: Iterable[Block]) -> None:
        """Lay out blocks."""
        for block in blocks:
            self._block(block)

    def notes(self, blocks: Sequence[Block]) -> None:
        """``Notes:``, then the footnotes' blocks."""
        if blocks:
            self._plain(["Notes:"], gap=bool(self.lines))
            self.body(blocks)

    def listing(self) -> None:
        """``Links:``, then ``[n] URL`` for every link numbered so far (the numbers followable)."""
        if not self.numbers:
            return
        self._plain(["Links:"], gap=bool(self.lines))
        for link in self.numbers.values():
            index = link.number - 1
            self._first_line.setdefault(index, len(self.lines))
            shown = safe_inline(_display_url(link.url))
            marker = Span(ours(f"[{link.number}]"), "link", index)
            self.lines.append(_line([marker, Span(ours(" ")), Span(shown)]))

    def document(self) -> Document:
        """What was laid out, as a document; its links are those first numbered here."""
        links = tuple(
            DocLink(link.number - 1, link.url, link.text, self._first_line.get(link.number - 1, 0))
            for link in list(self.numbers.values())[self._known :]
        )
        return Document(
            tuple(self.lines),
            tuple(self.headings),
            links,
            self.width,
            tuple(self.starts),
            tuple(self.terms),
            tuple(self.sources),
        )

    # One block

    def _plain(self, texts: list[str], *, gap: bool) -> None:
        if gap:
            self.lines.append(Line(()))
        self.lines.extend(_line([Span(safe_inline(text))]) for text in texts)

    def _emit(self, block: Block, lines: list[Line], first_emit: bool = True) -> None:
        """Add one part of a block under its prefixes, after a blank line if one is due."""
        if not lines:
            return
        first, rest, gap = _prefixes(block.containers, block.fresh)
        if not first_emit:
            first = rest
            gap = rest.rstrip()
        if (block.gap or not first_emit) and self.lines:
            self.lines.append(_line([Span(ours(gap))]))
        for number, line in enumerate(lines):
            for span in line.spans:
                if span.link is not None:
                    self._first_line.setdefault(span.link, len(self.lines))
            prefix = Span(ours(rest if number else first))
            self.lines.append(_line([prefix, *line.spans]))

    def _room(self, block: Block) -> int:
        return self.width - cell_width(_prefixes(block.containers, block.fresh)[1])

    def _block(self, block: Block) -> None:
        self.starts.append(self._next(block))
        self.sources.append(block.source)
        room = self._room(block)
        match block.kind:
            case "heading":
                title = [(f"Heading {block.level}: ", "", None), *_flat(self._inline(block))]
                style = f"heading{block.level}"
                lines = [
                    Line(tuple(Span(s.text, _heading_style(style, s), s.link) for s in line.spans))
                    for line in _wrap(title, room)
                ]
                line = self._next(block)
                self.headings.append(Heading(block.level, block.title, block.anchor, line))
                self._emit(block, lines)
            case "term":
                self.terms.append((block.anchor, self._next(block)))
                self._emit(block, _wrap(self._inline(block), room))
            case "code":
                label = f"Code ({block.label}):" if block.label else "Code:"
                body = block.text.strip("\n")
                code = [(_CODE_INDENT + line.expandtabs(4)).rstrip() for line in body.split("\n")]
                texts = [label, *code] if body else [label]
                self._emit(block, [_line([Span(safe_inline(text))]) for text in texts])
            case "table" if block.table is not None:
                self._table(block, room)
            case "rule":
                self._emit(block, [Line((Span(ours("Separator")),))])
            case "html":
                lines = [
                    line
                    for segment in html_text(block.text)
                    for line in _wrap([(segment, "", None)], room)
                ]
                self._emit(block, lines)
            case _ if not block.spans:
                self._emit(block, [Line(())])  # an empty item still shows its marker
            case _:
                self._emit(block, _wrap(self._inline(block), room))

    def _next(self, block: Block) -> int:
        """The line a block's first line will have (after its blank line, if any)."""
        return len(self.lines) + (1 if block.gap and self.lines else 0)

    def _table(self, block: Block, room: int) -> None:
        table = block.table
        assert table is not None
        names = [_flat(self._items(cell)) for cell in table.header]
        names = [name or [(f"Column {n}", "", None)] for n, name in enumerate(names, 1)]
        summary = f"Table: {plural(len(names), 'column')}, {plural(len(table.rows), 'row')}"
        self._emit(block, [Line((Span(ours(summary)),))])
        if not table.rows:
            pieces: list[_Piece] = [("Columns: ", "", None)]
            for number, name in enumerate(names):
                pieces += [(", ", "", None)] * bool(number) + name
            self._emit(block, _wrap(pieces, room, rest="  "), first_emit=False)
        for number, row in enumerate(table.rows, 1):
            lines = [Line((Span(ours(f"Row {number}:")),))]
            cells = [*row, *[()] * (len(names) - len(row))]
            for name, cell in zip(names, cells, strict=False):
                value = _flat(self._items(cell)) or [("(empty)", "", None)]
                lines += _wrap([*name, (": ", "", None), *value], room, "  ", "    ")
            self._emit(block, lines, first_emit=False)

    # Inline content

    def _inline(self, block: Block) -> list[_Piece]:
        pieces = self._items(block.spans)
        innermost = block.containers[-1] if block.containers else None
        if innermost is not None and innermost.task is not None and block.fresh:
            pieces.insert(0, ("[done] " if innermost.task else "[not done] ", "", None))
        return pieces

    def _items(self, items: Inline) -> list[_Piece]:
        """Inline content as plain pieces: link numbers, images and notes in words."""
        out: list[_Piece] = []
        struck = False
        for position, item in enumerate(items):
            if isinstance(item, Span):
                if item is BREAK:
                    out.append(("\n", "", None))
                    continue
                strike = "strike" in item.style
                if strike != struck:
                    out.append(("[deleted: " if strike else "]", "", None))
                    struck = strike
                out.append((item.text, "", None))
                continue
            if struck and item.kind != "image" and "strike" not in item.style:
                out.append(("]", "", None))
                struck = False
            match item.kind:
                case "image":
                    number = self._number(item.link)
                    words = f"Image: {item.text}" if item.text else "Image"
                    out += [(words, "", None), (GLUE, "", None)]
                    out.append((f"[{number + 1}]", "link", number))
                case "html-image":
                    out.append((f"Image: {item.text}" if item.text else "Image", "", None))
                case "note":
                    glue = "" if not out or out[-1][0].endswith((" ", "\n")) else GLUE
                    out.append((f"{glue}(note {item.number})", "", None))
                case "link-end":
                    inside = items[max(position - item.number, 0) : position]
                    worded = any(isinstance(i, Ref) for i in inside) or any(
                        i.text.strip() for i in inside if isinstance(i, Span) and i is not BREAK
                    )
                    number = self._number(item.link)
                    out += [("" if worded else "link", "", None), (GLUE, "", None)]
                    out.append((f"[{number + 1}]", "link", number))
        if struck:
            out.append(("]", "", None))
        return out

    def _number(self, link: int | None) -> int:
        """The index (number - 1) of parse-time link ``link``: its URL's first number."""
        target = self.parsed.links[(link or 0) - self.link_base]
        found = self.numbers.get(target.url)
        if found is None:
            text = clean_line(target.text) or target.url
            found = self.numbers[target.url] = Link(len(self.numbers) + 1, target.url, text)
        return found.number - 1


def text_of(lines: Iterable[Line]) -> str:
    """Lines as text joined by line feeds, without blank lines at either end."""
    return "\n".join(line.text for line in lines).strip("\n")
