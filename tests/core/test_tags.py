"""Tags: normalisation and hashtags from text, never from headings, code or URLs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cpu import least_cpu_seconds
from zo_reader.core.article_text import article_from_text
from zo_reader.core.sanitize import is_clean
from zo_reader.core.tags import hashtags, make_tag, normalise_tag, unique_tags


def test_normalisation_casefolds_trims_and_composes() -> None:
    assert normalise_tag("  Sleep  ") == "sleep"
    assert normalise_tag("#Sleep") == "sleep"
    assert normalise_tag("Cafe\u0301") == normalise_tag("Café") == "café"
    assert normalise_tag("STRASSE") == normalise_tag("straße")
    assert normalise_tag("two   words") == "two words"


def test_display_form_is_kept_and_duplicates_merge() -> None:
    tags = unique_tags(["Sleep", "sleep", " SLEEP ", "Rest"])
    assert [(t.key, t.display) for t in tags] == [("sleep", "Sleep"), ("rest", "Rest")]
    assert make_tag("  ") is None
    assert make_tag("#") is None


def test_run_together_hashtag_line() -> None:
    assert hashtags("Text.\n\n#sleephygiene#eveningwalk#Self-Care") == [
        "sleephygiene",
        "eveningwalk",
        "Self-Care",
    ]


def test_inline_hashtags_obsidian_style() -> None:
    assert hashtags("I went for a #walk (#outdoors) and felt #better.") == [
        "walk",
        "outdoors",
        "better",
    ]
    assert hashtags("Nested #area/sub-topic tags") == ["area/sub-topic"]


def test_no_hashtags_from_headings_code_urls_or_numbers() -> None:
    body = "\n".join(
        [
            "# Heading",
            "## #NotATag in heading",
            "`#inline-code` and ``#double `x` code``",
            "See https://example.com/page#fragment and <https://x.org/#y>",
            "A [link](#anchor) and [ref][r] and C# and issue #42 and &#35; entity",
            "",
            "```",
            "#fenced",
            "```",
            "",
            "    #indented-code",
            "",
            "[r]: https://example.com/#refdef",
            "~~~md",
            "#tilde-fenced",
            "~~~",
        ]
    )
    assert hashtags(body) == []


def test_tags_from_front_matter_and_text_are_merged() -> None:
    article = article_from_text(
        "a", "a.md", "---\ntags: [Sleep]\n---\nAbout #sleep and #rest.\n\n#calm#SLEEP"
    )
    assert [t.display for t in article.summary.tags] == ["Sleep", "rest", "calm"]


def test_hostile_tags_are_cleaned() -> None:
    yaml_escapes = '---\ntags: ["\\e]0;pwned\\aevil", "a\\u202eb"]\n---\nx'
    article = article_from_text("a", "a.md", yaml_escapes)
    assert [t.display for t in article.summary.tags] == ["evil", "ab"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_clean_tags(text: str) -> None:
    for found in hashtags(text):
        tag = make_tag(found)
        assert tag is None or (is_clean(tag.display) and "\n" not in tag.display)


# --- markup and colours (issue 11) ----------------------------------------------------------


def test_no_hashtags_from_html_attributes_or_css() -> None:
    assert hashtags('<div style="color:#ddd">Grey</div> #kept') == ["kept"]
    assert hashtags('<span style="color: #abcdef">x</span> <a href="#x">up</a>') == []
    assert hashtags('<img\n  src="a.png"\n  data-tag="#attr"\n> and #kept') == ["kept"]
    assert hashtags("<style>\n.a { color: #ddd; }\n.b { border: 1px #menu; }\n</style>") == []
    assert hashtags("<script>\nlocation.hash = '#x';\n</script>\n") == []
    assert hashtags("<!-- #draft, not a tag -->\nText #kept") == ["kept"]
    assert hashtags("<span>#inside</span> is text after a tag") == []  # as before: "#" after ">"


def test_no_hashtags_from_shortcode_or_liquid_arguments() -> None:
    assert hashtags('{{< figure src="#x" >}} {{% note "#n" %}} #kept') == ["kept"]
    assert hashtags('{% include x.html param="#y" %} and {{ "#z" }}') == []
    assert hashtags('{{< img\n  filterArgs="a, #notatag"\n>}}\n\n#kept') == ["kept"]
    # A Liquid tag in a link's destination leaves the destination whole.
    assert hashtags("[notes]({% link _docs/history.md %}#v3-9-3) #kept") == ["kept"]
    # An unclosed "{{" or "{%" is text: it never hides the rest of the file.
    assert hashtags("{{ unclosed #one\n\n{% also #two") == ["one", "two"]


def test_hex_digits_alone_are_colours_not_tags() -> None:
    assert hashtags("#ddd #FF0000 #c0ffee #bad #abc123 #cafe") == []
    assert hashtags("#sleep #ddd-notes #f00d1e5 #1a2b3c #x0ffee") == [
        "sleep",
        "ddd-notes",
        "x0ffee",
    ]
    tagged = article_from_text("a", "a.md", "---\ntags: [c0ffee, bad]\n---\n#bad #good\n")
    assert [tag.key for tag in tagged.summary.tags] == ["c0ffee", "bad", "good"]


def test_nested_tags_inline_and_in_front_matter() -> None:
    text = (
        "---\ntags: [area/health, '#project/sleep']\n---\nNotes #area/health #project/sleep/log\n"
    )
    tags = article_from_text("a", "a.md", text).summary.tags
    assert [tag.display for tag in tags] == ["area/health", "project/sleep", "project/sleep/log"]


def test_categories_are_tags_as_jekyll_reads_them() -> None:
    def tags_of(front: str) -> list[str]:
        return [t.key for t in article_from_text("a", "a.md", f"---\n{front}\n---\nx").summary.tags]

    assert tags_of("category: release notes") == ["release notes"]  # one category
    assert tags_of("categories: team community") == ["team", "community"]
    assert tags_of("categories: team, community news") == ["team", "community news"]
    assert tags_of("categories: [a, b]\ntags: c") == ["c", "a", "b"]


MARKUP_GROWTH = {
    "unclosed shortcodes": lambda n: "{{ #a " * (20_000 * n),
    "closed shortcodes": lambda n: "{{ #a }} #b " * (10_000 * n),
    "unclosed tags": lambda n: "<a #x " * (20_000 * n),
    "unclosed style": lambda n: "<style>#a " * (10_000 * n),
    "unclosed comments": lambda n: "<!-- #a\n" * (10_000 * n),
}


@pytest.mark.parametrize("case", MARKUP_GROWTH)
def test_doubling_markup_about_doubles_the_hashtag_time(case: str) -> None:
    small, large = MARKUP_GROWTH[case](1), MARKUP_GROWTH[case](2)
    one = least_cpu_seconds(lambda: hashtags(small))
    two = least_cpu_seconds(lambda: hashtags(large))
    assert two < 3 * one + 0.05, f"{case}: {one:.3f} s -> {two:.3f} s"
