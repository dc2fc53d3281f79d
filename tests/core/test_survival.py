"""The library survives: damaged files, read-only folders, a full disk, two processes at once.

Each case goes through the real :class:`Library` and the real command line
(``python -m zo_reader``, folders from ``tests/conftest.py``): no traceback,
one plain sentence, and nothing already indexed or saved is lost or damaged.

A read-only folder is made with ``chmod 0500`` where that stops writes, and
with a read-only bind mount where it does not (as root, CI's case); the full
disk is a small tmpfs. Mounting needs root: without it those tests are
skipped, saying so. Every mount is undone in the fixture's teardown.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli, write
from zo_reader.core.errors import LibraryError, ZoReaderError
from zo_reader.core.index import Library
from zo_reader.core.index_store import index_path
from zo_reader.core.sources.folder import FolderSource
from zo_reader.core.state import ReadingState, StateError


def add_articles(root: Path, count: int, *, start: int = 0, words: int = 8) -> Path:
    """``count`` articles with words of their own, so the index grows with each."""
    for number in range(start, start + count):
        text = " ".join(f"w{number}x{k}" for k in range(words))
        day = number % 28 + 1
        write(
            root,
            f"a{number:05}.md",
            f"---\ntitle: Article {number}\ntags: [t{number % 7}]\ndate: 2026-01-{day:02}\n---\n"
            f"{text}\n",
        )
    return root


@pytest.fixture
def cache(isolated_user_dirs: Path) -> Path:
    """The cache folder the CLI uses too."""
    return isolated_user_dirs / "cache"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return add_articles(tmp_path / "lib", 40)


def index_of(folder: Path, cache: Path) -> Path:
    source = FolderSource(folder)
    return index_path(cache, source.key, source.label)


def check_index(path: Path, articles: int) -> None:
    """The file is whole and holds exactly ``articles`` articles, full text included."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # Raises if the full-text index disagrees with the articles table.
        db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        db.rollback()
        counts = [
            db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("files", "articles")
        ]
        assert counts == [articles, articles]


def listed(result: subprocess.CompletedProcess[str], articles: int) -> None:
    """``zo-reader list`` worked, listed ``articles`` and printed no traceback."""
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith(f"\n{articles} articles."), result.stdout[-200:]


def index_with_wal(folder: Path, cache: Path) -> tuple[Path, bytes, bytes]:
    """An index of 60 articles as a crash leaves it: the last 20 only in its WAL file."""
    with Library.for_source(FolderSource(folder), cache) as library:
        library.sync()
    add_articles(folder, 20, start=40)
    with Library.for_source(FolderSource(folder), cache) as library:
        library.connection.execute("PRAGMA wal_autocheckpoint = 0")
        library.sync()
        assert library.database is not None
        path = library.database
        database, wal = path.read_bytes(), Path(f"{path}-wal").read_bytes()
    assert len(wal) > 4 * 4120  # several frames, so a cut can fall inside one
    return path, database, wal


# 1. Damaged index files

WAL_HEADER, FRAME = 32, 24 + 4096


def damage(kind: str, path: Path, database: bytes, wal: bytes) -> None:
    """Put the index at ``path`` in the state ``kind`` names."""
    noise = random.Random(kind).randbytes
    for companion in ("-wal", "-shm"):
        Path(f"{path}{companion}").unlink(missing_ok=True)
    if kind.startswith("folder"):
        path.unlink()
        path.mkdir()
        if kind == "folder-with-files":
            (path / "kept.txt").write_text("not ours to delete")
        return
    cuts = {
        "zero-length": 0,
        "cut-in-header": 50,
        "cut-after-header": 100,
        "cut-mid-page": 4096 + 1234,
        "cut-mid-file": len(database) // 2 + 777,
        "cut-in-last-page": len(database) - 1000,
    }
    if kind in cuts:
        path.write_bytes(database[: cuts[kind]])
    elif kind == "garbage":
        path.write_bytes(noise(len(database)))
    elif kind == "garbage-after-header":
        path.write_bytes(database[:100] + noise(len(database) - 100))
    else:  # the database is good, its WAL or shared memory is not
        path.write_bytes(database)
        wal_file, shm_file = Path(f"{path}-wal"), Path(f"{path}-shm")
        if kind == "wal-cut-in-header":
            wal_file.write_bytes(wal[:16])
        elif kind == "wal-cut-mid-frame":
            wal_file.write_bytes(wal[: WAL_HEADER + 3 * FRAME + 1000])
        elif kind == "wal-garbage":
            wal_file.write_bytes(noise(len(wal)))
        elif kind == "wal-frame-garbage":
            middle = WAL_HEADER + 2 * FRAME + 500
            wal_file.write_bytes(wal[:middle] + noise(300) + wal[middle + 300 :])
        elif kind == "shm-garbage":
            wal_file.write_bytes(wal)
            shm_file.write_bytes(noise(32768))
        else:
            raise AssertionError(kind)


DETECTED = [
    "zero-length",
    "cut-in-header",
    "cut-after-header",
    "cut-mid-page",
    "cut-mid-file",
    "cut-in-last-page",  # SQLite reads the lost end as zeros: wrong rows, no error
    "garbage",
    "garbage-after-header",
    "folder",
]
# SQLite itself drops a WAL's broken frames: nothing to rebuild, and the
# sync adds again what those frames held.
RECOVERED = [
    "wal-cut-in-header",
    "wal-cut-mid-frame",
    "wal-garbage",
    "wal-frame-garbage",
    "shm-garbage",
]


@pytest.mark.parametrize("kind", DETECTED + RECOVERED)
def test_a_damaged_index_is_rebuilt_and_lists_everything(
    folder: Path, cache: Path, kind: str
) -> None:
    path, database, wal = index_with_wal(folder, cache)
    damage(kind, path, database, wal)
    with Library.for_source(FolderSource(folder), cache) as library:
        notices = library.sync().notices
        assert library.count_articles() == 60
        assert [hit.article.id for hit in library.search('"w45x3"')] == ["a00045"]
    rebuilt = [notice for notice in notices if notice.startswith("The search index was rebuilt")]
    assert len(rebuilt) == (1 if kind in DETECTED else 0), notices
    check_index(path, 60)


@pytest.mark.parametrize("kind", ["garbage", "cut-mid-page", "folder", "wal-frame-garbage"])
def test_the_cli_lists_everything_from_a_damaged_index(
    folder: Path, cache: Path, kind: str
) -> None:
    path, database, wal = index_with_wal(folder, cache)
    damage(kind, path, database, wal)
    result = run_cli("list", "-s", str(folder))
    listed(result, 60)
    if kind in DETECTED:
        assert result.stderr.startswith("zo-reader: The search index was rebuilt because ")
        assert result.stderr.count("\n") == 1
    check_index(path, 60)


def test_a_folder_full_of_files_in_the_index_place_is_left_alone(folder: Path, cache: Path) -> None:
    path, database, wal = index_with_wal(folder, cache)
    damage("folder-with-files", path, database, wal)
    notice = (
        f"Cannot write the search index in {path.parent} "
        "(a folder is where its file should be); using a temporary one."
    )
    with Library.for_source(FolderSource(folder), cache) as library:
        assert library.database is None
        assert library.sync().notices == [notice]
        assert library.count_articles() == 60
    result = run_cli("list", "-s", str(folder))
    listed(result, 60)
    assert result.stderr == f"zo-reader: {notice}\n"
    assert (path / "kept.txt").read_text() == "not ours to delete"


# Mounts: read-only folders and small disks


class Mounts:
    """Read-only folders and small tmpfs disks for one test, all undone afterwards."""

    def __init__(self) -> None:
        self.mounted: list[Path] = []
        self.modes: list[tuple[Path, int]] = []

    def read_only(self, folder: Path) -> None:
        """Make ``folder`` unwritable: chmod where that works, else a read-only bind mount."""
        self.modes.append((folder, folder.stat().st_mode & 0o7777))
        folder.chmod(0o500)
        try:
            (folder / ".probe").touch()
        except PermissionError:
            return
        (folder / ".probe").unlink()
        self._restore_modes()
        self._mount("--bind", str(folder), str(folder))
        self._run("-o", "remount,ro,bind", str(folder))

    def tmpfs(self, folder: Path, size: str) -> None:
        """Mount a tmpfs of ``size`` (``"512k"``) on ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        self._mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))

    def resize(self, folder: Path, size: str) -> None:
        self._run("-o", f"remount,size={size}", str(folder))

    def undo(self) -> None:
        for folder in reversed(self.mounted):
            done = subprocess.run(["umount", str(folder)], capture_output=True, check=False)
            if done.returncode:
                subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)
        self.mounted.clear()
        self._restore_modes()

    def _restore_modes(self) -> None:
        for folder, mode in reversed(self.modes):
            with contextlib.suppress(OSError):
                folder.chmod(mode)
        self.modes.clear()

    def _mount(self, *args: str) -> None:
        if os.geteuid() != 0 or shutil.which("mount") is None:
            pytest.skip("chmod does not stop writes here, and mounting needs root and mount(8)")
        done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
        if done.returncode:
            pytest.skip(f"mount {' '.join(args)} failed: {done.stderr.strip()}")
        self.mounted.append(Path(args[-1]))

    def _run(self, *args: str) -> None:
        subprocess.run(["mount", *args], capture_output=True, text=True, check=True)


@pytest.fixture
def mounts() -> Iterator[Mounts]:
    made = Mounts()
    try:
        yield made
    finally:
        made.undo()


def fill(folder: Path) -> None:
    """Fill the disk ``folder`` is on to the last byte."""
    with (folder / "filler").open("wb", buffering=0) as stream, contextlib.suppress(OSError):
        while stream.write(b"\0" * 4096):
            pass
    with pytest.raises(OSError) as raised:
        (folder / "probe").write_bytes(b"x")
    assert raised.value.errno == errno.ENOSPC
    (folder / "probe").unlink()


# 2. A cache folder that cannot be written


def temporary_notice(libraries: Path, reason: str) -> str:
    return f"Cannot write the search index in {libraries} ({reason}); using a temporary one."


def test_a_read_only_index_folder_gives_a_temporary_copy(
    folder: Path, cache: Path, mounts: Mounts
) -> None:
    with Library.for_source(FolderSource(folder), cache) as library:
        library.sync()
    path = index_of(folder, cache)
    before = path.read_bytes()
    add_articles(folder, 5, start=40)
    mounts.read_only(path.parent)
    notice = temporary_notice(path.parent, "read-only")
    with Library.for_source(FolderSource(folder), cache) as library:
        assert library.database is None
        report = library.sync()
        # The earlier index was copied in: only the five new files were read.
        assert (report.added, report.unchanged, report.notices) == (5, 40, [notice])
        assert library.count_articles() == 45
    result = run_cli("list", "-s", str(folder))
    listed(result, 45)
    assert result.stderr == f"zo-reader: {notice}\n"
    assert path.read_bytes() == before


@pytest.mark.parametrize("where", ["libraries", "cache root"])
def test_a_read_only_cache_without_an_index_still_reads(
    folder: Path, cache: Path, mounts: Mounts, where: str
) -> None:
    libraries = cache / "libraries"
    (libraries if where == "libraries" else cache).mkdir(parents=True)
    mounts.read_only(libraries if where == "libraries" else cache)
    notice = temporary_notice(libraries, "read-only")
    with Library.for_source(FolderSource(folder), cache) as library:
        assert library.sync().notices == [notice]
        assert library.count_articles() == 40
    result = run_cli("list", "-s", str(folder))
    listed(result, 40)
    assert result.stderr == f"zo-reader: {notice}\n"
    assert not any(cache.rglob("*.sqlite3*"))


# 3. A full disk


def test_a_full_disk_fails_the_sync_and_keeps_the_earlier_index(
    folder: Path, cache: Path, mounts: Mounts
) -> None:
    mounts.tmpfs(cache, "512k")
    with Library.for_source(FolderSource(folder), cache) as library:
        library.sync()
    path = index_of(folder, cache)
    add_articles(folder, 400, start=40, words=150)  # about 1 MB of new words
    message = "Cannot update the search index: the disk is full."
    with Library.for_source(FolderSource(folder), cache) as library:
        with pytest.raises(LibraryError) as raised:
            library.sync()
        assert str(raised.value) == message
        assert library.count_articles() == 40  # still readable, as it was
    result = run_cli("list", "-s", str(folder))
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"zo-reader: {message}\n")

    mounts.resize(cache, "32m")  # space freed
    check_index(path, 40)
    with Library.for_source(FolderSource(folder), cache) as library:
        assert library.get("a00007").title == "Article 7"
        report = library.sync()
        assert (report.added, report.unchanged, report.notices) == (400, 40, [])
    check_index(path, 440)


def test_a_full_disk_before_the_first_index_gives_a_temporary_one(
    folder: Path, cache: Path, mounts: Mounts
) -> None:
    mounts.tmpfs(cache, "256k")
    fill(cache)
    result = run_cli("list", "-s", str(folder))
    listed(result, 40)
    notice = temporary_notice(cache / "libraries", "the disk is full")
    assert result.stderr == f"zo-reader: {notice}\n"
    assert not any(cache.rglob("*.sqlite3*"))  # no half-made file left to find damaged


def test_bookmarks_on_a_full_disk_keep_the_saved_file_whole(
    isolated_user_dirs: Path, mounts: Mounts
) -> None:
    data = isolated_user_dirs / "data"
    mounts.tmpfs(data, "256k")
    path = data / "state.json"
    state = ReadingState(path, "folder:/notes")
    state.toggle_bookmark("a")
    state.toggle_bookmark("b")
    saved = path.read_text()
    fill(data)
    with pytest.raises(StateError) as raised:
        state.toggle_bookmark("c")
    assert str(raised.value) == (
        f"Cannot save bookmarks and reading positions in {data}: the disk is full."
    )
    assert isinstance(raised.value, ZoReaderError) and isinstance(raised.value, OSError)
    assert path.read_text() == saved
    assert sorted(p.name for p in data.iterdir()) == ["filler", "state.json"]  # no temporaries
    assert state.bookmarks() == ["c", "b", "a"]  # kept, and saved once there is room
    (data / "filler").unlink()
    state.save()
    assert ReadingState(path, "folder:/notes").bookmarks() == ["c", "b", "a"]


@pytest.mark.parametrize(
    "document",
    [
        {"sources": []},
        {"sources": {"k": []}},
        {"sources": {"k": {"bookmarks": 5, "positions": [], "history": {}}}},
    ],
)
def test_a_misshapen_state_file_reads_as_empty(tmp_path: Path, document: object) -> None:
    path = tmp_path / "state.json"
    path.write_text(json.dumps(document))
    state = ReadingState(path, "k", keep_history=True)
    assert (state.bookmarks(), state.position("a"), state.history) == ([], 0, [])
    state.toggle_bookmark("a")
    assert ReadingState(path, "k").bookmarks() == ["a"]


def test_line_mode_says_a_bookmark_was_not_saved(
    folder: Path, isolated_user_dirs: Path, mounts: Mounts
) -> None:
    data = isolated_user_dirs / "data"
    mounts.tmpfs(data, "256k")
    fill(data)
    result = subprocess.run(
        [sys.executable, "-m", "zo_reader", "open", "--line", str(folder)],
        input="open a00003\nbookmark\nquit\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    sentence = f"Cannot save bookmarks and reading positions in {data}: the disk is full."
    assert "Traceback" not in result.stdout + result.stderr
    assert sentence in result.stdout
    assert not (data / "state.json").exists()


# 4. Two processes on one library


def cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "zo_reader", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def test_two_first_syncs_of_a_large_folder_at_once(folder: Path, cache: Path) -> None:
    add_articles(folder, 1960, start=40)
    for _ in range(2):
        shutil.rmtree(cache, ignore_errors=True)
        first, second = cli("list", "-s", str(folder)), cli("list", "-s", str(folder))
        for result in (finished(first), finished(second)):
            listed(result, 2000)
            # Neither took the other's half-made index for a damaged one.
            assert result.stderr == ""
        check_index(index_of(folder, cache), 2000)


def test_reading_while_another_process_syncs_changes(folder: Path, cache: Path) -> None:
    add_articles(folder, 160, start=40)
    listed(run_cli("list", "-s", str(folder)), 200)
    failures: list[str] = []

    def reader() -> None:
        for turn in range(8):
            args = ("list",) if turn % 2 else ("search", "w7x1 OR w150x2")
            result = finished(cli(*args, "-s", str(folder)))
            if result.returncode or result.stderr:
                failures.append(f"{args}: {result.returncode} {result.stderr}")

    def writer() -> None:
        for turn in range(8):
            add_articles(folder, 15, start=1000 + 15 * turn)
            add_articles(folder, 5, start=10 * turn, words=12)  # changed
            (folder / f"a{100 + turn:05}.md").unlink()  # removed
            result = finished(cli("list", "-s", str(folder)))
            if result.returncode or result.stderr:
                failures.append(f"sync: {result.returncode} {result.stderr}")

    threads = [threading.Thread(target=reader), threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    total = len(list(folder.glob("*.md")))
    assert total == 200 + 8 * 15 - 8
    listed(run_cli("list", "-s", str(folder)), total)
    check_index(index_of(folder, cache), total)


STATE_WRITER = """
import json, sys
from pathlib import Path
from zo_reader.core.state import ReadingState
path, source, prefix = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
state = ReadingState(path, source)
for number in range(150):
    state.toggle_bookmark(f"{prefix}-{number}")
print(json.dumps(state.bookmarks()))
"""


def test_two_processes_saving_bookmarks_never_break_the_file(tmp_path: Path) -> None:
    """Other sources' bookmarks survive; for one source the last to save wins, whole."""
    path = tmp_path / "data" / "state.json"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", STATE_WRITER, str(path), source, prefix],
            stdout=subprocess.PIPE,
            text=True,
        )
        for source, prefix in (("one", "x"), ("two", "t"), ("one", "y"))
    ]
    seen = 0
    while any(writer.poll() is None for writer in writers):
        with contextlib.suppress(FileNotFoundError):
            json.loads(path.read_text())  # never half written
            seen += 1
    finals = [json.loads(writer.communicate(timeout=60)[0]) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0, 0]
    assert seen > 0
    assert ReadingState(path, "two").bookmarks() == finals[1]
    assert finals[1] == [f"t-{n}" for n in range(149, -1, -1)]
    # Two readers of one source: the one that saved last is kept, whole.
    assert ReadingState(path, "one").bookmarks() in (finals[0], finals[2])
