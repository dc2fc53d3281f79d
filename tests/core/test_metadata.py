"""Titles, dates and tags from the conventions of Obsidian, Jekyll and Hugo (issue 11).

The fixtures in ``tests/fixtures/metadata`` are written for these tests: a
vault with ``.obsidian/``, a Jekyll ``_posts`` folder and a Hugo ``content``
folder with section pages. Each is read the way ``zo-reader list`` reads it,
through :class:`FolderSource`, and checked with ``check_folder``.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tests.conftest import write
from zo_reader.core.article_text import article_from_text
from zo_reader.core.check import check_folder
from zo_reader.core.check_links import title_missing
from zo_reader.core.document import layout, parse_markdown
from zo_reader.core.file_names import name_date, pretty_name
from zo_reader.core.index import Library
from zo_reader.core.models import Article
from zo_reader.core.render import render_article_text
from zo_reader.core.sources.folder import FolderSource

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
METADATA = FIXTURES / "metadata"


def articles(root: Path) -> dict[str, Article]:
    source = FolderSource(root)
    loaded = (source.load(entry).article for entry in source.entries())
    return {article.id: article for article in loaded if article is not None}


def test_a_vault_note_is_titled_by_its_file_name_as_written() -> None:
    notes = articles(METADATA / "vault")
    daily = notes["Daily note 2023-01-05"]
    assert daily.title == "Daily note 2023-01-05"
    assert [tag.display for tag in daily.summary.tags] == ["sleep", "mood/low", "habits/reading"]
    # Its heading is the note's own, not its title; nor is an opening one in a vault.
    assert notes["2023-01-06"].title == "2023-01-06"
    assert notes["2023-01-06"].summary.date == "2023-01-06"
    assert notes["Projects/colour-notes"].title == "colour-notes"  # not "Colour notes"


def test_a_vault_note_s_front_matter_title_and_tags_win() -> None:
    note = articles(METADATA / "vault")["Projects/Reading list"]
    assert note.title == "Books to read this winter"
    assert [tag.display for tag in note.summary.tags] == ["books", "reading/winter", "someday"]


def test_colours_are_not_tags_unless_written_in_a_tag_field() -> None:
    note = articles(METADATA / "vault")["Projects/colour-notes"]
    assert [tag.key for tag in note.summary.tags] == ["c0ffee", "design"]


def test_the_vault_flag_survives_pickling_for_worker_processes() -> None:
    source = FolderSource(METADATA / "vault")
    copy = pickle.loads(pickle.dumps(source))
    assert copy.vault is True
    entry = next(e for e in copy.entries() if e.path == "2023-01-06.md")
    article = copy.load(entry).article
    assert article is not None
    assert article.title == "2023-01-06"


def test_without_a_vault_folder_only_a_note_with_wikilinks_is_named_as_written(
    tmp_path: Path,
) -> None:
    write(tmp_path, "Linked note.md", "See [[Other note]] for more.\n\n## Part\n")
    write(tmp_path, "plain-note.md", "Just prose.\n")
    write(tmp_path, "toml.md", "Config:\n\n```toml\n[[params]]\nx = 1\n```\n")
    found = articles(tmp_path)
    assert FolderSource(tmp_path).vault is False
    assert found["Linked note"].title == "Linked note"
    assert found["plain-note"].title == "Plain note"
    assert found["toml"].title == "Toml"  # a TOML table in code is not a wikilink


def test_a_jekyll_post_is_dated_titled_and_tagged_from_its_name_and_categories() -> None:
    posts = articles(METADATA / "jekyll")
    first = posts["_posts/2023-07-14-title"]
    assert (first.title, first.summary.date) == ("Title", "2023-07-14")
    assert [tag.key for tag in first.summary.tags] == ["release"]
    second = posts["_posts/2023-08-01-my-first-post"]
    assert (second.title, second.summary.date) == ("My first post", "2023-08-01")
    # "categories: team community" is two; Liquid's "#y" and "#z" are no tags.
    assert [tag.key for tag in second.summary.tags] == ["team", "community", "meetup"]
    third = posts["_posts/2023-09-10-dated-in-front-matter"]
    assert third.summary.date == "2023-09-11"  # the front matter's date wins
    assert [tag.key for tag in third.summary.tags] == ["notes", "tips"]


def test_hugo_section_pages_and_page_bundles_are_named_by_their_folder() -> None:
    pages = articles(METADATA / "hugo" / "content")
    assert pages["_index"].title == "Welcome to the handbook"
    assert pages["docs/_index"].title == "Docs"
    assert pages["docs/install-guide/index"].title == "Install guide"
    assert pages["docs/install"].title == "install"  # the front matter's, as written
    # A comment and a shortcode over several lines come before the opening heading.
    assert pages["docs/figures"].title == "Figures and diagrams"
    assert pages["docs/figures"].summary.tags == ()  # "#notatag", "#ddd", "#top": markup
    assert pages["docs/later-heading"].title == "Later heading"


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("vault", set()),
        ("jekyll", set()),
        ("hugo/content", {"docs/later-heading.md"}),
    ],
)
def test_check_reports_title_missing_only_for_a_file_name_made_readable(
    folder: str, expected: set[str]
) -> None:
    report = check_folder(FolderSource(METADATA / folder), workers=1)
    assert {f.path for f in report.findings if f.code == "title-missing"} == expected
    assert not [f for f in report.findings if f.code != "title-missing"]


def test_the_index_agrees_with_the_files_about_a_missing_title(tmp_path: Path) -> None:
    """An article read back from the index has no record of where its title came from."""
    write(tmp_path, "sleep-and-mood.md", "---\ntitle: Sleep and mood\n---\n\nText.\n")
    write(tmp_path, "no-title-here.md", "---\ndate: 2024-01-01\n---\n\nText.\n")
    write(tmp_path, "prose-first.md", "Text before.\n\n# Late heading\n")
    source = FolderSource(tmp_path)
    with Library(source, None) as library:
        library.sync()
        stored = {s.id: title_missing(library.get(s.id)) for s in library.list_articles()}
    loaded = {a.id: title_missing(a) for a in articles(tmp_path).values()}
    assert loaded == {"sleep-and-mood": False, "no-title-here": True, "prose-first": True}
    # From the index, a front-matter file whose title is its readable name is given the
    # benefit of the doubt: it may have set that very title.
    assert stored == {**loaded, "no-title-here": False}


@pytest.mark.parametrize(
    "body",
    [
        "<!--\nA comment before the text.\n-->\n\nThe text begins.\n",
        "> [!NOTE]\n> A callout first.\n",
        ":year\n\nA token first.\n",
        "{{< shortcode >}}\n\nText.\n",
        "---\n\nText after a rule.\n",
        "![A picture](picture.png)\n\nText.\n",
        '<div class="intro">Hello there</div>\n',
        "Text first.\n\n# A heading after prose\n",
    ],
)
def test_a_title_is_never_a_raw_line(body: str) -> None:
    assert article_from_text("a", "notes/sleep-and-mood.md", body).title == "Sleep and mood"


def test_a_plain_page_starting_with_prose_is_named_by_its_file() -> None:
    name = "morning-anxiety.txt"
    text = (FIXTURES / "scraped" / name).read_text(encoding="utf-8")
    article = article_from_text("morning-anxiety", name, text)
    assert article.title == "Morning anxiety"
    assert not title_missing(article)  # a text file has nowhere but its name for a title


@pytest.mark.parametrize(
    ("name", "pretty"),
    [
        ("sleep-and-mood", "Sleep and mood"),
        ("snake_case_name", "Snake case name"),
        ("README", "README"),
        ("iPhone-tips", "iPhone tips"),
        ("jekyll-1-0-0-released", "Jekyll 1-0-0 released"),
    ],
)
def test_file_names_are_made_readable(name: str, pretty: str) -> None:
    assert pretty_name(name) == pretty


def test_only_a_real_date_in_a_name_is_a_date() -> None:
    assert name_date("_posts/2023-07-14-title.md") == "2023-07-14"
    assert name_date("2023-02-30-not-a-day.md") is None
    assert name_date("notes-2023-07-14.md") is None
    bad = article_from_text("a", "2023-07-14-a.md", "---\ndate: someday\n---\nText.")
    assert bad.summary.date is None  # a bad date field is reported, not replaced


def test_an_html_image_is_described_like_a_markdown_image() -> None:
    page = articles(METADATA / "hugo" / "content")["docs/figures"]
    shown = render_article_text(page)
    assert "Image: A flow chart of the build" in shown
    assert "described one Image: gear icon." in shown
    assert "inline Image icon" in shown  # no alt: "Image", as for Markdown
    assert "<img" not in shown
    styled = layout(parse_markdown(page.reading_body), 80)
    texts = ["".join(span.text for span in line.spans) for line in styled.lines]
    assert "[Image: A flow chart of the build]" in texts
    assert any("described one [Image: gear icon]." in text for text in texts)
