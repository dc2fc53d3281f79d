"""The token walker: markdown-it's tokens to the document model, once, for both layouts.

markdown-it's token stream is flat (open and close tokens), so one loop with
explicit stacks for quotes, list items and lists replaces recursion: no input
can exhaust the Python stack. Each block records what contains it
(:class:`~zo_reader.core.markdown.model.Container`), so that either layout can
draw it at a width from the block alone. Every piece of text is sanitised
here, once; heading and term anchors and the link table are settled here too,
so that both layouts agree on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markdown_it.common.utils import unescapeAll

from zo_reader.core.document import BREAK, Span, unique_anchor

# The bounded parser (check_links imports it from here too).
from zo_reader.core.markdown.html_text import HTML_IMG, html_alt, html_text
from zo_reader.core.markdown.model import (
    Block,
    Container,
    Inline,
    LinkTarget,
    ParsedMarkdown,
    Ref,
    Table,
)
from zo_reader.core.markdown.parser import parser as parser
from zo_reader.core.sanitize import (
    CleanText,
    clean_line,
    clean_text,
    part,
    safe_code,
    safe_inline,
    spaces,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["BlockBuilder", "parse_blocks", "parser"]

# Pygments costs about 3 µs a character and 50 µs a block. Longer code blocks, and
# code past a budget that grows with the article (characters plus 16 a block), are
# shown without colours.
_MAX_HIGHLIGHT = 100_000
_HIGHLIGHT_BUDGET = 50_000
_HIGHLIGHT_PER_CHARACTER = 1 / 20
_HIGHLIGHT_BLOCK = 16
_TASK_CHECKBOX = '<input class="task-list-item-checkbox"'
_EMPHASIS = {
    "em_open": "em",
    "em_close": "em",
    "strong_open": "strong",
    "strong_close": "strong",
    "s_open": "strike",
    "s_close": "strike",
}


@dataclass(slots=True)
class _Open:
    """A container while its blocks are walked."""

    container: Container
    used: bool = False


@dataclass(slots=True)
class _List:
    ordered: bool
    number: int
    digits: int
    depth: int
    items: int = 0
    tight: bool | None = None


@dataclass(slots=True)
class _TableState:
    source: int = 0
    header: list[Inline] = field(default_factory=list)
    rows: list[list[Inline]] = field(default_factory=list)
    row: list[Inline] = field(default_factory=list)
    aligns: list[str] = field(default_factory=list)


class BlockBuilder:
    """Walks the token stream once, turning it into :class:`Block` records.

    Attributes:
        blocks: The body blocks so far.
        notes: The footnote blocks so far.
        links: Link targets so far; indices start at the ``link_base`` given.
    """

    def __init__(
        self,
        link_base: int = 0,
        note_base: int = 0,
        highlight: int = _HIGHLIGHT_BUDGET,
        anchors: dict[str, int] | None = None,
        line_base: int = 0,
    ) -> None:
        """Start an empty build.

        Args:
            link_base: First link index to hand out (a continuation numbers on).
            note_base: Number of footnotes already numbered before this text.
            highlight: Characters of code to colour (plus 16 a block); the rest is plain.
            anchors: Anchors given so far (a continuation goes on counting); updated.
            line_base: The source line of the text's first line.
        """
        self.blocks: list[Block] = []
        self.notes: list[Block] = []
        self.links: list[LinkTarget] = []
        self.note_count = 0
        self.anchors = {} if anchors is None else anchors
        self._link_base = link_base
        self._note_base = note_base
        self._line_base = line_base
        self._out = self.blocks
        self._containers: list[_Open] = []
        self._lists: list[_List] = []
        self._open: list[Token] = []
        self._need_blank = False
        self._table = _TableState()
        self._item_counts: dict[int, int] = {}
        self._skip_checkbox = False
        self._highlight_left = highlight

    def build(self, tokens: Sequence[Token]) -> None:
        """Turn every token into blocks."""
        self._count_items(tokens)
        for position, token in enumerate(tokens):
            if token.nesting == 1:
                self._open_block(token, position, tokens)
                self._open.append(token)
            elif token.nesting == -1:
                if self._open:
                    self._open.pop()
                self._close_block(token)
            else:
                self._leaf(token)

    def _count_items(self, tokens: Sequence[Token]) -> None:
        """Count each ordered list's items, so its numbers can be right-aligned."""
        stack: list[list[int]] = []
        for position, token in enumerate(tokens):
            if token.type in ("ordered_list_open", "bullet_list_open"):
                stack.append([position, 0])
            elif token.type == "list_item_open" and stack:
                stack[-1][1] += 1
            elif token.type in ("ordered_list_close", "bullet_list_close") and stack:
                start, count = stack.pop()
                self._item_counts[start] = count

    def _source(self, token: Token | None) -> int:
        lines = token.map if token is not None else None
        return self._line_base + (lines[0] if lines else 0)

    def _add(self, kind: Any, source: int, **fields: Any) -> None:
        """Add one block inside the open containers, after a blank line if one is due."""
        fresh = sum(1 for opened in self._containers if not opened.used)
        containers = tuple(opened.container for opened in self._containers)
        for opened in self._containers:
            opened.used = True
        gap = self._need_blank and bool(self._out)
        style = "quote" if self._in_quote() else ""
        self._out.append(Block(kind, containers, fresh, gap, source, style=style, **fields))
        self._need_blank = True

    def _in_quote(self) -> bool:
        return any(opened.container.kind == "quote" for opened in self._containers)

    def _base(self) -> list[str]:
        return ["quote"] if self._in_quote() else []

    def _open_block(self, token: Token, position: int, tokens: Sequence[Token]) -> None:
        match token.type:
            case "blockquote_open":
                self._containers.append(_Open(Container("quote")))
            case "bullet_list_open" | "ordered_list_open":
                ordered = token.type == "ordered_list_open"
                given = token.attrGet("start")  # may be 0, which is falsy
                start = int(given) if ordered and given is not None else 1
                count = self._item_counts.get(position, 1)
                depth = sum(1 for state in self._lists if not state.ordered)
                digits = max(len(str(start + max(count, 1) - 1)), len(str(start)))
                self._lists.append(_List(ordered, start, digits, depth))
            case "list_item_open" if self._lists:
                self._open_item(token, position, tokens)
            case "paragraph_open":
                parent = self._open[-1].type if self._open else ""
                if parent == "list_item_open" and self._lists and self._lists[-1].tight is None:
                    self._lists[-1].tight = token.hidden
            case "dd_open":
                self._containers.append(_Open(Container("definition")))
            case "table_open":
                self._table = _TableState(self._source(token))
            case "tr_open":
                self._table.row = []
                if self._open and self._open[-1].type == "thead_open":
                    self._table.header = self._table.row
                else:
                    self._table.rows.append(self._table.row)
            case "th_open":
                style = str(token.attrGet("style") or "")
                self._table.aligns.append(style.partition(":")[2].strip() or "left")
            case "footnote_block_open":
                self._out = self.notes
                self._need_blank = False
            case "footnote_open":
                number = int(token.meta.get("id", 0)) + 1 + self._note_base
                self.note_count = max(self.note_count, number - self._note_base)
                self._containers.append(_Open(Container("note", number=number)))
                self._need_blank = False

    def _open_item(self, token: Token, position: int, tokens: Sequence[Token]) -> None:
        state = self._lists[-1]
        task = None
        if token.attrGet("class") == "task-list-item":
            task = _task_done(tokens, position)
            self._skip_checkbox = True
        item = Container("item", state.ordered, state.number, state.digits, state.depth, task)
        state.number += 1
        if state.items and state.tight is not False:
            self._need_blank = False
        state.items += 1
        self._containers.append(_Open(item))

    def _close_block(self, token: Token) -> None:
        match token.type:
            case "blockquote_close" if self._containers:
                self._containers.pop()
                self._need_blank = True
            case "dd_close" if self._containers:
                self._containers.pop()
            case "dt_close":
                self._need_blank = False  # its definition follows without a blank line
            case "dl_close":
                self._need_blank = True
            case "list_item_close" | "footnote_close" if self._containers:
                if not self._containers[-1].used:
                    self._add("text", self._source(token))  # an empty item still shows its marker
                self._containers.pop()
            case "bullet_list_close" | "ordered_list_close" if self._lists:
                self._lists.pop()
                self._need_blank = True
            case "paragraph_close" if token.hidden:
                self._need_blank = False  # items of a tight list follow each other
            case "table_close":
                self._add_table()
            case "footnote_block_close":
                self._out = self.blocks
                self._need_blank = True

    def _leaf(self, token: Token) -> None:
        match token.type:
            case "inline":
                self._inline_block(token)
            case "fence" | "code_block":
                self._add_code(token)
            case "hr":
                self._add("rule", self._source(token))
            case "html_block":
                if html_text(token.content):  # not only a comment or a script
                    self._add("html", self._source(token), text=safe_code(token.content))
            case _ if token.content and token.type != "footnote_anchor":
                text = Span(safe_inline(token.content), " ".join(self._base()))
                self._add("text", self._source(token), spans=(text,))

    def _inline_block(self, token: Token) -> None:
        parent = self._open[-1] if self._open else None
        kind = parent.type if parent is not None else ""
        base = self._base()
        if kind in ("th_open", "td_open"):
            if kind == "th_open":
                base.append("table-header")
            self._table.row.append(self._inline(token, base))
            return
        source = self._source(token)
        if kind == "heading_open" and parent is not None:
            level = int(parent.tag[1:]) if parent.tag[1:].isdigit() else 1
            spans = self._inline(token, [*base, f"heading{level}"])
            title = _title(spans)
            anchor = str(parent.attrGet("id") or "") or unique_anchor(self.anchors, title)
            self._add(
                "heading",
                source,
                spans=spans,
                level=level,
                title=title,
                anchor=anchor,
                refs=_has_refs(spans),
            )
        elif kind == "dt_open":
            spans = self._inline(token, [*base, "strong"])
            title = _title(spans)
            anchor = unique_anchor(self.anchors, title)  # headings and terms share one set
            refs = _has_refs(spans)
            self._add("term", source, spans=spans, title=title, anchor=anchor, refs=refs)
        else:
            spans = self._inline(token, base)
            self._add("text", source, spans=spans, refs=_has_refs(spans))

    def _inline(self, token: Token, base: list[str]) -> Inline:
        """The inline content of one inline token; :data:`BREAK` marks a hard break."""
        out: list[Span | Ref] = []
        styles = list(base)
        links: list[tuple[int, int]] = []  # (link index, position of its first item)
        strip_next = False
        skip_checkbox, self._skip_checkbox = self._skip_checkbox, False
        style = " ".join(base)

        def add(text: CleanText, extra: str = "") -> None:
            names = [*styles, extra] if extra else styles
            link = links[-1][0] if links else None
            out.append(Span(text, " ".join(dict.fromkeys(names)), link))

        for index, child in enumerate(token.children or ()):
            strip, strip_next = strip_next, False
            match child.type:
                case "text":
                    text = safe_inline(child.content)
                    if strip:
                        text = part(text, len(text) - len(text.lstrip(" ")))
                    if text:
                        add(text)
                case "code_inline":
                    add(safe_inline(child.content), "code")
                case "softbreak":
                    add(spaces(1))
                case "hardbreak":
                    out.append(BREAK)
                case "em_open" | "strong_open" | "s_open":
                    styles.append(_EMPHASIS[child.type])
                case "em_close" | "strong_close" | "s_close":
                    _remove_last(styles, _EMPHASIS[child.type])
                case "link_open":
                    url = clean_line(str(child.attrGet("href") or ""))
                    links.append((self._new_link(url), len(out)))
                    styles.append("link")
                case "link_close" if links:
                    number, start = links.pop()
                    target = self.links[number - self._link_base]
                    label = _link_label(out[start:], number) or target.url
                    self.links[number - self._link_base] = LinkTarget(target.url, label)
                    # ``number`` counts what the link holds, for a link without words.
                    shown = " ".join(dict.fromkeys(styles))
                    out.append(Ref("link-end", style=shown, link=number, number=len(out) - start))
                    _remove_last(styles, "link")
                case "image":
                    alt = clean_line(
                        "".join(
                            " " if c.type in ("softbreak", "hardbreak") else c.content
                            for c in child.children or ()
                        )
                    )
                    url = clean_line(str(child.attrGet("src") or ""))
                    number = self._new_link(url, alt or "Image")
                    out.append(Ref("image", safe_inline(alt), style, number))
                case "footnote_ref":
                    number = int(child.meta.get("id", 0)) + 1 + self._note_base
                    link = links[-1][0] if links else None
                    shown = " ".join(dict.fromkeys(styles))
                    out.append(Ref("note", style=shown, link=link, number=number))
                case "html_inline":
                    if skip_checkbox and index == 0 and child.content.startswith(_TASK_CHECKBOX):
                        strip_next = True
                    elif child.content[:3].lower() == "<br":
                        out.append(BREAK)
                    elif HTML_IMG.match(child.content):
                        out.append(Ref("html-image", safe_inline(html_alt(child.content)), style))
                    else:
                        # A dropped tag between two spaces would leave a double space.
                        last = out[-1] if out else None
                        strip_next = (
                            strip or last is None or last is BREAK or last.text.endswith(" ")
                        )
                case _ if child.content:
                    add(safe_inline(child.content))
        return tuple(out)

    def _new_link(self, url: str, text: str = "") -> int:
        self.links.append(LinkTarget(url, text))
        return self._link_base + len(self.links) - 1

    def _add_code(self, token: Token) -> None:
        label = ""
        if token.type == "fence":
            words = clean_line(unescapeAll(token.info)).split(maxsplit=1)
            label = words[0] if words else ""
        body = safe_code(token.content)
        cost = len(body) + _HIGHLIGHT_BLOCK
        highlight = bool(label) and len(body) <= _MAX_HIGHLIGHT and cost <= self._highlight_left
        if highlight:
            self._highlight_left -= cost
        self._add("code", self._source(token), text=body, label=label, highlight=highlight)

    def _add_table(self) -> None:
        table = self._table
        columns = len(table.header)
        if not columns:
            return
        rows = tuple(tuple(row[:columns]) + ((),) * (columns - len(row)) for row in table.rows)
        aligns = tuple(table.aligns[:columns]) + ("left",) * (columns - len(table.aligns))
        cells = [*table.header, *(cell for row in rows for cell in row)]
        refs = any(_has_refs(cell) for cell in cells)
        self._add("table", table.source, table=Table(tuple(table.header), rows, aligns), refs=refs)
        self._table = _TableState()


def _title(spans: Inline) -> str:
    """A heading's or term's text on one line: its text runs, without images or note numbers."""
    return clean_line("".join(s.text for s in spans if isinstance(s, Span) and s is not BREAK))


def _link_label(items: Sequence[Span | Ref], number: int) -> str:
    """A link's text: its own words, else the alt text of images inside it."""
    own = "".join(s.text for s in items if isinstance(s, Span) and s.link == number)
    if own.strip():
        return clean_line(own)
    return clean_line(" ".join(s.text for s in items if isinstance(s, Ref) and s.kind == "image"))


def _has_refs(spans: Inline) -> bool:
    return any(isinstance(span, Ref) for span in spans)


def _remove_last(styles: list[str], name: str) -> None:
    for position in range(len(styles) - 1, -1, -1):
        if styles[position] == name:
            del styles[position]
            return


def _task_done(tokens: Sequence[Token], position: int) -> bool:
    """Whether the task item opened at ``position`` is checked (its checkbox follows it)."""
    for token in tokens[position + 1 : position + 3]:
        if token.type == "inline":
            children = token.children or []
            return bool(children) and 'checked="checked"' in children[0].content
    return False


def parse_blocks(
    markdown: str,
    *,
    link_base: int = 0,
    note_base: int = 0,
    anchors: dict[str, int] | None = None,
    line_base: int = 0,
    references: dict[str, Any] | None = None,
) -> ParsedMarkdown:
    """Parse Markdown into the document model.

    Args:
        markdown: Untrusted Markdown; it is sanitised before parsing.
        link_base: First link index to use (for a continuation of an earlier text).
        note_base: Footnotes already numbered in an earlier text.
        anchors: Anchors given in an earlier text, so that ``-1``, ``-2`` run on; updated.
        line_base: The source line of the text's first line (a piece of a longer text).
        references: Link reference definitions of earlier text; this text's are added.

    Returns:
        The parsed blocks, footnotes and link targets.
    """
    highlight = _HIGHLIGHT_BUDGET + int(len(markdown) * _HIGHLIGHT_PER_CHARACTER)
    builder = BlockBuilder(link_base, note_base, highlight, anchors, line_base)
    env: dict[str, Any] = {} if references is None else {"references": references}
    builder.build(parser().parse(clean_text(markdown), env))
    return ParsedMarkdown(
        tuple(builder.blocks),
        tuple(builder.notes),
        tuple(builder.links),
        builder.note_count,
        source_lines=line_base + markdown.count("\n"),
        anchors=builder.anchors,
    )
