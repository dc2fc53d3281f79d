"""Obsidian vaults: wikilinks, embeds and callouts read as Markdown, and links by a note's name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cpu import least_cpu_seconds
from zo_reader.core.article_text import article_from_text
from zo_reader.core.conventions import obsidian, read_conventions
from zo_reader.core.index import Library
from zo_reader.core.link_names import LinkNames, Named, for_library
from zo_reader.core.links import LinkTarget, resolve_link, shown_link
from zo_reader.core.render import render_article_text
from zo_reader.core.sources.folder import FolderSource
from zo_reader.core.tags import hashtags

VAULT = Path(__file__).resolve().parents[1] / "fixtures" / "obsidian-vault"


def reading(body: str) -> str:
    """The reading body, computed afresh (the conventions' cache is bypassed)."""
    return read_conventions.__wrapped__(body, front_matter=False).markdown


@pytest.mark.parametrize(
    "written, read",
    [
        ("[[Note]]", "[Note](wiki:Note)"),
        ("[[Note|an alias]]", "[an alias](wiki:Note)"),
        ("[[Note#The Heading]]", "[Note > The Heading](wiki:Note#The%20Heading)"),
        ("[[#Local heading]]", "[Local heading](wiki:#Local%20heading)"),
        ("[[folder/Note.md|x]]", "[x](wiki:folder/Note.md)"),
        ("[[Note#A#B]]", "[Note > A > B](wiki:Note#B)"),
        ("[[Note#^block1]]", "[Note](wiki:Note)"),
        ("[[Note (draft)*]]", r"[Note (draft)\*](wiki:Note%20%28draft%29%2A)"),
        ("![[picture.png]]", "![picture.png](wiki:picture.png)"),
        ("![[pictures/cat.jpg|300]]", "![cat.jpg](wiki:pictures/cat.jpg)"),
        ("![[cat.jpg|A sleeping cat]]", "![A sleeping cat](wiki:cat.jpg)"),
        ("![[Note]]", "[Note](wiki:Note)"),
        ("![[guide.pdf]]", "[guide.pdf](wiki:guide.pdf)"),
        ("| a | [[Note\\|alias]] |", "| a | [alias](wiki:Note) |"),
        # Malformed: kept as text, never a link to nothing.
        ("[[", "[["),
        ("[[]]", "[[]]"),
        ("[[#]]", "[[#]]"),
        ("[[|x]]", "[[|x]]"),
        ("[[a|]]", "[a](wiki:a)"),
        ("[[ unclosed", "[[ unclosed"),
        ("[[[[x", "[[[[x"),
        # Code is code.
        ("`[[Note]]` and [[Note]]", "`[[Note]]` and [Note](wiki:Note)"),
        ("``a ` [[x]]`` [[y]]", "``a ` [[x]]`` [y](wiki:y)"),
    ],
)
def test_wikilinks_become_markdown_links(written: str, read: str) -> None:
    assert reading(written) == read


@pytest.mark.parametrize(
    "written, read",
    [
        ("> [!tip] Keep it short", "> **Tip:** Keep it short"),
        ("> [!WARNING]-", "> **Warning**"),
        ("> [!faq]+ Why?\n> Because.", "> **Faq:** Why?  \n> Because."),
        ("> > [!my-type] Nested", "> > **My type:** Nested"),
        ("> [!note] See [[Note]]", "> **Note:** See [Note](wiki:Note)"),
        ("A [!tip] in prose", "A [!tip] in prose"),
    ],
)
def test_callouts_become_labelled_quotes(written: str, read: str) -> None:
    assert reading(written) == read


def test_code_blocks_toml_tables_and_line_places_are_kept() -> None:
    body = "[[A]]\n\n```\n[[B]]\n```\n\n    [[C]] indented code\n\n[[menus.main]]\nname = 'x'\n"
    read = reading(body)
    assert read.split("\n") == [
        "[A](wiki:A)",
        "",
        "```",
        "[[B]]",
        "```",
        "",
        "    [[C]] indented code",
        "",
        "[[menus.main]]",
        "name = 'x'",
        "",
    ]


def test_wikilink_fragments_are_never_tags() -> None:
    body = "See [[#Heading]], [[Note#Part|p]] and ![[pic.png#x]]; a real #tag.\n"
    assert hashtags(body) == ["tag"]
    article = article_from_text("home", "Home.md", (VAULT / "Home.md").read_text())
    assert [tag.display for tag in article.summary.tags] == ["garden", "project"]


def test_text_shows_link_text_and_lists_links_as_written() -> None:
    article = article_from_text("home", "Home.md", (VAULT / "Home.md").read_text())
    text = render_article_text(article)
    body, _, links = text.partition("\nLinks:\n")
    assert "Start with Alpha [1], or read the first note [1] and Beta > Details [2]." in body
    assert "Image: diagram.png" in body
    assert "> Tip: Keep notes short\n> One idea a note." in body
    assert "> Warning: Folded away" in body
    assert "[!tip]" not in body and "[!warning]" not in body
    assert "[[Alpha" not in body and "[[Beta" not in body and "[[Missing" not in body
    assert "`" not in body and "[[Not a link]]" in body  # code stays as written
    assert "[1] [[Alpha]]\n[2] [[Beta#Details]]" in links


NAMES = LinkNames(
    [
        Named("Home", "Home.md"),
        Named("Alpha", "Alpha.md"),
        Named("Projects/Gamma", "Projects/Gamma.md"),
        Named("Archive/Old/Gamma", "Archive/Old/Gamma.md"),
        Named("Daily/Standup", "Daily/Standup.md"),
    ]
)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("wiki:Alpha", LinkTarget("article", "wiki:Alpha", "Alpha")),
        ("wiki:alpha", LinkTarget("article", "wiki:alpha", "Alpha")),
        ("wiki:Alpha.md", LinkTarget("article", "wiki:Alpha.md", "Alpha")),
        ("wiki:Standup", LinkTarget("article", "wiki:Standup", "Daily/Standup")),
        # Two notes named Gamma: the shortest path wins, a path picks the other.
        ("wiki:Gamma", LinkTarget("article", "wiki:Gamma", "Projects/Gamma")),
        ("wiki:Old/Gamma", LinkTarget("article", "wiki:Old/Gamma", "Archive/Old/Gamma")),
        (
            "wiki:Alpha#The%20Big%20Part!",
            LinkTarget("article", "wiki:Alpha#The%20Big%20Part!", "Alpha", "the-big-part"),
        ),
        (
            "wiki:#Local%20heading",
            LinkTarget("anchor", "wiki:#Local%20heading", None, "local-heading"),
        ),
        ("wiki:Missing%20note", LinkTarget("article", "wiki:Missing%20note", "Missing note")),
    ],
)
def test_wikilinks_resolve_by_name_anywhere(url: str, expected: LinkTarget) -> None:
    assert resolve_link(url, "Daily/Today.md", NAMES) == expected


def test_wikilinks_without_the_library_resolve_by_path() -> None:
    assert resolve_link("wiki:Projects/Gamma", "Home.md").article_id == "Projects/Gamma"
    assert shown_link("wiki:Beta#No%20such%20heading") == "[[Beta#No such heading]]"
    assert shown_link("https://x.org/a#b") == "https://x.org/a#b"


def test_a_synced_vault_finds_notes_and_attachments_by_name(tmp_path: Path) -> None:
    with Library(FolderSource(VAULT), None) as library:
        library.sync()
        names = for_library(library)
        assert for_library(library) is names  # built once per version of the library
        assert names.vault
        assert resolve_link("wiki:standup", "Home.md", names).article_id == "Daily/Standup"
        attachment = resolve_link("wiki:diagram.png", "Home.md", names)
        assert attachment == LinkTarget("file", "wiki:diagram.png", "attachments/diagram.png")
        # In a vault an ordinary link also finds a note by its name.
        assert resolve_link("Gamma.md", "Daily/Standup.md", names).article_id == "Projects/Gamma"


# Hostile input: the rewrite is linear.

GROWTH: dict[str, Callable[[int], str]] = {
    "[[ runs": lambda n: "[[" * (50_000 * n),
    "unclosed wikilinks": lambda n: ("[[a " * 200 + "\n") * (100 * n),
    "wikilinks": lambda n: "[[Note#Part|alias]] " * (10_000 * n),
    "callout lines": lambda n: "> [!tip] t\n" * (10_000 * n),
    "quote markers": lambda n: ">" * (100_000 * n) + "[!tip]",
    "backticks and links": lambda n: "` [[a]] `` " * (10_000 * n),
    "table headers": lambda n: "[[a.b]]\n" * (10_000 * n),
}


@pytest.mark.parametrize("case", GROWTH)
def test_doubling_hostile_vault_text_about_doubles_its_time(case: str) -> None:
    small, large = GROWTH[case](1), GROWTH[case](2)
    one = least_cpu_seconds(lambda: (obsidian.rewrite(small), hashtags(small)))
    two = least_cpu_seconds(lambda: (obsidian.rewrite(large), hashtags(large)))
    assert two < 3 * one + 0.05, f"{case}: {one:.3f} s -> {two:.3f} s"
    assert reading(large).count("\n") == large.count("\n")  # every line kept in place
