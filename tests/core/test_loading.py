"""Loading changed entries: only what changed, in order, in-process or in a worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write
from zo_reader.core import loading
from zo_reader.core.loading import ScanTotals, load_changed
from zo_reader.core.sources.base import LoadResult, SourceEntry
from zo_reader.core.sources.folder import FolderSource


def make_library(root: Path, count: int) -> None:
    for number in range(count):
        write(root, f"n{number:03}.md", f"# Title {number}\n\n[link](x.md) *text* {number}")


def test_only_changed_entries_are_loaded_in_order(tmp_path: Path) -> None:
    make_library(tmp_path, 4)
    source = FolderSource(tmp_path)
    entries = {e.path: e.fingerprint for e in source.entries()}
    stored = {"n001.md": entries["n001.md"], "n003.md": "old", "gone.md": "x"}
    totals = ScanTotals()
    loaded = list(load_changed(source, stored, totals))
    assert [item.entry.path for item in loaded] == ["n000.md", "n002.md", "n003.md"]
    assert loaded[0].text == "Title 0\n\nlink text 0"
    assert totals.unchanged == 1
    assert totals.seen == {"n000.md", "n001.md", "n002.md", "n003.md"}


def test_a_large_sync_parses_in_a_worker_process_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_library(tmp_path, 250)
    monkeypatch.setattr(loading, "PARALLEL_FROM", 10)
    monkeypatch.setattr(loading, "_BATCH", 7)
    used_worker: list[int] = []
    real = loading._load_in_worker

    def spy(source: FolderSource, changed: list[SourceEntry]):  # type: ignore[no-untyped-def]
        used_worker.append(len(changed))
        yield from real(source, changed)

    monkeypatch.setattr(loading, "_load_in_worker", spy)
    loaded = list(load_changed(FolderSource(tmp_path), {}, ScanTotals()))
    assert used_worker == [250]
    assert [item.entry.path for item in loaded] == [f"n{n:03}.md" for n in range(250)]
    assert loaded[42].result.article is not None
    assert loaded[42].result.article.title == "Title 42"


class ExplodingSource(FolderSource):
    def load(self, entry: SourceEntry) -> LoadResult:
        raise OSError("the disk went away")


def test_errors_while_loading_reach_the_caller(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "x")
    with pytest.raises(OSError, match="disk went away"):
        list(load_changed(ExplodingSource(tmp_path), {}, ScanTotals()))


def test_sources_that_cannot_use_a_worker_load_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_library(tmp_path, 20)
    monkeypatch.setattr(loading, "PARALLEL_FROM", 5)
    source = FolderSource(tmp_path)
    source.loads_in_processes = False

    def refuse(*args: object) -> None:
        raise AssertionError("no worker expected")

    monkeypatch.setattr(loading, "_load_in_worker", refuse)
    assert len(list(load_changed(source, {}, ScanTotals()))) == 20


def test_a_folder_that_cannot_be_listed_keeps_its_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from zo_reader.core.index import Library

    write(tmp_path, "inner/kept.md", "# Kept\n\nWords.\n")
    write(tmp_path, "top.md", "# Top\n\nWords.\n")
    library = Library(FolderSource(tmp_path), None)
    library.sync()
    real_scandir = os.scandir

    def failing(path: str) -> object:
        if str(path).endswith("inner"):
            raise OSError(24, "Too many open files")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", failing)
    report = library.sync()
    monkeypatch.undo()
    assert report.removed == 0
    assert {a.id for a in library.list_articles()} == {"inner/kept", "top"}
