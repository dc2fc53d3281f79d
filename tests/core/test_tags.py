"""Tags: normalisation and hashtags from text, never from headings, code or URLs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
