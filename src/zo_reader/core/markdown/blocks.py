"""The parse phase of :mod:`zo_reader.core.document`: Markdown to width-independent blocks.

markdown-it's token stream is flat (open and close tokens), so one loop with
explicit stacks for quotes, list items and lists replaces recursion: no input
can exhaust the Python stack. Each block records the prefixes its containers
draw (list markers, quote bars) so that laying it out at a width needs nothing
but the block itself. Every piece of text is sanitised here, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from markdown_it.common.utils import unescapeAll

from zo_reader.core.document import (
    BREAK,
    Block,
    LinkTarget,
    ParsedMarkdown,
    Span,
    Table,
)

# The bounded parser, shared with the plain renderer (check_links imports it from here too).
from zo_reader.core.markdown.parser import parser as parser
from zo_reader.core.markdown.styled_layout import rstrip_spans

# The plain-text renderer's HTML stripper: one definition of "the text of raw HTML".
from zo_reader.core.render_blocks import _HTML_IMG, _html_text, html_image_label
from zo_reader.core.sanitize import (
    CleanText,
    clean_line,
    clean_lines,
    clean_text,
    ours,
    part,
    safe_code,
    safe_inline,
    spaces,
)

if TYPE_CHECKING:
    from markdown_it.token import Token
    from pygments.lexer import Lexer

# Pygments is fast, but not free: about 3 µs a character and 50 µs a block. Longer
# code blocks, and code past a budget that grows with the article (characters plus
# 16 a block), are shown without colours.
_MAX_HIGHLIGHT = 100_000
_HIGHLIGHT_BUDGET = 50_000
_HIGHLIGHT_PER_CHARACTER = 1 / 20
_HIGHLIGHT_BLOCK = 16
_TASK_CHECKBOX = '<input class="task-list-item-checkbox"'
_BULLETS = ("•", "◦", "▪")
_DEFINITION_INDENT = 4
_DATA_URL_SHOWN = 80
_EMPHASIS = {
    "em_open": "em",
    "em_close": "em",
    "strong_open": "strong",
    "strong_close": "strong",
    "s_open": "strike",
    "s_close": "strike",
}


def display_url(url: str) -> str:
    """The URL as shown; an embedded ``data:`` URL shows only its media type and size."""
    if url.startswith("data:") and len(url) > _DATA_URL_SHOWN:
        head = url.partition(",")[0][:_DATA_URL_SHOWN]
        return f"{head} (embedded data, {len(url)} characters)"
    from zo_reader.core.links import shown_link  # wikilinks and refs as their author wrote them

    return shown_link(url)


@dataclass(slots=True)
class _Container:
    """A block quote, list item or footnote that prefixes the lines inside it."""

    first: tuple[Span, ...]
    rest: tuple[Span, ...]
    quote: bool = False
    used: bool = False


@dataclass(slots=True)
class _List:
    ordered: bool
    number: int
    digits: int
    bullet: str
    items: int = 0
    tight: bool | None = None


@dataclass(slots=True)
class _TableState:
    header: list[tuple[Span, ...]] = field(default_factory=list)
    rows: list[list[tuple[Span, ...]]] = field(default_factory=list)
    row: list[tuple[Span, ...]] = field(default_factory=list)
    aligns: list[str] = field(default_factory=list)


class BlockBuilder:
    """Walks the token stream once, turning it into :class:`Block` records.

    Attributes:
        blocks: The body blocks so far.
        notes: The footnote blocks so far.
        links: Link targets so far; indices start at the ``link_base`` given.
    """

    def __init__(
        self, link_base: int = 0, note_base: int = 0, highlight: int = _HIGHLIGHT_BUDGET
    ) -> None:
        """Start an empty build.

        Args:
            link_base: First link index to hand out (a continuation numbers on).
            note_base: Number of footnotes already numbered before this text.
            highlight: Characters of code to colour (plus 16 a block); the rest is plain.
        """
        self.blocks: list[Block] = []
        self.notes: list[Block] = []
        self.links: list[LinkTarget] = []
        self.note_count = 0
        self._link_base = link_base
        self._note_base = note_base
        self._out = self.blocks
        self._containers: list[_Container] = []
        self._lists: list[_List] = []
        self._open: list[str] = []
        self._need_blank = False
        self._heading_level = 1
        self._heading_id = ""
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
                self._open.append(token.type)
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

    def _add(
        self,
        kind: str,
        *,
        spans: tuple[Span, ...] = (),
        level: int = 0,
        code: tuple[tuple[Span, ...], ...] = (),
        label: str = "",
        table: Table | None = None,
        anchor: str = "",
    ) -> None:
        """Add one block under the current prefixes, after a blank line if one is due."""
        gap = None
        if self._need_blank and self._out:
            gap = rstrip_spans([span for c in self._containers if c.used for span in c.rest])
        first = tuple(span for c in self._containers for span in (c.rest if c.used else c.first))
        rest = tuple(span for c in self._containers for span in c.rest)
        for container in self._containers:
            container.used = True
        self._out.append(Block(kind, first, rest, gap, spans, level, code, label, table, anchor))
        self._need_blank = True

    def _base(self) -> list[str]:
        return ["quote"] if any(c.quote for c in self._containers) else []

    def _open_block(self, token: Token, position: int, tokens: Sequence[Token]) -> None:
        match token.type:
            case "blockquote_open":
                bar = (Span(ours("▌ "), "marker"),)
                self._containers.append(_Container(bar, bar, quote=True))
            case "bullet_list_open" | "ordered_list_open":
                ordered = token.type == "ordered_list_open"
                given = token.attrGet("start")  # may be 0, which is falsy
                start = int(given) if ordered and given is not None else 1
                count = self._item_counts.get(position, 1)
                depth = sum(1 for state in self._lists if not state.ordered)
                bullet = _BULLETS[min(depth, len(_BULLETS) - 1)]
                digits = len(str(start + max(count, 1) - 1))
                self._lists.append(_List(ordered, start, max(digits, len(str(start))), bullet))
            case "list_item_open" if self._lists:
                self._open_item(token, position, tokens)
            case "paragraph_open":
                parent = self._open[-1] if self._open else ""
                if parent == "list_item_open" and self._lists and self._lists[-1].tight is None:
                    self._lists[-1].tight = token.hidden
            case "heading_open":
                self._heading_level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
                self._heading_id = str(token.attrGet("id") or "")
            case "dd_open":
                # The definition right under its term, indented as man pages indent it.
                indent = (Span(spaces(_DEFINITION_INDENT)),)
                self._containers.append(_Container(indent, indent))
            case "table_open":
                self._table = _TableState()
            case "tr_open":
                self._table.row = []
                if self._open and self._open[-1] == "thead_open":
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
                marker = f"[{number}]"
                self._containers.append(
                    _Container(
                        (Span(ours(marker), "footnote"), Span(spaces(1))),
                        (Span(spaces(len(marker) + 1)),),
                    )
                )
                self._need_blank = False

    def _open_item(self, token: Token, position: int, tokens: Sequence[Token]) -> None:
        state = self._lists[-1]
        if state.ordered:
            marker = [Span(ours(f"{state.number:>{state.digits}}. "), "marker")]
        else:
            marker = [Span(ours(f"{state.bullet} "), "marker")]
        state.number += 1
        if token.attrGet("class") == "task-list-item":
            done = _task_done(tokens, position)
            box = Span(ours("☑"), "task-done") if done else Span(ours("☐"), "task-open")
            marker = [*marker, box, Span(spaces(1))] if state.ordered else [box, Span(spaces(1))]
            self._skip_checkbox = True
        if state.items and state.tight is not False:
            self._need_blank = False
        state.items += 1
        width = sum(len(span.text) for span in marker)
        self._containers.append(_Container(tuple(marker), (Span(spaces(width)),)))

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
                    self._add("text")  # an empty item still shows its marker
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
                self._add("rule")
            case "html_block":
                spans: list[Span] = []
                style = " ".join(self._base())
                for segment in _html_text(token.content, bracketed=True):
                    if spans:
                        spans.append(BREAK)
                    spans.append(Span(safe_inline(segment), style))
                if spans:
                    self._add("text", spans=tuple(spans))
            case _ if token.content and token.type != "footnote_anchor":
                self._add("text", spans=(Span(safe_inline(token.content), " ".join(self._base())),))

    def _inline_block(self, token: Token) -> None:
        parent = self._open[-1] if self._open else ""
        base = self._base()
        if parent in ("th_open", "td_open"):
            if parent == "th_open":
                base.append("table-header")
            self._table.row.append(self._inline(token, base))
        elif parent == "heading_open":
            level = self._heading_level
            spans = tuple(span for span in self._inline(token, [*base, f"heading{level}"]))
            self._add("heading", spans=spans, level=level, anchor=self._heading_id)
        elif parent == "dt_open":
            self._add("term", spans=self._inline(token, [*base, "strong"]))
        else:
            self._add("text", spans=self._inline(token, base))

    def _inline(self, token: Token, base: list[str]) -> tuple[Span, ...]:
        """The spans of one inline token; :data:`BREAK` marks a hard break."""
        out: list[Span] = []
        styles = list(base)
        links: list[tuple[int, int]] = []  # (link index, position of its first span)
        strip_next = False
        skip_checkbox, self._skip_checkbox = self._skip_checkbox, False

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
                    number, start = links[-1]
                    label = clean_line(
                        "".join(span.text for span in out[start:] if span is not BREAK)
                    )
                    target = self.links[number - self._link_base]
                    if not any(span.link == number for span in out[start:]):
                        # No text of its own (empty, or only an image): show the target.
                        shown = display_url(target.url) or "link"
                        add(safe_inline(f" {shown}" if len(out) > start else shown))
                        label = label or target.url
                    self.links[number - self._link_base] = LinkTarget(target.url, label)
                    links.pop()
                    _remove_last(styles, "link")
                case "image":
                    self._image(child, out, base)
                case "footnote_ref":
                    number = int(child.meta.get("id", 0)) + 1 + self._note_base
                    add(ours(f"[{number}]"), "footnote")
                case "html_inline":
                    if skip_checkbox and index == 0 and child.content.startswith(_TASK_CHECKBOX):
                        strip_next = True
                    elif child.content[:3].lower() == "<br":
                        out.append(BREAK)
                    elif _HTML_IMG.match(child.content):
                        label = html_image_label(child.content, bracketed=True)
                        out.append(
                            Span(safe_inline(label), " ".join(dict.fromkeys([*base, "image"])))
                        )
                    else:
                        # A dropped tag between two spaces would leave a double space.
                        strip_next = strip or not out or out[-1].text.endswith(" ")
                case _ if child.content:
                    add(safe_inline(child.content))
        return tuple(out)

    def _new_link(self, url: str, text: str = "") -> int:
        self.links.append(LinkTarget(url, text))
        return self._link_base + len(self.links) - 1

    def _image(self, child: Token, out: list[Span], base: list[str]) -> None:
        alt = clean_line(
            "".join(
                " " if c.type in ("softbreak", "hardbreak") else c.content
                for c in child.children or ()
            )
        )
        url = clean_line(str(child.attrGet("src") or ""))
        number = self._new_link(url, alt or "Image")
        style = " ".join(dict.fromkeys([*base, "image"]))
        label = f"[Image: {alt}]" if alt else "[Image]"
        out.extend([Span(safe_inline(label), style, number), Span(spaces(1), style, number)])
        out.append(Span(safe_inline(display_url(url) or "(no address)"), style, number))

    def _add_code(self, token: Token) -> None:
        label = ""
        if token.type == "fence":
            words = clean_line(unescapeAll(token.info)).split(maxsplit=1)
            label = words[0] if words else ""
        body = safe_code(token.content.rstrip("\n").expandtabs(4))
        lines = None
        cost = len(body) + _HIGHLIGHT_BLOCK
        if label and len(body) <= _MAX_HIGHLIGHT and cost <= self._highlight_left:
            self._highlight_left -= cost
            lines = _highlight(body, label)
        if lines is None:
            lines = tuple((Span(line, "code-block"),) for line in clean_lines(body))
        self._add("code", code=lines, label=label)

    def _add_table(self) -> None:
        table = self._table
        columns = len(table.header)
        if not columns:
            return
        rows = tuple(tuple(row[:columns]) + ((),) * (columns - len(row)) for row in table.rows)
        aligns = tuple(table.aligns[:columns]) + ("left",) * (columns - len(table.aligns))
        self._add("table", table=Table(tuple(table.header), rows, aligns))
        self._table = _TableState()


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


_TOKEN_STYLES: dict[str, str] = {
    "Keyword": "code.keyword",
    "Literal.String": "code.string",
    "Comment": "code.comment",
    "Literal.Number": "code.number",
    "Operator": "code.operator",
    "Name.Builtin": "code.name",
    "Name.Class": "code.name",
    "Name.Decorator": "code.name",
    "Name.Function": "code.name",
    "Name.Namespace": "code.name",
    "Name.Tag": "code.name",
    "Name.Attribute": "code.name",
    "Name.Exception": "code.name",
}


@cache
def _token_style(token_type: tuple[str, ...]) -> str:
    """``code-block`` plus the style of the nearest listed ancestor of a Pygments token type."""
    for length in range(len(token_type), 0, -1):
        name = _TOKEN_STYLES.get(".".join(token_type[:length]))
        if name:
            return f"code-block {name}"
    return "code-block"


@lru_cache(maxsize=64)
def _lexer_class(language: str) -> type[Lexer] | None:
    """The Pygments lexer class for a language name, or ``None``: the lookup scans a registry.

    The class is cached rather than an instance, which workers might share.
    """
    # Imported here: only articles with fenced code in a named language pay for Pygments.
    from pygments.lexers import find_lexer_class_by_name
    from pygments.util import ClassNotFound

    try:
        found: type[Lexer] = find_lexer_class_by_name(language)
    except (ClassNotFound, ValueError):
        return None
    return found


def _highlight(code: str, language: str) -> tuple[tuple[Span, ...], ...] | None:
    """Code lines styled by the Pygments lexer named ``language``, or ``None`` if unknown."""
    lexer_class = _lexer_class(language.lower())
    if lexer_class is None:
        return None
    lexer = lexer_class(stripnl=False, ensurenl=False)
    lines: list[list[Span]] = [[]]
    for token_type, value in lexer.get_tokens(code):
        style = _token_style(tuple(token_type))
        # Lexers may emit control characters of their own (for example \f); clean again.
        for number, piece in enumerate(clean_lines(safe_code(value))):
            if number:
                lines.append([])
            if piece:
                lines[-1].append(Span(piece, style))
    return tuple(tuple(line) for line in lines)


def parse_blocks(markdown: str, *, link_base: int = 0, note_base: int = 0) -> ParsedMarkdown:
    """Parse Markdown into blocks.

    Args:
        markdown: Untrusted Markdown; it is sanitised before parsing.
        link_base: First link index to use (for a continuation of an earlier text).
        note_base: Footnotes already numbered in an earlier text.

    Returns:
        The parsed blocks, footnotes and link targets.
    """
    highlight = _HIGHLIGHT_BUDGET + int(len(markdown) * _HIGHLIGHT_PER_CHARACTER)
    builder = BlockBuilder(link_base, note_base, highlight)
    builder.build(parser().parse(clean_text(markdown)))
    return ParsedMarkdown(
        tuple(builder.blocks), tuple(builder.notes), tuple(builder.links), builder.note_count
    )
