"""Obsidian's Markdown, read as ordinary Markdown: wikilinks, embeds and callouts.

* ``[[Note]]``, ``[[Note|alias]]``, ``[[Note#Heading]]``, ``[[#Heading]]``
  become links ``[text](wiki:Note#Heading)``. The ``wiki:`` address keeps the
  name as written: Obsidian finds a note by its file name anywhere in the
  vault, which only the library can do (:mod:`zo_reader.core.link_names`),
  and the heading as written, which :mod:`zo_reader.core.links` matches to
  the reader's anchors.
* ``![[picture.png]]`` becomes an image ``![picture.png](wiki:picture.png)``
  (the reader describes images in words); ``![[Note]]`` and other embedded
  files become a link to them.
* A callout's first line, ``> [!tip] Title`` (folded ``[!tip]-`` too), becomes
  ``> **Tip:** Title``: a labelled quote, never ``[!tip]``.

Code spans and code blocks are left alone, every line stays where it was,
and a malformed wikilink (``[[``, ``[[]]``, ``[[#]]``) stays as text. Every
pattern is anchored or bounded, so a line of ``[[[[`` costs linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from zo_reader.core.markdown_text import classify_lines

WIKI_SCHEME = "wiki"
"""The scheme of the addresses wikilinks become."""

IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".webp", ".avif", ".tif", ".tiff"}
)
"""Embedded files Obsidian shows as pictures."""

# A wikilink: no brackets or line breaks inside, so each "[[" scans to the next bracket.
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]{1,1000})\]\]")
# A callout's first line: quote markers, [!type], an optional fold sign, the title.
_CALLOUT = re.compile(r"^( {0,3}(?:>[ \t]?)+)\[!([A-Za-z][\w-]{0,40})\]([+-]?)[ \t]*(.*)$")
_TABLE_HEADER = re.compile(r"[ \t]*\[\[[^\[\]\n]{1,200}\]\][ \t]*")
_TOML_KEY = re.compile(r"[ \t]*[\w.\"'-]{1,100}[ \t]*=")
_SIZE = re.compile(r"\d{1,5}(?:x\d{1,5})?")
_ESCAPED = re.compile(r"([\\`*_\[\]<&|!~])")  # ">" and "#" mean nothing mid-line
_BACKTICKS = re.compile(r"`+")


def applies(body: str) -> bool:
    """Whether ``body`` may hold a wikilink or a callout (cheap)."""
    return "[[" in body or "[!" in body


def rewrite(body: str, skip: frozenset[int] = frozenset()) -> str:
    """``body`` with wikilinks, embeds and callouts as ordinary Markdown, line for line.

    Args:
        body: The Markdown.
        skip: 1-based lines to leave as they are (code in a site's shortcodes).
    """
    lines = body.split("\n")
    for line in classify_lines(body):
        text = line.text
        if line.in_code or ("[[" not in text and "[!" not in text) or line.number in skip:
            continue
        if _is_toml_table(text, lines, line.number):
            continue
        if "[!" in text:
            text = _callout(text, lines[line.number] if line.number < len(lines) else "")
        if "[[" in text:
            text = outside_code_spans(text, _link_all)
        lines[line.number - 1] = text
    return "\n".join(lines)


def _is_toml_table(text: str, lines: list[str], number: int) -> bool:
    """Whether ``text`` is a TOML table header (``[[menus.main]]`` over ``name = 'Home'``).

    Sites show configuration in shortcodes rather than code blocks; a line
    that is only a bracketed name, under which the next line sets a key, is
    TOML, not a note's link.
    """
    if _TABLE_HEADER.fullmatch(text) is None:
        return False
    for following in lines[number : number + 3]:  # the next lines with text, a few at most
        if following.strip():
            return _TOML_KEY.match(following) is not None
    return False


def _callout(line: str, following: str) -> str:
    """A callout's first line as a labelled quote; any other line as it is.

    The label line ends in a hard break when the quote goes on, so the title
    stays a line of its own rather than running into the text below.
    """
    match = _CALLOUT.match(line)
    if match is None:
        return line
    quote_marks, kind, _fold, title = match.groups()
    label = kind.replace("-", " ").replace("_", " ").strip().capitalize()
    title = title.strip()
    shown = f"{quote_marks}**{label}:** {title}" if title else f"{quote_marks}**{label}**"
    goes_on = following.lstrip().startswith(">") and following.strip(" \t>")
    return shown + "  " if goes_on else shown


def outside_code_spans(line: str, change: Callable[[str], str]) -> str:
    """``line`` with ``change`` applied to its text outside code spans.

    A scan over backtick runs rather than a regex, so a line of thousands of
    backticks stays linear (as in :mod:`zo_reader.core.tags`).
    """
    if "`" not in line:
        return change(line)
    pieces: list[str] = []
    position = 0  # start of the text not yet copied
    open_at: int | None = None
    open_length = 0
    for run in _BACKTICKS.finditer(line):
        length = run.end() - run.start()
        if open_at is None:
            pieces.append(change(line[position : run.start()]))
            open_at, open_length = run.start(), length
        elif length == open_length:
            pieces.append(line[open_at : run.end()])  # the code span, as written
            position = run.end()
            open_at = None
    if open_at is not None:  # an unclosed run of backticks is text, not code
        pieces.append(change(line[open_at:]))
    else:
        pieces.append(change(line[position:]))
    return "".join(pieces)


def _link_all(text: str) -> str:
    return _WIKILINK.sub(_link, text)


def _link(match: re.Match[str]) -> str:
    """One wikilink or embed as Markdown, or as written when it names nothing."""
    embed, inner = match.group(1), match.group(2).replace("\\|", "|")  # "\|" in a table
    target, bar, alias = inner.partition("|")
    name, _, fragment = target.strip().partition("#")
    name = name.strip()
    headings = [part.strip() for part in fragment.split("#") if part.strip()]
    if headings and headings[-1].startswith("^"):
        headings = []  # a block reference: the note itself (blocks have no anchors here)
    if not name and not headings:
        return match.group(0)  # [[]], [[#]], [[|x]]: nothing to link to
    address = f"{WIKI_SCHEME}:{quote(name, safe='/')}"
    if headings:
        address += "#" + quote(headings[-1], safe="")
    alias = alias.strip() if bar else ""
    shown = name.removesuffix(".md") if name.lower().endswith(".md") else name
    text = alias or " > ".join([part for part in (shown, *headings) if part])
    suffix = _suffix(name)
    if embed and suffix in IMAGE_SUFFIXES:
        words = alias if alias and not _SIZE.fullmatch(alias) else name.rsplit("/", 1)[-1]
        return f"![{escape(words)}]({address})"
    if embed and alias and _SIZE.fullmatch(alias):
        text = shown
    return f"[{escape(text)}]({address})"


def _suffix(name: str) -> str:
    """The lower-case file suffix of a note or file name, or ``""``."""
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def escape(text: str) -> str:
    """``text`` with Markdown's punctuation escaped, to be shown as it is."""
    return _ESCAPED.sub(r"\\\1", text)
