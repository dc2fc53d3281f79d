"""Front matter: YAML and TOML fences, BOM and CRLF, and every kind of breakage."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from zo_reader.core.article_text import article_from_text
from zo_reader.core.frontmatter import split_front_matter


def test_yaml_front_matter_is_parsed_and_removed_from_the_body() -> None:
    front = split_front_matter("---\ntitle: Hello\ntags: [a, b]\n---\nBody text\n")
    assert front.fields == {"title": "Hello", "tags": ["a", "b"]}
    assert front.body == "Body text\n"
    assert front.body_line == 5
    assert front.problems == ()


def test_yaml_may_close_with_the_end_of_document_marker() -> None:
    front = split_front_matter("---\ntitle: Dots\n...\nBody")
    assert front.fields["title"] == "Dots"
    assert front.body == "Body"


def test_toml_front_matter_between_plus_fences() -> None:
    front = split_front_matter('+++\ntitle = "Hugo"\ntags = ["x"]\ndraft = true\n+++\nBody')
    assert front.fields == {"title": "Hugo", "tags": ["x"], "draft": True}
    assert front.body == "Body"


def test_bom_and_crlf_are_tolerated() -> None:
    front = split_front_matter("\ufeff---\r\ntitle: Windows\r\n---\r\nLine one\r\nLine two\r\n")
    assert front.fields == {"title": "Windows"}
    assert front.body == "Line one\nLine two\n"


def test_text_without_front_matter_is_all_body() -> None:
    front = split_front_matter("# Just a heading\n\n---\n\nA rule above.")
    assert front.fields == {}
    assert front.body.startswith("# Just a heading")


def test_unclosed_front_matter_keeps_the_whole_text_and_warns() -> None:
    text = "---\ntitle: never closed\n\nThe body is all here."
    front = split_front_matter(text)
    assert front.body == text
    assert [code for code, _, _ in front.problems] == ["frontmatter-unclosed"]


def test_invalid_yaml_keeps_the_body_and_reports_the_line() -> None:
    front = split_front_matter("---\ntitle: ok\ntags: [unclosed\nmore: x\n---\nBody survives")
    assert front.fields == {}
    assert front.body == "Body survives"
    ((code, message, line),) = front.problems
    assert code == "frontmatter-invalid"
    assert "YAML" in message
    assert 2 <= line <= 5


def test_invalid_toml_is_reported_with_its_line() -> None:
    front = split_front_matter('+++\ntitle = "ok"\ntags = [\n+++\nBody')
    assert front.body == "Body"
    assert front.problems[0][0] == "frontmatter-invalid"
    assert "TOML" in front.problems[0][1]


def test_front_matter_that_is_not_a_mapping_is_a_problem() -> None:
    front = split_front_matter("---\n- just\n- a list\n---\nBody")
    assert front.fields == {}
    assert front.body == "Body"
    assert front.problems[0][0] == "frontmatter-invalid"


def test_yaml_tags_cannot_run_code_or_explode() -> None:
    front = split_front_matter("---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\nB")
    assert front.fields == {}
    assert front.problems[0][0] == "frontmatter-invalid"


def test_article_fields_from_front_matter() -> None:
    article = article_from_text(
        "a",
        "a.md",
        "---\ntitle: Q?\ntags: Sleep, rest\ncategories: [Wellbeing]\nkeywords: calm\n"
        "date: 2026-03-14\nauthor: Maya R.\ndescription: Short.\nslug: q\ndraft: true\n---\n"
        "Body words here.\n",
    )
    summary = article.summary
    assert summary.title == "Q?"
    assert [tag.display for tag in summary.tags] == ["Sleep", "rest", "Wellbeing", "calm"]
    assert [tag.key for tag in summary.tags] == ["sleep", "rest", "wellbeing", "calm"]
    assert summary.date == "2026-03-14"
    assert summary.author == "Maya R."
    assert summary.summary == "Short."
    assert summary.slug == "q"
    assert summary.draft is True
    assert summary.words == 3


def test_dates_of_every_kind_become_iso_text() -> None:
    def date_of(value: str) -> str | None:
        return article_from_text("a", "a.md", f"---\ndate: {value}\n---\nx").summary.date

    assert date_of("2026-03-14") == "2026-03-14"
    assert date_of("2026-03-14T10:30:00Z") == "2026-03-14T10:30:00+00:00"
    assert date_of('"2026-03-14 08:00"') == "2026-03-14T08:00:00"
    assert date_of("not a date") is None
    bad = article_from_text("a", "a.md", "---\ndate: someday\n---\nx")
    assert [w.code for w in bad.warnings] == ["date-invalid"]
    assert dt.date.fromisoformat(str(date_of("2025-12-31")))


def test_title_falls_back_to_an_opening_heading_then_the_file_name() -> None:
    """A heading after prose is a section's, not the title (issue 11); the name is made readable."""
    assert article_from_text("a", "a.md", "intro line\n\n## Heading *two*\n").title == "A"
    assert article_from_text("a", "a.md", "Setext title\n====\n\ntext").title == "Setext title"
    assert article_from_text("a", "a.md", "> quoted **first** line\n\nmore").title == "A"
    assert article_from_text("a", "dir/name.md", "```\ncode only\n```\n").title == "Name"
    assert article_from_text("a", "a.md", "# Closing hashes ##\n").title == "Closing hashes"


def test_summary_falls_back_to_the_first_paragraph_shortened() -> None:
    body = "# Title\n\n" + "word " * 100 + "\n\nSecond paragraph."
    summary = article_from_text("a", "a.md", body).summary.summary
    assert summary.endswith("…")
    assert len(summary) <= 200
    assert "Second" not in summary


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_splits_without_raising(text: str) -> None:
    front = split_front_matter(text)
    assert isinstance(front.fields, dict)
    article = article_from_text("x", "x.md", "---\n" + text)
    assert article.title
