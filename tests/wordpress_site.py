"""The real WordPress test site on loopback, for tests of the WordPress source.

``scripts/wordpress/up.sh`` brings up Debian's WordPress on ``127.0.0.1:8089``, seeded
with the fixture in ``scripts/wordpress/seed-data.php``. Tests take the ``wordpress_url``
fixture (import it from here, or from ``tests/conftest.py`` once it re-exports it) and
get the site's base URL, without a trailing slash.

When the site does not answer, those tests are skipped with the reason shown in pytest's
summary; with ``ZO_READER_REQUIRE_WORDPRESS=1`` (CI sets it) they fail instead, so a
broken setup cannot pass unnoticed. ``ZO_READER_TEST_WORDPRESS_URL`` points the tests at
another site (CI runs its own on a free port).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import httpx
import pytest

DEFAULT_URL = "http://127.0.0.1:8089"
"""Where ``scripts/wordpress/up.sh`` serves the site unless told otherwise."""

URL_VARIABLE = "ZO_READER_TEST_WORDPRESS_URL"
"""Environment variable with the test site's base URL."""

REQUIRE_VARIABLE = "ZO_READER_REQUIRE_WORDPRESS"
"""Environment variable that, set to ``1``, turns a missing site from a skip into a failure."""

PROBE_TIMEOUT = 2.0
"""Seconds to wait for ``GET /wp-json/`` before calling the site absent."""


def wordpress_base_url() -> str:
    """Return the test site's base URL, or skip (fail when required) if it does not answer.

    Returns:
        The base URL from ``ZO_READER_TEST_WORDPRESS_URL`` (default
        ``http://127.0.0.1:8089``), without a trailing slash.
    """
    url = (os.environ.get(URL_VARIABLE, "").strip() or DEFAULT_URL).rstrip("/")
    problem = probe(url)
    if problem is None:
        return url
    reason = (
        f"WordPress is not running on {urlsplit(url).netloc or url}: start it with "
        f"scripts/wordpress/up.sh (as root the first time) [{problem}]"
    )
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{REQUIRE_VARIABLE}=1, but {reason}", pytrace=False)
    pytest.skip(reason)


def probe(url: str) -> str | None:
    """Ask ``URL/wp-json/`` whether a WordPress REST API answers there.

    Args:
        url: The site's base URL, without a trailing slash.

    Returns:
        None when it does, otherwise what went wrong, in a few words.
    """
    try:
        response = httpx.get(f"{url}/wp-json/", timeout=PROBE_TIMEOUT)
    except httpx.HTTPError as error:
        return f"GET /wp-json/: {type(error).__name__}: {error}"
    if response.status_code != 200:
        return f"GET /wp-json/ answered HTTP {response.status_code}"
    try:
        namespaces = response.json().get("namespaces", [])
    except (ValueError, AttributeError):
        namespaces = []
    if "wp/v2" not in namespaces:
        return "GET /wp-json/ answered, but not with a WordPress API root"
    return None


@pytest.fixture(scope="session")
def wordpress_url() -> str:
    """Base URL of the running WordPress test site (probed once per test session)."""
    return wordpress_base_url()
