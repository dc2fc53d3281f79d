"""Scanning a folder: what is read, what is skipped, and that nothing bad stops a scan."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import write
from zo_reader.core.errors import SourceError
from zo_reader.core.sources.base import LoadResult
from zo_reader.core.sources.folder import FolderSource


def load_all(source: FolderSource) -> dict[str, LoadResult]:
    return {entry.path: source.load(entry) for entry in source.entries()}


def test_recursive_scan_of_article_files_only(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "# A")
    write(tmp_path, "b.markdown", "# B")
    write(tmp_path, "c.txt", "C text")
    write(tmp_path, "nested/deeper/inner.md", "# Inner")
    write(tmp_path, "image.png", b"\x89PNG")
    write(tmp_path, "notes.rst", "not markdown")
    write(tmp_path, ".git/HEAD.md", "# hidden")
    write(tmp_path, ".obsidian/x.md", "# hidden")
    write(tmp_path, "node_modules/pkg/readme.md", "# vendored")
    write(tmp_path, ".hidden.md", "# hidden file")
    paths = [entry.path for entry in FolderSource(tmp_path).entries()]
    assert paths == ["a.md", "b.markdown", "c.txt", "nested/deeper/inner.md"]
    results = load_all(FolderSource(tmp_path))
    ids = [r.article.id for r in results.values() if r.article]
    assert ids == ["a", "b", "c", "nested/deeper/inner"]


def test_bad_files_are_skipped_with_a_warning_and_the_rest_is_read(tmp_path: Path) -> None:
    write(tmp_path, "good.md", "# Good")
    write(tmp_path, "empty.md", "")
    write(tmp_path, "blank.md", "  \n\n ")
    write(tmp_path, "binary.md", b"PK\x03\x04\x00\x00binary")
    write(tmp_path, "huge.md", "x" * 2048)
    write(tmp_path, "latin1.md", "# Caf\xe9 au lait\n".encode("latin-1"))
    write(tmp_path, "broken.md", "---\ntitle: [oops\n---\nThe body survives.")
    results = load_all(FolderSource(tmp_path, max_file_size=1024))
    codes = {path: [w.code for w in r.warnings] for path, r in results.items()}
    assert codes == {
        "binary.md": ["file-binary"],
        "blank.md": ["file-empty"],
        "broken.md": ["frontmatter-invalid"],
        "empty.md": ["file-empty"],
        "good.md": [],
        "huge.md": ["file-too-large"],
        "latin1.md": ["encoding-invalid"],
    }
    assert results["latin1.md"].article is not None
    assert results["latin1.md"].article.title == "Caf\ufffd au lait"
    broken = results["broken.md"].article
    assert broken is not None and broken.body == "The body survives."
    assert results["huge.md"].article is None
    assert "1 KiB" not in results["huge.md"].warnings[0].message  # says MiB, plainly
    assert "larger than" in results["huge.md"].warnings[0].message


def test_default_size_cap_is_64_mebibytes(tmp_path: Path) -> None:
    """A book-sized file is read; one past 64 MiB (sparse, so cheap to make) is skipped."""
    write(tmp_path, "book.md", "word " * (6 * 1024 * 1024 // 5 + 1))
    with (tmp_path / "huge.md").open("wb") as handle:
        handle.write(b"# Huge\n")
        handle.truncate(64 * 1024 * 1024 + 1)
    results = load_all(FolderSource(tmp_path))
    assert results["book.md"].article is not None
    assert results["huge.md"].article is None
    assert "64 MiB" in results["huge.md"].warnings[0].message


def test_symlink_out_of_the_root_is_never_followed(tmp_path: Path) -> None:
    outside = write(tmp_path, "outside/secret.md", "# Secret")
    library = tmp_path / "library"
    write(library, "inside.md", "# Inside")
    os.symlink(outside, library / "link.md")
    os.symlink(outside.parent, library / "linked-folder")
    os.symlink(library / "inside.md", library / "alias.md")
    os.symlink(library, library / "loop")
    results = load_all(FolderSource(library))
    assert set(results) == {"alias.md", "inside.md", "link.md"}
    assert results["link.md"].article is None
    assert results["link.md"].warnings[0].code == "symlink-outside"
    alias = results["alias.md"].article
    assert alias is not None and alias.title == "Inside"


def test_dangling_symlink_is_reported_not_fatal(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.md", tmp_path / "dangling.md")
    write(tmp_path, "ok.md", "ok")
    results = load_all(FolderSource(tmp_path))
    assert results["dangling.md"].warnings[0].code == "unreadable"
    assert results["ok.md"].article is not None


def test_a_fifo_named_like_an_article_never_blocks_the_scan(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    os.symlink(tmp_path / "pipe.md", tmp_path / "link-to-pipe.md")
    write(tmp_path, "ok.md", "ok")
    results = load_all(FolderSource(tmp_path))
    assert results["pipe.md"].warnings[0].code == "not-a-file"
    assert results["link-to-pipe.md"].warnings[0].code == "not-a-file"
    assert results["ok.md"].article is not None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file regardless of mode")
def test_unreadable_file_is_a_warning(tmp_path: Path) -> None:
    locked = write(tmp_path, "locked.md", "secret")
    locked.chmod(0)
    (result,) = load_all(FolderSource(tmp_path)).values()
    assert result.warnings[0].code == "unreadable"


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        FolderSource(tmp_path / "nope")
    write(tmp_path, "file.md", "x")
    with pytest.raises(SourceError, match="not a folder"):
        FolderSource(tmp_path / "file.md")


def test_fingerprint_changes_with_content(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "one")
    (before,) = FolderSource(tmp_path).entries()
    path.write_text("one two")
    (after,) = FolderSource(tmp_path).entries()
    assert before.fingerprint != after.fingerprint
