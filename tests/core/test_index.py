"""The library index: incremental sync, search, tags, resolving ids and recovery."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import write
from zo_reader.core.errors import AmbiguousArticleError, ArticleNotFoundError
from zo_reader.core.index import Library
from zo_reader.core.index_store import SCHEMA_VERSION
from zo_reader.core.sources.base import LoadResult, SourceEntry
from zo_reader.core.sources.folder import FolderSource


class CountingSource(FolderSource):
    """A folder source that records which entries were loaded."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.loaded: list[str] = []

    def load(self, entry: SourceEntry) -> LoadResult:
        self.loaded.append(entry.path)
        return super().load(entry)


def article(title: str, tags: list[str], body: str, date: str | None = None, **extra: str) -> str:
    lines = ["---", f"title: {title!r}", f"tags: {tags!r}"]
    if date:
        lines.append(f"date: {date}")
    lines.extend(f"{key}: {value}" for key, value in extra.items())
    return "\n".join([*lines, "---", body, ""])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    write(
        root,
        "sleep.md",
        article(
            "How do I sleep better?",
            ["sleep", "Anxiety"],
            "Racing thoughts at night keep many people awake. An evening walk helps.",
            "2026-03-01",
            slug="sleep-better",
        ),
    )
    write(
        root,
        "walks.md",
        article(
            "Can walking lift my mood?",
            ["movement", "mood"],
            "Short daily walks help low mood. Walking outside, even briefly, helps sleep.",
            "2026-02-01",
        ),
    )
    write(
        root,
        "family/boundaries.md",
        article(
            "How do I set boundaries with family?",
            ["boundaries", "family", "anxiety"],
            "Saying no to family is hard. A café chat can help. #communication",
            "2025-12-24",
        ),
    )
    write(
        root,
        "draft.md",
        article(
            "Unfinished thoughts",
            ["sleep"],
            "Work in progress about sleep.",
            "2026-04-01",
            draft="true",
        ),
    )
    write(root, "undated.md", "# Notes without a date\n\nJust notes about walking.\n\n#mood#notes")
    return root


@pytest.fixture
def library(folder: Path, tmp_path: Path) -> Library:
    lib = Library.for_source(FolderSource(folder), tmp_path / "cache")
    lib.sync()
    return lib


def ids(items: list) -> list[str]:  # type: ignore[type-arg]
    return [getattr(item, "article", item).id for item in items]


def test_list_is_newest_first_without_drafts(library: Library) -> None:
    assert ids(library.list_articles()) == ["sleep", "walks", "family/boundaries", "undated"]
    assert "draft" in ids(library.list_articles(drafts=True))
    assert ids(library.list_articles(sort="title")) == [
        "walks",
        "family/boundaries",
        "sleep",
        "undated",
    ]
    assert ids(library.list_articles(limit=2, offset=1)) == ["walks", "family/boundaries"]
    assert library.count_articles() == 4


def test_tag_counts_and_and_filters(library: Library) -> None:
    counts = {c.tag.key: c.count for c in library.tag_counts()}
    assert counts == {
        "anxiety": 2,
        "mood": 2,
        "sleep": 1,
        "movement": 1,
        "boundaries": 1,
        "family": 1,
        "communication": 1,
        "notes": 1,
    }
    assert ids(library.list_articles(tags=["ANXIETY"])) == ["sleep", "family/boundaries"]
    assert ids(library.list_articles(tags=["anxiety", "family"])) == ["family/boundaries"]
    assert ids(library.list_articles(tags=["anxiety", "movement"])) == []
    facets = {c.tag.key: c.count for c in library.tag_counts(within=["anxiety"])}
    assert facets["anxiety"] == 2 and facets["family"] == 1 and "mood" not in facets
    assert {c.tag.key: c.count for c in library.tag_counts(drafts=True)}["sleep"] == 2


def test_tag_display_form_is_kept(library: Library) -> None:
    (summary,) = [a for a in library.list_articles() if a.id == "sleep"]
    assert [t.display for t in summary.tags] == ["sleep", "Anxiety"]


def test_search_syntax(library: Library) -> None:
    assert ids(library.search("walk")) == ["walks", "undated", "sleep"]  # stems: walking, walks
    assert ids(library.search('"evening walk"')) == ["sleep"]
    assert ids(library.search("walk -sleep")) == ["undated"]
    assert ids(library.search("famil*")) == ["family/boundaries"]
    assert set(ids(library.search("racing OR café"))) == {"sleep", "family/boundaries"}
    assert ids(library.search("cafe")) == ["family/boundaries"]  # diacritics removed
    assert ids(library.search("title:walking")) == ["walks"]
    assert ids(library.search("walk tag:mood")) == ["walks", "undated"]
    assert ids(library.search("walk", tags=["anxiety"])) == ["sleep"]
    assert ids(library.search("-walk")) == ["family/boundaries"]
    assert ids(library.search("progress")) == []
    assert ids(library.search("progress", drafts=True)) == ["draft"]


def test_titles_rank_above_bodies(library: Library) -> None:
    assert ids(library.search("sleep"))[0] == "sleep"
    assert ids(library.search("boundaries"))[0] == "family/boundaries"


def test_snippets_mark_matched_words(library: Library) -> None:
    (hit,) = library.search('"evening walk"')
    assert hit.matched_words == ("evening walk",)
    assert "An [evening walk] helps" in hit.snippet_text()


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "AND",
        "OR OR",
        "NEAR(a b)",
        "-",
        "*",
        "title:",
        "tag:",
        "c++ (x) {y}",
        "a:b:c",
        "\x00\x1b[2J",
        "^start",
        "'; DROP TABLE articles; --",
        "",
        "   ",
    ],
)
def test_odd_queries_never_raise_sqlite_errors(library: Library, query: str) -> None:
    library.search(query)


def test_resolve_by_id_slug_and_title_prefix(library: Library) -> None:
    assert library.resolve("family/boundaries").id == "family/boundaries"
    assert library.resolve("sleep-better").id == "sleep"
    assert library.resolve("can walk").id == "walks"
    assert library.resolve("SLEEP.md").id == "sleep"
    with pytest.raises(AmbiguousArticleError) as raised:
        library.resolve("How do I")
    assert raised.value.candidates == [
        ("family/boundaries", "How do I set boundaries with family?"),
        ("sleep", "How do I sleep better?"),
    ]
    assert "family/boundaries" in str(raised.value) and "sleep" in str(raised.value)
    with pytest.raises(ArticleNotFoundError, match="No article matches"):
        library.resolve("nothing like this")
    with pytest.raises(ArticleNotFoundError, match="draft"):
        library.resolve("draft")
    assert library.resolve("draft", drafts=True).id == "draft"


def test_get_returns_body_and_warnings(folder: Path, tmp_path: Path) -> None:
    write(folder, "bad.md", "---\ntitle: [x\n---\nBody kept.")
    lib = Library.for_source(FolderSource(folder), tmp_path / "cache2")
    lib.sync()
    bad = lib.get("bad")
    assert bad.body == "Body kept."
    assert [w.code for w in bad.warnings] == ["frontmatter-invalid"]
    with pytest.raises(ArticleNotFoundError):
        lib.get("missing")


def test_incremental_sync_reads_only_what_changed(folder: Path, tmp_path: Path) -> None:
    source = CountingSource(folder)
    lib = Library.for_source(source, tmp_path / "cache")
    first = lib.sync()
    assert (first.added, first.updated, first.removed) == (5, 0, 0)
    source.loaded.clear()
    again = lib.sync()
    assert source.loaded == []
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 5)

    write(
        folder, "walks.md", article("Do walks help?", ["movement"], "Renamed body.", "2026-02-02")
    )
    (folder / "undated.md").unlink()
    write(folder, "new.md", "# Brand new\n\n#fresh")
    changed = lib.sync()
    assert sorted(source.loaded) == ["new.md", "walks.md"]
    assert (changed.added, changed.updated, changed.removed) == (1, 1, 1)
    assert lib.get("walks").title == "Do walks help?"
    assert ids(lib.search("renamed")) == ["walks"]
    assert ids(lib.search("notes")) == []  # deleted article is gone from the index
    counts = {c.tag.key: c.count for c in lib.tag_counts()}
    assert "notes" not in counts and "mood" not in counts
    assert counts["fresh"] == 1


def test_index_persists_between_runs(folder: Path, tmp_path: Path) -> None:
    Library.for_source(FolderSource(folder), tmp_path / "cache").sync()
    source = CountingSource(folder)
    lib = Library.for_source(source, tmp_path / "cache")
    lib.sync()
    assert source.loaded == []
    assert lib.count_articles() == 4


def test_warnings_are_kept_and_cleared_when_fixed(folder: Path, tmp_path: Path) -> None:
    write(folder, "bin.md", b"\x00\x01")
    bad = write(folder, "bad.md", "---\ntitle: [x\n---\nbody")
    lib = Library.for_source(FolderSource(folder), tmp_path / "cache")
    assert lib.sync().warnings == 2
    assert {w.code for w in lib.warnings()} == {"file-binary", "frontmatter-invalid"}
    bad.write_text("---\ntitle: fixed\n---\nbody")
    assert lib.sync().warnings == 1
    (folder / "bin.md").unlink()
    assert lib.sync().warnings == 0


def test_duplicate_ids_keep_both_articles(folder: Path, tmp_path: Path) -> None:
    write(folder, "sleep.txt", "A text twin of sleep.md")
    lib = Library.for_source(FolderSource(folder), tmp_path / "cache")
    lib.sync()
    assert lib.get("sleep").title == "How do I sleep better?"
    # A line of prose is not a title (issue 11): the text file is named by its file name.
    assert lib.get("sleep.txt").title == "Sleep"
    assert lib.get("sleep.txt").body == "A text twin of sleep.md"
    assert [w.code for w in lib.warnings(path="sleep.txt")] == ["duplicate-id"]


def database_of(lib: Library) -> Path:
    assert lib.database is not None
    return lib.database


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "old-schema"])
def test_damaged_index_is_rebuilt_with_a_notice(folder: Path, tmp_path: Path, damage: str) -> None:
    lib = Library.for_source(FolderSource(folder), tmp_path / "cache")
    lib.sync()
    lib.close()
    path = database_of(lib)
    for companion in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        companion.unlink(missing_ok=True)
    if damage == "garbage":
        path.write_bytes(b"this is not a database at all" * 100)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        with sqlite3.connect(path) as connection:
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    reopened = Library.for_source(FolderSource(folder), tmp_path / "cache")
    report = reopened.sync()
    if damage != "empty":  # an empty file is a valid empty database to SQLite
        assert any("rebuilt" in notice for notice in report.notices)
    assert reopened.count_articles() == 4
    assert ids(reopened.search('"evening walk"')) == ["sleep"]


def test_in_memory_library_writes_nothing(folder: Path, tmp_path: Path) -> None:
    lib = Library.for_source(FolderSource(folder), None)
    lib.sync()
    assert lib.count_articles() == 4
    assert not (tmp_path / "cache").exists()


def test_index_file_is_private(library: Library) -> None:
    path = database_of(library)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_search_pages_and_counts_agree(library: Library) -> None:
    everything = ids(library.search("walk", limit=None))
    assert library.count_matches("walk") == len(everything) == 3
    assert ids(library.search("walk", limit=2)) + ids(library.search("walk", offset=2)) == (
        everything
    )
    assert library.count_matches("walk -sleep") == 1
    assert library.count_matches("-walk") == 1
    assert library.count_matches("walk", tags=["mood"]) == 2
    assert library.count_matches("progress") == 0
    assert library.count_matches("progress", drafts=True) == 1
    assert ids(library.search("-walk", offset=1)) == []


def test_very_common_words_come_unranked_and_still_page(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(12):
        write(folder, f"common/{number:02}.md", f"# Common {number}\n\nwalk walk")
    lib = Library.for_source(FolderSource(folder), tmp_path / "cache-common")
    lib.sync()
    monkeypatch.setattr(lib, "unranked_matches", 4)
    assert lib._matches_too_many('"walk"')
    unranked = ids(lib.search("walk", limit=None))
    assert len(unranked) == lib.count_matches("walk") == 15
    # Latest added first: within one first sync, the reverse of the scan order.
    assert [i for i in unranked if i.startswith("common/")] == [
        f"common/{n:02}" for n in range(11, -1, -1)
    ]
    assert ids(lib.search("walk", limit=5)) + ids(lib.search("walk", offset=5)) == unranked
