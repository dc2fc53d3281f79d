"""What counts as a page's main text: a menu is not, a sentence repeated in a sidebar is."""

from __future__ import annotations

import pytest

from zo_reader.core.html_page import NO_MAIN_TEXT, UnreadablePage, extract_page

STORY = "The harbour crane was lifted back onto its rails on Tuesday after forty years of rust."


def test_an_article_repeated_in_a_sidebar_teaser_is_still_main_text() -> None:
    page = f"""<html><head><title>Crane</title></head><body>
    <header><nav><a href="/">Home</a></nav><aside>Most read: {STORY}</aside></header>
    <div class="story"><p>{STORY}</p></div>
    <footer>{STORY}</footer></body></html>"""
    item = extract_page(page.encode())
    assert STORY in item.html and "Most read" not in item.html


@pytest.mark.parametrize(
    "body",
    [
        "<nav><a href='/'>Home</a> <a href='/a'>About us</a></nav><div id='app'></div>",
        "<header><ul><li>Home</li><li>News</li><li>Sport</li></ul></header><footer>c</footer>",
        "",
    ],
)
def test_a_menu_alone_is_not_main_text(body: str) -> None:
    with pytest.raises(UnreadablePage, match=NO_MAIN_TEXT.split("(")[0].strip()):
        extract_page(f"<html><head><title>Menu</title></head><body>{body}</body></html>".encode())


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Tidal pools at dawn | Shore Notes", "Shore Notes", "Tidal pools at dawn"),
        ("Mending a jumper - Needle - Blog", "Needle - Blog", "Mending a jumper"),
        ("About us | fairkom", "fairkom.eu", "About us"),
        # Not the site's name: the title is kept whole.
        ("Hating millennials - the prejudice", "Boing Boing", "Hating millennials - the prejudice"),
        ("Tools & Co - Test", "", "Tools & Co - Test"),
    ],
)
def test_the_site_name_after_a_title_goes(title: str, site: str, expected: str) -> None:
    meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    # In og:title, which trafilatura takes whole (a <title> it may split itself).
    head = f'<meta property="og:title" content="{title}">{meta}'
    page = f"<html><head>{head}</head><body><p>{STORY}</p></body></html>"
    assert extract_page(page.encode()).title == expected
