"""Line mode follows wikilinks and site links to the article, at the heading."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from tests.cli.test_line_mode import open_context, replies

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_wikilinks_are_listed_as_written_and_followed_to_the_heading(tmp_path: Path) -> None:
    with closing(open_context(tmp_path, FIXTURES / "obsidian-vault")) as opened:
        out = replies(
            opened,
            "open Home\nlinks\nfollow 2\nwhere\nback\nfollow 6\nback\nfollow 9\n"
            "open Alpha\nfollow 2\n",
            rows=10,
        )
    assert out[1][:4] == [
        "12 links; type follow and a number to follow one.",
        "[1] Alpha: [[Alpha]]",
        "[2] Beta > Details: [[Beta#Details]]",
        "[3] Local heading: [[#Local heading]]",
    ]
    assert out[2][0] == "Heading 2: Details"  # Beta, at its heading
    assert out[3][0].startswith("Reading Beta (Beta), page ")
    assert out[5][0] == "Heading 1: Standup"  # found by name in Daily/
    assert out[7] == ["There is no article 'Missing note'."]
    assert out[9] == [
        "[[guide.pdf]] is a file in the library (attachments/guide.pdf), not an article; "
        "zo-reader does not open files."
    ]


def test_site_addresses_are_followed(tmp_path: Path) -> None:
    with closing(open_context(tmp_path, FIXTURES / "hugo-site" / "content")) as opened:
        out = replies(opened, "open docs/Config\nlinks\nfollow 1\nback\nfollow 2\n")
    assert out[1][1:3] == [
        "[1] a renamed post: /blog/hello-world/",
        "[2] about us: /about-us/",
    ]
    assert out[2][0] == "Heading 1: First post"  # by its slug
    assert out[4][0] == "Heading 1: About"  # by its url field
