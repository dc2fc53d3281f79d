"""The article model shared by every source, the index, the CLI and the UI.

All records are frozen dataclasses: cheap to build, hashable, and safe to hand
from a worker thread to the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How serious a finding about a file is."""

    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class ScanWarning:
    """Something wrong with one file that did not stop the scan.

    Attributes:
        path: Path of the file relative to the library root (POSIX separators).
        code: Stable machine-readable code, for example ``frontmatter-invalid``.
        message: One plain sentence for a person.
        line: 1-based line number where it applies, if any.
        severity: Whether the file was still read (warning) or skipped (error).
    """

    path: str
    code: str
    message: str
    line: int | None = None
    severity: Severity = Severity.WARNING


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag with its matching key and the form shown to people.

    Attributes:
        key: Normalised form used for matching (NFC, trimmed, case-folded).
        display: The form to show, as the author wrote it.
    """

    key: str
    display: str


@dataclass(frozen=True, slots=True)
class TagCount:
    """A tag and how many visible articles carry it."""

    tag: Tag
    count: int


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What a list of articles needs: everything but the body.

    Attributes:
        id: Stable id, the path relative to the library root without extension.
        title: The title (front matter, first heading, first line or file name).
        tags: Tags in the order the author gave them, without duplicates.
        date: ISO 8601 date or date-time, or ``None`` when the article has none.
        author: The author, if known.
        summary: A short description (front matter or the first paragraph).
        words: Number of words in the body.
        slug: The front-matter slug, if any.
        draft: Whether the article is marked as a draft.
    """

    id: str
    title: str
    tags: tuple[Tag, ...] = ()
    date: str | None = None
    author: str | None = None
    summary: str = ""
    words: int = 0
    slug: str | None = None
    draft: bool = False

    @property
    def reading_minutes(self) -> int:
        """Estimated reading time at 230 words a minute, at least one minute."""
        return max(1, round(self.words / 230))


@dataclass(frozen=True, slots=True)
class Article:
    """A whole article: its summary, its Markdown body and what was wrong with it.

    Attributes:
        summary: The metadata shown in lists.
        body: The Markdown body, without front matter.
        path: The file path relative to the source root (or the remote id).
        body_line: 1-based line in the file where the body starts.
        warnings: Problems found while reading this article.
        complete: Whether ``body`` is the whole article. A remote source lists
            summaries first; their bodies are fetched when an article is opened.
        title_from_name: Whether the title is only the file name made readable
            (no title field, heading or name a site's tool gives), for ``check``;
            ``None`` when not known (an article read back from the index).
    """

    summary: ArticleSummary
    body: str
    path: str = ""
    body_line: int = 1
    warnings: tuple[ScanWarning, ...] = field(default=())
    complete: bool = True
    title_from_name: bool | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        """The article id (shortcut for ``summary.id``)."""
        return self.summary.id

    @property
    def title(self) -> str:
        """The article title (shortcut for ``summary.title``)."""
        return self.summary.title

    @property
    def reading_body(self) -> str:
        """The body every view shows and the index searches, line for line with ``body``.

        A page saved from a website loses its site chrome and hashtag row and
        gains question headings; see :mod:`zo_reader.core.conventions`.
        ``body`` stays as written, for ``read --format markdown``.
        """
        from zo_reader.core.conventions import reading_markdown  # models stay import-light

        return reading_markdown(self.body, front_matter=self.body_line > 1)


@dataclass(frozen=True, slots=True)
class SnippetPart:
    """One run of snippet text; ``matched`` marks words that matched the query."""

    text: str
    matched: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: the article summary, its rank and a marked snippet.

    Attributes:
        article: Summary of the matching article.
        score: BM25 score; lower is better, as SQLite reports it.
        snippet: Text around the best match, split into matched and plain runs.
    """

    article: ArticleSummary
    score: float
    snippet: tuple[SnippetPart, ...] = ()

    def snippet_text(self, open_mark: str = "[", close_mark: str = "]") -> str:
        """The snippet as one string, with matched words wrapped in marks."""
        return "".join(
            f"{open_mark}{part.text}{close_mark}" if part.matched else part.text
            for part in self.snippet
        )

    @property
    def matched_words(self) -> tuple[str, ...]:
        """The distinct matched words in the snippet, in order of appearance."""
        seen: dict[str, None] = {}
        for part in self.snippet:
            if part.matched:
                seen.setdefault(part.text, None)
        return tuple(seen)
