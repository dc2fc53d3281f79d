"""Attribute lists on headings, as Hugo, Jekyll (kramdown) and Pandoc write them.

``## Settings {#settings-asciidoc}`` gives the heading "Settings" the anchor
``settings-asciidoc``; kramdown also writes the list on the line after the
heading (``{: #v1-0-0}``). Without this rule the reader showed the braces as
text and links to such anchors led nowhere: 33 of the Jekyll docs' 40
errors from ``check``. Classes and key-value pairs (``{.note}``,
``{class=foo}``) are removed and otherwise ignored, and a paragraph that is
only a kramdown attribute list, wherever it stands, is not shown.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.rules_core.state_core import StateCore
    from markdown_it.token import Token

__all__ = ["heading_ids"]

_ATTRIBUTE = (
    r"""(?:[#.][\w:-]{1,100}|[\w-]{1,50}=(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|[^\s{}]{1,200}))"""
)
_LIST = rf"\{{[ \t]*:?[ \t]*(?:{_ATTRIBUTE}[ \t]*)+\}}"
# At the end of a heading's text, after a space (Hugo, kramdown, Pandoc).
_TRAILING = re.compile(rf"[ \t]+{_LIST}[ \t]*$")
# A whole paragraph of kramdown's block attribute list: "{: #id .class}".
_BLOCK_LIST = re.compile(rf"\{{:[ \t]*(?:{_ATTRIBUTE}[ \t]*)*\}}")
_ID = re.compile(r"(?:^|[\s{:])#([\w:-]{1,100})")


def heading_ids(state: StateCore) -> None:
    """markdown-it core rule, run before inline parsing: take attribute lists off headings.

    The heading's ``id`` attribute is set (lower-cased, as anchors are
    compared); the walkers use it as the heading's anchor.
    """
    tokens = state.tokens
    kept: list[Token] = []
    heading: Token | None = None  # the heading just closed, while nothing else followed
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token.type == "inline" and kept and kept[-1].type == "heading_open":
            found = _TRAILING.search(token.content)
            if found is not None:
                token.content = token.content[: found.start()]
                _set_id(kept[-1], found.group(0))
        elif token.type == "paragraph_open" and _is_block_list(tokens, position):
            if heading is not None:
                _set_id(heading, tokens[position + 1].content)
            position += 3  # the paragraph, its text and its end: never shown
            continue
        heading = _opening(kept) if token.type == "heading_close" else None
        kept.append(token)
        position += 1
    if len(kept) != len(tokens):
        state.tokens = kept


def _opening(kept: list[Token]) -> Token | None:
    return next((token for token in reversed(kept) if token.type == "heading_open"), None)


def _is_block_list(tokens: list[Token], position: int) -> bool:
    if position + 2 >= len(tokens) or tokens[position + 2].type != "paragraph_close":
        return False
    return _BLOCK_LIST.fullmatch(tokens[position + 1].content.strip()) is not None


def _set_id(heading: Token, attributes: str) -> None:
    found = _ID.search(attributes)
    if found is not None and not heading.attrGet("id"):
        heading.attrSet("id", found.group(1).lower())
