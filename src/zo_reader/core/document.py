"""Markdown to styled, wrapped lines for the article view (no Textual, no Rich).

Two phases, so that a resize only re-wraps: :func:`parse_markdown` turns
Markdown into width-independent blocks (:mod:`~zo_reader.core.markdown.blocks`),
and :func:`layout` lays them out at a reading width into :class:`Line` objects
made of :class:`Span` runs (:mod:`~zo_reader.core.markdown.styled_layout`). Very large
articles are split with :func:`split_for_progressive`: the head is parsed and
shown at once, the tail parsed later and joined with :func:`parse_continuation`.

What the lines look like at width W:

* Headings: the text in style ``headingN``, no ``#``. Level 1 is underlined
  with ``═`` and level 2 with ``─`` (style ``marker``), so the level shows
  without colour.
* Paragraphs wrap on spaces; a word longer than the line is cut by cells.
  East Asian wide characters count two cells (:func:`zo_reader.core.markdown.wrap.cell_width`).
* Lists: ``•`` bullets (``◦`` and ``▪`` when nested), numbers right-aligned
  from the list's start; wrapped lines hang under the text. Task items show
  ``☑`` or ``☐`` (styles ``task-done``, ``task-open``).
* Block quotes: a ``▌ `` bar per level (style ``marker``), text in ``quote``.
* Code: never wrapped (the view crops), indented two spaces, style
  ``code-block`` plus Pygments token styles for a named language; the
  language, if any, on a first line in ``muted``.
* Tables: box-drawn, columns sized to their content and shrunk (widest first,
  cells wrapping) to fit; a table that cannot fit lists ``Header: value`` lines.
* Footnotes: ``[1]`` where referenced; the notes follow the body under a rule.
* Images: ``[Image: alt] URL`` in style ``image``, never fetched; like links
  they are listed in :attr:`Document.links` and their spans carry the index.
* Raw HTML: tags removed, text kept. Rules: ``─`` across the width.

Everything passes through :mod:`zo_reader.core.sanitize`, so no span holds a
control character. Nesting is bounded (markdown-it drops blocks deeper than
20), the walk is iterative, inline runs over 32,000 characters are shown as
plain text, and past a budget of work that grows with the text the rest of an
article is plain text (:mod:`~zo_reader.core.markdown.parser`), so hostile
input lays out in bounded time.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from zo_reader.core.sanitize import CleanText, ours

if TYPE_CHECKING:
    from zo_reader.core.markdown.model import ParsedMarkdown

__all__ = [
    "BREAK",
    "MIN_WIDTH",
    "STYLE_NAMES",
    "DocLink",
    "Document",
    "Heading",
    "Line",
    "Place",
    "Span",
    "covers",
    "equivalent_line",
    "find_matches",
    "layout",
    "line_in",
    "line_of",
    "parse_continuation",
    "parse_markdown",
    "parse_rest",
    "place_in",
    "place_of",
    "slugify",
    "split_for_progressive",
    "split_point",
]

MIN_WIDTH = 20
"""The narrowest width laid out; smaller requests are raised to this."""

_STYLE_LIST = """
heading1 heading2 heading3 heading4 heading5 heading6 strong em strike code code-block
code.keyword code.string code.comment code.name code.number code.operator link image
quote marker rule table-header footnote task-done task-open muted
"""
STYLE_NAMES: tuple[str, ...] = tuple(_STYLE_LIST.split())
"""Every style name a :class:`Span` may carry (``Span.style`` joins several with spaces).

``headingN`` heading text; ``strong``, ``em``, ``strike`` emphasis; ``code``
inline code; ``code-block`` fenced or indented code, with at most one
``code.*`` Pygments token style; ``link`` link text; ``image`` an image's
label and URL; ``quote`` text inside a block quote; ``marker`` list bullets and
numbers, quote bars, heading underlines and table rules; ``rule`` a thematic
break and the line above the footnotes; ``table-header`` header cells;
``footnote`` note references and numbers; ``task-done``/``task-open`` task
checkboxes; ``muted`` a code block's language line.
"""

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_SLUG_DROP = re.compile(r"[^\w\- ]")


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one style.

    Attributes:
        text: The text; sanitised, never containing a control character or line break
            (typed: only :mod:`zo_reader.core.sanitize` makes :data:`CleanText`, so
            mypy catches content laid out without passing through it).
        style: Space-separated style names from :data:`zo_reader.core.document.STYLE_NAMES`.
        link: Index into ``Document.links`` when this span is (part of) a link.
    """

    text: CleanText
    style: str = ""
    link: int | None = None


BREAK = Span(ours("\n"))
"""A hard line break inside a run of inline spans (the only span holding ``\\n``)."""


@dataclass(frozen=True, slots=True)
class Line:
    """One laid-out line.

    Attributes:
        spans: The styled runs, left to right.
    """

    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        """The plain text of the line."""
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading and where it was laid out.

    Attributes:
        level: 1 to 6.
        text: The heading's plain text.
        anchor: GitHub-style slug, unique in the document (``-1``, ``-2`` appended).
        line: Index of its first line in ``Document.lines``.
    """

    level: int
    text: str
    anchor: str
    line: int


@dataclass(frozen=True, slots=True)
class DocLink:
    """A link or image in the document, in order of appearance.

    Attributes:
        index: Its position in ``Document.links``; spans of the link carry it.
        url: The target, sanitised to one line (never fetched by zo-reader).
        text: The link text or the image's alt text, sanitised to one line.
        line: The first line where it appears.
    """

    index: int
    url: str
    text: str
    line: int


@dataclass(frozen=True)
class Document:
    """Markdown laid out at one width.

    Attributes:
        lines: The lines; none is wider than ``width`` except code lines, which are not
            wrapped. A tuple, or for a very long article a
            :class:`~zo_reader.core.document_paged.PagedLines` that lays out a few pieces at a time.
        headings: Headings in order.
        links: Links and images in order of appearance.
        width: The width laid out at.
        blocks: The first line of each source block, to keep a reading position across widths.
        terms: ``(anchor, line)`` of each term of a definition list: links may
            lead to a term as to a heading (Hugo's ``autoDefinitionTermID``).
        sources: The source line of each block in ``blocks`` (from 0, in the Markdown body).
    """

    lines: Sequence[Line]
    headings: tuple[Heading, ...]
    links: tuple[DocLink, ...]
    width: int
    blocks: Sequence[int] = ()
    terms: tuple[tuple[str, int], ...] = ()
    sources: Sequence[int] = ()

    def anchor_line(self, anchor: str) -> int | None:
        """The line of the heading or term with this anchor (``#`` optional), or ``None``."""
        anchor = anchor.removeprefix("#").lower()
        found = next((h.line for h in self.headings if h.anchor == anchor), None)
        if found is None:
            found = next((line for name, line in self.terms if name == anchor), None)
        return found


def slugify(text: str) -> str:
    """A GitHub-style anchor: lower case, punctuation dropped, spaces to hyphens.

    Args:
        text: The heading's plain text.

    Returns:
        The slug, for example ``hello-world`` for ``Hello, World!``.
    """
    return _SLUG_DROP.sub("", text.strip().lower()).replace(" ", "-")


def unique_anchor(used: dict[str, int], text: str) -> str:
    """A slug of ``text``, numbered on (``-1``, ``-2``) when an earlier heading or term has it.

    Args:
        used: How often each slug has been given so far in this document; updated.
        text: The heading's (or term's) plain text.
    """
    slug = slugify(text) or "section"
    seen = used.get(slug, 0)
    used[slug] = seen + 1
    return f"{slug}-{seen}" if seen else slug


def parse_markdown(markdown: str, *, plain: bool = False) -> ParsedMarkdown:
    """Parse Markdown into the width-independent document model.

    Args:
        markdown: Untrusted Markdown without front matter; it is sanitised first.
        plain: Lay it out as linear text with structure in words (the screen-reader
            form, :mod:`~zo_reader.core.markdown.plain_layout`) instead of styled.

    Returns:
        The parsed document; lay it out with :func:`layout`.
    """
    # Imported on use: the model above is importable without loading the parser.
    from dataclasses import replace as changed

    from zo_reader.core.markdown.blocks import parse_blocks

    parsed = parse_blocks(markdown)
    return changed(parsed, plain=True) if plain else parsed


def parse_continuation(head: ParsedMarkdown, tail: str) -> ParsedMarkdown:
    """Parse the tail of a split document and append it to the parsed head.

    Links and footnotes number on from the head, anchors go on counting, source
    lines run on. Link reference definitions and footnotes do not resolve across
    the split.

    Args:
        head: The parsed first part.
        tail: The rest of the Markdown, as returned by :func:`split_for_progressive`.

    Returns:
        The whole document, parsed.
    """
    from zo_reader.core.markdown.blocks import parse_blocks
    from zo_reader.core.markdown.model import ParsedMarkdown

    rest = parse_blocks(
        tail,
        link_base=len(head.links),
        note_base=head.note_count,
        anchors=head.anchors,
        line_base=head.source_lines,
    )
    blocks = rest.blocks
    if head.blocks and blocks and not blocks[0].gap:
        # The split is at a blank line before an unindented block: keep that blank line.
        blocks = (replace(blocks[0], gap=True), *blocks[1:])
    return ParsedMarkdown(
        head.blocks + blocks,
        head.notes + rest.notes,
        head.links + rest.links,
        head.note_count + rest.note_count,
        head.plain,
        rest.source_lines,
        rest.anchors,
        head.highlighted,
    )


PIECE_SIZE = 4_000_000
"""Characters of a long tail parsed at a time by :func:`parse_rest`."""


def parse_rest(head: ParsedMarkdown, tail: str, piece: int = PIECE_SIZE) -> ParsedMarkdown:
    """:func:`parse_continuation` a few megabytes at a time.

    The parser's tokens for a whole 50 MB book took some 600 MB at once; a
    piece's tokens are dropped once its blocks are built. Pieces split where
    :func:`split_for_progressive` does, so only reference definitions and
    footnotes more than a piece away stay unresolved.

    Args:
        head: The parsed first part.
        tail: The rest of the Markdown.
        piece: Roughly how many characters to parse at a time.

    Returns:
        The whole document, parsed.
    """
    parsed = head
    while tail:
        part, tail = split_for_progressive(tail, piece)
        parsed = parse_continuation(parsed, part)
    return parsed


def layout(parsed: ParsedMarkdown, width: int) -> Document:
    """Lay parsed Markdown out at a reading width.

    Args:
        parsed: From :func:`parse_markdown`.
        width: Columns of the reading column; values below :data:`MIN_WIDTH` are raised to it.

    Returns:
        The lines, headings and links.
    """
    if parsed.plain:
        from zo_reader.core.markdown.plain_layout import PlainLayout

        return PlainLayout(parsed, max(width, MIN_WIDTH)).run()
    from zo_reader.core.markdown.styled_layout import Layout

    return Layout(parsed, max(width, MIN_WIDTH)).run()


def split_for_progressive(markdown: str, first_chunk: int = 64_000) -> tuple[str, str]:
    """Split Markdown into a head to show at once and a tail to parse in the background.

    The split is at a blank line followed by an unindented line, outside any
    fenced code block: the first such place at or after ``first_chunk``
    characters (within twice that), else the last one before it.

    Args:
        markdown: The whole Markdown.
        first_chunk: Roughly how many characters the head should have.

    Returns:
        ``(head, tail)``; ``head + tail == markdown``. The tail is empty when
        the text is short or has no safe place to split.
    """
    cut = split_point(markdown, 0, first_chunk)
    return markdown[:cut], markdown[cut:]


def split_point(markdown: str, start: int, chunk: int) -> int:
    """Where :func:`split_for_progressive` would split ``markdown[start:]``, as an index.

    Offsets rather than slices, so that a 50 MB text can be cut into pieces
    without copying its tail once per piece.

    Args:
        markdown: The whole Markdown.
        start: Where the part to split begins (the start of a line).
        chunk: Roughly how many characters the first part should have.

    Returns:
        An index after ``start``; ``len(markdown)`` when there is no safe place to split.
    """
    size = len(markdown)
    if size - start <= chunk:
        return size
    fence = ""
    before = -1
    blank = False
    position = start
    target = start + chunk
    limit = min(size, start + 2 * chunk)
    while position < size:
        end = markdown.find("\n", position)
        end = size if end < 0 else end
        line = markdown[position:end]
        if fence:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
        elif match := _FENCE.match(line):
            fence = match.group(1)
            if fence[0] == "`" and "`" in line[match.end() :]:
                fence = ""  # an info string with a backtick: not a fence (CommonMark)
        elif blank and line[:1] not in ("", " ", "\t"):
            if position >= target:
                return position
            before = position
        if not fence:
            blank = not line.strip()
        if position >= limit and before > start:
            break
        position = end + 1
    return before if before > start else size


def find_matches(document: Document, query: str) -> list[tuple[int, int, int]]:
    """Every case-insensitive occurrence of ``query``, as ``(line, start, end)`` in order.

    ``start`` and ``end`` index characters of ``Line.text``; a match never
    spans two lines.

    Args:
        document: The laid-out document.
        query: Literal text (not a pattern); empty finds nothing.

    Returns:
        The matches, sorted by line and position.
    """
    if not query:
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    from zo_reader.core.document_paged import PagedLines

    if isinstance(document.lines, PagedLines):
        return document.lines.find(pattern)
    return [
        (number, match.start(), match.end())
        for number, line in enumerate(document.lines)
        for match in pattern.finditer(line.text)
    ]


Place = tuple[int, int]
"""A reading position that no width or layout changes: ``(source line, per mille)``.

The source line is that of the block shown (from 0, in the Markdown body); the
per mille says how far into the block's lines. Both layouts lay out the same
blocks (:mod:`~zo_reader.core.markdown.model`), so a place made in the styled
reader at 80 columns is the same place in screen-reader mode at 120 or in line mode.
"""


def place_of(document: Document, line: int) -> Place:
    """The place shown at ``line`` of ``document`` (``(0, 0)`` for one without blocks)."""
    return place_in(document.blocks, document.sources, len(document.lines), line)


def line_of(document: Document, place: Place) -> int:
    """The line of ``document`` showing ``place``: the block at its source line, or before it."""
    return line_in(document.blocks, document.sources, len(document.lines), place)


def place_in(blocks: Sequence[int], sources: Sequence[int], count: int, line: int) -> Place:
    """:func:`place_of` for blocks laid out so far (a long text being scanned).

    Args:
        blocks: Each block's first line.
        sources: Each block's source line.
        count: The number of lines laid out.
        line: A line index.
    """
    if not blocks or len(sources) != len(blocks):
        return (0, 0)
    block = max(bisect_right(blocks, line) - 1, 0)
    start, size = _extent(blocks, count, block)
    return sources[block], min(max(line - start, 0) * 1000 // size, 999)


def line_in(blocks: Sequence[int], sources: Sequence[int], count: int, place: Place) -> int:
    """:func:`line_of` for blocks laid out so far; see :func:`place_in`."""
    source, share = place
    if not blocks or len(sources) != len(blocks):
        return 0
    # Body blocks come in source order; footnotes follow, so look at every block.
    best, best_source = 0, -1
    for block, start in enumerate(sources):
        if start == source:
            best = block
            break
        if best_source < start < source:
            best, best_source = block, start
    first, size = _extent(blocks, count, best)
    # Rounded up, so that a line's place leads back to that line (blocks under 1,000 lines).
    return first + min(-(-max(share, 0) * size // 1000), size - 1)


def covers(document: Document, place: Place) -> bool:
    """Whether ``document`` has a block at or past the place's source line (a head may not)."""
    return any(source >= place[0] for source in document.sources)


def _extent(blocks: Sequence[int], count: int, block: int) -> tuple[int, int]:
    """A block's first line and its number of lines (at least 1)."""
    start = blocks[block]
    end = blocks[block + 1] if block + 1 < len(blocks) else count
    return start, max(end - start, 1)


def equivalent_line(old: Document, line: int, new: Document) -> int:
    """The line of ``new`` showing what ``line`` of ``old`` showed (same text, other width).

    Args:
        old: The document as laid out before.
        line: A line index in ``old``.
        new: The same parsed Markdown laid out at another width.

    Returns:
        A line index in ``new``: the same block, at the same fraction of it.
    """
    if not old.blocks or not new.blocks:
        return min(line, max(len(new.lines) - 1, 0))
    block = min(max(bisect_right(old.blocks, line) - 1, 0), len(new.blocks) - 1)

    def extent(doc: Document) -> tuple[int, int]:
        start = doc.blocks[block]
        end = doc.blocks[block + 1] if block + 1 < len(doc.blocks) else len(doc.lines)
        return start, max(end - start, 1)

    old_start, old_size = extent(old)
    new_start, new_size = extent(new)
    offset = max(line - old_start, 0)
    return new_start + min(offset * new_size // old_size, new_size - 1)
