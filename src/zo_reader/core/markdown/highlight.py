"""Code coloured by Pygments, for the styled layout (the plain one shows code as it is).

Pygments is fast, but not free: about 3 µs a character and 50 µs a block, so
the walker decides which blocks may be coloured within a budget
(:mod:`~zo_reader.core.markdown.blocks`) and the styled layout colours a block
the first time it is laid out, keeping the result for later widths.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

from zo_reader.core.document import Span
from zo_reader.core.sanitize import CleanText, clean_lines, safe_code

if TYPE_CHECKING:
    from pygments.lexer import Lexer

__all__ = ["highlight"]

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


def highlight(code: CleanText, language: str) -> tuple[tuple[Span, ...], ...] | None:
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
