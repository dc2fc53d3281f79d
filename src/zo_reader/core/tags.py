"""Tags: normalising them for matching and finding hashtags in article text.

A tag has a key for matching (Unicode NFC, trimmed, case-folded, without a
leading ``#``) and keeps the display form the author wrote. Hashtags come from
a trailing line of run-together tags (``#sleephygiene#eveningwalk``, the way
many article sites print them) and from inline ``#tag`` words (Obsidian style),
never from headings, code, link targets or URLs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from zo_reader.core.models import Tag
from zo_reader.core.sanitize import clean_line

_INNER_SPACE = re.compile(r"\s+")


def normalise_tag(text: str) -> str:
    """The matching key of a tag: NFC, trimmed, inner spaces collapsed, case-folded, no ``#``."""
    text = unicodedata.normalize("NFC", clean_line(text)).strip().lstrip("#").strip()
    return _INNER_SPACE.sub(" ", text).casefold()


def make_tag(text: str) -> Tag | None:
    """A :class:`Tag` from raw text, or ``None`` when nothing is left after cleaning."""
    display = _INNER_SPACE.sub(" ", unicodedata.normalize("NFC", clean_line(text)).lstrip("#"))
    display = display.strip()
    key = normalise_tag(display)
    return Tag(key=key, display=display) if key else None


def unique_tags(texts: Iterable[str]) -> tuple[Tag, ...]:
    """Tags from raw texts, first display form wins, duplicates (by key) dropped."""
    seen: dict[str, Tag] = {}
    for text in texts:
        tag = make_tag(text)
        if tag is not None and tag.key not in seen:
            seen[tag.key] = tag
    return tuple(seen.values())


# A run of one or more hashtags, starting after whitespace, an opening bracket or
# punctuation that cannot be part of a word or URL; "#a#b" is two tags.
_HASHTAG_RUN = re.compile(r"(?<![^\s(\[,;])((?:#[\w/-]+)+)")
# Parts of a line that look like hashtags but are not: URLs (with #fragment),
# link destinations, autolinks, HTML tags and reference definitions.
_NOT_PROSE = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]{0,30}://\S*"
    r"|\]\([^()\s]*"
    r"|<[^<>\s]*>?"
    r"|^ {0,3}\[[^\]\n]{1,500}\]:\s*\S+"
)


def hashtags(body: str) -> list[str]:
    """Hashtags written in a Markdown body, in order, without the ``#``.

    Headings, fenced and indented code, inline code spans, URLs and link
    targets are skipped. A tag must contain a letter, so ``#1`` is not a tag.

    Args:
        body: The Markdown body, without front matter.

    Returns:
        The tag texts as written (not yet normalised), possibly with repeats.
    """
    from zo_reader.core.markdown_text import classify_lines

    found: list[str] = []
    for line in classify_lines(body):
        if line.in_code or line.heading_level or "#" not in line.text:
            continue
        prose = _NOT_PROSE.sub(" ", _without_code_spans(line.text))
        for run in _HASHTAG_RUN.findall(prose):
            for part in run.split("#"):
                part = part.rstrip("-/")
                if any(ch.isalpha() for ch in part):
                    found.append(part)
    return found


def _without_code_spans(line: str) -> str:
    """``line`` with inline code spans (between equal backtick runs) blanked out.

    Written as a scan over backtick runs rather than a regex so that a line of
    thousands of backticks stays linear.
    """
    if "`" not in line:
        return line
    pieces: list[str] = []
    position = 0
    open_at: int | None = None
    open_length = 0
    for run in re.finditer(r"`+", line):
        length = run.end() - run.start()
        if open_at is None:
            pieces.append(line[position : run.start()])
            open_at, open_length = run.start(), length
        elif length == open_length:
            pieces.append(" ")
            position = run.end()
            open_at = None
    if open_at is not None:  # an unclosed run is literal text, not code
        pieces.append(line[open_at:])
    else:
        pieces.append(line[position:])
    return "".join(pieces)
