"""Link targets and the back/forward history."""

from __future__ import annotations

import pytest

from zo_reader.core.history import History
from zo_reader.core.links import LinkTarget, resolve_link


@pytest.mark.parametrize(
    "url, base, expected",
    [
        ("other.md", "a.md", LinkTarget("article", "other.md", "other")),
        (
            "../b.md#part-two",
            "dir/a.md",
            LinkTarget("article", "../b.md#part-two", "b", "part-two"),
        ),
        ("sub/c.markdown", "dir/a.md", LinkTarget("article", "sub/c.markdown", "dir/sub/c")),
        ("notes", "a.md", LinkTarget("article", "notes", "notes")),
        ("#local", "a.md", LinkTarget("anchor", "#local", anchor="local")),
        ("my%20file.md", "a.md", LinkTarget("article", "my%20file.md", "my file")),
        ("https://x.org/a", "a.md", LinkTarget("external", "https://x.org/a")),
        ("mailto:a@b.c", "a.md", LinkTarget("external", "mailto:a@b.c")),
        ("javascript:alert(1)", "a.md", LinkTarget("unsupported", "javascript:alert(1)")),
        ("file:///etc/passwd", "a.md", LinkTarget("unsupported", "file:///etc/passwd")),
        ("../../etc/passwd", "a.md", LinkTarget("unsupported", "../../etc/passwd")),
        ("//evil.org/x", "a.md", LinkTarget("unsupported", "//evil.org/x")),
    ],
)
def test_links_resolve(url: str, base: str, expected: LinkTarget) -> None:
    assert resolve_link(url, base) == expected


def test_history_back_forward_and_branching() -> None:
    history = History()
    assert history.back() is None and history.current is None
    for article in ("a", "b", "b", "c"):
        history.visit(article)
    assert history.entries == ["a", "b", "c"]
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None
    assert history.forward() == "b"
    history.visit("d")
    assert history.entries == ["a", "b", "d"]
    assert not history.can_go_forward()
