"""Hugo and Jekyll sites: link shortcodes and tags read as addresses, site addresses resolved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cpu import least_cpu_seconds
from zo_reader.core.conventions import hugo, jekyll, read_conventions
from zo_reader.core.index import Library
from zo_reader.core.link_names import LinkNames, Named, addresses_in_file, for_library, site_key
from zo_reader.core.links import LinkTarget, resolve_link, shown_link
from zo_reader.core.sources.folder import FolderSource

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HUGO = FIXTURES / "hugo-site" / "content"
JEKYLL = FIXTURES / "jekyll-site"


def reading(body: str) -> str:
    """The reading body, computed afresh (the conventions' cache is bypassed)."""
    return read_conventions.__wrapped__(body, front_matter=True).markdown


@pytest.mark.parametrize(
    "written, read",
    [
        ('[a]({{< ref "install" >}})', "[a](ref:install)"),
        ('[a]({{< relref "docs/install.md#part" >}})', "[a](ref:docs/install.md#part)"),
        ('[a]({{% ref path="/books/one" lang="de" %}})', "[a](ref:/books/one)"),
        ('See {{< ref "install" >}}.', "See <ref:install>."),
        ('[x]: {{< ref "install" >}}', "[x]: ref:install"),
        ("[x]: <{{% eturl rss %}}>", "[x]: <hugo-shortcode:eturl>"),
        ("[a]({{% eturl alias %}})", "[a](hugo-shortcode:eturl)"),
        # Shown as text by Hugo itself, in code, or not a link: left alone.
        ('{{</* ref "x" */>}}', '{{</* ref "x" */>}}'),
        ('`{{< ref "x" >}}` and [b]({{< ref "y" >}})', '`{{< ref "x" >}}` and [b](ref:y)'),
        ("{{< note >}}", "{{< note >}}"),
        ('{{< ref "" >}}', '{{< ref "" >}}'),
        # Jekyll's link tags and base URL.
        ("[p]({% post_url 2023-07-14-first %})", "[p](ref:_posts/2023-07-14-first)"),
        ("[p]({% link _posts/a.md %})", "[p](ref:_posts/a.md)"),
        ("[p]({{ site.baseurl }}/about/)", "[p](/about/)"),
        ("[p]({{ '/about/' | relative_url }})", "[p](/about/)"),
    ],
)
def test_link_shortcodes_become_addresses(written: str, read: str) -> None:
    assert reading(written) == read


def test_code_shortcodes_keep_their_text() -> None:
    body = (
        "{{< code-toggle file=hugo >}}\n[[menus.main]]\n{{</ code-toggle >}}\n"
        "{{< code-toggle config=x />}}\n[[Note]]\n"
    )
    assert hugo.code_lines(body) == frozenset({2})
    assert reading(body).split("\n")[1:5] == [
        "[[menus.main]]",
        "{{</ code-toggle >}}",
        "{{< code-toggle config=x />}}",
        "[Note](wiki:Note)",
    ]


@pytest.mark.parametrize(
    "address, key",
    [
        ("/Docs/Install/", "docs/install"),
        ("docs/install.md", "docs/install"),
        ("docs/guide/index.md", "docs/guide"),
        ("docs/_index", "docs"),
        ("/", ""),
        ("_index.md", ""),
        ("/about.html", "about"),
    ],
)
def test_site_keys(address: str, key: str) -> None:
    assert site_key(address) == key


NAMES = LinkNames(
    [
        Named("_index", "_index.md"),
        Named("docs/_index", "docs/_index.md"),
        Named("docs/install", "docs/install.md"),
        Named("docs/guide/index", "docs/guide/index.md"),
        Named("docs/Config", "docs/Config.md"),
        Named("blog/first", "blog/first.md", slug="hello-world"),
        Named("about", "about.md", addresses=("/about-us/", "/old/about/", "/:year/:title/")),
    ]
)


@pytest.mark.parametrize(
    "url, base, article",
    [
        ("/docs/install/", "_index.md", "docs/install"),
        ("/docs/install", "_index.md", "docs/install"),
        ("/docs/install.md", "_index.md", "docs/install"),
        ("/docs/", "_index.md", "docs/_index"),
        ("/docs/guide/", "_index.md", "docs/guide/index"),
        ("/", "about.md", "_index"),
        ("/docs/config/#options", "_index.md", "docs/Config"),
        ("/blog/hello-world/", "_index.md", "blog/first"),
        ("/about-us/", "_index.md", "about"),
        ("/old/about", "_index.md", "about"),
        ("../config/", "docs/guide/index.md", "docs/Config"),  # from the page's own address
        ("install/", "docs/_index.md", "docs/install"),
        ("docs/install/", "blog/first.md", "docs/install"),  # Hugo's GetPage: from the root too
        ("ref:install", "blog/first.md", "docs/install"),
        ("ref:guide", "blog/first.md", "docs/guide/index"),
        ("ref:docs/install.md#part", "blog/first.md", "docs/install"),
        ("ref:/docs/install", "blog/first.md", "docs/install"),
    ],
)
def test_site_addresses_resolve(url: str, base: str, article: str) -> None:
    target = resolve_link(url, base, NAMES)
    assert (target.kind, target.article_id) == ("article", article)


def test_addresses_that_name_nothing() -> None:
    missing = resolve_link("/docs/missing/", "_index.md", NAMES)
    assert missing == LinkTarget("article", "/docs/missing/", "docs/missing")
    assert resolve_link("/images/logo.png", "_index.md", NAMES).kind == "file"
    assert resolve_link("/:year/:title/", "_index.md", NAMES).article_id != "about"
    assert resolve_link("hugo-shortcode:eturl", "_index.md", NAMES).kind == "unsupported"
    assert resolve_link("ref:docs/install.md#part", "a.md", NAMES).anchor == "part"
    assert shown_link("ref:docs/install.md#part") == 'ref "docs/install.md#part"'


def test_front_matter_addresses_are_read_from_the_file_head() -> None:
    assert addresses_in_file(HUGO, "about.md", 7) == ("/about-us/", "/old/about/")
    assert addresses_in_file(JEKYLL, "about.md", 6) == ("/about/",)
    assert addresses_in_file(HUGO, "docs/install.md", 4) == ()
    assert addresses_in_file(HUGO, "no-such-file.md", 4) == ()


@pytest.mark.parametrize(
    "site, url, base, article",
    [
        (HUGO, "/about-us/", "_index.md", "about"),
        (HUGO, "/blog/hello-world/", "_index.md", "blog/first"),
        (JEKYLL, "/first/", "about.md", "_posts/2023-07-14-first-post"),
        (JEKYLL, "ref:_posts/2023-08-01-second-post", "about.md", "_posts/2023-08-01-second-post"),
        (JEKYLL, "/blog/second-post/", "about.md", "_posts/2023-08-01-second-post"),
        (JEKYLL, "/news/2023/09/02/third-post.html", "about.md", "_posts/2023-09-02-third-post"),
        (JEKYLL, "/2023/09/02/Third-Post/", "about.md", "_posts/2023-09-02-third-post"),
        (JEKYLL, "/docs/setup/install/", "about.md", "_docs/setup/install"),  # a collection
    ],
)
def test_a_synced_site_resolves_permalinks(site: Path, url: str, base: str, article: str) -> None:
    with Library(FolderSource(site), None) as library:
        library.sync()
        assert resolve_link(url, base, for_library(library)).article_id == article


GROWTH: dict[str, Callable[[int], str]] = {
    "shortcode openers": lambda n: "{{<" * (50_000 * n),
    "unclosed shortcodes": lambda n: ('[a]({{< ref "x ' * 100 + "\n") * (100 * n),
    "ref shortcodes": lambda n: '[a]({{< ref "x" >}}) ' * (10_000 * n),
    "code toggles": lambda n: "{{< code-toggle >}}\n" * (10_000 * n),
    "liquid tags": lambda n: "{% post_url a %}{{ site.baseurl }}" * (10_000 * n),
    "definitions": lambda n: "[x]: " + '{{< ref "x" >}}' * (10_000 * n),
}


@pytest.mark.parametrize("case", GROWTH)
def test_doubling_hostile_site_text_about_doubles_its_time(case: str) -> None:
    small, large = GROWTH[case](1), GROWTH[case](2)

    def both(text: str) -> None:
        hugo.rewrite(text, hugo.code_lines(text))
        jekyll.rewrite(text)

    one, two = least_cpu_seconds(lambda: both(small)), least_cpu_seconds(lambda: both(large))
    assert two < 3 * one + 0.05, f"{case}: {one:.3f} s -> {two:.3f} s"
    assert reading(large).count("\n") == large.count("\n")


@pytest.mark.parametrize("site", [HUGO.parent, JEKYLL])
def test_a_site_generators_own_folders_are_not_read(site: Path) -> None:
    """Templates, includes and build output are not articles (Jekyll's docs: 24 false pages)."""
    with Library(FolderSource(site), None) as library:
        library.sync()
        paths = [summary.id for summary in library.list_articles(drafts=True)]
    assert paths and not [
        p
        for p in paths
        if p.split("/")[0] in ("_includes", "_layouts", "_site", "layouts", "public")
    ]
