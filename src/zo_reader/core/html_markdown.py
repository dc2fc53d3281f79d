"""HTML to Markdown, for articles that arrive as HTML (feeds now, WordPress later).

A small converter over the standard library's :mod:`html.parser`: headings,
paragraphs, line breaks, emphasis, links, images, nested lists, quotes, code,
rules and simple tables. Scripts and styles are dropped, entities decoded, and
only ``http``, ``https`` and ``mailto`` links survive. It aims at readable
Markdown for the renderer and the search index, not at a faithful round trip;
a dependency such as markdownify would add weight for little gain here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from zo_reader.core.sanitize import clean_line, clean_text

_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object"})
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
        "figure", "figcaption", "dl", "dt", "dd", "address", "details", "summary",
    }
)  # fmt: skip
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Characters that would start Markdown syntax inside running text.
# ``&`` only where it would start an entity reference, so "Q&A" stays readable.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<]|&(?=#?\w+;))")
# Text at the start of a line that Markdown would read as a block marker.
_LINE_START = re.compile(r"^([#>+=-]|\d+[.)])")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_BACKTICKS = re.compile(r"`+")
# Markdown readers drop blocks nested past 20 levels (a list costs two): deeper
# lists and quotes are drawn at these depths, so their text stays, and a deep
# nest cannot make the output grow with the square of its depth.
_MAX_LISTS = 6
_MAX_QUOTES = 6
# Pieces of a paragraph looked back at to know whether text starts a line.
_LOOK_BACK = 64
# What html.parser (before Python 3.13.4) handles slowly or not at all, made plain text:
# a "<" after the last ">", and a "<!--" after the last "-->", can start nothing that
# ends, and it scans to the end of the input for every one of them (quadratic);
# "<![" raises AssertionError unless a known keyword follows.
_COMMENT_CLOSE = re.compile(r"--\s*>")
_EMPTY_COMMENT = re.compile(r"<!---?>")
# Fed after the input, so that a start tag left open (``<a b='>'`` and so on to the
# end) ends, rather than being scanned to the end again from each "<" in it.
# NUL cannot be in the input (it is cleaned first): the end is dropped wherever it lands.
_END = "\x00>"


@dataclass(slots=True)
class _List:
    """One open ``ul`` or ``ol``: its next number and its current marker width."""

    ordered: bool
    number: int = 1
    width: int = 2
    marker_pending: bool = False


@dataclass(slots=True)
class _Table:
    """Rows of an open table; ``simple`` turns false on spans or nested blocks."""

    rows: list[list[str]] = field(default_factory=list)
    simple: bool = True
    in_cell: bool = False


@dataclass(slots=True)
class _Block:
    text: str
    tight: bool
    quote: int


class _Converter(HTMLParser):
    """Walks the HTML once, writing Markdown blocks as elements close."""

    def __init__(self, base_url: str | None, relative: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.relative = relative
        self.blocks: list[_Block] = []
        self.inline: list[str] = []
        self.lists: list[_List] = []
        self.quote = 0
        self.skip = 0
        self.heading = 0
        self.pre: list[str] | None = None
        self.pre_language = ""
        self.code_at: list[int] = []
        self.inner_code = 0  # <code> inside <code>: its text is part of the outer span
        self.links: list[tuple[int, str | None]] = []
        self.table: _Table | None = None
        self.nested_tables = 0
        self.loose_next = False

    # Parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag in _SKIPPED:
            self.skip += 1
            return
        if self.skip:
            return
        if self.table is not None and self._table_start(tag, attributes):
            return
        if self.pre is not None:
            if tag == "code" and not self.pre_language:
                self.pre_language = _language(attributes.get("class", ""))
            if tag == "br":
                self.pre.append("\n")
            return
        if tag in _HEADINGS:
            self._flush()
            self.heading = _HEADINGS[tag]
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "br":
            self.inline.append("\\\n")
        elif tag in ("em", "i", "cite"):
            self.inline.append("*")
        elif tag in ("strong", "b"):
            self.inline.append("**")
        elif tag == "code":
            if self.code_at:
                self.inner_code += 1
            else:
                self.code_at.append(len(self.inline))
        elif tag == "a":
            while self.links:  # a link cannot hold a link: a new one ends it (as in HTML5)
                self._end_link()
            self.links.append((len(self.inline), self._url(attributes.get("href", ""))))
        elif tag == "img":
            self._image(attributes)
        elif tag in ("ul", "ol"):
            self._flush()
            if not self.lists:
                self.loose_next = True
            start = attributes.get("start", "1")
            number = int(start) if start.isdigit() else 1
            self.lists.append(_List(ordered=tag == "ol", number=number))
        elif tag == "li":
            self._flush()
            if self.lists:
                current = self.lists[-1]
                current.marker_pending = True
        elif tag == "blockquote":
            self._flush()
            self.quote += 1
            self.loose_next = True
        elif tag == "pre":
            self._flush()
            self.pre, self.pre_language = [], ""
        elif tag == "hr":
            self._flush()
            self._emit("---")
        elif tag == "table":
            self._flush()
            self.table = _Table()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if self.table is not None and self._table_end(tag):
            return
        if self.pre is not None:
            if tag == "pre":
                self._end_pre()
            return
        if tag in _HEADINGS or tag in _BLOCKS or tag == "li":
            self._flush()
            self.heading = 0
        elif tag in ("em", "i", "cite"):
            self.inline.append("*")
        elif tag in ("strong", "b"):
            self.inline.append("**")
        elif tag == "code" and self.inner_code:
            self.inner_code -= 1
        elif tag == "code" and self.code_at:
            start = self.code_at.pop()
            code = "".join(self.inline[start:])
            del self.inline[start:]
            self.inline.append(_code_span(code))
        elif tag == "a" and self.links:
            self._end_link()
        elif tag in ("ul", "ol") and self.lists:
            self._flush()
            self.lists.pop()
            if not self.lists:
                self.loose_next = True
        elif tag == "blockquote" and self.quote:
            self._flush()
            self.quote -= 1
            self.loose_next = True

    def handle_data(self, data: str) -> None:
        data = data.removesuffix(_END)
        if self.skip:
            return
        if self.pre is not None:
            self.pre.append(data)
            return
        text = _SPACES.sub(" ", data)
        if self.code_at:  # code span text is literal
            self.inline.append(text)
            return
        text = _INLINE_SPECIAL.sub(r"\\\1", text)
        if self.table is not None:
            text = text.replace("|", "\\|")
        if self._at_line_start():
            stripped = text.lstrip()
            text = text[: len(text) - len(stripped)] + _LINE_START.sub(r"\\\1", stripped)
        self.inline.append(text)

    # Inline pieces

    def _at_line_start(self) -> bool:
        """Whether text added now starts a line: only spaces since a line break or the start.

        Looks back at most :data:`_LOOK_BACK` pieces (joining the paragraph for
        every piece of text was quadratic); past that it answers yes, which
        only escapes a character that needed no escape.
        """
        for index, piece in enumerate(reversed(self.inline)):
            tail = piece.rstrip(" ")
            if tail:
                return tail.endswith("\n")
            if index == _LOOK_BACK:
                break
        return True

    def _url(self, raw: str) -> str | None:
        """An absolute, safe URL, or ``None`` for scripts, data and other schemes."""
        raw = clean_line(raw)
        if not raw:
            return None
        url = urljoin(self.base_url, raw) if self.base_url else raw
        parts = urlsplit(url)
        if self.relative and not parts.scheme and not parts.netloc:
            return url  # a file's link to its neighbour, resolved like a Markdown link
        if parts.scheme.lower() not in _SAFE_SCHEMES:
            return None
        return url

    def _image(self, attributes: dict[str, str]) -> None:
        alt = _INLINE_SPECIAL.sub(r"\\\1", clean_line(attributes.get("alt", "")))
        src = self._url(attributes.get("src", ""))
        if src is None:
            if alt:
                self.inline.append(alt)
            return
        self.inline.append(f"![{alt}]({_destination(src)})")

    def _end_link(self) -> None:
        start, href = self.links.pop()
        label = "".join(self.inline[start:]).strip()
        del self.inline[start:]
        if href is None:
            self.inline.append(label)
        elif not label:
            self.inline.append(f"<{href}>" if " " not in href and ">" not in href else "")
        else:
            self.inline.append(f"[{label}]({_destination(href)})")

    # Blocks

    def _flush(self) -> None:
        """End the paragraph being collected, if any, and emit it as a block."""
        if self.table is not None:
            self.inline.append(" ")
            return
        text = "".join(self.inline)
        self.inline = []
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        if not text:
            return
        if self.heading:
            text = "#" * self.heading + " " + text.replace("\\\n", " ").replace("\n", " ")
        self._emit(text)

    def _emit(self, text: str) -> None:
        """Add a block, indented for the open list item and prefixed for open quotes."""
        lines = text.split("\n")
        tight = bool(self.lists) and not self.loose_next
        self.loose_next = False
        if self.lists:
            indent = "".join(" " * item.width for item in self.lists[-_MAX_LISTS:-1])
            current = self.lists[-1]
            if current.marker_pending:
                marker = f"{current.number}. " if current.ordered else "- "
                current.number += 1
                current.width = len(marker)
                current.marker_pending = False
                lines = [indent + marker + lines[0]] + [
                    indent + " " * current.width + line for line in lines[1:]
                ]
            else:
                lines = [indent + " " * current.width + line for line in lines]
        if self.quote:
            prefix = "> " * min(self.quote, _MAX_QUOTES)
            lines = [(prefix + line).rstrip() for line in lines]
        self.blocks.append(_Block("\n".join(lines), tight, min(self.quote, _MAX_QUOTES)))

    def _end_pre(self) -> None:
        code = "".join(self.pre or []).strip("\n")
        self.pre = None
        fence = "`" * max(3, _longest_run(code) + 1)
        if code.strip():
            self._emit(f"{fence}{self.pre_language}\n{code}\n{fence}")

    # Tables

    def _table_start(self, tag: str, attributes: dict[str, str]) -> bool:
        """Handle a tag inside a table; ``False`` lets ordinary inline handling run."""
        table = self.table
        assert table is not None
        if tag == "table":
            self.nested_tables += 1
            table.simple = False
            return True
        if tag == "tr":
            self._end_cell()
            table.rows.append([])
            return True
        if tag in ("td", "th"):
            self._end_cell()
            if not table.rows:
                table.rows.append([])
            if attributes.get("colspan", "1") != "1" or attributes.get("rowspan", "1") != "1":
                table.simple = False
            table.in_cell = True
            self.inline = []
            return True
        if tag in ("ul", "ol", "li", "pre", "blockquote", "hr") or tag in _HEADINGS:
            table.simple = False
            self.inline.append(" ")
            return True
        return tag in ("thead", "tbody", "tfoot", "caption", "colgroup", "col")

    def _table_end(self, tag: str) -> bool:
        table = self.table
        assert table is not None
        if tag == "table":
            if self.nested_tables:
                self.nested_tables -= 1
                return True
            self._end_cell()
            self.table = None
            self._emit_table(table)
            return True
        if tag in ("td", "th", "tr"):
            self._end_cell()
            return True
        return tag in ("ul", "ol", "li", "pre", "blockquote", "thead", "tbody", "tfoot", "caption")

    def _end_cell(self) -> None:
        table = self.table
        if table is None or not table.in_cell:
            return
        cell = _SPACES.sub(" ", "".join(self.inline).replace("\\\n", " ")).strip()
        self.inline = []
        table.rows[-1].append(cell)
        table.in_cell = False

    def _emit_table(self, table: _Table) -> None:
        rows = [row for row in table.rows if any(row)]
        if not rows:
            return
        width = len(rows[0])
        if table.simple and all(len(row) == width for row in rows):
            header, *body = rows
            lines = [
                "| " + " | ".join(header) + " |",
                "|" + "|".join(" --- " for _ in header) + "|",
                *("| " + " | ".join(row) + " |" for row in body),
            ]
            self._emit("\n".join(lines))
            return
        for row in rows:  # too irregular for a pipe table: one line of text per row
            self._emit("; ".join(cell for cell in row if cell))

    def result(self) -> str:
        """The Markdown written so far, blocks joined as their kind needs."""
        self._end_cell()
        if self.pre is not None:
            self._end_pre()
        self.table = None
        self._flush()
        pieces: list[str] = []
        previous: _Block | None = None
        for block in self.blocks:
            if previous is not None:
                if block.tight:
                    pieces.append("\n")
                elif block.quote and previous.quote:
                    pieces.append("\n" + ("> " * min(block.quote, previous.quote)).rstrip() + "\n")
                else:
                    pieces.append("\n\n")
            pieces.append(block.text)
            previous = block
        return "".join(pieces)


def html_to_markdown(html: str, base_url: str | None = None, *, relative: bool = False) -> str:
    """Convert an HTML fragment to Markdown that is safe to show in a terminal.

    Args:
        html: Untrusted HTML, such as the content of a feed item.
        base_url: Relative links and images are resolved against this address.
        relative: Keep relative links as they are (a saved page's links to its
            neighbours in a folder); without a base they are dropped otherwise.

    Returns:
        Markdown text; links and images keep only http(s) and mailto addresses.
    """
    converter = _Converter(base_url, relative)
    # Cleaned before converting too: escaping "]" as "\]" would otherwise turn
    # "ESC ]" into "ESC \", hiding an OSC sequence's start and leaving its payload.
    converter.feed(_feedable(clean_text(html)) + _END)
    converter.close()
    return clean_text(converter.result()).strip()


def text_to_markdown(text: str) -> str:
    """Plain text as Markdown: paragraphs kept, Markdown syntax characters escaped."""
    paragraphs = re.split(r"\n\s*\n", clean_text(text))
    escaped = []
    for paragraph in paragraphs:
        lines = [_INLINE_SPECIAL.sub(r"\\\1", line.strip()) for line in paragraph.split("\n")]
        lines = [_LINE_START.sub(r"\\\1", line) for line in lines if line]
        if lines:
            escaped.append("\\\n".join(lines))
    return "\n\n".join(escaped)


def html_to_text(html: str) -> str:
    """The text of an HTML fragment on one line (for titles and summaries), entities decoded."""
    parser = _TextOnly()
    parser.feed(_feedable(clean_text(html)) + _END)
    parser.close()
    return clean_line("".join(parser.parts))


class _TextOnly(HTMLParser):
    """Collects text outside scripts and styles, a space for every tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip += 1
        elif tag in _BLOCKS or tag in ("br", "li", "tr", "td", "th") or tag in _HEADINGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data.removesuffix(_END))


def _code_span(code: str) -> str:
    """``code`` wrapped in enough backticks that none inside can close it."""
    fence = "`" * (_longest_run(code) + 1)
    padding = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{padding}{code}{padding}{fence}" if code.strip() else code


def _longest_run(code: str) -> int:
    """The length of the longest run of backticks in ``code`` (0 if none)."""
    return max(map(len, _BACKTICKS.findall(code)), default=0)


def _feedable(html: str) -> str:
    """``html`` with what :mod:`html.parser` handles slowly or not at all made plain text.

    Each change gives what the parser gives when it does finish: text for a
    ``<`` that starts nothing which ends, and for an unclosed comment; a
    ``<![`` (which it rejects with AssertionError) is read as HTML5 reads
    it, a comment up to the next ``>``.
    """
    html = _EMPTY_COMMENT.sub("", html).replace("<![", "<!-[")
    last = None
    for match in _COMMENT_CLOSE.finditer(html):
        last = match
    unclosed = html.find("<!--", max(last.start() - 3, 0) if last else 0)
    if unclosed >= 0:
        html = html[:unclosed] + html[unclosed:].replace("<!--", "&lt;!--")
    end = html.rfind(">") + 1
    if "<" in html[end:]:
        html = html[:end] + html[end:].replace("<", "&lt;")
    return html


def _destination(url: str) -> str:
    """A link destination; angle brackets when the URL has spaces or parentheses."""
    if any(ch in url for ch in " ()<>"):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def _language(css_class: str) -> str:
    """The language of a code block from ``class="language-python"`` (or ``lang-``)."""
    for name in css_class.split():
        for prefix in ("language-", "lang-"):
            if name.startswith(prefix) and re.fullmatch(r"[\w+#.-]{1,30}", name[len(prefix) :]):
                return name[len(prefix) :]
    return ""
