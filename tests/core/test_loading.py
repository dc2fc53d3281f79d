"""The background loader: order, bounded memory, errors and early stops."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import write
from zo_reader.core.loading import ScanTotals, load_changed
from zo_reader.core.sources.base import LoadResult, SourceEntry
from zo_reader.core.sources.folder import FolderSource


def test_only_changed_entries_are_loaded_in_order(tmp_path: Path) -> None:
    for name in ("a", "b", "c", "d"):
        write(tmp_path, f"{name}.md", f"# {name}\n\n[link](x.md) *text*")
    source = FolderSource(tmp_path)
    entries = {e.path: e.fingerprint for e in source.entries()}
    stored = {"b.md": entries["b.md"], "d.md": "old", "gone.md": "x"}
    totals = ScanTotals()
    loaded = list(load_changed(source, stored, totals))
    assert [item.entry.path for item in loaded] == ["a.md", "c.md", "d.md"]
    assert loaded[0].text == "a\n\nlink text"
    assert totals.unchanged == 1
    assert totals.seen == {"a.md", "b.md", "c.md", "d.md"}


class ExplodingSource(FolderSource):
    def load(self, entry: SourceEntry) -> LoadResult:
        raise OSError("the disk went away")


def test_errors_in_the_worker_reach_the_caller(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "x")
    with pytest.raises(OSError, match="disk went away"):
        list(load_changed(ExplodingSource(tmp_path), {}, ScanTotals()))


class EndlessSource(FolderSource):
    def entries(self) -> Iterator[SourceEntry]:
        number = 0
        while True:
            number += 1
            yield SourceEntry(f"{number}.md", "x")

    def load(self, entry: SourceEntry) -> LoadResult:
        return LoadResult(None)


def test_stopping_early_ends_the_worker(tmp_path: Path) -> None:
    before = threading.active_count()
    stream = load_changed(EndlessSource(tmp_path), {}, ScanTotals())
    for count, _ in enumerate(stream):
        if count == 200:
            break
    stream.close()
    assert threading.active_count() == before
