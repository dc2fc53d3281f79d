"""Cheap, regex-level views of Markdown text used while scanning.

A full Markdown parse of every file would dominate index time, and scanning
needs only three things: which lines are code, which are headings, and the
first block of prose. This module finds them in one pass per file, linear in
the text's length (no backtracking regex over whole lines of user input).
Title and summary come from the first :data:`SCAN_LINES` lines, so that a
huge file without prose costs no more than a short one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

SCAN_LINES = 10_000
"""Lines read for a heading, a first line or a first paragraph; hashtags are read in all."""

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]")
_BLOCK_PREFIX = re.compile(r"^ {0,3}(?:>[ \t]?|[-+*][ \t]+|\d{1,9}[.)][ \t]+)+")
# Link text may not hold brackets: it keeps the scan linear on lines of "[[[[".
_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\([^()\n]{0,2000}\)")
_EMPHASIS = re.compile(r"\*\*|__|\*|`|~~")
_HASHTAG_LINE = re.compile(r"^[ \t]*#[\w/-]+(?:[ \t]*#[\w/-]+)*[ \t]*$")
# The first characters each pattern above can match at (an empty line starts with "").
_FENCE_START = frozenset(" `~")
_ITEM_START = frozenset(" -+*0123456789")
_HEADING_START = frozenset(" #")
_SETEXT_START = frozenset(" =-")


class Line(NamedTuple):
    """One line of Markdown with what the scanner learned about it.

    A named tuple rather than a frozen dataclass: one is made for every line
    of every file scanned, and a tuple costs a fifth as much to make.
    """

    number: int  # 1-based, relative to the text scanned
    text: str
    in_code: bool
    heading_level: int  # 0 when the line is not a heading


def classify_lines(text: str, limit: int | None = None) -> Iterator[Line]:
    """Yield each line (the first ``limit`` only, if given), marking code and headings.

    Code is fenced or indented; headings are ATX (``# Title``) or setext (a
    line underlined with ``===`` or ``---``). Each pattern is tried only on
    lines whose first character can start it: most lines start with a letter.
    """
    lines = text.split("\n") if limit is None else text.split("\n", limit + 1)[: limit + 1]
    fence: str | None = None
    previous_blank = True
    in_list = False
    last = len(lines) - 1
    for index, raw in enumerate(lines):
        number = index + 1
        if limit is not None and number > limit:
            return
        if fence is not None:
            closes = raw.lstrip(" ").startswith(fence) and raw.strip().strip(fence[0]) == ""
            if closes and len(raw) - len(raw.lstrip(" ")) <= 3:
                fence = None
            yield Line(number, raw, True, 0)
            continue
        first = raw[:1]
        opening = _FENCE_OPEN.match(raw) if first in _FENCE_START else None
        if opening:
            fence = opening.group(1)
            yield Line(number, raw, True, 0)
            previous_blank = False
            continue
        if not first or (first.isspace() and not raw.strip()):
            yield Line(number, raw, False, 0)
            previous_blank = True
            continue
        indented = first == "\t" or raw.startswith("    ")
        if indented and previous_blank and not in_list:
            yield Line(number, raw, True, 0)
            continue
        item = first in _ITEM_START and _LIST_ITEM.match(raw) is not None
        if item:
            in_list = True
        elif not indented and previous_blank:
            in_list = False
        heading = _ATX_HEADING.match(raw) if first in _HEADING_START else None
        level = len(heading.group(1)) if heading else 0
        following = lines[index + 1] if index < last else ""
        underlined = following[:1] in _SETEXT_START and _SETEXT_UNDERLINE.match(following)
        if not level and underlined and not item:
            level = 1 if following.strip().startswith("=") else 2
        previous_blank = False
        yield Line(number, raw, False, level)


def _head(text: str) -> Iterator[Line]:
    """The first :data:`SCAN_LINES` lines after any leading blank ones, classified."""
    # Blank lines change nothing at the start; the first line with text keeps its indent.
    start = text.rfind("\n", 0, len(text) - len(text.lstrip(" \t\n"))) + 1
    return classify_lines(text[start:], SCAN_LINES)


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
    for line in _head(text):
        if line.heading_level and not line.in_code:
            title = heading_text(line)
            if title:
                return title
    return None


# Lines that may come before a document's opening heading without being its text:
# HTML comments and tags, shortcodes and Liquid tags, images and badges, rules.
_TEMPLATE = re.compile(r"\{\{.{0,2000}?\}\}|\{%.{0,2000}?%\}|<!--.{0,2000}?-->")
_IMAGE = re.compile(r"\[?!\[[^\[\]\n]{0,500}\]\([^()\n]{0,2000}\)(?:\]\([^()\n]{0,2000}\))?")
_SPANS = {"<!--": "-->", "{{": "}}", "{%": "%}"}
_SPANNING = re.compile(r"<!--|\{\{|\{%")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")


def _without_markup(text: str) -> str:
    """``text`` without HTML tags, shortcodes, Liquid tags and images (what a title never is)."""
    if "{" in text or "<!" in text:
        text = _TEMPLATE.sub("", text)
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if "![" in text:
        text = _IMAGE.sub("", text)
    return text.strip()


def opening_heading(text: str) -> str | None:
    """The text of the heading that opens the document, if one does.

    A heading opens the document when nothing but blank lines, HTML
    comments, lines of HTML tags, shortcodes or Liquid tags, images and
    rules comes before it: a heading after the first prose is a section's.
    A heading of nothing but markup (``# {{< icon >}}``, an image) is no title.
    """
    closer = ""  # of an HTML comment or a shortcode that goes on over lines
    for line in _head(text):
        stripped = line.text.strip()
        if closer:
            closer = "" if closer in stripped else closer
            continue
        if line.in_code:
            return None  # code: the document has begun
        opener = _SPANNING.match(stripped)
        if opener and _SPANS[opener[0]] not in stripped[len(opener[0]) :]:
            closer = _SPANS[opener[0]]
            continue
        if line.heading_level:
            written = _without_markup(line.text.strip().strip("#"))  # markup alone is no title
            return _without_markup(heading_text(line)) if written else None
        if stripped and not _RULE.match(stripped) and _without_markup(stripped):
            return None  # prose, a list, a quote or a table: the document has begun
    return None


def first_line(text: str) -> str | None:
    """The first non-empty line outside code, without block markers or inline markup."""
    for line in _head(text):
        if line.in_code or not line.text.strip() or _SETEXT_UNDERLINE.match(line.text):
            continue
        plain = inline_to_plain(_BLOCK_PREFIX.sub("", line.text))
        if plain:
            return plain
    return None


def first_paragraph(text: str, limit: int = 200) -> str:
    """The first paragraph of prose (not a heading, code, table or hashtag row), shortened."""
    collected: list[str] = []
    length = -1  # of the collected parts joined by spaces
    for line in _head(text):
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
            length += len(collected[-1]) + 1 if collected[-1] else 0
            if length > limit:
                break  # enough to shorten: the rest of the paragraph would be cut anyway
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
