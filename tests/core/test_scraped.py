"""Pages saved from a website as plain text: chrome, title, question headings, hashtag row.

The fixtures in ``tests/fixtures/scraped`` are written for these tests in the
shape of real saved Q&A pages: a few lines of site navigation, a title in
capitals and again in normal case, standalone question lines before each
answer, and a row of hashtags at the end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cpu import least_cpu_seconds
from zo_reader.core.article_text import article_from_text
from zo_reader.core.conventions import read_conventions, reading_markdown, scraped
from zo_reader.core.frontmatter import split_front_matter
from zo_reader.core.render import render_article_text

ROOT = Path(__file__).resolve().parent.parent
SCRAPED = ROOT / "fixtures" / "scraped"
SAMPLES = ROOT.parent / "src" / "zo_reader" / "samples"


def load(name: str) -> tuple[str, str]:
    text = (SCRAPED / name).read_text(encoding="utf-8")
    return text, render_article_text(article_from_text(name.rsplit(".", 1)[0], name, text))


def test_chrome_title_questions_and_tag_row_of_a_saved_page() -> None:
    text, shown = load("resting-after-a-loss.txt")
    article = article_from_text("resting-after-a-loss", "resting-after-a-loss.txt", text)
    assert article.title == "Why is it so hard to rest after losing someone?"
    assert article.summary.summary.startswith("Grief does not keep office hours.")
    assert [tag.display for tag in article.summary.tags] == [
        "grief",
        "restfulsleep",
        "eveningroutine",
        "selfcare",
        "bereavement",
    ]
    lines = shown.split("\n")
    assert lines[0] == "Heading 1: Why is it so hard to rest after losing someone?"
    for chrome in ("Menu", "CalmHaven", "Home", "About", "Subscribe"):
        assert chrome not in lines, chrome
    assert "WHY IS IT SO HARD" not in shown
    assert shown.count("rest after losing someone?") == 1  # the title is shown once
    assert "Heading 2: What helps the body settle in the evening?" in lines
    assert "Heading 2: When should someone ask for more support?" in lines
    assert "#grief" not in shown
    assert lines[1].startswith("Tags: grief, restfulsleep")  # the row is shown as tags


def test_a_capitals_title_alone_is_put_in_readable_case() -> None:
    text, shown = load("anger-between-partners.txt")
    article = article_from_text("a", "anger-between-partners.txt", text)
    assert article.title == "How can couples argue without hurting each other?"
    for chrome in ("Skip to content", "Logo", "WellNest Magazine", "Search"):
        assert chrome not in shown.split("\n")
    assert "Heading 2: Is it better to stop an argument or finish it?" in shown
    assert [tag.key for tag in article.summary.tags] == [
        "communication",
        "couples",
        "anger",
        "repair",
    ]
    assert "#communication" not in shown


def test_a_normal_case_title_line_above_prose_is_the_title() -> None:
    text, shown = load("first-sober-summer.md")
    article = article_from_text("f", "first-sober-summer.md", text)
    assert article.title == "What I wish I had known about my first sober summer"
    assert article.summary.summary.startswith("Summer used to mean long evenings")
    assert "Heading 2: How do you handle barbecues and parties?" in shown
    assert "Heading 2: What do you say when someone offers you a beer?" in shown


def test_a_real_first_paragraph_is_never_chrome() -> None:
    text, shown = load("morning-anxiety.txt")
    assert "My mornings used to start with a knot in my stomach" in shown
    assert "Heading 2: Why does anxiety peak in the morning?" in shown
    shape = scraped.analyse(text)
    assert shape.hidden == frozenset()


@pytest.mark.parametrize(
    "text",
    [
        # A kicker: one short line that is not a site's word, above the title.
        "Relationships\n\nHow do I talk about money with my partner?\n\n"
        "Money is one of the most common sources of tension in couples, and talking early helps.",
        # A short poem-like opening: short lines, but no title line above prose.
        "roses\nare red\n\nviolets\nare blue\n",
    ],
)
def test_short_lines_that_are_the_page_s_own_are_kept(text: str) -> None:
    markdown = reading_markdown(text)
    for word in ("Relationships", "roses", "violets"):
        if word in text:
            assert word in markdown


def test_a_kicker_stays_and_the_title_is_still_found() -> None:
    text = (
        "Relationships\n\nHow do I talk about money with my partner?\n\n"
        "Money is one of the most common sources of tension in couples, and talking early helps."
    )
    reading = read_conventions(text, front_matter=False)
    assert reading.title == "How do I talk about money with my partner?"
    assert reading.markdown.startswith("Relationships\n")


def test_line_numbers_are_kept() -> None:
    text = (SCRAPED / "resting-after-a-loss.txt").read_text(encoding="utf-8")
    markdown = reading_markdown(text)
    assert markdown.count("\n") == text.count("\n")
    for before, after in zip(text.split("\n"), markdown.split("\n"), strict=True):
        assert after in ("", before, "## " + before)


def test_readable_case() -> None:
    assert scraped.readable_case("HOW DO I REST WHEN I'M ANXIOUS?") == (
        "How do I rest when I'm anxious?"
    )
    assert scraped.readable_case("LIVING WITH COVID-19") == "Living with COVID-19"
    assert scraped.readable_case("Already Normal") == "Already Normal"


def test_questions_are_headings_only_in_plain_pages() -> None:
    text = "# Notes\n\nSome text here.\n\nIs this a question?\n\nMore text follows it here.\n"
    assert reading_markdown(text) == text  # a Markdown heading: ordinary Markdown
    front = "Some text here.\n\nIs this a question?\n\nMore text follows it here.\n"
    assert reading_markdown(front, front_matter=True) == front
    assert "## Is this a question?" in reading_markdown(front)


def test_questions_in_lists_code_and_paragraphs_are_not_headings() -> None:
    text = (
        "Opening paragraph of the page that is long enough to be prose for sure.\n\n"
        "- is a list item a question?\n\n"
        "```\nwhat about code?\n```\n\n"
        "A line that asks?\nand goes on in the same paragraph.\n\n"
        "Last question at the very end?\n"
    )
    assert "## " not in reading_markdown(text)


SAMPLE_FILES = sorted(
    path
    for folder in (SAMPLES, ROOT / "fixtures" / "articles", ROOT / "fixtures" / "check")
    for path in folder.rglob("*")
    if path.suffix in {".md", ".markdown", ".txt"} and path.parent.name != "saved-pages"
)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_ordinary_markdown_is_unchanged(path: Path) -> None:
    """Samples and fixtures keep their body, headings and title.

    Only a trailing run-together row of tags may go (it becomes the article's
    tags), and a plain ``.txt`` page's own first line, when it is the title
    (shown once, in the header, as it was already titled).
    """
    text = path.read_text(encoding="utf-8", errors="replace")
    front = split_front_matter(text)
    reading = read_conventions(front.body, front_matter=front.body_line > 1)
    before = front.body.split("\n")
    after = reading.markdown.split("\n")
    assert not any(line.startswith("## ") and line[3:] in before for line in after)
    changed = [number for number, line in enumerate(after) if line != before[number]]
    assert all(after[number] == "" for number in changed)
    last = max((index for index, line in enumerate(before) if line.strip()), default=-1)
    first = min((index for index, line in enumerate(before) if line.strip()), default=-1)
    for number in changed:
        if number == first and reading.title is not None:
            assert reading.title == before[number].strip()  # the title it always had
        else:
            assert number == last and before[number].startswith("#"), (number, before[number])


def test_the_sample_tag_row_is_shown_as_tags_not_text() -> None:
    path = SAMPLES / "small-daily-walks.md"
    article = article_from_text("small-daily-walks", path.name, path.read_text(encoding="utf-8"))
    shown = render_article_text(article)
    assert "#lowmood" not in shown
    assert "Tags: lowmood, movement, eveningwalk, wellbeing" in shown


def _cpu(text: str) -> float:
    return least_cpu_seconds(lambda: read_conventions.__wrapped__(text, front_matter=False), 1)


@pytest.mark.parametrize(
    "unit",
    [
        "Is this a question?\n\n",  # every line a question heading
        "word " * 40 + "?\n\n",  # long lines ending in a question mark
        "??????????\n\n",
        "Short\n",  # a page of short lines: chrome-like everywhere
    ],
)
def test_shape_reading_is_linear(unit: str) -> None:
    """Doubling the text at most about doubles the work (CPU time, best of three)."""
    small = unit * 20_000
    large = unit * 40_000
    small_cost = min(_cpu(small) for _ in range(3))
    large_cost = min(_cpu(large) for _ in range(3))
    assert large_cost < 3 * small_cost + 0.02
