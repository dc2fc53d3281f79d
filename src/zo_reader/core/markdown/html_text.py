"""The text of raw HTML in an article: tags removed, images said in words.

Both layouts show an HTML block or an inline ``<img>`` through these, so that
"the text of raw HTML" has one definition. Nothing here is rendered as HTML
and no image is fetched.
"""

from __future__ import annotations

import html
import re

from zo_reader.core.sanitize import clean_line

__all__ = ["HTML_IMG", "html_alt", "html_image_label", "html_text"]

_HTML_DROP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
# Tag bodies stop at the next "<" as well as ">": otherwise each unclosed "<a" in a long
# run would scan to the end of the text, which is quadratic.
_HTML_BREAK = re.compile(
    r"<(?:br|hr|/?p|/?div|/li|/tr|/h[1-6]|/?blockquote|/?pre|/?table)\b[^<>]*>", re.IGNORECASE
)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<[!?][^<>]*>")
HTML_IMG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
"""An ``<img>`` tag."""
_HTML_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


def html_alt(tag: str) -> str:
    """The alt text of an ``<img>`` tag, unescaped and on one line (``""`` if none)."""
    match = _HTML_ALT.search(tag)
    return clean_line(html.unescape(next((g for g in match.groups() if g), ""))) if match else ""


def html_image_label(tag: str, *, bracketed: bool = False) -> str:
    """An HTML ``<img>`` in words, as a Markdown image is: ``Image: alt`` (``[Image: alt]``)."""
    alt = html_alt(tag)
    label = f"Image: {alt}" if alt else "Image"
    return f"[{label}]" if bracketed else label


def html_text(source: str, *, bracketed: bool = False) -> list[str]:
    """The text of raw HTML as lines, one per block-level element; images described in words.

    Args:
        source: The HTML.
        bracketed: Images read ``[Image: alt]`` (the styled reader) rather than ``Image: alt``.
    """
    text = _WHITESPACE.sub(" ", _HTML_DROP.sub("", source))
    if "<img" in text.lower():
        text = HTML_IMG.sub(lambda m: f" {html_image_label(m[0], bracketed=bracketed)} ", text)
        text = _WHITESPACE.sub(" ", text)
    text = _HTML_TAG.sub("", _HTML_BREAK.sub("\n", text))
    segments = (clean_line(html.unescape(part)) for part in text.split("\n"))
    return [segment for segment in segments if segment]
