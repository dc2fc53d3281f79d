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
# Every "#" and space before the text: "# #x" is "x", so a key normalises to itself.
_LEADING_MARKS = re.compile(r"^[#\s]+")


def normalise_tag(text: str) -> str:
    """The matching key of a tag: NFC, trimmed, inner spaces collapsed, case-folded, no ``#``."""
    text = _LEADING_MARKS.sub("", unicodedata.normalize("NFC", clean_line(text))).strip()
    return _INNER_SPACE.sub(" ", text).casefold()


def make_tag(text: str) -> Tag | None:
    """A :class:`Tag` from raw text, or ``None`` when nothing is left after cleaning."""
    display = _LEADING_MARKS.sub("", unicodedata.normalize("NFC", clean_line(text)))
    display = _INNER_SPACE.sub(" ", display).strip()
    key = normalise_tag(display)
    return Tag(key=key, display=display) if key else None


MAX_TAGS = 1_000
"""Distinct tags kept per article: more are surely not an author's (and would flood the list)."""


def unique_tags(texts: Iterable[str]) -> tuple[Tag, ...]:
    """Tags from raw texts, first display form wins, duplicates (by key) dropped.

    At most :data:`MAX_TAGS` are returned; a text already seen is skipped
    before it is normalised, which is what costs.
    """
    seen: dict[str, Tag] = {}
    texts_seen: set[str] = set()
    for text in texts:
        if text in texts_seen:
            continue
        texts_seen.add(text)
        tag = make_tag(text)
        if tag is not None and tag.key not in seen:
            seen[tag.key] = tag
            if len(seen) == MAX_TAGS:
                break
    return tuple(seen.values())


# A run of one or more hashtags, starting after whitespace, an opening bracket or
# punctuation that cannot be part of a word or URL; "#a#b" is two tags.
_HASHTAG_RUN = re.compile(r"(?<![^\s(\[,;])((?:#[\w/-]+)+)")
# Parts of a line that look like hashtags but are not: URLs (with #fragment),
# link destinations, wikilinks ([[Note#Heading]], [[#Heading]]), autolinks,
# HTML tags and reference definitions.
_NOT_PROSE = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]{0,30}://\S*"
    r"|\]\([^()\s]*"
    r"|\[\[[^\[\]\n]{0,1000}\]\]"
    r"|<[^<>\s]*>?"
    r"|^ {0,3}\[[^\]\n]{1,500}\]:[ \t]*\S+",
    re.MULTILINE,
)


def hashtags(body: str) -> list[str]:
    """Hashtags written in a Markdown body, in order, without the ``#``.

    Headings, fenced and indented code, inline code spans, URLs and link
    targets are skipped. A tag must contain a letter, so ``#1`` is not a tag.

    Args:
        body: The Markdown body, without front matter.

    Returns:
        The tag texts as written (not yet normalised), each once, at most
        :data:`MAX_TAGS` of them.
    """
    if "#" not in body:
        return []  # the common case for most bodies: no need to classify every line
    from zo_reader.core.markdown_text import classify_lines

    # Lines are classified as written; their text is taken with markup blanked
    # (same length, same line breaks), so a tag inside a shortcode spanning
    # lines is gone while code and headings are still found where they are.
    texts = without_markup(body).split("\n")
    # Lines of prose with a "#" are joined and searched at once: one regex pass
    # over the text rather than three per line (a file may have a million lines).
    prose = "\n".join(
        _without_code_spans(texts[line.number - 1])
        for line in classify_lines(body)
        if "#" in line.text and not line.in_code and not line.heading_level
    )
    found: dict[str, None] = {}  # a dict keeps the order; a hostile file repeats one tag
    for run in dict.fromkeys(_HASHTAG_RUN.findall(_NOT_PROSE.sub(" ", prose))):
        for part in run.split("#"):
            part = part.rstrip("-/")
            if part not in found and _is_tag_word(part):
                found[part] = None
                if len(found) == MAX_TAGS:
                    return list(found)
    return list(found)


# "#ddd", "#FF0000", "#c0ffee": a colour, not a tag (unless written in a tag field).
_HEX_DIGITS = re.compile(r"[0-9A-Fa-f]+")


def _is_tag_word(part: str) -> bool:
    """A hashtag's text: it holds a letter and is not only hex digits (a colour)."""
    return any(ch.isalpha() for ch in part) and _HEX_DIGITS.fullmatch(part) is None


# Markup whose "#" is never a hashtag, as (opener, closer, longest span).
# A span longer than its limit is not one: an unclosed "{{" never blanks a file.
_MARKUP_SPANS = (
    (re.compile(r"<!--"), re.compile(r"-->"), 100_000),
    (
        re.compile(r"<(?:style|script)\b", re.IGNORECASE),
        re.compile(r"</(?:style|script)\s*>", re.IGNORECASE),
        1_000_000,
    ),
    (re.compile(r"\{\{"), re.compile(r"\}\}"), 4_000),  # Hugo shortcodes, Go and Liquid output
    (re.compile(r"\{%"), re.compile(r"%\}"), 4_000),  # Liquid tags
)
# An HTML tag with its attributes, which may span lines; "a < b" is not one.
_HTML_TAG = re.compile(r"</?[A-Za-z][\w:.-]{0,60}(?:\s[^<>]{0,4000})?/?>")


def without_markup(text: str) -> str:
    """``text`` with HTML comments, tags, style and script blocks, shortcodes and Liquid blanked.

    Each character of markup becomes a filler and line breaks stay, so line
    numbers and lengths are unchanged. Linear: each span's closer is found
    from a list of closers made in one pass, not searched for again.
    """
    if "<" not in text and "{" not in text:
        return text
    spans: list[tuple[int, int]] = []
    for opener, closer, limit in _MARKUP_SPANS:
        ends = [match.end() for match in closer.finditer(text)] if opener.search(text) else []
        position = 0  # where the next span may start
        index = 0  # the first closer not yet passed
        for match in opener.finditer(text):
            start = match.start()
            if start < position:
                continue
            while index < len(ends) and ends[index] <= match.end():
                index += 1
            if index == len(ends):
                break  # no closer after this: nothing later closes either
            if ends[index] - start <= limit:
                spans.append((start, ends[index]))
                position = ends[index]
    if "<" in text:
        spans.extend(match.span() for match in _HTML_TAG.finditer(text))
    if not spans:
        return text
    return _blank(text, spans)


# Markup becomes an opaque run that is neither space nor a word: "](" {% link x %}"#a"
# stays one link destination, and "{{x}}#a" is no more a tag than it was.
_FILLER = "\x01"
_NOT_BREAK = re.compile(r"[^\n]")


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character in ``spans`` but a line break made :data:`_FILLER`."""
    pieces: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if end <= position:
            continue
        start = max(start, position)
        pieces.append(text[position:start])
        markup = text[start:end]
        pieces.append(_NOT_BREAK.sub(_FILLER, markup) if "\n" in markup else _FILLER * len(markup))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


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
