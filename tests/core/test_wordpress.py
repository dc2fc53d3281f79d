"""Reading a real WordPress (Debian's packages on 127.0.0.1) through its REST API.

The site is started by ``scripts/wordpress/up.sh`` (``.ci/run`` does it); the
tests are skipped with the reason when it is not running, and fail instead
when ``ZO_READER_REQUIRE_WORDPRESS=1`` (as in CI). Posts are found by slug:
ids change when the site is seeded again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest

from tests.conftest import run_cli
from zo_reader.core.errors import ArticleUnavailableError
from zo_reader.core.index import Library
from zo_reader.core.render import render_article_text
from zo_reader.core.sanitize import is_clean
from zo_reader.core.settings import load_settings
from zo_reader.core.sources import open_source
from zo_reader.core.sources.http import HttpOptions
from zo_reader.core.sources.wordpress import WordPressSource

PUBLISHED = 21  # the seeded posts, the hostile one included; not the draft, not the page


def remote(url: str, tmp_path: Path, **options: object) -> tuple[Library, WordPressSource]:
    source = WordPressSource(url, options=HttpOptions(**options))  # type: ignore[arg-type]
    return Library(source, tmp_path / "wordpress.sqlite3"), source


def wp_get(url: str, route: str, **params: str) -> httpx.Response:
    response = httpx.get(f"{url.rstrip('/')}/wp-json/wp/v2/{route}", params=params, timeout=10)
    response.raise_for_status()
    return response


def test_posts_tags_and_authors_are_listed(wordpress_url: str, tmp_path: Path) -> None:
    library, source = remote(wordpress_url, tmp_path)
    report = library.sync()
    assert report.added == library.count_articles() == PUBLISHED
    # Probe, categories, tags, users, then one page of summaries.
    assert source.http.stats.requests == 5
    by_slug = {a.id: a for a in library.list_articles()}
    assert "notes-on-forgiveness" not in by_slug and "about" not in by_slug
    rest = by_slug["rest-is-productive"]
    assert rest.title == "Rest Is Productive — Here’s Why…"
    assert rest.author == "Alex Morgan"
    assert rest.date is not None and rest.date.startswith("2024-04-25")
    assert {t.display for t in rest.tags} >= {"Rest & Recovery", "Work & Life", "sleep"}
    names = {count.tag.display: count.count for count in library.tag_counts()}
    assert names["communication"] == 6 and "Uncategorized" not in names
    assert not library.is_complete("rest-is-productive")


def test_opening_a_post_is_one_request_and_converts_its_html(
    wordpress_url: str, tmp_path: Path
) -> None:
    library, source = remote(wordpress_url, tmp_path)
    library.sync()
    before = source.http.stats.requests
    article = library.get("how-to-set-boundaries-without-feeling-guilty")
    assert source.http.stats.requests == before + 1
    assert "## Start small" in article.body
    assert "- Pick one situation that drains you every week." in article.body
    assert article.summary.words > 100
    text = render_article_text(article, width=80)
    assert "Heading 2: Start small" in text


def test_hostile_post_reaches_no_terminal_raw(wordpress_url: str, tmp_path: Path) -> None:
    library, _ = remote(wordpress_url, tmp_path)
    library.sync()
    article = library.get("hostile-escapes")
    shown = render_article_text(article, width=80)
    assert "Escapes" in shown and "Clear screen: before" in shown
    assert is_clean(shown)
    for listed in library.list_articles():
        assert is_clean(listed.title) and is_clean(listed.summary)


def test_unchanged_refresh_asks_one_small_question(wordpress_url: str, tmp_path: Path) -> None:
    library, first = remote(wordpress_url, tmp_path)
    library.sync()
    library.close()
    again, source = remote(wordpress_url, tmp_path)  # like a new process
    report = again.sync()
    assert (report.unchanged, report.added, report.updated) == (PUBLISHED, 0, 0)
    assert source.http.stats.requests == 1
    assert source.http.stats.bytes_received < first.http.stats.bytes_received * 0.05
    # A day later the term names are read again (a renamed tag would show): still no posts.
    state = json.loads(
        again.connection.execute("SELECT value FROM meta WHERE key = 'source_state'").fetchone()[0]
    )
    state["terms_at"] -= 2 * 24 * 3600
    again.connection.execute(
        "UPDATE meta SET value = ? WHERE key = 'source_state'", (json.dumps(state),)
    )
    again.connection.commit()
    again.close()
    later, source = remote(wordpress_url, tmp_path)
    assert later.sync().unchanged == PUBLISHED
    assert source.http.stats.requests == 4


def test_search_uses_wordpress_search_and_tag_filters(wordpress_url: str, tmp_path: Path) -> None:
    library, source = remote(wordpress_url, tmp_path)
    library.sync()
    expected = [p["slug"] for p in wp_get(wordpress_url, "posts", search="sleep").json()]
    before = source.http.stats.requests
    hits = library.search("sleep", limit=20)
    assert source.http.stats.requests == before + 1
    assert sorted(h.article.id for h in hits) == sorted(expected)
    assert library.count_matches("sleep") == len(expected)
    tag_id = wp_get(wordpress_url, "tags", slug="rest-and-recovery").json()[0]["id"]
    within = wp_get(wordpress_url, "posts", search="sleep", tags=str(tag_id)).json()
    tagged = library.search("sleep", tags=["Rest & Recovery"])
    assert sorted(h.article.id for h in tagged) == sorted(p["slug"] for p in within)
    assert tagged and all("Rest & Recovery" in {t.display for t in h.article.tags} for h in tagged)
    assert library.search("sleep", tags=["no-such-tag"]) == []
    # OR is not something WordPress's search can do: the stored copies answer.
    before = source.http.stats.requests
    either = library.search("sleep OR grief")
    assert source.http.stats.requests == before
    assert {"sleep-and-mood", "grief-doesnt-follow-a-schedule"} <= {h.article.id for h in either}


def test_offline_keeps_what_was_read(wordpress_url: str, tmp_path: Path) -> None:
    library, _ = remote(wordpress_url, tmp_path)
    library.sync()
    read = library.get("sleep-and-mood")
    library.close()
    offline, source = remote(wordpress_url, tmp_path, offline=True)
    report = offline.sync()
    assert any(n.startswith("Offline: showing copies from") for n in report.notices)
    assert source.http.stats.requests == 0
    assert offline.count_articles() == PUBLISHED
    assert offline.get("sleep-and-mood").body == read.body
    with pytest.raises(ArticleUnavailableError, match="has not been downloaded yet"):
        offline.get("rest-is-productive")


def test_the_site_address_is_detected_as_wordpress(wordpress_url: str) -> None:
    source = open_source(wordpress_url, load_settings())
    assert isinstance(source, WordPressSource)
    assert source.api_root == wordpress_url.rstrip("/") + "/wp-json/"
    forced = open_source(f"wordpress+{wordpress_url}/?rest_route=/", load_settings())
    assert isinstance(forced, WordPressSource) and forced.api_root.endswith("?rest_route=/")


def test_the_rest_route_form_reads_the_same_posts(wordpress_url: str, tmp_path: Path) -> None:
    library, _ = remote(f"{wordpress_url}/?rest_route=/", tmp_path)
    library.sync()
    assert library.count_articles() == PUBLISHED
    assert "## Start small" in library.get("how-to-set-boundaries-without-feeling-guilty").body


def test_every_cli_command_works_on_wordpress(wordpress_url: str) -> None:
    listed = run_cli("list", "-s", wordpress_url, "--json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == PUBLISHED
    tags = run_cli("tags", "-s", wordpress_url)
    assert "Rest & Recovery: 2 articles" in tags.stdout
    found = run_cli("search", "journaling", "-s", wordpress_url, "--json")
    assert "beginners-guide-to-journaling" in [h["id"] for h in json.loads(found.stdout)]
    read = run_cli("read", "cafe-conversations", "-s", wordpress_url)
    assert read.returncode == 0, read.stderr
    assert "Café Conversations" in read.stdout and is_clean(read.stdout)


def admin_auth() -> tuple[str, str]:
    """The test site's admin and Application Password, from the env file up.sh writes."""
    state = Path(os.environ.get("ZO_READER_WP_DIR") or "/tmp/zo-reader-wp")
    try:
        lines = (state / "env").read_text(encoding="utf-8").splitlines()
    except OSError:
        pytest.skip(f"no credentials for the test site in {state}/env")
    values = dict(line.split("=", 1) for line in lines if "=" in line)
    if not values.get("WP_APP_PASSWORD"):
        pytest.skip("the test site has no Application Password")
    return values["WP_ADMIN_USER"], values["WP_APP_PASSWORD"]


def test_a_changed_site_lists_only_what_changed(wordpress_url: str, tmp_path: Path) -> None:
    auth = admin_auth()
    api = f"{wordpress_url}/wp-json/wp/v2/posts"
    library, _ = remote(wordpress_url, tmp_path)
    library.sync()
    walking = wp_get(wordpress_url, "posts", slug="walking-as-therapy").json()[0]
    title = walking["title"]["rendered"]
    created = None
    try:
        edited = httpx.post(
            f"{api}/{walking['id']}", auth=auth, json={"title": "Walking as Therapy, edited"}
        )
        assert edited.status_code == 200, edited.text
        created = httpx.post(
            api,
            auth=auth,
            json={"title": "A new post", "content": "<p>New.</p>", "status": "publish"},
        ).json()["id"]
        library.close()
        again, source = remote(wordpress_url, tmp_path)
        report = again.sync()
        assert (report.added, report.updated, report.removed) == (1, 1, 0)
        # Probe, three term lists, and one page of only the changed posts.
        assert source.http.stats.requests == 5
        assert again.resolve("walking-as-therapy").title == "Walking as Therapy, edited"
        deleted = httpx.delete(f"{api}/{created}", auth=auth, params={"force": "true"})
        assert deleted.status_code == 200
        created = None
        assert again.sync().removed == 1  # the count gave it away: the whole list is read
        assert again.count_articles() == PUBLISHED
    finally:
        httpx.post(f"{api}/{walking['id']}", auth=auth, json={"title": title})
        if created is not None:
            httpx.delete(f"{api}/{created}", auth=auth, params={"force": "true"})
