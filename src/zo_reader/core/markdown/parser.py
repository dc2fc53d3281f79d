"""The one Markdown parser behind the reader's views, with bounds on its work.

Both the styled document (:mod:`~zo_reader.core.markdown.blocks`) and the
plain text of :mod:`~zo_reader.core.render` parse with :func:`parser`:
CommonMark with tables, strikethrough, task lists, footnotes, definition
lists (``Term`` then ``: definition``, as Hugo, kramdown and Pandoc write
them) and heading attribute lists (:mod:`~zo_reader.core.heading_ids`).

markdown-it is pure Python, and its cost follows the markup rather than the
length: about 5 µs for each line, token or character that may start inline
markup, and 15 µs for each ``[``. Real articles hold little markup for their
size: a 5 MiB one (the most a folder source reads) has some 75,000 lines,
210,000 tokens and 135,000 markup characters. ``# a`` on 50,000 lines has as
many tokens in 200,000 characters. So the work allowed grows with the text,
a little faster than real articles need it to: real ones are formatted in
full, and a hostile one costs about what a real one 200 KB longer would.

* A paragraph longer than 32,000 characters is shown as plain text.
* Inline Markdown stops after 10,000 characters that may start markup (``*``,
  ``<``... and ``[``, which counts four), plus one for every 30 characters of
  text; later paragraphs are plain text.
* A table header with more than 100 columns stays a paragraph.
* Text longer than 32,000 characters is parsed in pieces of about half that,
  cut at blank lines outside fenced code (a link definition still resolves
  anywhere). Once the pieces have cost 20,000 lines and twice their tokens,
  plus one for every 10 characters of text, the rest of the article follows a
  note as plain paragraphs.

The task-list rule is written here because the plugin's rule searches back to
the list for every item, which is quadratic in the length of a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import table as _table_rule
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from zo_reader.core.heading_ids import heading_ids

if TYPE_CHECKING:
    from markdown_it.rules_block.state_block import StateBlock
    from markdown_it.rules_core.state_core import StateCore

__all__ = ["TOO_LONG_NOTE", "parser"]

# Deeper blocks are dropped by markdown-it: this bounds the prefixes and the walks.
_MAX_NESTING = 20
# markdown-it's inline parser costs up to ~20 µs a character on runs such as "![![![";
# a paragraph longer than this is shown as plain text instead (real prose never is).
_MAX_INLINE = 32_000
# Characters at which an inline rule may start (markdown-it's terminator set);
# the cost of inline parsing follows their number, not the length of the text.
# A "[" costs about four times as much as the others: it starts a link label scan.
_MARKUP = re.compile(r"[\n!#$%&*+\-:<=>@\[\\\]^_`{}~]")
_BRACKET_EXTRA = 3
# Markup allowed: a real 5 MiB article needs 150,000 (0.028 a character).
_INLINE_BUDGET = 10_000
_INLINE_PER_CHARACTER = 1 / 30
# More columns than this cannot be drawn in any terminal; such a "table" stays text.
_MAX_TABLE_COLUMNS = 100
# Texts longer than twice this are parsed in pieces of about this size, so the
# budget below is checked as parsing goes and one piece costs little past it.
_PIECE = 16_000
# Lines plus twice the tokens made: a real 5 MiB article needs 490,000 (0.094 a character).
_BLOCK_BUDGET = 20_000
_BLOCK_PER_CHARACTER = 1 / 10
# The plain rest is split into its paragraphs unless they average fewer characters
# than this: each paragraph costs a block and its lines, its text costs little.
_MIN_PLAIN_PARAGRAPH = 200
TOO_LONG_NOTE = "(The rest of this article is too long to format and is shown as plain text.)"
"""The paragraph put before the part of an article shown as plain text."""

_PIECE_START = re.compile(r"\n[ \t]*\n(?=[^ \t\n])")
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_TASK = re.compile(r"\[[ xX]][ \t\n\v\f\r]+")
_CHECKBOX = '<input class="task-list-item-checkbox" {}disabled="disabled" type="checkbox">'


@cache
def parser() -> MarkdownIt:
    """The Markdown parser, built once: CommonMark, tables, strikethrough, tasks, footnotes."""
    md = MarkdownIt("commonmark", {"maxNesting": _MAX_NESTING}).enable("table")
    md.enable("strikethrough")
    md.core.ruler.at("block", _bounded_block)
    md.core.ruler.at("inline", _bounded_inline)
    md.core.ruler.before("inline", "heading_ids", heading_ids)
    md.block.ruler.at("table", _bounded_table, {"alt": ["paragraph", "reference"]})
    # Registered before the footnotes' tail rule, in the order the plugins had.
    md.core.ruler.after("inline", "github-tasklists", _task_lists)
    return md.use(footnote_plugin).use(deflist_plugin)


def _bounded_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """The GFM table rule, refusing absurdly wide header lines (their cost is per cell)."""
    begin = state.bMarks[start] + state.tShift[start]
    if state.src.count("|", begin, state.eMarks[start]) > _MAX_TABLE_COLUMNS + 1:
        return False
    return _table_rule(state, start, end, silent)


def _bounded_inline(state: StateCore) -> None:
    """markdown-it's core "inline" rule, but huge or over-budget inline runs stay plain text."""
    budget = _INLINE_BUDGET + int(len(state.src) * _INLINE_PER_CHARACTER)
    for token in state.tokens:
        if token.type != "inline" or token.children:  # children: a paragraph of the plain rest
            continue
        token.children = []
        if len(token.content) <= _MAX_INLINE:
            content = token.content
            cost = len(_MARKUP.findall(content)) + _BRACKET_EXTRA * content.count("[")
            if cost <= budget:
                budget -= cost
                state.md.inline.parse(token.content, state.md, state.env, token.children)
                continue
            budget = -1  # spent: formatting stops here rather than coming and going
        token.children.append(Token("text", "", 0, content=token.content))


def _bounded_block(state: StateCore) -> None:
    """markdown-it's core "block" rule, in pieces; past the budget the rest is plain text."""
    if state.inlineMode or len(state.src) <= _PIECE:
        # The original rule (markdown_it.rules_core.block), unchanged for most articles.
        if state.inlineMode:
            state.tokens.append(Token("inline", "", 0, content=state.src, map=[0, 1], children=[]))
        else:
            state.md.block.parse(state.src, state.md, state.env, state.tokens)
        return
    src = state.src
    budget = _BLOCK_BUDGET + int(len(src) * _BLOCK_PER_CHARACTER)
    spent = 0
    line = 0
    for start, end, reopen in _pieces(src):
        if spent > budget:
            _plain_rest(state, src[start:], line)
            return
        piece = src[start:end]
        first = len(state.tokens)
        state.md.block.parse(reopen + piece, state.md, state.env, state.tokens)
        shift = line - (1 if reopen else 0)
        for token in state.tokens[first:]:
            if token.map:
                token.map = [token.map[0] + shift, token.map[1] + shift]
        lines = piece.count("\n")
        spent += lines + 2 * (len(state.tokens) - first)
        line += lines


def _pieces(src: str) -> Iterator[tuple[int, int, str]]:
    """Cut ``src`` into ``(start, end, reopen)`` pieces of about :data:`_PIECE` characters.

    A piece ends before an unindented line that follows a blank line, outside
    fenced code: no block but an HTML one continues over such a place. Text
    with no such place within twice the size is cut at a line break (or
    anywhere, in a huge line); ``reopen`` is then the fence line to put before
    the next piece when the cut is inside fenced code.
    """
    fences = _FENCE_LINE.finditer(src)
    next_fence = next(fences, None)
    fence: re.Match[str] | None = None  # the opening line of the fence we are in

    def advance(position: int) -> None:
        """Follow fence lines before ``position``, to know whether it is inside code."""
        nonlocal next_fence, fence
        while next_fence is not None and next_fence.start() < position:
            marker, rest = next_fence.group(1), next_fence.group(2)
            if fence is None:
                if not (marker[0] == "`" and "`" in rest):  # backticks in the info: not a fence
                    fence = next_fence
            else:
                opening = fence.group(1)
                if marker[0] == opening[0] and len(marker) >= len(opening) and not rest.strip():
                    fence = None  # the same character, at least as many, nothing after
            next_fence = next(fences, None)

    start, reopen = 0, ""
    while len(src) - start > 2 * _PIECE:
        limit = start + 2 * _PIECE
        found = _PIECE_START.search(src, start + _PIECE, limit)
        while found is not None:
            advance(found.end())
            if fence is None:
                break
            found = _PIECE_START.search(src, found.end(), limit)
        if found is not None:
            end, carry = found.end(), ""
        else:
            newline = src.rfind("\n", start + _PIECE, limit)
            end = newline + 1 if newline >= 0 else limit
            advance(end)
            carry = fence.group(0) + "\n" if fence is not None else ""
        yield start, end, reopen
        start, reopen = end, carry
    yield start, len(src), reopen


def _plain_rest(state: StateCore, text: str, line: int) -> None:
    """Append ``text`` as paragraphs of plain text (or one, if they are tiny), after a note."""
    paragraphs = [part for part in _BLANK_LINES.split(text) if part.strip()]
    if len(paragraphs) > len(text) // _MIN_PLAIN_PARAGRAPH + 1:
        paragraphs = [text]
    for content in (TOO_LONG_NOTE, *paragraphs):
        inline = Token("inline", "", 0, content=content, map=[line, line + 1], level=1)
        inline.children = [Token("text", "", 0, content=content)]
        state.tokens.extend(
            [
                Token("paragraph_open", "p", 1, map=[line, line + 1], block=True),
                inline,
                Token("paragraph_close", "p", -1, block=True),
            ]
        )


def _task_lists(state: StateCore) -> None:
    """Mark list items that start with ``[ ]`` or ``[x]`` as tasks, with a checkbox token.

    The same tokens as mdit-py-plugins' tasklists rule (checkboxes disabled),
    found with a stack of open lists instead of a search back from each item.
    """
    tokens = state.tokens
    lists: list[Token] = []
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token)
        elif token.type in ("bullet_list_close", "ordered_list_close") and lists:
            lists.pop()
        elif (
            token.type == "inline"
            and index >= 2
            and tokens[index - 1].type == "paragraph_open"
            and tokens[index - 2].type == "list_item_open"
            and token.children
            and _TASK.match(token.content)
        ):
            box = Token("html_inline", "", 0, content=_checkbox(token.content))
            token.children.insert(0, box)
            token.children[1].content = token.children[1].content[3:]
            token.content = token.content[3:]
            tokens[index - 2].attrSet("class", "task-list-item")
            if lists:
                lists[-1].attrSet("class", "contains-task-list")


def _checkbox(content: str) -> str:
    """The plugin's checkbox HTML for an item's text (empty unless a space follows the box)."""
    if content.startswith("[ ] "):
        return _CHECKBOX.format("")
    if content.startswith(("[x] ", "[X] ")):
        return _CHECKBOX.format('checked="checked" ')
    return ""
