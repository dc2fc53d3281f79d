"""The token walker behind :mod:`zo_reader.core.render`.

:class:`BlockRenderer` turns markdown-it's token stream into plain lines. The
stream is flat (open and close tokens), so one loop with explicit stacks for
quotes, list items and lists replaces recursion: no input can exhaust the
Python stack. The output conventions are described in :mod:`zo_reader.core.render`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markdown_it.common.utils import unescapeAll

from zo_reader.core.markdown.wrap import GLUE as _GLUE
from zo_reader.core.markdown.wrap import cell_width, wrap_text
from zo_reader.core.sanitize import clean_line

if TYPE_CHECKING:
    from markdown_it.token import Token

_CODE_INDENT = "    "
# Line separators that str.splitlines() and some terminals treat as line breaks.
_FLAT = str.maketrans(dict.fromkeys("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))
_CODE_FLAT = str.maketrans(dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))
_TASK_CHECKBOX = '<input class="task-list-item-checkbox"'
_HTML_BR = re.compile(r"<br\b", re.IGNORECASE)
_HTML_DROP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
# Tag bodies stop at the next "<" as well as ">": otherwise each unclosed "<a" in a long
# run would scan to the end of the text, which is quadratic.
_HTML_BREAK = re.compile(
    r"<(?:br|hr|/?p|/?div|/li|/tr|/h[1-6]|/?blockquote|/?pre|/?table)\b[^<>]*>", re.IGNORECASE
)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<[!?][^<>]*>")
_HTML_IMG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
_HTML_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


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


@dataclass(slots=True)
class _Container:
    """A block quote, list item or footnote that prefixes the lines inside it."""

    first: str  # prefix of the first line (the list marker)
    rest: str  # prefix of every later line
    used: bool = False
    task: bool = False


@dataclass(slots=True)
class _List:
    ordered: bool
    number: int
    items: int = 0
    tight: bool | None = None  # known from the first paragraph directly in an item


@dataclass(slots=True)
class _Table:
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    row: list[str] = field(default_factory=list)


# The plain layout's wrapper: cell-aware, shared with the styled layout's measure.
wrap = wrap_text


def plural(number: int, noun: str) -> str:
    """``1 row``, ``2 rows``: the count and the noun, plural unless the count is one."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def html_image_label(tag: str, *, bracketed: bool = False) -> str:
    """An HTML ``<img>`` in words, as a Markdown image is: ``Image: alt`` (``[Image: alt]``)."""
    match = _HTML_ALT.search(tag)
    alt = clean_line(html.unescape(next((g for g in match.groups() if g), ""))) if match else ""
    label = f"Image: {alt}" if alt else "Image"
    return f"[{label}]" if bracketed else label


def _html_text(source: str, *, bracketed: bool = False) -> list[str]:
    """The text of raw HTML as lines, one per block-level element; images described in words."""
    text = _WHITESPACE.sub(" ", _HTML_DROP.sub("", source))
    if "<img" in text.lower():
        text = _HTML_IMG.sub(lambda m: f" {html_image_label(m[0], bracketed=bracketed)} ", text)
        text = _WHITESPACE.sub(" ", text)
    text = _HTML_TAG.sub("", _HTML_BREAK.sub("\n", text))
    segments = (clean_line(html.unescape(part)) for part in text.split("\n"))
    return [segment for segment in segments if segment]


class BlockRenderer:
    """Walks markdown-it's flat token stream once, keeping container state on stacks.

    Attributes:
        width: Wrapping width in columns.
        lines: The rendered lines so far (sanitised pieces, not yet joined).
        links: Link targets by URL, in order of their numbers.
        note_base: Added to every footnote number: a piece of a long article
            numbers its notes on from the pieces before it (:mod:`zo_reader.core.render_pieces`).
    """

    def __init__(self, width: int) -> None:
        """Start an empty rendering.

        Args:
            width: Wrapping width in columns, already clamped by the caller.
        """
        self.width = width
        self.lines: list[str] = []
        self.links: dict[str, Link] = {}
        self._containers: list[_Container] = []
        self._lists: list[_List] = []
        self._open: list[str] = []
        self._need_blank = False
        self._heading_level = 1
        self._table = _Table()
        self.note_base = 0

    def render(self, tokens: Sequence[Token]) -> None:
        """Render every token into :attr:`lines`."""
        for token in tokens:
            if token.nesting == 1:
                self._open_block(token)
                self._open.append(token.type)
            elif token.nesting == -1:
                if self._open:
                    self._open.pop()
                self._close_block(token)
            else:
                self._leaf(token)

    @property
    def _text_width(self) -> int:
        return self.width - sum(cell_width(container.rest) for container in self._containers)

    def _emit(self, lines: Sequence[str]) -> None:
        """Add one block's lines under the current prefixes, after a blank line if due."""
        if not lines:
            return
        if self._need_blank and self.lines:
            used = (container.rest for container in self._containers if container.used)
            self.lines.append("".join(used).rstrip())
        for line in lines:
            prefix = "".join(c.rest if c.used else c.first for c in self._containers)
            for container in self._containers:
                container.used = True
            self.lines.append((prefix + line).rstrip())
        self._need_blank = True

    def _open_block(self, token: Token) -> None:
        match token.type:
            case "blockquote_open":
                self._containers.append(_Container("> ", "> "))
            case "bullet_list_open" | "ordered_list_open":
                start = token.attrGet("start")
                self._lists.append(
                    _List(token.type == "ordered_list_open", int(start) if start is not None else 1)
                )
            case "list_item_open" if self._lists:
                state = self._lists[-1]
                marker = f"{state.number}. " if state.ordered else "- "
                state.number += 1
                if state.items and state.tight is not False:
                    self._need_blank = False
                state.items += 1
                task = token.attrGet("class") == "task-list-item"
                self._containers.append(_Container(marker, " " * len(marker), task=task))
            case "paragraph_open":
                parent = self._open[-1] if self._open else ""
                if parent == "list_item_open" and self._lists and self._lists[-1].tight is None:
                    self._lists[-1].tight = token.hidden
            case "heading_open":
                self._heading_level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
            case "table_open":
                self._table = _Table()
            case "tr_open":
                self._table.row = []
                if self._open and self._open[-1] == "thead_open":
                    self._table.header = self._table.row
                else:
                    self._table.rows.append(self._table.row)
            case "dd_open":  # the definition right under its term, indented
                self._containers.append(_Container("    ", "    "))
            case "footnote_block_open":
                self._emit(["Notes:"])
                self._need_blank = False
            case "footnote_open":
                marker = f"{int(token.meta.get('id', 0)) + 1 + self.note_base}. "
                self._containers.append(_Container(marker, " " * len(marker)))
                self._need_blank = False

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
                    self._emit([""])  # an empty item still shows its marker
                self._containers.pop()
            case "bullet_list_close" | "ordered_list_close" if self._lists:
                self._lists.pop()
                self._need_blank = True
            case "paragraph_close" if token.hidden:
                self._need_blank = False  # items of a tight list follow each other
            case "table_close":
                self._emit_table()
            case "footnote_block_close":
                self._need_blank = True

    def _leaf(self, token: Token) -> None:
        match token.type:
            case "inline":
                self._inline_block(token)
            case "fence" | "code_block":
                self._emit_code(token)
            case "hr":
                self._emit(["Separator"])
            case "html_block":
                lines: list[str] = []
                for segment in _html_text(token.content):
                    lines.extend(wrap(segment, self._text_width))
                self._emit(lines)
            case _ if token.content:
                self._emit(wrap(token.content.translate(_FLAT), self._text_width))

    def _inline_block(self, token: Token) -> None:
        parent = self._open[-1] if self._open else ""
        if parent in ("th_open", "td_open"):
            self._table.row.append(self._inline(token).replace("\n", " ").strip())
        elif parent == "heading_open":
            text = self._inline(token).replace("\n", " ")
            self._emit(wrap(f"Heading {self._heading_level}: {text}", self._text_width))
        else:
            self._emit(wrap(self._inline(token), self._text_width))

    def _inline(self, token: Token) -> str:
        """The plain text of one inline token; ``\\n`` marks a hard break."""
        container = self._containers[-1] if self._containers else None
        task = container is not None and container.task and not container.used
        parts: list[str] = []
        links: list[tuple[str, int]] = []
        strip_next = False
        for index, child in enumerate(token.children or ()):
            strip, strip_next = strip_next, False
            match child.type:
                case "text" | "code_inline":
                    text = child.content.translate(_FLAT)
                    parts.append(text.lstrip(" ") if strip else text)
                case "softbreak":
                    parts.append(" ")
                case "hardbreak":
                    parts.append("\n")
                case "s_open":
                    parts.append("[deleted: ")
                case "s_close":
                    parts.append("]")
                case "link_open":
                    links.append((str(child.attrGet("href") or ""), len(parts)))
                case "link_close" if links:
                    url, start = links.pop()
                    text = "".join(parts[start:]).strip()
                    number = self._link(url, text)
                    parts.append(f"{_GLUE}[{number}]" if text else f"link{_GLUE}[{number}]")
                case "image":
                    alt = "".join(
                        " " if c.type in ("softbreak", "hardbreak") else c.content
                        for c in child.children or ()
                    ).translate(_FLAT)
                    alt = clean_line(alt)
                    number = self._link(str(child.attrGet("src") or ""), alt or "Image")
                    parts.append(
                        f"Image: {alt}{_GLUE}[{number}]" if alt else f"Image{_GLUE}[{number}]"
                    )
                case "footnote_ref":
                    space = "" if not parts or parts[-1].endswith((" ", "\n")) else _GLUE
                    parts.append(
                        f"{space}(note {int(child.meta.get('id', 0)) + 1 + self.note_base})"
                    )
                case "html_inline":
                    if task and index == 0 and child.content.startswith(_TASK_CHECKBOX):
                        done = 'checked="checked"' in child.content
                        parts.append("[done] " if done else "[not done] ")
                        strip_next = True
                    elif _HTML_BR.match(child.content):
                        parts.append("\n")
                    elif _HTML_IMG.match(child.content):
                        parts.append(html_image_label(child.content))
                    else:
                        # A dropped tag between two spaces would leave a double space.
                        strip_next = strip or not parts or parts[-1].endswith((" ", "\n"))
                case _ if child.content:
                    parts.append(child.content.translate(_FLAT))
        return "".join(parts)

    def _link(self, url: str, text: str) -> int:
        """The number for ``url``, giving it the next one on first use."""
        url = clean_line(url)
        link = self.links.get(url)
        if link is None:
            link = Link(len(self.links) + 1, url, clean_line(text.replace(_GLUE, " ")) or url)
            self.links[url] = link
        return link.number

    def _emit_code(self, token: Token) -> None:
        label = "Code:"
        if token.type == "fence":
            words = clean_line(unescapeAll(token.info)).split(maxsplit=1)
            if words:
                label = f"Code ({words[0]}):"
        body = token.content.translate(_CODE_FLAT).strip("\n")
        code = [(_CODE_INDENT + line.expandtabs(4)).rstrip() for line in body.split("\n")]
        self._emit([label, *code] if body else [label])

    def _emit_table(self) -> None:
        table, width = self._table, self._text_width
        names = [name or f"Column {number}" for number, name in enumerate(table.header, 1)]
        summary = f"Table: {plural(len(names), 'column')}, {plural(len(table.rows), 'row')}"
        self._emit([summary])
        if not table.rows:
            self._emit(wrap("Columns: " + ", ".join(names), width, rest="  "))
        for number, row in enumerate(table.rows, 1):
            cells = row + [""] * (len(names) - len(row))
            lines = [f"Row {number}:"]
            for name, value in zip(names, cells, strict=False):
                lines.extend(wrap(f"{name}: {value or '(empty)'}", width, "  ", "    "))
            self._emit(lines)
        self._table = _Table()
