"""Web pages as articles: saved pages served on loopback, and the same pages in a folder.

The pages are written here: an article with navigation, an ad, a cookie
banner, a sidebar, a footer, scripts and escape sequences in its title and
body; a blog post dated only by JSON-LD that links to its site's feed; a page
with nothing but its menu; a binary file named ``.html``; a page nested past
what the HTML parser keeps; a page over the size cap. Each is read through the
real source, library and renderer.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import write
from tests.faulty_server import FaultyServer, Reply, Request, text_reply
from zo_reader.core import sanitize
from zo_reader.core.errors import SourceError
from zo_reader.core.html_page import MAX_ELEMENTS, MAX_PAGE_BYTES, extract_page
from zo_reader.core.index import Library
from zo_reader.core.render import render_article_text
from zo_reader.core.settings import load_settings
from zo_reader.core.sources import open_source
from zo_reader.core.sources.folder import FolderSource
from zo_reader.core.sources.http import HttpOptions
from zo_reader.core.sources.web_page import WebPageSource, page_id

ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Tidal pools at dawn \x1b]0;owned\x07| Shore Notes</title>
<meta property="og:title" content="Tidal pools at dawn \x1b[31mred">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-06-21T05:10:00+01:00">
<meta name="author" content="Iris Coastwell">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<script>window.secretTracker = "SCRIPTWORD";</script>
<style>.ad { color: #ff0000 }</style>
</head><body>
<div class="cookie-banner" id="cookie-consent">We use cookies CONSENTWORD to improve things.
<button>Accept all</button></div>
<header><div class="logo">Shore Notes</div>
<nav><ul><li><a href="/">Home MENUWORD</a></li><li><a href="/tides">Tides</a></li>
<li><a href="/about">About</a></li><li><a href="/shop">Shop</a></li></ul></nav></header>
<div class="advertisement ad-banner">Buy ADVERTWORD waders today, half price!</div>
<main><article>
<h1>Tidal pools at dawn</h1>
<p>The lowest tides of the year fall near the solstice, and the hour after sunrise is
the best time to see what the sea leaves behind. Anemones close, crabs hide, and the
pools go quiet until the water returns.</p>
<h2>Before you go</h2>
<ul><li>Check the tide table the night before.</li><li>Wear shoes that grip wet rock.</li>
<li>Bring a small mirror for looking under ledges.</li></ul>
<p>Read the <a href="/tides/guide">tide guide</a> first \x1b[2J if the coast is new to you;
the sea comes back faster than most people expect, and it is easy to be cut off.</p>
<h2>At the pools</h2>
<ol><li>Move slowly and keep your shadow off the water.</li>
<li>Turn stones back the way you found them.</li>
<li>Leave every animal where it lives.</li></ol>
<p>When the first waves reach the outer pools, it is time to walk back up the beach.</p>
</article></main>
<aside class="sidebar"><h3>Popular</h3><p>Ten SIDEWORD walks for winter</p></aside>
<footer><p>Copyright 2019 Shore Notes FOOTERWORD. All rights reserved.</p>
<a href="/privacy">Privacy</a></footer>
<script>document.write("BODYSCRIPTWORD")</script>
</body></html>
"""

BLOG_POST = """<!doctype html><html><head>
<title>Mending a wool jumper - Needle and Thread</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting",
"headline": "Mending a wool jumper", "datePublished": "2024-02-09T18:00:00Z",
"author": {"@type": "Person", "name": "Nell Darner"}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/archive">Archive</a></nav>
<div class="post"><h1>Mending a wool jumper</h1>
<p>A hole in a favourite jumper is not the end of it. Darning takes an evening, a blunt
needle and yarn close to the original colour, and the repair can outlast the knit.</p>
<p>Work a grid of running stitches well beyond the hole, then weave across it, over and
under, until the gap is filled with a small patch of new cloth.</p></div>
<footer>Needle and Thread</footer>
</body></html>
"""

MENU_ONLY = """<!doctype html><html><head><title>Loading</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li>
<li><a href="/contact">Contact</a></li></ul></nav></header>
<div id="app"></div><script>render("APPWORD")</script>
<footer><p>Example Ltd</p></footer></body></html>
"""

HOME_PAGE = """<!doctype html><html><head><title>Shore Notes</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>
<body><p>Welcome.</p></body></html>
"""

BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
DEEP = (
    "<html><body>" + "<div>" * 5000 + "<p>Deep text here.</p>" + "</div>" * 5000 + "</body></html>"
)
CHROME_WORDS = ("MENUWORD", "ADVERTWORD", "CONSENTWORD", "SIDEWORD", "FOOTERWORD")
SCRIPT_WORDS = ("SCRIPTWORD", "BODYSCRIPTWORD", "APPWORD")


def _conditional(body: str) -> Callable[[Request], Reply]:
    """Answer ``body`` with an ETag, and 304 to a request that sends it back."""

    def answer(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        reply = text_reply(body)
        reply.headers["ETag"] = '"v1"'
        return reply

    return answer


@contextmanager
def serve_pages() -> Iterator[FaultyServer]:
    """The pages above on a loopback server (the article answers 304 to its ETag)."""
    with FaultyServer() as running:
        running.route("/shore/tidal-pools.html", _conditional(ARTICLE))
        running.route("/blog/mending", text_reply(BLOG_POST))
        running.route("/loading.html", text_reply(MENU_ONLY))
        running.route("/", text_reply(HOME_PAGE))
        running.route("/feed.xml", text_reply("<rss version='2.0'><channel/></rss>", "text/xml"))
        running.route("/image.html", Reply(200, BINARY, {"Content-Type": "text/html"}))
        running.route("/photo.png", Reply(200, BINARY, {"Content-Type": "image/png"}))
        running.route("/notes.txt", text_reply("Just some words.", "text/plain"))
        yield running


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with serve_pages() as running:
        yield running


def _read(url: str, cache: Path) -> tuple[Library, str]:
    """The library of one page and its article's rendered text."""
    library = Library.for_source(WebPageSource(url, cache_dir=cache), cache)
    library.sync()
    [summary] = library.list_articles()
    return library, render_article_text(library.get(summary.id))


def test_an_article_page_reads_as_its_main_text(server: FaultyServer, tmp_path: Path) -> None:
    library, text = _read(server.url("/shore/tidal-pools.html"), tmp_path)
    [summary] = library.list_articles()
    assert summary.title == "Tidal pools at dawn red"  # og:title, its escape sequence dropped
    assert summary.date == "2025-06-21"
    assert summary.author == "Iris Coastwell"
    assert summary.summary.startswith("The lowest tides of the year")
    assert summary.id == "tidal-pools"
    assert "Heading 2: Before you go" in text and "Heading 2: At the pools" in text
    assert "- Wear shoes that grip wet rock." in text
    assert "2. Turn stones back the way you found them." in text  # ordered lists stay ordered
    assert "tide guide [1]" in text and server.url("/tides/guide") in text
    for word in (*CHROME_WORDS, *SCRIPT_WORDS, "Accept all", "Privacy"):
        assert word not in text
        assert library.search(word) == []
    assert [hit.article.title for hit in library.search("anemones")] == [summary.title]
    assert sanitize.is_clean(text) and sanitize.is_clean(summary.title)
    assert "\x1b" not in library.get(summary.id).body


def test_a_blog_post_is_dated_by_its_json_ld(server: FaultyServer, tmp_path: Path) -> None:
    library, text = _read(server.url("/blog/mending"), tmp_path)
    [summary] = library.list_articles()
    assert (summary.title, summary.date, summary.author) == (
        "Mending a wool jumper",
        "2024-02-09",
        "Nell Darner",
    )
    assert "Darning takes an evening" in text and "Archive" not in text


def test_a_page_with_no_main_text_is_one_sentence(server: FaultyServer, tmp_path: Path) -> None:
    source = WebPageSource(server.url("/loading.html"), cache_dir=tmp_path)
    with pytest.raises(SourceError, match=r"^The page at \S+ was not read: it has no main text"):
        list(source.entries())


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/image.html", r"did not return a web page \(text/html\)\.$"),
        ("/photo.png", r"did not return a web page \(image/png\)\.$"),
    ],
)
def test_what_is_not_a_page_is_one_sentence(
    server: FaultyServer, tmp_path: Path, path: str, message: str
) -> None:
    with pytest.raises(SourceError, match=message):
        list(WebPageSource(server.url(path), cache_dir=tmp_path).entries())


def test_an_unchanged_page_is_not_read_again_and_offline_shows_the_copy(
    server: FaultyServer, tmp_path: Path
) -> None:
    url = server.url("/shore/tidal-pools.html")
    first = Library.for_source(WebPageSource(url, cache_dir=tmp_path), tmp_path)
    first.sync()
    first.close()
    again = WebPageSource(url, cache_dir=tmp_path)
    assert [entry.path for entry in again.entries()] == [url]
    assert [hit.headers.get("if-none-match") for hit in server.hits("/shore/tidal-pools.html")] == [
        None,
        '"v1"',
    ]
    offline = WebPageSource(url, options=HttpOptions(offline=True), cache_dir=tmp_path)
    library = Library.for_source(offline, tmp_path)
    report = library.sync()
    assert [s.title for s in library.list_articles()] == ["Tidal pools at dawn red"]
    assert any("Offline" in notice for notice in report.notices)
    cached = json.loads(next(tmp_path.glob("*.page.json")).read_text())
    assert "SCRIPTWORD" not in json.dumps(cached)  # what is kept is the main text, not the page


def test_detection_opens_pages_and_keeps_feeds_for_home_pages(server: FaultyServer) -> None:
    settings = load_settings()
    # An article page opens as itself, although it links to its site's feed.
    assert isinstance(open_source(server.url("/shore/tidal-pools.html"), settings), WebPageSource)
    assert isinstance(open_source(server.url("/blog/mending"), settings), WebPageSource)
    assert isinstance(open_source(server.url("/loading.html"), settings), WebPageSource)
    # A home page that links to its feed opens the feed, as before.
    home = open_source(server.url("/"), settings)
    assert not isinstance(home, WebPageSource) and home.label == server.url("/feed.xml")
    forced = open_source("page+" + server.url("/"), settings)
    assert isinstance(forced, WebPageSource)
    for path in ("/photo.png", "/notes.txt"):
        with pytest.raises(SourceError, match="a feed or a web page"):
            open_source(server.url(path), settings)


def test_page_ids_are_slugs_of_the_address() -> None:
    assert page_id("https://example.test/2025/03/Slow-Bread.html") == "slow-bread"
    assert page_id("https://example.test/posts/mending/") == "mending"
    assert page_id("https://Example.test/") == "example-test"


# The same pages in a folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "pages"
    write(root, "shore/tidal-pools.html", ARTICLE)
    write(root, "mending.htm", BLOG_POST.encode("utf-8"))
    write(root, "loading.html", MENU_ONLY)
    write(root, "image.html", BINARY)
    write(root, "deep.html", DEEP)
    write(root, "notes.md", "# Notes\n\nA Markdown article beside the pages.\n")
    return root


def test_pages_in_a_folder_read_as_articles(folder: Path) -> None:
    library = Library(FolderSource(folder), None)
    library.sync()
    titles = {summary.id: summary.title for summary in library.list_articles()}
    assert titles == {
        "shore/tidal-pools": "Tidal pools at dawn red",
        "mending": "Mending a wool jumper",
        "notes": "Notes",
    }
    article = library.get("shore/tidal-pools")
    assert article.summary.date == "2025-06-21"
    text = render_article_text(article)
    assert "Heading 2: At the pools" in text and "tide guide" in text
    for word in (*CHROME_WORDS, *SCRIPT_WORDS):
        assert word not in text and library.search(word) == []
    warnings = {warning.path: warning.message for warning in library.warnings()}
    assert warnings["loading.html"].startswith("Skipped loading.html: it has no main text")
    assert warnings["image.html"] == "Skipped image.html: it is a binary file, not text."
    assert warnings["deep.html"].startswith("Skipped deep.html: it has no main text")
    assert all("\n" not in message for message in warnings.values())


def test_a_deeply_nested_page_costs_no_more_than_a_flat_one(tmp_path: Path) -> None:
    """Nesting is bounded by the parser: 5,000 levels cost about what a flat page costs."""
    flat = "<html><body>" + "<div><p>Deep text here.</p></div>" * 5000 + "</body></html>"
    source = FolderSource(write(tmp_path, "pages/flat.html", flat).parent)
    write(tmp_path, "pages/deep.html", DEEP)
    entries = {entry.path: entry for entry in source.entries()}
    source.load(entries["flat.html"])  # the first read imports the extractor
    costs = {}
    for name in ("flat.html", "deep.html"):
        start = time.process_time()
        source.load(entries[name])
        costs[name] = time.process_time() - start
    assert costs["deep.html"] < 5 * costs["flat.html"] + 0.05


def test_a_page_over_the_cap_is_skipped_with_a_sentence(tmp_path: Path) -> None:
    filler = "<p>" + "word " * 200 + "</p>"
    page = "<html><body><article>" + filler * (MAX_PAGE_BYTES // len(filler) + 1) + "</article>"
    source = FolderSource(write(tmp_path, "big/huge.html", page).parent)
    [entry] = source.entries()
    result = source.load(entry)
    assert result.article is None
    assert [w.message for w in result.warnings] == [
        "Skipped huge.html: it is a web page larger than 8 MiB, too large to find its main text in."
    ]


def test_one_page_opened_on_its_own_shows_no_markup_first(tmp_path: Path) -> None:
    """A large page opened alone is not previewed from its head, which is markup."""
    from zo_reader.core.sources.single_file import PREVIEW_BYTES, SingleFileSource

    padding = "<script>var filler = 1;</script>\n" * (PREVIEW_BYTES // 30)
    page = write(
        tmp_path, "saved/tidal-pools.html", ARTICLE.replace("</head>", padding + "</head>")
    )
    source = SingleFileSource(page)
    assert source.preview() is None
    [entry] = source.entries()
    article = source.load(entry).article
    assert article is not None and article.title == "Tidal pools at dawn red"
    assert "filler" not in article.body and "<" not in article.body


def test_saved_pages_keep_their_links_to_each_other(tmp_path: Path) -> None:
    """Relative links between saved pages stay links; check finds only the one that is gone."""
    from zo_reader.core.check import check_library

    links = '<p>See <a href="../mending.htm">mending</a> and <a href="gone.html">a lost page</a>.'
    root = tmp_path / "saved"
    write(root, "shore/tidal-pools.html", ARTICLE.replace("<p>When the first", links + "<p>When"))
    write(root, "mending.htm", BLOG_POST)
    library = Library(FolderSource(root), None)
    library.sync()
    body = library.get("shore/tidal-pools").body
    assert "[mending](../mending.htm)" in body and "[a lost page](gone.html)" in body
    broken = [f.message for f in check_library(library).findings if f.code == "link-broken"]
    assert [m for m in broken if "htm" in m] == ["The link 'gone.html' leads to no article."]


def _sibling_paragraphs(elements: int) -> bytes:
    """A page of many short sibling paragraphs: the shape that is quadratic in jusText."""
    return ("<html><body>" + "<div><p>Short para with words.</p></div>" * (elements // 2)).encode()


def test_many_elements_cost_time_in_proportion() -> None:
    """Past FULL_ELEMENTS the extractor runs without its quadratic fallback: twice the page,
    about twice the time (quadratic would be four times)."""
    extract_page(_sibling_paragraphs(200))  # imports and warms the extractor
    costs = []
    for elements in (8_000, 16_000):
        start = time.process_time()
        extract_page(_sibling_paragraphs(elements))
        costs.append(time.process_time() - start)
    assert costs[1] < 3 * costs[0]


def test_a_page_of_too_many_elements_is_one_sentence(tmp_path: Path) -> None:
    source = FolderSource(
        write(tmp_path, "big/many.html", _sibling_paragraphs(MAX_ELEMENTS)).parent
    )
    [entry] = source.entries()
    start = time.process_time()
    result = source.load(entry)
    assert time.process_time() - start < 1.0  # refused after counting, not after extracting
    assert [w.message for w in result.warnings] == [
        "Skipped many.html: it is a web page of more than 50,000 elements, "
        "too many to find its main text in."
    ]


def test_forget_removes_what_was_read_of_a_page(server: FaultyServer, tmp_path: Path) -> None:
    from zo_reader.core.forget import forget, stored_files

    kept = tmp_path / "cache" / "libraries"
    library = Library.for_source(
        WebPageSource(server.url("/blog/mending"), cache_dir=kept), tmp_path / "cache"
    )
    library.sync()
    library.close()
    files = stored_files(tmp_path / "cache", tmp_path / "data")
    assert any(stored.path.name.endswith(".page.json") for stored in files)
    forget(files, tmp_path / "cache", tmp_path / "data")
    assert not kept.exists() or list(kept.iterdir()) == []


def test_metadata_is_one_short_clean_line(tmp_path: Path) -> None:
    long_title = "Tides " * 5000
    page = ARTICLE.replace(
        'content="Tidal pools at dawn \x1b[31mred"', f'content="{long_title}\n\x07second line"'
    )
    library = Library(FolderSource(write(tmp_path, "s/p.html", page).parent), None)
    library.sync()
    [summary] = library.list_articles()
    assert len(summary.title) <= 300 and summary.title.endswith("…")
    assert sanitize.is_clean(summary.title) and "\n" not in summary.title
