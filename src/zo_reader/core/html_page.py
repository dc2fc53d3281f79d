"""One HTML page as one article: its main text and its metadata, through trafilatura.

A saved or served page is mostly not the article: navigation, cookie banners,
ads, sidebars, footers and scripts surround it. trafilatura (the field's
standard main-content extractor) finds the article and reads the title, date
and author from the page's metadata (``og:title``, ``<title>``,
``article:published_time``, JSON-LD ``datePublished``, ``<time>``...). Its
main content comes back as simplified HTML, which goes through the same
converter, sanitiser and renderer as every other article, so headings, lists
and links survive.

trafilatura and lxml cost about 0.2 s to import (see ``bench/RESULTS.md``), so
they are imported only when a page is read. Every value taken from the page
is cleaned where it enters (:class:`PageItem`), and a page cached as JSON is
checked again when it is read back.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from zo_reader.core import markdown_text
from zo_reader.core.html_markdown import html_to_markdown
from zo_reader.core.models import Article, ArticleSummary, ScanWarning
from zo_reader.core.sanitize import clean_line, clean_text
from zo_reader.core.tags import unique_tags
from zo_reader.core.web_address import web_address

HTML_SUFFIXES = (".html", ".htm")
"""File names read as web pages."""
MAX_PAGE_BYTES = 8 * 1024 * 1024
"""Larger pages are not extracted: time and memory grow with the page (bench/RESULTS.md)."""
MAX_ELEMENTS = 50_000
"""Pages with more elements are not extracted: about 80 µs each, so at most ~4 s of CPU."""
FULL_ELEMENTS = 3_000
"""Up to this many elements, trafilatura may also try its fallbacks (readability, jusText).

jusText's paragraph revision is quadratic: 8,000 sibling paragraphs took 12 s
of its 15 s. A larger page gets trafilatura's own extractor only (``fast``),
which stays linear. Real article pages mostly have 1,000 to 3,000 elements.
"""
NO_MAIN_TEXT = (
    "it has no main text to read (only navigation, or a page that needs JavaScript to show it)."
)
"""The reason given for a page with nothing but its chrome."""
_MAX_TAGS = 12  # a page's keywords are often a long SEO list; a reader wants a few
_MAX_LINE = 300  # characters of a title, author or description
_WORDS = re.compile(r"\w+")
_SENTENCE_WORDS = 8
_SITE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ")
# The parts of a page that are never the article: text found only in them is not main text.
_CHROME = "//nav | //header | //footer | //aside | //*[@role='navigation'] | //*[@role='banner']"
_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext")


@dataclass(frozen=True, slots=True)
class PageItem:
    """What extraction kept of one page: cleaned metadata and the main content as HTML.

    Attributes:
        title: The page's title from its metadata, or ``""``.
        date: ISO 8601 date of publication, or ``None``.
        author: The author, or ``""``.
        summary: The page's own description, or ``""``.
        tags: Tags from the page's metadata (``article:tag``, keywords).
        html: The main content as simplified HTML (headings, lists, links).
    """

    title: str
    date: str | None
    author: str
    summary: str
    tags: tuple[str, ...]
    html: str

    def to_json(self) -> dict[str, Any]:
        """A plain dictionary, for the cache of a remote page."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> PageItem | None:
        """The item stored by :meth:`to_json`, checked again; ``None`` when misshapen."""
        if not isinstance(data, Mapping) or not isinstance(data.get("html"), str):
            return None
        tags = data.get("tags")
        return cls(
            title=_line(_string(data.get("title"))),
            date=_iso_date(_string(data.get("date"))),
            author=_line(_string(data.get("author"))),
            summary=_line(_string(data.get("summary"))),
            tags=tuple(_line(t) for t in tags if isinstance(t, str))[:_MAX_TAGS]
            if isinstance(tags, list | tuple)
            else (),
            html=clean_text(data["html"]),
        )


class UnreadablePage(Exception):
    """A page gave no article; the message is the reason, a clause ("it has no main text...")."""


def extract_page(data: bytes, url: str | None = None) -> PageItem:
    """The main content and metadata of an HTML page.

    Args:
        data: The page as bytes (its encoding is found from the page itself).
        url: The page's address, for absolute links; ``None`` for a file.

    Raises:
        UnreadablePage: The page has no main text, or is too large to look for it in.
    """
    if len(data) > MAX_PAGE_BYTES:
        limit = f"{MAX_PAGE_BYTES // (1024 * 1024)} MiB"
        raise UnreadablePage(
            f"it is a web page larger than {limit}, too large to find its main text in."
        )
    import trafilatura
    from lxml.etree import tostring
    from trafilatura.htmlprocessing import convert_to_html
    from trafilatura.settings import Document
    from trafilatura.utils import load_html

    _quiet()
    try:
        # Cleaned before parsing, as all HTML here is: lxml would drop the ESC of
        # an escape sequence and leave its payload ("[31m") as text.
        tree = load_html(clean_text(_decoded(data)))
        if tree is None:
            raise UnreadablePage(NO_MAIN_TEXT)
        elements = int(tree.xpath("count(//*)"))
        if elements > MAX_ELEMENTS:
            raise UnreadablePage(
                f"it is a web page of more than {MAX_ELEMENTS:,} elements, "
                "too many to find its main text in."
            )
        chrome = _chrome_words(tree)
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=elements > FULL_ELEMENTS,
            output_format="html",
            with_metadata=True,
            include_comments=False,  # readers' comments are not the article
            include_formatting=True,
            include_links=True,
            include_images=True,
            include_tables=True,
            # Metadata and <time> only: a date guessed from the text ("© 2021") misleads.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, RecursionError, MemoryError):
        # lxml or trafilatura gave up on a malformed page: nothing to read
        raise UnreadablePage(NO_MAIN_TEXT) from None
    if not isinstance(document, Document) or document.body is None:
        raise UnreadablePage(NO_MAIN_TEXT)
    text = document.raw_text or document.text or ""
    text_words = set(_WORDS.findall(text.lower()))
    # Menu words, in short lines, are trafilatura's last resort: that is not main text. A
    # line that reads as a sentence is, even when a teaser in the sidebar repeats its words.
    sentence = any(len(line.split()) >= _SENTENCE_WORDS for line in text.splitlines())
    if not text_words or (text_words <= chrome and not sentence):
        raise UnreadablePage(NO_MAIN_TEXT)
    for element in document.body.iter("list"):
        if element.get("rend") == "ol":
            element.tag = "ol"  # trafilatura's HTML output makes every list a <ul>
    main = tostring(convert_to_html(document.body), encoding="unicode")
    named = [*(document.tags or ()), *(document.categories or ())]
    tags = [part for value in named for part in str(value).split(",")]
    return PageItem(
        title=_without_site(_line(document.title or ""), document.sitename or ""),
        date=_iso_date(document.date or ""),
        author=_line(document.author or ""),
        summary=_line(document.description or ""),
        tags=tuple(_line(tag) for tag in tags if clean_line(tag))[:_MAX_TAGS],
        html=clean_text(main),
    )


def page_article(
    item: PageItem, article_id: str, path: str, *, url: str | None = None, name: str = ""
) -> Article:
    """The article of one extracted page.

    Args:
        item: What :func:`extract_page` kept.
        article_id: The id to give the article.
        path: The file's path, or the page's key in its source.
        url: The page's address: links resolve against it and the body ends with it.
        name: A title to fall back on (the file name) when the page has none.
    """
    body = html_to_markdown(item.html, url, relative=url is None)
    address = web_address(url) if url else None
    if address:  # percent-encoded: one link, whatever the address held
        body = f"{body}\n\nSource: <{address}>"
    title = item.title or markdown_text.first_heading(body) or clean_line(name) or article_id
    summary = ArticleSummary(
        id=article_id,
        title=clean_line(title),
        tags=unique_tags(item.tags),
        date=item.date,
        author=item.author or None,
        summary=item.summary or markdown_text.first_paragraph(body),
        words=len(body.split()),
    )
    return Article(summary=summary, body=body, path=path)


def page_file_article(article_id: str, path: str, data: bytes) -> tuple[Article | None, str]:
    """The article of a ``.html`` file in a folder, or ``None`` and the reason it is skipped."""
    try:
        item = extract_page(data)
    except UnreadablePage as reason:
        return None, str(reason)
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " ").replace("_", " ")
    return page_article(item, article_id, path, name=name), ""


def skipped(path: str, code: str, reason: str) -> ScanWarning:
    """The warning of a page that gave no article."""
    return ScanWarning(path, code, clean_line(f"Skipped {path}: {reason}"))


def _decoded(data: bytes) -> str:
    """The page's text: UTF-8, else the encoding trafilatura's detector finds (never lossy).

    Decoded here rather than by trafilatura so that nothing decompresses what
    only claims to be a page: a remote page was already decoded by the HTTP client.
    """
    for encoding in _encodings(data):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def _encodings(data: bytes) -> Iterator[str]:
    """UTF-8 first; the detector runs only if that fails (most pages are UTF-8)."""
    yield "utf-8"
    from trafilatura.utils import detect_encoding

    yield from detect_encoding(data)


def _chrome_words(tree: Any) -> set[str]:
    """The words of the page's navigation, header, footer and asides."""
    words: set[str] = set()
    for element in tree.xpath(_CHROME):
        words.update(_WORDS.findall(" ".join(element.itertext()).lower()))
    return words


def _quiet() -> None:
    """Keep the extractors' log lines ("discarding data...") off the reader's terminal.

    Without a handler, Python prints their warnings to stderr, over the TUI.
    """
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _iso_date(text: str) -> str | None:
    """A date the page gave, as ISO 8601 ``YYYY-MM-DD``, or ``None`` when it is not one."""
    try:
        return dt.date.fromisoformat(clean_line(text)[:10]).isoformat()
    except ValueError:
        return None


def _without_site(title: str, site: str) -> str:
    """The title without the site's name after it ("Slow bread | The Crumb" -> "Slow bread").

    Only a last part that is the site's name (as the page gives it) goes: "Hating
    millennials - the prejudice you may boast about" keeps its second half.
    """
    name = clean_line(site).casefold()
    if not name:
        return title
    for separator in _SITE_SEPARATORS:
        if title.casefold().endswith(separator + name) and len(title) > len(separator + name):
            return title[: -len(separator + name)].strip()
    for separator in _SITE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        tail = tail.strip().casefold()
        if found and head.strip() and len(tail) >= 3 and (tail == name or tail in name):
            return head.strip()
    return title


def _line(text: str) -> str:
    """A metadata value on one line, cleaned, and short: a page may put anything there."""
    return markdown_text.shorten(clean_line(text), _MAX_LINE)


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""
