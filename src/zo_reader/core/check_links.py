"""One article's own findings for ``zo-reader check``, and what it asks of the others.

:func:`article_facts` looks at one article alone: its title, body, draft
flag, control characters, images and links to headings in the same article.
Links to other articles are only collected here, as :class:`LinkRef`; whether
they lead anywhere is decided in :mod:`zo_reader.core.check_targets`, which
sees the whole library. It runs in worker processes, so everything it returns pickles.

Links are found with the reader's own Markdown parser, so ``check`` and the
reader agree on what is a link. Parsing is the costly part (about 0.8 ms an
article), so a body is parsed only when a cheap scan of its link destinations
finds one that is not a web address: most links in most articles are.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from zo_reader.core.article_text import body_title
from zo_reader.core.conventions.hugo_bundles import included_snippets
from zo_reader.core.link_names import addresses_in_file
from zo_reader.core.links import EXTERNAL_SCHEMES, NAME_SCHEMES, resolve_link, shown_link
from zo_reader.core.models import Article, Severity
from zo_reader.core.sanitize import clean_line, is_clean

if TYPE_CHECKING:
    from markdown_it.token import Token

# Lines holding control characters reported per article; the rest are counted.
MAX_CONTROL_LINES = 10

# Link destinations: inline links and images, and reference definitions. A
# cheap, conservative pre-scan: anything it cannot prove external gets parsed.
_DESTINATION = re.compile(r"\]\(\s*<?([^\s)>]*)|\]:[ \t]*\n?[ \t]*<?([^\s>]*)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,30}:")
_NOT_LOCAL = EXTERNAL_SCHEMES | {"data"}
# Inline tokens whose heading text the reader takes as it is (the rest: see anchors_in).
_PLAIN_MARKUP = frozenset(
    {"hardbreak", "em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"}
)


_E, _W = Severity.ERROR, Severity.WARNING
SEVERITIES: dict[str, Severity] = {
    # A file the reader cannot show.
    "unreadable": _E,
    "not-a-file": _E,
    "symlink-outside": _E,
    "file-too-large": _E,
    "file-binary": _E,
    "page-no-text": _E,
    "file-empty": _W,
    "encoding-invalid": _E,
    "remote-missing": _E,
    "body-unavailable": _E,
    # Front matter and what comes from it.
    "frontmatter-invalid": _E,
    "frontmatter-unclosed": _E,
    "date-invalid": _W,
    "title-missing": _W,
    "body-empty": _W,
    "draft": _W,
    # Two articles that answer to one name.
    "duplicate-id": _E,
    "duplicate-slug": _E,
    "duplicate-title": _W,
    # Links and images that lead nowhere.
    "link-broken": _E,
    "anchor-broken": _E,
    "link-by-site": _W,
    "image-missing": _E,
    # Text and tags.
    "tag-variants": _W,
    "control-characters": _W,
}
"""Every code ``check`` reports, with its severity.

Errors: the reader meets something broken (a file it cannot show, metadata
lost, a link or image leading nowhere, two articles answering to one id or
slug). Warnings: the reader copes, but a person should look.
"""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem ``check`` found.

    Attributes:
        code: Stable machine-readable code, such as ``link-broken``.
        severity: ``error`` or ``warning``.
        path: The file's path relative to the library root (for a remote
            source, the article id).
        line: 1-based line in the file (front matter included), if it applies to one.
        message: One plain sentence for a person (not yet sanitised for a terminal).
        article: The id of the article, or ``None`` for a file that was skipped.
    """

    code: str
    severity: Severity
    path: str
    line: int | None
    message: str
    article: str | None = None

    def sort_key(self) -> tuple[str, int, str]:
        """Files in path order, then lines, then codes (a stable sort keeps the text's order)."""
        return (self.path, self.line or 0, self.code)


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A link to another article, to be looked up once every article is known.

    Attributes:
        url: The link as written (normalised by the parser).
        target: The id it resolves to by path alone (names are looked up later).
        anchor: The heading anchor after ``#``, if any.
        line: 1-based line in the file.
        image: Whether it is an embedded picture found by name (``![[picture.png]]``).
    """

    url: str
    target: str
    anchor: str | None
    line: int
    image: bool = False


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What the library-wide checks need from one article, without its body.

    Attributes:
        path: Where findings about it are reported.
        article_id: Its id.
        link_path: The path links in it are resolved against (the reader's ``Article.path``).
        title: Its title.
        slug: Its front-matter slug, if any.
        tags: The display form of each of its tags.
        links: Links to other articles.
        findings: What is wrong with it alone.
        anchors: Its heading anchors, when its body was parsed anyway (it has
            local links); ``None`` when they are still to be found.
        addresses: The site addresses its front matter gives (``url``,
            ``permalink``, ``aliases``), which links may use.
        includes: The ids of the snippets it includes (a Hugo ``include``
            shortcode), whose headings are its own too.
    """

    path: str
    article_id: str
    link_path: str
    title: str
    slug: str | None
    tags: tuple[str, ...]
    links: tuple[LinkRef, ...]
    findings: tuple[Finding, ...]
    anchors: frozenset[str] | None = None
    addresses: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()


def is_section_page(path: str) -> bool:
    """Whether ``path`` is a Hugo section page (``_index.md``), which may hold only front matter.

    Hugo lists a section's pages under it; its body is optional (62 of the
    Hugo docs' 64 section pages have none), so an empty one is no finding.
    """
    return posixpath.basename(path).lower() == "_index.md"


def article_facts(
    article: Article,
    *,
    path: str | None = None,
    root: str | None = None,
    body: bool = True,
) -> ArticleFacts:
    """Check one article alone and collect its links to others.

    Args:
        article: The article (its body is looked at only when ``body`` is true).
        path: Where to report findings; ``article.path`` by default.
        root: The library folder, to look for local images; ``None`` skips images.
        body: Whether to look at the body (false: only the summary).
    """
    where = path if path is not None else article.path
    summary = article.summary
    found: list[Finding] = []

    def add(code: str, line: int | None, message: str) -> None:
        found.append(Finding(code, SEVERITIES[code], where, line, message, summary.id))

    if summary.draft:
        add("draft", None, "It is marked as a draft: readers see it only with --drafts.")
    links: list[LinkRef] = []
    anchors: frozenset[str] | None = None
    includes: tuple[str, ...] = ()
    if body:
        text = article.reading_body  # questions of a scraped page are headings too
        offset = article.body_line - 1
        if not text.strip():
            if not is_section_page(article.path):
                add("body-empty", None, "It has no text after its front matter.")
        elif title_missing(article):
            add(
                "title-missing",
                None,
                f"It is listed as '{summary.title}', as it has no title in its front matter "
                "and no heading at its top.",
            )
        dirty = control_lines(article.body)
        for line in dirty[:MAX_CONTROL_LINES]:
            add(
                "control-characters",
                offset + line,
                "This line holds escape or control characters, which the reader removes.",
            )
        if len(dirty) > MAX_CONTROL_LINES:
            extra = len(dirty) - MAX_CONTROL_LINES
            add("control-characters", None, f"{extra} more lines hold control characters.")
        tokens = parse(text) if may_link_locally(text) else []
        anchors = anchors_in(tokens, text) if tokens else None
        includes = included_snippets(text)
        for url, line, image in links_in(tokens):
            target = resolve_link(url, article.path)
            if image and by_name(url):  # ![[picture.png]]: anywhere in the vault
                links.append(LinkRef(url, target.article_id or "", None, offset + line, True))
                continue
            if image:
                if root is not None and missing_image(url, article.path, root):
                    # Judged with the whole library: in a vault, a picture is found by name.
                    links.append(LinkRef(url, target.article_id or "", None, offset + line, True))
                continue
            if target.kind == "anchor" and target.anchor and includes:
                # Maybe a heading of a snippet it includes: judged with the library.
                links.append(LinkRef(url, summary.id, target.anchor, offset + line))
            elif target.kind == "anchor" and target.anchor:
                if anchors is not None and target.anchor.lower() not in anchors:
                    add(
                        "anchor-broken",
                        offset + line,
                        f"The link '{shown_link(url)}' leads to no heading in this article.",
                    )
            elif target.kind == "article" and target.article_id:
                links.append(LinkRef(url, target.article_id, target.anchor, offset + line))
            elif target.kind == "unsupported" and not _has_host_or_scheme(url):
                add("link-broken", offset + line, f"The link '{url}' leads out of the library.")
    addresses: tuple[str, ...] = ()
    if root is not None and article.body_line > 1:
        addresses = addresses_in_file(Path(root), article.path, article.body_line)
    return ArticleFacts(
        path=where,
        article_id=summary.id,
        link_path=article.path,
        title=summary.title,
        slug=summary.slug,
        tags=tuple(tag.display for tag in summary.tags),
        links=tuple(links),
        findings=tuple(found),
        anchors=anchors,
        addresses=addresses,
        includes=includes,
    )


def title_missing(article: Article) -> bool:
    """Whether the article is listed under its file name only, having no title of its own.

    A title from the front matter is a title, even one that is the file name
    (Hugo's ``title: and`` in ``and.md``); so are a saved page's title line,
    a heading that opens the document, and the name the tool that keeps the
    file gives it (an Obsidian note's file name, a Jekyll post's, a Hugo
    section's folder). A file name made readable is not.

    An article read back from the index or from a remote source does not say
    where its title came from; then a title is missing only when the body and
    path give that very title and no readable front matter could have set it.
    """
    if article.title_from_name is not None:
        return article.title_from_name
    front_matter = article.body_line > 1
    derived = body_title(article.body, article.path, front_matter=front_matter)
    if not derived.from_name or article.summary.title != derived.title:
        return False
    return not front_matter or any(w.code == "frontmatter-invalid" for w in article.warnings)


def control_lines(body: str) -> list[int]:
    """1-based lines of ``body`` holding characters the sanitiser would remove."""
    if is_clean(body):
        return []
    return [number for number, line in enumerate(body.split("\n"), 1) if not is_clean(line)]


def may_link_locally(body: str) -> bool:
    """Whether ``body`` may hold a link or image that is not a web address (cheap, conservative)."""
    if "<ref:" in body:
        return True  # a Hugo ref outside a link (see zo_reader.core.conventions.hugo)
    if "](" not in body and "]:" not in body:
        return False
    for match in _DESTINATION.finditer(body):
        destination = match.group(1) if match.group(1) is not None else match.group(2)
        scheme = _SCHEME.match(destination)
        if scheme is None or scheme.group()[:-1].lower() not in _NOT_LOCAL:
            return True
    return False


def parse(body: str) -> list[Token]:
    """The reader's own token stream of ``body``."""
    from zo_reader.core.markdown.blocks import parser

    return parser().parse(body)


def links_in(tokens: Sequence[Token]) -> list[tuple[str, int, bool]]:
    """Every link and image the reader would show: ``(url, line in the body, is_image)``."""
    found: list[tuple[str, int, bool]] = []
    line = 1
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        if token.map:
            line = token.map[0] + 1
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                found.append((str(child.attrGet("href") or ""), line, False))
            elif child.type == "image":
                found.append((str(child.attrGet("src") or ""), line, True))
    return found


def heading_anchors(body: str) -> frozenset[str]:
    """The anchors of the body's headings, exactly as the reader makes them."""
    return anchors_in(parse(body), body)


def anchors_in(tokens: Sequence[Token], body: str) -> frozenset[str]:
    """The anchors of parsed ``body``'s headings and terms, as the reader's layout makes them.

    Headings of plain text, code and emphasis are read straight from the
    tokens (the reader joins their text the same way, then slugifies it);
    a body with a heading holding anything else (a link, an image, HTML, a
    footnote) is laid out by the reader itself, which costs four times more.
    """
    from zo_reader.core.document import slugify
    from zo_reader.core.sanitize import safe_inline

    texts: list[str] = []  # of headings and definition terms, which share one set of anchors
    given: set[str] = set()  # the authors' own anchors ({#id})
    for position, token in enumerate(tokens):
        if token.type not in ("heading_open", "dt_open"):
            continue
        if own := token.attrGet("id"):
            given.add(str(own))
            continue
        parts: list[str] = []
        for child in tokens[position + 1].children or ():
            if child.type in ("text", "code_inline"):
                parts.append(safe_inline(child.content))
            elif child.type == "softbreak":
                parts.append(" ")
            elif child.type not in _PLAIN_MARKUP:
                return _laid_out_anchors(body)
        texts.append(clean_line("".join(parts)))
    seen: dict[str, int] = {}
    anchors = set()
    for text in texts:  # numbered as the layout numbers repeated headings
        slug = slugify(text) or "section"
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(f"{slug}-{count}" if count else slug)
    return frozenset(anchors | given)


def _laid_out_anchors(body: str) -> frozenset[str]:
    from zo_reader.core.document import layout, parse_markdown

    document = layout(parse_markdown(body), 80)
    return frozenset(heading.anchor for heading in document.headings) | {
        anchor for anchor, _ in document.terms
    }


def missing_image(url: str, article_path: str, root: str) -> str | None:
    """Why a local image cannot be found, or ``None`` when it is there (or not local)."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    wanted = unquote(parts.path)
    if wanted.startswith("/"):
        joined = posixpath.normpath(wanted.lstrip("/"))
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(article_path), wanted))
    if joined == ".." or joined.startswith("../"):
        return f"The image '{url}' is outside the library."
    if os.path.isfile(os.path.join(root, joined)):
        return None
    return f"The image '{url}' is not in the library (looked for {joined})."


def _has_host_or_scheme(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.scheme or parts.netloc)


def by_name(url: str) -> bool:
    """Whether ``url`` names its target the way a vault or site does (``wiki:``, ``ref:``)."""
    return urlsplit(url.strip()).scheme.lower() in NAME_SCHEMES
