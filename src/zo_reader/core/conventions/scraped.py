"""Pages saved from a website as plain text: site chrome, a title, question headings, hashtags.

A Q&A page copied from a content site has no Markdown structure, only its
shape: a few short lines of navigation and branding (``Logo``, the site's
name, ``Contact Us``, ``Search``), the title in capitals and then again in
normal case, paragraphs with a standalone question line before each answer,
and a run-together row of hashtags at the end. This module recognises that
shape from the text alone, so that the title is the sentence a reader sees,
the chrome is neither shown nor searched, and the questions are headings in
every view.

Only a *plain page* is read this way: one without front matter and without a
Markdown heading. Ordinary Markdown keeps its own structure untouched.

The rewrite keeps every line where it was (chrome becomes a blank line, a
question gains ``## ``), so line numbers in ``check`` findings, reading
positions and the index still point at the same place in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEAD_LINES = 60
"""Lines read for chrome and a title: navigation never runs longer on a real page."""

_MAX_CHROME_WORDS = 4
_MAX_CHROME_CHARACTERS = 40
_MAX_TITLE_WORDS = 25
_MAX_TITLE_CHARACTERS = 200
_MAX_QUESTION_WORDS = 30
_MAX_QUESTION_CHARACTERS = 250
_MIN_PROSE_WORDS = 8

# Words a site's header is made of. A lone short line is chrome only when it is
# one of these or sits in a run of short lines before the title: "Sleep" alone
# above a paragraph is the article's title, not navigation.
CHROME_WORDS = frozenset(
    {
        "logo",
        "home",
        "homepage",
        "about",
        "about us",
        "menu",
        "main menu",
        "open menu",
        "close menu",
        "toggle navigation",
        "navigation",
        "contact",
        "contact us",
        "search",
        "subscribe",
        "newsletter",
        "sign in",
        "sign up",
        "log in",
        "login",
        "register",
        "skip to content",
        "skip to main content",
        "blog",
        "articles",
        "shop",
        "cart",
        "account",
        "my account",
        "donate",
        "share",
        "follow us",
        "categories",
        "topics",
        "latest",
        "popular",
        "trending",
        "advertisement",
        "sponsored",
        "privacy policy",
        "terms",
        "faq",
        "help",
        "close",
    }
)

# A Markdown heading anywhere (ATX "# x", or a setext "===" underline) makes a
# text ordinary Markdown. A hashtag row ("#a#b") is not a heading: no space.
_ATX_HEADING = re.compile(r"(?:^|\n) {0,3}#{1,6}(?:[ \t]|\n|$)")
_SETEXT_EQUALS = re.compile(r"\n {0,3}=+[ \t]*(?:\n|$)")
_FENCE = re.compile(r"(?:^|\n) {0,3}(?:```|~~~)")
# A line of hashtags only, run together or spaced: the page's tag row.
_HASHTAG_ROW = re.compile(r"[ \t]*#[^\W\d_][\w/-]*(?:[ \t]*#[\w/-]*[^\W\d_][\w/-]*)*[ \t]*")
_RUN_TOGETHER_ROW = re.compile(r"[ \t]*#[\w/-]*[^\W\d_][\w/-]*(?:#[\w/-]*[^\W\d_][\w/-]*)+[ \t]*")
# A line that starts like a Markdown list item, quote, table or HTML: never a title or question.
_BLOCK_MARKER = re.compile(r"^ {0,3}(?:[-+*>|<]|\d{1,9}[.)])")
_SPACES = re.compile(r"\s+")
_END_PUNCTUATION = ".!?:;,…"


@dataclass(frozen=True, slots=True)
class PageShape:
    """What was recognised in a plain page (all line numbers 0-based).

    Attributes:
        title: The title a reader sees, or ``None`` when no title line was found.
        hidden: Lines that are not part of the article's text: chrome, the
            title line(s) (shown once, in the header) and the hashtag row.
        questions: Lines that are question headings.
    """

    title: str | None
    hidden: frozenset[int]
    questions: tuple[int, ...]


def is_plain_page(body: str) -> bool:
    """Whether ``body`` has no Markdown heading (and so may be read by its shape)."""
    return _ATX_HEADING.search(body) is None and _SETEXT_EQUALS.search(body) is None


def analyse(body: str) -> PageShape:
    """Recognise chrome, title, questions and the hashtag row of a plain page.

    Args:
        body: The text of a page that :func:`is_plain_page` accepted.

    Returns:
        The shape found; empty (no title, nothing hidden) when the text has none.
    """
    lines = body.split("\n")
    hidden: set[int] = set()
    title, title_lines, chrome = _title_and_chrome(lines)
    hidden.update(chrome)
    hidden.update(title_lines)
    row = _trailing_hashtag_row(lines, _HASHTAG_ROW)
    if row is not None:
        hidden.add(row)
    start = max(title_lines, default=-1) + 1
    questions = _questions(lines, start, hidden, has_fences=_FENCE.search(body) is not None)
    return PageShape(title=title, hidden=frozenset(hidden), questions=questions)


def trailing_tag_row(body: str) -> int | None:
    """The 0-based line of a run-together hashtag row ending any article (``#a#b``), if any.

    Shown as tags rather than as body text even in ordinary Markdown: a run of
    tags with no spaces between them is never prose.
    """
    if "#" not in body[-4000:]:
        return None
    tail_start = body.rfind("\n", 0, max(0, len(body) - 4000)) + 1
    lines = body[tail_start:].split("\n")
    row = _trailing_hashtag_row(lines, _RUN_TOGETHER_ROW)
    if row is None:
        return None
    return body.count("\n", 0, tail_start) + row


def rewrite(body: str, shape: PageShape) -> str:
    """``body`` with hidden lines blanked and questions made ``##`` headings, line for line."""
    if not shape.hidden and not shape.questions:
        return body
    lines = body.split("\n")
    for number in shape.hidden:
        lines[number] = ""
    for number in shape.questions:
        lines[number] = "## " + lines[number].strip()
    return "\n".join(lines)


def readable_case(text: str) -> str:
    """A line in capitals as a sentence: ``HOW DO I REST?`` becomes ``How do I rest?``.

    Words with digits keep their form (``COVID-19``); ``I`` stays a capital.
    Only an all-capitals line is changed.
    """
    if not _is_capitals(text):
        return text
    words = []
    for position, word in enumerate(_SPACES.sub(" ", text.strip()).split(" ")):
        if any(ch.isdigit() for ch in word):
            words.append(word)
            continue
        lowered = word.lower()
        bare = lowered.strip("\"'“”‘’()[]")
        if bare in {"i", "i'm", "i've", "i'd", "i'll"}:
            lowered = lowered.replace("i", "I", 1)
        words.append(lowered[:1].upper() + lowered[1:] if position == 0 else lowered)
    return " ".join(words)


def _title_and_chrome(lines: list[str]) -> tuple[str | None, tuple[int, ...], tuple[int, ...]]:
    """The title, the line(s) that held it, and the chrome lines before it."""
    blocks = _blocks(lines, HEAD_LINES)
    short_run: list[int] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if len(block) == 1:
            number = block[0]
            text = lines[number].strip()
            if _is_capitals(text) and _could_be_title(text) and not _is_chrome_word(text):
                return _capitals_title(lines, number, following, short_run)
            if following is not None and _is_title_line(text) and _is_prose(lines, following):
                # A lone short line that is not a site's word ("Relationships" above
                # the title) is a kicker: it stays in the text, the title is still found.
                chrome = tuple(short_run) if _is_chrome_run(lines, short_run) else ()
                return text, (number,), chrome
        if not all(_is_short(lines[number]) for number in block):
            return None, (), ()  # prose before any title: there is no chrome to find
        short_run.extend(block)
    return None, (), ()


def _capitals_title(
    lines: list[str], number: int, following: list[int] | None, short_run: list[int]
) -> tuple[str | None, tuple[int, ...], tuple[int, ...]]:
    """A capitals title line, with the same sentence in normal case after it if there is one."""
    text = lines[number].strip()
    chrome = tuple(short_run)  # short lines above a capitals title are the site's
    if following is not None and len(following) == 1:
        again = lines[following[0]].strip()
        if not _is_capitals(again) and _same_sentence(text, again):
            return again, (number, following[0]), chrome
    return readable_case(text), (number,), chrome


def _blocks(lines: list[str], limit: int) -> list[list[int]]:
    """Groups of consecutive non-blank line numbers among the first ``limit`` lines."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for number, line in enumerate(lines[:limit]):
        if line.strip():
            current.append(number)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _words(text: str) -> int:
    return len(text.split())


def _is_capitals(text: str) -> bool:
    """All cased letters are capitals, and there are at least four letters."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(not ch.islower() for ch in letters)


def _could_be_title(text: str) -> bool:
    return (
        _words(text) >= 2
        and len(text) <= _MAX_TITLE_CHARACTERS
        and _words(text) <= _MAX_TITLE_WORDS
        and not _BLOCK_MARKER.match(text)
    )


def _is_title_line(text: str) -> bool:
    """A line that reads as a title: not too long, not a sentence ending in a full stop."""
    return (
        _could_be_title(text) or (_words(text) == 1 and len(text) <= _MAX_CHROME_CHARACTERS)
    ) and not text.endswith((".", ",", ";", ":"))


def _is_short(line: str) -> bool:
    """A line of navigation's length: a few words, no sentence punctuation at its end."""
    text = line.strip()
    return (
        _words(text) <= _MAX_CHROME_WORDS
        and len(text) <= _MAX_CHROME_CHARACTERS
        and not text.endswith(tuple(_END_PUNCTUATION))
        and not _BLOCK_MARKER.match(text)
    )


def _is_chrome_word(text: str) -> bool:
    return _SPACES.sub(" ", text.strip(" |·•-–—/\t")).casefold() in CHROME_WORDS


def _is_chrome_run(lines: list[str], numbers: list[int]) -> bool:
    """Whether short lines before a normal-case title are a site's header.

    Two or more such lines are a header; one is only if it is a word sites
    use for navigation, so a one-word kicker above a title stays (as the title's
    own line, the article keeps it: nothing real is dropped).
    """
    if not numbers:
        return False
    if len(numbers) >= 2:
        return True
    return _is_chrome_word(lines[numbers[0]])


def _is_prose(lines: list[str], block: list[int]) -> bool:
    """A block of prose: a sentence or more, not a list of short items."""
    text = " ".join(lines[number].strip() for number in block)
    if len(block) == 1 and text.endswith("?") and _could_be_title(text):
        return False  # a standalone question is a title or a heading, not the text under one
    return _words(text) >= _MIN_PROSE_WORDS and not _BLOCK_MARKER.match(text)


def _same_sentence(first: str, second: str) -> bool:
    """Whether two lines say the same words (case, spacing and end punctuation aside)."""

    def key(text: str) -> str:
        return _SPACES.sub(" ", text.strip().rstrip(_END_PUNCTUATION)).casefold()

    return key(first) == key(second)


def _trailing_hashtag_row(lines: list[str], pattern: re.Pattern[str]) -> int | None:
    """The index of the last non-blank line if it is a row of hashtags."""
    for number in range(len(lines) - 1, -1, -1):
        if lines[number].strip():
            return number if pattern.fullmatch(lines[number]) else None
    return None


# A standalone line ending in "?": a blank line (or the start) before it, a blank line after.
_QUESTION_LINE = re.compile(r"(?:^|\n)[ \t]*\n([^\n]*\?)[ \t]*(?=\n[ \t]*\n)", re.MULTILINE)


def _questions(
    lines: list[str], start: int, hidden: set[int], *, has_fences: bool
) -> tuple[int, ...]:
    """Standalone question lines between paragraphs, after the title.

    Found with one regular expression over the text (hidden lines blanked)
    rather than a loop over lines: a plain page may be a 50 MB log.
    """
    shown = list(lines)
    for number in hidden:
        shown[number] = ""
    text = "\n" + "\n".join(shown[start:]) + "\n\n"
    fences = _fenced_lines(shown[start:]) if has_fences else frozenset()
    found: list[int] = []
    line, position = start - 1, 0  # the "\n" put first is line start - 1
    for match in _QUESTION_LINE.finditer(text):
        line += text.count("\n", position, match.start(1))
        position = match.start(1)
        candidate = match.group(1)
        stripped = candidate.strip()
        if (
            line - start not in fences
            and _words(stripped) <= _MAX_QUESTION_WORDS
            and len(stripped) <= _MAX_QUESTION_CHARACTERS
            and not _BLOCK_MARKER.match(candidate)
            and not candidate.startswith(("    ", "\t"))
            and _has_text_after(shown, line + 1)
        ):
            found.append(line)
    return tuple(found)


def _fenced_lines(lines: list[str]) -> frozenset[int]:
    """Lines inside (or opening and closing) fenced code."""
    inside: set[int] = set()
    fence = False
    for number, text in enumerate(lines):
        if text.lstrip(" ").startswith(("```", "~~~")):
            fence = not fence
            inside.add(number)
        elif fence:
            inside.add(number)
    return frozenset(inside)


def _has_text_after(lines: list[str], start: int) -> bool:
    """Whether a paragraph follows line ``start`` (a question heads something).

    Stops at the first line with text, so a page of many questions costs one
    look ahead each, not a scan to the end.
    """
    return any(lines[number].strip() for number in range(start, len(lines)))
