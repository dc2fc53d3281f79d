"""One measure of terminal cells and one wrapper for plain text, shared by both layouts.

Cells come from wcwidth, which follows the Unicode tables and UAX #29 grapheme
clusters: East Asian wide and full-width characters take two cells, combining
marks, zero-width joiners and variation selectors none, and an emoji ZWJ
sequence or a flag is one cluster (two cells). Its figures agree with Rich's,
which Textual draws with, on every code point except a lone regional indicator
or skin-tone modifier; Rich itself is barred from core. wcwidth is imported only
for text that is not ASCII, so ASCII-only work pays nothing for it.

:func:`wrap_text` keeps :func:`textwrap.wrap`'s behaviour (the plain layout's
golden output depends on it) but measures in cells, and may break between wide
characters, since Chinese and Japanese text has no spaces to break at.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Joins a link number or note marker to the word before it so wrapping cannot split them.
# clean_text removes NUL from the input, so it cannot clash with article text.
GLUE = "\x00"
# Container prefixes (quote bars, list markers, indents) never leave less than this for
# text, in both layouts: below it wrapping stops helping and deep nesting overflows.
MIN_TEXT_WIDTH = 10
# textwrap's whitespace: only these break a line (a no-break space does not).
_ASCII_SPACE = str.maketrans(dict.fromkeys("\t\n\x0b\x0c\r", " "))
_CHUNKS = re.compile(r"( +)")


def _measure(text: str) -> int:
    from wcwidth import width  # lazily: ~16 ms to import, needed only past ASCII

    return int(width(text, control_codes="ignore"))


_measure_short = lru_cache(maxsize=8192)(_measure)  # words and clusters repeat


def cell_width(text: str) -> int:
    """The number of terminal cells ``text`` takes (ASCII: one a character).

    Args:
        text: One line of sanitised text.

    Returns:
        The width in cells.
    """
    if text.isascii():
        return len(text)
    return _measure_short(text) if len(text) < 256 else _measure(text)


def clusters(text: str) -> list[str]:
    """``text`` as grapheme clusters: what a reader sees as one character, never to be split."""
    if text.isascii():
        return list(text)
    from wcwidth import iter_graphemes

    return list(iter_graphemes(text))


def _pieces(word: str) -> list[str]:
    """A word cut where a line may break: before and after each wide cluster.

    Runs of narrow clusters stay whole, so a Latin word or URL is never split.
    """
    if word.isascii():
        return [word]
    pieces: list[str] = []
    narrow = ""
    for cluster in clusters(word):
        if cell_width(cluster) < 2:
            narrow += cluster
            continue
        if narrow:
            pieces.append(narrow)
            narrow = ""
        pieces.append(cluster)
    if narrow:
        pieces.append(narrow)
    return pieces


def _chunk_width(chunk: str) -> int:
    # The glue is shown as a space: one cell.
    return cell_width(chunk.replace(GLUE, " ") if GLUE in chunk else chunk)


def _ranges(segment: str, width: int, first: str, rest: str) -> list[tuple[int, int]]:
    """textwrap's greedy loop over one segment, measured in cells: each line's (start, end)."""
    chunks: list[tuple[int, str]] = []  # (offset, text), the last to place first
    offset = 0
    for chunk in _CHUNKS.split(segment.translate(_ASCII_SPACE)):
        for piece in [chunk] if chunk[:1] == " " else _pieces(chunk) if chunk else []:
            chunks.append((offset, piece))
            offset += len(piece)
    chunks.reverse()
    ranges: list[tuple[int, int]] = []
    first_room, rest_room = width - cell_width(first), width - cell_width(rest)
    while chunks:
        line: list[tuple[int, str]] = []
        used = 0
        room = rest_room if ranges else first_room
        if chunks[-1][1].strip() == "" and ranges:
            del chunks[-1]
        while chunks:
            size = _chunk_width(chunks[-1][1])
            if used + size > room:
                break
            line.append(chunks.pop())
            used += size
        if chunks and not line and _chunk_width(chunks[-1][1]) > room:
            line.append(chunks.pop())  # a word wider than the line overflows it
        if line and line[-1][1].strip() == "":
            del line[-1]
        if line:
            ranges.append((line[0][0], line[-1][0] + len(line[-1][1])))
    return ranges


def wrap_ranges(segment: str, width: int, first: str = "", rest: str = "") -> list[tuple[int, int]]:
    """Where :func:`wrap_text` breaks one line of text: ``(start, end)`` of each line's part.

    For a caller that wraps styled runs (the plain layout's link numbers): the
    lines are ``first + segment[start:end]``, then ``rest + ...``.

    Args:
        segment: One line of text without tabs (:data:`GLUE` counts as a space).
        width: The target width in cells, raised as :func:`wrap_text` raises it.
        first: Prefix of the first line.
        rest: Prefix of every later line.
    """
    return _ranges(segment, max(width, cell_width(rest) + MIN_TEXT_WIDTH), first, rest)


def wrap_text(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Wrap each hard-broken (``\\n``) segment of ``text`` to ``width`` cells.

    Lines break at spaces, and between wide (Chinese, Japanese, Korean) characters,
    never inside a grapheme cluster (an accented letter, an emoji sequence, a flag).
    A word or URL is never split: one wider than the line gets a line of its own and
    overflows it, as :func:`textwrap.wrap` with ``break_long_words=False`` does.

    Args:
        text: The text; runs of spaces inside a line are kept, tabs expanded to 8.
            :data:`GLUE` joins two words unbreakably and is shown as a space.
        width: The target width in cells; it is raised so that some text fits beside ``rest``.
        first: Prefix of the first line.
        rest: Prefix of every later line.

    Returns:
        The lines, without line feeds.
    """
    lines: list[str] = []
    for segment in text.split("\n"):
        segment = segment.expandtabs(8)
        ranges = wrap_ranges(segment, width, first, rest)
        lines.extend((rest if n else first) + segment[a:b] for n, (a, b) in enumerate(ranges))
    return [line.replace(GLUE, " ") for line in lines]
