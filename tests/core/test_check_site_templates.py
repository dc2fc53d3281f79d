"""``check`` in a Hugo site whose link template is its own (issue 11: real sites' false findings).

The Hugo docs write ``[page resource](g)`` 748 times: their render hook
(``layouts/_markup/render-link.html``) turns the keyword ``g`` into a glossary
link. Reported as 748 broken links, the one real fact drowned everything else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zo_reader.core.check import check_folder
from zo_reader.core.file_names import site_link_hook
from zo_reader.core.sources.folder import FolderSource

ARTICLE = (
    "---\ntitle: Figures\n---\n\nA [page resource](g) or a [global resource](g),"
    " see [the guide](/guide/) and [nowhere](/no/such/page/) and [a word](missing).\n"
)


def site(tmp_path: Path, *, hook: str | None) -> Path:
    (tmp_path / "hugo.toml").write_text("title = 'Docs'\n")
    if hook is not None:
        (tmp_path / hook).parent.mkdir(parents=True)
        (tmp_path / hook).write_text("{{- /* the site's own link template */ -}}\n")
    content = tmp_path / "content" / "en"
    content.mkdir(parents=True)
    (content / "figures.md").write_text(ARTICLE)
    (content / "guide.md").write_text("---\ntitle: Guide\n---\n\nThe guide.\n")
    return content


def codes(content: Path) -> list[tuple[str, str]]:
    report = check_folder(FolderSource(content), workers=1)
    return sorted((finding.code, finding.message) for finding in report.findings)


@pytest.mark.parametrize(
    "hook",
    [
        "layouts/_markup/render-link.html",
        "layouts/_default/_markup/render-link.html",
        "themes/docsy/layouts/_markup/render-link.html",
    ],
)
def test_bare_words_are_left_to_the_sites_link_template(tmp_path: Path, hook: str) -> None:
    content = site(tmp_path, hook=hook)
    assert site_link_hook(content) == hook
    found = codes(content)
    assert [code for code, _ in found] == ["link-broken", "link-by-site", "link-by-site"]
    assert "'/no/such/page/'" in found[0][1]  # a path still leads nowhere
    assert found[1][1] == (
        "The link 'g' (used 2 times) names no article; the site's own link template"
        f" ({hook}) decides where it leads, so it is not checked."
    )
    assert "'missing' (used once)" in found[2][1]


def test_without_a_template_every_unresolved_link_is_broken(tmp_path: Path) -> None:
    content = site(tmp_path, hook=None)
    assert site_link_hook(content) is None
    assert [code for code, _ in codes(content)] == ["link-broken"] * 4


def test_a_template_outside_a_hugo_site_is_not_looked_for(tmp_path: Path) -> None:
    content = site(tmp_path, hook="layouts/_markup/render-link.html")
    (tmp_path / "hugo.toml").unlink()
    assert site_link_hook(content) is None


def test_snippets_of_a_headless_bundle_need_no_title_and_lend_their_headings(
    tmp_path: Path,
) -> None:
    """The Hugo docs' ``_common/``: 35 snippets included into pages, never pages themselves."""
    content = site(tmp_path, hook=None)
    (content / "figures.md").unlink()
    common = content / "_common"
    common.mkdir()
    (common / "_index.md").write_text("---\ncascade:\n  build:\n    render: never\n---\n")
    (common / "locale.md").write_text("---\n_comment: keep\n---\n\n## Locale\n\nThe locale.\n")
    (common / "scope.md").write_text("Scope of a store.\n")
    (common / "scope-again.md").write_text("---\ntitle: Scope\n---\n\nAgain.\n")
    (content / "scope.md").write_text("---\ntitle: Scope\n---\n\nA page.\n")
    (content / "all.md").write_text(
        "---\ntitle: All settings\n---\n\nUse [`locale`](#locale), not [gone](#gone).\n\n"
        '{{% include "/_common/locale.md" %}}\n'
    )
    (content / "other.md").write_text(
        "---\ntitle: Other\n---\n\n[Locale](/all/#locale) and [nothing](/all/#nothing).\n"
    )
    found = codes(content)
    assert found == [
        ("anchor-broken", "The link '#gone' leads to no heading in this article."),
        ("anchor-broken", "The link '/all/#nothing' leads to no heading of all."),
    ]


def test_a_folder_that_is_not_headless_is_checked_as_pages(tmp_path: Path) -> None:
    content = site(tmp_path, hook=None)
    (content / "figures.md").unlink()
    notes = content / "notes"
    notes.mkdir()
    (notes / "_index.md").write_text("---\ntitle: Notes\nrender: never\n---\n\nSection.\n")
    (notes / "first.md").write_text("Untitled words.\n")
    assert [code for code, _ in codes(content)] == ["title-missing"]
