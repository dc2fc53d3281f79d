"""Cheap, regex-level views of Markdown text used while scanning.

A full Markdown parse of every file would dominate index time, and scanning
needs only three things: which lines are code, which are headings, and the
first block of prose. This module finds them in one pass per file, linear in
the text's length (no backtracking regex over whole lines of user input).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]")
_BLOCK_PREFIX = re.compile(r"^ {0,3}(?:>[ \t]?|[-+*][ \t]+|\d{1,9}[.)][ \t]+)+")
# Link text may not hold brackets: it keeps the scan linear on lines of "[[[[".
_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\([^()\n]{0,2000}\)")
_EMPHASIS = re.compile(r"\*\*|__|\*|`|~~")
_HASHTAG_LINE = re.compile(r"^[ \t]*#[\w/-]+(?:[ \t]*#[\w/-]+)*[ \t]*$")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of Markdown with what the scanner learned about it."""

    number: int  # 1-based, relative to the text scanned
    text: str
    in_code: bool
    heading_level: int  # 0 when the line is not a heading


def classify_lines(text: str) -> Iterator[Line]:
    """Yield each line, marking fenced and indented code and ATX/setext headings."""
    lines = text.split("\n")
    fence: str | None = None
    previous_blank = True
    in_list = False
    for index, raw in enumerate(lines):
        number = index + 1
        if fence is not None:
            closes = raw.lstrip(" ").startswith(fence) and raw.strip().strip(fence[0]) == ""
            if closes and len(raw) - len(raw.lstrip(" ")) <= 3:
                fence = None
            yield Line(number, raw, True, 0)
            continue
        opening = _FENCE_OPEN.match(raw)
        if opening:
            fence = opening.group(1)
            yield Line(number, raw, True, 0)
            previous_blank = False
            continue
        blank = not raw.strip()
        if blank:
            yield Line(number, raw, False, 0)
            previous_blank = True
            continue
        indented = raw.startswith(("    ", "\t"))
        if indented and previous_blank and not in_list:
            yield Line(number, raw, True, 0)
            continue
        if _LIST_ITEM.match(raw):
            in_list = True
        elif not indented and previous_blank:
            in_list = False
        heading = _ATX_HEADING.match(raw)
        level = len(heading.group(1)) if heading else 0
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not level and _SETEXT_UNDERLINE.match(following) and not _LIST_ITEM.match(raw):
            level = 1 if following.strip().startswith("=") else 2
        previous_blank = False
        yield Line(number, raw, False, level)


def inline_to_plain(text: str) -> str:
    """Reduce inline Markdown to its words: links to their text, markers dropped."""
    text = _LINK.sub(r"\1", text)
    return _EMPHASIS.sub("", text).strip()


def heading_text(line: Line) -> str:
    """The text of a heading line (ATX or the text line of a setext heading)."""
    match = _ATX_HEADING.match(line.text)
    if not match:
        return inline_to_plain(line.text)
    text = line.text[match.end() :].strip()
    # An optional closing sequence of #s, preceded by a space, is not part of the text.
    without_closing = text.rstrip("#")
    if without_closing != text and (not without_closing or without_closing[-1] in " \t"):
        text = without_closing.strip()
    return inline_to_plain(text)


def first_heading(text: str) -> str | None:
    """The text of the first non-empty heading outside code, if any."""
    for line in classify_lines(text):
        if line.heading_level and not line.in_code:
            title = heading_text(line)
            if title:
                return title
    return None


def first_line(text: str) -> str | None:
    """The first non-empty line outside code, without block markers or inline markup."""
    for line in classify_lines(text):
        if line.in_code or not line.text.strip() or _SETEXT_UNDERLINE.match(line.text):
            continue
        plain = inline_to_plain(_BLOCK_PREFIX.sub("", line.text))
        if plain:
            return plain
    return None


def first_paragraph(text: str, limit: int = 200) -> str:
    """The first paragraph of prose (not a heading, code, table or hashtag row), shortened."""
    collected: list[str] = []
    for line in classify_lines(text):
        stripped = line.text.strip()
        prose = (
            stripped
            and not line.in_code
            and not line.heading_level
            and not stripped.startswith(("|", "<", "---", "***", "==="))
            and not _HASHTAG_LINE.match(stripped)
        )
        if prose:
            collected.append(inline_to_plain(_BLOCK_PREFIX.sub("", stripped)))
        elif collected:
            break
    return shorten(" ".join(part for part in collected if part), limit)


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, marking the cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"


_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,500}>")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]{1,500}\]:[ \t]*\S+.*$", re.MULTILINE)
_LINE_MARKERS = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[|:-][|:\- \t]{2,}$|\||(?:`{3,}|~{3,}).*$)", re.MULTILINE
)


# Table pipes become spaces; emphasis and code marks disappear.
_DROPPED_MARKS = str.maketrans({"|": " ", "*": None, "`": None})


def searchable_text(markdown: str) -> str:
    """The words of a Markdown body, for the search index and its snippets.

    Link targets, image addresses, HTML tags, heading and quote markers,
    table pipes and emphasis marks are removed, so that searching for "md"
    does not match every link and a snippet reads like prose.
    """
    # Each pass runs only when its marker is present: most articles have no
    # reference definitions or HTML, and this runs for every article indexed.
    text = markdown
    if "]:" in text:
        text = _REFERENCE_DEFINITION.sub("", text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", _AUTOLINK.sub(" ", text))
    if "](" in text:
        text = _LINK.sub(r"\1", text.replace("![", "["))
    text = _LINE_MARKERS.sub("", text)
    return text.replace("~~", "").replace("__", "").translate(_DROPPED_MARKS)
