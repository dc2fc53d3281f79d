"""The document model: an article's structure, independent of the width and of how it is shown.

:mod:`~zo_reader.core.markdown.blocks` builds it from markdown-it's tokens, once;
the styled layout (:mod:`~zo_reader.core.markdown.styled_layout`, the reader's
look) and the plain layout (:mod:`~zo_reader.core.markdown.plain_layout`,
structure said in words, for screen readers, line mode and pipes) lay it out at
a width. The model holds the facts both need (what contains a block, a heading's
level and anchor, which text is a link to which target) and none of the
glyphs or words either layout shows for them: a list item is a number, not
``3. `` or ``•``; a footnote reference is a number, not ``[1]`` or ``(note 1)``.

Every piece of text in it is sanitised (:data:`~zo_reader.core.sanitize.CleanText`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from zo_reader.core.sanitize import ours

if TYPE_CHECKING:
    from zo_reader.core.document import Span
    from zo_reader.core.sanitize import CleanText

_NONE = ours("")

__all__ = ["Block", "Container", "Inline", "LinkTarget", "ParsedMarkdown", "Ref", "Table"]


@dataclass(frozen=True, slots=True)
class Container:
    """A block quote, list item, footnote or definition that holds blocks.

    Attributes:
        kind: ``"quote"``, ``"item"``, ``"note"`` or ``"definition"``.
        ordered: An item of a numbered list.
        number: An ordered item's number, or a footnote's.
        digits: Digits of the widest number in the item's list.
        depth: How many bullet lists hold this item's list (bullets change with depth).
        task: A task item's state: ``True`` done, ``False`` not done, ``None`` no task.
    """

    kind: Literal["quote", "item", "note", "definition"]
    ordered: bool = False
    number: int = 0
    digits: int = 0
    depth: int = 0
    task: bool | None = None


@dataclass(frozen=True, slots=True)
class Ref:
    """An inline item that each layout shows in its own way.

    Attributes:
        kind: ``"image"`` (``text`` is its alt text, ``link`` its target),
            ``"html-image"`` (an ``<img>`` tag, ``text`` its alt; no target),
            ``"note"`` (a footnote reference, ``number`` its number) or
            ``"link-end"`` (where link ``link`` closes: the plain layout puts its number
            there, the styled one shows the target of a link without text).
        text: Alt text, sanitised to one line.
        style: The styles around it: the block's (quote, heading, table header) for
            an image, those of the text it stands in for a note or a link's end.
        link: Index into :attr:`ParsedMarkdown.links` (a note's: the link it is inside).
        number: A footnote's number; for a link's end, how many items the link holds.
    """

    kind: Literal["image", "html-image", "note", "link-end"]
    text: CleanText = _NONE
    style: str = ""
    link: int | None = None
    number: int = 0


Inline = tuple["Span | Ref", ...]
"""A block's inline content: styled text runs (:class:`~zo_reader.core.document.Span`,
:data:`~zo_reader.core.document.BREAK` for a hard break) and :class:`Ref` items."""


@dataclass(frozen=True, slots=True)
class Table:
    """A table's cells as inline content.

    Attributes:
        header: One cell per column.
        rows: The body rows, each padded or cut to the header's number of cells.
        aligns: ``"left"``, ``"right"`` or ``"center"`` per column.
    """

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    aligns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """One block: a paragraph, heading, term, code, table, rule or raw HTML.

    Attributes:
        kind: ``"text"``, ``"heading"``, ``"term"`` (of a definition list), ``"code"``,
            ``"table"``, ``"rule"`` or ``"html"``.
        containers: What holds it, outermost first.
        fresh: How many of the innermost containers begin with this block: their
            markers (bullet, number, quote bar on a new quote) are shown on its first line.
        gap: A blank line comes before it.
        source: The line of the Markdown it starts on, from 0 (within the text parsed).
        spans: Inline content of a text block, heading or term.
        level: A heading's level, 1 to 6.
        title: A heading's or term's text, one line, for contents and anchors.
        anchor: A heading's or term's anchor, unique in the document (``-1``, ``-2``
            appended to a repeated one; an author's own ``{#id}`` as given).
        text: A code block's code, or raw HTML's source (sanitised).
        label: A code block's language, as written.
        highlight: Colour the code (within the article's highlighting budget).
        table: A table block's table.
        style: The styles of the text around it (``quote`` inside a block quote).
        refs: ``spans`` holds :class:`Ref` items (or ``table`` does).
    """

    kind: Literal["text", "heading", "term", "code", "table", "rule", "html"]
    containers: tuple[Container, ...] = ()
    fresh: int = 0
    gap: bool = False
    source: int = 0
    spans: Inline = ()
    level: int = 0
    title: str = ""
    anchor: str = ""
    text: CleanText = _NONE
    label: str = ""
    highlight: bool = False
    table: Table | None = None
    style: str = ""
    refs: bool = False


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """A link or image target: its sanitised URL and its one-line text (an image's alt)."""

    url: str
    text: str


@dataclass(frozen=True)
class ParsedMarkdown:
    """Parsed Markdown, independent of the width (lay it out with ``document.layout``).

    Attributes:
        blocks: The body blocks in order.
        notes: The footnote blocks, shown after the body.
        links: Every link and image, in order; ``link`` values of spans index this tuple.
        note_count: Number of footnotes, so that a continuation numbers on from it.
        plain: Lay it out in the plain form (the screen-reader layout) rather than styled.
        source_lines: Where the text parsed ends, in source lines: a continuation starts there.
        anchors: How often each anchor has been given, so a continuation goes on counting.
        highlighted: Code lines already coloured, by block identity (the styled layout's cache).
    """

    blocks: tuple[Block, ...] = ()
    notes: tuple[Block, ...] = ()
    links: tuple[LinkTarget, ...] = ()
    note_count: int = 0
    plain: bool = False
    source_lines: int = 0
    anchors: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    highlighted: dict[int, tuple[tuple[Span, ...], ...] | None] = field(
        default_factory=dict, compare=False, repr=False
    )
